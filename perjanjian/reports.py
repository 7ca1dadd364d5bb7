"""What the capaian pages show, computed from a handful of bulk queries: the OPD monitoring table
(``pengukuran_opd``: indicators × TW I–IV and the year, capaian per sasaran and per OPD, budget and
efficiency per sasaran) and the pemda recap (``rekap_pemda``: one row per OPD).

The arithmetic is ``perjanjian/capaian.py``; this module only gathers its inputs and arranges its
results. The number of queries does not depend on how many sasaran, indicators, realisations,
budget lines or OPDs there are: everything is loaded in one query per kind and grouped in Python.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy

from iku_manual.models import Indikator, NilaiSkala, Sasaran, Tingkat
from perjanjian import capaian
from perjanjian.models import (
    AnggaranPK,
    BarisPK,
    PengaturanCapaian,
    PerjanjianKinerja,
    PredikatCapaian,
    Realisasi,
    Triwulan,
    anggaran_dijumlah,
)
from perjanjian.realisasi import baris_berlaku, versi_terakhir
from sakip.models import PerangkatDaerah, User

# capaian.PESAN is plain text (the module is pure); the pages show these, translated.
PESAN_STATUS = {
    capaian.Status.OK: "",
    capaian.Status.BELUM_ADA_REALISASI: gettext_lazy("Realisasi belum diisi."),
    capaian.Status.BELUM_ADA_TARGET: gettext_lazy("Target belum ditetapkan."),
    capaian.Status.TARGET_NOL: gettext_lazy("Target bernilai nol: capaian tidak dapat dihitung sebagai persentase."),
    capaian.Status.REALISASI_NOL: gettext_lazy("Realisasi bernilai nol: rumus target/realisasi tidak dapat dihitung."),
}

LABEL_EFISIENSI = {
    capaian.KategoriEfisiensi.EFISIEN: gettext_lazy("Efisien"),
    capaian.KategoriEfisiensi.CUKUP: gettext_lazy("Cukup efisien"),
    capaian.KategoriEfisiensi.TIDAK: gettext_lazy("Tidak efisien"),
}


def kelas_predikat(predikat: capaian.Predikat | None) -> str:
    """The Bootstrap background of a cell in a band: ``bg-success-subtle`` for warna "success"."""
    return f"bg-{predikat.warna}-subtle" if predikat and predikat.warna else ""


# --- One indicator -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sel:
    """One cell of the monitoring table: a quarter (``titik.triwulan`` 1–4) or the year (0)."""

    titik: capaian.Titik
    predikat: capaian.Predikat | None
    realisasi: Realisasi | None = None  # the quarter's own realisation, for its status
    target_kode: str = ""  # qualitative indicators: the scale's codes instead of numbers
    realisasi_kode: str = ""

    @property
    def capaian(self) -> capaian.Capaian:
        return self.titik.capaian

    @property
    def pesan(self) -> str:
        return PESAN_STATUS[self.titik.capaian.status]

    @property
    def kelas(self) -> str:
        return kelas_predikat(self.predikat)

    @property
    def status(self) -> str:
        """The realisation's status ("draft", ..., "terverifikasi"), or "" when none was entered."""
        return self.realisasi.status if self.realisasi else ""


@dataclass
class IndikatorUkur:
    baris: BarisPK
    triwulan: list[Sel]
    tahun: Sel

    @property
    def indikator(self) -> Indikator:
        return self.baris.indikator

    @property
    def stabilize(self) -> bool:
        return self.baris.isi("polaritas") == Indikator.Polaritas.STABILIZE

    @property
    def capaian(self) -> Decimal | None:
        return self.tahun.capaian.nilai

    @property
    def kolom(self) -> list[Sel]:
        """The five cells of the row: TW I–IV, then the year."""
        return [*self.triwulan, self.tahun]


def _kode(nilai: Decimal | None, names: dict[Decimal, str] | None) -> str:
    if nilai is None or not names:
        return ""
    return names.get(nilai.normalize(), "")


def _ukur_indikator(
    row: BarisPK,
    per_triwulan: list[Realisasi | None],
    *,
    aturan: capaian.Pengaturan,
    skala: list[capaian.Predikat],
    names: dict[Decimal, str] | None = None,
    hanya_terverifikasi: bool = False,
) -> IndikatorUkur:
    counted = [
        r.nilai if r is not None and (not hanya_terverifikasi or r.status == Realisasi.Status.TERVERIFIKASI) else None
        for r in per_triwulan
    ]
    kolom, tahunan = capaian.ukur(
        realisasi=counted,
        polaritas=row.isi("polaritas"),
        metode=row.isi("agregasi"),
        target=row.target,
        target_triwulan=row.triwulan,
        batas_bawah=row.batas_bawah,
        batas_atas=row.batas_atas,
        pengaturan=aturan,
        rumus_minimize=row.isi("rumus_minimize") or None,
    )

    def sel(titik: capaian.Titik, realisasi: Realisasi | None = None) -> Sel:
        kode = (realisasi.nilai_teks if realisasi else "") or _kode(titik.realisasi, names)
        return Sel(
            titik=titik,
            predikat=capaian.predikat(titik.capaian.nilai, skala),
            realisasi=realisasi,
            target_kode=_kode(titik.target, names),
            realisasi_kode=kode if names else "",
        )

    return IndikatorUkur(
        baris=row,
        triwulan=[sel(titik, realisasi) for titik, realisasi in zip(kolom, per_triwulan, strict=True)],
        tahun=sel(tahunan),
    )


# --- Sasaran and budget --------------------------------------------------------------------------


@dataclass
class SasaranUkur:
    sasaran: Sasaran | None  # None in the recap
    perjanjian: PerjanjianKinerja
    indikator: list[IndikatorUkur]
    capaian: Decimal | None
    predikat: capaian.Predikat | None

    @property
    def kelas(self) -> str:
        return kelas_predikat(self.predikat)


@dataclass
class AnggaranUkur:
    """Budget against capaian for one sasaran, the lines without one, or the whole OPD."""

    SASARAN, TANPA_SASARAN, TOTAL = "sasaran", "tanpa_sasaran", "total"

    sasaran: Sasaran | None
    pagu: Decimal
    realisasi: Decimal
    jumlah_baris: int
    capaian: Decimal | None
    predikat: capaian.Predikat | None
    serapan: Decimal | None
    efisiensi: capaian.Efisiensi | None
    jenis: str = SASARAN

    @property
    def kelas(self) -> str:
        return kelas_predikat(self.predikat)

    @property
    def label_efisiensi(self) -> str:
        return LABEL_EFISIENSI[self.efisiensi.kategori] if self.efisiensi else ""

    @property
    def kelas_efisiensi(self) -> str:
        if self.efisiensi is None:
            return ""
        return {
            capaian.KategoriEfisiensi.EFISIEN: "text-bg-success",
            capaian.KategoriEfisiensi.CUKUP: "text-bg-warning",
            capaian.KategoriEfisiensi.TIDAK: "text-bg-danger",
        }[self.efisiensi.kategori]


def ukur_anggaran(
    sasaran: Sasaran | None,
    lines: list[AnggaranPK],
    nilai_capaian: Decimal | None,
    *,
    aturan: capaian.Pengaturan,
    skala: list[capaian.Predikat],
    jenis: str = AnggaranUkur.SASARAN,
) -> AnggaranUkur:
    counted = anggaran_dijumlah(lines)
    pagu = sum((line.pagu for line in counted), Decimal(0))
    realisasi = sum((line.realisasi_total or Decimal(0) for line in counted), Decimal(0))
    serapan = capaian.serapan(realisasi, pagu)
    return AnggaranUkur(
        sasaran=sasaran,
        pagu=pagu,
        realisasi=realisasi,
        jumlah_baris=len(lines),
        capaian=nilai_capaian,
        predikat=capaian.predikat(nilai_capaian, skala),
        serapan=serapan,
        efisiensi=capaian.efisiensi(nilai_capaian, serapan, aturan.ambang_efisiensi),
        jenis=jenis,
    )


def budget_lines(perjanjian_ids) -> list[AnggaranPK]:
    """Every budget line of these agreements with its spending so far (all quarters), one query."""
    return list(
        AnggaranPK.objects.filter(perjanjian_id__in=perjanjian_ids)
        .select_related("sasaran")
        .annotate(realisasi_total=Sum("realisasi__nilai"))
        .order_by("urutan", "pk")
    )


def sasaran_key(sasaran: Sasaran) -> tuple:
    return (Tingkat.rank(sasaran.tingkat), sasaran.urutan, sasaran.kode)


def indikator_key(row: BarisPK) -> tuple:
    return (row.indikator.urutan, row.indikator.kode, row.urutan)


def by_indicator(realisasi) -> dict[int, list[Realisasi | None]]:
    grouped: dict[int, list[Realisasi | None]] = defaultdict(lambda: [None, None, None, None])
    for item in realisasi:
        grouped[item.indikator_id][item.triwulan - 1] = item
    return grouped


def sasaran_ukur(
    rows: list[BarisPK],
    realisasi: dict[int, list[Realisasi | None]],
    *,
    aturan: capaian.Pengaturan,
    skala: list[capaian.Predikat],
    names: dict[int, dict[Decimal, str]] | None = None,
    hanya_terverifikasi: bool = False,
    ringkas: bool = False,
) -> list[SasaranUkur]:
    """Rows grouped by sasaran (in the order of the tree), each indicator measured, and the mean.
    ``ringkas`` (the recap, which needs only the means): the sasaran themselves are not loaded."""
    per_sasaran: dict[int, list[BarisPK]] = defaultdict(list)
    for row in rows:
        per_sasaran[row.indikator.sasaran_id].append(row)
    hasil = []
    for group in per_sasaran.values():
        group.sort(key=indikator_key)
        measured = [
            _ukur_indikator(
                row,
                realisasi.get(row.indikator_id, [None] * 4),
                aturan=aturan,
                skala=skala,
                names=(names or {}).get(row.indikator.skala_id),
                hanya_terverifikasi=hanya_terverifikasi,
            )
            for row in group
        ]
        nilai = capaian.rata_rata([item.capaian for item in measured])
        sasaran = None if ringkas else group[0].indikator.sasaran
        hasil.append(SasaranUkur(sasaran, group[0].perjanjian, measured, nilai, capaian.predikat(nilai, skala)))
    if not ringkas:
        hasil.sort(key=lambda item: sasaran_key(item.sasaran))
    return hasil


# --- The monitoring page -------------------------------------------------------------------------


@dataclass
class Pengukuran:
    opd: PerangkatDaerah
    tahun: int
    perjanjian: list[PerjanjianKinerja]
    sasaran: list[SasaranUkur]
    capaian: Decimal | None
    predikat: capaian.Predikat | None
    skala: list[capaian.Predikat]
    aturan: capaian.Pengaturan
    anggaran: list[AnggaranUkur] = field(default_factory=list)  # per sasaran
    anggaran_tanpa_sasaran: AnggaranUkur | None = None
    anggaran_total: AnggaranUkur | None = None

    @property
    def kelas(self) -> str:
        return kelas_predikat(self.predikat)

    @property
    def jumlah_indikator(self) -> int:
        return sum(len(item.indikator) for item in self.sasaran)

    @property
    def baris_anggaran(self) -> list[AnggaranUkur]:
        """The rows of the budget table: per sasaran, the lines tied to none, the whole OPD."""
        extra = [self.anggaran_tanpa_sasaran, self.anggaran_total]
        return [*self.anggaran, *(row for row in extra if row is not None)]


def _scale_names(pemda_id: int) -> dict[int, dict[Decimal, str]]:
    """Scale steps by scale id (number -> code) for the scales the pemda may use; one query."""
    names: dict[int, dict[Decimal, str]] = defaultdict(dict)
    for step in NilaiSkala.objects.filter(Q(skala__pemda__isnull=True) | Q(skala__pemda_id=pemda_id)):
        names[step.skala_id][step.nilai.normalize()] = step.kode
    return names


def pengukuran_opd(opd: PerangkatDaerah, tahun: int) -> Pengukuran:
    """The monitoring page of one OPD and year (the "Pengukuran Kinerja" form): the indicators of the
    agreements in force (the latest ditetapkan versions) with every realisation of the year, whatever
    its status (each cell shows it). Eight queries, whatever the size of the OPD."""
    aturan = PengaturanCapaian.untuk(opd.pemda_id)
    skala = PredikatCapaian.skala_untuk(opd.pemda)
    rows = list(baris_berlaku(opd=opd, tahun=tahun).values())
    hasil = Pengukuran(opd, tahun, [], [], None, None, skala, aturan)
    if not rows:
        return hasil
    # With their unit and OPD, which name them on the page (baris_berlaku does not join them).
    perjanjian = PerjanjianKinerja.objects.select_related("opd", "unit").in_bulk({row.perjanjian_id for row in rows})
    for row in rows:
        row.perjanjian = perjanjian[row.perjanjian_id]
    hasil.perjanjian = sorted(perjanjian.values(), key=lambda pk: (pk.unit_id is not None, pk.unit_id or 0))
    realisasi = Realisasi.objects.filter(tahun=tahun, indikator_id__in=[row.indikator_id for row in rows])
    hasil.sasaran = sasaran_ukur(
        rows, by_indicator(realisasi), aturan=aturan, skala=skala, names=_scale_names(opd.pemda_id)
    )
    hasil.capaian = capaian.rata_rata([item.capaian for item in hasil.sasaran])
    hasil.predikat = capaian.predikat(hasil.capaian, skala)

    lines = budget_lines(perjanjian)
    per_sasaran: dict[int | None, list[AnggaranPK]] = defaultdict(list)
    for line in lines:
        per_sasaran[line.sasaran_id].append(line)
    measured = {item.sasaran.pk: item for item in hasil.sasaran}
    sasaran_anggaran = {line.sasaran_id: line.sasaran for line in lines if line.sasaran_id}
    for item in hasil.sasaran:
        sasaran_anggaran.setdefault(item.sasaran.pk, item.sasaran)
    for sasaran in sorted(sasaran_anggaran.values(), key=sasaran_key):
        nilai = measured[sasaran.pk].capaian if sasaran.pk in measured else None
        hasil.anggaran.append(
            ukur_anggaran(sasaran, per_sasaran.get(sasaran.pk, []), nilai, aturan=aturan, skala=skala)
        )
    if per_sasaran.get(None):
        hasil.anggaran_tanpa_sasaran = ukur_anggaran(
            None, per_sasaran[None], None, aturan=aturan, skala=skala, jenis=AnggaranUkur.TANPA_SASARAN
        )
    hasil.anggaran_total = ukur_anggaran(
        None, lines, hasil.capaian, aturan=aturan, skala=skala, jenis=AnggaranUkur.TOTAL
    )
    return hasil


def ukur_indikator_opd(opd: PerangkatDaerah, tahun: int, *, hanya_terverifikasi: bool = True) -> list[IndikatorUkur]:
    """Every indicator of the OPD's agreements in force for the year with its capaian, counting only
    verified realisations unless told otherwise: what an evaluation reads. Four queries."""
    aturan = PengaturanCapaian.untuk(opd.pemda_id)
    skala = PredikatCapaian.skala_untuk(opd.pemda)
    rows = list(baris_berlaku(opd=opd, tahun=tahun).values())
    if not rows:
        return []
    realisasi = by_indicator(Realisasi.objects.filter(tahun=tahun, indikator_id__in=[row.indikator_id for row in rows]))
    empty = [None, None, None, None]
    return [
        _ukur_indikator(
            row,
            realisasi.get(row.indikator_id, empty),
            aturan=aturan,
            skala=skala,
            hanya_terverifikasi=hanya_terverifikasi,
        )
        for row in sorted(rows, key=indikator_key)
    ]


# --- The pemda recap -----------------------------------------------------------------------------


@dataclass
class RekapOpd:
    opd: PerangkatDaerah
    ada_pk: bool = False
    indikator: int = 0
    terverifikasi: int = 0
    diajukan: int = 0
    draf: int = 0  # draft or dikembalikan: entered, not (yet) submitted
    belum: int = 0  # no realisation for the quarter
    capaian: Decimal | None = None
    predikat: capaian.Predikat | None = None
    anggaran: AnggaranUkur | None = None

    @property
    def kelas(self) -> str:
        return kelas_predikat(self.predikat)


@dataclass
class Rekap:
    tahun: int
    triwulan: int  # the quarter whose realisations are counted
    baris: list[RekapOpd]
    skala: list[capaian.Predikat]
    aturan: capaian.Pengaturan
    capaian: Decimal | None = None  # the mean of the OPDs'
    predikat: capaian.Predikat | None = None

    @property
    def kelas(self) -> str:
        return kelas_predikat(self.predikat)

    @property
    def triwulan_label(self) -> str:
        return Triwulan(self.triwulan).label


class Isian(NamedTuple):
    """What the recap reads of a realisation."""

    indikator_id: int
    triwulan: int
    nilai: Decimal
    nilai_teks: str
    status: str


def rekap_pemda(pemda, tahun: int, user: User, triwulan: int | None = None) -> Rekap:
    """The pemda recap: per OPD the user may see, the indicators of its agreements in force, how many
    realisations of the quarter are verified, submitted, entered or missing, capaian (from verified
    realisations only) with its predicate, budget absorption and efficiency. ``triwulan`` defaults
    to the latest quarter with any realisation. Seven queries, whatever the number of OPDs."""
    from sakip import access

    aturan = PengaturanCapaian.untuk(pemda.pk)
    skala = PredikatCapaian.skala_untuk(pemda)
    opds = list(access.visible_opd(user).filter(pemda=pemda).aktif().order_by("urutan", "nama"))
    baris = {opd.pk: RekapOpd(opd) for opd in opds}
    perjanjian = {
        pk.pk: pk
        for pk in versi_terakhir(
            PerjanjianKinerja.objects.filter(opd__in=opds, tahun=tahun, status=PerjanjianKinerja.Status.DITETAPKAN)
        )
    }
    rows = list(BarisPK.objects.filter(perjanjian_id__in=perjanjian).select_related("indikator") if perjanjian else [])
    # Tuples rather than model instances: the recap reads thousands of them and needs five fields.
    realisasi = [
        Isian(*values)
        for values in (
            Realisasi.objects.filter(tahun=tahun, indikator_id__in=[row.indikator_id for row in rows])
            .order_by()
            .values_list(*Isian._fields)
            if rows
            else []
        )
    ]
    if triwulan is None:
        triwulan = max((item.triwulan for item in realisasi), default=1)
    per_indikator = by_indicator(realisasi)

    rows_per_opd: dict[int, list[BarisPK]] = defaultdict(list)
    for row in rows:
        row.perjanjian = perjanjian[row.perjanjian_id]
        rows_per_opd[row.perjanjian.opd_id].append(row)
    lines_per_opd: dict[int, list[AnggaranPK]] = defaultdict(list)
    for line in budget_lines(perjanjian) if perjanjian else []:
        lines_per_opd[perjanjian[line.perjanjian_id].opd_id].append(line)

    for opd_id, item in baris.items():
        opd_rows = rows_per_opd.get(opd_id, [])
        item.ada_pk = bool(opd_rows)
        item.indikator = len(opd_rows)
        for row in opd_rows:
            entered = per_indikator.get(row.indikator_id, [None] * 4)[triwulan - 1]
            if entered is None:
                item.belum += 1
            elif entered.status == Realisasi.Status.TERVERIFIKASI:
                item.terverifikasi += 1
            elif entered.status == Realisasi.Status.DIAJUKAN:
                item.diajukan += 1
            else:
                item.draf += 1
        sasaran = sasaran_ukur(
            opd_rows, per_indikator, aturan=aturan, skala=skala, hanya_terverifikasi=True, ringkas=True
        )
        item.capaian = capaian.rata_rata([s.capaian for s in sasaran])
        item.predikat = capaian.predikat(item.capaian, skala)
        if lines_per_opd.get(opd_id):
            item.anggaran = ukur_anggaran(
                None, lines_per_opd[opd_id], item.capaian, aturan=aturan, skala=skala, jenis=AnggaranUkur.TOTAL
            )

    ordered = sorted(
        baris.values(),
        key=lambda item: (item.capaian is None, -(item.capaian or 0), item.opd.urutan, item.opd.nama),
    )
    nilai = capaian.rata_rata([item.capaian for item in ordered])
    return Rekap(tahun, triwulan, ordered, skala, aturan, nilai, capaian.predikat(nilai, skala))
