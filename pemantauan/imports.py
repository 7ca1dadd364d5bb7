"""Importing monthly absorption or complaint figures of many OPDs from Excel (.xlsx) or CSV.

One layout per kind (``JENIS``): a row per OPD and month, named by the OPD's code. ``baca_berkas``
turns an upload into plain rows (an .xlsx through the reader every Excel import shares, so a formula
gives the value Excel saved with it), kept as JSON under MEDIA_ROOT/imports/ between the preview and
the confirmation; ``periksa`` writes nothing and returns every error by row and column, or the plan;
``terapkan`` checks again and writes everything in one transaction through ``services``, so a file
with one bad row changes nothing. An OPD code the pemda does not know is named; an OPD outside what
the importer may enter is refused.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill

from iku_manual.exports import MAX_ROWS
from iku_manual.imports import (
    FORMULA_WITHOUT_VALUE,
    UPLOAD_DIR,
    CellError,
    fill_formula_values,
    read_worksheet,
)
from pemantauan import hitung, services
from pemantauan.access import can_enter
from pemantauan.models import PengaduanLapor, SerapanAnggaran
from sakip.models import Pemda, PerangkatDaerah, User
from sakip.numbers import NumberFormatError, format_decimal, parse_decimal

_TOKEN = re.compile(r"^[0-9a-f]{32}$")
SHEET_DATA = "Data"
SHEET_HELP = "Petunjuk"
BULAN_NAMA = {nama.casefold(): i for i, nama in enumerate(hitung.NAMA_BULAN, start=1)}
BULAN_NAMA |= {nama[:3].casefold(): i for i, nama in enumerate(hitung.NAMA_BULAN, start=1)}
BULAN_NAMA |= {"agu": 8, "okt": 10, "des": 12, "nop": 11}


@dataclass(frozen=True)
class Kolom:
    key: str
    header: str  # the file format: the same in every language
    help: str
    angka: str = ""  # "rupiah" or "jumlah" for number columns


@dataclass(frozen=True)
class Jenis:
    key: str
    judul: str
    model: type
    kolom: tuple[Kolom, ...]

    @property
    def angka(self) -> list[Kolom]:
        return [k for k in self.kolom if k.angka]


_OPD = Kolom("kode", "Kode OPD", gettext_lazy("Kode perangkat daerah seperti pada daftar perangkat daerah."))
_NAMA = Kolom("nama", "Perangkat Daerah", gettext_lazy("Hanya keterangan, tidak dibaca saat impor."))
_BULAN = Kolom("bulan", "Bulan", gettext_lazy("1 sampai 12, atau nama bulan (Januari, Feb, ...)."))
JENIS = {
    "serapan": Jenis(
        "serapan",
        gettext_lazy("serapan anggaran"),
        SerapanAnggaran,
        (
            _OPD,
            _NAMA,
            _BULAN,
            Kolom(
                "pagu", "Pagu", gettext_lazy("Pagu yang berlaku bulan itu dalam Rupiah, mis. 1.250.000.000."), "rupiah"
            ),
            Kolom(
                "realisasi_sd",
                "Realisasi s.d. Bulan",
                gettext_lazy("Realisasi kumulatif sejak Januari sampai akhir bulan itu, dalam Rupiah."),
                "rupiah",
            ),
        ),
    ),
    "pengaduan": Jenis(
        "pengaduan",
        gettext_lazy("pengaduan SP4N-LAPOR"),
        PengaduanLapor,
        (
            _OPD,
            _NAMA,
            _BULAN,
            Kolom("diterima", "Diterima", gettext_lazy("Pengaduan yang diterima bulan itu."), "jumlah"),
            Kolom("ditanggapi", "Ditanggapi", gettext_lazy("Dari pengaduan itu, yang sudah ditanggapi."), "jumlah"),
            Kolom(
                "selesai", "Selesai", gettext_lazy("Dari pengaduan itu, yang sudah selesai ditindaklanjuti."), "jumlah"
            ),
        ),
    ),
}


# --- Reading a file --------------------------------------------------------------------------------


@dataclass
class Berkas:
    """The rows of an uploaded file: (row number, values), the header first; the cells that hold no
    usable value (row number, column index, kind, detail: see ``iku_manual.imports.read_worksheet``);
    or why the file cannot be read."""

    rows: list[tuple[int, list]] = field(default_factory=list)
    galat: str = ""
    masalah: list[tuple[int, int, str, str]] = field(default_factory=list)


_TERLALU_PANJANG = gettext_lazy("Berkas berisi lebih dari %(n)s baris; bagi menjadi beberapa berkas.")
_BUKAN_XLSX = gettext_lazy("Berkas tidak dapat dibuka sebagai berkas Excel .xlsx.")
_BUKAN_TEKS = gettext_lazy(
    'Berkas CSV tidak dapat dibaca: bukan berkas teks. Simpan ulang dari Excel sebagai "CSV UTF-8" lalu unggah lagi.'
)


def _sel_excel(value):
    """A Decimal as Excel stores it: a whole number as int, else a float (Excel has no decimal type)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _lembar(workbook):
    return workbook[SHEET_DATA] if SHEET_DATA in workbook.sheetnames else workbook.worksheets[0]


def _baca_xlsx(data: bytes) -> Berkas:
    """The data sheet through the reader every Excel import shares (``read_worksheet`` and
    ``fill_formula_values``, as ``iku_manual.imports.read_cells`` uses them, with this import's
    sheet name): a formula gives the value Excel saved with it; one saved without a value, or an
    Excel error, is a problem of its cell."""
    # openpyxl parses a sheet's XML only while its rows are read, so a damaged sheet fails here and
    # not in load_workbook: untrusted bytes fail in many ways, and all mean the same to the user.
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        try:
            cells, formulas = read_worksheet(_lembar(workbook))
        finally:
            workbook.close()
        if formulas:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                fill_formula_values(_lembar(workbook), cells, formulas)
            finally:
                workbook.close()
    except Exception:
        return Berkas(galat=str(_BUKAN_XLSX))
    if cells.too_many_rows:
        return Berkas(galat=_TERLALU_PANJANG % {"n": format_decimal(Decimal(MAX_ROWS))})
    return Berkas(rows=cells.rows, masalah=cells.problems)


def _teks_csv(data: bytes) -> str | None:
    """The text of a CSV file, or None when it is not text."""
    # Excel's "Unicode text" and some exports write UTF-16 with a byte order mark.
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):  # latin-1 decodes any byte: the last resort
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    return None if "\x00" in text else text


def _baca_csv(data: bytes) -> Berkas:
    text = _teks_csv(data)
    if text is None:
        return Berkas(galat=str(_BUKAN_TEKS))
    first = text.splitlines()[0] if text.strip() else ""
    # Indonesian spreadsheets write CSV with semicolons (the comma is the decimal mark).
    delimiter = max(";,\t", key=first.count) if first else ";"
    rows = []
    try:
        for number, values in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
            if number > 1 and all(not v.strip() for v in values):
                continue
            if len(rows) > MAX_ROWS:
                return Berkas(galat=_TERLALU_PANJANG % {"n": format_decimal(Decimal(MAX_ROWS))})
            rows.append((number, values))
    except csv.Error:
        return Berkas(galat=_("Berkas CSV tidak dapat dibaca: periksa tanda kutip dan pemisah kolom."))
    return Berkas(rows=rows)


def baca_berkas(upload) -> Berkas:
    """The rows of an uploaded .xlsx or .csv file (a Django UploadedFile or anything with name/read)."""
    upload.seek(0)
    data = upload.read()
    if upload.name.lower().endswith(".csv"):
        return _baca_csv(data)
    return _baca_xlsx(data)


# The parsed rows wait as JSON under the name ``iku_manual.imports.discard_upload`` removes (and
# ``bersihkan_impor`` sweeps). ``store_upload``/``cells_for_upload`` do not fit: they keep the raw
# file as .xlsx and parse it with ``read_cells``, while this import also takes CSV.


def _nama(token: str) -> str | None:
    return f"{UPLOAD_DIR}/{token}.json" if _TOKEN.match(token) else None


def simpan_berkas(berkas: Berkas) -> str:
    """Keep the rows until the import is confirmed or cancelled; returns the token naming them."""
    token = secrets.token_hex(16)
    data = {"rows": berkas.rows, "galat": str(berkas.galat), "masalah": berkas.masalah}
    default_storage.save(_nama(token), ContentFile(json.dumps(data).encode()))
    return token


def muat_berkas(token: str) -> Berkas | None:
    name = _nama(token)
    if name is None or not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as handle:
        data = json.loads(handle.read())
    return Berkas(
        rows=[(n, values) for n, values in data["rows"]],
        galat=data["galat"],
        masalah=[tuple(item) for item in data.get("masalah", [])],
    )


# --- Checking --------------------------------------------------------------------------------------


@dataclass
class BarisRencana:
    baris: int
    opd: PerangkatDaerah
    bulan: int
    nilai: tuple
    status: str  # "baru", "diubah", "tetap"


@dataclass
class Hasil:
    errors: list[CellError] = field(default_factory=list)
    rows: list[BarisRencana] = field(default_factory=list)
    kosong: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def jumlah(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def baru(self) -> int:
        return self.jumlah("baru")

    @property
    def diubah(self) -> int:
        return self.jumlah("diubah")

    @property
    def tetap(self) -> int:
        return self.jumlah("tetap")

    @property
    def ada_perubahan(self) -> bool:
        return self.baru + self.diubah > 0


def _header(value) -> str:
    return " ".join(str(value).split()).casefold() if value is not None else ""


def _bulan(raw) -> int | None:
    """The month of a cell: 1 to 12 (a number or its text) or a month's name; None for anything else."""
    if isinstance(raw, float) and raw.is_integer():  # False for inf and nan, which int() refuses
        raw = int(raw)
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw if 1 <= raw <= 12 else None
    text = str(raw).strip().casefold()
    if text.isdecimal() and len(text) <= 2 and 1 <= int(text) <= 12:
        return int(text)
    return BULAN_NAMA.get(text)


# The largest figure a column stores: RUPIAH has 18 digits, 2 of them decimals; a count is capped as
# in the entry grid (PositiveIntegerField).
_TERBESAR = {"rupiah": Decimal("9999999999999999.99"), "jumlah": Decimal(2_000_000_000)}
_SEN = Decimal("0.01")
_DERAU = Decimal("1e-6")


def _angka(raw, kolom: Kolom) -> tuple[object, str]:
    """The number of a cell, or an Indonesian message."""
    if isinstance(raw, str) and kolom.angka == "rupiah":
        raw = raw.strip().removeprefix("Rp").removeprefix("rp").strip()
    try:
        number = parse_decimal(raw)
    except NumberFormatError as error:
        return None, str(error)
    if number is None:
        return None, _("wajib diisi.")
    if number < 0:
        return None, _("tidak boleh negatif.")
    if number > _TERBESAR[kolom.angka]:
        return None, _("angka terlalu besar.")
    if isinstance(raw, float):
        # A sum in Excel carries binary noise (1234567.8900000001); typed text is taken as written.
        sen = number.quantize(_SEN)
        if abs(number - sen) < _DERAU:
            number = sen
    if kolom.angka == "jumlah":
        if number != number.to_integral_value():
            return None, _("jumlah pengaduan harus bilangan bulat.")
        return int(number), ""
    if -number.as_tuple().exponent > 2:
        return None, _("paling banyak 2 angka di belakang koma.")
    return number, ""


def periksa(berkas: Berkas, *, jenis: Jenis, pemda: Pemda, tahun: int, user: User) -> Hasil:
    """Every error of the file by row and column, or the plan of what it would write. Writes nothing."""
    hasil = Hasil()
    if berkas.galat:
        hasil.errors.append(CellError(berkas.galat))
        return hasil
    if not berkas.rows:
        hasil.errors.append(CellError(_("Berkas kosong.")))
        return hasil
    header_row, header = berkas.rows[0]
    posisi: dict[str, int] = {}
    wanted = {k.header.casefold(): k for k in jenis.kolom}
    for index, value in enumerate(header):
        if (kolom := wanted.get(_header(value))) is not None:
            posisi.setdefault(kolom.key, index)
    hilang = [k.header for k in jenis.kolom if k.key != "nama" and k.key not in posisi]
    if hilang:
        hasil.errors.append(
            CellError(
                _("Kolom %(kolom)s tidak ada pada baris judul. Pakai templat yang diunduh dari halaman impor.")
                % {"kolom": ", ".join(hilang)},
                row=header_row,
            )
        )
        return hasil
    if len(berkas.rows) == 1:
        hasil.errors.append(CellError(_("Berkas tidak berisi baris data.")))
        return hasil

    # Cells that hold no value: a formula saved without one, an Excel error (#N/A, #DIV/0!).
    rusak: dict[tuple[int, int], str] = {}
    for number, index, kind, detail in berkas.masalah:
        if number > header_row:
            if kind == FORMULA_WITHOUT_VALUE:
                rusak[(number, index)] = _("sel berisi rumus tanpa nilai.")
            else:
                rusak[(number, index)] = _("sel berisi galat Excel %(galat)s.") % {"galat": detail}

    opds = {opd.kode.casefold(): opd for opd in PerangkatDaerah.objects.filter(pemda=pemda)}
    dibaca: dict[tuple[int, int], tuple[int, tuple]] = {}
    for number, values in berkas.rows[1:]:

        def sel(key, values=values):
            index = posisi[key]
            value = values[index] if index < len(values) else None
            return value.strip() if isinstance(value, str) else value

        errors_before = len(hasil.errors)
        # The row's cells without a value: each reported in its place and not read further.
        tanpa_nilai = {
            k.key: pesan for k in jenis.kolom if k.key != "nama" and (pesan := rusak.get((number, posisi[k.key])))
        }
        # A whole line in one cell: a wrong column separator, or a quote left open.
        if len(values) == 1 and len(header) > 1 and values[0] not in (None, ""):
            hasil.errors.append(
                CellError(
                    _("seluruh baris terbaca sebagai satu kolom; periksa pemisah kolom (titik koma) dan tanda kutip."),
                    number,
                )
            )
            continue
        angka = [sel(k.key) for k in jenis.angka]
        if all(v is None or v == "" for v in angka) and not any(k.key in tanpa_nilai for k in jenis.angka):
            hasil.kosong += 1
            continue
        kode = sel("kode")
        opd = None
        if "kode" in tanpa_nilai:
            hasil.errors.append(CellError(tanpa_nilai["kode"], number, _OPD.header))
        elif kode in (None, ""):
            hasil.errors.append(CellError(_("kode OPD wajib diisi."), number, _OPD.header))
        else:
            kode = str(kode).strip()
            if isinstance(sel("kode"), float) and float(kode).is_integer():
                kode = str(int(float(kode)))
            opd = opds.get(kode.casefold())
            if opd is None:
                hasil.errors.append(
                    CellError(
                        _("kode OPD %(kode)s tidak dikenal di %(pemda)s.")
                        # A pasted paragraph is named by its start, not echoed whole.
                        % {"kode": kode if len(kode) <= 40 else kode[:40] + "…", "pemda": pemda.nama},
                        number,
                        _OPD.header,
                    )
                )
            elif not can_enter(user, opd):
                hasil.errors.append(
                    CellError(
                        _(
                            "%(opd)s (kode %(kode)s) di luar kewenangan Anda; Anda hanya dapat mengisi data "
                            "perangkat daerah Anda sendiri."
                        )
                        % {"opd": opd.nama, "kode": opd.kode},
                        number,
                        _OPD.header,
                    )
                )
                opd = None
            elif not opd.aktif:
                hasil.errors.append(CellError(_("%(opd)s sudah tidak aktif.") % {"opd": opd.nama}, number, _OPD.header))
                opd = None
        bulan = _bulan(sel("bulan")) if sel("bulan") not in (None, "") else None
        if "bulan" in tanpa_nilai:
            hasil.errors.append(CellError(tanpa_nilai["bulan"], number, _BULAN.header))
        elif bulan is None:
            hasil.errors.append(
                CellError(
                    _("bulan %(nilai)s tidak dikenal; tulis 1 sampai 12 atau nama bulan.")
                    % {"nilai": sel("bulan") if sel("bulan") not in (None, "") else _("(kosong)")},
                    number,
                    _BULAN.header,
                )
            )
        nilai = []
        for kolom, raw in zip(jenis.angka, angka, strict=True):
            value, pesan = (None, tanpa_nilai[kolom.key]) if kolom.key in tanpa_nilai else _angka(raw, kolom)
            if pesan:
                hasil.errors.append(CellError(pesan, number, kolom.header))
            nilai.append(value)
        if len(hasil.errors) > errors_before or opd is None or bulan is None:
            continue
        key = (opd.pk, bulan)
        if key in dibaca:
            hasil.errors.append(
                CellError(
                    _("%(opd)s bulan %(bulan)s sudah ada pada baris %(baris)s.")
                    % {"opd": opd.nama, "bulan": hitung.NAMA_BULAN[bulan - 1], "baris": dibaca[key][0]},
                    number,
                    _BULAN.header,
                )
            )
            continue
        dibaca[key] = (number, tuple(nilai))
        hasil.rows.append(BarisRencana(number, opd, bulan, tuple(nilai), ""))

    _periksa_aturan(hasil, jenis=jenis, tahun=tahun)
    return hasil


def _periksa_aturan(hasil: Hasil, *, jenis: Jenis, tahun: int) -> None:
    """The month rules over the file and what is stored, and each row's status; one query."""
    if not hasil.rows:
        return
    fields = [k.key for k in jenis.angka]
    stored = defaultdict(dict)
    opd_ids = {row.opd.pk for row in hasil.rows}
    for item in jenis.model.objects.filter(opd_id__in=opd_ids, tahun=tahun).values("opd_id", "bulan", *fields):
        stored[item["opd_id"]][item["bulan"]] = tuple(item[f] for f in fields)
    headers = {k.key: k.header for k in jenis.kolom}
    per_opd = defaultdict(list)
    for row in hasil.rows:
        lama = stored[row.opd.pk].get(row.bulan)
        row.status = "baru" if lama is None else ("tetap" if lama == row.nilai else "diubah")
        per_opd[row.opd.pk].append(row)
    for opd_id, rows in per_opd.items():
        by_month = {row.bulan: row for row in rows}
        if jenis.key == "serapan":
            tahun_penuh = dict(stored[opd_id]) | {row.bulan: row.nilai for row in rows}
            kesalahan = hitung.periksa_serapan(tahun_penuh)
        else:
            kesalahan = [k for row in rows for k in hitung.periksa_pengaduan(row.bulan, *row.nilai)]
        for k in kesalahan:
            row = by_month.get(k.bulan)
            opd = rows[0].opd
            pesan = f"{opd.nama}: {k.pesan}"
            hasil.errors.append(CellError(pesan, row.baris if row else None, headers[k.kolom] if row else None))
    hasil.errors.sort(key=lambda e: e.row or 0)


def terapkan(berkas: Berkas, *, jenis: Jenis, pemda: Pemda, tahun: int, user: User) -> Hasil:
    """Check the file again and write all of it in one transaction; with any error nothing is written."""
    try:
        with transaction.atomic():
            hasil = periksa(berkas, jenis=jenis, pemda=pemda, tahun=tahun, user=user)
            if not hasil.ok:
                return hasil
            simpan = services.simpan_serapan if jenis.key == "serapan" else services.simpan_pengaduan
            per_opd = defaultdict(dict)
            opds = {}
            for row in hasil.rows:
                if row.status != "tetap":
                    per_opd[row.opd.pk][row.bulan] = row.nilai
                    opds[row.opd.pk] = row.opd
            for opd_id, isian in per_opd.items():
                simpan(opd=opds[opd_id], tahun=tahun, isian=isian, user=user)
    except services.IsianTidakSah as error:  # changed by someone else since the check
        hasil = Hasil(errors=[CellError(f"{error.opd}: {pesan}") for pesan in error.messages])
    return hasil


# --- Templates -------------------------------------------------------------------------------------


def _baris_templat(jenis: Jenis, opds: list[PerangkatDaerah], tahun: int) -> list[list]:
    fields = [k.key for k in jenis.angka]
    stored = {
        (item["opd_id"], item["bulan"]): item
        for item in jenis.model.objects.filter(opd__in=opds, tahun=tahun).values("opd_id", "bulan", *fields)
    }
    rows = []
    for opd in opds:
        for bulan in range(1, 13):
            item = stored.get((opd.pk, bulan), {})
            rows.append([opd.kode, opd.nama, bulan, *(item.get(f) for f in fields)])
    return rows


def templat_xlsx(*, jenis: Jenis, opds: list[PerangkatDaerah], tahun: int) -> bytes:
    """A row per OPD and month, prefilled with what is stored, and a sheet that explains the columns."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_DATA
    sheet.append([k.header for k in jenis.kolom])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9E1F2")
    rupiah = [i for i, k in enumerate(jenis.kolom) if k.angka == "rupiah"]
    for values in _baris_templat(jenis, opds, tahun):
        sheet.append([_sel_excel(v) for v in values])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # an OPD name starting with "=" stays text, not a formula
    for row in sheet.iter_rows(min_row=2):
        for i in rupiah:
            row[i].number_format = "#,##0.00"
    for letter, width in zip("ABCDEF", (12, 40, 8, 20, 20, 14), strict=False):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    petunjuk = workbook.create_sheet(SHEET_HELP)
    petunjuk.append([_("Impor %(jenis)s tahun %(tahun)s") % {"jenis": jenis.judul, "tahun": tahun}])
    petunjuk.append([])
    petunjuk.append([_("Kolom"), _("Isi")])
    for kolom in jenis.kolom:
        petunjuk.append([kolom.header, str(kolom.help)])
    petunjuk.append([])
    petunjuk.append([_("Baris yang semua angkanya kosong dilewati. Bila satu baris salah, tidak ada yang disimpan.")])
    petunjuk.column_dimensions["A"].width = 22
    petunjuk.column_dimensions["B"].width = 90
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _csv_sel(value) -> str:
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@")):
        return "'" + value  # a name Excel would run as a formula when it opens the CSV
    return "" if value is None else value


def templat_csv(*, jenis: Jenis, opds: list[PerangkatDaerah], tahun: int) -> bytes:
    """The same rows as CSV with semicolons and Indonesian numbers, as Excel in Indonesia writes it."""
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
    writer.writerow([k.header for k in jenis.kolom])
    for values in _baris_templat(jenis, opds, tahun):
        writer.writerow([_csv_sel(v) for v in values])
    return ("\ufeff" + output.getvalue()).encode("utf-8")
