"""Pure arithmetic of the monitoring figures, over Decimal: no ORM, no request."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

SERATUS = Decimal(100)
DUA_DESIMAL = Decimal("0.01")


def persen(bagian: Decimal | int | None, keseluruhan: Decimal | int | None) -> Decimal | None:
    """``bagian`` as a percentage of ``keseluruhan``, to two decimals; None when the whole is empty
    or zero (a share of nothing is not 0 %)."""
    if bagian is None or not keseluruhan:
        return None
    return (Decimal(bagian) * SERATUS / Decimal(keseluruhan)).quantize(DUA_DESIMAL, rounding=ROUND_HALF_UP)


def deviasi(realisasi_persen: Decimal | None, target_persen: Decimal | None) -> Decimal | None:
    """Absorption minus the target curve, in percentage points (negative: behind the curve)."""
    if realisasi_persen is None or target_persen is None:
        return None
    return (realisasi_persen - target_persen).quantize(DUA_DESIMAL, rounding=ROUND_HALF_UP)
