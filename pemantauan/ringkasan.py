"""Absorption and complaint-response figures for one OPD up to a date: what an IKP target of kind
"serapan" or "pengaduan" and an indicator whose data source is this app read.

The arithmetic is in ``pemantauan.hitung`` (pure, Decimal); these functions only fetch the rows.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Sum

from pemantauan import hitung
from pemantauan.models import PengaduanLapor, SerapanAnggaran
from sakip.models import PerangkatDaerah


def serapan_persen(opd: PerangkatDaerah | int, tahun: int, sampai: datetime.date | None = None) -> Decimal | None:
    """Cumulative absorption (%) of the latest month entered in ``tahun`` up to ``sampai``'s month
    (the whole year when ``sampai`` is empty or in a later year); None when nothing is entered."""
    rows = SerapanAnggaran.objects.filter(opd=opd, tahun=tahun)
    if sampai is not None and sampai.year == tahun:
        rows = rows.filter(bulan__lte=sampai.month)
    elif sampai is not None and sampai.year < tahun:
        return None
    latest = rows.order_by("-bulan").values("pagu", "realisasi_sd").first()
    if latest is None:
        return None
    return hitung.persen(latest["realisasi_sd"], latest["pagu"])


def pengaduan_persen(
    opd: PerangkatDaerah | int,
    tahun: int,
    sampai: datetime.date | None = None,
    *,
    ukuran: str = "ditanggapi",
    dari_bulan: int = 1,
) -> Decimal | None:
    """Share (%) of the complaints received from ``dari_bulan`` up to ``sampai``'s month that were
    responded to (``ukuran="ditanggapi"``) or resolved (``ukuran="selesai"``); None without data or
    when no complaint was received."""
    if ukuran not in {"ditanggapi", "selesai"}:
        raise ValueError(ukuran)
    rows = PengaduanLapor.objects.filter(opd=opd, tahun=tahun, bulan__gte=dari_bulan)
    if sampai is not None and sampai.year == tahun:
        rows = rows.filter(bulan__lte=sampai.month)
    elif sampai is not None and sampai.year < tahun:
        return None
    totals = rows.aggregate(diterima=Sum("diterima"), bagian=Sum(ukuran))
    if not totals["diterima"]:
        return None
    return hitung.persen(totals["bagian"], totals["diterima"])
