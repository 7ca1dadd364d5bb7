"""Excel import of an OPD's realisations for one year: template download, upload -> preview -> apply.

The uploaded file waits under MEDIA_ROOT/imports/ between the steps (``bersihkan_impor`` removes
abandoned ones), named by a random token that the session ties to its user, OPD and year: a token
from anywhere else is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from iku_manual import imports as uploads
from iku_manual.exports import XLSX_CONTENT_TYPE
from iku_manual.forms import ExcelUploadForm
from perjanjian import access as pk_access
from perjanjian import imports
from perjanjian.models import Triwulan
from perjanjian.views.common import checked_year, crumbs, opd_or_404
from sakip import access

SESSION_KEY = "realisasi_impor"


def _place(request: HttpRequest, opd_pk: int, tahun: int, *, edit: bool):
    """The OPD, or 404 outside the user's scope; with ``edit``, 403 for those who may not enter
    its realisations."""
    opd = opd_or_404(request, opd_pk)
    tahun = checked_year(tahun)
    if edit:
        access.deny_unless(pk_access.can_draft(request.user, opd))
    return opd, tahun


def _trail(opd, tahun: int) -> list[tuple[str, str]]:
    return crumbs(
        (
            _("Monitoring %(opd)s %(tahun)s") % {"opd": opd.singkatan, "tahun": tahun},
            reverse("perjanjian:monitoring", args=[opd.pk, tahun]),
        )
    )


@login_required
def templat(request: HttpRequest, opd_pk: int, tahun: int) -> HttpResponse:
    """?triwulan=1..4 (default: the quarter being reported now) or ?triwulan=semua."""
    opd, tahun = _place(request, opd_pk, tahun, edit=False)
    wanted = request.GET.get("triwulan", "")
    if wanted == "semua":
        triwulan, suffix = None, "semua-triwulan"
    else:
        triwulan = int(wanted) if wanted in {"1", "2", "3", "4"} else imports.triwulan_berjalan(tahun)
        suffix = f"tw{triwulan}"
    content = imports.template_workbook(opd=opd, tahun=tahun, triwulan=triwulan)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    filename = f"realisasi-{opd.singkatan}-{tahun}-{suffix}.xlsx".replace(" ", "-")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def _owner(request: HttpRequest, opd, tahun: int) -> dict:
    return {"user": request.user.pk, "opd": opd.pk, "tahun": tahun}


def _remember(request: HttpRequest, token: str, opd, tahun: int) -> None:
    """Tie the token to this user, OPD and year; an earlier upload for the same place is dropped."""
    pending = request.session.get(SESSION_KEY, {})
    owner = _owner(request, opd, tahun)
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


def _owned_or_404(request: HttpRequest, token: str, opd, tahun: int) -> None:
    if request.session.get(SESSION_KEY, {}).get(token) != _owner(request, opd, tahun):
        raise Http404
    if not uploads.upload_exists(token):
        raise Http404


@login_required
def upload(request: HttpRequest, opd_pk: int, tahun: int) -> HttpResponse:
    opd, tahun = _place(request, opd_pk, tahun, edit=True)
    form = ExcelUploadForm(request.POST, request.FILES) if request.method == "POST" else ExcelUploadForm()
    if form.is_bound and form.is_valid():
        token = uploads.store_upload(form.cleaned_data["berkas"])
        _remember(request, token, opd, tahun)
        return redirect("perjanjian:realisasi_impor_preview", opd.pk, tahun, token)
    return render(
        request,
        "perjanjian/impor_upload.html",
        {
            "form": form,
            "opd": opd,
            "tahun": tahun,
            "triwulan": Triwulan.choices,
            "triwulan_berjalan": imports.triwulan_berjalan(tahun),
            "title": _("Impor realisasi dari Excel"),
            "breadcrumbs": _trail(opd, tahun),
        },
    )


@login_required
def preview(request: HttpRequest, opd_pk: int, tahun: int, token: str) -> HttpResponse:
    """GET: what the file would change, or every error in it. POST: apply it ("Simpan"), or cancel."""
    opd, tahun = _place(request, opd_pk, tahun, edit=True)
    _owned_or_404(request, token, opd, tahun)
    if request.method == "POST" and "batal" in request.POST:
        _forget(request, token)
        messages.info(request, _("Impor dibatalkan; berkas yang diunggah sudah dihapus."))
        return redirect("perjanjian:realisasi_impor", opd.pk, tahun)
    cells = uploads.cells_for_upload(token)
    if request.method == "POST":
        result = imports.apply_workbook(source=cells, opd=opd, tahun=tahun, user=request.user)
    else:
        result = imports.read_workbook(cells, opd=opd, tahun=tahun)
    if request.method == "POST" and result.ok:
        _forget(request, token)
        messages.success(
            request,
            _(
                "Impor selesai: %(baru)s realisasi baru, %(ubah)s diubah, %(tetap)s tetap. "
                "Ajukan realisasi untuk diverifikasi dari halaman realisasi triwulan."
            )
            % {"baru": result.created, "ubah": result.updated, "tetap": result.unchanged},
        )
        return redirect("perjanjian:monitoring", opd.pk, tahun)
    if request.method == "POST":
        messages.error(request, _("Berkas masih berisi kesalahan; tidak ada yang disimpan."))
    return render(
        request,
        "perjanjian/impor_preview.html",
        {
            "result": result,
            "changed_rows": [row for row in result.rows if row.status in {imports.Status.NEW, imports.Status.CHANGED}],
            "opd": opd,
            "tahun": tahun,
            "title": _("Pratinjau impor realisasi"),
            "breadcrumbs": [
                *_trail(opd, tahun),
                (_("Impor realisasi"), reverse("perjanjian:realisasi_impor", args=[opd.pk, tahun])),
            ],
        },
    )
