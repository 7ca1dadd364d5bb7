"""Budget realisation of an agreement (per row and quarter, with serapan) and the pemda's capaian
settings (formula for minimize, cap, floor, efficiency threshold, predicate bands)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from perjanjian import access as pk_access
from perjanjian import capaian, services
from perjanjian.forms.anggaran import (
    TRIWULAN,
    PengaturanCapaianForm,
    PredikatFormSet,
    RealisasiAnggaranFormSet,
    pengaturan_untuk,
    simpan_skala,
    skala_awal,
)
from perjanjian.forms.fields import angka_rupiah
from perjanjian.models import (
    AnggaranPK,
    PengaturanCapaian,
    PerjanjianKinerja,
    PredikatCapaian,
    RealisasiAnggaran,
    Triwulan,
    anggaran_dijumlah,
    jumlah_anggaran,
    level_dijumlah,
)
from perjanjian.views.common import crumbs, pk_or_404
from sakip import access
from sakip.history import change_log
from sakip.numbers import format_decimal

# --- Realisasi anggaran ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Ringkasan:
    """What a row (or the total) has spent against its pagu."""

    pagu: Decimal
    triwulan: list[Decimal | None]
    realisasi: Decimal
    serapan: Decimal | None
    sisa: Decimal

    @property
    def teks(self) -> dict[str, str]:
        """Amounts as the grid prints them: "125.000.000", cents only when there are any."""
        return {
            "pagu": angka_rupiah(self.pagu),
            "realisasi": angka_rupiah(self.realisasi),
            "sisa": angka_rupiah(self.sisa),
            "triwulan": [angka_rupiah(value) if value is not None else "–" for value in self.triwulan],
        }


def _ringkasan(pagu: Decimal, triwulan: list[Decimal | None]) -> Ringkasan:
    realisasi = sum((value for value in triwulan if value is not None), Decimal(0))
    return Ringkasan(pagu, triwulan, realisasi, capaian.serapan(realisasi, pagu), pagu - realisasi)


def _status_pengisian(perjanjian: PerjanjianKinerja) -> tuple[bool, str, PerjanjianKinerja | None]:
    """Whether budget realisation may be entered on this version, and why not: only the ditetapkan
    version in force takes it (a PK Perubahan carries it over when it is ditetapkan)."""
    if not perjanjian.terkunci:
        return False, _("Realisasi anggaran diisi setelah perjanjian kinerja ini ditetapkan."), None
    berlaku = services.pk_berlaku(opd=perjanjian.opd, tahun=perjanjian.tahun, unit=perjanjian.unit)
    if berlaku is not None and berlaku.pk != perjanjian.pk:
        return (
            False,
            _(
                "Versi ini sudah digantikan oleh %(versi)s; realisasi anggaran diisi pada versi yang berlaku. "
                "Halaman ini hanya untuk dibaca."
            )
            % {"versi": str(berlaku)},
            berlaku,
        )
    return True, "", None


def _riwayat(baris: list[AnggaranPK]):
    """Every change to the grid, newest first, each named by its row, quarter and amount."""
    names = {row.pk: row.nama for row in baris}

    def subject(record) -> str:
        return _("%(nama)s, %(tw)s: Rp %(nilai)s") % {
            "nama": names.get(record.anggaran_id, "-"),
            "tw": Triwulan(record.triwulan).label,
            "nilai": angka_rupiah(record.nilai) or "-",
        }

    history = RealisasiAnggaran.history.filter(anggaran_id__in=list(names))
    return change_log(history, limit=20, subject=subject, whole=True)


@login_required
def realisasi_anggaran(request: HttpRequest, pk: int) -> HttpResponse:
    perjanjian = pk_or_404(request, pk)
    access.deny_unless(pk_access.can_draft(request.user, perjanjian.opd))
    baris = list(perjanjian.anggaran.all())
    tersimpan = {
        (item.anggaran_id, item.triwulan): item.nilai
        for item in RealisasiAnggaran.objects.filter(anggaran__perjanjian=perjanjian)
    }
    dapat_diisi, alasan, berlaku = _status_pengisian(perjanjian)
    formset = RealisasiAnggaranFormSet(baris=baris, tersimpan=tersimpan, prefix="ra")
    kesalahan: list[str] = []
    if request.method == "POST":
        if not dapat_diisi:
            kesalahan.append(alasan)
        else:
            bound = RealisasiAnggaranFormSet(request.POST, baris=baris, tersimpan=tersimpan, prefix="ra")
            if bound.is_valid():
                changed = bound.save(user=request.user)
                if changed:
                    messages.success(request, _("Realisasi anggaran disimpan (%(n)s isian berubah).") % {"n": changed})
                else:
                    messages.info(request, _("Tidak ada perubahan."))
                return redirect("perjanjian:realisasi_anggaran", pk=perjanjian.pk)
            kesalahan.extend(str(error) for error in bound.non_form_errors())
            if any(form.errors for form in bound.forms):
                kesalahan.insert(0, _("Belum disimpan: perbaiki isian yang ditandai. Tidak ada yang diubah."))
            if bound.management_form.is_valid():
                formset = bound  # what was typed stays on the page
    rows = []
    for row, form in zip(baris, formset.forms, strict=False):
        rows.append(
            {
                "anggaran": row,
                "form": form,
                "ringkasan": _ringkasan(row.pagu, [tersimpan.get((row.pk, n)) for n in TRIWULAN]),
            }
        )
    counted = anggaran_dijumlah(baris)
    total = _ringkasan(
        jumlah_anggaran(baris),
        [
            sum((tersimpan.get((row.pk, n)) or Decimal(0) for row in counted), Decimal(0)) if counted else None
            for n in TRIWULAN
        ],
    )
    jenis_labels = dict(AnggaranPK.Jenis.choices)
    context = {
        "title": _("Realisasi anggaran"),
        "breadcrumbs": crumbs((str(perjanjian), perjanjian.get_absolute_url())),
        "perjanjian": perjanjian,
        "formset": formset,
        "rows": rows,
        "total": total,
        "level_total": jenis_labels.get(level_dijumlah(row.jenis for row in baris), "")
        if len({row.jenis for row in baris}) > 1
        else "",
        "dapat_diisi": dapat_diisi,
        "alasan": alasan,
        "berlaku": berlaku,
        "kesalahan": kesalahan,
        "history": _riwayat(baris),
    }
    return render(request, "perjanjian/realisasi_anggaran.html", context)


# --- Pengaturan capaian ----------------------------------------------------------------------------


PENJELASAN = {
    "rumus_minimize": gettext_lazy(
        "Untuk indikator yang makin rendah makin baik (angka kemiskinan, angka kematian bayi, tingkat "
        "pengangguran). (2 − realisasi/target) × 100% mengukur jarak dari target dengan cara yang sama seperti "
        "indikator maximize (dipakai antara lain LKjIP Kab. Maluku Tengah dan PermenPANRB 8/2021); "
        "target/realisasi × 100% membagi target dengan realisasi. Keduanya memberi 100% bila realisasi tepat sama "
        "dengan target dan makin berbeda makin jauh dari target. Indikator dapat menetapkan rumusnya sendiri di "
        "Manual IKU; pengaturan ini berlaku bila tidak."
    ),
    "batas_maksimum": gettext_lazy(
        "Capaian jauh di atas 100% (sering karena target terlalu rendah) dapat mengangkat rata-rata capaian sasaran "
        "dan perangkat daerah. Dengan batas atas, capaian dihitung dan ditampilkan paling tinggi sebesar batas itu; "
        "KMK 467 dan PermenPANRB 8/2021 memakai 120%."
    ),
    "batas_minimum_nol": gettext_lazy(
        "Rumus (2 − realisasi/target) menghasilkan angka negatif bila realisasi lebih dari dua kali target. "
        "Dengan pilihan ini capaian negatif dihitung 0%."
    ),
    "ambang_efisiensi": gettext_lazy(
        "Efisiensi membandingkan capaian kinerja sasaran dengan serapan anggaran yang mendukungnya. Selisih "
        "(capaian − serapan) di atas ambang: efisien; di dalam ± ambang: cukup efisien; di bawahnya: tidak efisien "
        "(praktik Kab. Banjarnegara, ambang 5 poin). Tulis dengan koma, mis. 5 atau 7,5."
    ),
}


@dataclass(frozen=True)
class Contoh:
    """A worked example on the settings page, computed with the pemda's rules."""

    uraian: str
    hasil: list[tuple[str, str, bool]]  # (label, value, in use)


def _persen(value: Decimal | None) -> str:
    return "-" if value is None else f"{format_decimal(value, 2)}%"


def _capaian(realisasi, target, polaritas: str, aturan: capaian.Pengaturan, rumus: str | None = None) -> str:
    hasil = capaian.hitung(
        realisasi=Decimal(realisasi),
        target=Decimal(target),
        polaritas=polaritas,
        pengaturan=aturan,
        rumus_minimize=rumus,
    )
    return _persen(hasil.nilai)


def _contoh(aturan: capaian.Pengaturan) -> dict[str, Contoh]:
    """The worked example of each setting, computed by the same rules as every page (``capaian``)."""
    mentah = capaian.Pengaturan(batas_minimum_nol=False)  # no cap, no floor: the raw value
    minimize, maximize = capaian.Rumus.MINIMIZE, capaian.Rumus.MAXIMIZE
    dua_minus, invers = capaian.RumusMinimize.DUA_MINUS, capaian.RumusMinimize.INVERS
    efisiensi = []
    for capaian_persen, serapan_persen in [(95, 85), (90, 88), (70, 90)]:
        hasil = capaian.efisiensi(Decimal(capaian_persen), Decimal(serapan_persen), aturan.ambang_efisiensi)
        label = _("capaian %(c)s%%, serapan %(s)s%%") % {"c": capaian_persen, "s": serapan_persen}
        value = _("%(label)s (selisih %(selisih)s poin)") % {
            "label": hasil.label,
            "selisih": format_decimal(hasil.selisih, 2),
        }
        efisiensi.append((label, value, True))
    return {
        "rumus_minimize": Contoh(
            _("Angka kemiskinan: target 7,85%, realisasi 7,60% (lebih rendah dari target, jadi lebih baik)."),
            [
                (
                    _("(2 − realisasi/target) × 100%"),
                    _capaian("7.60", "7.85", minimize, mentah, dua_minus),
                    aturan.rumus_minimize == dua_minus,
                ),
                (
                    _("target/realisasi × 100%"),
                    _capaian("7.60", "7.85", minimize, mentah, invers),
                    aturan.rumus_minimize == invers,
                ),
            ],
        ),
        "batas_maksimum": Contoh(
            _("Indikator maximize: target 80, realisasi 100; tanpa batas atas capaiannya %(mentah)s.")
            % {"mentah": _capaian(100, 80, maximize, mentah)},
            [(_("Dengan pengaturan yang berlaku"), _capaian(100, 80, maximize, aturan), True)],
        ),
        "batas_minimum_nol": Contoh(
            _(
                "Indikator minimize dengan rumus (2 − R/T): target 10, realisasi 25 (dua setengah kali target); "
                "tanpa batas bawah capaiannya %(mentah)s."
            )
            % {"mentah": _capaian(25, 10, minimize, mentah, dua_minus)},
            [(_("Dengan pengaturan yang berlaku"), _capaian(25, 10, minimize, aturan, dua_minus), True)],
        ),
        "ambang_efisiensi": Contoh(
            _("Efisiensi = capaian kinerja (%%) − serapan anggaran (%%); ambang yang berlaku %(ambang)s poin.")
            % {"ambang": format_decimal(aturan.ambang_efisiensi)},
            efisiensi,
        ),
    }


def _rentang(skala: list[capaian.Predikat]) -> list[tuple[capaian.Predikat, str]]:
    """Each band with the range it covers, highest first: "≥ 91", "76 – < 91", "< 51"."""
    ordered = sorted(skala, key=lambda band: band.nilai_minimum, reverse=True)
    rows = []
    for index, band in enumerate(ordered):
        low = format_decimal(band.nilai_minimum)
        if index == 0:
            text = f"≥ {low}"
        else:
            high = format_decimal(ordered[index - 1].nilai_minimum)
            text = f"< {high}" if index == len(ordered) - 1 else f"{low} – < {high}"
        rows.append((band, text))
    return rows


@login_required
def pengaturan(request: HttpRequest) -> HttpResponse:
    pemda = request.pemda
    if pemda is None:
        raise Http404
    access.deny_unless(pk_access.can_configure(request.user, pemda.pk))
    instance = pengaturan_untuk(pemda)
    skala = PredikatCapaian.skala_untuk(pemda)
    punya_skala = PredikatCapaian.objects.filter(pemda=pemda).exists()
    form = PengaturanCapaianForm(instance=instance)
    predikat = PredikatFormSet(initial=skala_awal(skala), prefix="predikat")
    if request.method == "POST":
        aksi = request.POST.get("aksi", "pengaturan")
        if aksi == "bawaan":
            simpan_skala(pemda=pemda, user=request.user, bands=None)
            messages.success(request, _("Skala predikat kembali ke bawaan Permendagri 86/2017."))
            return redirect("perjanjian:pengaturan")
        if aksi == "predikat":
            predikat = PredikatFormSet(request.POST, initial=skala_awal(skala), prefix="predikat")
            if predikat.is_valid():
                sendiri = predikat.save(pemda=pemda, user=request.user)
                messages.success(
                    request,
                    _("Skala predikat pemda disimpan.")
                    if sendiri
                    else _("Skala sama dengan bawaan: memakai skala bawaan."),
                )
                return redirect("perjanjian:pengaturan")
        else:
            form = PengaturanCapaianForm(request.POST, instance=instance)
            if form.is_valid():
                saved = form.save(commit=False)
                saved._history_user = request.user
                saved.save()
                messages.success(request, _("Pengaturan capaian disimpan."))
                return redirect("perjanjian:pengaturan")
    context = {
        "title": _("Pengaturan capaian"),
        "breadcrumbs": crumbs(),
        "pemda": pemda,
        "form": form,
        "predikat": predikat,
        "skala": _rentang(skala),
        "punya_skala": punya_skala,
        "bagian": [
            (form[name], PENJELASAN[name], contoh) for name, contoh in _contoh(PengaturanCapaian.untuk(pemda)).items()
        ],
        "history": change_log(PengaturanCapaian.history.filter(pemda=pemda), limit=15),
        "cancel_url": reverse("perjanjian:home"),
    }
    return render(request, "perjanjian/pengaturan.html", context)
