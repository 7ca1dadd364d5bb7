"""Reading a target or baseline as a planner writes it, in a form field or a spreadsheet cell:
a number ("12,5"), a range for a stabilize indicator ("10 – 20", "10 s.d. 20"), or a step of a
qualitative scale ("WTP"). Pure functions; shared by the indicator form and the Excel import."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sakip.numbers import NumberFormatError, parse_decimal

# "10 – 20", "10 - 20", "10-20" (a hyphen between two numbers; "-5" stays a negative number), "10 s.d. 20"
_RANGE = re.compile(
    r"^(?P<low>.+?)\s*(?:–|—|\s-\s|(?<=\d)-(?=\d)|s\.?\s?d\.?|s/d|sampai)\s*(?P<high>.+)$", re.IGNORECASE
)


class TargetFormatError(ValueError):
    """The text cannot be read as a target; the message says why, in Indonesian."""


# Targets and baselines are stored as numeric(20, 4): at most 16 digits before the decimal comma.
MAX_INTEGER_DIGITS = 16
PLACES = Decimal("0.0001")


def fit(number: Decimal | None) -> Decimal | None:
    """A number as the database keeps it, four decimals rounded half up; refused when too large."""
    if number is None:
        return None
    if number.adjusted() >= MAX_INTEGER_DIGITS:
        raise TargetFormatError("Angka terlalu besar: paling banyak 16 angka sebelum koma.")
    return number.quantize(PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ParsedTarget:
    nilai: Decimal | None = None
    batas_bawah: Decimal | None = None
    batas_atas: Decimal | None = None

    @property
    def is_empty(self) -> bool:
        return self.nilai is None and self.batas_bawah is None and self.batas_atas is None


def _number(value: object) -> Decimal | None:
    try:
        return fit(parse_decimal(value))
    except NumberFormatError as exc:
        raise TargetFormatError(str(exc)) from exc


@dataclass(frozen=True)
class Scale:
    """A qualitative scale as the parser needs it: codes in order, and codes and labels to numbers."""

    codes: tuple[str, ...]
    lookup: dict[str, Decimal]
    names: dict[Decimal, str]  # number -> code, to write a stored target back as "WTP"


def scale_lookup(steps) -> Scale:
    """From NilaiSkala rows or (kode, label, nilai) tuples."""
    codes, lookup, names = [], {}, {}
    for step in steps:
        kode, label, nilai = (step.kode, step.label, step.nilai) if hasattr(step, "kode") else step
        codes.append(kode)
        lookup[kode.upper()] = nilai
        lookup[label.upper()] = nilai
        names[Decimal(nilai).normalize()] = kode
    return Scale(tuple(codes), lookup, names)


def parse_scale_value(value: object, scale: Scale) -> Decimal | None:
    """A scale step by its code or label, case-insensitive ("wtp", "Wajar Tanpa Pengecualian")."""
    if value is None or str(value).strip() == "":
        return None
    key = str(value).strip().upper()
    if key in scale.lookup:
        return scale.lookup[key]
    raise TargetFormatError(f"{str(value).strip()!r} tidak ada pada skala; pilih salah satu: {', '.join(scale.codes)}.")


def parse_target(value: object, *, stabilize: bool, scale: Scale | None = None) -> ParsedTarget:
    """Read one target. ``scale`` is given for a qualitative indicator; ``stabilize`` asks for a range."""
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return ParsedTarget()
    if scale:
        return ParsedTarget(nilai=parse_scale_value(value, scale))
    if isinstance(value, str):
        match = _RANGE.match(value.strip())
        if match:
            low, high = _number(match["low"]), _number(match["high"])
            if low is None or high is None:
                raise TargetFormatError("Rentang harus berisi dua angka, mis. 10 – 20.")
            if low > high:
                raise TargetFormatError("Batas bawah rentang melebihi batas atas.")
            if not stabilize:
                raise TargetFormatError("Rentang hanya untuk indikator berpolaritas stabilize; isi satu angka.")
            return ParsedTarget(batas_bawah=low, batas_atas=high)
    number = _number(value)
    if stabilize:
        raise TargetFormatError("Indikator stabilize memerlukan rentang, mis. 10 – 20.")
    return ParsedTarget(nilai=number)
