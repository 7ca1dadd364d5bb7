from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sakip.numbers import NumberFormatError, format_decimal, parse_decimal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,56", Decimal("1234.56")),
        ("1234,56", Decimal("1234.56")),
        ("1.234", Decimal("1234")),
        ("1.234.567", Decimal("1234567")),
        ("0,5", Decimal("0.5")),
        ("-12,75", Decimal("-12.75")),
        (" 98 ", Decimal("98")),
        ("1 234,5", Decimal("1234.5")),
        (12, Decimal("12")),
        (0.1, Decimal("0.1")),
        (Decimal("7.25"), Decimal("7.25")),
        ("", None),
        (None, None),
    ],
)
def test_parse_indonesian_numbers(text, expected):
    assert parse_decimal(text) == expected


@pytest.mark.parametrize("text", ["1.5", "1,234.56", "1,234,567", "12.34", "1.23.456", "abc", "1,2,3", "--1", "1e5"])
def test_ambiguous_or_foreign_formats_are_refused_with_a_message(text):
    with pytest.raises(NumberFormatError, match="Gunakan koma untuk desimal dan titik untuk ribuan"):
        parse_decimal(text)


def test_booleans_and_nan_are_not_numbers():
    with pytest.raises(NumberFormatError):
        parse_decimal(True)
    with pytest.raises(NumberFormatError):
        parse_decimal(float("nan"))


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (Decimal("1234.5"), 2, "1.234,50"),
        (Decimal("1234.5"), None, "1.234,5"),
        (Decimal("1000000"), None, "1.000.000"),
        (Decimal("-0.125"), 2, "-0,13"),
        (Decimal("99.995"), 2, "100,00"),
        (Decimal("5.000"), None, "5"),
    ],
)
def test_format_decimal(value, places, text):
    assert format_decimal(value, places) == text


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=4, allow_nan=False, allow_infinity=False))
def test_format_then_parse_round_trips(value):
    assert parse_decimal(format_decimal(value)) == value


def test_format_decimal_takes_whole_numbers_too():
    from sakip.numbers import format_decimal

    assert format_decimal(1234) == "1.234"
    assert format_decimal(92, 2) == "92,00"
