"""The Perjanjian Kinerja as documents: the PDF in the PermenPANRB 53/2014 format and the Excel
workbook, for anyone who may see the agreement."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header

from perjanjian import dokumen
from perjanjian.views.common import pk_or_404
from sakip.pdf import image_data_uri, pdf_response, render_pdf


@login_required
def pk_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    perjanjian = pk_or_404(request, pk)
    context = dokumen.build_pk_context(perjanjian)
    # Uploads have no public URL: the logo travels inside the document.
    context["logo"] = image_data_uri(perjanjian.opd.pemda.logo)
    return pdf_response(render_pdf("pdf/perjanjian_kinerja.html", context), context["filename"])


@login_required
def pk_excel(request: HttpRequest, pk: int) -> HttpResponse:
    perjanjian = pk_or_404(request, pk)
    context = dokumen.build_pk_context(perjanjian)
    response = HttpResponse(dokumen.pk_workbook(context), content_type=dokumen.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=context["filename_xlsx"])
    response["Cache-Control"] = "private, no-store"
    return response
