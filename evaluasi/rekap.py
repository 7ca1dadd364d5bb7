"""The arithmetic behind the what-if page (simulasi nilai) and the pemda recap (rekap evaluasi): pure
functions over ``scoring``'s worksheets and results, and over rows already loaded. No queries.

The what-if works on a worksheet whose criteria are keyed by their id, not their number: a pemda's
own variant may repeat a number in two sub-components, and a ticked criterion must be that one only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from evaluasi import scoring


def _terbaik(worksheet: list[scoring.Komp], kode: Iterable[str]) -> dict[str, Decimal]:
    wanted = set(kode)
    return {b.kode: b.maksimum for k in worksheet for s in k.sub for b in s.butir if b.kode in wanted}


@dataclass(frozen=True)
class Langkah:
    """One row of the what-if: a criterion answered at its best, what that alone adds, and where the
    scores stand once it and every row above it are improved."""

    kriteria_id: int
    komponen: str
    tambahan: Decimal
    total: Decimal
    predikat: scoring.Band | None
    nilai_komponen: Decimal


def langkah_perbaikan(
    worksheet: list[scoring.Komp], bands: list[scoring.Band], *, komponen: str | None = None
) -> list[Langkah]:
    """The criteria ranked by what they would add (``scoring.simulasi``), those of one component only
    when given, each with the cumulative scores computed as the worksheet rounds them."""
    peluang = [p for p in scoring.simulasi(worksheet) if komponen is None or p.komponen == komponen]
    terbaik = _terbaik(worksheet, (p.butir for p in peluang))
    perbaikan: dict[str, Decimal] = {}
    rows = []
    for p in peluang:
        perbaikan[p.butir] = terbaik[p.butir]
        hasil = scoring.hitung(scoring.dengan_perbaikan(worksheet, perbaikan), bands)
        rows.append(
            Langkah(int(p.butir), p.komponen, p.tambahan, hasil.total, hasil.predikat, hasil.komponen[p.komponen])
        )
    return rows


def dengan_centang(
    worksheet: list[scoring.Komp], bands: list[scoring.Band], kriteria_ids: Iterable[int]
) -> scoring.Hasil:
    """The scores with the ticked criteria answered at their best."""
    perbaikan = _terbaik(worksheet, (str(pk) for pk in kriteria_ids))
    return scoring.hitung(scoring.dengan_perbaikan(worksheet, perbaikan), bands)


# --- The recap -------------------------------------------------------------------------------------------


def peringkat(totals: list[Decimal]) -> list[int]:
    """Competition ranks of totals already sorted from the highest: equal totals share a rank and the
    next rank skips (1, 2, 2, 4)."""
    ranks = []
    for i, total in enumerate(totals):
        ranks.append(ranks[-1] if i and total == totals[i - 1] else i + 1)
    return ranks


def selisih(total: Decimal, sebelumnya: Decimal | None) -> Decimal | None:
    """Change from last year's total; None when there is nothing to compare with."""
    return None if sebelumnya is None else total - sebelumnya


@dataclass(frozen=True)
class StatistikKomponen:
    kode: str
    nama: str
    bobot: Decimal
    rata: Decimal | None
    minimum: Decimal | None
    maksimum: Decimal | None


def statistik_komponen(komponen: Iterable, results: list[scoring.Hasil]) -> list[StatistikKomponen]:
    """Per component of one template: its weight and the average, lowest and highest score of the
    evaluations that used the template."""
    stats = []
    for komp in komponen:
        scores = [h.komponen[komp.kode] for h in results if komp.kode in h.komponen]
        stats.append(
            StatistikKomponen(
                komp.kode,
                komp.nama,
                komp.bobot,
                sum(scores, Decimal(0)) / len(scores) if scores else None,
                min(scores, default=None),
                max(scores, default=None),
            )
        )
    return stats


@dataclass(frozen=True)
class SebaranPredikat:
    kode: str
    kata: str
    jumlah: int
    lebar: str  # the bar's width in percent, as CSS reads it ("33.3")


def sebaran_predikat(bands: list[scoring.Band], predikat: list[scoring.Band | None]) -> list[SebaranPredikat]:
    """How many evaluations reached each grade, in the bands' order (the highest first); grades are
    counted by code, so the same band of two templates is one row."""
    counts: dict[str, int] = {}
    for band in predikat:
        if band is not None:
            counts[band.kode] = counts.get(band.kode, 0) + 1
    n = sum(counts.values())
    return [
        SebaranPredikat(b.kode, b.kata, counts.get(b.kode, 0), f"{counts.get(b.kode, 0) * 100 / n:.1f}" if n else "0")
        for b in bands
    ]
