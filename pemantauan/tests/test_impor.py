"""Importing absorption and complaints from real .xlsx (written by openpyxl) and CSV files:
preview, confirm, all or nothing, errors by row and column, scope, and the template round trip."""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from pemantauan import imports
from pemantauan.models import PengaduanLapor, SerapanAnggaran

D = Decimal
TAHUN = 2026
SERAPAN_HEADER = ["Kode OPD", "Perangkat Daerah", "Bulan", "Pagu", "Realisasi s.d. Bulan"]
PENGADUAN_HEADER = ["Kode OPD", "Perangkat Daerah", "Bulan", "Diterima", "Ditanggapi", "Selesai"]


def xlsx(rows, name="serapan.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return SimpleUploadedFile(name, output.getvalue())


def csv_file(text: str, name="serapan.csv", encoding="utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding))


def upload(client, berkas, jenis="serapan"):
    """Upload and follow to the preview; returns the preview response."""
    response = client.post(reverse(f"pemantauan:{jenis}_impor", args=[TAHUN]), {"berkas": berkas})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"]), response["Location"]


def snapshot():
    return sorted(SerapanAnggaran.objects.values_list("opd_id", "bulan", "pagu", "realisasi_sd")), sorted(
        PengaduanLapor.objects.values_list("opd_id", "bulan", "diterima", "ditanggapi", "selesai")
    )


@pytest.mark.django_db
def test_xlsx_import_preview_then_confirm(world, client_for):
    client = client_for("admin_pemda")
    SerapanAnggaran.objects.create(opd=world.opd, tahun=TAHUN, bulan=1, pagu=D(1000), realisasi_sd=D(10))
    rows = [
        SERAPAN_HEADER,
        [world.opd.kode, "Dinkes", 1, 1000, 10],  # unchanged
        [world.opd.kode, "", "Februari", 1000, "250,5"],  # Indonesian text number and a month name
        [world.other_opd.kode, None, 3.0, "1.234.567,89", 1234567.89],  # Excel number cells
        [world.other_opd.kode, None, 4, None, None],  # empty numbers: skipped
    ]
    preview, url = upload(client, xlsx(rows))
    hasil = preview.context["hasil"]
    assert hasil.ok, [str(e) for e in hasil.errors]
    assert (hasil.baru, hasil.diubah, hasil.tetap, hasil.kosong) == (2, 0, 1, 1)
    assert SerapanAnggaran.objects.count() == 1  # the preview writes nothing

    response = client.post(url)
    assert response.status_code == 302
    stored = {(r.opd_id, r.bulan): (r.pagu, r.realisasi_sd) for r in SerapanAnggaran.objects.all()}
    assert stored[(world.opd.pk, 2)] == (D(1000), D("250.5"))
    assert stored[(world.other_opd.pk, 3)] == (D("1234567.89"), D("1234567.89"))
    history = SerapanAnggaran.objects.get(opd=world.opd, bulan=2).history.first()
    assert history.history_user == world.users["admin_pemda"]
    assert client.get(url).status_code == 404  # the token is spent


@pytest.mark.django_db
def test_csv_with_semicolons_and_indonesian_numbers(world, client_for):
    client = client_for("perencana")
    text = (
        "Kode OPD;Perangkat Daerah;Bulan;Diterima;Ditanggapi;Selesai\r\n"
        f"{world.opd.kode};Dinkes;1;1.200;1.100;900\r\n"
        f"{world.opd.kode};Dinkes;Feb;3;2;0\r\n"
        ";;;;;\r\n"
    )
    preview, url = upload(client, csv_file(text, "pengaduan.csv"), "pengaduan")
    assert preview.context["hasil"].ok
    client.post(url)
    assert sorted(PengaduanLapor.objects.values_list("bulan", "diterima", "ditanggapi", "selesai")) == [
        (1, 1200, 1100, 900),
        (2, 3, 2, 0),
    ]


@pytest.mark.django_db
def test_csv_with_commas_and_quoted_decimals_in_windows_encoding(world, client_for):
    header = "kode opd,perangkat daerah,bulan,pagu,realisasi s.d. bulan\n"
    text = header + f'{world.opd.kode},Dinas Kesehatan – Ü,3,"1.000,50","500,25"\n'
    client = client_for("kepala_opd")
    preview, url = upload(client, csv_file(text, encoding="cp1252"))
    assert preview.context["hasil"].ok, [str(e) for e in preview.context["hasil"].errors]
    client.post(url)
    row = SerapanAnggaran.objects.get()
    assert (row.pagu, row.realisasi_sd) == (D("1000.50"), D("500.25"))


@pytest.mark.django_db
def test_one_bad_row_leaves_the_database_unchanged(world, client_for):
    client = client_for("admin_pemda")
    SerapanAnggaran.objects.create(opd=world.opd, tahun=TAHUN, bulan=6, pagu=D(1000), realisasi_sd=D(600))
    before = snapshot()
    rows = [
        SERAPAN_HEADER,
        [world.other_opd.kode, None, 1, 1000, 100],  # fine
        [world.opd.kode, None, 5, 1000, 1200],  # over the pagu
        [world.opd.kode, None, 7, 1000, 500],  # lower than the stored June
        ["9.99.99", None, 1, 1, 1],  # unknown OPD
        [world.opd.kode, None, "Tigabelas", 1, 1],  # no such month
        [world.opd.kode, None, 8, "1,234.56", 1],  # English number
        [world.opd.kode, None, 9, 1000, -1],  # negative
        [world.opd.kode, None, 5, 1000, 10],  # the same month twice
    ]
    preview, url = upload(client, xlsx(rows))
    errors = [str(e) for e in preview.context["hasil"].errors]
    text = "\n".join(errors)
    assert "Baris 3, kolom Realisasi s.d. Bulan:" in text and "melebihi pagu" in text
    assert "Baris 4, kolom Realisasi s.d. Bulan:" in text and "tidak boleh turun" in text
    assert "Baris 5, kolom Kode OPD: kode OPD 9.99.99 tidak dikenal di Kota Uji." in text
    assert "Baris 6, kolom Bulan: bulan Tigabelas tidak dikenal" in text
    assert "Baris 7, kolom Pagu: Format angka tidak dikenali" in text
    assert "Baris 8, kolom Realisasi s.d. Bulan: tidak boleh negatif." in text
    assert "Baris 9, kolom Bulan:" in text and "sudah ada pada baris 3" in text
    assert "Tidak ada yang akan disimpan" in preview.content.decode()

    response = client.post(url)  # confirming anyway writes nothing
    assert response.status_code == 200
    assert snapshot() == before


@pytest.mark.django_db
def test_opd_outside_the_importers_scope_is_refused(world, client_for):
    client = client_for("perencana")
    rows = [PENGADUAN_HEADER, [world.opd.kode, None, 1, 5, 5, 5], [world.other_opd.kode, None, 1, 5, 5, 5]]
    preview, url = upload(client, xlsx(rows, "pengaduan.xlsx"), "pengaduan")
    errors = [str(e) for e in preview.context["hasil"].errors]
    assert errors == [
        f"Baris 3, kolom Kode OPD: Dinas Pendidikan (kode {world.other_opd.kode}) di luar kewenangan Anda; "
        "Anda hanya dapat mengisi data perangkat daerah Anda sendiri."
    ]
    client.post(url)
    assert not PengaduanLapor.objects.exists()
    # An OPD of another pemda is unknown in this one.
    rows = [PENGADUAN_HEADER, [world.other_pemda_opd.kode + "X", None, 1, 5, 5, 5]]
    preview, _url = upload(client_for("admin_pemda"), xlsx(rows, "pengaduan.xlsx"), "pengaduan")
    assert "tidak dikenal di Kota Uji" in str(preview.context["hasil"].errors[0])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("berkas", "message"),
    [
        (SimpleUploadedFile("rusak.xlsx", b"PK\x03\x04 not really a zip"), "tidak dapat dibuka"),
        (SimpleUploadedFile("lama.xls", b"\xd0\xcf\x11\xe0"), "bukan .xls"),
        (SimpleUploadedFile("kosong.csv", b""), "kosong"),
    ],
)
def test_unreadable_files_are_refused_at_upload(world, client_for, berkas, message):
    response = client_for("admin_pemda").post(reverse("pemantauan:serapan_impor", args=[TAHUN]), {"berkas": berkas})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["berkas"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("berkas", "message"),
    [
        (csv_file("Kode OPD;Bulan;Pagu\r\n1;1;1\r\n"), "Kolom Realisasi s.d. Bulan tidak ada pada baris judul"),
        (csv_file("\r\n"), "tidak ada pada baris judul"),
        (SimpleUploadedFile("biner.csv", b"\x81\x8d\x00\x90PK"), "bukan berkas teks"),
        (csv_file("Kode OPD;Bulan;Pagu;Realisasi s.d. Bulan\r\n"), "tidak berisi baris data"),
        (xlsx([["Kode", "Nama"], [1, 2]]), "Kolom Kode OPD, Bulan, Pagu, Realisasi s.d. Bulan tidak ada"),
        (csv_file('Kode OPD;Bulan;Pagu;Realisasi s.d. Bulan\r\n"1;1;1;1\r\n'), "Baris 2: seluruh baris terbaca"),
    ],
)
def test_malformed_files_are_explained(world, client_for, berkas, message):
    preview, _url = upload(client_for("admin_pemda"), berkas)
    assert message in " ".join(str(e) for e in preview.context["hasil"].errors)
    assert not SerapanAnggaran.objects.exists()


@pytest.mark.django_db
def test_template_round_trip_xlsx_and_csv(world, client_for):
    client = client_for("admin_pemda")
    SerapanAnggaran.objects.create(opd=world.opd, tahun=TAHUN, bulan=1, pagu=D("1500000.5"), realisasi_sd=D(250000))
    SerapanAnggaran.objects.create(opd=world.opd, tahun=TAHUN, bulan=2, pagu=D(1500000), realisasi_sd=D("400000.75"))

    response = client.get(reverse("pemantauan:serapan_templat", args=[TAHUN]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Data"]
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == SERAPAN_HEADER
    assert len(values) == 1 + 2 * 12  # every OPD of the pemda, every month
    assert "Petunjuk" in workbook.sheetnames

    preview, url = upload(client, SimpleUploadedFile("t.xlsx", response.content))
    hasil = preview.context["hasil"]
    assert hasil.ok and (hasil.tetap, hasil.baru, hasil.diubah) == (2, 0, 0)
    assert not hasil.ada_perubahan

    # Change one month in the workbook: one row changes.
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == world.opd.kode and row[2].value == 2:
            row[4].value = 500000
    output = io.BytesIO()
    workbook.save(output)
    preview, url = upload(client, SimpleUploadedFile("t.xlsx", output.getvalue()))
    assert preview.context["hasil"].diubah == 1
    client.post(url)
    assert SerapanAnggaran.objects.get(opd=world.opd, bulan=2).realisasi_sd == D(500000)

    csv_response = client.get(reverse("pemantauan:serapan_templat", args=[TAHUN]) + "?format=csv")
    text = csv_response.content.decode("utf-8-sig")
    assert "1.500.000,5;250.000" in text
    preview, url = upload(client, SimpleUploadedFile("t.csv", csv_response.content))
    assert preview.context["hasil"].ok and preview.context["hasil"].tetap == 2


@pytest.mark.django_db
def test_pengaduan_rules_in_import(world, client_for):
    rows = [PENGADUAN_HEADER, [world.opd.kode, None, 1, 5, 6, 0], [world.opd.kode, None, 2, 5, "2,5", 1]]
    preview, _url = upload(client_for("admin_pemda"), xlsx(rows, "p.xlsx"), "pengaduan")
    text = " ".join(str(e) for e in preview.context["hasil"].errors)
    assert "Baris 2, kolom Ditanggapi: Dinas Kesehatan: Pengaduan yang ditanggapi (6) lebih banyak" in text
    assert "Baris 3, kolom Ditanggapi: jumlah pengaduan harus bilangan bulat." in text


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["evaluator", "pimpinan"])
def test_readers_cannot_import(world, client_for, role):
    client = client_for(role)
    assert client.get(reverse("pemantauan:serapan_impor", args=[TAHUN])).status_code == 403
    assert client.get(reverse("pemantauan:pengaduan_templat", args=[TAHUN])).status_code == 403


@pytest.mark.django_db
def test_a_token_belongs_to_its_uploader(world, client_for):
    _preview, url = upload(client_for("admin_pemda"), xlsx([SERAPAN_HEADER, [world.opd.kode, None, 1, 1, 1]]))
    assert client_for("perencana").get(url).status_code == 404
    assert client_for("perencana").post(url).status_code == 404
    assert not SerapanAnggaran.objects.exists()


# --- Damaged files, formulas, Excel's float noise, crafted months, UTF-16 ----------------------------


def rewrite_sheet(content: bytes, change) -> bytes:
    """The workbook with xl/worksheets/sheet1.xml passed through ``change`` (bytes -> bytes)."""
    source, output = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            target.writestr(item, data)
    return output.getvalue()


@pytest.mark.django_db
def test_workbook_with_a_truncated_sheet_is_explained_not_a_server_error(world, client_for):
    content = xlsx([SERAPAN_HEADER, *([world.opd.kode, None, m, 1000, 10 * m] for m in range(1, 13))]).read()
    broken = rewrite_sheet(content, lambda data: data[: len(data) // 2])
    # It opens (openpyxl reads a sheet's XML only when its rows are read), so the upload accepts it.
    preview, _url = upload(client_for("admin_pemda"), SimpleUploadedFile("rusak.xlsx", broken))
    assert [str(e) for e in preview.context["hasil"].errors] == [
        "Berkas tidak dapat dibuka sebagai berkas Excel .xlsx."
    ]
    assert not SerapanAnggaran.objects.exists()


@pytest.mark.django_db
def test_formula_without_a_saved_value_is_an_error_of_its_cell(world, client_for):
    # openpyxl saves formulas without computing them, as some programs do.
    rows = [
        SERAPAN_HEADER,
        [world.opd.kode, None, 1, 1000, "=D2/2"],
        [world.opd.kode, None, 2, "=D2", "=D3/2"],  # every figure a formula: not an empty row
        [world.opd.kode, None, 3, 1000, 700],
    ]
    client = client_for("admin_pemda")
    preview, url = upload(client, xlsx(rows))
    assert [str(e) for e in preview.context["hasil"].errors] == [
        "Baris 2, kolom Realisasi s.d. Bulan: sel berisi rumus tanpa nilai.",
        "Baris 3, kolom Pagu: sel berisi rumus tanpa nilai.",
        "Baris 3, kolom Realisasi s.d. Bulan: sel berisi rumus tanpa nilai.",
    ]
    assert preview.context["hasil"].kosong == 0
    client.post(url)
    assert not SerapanAnggaran.objects.exists()


@pytest.mark.django_db
def test_formula_with_a_saved_value_gives_that_value_and_excel_errors_are_refused(world, client_for):
    rows = [
        SERAPAN_HEADER,
        [world.opd.kode, None, "=1+1", 1000, "=SUM(100,150.5)"],
        [world.opd.kode, None, 3, 1000, "=1/0"],
    ]

    # openpyxl cannot compute a formula: give the cells the values Excel would have saved with them.
    def with_values(data: bytes) -> bytes:
        data = re.sub(rb"<f>1\+1</f><v\s*/>", b"<f>1+1</f><v>2</v>", data)
        data = re.sub(rb"<f>SUM\(100,150.5\)</f><v\s*/>", b"<f>SUM(100,150.5)</f><v>250.5</v>", data)
        return re.sub(rb'<c r="(\w+)"><f>1/0</f><v\s*/>', rb'<c r="\1" t="e"><f>1/0</f><v>#DIV/0!</v>', data)

    content = rewrite_sheet(xlsx(rows).read(), with_values)
    preview, _url = upload(client_for("admin_pemda"), SimpleUploadedFile("rumus.xlsx", content))
    assert [str(e) for e in preview.context["hasil"].errors] == [
        "Baris 3, kolom Realisasi s.d. Bulan: sel berisi galat Excel #DIV/0!."
    ]
    assert [(r.bulan, r.nilai) for r in preview.context["hasil"].rows] == [(2, (D(1000), D("250.5")))]


@pytest.mark.django_db
def test_excel_float_noise_is_rounded_to_the_cent_but_typed_decimals_are_not(world, client_for):
    rows = [
        SERAPAN_HEADER,
        [world.opd.kode, None, 1, 2000000, 1234567.8900000001],  # what =SUM can leave in a cell
        [world.opd.kode, None, 2, 2000000.0000001, 1234568],
        [world.opd.kode, None, 3, 2000000, 1234568.123],  # a real third decimal
        [world.opd.kode, None, 4, 2000000, "1.234.569,8900001"],  # typed: taken as written
    ]
    assert repr(rows[1][4]) == "1234567.8900000001"
    preview, _url = upload(client_for("admin_pemda"), xlsx(rows))
    hasil = preview.context["hasil"]
    assert [str(e) for e in hasil.errors] == [
        "Baris 4, kolom Realisasi s.d. Bulan: paling banyak 2 angka di belakang koma.",
        "Baris 5, kolom Realisasi s.d. Bulan: paling banyak 2 angka di belakang koma.",
    ]
    assert [(r.bulan, r.nilai) for r in hasil.rows] == [
        (1, (D(2000000), D("1234567.89"))),
        (2, (D(2000000), D(1234568))),
    ]


@pytest.mark.django_db
def test_counts_beyond_what_is_stored_are_refused(world, client_for):
    rows = [
        PENGADUAN_HEADER,
        [world.opd.kode, None, 1, 3_000_000_000, 1, 1],
        [world.opd.kode, None, 2, 3.0000000000000004, 3, 3],
    ]
    preview, url = upload(client_for("admin_pemda"), xlsx(rows, "p.xlsx"), "pengaduan")
    assert [str(e) for e in preview.context["hasil"].errors] == ["Baris 2, kolom Diterima: angka terlalu besar."]


def test_month_cells_that_are_not_months():
    assert imports._bulan(float("inf")) is None
    assert imports._bulan(float("-inf")) is None
    assert imports._bulan(float("nan")) is None
    assert imports._bulan(3.0) == 3
    assert imports._bulan(3.5) is None
    assert imports._bulan(13) is None
    assert imports._bulan(True) is None
    assert imports._bulan("²") is None  # a digit to str.isdigit, not to int()
    assert imports._bulan("9" * 5000) is None  # beyond int()'s limit on digits
    assert imports._bulan(" 07 ") == 7
    assert imports._bulan("Agu") == 8


@pytest.mark.django_db
def test_a_crafted_infinite_month_is_an_error_of_its_row(world, client_for):
    rows = [SERAPAN_HEADER, [world.opd.kode, None, 777, 1000, 10], [world.opd.kode, None, 2, 1000, 20]]
    content = rewrite_sheet(xlsx(rows).read(), lambda data: data.replace(b"<v>777</v>", b"<v>1E999</v>"))
    preview, _url = upload(client_for("admin_pemda"), SimpleUploadedFile("inf.xlsx", content))
    errors = [str(e) for e in preview.context["hasil"].errors]
    assert errors == ["Baris 2, kolom Bulan: bulan inf tidak dikenal; tulis 1 sampai 12 atau nama bulan."]


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_csv_with_a_byte_order_mark_is_read(world, client_for, encoding):
    # Excel's "Unicode text": UTF-16 with a byte order mark, columns separated by tabs.
    text = "Kode OPD\tPerangkat Daerah\tBulan\tPagu\tRealisasi s.d. Bulan\r\n"
    text += f"{world.opd.kode}\tDinas Kesehatan – Ü\tMaret\t1.000,50\t500,25\r\n"
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    client = client_for("admin_pemda")
    preview, url = upload(client, SimpleUploadedFile("unicode.csv", data))
    assert preview.context["hasil"].ok, [str(e) for e in preview.context["hasil"].errors]
    client.post(url)
    row = SerapanAnggaran.objects.get()
    assert (row.bulan, row.pagu, row.realisasi_sd) == (3, D("1000.50"), D("500.25"))


@pytest.mark.django_db
def test_utf16_csv_without_a_byte_order_mark_says_how_to_save_it(world, client_for):
    data = f"Kode OPD;Bulan;Pagu;Realisasi s.d. Bulan\r\n{world.opd.kode};1;1;1\r\n".encode("utf-16-le")
    preview, _url = upload(client_for("admin_pemda"), SimpleUploadedFile("unicode.csv", data))
    assert [str(e) for e in preview.context["hasil"].errors] == [
        "Berkas CSV tidak dapat dibaca: bukan berkas teks. "
        'Simpan ulang dari Excel sebagai "CSV UTF-8" lalu unggah lagi.'
    ]


@pytest.mark.django_db
def test_cancelled_import_removes_the_stored_rows(world, client_for):
    client = client_for("admin_pemda")
    _preview, url = upload(client, xlsx([SERAPAN_HEADER, [world.opd.kode, None, 1, 1, 1]]))
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert default_storage.exists(f"imports/{token}.json")
    client.post(url, {"batal": "1"})
    assert not default_storage.exists(f"imports/{token}.json")
