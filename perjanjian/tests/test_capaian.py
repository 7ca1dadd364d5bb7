"""Capaian rules on hand-computed tables; no database."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perjanjian.capaian import (
    Agregasi,
    Capaian,
    Pengaturan,
    Predikat,
    RumusMinimize,
    Status,
    agregasi,
    hitung,
    predikat,
)

NO_FLOOR = Pengaturan(batas_minimum_nol=False)


@pytest.mark.parametrize(
    ("polaritas", "realisasi", "target", "expected"),
    [
        ("maximize", D("85"), D("80"), D("106.25")),  # 85 / 80 × 100
        ("maximize", D("60"), D("80"), D("75")),
        ("maximize", D("0"), D("80"), D("0")),
        # Angka kemiskinan: lower is better. (2 − 7,60/7,85) × 100 = 103,1847...
        ("minimize", D("7.60"), D("7.85"), (2 - D("7.60") / D("7.85")) * 100),
        ("minimize", D("6.20"), D("6.00"), (2 - D("6.20") / D("6.00")) * 100),  # missed: 96,67
    ],
)
def test_maximize_and_minimize(polaritas, realisasi, target, expected):
    assert hitung(realisasi=realisasi, target=target, polaritas=polaritas).nilai == expected


def test_minimize_hand_values_rounded_for_display():
    assert hitung(realisasi=D("7.60"), target=D("7.85"), polaritas="minimize").untuk_tampil() == D("103.18")
    assert hitung(realisasi=D("6.20"), target=D("6.00"), polaritas="minimize").untuk_tampil() == D("96.67")


def test_minimize_inverse_convention_per_pemda_or_indicator():
    inverse = Pengaturan(rumus_minimize=RumusMinimize.INVERS)
    assert hitung(realisasi=D("8"), target=D("6"), polaritas="minimize", pengaturan=inverse).untuk_tampil() == D(
        "75.00"
    )
    # An indicator's own convention wins over the pemda's.
    assert hitung(
        realisasi=D("8"), target=D("6"), polaritas="minimize", rumus_minimize=RumusMinimize.DUA_MINUS
    ).untuk_tampil() == D("66.67")


@pytest.mark.parametrize(
    ("realisasi", "expected"),
    [
        (D("3.0"), D("100")),  # inside 2,5 – 3,5
        (D("2.5"), D("100")),  # on the bounds
        (D("3.5"), D("100")),
        (D("2.0"), D("80")),  # below: 2,0 / 2,5 × 100
        (D("4.2"), (2 - D("4.2") / D("3.5")) * 100),  # above: (2 − 4,2/3,5) × 100 = 80
    ],
)
def test_stabilize_is_measured_from_the_nearer_bound(realisasi, expected):
    capaian = hitung(realisasi=realisasi, batas_bawah=D("2.5"), batas_atas=D("3.5"), polaritas="stabilize")
    assert capaian.nilai == expected


def test_qualitative_values_arrive_as_their_numbers():
    # Opini BPK: WTP = 4 against a WTP target is 100; WDP = 3 is 75.
    assert hitung(realisasi=D(4), target=D(4), polaritas="maximize").nilai == 100
    assert hitung(realisasi=D(3), target=D(4), polaritas="maximize").nilai == 75


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"realisasi": None, "target": D(5), "polaritas": "maximize"}, Status.BELUM_ADA_REALISASI),
        ({"realisasi": D(5), "target": None, "polaritas": "maximize"}, Status.BELUM_ADA_TARGET),
        ({"realisasi": D(5), "target": D(0), "polaritas": "maximize"}, Status.TARGET_NOL),
        ({"realisasi": D(5), "target": D(0), "polaritas": "minimize"}, Status.TARGET_NOL),
        (
            {"realisasi": D(0), "target": D(5), "polaritas": "minimize", "rumus_minimize": RumusMinimize.INVERS},
            Status.REALISASI_NOL,
        ),
        ({"realisasi": D(5), "batas_bawah": D(1), "polaritas": "stabilize"}, Status.BELUM_ADA_TARGET),
    ],
)
def test_missing_or_zero_values_give_a_status_not_an_exception(kwargs, status):
    capaian = hitung(**kwargs)
    assert (capaian.nilai, capaian.status) == (None, status)
    assert capaian.pesan


def test_cap_and_floor_are_settings():
    assert hitung(realisasi=D(150), target=D(100), polaritas="maximize").nilai == 150  # no cap by default
    for cap in (D(100), D(110), D(120)):
        capped = hitung(
            realisasi=D(150), target=D(100), polaritas="maximize", pengaturan=Pengaturan(batas_maksimum=cap)
        )
        assert capped.nilai == cap
    # (2 − R/T) goes below zero when R > 2T: floored at 0 unless the pemda turns the floor off.
    assert hitung(realisasi=D(25), target=D(10), polaritas="minimize").nilai == 0
    assert hitung(realisasi=D(25), target=D(10), polaritas="minimize", pengaturan=NO_FLOOR).nilai == -50


@pytest.mark.parametrize(
    ("values", "metode", "expected"),
    [
        ([D(10), D(20), D(30), D(40)], Agregasi.KUMULATIF, D(100)),
        ([D(10), D(20), None, None], Agregasi.KUMULATIF, D(30)),
        ([D(60), D(70), D(75), None], Agregasi.TERAKHIR, D(75)),
        ([D(80), D(90), None, None], Agregasi.RATA_RATA, D(85)),
        ([None, None, None, None], Agregasi.KUMULATIF, None),
    ],
)
def test_quarterly_aggregation(values, metode, expected):
    assert agregasi(values, metode) == expected


PERMENDAGRI_86 = [
    Predikat(D(91), "Sangat Tinggi"),
    Predikat(D(76), "Tinggi"),
    Predikat(D(66), "Sedang"),
    Predikat(D(51), "Rendah"),
    Predikat(D(0), "Sangat Rendah"),
]


@pytest.mark.parametrize(
    ("nilai", "label"),
    [
        (D("100"), "Sangat Tinggi"),
        (D("91"), "Sangat Tinggi"),
        (D("90.995"), "Sangat Tinggi"),  # shown as 91,00
        (D("90.99"), "Tinggi"),
        (D("76"), "Tinggi"),
        (D("75.5"), "Sedang"),
        (D("66"), "Sedang"),
        (D("65"), "Rendah"),
        (D("51"), "Rendah"),
        (D("50"), "Sangat Rendah"),
        (D("0"), "Sangat Rendah"),
    ],
)
def test_predicate_bands_permendagri_86_2017(nilai, label):
    assert predikat(nilai, PERMENDAGRI_86).label == label


def test_no_predicate_without_a_value():
    assert predikat(None, PERMENDAGRI_86) is None


@given(
    realisasi=st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False),
    target=st.decimals(min_value=D("0.01"), max_value=10**6, places=2, allow_nan=False),
    polaritas=st.sampled_from(["maximize", "minimize"]),
)
def test_capaian_never_raises_and_respects_floor(realisasi, target, polaritas):
    capaian = hitung(realisasi=realisasi, target=target, polaritas=polaritas)
    assert isinstance(capaian, Capaian)
    assert capaian.nilai is not None and capaian.nilai >= 0
    if realisasi == target:
        assert capaian.nilai == 100


@pytest.mark.parametrize(
    ("target", "tw", "metode", "messages"),
    [
        (D(100), [D(25), D(50), D(75), D(100)], Agregasi.KUMULATIF, []),
        (D(100), [D(25), D(50), D(75), D(90)], Agregasi.KUMULATIF, ["Target triwulan IV harus sama"]),
        (D(100), [D(50), D(40), D(75), D(100)], Agregasi.KUMULATIF, ["tidak boleh turun"]),
        (D(90), [D(80), D(85), D(88), D(90)], Agregasi.TERAKHIR, []),
        (D(80), [D(70), D(80), D(85), D(85)], Agregasi.RATA_RATA, []),
        (D(80), [D(70), D(80), D(85), D(90)], Agregasi.RATA_RATA, ["Rata-rata target triwulan"]),
        (D(80), [D(70), None, None, None], Agregasi.TERAKHIR, ["Isi target keempat triwulan"]),
        (D(80), [None, None, None, None], Agregasi.TERAKHIR, []),
    ],
)
def test_rencana_aksi_checked_against_the_aggregation(target, tw, metode, messages):
    from perjanjian.capaian import periksa_rencana_aksi

    found = periksa_rencana_aksi(target, tw, metode)
    assert len(found) == len(messages)
    for message, expected in zip(found, messages, strict=True):
        assert expected in message


# Quarters and year: ukur ------------------------------------------------------------------------

from perjanjian.capaian import KategoriEfisiensi, efisiensi, rata_rata, serapan, ukur  # noqa: E402


def test_ukur_cumulative_compares_running_sum_with_quarter_target():
    # A kumulatif output: 30 vaccinated in TW I, 20 in TW II; rencana aksi 25, 50, 75, 100.
    kolom, tahun = ukur(
        realisasi=[D(30), D(20), None, None],
        polaritas="maximize",
        metode=Agregasi.KUMULATIF,
        target=D(100),
        target_triwulan=[D(25), D(50), D(75), D(100)],
    )
    assert [k.sampai for k in kolom] == [D(30), D(50), None, None]
    assert kolom[0].capaian.nilai == D(120)  # 30 / 25
    assert kolom[1].capaian.nilai == D(100)  # 50 / 50
    assert kolom[2].capaian.status == Status.BELUM_ADA_REALISASI
    assert (tahun.realisasi, tahun.capaian.nilai) == (D(50), D(50))  # 50 of the year's 100 so far


def test_ukur_last_value_and_fallback_to_annual_target_in_tw4():
    kolom, tahun = ukur(
        realisasi=[D("7.9"), None, None, D("7.6")],
        polaritas="minimize",
        metode=Agregasi.TERAKHIR,
        target=D("7.85"),
    )
    assert kolom[0].capaian.status == Status.BELUM_ADA_TARGET  # no rencana aksi for TW I
    assert kolom[3].target == D("7.85")
    assert kolom[3].capaian.untuk_tampil() == D("103.18")
    assert tahun.capaian.untuk_tampil() == D("103.18")


def test_ukur_stabilize_uses_annual_range_each_quarter():
    kolom, tahun = ukur(
        realisasi=[D("3.0"), D("4.2"), None, None],
        polaritas="stabilize",
        metode=Agregasi.TERAKHIR,
        batas_bawah=D("2.5"),
        batas_atas=D("3.5"),
    )
    assert kolom[0].capaian.nilai == D(100)
    assert kolom[1].capaian.untuk_tampil() == D("80.00")
    assert tahun.capaian.untuk_tampil() == D("80.00")


def test_ukur_without_any_realisation_is_a_status_not_an_error():
    kolom, tahun = ukur(realisasi=[None] * 4, polaritas="maximize", metode=Agregasi.RATA_RATA, target=D(0))
    assert tahun.capaian.status == Status.BELUM_ADA_REALISASI
    assert all(k.capaian.nilai is None for k in kolom)


def test_rata_rata_skips_missing_values():
    assert rata_rata([D(100), None, D(80)]) == D(90)
    assert rata_rata([None, None]) is None


@pytest.mark.parametrize(
    ("capaian", "serapan_persen", "kategori"),
    [
        (D(100), D(90), KategoriEfisiensi.EFISIEN),  # +10 points
        (D(100), D(95), KategoriEfisiensi.CUKUP),  # +5: the boundary is cukup efisien
        (D(92), D(97), KategoriEfisiensi.CUKUP),  # −5
        (D(80), D(98), KategoriEfisiensi.TIDAK),  # −18
    ],
)
def test_efisiensi_bands_banjarnegara(capaian, serapan_persen, kategori):
    hasil = efisiensi(capaian, serapan_persen, D(5))
    assert hasil.kategori == kategori
    assert hasil.selisih == capaian - serapan_persen


def test_serapan_and_missing_sides():
    assert serapan(D("937500000"), D("1250000000")) == D(75)
    assert serapan(D(10), D(0)) is None
    assert efisiensi(None, D(50), D(5)) is None


def test_ukur_average_compares_running_means():
    # Rencana aksi 10, 20, 30, 40 averages to the annual 25; realisations on target every quarter.
    kolom, tahun = ukur(
        realisasi=[D(10), D(20), D(30), D(40)],
        polaritas="maximize",
        metode=Agregasi.RATA_RATA,
        target=D(25),
        target_triwulan=[D(10), D(20), D(30), D(40)],
    )
    assert [k.target for k in kolom] == [D(10), D(15), D(20), D(25)]
    assert [k.capaian.nilai for k in kolom] == [D(100)] * 4
    assert tahun.capaian.nilai == D(100)


def test_efisiensi_is_judged_on_the_displayed_difference():
    assert efisiensi(D("100.004"), D(95), D(5)).kategori == KategoriEfisiensi.CUKUP  # shows as 5,00
