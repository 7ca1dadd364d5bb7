"""Documents built from the tree: the pohon kinerja page and PDF, the Manual IKU page and PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from iku_manual import access as iku_access
from iku_manual import reports
from iku_manual.views.pohon import _crumbs
from sakip import access
from sakip.models import PerangkatDaerah, Periode
from sakip.pdf import image_data_uri, pdf_response, render_pdf


def _opd_filter(request: HttpRequest, periode: Periode) -> PerangkatDaerah | None:
    """The OPD chosen with ``?opd=``, which must be one the user may see."""
    wanted = request.GET.get("opd", "")
    if not wanted:
        return None
    if not wanted.isdigit():
        raise Http404
    return iku_access.opd_or_404(request.user, periode, int(wanted))


@login_required
def pohon_kinerja(request: HttpRequest, periode_pk: int) -> HttpResponse:
    periode = iku_access.periode_or_404(request.user, periode_pk)
    opd = _opd_filter(request, periode)
    context = reports.build_pohon_context(periode=periode, user=request.user, opd=opd)
    opd_choices = access.visible_opd(request.user).filter(pemda=periode.pemda_id, aktif=True)
    return render(
        request,
        "iku_manual/pohon_kinerja.html",
        {**context, "opd_choices": opd_choices, "breadcrumbs": _crumbs(periode)},
    )


@login_required
def pohon_kinerja_pdf(request: HttpRequest, periode_pk: int) -> HttpResponse:
    periode = iku_access.periode_or_404(request.user, periode_pk)
    opd = _opd_filter(request, periode)
    context = reports.build_pohon_context(periode=periode, user=request.user, opd=opd)
    return pdf_response(render_pdf("pdf/pohon_kinerja.html", context), context["filename"])


@login_required
def manual_iku(request: HttpRequest, periode_pk: int, opd_pk: int) -> HttpResponse:
    periode = iku_access.periode_or_404(request.user, periode_pk)
    opd = iku_access.opd_or_404(request.user, periode, opd_pk)
    context = reports.build_manual_iku_context(periode=periode, opd=opd)
    return render(request, "iku_manual/manual_iku.html", {**context, "breadcrumbs": _crumbs(periode, opd)})


@login_required
def manual_iku_pdf(request: HttpRequest, periode_pk: int, opd_pk: int) -> HttpResponse:
    periode = iku_access.periode_or_404(request.user, periode_pk)
    opd = iku_access.opd_or_404(request.user, periode, opd_pk)
    context = reports.build_manual_iku_context(periode=periode, opd=opd)
    # Uploads have no public URL: the logo travels inside the document.
    context["logo"] = image_data_uri(periode.pemda.logo)
    return pdf_response(render_pdf("pdf/manual_iku.html", context), context["filename"])
