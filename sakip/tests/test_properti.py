"""Properties of the number parser and of capaian, beyond the examples of sakip/tests/test_numbers.py
and perjanjian/tests/test_capaian.py: round trips at every precision, garbage refused with a message
rather than a crash, and capaian monotonic by polarity, bounded by the pemda's settings, and explicit
about a zero target. Pure functions: no database."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from evaluasi import scoring
from iku_manual.targets import TargetFormatError, fit, parse_target
from perjanjian import capaian
from perjanjian.capaian import Pengaturan, RumusMinimize, Status, hitung
from perjanjian.models import PengaturanCapaian
from sakip.numbers import NumberFormatError, format_decimal, parse_decimal

D = Decimal
MODEST = settings(max_examples=150, deadline=None)

numbers = st.decimals(min_value=-(10**15), max_value=10**15, allow_nan=False, allow_infinity=False, places=6)
positive = st.decimals(min_value=D("0.01"), max_value=10**9, allow_nan=False, allow_infinity=False, places=4)
non_negative = st.decimals(min_value=0, max_value=10**9, allow_nan=False, allow_infinity=False, places=4)


# --- Numbers -------------------------------------------------------------------------------------


@MODEST
@given(numbers, st.integers(min_value=0, max_value=6))
def test_format_with_places_then_parse_gives_the_rounded_value(value, places):
    text = format_decimal(value, places)
    assert parse_decimal(text) == value.quantize(D(1).scaleb(-places), rounding=ROUND_HALF_UP)


@MODEST
@given(st.integers(min_value=-(10**18), max_value=10**18))
def test_whole_numbers_round_trip_with_thousands_dots(value):
    text = format_decimal(value)
    assert "," not in text
    assert parse_decimal(text) == value


@MODEST
@given(numbers)
def test_a_number_typed_with_spaces_for_thousands_reads_the_same(value):
    # Some users group with spaces (and non-breaking spaces, pasted from Word).
    text = format_decimal(value).replace(".", "\u00a0")
    assert parse_decimal(text) == value


@MODEST
@given(st.decimals(min_value=1000, max_value=10**12, places=2, allow_nan=False, allow_infinity=False))
def test_english_grouping_is_refused_not_misread(value):
    assume(value != value.to_integral_value())
    english = f"{value:,.2f}"  # 1,234.56
    with pytest.raises(NumberFormatError, match="Gunakan koma untuk desimal"):
        parse_decimal(english)


@MODEST
@given(st.text(max_size=40))
# Longer than Decimal's 28 digits: once written rounded, or refused by quantize (found by hypothesis).
@example("10000000000000000000000000000")
@example("10000000000000000000000000001,5")
def test_any_text_is_a_number_none_or_a_message(text):
    try:
        result = parse_decimal(text)
    except NumberFormatError as error:
        assert isinstance(error, ValueError)
        assert "Format angka tidak dikenali" in str(error)
        return
    assert result is None or isinstance(result, Decimal)
    if result is not None:  # what was read writes back and reads again the same
        assert parse_decimal(format_decimal(result)) == result


@MODEST
@given(st.text(alphabet="0123456789.,-+ e", max_size=20))
def test_digit_soup_never_crashes(text):
    try:
        parse_decimal(text)
    except NumberFormatError:
        pass


@pytest.mark.parametrize(
    "value", [True, False, float("nan"), float("inf"), float("-inf"), D("NaN"), D("Infinity"), D("-Infinity")]
)
def test_values_that_are_not_numbers_are_refused(value):
    with pytest.raises(NumberFormatError):
        parse_decimal(value)


@MODEST
@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15))
def test_a_float_cell_is_read_through_its_shortest_repr(value):
    assert parse_decimal(value) == D(repr(value))


@MODEST
@given(st.one_of(st.text(max_size=30), st.decimals(allow_nan=True), st.floats(), st.integers(), st.none()))
def test_a_target_cell_is_a_target_or_a_target_format_error(value):
    try:
        parsed = parse_target(value, stabilize=False)
    except TargetFormatError as error:
        assert str(error)  # an Indonesian message, never an empty one
        return
    assert parsed.nilai is None or parsed.nilai == fit(parsed.nilai)


# --- Capaian -------------------------------------------------------------------------------------


def _value(**kwargs) -> Decimal:
    result = hitung(**kwargs)
    assert result.status == Status.OK, result
    return result.nilai


@MODEST
@given(target=positive, a=non_negative, b=non_negative)
def test_maximize_rises_with_the_realisation(target, a, b):
    low, high = sorted([a, b])
    assert _value(realisasi=low, target=target, polaritas="maximize") <= _value(
        realisasi=high, target=target, polaritas="maximize"
    )


@MODEST
@given(
    target=positive,
    a=st.decimals(min_value=D("0.01"), max_value=10**9, places=4, allow_nan=False, allow_infinity=False),
    b=st.decimals(min_value=D("0.01"), max_value=10**9, places=4, allow_nan=False, allow_infinity=False),
    rumus=st.sampled_from([RumusMinimize.DUA_MINUS, RumusMinimize.INVERS]),
)
def test_minimize_falls_as_the_realisation_rises(target, a, b, rumus):
    low, high = sorted([a, b])
    rules = Pengaturan(rumus_minimize=rumus)
    assert _value(realisasi=low, target=target, polaritas="minimize", pengaturan=rules) >= _value(
        realisasi=high, target=target, polaritas="minimize", pengaturan=rules
    )


@MODEST
@given(
    realisasi=non_negative,
    polaritas=st.sampled_from(["maximize", "minimize"]),
    rumus=st.sampled_from([RumusMinimize.DUA_MINUS, RumusMinimize.INVERS]),
)
def test_a_zero_target_is_a_status_not_a_number_or_a_crash(realisasi, polaritas, rumus):
    assume(not (polaritas == "minimize" and rumus == RumusMinimize.INVERS and realisasi == 0))
    result = hitung(realisasi=realisasi, target=D(0), polaritas=polaritas, pengaturan=Pengaturan(rumus_minimize=rumus))
    assert (result.nilai, result.status) == (None, Status.TARGET_NOL)
    assert result.pesan.startswith("Target bernilai nol")


@MODEST
@given(target=positive)
def test_a_zero_realisation_under_the_inverse_rule_is_a_status(target):
    result = hitung(
        realisasi=D(0), target=target, polaritas="minimize", pengaturan=Pengaturan(rumus_minimize=RumusMinimize.INVERS)
    )
    assert (result.nilai, result.status) == (None, Status.REALISASI_NOL)


CAPS = [value for value in PengaturanCapaian.BatasMaksimum.values if value is not None]


@MODEST
@given(
    realisasi=non_negative,
    target=positive,
    polaritas=st.sampled_from(["maximize", "minimize"]),
    cap=st.sampled_from([None, *CAPS]),
    floor=st.booleans(),
)
def test_capaian_stays_within_the_cap_and_floor_the_pemda_chose(realisasi, target, polaritas, cap, floor):
    rules = Pengaturan(batas_maksimum=None if cap is None else D(cap), batas_minimum_nol=floor)
    nilai = _value(realisasi=realisasi, target=target, polaritas=polaritas, pengaturan=rules)
    if cap is not None:
        assert nilai <= cap
    if floor:
        assert nilai >= 0


def test_the_seeded_defaults_are_the_rules_without_a_row():
    """A pemda without its own settings gets the model's defaults: 2 - R/T, no cap, floor at 0."""
    assert PengaturanCapaian().as_rules() == Pengaturan()
    assert Pengaturan().batas_minimum_nol is True and Pengaturan().batas_maksimum is None


@MODEST
@given(
    bawah=st.decimals(min_value=D("0.01"), max_value=1000, places=2, allow_nan=False, allow_infinity=False),
    lebar=st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False),
    realisasi=non_negative,
)
def test_stabilize_is_100_inside_the_range_and_less_outside(bawah, lebar, realisasi):
    atas = bawah + lebar
    nilai = _value(realisasi=realisasi, polaritas="stabilize", batas_bawah=bawah, batas_atas=atas)
    if bawah <= realisasi <= atas:
        assert nilai == 100
    else:
        assert 0 <= nilai < 100


@MODEST
@given(st.lists(st.one_of(st.none(), non_negative), min_size=4, max_size=4))
def test_aggregation_of_quarters_never_crashes_and_skips_empty_ones(quarters):
    filled = [q for q in quarters if q is not None]
    for metode in (capaian.Agregasi.KUMULATIF, capaian.Agregasi.TERAKHIR, capaian.Agregasi.RATA_RATA):
        result = capaian.agregasi(quarters, metode)
        if not filled:
            assert result is None
        else:
            assert min(filled) <= result <= sum(filled)


# --- Frozen LKE scores ---------------------------------------------------------------------------

kode = st.text(alphabet="ABCDEFabc.1234", min_size=1, max_size=8)
skor = st.decimals(min_value=0, max_value=100, allow_nan=False, allow_infinity=False, places=2)
band = st.builds(scoring.Band, kode, st.none() | skor, st.text(max_size=20))
hasil_lke = st.builds(
    scoring.Hasil,
    st.dictionaries(kode, skor, max_size=6),
    st.dictionaries(kode, skor, max_size=4),
    skor,
    st.none() | band,
)


@given(hasil_lke)
def test_frozen_lke_result_reads_back_exactly(hasil):
    """What finalising writes into ``Evaluasi.beku`` (JSON) reads back to the same result, every
    number with its digits (``Decimal('70.10')`` stays ``70.10``) and the grade band whole."""
    data = json.loads(json.dumps(hasil.ke_data()))
    kembali = scoring.Hasil.dari_data(data)
    assert kembali == hasil
    assert [str(v) for v in kembali.sub.values()] == [str(v) for v in hasil.sub.values()]
    assert str(kembali.total) == str(hasil.total)
