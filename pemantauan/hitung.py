"""Pure arithmetic and rules of the monitoring figures, over Decimal: no ORM, no request (messages
are translatable strings)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sakip.numbers import format_decimal

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


# --- Rules of the entered figures, shared by the entry grids and the import. ---

# The project's one list of month names (the model choices, the import's month column and the
# recaps read it). Plain text, as a file's month column is read; marked for translation where shown.
NAMA_BULAN: tuple[str, ...] = (
    gettext_noop("Januari"),
    gettext_noop("Februari"),
    gettext_noop("Maret"),
    gettext_noop("April"),
    gettext_noop("Mei"),
    gettext_noop("Juni"),
    gettext_noop("Juli"),
    gettext_noop("Agustus"),
    gettext_noop("September"),
    gettext_noop("Oktober"),
    gettext_noop("November"),
    gettext_noop("Desember"),
)
# Deviation from the curve that still counts as "slightly behind" (percentage points); further behind
# is red. A working convention of the monitoring page, not a regulated figure.
AMBANG_TERTINGGAL = Decimal(10)


@dataclass(frozen=True)
class Kesalahan:
    """A rule broken by one month's figures; ``kolom`` names the field ("pagu", "realisasi_sd", ...)."""

    bulan: int
    kolom: str
    pesan: str


def rupiah(nilai: Decimal) -> str:
    """Rupiah as messages print them: "1.250.000", cents only when there are any."""
    return format_decimal(nilai, 0 if nilai == nilai.to_integral_value() else 2)


def periksa_serapan(isian: dict[int, tuple[Decimal, Decimal]]) -> list[Kesalahan]:
    """Check a year of absorption (month -> (pagu, cumulative realisation)): the realisation within the
    pagu, and the cumulative realisation never lower than in an earlier month (a month may be missing)."""
    kesalahan: list[Kesalahan] = []
    sebelumnya: tuple[int, Decimal] | None = None
    for bulan in sorted(isian):
        pagu, realisasi = isian[bulan]
        if realisasi > pagu:
            kesalahan.append(
                Kesalahan(
                    bulan,
                    "realisasi_sd",
                    _("Realisasi s.d. %(bulan)s (Rp %(realisasi)s) melebihi pagu (Rp %(pagu)s).")
                    % {"bulan": NAMA_BULAN[bulan - 1], "realisasi": rupiah(realisasi), "pagu": rupiah(pagu)},
                )
            )
        if sebelumnya is not None and realisasi < sebelumnya[1]:
            kesalahan.append(
                Kesalahan(
                    bulan,
                    "realisasi_sd",
                    _(
                        "Realisasi s.d. %(bulan)s (Rp %(realisasi)s) lebih kecil dari realisasi s.d. %(sebelum)s "
                        "(Rp %(nilai_sebelum)s): realisasi kumulatif tidak boleh turun."
                    )
                    % {
                        "bulan": NAMA_BULAN[bulan - 1],
                        "realisasi": rupiah(realisasi),
                        "sebelum": NAMA_BULAN[sebelumnya[0] - 1],
                        "nilai_sebelum": rupiah(sebelumnya[1]),
                    },
                )
            )
        # Each month against the one entered before it: enough for the whole year to be non-decreasing
        # once nothing is reported, and one wrong month gives one message, not one for every later month.
        sebelumnya = (bulan, realisasi)
    return kesalahan


def periksa_pengaduan(bulan: int, diterima: int, ditanggapi: int, selesai: int) -> list[Kesalahan]:
    """A month of complaints: resolved ≤ responded to ≤ received."""
    kesalahan = []
    if ditanggapi > diterima:
        kesalahan.append(
            Kesalahan(
                bulan,
                "ditanggapi",
                _("Pengaduan yang ditanggapi (%(ditanggapi)s) lebih banyak dari yang diterima (%(diterima)s).")
                % {"ditanggapi": ditanggapi, "diterima": diterima},
            )
        )
    if selesai > ditanggapi:
        kesalahan.append(
            Kesalahan(
                bulan,
                "selesai",
                _("Pengaduan yang selesai (%(selesai)s) lebih banyak dari yang ditanggapi (%(ditanggapi)s).")
                % {"selesai": selesai, "ditanggapi": ditanggapi},
            )
        )
    return kesalahan


def periksa_kurva(persen: dict[int, Decimal]) -> list[Kesalahan]:
    """A target curve: twelve cumulative percentages between 0 and 100 that never go down."""
    kesalahan = []
    for bulan in range(1, 13):
        nilai = persen.get(bulan)
        if nilai is None:
            kesalahan.append(Kesalahan(bulan, "persen", _("Isi target %(bulan)s.") % {"bulan": NAMA_BULAN[bulan - 1]}))
        elif not 0 <= nilai <= SERATUS:
            kesalahan.append(Kesalahan(bulan, "persen", _("Target serapan antara 0 dan 100%.")))
        elif bulan > 1 and persen.get(bulan - 1) is not None and nilai < persen[bulan - 1]:
            kesalahan.append(
                Kesalahan(
                    bulan,
                    "persen",
                    _(
                        "Target %(bulan)s (%(nilai)s%%) lebih kecil dari target %(sebelum)s (%(nilai_sebelum)s%%): "
                        "kurva kumulatif tidak boleh turun."
                    )
                    % {
                        "bulan": NAMA_BULAN[bulan - 1],
                        "nilai": format_decimal(nilai),
                        "sebelum": NAMA_BULAN[bulan - 2],
                        "nilai_sebelum": format_decimal(persen[bulan - 1]),
                    },
                )
            )
    return kesalahan


def pita(deviasi_poin: Decimal | None) -> str:
    """The colour band of a deviation from the curve: "hijau" on or above it, "kuning" up to
    ``AMBANG_TERTINGGAL`` points behind, "merah" further behind, "" without a figure."""
    if deviasi_poin is None:
        return ""
    if deviasi_poin >= 0:
        return "hijau"
    return "kuning" if deviasi_poin >= -AMBANG_TERTINGGAL else "merah"


def bulan_akhir_triwulan(triwulan: int) -> int:
    """The last month of a quarter: TW I -> March, ..., TW IV -> December."""
    if triwulan not in (1, 2, 3, 4):
        raise ValueError(triwulan)
    return triwulan * 3
