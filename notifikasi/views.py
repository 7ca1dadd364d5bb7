"""Notification pages: the list (all or unread, with "Menunggu Anda" on top), the bell the navbar loads
by htmx, and marking one or all as read.

A notification belongs to one user: anyone else's answers 404, whatever the role. State changes are
POST only; after "tandai dibaca" the user goes to the notification's link only when it is a local
URL of this site (``url_has_allowed_host_and_scheme``), never to another host.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from notifikasi.antrian import menunggu
from notifikasi.models import Notifikasi
from sakip.views import _page

LONCENG_TERBARU = 5


def _milik(request: HttpRequest):
    return Notifikasi.objects.filter(penerima=request.user)


def _aman(request: HttpRequest, url: str) -> bool:
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def _daftar_url(request: HttpRequest) -> str:
    """Back to the list the user came from (its filter and page), when that is a local URL."""
    kembali = request.POST.get("next", "")
    if _aman(request, kembali) and kembali.startswith(reverse("notifikasi:daftar")):
        return kembali
    return reverse("notifikasi:daftar")


@login_required
@require_safe
def daftar(request: HttpRequest) -> HttpResponse:
    belum = request.GET.get("tampil") == "belum"
    rows = _milik(request)
    if belum:
        rows = rows.belum_dibaca()
    return render(
        request,
        "notifikasi/daftar.html",
        {
            "page": _page(request, rows),
            "belum": belum,
            "jumlah_belum": _milik(request).belum_dibaca().count(),
            "antrian": menunggu(request.user, request.pemda),
            "here": request.get_full_path(),
            "title": _("Notifikasi"),
        },
    )


@login_required
@require_safe
def lonceng(request: HttpRequest) -> HttpResponse:
    """The navbar's bell, loaded after the page (so it adds no query to any page): the unread count
    and the newest notifications."""
    return render(
        request,
        "notifikasi/_lonceng.html",
        {
            "jumlah_belum": _milik(request).belum_dibaca().count(),
            "terbaru": list(_milik(request)[:LONCENG_TERBARU]),
        },
    )


@login_required
@require_POST
def baca(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read; then open its link (a local one only), or with ``kembali`` go back
    to the list."""
    notifikasi = get_object_or_404(_milik(request), pk=pk)
    if notifikasi.dibaca_pada is None:
        notifikasi.dibaca_pada = timezone.now()
        notifikasi.save(update_fields=["dibaca_pada"])
    if not request.POST.get("kembali") and _aman(request, notifikasi.tautan):
        return redirect(notifikasi.tautan)
    return redirect(_daftar_url(request))


@login_required
@require_POST
def baca_semua(request: HttpRequest) -> HttpResponse:
    n = _milik(request).belum_dibaca().update(dibaca_pada=timezone.now())
    messages.success(request, _("%(n)s notifikasi ditandai sudah dibaca.") % {"n": n})
    return redirect(_daftar_url(request))
