"""Importing an LKE template from Excel, in the layout ``evaluasi/exports.py`` writes, as a NEW template
of a pemda (a template is never changed by an import).

``read_workbook`` writes nothing: it checks every sheet, row and cell, then the weights (the rules of
``TemplateLKE.periksa_bobot``), and returns every error as "Lembar X, baris N, kolom Y: ...", or, for a
file without errors, the plan of what would be created. ``apply_workbook`` checks the file again
inside one transaction and writes the plan only when there is no error.

Answer scales are shared rows: a scale of the file is the existing one with the same kode when its
name and options are identical (or an earlier import's copy, "AE-2"), otherwise a new scale under a
suffixed kode. An existing scale is never modified.

The upload itself (size and zip checks, storage between preview and confirm) is the IKU import's.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from evaluasi import exports, scoring
from evaluasi.models import (
    Komponen,
    Kriteria,
    OpsiJawaban,
    PredikatLKE,
    Saran,
    SkalaJawaban,
    SubKomponen,
    TemplateLKE,
)
from iku_manual import imports as uploads
from sakip.models import Pemda, User
from sakip.numbers import NumberFormatError, format_decimal, parse_decimal

logger = logging.getLogger(__name__)

SHEETS = (
    exports.SHEET_TEMPLATE,
    exports.SHEET_KOMPONEN,
    exports.SHEET_KRITERIA,
    exports.SHEET_SKALA,
    exports.SHEET_PREDIKAT,
)
TABLES = {
    exports.SHEET_KOMPONEN: exports.KOMPONEN_COLUMNS,
    exports.SHEET_KRITERIA: exports.KRITERIA_COLUMNS,
    exports.SHEET_SKALA: exports.SKALA_COLUMNS,
    exports.SHEET_PREDIKAT: exports.PREDIKAT_COLUMNS,
}
# Columns a file may leave out: descriptions, and the Saran columns older exports did not have.
OPTIONAL = {
    exports.SHEET_KRITERIA: {"Bergantung pada", "Penjelasan", "Saran", "Saran jenis", "Saran ambang"},
    exports.SHEET_SKALA: {"Penjelasan"},
    exports.SHEET_PREDIKAT: {"Interpretasi"},
}
_AMBANG_PART = re.compile(r"^(?P<kode>[^=<>≥\s]+)\s*(?:(?:>=|≥|=)\s*(?P<angka>.+))?$")
_ASAL = re.compile(r"^(?P<nama>.+) \(versi (?P<versi>\d+)\)$")
SKALA_KODE_MAX = SkalaJawaban._meta.get_field("kode").max_length


# --- Reading the workbook ------------------------------------------------------------------------


def read_sheets(source) -> dict[str, uploads.Cells] | None:
    """The cells of the five sheets (missing ones left out) of a workbook, a path or an open binary
    file; None when it cannot be opened. A formula gives the value Excel saved with it."""
    try:
        workbook = load_workbook(source, read_only=True, data_only=False)
    except Exception:  # checked on upload, so only a file damaged on disk since then lands here
        logger.warning("LKE template import: a stored upload cannot be opened", exc_info=True)
        return None
    sheets: dict[str, uploads.Cells] = {}
    formulas: dict[str, dict[int, list[tuple[int, int]]]] = {}
    wanted = {name.casefold(): name for name in SHEETS}
    try:
        for worksheet in workbook.worksheets:
            name = wanted.get(worksheet.title.strip().casefold())
            if name is not None and name not in sheets:
                sheets[name], found = uploads.read_worksheet(worksheet, keep_first=False)
                if found:
                    formulas[name] = found
    finally:
        workbook.close()
    if formulas:
        if hasattr(source, "seek"):
            source.seek(0)
        workbook = load_workbook(source, read_only=True, data_only=True)
        try:
            for worksheet in workbook.worksheets:
                name = wanted.get(worksheet.title.strip().casefold())
                if name in formulas:
                    uploads.fill_formula_values(worksheet, sheets[name], formulas.pop(name))
        finally:
            workbook.close()
    return sheets


def _cache_name(token: str) -> str:
    # The name discard_upload removes with the upload.
    return f"{uploads.UPLOAD_DIR}/{token}.json"


def sheets_for_upload(token: str) -> dict[str, uploads.Cells] | None:
    """The cells of a stored upload: parsed on the first call (preview), then read back from a JSON
    copy beside it (confirm), so the workbook is parsed once."""
    copy = _cache_name(token)
    if default_storage.exists(copy):
        with default_storage.open(copy, "rb") as handle:
            data = json.loads(handle.read())
        return None if data is None else {name: uploads.Cells(**cells) for name, cells in data.items()}
    with default_storage.open(f"{uploads.UPLOAD_DIR}/{token}.xlsx", "rb") as source:
        sheets = read_sheets(source)
    payload = None if sheets is None else {name: asdict(cells) for name, cells in sheets.items()}
    default_storage.save(copy, ContentFile(json.dumps(payload).encode()))
    return sheets


# --- Results -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetError:
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        parts = {"lembar": self.sheet, "baris": self.row, "kolom": self.column, "pesan": self.message}
        if self.sheet and self.row and self.column:
            return _("Lembar %(lembar)s, baris %(baris)s, kolom %(kolom)s: %(pesan)s") % parts
        if self.sheet and self.row:
            return _("Lembar %(lembar)s, baris %(baris)s: %(pesan)s") % parts
        if self.sheet and self.column:
            return _("Lembar %(lembar)s, kolom %(kolom)s: %(pesan)s") % parts
        if self.sheet:
            return _("Lembar %(lembar)s: %(pesan)s") % parts
        return self.message


@dataclass
class SkalaPlan:
    kode: str  # as written in the file
    nama: str
    opsi: list[tuple[str, Decimal, str]]
    row: int
    existing: SkalaJawaban | None = None  # reused as it is
    kode_baru: str = ""  # created under this kode

    @property
    def maksimum(self) -> Decimal:
        return max(nilai for _kode, nilai, _penjelasan in self.opsi)

    @property
    def kode_tersimpan(self) -> str:
        return self.existing.kode if self.existing else self.kode_baru


@dataclass
class KriteriaPlan:
    row: int
    kode: str
    teks: str
    skala: str
    bobot: Decimal
    syarat: str
    penjelasan: str
    saran: str
    saran_jenis: str
    saran_ambang: list


@dataclass
class SubPlan:
    row: int
    kode: str
    nama: str
    bobot: Decimal
    dimensi: str
    cara_hitung: str
    kriteria: list[KriteriaPlan] = field(default_factory=list)


@dataclass
class KomponenPlan:
    row: int
    kode: str
    nama: str
    bobot: Decimal
    sub: list[SubPlan] = field(default_factory=list)


@dataclass
class PredikatPlan:
    kode: str
    batas_bawah: Decimal | None
    kata: str
    interpretasi: str


@dataclass
class Rencana:
    """What an import would create, or why it cannot."""

    errors: list[SheetError] = field(default_factory=list)
    nama: str = ""
    regulasi: str = TemplateLKE.Regulasi.LAINNYA
    versi: int = 1
    tahun_berlaku: int | None = None
    keterangan: str = ""
    asal: TemplateLKE | None = None
    komponen: list[KomponenPlan] = field(default_factory=list)
    skala: dict[str, SkalaPlan] = field(default_factory=dict)  # only the scales the criteria use
    skala_db: dict[str, SkalaJawaban] = field(default_factory=dict)  # used, not in the file
    predikat: list[PredikatPlan] = field(default_factory=list)
    template: TemplateLKE | None = None  # once applied

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def jumlah_sub(self) -> int:
        return sum(len(komp.sub) for komp in self.komponen)

    @property
    def jumlah_kriteria(self) -> int:
        return sum(len(sub.kriteria) for komp in self.komponen for sub in komp.sub)

    @property
    def regulasi_label(self) -> str:
        return TemplateLKE.Regulasi(self.regulasi).label

    @property
    def skala_baru(self) -> list[SkalaPlan]:
        return [plan for plan in self.skala.values() if plan.existing is None]

    @property
    def skala_dipakai(self) -> list[str]:
        """The kodes of the existing scales the template will use."""
        kode = {plan.existing.kode for plan in self.skala.values() if plan.existing}
        return sorted(kode | set(self.skala_db))


# --- Cells ---------------------------------------------------------------------------------------


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _header(value) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _choices(pairs) -> dict[str, str]:
    lookup = {}
    for value, label in pairs:
        lookup[str(label).casefold()] = value
        lookup[str(value).casefold()] = value
    return lookup


def _json_number(number: Decimal) -> str:
    """A threshold as the JSON field stores it: "110.01", "90"."""
    return format(number.normalize(), "f")


class _Row:
    """One row of a table sheet: read its cells by header, recording each error once."""

    def __init__(self, sheet: str, number: int, values: list, columns: dict, bad: set, errors: list):
        self.sheet, self.number, self.values, self.columns = sheet, number, values, columns
        self.bad, self.errors, self.failed = bad, errors, False

    def has(self, column: str) -> bool:
        return column in self.columns

    def raw(self, column: str):
        index = self.columns.get(column)
        if index is None or index >= len(self.values):
            return None
        return self.values[index]

    def _broken(self, column: str) -> bool:
        # A formula without value or an Excel error, already reported.
        return (self.number, self.columns.get(column)) in self.bad

    def error(self, column: str | None, message: str) -> None:
        self.failed = True
        self.errors.append(SheetError(message, self.sheet, self.number, column))

    def text(self, column: str, *, required: bool = False, max_length: int | None = None) -> str:
        value = _as_text(self.raw(column))
        if self._broken(column):
            self.failed = True
        elif required and not value:
            self.error(column, _("wajib diisi."))
        elif max_length and len(value) > max_length:
            self.error(column, _("paling banyak %(n)s karakter.") % {"n": max_length})
        return value

    def decimal(self, column: str, *, places: int, digits: int, required: bool = True) -> Decimal | None:
        if self._broken(column):
            self.failed = True
            return None
        try:
            value = parse_decimal(self.raw(column))
        except NumberFormatError as exc:
            self.error(column, str(exc))
            return None
        if value is None:
            if required:
                self.error(column, _("wajib diisi."))
            return None
        return _checked_number(value, places=places, digits=digits, report=lambda m: self.error(column, m))

    def choice(self, column: str, lookup: dict[str, str], *, required: bool = True) -> str:
        value = self.text(column, required=required)
        if not value:
            return ""
        if value.casefold() in lookup:
            return lookup[value.casefold()]
        known = sorted({v for v in lookup.values() if v})
        self.error(
            column, _("%(nilai)s tidak dikenal; gunakan %(pilihan)s.") % {"nilai": value, "pilihan": ", ".join(known)}
        )
        return ""


def _checked_number(value: Decimal, *, places: int, digits: int, report) -> Decimal | None:
    """The number when it fits a DecimalField(max_digits=digits, decimal_places=places) and is not
    negative; else None, reported."""
    if value < 0:
        report(_("tidak boleh negatif."))
        return None
    if value != value.quantize(Decimal(1).scaleb(-places)):
        report(_("paling banyak %(n)s angka di belakang koma.") % {"n": places})
        return None
    if value >= Decimal(10) ** (digits - places):
        report(
            _("paling besar %(n)s.")
            % {"n": format_decimal(Decimal(10) ** (digits - places) - Decimal(1).scaleb(-places))}
        )
        return None
    return value


class _Table:
    """A table sheet: its header checked, then its data rows."""

    def __init__(self, name: str, cells: uploads.Cells, errors: list[SheetError]):
        self.name, self.cells, self.errors = name, cells, errors
        self.columns: dict[str, int] = {}
        expected = {header.casefold(): header for header, _width in TABLES[name]}
        number, header = cells.rows[0]
        for index, raw in enumerate(header):
            text = _header(raw)
            if not text:
                continue
            known = expected.get(text.casefold())
            if known is None:
                errors.append(SheetError(_("kolom %(kolom)s tidak dikenal.") % {"kolom": text}, name, number))
            elif known in self.columns:
                errors.append(SheetError(_("kolom %(kolom)s muncul dua kali.") % {"kolom": text}, name, number))
            else:
                self.columns[known] = index
        for header, _width in TABLES[name]:
            if header not in self.columns and header not in OPTIONAL.get(name, ()):
                errors.append(SheetError(_("kolom %(kolom)s tidak ada.") % {"kolom": header}, name, number))
        names = {index: header for header, index in self.columns.items()}
        self.bad = set()
        for row, index, kind, detail in cells.problems:
            if row > number and index in names:
                if kind == uploads.FORMULA_WITHOUT_VALUE:
                    message = _("sel berisi rumus tanpa nilai.")
                else:
                    message = _("sel berisi galat Excel %(galat)s.") % {"galat": detail}
                errors.append(SheetError(message, name, row, names[index]))
                self.bad.add((row, index))

    def rows(self):
        for number, values in self.cells.rows[1:]:
            yield _Row(self.name, number, values, self.columns, self.bad, self.errors)


# --- Checking ------------------------------------------------------------------------------------


def read_workbook(source, *, pemda: Pemda) -> Rencana:
    """Check a workbook (the sheets from ``read_sheets``, a path or an open binary file) as a new
    template of ``pemda``. Writes nothing."""
    sheets = source if isinstance(source, dict) or source is None else read_sheets(source)
    plan = Rencana()
    errors = plan.errors
    if sheets is None:
        errors.append(SheetError(_("Berkas tidak dapat dibaca sebagai berkas Excel .xlsx.")))
        return plan
    for name in SHEETS:
        if name not in sheets:
            errors.append(SheetError(_("Lembar %(lembar)s tidak ada.") % {"lembar": name}))
        elif problem := uploads.unusable(sheets[name], name):
            errors.append(SheetError(problem.message))
    if errors:
        return plan
    tables = {name: _Table(name, sheets[name], errors) for name in TABLES}
    if errors:  # without the right columns no row can be read
        return plan

    _read_identity(plan, sheets[exports.SHEET_TEMPLATE])
    skala_file = _read_skala(tables[exports.SHEET_SKALA], errors)
    komponen = _read_komponen(tables[exports.SHEET_KOMPONEN], errors)
    _read_kriteria(plan, tables[exports.SHEET_KRITERIA], komponen, skala_file, errors)
    _read_predikat(plan, tables[exports.SHEET_PREDIKAT], errors)
    if not errors:
        _check_weights(plan)
    if not errors:
        _resolve_scales(plan)
        plan.versi = _next_versi(pemda, plan.nama)
        plan.asal = _asal(sheets[exports.SHEET_TEMPLATE], pemda)
    order = {name: position for position, name in enumerate(SHEETS)}
    errors.sort(key=lambda e: (order.get(e.sheet, -1), e.row or 0))  # stable: columns stay in order
    return plan


def _identity_values(cells: uploads.Cells) -> dict[str, tuple[int, object]]:
    values = {}
    for number, row in cells.rows:
        label = _header(row[0] if row else None).casefold()
        if label and label not in values:
            values[label] = (number, row[1] if len(row) > 1 else None)
    return values


def _read_identity(plan: Rencana, cells: uploads.Cells) -> None:
    sheet = exports.SHEET_TEMPLATE
    values = _identity_values(cells)

    def cell(label: str) -> tuple[int | None, object]:
        return values.get(label.casefold(), (None, None))

    def error(label: str, message: str) -> None:
        number = cell(label)[0]
        if number is None:
            plan.errors.append(SheetError(_("baris %(label)s tidak ada.") % {"label": label}, sheet))
        else:
            plan.errors.append(SheetError(message, sheet, number, "B"))

    plan.nama = _as_text(cell("Nama")[1])
    if not plan.nama:
        error("Nama", _("nama template wajib diisi."))
    elif len(plan.nama) > TemplateLKE._meta.get_field("nama").max_length:
        error("Nama", _("paling banyak %(n)s karakter.") % {"n": TemplateLKE._meta.get_field("nama").max_length})

    regulasi = _as_text(cell("Regulasi")[1])
    if regulasi:
        lookup = _choices(zip(TemplateLKE.Regulasi.values, TemplateLKE.Regulasi.labels, strict=True))
        if regulasi.casefold() in lookup:
            plan.regulasi = lookup[regulasi.casefold()]
        else:
            choices = ", ".join(TemplateLKE.Regulasi.values)
            error(
                "Regulasi", _("%(nilai)s tidak dikenal; gunakan %(pilihan)s.") % {"nilai": regulasi, "pilihan": choices}
            )

    tahun = cell("Berlaku mulai tahun")[1]
    try:
        number = parse_decimal(tahun)
    except NumberFormatError:
        number = Decimal(-1)
    if number is None:
        error("Berlaku mulai tahun", _("tahun berlaku wajib diisi."))
    elif number != number.to_integral() or not 2000 <= number <= 2100:
        error("Berlaku mulai tahun", _("isi tahun antara 2000 dan 2100, mis. 2026."))
    else:
        plan.tahun_berlaku = int(number)
    plan.keterangan = _as_text(cell("Keterangan")[1])


def _read_skala(table: _Table, errors: list[SheetError]) -> dict[str, SkalaPlan]:
    scales: dict[str, SkalaPlan] = {}
    first: dict[tuple[str, str], int] = {}
    opsi_field = OpsiJawaban._meta.get_field("kode")
    for row in table.rows():
        kode = row.text("Skala", required=True, max_length=SKALA_KODE_MAX)
        nama = row.text("Nama skala", required=True, max_length=SkalaJawaban._meta.get_field("nama").max_length)
        jawaban = row.text("Jawaban", required=True, max_length=opsi_field.max_length)
        nilai = row.decimal("Nilai", places=4, digits=6)
        penjelasan = row.text("Penjelasan")
        if row.failed:
            continue
        plan = scales.setdefault(kode, SkalaPlan(kode, nama, [], row.number))
        if nama != plan.nama:
            row.error(
                "Nama skala",
                _("skala %(kode)s sudah bernama %(nama)s pada baris %(baris)s.")
                % {"kode": kode, "nama": plan.nama, "baris": plan.row},
            )
            continue
        if (kode, jawaban) in first:
            row.error(
                "Jawaban",
                _("jawaban %(jawaban)s sudah ada pada skala %(kode)s (baris %(baris)s).")
                % {"jawaban": jawaban, "kode": kode, "baris": first[(kode, jawaban)]},
            )
            continue
        first[(kode, jawaban)] = row.number
        plan.opsi.append((jawaban, nilai, penjelasan))
    return scales


def _read_komponen(table: _Table, errors: list[SheetError]) -> dict[str, KomponenPlan]:
    komponen: dict[str, KomponenPlan] = {}
    seen: dict[str, int] = {}
    for row in table.rows():
        kode = row.text("Kode", required=True, max_length=Komponen._meta.get_field("kode").max_length)
        nama = row.text("Nama", required=True, max_length=Komponen._meta.get_field("nama").max_length)
        bobot = row.decimal("Bobot", places=2, digits=6)
        if kode and kode in seen:
            row.error(
                "Kode", _("kode %(kode)s sudah dipakai pada baris %(baris)s.") % {"kode": kode, "baris": seen[kode]}
            )
        if kode:
            seen.setdefault(kode, row.number)
        if not row.failed:
            komponen[kode] = KomponenPlan(row.number, kode, nama, bobot)
    if not table.cells.rows[1:]:
        errors.append(SheetError(_("belum ada komponen."), table.name))
    return komponen


def _read_kriteria(
    plan: Rencana, table: _Table, komponen: dict[str, KomponenPlan], skala_file: dict[str, SkalaPlan], errors
) -> None:
    dimensi = _choices(zip(SubKomponen.Dimensi.values, SubKomponen.Dimensi.labels, strict=True))
    cara = _choices(zip(SubKomponen.CaraHitung.values, SubKomponen.CaraHitung.labels, strict=True))
    saran = _choices(zip(Saran.values, Saran.labels, strict=True))
    jenis = _choices(Kriteria._meta.get_field("saran_jenis").choices)
    stored = {s.kode: s for s in SkalaJawaban.objects.filter(kode__in=_used_scales(table)).prefetch_related("opsi")}
    subs: dict[tuple[str, str], SubPlan] = {}
    nomor: dict[str, tuple[int, KriteriaPlan]] = {}
    written: set[str] = set()  # every nomor of the sheet, rows with errors too: no error cascades

    for row in table.rows():
        komp_kode = row.text("Komponen", required=True)
        sub_kode = row.text(
            "Sub-komponen kode", required=True, max_length=SubKomponen._meta.get_field("kode").max_length
        )
        sub_nama = row.text(
            "Sub-komponen nama", required=True, max_length=SubKomponen._meta.get_field("nama").max_length
        )
        sub_bobot = row.decimal("Bobot sub", places=2, digits=6)
        sub_dimensi = row.choice("Dimensi", dimensi)
        sub_cara = row.choice("Cara hitung", cara)
        kode = row.text("Nomor", required=True, max_length=Kriteria._meta.get_field("kode").max_length)
        teks = row.text("Kriteria", required=True)
        skala = row.text("Skala", required=True)
        bobot = row.decimal("Bobot poin", places=2, digits=6, required=False)
        syarat = row.text("Bergantung pada")
        penjelasan = row.text("Penjelasan")
        saran_kode = row.choice("Saran", saran, required=False)
        saran_jenis = row.choice("Saran jenis", jenis, required=False)
        ambang_raw = row.text("Saran ambang")

        komp = komponen.get(komp_kode)
        if komp_kode and komp is None:
            row.error(
                "Komponen",
                _("komponen %(kode)s tidak ada pada lembar Komponen (atau barisnya salah).") % {"kode": komp_kode},
            )
        opsi = None
        if skala in skala_file:
            opsi = [o[0] for o in skala_file[skala].opsi]
        elif skala in stored:
            opsi = [o.kode for o in stored[skala].opsi.all()]
            plan.skala_db[skala] = stored[skala]
        elif skala:
            row.error("Skala", _("skala %(kode)s tidak ada pada lembar Skala maupun di aplikasi.") % {"kode": skala})
        if kode in nomor:
            row.error(
                "Nomor",
                _("nomor %(kode)s sudah dipakai pada baris %(baris)s.") % {"kode": kode, "baris": nomor[kode][0]},
            )
        if syarat and syarat == kode:
            row.error("Bergantung pada", _("kriteria tidak dapat bergantung pada dirinya sendiri."))
        if kode:
            written.add(kode)
        ambang = _ambang(row, ambang_raw, opsi)
        if saran_kode and not ambang_raw:
            row.error("Saran ambang", _("isi ambang saran untuk kriteria yang disarankan dari data."))
        if row.failed or komp is None:
            continue

        key = (komp_kode, sub_kode)
        sub = subs.get(key)
        if sub is None:
            sub = subs[key] = SubPlan(row.number, sub_kode, sub_nama, sub_bobot, sub_dimensi, sub_cara)
            komp.sub.append(sub)
        else:
            for column, mine, theirs in (
                ("Sub-komponen nama", sub_nama, sub.nama),
                ("Bobot sub", sub_bobot, sub.bobot),
                ("Dimensi", sub_dimensi, sub.dimensi),
                ("Cara hitung", sub_cara, sub.cara_hitung),
            ):
                if mine != theirs:
                    row.error(
                        column,
                        _("sub-komponen %(kode)s ditulis berbeda pada baris %(baris)s; samakan setiap barisnya.")
                        % {"kode": sub_kode, "baris": sub.row},
                    )
            if row.failed:
                continue
        kriteria = KriteriaPlan(
            row.number,
            kode,
            teks,
            skala,
            Decimal(1) if bobot is None else bobot,
            syarat,
            penjelasan,
            saran_kode,
            saran_jenis,
            ambang,
        )
        sub.kriteria.append(kriteria)
        nomor[kode] = (row.number, kriteria)

    for komp in komponen.values():
        for sub in komp.sub:
            for kriteria in sub.kriteria:
                if kriteria.syarat and kriteria.syarat not in written:
                    errors.append(
                        SheetError(
                            _("kriteria nomor %(kode)s tidak ada dalam berkas.") % {"kode": kriteria.syarat},
                            table.name,
                            kriteria.row,
                            "Bergantung pada",
                        )
                    )
    if not table.cells.rows[1:]:
        errors.append(SheetError(_("belum ada kriteria."), table.name))
    plan.komponen = list(komponen.values())
    used = {k.skala for komp in plan.komponen for sub in komp.sub for k in sub.kriteria}
    plan.skala = {kode: skala_file[kode] for kode in sorted(used) if kode in skala_file}


def _used_scales(table: _Table) -> set[str]:
    index = table.columns["Skala"]
    return {_as_text(values[index]) for _number, values in table.cells.rows[1:] if index < len(values)}


def _ambang(row: _Row, raw: str, opsi: list[str] | None) -> list:
    """``A>=110,01; B>=90; E`` as [["A", "110.01"], ["B", "90"], ["E", None]]."""
    if not raw:
        return []
    ambang = []
    for part in raw.split(";"):
        match = _AMBANG_PART.match(part.strip())
        minimal = None
        if match and match["angka"] is not None:
            try:
                minimal = parse_decimal(match["angka"])
            except NumberFormatError:
                match = None
        if not match or (match["angka"] is not None and minimal is None):
            row.error(
                "Saran ambang",
                _(
                    "tulis pasangan jawaban>=angka dipisah titik koma, jawaban terakhir tanpa angka, "
                    "mis. A>=110,01; B>=90; E."
                ),
            )
            return []
        if opsi is not None and match["kode"] not in opsi:
            row.error(
                "Saran ambang",
                _("jawaban %(jawaban)s bukan pilihan skala kriteria ini.") % {"jawaban": match["kode"]},
            )
            return []
        ambang.append([match["kode"], None if minimal is None else _json_number(minimal)])
    return ambang


def _read_predikat(plan: Rencana, table: _Table, errors: list[SheetError]) -> None:
    seen: dict[str, int] = {}
    bounds: dict[Decimal | None, int] = {}
    for row in table.rows():
        kode = row.text("Kode", required=True, max_length=PredikatLKE._meta.get_field("kode").max_length)
        batas = row.decimal("Nilai lebih dari", places=2, digits=6, required=False)
        kata = row.text("Sebutan", required=True, max_length=PredikatLKE._meta.get_field("kata").max_length)
        interpretasi = row.text("Interpretasi")
        if kode in seen:
            row.error(
                "Kode", _("predikat %(kode)s sudah ada pada baris %(baris)s.") % {"kode": kode, "baris": seen[kode]}
            )
        if not row.failed and batas in bounds:
            if batas is None:
                message = _("hanya satu predikat (yang terendah) boleh tanpa batas; lihat baris %(baris)s.")
            else:
                message = _("batas ini sudah dipakai predikat pada baris %(baris)s.")
            row.error("Nilai lebih dari", message % {"baris": bounds[batas]})
        if row.failed:
            continue
        seen[kode] = bounds[batas] = row.number
        plan.predikat.append(PredikatPlan(kode, batas, kata, interpretasi))
    if not table.cells.rows[1:]:
        errors.append(SheetError(_("belum ada predikat."), table.name))


def _check_weights(plan: Rencana) -> None:
    """``TemplateLKE.periksa_bobot`` on the file, each problem at the row that holds the weight."""
    errors = plan.errors
    total = sum((k.bobot for k in plan.komponen), Decimal(0))
    if total != 100:
        errors.append(
            SheetError(
                _("Bobot komponen berjumlah %(n)s, seharusnya 100.") % {"n": format_decimal(total)},
                exports.SHEET_KOMPONEN,
                column="Bobot",
            )
        )
    maksimum = {kode: scale.maksimum for kode, scale in plan.skala.items()}
    maksimum |= {kode: max((o.nilai for o in s.opsi.all()), default=Decimal(0)) for kode, s in plan.skala_db.items()}
    for komp in plan.komponen:
        jumlah = sum((s.bobot for s in komp.sub), Decimal(0))
        if jumlah != komp.bobot:
            errors.append(
                SheetError(
                    _("Komponen %(kode)s: bobot sub-komponen berjumlah %(n)s, seharusnya %(bobot)s.")
                    % {"kode": komp.kode, "n": format_decimal(jumlah), "bobot": format_decimal(komp.bobot)},
                    exports.SHEET_KOMPONEN,
                    komp.row,
                    "Bobot",
                )
            )
        for sub in komp.sub:
            if sub.cara_hitung == scoring.CaraHitung.RATA_RATA:
                for k in sub.kriteria:  # an average of answers times the weight needs answers of 0 to 1
                    if maksimum[k.skala] != 1:
                        errors.append(
                            SheetError(
                                _(
                                    "Kriteria %(nomor)s: skala %(skala)s bernilai tertinggi %(n)s; sub-komponen "
                                    "rata-rata memerlukan skala bernilai 0 sampai 1."
                                )
                                % {"nomor": k.kode, "skala": k.skala, "n": format_decimal(maksimum[k.skala])},
                                exports.SHEET_KRITERIA,
                                k.row,
                                "Skala",
                            )
                        )
            if sub.cara_hitung == scoring.CaraHitung.JUMLAH:
                poin = sum((maksimum[k.skala] * k.bobot for k in sub.kriteria), Decimal(0))
                if poin != sub.bobot:
                    errors.append(
                        SheetError(
                            _("Sub-komponen %(kode)s: nilai maksimum kriteria berjumlah %(n)s, seharusnya %(bobot)s.")
                            % {"kode": sub.kode, "n": format_decimal(poin), "bobot": format_decimal(sub.bobot)},
                            exports.SHEET_KRITERIA,
                            sub.row,
                            "Bobot sub",
                        )
                    )


def _signature(nama: str, opsi) -> tuple:
    return (nama, tuple((kode, nilai, penjelasan) for kode, nilai, penjelasan in opsi))


def _resolve_scales(plan: Rencana) -> None:
    """Each scale of the file: an identical stored one (same kode, or an earlier import's suffixed
    copy), or a new kode that no scale has."""
    if not plan.skala:
        return
    query = Q()
    for kode in plan.skala:
        query |= Q(kode=kode) | Q(kode__startswith=f"{_base(kode)}-")
    stored = list(SkalaJawaban.objects.filter(query).prefetch_related("opsi"))
    taken = set(SkalaJawaban.objects.values_list("kode", flat=True))
    for kode, scale in plan.skala.items():
        wanted = _signature(scale.nama, scale.opsi)
        candidates = [s for s in stored if s.kode == kode or _is_copy_of(s.kode, kode)]
        candidates.sort(key=lambda s: (s.kode != kode, len(s.kode), s.kode))
        for candidate in candidates:
            if _signature(candidate.nama, ((o.kode, o.nilai, o.penjelasan) for o in candidate.opsi.all())) == wanted:
                scale.existing = candidate
                break
        else:
            if kode not in taken:
                scale.kode_baru = kode
            else:
                n = 2
                while f"{_base(kode)}-{n}" in taken:
                    n += 1
                scale.kode_baru = f"{_base(kode)}-{n}"
            taken.add(scale.kode_baru)


def _base(kode: str) -> str:
    return kode[: SKALA_KODE_MAX - 4]  # room for "-999"


def _is_copy_of(candidate: str, kode: str) -> bool:
    prefix = f"{_base(kode)}-"
    return candidate.startswith(prefix) and candidate[len(prefix) :].isdigit()


def _next_versi(pemda: Pemda, nama: str) -> int:
    last = TemplateLKE.objects.filter(pemda=pemda, nama=nama).order_by("-versi").values_list("versi", flat=True)
    return (last.first() or 0) + 1


def _asal(cells: uploads.Cells, pemda: Pemda) -> TemplateLKE | None:
    """The template named in "Disalin dari" ("Nama (versi N)"), when this pemda can see it."""
    match = _ASAL.match(_as_text(_identity_values(cells).get("disalin dari", (None, None))[1]))
    if not match:
        return None
    return (
        TemplateLKE.objects.filter(Q(pemda=None) | Q(pemda=pemda), nama=match["nama"], versi=int(match["versi"]))
        .order_by("pemda_id")
        .first()
    )


# --- Writing -------------------------------------------------------------------------------------


@transaction.atomic
def apply_workbook(*, source, pemda: Pemda, user: User) -> Rencana:
    """Check the workbook again and, without errors, create the template (and its new scales)."""
    # One import per pemda at a time: the next free version and the scale kodes stay free.
    list(Pemda.objects.select_for_update().filter(pk=pemda.pk).values_list("pk", flat=True))
    plan = read_workbook(source, pemda=pemda)
    if plan.errors:
        return plan
    scales: dict[str, SkalaJawaban] = dict(plan.skala_db)
    for kode, scale in plan.skala.items():
        if scale.existing is not None:
            scales[kode] = scale.existing
            continue
        try:
            with transaction.atomic():
                scales[kode] = SkalaJawaban.objects.create(kode=scale.kode_baru, nama=scale.nama)
        except IntegrityError:  # another pemda's import took the same new kode a moment ago
            plan.errors.append(
                SheetError(
                    _("Skala %(kode)s baru saja dibuat oleh impor lain; unggah ulang berkas ini.")
                    % {"kode": scale.kode_baru},
                    exports.SHEET_SKALA,
                )
            )
            transaction.set_rollback(True)
            return plan
        OpsiJawaban.objects.bulk_create(
            OpsiJawaban(skala=scales[kode], kode=jawaban, nilai=nilai, penjelasan=penjelasan, urutan=order)
            for order, (jawaban, nilai, penjelasan) in enumerate(scale.opsi)
        )
    template = TemplateLKE(
        pemda=pemda,
        regulasi=plan.regulasi,
        nama=plan.nama,
        versi=plan.versi,
        tahun_berlaku=plan.tahun_berlaku,
        asal=plan.asal,
        keterangan=plan.keterangan,
    )
    template._history_user = user
    template._change_reason = _("Impor Excel")
    template.save()
    PredikatLKE.objects.bulk_create(
        PredikatLKE(template=template, kode=p.kode, batas_bawah=p.batas_bawah, kata=p.kata, interpretasi=p.interpretasi)
        for p in plan.predikat
    )
    komponen = Komponen.objects.bulk_create(
        Komponen(template=template, kode=k.kode, nama=k.nama, bobot=k.bobot, urutan=order)
        for order, k in enumerate(plan.komponen)
    )
    subs = SubKomponen.objects.bulk_create(
        SubKomponen(
            komponen=komp,
            kode=s.kode,
            nama=s.nama,
            bobot=s.bobot,
            dimensi=s.dimensi,
            cara_hitung=s.cara_hitung,
            urutan=order,
        )
        for komp, komp_plan in zip(komponen, plan.komponen, strict=True)
        for order, s in enumerate(komp_plan.sub)
    )
    sub_plans = [s for komp in plan.komponen for s in komp.sub]
    rows = [
        (
            k,
            Kriteria(
                sub=sub,
                kode=k.kode,
                teks=k.teks,
                skala=scales[k.skala],
                bobot=k.bobot,
                penjelasan=k.penjelasan,
                saran=k.saran,
                saran_jenis=k.saran_jenis,
                saran_ambang=k.saran_ambang,
                urutan=order,
            ),
        )
        for sub, sub_plan in zip(subs, sub_plans, strict=True)
        for order, k in enumerate(sub_plan.kriteria)
    ]
    Kriteria.objects.bulk_create(kriteria for _plan, kriteria in rows)
    by_nomor = {kriteria.kode: kriteria for _plan, kriteria in rows}
    dependent = []
    for k_plan, kriteria in rows:
        if k_plan.syarat:
            kriteria.syarat = by_nomor[k_plan.syarat]
            dependent.append(kriteria)
    Kriteria.objects.bulk_update(dependent, ["syarat"])
    plan.template = template
    return plan
