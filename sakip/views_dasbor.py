"""The dashboards of Beranda, one per role, and the drill-down of one OPD (sasaran × triwulan).

Who sees which dashboard: the Pimpinan Daerah, the Admin Pemda and a superuser with an active pemda
the pemda's (every OPD); the Kepala OPD and the Perencana their OPD's; the Evaluator the verification
queue and the evaluation progress. The drill-down of an OPD is open to whoever may see the OPD
(``sakip.access``): others get 404.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from notifikasi import antrian
from perjanjian.views.common import year_param
from sakip import access, dasbor, sekaligus, versi_data
from sakip.halaman import halaman_tersimpan
from sakip.models import OPD_ROLES, Pejabat, PerangkatDaerah, Role, UnitKerja, User


def jenis_dasbor(user: User, pemda) -> str:
    """Which dashboard Beranda shows: "pimpinan", "opd", "evaluator" or "" (none: no pemda)."""
    if pemda is None:
        return ""
    if user.is_superuser or user.role in {Role.PIMPINAN, Role.ADMIN_PEMDA}:
        return "pimpinan"
    if user.role in OPD_ROLES and user.opd_id:
        return "opd"
    if user.role == Role.EVALUATOR:
        return "evaluator"
    return ""


def konteks_dasbor(request: HttpRequest, *, hari: datetime.date | None = None) -> dict:
    """Beranda's figures for the ``?tahun=`` chosen: the dashboard of the user's role as HTML
    (``dasbor_html``), "Menunggu Anda" (``menunggu``) and the organisation's figures
    (``organisasi``). With a shared cache each is kept until the pemda's data changes
    (``sakip.versi_data``), so a return to Beranda costs two round trips to the cache and no query."""
    user, pemda = request.user, request.pemda
    hari = hari or dasbor.hari_ini()
    tahun = year_param(request)
    jenis = jenis_dasbor(user, pemda)
    context = {"dasbor": jenis, "tahun": tahun, "pilihan_tahun": dasbor.pilihan_tahun(tahun, hari)}
    if pemda is None:
        return context
    # Keyed by what of the user they depend on, as a user's role and OPD are not in the data version.
    milik = f"{pemda.pk}:{user.pk}-{user.role}-{user.opd_id}-{int(user.is_superuser)}:{hari.isoformat()}"
    bagian = {f"sakip:beranda:organisasi:{milik}": lambda: organisasi(user, pemda)}
    if jenis:
        bagian[f"sakip:beranda:menunggu:{milik}"] = lambda: {"menunggu": antrian.menunggu(user, pemda)}
        kunci_dasbor, buat_dasbor = _dasbor(jenis, user, pemda, tahun, hari)
        bagian[kunci_dasbor] = lambda: {"dasbor_html": buat_dasbor()}
    if versi_data.aktif():
        versi = versi_data.versi(pemda.pk)
        nilai = versi_data.simpan_banyak({f"{kunci}:{versi}": hitung for kunci, hitung in bagian.items()})
    else:
        nilai = {kunci: hitung() for kunci, hitung in bagian.items()}
    for bagian_nilai in nilai.values():
        context.update(bagian_nilai)
    if "dasbor_html" in context:
        context["dasbor_html"] = mark_safe(context["dasbor_html"])  # noqa: S308 (rendered by our templates)
    return context


def organisasi(user: User, pemda) -> dict:
    """Beranda's "Organisasi" figures: the OPDs the user sees (``opd_count``) and, for who manages the
    organisation, the active units, serving officials and active users (``counts``). One query."""
    jumlah = {"n": Count("pk")}
    pertanyaan = {"opd": (access.visible_opd(user).filter(pemda=pemda).aktif(), jumlah)}
    kelola = access.can_manage_organisation(user, pemda)
    if kelola:
        pertanyaan |= {
            "unit": (UnitKerja.objects.filter(opd__pemda=pemda, aktif=True), jumlah),
            "pejabat": (Pejabat.objects.filter(pemda=pemda, selesai__isnull=True), jumlah),
            "pengguna": (User.objects.filter(pemda=pemda, is_active=True), jumlah),
        }
    found = sekaligus.baca(pemda.pk, pertanyaan)
    context = {"opd_count": found["opd"]["n"]}
    if kelola:
        context["counts"] = {key: found[key]["n"] for key in ("unit", "pejabat", "pengguna")}
    return context


def _dasbor(jenis: str, user: User, pemda, tahun: int, hari: datetime.date) -> tuple[str, Callable[[], str]]:
    """A role's dashboard: its cache key (without the data version) and the function rendering it.
    It depends on the pemda's data, the day and whose dashboard it is: the leaders' is the same for
    every user of one role, an OPD's for its head and planners, the evaluator's is the user's own
    (assignments). Its templates hold nothing of the request."""
    if jenis == "pimpinan":
        siapa = "superuser" if user.is_superuser else user.role

        def hitung() -> str:
            data = dasbor.dasbor_pimpinan(user, pemda, tahun, hari)
            return render_to_string("sakip/dasbor_pimpinan.html", {"d": data})

    elif jenis == "opd":
        siapa = f"opd-{user.opd_id}"

        def hitung() -> str:
            return render_to_string("sakip/dasbor_kepala.html", {"d": dasbor.dasbor_opd(user.opd, tahun, hari)})

    else:
        siapa = f"evaluator-{user.pk}"

        def hitung() -> str:
            # The evaluation held in ``tahun`` is of the year before (the LKjIP of that year).
            data = dasbor.dasbor_evaluator(user, pemda, tahun - 1)
            return render_to_string("sakip/dasbor_evaluator.html", {"d": data})

    return f"sakip:beranda:dasbor:{jenis}:{pemda.pk}:{tahun}:{hari.isoformat()}:{siapa}", hitung


@login_required
@require_GET
@halaman_tersimpan
def dasbor_opd(request: HttpRequest, pk: int) -> HttpResponse:
    """The drill-down of one OPD: sasaran × triwulan heat map, then each indicator's target,
    realisation and capaian per quarter."""
    opd = access.get_visible_or_404(
        PerangkatDaerah.objects.select_related("pemda"), request.user, scope=access.OPD_SCOPE, pk=pk
    )
    tahun = year_param(request)
    hari = dasbor.hari_ini()
    return render(
        request,
        "sakip/dasbor_opd.html",
        {
            "opd": opd,
            "tahun": tahun,
            "pilihan_tahun": dasbor.pilihan_tahun(tahun, hari),
            "rincian": dasbor.rincian_opd(opd, tahun),
            "title": _("Capaian %(opd)s %(tahun)s") % {"opd": opd.nama, "tahun": tahun},
            "breadcrumbs": [(_("Dasbor %(tahun)s") % {"tahun": tahun}, f"{reverse('home')}?tahun={tahun}")],
        },
    )
