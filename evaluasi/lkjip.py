"""The data of the Laporan Kinerja Instansi Pemerintah (LKjIP, PermenPANRB 53/2014; domain.md §4.2):
``build_lkjip_context`` for one OPD and year, ``build_lkjip_pemda_context`` for the consolidated
report of a pemda. Dataclasses only: no rendering, no pages.

Every number comes from data already entered (the Renstra targets, the agreements in force, the
verified realisations, the PK budget and its spending) and is computed by ``perjanjian/capaian.py``
through ``perjanjian/reports.py``; nothing is typed twice. Queries are loaded one per kind and grouped
in Python, so their number does not depend on how many sasaran, indicators, years or OPDs there are.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch

from iku_manual.models import Indikator, Renstra, Sasaran, TargetIndikator, Tingkat
from perjanjian import capaian, reports
from perjanjian.models import (
    AnggaranPK,
    BarisPK,
    PengaturanCapaian,
    PerjanjianKinerja,
    PredikatCapaian,
    Realisasi,
    anggaran_dijumlah,
)
from perjanjian.realisasi import baris_berlaku, versi_terakhir
from perjanjian.reports import AnggaranUkur, IndikatorUkur
from sakip.models import Pemda, PerangkatDaerah, Periode

HUNDRED = Decimal(100)
# Bab II's Renstra summary: the levels a Renstra sets (tujuan and sasaran strategis); programs and
# kegiatan belong to the Renja and appear in the PK and the budget.
RENSTRA_LEVELS = (Tingkat.TUJUAN_OPD, Tingkat.SASARAN_STRATEGIS)
# Analysis (2): how many earlier years with verified realisations the trend shows.
TAHUN_TREN = 3

DITETAPKAN = PerjanjianKinerja.Status.DITETAPKAN
TERVERIFIKASI = Realisasi.Status.TERVERIFIKASI


def _tercapai(nilai: Decimal | None) -> bool:
    """Judged on the value as displayed (two decimals, half up), like the predicate bands."""
    return nilai is not None and nilai.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) >= HUNDRED


# --- Identity and Bab II -------------------------------------------------------------------------


@dataclass(frozen=True)
class Identitas:
    pemda: Pemda
    opd: PerangkatDaerah
    tahun: int
    periode: Periode | None  # the RPJMD period containing the year
    renstra: Renstra | None  # the OPD's Renstra in that period, when recorded

    @property
    def tahun_awal(self) -> int | None:
        return self.periode.tahun_awal if self.periode else None

    @property
    def tahun_akhir(self) -> int | None:
        return self.periode.tahun_akhir if self.periode else None


@dataclass(frozen=True)
class Target:
    """A Renstra target (``TargetIndikator``) or a PK target: a number, or a range (stabilize)."""

    tahun: int
    nilai: Decimal | None
    batas_bawah: Decimal | None = None
    batas_atas: Decimal | None = None

    @classmethod
    def dari(cls, target: TargetIndikator) -> Target:
        return cls(target.tahun, target.nilai, target.batas_bawah, target.batas_atas)


@dataclass
class IndikatorRenstra:
    indikator: Indikator
    targets: list[Target | None]  # one per year of the period, None where not set
    target_akhir: Target | None  # the period's last year


@dataclass
class SasaranRenstra:
    sasaran: Sasaran
    indikator: list[IndikatorRenstra]


@dataclass(frozen=True)
class BarisPerjanjian:
    """A row of the PK in force as the signed document says it (frozen texts once ditetapkan)."""

    baris: BarisPK
    sasaran_kode: str
    sasaran_uraian: str
    indikator_kode: str
    indikator_nama: str
    satuan: str
    target: Decimal | None
    batas_bawah: Decimal | None
    batas_atas: Decimal | None

    @classmethod
    def dari(cls, row: BarisPK) -> BarisPerjanjian:
        return cls(row, **row.teks, target=row.target, batas_bawah=row.batas_bawah, batas_atas=row.batas_atas)


@dataclass(frozen=True)
class ProgramAnggaran:
    """A PK budget line (program, kegiatan or sub kegiatan) with what was spent in the year.
    ``dihitung``: the line is of the highest level present, the one totals count."""

    anggaran: AnggaranPK
    pagu: Decimal
    realisasi: Decimal
    serapan: Decimal | None
    dihitung: bool

    @property
    def kode(self) -> str:
        return self.anggaran.kode

    @property
    def nama(self) -> str:
        return self.anggaran.nama

    @property
    def jenis(self) -> str:
        return self.anggaran.jenis


@dataclass
class PerjanjianBerlaku:
    """Bab II: the year's agreements in force (the latest ditetapkan version of each official's)."""

    perjanjian: list[PerjanjianKinerja] = field(default_factory=list)
    baris: list[BarisPerjanjian] = field(default_factory=list)
    program: list[ProgramAnggaran] = field(default_factory=list)
    pagu: Decimal = Decimal(0)  # highest level counted once


# --- Bab III A -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CapaianTahun:
    """Target, realisation and capaian of one indicator in one year. ``sumber_target``: "pk" (the
    agreement in force that year) or "renstra" (no agreement row: the Renstra target)."""

    tahun: int
    target: Decimal | None
    batas_bawah: Decimal | None
    batas_atas: Decimal | None
    realisasi: Decimal | None
    capaian: Decimal | None
    predikat: capaian.Predikat | None
    sumber_target: str = "pk"


@dataclass(frozen=True)
class Penyebab:
    """Analysis (5): what the realisations of the year say, deduplicated, in quarter order."""

    faktor_pendukung: list[str] = field(default_factory=list)
    faktor_penghambat: list[str] = field(default_factory=list)
    upaya: list[str] = field(default_factory=list)

    @property
    def ada(self) -> bool:
        return bool(self.faktor_pendukung or self.faktor_penghambat or self.upaya)


@dataclass
class AnalisisIndikator:
    """The seven analyses of Bab III A for one indicator (6 and 7 are per sasaran)."""

    ukur: IndikatorUkur
    tahun_ini: CapaianTahun  # (1)
    tahun_lalu: list[CapaianTahun]  # (2) up to TAHUN_TREN earlier years with data, oldest first
    target_akhir: Target | None  # (3) the Renstra target of the period's last year
    capaian_target_akhir: Decimal | None  # (3) % of the end target reached (by polarity)
    penyebab: Penyebab  # (5)
    # (4) the indicator's national standard (Manual IKU), when it has one; its source; and this
    # year's realisation measured against it (% by polarity, uncapped).
    standar_nasional: Decimal | None = None
    standar_sumber: str = ""
    capaian_standar: Decimal | None = None

    @property
    def baris(self) -> BarisPK:
        return self.ukur.baris

    @property
    def indikator(self) -> Indikator:
        return self.ukur.indikator

    @property
    def teks(self) -> dict:
        return self.ukur.baris.teks

    @property
    def polaritas(self) -> str:
        return self.ukur.baris.isi("polaritas")

    @property
    def tercapai(self) -> bool:
        return _tercapai(self.tahun_ini.capaian)

    @property
    def tren(self) -> str | None:
        """ "naik", "turun" or "tetap": this year's capaian against the latest earlier year's."""
        if not self.tahun_lalu or self.tahun_ini.capaian is None or self.tahun_lalu[-1].capaian is None:
            return None
        selisih = self.tahun_ini.capaian - self.tahun_lalu[-1].capaian
        return "naik" if selisih > 0 else "turun" if selisih < 0 else "tetap"


@dataclass
class AnalisisSasaran:
    sasaran: Sasaran
    indikator: list[AnalisisIndikator]
    capaian: Decimal | None  # the mean of its indicators
    predikat: capaian.Predikat | None
    efisiensi: AnggaranUkur  # (6) pagu, realisasi, serapan, capaian, efficiency category
    program: list[ProgramAnggaran]  # (7) the PK budget lines supporting it


# --- Ikhtisar and the whole report ---------------------------------------------------------------


@dataclass(frozen=True)
class Ikhtisar:
    jumlah_sasaran: int
    jumlah_indikator: int
    jumlah_tercapai: int  # capaian ≥ 100 %
    jumlah_belum_terukur: int  # no verified realisation or no target
    capaian: Decimal | None  # the OPD's: the mean of its sasaran
    predikat: capaian.Predikat | None
    pagu: Decimal
    realisasi_anggaran: Decimal
    serapan: Decimal | None


@dataclass
class LaporanData:
    identitas: Identitas
    renstra: list[SasaranRenstra]  # Bab II
    perjanjian: PerjanjianBerlaku  # Bab II
    capaian_kinerja: list[AnalisisSasaran]  # Bab III A
    realisasi_anggaran: list[ProgramAnggaran]  # Bab III B, every line
    anggaran_total: AnggaranUkur | None  # Bab III B, the total (None without budget lines)
    ikhtisar: Ikhtisar
    skala: list[capaian.Predikat]
    aturan: capaian.Pengaturan

    @property
    def ada_pk(self) -> bool:
        return bool(self.perjanjian.perjanjian)


# --- Building ------------------------------------------------------------------------------------


def _periode(pemda_id: int, tahun: int) -> Periode | None:
    return (
        Periode.objects.filter(pemda_id=pemda_id, tahun_awal__lte=tahun, tahun_akhir__gte=tahun)
        .order_by("-tahun_awal")
        .first()
    )


def _program(lines: list[AnggaranPK]) -> list[ProgramAnggaran]:
    counted = {line.pk for line in anggaran_dijumlah(lines)}
    hasil = []
    for line in lines:
        spent = line.realisasi_total or Decimal(0)
        hasil.append(ProgramAnggaran(line, line.pagu, spent, capaian.serapan(spent, line.pagu), line.pk in counted))
    return hasil


def _penyebab(per_triwulan: list[Realisasi | None]) -> Penyebab:
    texts: dict[str, list[str]] = {"faktor_pendukung": [], "faktor_penghambat": [], "upaya": []}
    for item in per_triwulan:
        if item is None or item.status != TERVERIFIKASI:
            continue
        for name, seen in texts.items():
            text = (getattr(item, name) or "").strip()
            if text and text not in seen:
                seen.append(text)
    return Penyebab(**texts)


def _pk_lalu(opd: PerangkatDaerah, tahun: int, indikator_ids: list[int]) -> dict[tuple[int, int], BarisPK]:
    """Rows of the agreements in force in earlier years, by (indicator, year). Two queries."""
    berlaku = versi_terakhir(PerjanjianKinerja.objects.filter(opd=opd, tahun__lt=tahun, status=DITETAPKAN))
    if not berlaku:
        return {}
    tahun_pk = {pk.pk: pk.tahun for pk in berlaku}
    rows = BarisPK.objects.filter(perjanjian_id__in=tahun_pk, indikator_id__in=indikator_ids).select_related(
        "indikator"
    )
    return {(row.indikator_id, tahun_pk[row.perjanjian_id]): row for row in rows}


def _capaian_lalu(
    current: BarisPK,
    tahun: int,
    per_triwulan: list[Realisasi | None],
    row: BarisPK | None,
    renstra: Target | None,
    *,
    aturan: capaian.Pengaturan,
    skala: list[capaian.Predikat],
) -> CapaianTahun:
    """An earlier year measured like the current one: against that year's PK row, or, without one,
    the Renstra target of that year; measured by the frozen rules of the row it is measured against."""
    rules = row or current
    if row is not None:
        target, bawah, atas, sumber = row.target, row.batas_bawah, row.batas_atas, "pk"
    else:
        target, bawah, atas = (renstra.nilai, renstra.batas_bawah, renstra.batas_atas) if renstra else (None,) * 3
        sumber = "renstra"
    nilai = capaian.agregasi([r.nilai if r else None for r in per_triwulan], rules.isi("agregasi"))
    hasil = capaian.hitung(
        realisasi=nilai,
        polaritas=rules.isi("polaritas"),
        target=target,
        batas_bawah=bawah,
        batas_atas=atas,
        pengaturan=aturan,
        rumus_minimize=rules.isi("rumus_minimize") or None,
    )
    return CapaianTahun(tahun, target, bawah, atas, nilai, hasil.nilai, capaian.predikat(hasil.nilai, skala), sumber)


def _capaian_target_akhir(
    row: BarisPK, realisasi: Decimal | None, akhir: Target | None, aturan: capaian.Pengaturan
) -> Decimal | None:
    """Analysis (3): this year's realisation against the Renstra end target, by the indicator's
    polarity (minimize: the pemda's capaian formula; stabilize: the end range), never capped: it
    says how far along the period's promise is."""
    if akhir is None:
        return None
    return capaian.hitung(
        realisasi=realisasi,
        polaritas=row.isi("polaritas"),
        target=akhir.nilai,
        batas_bawah=akhir.batas_bawah,
        batas_atas=akhir.batas_atas,
        pengaturan=dataclasses.replace(aturan, batas_maksimum=None),
        rumus_minimize=row.isi("rumus_minimize") or None,
    ).nilai


def _capaian_standar(row: BarisPK, realisasi: Decimal | None, aturan: capaian.Pengaturan) -> Decimal | None:
    """Analysis (4): this year's realisation against the national standard, measured like the end
    target of analysis (3), uncapped. The standard is one number, so a stabilize indicator (judged
    against a range) has none. Read live from the Manual IKU: the agreement does not freeze it."""
    standar = row.indikator.standar_nasional
    if standar is None:
        return None
    return capaian.hitung(
        realisasi=realisasi,
        polaritas=row.isi("polaritas"),
        target=standar,
        pengaturan=dataclasses.replace(aturan, batas_maksimum=None),
        rumus_minimize=row.isi("rumus_minimize") or None,
    ).nilai


def _target_akhir(targets: dict[int, Target], periode: Periode | None) -> Target | None:
    """The target of the period's last year; without one, the latest year's that has a target."""
    if periode and periode.tahun_akhir in targets:
        return targets[periode.tahun_akhir]
    return targets[max(targets)] if targets else None


def _urutan_baris(row: BarisPK) -> tuple:
    """The PK's rows in the order of the tree: by sasaran, then by indicator."""
    return (reports.sasaran_key(row.indikator.sasaran), reports.indikator_key(row))


def build_lkjip_context(opd: PerangkatDaerah, tahun: int) -> LaporanData:
    """The LKjIP of one OPD and year as data.

    Capaian (this year's and the earlier years') counts **verified realisations only**
    (status ``terverifikasi``), as an evaluation does: a draft, submitted or returned realisation
    changes no number and carries no cause. The agreements are those in force (the latest
    ditetapkan version of each official's PK). A year without an agreement gives an empty but
    valid report (identity and Renstra still filled). Thirteen queries (one more when ``opd.pemda``
    is not loaded), whatever the number of sasaran, indicators, years or budget lines.
    """
    aturan = PengaturanCapaian.untuk(opd.pemda_id)
    skala = PredikatCapaian.skala_untuk(opd.pemda)
    periode = _periode(opd.pemda_id, tahun)
    renstra_doc = Renstra.objects.filter(opd=opd, periode=periode).first() if periode else None
    identitas = Identitas(opd.pemda, opd, tahun, periode, renstra_doc)

    # Bab II: the agreements in force and their rows (unit and OPD loaded: they name the PK).
    perjanjian = versi_terakhir(
        PerjanjianKinerja.objects.filter(opd=opd, tahun=tahun, status=DITETAPKAN).select_related("opd", "unit")
    )
    perjanjian.sort(key=lambda pk: (pk.unit_id is not None, pk.unit_id or 0))
    rows = list(baris_berlaku(opd=opd, tahun=tahun, pks=perjanjian).values()) if perjanjian else []
    by_pk = {pk.pk: pk for pk in perjanjian}
    for row in rows:
        row.perjanjian = by_pk[row.perjanjian_id]
    indikator_ids = [row.indikator_id for row in rows]

    renstra_sasaran = (
        list(
            Sasaran.objects.filter(opd=opd, periode=periode, tingkat__in=RENSTRA_LEVELS).prefetch_related(
                Prefetch("indikator", queryset=Indikator.objects.order_by("urutan", "kode"))
            )
        )
        if periode
        else []
    )
    renstra_sasaran.sort(key=reports.sasaran_key)
    target_ids = set(indikator_ids) | {ind.pk for s in renstra_sasaran for ind in s.indikator.all()}
    targets: dict[int, dict[int, Target]] = defaultdict(dict)
    for item in TargetIndikator.objects.filter(indikator_id__in=target_ids) if target_ids else []:
        targets[item.indikator_id][item.tahun] = Target.dari(item)

    tahun_periode = range(periode.tahun_awal, periode.tahun_akhir + 1) if periode else range(0)
    renstra = [
        SasaranRenstra(
            s,
            [
                IndikatorRenstra(
                    ind,
                    [targets[ind.pk].get(year) for year in tahun_periode],
                    _target_akhir(targets[ind.pk], periode),
                )
                for ind in s.indikator.all()
            ],
        )
        for s in renstra_sasaran
    ]

    lines = reports.budget_lines(perjanjian) if perjanjian else []
    program = _program(lines)
    berlaku = PerjanjianBerlaku(
        perjanjian=perjanjian,
        baris=[BarisPerjanjian.dari(row) for row in sorted(rows, key=_urutan_baris)],
        program=program,
        pagu=sum((item.pagu for item in program if item.dihitung), Decimal(0)),
    )

    # Bab III A: verified realisations of this year and every earlier one, in one query.
    this_year: list[Realisasi] = []
    earlier: dict[int, dict[int, list[Realisasi | None]]] = defaultdict(dict)
    for item in (
        Realisasi.objects.filter(indikator_id__in=indikator_ids, tahun__lte=tahun, status=TERVERIFIKASI) if rows else []
    ):
        if item.tahun == tahun:
            this_year.append(item)
        else:
            earlier[item.indikator_id].setdefault(item.tahun, [None] * 4)[item.triwulan - 1] = item
    pk_lalu = _pk_lalu(opd, tahun, indikator_ids) if rows else {}
    per_indikator = reports.by_indicator(this_year)
    measured = reports.sasaran_ukur(rows, per_indikator, aturan=aturan, skala=skala, hanya_terverifikasi=True)

    lines_per_sasaran: dict[int | None, list[AnggaranPK]] = defaultdict(list)
    for line in lines:
        lines_per_sasaran[line.sasaran_id].append(line)
    program_per_sasaran: dict[int | None, list[ProgramAnggaran]] = defaultdict(list)
    for item in program:
        program_per_sasaran[item.anggaran.sasaran_id].append(item)

    bab3: list[AnalisisSasaran] = []
    for group in measured:
        analisis = []
        for ukur in group.indikator:
            row = ukur.baris
            years = sorted(earlier.get(row.indikator_id, {}), reverse=True)[:TAHUN_TREN]
            lalu = [
                _capaian_lalu(
                    row,
                    year,
                    earlier[row.indikator_id][year],
                    pk_lalu.get((row.indikator_id, year)),
                    targets[row.indikator_id].get(year),
                    aturan=aturan,
                    skala=skala,
                )
                for year in sorted(years)
            ]
            titik = ukur.tahun.titik
            akhir = _target_akhir(targets[row.indikator_id], periode)
            analisis.append(
                AnalisisIndikator(
                    ukur=ukur,
                    tahun_ini=CapaianTahun(
                        tahun,
                        titik.target,
                        row.batas_bawah,
                        row.batas_atas,
                        titik.realisasi,
                        titik.capaian.nilai,
                        ukur.tahun.predikat,
                    ),
                    tahun_lalu=lalu,
                    target_akhir=akhir,
                    capaian_target_akhir=_capaian_target_akhir(row, titik.realisasi, akhir, aturan),
                    penyebab=_penyebab(per_indikator.get(row.indikator_id, [None] * 4)),
                    standar_nasional=row.indikator.standar_nasional,
                    standar_sumber=row.indikator.standar_nasional_sumber,
                    capaian_standar=_capaian_standar(row, titik.realisasi, aturan),
                )
            )
        sasaran = group.sasaran
        bab3.append(
            AnalisisSasaran(
                sasaran=sasaran,
                indikator=analisis,
                capaian=group.capaian,
                predikat=group.predikat,
                efisiensi=reports.ukur_anggaran(
                    sasaran, lines_per_sasaran.get(sasaran.pk, []), group.capaian, aturan=aturan, skala=skala
                ),
                program=program_per_sasaran.get(sasaran.pk, []),
            )
        )

    nilai = capaian.rata_rata([item.capaian for item in bab3])
    total = (
        reports.ukur_anggaran(None, lines, nilai, aturan=aturan, skala=skala, jenis=AnggaranUkur.TOTAL)
        if lines
        else None
    )
    semua = [item for s in bab3 for item in s.indikator]
    ikhtisar = Ikhtisar(
        jumlah_sasaran=len(bab3),
        jumlah_indikator=len(semua),
        jumlah_tercapai=sum(1 for item in semua if item.tercapai),
        jumlah_belum_terukur=sum(1 for item in semua if item.tahun_ini.capaian is None),
        capaian=nilai,
        predikat=capaian.predikat(nilai, skala),
        pagu=total.pagu if total else Decimal(0),
        realisasi_anggaran=total.realisasi if total else Decimal(0),
        serapan=total.serapan if total else None,
    )
    return LaporanData(
        identitas=identitas,
        renstra=renstra,
        perjanjian=berlaku,
        capaian_kinerja=bab3,
        realisasi_anggaran=program,
        anggaran_total=total,
        ikhtisar=ikhtisar,
        skala=skala,
        aturan=aturan,
    )


# --- The pemda's consolidated report -------------------------------------------------------------


@dataclass
class RingkasanOpd:
    """One OPD in the consolidated LKjIP: its capaian (verified realisations only), predicate,
    indicators and budget absorption."""

    opd: PerangkatDaerah
    ada_pk: bool = False
    jumlah_indikator: int = 0
    jumlah_tercapai: int = 0
    capaian: Decimal | None = None
    predikat: capaian.Predikat | None = None
    anggaran: AnggaranUkur | None = None

    @property
    def serapan(self) -> Decimal | None:
        return self.anggaran.serapan if self.anggaran else None


@dataclass
class LaporanPemdaData:
    pemda: Pemda
    tahun: int
    periode: Periode | None
    opd: list[RingkasanOpd]  # every active OPD, in the pemda's order
    jumlah_indikator: int
    jumlah_tercapai: int
    capaian: Decimal | None  # the mean of the OPDs' (those with a capaian)
    predikat: capaian.Predikat | None
    pagu: Decimal
    realisasi_anggaran: Decimal
    serapan: Decimal | None
    skala: list[capaian.Predikat]
    aturan: capaian.Pengaturan

    @property
    def jumlah_opd_dengan_pk(self) -> int:
        return sum(1 for item in self.opd if item.ada_pk)


def build_lkjip_pemda_context(pemda: Pemda, tahun: int) -> LaporanPemdaData:
    """The consolidated LKjIP of a pemda: per active OPD its capaian from **verified realisations
    only** (the rule of the pemda recap, ``perjanjian.reports.rekap_pemda``), predicate, indicators
    reached and budget absorption, plus the pemda totals. The recap itself is scoped to a user; this
    report is the pemda's, so it reads every active OPD. Eight queries, whatever the number of OPDs.
    """
    aturan = PengaturanCapaian.untuk(pemda.pk)
    skala = PredikatCapaian.skala_untuk(pemda)
    periode = _periode(pemda.pk, tahun)
    opds = list(PerangkatDaerah.objects.filter(pemda=pemda).aktif().order_by("urutan", "nama"))
    baris = {opd.pk: RingkasanOpd(opd) for opd in opds}
    perjanjian = {
        pk.pk: pk
        for pk in versi_terakhir(PerjanjianKinerja.objects.filter(opd__in=opds, tahun=tahun, status=DITETAPKAN))
    }
    rows = list(BarisPK.objects.filter(perjanjian_id__in=perjanjian).select_related("indikator") if perjanjian else [])
    realisasi = (
        Realisasi.objects.filter(tahun=tahun, status=TERVERIFIKASI, indikator_id__in=[r.indikator_id for r in rows])
        .order_by()
        .values_list(*reports.Isian._fields)
        if rows
        else []
    )
    per_indikator = reports.by_indicator([reports.Isian(*values) for values in realisasi])
    rows_per_opd: dict[int, list[BarisPK]] = defaultdict(list)
    for row in rows:
        row.perjanjian = perjanjian[row.perjanjian_id]
        rows_per_opd[row.perjanjian.opd_id].append(row)
    lines_per_opd: dict[int, list[AnggaranPK]] = defaultdict(list)
    all_lines = reports.budget_lines(perjanjian) if perjanjian else []
    for line in all_lines:
        lines_per_opd[perjanjian[line.perjanjian_id].opd_id].append(line)

    for opd_id, item in baris.items():
        opd_rows = rows_per_opd.get(opd_id, [])
        item.ada_pk = bool(opd_rows)
        sasaran = reports.sasaran_ukur(
            opd_rows, per_indikator, aturan=aturan, skala=skala, hanya_terverifikasi=True, ringkas=True
        )
        item.jumlah_indikator = sum(len(s.indikator) for s in sasaran)
        item.jumlah_tercapai = sum(1 for s in sasaran for ind in s.indikator if _tercapai(ind.capaian))
        item.capaian = capaian.rata_rata([s.capaian for s in sasaran])
        item.predikat = capaian.predikat(item.capaian, skala)
        if lines_per_opd.get(opd_id):
            item.anggaran = reports.ukur_anggaran(
                None, lines_per_opd[opd_id], item.capaian, aturan=aturan, skala=skala, jenis=AnggaranUkur.TOTAL
            )

    ringkasan = list(baris.values())
    nilai = capaian.rata_rata([item.capaian for item in ringkasan])
    # Each OPD's total counts its own highest budget level once; the pemda's is the sum of those.
    pagu = sum((item.anggaran.pagu for item in ringkasan if item.anggaran), Decimal(0))
    spent = sum((item.anggaran.realisasi for item in ringkasan if item.anggaran), Decimal(0))
    return LaporanPemdaData(
        pemda=pemda,
        tahun=tahun,
        periode=periode,
        opd=ringkasan,
        jumlah_indikator=sum(item.jumlah_indikator for item in ringkasan),
        jumlah_tercapai=sum(item.jumlah_tercapai for item in ringkasan),
        capaian=nilai,
        predikat=capaian.predikat(nilai, skala),
        pagu=pagu,
        realisasi_anggaran=spent,
        serapan=capaian.serapan(spent, pagu),
        skala=skala,
        aturan=aturan,
    )
