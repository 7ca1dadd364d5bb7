"""The LKE templates: the list a pemda may use, one template's worksheet structure, its Excel file,
and the two ways a pemda makes its own variant: copy a template to a new version, or import one from
Excel (upload -> preview -> confirm).

Who sees what: the national templates (no pemda) are visible to every signed-in user; a pemda's own
variants only to the users of that pemda (superusers see all). Anything else answers 404. Copying
and importing are for the pemda's evaluators (and superusers); every other user in scope gets 403.
The uploaded file waits under MEDIA_ROOT/imports/ between the steps, named by a random token that the
session ties to its user and pemda: a token from anywhere else is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from evaluasi import exports, imports, services
from evaluasi.access import is_evaluator_of, visible_templates
from evaluasi.forms_template import TemplateSalinForm
from evaluasi.models import Evaluasi, TemplateLKE
from iku_manual import imports as uploads
from iku_manual.forms import ExcelUploadForm
from sakip import access

SESSION_KEY = "template_lke_impor"


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
            "boleh_ubah": _may_change(request),
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
            "dipakai": Evaluasi.objects.filter(template=template).exists(),
            "boleh_ubah": _may_change(request),
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


def _may_change(request: HttpRequest) -> bool:
    """Copy and import make a template of the pemda one works in: its evaluators', or a superuser's."""
    return request.pemda is not None and is_evaluator_of(request.user, request.pemda.pk)


def _crumbs() -> list[tuple[str, str]]:
    return [(_("Evaluasi"), reverse("evaluasi:home")), (_("Template LKE"), reverse("evaluasi:template_list"))]


@login_required
def template_salin(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the name and year of the copy. POST: copy the whole worksheet as a new version."""
    template = get_object_or_404(visible_templates(request.user), pk=pk)
    access.deny_unless(_may_change(request))
    if request.method == "POST":
        form = TemplateSalinForm(request.POST)
    else:
        form = TemplateSalinForm(initial={"nama": template.nama, "tahun_berlaku": timezone.localdate().year})
    if form.is_bound and form.is_valid():
        baru = services.template_salin(
            template=template,
            pemda=request.pemda,
            nama=form.cleaned_data["nama"],
            tahun_berlaku=form.cleaned_data["tahun_berlaku"],
        )
        messages.success(request, _("Template disalin sebagai %(baru)s.") % {"baru": baru})
        return redirect("evaluasi:template_detail", baru.pk)
    return render(
        request,
        "evaluasi/template_salin.html",
        {
            "form": form,
            "template": template,
            "title": _("Salin template ke versi baru"),
            "breadcrumbs": [*_crumbs(), (template.nama, reverse("evaluasi:template_detail", args=[template.pk]))],
        },
    )


def _owner(request: HttpRequest) -> dict:
    return {"user": request.user.pk, "pemda": request.pemda.pk}


def _remember(request: HttpRequest, token: str) -> None:
    """Tie the token to this user and pemda; an earlier upload of theirs is dropped."""
    pending = request.session.get(SESSION_KEY, {})
    owner = _owner(request)
    for old in [old for old, place in pending.items() if place == owner]:
        uploads.discard_upload(old)
        del pending[old]
    pending[token] = owner
    request.session[SESSION_KEY] = pending


def _forget(request: HttpRequest, token: str) -> None:
    uploads.discard_upload(token)
    pending = request.session.get(SESSION_KEY, {})
    pending.pop(token, None)
    request.session[SESSION_KEY] = pending


@login_required
def template_impor(request: HttpRequest) -> HttpResponse:
    access.deny_unless(_may_change(request))
    form = ExcelUploadForm(request.POST, request.FILES) if request.method == "POST" else ExcelUploadForm()
    if form.is_bound and form.is_valid():
        token = uploads.store_upload(form.cleaned_data["berkas"])
        _remember(request, token)
        return redirect("evaluasi:template_impor_pratinjau", token)
    return render(
        request,
        "evaluasi/template_impor.html",
        {"form": form, "title": _("Impor template LKE dari Excel"), "breadcrumbs": _crumbs()},
    )


@login_required
def template_impor_pratinjau(request: HttpRequest, token: str) -> HttpResponse:
    """GET: the template the file would create, or every error in it. POST: create it, or cancel."""
    access.deny_unless(_may_change(request))
    if request.session.get(SESSION_KEY, {}).get(token) != _owner(request) or not uploads.upload_exists(token):
        raise Http404
    if request.method == "POST" and "batal" in request.POST:
        _forget(request, token)
        messages.info(request, _("Impor dibatalkan; berkas yang diunggah sudah dihapus."))
        return redirect("evaluasi:template_impor")
    sheets = imports.sheets_for_upload(token)
    if request.method == "POST":
        rencana = imports.apply_workbook(source=sheets, pemda=request.pemda, user=request.user)
        if rencana.ok:
            _forget(request, token)
            messages.success(
                request,
                _("Template %(template)s dibuat dari berkas Excel: %(n)s kriteria.")
                % {"template": rencana.template, "n": rencana.jumlah_kriteria},
            )
            return redirect("evaluasi:template_detail", rencana.template.pk)
        messages.error(request, _("Berkas masih berisi kesalahan; tidak ada yang disimpan."))
    else:
        rencana = imports.read_workbook(sheets, pemda=request.pemda)
    return render(
        request,
        "evaluasi/template_impor_pratinjau.html",
        {
            "rencana": rencana,
            "pemda": request.pemda,
            "title": _("Pratinjau impor template LKE"),
            "breadcrumbs": [*_crumbs(), (_("Impor dari Excel"), reverse("evaluasi:template_impor"))],
        },
    )
