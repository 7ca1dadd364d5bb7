"""Importing an OPD's quarterly realisations from Excel (the layout of ``template_workbook``).

The design of the IKU import (iku_manual/imports.py), whose upload handling and cell reading this
module reuses: ``read_workbook`` writes nothing and returns every error by row and column, or, for a
file without errors, the plan (which realisations would be created, changed or left alone);
``apply_workbook`` checks the file again inside one transaction and writes every change through
``realisasi.realisasi_simpan``, so an import keeps exactly the rules of the entry page (PK in force,
entry window, a submitted or verified realisation cannot change). With any error nothing is written.

Rows are matched by (kode sasaran, kode indikator, triwulan), whatever the case of the codes; only rows
that differ from what is stored are written, so importing the same file twice changes nothing (and
adds no history) the second time. A row whose Realisasi and other cells are empty is left alone:
the template lists every indicator, and an unfilled one must not count as an error.
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from iku_manual.exports import MAX_BYTES, MAX_ROWS, Column
from iku_manual.imports import FORMULA_WITHOUT_VALUE, CellError, Cells, PlanCounts, read_cells, unusable
from iku_manual.models import Indikator, NilaiSkala
from iku_manual.targets import Scale, TargetFormatError, fit, parse_scale_value, scale_lookup
from perjanjian import realisasi as workflow
from perjanjian.models import BarisPK, Realisasi
from sakip.models import PerangkatDaerah, User
from sakip.numbers import NumberFormatError, format_decimal, parse_decimal

SHEET_DATA = "Realisasi"
SHEET_HELP = "Petunjuk"
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}

# The headers are the file format, not UI text: the same in every language.
COLUMNS: tuple[Column, ...] = (
    Column(
        "sasaran", "Kode Sasaran", gettext_lazy("Kode sasaran indikator, seperti pada perjanjian kinerja."), 14, True
    ),
    Column("kode", "Kode Indikator", gettext_lazy("Kode indikator pada sasaran itu, mis. IKU.1."), 14, True),
    Column("nama", "Indikator", gettext_lazy("Nama indikator; hanya keterangan, tidak dibaca saat impor."), 48),
    Column("satuan", "Satuan", gettext_lazy("Hanya keterangan, tidak dibaca saat impor."), 12),
    Column("triwulan", "Triwulan", gettext_lazy("1, 2, 3 atau 4 (boleh juga I–IV atau TW I–TW IV)."), 10, True),
    Column(
        "nilai",
        "Realisasi",
        gettext_lazy(
            "Angka (koma untuk desimal, titik untuk ribuan, mis. 1.234,56), atau kode skala untuk indikator "
            "kualitatif (mis. WTP). Untuk indikator kumulatif: jumlah pada triwulan itu saja; selain itu: posisi "
            "pada akhir triwulan."
        ),
        16,
        True,
    ),
    Column("bukti_tautan", "Tautan bukti", gettext_lazy("Alamat web bukti dukung, mulai dengan https://."), 32),
    Column("bukti_keterangan", "Keterangan bukti", gettext_lazy("Uraian bukti dukung."), 32),
    Column("faktor_pendukung", "Faktor pendukung", gettext_lazy("Apa yang mendukung capaian."), 32),
    Column("faktor_penghambat", "Faktor penghambat", gettext_lazy("Apa yang menghambat capaian."), 32),
    Column("upaya", "Upaya/solusi", gettext_lazy("Upaya yang dilakukan atau direncanakan."), 32),
)
HEADERS = {column.key: column.header for column in COLUMNS}
INFO_KEYS = {"nama", "satuan"}  # written for the reader, ignored on import
TEXT_KEYS = ["bukti_tautan", "bukti_keterangan", "faktor_pendukung", "faktor_penghambat", "upaya"]
FIELD_KEYS = ["nilai", "nilai_teks", *TEXT_KEYS]
LOCKED_FILL = PatternFill("solid", fgColor="E7E6E6")


# --- The template ----------------------------------------------------------------------------------


def triwulan_berjalan(tahun: int, today=None) -> int:
    """The quarter a planner reports now: the last one that has ended in the current year (TW I before
    April), TW IV for a past year, TW I for a future one."""
    today = today or timezone.localdate()
    if tahun < today.year:
        return 4
    if tahun > today.year:
        return 1
    return max(1, (today.month - 1) // 3)


def _rows_in_force(opd: PerangkatDaerah, tahun: int) -> list[BarisPK]:
    rows = list(workflow.baris_berlaku(opd=opd, tahun=tahun).values())
    rows.sort(
        key=lambda row: (
            row.indikator.sasaran.urutan,
            row.indikator.sasaran.kode,
            row.indikator.urutan,
            row.indikator.kode,
        )
    )
    return rows


def _scales(pemda_id: int) -> dict[int, Scale]:
    """The scales a pemda may use, by id, as the parser needs them; one query."""
    steps = defaultdict(list)
    for step in NilaiSkala.objects.filter(Q(skala__pemda__isnull=True) | Q(skala__pemda_id=pemda_id)):
        steps[step.skala_id].append(step)
    return {skala_id: scale_lookup(sorted(found, key=lambda s: -s.nilai)) for skala_id, found in steps.items()}


def _number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value.normalize()


def _clean(value: str) -> str:
    # openpyxl refuses control characters that XML cannot carry.
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def template_workbook(*, opd: PerangkatDaerah, tahun: int, triwulan: int | None) -> bytes:
    """One row per indicator of the agreements in force for the quarter (every quarter when
    ``triwulan`` is None), prefilled with what is stored; rows that can no longer change are grey."""
    rows = _rows_in_force(opd, tahun)
    scales = _scales(opd.pemda_id)
    stored = {
        (item.indikator_id, item.triwulan): item
        for item in Realisasi.objects.filter(tahun=tahun, indikator_id__in=[row.indikator_id for row in rows])
    }
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_DATA
    sheet.append([column.header for column in COLUMNS])
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[cell.column_letter].width = COLUMNS[cell.column - 1].width
    sheet.freeze_panes = "C2"
    value_letter = get_column_letter(list(HEADERS).index("nilai") + 1)
    cells_per_scale: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        indikator = row.indikator
        scale = scales.get(indikator.skala_id)
        for quarter in [triwulan] if triwulan else [1, 2, 3, 4]:
            item = stored.get((indikator.pk, quarter))
            value = None
            if item is not None:
                value = (item.nilai_teks or scale.names.get(item.nilai.normalize())) if scale else _number(item.nilai)
            values = [indikator.sasaran.kode, indikator.kode, indikator.nama, indikator.satuan, quarter, value]
            values += [getattr(item, key) if item else "" for key in TEXT_KEYS]
            sheet.append([_clean(value) if isinstance(value, str) else value for value in values])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text stays text, even "=..."
                if item is not None and not item.dapat_diubah and item.status != Realisasi.Status.DIKEMBALIKAN:
                    cell.fill = LOCKED_FILL
            if scale:
                cells_per_scale[indikator.skala_id].append(f"{value_letter}{sheet.max_row}")
    quarters = DataValidation(
        type="list",
        formula1='"1,2,3,4"',
        allow_blank=False,
        showErrorMessage=True,
        errorTitle=_("Triwulan tidak sah"),
        error=_("Isi 1, 2, 3 atau 4."),
    )
    letter = get_column_letter(list(HEADERS).index("triwulan") + 1)
    quarters.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
    sheet.add_data_validation(quarters)
    for skala_id, cells in cells_per_scale.items():
        codes = ",".join(scales[skala_id].codes)
        if len(codes) > 250:  # Excel's limit for a typed-in list
            continue
        validation = DataValidation(
            type="list",
            formula1=f'"{codes}"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Kode skala tidak dikenal"),
            error=_("Pilih salah satu kode skala: %(kode)s.") % {"kode": codes.replace(",", ", ")},
        )
        for cell in cells:
            validation.add(cell)
        sheet.add_data_validation(validation)
    _add_help(workbook, opd=opd, tahun=tahun, scales=scales, rows=rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _add_help(workbook: Workbook, *, opd: PerangkatDaerah, tahun: int, scales: dict[int, Scale], rows) -> None:
    sheet = workbook.create_sheet(SHEET_HELP)
    for letter, width in (("A", 22), ("B", 8), ("C", 100)):
        sheet.column_dimensions[letter].width = width
    sheet.append([_("Petunjuk pengisian realisasi %(opd)s tahun %(tahun)s") % {"opd": opd.nama, "tahun": tahun}])
    sheet["A1"].font = Font(bold=True, size=13)
    rules = [
        _("Isi satu baris untuk satu indikator dan satu triwulan pada lembar %(lembar)s; jangan mengubah judul kolom.")
        % {"lembar": SHEET_DATA},
        _(
            "Baris dikenali dari Kode Sasaran, Kode Indikator dan Triwulan. Hanya indikator perjanjian kinerja yang "
            "sudah ditetapkan yang dapat diisi."
        ),
        _(
            "Baris yang kolom Realisasi dan kolom lainnya kosong dilewati. Realisasi yang tidak ada dalam berkas "
            "tidak diubah."
        ),
        _("Kolom teks yang dikosongkan menghapus isinya (mis. faktor penghambat)."),
        _(
            "Angka ditulis sebagai angka Excel, atau sebagai teks dengan koma untuk desimal dan titik untuk ribuan, "
            "mis. 1.234,56. Teks seperti 1.5 atau 12,3,4 ditolak."
        ),
        _(
            "Baris berlatar abu-abu sudah diajukan atau terverifikasi: perubahan pada baris itu ditolak; yang sama "
            "dengan data tersimpan dibiarkan."
        ),
        _(
            "Realisasi hanya dapat diubah selama jadwal pengisian triwulan itu terbuka (atau dibuka kembali oleh "
            "evaluator); realisasi yang dikembalikan evaluator selalu dapat diperbaiki."
        ),
        _(
            "Berkas bukti tidak dapat diunggah lewat Excel; unggah pada halaman realisasi, atau isi tautan atau "
            "keterangan bukti di sini."
        ),
        _("Setelah diimpor, realisasi berstatus draf: ajukan untuk verifikasi dari halaman realisasi triwulan."),
        _(
            "Paling banyak %(mb)s MB per berkas. Semua kesalahan ditampilkan per baris dan kolom; tidak ada yang "
            "disimpan sebelum berkas bebas kesalahan dan Anda menekan Simpan."
        )
        % {"mb": MAX_BYTES // (1024 * 1024)},
    ]
    used = sorted({row.indikator.skala_id for row in rows if row.indikator.skala_id in scales})
    if used:
        rules.append(_("Indikator kualitatif diisi dengan kode skala:"))
        names = {row.indikator.skala_id: row.indikator.skala.nama for row in rows if row.indikator.skala_id}
        rules += [f"    {names[skala_id]}: {', '.join(scales[skala_id].codes)}" for skala_id in used]
    for rule in rules:
        sheet.append([rule])
        sheet.cell(row=sheet.max_row, column=1).data_type = "s"
    sheet.append([])
    sheet.append([_("Kolom"), _("Wajib"), _("Isi")])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        sheet.append([column.header, _("Ya") if column.required else "", str(column.help)])
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


# --- Results ---------------------------------------------------------------------------------------


class Status(models.TextChoices):
    # The values of iku_manual.imports.Status, which PlanCounts counts, and one more.
    NEW = "baru", gettext_lazy("baru")
    CHANGED = "diubah", gettext_lazy("diubah")
    SAME = "tetap", gettext_lazy("tetap")
    EMPTY = "kosong", gettext_lazy("kosong")


@dataclass
class RowPlan:
    row: int
    sasaran: str
    kode: str
    nama: str
    triwulan: int
    status: str
    changes: list[str] = field(default_factory=list)  # the headers of the columns that change


@dataclass
class Change:
    row: int
    indikator: Indikator
    triwulan: int
    isian: workflow.IsianRealisasi


@dataclass
class ImportResult(PlanCounts):
    errors: list[CellError] = field(default_factory=list)
    rows: list[RowPlan] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    @property
    def empty(self) -> int:
        return self._count(Status.EMPTY)

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)


# --- Reading ---------------------------------------------------------------------------------------


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def _as_text(value) -> str:
    """A cell as text: trimmed, Unix line ends, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _quarter(value) -> int | None:
    """1–4, also typed as I–IV, "TW II" or "Triwulan 3"; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value) if float(value).is_integer() and 1 <= value <= 4 else None
    text = " ".join(str(value).upper().split())
    for prefix in ("TRIWULAN", "TW"):
        if text.startswith(prefix):
            text = text[len(prefix) :].strip(" .")
            break
    if text in {"1", "2", "3", "4"}:
        return int(text)
    return ROMAN.get(text)


def _column_keys(header: list) -> tuple[dict[str, int], list[CellError]]:
    expected = {column.header.casefold(): column.key for column in COLUMNS}
    found: dict[str, int] = {}
    errors = []
    for index, raw in enumerate(header):
        name = " ".join(str(raw).split()) if raw is not None else ""
        if not name:
            continue
        key = expected.get(name.casefold())
        if key is None:
            errors.append(CellError(_("Kolom %(kolom)s tidak dikenal.") % {"kolom": name}, 1))
        elif key in found:
            errors.append(CellError(_("Kolom %(kolom)s muncul dua kali.") % {"kolom": name}, 1))
        else:
            found[key] = index
    for column in COLUMNS:
        if column.key not in found and column.key not in INFO_KEYS:
            errors.append(CellError(_("Kolom %(kolom)s tidak ada.") % {"kolom": column.header}, 1))
    return found, errors


@dataclass
class _Context:
    """What the check needs from the database, loaded once for the whole file."""

    opd: PerangkatDaerah
    tahun: int
    in_force: dict[tuple[str, str], Indikator]  # (kode sasaran, kode indikator), casefolded
    known: dict[tuple[str, str], Indikator]  # every indicator of the OPD in the year's period
    sasaran_codes: set[str]
    scales: dict[int, Scale]
    stored: dict[tuple[int, int], Realisasi]
    windows: dict[int, workflow.Jendela] = field(default_factory=dict)

    @classmethod
    def load(cls, opd: PerangkatDaerah, tahun: int) -> _Context:
        rows = list(workflow.baris_berlaku(opd=opd, tahun=tahun).values())
        key = lambda indikator: (indikator.sasaran.kode.casefold(), indikator.kode.casefold())  # noqa: E731
        known = {
            key(indikator): indikator
            for indikator in Indikator.objects.filter(
                sasaran__opd=opd, sasaran__periode__tahun_awal__lte=tahun, sasaran__periode__tahun_akhir__gte=tahun
            ).select_related("sasaran")
        }
        in_force = {key(row.indikator): row.indikator for row in rows}
        stored = {
            (item.indikator_id, item.triwulan): item
            for item in Realisasi.objects.filter(tahun=tahun, indikator_id__in=[row.indikator_id for row in rows])
        }
        return cls(
            opd=opd,
            tahun=tahun,
            in_force=in_force,
            known=known,
            sasaran_codes={sasaran for sasaran, _indikator in [*known, *in_force]},
            scales=_scales(opd.pemda_id),
            stored=stored,
        )

    def window(self, triwulan: int) -> workflow.Jendela:
        if triwulan not in self.windows:
            self.windows[triwulan] = workflow.jendela(opd=self.opd, tahun=self.tahun, triwulan=triwulan)
        return self.windows[triwulan]


@dataclass
class _ParsedRow:
    number: int
    indikator: Indikator
    triwulan: int
    values: dict | None  # Realisasi field -> value; None: the row is empty


class _RowReader:
    def __init__(self, number: int, cells: list, columns: dict[str, int], errors: list[CellError]):
        self.number, self.cells, self.columns, self.errors = number, cells, columns, errors
        self.failed = False

    def cell(self, key: str):
        index = self.columns.get(key)
        return self.cells[index] if index is not None and index < len(self.cells) else None

    def error(self, key: str, message: str) -> None:
        self.errors.append(CellError(message, self.number, HEADERS[key]))
        self.failed = True


_URL = URLValidator(schemes=["http", "https"])
_URL_MAX = Realisasi._meta.get_field("bukti_tautan").max_length
# A narrative's limit. openpyxl cuts a cell at 32,767 characters (Excel's own limit) without a word,
# so a longer text must be refused below that, not stored cut.
TEXT_MAX = 10_000


def _parse_row(reader: _RowReader, context: _Context) -> _ParsedRow | None:
    kode_sasaran, kode = _as_text(reader.cell("sasaran")), _as_text(reader.cell("kode"))
    indikator = None
    if not kode_sasaran:
        reader.error("sasaran", _("wajib diisi."))
    if not kode:
        reader.error("kode", _("wajib diisi."))
    if kode_sasaran and kode:
        key = (kode_sasaran.casefold(), kode.casefold())
        indikator = context.in_force.get(key)
        if indikator is None and key in context.known:
            reader.error(
                "kode",
                _("Indikator %(kode)s tidak ada dalam perjanjian kinerja %(tahun)s yang sudah ditetapkan.")
                % {"kode": kode, "tahun": context.tahun},
            )
        elif indikator is None and key[0] not in context.sasaran_codes:
            reader.error(
                "sasaran",
                _("Sasaran %(kode)r tidak ada di %(opd)s.") % {"kode": kode_sasaran, "opd": context.opd.singkatan},
            )
        elif indikator is None:
            reader.error(
                "kode",
                _("Indikator %(kode)r tidak ada pada sasaran %(sasaran)s.") % {"kode": kode, "sasaran": kode_sasaran},
            )
    raw_quarter = reader.cell("triwulan")
    triwulan = None if _is_blank(raw_quarter) else _quarter(raw_quarter)
    if _is_blank(raw_quarter):
        reader.error("triwulan", _("wajib diisi."))
    elif triwulan is None:
        reader.error("triwulan", _("%(nilai)r bukan triwulan; isi 1, 2, 3 atau 4.") % {"nilai": _as_text(raw_quarter)})

    raw_value = reader.cell("nilai")
    texts = {key: _as_text(reader.cell(key)) for key in TEXT_KEYS}
    if _is_blank(raw_value) and not any(texts.values()):
        return None if reader.failed else _ParsedRow(reader.number, indikator, triwulan, None)
    values = {"nilai": None, "nilai_teks": "", **texts}
    for key, text in texts.items():
        if key != "bukti_tautan" and len(text) > TEXT_MAX:
            reader.error(
                key, _("teks terlalu panjang; paling banyak %(batas)s karakter.") % {"batas": format_decimal(TEXT_MAX)}
            )
    if _is_blank(raw_value):
        reader.error("nilai", _("wajib diisi bila kolom lain pada baris ini diisi."))
    elif indikator is not None and indikator.skala_id:
        scale = context.scales.get(indikator.skala_id)
        try:
            values["nilai"] = parse_scale_value(_as_text(raw_value), scale)
            values["nilai_teks"] = scale.names[values["nilai"].normalize()]
        except TargetFormatError as error:
            reader.error("nilai", str(error))
    else:
        try:
            number = fit(parse_decimal(raw_value))
        except (NumberFormatError, TargetFormatError) as error:
            reader.error("nilai", str(error))
        else:
            values["nilai"] = number
    tautan = texts["bukti_tautan"]
    if tautan:
        try:
            _URL(tautan)
            if len(tautan) > _URL_MAX:
                raise ValidationError("")
        except ValidationError:
            reader.error(
                "bukti_tautan",
                _(
                    "%(nilai)r bukan alamat web yang sah; tulis lengkap dengan https://, "
                    "paling banyak %(batas)s karakter."
                )
                % {"nilai": tautan[:80], "batas": _URL_MAX},
            )
    if reader.failed:
        return None
    return _ParsedRow(reader.number, indikator, triwulan, values)


def read_workbook(source, *, opd: PerangkatDaerah, tahun: int) -> ImportResult:
    """Check a workbook (``Cells``, a path or an open binary file) against the OPD's agreements in
    force and its stored realisations. Writes nothing; the result holds every error, or the plan."""
    cells = source if isinstance(source, Cells) else read_cells(source)
    result = ImportResult()
    if problem := unusable(cells, SHEET_DATA):
        result.errors.append(problem)
        return result
    columns, result.errors = _column_keys(cells.rows[0][1])
    if result.errors:
        return result
    read_columns = {index: HEADERS[key] for key, index in columns.items() if key not in INFO_KEYS}
    for number, index, kind, detail in cells.problems:
        if number > 1 and index in read_columns:
            if kind == FORMULA_WITHOUT_VALUE:
                message = _("sel berisi rumus tanpa nilai.")
            else:
                message = _("sel berisi galat Excel %(galat)s.") % {"galat": detail}
            result.errors.append(CellError(message, number, read_columns[index]))

    context = _Context.load(opd, tahun)
    first_row: dict[tuple[int, int], int] = {}
    parsed: list[_ParsedRow] = []
    for number, values in cells.rows[1:]:
        reader = _RowReader(number, values, columns, result.errors)
        row = _parse_row(reader, context)
        if row is None:
            continue
        key = (row.indikator.pk, row.triwulan)
        if key in first_row:
            reader.error(
                "triwulan",
                _("Indikator %(kode)s triwulan %(tw)s sudah ada pada baris %(baris)s.")
                % {"kode": row.indikator.kode, "tw": row.triwulan, "baris": first_row[key]},
            )
            continue
        first_row[key] = number
        parsed.append(row)
    for row in parsed:
        _plan(result, row, context)
    result.errors.sort(key=lambda error: error.row or 0)  # stable: columns stay in sheet order
    if result.errors:
        result.changes = []
    return result


def _differs(stored: Realisasi, key: str, wanted) -> bool:
    have = getattr(stored, key)
    if key == "nilai":
        return have != wanted
    return _as_text(have) != wanted


def _plan(result: ImportResult, row: _ParsedRow, context: _Context) -> None:
    indikator = row.indikator
    plan = RowPlan(row.number, indikator.sasaran.kode, indikator.kode, indikator.nama, row.triwulan, Status.SAME)
    result.rows.append(plan)
    if row.values is None:
        plan.status = Status.EMPTY
        return
    stored = context.stored.get((indikator.pk, row.triwulan))
    if stored is None:
        plan.status = Status.NEW
        changed = [key for key in FIELD_KEYS if key == "nilai" or row.values[key]]
    else:
        changed = [key for key in FIELD_KEYS if _differs(stored, key, row.values[key])]
        if not changed:
            return
        plan.status = Status.CHANGED
    plan.changes = list(dict.fromkeys(HEADERS["nilai" if key == "nilai_teks" else key] for key in changed))
    first = HEADERS["nilai" if changed[0] == "nilai_teks" else changed[0]]

    def refuse(message: str, header: str = first) -> None:
        result.errors.append(CellError(message, row.number, header))

    # The rules of realisasi.realisasi_simpan, checked for the whole file before anything is written.
    if stored is not None and stored.status == Realisasi.Status.TERVERIFIKASI:
        refuse(_("Realisasi yang sudah terverifikasi tidak dapat diubah; minta evaluator membatalkan verifikasinya."))
        return
    if stored is not None and stored.status == Realisasi.Status.DIAJUKAN:
        refuse(_("Realisasi sedang diverifikasi; tunggu diverifikasi atau dikembalikan."))
        return
    if stored is None or stored.status != Realisasi.Status.DIKEMBALIKAN:
        window = context.window(row.triwulan)
        if not window.terbuka:
            refuse(window.pesan, HEADERS["triwulan"])
            return
    result.changes.append(Change(row.number, indikator, row.triwulan, workflow.IsianRealisasi(**row.values)))


# --- Writing ---------------------------------------------------------------------------------------


@transaction.atomic
def apply_workbook(*, source, opd: PerangkatDaerah, tahun: int, user: User) -> ImportResult:
    """Check the workbook again, against the realisations as they are now, and write every change
    through ``realisasi_simpan``. Any error, found by the check or by the service: nothing is written."""
    # One import of an OPD at a time: a second one waits here, then plans against the first one's rows.
    list(PerangkatDaerah.objects.select_for_update().filter(pk=opd.pk).values_list("pk", flat=True))
    result = read_workbook(source, opd=opd, tahun=tahun)
    if result.errors:
        return result
    for change in result.changes:
        try:
            workflow.realisasi_simpan(
                opd=opd,
                indikator=change.indikator,
                tahun=tahun,
                triwulan=change.triwulan,
                isian=change.isian,
                user=user,
            )
        except ValidationError as error:
            result.errors += [CellError(message, change.row, HEADERS["nilai"]) for message in error.messages]
    if result.errors:
        transaction.set_rollback(True)
    return result
