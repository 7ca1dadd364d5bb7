"""The state of an IKP task, at the edges (pure, no database)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from instruksi import status

D = Decimal
SERATUS = Decimal(100)
MULAI = datetime.date(2026, 11, 1)
BATAS = datetime.date(2026, 11, 30)  # 29 days


def keadaan(nilai, hari_ini, target=SERATUS, ditutup=""):
    return status.keadaan(
        target=target, nilai=nilai, mulai=MULAI, batas_waktu=BATAS, hari_ini=hari_ini, ditutup=ditutup
    )


@pytest.mark.parametrize(
    ("nilai", "target", "expected"),
    [
        (None, D(10), None),
        (D(0), D(10), D("0.00")),
        (D(5), D(10), D("50.00")),
        (D(1), D(3), D("33.33")),
        (D(2), D(3), D("66.67")),
        (D(12), D(10), D("120.00")),
        (D(0), D(0), D(100)),
    ],
)
def test_capaian_persen(nilai, target, expected):
    assert status.capaian_persen(nilai, target) == expected


@pytest.mark.parametrize(
    ("hari_ini", "expected"),
    [
        (datetime.date(2026, 10, 30), D(0)),
        (MULAI, D(0)),
        (datetime.date(2026, 11, 30), D(1)),
        (datetime.date(2026, 12, 5), D(1)),
    ],
)
def test_porsi_waktu_edges(hari_ini, expected):
    assert status.porsi_waktu(MULAI, BATAS, hari_ini) == expected


def test_porsi_waktu_a_deadline_on_the_start_day_is_wholly_elapsed():
    assert status.porsi_waktu(MULAI, MULAI, MULAI) == D(0)
    assert status.porsi_waktu(MULAI, MULAI, MULAI + datetime.timedelta(days=1)) == D(1)


def test_on_track_exactly_at_pace_and_behind_just_below_it():
    # Day 15 of 29: pace is 15/29 = 51,72..%; 52 of 100 keeps pace, 51 is behind.
    hari = datetime.date(2026, 11, 16)
    assert keadaan(D(52), hari) == status.SESUAI_JADWAL
    assert keadaan(D(51), hari) == status.PERLU_PERHATIAN


def test_first_day_without_a_report_is_on_track():
    assert keadaan(None, MULAI) == status.SESUAI_JADWAL


def test_achieved_even_early_and_even_after_the_deadline():
    assert keadaan(D(100), MULAI) == status.TERCAPAI
    assert keadaan(D(101), datetime.date(2026, 12, 31)) == status.TERCAPAI


def test_deadline_day_is_not_late_yet_the_day_after_is():
    assert keadaan(D(99), BATAS) == status.PERLU_PERHATIAN
    assert keadaan(D(99), BATAS + datetime.timedelta(days=1)) == status.TERLAMBAT


def test_closed_status_wins():
    assert keadaan(D(0), MULAI, ditutup="tercapai") == status.TERCAPAI
    assert keadaan(D(100), MULAI, ditutup="tidak_tercapai") == status.TERLAMBAT


@pytest.mark.parametrize(("persen", "lebar"), [(None, 0), (D("-5"), 0), (D("49.5"), 50), (D("150"), 100)])
def test_lebar_bar(persen, lebar):
    assert status.lebar_bar(persen) == lebar


# --- Without a report, and lower-is-better targets (a ceiling such as "0 kasus baru") ------------------


def test_no_report_is_never_achieved_even_for_a_target_of_zero():
    assert keadaan(None, MULAI, target=D(0)) != status.TERCAPAI
    assert keadaan(None, BATAS + datetime.timedelta(days=1), target=D(0)) == status.TERLAMBAT
    assert not status.terpenuhi(None, D(0))
    assert not status.terpenuhi(None, D(0), status.TURUN)


NOL = D(0)


def turun(nilai, hari_ini, target=NOL):
    return status.keadaan(
        target=target, nilai=nilai, mulai=MULAI, batas_waktu=BATAS, hari_ini=hari_ini, arah=status.TURUN
    )


@pytest.mark.parametrize(
    ("nilai", "hari_ini", "target", "expected"),
    [
        # Before and on the deadline: within the ceiling is on track, above it needs attention.
        (None, MULAI, D(0), status.SESUAI_JADWAL),
        (D(0), MULAI, D(0), status.SESUAI_JADWAL),
        (D(0), BATAS, D(0), status.SESUAI_JADWAL),
        (D(1), datetime.date(2026, 11, 10), D(0), status.PERLU_PERHATIAN),
        (D(3), datetime.date(2026, 11, 10), D(3), status.SESUAI_JADWAL),
        (D(4), datetime.date(2026, 11, 10), D(3), status.PERLU_PERHATIAN),
        # After the deadline: judged, and only with a reported value.
        (D(0), BATAS + datetime.timedelta(days=1), D(0), status.TERCAPAI),
        (D(3), BATAS + datetime.timedelta(days=1), D(3), status.TERCAPAI),
        (D(1), BATAS + datetime.timedelta(days=1), D(0), status.TERLAMBAT),
        (None, BATAS + datetime.timedelta(days=1), D(0), status.TERLAMBAT),
    ],
)
def test_lower_is_better_is_judged_only_at_the_deadline(nilai, hari_ini, target, expected):
    assert turun(nilai, hari_ini, target) == expected


def test_lower_is_better_closed_status_still_wins():
    assert (
        status.keadaan(
            target=D(0), nilai=D(5), mulai=MULAI, batas_waktu=BATAS, hari_ini=MULAI, ditutup="tercapai", arah="turun"
        )
        == status.TERCAPAI
    )


@pytest.mark.parametrize(
    ("nilai", "target", "expected"),
    [(None, D(0), None), (D(0), D(0), D(100)), (D(2), D(0), D("0.00")), (D(2), D(4), D(100)), (D(8), D(4), D("50.00"))],
)
def test_capaian_persen_of_a_ceiling(nilai, target, expected):
    assert status.capaian_persen(nilai, target, status.TURUN) == expected
