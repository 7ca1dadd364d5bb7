"""The Excel files of an OPD's indicators for one period: the export (every indicator and its targets)
and the empty template. Both share one layout, so either can be filled in and imported back
(iku_manual/imports.py reads them)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from iku_manual.models import Indikator, Sasaran, SkalaKualitatif
from iku_manual.targets import scale_lookup
from sakip.models import PerangkatDaerah, Periode, UnitKerja
from sakip.numbers import format_decimal

SHEET_DATA = "Indikator"
SHEET_HELP = "Petunjuk"
SHEET_LISTS = "Daftar"
MAX_ROWS = 10_000
MAX_BYTES = 5 * 1024 * 1024
YES, NO = "Ya", "Tidak"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    key: str
    # The header is the file format, not UI text: it stays the same in every language so that a file
    # filled in on one installation imports on another.
    header: str
    help: str
    width: int = 18
    required: bool = False
    optional: bool = False  # a column added later: files without it still import, leaving the field as it is


COLUMNS: tuple[Column, ...] = (
    Column(
        "sasaran",
        "Kode Sasaran",
        gettext_lazy("Kode sasaran perangkat daerah ini pada periode ini, mis. SS.1. Sasaran tidak dibuat dari impor."),
        14,
        True,
    ),
    Column(
        "kode",
        "Kode Indikator",
        gettext_lazy("Unik dalam satu sasaran, mis. IKU.1. Indikator yang kodenya sudah ada akan diperbarui."),
        14,
        True,
    ),
    Column("nama", "Nama Indikator", gettext_lazy("Nama indikator."), 48, True),
    Column("is_iku", "IKU (Ya/Tidak)", gettext_lazy("Ya bila indikator kinerja utama. Kosong: Ya."), 10),
    Column("jenis", "Jenis", gettext_lazy("Input, output, outcome atau dampak. Kosong: Outcome.")),
    Column("definisi_operasional", "Definisi Operasional", gettext_lazy("Pengertian indikator."), 40),
    Column("alasan_pemilihan", "Alasan Pemilihan", gettext_lazy("Mengapa indikator ini dipilih."), 30),
    Column("formula", "Formula", gettext_lazy("Cara menghitung, dalam kalimat."), 30),
    Column("pembilang", "Pembilang", gettext_lazy("Bagian atas rumus, bila ada."), 24),
    Column("penyebut", "Penyebut", gettext_lazy("Bagian bawah rumus, bila ada."), 24),
    Column("faktor", "Faktor", gettext_lazy("Faktor pengali hasil rumus. Kosong: tanpa faktor (×1)."), 16),
    Column("satuan", "Satuan", gettext_lazy("Mis. %, orang, indeks, predikat."), 12, True),
    Column("polaritas", "Polaritas", gettext_lazy("Maximize, minimize atau stabilize. Kosong: maximize."), 32),
    Column(
        "rumus_minimize",
        "Rumus Minimize",
        gettext_lazy("Rumus capaian indikator minimize. Kosong: mengikuti pengaturan capaian pemda."),
        28,
        optional=True,
    ),
    Column(
        "skala",
        "Skala Kualitatif",
        gettext_lazy("Hanya untuk indikator kualitatif (mis. Opini BPK); target diisi dengan kode skala."),
        18,
    ),
    Column(
        "agregasi",
        "Agregasi Triwulan",
        gettext_lazy("Cara menggabungkan realisasi triwulan. Kosong: nilai terakhir."),
        32,
    ),
    Column("frekuensi", "Frekuensi Pelaporan", gettext_lazy("Kosong: triwulanan."), 16),
    Column("sumber_data", "Sumber Data", gettext_lazy("Dokumen atau sistem asal data."), 24),
    Column(
        "penanggung_jawab", "Penanggung Jawab", gettext_lazy("Nama unit kerja perangkat daerah ini, atau kosong."), 28
    ),
    Column("baseline_tahun", "Tahun Baseline", gettext_lazy("Tahun empat angka, mis. 2024."), 12),
    Column("baseline_nilai", "Nilai Baseline", gettext_lazy("Angka, atau kode skala untuk indikator kualitatif."), 14),
    Column(
        "standar_nasional",
        "Standar Nasional",
        gettext_lazy("Nilai standar atau pembanding nasional (SPM, rata-rata nasional), bila ada. Angka."),
        14,
        optional=True,
    ),
    Column(
        "standar_nasional_sumber",
        "Sumber Standar Nasional",
        gettext_lazy("Dasar standar nasional, mis. SPM Bidang Kesehatan, Permenkes 6/2024."),
        28,
        optional=True,
    ),
)
TARGET_PREFIX = "Target "
TARGET_HELP = gettext_lazy(
    "Target tahun itu: angka; rentang untuk indikator stabilize (mis. 10 – 20); kode skala untuk "
    "indikator kualitatif (mis. WTP). Sel kosong menghapus target tahun itu."
)

# Enumerated fields: written as their labels, read back from the label or the stored value.
ENUMERATIONS = {
    "jenis": Indikator.Jenis,
    "faktor": Indikator.Faktor,
    "polaritas": Indikator.Polaritas,
    "agregasi": Indikator.Agregasi,
    "frekuensi": Indikator.Frekuensi,
    "rumus_minimize": Indikator.RumusMinimize,
}


def target_header(tahun: int) -> str:
    return f"{TARGET_PREFIX}{tahun}"


def headers(periode: Periode) -> list[str]:
    return [column.header for column in COLUMNS] + [target_header(tahun) for tahun in periode.tahun]


def scales_for(pemda_id: int):
    """The qualitative scales a pemda may use: the shared ones and its own, with their steps."""
    return SkalaKualitatif.objects.filter(Q(pemda__isnull=True) | Q(pemda_id=pemda_id)).prefetch_related("nilai")


def export_workbook(*, opd: PerangkatDaerah, periode: Periode) -> bytes:
    """Every indicator of the OPD's nodes in the period (all levels), one row each, with its targets."""
    workbook, sheet = _new_workbook(periode)
    indicators = (
        Indikator.objects.filter(sasaran__opd=opd, sasaran__periode=periode)
        .select_related("sasaran", "skala", "penanggung_jawab")
        .prefetch_related("targets", "skala__nilai")
        .order_by("sasaran__urutan", "sasaran__kode", "urutan", "kode")
    )
    names_by_scale: dict[int, dict[Decimal, str]] = {}
    for indikator in indicators:
        names = None
        if indikator.skala_id:
            if indikator.skala_id not in names_by_scale:
                names_by_scale[indikator.skala_id] = scale_lookup(indikator.skala.nilai.all()).names
            names = names_by_scale[indikator.skala_id]
        _append(sheet, _row(indikator, names, periode.tahun))
    _add_lists_and_help(workbook, sheet, opd=opd, periode=periode)
    return _as_bytes(workbook)


def template_workbook(*, opd: PerangkatDaerah, periode: Periode) -> bytes:
    """The header only, with drop-down lists and the instructions: for indicators typed from scratch."""
    workbook, sheet = _new_workbook(periode)
    _add_lists_and_help(workbook, sheet, opd=opd, periode=periode)
    return _as_bytes(workbook)


def _new_workbook(periode: Periode):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_DATA
    sheet.append(headers(periode))
    bold, fill, wrap = (
        Font(bold=True),
        PatternFill("solid", fgColor="DDEBF7"),
        Alignment(wrap_text=True, vertical="top"),
    )
    for cell in sheet[1]:
        cell.font, cell.fill, cell.alignment = bold, fill, wrap
        width = COLUMNS[cell.column - 1].width if cell.column <= len(COLUMNS) else 12
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = "C2"
    return workbook, sheet


def _append(sheet, values: list) -> None:
    sheet.append(values)
    # Text stays text even when it starts with "=": a formula written by a planner is a sentence
    # here, and Excel must not evaluate it.
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def _text(value: str) -> str:
    # openpyxl refuses control characters that XML cannot carry; a pasted one must not break the export.
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _number(value: Decimal | None) -> Decimal | int | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value.normalize()


def _target_cell(target, names: dict[Decimal, str] | None):
    """A number stays an Excel number; a range and a scale step are text, as the planner types them."""
    if target is None:
        return None
    if target.is_rentang:
        return f"{format_decimal(target.batas_bawah)} – {format_decimal(target.batas_atas)}"
    if names and target.nilai is not None:
        return target.tampil(names)
    return _number(target.nilai)


def _row(indikator: Indikator, names: dict[Decimal, str] | None, years: list[int]) -> list:
    targets = {target.tahun: target for target in indikator.targets.all()}
    baseline = _number(indikator.baseline_nilai)
    if names and indikator.baseline_nilai is not None:
        baseline = names.get(indikator.baseline_nilai.normalize(), format_decimal(indikator.baseline_nilai))
    values = {
        "sasaran": indikator.sasaran.kode,
        "kode": indikator.kode,
        "nama": indikator.nama,
        "is_iku": YES if indikator.is_iku else NO,
        "definisi_operasional": indikator.definisi_operasional,
        "alasan_pemilihan": indikator.alasan_pemilihan,
        "formula": indikator.formula,
        "pembilang": indikator.pembilang,
        "penyebut": indikator.penyebut,
        "satuan": indikator.satuan,
        "skala": indikator.skala.nama if indikator.skala_id else None,
        "sumber_data": indikator.sumber_data,
        "penanggung_jawab": indikator.penanggung_jawab.nama if indikator.penanggung_jawab_id else None,
        "baseline_tahun": indikator.baseline_tahun,
        "baseline_nilai": baseline,
        "standar_nasional": _number(indikator.standar_nasional),
        "standar_nasional_sumber": indikator.standar_nasional_sumber,
    }
    for key, enum in ENUMERATIONS.items():
        value = getattr(indikator, key)
        values[key] = str(enum(value).label) if value != "" else None  # blank: the pemda's default
    row = [values[column.key] for column in COLUMNS]
    row += [_target_cell(targets.get(tahun), names) for tahun in years]
    return [_text(value) if isinstance(value, str) else value for value in row]


def _lists(opd: PerangkatDaerah, periode: Periode, scales: list[SkalaKualitatif]) -> dict[str, list[str]]:
    """The allowed values of each column that has a drop-down, by column key."""
    lists = {key: [str(label) for label in enum.labels] for key, enum in ENUMERATIONS.items()}
    lists["is_iku"] = [YES, NO]
    lists["skala"] = [skala.nama for skala in scales]
    lists["penanggung_jawab"] = list(
        UnitKerja.objects.filter(opd=opd, aktif=True).order_by("urutan", "nama").values_list("nama", flat=True)
    )
    lists["sasaran"] = list(
        Sasaran.objects.filter(opd=opd, periode=periode).order_by("urutan", "kode").values_list("kode", flat=True)
    )
    return lists


def _add_lists_and_help(workbook: Workbook, sheet, *, opd: PerangkatDaerah, periode: Periode) -> None:
    """Drop-downs on the data sheet, fed from a hidden sheet (Excel limits a typed-in list to 255
    characters, and unit names alone exceed that), and a sheet of instructions."""
    scales = list(scales_for(periode.pemda_id))
    lists = _lists(opd, periode, scales)
    source = workbook.create_sheet(SHEET_LISTS)
    source.sheet_state = "hidden"
    last_row = MAX_ROWS + 1
    keys = [column.key for column in COLUMNS]
    for list_index, (key, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(list_index)
        header = COLUMNS[keys.index(key)].header
        source.cell(row=1, column=list_index, value=header)
        for row, value in enumerate(values, start=2):
            source.cell(row=row, column=list_index, value=_text(value)).data_type = "s"
        if not values:
            continue
        validation = DataValidation(
            type="list",
            formula1=f"{SHEET_LISTS}!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Nilai tidak ada dalam daftar"),
            error=_("Pilih salah satu nilai dari daftar pada kolom %(kolom)s.") % {"kolom": header},
        )
        target_letter = get_column_letter(keys.index(key) + 1)
        validation.add(f"{target_letter}2:{target_letter}{last_row}")
        sheet.add_data_validation(validation)
    _add_help(workbook, periode=periode, lists=lists, scales=scales)


def _add_help(
    workbook: Workbook, *, periode: Periode, lists: dict[str, list[str]], scales: list[SkalaKualitatif]
) -> None:
    sheet = workbook.create_sheet(SHEET_HELP, index=1)
    for letter, width in (("A", 24), ("B", 8), ("C", 100)):
        sheet.column_dimensions[letter].width = width
    sheet.append([_("Petunjuk pengisian indikator dan target")])
    sheet["A1"].font = Font(bold=True, size=13)
    rules = [
        _("Isi satu baris untuk satu indikator pada lembar %(lembar)s; jangan mengubah judul kolom.")
        % {"lembar": SHEET_DATA},
        _("Indikator dikenali dari Kode Sasaran dan Kode Indikator: yang sudah ada diperbarui, yang belum ada dibuat."),
        _("Indikator yang tidak ada dalam berkas tidak diubah dan tidak dihapus."),
        _("Sel target yang kosong menghapus target tahun itu dari indikator tersebut."),
        _("Angka ditulis sebagai angka Excel, atau sebagai teks dengan koma untuk desimal dan titik untuk ribuan."),
        _("Contoh: 1.234,56. Teks seperti 1.5 atau 1,234.56 ditolak karena bisa terbaca dua arti."),
        _("Paling banyak empat angka di belakang koma; lebih dari itu dibulatkan."),
        _("Indikator berpolaritas stabilize memakai rentang, mis. 10 – 20 atau 10 s.d. 20."),
        _("Indikator kualitatif memakai kode skala sebagai target dan baseline:"),
    ]
    rules += [f"    {skala.nama}: {', '.join(step.kode for step in skala.nilai.all())}" for skala in scales]
    rules += [
        _("Rumus Excel boleh dipakai asal berkas disimpan dari Excel, sehingga nilainya ikut tersimpan."),
        _("Paling banyak %(baris)s baris indikator dan %(mb)s MB per berkas. Baris kosong dilewati.")
        % {"baris": format_decimal(Decimal(MAX_ROWS)), "mb": MAX_BYTES // (1024 * 1024)},
        _("Setelah berkas diunggah, semua kesalahan ditampilkan per baris dan kolom."),
        _("Tidak ada yang disimpan sebelum berkas bebas kesalahan dan Anda menekan tombol Simpan."),
    ]
    for rule in rules:
        _append(sheet, [rule])  # no wrapping: the sentence runs over the empty cells beside it
    sheet.append([])
    sheet.append([_("Kolom"), _("Wajib"), _("Isi")])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    table_start = sheet.max_row + 1
    for column in COLUMNS:
        allowed = lists.get(column.key)
        text = str(column.help)
        if allowed and column.key not in {"sasaran", "penanggung_jawab"}:
            text += " " + _("Pilihan: %(pilihan)s.") % {"pilihan": "; ".join(allowed)}
        _append(sheet, [column.header, YES if column.required else "", text])
    years = periode.tahun
    _append(sheet, [f"{target_header(years[0])} … {target_header(years[-1])}", "", str(TARGET_HELP)])
    for row in sheet.iter_rows(min_row=table_start):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _as_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
