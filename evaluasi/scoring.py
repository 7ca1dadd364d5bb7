"""LKE scoring as pure functions over Decimal. No ORM, no request.

The worksheet's arithmetic (domain.md §1.3, §1.4, §2.3):
- a criterion's answer maps to a number through its answer scale (Y = 1, T = 0; A–E = 1, 0,75, 0,5,
  0,25, 0; AA–E = 1, 0,9, 0,8, 0,7, 0,6, 0,5, 0,3, 0; ...);
- a sub-component scored by average ("rata_rata") is (Σ answers ÷ number of criteria) × its weight;
  an unanswered criterion counts as 0, as in the worksheet;
- a sub-component scored by points ("jumlah", the 12/2015 Capaian Kinerja component) is the plain sum
  of answer × criterion weight;
- sub-component scores are rounded half up to two decimals, as the worksheet's cells are; a component
  is the sum of its sub-components, the total the sum of the components;
- the grade (predikat) is the band whose exclusive lower bound the total exceeds (> 90 AA, > 80 A,
  > 70 BB, > 60 B, > 50 CC, > 30 C, otherwise D): 70,00 is B and 70,01 is BB. The bands are data.
- a logic check (kontrol kerangka logis): a criterion that depends on another answered with 0 (T)
  must itself be 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal(0)


class CaraHitung:
    RATA_RATA = "rata_rata"
    JUMLAH = "jumlah"


def bulat(nilai: Decimal) -> Decimal:
    return nilai.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Butir:
    """One criterion as the arithmetic sees it: its answer's number (None: unanswered), the best
    number its scale offers, and its own weight (used by "jumlah")."""

    kode: str
    nilai: Decimal | None
    maksimum: Decimal = Decimal(1)
    bobot: Decimal = Decimal(1)


@dataclass(frozen=True)
class Sub:
    kode: str
    bobot: Decimal
    butir: tuple[Butir, ...]
    cara: str = CaraHitung.RATA_RATA


@dataclass(frozen=True)
class Komp:
    kode: str
    bobot: Decimal
    sub: tuple[Sub, ...]


@dataclass(frozen=True)
class Band:
    """A grade: totals above ``batas_bawah`` (exclusive) reach it; None is the catch-all bottom band."""

    kode: str
    batas_bawah: Decimal | None
    kata: str = ""


@dataclass
class Hasil:
    sub: dict[str, Decimal] = field(default_factory=dict)
    komponen: dict[str, Decimal] = field(default_factory=dict)
    total: Decimal = ZERO
    predikat: Band | None = None

    def ke_data(self) -> dict:
        """The result as JSON data, every number as exact text (``dari_data`` reads it back)."""
        band = self.predikat
        return {
            "sub": {kode: str(nilai) for kode, nilai in self.sub.items()},
            "komponen": {kode: str(nilai) for kode, nilai in self.komponen.items()},
            "total": str(self.total),
            "predikat": None if band is None else [band.kode, _teks(band.batas_bawah), band.kata],
        }

    @classmethod
    def dari_data(cls, data: dict) -> Hasil:
        band = data["predikat"]
        return cls(
            sub={kode: Decimal(nilai) for kode, nilai in data["sub"].items()},
            komponen={kode: Decimal(nilai) for kode, nilai in data["komponen"].items()},
            total=Decimal(data["total"]),
            predikat=None if band is None else Band(band[0], None if band[1] is None else Decimal(band[1]), band[2]),
        )


def _teks(nilai: Decimal | None) -> str | None:
    return None if nilai is None else str(nilai)


def skor_sub(sub: Sub) -> Decimal:
    """A sub-component's score, rounded to two decimals like the worksheet cell."""
    if not sub.butir:
        return ZERO
    if sub.cara == CaraHitung.JUMLAH:
        return bulat(sum(((b.nilai or ZERO) * b.bobot for b in sub.butir), ZERO))
    if sub.cara == CaraHitung.RATA_RATA:
        rata = sum((b.nilai or ZERO for b in sub.butir), ZERO) / Decimal(len(sub.butir))
        return bulat(rata * sub.bobot)
    raise ValueError(f"Cara hitung tidak dikenal: {sub.cara!r}")


def predikat(total: Decimal, bands: list[Band]) -> Band | None:
    """The band of a total, judged on its two-decimal value."""
    shown = bulat(total)
    ranked = sorted((b for b in bands if b.batas_bawah is not None), key=lambda b: b.batas_bawah, reverse=True)
    for band in ranked:
        if shown > band.batas_bawah:
            return band
    bottom = [b for b in bands if b.batas_bawah is None]
    return bottom[0] if bottom else (ranked[-1] if ranked else None)


def isi(komponen: list[Komp], nilai: dict[str, Decimal | None]) -> list[Komp]:
    """The worksheet with each criterion's number taken from ``nilai`` by its code (absent:
    unanswered): one worksheet laid out once, filled with each evaluation's answers."""
    return [
        replace(
            k, sub=tuple(replace(s, butir=tuple(replace(b, nilai=nilai.get(b.kode)) for b in s.butir)) for s in k.sub)
        )
        for k in komponen
    ]


def hitung(komponen: list[Komp], bands: list[Band]) -> Hasil:
    hasil = Hasil()
    for komp in komponen:
        subtotal = ZERO
        for sub in komp.sub:
            hasil.sub[sub.kode] = skor_sub(sub)
            subtotal += hasil.sub[sub.kode]
        hasil.komponen[komp.kode] = subtotal
        hasil.total += subtotal
    hasil.predikat = predikat(hasil.total, bands)
    return hasil


def cek_logika(nilai: dict[str, Decimal | None], aturan: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Rules are (criterion, the criterion it depends on). Returns the rules broken: the condition is
    answered 0 (T, or the lowest answer) yet the dependent criterion has more than 0."""
    rusak = []
    for kode, syarat in aturan:
        if nilai.get(syarat) is not None and nilai[syarat] == 0 and (nilai.get(kode) or ZERO) > 0:
            rusak.append((kode, syarat))
    return rusak


@dataclass(frozen=True)
class Peluang:
    """What answering one criterion at its best would add to the total."""

    komponen: str
    sub: str
    butir: str
    tambahan: Decimal


def simulasi(komponen: list[Komp]) -> list[Peluang]:
    """Criteria ranked by the points they would add if answered at their best (simulasi nilai):
    average sub-components gain (best − now) ÷ n × weight; point sub-components (best − now) × the
    criterion's weight. Unrounded, so the ranking is exact; ties keep the worksheet's order."""
    found = []
    for komp in komponen:
        for sub in komp.sub:
            n = Decimal(len(sub.butir)) or Decimal(1)
            for b in sub.butir:
                gap = b.maksimum - (b.nilai or ZERO)
                if gap <= 0:
                    continue
                gain = gap * b.bobot if sub.cara == CaraHitung.JUMLAH else gap / n * sub.bobot
                found.append(Peluang(komp.kode, sub.kode, b.kode, gain))
    return sorted(found, key=lambda p: p.tambahan, reverse=True)


def dengan_perbaikan(komponen: list[Komp], perbaikan: dict[str, Decimal]) -> list[Komp]:
    """The same worksheet with some criteria answered differently (by criterion code): the "what if"."""
    return [
        Komp(
            k.kode,
            k.bobot,
            tuple(
                Sub(
                    s.kode,
                    s.bobot,
                    tuple(Butir(b.kode, perbaikan.get(b.kode, b.nilai), b.maksimum, b.bobot) for b in s.butir),
                    s.cara,
                )
                for s in k.sub
            ),
        )
        for k in komponen
    ]


def saran(angka: Decimal | None, ambang: list[tuple[str, Decimal | None]]) -> str | None:
    """The answer a figure earns (the Capaian Kinerja rubric of 12/2015, domain.md §1.4): the first
    band, from the best down, whose minimum the figure (judged on two decimals) reaches; a band
    without a minimum takes whatever is left. None without a figure."""
    if angka is None:
        return None
    shown = bulat(angka)
    for kode, minimal in ambang:
        if minimal is None or shown >= minimal:
            return kode
    return None
