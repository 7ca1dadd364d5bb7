"""Capaian kinerja (achievement %) as pure functions over Decimal. No ORM, no request.

The rules, from domain.md section 6 and the issue:
- maximize: R / T × 100;
- minimize: published reports differ, so the formula is a setting: (2 − R/T) × 100 by default
  ("2_minus"), or T / R × 100 ("inverse");
- stabilize: 100 inside the range [lower, upper]; below it measured against the lower bound as a
  maximize indicator, above it against the upper bound as a minimize one;
- qualitative indicators arrive here already mapped to their numbers;
- quarterly realisations are aggregated by the indicator's method before the comparison;
- an optional cap (100, 110, 120) and a floor at 0 are settings;
- a missing or zero target or realisation gives an explicit status, never an exception.

The raw value is kept; rounding (half up, two decimals) is for display only (``untuk_tampil``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)


class Rumus:
    MAXIMIZE = "maximize"
    MINIMIZE = "minimize"
    STABILIZE = "stabilize"


class RumusMinimize:
    DUA_MINUS = "2_minus"  # (2 − R/T) × 100
    INVERS = "inverse"  # T / R × 100


class Agregasi:
    KUMULATIF = "kumulatif"
    TERAKHIR = "terakhir"
    RATA_RATA = "rata_rata"


class Status:
    OK = "ok"
    BELUM_ADA_REALISASI = "belum_ada_realisasi"
    BELUM_ADA_TARGET = "belum_ada_target"
    TARGET_NOL = "target_nol"
    REALISASI_NOL = "realisasi_nol"


PESAN = {
    Status.OK: "",
    Status.BELUM_ADA_REALISASI: "Realisasi belum diisi.",
    Status.BELUM_ADA_TARGET: "Target belum ditetapkan.",
    Status.TARGET_NOL: "Target bernilai nol: capaian tidak dapat dihitung sebagai persentase.",
    Status.REALISASI_NOL: "Realisasi bernilai nol: rumus target/realisasi tidak dapat dihitung.",
}


@dataclass(frozen=True)
class Pengaturan:
    """A pemda's capaian conventions (an indicator may override ``rumus_minimize``)."""

    rumus_minimize: str = RumusMinimize.DUA_MINUS
    batas_maksimum: Decimal | None = None  # None, 100, 110 or 120
    batas_minimum_nol: bool = True
    ambang_efisiensi: Decimal = Decimal(5)  # percentage points, see ``efisiensi``


@dataclass(frozen=True)
class Capaian:
    nilai: Decimal | None
    status: str = Status.OK

    @property
    def pesan(self) -> str:
        return PESAN[self.status]

    @property
    def ada(self) -> bool:
        return self.nilai is not None

    def untuk_tampil(self) -> Decimal | None:
        """Two decimals, half up: 99.995 shows as 100.00."""
        return None if self.nilai is None else self.nilai.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def agregasi(nilai: list[Decimal | None], metode: str) -> Decimal | None:
    """The year's value from quarterly values (None where a quarter is not filled)."""
    terisi = [n for n in nilai if n is not None]
    if not terisi:
        return None
    if metode == Agregasi.KUMULATIF:
        return sum(terisi, Decimal(0))
    if metode == Agregasi.RATA_RATA:
        return sum(terisi, Decimal(0)) / Decimal(len(terisi))
    if metode == Agregasi.TERAKHIR:
        return terisi[-1]
    raise ValueError(f"Metode agregasi tidak dikenal: {metode!r}")


def _maximize(realisasi: Decimal, target: Decimal) -> Capaian:
    if target == 0:
        return Capaian(None, Status.TARGET_NOL)
    return Capaian(realisasi / target * HUNDRED)


def _minimize(realisasi: Decimal, target: Decimal, rumus: str) -> Capaian:
    if rumus == RumusMinimize.INVERS:
        if realisasi == 0:
            return Capaian(None, Status.REALISASI_NOL)
        if target == 0:
            return Capaian(None, Status.TARGET_NOL)
        return Capaian(target / realisasi * HUNDRED)
    if target == 0:
        return Capaian(None, Status.TARGET_NOL)
    return Capaian((2 - realisasi / target) * HUNDRED)


def hitung(
    *,
    realisasi: Decimal | None,
    polaritas: str,
    target: Decimal | None = None,
    batas_bawah: Decimal | None = None,
    batas_atas: Decimal | None = None,
    pengaturan: Pengaturan = Pengaturan(),
    rumus_minimize: str | None = None,
) -> Capaian:
    """Capaian of one realisation against its target (or range), by the indicator's polarity."""
    if realisasi is None:
        return Capaian(None, Status.BELUM_ADA_REALISASI)
    rumus = rumus_minimize or pengaturan.rumus_minimize
    if polaritas == Rumus.STABILIZE:
        if batas_bawah is None or batas_atas is None:
            return Capaian(None, Status.BELUM_ADA_TARGET)
        if batas_bawah <= realisasi <= batas_atas:
            hasil = Capaian(HUNDRED)
        elif realisasi < batas_bawah:
            hasil = _maximize(realisasi, batas_bawah)
        else:
            hasil = _minimize(realisasi, batas_atas, rumus)
    elif target is None:
        return Capaian(None, Status.BELUM_ADA_TARGET)
    elif polaritas == Rumus.MINIMIZE:
        hasil = _minimize(realisasi, target, rumus)
    elif polaritas == Rumus.MAXIMIZE:
        hasil = _maximize(realisasi, target)
    else:
        raise ValueError(f"Polaritas tidak dikenal: {polaritas!r}")
    return _batasi(hasil, pengaturan)


def _batasi(hasil: Capaian, pengaturan: Pengaturan) -> Capaian:
    if hasil.nilai is None:
        return hasil
    nilai = hasil.nilai
    if pengaturan.batas_maksimum is not None:
        nilai = min(nilai, pengaturan.batas_maksimum)
    if pengaturan.batas_minimum_nol:
        nilai = max(nilai, Decimal(0))
    return Capaian(nilai, hasil.status)


@dataclass(frozen=True)
class Predikat:
    """One band of a predicate scale: values at or above ``nilai_minimum`` (down to the next band)."""

    nilai_minimum: Decimal
    label: str
    warna: str = ""


def predikat(nilai: Decimal | None, skala: list[Predikat]) -> Predikat | None:
    """The band a capaian falls in; the scale comes from data (Permendagri 86/2017 by default).
    Bands are compared on the value rounded for display, so 90,995 (shown 91,00) is Sangat Tinggi."""
    if nilai is None or not skala:
        return None
    tampil = nilai.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    for band in sorted(skala, key=lambda b: b.nilai_minimum, reverse=True):
        if tampil >= band.nilai_minimum:
            return band
    return sorted(skala, key=lambda b: b.nilai_minimum)[0]


def periksa_rencana_aksi(target: Decimal | None, triwulan: list[Decimal | None], metode: str) -> list[str]:
    """Quarterly targets (rencana aksi TW I–IV) against the year's target, by the indicator's
    aggregation: cumulative and last-value indicators reach the annual target in TW IV (cumulative
    ones never go down); averaged ones average to it. Returns messages; empty when consistent."""
    if target is None or all(nilai is None for nilai in triwulan):
        return []
    if any(nilai is None for nilai in triwulan):
        return ["Isi target keempat triwulan."]
    pesan = []
    if metode == Agregasi.RATA_RATA:
        rata = sum(triwulan, Decimal(0)) / 4
        if rata != target:
            pesan.append("Rata-rata target triwulan harus sama dengan target tahunan.")
    else:
        if triwulan[3] != target:
            pesan.append("Target triwulan IV harus sama dengan target tahunan.")
        if metode == Agregasi.KUMULATIF and any(b < a for a, b in zip(triwulan, triwulan[1:], strict=False)):
            pesan.append("Target kumulatif tidak boleh turun dari triwulan ke triwulan.")
    return pesan


class KategoriEfisiensi:
    EFISIEN = "efisien"
    CUKUP = "cukup_efisien"
    TIDAK = "tidak_efisien"


LABEL_EFISIENSI = {
    KategoriEfisiensi.EFISIEN: "Efisien",
    KategoriEfisiensi.CUKUP: "Cukup efisien",
    KategoriEfisiensi.TIDAK: "Tidak efisien",
}


@dataclass(frozen=True)
class Efisiensi:
    selisih: Decimal  # capaian % − serapan %, in percentage points
    kategori: str

    @property
    def label(self) -> str:
        return LABEL_EFISIENSI[self.kategori]


def serapan(realisasi: Decimal | None, pagu: Decimal | None) -> Decimal | None:
    """Budget absorption in percent: realisasi / pagu × 100; None without a (non-zero) pagu."""
    if pagu is None or pagu == 0 or realisasi is None:
        return None
    return realisasi / pagu * HUNDRED


def efisiensi(capaian_persen: Decimal | None, serapan_persen: Decimal | None, ambang: Decimal) -> Efisiensi | None:
    """Capaian kinerja against serapan anggaran (domain.md §6.4, as Banjarnegara reports it): the
    difference above ``ambang`` points is efisien, within ± ``ambang`` cukup efisien, below it
    tidak efisien. None when either side is missing."""
    if capaian_persen is None or serapan_persen is None:
        return None
    selisih = capaian_persen - serapan_persen
    shown = selisih.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)  # judged as displayed, like predikat
    if shown > ambang:
        kategori = KategoriEfisiensi.EFISIEN
    elif abs(shown) <= ambang:
        kategori = KategoriEfisiensi.CUKUP
    else:
        kategori = KategoriEfisiensi.TIDAK
    return Efisiensi(selisih, kategori)


@dataclass(frozen=True)
class Titik:
    """One column of the monitoring table: a quarter (1–4), or the year (``triwulan`` 0)."""

    triwulan: int
    target: Decimal | None
    realisasi: Decimal | None  # the quarter's own value (the year: aggregated)
    sampai: Decimal | None  # aggregated from TW I up to this quarter
    capaian: Capaian


def ukur(
    *,
    realisasi: list[Decimal | None],
    polaritas: str,
    metode: str,
    target: Decimal | None = None,
    target_triwulan: list[Decimal | None] | None = None,
    batas_bawah: Decimal | None = None,
    batas_atas: Decimal | None = None,
    pengaturan: Pengaturan = Pengaturan(),
    rumus_minimize: str | None = None,
) -> tuple[list[Titik], Titik]:
    """Capaian of each quarter and of the year for one indicator.

    A quarter compares the realisation aggregated up to it (kumulatif: the sum so far) with that
    quarter's target (rencana aksi; TW IV falls back to the annual target); for a rata-rata indicator
    the mean so far meets the mean of the quarterly targets so far. A quarter without its own
    realisation has no capaian. The year compares everything filled so far with the annual target.
    Stabilize indicators are judged against the annual range in every quarter.
    """
    target_triwulan = target_triwulan or [None, None, None, None]
    common = {
        "polaritas": polaritas,
        "batas_bawah": batas_bawah,
        "batas_atas": batas_atas,
        "pengaturan": pengaturan,
        "rumus_minimize": rumus_minimize,
    }
    kolom = []
    for n in range(1, 5):
        own = realisasi[n - 1]
        sampai = agregasi(realisasi[:n], metode) if own is not None else None
        tw_target = target_triwulan[n - 1]
        if metode == Agregasi.RATA_RATA:
            # The running mean of realisations meets the running mean of the quarterly targets.
            tw_target = agregasi(target_triwulan[:n], metode) if None not in target_triwulan[:n] else None
        if tw_target is None and n == 4:
            tw_target = target
        kolom.append(Titik(n, tw_target, own, sampai, hitung(realisasi=sampai, target=tw_target, **common)))
    tahunan = agregasi(realisasi, metode)
    return kolom, Titik(0, target, tahunan, tahunan, hitung(realisasi=tahunan, target=target, **common))


def rata_rata(nilai: list[Decimal | None]) -> Decimal | None:
    """Capaian of a sasaran (the mean of its indicators) or of an OPD (the mean of its sasaran),
    over the values that exist; None when none does."""
    ada = [n for n in nilai if n is not None]
    if not ada:
        return None
    return sum(ada, Decimal(0)) / Decimal(len(ada))
