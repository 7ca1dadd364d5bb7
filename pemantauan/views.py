"""Pages of budget absorption (serapan anggaran) and SP4N-LAPOR complaints: the pemda recaps, each
OPD's year, the monthly entry grids, the target curve, the Excel/CSV import and an indicator's data
source. Thin: scope and permission from ``pemantauan.access``, figures from ``ringkasan``/``hitung``,
writes through ``services`` and ``imports``."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from iku_manual import access as iku_access
from iku_manual.exports import XLSX_CONTENT_TYPE
from iku_manual.imports import discard_upload
from iku_manual.models import Indikator
from pemantauan import access as pm_access
from pemantauan import hitung, imports, ringkasan, services
from pemantauan.forms import KurvaForm, PengaduanGridForm, SerapanGridForm, SumberIndikatorForm, UnggahForm
from pemantauan.models import BULAN, PengaduanLapor, SerapanAnggaran, SumberIndikator
from perjanjian.views.common import checked_year, year_param
from sakip import access, grafik
from sakip.history import change_log

SESSION_KEY = "pemantauan_impor"
BULAN_SINGKAT = [nama[:3] for nama in hitung.NAMA_BULAN]


def _crumbs(*trail: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Serapan & Pengaduan"), reverse("pemantauan:beranda")), *trail]


def _bulan_param(request: HttpRequest, tahun: int) -> int:
    """``?bulan=1..12``; by default the last month that has ended (December for a past year). In
    January nothing has ended yet: January then, which ``_bulan_label`` marks as still running."""
    try:
        bulan = int(request.GET.get("bulan", ""))
    except ValueError:
        bulan = 0
    if 1 <= bulan <= 12:
        return bulan
    today = timezone.localdate()
    if tahun < today.year:
        return 12
    if tahun > today.year:
        return 1
    return max(1, today.month - 1)


def _bulan_label(tahun: int, bulan: int) -> str:
    """The month's name, "Januari (berjalan)" while it runs: its figures are not final."""
    nama = _(hitung.NAMA_BULAN[bulan - 1])
    today = timezone.localdate()
    if (tahun, bulan) == (today.year, today.month):
        return _("%(bulan)s (berjalan)") % {"bulan": nama}
    return nama


def _tahun_pilihan(tahun: int) -> list[int]:
    this = timezone.localdate().year
    return sorted({*range(this - 2, this + 1), tahun})


def _visible_opds(request: HttpRequest, pemda) -> list:
    return list(access.visible_opd(request.user).filter(pemda=pemda, aktif=True).order_by("urutan", "nama"))


# --- Beranda -----------------------------------------------------------------------------------------


@login_required
@require_safe
def beranda(request: HttpRequest) -> HttpResponse:
    tahun = year_param(request)
    pemda = request.pemda
    opds = _visible_opds(request, pemda) if pemda is not None else []
    user = request.user
    return render(
        request,
        "pemantauan/beranda.html",
        {
            "title": _("Serapan anggaran dan pengaduan SP4N-LAPOR"),
            "pemda": pemda,
            "tahun": tahun,
            "years": _tahun_pilihan(tahun),
            "opds": [(opd, pm_access.can_enter(user, opd)) for opd in opds],
            "dapat_impor": pm_access.can_import(user) and pemda is not None,
            "breadcrumbs": [],
        },
    )


def _konteks_rekap(request: HttpRequest, tahun: int, judul: str) -> dict:
    """What both recaps (absorption, complaints) show above their table: the year and the month
    chosen (``?bulan=``), the choices, the pemda, and whether the user may import."""
    tahun = checked_year(tahun)
    bulan = _bulan_param(request, tahun)
    return {
        "title": judul,
        "tahun": tahun,
        "bulan": bulan,
        "bulan_label": _bulan_label(tahun, bulan),
        "daftar_bulan": BULAN,
        "years": _tahun_pilihan(tahun),
        "pemda": request.pemda,
        "breadcrumbs": _crumbs(),
        "dapat_impor": pm_access.can_import(request.user),
    }


# --- Serapan anggaran --------------------------------------------------------------------------------


@login_required
@require_safe
def serapan_rekap(request: HttpRequest, tahun: int) -> HttpResponse:
    """Every OPD the user sees up to a month: pagu, realisation, %, the curve's target, deviation."""
    context = _konteks_rekap(request, tahun, _("Rekap serapan anggaran"))
    tahun, bulan, pemda = context["tahun"], context["bulan"], context["pemda"]
    if pemda is None:
        return render(request, "pemantauan/serapan_rekap.html", context)
    opds = _visible_opds(request, pemda)
    rincian = ringkasan.serapan_rincian_per_opd(pemda, tahun, datetime.date(tahun, bulan, 1))
    kurva, kurva_sendiri = ringkasan.kurva_untuk(pemda)
    target = kurva.get(bulan)
    baris = []
    for opd in opds:
        row = rincian.get(opd.pk)
        persen = row.persen if row else None
        dev = hitung.deviasi(persen, target)
        baris.append(
            {
                "opd": opd,
                "data": row,
                "persen": persen,
                "deviasi": dev,
                "pita": hitung.pita(dev),
                "bulan_data": hitung.NAMA_BULAN[row.bulan - 1] if row and row.bulan != bulan else "",
            }
        )
    total = None
    if not request.user.is_opd_role and any(b["data"] for b in baris):
        pagu = sum(b["data"].pagu for b in baris if b["data"])
        realisasi = sum(b["data"].realisasi_sd for b in baris if b["data"])
        persen = hitung.persen(realisasi, pagu)
        dev = hitung.deviasi(persen, target)
        total = {"pagu": pagu, "realisasi": realisasi, "persen": persen, "deviasi": dev, "pita": hitung.pita(dev)}
    chart = grafik.batang(
        _("Serapan anggaran %(tahun)s s.d. %(bulan)s") % {"bulan": context["bulan_label"], "tahun": tahun},
        [b["opd"].singkatan for b in baris],
        [
            grafik.Seri(_("Serapan"), [b["persen"] for b in baris]),
            grafik.Seri(_("Target kurva"), [target if b["data"] else None for b in baris]),
        ],
        satuan="%",
    )
    context |= {
        "baris": baris,
        "total": total,
        "target": target,
        "kurva_sendiri": kurva_sendiri,
        "grafik": chart if baris else None,
        "belum_mengisi": sum(1 for b in baris if b["data"] is None),
        "tertinggal": [b for b in baris if b["pita"] == "merah"],
    }
    return render(request, "pemantauan/serapan_rekap.html", context)


def _grafik_bulanan(judul: str, seri: list[grafik.Seri], satuan: str = "%") -> grafik.Grafik:
    """A line chart over the twelve months."""
    return grafik.garis(judul, BULAN_SINGKAT, seri, satuan=satuan, sumbu=_("Bulan"))


@login_required
@require_safe
def serapan_opd(request: HttpRequest, tahun: int, opd_pk: int) -> HttpResponse:
    """One OPD's year: realisation (%) against the target curve month by month, chart and table."""
    opd = pm_access.opd_or_404(request, opd_pk)
    tahun = checked_year(tahun)
    rows = ringkasan.serapan_bulanan(opd, tahun)
    kurva, kurva_sendiri = ringkasan.kurva_untuk(opd.pemda_id)
    tabel = []
    for bulan, label in BULAN:
        row = rows.get(bulan)
        persen = hitung.persen(row.realisasi_sd, row.pagu) if row else None
        dev = hitung.deviasi(persen, kurva.get(bulan))
        tabel.append(
            {
                "bulan": bulan,
                "label": label,
                "row": row,
                "persen": persen,
                "target": kurva.get(bulan),
                "deviasi": dev,
                "pita": hitung.pita(dev),
                "sisa": (row.pagu - row.realisasi_sd) if row else None,
            }
        )
    chart = _grafik_bulanan(
        _("Serapan anggaran %(opd)s %(tahun)s terhadap kurva target") % {"opd": opd.singkatan, "tahun": tahun},
        [
            grafik.Seri(_("Realisasi"), [t["persen"] for t in tabel]),
            grafik.Seri(_("Target kurva"), [t["target"] for t in tabel]),
        ],
    )
    return render(
        request,
        "pemantauan/serapan_opd.html",
        {
            "title": _("Serapan anggaran %(opd)s") % {"opd": opd.nama},
            "opd": opd,
            "tahun": tahun,
            "years": _tahun_pilihan(tahun),
            "tabel": tabel,
            "grafik": chart,
            "kurva_sendiri": kurva_sendiri,
            "dapat_isi": pm_access.can_enter(request.user, opd),
            "breadcrumbs": _crumbs(
                (_("Rekap serapan %(tahun)s") % {"tahun": tahun}, reverse("pemantauan:serapan_rekap", args=[tahun]))
            ),
        },
    )


def _riwayat(model, opd, tahun: int):
    def subject(record) -> str:
        return hitung.NAMA_BULAN[record.bulan - 1]

    return change_log(
        model.history.filter(opd_id=opd.pk, tahun=tahun),
        limit=20,
        subject=subject,
        whole=True,
        hidden={"diisi_oleh", "diubah_pada"},
    )


def _grid(request: HttpRequest, *, opd, tahun: int, jenis: str) -> HttpResponse:
    """The twelve-month entry grid of one OPD and year; saved all or nothing."""
    serapan = jenis == "serapan"
    tersimpan = ringkasan.serapan_bulanan(opd, tahun) if serapan else ringkasan.pengaduan_bulanan(opd, tahun)
    form_class = SerapanGridForm if serapan else PengaduanGridForm
    form = form_class(request.POST if request.method == "POST" else None, tersimpan=tersimpan)
    halaman = reverse("pemantauan:serapan_opd" if serapan else "pemantauan:pengaduan_opd", args=[tahun, opd.pk])
    if request.method == "POST":
        if form.is_valid():
            simpan = services.simpan_serapan if serapan else services.simpan_pengaduan
            try:
                changed = simpan(opd=opd, tahun=tahun, isian=form.isian(), user=request.user)
            except services.IsianTidakSah as error:
                for kesalahan in error.kesalahan:
                    form.add_error(f"{kesalahan.kolom}_{kesalahan.bulan}", kesalahan.pesan)
            else:
                if changed:
                    messages.success(request, _("Data disimpan (%(n)s bulan berubah).") % {"n": changed})
                else:
                    messages.info(request, _("Tidak ada perubahan."))
                return redirect(halaman)
    judul = _("Isi serapan anggaran") if serapan else _("Isi pengaduan SP4N-LAPOR")
    return render(
        request,
        "pemantauan/grid.html",
        {
            "title": judul,
            "opd": opd,
            "tahun": tahun,
            "form": form,
            "serapan": serapan,
            "cancel_url": halaman,
            "history": _riwayat(SerapanAnggaran if serapan else PengaduanLapor, opd, tahun),
            "breadcrumbs": _crumbs((opd.singkatan, halaman)),
        },
    )


@login_required
def serapan_isi(request: HttpRequest, tahun: int, opd_pk: int) -> HttpResponse:
    opd = pm_access.opd_or_404(request, opd_pk)
    tahun = checked_year(tahun)
    access.deny_unless(pm_access.can_enter(request.user, opd))
    return _grid(request, opd=opd, tahun=tahun, jenis="serapan")


# --- Kurva target --------------------------------------------------------------------------------------


def _pemda_or_404(request: HttpRequest):
    if request.pemda is None:
        raise Http404
    return request.pemda


@login_required
@require_safe
def kurva(request: HttpRequest) -> HttpResponse:
    pemda = _pemda_or_404(request)
    nilai, sendiri = ringkasan.kurva_untuk(pemda)
    return render(
        request,
        "pemantauan/kurva.html",
        {
            "title": _("Kurva target serapan anggaran"),
            "pemda": pemda,
            "kurva": [(label, nilai.get(bulan)) for bulan, label in BULAN],
            "sendiri": sendiri,
            "dapat_ubah": pm_access.can_edit_kurva(request.user, pemda.pk),
            "breadcrumbs": _crumbs(),
        },
    )


@login_required
def kurva_ubah(request: HttpRequest) -> HttpResponse:
    pemda = _pemda_or_404(request)
    access.deny_unless(pm_access.can_edit_kurva(request.user, pemda.pk))
    nilai, sendiri = ringkasan.kurva_untuk(pemda)
    form = KurvaForm(request.POST if request.method == "POST" else None, kurva=nilai)
    if request.method == "POST":
        if "kembalikan" in request.POST:
            services.kembalikan_kurva(pemda=pemda, user=request.user)
            messages.success(request, _("Kurva bawaan berlaku kembali."))
            return redirect("pemantauan:kurva")
        if form.is_valid():
            try:
                services.simpan_kurva(pemda=pemda, persen=form.persen, user=request.user)
            except services.IsianTidakSah as error:
                for kesalahan in error.kesalahan:
                    form.add_error(f"persen_{kesalahan.bulan}", kesalahan.pesan)
            else:
                messages.success(request, _("Kurva target %(pemda)s disimpan.") % {"pemda": pemda.nama})
                return redirect("pemantauan:kurva")
    return render(
        request,
        "pemantauan/kurva_form.html",
        {
            "title": _("Ubah kurva target serapan"),
            "pemda": pemda,
            "form": form,
            "sendiri": sendiri,
            "breadcrumbs": _crumbs((_("Kurva target"), reverse("pemantauan:kurva"))),
        },
    )


# --- Pengaduan SP4N-LAPOR -----------------------------------------------------------------------------


@login_required
@require_safe
def pengaduan_rekap(request: HttpRequest, tahun: int) -> HttpResponse:
    """Every OPD the user sees, January up to a month: received, responded, resolved and the rates."""
    context = _konteks_rekap(request, tahun, _("Rekap tindak lanjut pengaduan SP4N-LAPOR"))
    tahun, bulan, pemda = context["tahun"], context["bulan"], context["pemda"]
    if pemda is None:
        return render(request, "pemantauan/pengaduan_rekap.html", context)
    opds = _visible_opds(request, pemda)
    data = ringkasan.pengaduan_per_opd(pemda, tahun, datetime.date(tahun, bulan, 1))
    baris = [{"opd": opd, "data": data.get(opd.pk)} for opd in opds]
    ada = [b["data"] for b in baris if b["data"]]
    total = None
    if ada and not request.user.is_opd_role:
        total = ringkasan.PengaduanOpd(
            sum(d.diterima for d in ada), sum(d.ditanggapi for d in ada), sum(d.selesai for d in ada)
        )
    chart = grafik.batang(
        _("Tindak lanjut pengaduan %(tahun)s, Januari s.d. %(bulan)s")
        % {"bulan": context["bulan_label"], "tahun": tahun},
        [b["opd"].singkatan for b in baris],
        [
            grafik.Seri(_("Ditanggapi"), [b["data"].persen_ditanggapi if b["data"] else None for b in baris]),
            grafik.Seri(_("Selesai"), [b["data"].persen_selesai if b["data"] else None for b in baris]),
        ],
        satuan="%",
    )
    context |= {"baris": baris, "total": total, "grafik": chart if baris else None}
    return render(request, "pemantauan/pengaduan_rekap.html", context)


@login_required
@require_safe
def pengaduan_opd(request: HttpRequest, tahun: int, opd_pk: int) -> HttpResponse:
    opd = pm_access.opd_or_404(request, opd_pk)
    tahun = checked_year(tahun)
    rows = ringkasan.pengaduan_bulanan(opd, tahun)
    tabel = []
    for bulan, label in BULAN:
        row = rows.get(bulan)
        tabel.append(
            {
                "label": label,
                "row": row,
                "ditanggapi": hitung.persen(row.ditanggapi, row.diterima) if row else None,
                "selesai": hitung.persen(row.selesai, row.diterima) if row else None,
            }
        )
    total = ringkasan.PengaduanOpd(
        sum(r.diterima for r in rows.values()),
        sum(r.ditanggapi for r in rows.values()),
        sum(r.selesai for r in rows.values()),
    )
    chart = grafik.batang(
        _("Pengaduan SP4N-LAPOR %(opd)s %(tahun)s") % {"opd": opd.singkatan, "tahun": tahun},
        BULAN_SINGKAT,
        [
            grafik.Seri(_("Diterima"), [t["row"].diterima if t["row"] else None for t in tabel]),
            grafik.Seri(_("Ditanggapi"), [t["row"].ditanggapi if t["row"] else None for t in tabel]),
            grafik.Seri(_("Selesai"), [t["row"].selesai if t["row"] else None for t in tabel]),
        ],
    )
    return render(
        request,
        "pemantauan/pengaduan_opd.html",
        {
            "title": _("Pengaduan SP4N-LAPOR %(opd)s") % {"opd": opd.nama},
            "opd": opd,
            "tahun": tahun,
            "years": _tahun_pilihan(tahun),
            "tabel": tabel,
            "total": total if rows else None,
            "grafik": chart,
            "dapat_isi": pm_access.can_enter(request.user, opd),
            "breadcrumbs": _crumbs(
                (_("Rekap pengaduan %(tahun)s") % {"tahun": tahun}, reverse("pemantauan:pengaduan_rekap", args=[tahun]))
            ),
        },
    )


@login_required
def pengaduan_isi(request: HttpRequest, tahun: int, opd_pk: int) -> HttpResponse:
    opd = pm_access.opd_or_404(request, opd_pk)
    tahun = checked_year(tahun)
    access.deny_unless(pm_access.can_enter(request.user, opd))
    return _grid(request, opd=opd, tahun=tahun, jenis="pengaduan")


# --- Impor Excel/CSV -------------------------------------------------------------------------------------


def _impor_place(request: HttpRequest, jenis: str, tahun: int):
    pemda = _pemda_or_404(request)
    tahun = checked_year(tahun)
    access.deny_unless(pm_access.can_import(request.user))
    return pemda, tahun, imports.JENIS[jenis]


def _opds_impor(request: HttpRequest, pemda) -> list:
    return [opd for opd in _visible_opds(request, pemda) if pm_access.can_enter(request.user, opd)]


def _rekap_url(jenis: str, tahun: int) -> str:
    return reverse(f"pemantauan:{jenis}_rekap", args=[tahun])


@login_required
@require_safe
def templat(request: HttpRequest, jenis: str, tahun: int) -> HttpResponse:
    """The import template of the OPDs the user may enter, prefilled; ``?format=csv`` for CSV."""
    pemda, tahun, spec = _impor_place(request, jenis, tahun)
    opds = _opds_impor(request, pemda)
    name = f"{jenis}-{pemda.kode}-{tahun}".replace(" ", "-")
    if request.GET.get("format") == "csv":
        response = HttpResponse(imports.templat_csv(jenis=spec, opds=opds, tahun=tahun), content_type="text/csv")
        filename = f"{name}.csv"
    else:
        response = HttpResponse(
            imports.templat_xlsx(jenis=spec, opds=opds, tahun=tahun), content_type=XLSX_CONTENT_TYPE
        )
        filename = f"{name}.xlsx"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def _owner(request: HttpRequest, jenis: str, tahun: int) -> dict:
    return {"user": request.user.pk, "jenis": jenis, "tahun": tahun, "pemda": request.pemda.pk}


@login_required
def impor(request: HttpRequest, jenis: str, tahun: int) -> HttpResponse:
    pemda, tahun, spec = _impor_place(request, jenis, tahun)
    form = UnggahForm(request.POST, request.FILES) if request.method == "POST" else UnggahForm()
    if form.is_bound and form.is_valid():
        token = imports.simpan_berkas(imports.baca_berkas(form.cleaned_data["berkas"]))
        pending = request.session.get(SESSION_KEY, {})
        owner = _owner(request, jenis, tahun)
        for old in [old for old, place in pending.items() if place == owner]:
            discard_upload(old)
            del pending[old]
        pending[token] = owner
        request.session[SESSION_KEY] = pending
        return redirect(f"pemantauan:{jenis}_impor_preview", tahun, token)
    return render(
        request,
        "pemantauan/impor_upload.html",
        {
            "title": _("Impor %(jenis)s dari Excel/CSV") % {"jenis": spec.judul},
            "form": form,
            "jenis": spec,
            "tahun": tahun,
            "pemda": pemda,
            "templat_url": reverse(f"pemantauan:{jenis}_templat", args=[tahun]),
            "cancel_url": _rekap_url(jenis, tahun),
            "breadcrumbs": _crumbs((_("Rekap %(tahun)s") % {"tahun": tahun}, _rekap_url(jenis, tahun))),
        },
    )


@login_required
def impor_preview(request: HttpRequest, jenis: str, tahun: int, token: str) -> HttpResponse:
    """GET: what the file would change, or every error in it. POST: apply it, or cancel."""
    pemda, tahun, spec = _impor_place(request, jenis, tahun)
    if request.session.get(SESSION_KEY, {}).get(token) != _owner(request, jenis, tahun):
        raise Http404
    berkas = imports.muat_berkas(token)
    if berkas is None:
        raise Http404

    def forget():
        discard_upload(token)
        pending = request.session.get(SESSION_KEY, {})
        pending.pop(token, None)
        request.session[SESSION_KEY] = pending

    if request.method == "POST" and "batal" in request.POST:
        forget()
        messages.info(request, _("Impor dibatalkan; berkas yang diunggah sudah dihapus."))
        return redirect(f"pemantauan:{jenis}_impor", tahun)
    if request.method == "POST":
        hasil = imports.terapkan(berkas, jenis=spec, pemda=pemda, tahun=tahun, user=request.user)
        if hasil.ok:
            forget()
            messages.success(
                request,
                _("Impor selesai: %(baru)s bulan baru, %(ubah)s diubah, %(tetap)s tetap.")
                % {"baru": hasil.baru, "ubah": hasil.diubah, "tetap": hasil.tetap},
            )
            return redirect(_rekap_url(jenis, tahun))
        messages.error(request, _("Berkas masih berisi kesalahan; tidak ada yang disimpan."))
    else:
        hasil = imports.periksa(berkas, jenis=spec, pemda=pemda, tahun=tahun, user=request.user)
    return render(
        request,
        "pemantauan/impor_preview.html",
        {
            "title": _("Pratinjau impor %(jenis)s") % {"jenis": spec.judul},
            "hasil": hasil,
            "jenis": spec,
            "kolom_angka": spec.angka,
            "berubah": [row for row in hasil.rows if row.status != "tetap"],
            "tahun": tahun,
            "pemda": pemda,
            "upload_url": reverse(f"pemantauan:{jenis}_impor", args=[tahun]),
            "breadcrumbs": _crumbs(
                (_("Rekap %(tahun)s") % {"tahun": tahun}, _rekap_url(jenis, tahun)),
                (_("Impor"), reverse(f"pemantauan:{jenis}_impor", args=[tahun])),
            ),
        },
    )


# --- Sumber data indikator ----------------------------------------------------------------------------


@login_required
def sumber_indikator(request: HttpRequest, indikator_pk: int) -> HttpResponse:
    """Link an indicator to a figure of this app (or remove the link)."""
    indikator = access.get_visible_or_404(
        Indikator.objects.select_related("sasaran__opd", "sasaran__periode"),
        request.user,
        scope=iku_access.INDIKATOR_SCOPE,
        pk=indikator_pk,
    )
    access.deny_unless(pm_access.can_set_sumber(request.user, indikator))
    existing = SumberIndikator.objects.filter(indikator=indikator).first()
    if request.method == "POST" and "hapus" in request.POST:
        if existing is not None:
            existing._history_user = request.user
            existing.delete()
            messages.success(request, _("Sumber data indikator dilepas."))
        return redirect(indikator)
    form = SumberIndikatorForm(
        request.POST if request.method == "POST" else None,
        instance=existing or SumberIndikator(indikator=indikator),
    )
    if request.method == "POST" and form.is_valid():
        sumber = form.save(commit=False)
        sumber._history_user = request.user
        sumber.save()
        messages.success(
            request, _("Sumber data indikator disimpan: %(ukuran)s.") % {"ukuran": sumber.get_ukuran_display()}
        )
        return redirect(indikator)
    return render(
        request,
        "pemantauan/sumber_indikator.html",
        {
            "title": _("Sumber data realisasi indikator"),
            "indikator": indikator,
            "form": form,
            "existing": existing,
            "breadcrumbs": [(f"{indikator.kode}", indikator.get_absolute_url())],
        },
    )
