"""Absorption and complaint-response figures for one OPD up to a date: what an IKP target of kind
"serapan" or "pengaduan" and an indicator whose data source is this app read.

The arithmetic is in ``pemantauan.hitung`` (pure, Decimal); these functions only fetch the rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.utils.translation import gettext as _

from pemantauan import hitung
from pemantauan.models import KurvaSerapan, PengaduanLapor, SerapanAnggaran, SumberIndikator
from sakip.models import Pemda, PerangkatDaerah
from sakip.numbers import format_decimal


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


# --- Every OPD of a pemda at once (recap pages and the leaders' dashboard): constant queries. ---


def _bulan_akhir(tahun: int, sampai: datetime.date | None) -> int | None:
    """The last month counted in ``tahun`` up to ``sampai``; 12 without a date or for a later date,
    None when ``sampai`` is before the year (nothing counts yet)."""
    if sampai is None or sampai.year > tahun:
        return 12
    if sampai.year < tahun:
        return None
    return sampai.month


@dataclass(frozen=True)
class SerapanOpd:
    """One OPD's latest absorption entry up to the month asked for."""

    bulan: int
    pagu: Decimal
    realisasi_sd: Decimal

    @property
    def persen(self) -> Decimal | None:
        return hitung.persen(self.realisasi_sd, self.pagu)


def serapan_rincian_per_opd(
    pemda: Pemda | int, tahun: int, sampai: datetime.date | None = None
) -> dict[int, SerapanOpd | None]:
    """Each active OPD of ``pemda`` (in the OPD order) mapped to its latest absorption entry in
    ``tahun`` up to ``sampai``'s month, or None; one query."""
    akhir = _bulan_akhir(tahun, sampai)
    latest = SerapanAnggaran.objects.filter(opd=OuterRef("pk"), tahun=tahun, bulan__lte=akhir or 0).order_by("-bulan")
    opds = (
        PerangkatDaerah.objects.filter(pemda=pemda, aktif=True)
        .annotate(
            s_bulan=Subquery(latest.values("bulan")[:1]),
            s_pagu=Subquery(latest.values("pagu")[:1]),
            s_realisasi=Subquery(latest.values("realisasi_sd")[:1]),
        )
        .order_by("urutan", "nama")
        .values_list("pk", "s_bulan", "s_pagu", "s_realisasi")
    )
    return {
        pk: (SerapanOpd(bulan, Decimal(pagu), Decimal(realisasi)) if bulan is not None else None)
        for pk, bulan, pagu, realisasi in opds
    }


def serapan_per_opd(pemda: Pemda | int, tahun: int, sampai: datetime.date | None = None) -> dict[int, Decimal | None]:
    """Each active OPD of ``pemda`` mapped to its cumulative absorption (%) of the latest month
    entered in ``tahun`` up to ``sampai``'s month (as ``serapan_persen``); None without data or with
    a zero pagu. One query whatever the number of OPDs."""
    return {pk: (row.persen if row else None) for pk, row in serapan_rincian_per_opd(pemda, tahun, sampai).items()}


def serapan_pemda(pemda: Pemda | int, tahun: int, sampai: datetime.date | None = None) -> Decimal | None:
    """The pemda's absorption (%): the latest realisations of its OPDs over their latest pagu,
    summed; None when no OPD has entered anything. One query."""
    rows = [row for row in serapan_rincian_per_opd(pemda, tahun, sampai).values() if row]
    if not rows:
        return None
    return hitung.persen(sum(r.realisasi_sd for r in rows), sum(r.pagu for r in rows))


@dataclass(frozen=True)
class PengaduanOpd:
    """One OPD's complaints summed over the months asked for."""

    diterima: int
    ditanggapi: int
    selesai: int

    @property
    def persen_ditanggapi(self) -> Decimal | None:
        return hitung.persen(self.ditanggapi, self.diterima)

    @property
    def persen_selesai(self) -> Decimal | None:
        return hitung.persen(self.selesai, self.diterima)


def pengaduan_per_opd(
    pemda: Pemda | int, tahun: int, sampai: datetime.date | None = None, *, dari_bulan: int = 1
) -> dict[int, PengaduanOpd | None]:
    """Each active OPD of ``pemda`` mapped to its complaints from ``dari_bulan`` up to ``sampai``'s
    month of ``tahun`` (received, responded to, resolved, and the two rates), or None when it entered
    no month. One query."""
    akhir = _bulan_akhir(tahun, sampai) or 0
    bulan = Q(pengaduan_lapor__tahun=tahun, pengaduan_lapor__bulan__gte=dari_bulan, pengaduan_lapor__bulan__lte=akhir)
    opds = (
        PerangkatDaerah.objects.filter(pemda=pemda, aktif=True)
        .annotate(
            n=Count("pengaduan_lapor", filter=bulan),
            diterima=Sum("pengaduan_lapor__diterima", filter=bulan),
            ditanggapi=Sum("pengaduan_lapor__ditanggapi", filter=bulan),
            selesai=Sum("pengaduan_lapor__selesai", filter=bulan),
        )
        .order_by("urutan", "nama")
        .values_list("pk", "n", "diterima", "ditanggapi", "selesai")
    )
    return {pk: (PengaduanOpd(d or 0, t or 0, s or 0) if n else None) for pk, n, d, t, s in opds}


# --- The target curve and one OPD's year, month by month. ---


def kurva_untuk(pemda: Pemda | int | None) -> tuple[dict[int, Decimal], bool]:
    """The target curve in force for ``pemda`` (month -> cumulative %) and whether it is the pemda's
    own (True) or the seeded default (False). One query."""
    pemda_id = pemda.pk if isinstance(pemda, Pemda) else pemda
    own: dict[int, Decimal] = {}
    default: dict[int, Decimal] = {}
    for row_pemda, bulan, persen in KurvaSerapan.objects.filter(
        Q(pemda__isnull=True) | Q(pemda_id=pemda_id)
    ).values_list("pemda_id", "bulan", "persen"):
        (own if row_pemda is not None else default)[bulan] = persen
    if len(own) == 12:
        return own, True
    return default, False


def serapan_bulanan(opd: PerangkatDaerah | int, tahun: int) -> dict[int, SerapanAnggaran]:
    """One OPD's absorption rows of a year by month; one query."""
    return {row.bulan: row for row in SerapanAnggaran.objects.filter(opd=opd, tahun=tahun)}


def pengaduan_bulanan(opd: PerangkatDaerah | int, tahun: int) -> dict[int, PengaduanLapor]:
    """One OPD's complaint rows of a year by month; one query."""
    return {row.bulan: row for row in PengaduanLapor.objects.filter(opd=opd, tahun=tahun)}


def angka_sumber(sumber: SumberIndikator, opd: PerangkatDaerah | None, pemda: Pemda | int, tahun: int, bulan: int):
    """The figure an indicator linked to this app takes up to the end of ``bulan``: the OPD's own, or
    the pemda's for an indicator of the pemda level (``opd`` None). None without data."""
    sampai = datetime.date(tahun, bulan, 1)
    if sumber.ukuran == SumberIndikator.Ukuran.SERAPAN:
        return serapan_persen(opd, tahun, sampai) if opd is not None else serapan_pemda(pemda, tahun, sampai)
    ukuran = "ditanggapi" if sumber.ukuran == SumberIndikator.Ukuran.PENGADUAN_DITANGGAPI else "selesai"
    if opd is not None:
        return pengaduan_persen(opd, tahun, sampai, ukuran=ukuran)
    rows = [row for row in pengaduan_per_opd(pemda, tahun, sampai).values() if row]
    return hitung.persen(sum(getattr(r, ukuran) for r in rows), sum(r.diterima for r in rows)) if rows else None


def angka_realisasi(indikator, opd: PerangkatDaerah, tahun: int, triwulan: int) -> dict | None:
    """For the realisation form (perjanjian): the figure of an indicator whose data source is this app,
    for the quarter (TW I = January to March, ...), with its text in the Indonesian format; None for
    an indicator without a data source. Two queries."""
    sumber = SumberIndikator.objects.filter(indikator=indikator).first()
    if sumber is None:
        return None
    bulan = hitung.bulan_akhir_triwulan(triwulan)
    nilai = angka_sumber(sumber, opd, opd.pemda_id, tahun, bulan)
    return {
        "sumber": sumber,
        "nilai": nilai,
        "teks": format_decimal(nilai, 2) if nilai is not None else "",
        "periode": _("Januari–%(bulan)s %(tahun)s") % {"bulan": hitung.NAMA_BULAN[bulan - 1], "tahun": tahun},
    }
