"""Numbers as Indonesians write them: comma for decimals, dot for thousands ("1.234,56").

Pure functions over Decimal, used by every form field and import that takes a number. A value that
does not follow the Indonesian grouping ("1.5", "1,234.56", "1,234,567") could be an English-format
number and is refused with a message rather than guessed.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

_INDONESIAN = re.compile(r"^(?P<sign>[-+]?)(?P<int>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<frac>\d+))?$")

AMBIGUOUS_MESSAGE = (
    "Format angka tidak dikenali: {value!r}. Gunakan koma untuk desimal dan titik untuk ribuan, mis. 1.234,56."
)


class NumberFormatError(ValueError):
    """The text is not a number in the Indonesian format; the message says why, in Indonesian."""


def parse_decimal(value: object) -> Decimal | None:
    """Read a number from a form or a spreadsheet cell.

    ``None`` and blank text give ``None``. Numbers (int, float, Decimal, as openpyxl returns them)
    are taken as they are; floats through their shortest repr, so 0.1 stays 0.1.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise NumberFormatError(f"Nilai {value!r} bukan angka.")
    if isinstance(value, Decimal):
        if not value.is_finite():  # NaN and Infinity would crash the arithmetic that follows
            raise NumberFormatError("Nilai bukan angka yang sah.")
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise NumberFormatError("Nilai bukan angka yang sah.")
        return Decimal(repr(value))
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if text == "":
        return None
    match = _INDONESIAN.match(text)
    if not match:
        raise NumberFormatError(AMBIGUOUS_MESSAGE.format(value=str(value).strip()))
    digits = match["int"].replace(".", "")
    number = f"{match['sign']}{digits}" + (f".{match['frac']}" if match["frac"] else "")
    try:
        return Decimal(number)
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only valid digits
        raise NumberFormatError(AMBIGUOUS_MESSAGE.format(value=str(value).strip())) from exc


def format_decimal(value: Decimal | None, places: int | None = None) -> str:
    """Write a number the Indonesian way; ``places`` rounds half up, ``None`` keeps what is stored
    without trailing zeros."""
    if value is None:
        return ""
    if not isinstance(value, Decimal):
        value = Decimal(value)  # counts and other integers
    # Precise enough for every digit the number holds: the default 28 would round a longer one.
    digits, exponent = value.as_tuple()[1:]
    with localcontext() as context:
        context.prec = max(context.prec, len(digits) + abs(exponent) + (places or 0) + 2)
        if places is not None:
            value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        else:
            value = value.normalize()  # "f" below writes 1E+2 as 100
        sign = "-" if value < 0 else ""
        text = f"{abs(value):f}"
    integer, _, fraction = text.partition(".")
    grouped = f"{int(integer):,}".replace(",", ".")
    return f"{sign}{grouped}" + (f",{fraction}" if fraction else "")
