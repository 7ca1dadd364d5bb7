"""The capaian pages: an OPD's monitoring table (pengukuran kinerja) and the pemda recap of capaian
per OPD. Both are read-only; their contents come from perjanjian/reports.py."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from perjanjian import access as pk_access
from perjanjian import reports
from perjanjian.models import PerjanjianKinerja, Triwulan
from perjanjian.views.common import FIRST_YEAR, LAST_YEAR, checked_year, crumbs, opd_or_404, year_param


def _years(around: int, with_agreements) -> list[int]:
    """The years a switcher offers: those with agreements, and the one before and after the shown one."""
    years = {around - 1, around, around + 1, *with_agreements}
    return sorted(year for year in years if FIRST_YEAR <= year <= LAST_YEAR)


@login_required
def monitoring(request: HttpRequest, opd_pk: int, tahun: int) -> HttpResponse:
    opd = opd_or_404(request, opd_pk)
    tahun = checked_year(tahun)
    ukur = reports.pengukuran_opd(opd, tahun)
    with_agreements = (
        PerjanjianKinerja.objects.filter(opd=opd, status=PerjanjianKinerja.Status.DITETAPKAN)
        .order_by()
        .values_list("tahun", flat=True)
        .distinct()
    )
    title = _("Monitoring capaian kinerja %(tahun)s") % {"tahun": tahun}
    return render(
        request,
        "perjanjian/monitoring.html",
        {
            "ukur": ukur,
            "opd": opd,
            "tahun": tahun,
            "years": _years(tahun, with_agreements),
            "triwulan": Triwulan.choices,
            "can_draft": pk_access.can_draft(request.user, opd),
            "title": title,
            "breadcrumbs": crumbs((_("Rekap capaian"), f"{reverse('perjanjian:rekap')}?tahun={tahun}")),
        },
    )


def _int_param(request: HttpRequest, name: str, low: int, high: int) -> int | None:
    try:
        value = int(request.GET.get(name, ""))
    except ValueError:
        return None
    return value if low <= value <= high else None


@login_required
def rekap(request: HttpRequest) -> HttpResponse:
    pemda = request.pemda
    tahun = year_param(request)
    triwulan = _int_param(request, "triwulan", 1, 4)
    hasil = reports.rekap_pemda(pemda, tahun, request.user, triwulan) if pemda is not None else None
    with_agreements = (
        PerjanjianKinerja.objects.filter(opd__pemda=pemda, status=PerjanjianKinerja.Status.DITETAPKAN)
        .order_by()
        .values_list("tahun", flat=True)
        .distinct()
        if pemda is not None
        else []
    )
    title = _("Rekap capaian kinerja perangkat daerah")
    return render(
        request,
        "perjanjian/rekap.html",
        {
            "rekap": hasil,
            "pemda": pemda,
            "tahun": tahun,
            "years": _years(tahun, with_agreements),
            "triwulan": Triwulan.choices,
            "title": title,
            "breadcrumbs": crumbs(),
        },
    )
