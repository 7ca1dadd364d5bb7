"""The state of an IKP task as the pages show it, and its capaian: pure functions over Decimal and
dates, no ORM.

- "tercapai": the target is met (or the task was closed as achieved);
- "terlambat": the deadline has passed and the target is not met (or the task was closed unmet);
- "sesuai jadwal": progress is at least proportional to the time elapsed between the issue date and
  the deadline;
- "perlu perhatian": behind that pace.

A target is "higher is better" (``naik``: cases handled, villages served, % absorbed, % responded
to) or "lower is better" (``turun``, a ceiling: "0 kasus baru"). A ``turun`` target is judged only at
the deadline: before it the task is "sesuai jadwal" while the latest value is within the ceiling (or
nothing is reported yet) and "perlu perhatian" above it; after it, "tercapai" only with a reported
value within the ceiling. Without a reported value a task is never "tercapai".
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

TERCAPAI = "tercapai"
SESUAI_JADWAL = "sesuai jadwal"
PERLU_PERHATIAN = "perlu perhatian"
TERLAMBAT = "terlambat"
NAIK = "naik"
TURUN = "turun"
KEADAAN = (SESUAI_JADWAL, PERLU_PERHATIAN, TERCAPAI, TERLAMBAT)

# The Bootstrap colour of each state's badge and progress bar.
WARNA = {TERCAPAI: "success", SESUAI_JADWAL: "primary", PERLU_PERHATIAN: "warning", TERLAMBAT: "danger"}

SERATUS = Decimal(100)
_DUA = Decimal("0.01")


def capaian_persen(nilai: Decimal | None, target: Decimal, arah: str = NAIK) -> Decimal | None:
    """The value reached as a share (%) of the target, two places; None before any report.

    ``naik``: value / target (a target of zero is met by any report). ``turun`` (a ceiling): 100
    within the ceiling, else target / value (0 above a ceiling of zero)."""
    if nilai is None:
        return None
    nilai, target = Decimal(nilai), Decimal(target)
    if arah == TURUN:
        if nilai <= target:
            return SERATUS
        return (target * SERATUS / nilai).quantize(_DUA, rounding=ROUND_HALF_UP)
    if target <= 0:
        return SERATUS
    return (nilai * SERATUS / target).quantize(_DUA, rounding=ROUND_HALF_UP)


def terpenuhi(nilai: Decimal | None, target: Decimal, arah: str = NAIK) -> bool:
    """Whether a reported value meets the target in its direction; no value never does."""
    if nilai is None:
        return False
    return Decimal(nilai) <= target if arah == TURUN else Decimal(nilai) >= target


def porsi_waktu(mulai: datetime.date, batas_waktu: datetime.date, hari_ini: datetime.date) -> Decimal:
    """The share (0..1) of the time between ``mulai`` and ``batas_waktu`` that has elapsed by
    ``hari_ini``; a deadline on or before the start counts as wholly elapsed from that day."""
    if hari_ini <= mulai:
        return Decimal(0)
    if hari_ini >= batas_waktu or batas_waktu <= mulai:
        return Decimal(1)
    return Decimal((hari_ini - mulai).days) / Decimal((batas_waktu - mulai).days)


def keadaan(
    *,
    target: Decimal,
    nilai: Decimal | None,
    mulai: datetime.date,
    batas_waktu: datetime.date,
    hari_ini: datetime.date,
    ditutup: str = "",
    arah: str = NAIK,
) -> str:
    """The task's state on ``hari_ini``. ``ditutup`` is the closed status of the task, if any
    ("tercapai" or "tidak_tercapai"), which wins over the arithmetic."""
    if ditutup == "tercapai":
        return TERCAPAI
    if ditutup == "tidak_tercapai":
        return TERLAMBAT
    if arah == TURUN:
        if hari_ini > batas_waktu:
            return TERCAPAI if terpenuhi(nilai, target, TURUN) else TERLAMBAT
        return SESUAI_JADWAL if nilai is None or Decimal(nilai) <= target else PERLU_PERHATIAN
    if terpenuhi(nilai, target, NAIK):
        return TERCAPAI
    if hari_ini > batas_waktu:
        return TERLAMBAT
    porsi = porsi_waktu(mulai, batas_waktu, hari_ini)
    if target <= 0:  # not allowed for "naik" any more; an old row is on track until time runs
        return SESUAI_JADWAL if porsi == 0 else PERLU_PERHATIAN
    dicapai = Decimal(nilai) if nilai is not None else Decimal(0)
    return SESUAI_JADWAL if dicapai / Decimal(target) >= porsi else PERLU_PERHATIAN


def lebar_bar(persen: Decimal | None) -> int:
    """The width (0..100) of a progress bar for a capaian %."""
    if persen is None:
        return 0
    return int(max(Decimal(0), min(SERATUS, persen)).to_integral_value(rounding=ROUND_HALF_UP))
