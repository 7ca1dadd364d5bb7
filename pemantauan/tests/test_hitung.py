"""The pure rules of the monitoring figures (no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pemantauan import hitung

D = Decimal


@pytest.mark.parametrize(
    ("bagian", "keseluruhan", "expected"),
    [
        (D("600000000"), D("1000000000"), D("60.00")),
        (D(1), D(3), D("33.33")),
        (D(2), D(3), D("66.67")),  # half up
        (0, 10, D("0.00")),
        (5, 0, None),  # a share of nothing is not 0 %
        (None, 10, None),
    ],
)
def test_persen(bagian, keseluruhan, expected):
    assert hitung.persen(bagian, keseluruhan) == expected


@pytest.mark.parametrize(
    ("deviasi", "pita"),
    [(D("0"), "hijau"), (D("3.5"), "hijau"), (D("-0.01"), "kuning"), (D("-10"), "kuning"), (D("-10.01"), "merah")],
)
def test_pita(deviasi, pita):
    assert hitung.pita(deviasi) == pita
    assert hitung.pita(None) == ""


def test_deviasi_is_points_behind_the_curve():
    assert hitung.deviasi(D("60.00"), D("73.00")) == D("-13.00")
    assert hitung.deviasi(None, D("73")) is None


def test_serapan_within_pagu_and_never_down():
    ok = {1: (D(1000), D(50)), 2: (D(1000), D(120)), 5: (D(1200), D(400))}
    assert hitung.periksa_serapan(ok) == []

    over = hitung.periksa_serapan({3: (D(1000), D("1000.01"))})
    assert [(k.bulan, k.kolom) for k in over] == [(3, "realisasi_sd")]
    assert "melebihi pagu" in over[0].pesan and "Rp 1.000,01" in over[0].pesan

    down = hitung.periksa_serapan({1: (D(1000), D(300)), 2: (D(1000), D(500)), 4: (D(1000), D(450))})
    assert [(k.bulan, k.kolom) for k in down] == [(4, "realisasi_sd")]
    assert "s.d. April" in down[0].pesan and "s.d. Februari" in down[0].pesan and "tidak boleh turun" in down[0].pesan
    # Each month is compared with the month before it: one mistyped month gives one or two messages.
    once = hitung.periksa_serapan(
        {1: (D(1000), D(50)), 2: (D(1000), D(900)), 3: (D(1000), D(200)), 4: (D(1000), D(300))}
    )
    assert [k.bulan for k in once] == [3]


def test_pengaduan_resolved_within_responded_within_received():
    assert hitung.periksa_pengaduan(1, 10, 10, 10) == []
    assert hitung.periksa_pengaduan(1, 0, 0, 0) == []
    errors = hitung.periksa_pengaduan(7, 5, 6, 7)
    assert [(k.bulan, k.kolom) for k in errors] == [(7, "ditanggapi"), (7, "selesai")]


def test_kurva_twelve_non_decreasing_percentages():
    good = {b: D(b * 7) for b in range(1, 13)}
    assert hitung.periksa_kurva(good) == []
    assert [k.bulan for k in hitung.periksa_kurva({**good, 6: D(20)})] == [6]
    assert [k.bulan for k in hitung.periksa_kurva({**good, 12: D("100.5")})] == [12]
    assert [k.bulan for k in hitung.periksa_kurva({b: v for b, v in good.items() if b != 3})] == [3]


@pytest.mark.parametrize(("triwulan", "bulan"), [(1, 3), (2, 6), (3, 9), (4, 12)])
def test_quarter_ends(triwulan, bulan):
    assert hitung.bulan_akhir_triwulan(triwulan) == bulan


def test_one_list_of_month_names():
    from pemantauan.models import BULAN

    assert len(hitung.NAMA_BULAN) == 12 and hitung.NAMA_BULAN[7] == "Agustus"
    assert [(bulan, str(label)) for bulan, label in BULAN] == list(enumerate(hitung.NAMA_BULAN, start=1))
