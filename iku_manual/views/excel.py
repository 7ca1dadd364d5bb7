"""Excel export of an OPD's indicators and targets; import through upload -> preview -> apply.

The uploaded file waits under MEDIA_ROOT/imports/ between the steps, named by a random token that
the session ties to its user, OPD and period: a token from anywhere else is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from iku_manual import access as iku_access
from iku_manual import exports, imports
from iku_manual.forms import ExcelUploadForm
from iku_manual.views.pohon import _crumbs
from sakip import access

SESSION_KEY = "iku_excel_imports"


def _place(request: HttpRequest, periode_pk: int, opd_pk: int, *, edit: bool):
    """The period and OPD, or 404 outside the user's scope; with ``edit``, 403 for read-only users."""
    periode = iku_access.periode_or_404(request.user, periode_pk)
    opd = iku_access.opd_or_404(request.user, periode, opd_pk)
    if edit:
        access.deny_unless(iku_access.can_edit_tree(request.user, pemda_id=periode.pemda_id, opd_id=opd.pk))
    return periode, opd


def _download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def _filename(kind: str, opd, periode) -> str:
    return f"{kind}-{opd.singkatan}-{periode.tahun_awal}-{periode.tahun_akhir}.xlsx".replace(" ", "-")


@login_required
def export(request: HttpRequest, periode_pk: int, opd_pk: int) -> HttpResponse:
    periode, opd = _place(request, periode_pk, opd_pk, edit=False)
    return _download(exports.export_workbook(opd=opd, periode=periode), _filename("indikator", opd, periode))


@login_required
def template(request: HttpRequest, periode_pk: int, opd_pk: int) -> HttpResponse:
    periode, opd = _place(request, periode_pk, opd_pk, edit=False)
    return _download(exports.template_workbook(opd=opd, periode=periode), _filename("templat-indikator", opd, periode))


def _owner(request: HttpRequest, opd, periode) -> dict:
    return {"user": request.user.pk, "opd": opd.pk, "periode": periode.pk}


def _remember(request: HttpRequest, token: str, opd, periode) -> None:
    """Tie the token to this user, OPD and period; an earlier upload for the same place is dropped."""
    pending = request.session.get(SESSION_KEY, {})
    owner = _owner(request, opd, periode)
    for old in [old for old, place in pending.items() if place == owner]:
        imports.discard_upload(old)
        del pending[old]
    pending[token] = owner
    request.session[SESSION_KEY] = pending


def _forget(request: HttpRequest, token: str) -> None:
    imports.discard_upload(token)
    pending = request.session.get(SESSION_KEY, {})
    pending.pop(token, None)
    request.session[SESSION_KEY] = pending


def _owned_or_404(request: HttpRequest, token: str, opd, periode) -> None:
    if request.session.get(SESSION_KEY, {}).get(token) != _owner(request, opd, periode):
        raise Http404
    if not imports.upload_exists(token):
        raise Http404


@login_required
def upload(request: HttpRequest, periode_pk: int, opd_pk: int) -> HttpResponse:
    periode, opd = _place(request, periode_pk, opd_pk, edit=True)
    form = ExcelUploadForm(request.POST, request.FILES) if request.method == "POST" else ExcelUploadForm()
    if form.is_bound and form.is_valid():
        token = imports.store_upload(form.cleaned_data["berkas"])
        _remember(request, token, opd, periode)
        return redirect("iku_manual:excel_preview", periode.pk, opd.pk, token)
    return render(
        request,
        "iku_manual/excel_upload.html",
        {
            "form": form,
            "periode": periode,
            "opd": opd,
            "title": _("Impor indikator dari Excel"),
            "breadcrumbs": _crumbs(periode, opd),
        },
    )


@login_required
def preview(request: HttpRequest, periode_pk: int, opd_pk: int, token: str) -> HttpResponse:
    """GET: what the file would change, or every error in it. POST: apply it, or cancel."""
    periode, opd = _place(request, periode_pk, opd_pk, edit=True)
    _owned_or_404(request, token, opd, periode)
    if request.method == "POST" and "batal" in request.POST:
        _forget(request, token)
        messages.info(request, _("Impor dibatalkan; berkas yang diunggah sudah dihapus."))
        return redirect("iku_manual:excel_upload", periode.pk, opd.pk)
    cells = imports.cells_for_upload(token)
    if request.method == "POST":
        result = imports.apply_workbook(source=cells, opd=opd, periode=periode, user=request.user)
    else:
        result = imports.read_workbook(cells, opd=opd, periode=periode)
    if request.method == "POST" and result.ok:
        _forget(request, token)
        messages.success(
            request,
            _(
                "Impor selesai: %(baru)s indikator dibuat, %(ubah)s diubah, %(tetap)s tetap; "
                "%(target)s target ditulis, %(hapus)s target dihapus."
            )
            % {
                "baru": result.created,
                "ubah": result.updated,
                "tetap": result.unchanged,
                "target": result.targets_written,
                "hapus": result.targets_removed,
            },
        )
        return redirect("iku_manual:renstra", periode.pk, opd.pk)
    if request.method == "POST":
        messages.error(request, _("Berkas masih berisi kesalahan; tidak ada yang disimpan."))
    title = _("Pratinjau impor Excel")
    return render(
        request,
        "iku_manual/excel_preview.html",
        {
            "result": result,
            "changed_rows": [row for row in result.rows if row.status != imports.Status.SAME],
            "periode": periode,
            "opd": opd,
            "title": title,
            "breadcrumbs": [
                *_crumbs(periode, opd),
                (_("Impor Excel"), reverse("iku_manual:excel_upload", args=[periode.pk, opd.pk])),
            ],
        },
    )
