"""Realisations per quarter: entry with evidence, submit, the evaluators' verification queue, entry
windows and reopenings. The rules live in ``perjanjian/realisasi.py``; these views parse, check
access, call it and render."""

from __future__ import annotations

import datetime
import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pemantauan.ringkasan import angka_realisasi
from perjanjian import access as pk_access
from perjanjian import realisasi as services
from perjanjian.forms.realisasi import BukaKembaliForm, CatatanForm, JadwalFormSet, RealisasiForm
from perjanjian.models import BukaKembali, JadwalRealisasi, PerjanjianKinerja, Realisasi, Triwulan
from perjanjian.views.common import checked_year, crumbs, opd_or_404, realisasi_or_404
from sakip import access, uploads
from sakip.history import change_log
from sakip.models import PerangkatDaerah

Status = Realisasi.Status
PER_HALAMAN = 25


# --- Shared -------------------------------------------------------------------------------------


def _cek_triwulan(triwulan: int, tahun: int) -> None:
    checked_year(tahun)
    if triwulan not in Triwulan.values:
        raise Http404


def _triwulan_url(opd_pk: int, tahun: int, triwulan: int) -> str:
    return reverse("perjanjian:realisasi_triwulan", args=[opd_pk, tahun, triwulan])


def _next_url(request: HttpRequest, default: str) -> str:
    """Where to go back after a POST: a ``next`` on this site, or the default."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}, require_https=False):
        return wanted
    return default


def _error(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _crumbs_triwulan(opd: PerangkatDaerah, tahun: int, triwulan: int) -> list[tuple[str, str]]:
    return crumbs(
        (
            _("Realisasi %(opd)s %(tahun)s") % {"opd": opd.singkatan, "tahun": tahun},
            _triwulan_url(opd.pk, tahun, triwulan),
        )
    )


def _dapat_diisi(realisasi: Realisasi | None, window: services.Jendela) -> bool:
    """Whether the planner may type in this quarter now: a returned realisation always (the evaluator
    asked for it), a draft or a new one while the window is open."""
    if realisasi is None:
        return window.terbuka
    if realisasi.status == Status.DIKEMBALIKAN:
        return True
    return realisasi.status == Status.DRAFT and window.terbuka


def _alasan_terkunci(realisasi: Realisasi | None, window: services.Jendela) -> str:
    if realisasi is not None and realisasi.status == Status.TERVERIFIKASI:
        return _("Realisasi yang sudah terverifikasi tidak dapat diubah; minta evaluator membatalkan verifikasinya.")
    if realisasi is not None and realisasi.status == Status.DIAJUKAN:
        return _("Realisasi sedang diverifikasi; tunggu diverifikasi atau dikembalikan.")
    return window.pesan


def _ditutup(window: services.Jendela) -> bool:
    """The schedule has passed its closing date (a reopening may still be running)."""
    return window.jadwal is not None and timezone.localdate() > window.jadwal.ditutup


# --- The quarter page ---------------------------------------------------------------------------


@login_required
def realisasi_triwulan(request: HttpRequest, opd_pk: int, tahun: int, triwulan: int) -> HttpResponse:
    opd = opd_or_404(request, opd_pk)
    _cek_triwulan(triwulan, tahun)
    window = services.jendela(opd=opd, tahun=tahun, triwulan=triwulan)
    pks = services.pk_berlaku_opd(opd=opd, tahun=tahun)
    rows = services.baris_berlaku(opd=opd, tahun=tahun, pks=pks) if pks else {}
    entered = {
        r.indikator_id: r for r in Realisasi.objects.filter(indikator_id__in=list(rows), tahun=tahun, triwulan=triwulan)
    }
    scales = services.skala_per_id(row.indikator.skala_id for row in rows.values())
    may_draft = pk_access.can_draft(request.user, opd)
    may_verify = pk_access.can_verify(request.user, opd.pemda_id)

    groups: dict[int, dict] = {}
    pending = 0
    for baris in sorted(
        rows.values(),
        key=lambda b: (b.indikator.sasaran.urutan, b.indikator.sasaran.kode, b.indikator.urutan, b.indikator.kode),
    ):
        indikator = baris.indikator
        found = entered.get(indikator.pk)
        if found is not None and found.dapat_diubah:
            pending += 1
        group = groups.setdefault(indikator.sasaran_id, {"sasaran": indikator.sasaran, "rows": []})
        group["rows"].append(
            {
                "baris": baris,
                "indikator": indikator,
                "target": services.target_tampil(baris, triwulan, scales.get(indikator.skala_id)),
                "realisasi": found,
                "dapat_diisi": may_draft and _dapat_diisi(found, window),
                "edit_url": reverse("perjanjian:realisasi_edit", args=[opd.pk, tahun, triwulan, indikator.pk]),
            }
        )

    years = set(
        PerjanjianKinerja.objects.filter(opd=opd, status=PerjanjianKinerja.Status.DITETAPKAN)
        .values_list("tahun", flat=True)
        .distinct()
    )
    years |= {tahun, timezone.localdate().year}
    return render(
        request,
        "perjanjian/realisasi_triwulan.html",
        {
            "opd": opd,
            "tahun": tahun,
            "triwulan": triwulan,
            "triwulan_label": Triwulan(triwulan).label,
            "tabs": [(value, label, _triwulan_url(opd.pk, tahun, value)) for value, label in Triwulan.choices],
            "years": [(year, _triwulan_url(opd.pk, year, triwulan)) for year in sorted(years)],
            "window": window,
            "ditutup": _ditutup(window),
            "pks": pks,
            "groups": list(groups.values()),
            "pending": pending,
            "can_draft": may_draft,
            "can_verify": may_verify,
            "here": request.get_full_path(),
            "title": _("Realisasi %(opd)s %(tw)s %(tahun)s")
            % {"opd": opd.singkatan, "tw": Triwulan(triwulan).label, "tahun": tahun},
            "breadcrumbs": crumbs(),
        },
    )


# --- Entry --------------------------------------------------------------------------------------


def _with_param(request: HttpRequest, name: str, value: str) -> str:
    """The request's query string with one parameter set (``next`` and the like are kept)."""
    query = request.GET.copy()
    query[name] = value
    return query.urlencode()


@login_required
def realisasi_edit(request: HttpRequest, opd_pk: int, tahun: int, triwulan: int, indikator_pk: int) -> HttpResponse:
    opd = opd_or_404(request, opd_pk)
    _cek_triwulan(triwulan, tahun)
    access.deny_unless(pk_access.can_draft(request.user, opd))
    baris = services.baris_berlaku(opd=opd, tahun=tahun).get(indikator_pk)
    if baris is None:
        raise Http404
    indikator = baris.indikator
    existing = (
        Realisasi.objects.filter(indikator=indikator, tahun=tahun, triwulan=triwulan).select_related("opd").first()
    )
    if existing is not None and existing.opd_id != opd.pk:
        raise Http404
    window = services.jendela(opd=opd, tahun=tahun, triwulan=triwulan)
    scale = services.skala_per_id([indikator.skala_id]).get(indikator.skala_id) if indikator.skala_id else None
    editable = _dapat_diisi(existing, window)
    back = _triwulan_url(opd.pk, tahun, triwulan)

    bound = request.method == "POST"
    form = RealisasiForm(
        request.POST if bound else None,
        request.FILES if bound else None,
        indikator=indikator,
        scale=scale,
        realisasi=existing,
    )
    # An indicator whose data source is the absorption or complaint figures: offer the quarter's figure;
    # "Pakai angka ini" (?pakai_sumber=1) fills it in, and the planner still saves and submits.
    sumber = angka_realisasi(indikator, opd, tahun, triwulan) if indikator.skala_id is None else None
    if not bound and sumber and sumber["nilai"] is not None and editable and request.GET.get("pakai_sumber"):
        form.initial["nilai"] = sumber["teks"]
    if bound:
        if not editable:
            form.add_error(None, _alasan_terkunci(existing, window))
        elif form.is_valid():
            ajukan = request.POST.get("aksi") == "ajukan"
            try:
                services.realisasi_simpan(
                    opd=opd,
                    indikator=indikator,
                    tahun=tahun,
                    triwulan=triwulan,
                    isian=form.isian(),
                    user=request.user,
                    ajukan=ajukan,
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                if ajukan:
                    messages.success(request, _("Realisasi disimpan dan diajukan untuk diverifikasi."))
                else:
                    messages.success(request, _("Realisasi disimpan sebagai draf."))
                return redirect(_next_url(request, back))

    return render(
        request,
        "perjanjian/realisasi_form.html",
        {
            "form": form,
            "opd": opd,
            "tahun": tahun,
            "triwulan": triwulan,
            "triwulan_label": Triwulan(triwulan).label,
            "indikator": indikator,
            "baris": baris,
            "target": services.target_tampil(baris, triwulan, scale),
            "target_tahun": services.target_tampil_tahun(baris, scale),
            "realisasi": existing,
            "window": window,
            "editable": editable,
            "alasan_terkunci": "" if editable else _alasan_terkunci(existing, window),
            "pilih_ulang_berkas": bound and bool(request.FILES.get("bukti")),
            "cancel_url": back,
            "sumber": sumber,
            "pakai_sumber_url": f"{request.path}?{_with_param(request, 'pakai_sumber', '1')}",
            "title": _("Realisasi %(tw)s %(tahun)s: %(kode)s")
            % {"tw": Triwulan(triwulan).label, "tahun": tahun, "kode": indikator.kode},
            "breadcrumbs": _crumbs_triwulan(opd, tahun, triwulan),
        },
    )


@login_required
@require_POST
def realisasi_ajukan_semua(request: HttpRequest, opd_pk: int, tahun: int, triwulan: int) -> HttpResponse:
    opd = opd_or_404(request, opd_pk)
    _cek_triwulan(triwulan, tahun)
    access.deny_unless(pk_access.can_draft(request.user, opd))
    try:
        submitted = services.realisasi_ajukan_semua(opd=opd, tahun=tahun, triwulan=triwulan, user=request.user)
    except ValidationError as exc:
        messages.error(request, _("Tidak ada yang diajukan:"))
        _error(request, exc)
    else:
        messages.success(request, _("%(n)s realisasi diajukan untuk diverifikasi.") % {"n": len(submitted)})
    return redirect(_next_url(request, _triwulan_url(opd.pk, tahun, triwulan)))


# --- One realisation ----------------------------------------------------------------------------


@login_required
def realisasi_detail(request: HttpRequest, pk: int) -> HttpResponse:
    realisasi = realisasi_or_404(request, pk)
    opd, indikator = realisasi.opd, realisasi.indikator
    baris = services.baris_berlaku(opd=opd, tahun=realisasi.tahun).get(indikator.pk)
    scale = services.skala_per_id([indikator.skala_id]).get(indikator.skala_id) if indikator.skala_id else None
    window = services.jendela(opd=opd, tahun=realisasi.tahun, triwulan=realisasi.triwulan)
    may_draft = pk_access.can_draft(request.user, opd)
    return render(
        request,
        "perjanjian/realisasi_detail.html",
        {
            "realisasi": realisasi,
            "opd": opd,
            "indikator": indikator,
            "baris": baris,
            "target": services.target_tampil(baris, realisasi.triwulan, scale),
            "target_tahun": services.target_tampil_tahun(baris, scale),
            "window": window,
            "can_draft": may_draft,
            "dapat_diisi": may_draft and _dapat_diisi(realisasi, window),
            "can_verify": pk_access.can_verify(request.user, opd.pemda_id),
            "kembalikan_form": CatatanForm(auto_id="id_kembalikan_%s"),
            "batal_form": CatatanForm(auto_id="id_batal_%s"),
            "edit_url": reverse(
                "perjanjian:realisasi_edit", args=[opd.pk, realisasi.tahun, realisasi.triwulan, indikator.pk]
            ),
            "triwulan_url": _triwulan_url(opd.pk, realisasi.tahun, realisasi.triwulan),
            "history": change_log(realisasi.history.all()),
            "title": f"{indikator.kode} · {realisasi.get_triwulan_display()} {realisasi.tahun}",
            "breadcrumbs": _crumbs_triwulan(opd, realisasi.tahun, realisasi.triwulan),
        },
    )


def _nama_unduhan(nama: str, ext: str) -> str:
    """The uploaded name, with the extension of what the file really is (a PNG sent as .pdf is
    downloaded as .png, so it opens)."""
    stem, current = os.path.splitext(os.path.basename(nama or "bukti"))
    current = current.lower().lstrip(".")
    if current == ext or (ext == "jpg" and current == "jpeg"):
        return f"{stem}.{current}"
    return f"{stem or 'bukti'}.{ext}"


@login_required
def realisasi_bukti(request: HttpRequest, pk: int) -> FileResponse:
    """The evidence file, only to those who may read the realisation; never served by the web server."""
    realisasi = realisasi_or_404(request, pk)
    if not realisasi.bukti:
        raise Http404
    return serve_bukti(realisasi.bukti, realisasi.bukti_nama)


def serve_bukti(berkas, nama: str) -> FileResponse:
    """A stored evidence file as a download under its uploaded name; the caller has checked access.
    Shared by every kind of evidence (realisations, LKE answers, follow-ups)."""
    name = berkas.name
    ext = os.path.splitext(name)[1].lower().lstrip(".")
    try:
        handle = berkas.storage.open(name, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=_nama_unduhan(nama, ext),
        content_type=uploads.BUKTI_CONTENT_TYPES.get(ext, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private"
    return response


@login_required
@require_POST
def realisasi_ajukan(request: HttpRequest, pk: int) -> HttpResponse:
    realisasi = realisasi_or_404(request, pk)
    access.deny_unless(pk_access.can_draft(request.user, realisasi.opd))
    try:
        services.realisasi_ajukan(realisasi=realisasi, user=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Realisasi diajukan untuk diverifikasi."))
    return redirect(_next_url(request, reverse("perjanjian:realisasi_detail", args=[realisasi.pk])))


def _evaluator_action(request: HttpRequest, pk: int, action, success: str, *, with_note: bool) -> HttpResponse:
    realisasi = realisasi_or_404(request, pk)
    access.deny_unless(pk_access.can_verify(request.user, realisasi.opd.pemda_id))
    default = reverse("perjanjian:realisasi_detail", args=[realisasi.pk])
    kwargs = {}
    if with_note:
        form = CatatanForm(request.POST)
        if not form.is_valid():
            for message in form.errors.get("catatan", []):
                messages.error(request, message)
            return redirect(_next_url(request, default))
        kwargs["catatan"] = form.cleaned_data["catatan"]
    try:
        action(realisasi=realisasi, user=request.user, **kwargs)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, success % {"kode": realisasi.indikator.kode, "opd": realisasi.opd.singkatan})
    return redirect(_next_url(request, default))


@login_required
@require_POST
def realisasi_verifikasi(request: HttpRequest, pk: int) -> HttpResponse:
    return _evaluator_action(
        request, pk, services.realisasi_verifikasi, _("Realisasi %(kode)s (%(opd)s) diverifikasi."), with_note=False
    )


@login_required
@require_POST
def realisasi_kembalikan(request: HttpRequest, pk: int) -> HttpResponse:
    return _evaluator_action(
        request,
        pk,
        services.realisasi_kembalikan,
        _("Realisasi %(kode)s (%(opd)s) dikembalikan dengan catatan."),
        with_note=True,
    )


@login_required
@require_POST
def realisasi_batal(request: HttpRequest, pk: int) -> HttpResponse:
    return _evaluator_action(
        request,
        pk,
        services.realisasi_batal_verifikasi,
        _("Verifikasi realisasi %(kode)s (%(opd)s) dibatalkan; realisasi dikembalikan ke perencana."),
        with_note=True,
    )


# --- Evaluator pages ----------------------------------------------------------------------------


def _evaluator_pemda(request: HttpRequest):
    pemda = request.pemda
    if pemda is None:
        raise Http404
    access.deny_unless(pk_access.can_verify(request.user, pemda.pk))
    return pemda


def _int_param(request: HttpRequest, name: str, allowed=None) -> int | None:
    try:
        value = int(request.GET.get(name, ""))
    except ValueError:
        return None
    return value if allowed is None or value in allowed else None


@login_required
def verifikasi(request: HttpRequest) -> HttpResponse:
    """The evaluators' queue: submitted realisations of the pemda, oldest first."""
    pemda = _evaluator_pemda(request)
    opds = list(PerangkatDaerah.objects.filter(pemda=pemda).order_by("nama"))
    filters = {}
    opd_id = _int_param(request, "opd", {opd.pk for opd in opds})
    if opd_id:
        filters["opd_id"] = opd_id
    tahun = _int_param(request, "tahun")
    if tahun:
        filters["tahun"] = tahun
    triwulan = _int_param(request, "triwulan", set(Triwulan.values))
    if triwulan:
        filters["triwulan"] = triwulan

    counts = dict(
        Realisasi.objects.filter(opd__pemda=pemda, **filters).order_by().values_list("status").annotate(n=Count("pk"))
    )
    page = Paginator(services.antrean_verifikasi(pemda.pk).filter(**filters), PER_HALAMAN).get_page(
        request.GET.get("halaman")
    )
    items = list(page.object_list)
    targets = services.baris_terkini(items)
    scales = services.skala_per_id(r.indikator.skala_id for r in items)
    rows = [
        {
            "realisasi": r,
            "target": services.target_tampil(
                targets.get((r.indikator_id, r.tahun)), r.triwulan, scales.get(r.indikator.skala_id)
            ),
            "sendiri": r.diajukan_oleh_id == request.user.pk,
        }
        for r in items
    ]
    years = sorted(
        set(Realisasi.objects.filter(opd__pemda=pemda).values_list("tahun", flat=True).distinct())
        | {timezone.localdate().year},
        reverse=True,
    )
    return render(
        request,
        "perjanjian/verifikasi.html",
        {
            "page": page,
            "rows": rows,
            "counts": [(value, label, counts.get(value, 0)) for value, label in Status.choices],
            "opds": opds,
            "years": years,
            "triwulan_choices": Triwulan.choices,
            "chosen": {"opd": opd_id, "tahun": tahun, "triwulan": triwulan},
            "here": request.get_full_path(),
            "title": _("Verifikasi realisasi"),
            "breadcrumbs": crumbs(),
        },
    )


@login_required
def jadwal(request: HttpRequest) -> HttpResponse:
    """The entry windows of a year, per quarter, and the reopenings granted in it."""
    pemda = _evaluator_pemda(request)
    tahun = _int_param(request, "tahun") or timezone.localdate().year
    if not 2000 <= tahun <= 2100:
        tahun = timezone.localdate().year
    existing = {j.triwulan: j for j in JadwalRealisasi.objects.filter(pemda=pemda, tahun=tahun)}
    initial = [
        {"dibuka": existing[tw].dibuka, "ditutup": existing[tw].ditutup} if tw in existing else {}
        for tw in Triwulan.values
    ]
    bound = request.method == "POST"
    formset = JadwalFormSet(request.POST if bound else None, initial=initial, prefix="jadwal")
    errors: list[str] = []
    if bound and formset.is_valid():
        try:
            services.jadwal_simpan(pemda_id=pemda.pk, tahun=tahun, jadwal=formset.jadwal(), user=request.user)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("Jadwal pengisian realisasi %(tahun)s disimpan.") % {"tahun": tahun})
            return redirect(f"{reverse('perjanjian:jadwal')}?tahun={tahun}")
    elif bound:
        errors = [*formset.non_form_errors(), _("Periksa kembali tanggal yang ditandai.")]

    reopenings = BukaKembali.objects.filter(opd__pemda=pemda, tahun=tahun).select_related("opd", "oleh")
    history = change_log(
        JadwalRealisasi.history.filter(pemda_id=pemda.pk, tahun=tahun),
        whole=True,
        limit=20,
        subject=lambda record: str(Triwulan(record.triwulan).label),
    )
    this_year = timezone.localdate().year
    return render(
        request,
        "perjanjian/jadwal.html",
        {
            "formset": formset,
            "errors": errors,
            "tahun": tahun,
            "years": sorted({this_year - 1, this_year, this_year + 1, tahun}),
            "reopenings": reopenings,
            "history": history,
            "title": _("Jadwal pengisian realisasi %(tahun)s") % {"tahun": tahun},
            "breadcrumbs": crumbs(),
        },
    )


@login_required
def buka_kembali(request: HttpRequest, opd_pk: int, tahun: int, triwulan: int) -> HttpResponse:
    opd = opd_or_404(request, opd_pk)
    _cek_triwulan(triwulan, tahun)
    access.deny_unless(pk_access.can_verify(request.user, opd.pemda_id))
    bound = request.method == "POST"
    form = BukaKembaliForm(
        request.POST if bound else None, initial={"sampai": timezone.localdate() + datetime.timedelta(days=7)}
    )
    if bound and form.is_valid():
        try:
            buka = services.buka_kembali(
                opd=opd, tahun=tahun, triwulan=triwulan, user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("Pengisian %(tw)s %(tahun)s %(opd)s dibuka kembali sampai %(tanggal)s.")
                % {
                    "tw": Triwulan(triwulan).label,
                    "tahun": tahun,
                    "opd": opd.singkatan,
                    "tanggal": date_format(buka.sampai, "j F Y"),
                },
            )
            return redirect(_triwulan_url(opd.pk, tahun, triwulan))
    return render(
        request,
        "perjanjian/buka_kembali.html",
        {
            "form": form,
            "opd": opd,
            "tahun": tahun,
            "triwulan": triwulan,
            "triwulan_label": Triwulan(triwulan).label,
            "window": services.jendela(opd=opd, tahun=tahun, triwulan=triwulan),
            "reopenings": BukaKembali.objects.filter(opd=opd, tahun=tahun, triwulan=triwulan).select_related("oleh"),
            "cancel_url": _triwulan_url(opd.pk, tahun, triwulan),
            "title": _("Buka kembali pengisian %(tw)s %(tahun)s") % {"tw": Triwulan(triwulan).label, "tahun": tahun},
            "breadcrumbs": _crumbs_triwulan(opd, tahun, triwulan),
        },
    )
