"""What the pages of this app share: fetching objects through the user's scope, breadcrumbs and
the form page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from perjanjian import access as pk_access
from perjanjian.models import PerjanjianKinerja, Realisasi
from sakip import access
from sakip.models import PerangkatDaerah

FIRST_YEAR, LAST_YEAR = 2000, 2100


def year_param(request: HttpRequest) -> int:
    """The ``?tahun=`` of a list page: a year the pages can hold, else this year (in the pemda's zone).
    Shared by every page that lists one year (the module front pages, recaps, evaluations)."""
    try:
        tahun = int(request.GET.get("tahun", ""))
    except ValueError:
        tahun = 0
    return tahun if FIRST_YEAR <= tahun <= LAST_YEAR else timezone.localdate().year


def checked_year(tahun: int) -> int:
    """A year from the URL: one the pages can hold, else 404."""
    if not FIRST_YEAR <= tahun <= LAST_YEAR:
        raise Http404
    return tahun


def crumbs(*trail: tuple[str, str]) -> list[tuple[str, str]]:
    """Breadcrumbs below "Beranda" for the pages of this app."""
    return [(_("Perjanjian Kinerja"), reverse("perjanjian:home")), *trail]


def pk_or_404(request: HttpRequest, pk: int) -> PerjanjianKinerja:
    queryset = PerjanjianKinerja.objects.select_related("opd__pemda", "periode", "unit")
    return access.get_visible_or_404(queryset, request.user, scope=pk_access.PK_SCOPE, pk=pk)


def opd_or_404(request: HttpRequest, opd_pk: int) -> PerangkatDaerah:
    """An OPD the user may see (a superuser: of any pemda)."""
    queryset = PerangkatDaerah.objects.select_related("pemda")
    return access.get_visible_or_404(queryset, request.user, scope=access.OPD_SCOPE, pk=opd_pk)


def realisasi_or_404(request: HttpRequest, pk: int) -> Realisasi:
    queryset = Realisasi.objects.select_related(
        "opd__pemda", "indikator__sasaran", "indikator__skala", "diajukan_oleh", "diverifikasi_oleh"
    )
    return access.get_visible_or_404(queryset, request.user, scope=pk_access.REALISASI_SCOPE, pk=pk)


def form_page(
    request: HttpRequest, form, *, title: str, trail: list[tuple[str, str]], history=None, **extra
) -> HttpResponse:
    """A create/edit page: the form, breadcrumbs, "Batal" back to the last crumb, and the history."""
    context = {
        "form": form,
        "title": title,
        "breadcrumbs": crumbs(*trail),
        "cancel_url": trail[-1][1] if trail else reverse("perjanjian:home"),
        "history": history,
        **extra,
    }
    return render(request, "sakip/form.html", context)
