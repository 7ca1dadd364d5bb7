"""The Perjanjian Kinerja as a document (PermenPANRB 53/2014): the statement page with both signatures,
the lampiran (sasaran, indikator and target; program and anggaran with its "Jumlah") and the rencana
aksi (targets TW I–IV), as a PDF (``templates/pdf/perjanjian_kinerja.html``) and as an Excel workbook.

``build_pk_context`` gathers everything both print, in a constant number of queries. A ditetapkan
agreement is printed from what was frozen at approval (``penandatangan``: the signatories, the place
and date, the letterhead), never from today's officials or pemda profile, so a signed document reads
the same forever. A draft is printed from the live records and marked "DRAF".
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from iku_manual.models import NilaiSkala
from iku_manual.targets import scale_lookup
from perjanjian.models import ANGGARAN_LEVELS, AnggaranPK, BarisPK, PerjanjianKinerja, jumlah_anggaran, level_dijumlah
from sakip.models import Pejabat
from sakip.numbers import format_decimal

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_PK = "Perjanjian Kinerja"
SHEET_ANGGARAN = "Anggaran"
RUPIAH_FORMAT = "#,##0"
EMPTY = "-"


@dataclass(frozen=True)
class Kop:
    """The letterhead as printed. ``nama_pemerintah`` is what ``pdf/base.html`` puts in the running header."""

    nama_pemerintah: str
    alamat: str = ""
    telepon: str = ""


@dataclass(frozen=True)
class Penandatangan:
    """One signatory as printed; empty strings where nothing is known yet (a draft without officials)."""

    nama: str = ""
    nip: str = ""
    pangkat: str = ""
    jabatan: str = ""

    @property
    def ada(self) -> bool:
        return bool(self.nama)


@dataclass(frozen=True)
class Nilai:
    """A target as written (``teks``: "12,5", "2,5 – 3,5", "WTP") and, when it is a plain number, as a
    number for the spreadsheet (``angka``)."""

    teks: str
    angka: Decimal | None = None

    @property
    def sel(self):
        """The spreadsheet cell: a number when there is one, otherwise the text (or nothing)."""
        if self.angka is not None:
            return int(self.angka) if self.angka == self.angka.to_integral_value() else self.angka.normalize()
        return self.teks if self.teks != EMPTY else None


@dataclass(frozen=True)
class BarisDokumen:
    """A row of lampiran table 1 and of the rencana aksi. ``no`` and ``rowspan`` are set on the first row
    of each sasaran (the sasaran cell spans its indicators); the following rows carry ``rowspan`` 0."""

    no: int
    rowspan: int
    sasaran: str
    indikator: str
    satuan: str
    target: Nilai
    triwulan: tuple[Nilai, Nilai, Nilai, Nilai]


@dataclass(frozen=True)
class BarisAnggaran:
    no: int
    jenis: str
    jenis_label: str
    kode: str
    nama: str
    pagu: Decimal
    keterangan: str
    tingkat: int  # 0 program, 1 kegiatan, 2 sub kegiatan: the indentation
    dijumlah: bool  # counted in "Jumlah"

    @property
    def pagu_teks(self) -> str:
        return rupiah(self.pagu)


def rupiah(value: Decimal | None) -> str:
    """ "Rp 1.250.000.000"; cents only when there are any."""
    if value is None:
        return EMPTY
    places = 0 if value == value.to_integral_value() else 2
    return f"Rp {format_decimal(value, places)}"


def _signatory_from_pejabat(pejabat: Pejabat | None) -> Penandatangan:
    if pejabat is None:
        return Penandatangan()
    return Penandatangan(
        nama=pejabat.nama, nip=pejabat.nip_tampil, pangkat=pejabat.pangkat_tampil, jabatan=pejabat.jabatan_lengkap
    )


def _signatory_from_snapshot(frozen: dict | None) -> Penandatangan:
    if not frozen:
        return Penandatangan()
    jabatan = frozen.get("jabatan", "")
    status = frozen.get("status", "")
    # The frozen title already carries "Plt."/"Plh."; the status is the fallback should it not.
    for prefix in ("Plt.", "Plh."):
        if prefix in status and not jabatan.startswith(prefix):
            jabatan = f"{prefix} {jabatan}"
    return Penandatangan(
        nama=frozen.get("nama", ""), nip=frozen.get("nip", ""), pangkat=frozen.get("pangkat", ""), jabatan=jabatan
    )


def _tempat_default(perjanjian: PerjanjianKinerja) -> str:
    # As pk_approve freezes it: "Kota Contoh" signs in "Contoh".
    return perjanjian.tempat or perjanjian.opd.pemda.nama.removeprefix("Kota ").removeprefix("Kabupaten ")


def _nilai(value: Decimal | None, names: dict[Decimal, str] | None) -> Nilai:
    if value is None:
        return Nilai(EMPTY)
    if names:
        code = names.get(value.normalize())
        if code:
            return Nilai(code)
    return Nilai(format_decimal(value), value)


def _target(row: BarisPK, names: dict[Decimal, str] | None) -> Nilai:
    if row.batas_bawah is not None and row.batas_atas is not None:
        return Nilai(f"{format_decimal(row.batas_bawah)} – {format_decimal(row.batas_atas)}")
    return _nilai(row.target, names)


def rows_for_document(perjanjian: PerjanjianKinerja):
    """The PK document (PDF and Excel): rows with indicator, sasaran and scale steps, in three queries."""
    return perjanjian.baris.select_related("indikator__sasaran", "indikator__skala").prefetch_related(
        Prefetch("indikator__skala__nilai", queryset=NilaiSkala.objects.order_by("-nilai"))
    )


def _document_rows(perjanjian: PerjanjianKinerja) -> tuple[list[BarisDokumen], str]:
    rows = list(rows_for_document(perjanjian))
    names_by_scale: dict[int, dict[Decimal, str]] = {}
    # Consecutive rows of the same sasaran share its number and its cell.
    groups: list[list[BarisPK]] = []
    for row in rows:
        if groups and groups[-1][0].indikator.sasaran_id == row.indikator.sasaran_id:
            groups[-1].append(row)
        else:
            groups.append([row])
    result = []
    for number, group in enumerate(groups, start=1):
        for index, row in enumerate(group):
            indikator = row.indikator
            names = None
            if indikator.skala_id:
                if indikator.skala_id not in names_by_scale:
                    names_by_scale[indikator.skala_id] = scale_lookup(indikator.skala.nilai.all()).names
                names = names_by_scale[indikator.skala_id]
            result.append(
                BarisDokumen(
                    no=number,
                    rowspan=len(group) if index == 0 else 0,
                    sasaran=group[0].isi("sasaran_uraian"),
                    indikator=row.isi("indikator_nama"),
                    satuan=row.isi("satuan"),
                    target=_target(row, names),
                    triwulan=tuple(_nilai(value, names) for value in row.triwulan),
                )
            )
    levels = {row.indikator.sasaran.get_tingkat_display() for row in rows}
    heading = str(levels.pop()) if len(levels) == 1 else _("Sasaran")
    return result, heading


def _budget_rows(perjanjian: PerjanjianKinerja) -> tuple[list[BarisAnggaran], str, Decimal]:
    rows = list(perjanjian.anggaran.all())
    level = level_dijumlah([row.jenis for row in rows])
    labels = dict(AnggaranPK.Jenis.choices)
    result = [
        BarisAnggaran(
            no=number,
            jenis=row.jenis,
            jenis_label=str(labels[row.jenis]),
            kode=row.kode,
            nama=row.nama,
            pagu=row.pagu,
            keterangan=row.keterangan,
            tingkat=ANGGARAN_LEVELS.index(row.jenis),
            dijumlah=row.jenis == level,
        )
        for number, row in enumerate(rows, start=1)
    ]
    present = {row.jenis for row in rows}
    heading = str(labels[present.pop()]) if len(present) == 1 else _("Program/Kegiatan/Sub Kegiatan")
    return result, heading, jumlah_anggaran(rows)


def _filename_stem(perjanjian: PerjanjianKinerja) -> str:
    parts = ["PK", str(perjanjian.tahun), slugify(perjanjian.opd.singkatan).upper()]
    if perjanjian.unit_id:
        parts.append(slugify(perjanjian.unit.nama).upper())
    return "-".join([*parts, f"v{perjanjian.versi}"])


def build_pk_context(perjanjian: PerjanjianKinerja) -> dict:
    """Everything the PK document prints. A ditetapkan agreement takes its signatories, place, date
    and letterhead only from the snapshot frozen at approval."""
    pemda = perjanjian.opd.pemda
    ditetapkan = perjanjian.status == PerjanjianKinerja.Status.DITETAPKAN
    if ditetapkan:
        frozen = perjanjian.penandatangan or {}
        pertama = _signatory_from_snapshot(frozen.get("pertama"))
        kedua = _signatory_from_snapshot(frozen.get("kedua"))
        kop_frozen = frozen.get("kop") or {}
        kop = Kop(kop_frozen.get("nama", ""), kop_frozen.get("alamat", ""), kop_frozen.get("telepon", ""))
        tempat = frozen.get("tempat", "")
        tanggal = datetime.date.fromisoformat(frozen["tanggal"]) if frozen.get("tanggal") else None
    else:
        pertama = _signatory_from_pejabat(perjanjian.pihak_pertama)
        kedua = _signatory_from_pejabat(perjanjian.pihak_kedua)
        kop = Kop(pemda.nama_pemerintah, pemda.alamat, pemda.telepon)
        tempat = _tempat_default(perjanjian)
        tanggal = perjanjian.tanggal
    perubahan = perjanjian.jenis == PerjanjianKinerja.Jenis.PERUBAHAN
    if perubahan:
        judul = _("PERJANJIAN KINERJA PERUBAHAN TAHUN %(tahun)s") % {"tahun": perjanjian.tahun}
    else:
        judul = _("PERJANJIAN KINERJA TAHUN %(tahun)s") % {"tahun": perjanjian.tahun}
    baris, kolom_sasaran = _document_rows(perjanjian)
    anggaran, kolom_anggaran, jumlah = _budget_rows(perjanjian)
    organisasi = [perjanjian.unit.nama, perjanjian.opd.nama] if perjanjian.unit_id else [perjanjian.opd.nama]
    stem = _filename_stem(perjanjian)
    return {
        "perjanjian": perjanjian,
        "pemda": kop,  # as printed: ``pdf/base.html`` reads ``pemda.nama_pemerintah`` for its header
        "kop": kop,
        "judul": judul,
        "perubahan": perubahan,
        "organisasi": organisasi,
        "tahun": perjanjian.tahun,
        "pertama": pertama,
        "kedua": kedua,
        "tempat": tempat,
        "tanggal": tanggal,
        "draf": not ditetapkan,
        "baris": baris,
        "kolom_sasaran": kolom_sasaran,
        "anggaran": anggaran,
        "kolom_anggaran": kolom_anggaran,
        "jumlah_anggaran": jumlah,
        "jumlah_anggaran_teks": rupiah(jumlah),
        "document_title": f"{judul} · {' · '.join(organisasi)}",
        "filename": f"{stem}.pdf",
        "filename_xlsx": f"{stem}.xlsx",
    }


# --- Excel ---------------------------------------------------------------------------------------

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=13)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")
_THIN = Side(style="thin", color="888888")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _text(value: str) -> str:
    # openpyxl refuses control characters that XML cannot carry; a pasted one must not break the file.
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _put(sheet, row: int, column: int, value, **style):
    cell = sheet.cell(row=row, column=column, value=_text(value) if isinstance(value, str) else value)
    if isinstance(value, str):
        cell.data_type = "s"  # text stays text even when it starts with "="
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _table_header(sheet, row: int, headers: list[str]) -> None:
    for column, header in enumerate(headers, start=1):
        _put(sheet, row, column, header, font=_BOLD, fill=_HEADER_FILL, alignment=_WRAP, border=_BOX)


def _signatory_lines(pihak: str, person: Penandatangan) -> list[tuple[str, str]]:
    return [
        (_("Nama %(pihak)s") % {"pihak": pihak}, person.nama or EMPTY),
        (_("Jabatan %(pihak)s") % {"pihak": pihak}, person.jabatan or EMPTY),
        (_("Pangkat/golongan %(pihak)s") % {"pihak": pihak}, person.pangkat or EMPTY),
        (_("NIP %(pihak)s") % {"pihak": pihak}, person.nip or EMPTY),
    ]


def pk_workbook(context: dict) -> bytes:
    """The PK as a workbook: sheet "Perjanjian Kinerja" (identity, signatories, sasaran/indikator/target
    with the targets TW I–IV) and sheet "Anggaran" (program and anggaran, with a SUM for "Jumlah").
    Numbers are numeric cells; ranges and scale codes are text, as the planner writes them."""
    perjanjian: PerjanjianKinerja = context["perjanjian"]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_PK
    _put(sheet, 1, 1, context["judul"], font=_TITLE)
    _put(sheet, 2, 1, context["kop"].nama_pemerintah, font=_BOLD)
    _put(sheet, 3, 1, " · ".join(context["organisasi"]), font=_BOLD)
    if context["draf"]:
        _put(sheet, 4, 1, _("DRAF: belum ditetapkan"), font=Font(bold=True, color="C00000"))
    info = [
        (_("Perangkat daerah"), perjanjian.opd.nama),
        *([(_("Unit kerja"), perjanjian.unit.nama)] if perjanjian.unit_id else []),
        (_("Tahun"), perjanjian.tahun),
        (_("Jenis"), f"{perjanjian.get_jenis_display()} ({_('versi')} {perjanjian.versi})"),
        (_("Status"), perjanjian.get_status_display()),
        *_signatory_lines(_("pihak pertama"), context["pertama"]),
        *_signatory_lines(_("pihak kedua"), context["kedua"]),
        (_("Tempat"), context["tempat"] or EMPTY),
        (_("Tanggal"), context["tanggal"] or EMPTY),
    ]
    row = 6
    for label, value in info:
        _put(sheet, row, 1, label, font=_BOLD)
        cell = _put(sheet, row, 2, value)
        if isinstance(value, int):
            cell.number_format = "0"  # a year is never grouped
        elif isinstance(value, datetime.date):
            cell.number_format = "DD/MM/YYYY"
        row += 1
    row += 1
    headers = [
        pgettext("nomor urut", "No"),
        context["kolom_sasaran"],
        _("Indikator Kinerja"),
        _("Satuan"),
        _("Target"),
        _("TW I"),
        _("TW II"),
        _("TW III"),
        _("TW IV"),
    ]
    _table_header(sheet, row, headers)
    sheet.freeze_panes = sheet.cell(row=row + 1, column=1)
    for item in context["baris"]:
        row += 1
        values = [item.no, item.sasaran, item.indikator, item.satuan, item.target.sel, *(t.sel for t in item.triwulan)]
        for column, value in enumerate(values, start=1):
            _put(sheet, row, column, value, alignment=_WRAP, border=_BOX)
    for letter, width in zip("ABCDEFGHI", [6, 40, 48, 12, 14, 11, 11, 11, 11], strict=True):
        sheet.column_dimensions[letter].width = width

    budget = workbook.create_sheet(SHEET_ANGGARAN)
    _put(budget, 1, 1, _("Program dan anggaran · %(judul)s") % {"judul": context["judul"]}, font=_TITLE)
    _put(budget, 2, 1, " · ".join(context["organisasi"]), font=_BOLD)
    header_row = 4
    _table_header(
        budget,
        header_row,
        [
            pgettext("nomor urut", "No"),
            _("Jenis"),
            _("Kode"),
            context["kolom_anggaran"],
            _("Anggaran (Rp)"),
            _("Keterangan"),
        ],
    )
    row = header_row
    for item in context["anggaran"]:
        row += 1
        values = [item.no, item.jenis_label, item.kode, item.nama, item.pagu, item.keterangan]
        for column, value in enumerate(values, start=1):
            cell = _put(budget, row, column, value, alignment=_WRAP, border=_BOX)
        budget.cell(row=row, column=4).alignment = Alignment(wrap_text=True, vertical="top", indent=item.tingkat * 2)
        budget.cell(row=row, column=5).number_format = RUPIAH_FORMAT
    total_row = row + 1
    first, last = header_row + 1, max(row, header_row + 1)
    levels = {item.jenis for item in context["anggaran"]}
    if len(levels) > 1:
        counted = next(item.jenis_label for item in context["anggaran"] if item.dijumlah)
        formula = f'=SUMIF(B{first}:B{last},"{counted}",E{first}:E{last})'
    else:
        formula = f"=SUM(E{first}:E{last})"
    _put(budget, total_row, 4, _("Jumlah"), font=_BOLD, border=_BOX)
    cell = budget.cell(row=total_row, column=5, value=formula)
    cell.number_format, cell.font, cell.border = RUPIAH_FORMAT, _BOLD, _BOX
    for letter, width in zip("ABCDEF", [6, 14, 18, 56, 20, 30], strict=True):
        budget.column_dimensions[letter].width = width
    budget.freeze_panes = budget.cell(row=header_row + 1, column=1)
    for each in (sheet, budget):
        each.page_setup.orientation = "landscape"
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
