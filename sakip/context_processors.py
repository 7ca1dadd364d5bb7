"""The navigation bar: which modules a user sees, and which one is open."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from sakip import access


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    icon: str
    active: bool


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    namespace = match.namespace if match else ""
    url_name = match.url_name if match else ""
    org_pages = {
        "pemda_detail",
        "pemda_edit",
        "opd_list",
        "opd_create",
        "opd_detail",
        "opd_edit",
        "unit_create",
        "unit_edit",
        "pejabat_list",
        "pejabat_create",
        "pejabat_edit",
    }
    user_pages = {"user_list", "user_create", "user_edit", "user_set_password"}
    pemda = getattr(request, "pemda", None)
    items = [
        NavItem("Beranda", reverse("home"), "house", url_name == "home" and not namespace),
        NavItem("Manual IKU", reverse("iku_manual:home"), "bullseye", namespace == "iku_manual"),
        NavItem("Perjanjian Kinerja", reverse("perjanjian:home"), "file-earmark-check", namespace == "perjanjian"),
        NavItem("Evaluasi", reverse("evaluasi:home"), "clipboard-data", namespace == "evaluasi"),
        NavItem("IKP", reverse("instruksi:daftar"), "megaphone", namespace == "instruksi"),
        NavItem("Pemantauan", reverse("pemantauan:beranda"), "graph-up-arrow", namespace == "pemantauan"),
    ]
    if pemda is not None:
        items.append(NavItem("Organisasi", reverse("pemda_detail"), "diagram-3", url_name in org_pages))
        if access.can_manage_organisation(user, pemda):
            items.append(NavItem("Pengguna", reverse("user_list"), "people", url_name in user_pages))
    if user.is_superuser:
        items.append(NavItem("Daftar Pemda", reverse("pemda_list"), "buildings", url_name == "pemda_list"))
    return {"nav_items": items}
