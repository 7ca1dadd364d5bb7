"""Cek kualitas IKU: a SMART checklist over an OPD's tree and indicators.

Pure functions over plain data (``SasaranData``, ``IndikatorData``); ``load()`` builds that data from
the database in a fixed number of queries. Every finding says what is wrong, why it matters and
how to fix it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from iku_manual.models import OUTCOME_LEVELS, Indikator, Sasaran, Tingkat

# Names that measure work done, not results ("kerja, bukan kinerja": seeds/003, Kutai Kartanegara).
ACTIVITY_PATTERNS = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"^\s*jumlah\s+kegiatan",
        r"^\s*terlaksananya\b",
        r"^\s*tersusunnya\b",
        r"^\s*terselenggaranya\b",
        r"^\s*tersedianya\s+dokumen\b",
        r"\b(pe)?nyerapan\s+anggaran\b",
        r"\bserapan\s+anggaran\b",
        r"\brealisasi\s+(penyerapan\s+)?anggaran\b",
    )
]


def is_activity_indicator(nama: str) -> bool:
    return any(pattern.search(nama) for pattern in ACTIVITY_PATTERNS)


@dataclass(frozen=True)
class IndikatorData:
    pk: int
    kode: str
    nama: str
    definisi_operasional: str = ""
    formula: str = ""
    sumber_data: str = ""
    has_penanggung_jawab: bool = False
    has_baseline: bool = False
    is_iku: bool = True
    polaritas: str = Indikator.Polaritas.MAXIMIZE
    is_persen: bool = False
    is_kualitatif: bool = False
    # (tahun, nilai) of single-value targets, in year order
    targets: tuple[tuple[int, Decimal], ...] = ()
    # upper bounds of range targets (stabilize), for the percentage check
    batas_atas: tuple[Decimal, ...] = ()
    # the best value the measure can take (the top of a qualitative scale, 100 for a percentage)
    nilai_puncak: Decimal | None = None


@dataclass(frozen=True)
class SasaranData:
    pk: int
    kode: str
    uraian: str
    tingkat: str
    has_parent: bool
    indikator: tuple[IndikatorData, ...] = ()


@dataclass(frozen=True)
class Temuan:
    """One failed check: on which object, what is wrong, why it matters, how to fix it."""

    aturan: str
    objek: str  # "sasaran" or "indikator"
    pk: int
    label: str
    masalah: str
    alasan: str
    perbaikan: str


@dataclass
class HasilKualitas:
    total: int = 0
    lolos: int = 0
    temuan: list[Temuan] = field(default_factory=list)

    @property
    def skor(self) -> Decimal:
        """Share of checks passed, 0–100, two decimals."""
        if not self.total:
            return Decimal("0.00")
        return (Decimal(self.lolos) * 100 / Decimal(self.total)).quantize(Decimal("0.01"), ROUND_HALF_UP)

    def _check(self, passed: bool, temuan: Temuan) -> None:
        self.total += 1
        if passed:
            self.lolos += 1
        else:
            self.temuan.append(temuan)


def _target_direction_ok(ind: IndikatorData) -> tuple[bool, str]:
    values = [nilai for _tahun, nilai in ind.targets]
    if len(values) < 2 or ind.polaritas == Indikator.Polaritas.STABILIZE:
        return True, ""
    if len(set(values)) == 1:
        # Holding the best possible value (WTP every year, 100% coverage, zero cases) is not flat.
        best = ind.nilai_puncak if ind.polaritas == Indikator.Polaritas.MAXIMIZE else Decimal(0)
        if best is not None and values[0] == best:
            return True, ""
        return False, "datar"
    pairs = list(zip(values, values[1:], strict=False))
    if ind.polaritas == Indikator.Polaritas.MAXIMIZE and any(later < earlier for earlier, later in pairs):
        return False, "turun"
    if ind.polaritas == Indikator.Polaritas.MINIMIZE and any(later > earlier for earlier, later in pairs):
        return False, "naik"
    return True, ""


def periksa(sasaran_list: list[SasaranData]) -> HasilKualitas:
    hasil = HasilKualitas()
    for sasaran in sasaran_list:
        label = f"{sasaran.kode} {sasaran.uraian}"

        def on_sasaran(aturan, masalah, alasan, perbaikan, label=label, pk=sasaran.pk):
            return Temuan(aturan, "sasaran", pk, label, masalah, alasan, perbaikan)

        if sasaran.tingkat in OUTCOME_LEVELS:
            hasil._check(
                any(ind.is_iku for ind in sasaran.indikator),
                on_sasaran(
                    "tanpa_iku",
                    "Sasaran belum punya IKU.",
                    "Setiap tujuan dan sasaran strategis perlu ukuran keberhasilan utama; tanpa IKU capaiannya "
                    "tidak dapat dinilai.",
                    "Tambahkan indikator dan tandai sebagai IKU.",
                ),
            )
        else:
            hasil._check(
                bool(sasaran.indikator),
                on_sasaran(
                    "tanpa_indikator",
                    "Sasaran belum punya indikator.",
                    "Sasaran program, kegiatan dan individu diukur dengan indikatornya sendiri.",
                    "Tambahkan indikator kinerja untuk sasaran ini.",
                ),
            )
        if sasaran.tingkat != Tingkat.TUJUAN_PEMDA:
            hasil._check(
                sasaran.has_parent,
                on_sasaran(
                    "yatim",
                    "Sasaran tidak terhubung ke sasaran di atasnya.",
                    "Pohon kinerja harus selaras (cascading): setiap sasaran mendukung sasaran tingkat atas.",
                    "Pilih sasaran RPJMD atau sasaran atasan yang didukung pada isian 'mendukung sasaran'.",
                ),
            )
        if sasaran.tingkat in OUTCOME_LEVELS and sasaran.indikator:
            hasil._check(
                not all(is_activity_indicator(ind.nama) for ind in sasaran.indikator),
                on_sasaran(
                    "kerja_bukan_kinerja",
                    "Sasaran hasil (outcome) hanya diukur dengan indikator kegiatan.",
                    "Jumlah kegiatan, tersusunnya dokumen atau serapan anggaran mengukur kerja, bukan kinerja.",
                    "Rumuskan indikator yang mengukur perubahan kondisi, mis. angka atau persentase hasil.",
                ),
            )
        for ind in sasaran.indikator:
            ind_label = f"{ind.kode} {ind.nama}"

            def on_ind(aturan, masalah, alasan, perbaikan, ind_label=ind_label, pk=ind.pk):
                return Temuan(aturan, "indikator", pk, ind_label, masalah, alasan, perbaikan)

            hasil._check(
                bool(ind.definisi_operasional.strip()),
                on_ind(
                    "definisi",
                    "Definisi operasional kosong.",
                    "Tanpa definisi, setiap orang dapat mengukur hal yang berbeda.",
                    "Jelaskan apa yang diukur, batasannya, dan cakupannya.",
                ),
            )
            hasil._check(
                bool(ind.formula.strip()) or ind.is_kualitatif,
                on_ind(
                    "formula",
                    "Formula kosong.",
                    "Capaian hanya dapat diverifikasi bila cara menghitungnya jelas.",
                    "Tuliskan rumus, mis. pembilang dibagi penyebut dikali 100%.",
                ),
            )
            hasil._check(
                bool(ind.sumber_data.strip()),
                on_ind(
                    "sumber_data",
                    "Sumber data kosong.",
                    "Data kinerja harus dapat ditelusuri ke sumbernya agar andal.",
                    "Sebutkan dokumen, sistem atau instansi penyedia data.",
                ),
            )
            hasil._check(
                ind.has_penanggung_jawab,
                on_ind(
                    "penanggung_jawab",
                    "Penanggung jawab belum ditentukan.",
                    "Setiap indikator perlu unit yang bertanggung jawab atas capaian dan datanya.",
                    "Pilih unit kerja penanggung jawab.",
                ),
            )
            hasil._check(
                ind.has_baseline,
                on_ind(
                    "baseline",
                    "Baseline (kondisi awal) kosong.",
                    "Tanpa kondisi awal, target tidak dapat dinilai menantang atau realistis.",
                    "Isi tahun dan nilai kondisi awal.",
                ),
            )
            direction_ok, how = _target_direction_ok(ind)
            hasil._check(
                direction_ok,
                on_ind(
                    "arah_target",
                    {
                        "datar": "Target sama setiap tahun.",
                        "turun": "Target menurun padahal makin tinggi makin baik.",
                        "naik": "Target naik padahal makin rendah makin baik.",
                        "": "",
                    }[how],
                    "Target tahunan semestinya bergerak menuju kondisi yang lebih baik sesuai polaritas indikator.",
                    "Periksa target per tahun, atau polaritas indikator bila keliru.",
                ),
            )
            if ind.is_persen:
                hasil._check(
                    all(nilai <= 100 for _tahun, nilai in ind.targets) and all(b <= 100 for b in ind.batas_atas),
                    on_ind(
                        "persen_lebih_100",
                        "Target persentase melebihi 100.",
                        "Persentase yang melebihi 100 biasanya salah satuan atau salah rumus.",
                        "Perbaiki target, atau ganti satuan bila bukan persentase.",
                    ),
                )
    return hasil


def load(sasaran_queryset, *, years: list[int] | None = None) -> list[SasaranData]:
    """The checklist's input from the database, a fixed number of queries for any number of nodes.
    ``years``: only targets of these years count (the period's)."""
    rows = sasaran_queryset.prefetch_related("parents", "indikator__targets", "indikator__skala__nilai").order_by(
        "urutan", "kode"
    )
    in_years = (lambda tahun: tahun in years) if years is not None else (lambda tahun: True)
    result = []
    for sasaran in rows:
        indikator = tuple(
            IndikatorData(
                pk=ind.pk,
                kode=ind.kode,
                nama=ind.nama,
                definisi_operasional=ind.definisi_operasional,
                formula=ind.formula,
                sumber_data=ind.sumber_data,
                has_penanggung_jawab=ind.penanggung_jawab_id is not None,
                has_baseline=ind.baseline_nilai is not None and ind.baseline_tahun is not None,
                is_iku=ind.is_iku,
                polaritas=ind.polaritas,
                is_persen=ind.is_persen,
                is_kualitatif=ind.is_kualitatif,
                targets=tuple(
                    (t.tahun, t.nilai)
                    for t in sorted(ind.targets.all(), key=lambda t: t.tahun)
                    if t.nilai is not None and in_years(t.tahun)
                ),
                batas_atas=tuple(
                    t.batas_atas for t in ind.targets.all() if t.batas_atas is not None and in_years(t.tahun)
                ),
                nilai_puncak=(
                    max((step.nilai for step in ind.skala.nilai.all()), default=None)
                    if ind.skala_id
                    else (Decimal(100) if ind.is_persen else None)
                ),
            )
            for ind in sorted(sasaran.indikator.all(), key=lambda i: (i.urutan, i.kode))
        )
        result.append(
            SasaranData(
                pk=sasaran.pk,
                kode=sasaran.kode,
                uraian=sasaran.uraian,
                tingkat=sasaran.tingkat,
                has_parent=bool(sasaran.parents.all()),
                indikator=indikator,
            )
        )
    return result


def for_opd(opd, periode) -> HasilKualitas:
    return periksa(load(Sasaran.objects.filter(periode=periode, opd=opd), years=periode.tahun))
