"""Recommendation pages: an evaluation's recommendations (written by the evaluators while it is in
progress), one recommendation with every follow-up the OPD submitted and the evaluator's verdicts, the
evidence files, and the pemda-wide monitoring of follow-ups.

Who does what: everyone in the pemda reads; OPD roles only their own OPD's, and only once the
evaluation is final (before that a recommendation is the evaluators' draft and answers 404). The
evaluators write, edit and delete while the evaluation is in progress and judge follow-ups after; the
OPD's planner and head submit follow-ups. Anyone else inside the scope gets 403 on POST. The rules
live in ``evaluasi/rekomendasi.py``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from evaluasi import rekomendasi as services
from evaluasi.access import sees_evaluator_scores
from evaluasi.forms_rekomendasi import PenilaianForm, RekomendasiForm, TindakLanjutForm
from evaluasi.models import Evaluasi, Komponen, Rekomendasi, TindakLanjut
from evaluasi.views_evaluasi import crumbs, detail_url, evaluasi_or_404
from evaluasi.views_evaluasi import list_url as evaluasi_list_url
from perjanjian.views.common import year_param
from perjanjian.views.realisasi import serve_bukti
from sakip import access
from sakip.history import change_log, merged_log

Status = Rekomendasi.Status
Hasil = TindakLanjut.Hasil


# --- Shared ---------------------------------------------------------------------------------------


def _evaluasi_crumbs(evaluasi: Evaluasi, *more: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs(
        (_("Evaluasi SAKIP"), evaluasi_list_url(evaluasi.tahun)), (str(evaluasi), detail_url(evaluasi)), *more
    )


def _list_url(evaluasi: Evaluasi) -> str:
    return reverse("evaluasi:rekomendasi_list", args=[evaluasi.pk])


def _detail_url(rekomendasi: Rekomendasi) -> str:
    return reverse("evaluasi:rekomendasi_detail", args=[rekomendasi.pk])


def _rekomendasi_or_404(request: HttpRequest, pk: int) -> Rekomendasi:
    queryset = services.visible_rekomendasi(request.user).select_related(
        "evaluasi__pemda", "evaluasi__opd", "evaluasi__template", "komponen", "dibuat_oleh"
    )
    return get_object_or_404(queryset, pk=pk)


def _komponen(evaluasi: Evaluasi):
    return Komponen.objects.filter(template_id=evaluasi.template_id).order_by("urutan")


def _error(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- An evaluation's recommendations ----------------------------------------------------------------


@login_required
def rekomendasi_list(request: HttpRequest, pk: int) -> HttpResponse:
    evaluasi = evaluasi_or_404(request, pk)
    bisa_tulis = services.boleh_menulis(request.user, evaluasi)
    form = None
    if request.method == "POST":
        access.deny_unless(bisa_tulis)
    if bisa_tulis:
        bound = request.POST if request.method == "POST" else None
        form = RekomendasiForm(bound, komponen=_komponen(evaluasi), prefix="rek")
        if form.is_bound and form.is_valid():
            try:
                baru = services.rekomendasi_simpan(evaluasi=evaluasi, user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(request, _("Rekomendasi nomor %(nomor)s disimpan.") % {"nomor": baru.nomor})
                return redirect(_list_url(evaluasi))
    lihat = sees_evaluator_scores(request.user, evaluasi)
    today = timezone.localdate()
    rows = list(evaluasi.rekomendasi.select_related("komponen")) if lihat else []
    for rekomendasi in rows:
        rekomendasi.lewat = rekomendasi.terlambat(today)
    return render(
        request,
        "evaluasi/rekomendasi_list.html",
        {
            "evaluasi": evaluasi,
            "rows": rows,
            "lihat": lihat,
            "form": form,
            "bisa_tulis": bisa_tulis,
            "title": _("Rekomendasi"),
            "breadcrumbs": _evaluasi_crumbs(evaluasi),
        },
    )


@login_required
def rekomendasi_ubah(request: HttpRequest, pk: int) -> HttpResponse:
    rekomendasi = _rekomendasi_or_404(request, pk)
    evaluasi = rekomendasi.evaluasi
    access.deny_unless(services.boleh_menulis(request.user, evaluasi))
    bound = request.POST if request.method == "POST" else None
    form = RekomendasiForm(bound, komponen=_komponen(evaluasi), rekomendasi=rekomendasi, prefix="rek")
    if form.is_bound and form.is_valid():
        try:
            services.rekomendasi_simpan(
                evaluasi=evaluasi, user=request.user, rekomendasi=rekomendasi, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Rekomendasi nomor %(nomor)s diubah.") % {"nomor": rekomendasi.nomor})
            return redirect(_list_url(evaluasi))
    return render(
        request,
        "evaluasi/rekomendasi_ubah.html",
        {
            "evaluasi": evaluasi,
            "rekomendasi": rekomendasi,
            "form": form,
            "title": _("Ubah rekomendasi nomor %(nomor)s") % {"nomor": rekomendasi.nomor},
            "breadcrumbs": _evaluasi_crumbs(evaluasi, (_("Rekomendasi"), _list_url(evaluasi))),
        },
    )


@login_required
@require_POST
def rekomendasi_hapus(request: HttpRequest, pk: int) -> HttpResponse:
    rekomendasi = _rekomendasi_or_404(request, pk)
    evaluasi = rekomendasi.evaluasi
    access.deny_unless(services.boleh_menulis(request.user, evaluasi))
    nomor = rekomendasi.nomor
    try:
        services.rekomendasi_hapus(rekomendasi=rekomendasi, user=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Rekomendasi nomor %(nomor)s dihapus.") % {"nomor": nomor})
    return redirect(_list_url(evaluasi))


# --- One recommendation and its follow-up ------------------------------------------------------------


def _render_detail(
    request: HttpRequest,
    rekomendasi: Rekomendasi,
    *,
    tl_form: TindakLanjutForm | None = None,
    nilai_form: PenilaianForm | None = None,
) -> HttpResponse:
    """The detail page; a form passed in (bound, with errors) is shown instead of an empty one."""
    evaluasi = rekomendasi.evaluasi
    user = request.user
    attempts = list(rekomendasi.tindak_lanjut.select_related("diajukan_oleh", "ditinjau_oleh"))
    menunggu = next((t for t in reversed(attempts) if t.hasil == Hasil.MENUNGGU), None)
    if (
        tl_form is None
        and evaluasi.final
        and rekomendasi.status in services.DAPAT_DITINDAKLANJUTI
        and services.boleh_menindaklanjuti(user, evaluasi)
    ):
        tl_form = TindakLanjutForm(prefix="tl")
    if nilai_form is None and menunggu is not None and services.boleh_menilai(user, evaluasi):
        nilai_form = PenilaianForm(prefix="nilai")
    return render(
        request,
        "evaluasi/rekomendasi_detail.html",
        {
            "evaluasi": evaluasi,
            "rekomendasi": rekomendasi,
            "terlambat": rekomendasi.terlambat(timezone.localdate()),
            "attempts": attempts,
            "menunggu": menunggu,
            "tl_form": tl_form,
            "nilai_form": nilai_form,
            "bisa_tulis": services.boleh_menulis(user, evaluasi),
            "history": merged_log(
                change_log(rekomendasi.history.all()),
                change_log(
                    TindakLanjut.history.filter(rekomendasi_id=rekomendasi.pk),
                    subject=lambda record: _("Tindak lanjut"),
                    whole=True,
                    hidden={"bukti"},  # the stored path: the file is linked on the page
                ),
            ),
            "title": _("Rekomendasi nomor %(nomor)s") % {"nomor": rekomendasi.nomor},
            "breadcrumbs": _evaluasi_crumbs(evaluasi, (_("Rekomendasi"), _list_url(evaluasi))),
        },
    )


@login_required
@require_safe
def rekomendasi_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _rekomendasi_or_404(request, pk))


@login_required
@require_POST
def tindak_lanjut_ajukan(request: HttpRequest, pk: int) -> HttpResponse:
    rekomendasi = _rekomendasi_or_404(request, pk)
    access.deny_unless(services.boleh_menindaklanjuti(request.user, rekomendasi.evaluasi))
    form = TindakLanjutForm(request.POST, request.FILES, prefix="tl")
    if form.is_valid():
        try:
            services.tindak_lanjut_ajukan(rekomendasi=rekomendasi, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Tindak lanjut diajukan; menunggu penilaian evaluator."))
            return redirect(_detail_url(rekomendasi))
    rekomendasi.refresh_from_db(fields=["status"])
    return _render_detail(request, rekomendasi, tl_form=form)


@login_required
@require_POST
def tindak_lanjut_nilai(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = TindakLanjut.objects.filter(rekomendasi__in=services.visible_rekomendasi(request.user))
    tindak_lanjut = get_object_or_404(queryset, pk=pk)
    rekomendasi = _rekomendasi_or_404(request, tindak_lanjut.rekomendasi_id)
    tindak_lanjut.rekomendasi = rekomendasi
    access.deny_unless(services.boleh_menilai(request.user, rekomendasi.evaluasi))
    form = PenilaianForm(request.POST, prefix="nilai")
    if form.is_valid():
        try:
            services.tindak_lanjut_nilai(
                tindak_lanjut=tindak_lanjut, user=request.user, terima=form.terima, catatan=form.cleaned_data["catatan"]
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            done = (
                _("Tindak lanjut diterima; rekomendasi selesai.") if form.terima else _("Tindak lanjut dikembalikan.")
            )
            messages.success(request, done)
            return redirect(_detail_url(rekomendasi))
    rekomendasi.refresh_from_db(fields=["status"])
    return _render_detail(request, rekomendasi, nilai_form=form)


@login_required
@require_safe
def tindak_lanjut_bukti(request: HttpRequest, pk: int) -> FileResponse:
    """The evidence file, only to those who may read the recommendation; never served by the web server."""
    queryset = TindakLanjut.objects.filter(rekomendasi__in=services.visible_rekomendasi(request.user))
    tindak_lanjut = get_object_or_404(queryset, pk=pk)
    if not tindak_lanjut.bukti:
        raise Http404
    return serve_bukti(tindak_lanjut.bukti, tindak_lanjut.bukti_nama)


# --- Monitoring across the pemda ----------------------------------------------------------------------


def for_pantau(user, pemda, tahun: int, *, status: str = "", terlambat: bool = False, today=None):
    """The monitoring page's rows: the recommendations the user sees in the pemda that fall due in
    ``tahun``, with those of earlier years still not settled (carried over). One query."""
    today = today or timezone.localdate()
    queryset = services.visible_rekomendasi(user).filter(evaluasi__pemda=pemda)
    queryset = queryset.filter(batas_waktu__year__lte=tahun).exclude(batas_waktu__year__lt=tahun, status=Status.SELESAI)
    if status:
        queryset = queryset.filter(status=status)
    if terlambat:
        queryset = queryset.filter(services.terlambat_filter(today))
    return queryset.select_related("evaluasi__opd", "komponen").order_by(
        F("evaluasi__opd__nama").asc(nulls_first=True), "-evaluasi__tahun", "nomor", "pk"
    )


@login_required
def rekomendasi_pantau(request: HttpRequest) -> HttpResponse:
    tahun = year_param(request)
    status = request.GET.get("status", "")
    status = status if status in Status.values else ""
    terlambat = request.GET.get("terlambat") == "1"
    today = timezone.localdate()
    rows = []
    if request.pemda is not None:
        rows = list(for_pantau(request.user, request.pemda, tahun, status=status, terlambat=terlambat, today=today))
    for rekomendasi in rows:
        rekomendasi.lewat = rekomendasi.terlambat(today)
    return render(
        request,
        "evaluasi/rekomendasi_pantau.html",
        {
            "rows": rows,
            "tahun": tahun,
            "status": status,
            "terlambat": terlambat,
            "status_choices": Status.choices,
            "jumlah": {
                "semua": len(rows),
                "selesai": sum(r.status == Status.SELESAI for r in rows),
                "terlambat": sum(r.lewat for r in rows),
            },
            "title": _("Pemantauan tindak lanjut rekomendasi %(tahun)s") % {"tahun": tahun},
            "breadcrumbs": [(_("Evaluasi"), reverse("evaluasi:home"))],
        },
    )
