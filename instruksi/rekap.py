"""The monthly recap per OPD: for each OPD and month of the instruction's date (``tanggal``, the same
year notion as the list) in a year, the tasks given, achieved, overdue, in negotiation, and their
average capaian. Grouping is pure; the view fetches the rows once. The Excel export writes the same
rows."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from instruksi import services, status
from instruksi.models import Instruksi, Tugas
from pemantauan.hitung import NAMA_BULAN

KOLOM = (
    gettext_lazy("Perangkat daerah"),
    gettext_lazy("Bulan"),
    gettext_lazy("Diberikan"),
    gettext_lazy("Tercapai"),
    gettext_lazy("Terlambat"),
    gettext_lazy("Negosiasi"),
    gettext_lazy("Rata-rata capaian (%)"),
)


@dataclass
class BarisRekap:
    opd: object
    bulan: int
    diberikan: int = 0
    tercapai: int = 0
    terlambat: int = 0
    negosiasi: int = 0
    _persen: list[Decimal] = field(default_factory=list)

    @property
    def nama_bulan(self) -> str:
        return NAMA_BULAN[self.bulan - 1]

    @property
    def rata_capaian(self) -> Decimal | None:
        if not self._persen:
            return None
        return (sum(self._persen) / len(self._persen)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def tugas_rekap(tugas_qs, *, pemda, tahun: int):
    """The tasks the recap counts (from the user's visible tasks): issued instructions dated in the year."""
    return (
        tugas_qs.filter(
            instruksi__pemda=pemda,
            instruksi__status=Instruksi.Status.DITERBITKAN,
            instruksi__tanggal__year=tahun,
        )
        .select_related("opd", "instruksi")
        .order_by("opd__urutan", "opd__nama", "pk")
    )


def susun(tugas: list[Tugas], hari_ini: datetime.date) -> list[BarisRekap]:
    """One row per OPD and month of the instruction's date, in OPD order then month."""
    rows: dict[tuple[int, int], BarisRekap] = {}
    for t in tugas:
        bulan = t.instruksi.tanggal.month
        row = rows.setdefault((t.opd_id, bulan), BarisRekap(opd=t.opd, bulan=bulan))
        row.diberikan += 1
        keadaan = status.keadaan(
            target=t.target,
            nilai=t.capaian_terakhir,
            mulai=services.mulai(t.instruksi),
            batas_waktu=t.batas_waktu,
            hari_ini=hari_ini,
            ditutup=t.status,
            arah=t.arah,
        )
        if keadaan == status.TERCAPAI:
            row.tercapai += 1
        elif keadaan == status.TERLAMBAT:
            row.terlambat += 1
        if t.status == Tugas.Status.NEGOSIASI:
            row.negosiasi += 1
        persen = status.capaian_persen(t.capaian_terakhir, t.target, t.arah)
        if persen is not None:
            row._persen.append(persen)
    order = {}
    for t in tugas:
        order.setdefault(t.opd_id, len(order))
    return sorted(rows.values(), key=lambda r: (order[r.opd.pk], r.bulan))


def excel(rows: list[BarisRekap], *, pemda, tahun: int) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Rekap IKP")
    judul = _("Rekap Instruksi Khusus Pimpinan %(pemda)s Tahun %(tahun)s") % {"pemda": pemda.nama, "tahun": tahun}
    sheet.append([judul])
    sheet["A1"].font = Font(bold=True)
    sheet.append([str(kolom) for kolom in KOLOM])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        rata = row.rata_capaian
        sheet.append(
            [
                row.opd.nama,
                row.nama_bulan,
                row.diberikan,
                row.tercapai,
                row.terlambat,
                row.negosiasi,
                rata,
            ]
        )
        sheet.cell(row=sheet.max_row, column=1).data_type = "s"  # a name starting with "=" stays text
        if rata is not None:
            sheet.cell(row=sheet.max_row, column=7).number_format = "0.00"
    for letter, width in zip("ABCDEFG", (40, 12, 11, 11, 11, 11, 22), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
