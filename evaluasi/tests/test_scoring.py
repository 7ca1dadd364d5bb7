"""LKE arithmetic on hand-computed worksheets; no database."""

from decimal import Decimal as D

import pytest

from evaluasi.scoring import (
    Band,
    Butir,
    CaraHitung,
    Komp,
    Sub,
    cek_logika,
    dengan_perbaikan,
    hitung,
    predikat,
    simulasi,
    skor_sub,
)

BANDS = [
    Band("AA", D(90), "Sangat Memuaskan"),
    Band("A", D(80), "Memuaskan"),
    Band("BB", D(70), "Sangat Baik"),
    Band("B", D(60), "Baik"),
    Band("CC", D(50), "Cukup (Memadai)"),
    Band("C", D(30), "Kurang"),
    Band("D", None, "Sangat Kurang"),
]


def butir(*values, maks=D(1)):
    return tuple(Butir(f"k{i}", v, maks) for i, v in enumerate(values, start=1))


@pytest.mark.parametrize(
    ("total", "kode"),
    [
        (D("70.00"), "B"),  # the lower bound is exclusive
        (D("70.01"), "BB"),
        (D("70.004"), "B"),  # judged on the two-decimal value: 70,00
        (D("70.005"), "BB"),  # 70,01
        (D("90.01"), "AA"),
        (D("90"), "A"),
        (D("30"), "D"),
        (D("30.01"), "C"),
        (D("0"), "D"),
        (D("100"), "AA"),
    ],
)
def test_grade_bands_have_exclusive_lower_bounds(total, kode):
    assert predikat(total, BANDS).kode == kode


def test_average_sub_component_12_2015_renstra_pemenuhan():
    # A.I.a, weight 2, nine criteria: Y, Y, A, B, A, C, B, D, T -> 1+1+1+0,75+1+0,5+0,75+0,25+0 = 6,25
    # 6,25 / 9 × 2 = 1,3888... -> 1,39
    sub = Sub("A.I.a", D(2), butir(D(1), D(1), D(1), D("0.75"), D(1), D("0.5"), D("0.75"), D("0.25"), D(0)))
    assert skor_sub(sub) == D("1.39")


def test_unanswered_criteria_count_as_zero():
    assert skor_sub(Sub("X", D(10), butir(D(1), None))) == D("5.00")


def test_points_sub_component_12_2015_capaian_output():
    # E.I Output, 7,5: target dicapai B (2 of 3 points), lebih baik dari tahun lalu A (1,5),
    # informasi andal C (1 of 3) -> 4,50
    sub = Sub(
        "E.I",
        D("7.5"),
        (Butir("87", D(2), D(3)), Butir("88", D("1.5"), D("1.5")), Butir("89", D(1), D(3))),
        CaraHitung.JUMLAH,
    )
    assert skor_sub(sub) == D("4.50")
    # E.II Outcome, 12,5: A–E fractions × 5, 2,5, 5: B, C, A -> 3,75 + 1,25 + 5 = 10,00
    outcome = Sub(
        "E.II",
        D("12.5"),
        (
            Butir("90", D("0.75"), D(1), D(5)),
            Butir("91", D("0.5"), D(1), D("2.5")),
            Butir("92", D(1), D(1), D(5)),
        ),
        CaraHitung.JUMLAH,
    )
    assert skor_sub(outcome) == D("10.00")


def perencanaan_88_2021(keberadaan, kualitas, pemanfaatan):
    return Komp(
        "1",
        D(30),
        (
            Sub("1.1", D(6), butir(*keberadaan)),
            Sub("1.2", D(9), butir(*kualitas)),
            Sub("1.3", D(15), butir(*pemanfaatan)),
        ),
    )


def test_88_2021_component_and_total_hand_computed():
    # AA–E answers as fractions: keberadaan A, A, BB (0,9+0,9+0,8)/3 × 6 = 5,20
    # kualitas B, CC (0,7+0,6)/2 × 9 = 5,85; pemanfaatan C, D, E (0,5+0,3+0)/3 × 15 = 4,00
    komp = perencanaan_88_2021([D("0.9"), D("0.9"), D("0.8")], [D("0.7"), D("0.6")], [D("0.5"), D("0.3"), D(0)])
    hasil = hitung([komp], BANDS)
    assert hasil.sub == {"1.1": D("5.20"), "1.2": D("5.85"), "1.3": D("4.00")}
    assert hasil.komponen["1"] == D("15.05")
    assert hasil.total == D("15.05")
    assert hasil.predikat.kode == "D"


def test_total_sums_rounded_sub_components_like_the_worksheet():
    # Three sub-components of 1/3 × 10 each: 3,33 + 3,33 + 3,33 = 9,99 (not 10,00).
    third = (D(1), D(0), D(0))
    komp = Komp("X", D(30), tuple(Sub(f"X.{i}", D(10), butir(*third)) for i in range(3)))
    assert hitung([komp], BANDS).total == D("9.99")


def test_logic_check_flags_answers_that_depend_on_a_no():
    nilai = {"1": D(0), "2": D("0.75"), "3": D(0), "22": D(1), "23": D(1)}
    aturan = [("2", "1"), ("3", "1"), ("23", "22")]
    assert cek_logika(nilai, aturan) == [("2", "1")]


def test_simulation_ranks_what_lifts_the_score_most():
    # Bontang's question: which criteria lift planning the most?
    komp = perencanaan_88_2021([D(1), D(1), D("0.5")], [D("0.7"), D("0.7")], [D("0.6"), D("0.9"), D(1)])
    ranked = simulasi([komp])
    # 1.3 (15 over three criteria): 0,4 gap -> 2,00; 1.2 (9 over two): 0,3 gap -> 1,35 each;
    # 1.1 (6 over three): 0,5 gap -> 1,00; 1.3 second: 0,1 gap -> 0,50.
    assert [(p.sub, p.butir, p.tambahan) for p in ranked] == [
        ("1.3", "k1", D("2")),
        ("1.2", "k1", D("1.35")),
        ("1.2", "k2", D("1.35")),
        ("1.1", "k3", D("1")),
        ("1.3", "k2", D("0.5")),
    ]
    before = hitung([komp], BANDS).total
    after = hitung(dengan_perbaikan([komp], {"k1": D(1)}), BANDS).total
    # k1 is the first criterion of every sub-component: 1.2 and 1.3 gain.
    assert after - before == D("2.00") + D("1.35")
