"""An LKE template as an Excel workbook, in the worksheet layout evaluators know and in a shape an import
can read back: one sheet per kind of row, a header row, then one row per object, referring to other
rows by code (the criterion's scale by its kode, a dependency by the criterion's nomor).
``evaluasi/imports.py`` reads the same layout back into a new template.

Sheets: "Template" (label | value), "Komponen", "Kriteria" (one row per criterion, with its
sub-component repeated; the three Saran columns, the suggestion from data, came later and older
files lack them), "Skala" (the answer scales the template uses) and "Predikat". Headers, sheet
names, dimensi and cara hitung are codes of the file format, not UI text: they stay the same in every
language so that a file exported on one installation imports on another.
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from evaluasi.models import Kriteria, TemplateLKE
from sakip.numbers import format_decimal

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

SHEET_TEMPLATE = "Template"
SHEET_KOMPONEN = "Komponen"
SHEET_KRITERIA = "Kriteria"
SHEET_SKALA = "Skala"
SHEET_PREDIKAT = "Predikat"

# label in column A of sheet "Template" -> what it holds
TEMPLATE_ROWS = ("Nama", "Regulasi", "Versi", "Berlaku mulai tahun", "Pemda", "Disalin dari", "Keterangan")
KOMPONEN_COLUMNS = (("Kode", 10), ("Nama", 48), ("Bobot", 10))
KRITERIA_COLUMNS = (
    ("Komponen", 11),
    ("Sub-komponen kode", 14),
    ("Sub-komponen nama", 36),
    ("Bobot sub", 10),
    ("Dimensi", 14),
    ("Cara hitung", 12),
    ("Nomor", 10),
    ("Kriteria", 70),
    ("Skala", 11),
    ("Bobot poin", 10),
    ("Bergantung pada", 12),
    ("Penjelasan", 40),
    ("Saran", 11),
    ("Saran jenis", 10),
    ("Saran ambang", 30),
)
SKALA_COLUMNS = (("Skala", 11), ("Nama skala", 30), ("Jawaban", 10), ("Nilai", 10), ("Penjelasan", 60))
PREDIKAT_COLUMNS = (("Kode", 8), ("Nilai lebih dari", 14), ("Sebutan", 22), ("Interpretasi", 80))

_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")


def with_worksheet(queryset: QuerySet[TemplateLKE]) -> QuerySet[TemplateLKE]:
    """Templates with their whole worksheet (grade bands, components, sub-components, criteria with
    their scale, options and dependency) in six queries, however large: the detail page and the
    Excel export."""
    kriteria = Kriteria.objects.select_related("skala", "syarat").prefetch_related("skala__opsi")
    return queryset.select_related("pemda", "asal").prefetch_related(
        "predikat", "komponen__sub", Prefetch("komponen__sub__kriteria", queryset=kriteria)
    )


def ambang_text(ambang: list) -> str:
    """The suggestion bands as one cell: "A>=110,01; B>=90; E" (best answer first; a bare answer is
    the catch-all). ``evaluasi.imports`` reads it back."""
    parts = []
    for kode, minimal in ambang:
        parts.append(kode if minimal is None else f"{kode}>={format_decimal(Decimal(str(minimal)))}")
    return "; ".join(parts)


def filename(template: TemplateLKE) -> str:
    return f"LKE-{slugify(template.regulasi.replace('/', '-'))}-v{template.versi}.xlsx"


def template_workbook(template: TemplateLKE) -> bytes:
    """The template as .xlsx bytes. Numbers (weights, scale values, bounds) are numeric cells. Pass a
    template loaded through ``with_worksheet`` to read it in constant queries."""
    workbook = Workbook()
    _identity(workbook.active, template)
    komponen = list(template.komponen.all())

    sheet = _table(workbook, SHEET_KOMPONEN, KOMPONEN_COLUMNS)
    for komp in komponen:
        _append(sheet, [komp.kode, komp.nama, komp.bobot])

    sheet = _table(workbook, SHEET_KRITERIA, KRITERIA_COLUMNS)
    skala = {}
    for komp in komponen:
        for sub in komp.sub.all():
            for k in sub.kriteria.all():
                skala.setdefault(k.skala.kode, k.skala)
                _append(
                    sheet,
                    [
                        komp.kode,
                        sub.kode,
                        sub.nama,
                        sub.bobot,
                        sub.dimensi,
                        sub.cara_hitung,
                        k.kode,
                        k.teks,
                        k.skala.kode,
                        k.bobot,
                        k.syarat.kode if k.syarat_id else None,
                        k.penjelasan or None,
                        k.saran or None,
                        k.saran_jenis or None,
                        ambang_text(k.saran_ambang) or None,
                    ],
                )
    _wrap(sheet, columns=(3, 8, 12))

    sheet = _table(workbook, SHEET_SKALA, SKALA_COLUMNS)
    for kode in sorted(skala):
        for opsi in skala[kode].opsi.all():
            _append(sheet, [kode, skala[kode].nama, opsi.kode, opsi.nilai, opsi.penjelasan])

    sheet = _table(workbook, SHEET_PREDIKAT, PREDIKAT_COLUMNS)
    for band in template.predikat.all():
        _append(sheet, [band.kode, band.batas_bawah, band.kata, band.interpretasi])
    _wrap(sheet, columns=(4,))

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _identity(sheet: Worksheet, template: TemplateLKE) -> None:
    sheet.title = SHEET_TEMPLATE
    values = (
        template.nama,
        template.regulasi,
        template.versi,
        template.tahun_berlaku,
        template.pemda.nama if template.pemda_id else None,
        str(template.asal) if template.asal_id else None,
        template.keterangan or None,
    )
    for label, value in zip(TEMPLATE_ROWS, values, strict=True):
        _append(sheet, [label, value])
        sheet.cell(row=sheet.max_row, column=1).font = _BOLD
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 70


def _table(workbook: Workbook, title: str, columns: tuple[tuple[str, int], ...]) -> Worksheet:
    sheet = workbook.create_sheet(title)
    sheet.append([header for header, _width in columns])
    for index, (_header, width) in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill, cell.alignment = _BOLD, _HEADER_FILL, _WRAP
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    return sheet


def _wrap(sheet: Worksheet, *, columns: tuple[int, ...]) -> None:
    for column in columns:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.alignment = _WRAP


def _append(sheet: Worksheet, values: list) -> None:
    sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values])
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"  # text stays text even when it starts with "="
