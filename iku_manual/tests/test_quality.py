"""Cek kualitas IKU, on plain data: each rule passes and fails where it should."""

from decimal import Decimal

import pytest

from iku_manual.models import Indikator, Tingkat
from iku_manual.quality import IndikatorData, SasaranData, is_activity_indicator, periksa

GOOD = IndikatorData(
    pk=1,
    kode="IKU.1",
    nama="Prevalensi stunting pada balita",
    definisi_operasional="Balita dengan tinggi badan menurut umur di bawah -2 SD.",
    formula="Balita stunting / balita diukur x 100%",
    sumber_data="e-PPGBM",
    has_penanggung_jawab=True,
    has_baseline=True,
    polaritas=Indikator.Polaritas.MINIMIZE,
    is_persen=True,
    targets=((2025, Decimal(17)), (2026, Decimal("15.5")), (2027, Decimal(14))),
)


def sasaran(*indikator, tingkat=Tingkat.SASARAN_STRATEGIS, has_parent=True):
    return SasaranData(
        pk=10,
        kode="SS.1",
        uraian="Meningkatnya gizi",
        tingkat=tingkat,
        has_parent=has_parent,
        indikator=tuple(indikator),
    )


def rules(hasil):
    return sorted(t.aturan for t in hasil.temuan)


def test_a_good_indicator_passes_everything():
    hasil = periksa([sasaran(GOOD)])
    assert rules(hasil) == []
    assert hasil.skor == Decimal("100.00")
    assert hasil.total == 3 + 7  # sasaran: IKU, parent, not only activity; indicator: 7 checks


@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        ({"definisi_operasional": " "}, "definisi"),
        ({"formula": ""}, "formula"),
        ({"sumber_data": ""}, "sumber_data"),
        ({"has_penanggung_jawab": False}, "penanggung_jawab"),
        ({"has_baseline": False}, "baseline"),
        ({"targets": ((2025, Decimal(17)), (2026, Decimal(17)))}, "arah_target"),
        ({"targets": ((2025, Decimal(17)), (2026, Decimal(18)))}, "arah_target"),
        ({"polaritas": Indikator.Polaritas.MAXIMIZE}, "arah_target"),  # falling targets, higher is better
        ({"targets": ((2025, Decimal(90)), (2026, Decimal("100.5")))}, "persen_lebih_100"),
    ],
)
def test_each_indicator_rule(changes, rule):
    from dataclasses import replace

    polaritas_fix = {"polaritas": Indikator.Polaritas.MAXIMIZE} if rule == "persen_lebih_100" else {}
    hasil = periksa([sasaran(replace(GOOD, **{**changes, **polaritas_fix}))])
    assert rules(hasil) == [rule]
    assert hasil.temuan[0].perbaikan  # every finding says how to fix it


def test_stabilize_targets_are_not_judged_by_direction():
    from dataclasses import replace

    flat = replace(GOOD, polaritas=Indikator.Polaritas.STABILIZE, targets=((2025, Decimal(3)), (2026, Decimal(3))))
    assert rules(periksa([sasaran(flat)])) == []


def test_qualitative_indicator_needs_no_formula():
    from dataclasses import replace

    assert rules(periksa([sasaran(replace(GOOD, formula="", is_kualitatif=True))])) == []


def test_sasaran_rules():
    from dataclasses import replace

    assert rules(periksa([sasaran()])) == ["tanpa_iku"]
    assert rules(periksa([sasaran(replace(GOOD, is_iku=False))])) == ["tanpa_iku"]
    assert rules(periksa([sasaran(GOOD, has_parent=False)])) == ["yatim"]
    # The pemda's tujuan stands at the top: it needs no parent.
    assert rules(periksa([sasaran(GOOD, tingkat=Tingkat.TUJUAN_PEMDA, has_parent=False)])) == []
    # Lower levels need an indicator, not an IKU.
    assert rules(periksa([sasaran(replace(GOOD, is_iku=False), tingkat=Tingkat.SASARAN_PROGRAM)])) == []
    assert rules(periksa([sasaran(tingkat=Tingkat.SASARAN_KEGIATAN)])) == ["tanpa_indikator"]


def test_outcome_measured_only_by_activities_is_kerja_not_kinerja():
    from dataclasses import replace

    kegiatan = replace(
        GOOD,
        nama="Jumlah kegiatan sosialisasi gizi",
        polaritas=Indikator.Polaritas.MAXIMIZE,
        targets=((2025, Decimal(4)), (2026, Decimal(5))),
        is_persen=False,
    )
    dokumen = replace(kegiatan, pk=2, nama="Tersusunnya dokumen rencana aksi daerah")
    assert rules(periksa([sasaran(kegiatan, dokumen)])) == ["kerja_bukan_kinerja"]
    assert rules(periksa([sasaran(kegiatan, GOOD)])) == []  # one real outcome indicator is enough
    # At program level activities are what is measured.
    assert rules(periksa([sasaran(kegiatan, tingkat=Tingkat.SASARAN_PROGRAM)])) == []


@pytest.mark.parametrize(
    ("nama", "activity"),
    [
        ("Jumlah kegiatan pelatihan", True),
        ("Terlaksananya rapat koordinasi", True),
        ("Tersusunnya dokumen Renstra", True),
        ("Persentase penyerapan anggaran", True),
        ("Serapan anggaran belanja modal", True),
        ("Angka kemiskinan", False),
        ("Persentase balita gizi buruk yang tertangani", False),
    ],
)
def test_activity_names(nama, activity):
    assert is_activity_indicator(nama) is activity


def test_score_is_the_share_of_checks_passed():
    from dataclasses import replace

    hasil = periksa([sasaran(replace(GOOD, sumber_data="", has_baseline=False))])
    assert (hasil.lolos, hasil.total) == (8, 10)
    assert hasil.skor == Decimal("80.00")
    assert periksa([]).skor == Decimal("0.00")


def test_holding_the_best_value_is_not_flat():
    from dataclasses import replace

    wtp = replace(
        GOOD,
        polaritas=Indikator.Polaritas.MAXIMIZE,
        is_persen=False,
        is_kualitatif=True,
        targets=tuple((year, Decimal(4)) for year in range(2025, 2030)),
        nilai_puncak=Decimal(4),
    )
    assert rules(periksa([sasaran(wtp)])) == []
    wdp = replace(wtp, targets=tuple((year, Decimal(3)) for year in range(2025, 2030)))
    assert rules(periksa([sasaran(wdp)])) == ["arah_target"]  # flat below the top: still flat
    full = replace(
        GOOD,
        polaritas=Indikator.Polaritas.MAXIMIZE,
        nilai_puncak=Decimal(100),
        targets=((2025, Decimal(100)), (2026, Decimal(100))),
    )
    assert rules(periksa([sasaran(full)])) == []
    zero = replace(GOOD, targets=((2025, Decimal(0)), (2026, Decimal(0))))  # minimize, zero cases
    assert rules(periksa([sasaran(zero)])) == []


def test_percentage_ranges_over_100_are_flagged():
    from dataclasses import replace

    band = replace(GOOD, polaritas=Indikator.Polaritas.STABILIZE, targets=(), batas_atas=(Decimal(95), Decimal(120)))
    assert rules(periksa([sasaran(band)])) == ["persen_lebih_100"]


@pytest.mark.parametrize(
    ("satuan", "persen"), [("%", True), ("Persen", True), (" persentase ", True), ("orang", False)]
)
def test_percent_units_are_recognised_whatever_the_case(satuan, persen):
    assert Indikator(satuan=satuan).is_persen is persen
