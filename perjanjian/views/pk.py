"""The Perjanjian Kinerja pages: the list, a new PK, its page, the header, rows (target and rencana
aksi) and budget forms, the workflow actions (ajukan, kembalikan, tetapkan, hapus), PK Perubahan and
the comparison of two versions.

Access: outside the user's scope 404 (``_pk``), visible but not allowed 403 (``deny_unless``); a PK
that is submitted or ditetapkan is never written, whatever is POSTed (services re-check it under a
row lock)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iku_manual.models import Indikator, Sasaran
from perjanjian import access as pk_access
from perjanjian import services
from perjanjian.capaian import periksa_rencana_aksi
from perjanjian.forms.pk import (
    AnggaranFormSet,
    PerubahanForm,
    PkCreateForm,
    PkHeaderForm,
    TambahIndikatorForm,
    baris_formset,
    scale_names,
    target_text,
)
from perjanjian.models import AnggaranPK, BarisPK, PerjanjianKinerja, jumlah_anggaran
from perjanjian.views.common import crumbs, form_page
from sakip import access
from sakip.halaman import halaman_tersimpan
from sakip.history import change_log, merged_log
from sakip.models import PerangkatDaerah
from sakip.numbers import format_decimal
from sakip.views import _page

Status = PerjanjianKinerja.Status


def _pk(request: HttpRequest, pk: int) -> PerjanjianKinerja:
    """A PK inside the user's scope (404 otherwise), with what its header shows."""
    queryset = PerjanjianKinerja.objects.select_related(
        "opd__pemda", "periode", "unit", "pihak_pertama", "pihak_kedua", "diajukan_oleh", "ditetapkan_oleh"
    )
    return access.get_visible_or_404(queryset, request.user, scope=pk_access.PK_SCOPE, pk=pk)


def _list_crumb() -> tuple[str, str]:
    return (_("Daftar PK"), reverse("perjanjian:pk_list"))


def _trail(perjanjian: PerjanjianKinerja) -> list[tuple[str, str]]:
    return [_list_crumb(), (_judul(perjanjian), perjanjian.get_absolute_url())]


def _judul(perjanjian: PerjanjianKinerja) -> str:
    """ "PK Induk 2026 · Dinkes" (the year as text: never grouped as thousands)."""
    siapa = perjanjian.unit.nama if perjanjian.unit_id else perjanjian.opd.singkatan
    versi = f" v{perjanjian.versi}" if perjanjian.versi > 1 else ""
    return f"{perjanjian.get_jenis_display()}{versi} {perjanjian.tahun} · {siapa}"


def _refuse_locked(request: HttpRequest, perjanjian: PerjanjianKinerja) -> HttpResponse | None:
    """A submitted or ditetapkan PK is read-only: say so and go back to its page (GET and POST)."""
    if perjanjian.dapat_diubah:
        return None
    if perjanjian.terkunci:
        messages.warning(request, _("PK ini sudah ditetapkan dan tidak dapat diubah; buat PK Perubahan."))
    else:
        messages.warning(request, _("PK ini sedang diajukan; tunggu ditetapkan atau dikembalikan."))
    return redirect(perjanjian)


def _report(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# --- Rows as the pages show them ----------------------------------------------------------------------


@dataclass
class BarisTampil:
    """One row, its values written as planners read them."""

    baris: BarisPK
    target: str
    renstra: str
    selisih: str = ""
    berbeda: bool = False
    triwulan: list[str] = field(default_factory=list)
    peringatan: list[str] = field(default_factory=list)


def _rows_query(perjanjian: PerjanjianKinerja):
    return (
        BarisPK.objects.filter(perjanjian=perjanjian)
        .select_related("indikator__sasaran", "indikator__skala")
        .prefetch_related("indikator__skala__nilai")
        .order_by("urutan", "pk")
    )


def _range(low: Decimal | None, high: Decimal | None) -> str:
    if low is None and high is None:
        return ""
    return f"{format_decimal(low) or '…'} – {format_decimal(high) or '…'}"


def _tampil(row: BarisPK) -> BarisTampil:
    indikator = row.indikator
    names = scale_names(indikator)
    triwulan = [target_text(value, names) for value in row.triwulan]
    if indikator.polaritas == Indikator.Polaritas.STABILIZE:
        return BarisTampil(
            row, _range(row.batas_bawah, row.batas_atas), target_text(row.target_renstra), triwulan=triwulan
        )
    shown = BarisTampil(row, target_text(row.target, names), target_text(row.target_renstra, names), triwulan=triwulan)
    shown.berbeda = row.target_renstra is not None and row.target != row.target_renstra
    if shown.berbeda and row.target is not None and not names:
        difference = row.target - row.target_renstra
        shown.selisih = ("+" if difference > 0 else "") + format_decimal(difference)
    shown.peringatan = periksa_rencana_aksi(row.target, row.triwulan, indikator.agregasi)
    return shown


def _by_sasaran(rows: list[BarisTampil]) -> list[tuple[Sasaran, list[BarisTampil]]]:
    """Rows grouped under their sasaran, in the order the rows come."""
    groups: dict[int, tuple[Sasaran, list[BarisTampil]]] = {}
    for shown in rows:
        sasaran = shown.baris.indikator.sasaran
        groups.setdefault(sasaran.pk, (sasaran, []))[1].append(shown)
    return list(groups.values())


# --- List and create ------------------------------------------------------------------------------------


@login_required
def pk_list(request: HttpRequest) -> HttpResponse:
    pemda = request.pemda
    user = request.user
    opds = list(access.visible_opd(user).filter(pemda=pemda).order_by("urutan", "nama")) if pemda else []
    agreements = access.scope_queryset(PerjanjianKinerja.objects.filter(opd__pemda=pemda), user, **pk_access.PK_SCOPE)
    years = list(agreements.order_by("-tahun").values_list("tahun", flat=True).distinct())
    tahun, opd = request.GET.get("tahun", ""), request.GET.get("opd", "")
    # ASCII digits only, and short: "²" passes str.isdigit() but not int(); a huge year overflows the column.
    if re.fullmatch(r"[0-9]{4}", tahun):
        agreements = agreements.filter(tahun=int(tahun))
    if re.fullmatch(r"[0-9]{1,9}", opd):
        agreements = agreements.filter(opd_id=int(opd))
    agreements = agreements.select_related("opd", "unit", "pihak_pertama", "pihak_kedua").order_by(
        "-tahun", "opd__urutan", "opd__nama", F("unit__urutan").asc(nulls_first=True), "unit__nama", "-versi"
    )
    page = _page(request, agreements)
    for perjanjian in page:
        perjanjian.pertama = services.penandatangan(perjanjian)["pertama"]
    return render(
        request,
        "perjanjian/pk_list.html",
        {
            "page": page,
            "years": years,
            "opd_choices": opds,
            "tahun_filter": tahun,
            "opd_filter": opd,
            "draft_opds": [o for o in opds if o.aktif and pk_access.can_draft(user, o)],
            "breadcrumbs": crumbs(),
            "title": _("Daftar Perjanjian Kinerja"),
        },
    )


@login_required
def pk_create(request: HttpRequest, opd_pk: int) -> HttpResponse:
    opd = access.get_visible_or_404(
        PerangkatDaerah.objects.select_related("pemda"), request.user, scope=access.OPD_SCOPE, pk=opd_pk
    )
    access.deny_unless(pk_access.can_draft(request.user, opd))
    form = PkCreateForm(request.POST or None, opd=opd)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            perjanjian = services.pk_create(
                opd=opd, periode=data["periode"], tahun=data["tahun"], unit=data["unit"], user=request.user
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("Draf %(pk)s dibuat dengan %(n)s indikator dari Renstra; periksa target dan rencana aksinya.")
                % {"pk": _judul(perjanjian), "n": perjanjian.baris.count()},
            )
            return redirect(perjanjian)
    return form_page(
        request,
        form,
        title=_("Buat Perjanjian Kinerja %(opd)s") % {"opd": opd.singkatan},
        trail=[_list_crumb()],
    )


# --- Detail -----------------------------------------------------------------------------------------------


def _history(perjanjian: PerjanjianKinerja):
    """The PK's own changes with those of its rows and budget, newest first; a fixed number of queries."""
    kode = dict(
        Indikator.objects.filter(
            pk__in=BarisPK.history.filter(perjanjian_id=perjanjian.pk).values("indikator_id")
        ).values_list("pk", "kode")
    )
    hidden = str(PerjanjianKinerja._meta.get_field("penandatangan").verbose_name)
    own = change_log(perjanjian.history.all())
    for row in own:
        row.changes = [change for change in row.changes if change[0] != hidden]  # the frozen snapshot, as JSON
    return merged_log(
        own,
        change_log(
            BarisPK.history.filter(perjanjian_id=perjanjian.pk),
            subject=lambda record: _("Indikator %(kode)s") % {"kode": kode.get(record.indikator_id, "?")},
            whole=True,
        ),
        change_log(
            AnggaranPK.history.filter(perjanjian_id=perjanjian.pk),
            subject=lambda record: _("Anggaran %(nama)s") % {"nama": record.nama},
            whole=True,
        ),
    )


def _lineage(perjanjian: PerjanjianKinerja) -> list[PerjanjianKinerja]:
    """Every version of the same official's PK for the year, oldest first."""
    return list(
        PerjanjianKinerja.objects.filter(
            opd_id=perjanjian.opd_id, tahun=perjanjian.tahun, unit_id=perjanjian.unit_id
        ).order_by("versi")
    )


@login_required
@halaman_tersimpan
def pk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    perjanjian = _pk(request, pk)
    user = request.user
    rows = [_tampil(row) for row in _rows_query(perjanjian)]
    anggaran = list(perjanjian.anggaran.select_related("sasaran").order_by("urutan", "pk"))
    versions = _lineage(perjanjian)
    successor = next((v for v in versions if v.menggantikan_id == perjanjian.pk), None)
    can_draft = pk_access.can_draft(user, perjanjian.opd)
    can_approve = pk_access.can_approve(user, perjanjian.opd)
    editable = perjanjian.dapat_diubah
    return render(
        request,
        "perjanjian/pk_detail.html",
        {
            "pk": perjanjian,
            "judul": _judul(perjanjian),
            "title": _judul(perjanjian),
            "breadcrumbs": crumbs(_list_crumb()),
            "ttd": services.penandatangan(perjanjian),
            "masalah": services.problems(perjanjian) if editable else [],
            "groups": _by_sasaran(rows),
            "jumlah_baris": len(rows),
            "anggaran": anggaran,
            "anggaran_total": jumlah_anggaran(anggaran),
            "versions": versions,
            "previous": next((v for v in versions if v.pk == perjanjian.menggantikan_id), None),
            "can_draft": can_draft,
            "can_edit": can_draft and editable,
            "can_submit": can_draft and editable,
            "can_delete": can_draft and editable,
            "can_decide": can_approve and perjanjian.status == Status.DIAJUKAN,
            "is_submitter": perjanjian.diajukan_oleh_id == user.pk,
            "can_revise": can_draft and perjanjian.terkunci and successor is None,
            "successor": successor,
            "history": _history(perjanjian),
        },
    )


# --- Header, rows, budget ---------------------------------------------------------------------------------


@login_required
def pk_edit(request: HttpRequest, pk: int) -> HttpResponse:
    perjanjian = _pk(request, pk)
    access.deny_unless(pk_access.can_draft(request.user, perjanjian.opd))
    if refused := _refuse_locked(request, perjanjian):
        return refused
    form = PkHeaderForm(request.POST or None, instance=perjanjian)
    if request.method == "POST" and form.is_valid():
        try:
            services.pk_ubah(perjanjian=form.save(commit=False), user=request.user)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Data perjanjian kinerja disimpan."))
            return redirect(perjanjian)
    return form_page(
        request,
        form,
        title=_("Ubah %(pk)s") % {"pk": _judul(perjanjian)},
        trail=_trail(perjanjian),
        history=change_log(perjanjian.history.all()),
    )


@login_required
def pk_baris(request: HttpRequest, pk: int) -> HttpResponse:
    perjanjian = _pk(request, pk)
    access.deny_unless(pk_access.can_draft(request.user, perjanjian.opd))
    if refused := _refuse_locked(request, perjanjian):
        return refused
    data = request.POST if request.method == "POST" else None
    formset = baris_formset(perjanjian, _rows_query(perjanjian), data)
    tambah = TambahIndikatorForm(data, perjanjian=perjanjian)
    errors: list[str] = []
    if data is not None:
        if formset.is_valid() and tambah.is_valid():
            hapus = {form.instance.pk for form in formset.deleted_forms if form.instance.pk}
            ubah = [form.parsed for form in formset.forms if form.instance.pk not in hapus and hasattr(form, "parsed")]
            indikator = tambah.cleaned_data["indikator"]
            try:
                services.pk_baris_simpan(
                    perjanjian=perjanjian,
                    user=request.user,
                    ubah=ubah,
                    hapus=hapus,
                    tambah=[indikator] if indikator else [],
                )
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(request, _("Target dan rencana aksi disimpan."))
                return redirect("perjanjian:pk_baris", perjanjian.pk)
        else:
            errors = [_("Periksa isian yang ditandai; belum ada yang disimpan.")]
    rows = [(form, _tampil(form.instance) if form.instance.pk else None) for form in formset.forms]
    return render(
        request,
        "perjanjian/pk_baris.html",
        {
            "pk": perjanjian,
            "title": _("Target dan rencana aksi"),
            "breadcrumbs": crumbs(*_trail(perjanjian)),
            "formset": formset,
            "rows": rows,
            "tambah": tambah,
            "errors": errors,
            "peringatan": sum(len(shown.peringatan) for _form, shown in rows if shown),
        },
    )


@login_required
def pk_anggaran(request: HttpRequest, pk: int) -> HttpResponse:
    perjanjian = _pk(request, pk)
    access.deny_unless(pk_access.can_draft(request.user, perjanjian.opd))
    if refused := _refuse_locked(request, perjanjian):
        return refused
    sasaran = Sasaran.objects.filter(indikator__baris_pk__perjanjian=perjanjian).distinct().order_by("urutan", "kode")
    formset = AnggaranFormSet(
        request.POST if request.method == "POST" else None,
        queryset=perjanjian.anggaran.select_related("sasaran").order_by("urutan", "pk"),
        prefix="anggaran",
        sasaran_choices=[(s.pk, f"{s.kode} {s.uraian}") for s in sasaran],
    )
    errors: list[str] = []
    if request.method == "POST":
        if formset.is_valid():
            simpan = formset.save(commit=False)
            try:
                services.pk_anggaran_simpan(
                    perjanjian=perjanjian, user=request.user, simpan=simpan, hapus=formset.deleted_objects
                )
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(request, _("Anggaran disimpan."))
                return redirect(perjanjian)
        else:
            errors = [_("Periksa isian yang ditandai; belum ada yang disimpan.")]
    saved = [form.instance for form in formset.initial_forms if form.instance.pk and form.instance.pagu]
    return render(
        request,
        "perjanjian/pk_anggaran.html",
        {
            "pk": perjanjian,
            "title": _("Program dan anggaran"),
            "breadcrumbs": crumbs(*_trail(perjanjian)),
            "formset": formset,
            "errors": errors,
            "total": jumlah_anggaran(saved),
        },
    )


# --- Workflow actions -----------------------------------------------------------------------------------


@login_required
@require_POST
def pk_ajukan(request: HttpRequest, pk: int) -> HttpResponse:
    perjanjian = _pk(request, pk)
    access.deny_unless(pk_access.can_draft(request.user, perjanjian.opd))
    try:
        services.pk_submit(perjanjian=perjanjian, user=request.user)
    except ValidationError as error:
        messages.error(request, _("PK belum dapat diajukan."))
        _report(request, error)
    else:
        messages.success(request, _("PK diajukan kepada kepala perangkat daerah untuk ditetapkan."))
    return redirect(perjanjian)


@login_required
@require_POST
def pk_kembalikan(request: HttpRequest, pk: int) -> HttpResponse:
    perjanjian = _pk(request, pk)
    access.deny_unless(pk_access.can_approve(request.user, perjanjian.opd))
    try:
        services.pk_return(perjanjian=perjanjian, user=request.user, catatan=request.POST.get("catatan", ""))
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("PK dikembalikan kepada perencana dengan catatan."))
    return redirect(perjanjian)


@login_required
@require_POST
def pk_tetapkan(request: HttpRequest, pk: int) -> HttpResponse:
    perjanjian = _pk(request, pk)
    access.deny_unless(pk_access.can_approve(request.user, perjanjian.opd))
    try:
        services.pk_approve(perjanjian=perjanjian, user=request.user)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("PK ditetapkan; penandatangan dan kop dibekukan."))
    return redirect(perjanjian)


@login_required
@require_POST
def pk_hapus(request: HttpRequest, pk: int) -> HttpResponse:
    perjanjian = _pk(request, pk)
    access.deny_unless(pk_access.can_draft(request.user, perjanjian.opd))
    judul, previous = _judul(perjanjian), perjanjian.menggantikan_id
    try:
        services.pk_hapus(perjanjian=perjanjian, user=request.user)
    except ValidationError as error:
        _report(request, error)
        return redirect(perjanjian)
    messages.success(request, _("%(pk)s dihapus.") % {"pk": judul})
    if previous:
        return redirect("perjanjian:pk_detail", previous)
    return redirect("perjanjian:pk_list")


@login_required
def pk_perubahan(request: HttpRequest, pk: int) -> HttpResponse:
    perjanjian = _pk(request, pk)
    access.deny_unless(pk_access.can_draft(request.user, perjanjian.opd))
    successor = PerjanjianKinerja.objects.filter(menggantikan=perjanjian).first()
    if successor is not None:
        messages.warning(request, _("Versi ini sudah punya PK Perubahan; ubah versi terbaru."))
        return redirect(successor)
    if not perjanjian.terkunci:
        messages.warning(request, _("PK Perubahan dibuat dari PK yang sudah ditetapkan; PK ini masih dapat diubah."))
        return redirect(perjanjian)
    form = PerubahanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            baru = services.pk_perubahan(
                perjanjian=perjanjian,
                user=request.user,
                alasan=form.cleaned_data["alasan"],
                dasar_hukum=form.cleaned_data["dasar_hukum"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("Draf %(pk)s dibuat dari versi %(versi)s; ubah yang perlu lalu ajukan.")
                % {"pk": _judul(baru), "versi": perjanjian.versi},
            )
            return redirect(baru)
    return form_page(
        request, form, title=_("Buat PK Perubahan dari %(pk)s") % {"pk": _judul(perjanjian)}, trail=_trail(perjanjian)
    )


# --- Comparison of versions ---------------------------------------------------------------------------------

TARGET_LABELS = {
    "target": _("Target"),
    "batas_bawah": _("Batas bawah"),
    "batas_atas": _("Batas atas"),
    "tw1": _("TW I"),
    "tw2": _("TW II"),
    "tw3": _("TW III"),
    "tw4": _("TW IV"),
}
ANGGARAN_LABELS = {
    "jenis": _("Jenis"),
    "kode": _("Kode rekening"),
    "nama": _("Nama"),
    "sasaran_id": _("Sasaran"),
    "pagu": _("Anggaran (Rp)"),
    "keterangan": _("Keterangan"),
}


def _anggaran_value(row: AnggaranPK, name: str) -> str:
    if name == "jenis":
        return row.get_jenis_display()
    if name == "sasaran_id":
        return row.sasaran.kode if row.sasaran_id else "-"
    if name == "pagu":
        return format_decimal(row.pagu, 2)
    return getattr(row, name) or "-"


def _changes_shown(perbandingan: services.Perbandingan) -> dict:
    targets = []
    for old, new, names in perbandingan.target_berubah:
        scale = scale_names(new.indikator)
        changes = [
            (TARGET_LABELS[n], target_text(getattr(old, n), scale) or "-", target_text(getattr(new, n), scale) or "-")
            for n in names
        ]
        targets.append((new, changes))
    budget = [
        (new, [(ANGGARAN_LABELS[n], _anggaran_value(old, n), _anggaran_value(new, n)) for n in names])
        for old, new, names in perbandingan.anggaran_berubah
    ]
    sides = {"pertama": _("Pihak pertama"), "kedua": _("Pihak kedua")}
    signatories = [(sides[side], old, new) for side, old, new in perbandingan.penandatangan_berubah]
    return {"target_berubah": targets, "anggaran_berubah": budget, "penandatangan_berubah": signatories}


@login_required
def pk_banding(request: HttpRequest, pk: int) -> HttpResponse:
    perjanjian = _pk(request, pk)
    previous = None
    if perjanjian.menggantikan_id:
        previous = PerjanjianKinerja.objects.select_related("pihak_pertama", "pihak_kedua", "opd", "unit").get(
            pk=perjanjian.menggantikan_id
        )
    perbandingan = services.bandingkan(lama=previous, baru=perjanjian) if previous else None
    return render(
        request,
        "perjanjian/pk_banding.html",
        {
            "pk": perjanjian,
            "previous": previous,
            "judul": _judul(perjanjian),
            "judul_lama": _judul(previous) if previous else "",
            "title": _("Perbandingan versi"),
            "breadcrumbs": crumbs(*_trail(perjanjian)),
            "banding": perbandingan,
            **(_changes_shown(perbandingan) if perbandingan else {}),
        },
    )
