"""The LKE templates: the list a pemda may use, one template's worksheet structure, and its Excel file.

Who sees what: the national templates (no pemda) are visible to every signed-in user; a pemda's own
variants only to the users of that pemda (superusers see all). Anything else answers 404.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from evaluasi import exports
from evaluasi.access import visible_templates
from evaluasi.models import TemplateLKE


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    # The page is about the pemda one works in: a superuser sees the active pemda's variants here,
    # not every pemda's (they remain reachable by their own URL).
    scope = Q(pemda__isnull=True)
    if request.pemda is not None:
        scope |= Q(pemda=request.pemda)
    templates = (
        visible_templates(request.user)
        .filter(scope)
        .select_related("pemda")
        .annotate(
            jumlah_komponen=Count("komponen", distinct=True),
            jumlah_kriteria=Count("komponen__sub__kriteria", distinct=True),
        )
        # Django leaves Meta.ordering out of aggregating queries: say it again.
        .order_by(*TemplateLKE._meta.ordering)
    )
    return render(
        request,
        "evaluasi/template_list.html",
        {
            "templates": templates,
            "title": _("Template LKE"),
            "breadcrumbs": [(_("Evaluasi"), reverse("evaluasi:home"))],
        },
    )


@login_required
def template_detail(request: HttpRequest, pk: int) -> HttpResponse:
    template = _template_or_404(request, pk)
    return render(
        request,
        "evaluasi/template_detail.html",
        {
            "template": template,
            "masalah_bobot": template.periksa_bobot(),
            "title": template.nama,
            "breadcrumbs": [
                (_("Evaluasi"), reverse("evaluasi:home")),
                (_("Template LKE"), reverse("evaluasi:template_list")),
            ],
        },
    )


@login_required
def template_excel(request: HttpRequest, pk: int) -> HttpResponse:
    template = _template_or_404(request, pk)
    response = HttpResponse(exports.template_workbook(template), content_type=exports.XLSX_CONTENT_TYPE)
    disposition = content_disposition_header(as_attachment=True, filename=exports.filename(template))
    response["Content-Disposition"] = disposition
    response["Cache-Control"] = "private"
    return response


def _template_or_404(request: HttpRequest, pk: int) -> TemplateLKE:
    return get_object_or_404(exports.with_worksheet(visible_templates(request.user)), pk=pk)
