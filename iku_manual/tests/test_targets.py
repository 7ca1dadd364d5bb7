from decimal import Decimal

import pytest

from iku_manual.targets import ParsedTarget, TargetFormatError, parse_target, scale_lookup

OPINI = scale_lookup(
    [("WTP", "Wajar Tanpa Pengecualian", Decimal(4)), ("WDP", "Wajar Dengan Pengecualian", Decimal(3))]
)


@pytest.mark.parametrize(
    ("value", "stabilize", "expected"),
    [
        ("12,5", False, ParsedTarget(nilai=Decimal("12.5"))),
        ("1.234", False, ParsedTarget(nilai=Decimal("1234"))),
        (7.25, False, ParsedTarget(nilai=Decimal("7.25"))),
        ("-5", False, ParsedTarget(nilai=Decimal("-5"))),
        ("10 – 20", True, ParsedTarget(batas_bawah=Decimal(10), batas_atas=Decimal(20))),
        ("10 - 20", True, ParsedTarget(batas_bawah=Decimal(10), batas_atas=Decimal(20))),
        ("2,5 s.d. 3,5", True, ParsedTarget(batas_bawah=Decimal("2.5"), batas_atas=Decimal("3.5"))),
        ("", False, ParsedTarget()),
        (None, True, ParsedTarget()),
    ],
)
def test_parse_target(value, stabilize, expected):
    assert parse_target(value, stabilize=stabilize) == expected


@pytest.mark.parametrize(
    ("value", "stabilize", "message"),
    [
        ("10 – 20", False, "Rentang hanya untuk indikator berpolaritas stabilize"),
        ("15", True, "memerlukan rentang"),
        ("20 – 10", True, "melebihi batas atas"),
        ("1.5", False, "Gunakan koma untuk desimal"),
    ],
)
def test_bad_targets_say_why(value, stabilize, message):
    with pytest.raises(TargetFormatError, match=message):
        parse_target(value, stabilize=stabilize)


def test_qualitative_targets_by_code_or_label():
    assert parse_target("wtp", stabilize=False, scale=OPINI).nilai == Decimal(4)
    assert parse_target("Wajar Dengan Pengecualian", stabilize=False, scale=OPINI).nilai == Decimal(3)
    with pytest.raises(TargetFormatError, match="tidak ada pada skala"):
        parse_target("Baik", stabilize=False, scale=OPINI)


def test_a_plain_hyphen_between_numbers_is_a_range():
    assert parse_target("10-20", stabilize=True) == ParsedTarget(batas_bawah=Decimal(10), batas_atas=Decimal(20))
    assert parse_target("2,5-3,5", stabilize=True).batas_atas == Decimal("3.5")
    assert parse_target("-5", stabilize=False).nilai == Decimal(-5)
