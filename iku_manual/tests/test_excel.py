"""Excel export and import of an OPD's indicators and targets: the files, the checks, the writes and
who may do what."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from iku_manual import exports, imports
from iku_manual.models import Indikator, SkalaKualitatif, TargetIndikator
from iku_manual.tests.factories import IndikatorFactory, PeriodeFactory, SasaranFactory, TargetFactory
from iku_manual.views.excel import SESSION_KEY
from sakip.models import Role
from sakip.tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(world):
    """A 2025–2029 period with two sasaran of our OPD (SS.1, SS.2) and one of the other OPD."""
    periode = PeriodeFactory(pemda=world.pemda, tahun_awal=2025)
    return {
        "periode": periode,
        "ss1": SasaranFactory(periode=periode, opd=world.opd, kode="SS.1", urutan=1),
        "ss2": SasaranFactory(periode=periode, opd=world.opd, kode="SS.2", urutan=2),
        "other": SasaranFactory(periode=periode, opd=world.other_opd, kode="SS.9"),
    }


def url(name: str, place, opd, *extra) -> str:
    return reverse(f"iku_manual:{name}", args=[place["periode"].pk, opd.pk, *extra])


def row(**values) -> dict:
    """One data row by header, with the required columns filled in."""
    base = {"Kode Sasaran": "SS.1", "Kode Indikator": "IKU.1", "Nama Indikator": "Angka harapan hidup", "Satuan": "%"}
    return base | {key.replace("_", " "): value for key, value in values.items()}


def xlsx(periode, rows: list[dict], *, headers: list[str] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Indikator"
    headers = headers or exports.headers(periode)
    sheet.append(headers)
    for values in rows:
        sheet.append([values.get(header) for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def good_rows() -> list[dict]:
    return [
        row(
            Target_2025="1.234,56",
            Target_2026=70.5,
            Target_2027=71,
            Target_2029=75,
            Jenis="Outcome",
            Polaritas="maximize",
            Faktor="persen (×100)",
            Nilai_Baseline="60,25",
            Tahun_Baseline=2024,
        ),
        row(
            **{
                "Kode Indikator": "IKU.2",
                "Nama Indikator": "Inflasi",
                "Polaritas": "Stabilize: baik bila di dalam rentang",
            },
            Target_2025="10 – 20",
            Target_2026="2,5 s.d. 3,5",
        ),
        row(
            **{"Kode Sasaran": "SS.2", "Satuan": "predikat", "Skala Kualitatif": "Opini BPK"},
            Nama_Indikator="Opini BPK atas LKPD",
            Target_2025="WTP",
            Target_2026="Wajar Dengan Pengecualian",
            Nilai_Baseline="WDP",
        ),
    ]


def upload(client, place, opd, content: bytes, name: str = "indikator.xlsx"):
    return client.post(url("excel_upload", place, opd), {"berkas": SimpleUploadedFile(name, content)})


def token_of(response) -> str:
    assert response.status_code == 302, response.content.decode()[:3000]
    return response["Location"].rstrip("/").rsplit("/", 1)[-1]


def import_file(client, place, opd, content: bytes):
    """Upload, look at the preview, apply: the three steps of the page."""
    token = token_of(upload(client, place, opd, content))
    preview = client.get(url("excel_preview", place, opd, token))
    assert preview.status_code == 200
    return preview, client.post(url("excel_preview", place, opd, token))


def uploads_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / imports.UPLOAD_DIR


# --- Export and template -------------------------------------------------------------------------


def test_export_contains_indicators_and_targets(world, place, client_for):
    opini = SkalaKualitatif.objects.get(nama="Opini BPK")
    unit = world.units["own"]
    iku = IndikatorFactory(sasaran=place["ss1"], kode="IKU.1", nama="Angka harapan hidup", penanggung_jawab=unit)
    TargetFactory(indikator=iku, tahun=2025, nilai=Decimal("65"))
    TargetFactory(indikator=iku, tahun=2026, nilai=Decimal("70.5"))
    inflasi = IndikatorFactory(sasaran=place["ss1"], kode="IKU.2", polaritas=Indikator.Polaritas.STABILIZE)
    TargetFactory(indikator=inflasi, tahun=2025, nilai=None, batas_bawah=10, batas_atas=20)
    opini_iku = IndikatorFactory(sasaran=place["ss2"], kode="IKU.1", skala=opini, satuan="predikat", baseline_nilai=3)
    TargetFactory(indikator=opini_iku, tahun=2025, nilai=4)
    IndikatorFactory(sasaran=place["other"], kode="IKU.9")  # another OPD's: not exported

    response = client_for("kepala_opd").get(url("excel_export", place, world.opd))

    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content))["Indikator"]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert header[:3] == ["Kode Sasaran", "Kode Indikator", "Nama Indikator"]
    assert header[-5:] == ["Target 2025", "Target 2026", "Target 2027", "Target 2028", "Target 2029"]
    data = [dict(zip(header, values, strict=True)) for values in rows[1:]]
    assert [(r["Kode Sasaran"], r["Kode Indikator"]) for r in data] == [
        ("SS.1", "IKU.1"),
        ("SS.1", "IKU.2"),
        ("SS.2", "IKU.1"),
    ]
    first, second, third = data
    assert first["Target 2025"] == 65 and first["Target 2026"] == 70.5 and first["Target 2027"] is None
    assert first["IKU (Ya/Tidak)"] == "Ya"
    assert first["Jenis"] == "Outcome"
    assert first["Polaritas"] == "Maximize: makin tinggi makin baik"
    assert first["Penanggung Jawab"] == unit.nama
    assert first["Nilai Baseline"] == 60
    assert second["Target 2025"] == "10 – 20"
    assert third["Skala Kualitatif"] == "Opini BPK"
    assert third["Target 2025"] == "WTP"
    assert third["Nilai Baseline"] == "WDP"


def test_export_of_another_opd_is_404(world, place, client):
    client.force_login(world.planners["other_opd"])
    assert client.get(url("excel_export", place, world.opd)).status_code == 404
    assert client.get(url("excel_template", place, world.opd)).status_code == 404


def test_template_has_drop_downs_and_hidden_lists(world, place, client_for):
    response = client_for("perencana").get(url("excel_template", place, world.opd))

    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Indikator", "Petunjuk", "Daftar"]
    assert workbook["Daftar"].sheet_state == "hidden"
    sheet = workbook["Indikator"]
    assert sheet.max_row == 1  # the header only
    validations = sheet.data_validations.dataValidation
    by_column = {str(v.sqref).split(":")[0]: v.formula1 for v in validations}
    header = [cell.value for cell in sheet[1]]
    for name in ["Kode Sasaran", "IKU (Ya/Tidak)", "Jenis", "Faktor", "Polaritas", "Skala Kualitatif"]:
        letter = sheet.cell(row=1, column=header.index(name) + 1).column_letter
        assert by_column[f"{letter}2"].startswith("Daftar!"), name
    for name in ["Agregasi Triwulan", "Frekuensi Pelaporan", "Penanggung Jawab"]:
        assert sheet.cell(row=1, column=header.index(name) + 1).column_letter + "2" in by_column
    lists = [value for column in workbook["Daftar"].iter_cols(values_only=True) for value in column]
    assert "SS.1" in lists and "SS.2" in lists and "SS.9" not in lists
    assert world.units["own"].nama in lists and world.units["other_opd"].nama not in lists
    assert "Opini BPK" in lists
    help_text = " ".join(str(v) for r in workbook["Petunjuk"].iter_rows(values_only=True) for v in r if v)
    assert "menghapus target" in help_text


def test_filled_template_imports(world, place, client_for):
    client = client_for("perencana")
    workbook = load_workbook(io.BytesIO(client.get(url("excel_template", place, world.opd)).content))
    sheet = workbook["Indikator"]
    header = [cell.value for cell in sheet[1]]
    values = row(Target_2025=80, Penanggung_Jawab=world.units["own"].nama)
    sheet.append([values.get(name) for name in header])
    buffer = io.BytesIO()
    workbook.save(buffer)

    _preview, response = import_file(client, place, world.opd, buffer.getvalue())

    assert response.status_code == 302
    indikator = Indikator.objects.get(sasaran=place["ss1"], kode="IKU.1")
    assert indikator.penanggung_jawab == world.units["own"]
    assert indikator.targets.get().nilai == Decimal("80")


# --- Import --------------------------------------------------------------------------------------


def test_good_file_creates_indicators_and_targets_with_history(world, place, client_for):
    client = client_for("perencana")

    preview, response = import_file(client, place, world.opd, xlsx(place["periode"], good_rows()))

    assert preview.context["result"].created == 3
    assert preview.context["result"].targets_written == 8
    assert "Simpan ke Manual IKU" in preview.content.decode()
    assert response.status_code == 302
    assert response["Location"] == reverse("iku_manual:renstra", args=[place["periode"].pk, world.opd.pk])

    iku = Indikator.objects.get(sasaran=place["ss1"], kode="IKU.1")
    assert iku.faktor == 100 and iku.jenis == "outcome" and iku.is_iku is True
    assert iku.baseline_nilai == Decimal("60.25") and iku.baseline_tahun == 2024
    targets = {t.tahun: t.nilai for t in iku.targets.all()}
    assert targets == {2025: Decimal("1234.56"), 2026: Decimal("70.5"), 2027: Decimal("71"), 2029: Decimal("75")}
    inflasi = Indikator.objects.get(sasaran=place["ss1"], kode="IKU.2")
    ranges = {t.tahun: (t.nilai, t.batas_bawah, t.batas_atas) for t in inflasi.targets.all()}
    assert ranges == {2025: (None, Decimal("10"), Decimal("20")), 2026: (None, Decimal("2.5"), Decimal("3.5"))}
    opini = Indikator.objects.get(sasaran=place["ss2"], kode="IKU.1")
    assert opini.skala == SkalaKualitatif.objects.get(nama="Opini BPK")
    assert {t.tahun: t.nilai for t in opini.targets.all()} == {2025: Decimal("4"), 2026: Decimal("3")}
    assert opini.baseline_nilai == Decimal("3")

    assert Indikator.history.filter(history_type="+").count() == 3
    assert set(Indikator.history.values_list("history_user", flat=True)) == {world.users["perencana"].pk}
    assert TargetIndikator.history.filter(history_type="+").count() == 8
    assert iku.history.get().history_change_reason == "Impor Excel"
    assert not any(uploads_dir().iterdir())  # the upload is deleted once applied


def test_one_bad_cell_writes_nothing_and_every_error_is_listed(world, place, client_for):
    rows = good_rows()
    rows[1]["Target 2027"] = "1.5"  # English decimal point: ambiguous
    rows[2]["Jenis"] = "Hasil"
    rows.append(row(**{"Kode Indikator": "IKU.1", "Nama Indikator": ""}))  # duplicate kode, empty name
    client = client_for("perencana")
    token = token_of(upload(client, place, world.opd, xlsx(place["periode"], rows)))

    preview = client.get(url("excel_preview", place, world.opd, token))

    page = preview.content.decode()
    messages = [str(error) for error in preview.context["result"].errors]
    assert messages == [
        "Baris 3, kolom Target 2027: Format angka tidak dikenali: '1.5'. "
        "Gunakan koma untuk desimal dan titik untuk ribuan, mis. 1.234,56.",
        "Baris 4, kolom Jenis: 'Hasil' tidak dikenal; pilih salah satu: Input; Output; Outcome; Dampak.",
        "Baris 5, kolom Nama Indikator: wajib diisi.",
    ]
    assert "Baris 3, kolom Target 2027" in page
    assert "Simpan ke Manual IKU" not in page

    response = client.post(url("excel_preview", place, world.opd, token))

    assert response.status_code == 200
    assert "tidak ada yang disimpan" in response.content.decode()
    assert not Indikator.objects.exists() and not TargetIndikator.objects.exists()
    assert not Indikator.history.exists()


def test_duplicate_kode_in_file(world, place):
    rows = [row(), row(Nama_Indikator="Lagi"), row(**{"Kode Sasaran": "SS.2"})]

    result = imports.read_workbook(io.BytesIO(xlsx(place["periode"], rows)), opd=world.opd, periode=place["periode"])

    assert [str(e) for e in result.errors] == [
        "Baris 3, kolom Kode Indikator: Kode IKU.1 sudah dipakai pada baris 2 untuk sasaran SS.1."
    ]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"Kode Sasaran": "SS.9"}, "Baris 2, kolom Kode Sasaran: Sasaran 'SS.9' tidak ada di Dinkes pada periode ini."),
        ({"Satuan": "x" * 41}, "Baris 2, kolom Satuan: 41 karakter, melebihi batas 40 karakter."),
        (
            {"Target 2025": "10 – 20"},
            "Baris 2, kolom Target 2025: Rentang hanya untuk indikator berpolaritas stabilize",
        ),
        (
            {"Polaritas": "stabilize", "Target 2025": 15},
            "Baris 2, kolom Target 2025: Indikator stabilize memerlukan rentang",
        ),
        (
            {"Skala Kualitatif": "Opini BPK", "Target 2025": "WTX"},
            "Baris 2, kolom Target 2025: 'WTX' tidak ada pada skala",
        ),
        ({"Target 2026": "1,234.56"}, "Baris 2, kolom Target 2026: Format angka tidak dikenali"),
        (
            {"Skala Kualitatif": "Opini DPR"},
            "Baris 2, kolom Skala Kualitatif: Skala 'Opini DPR' tidak dikenal; pilih salah satu: Opini BPK; Predikat",
        ),
        ({"Skala Kualitatif": "Opini BPK", "Polaritas": "stabilize"}, "Baris 2, kolom Polaritas: Indikator kualitatif"),
        ({"Faktor": "per seribu"}, "Baris 2, kolom Faktor: 'per seribu' tidak dikenal; pilih salah satu: tanpa"),
        ({"Penanggung Jawab": "Bidang Entah"}, "Baris 2, kolom Penanggung Jawab: Unit kerja 'Bidang Entah' tidak ada"),
        ({"Tahun Baseline": "dua ribu"}, "Baris 2, kolom Tahun Baseline: Isi tahun empat angka"),
        ({"IKU (Ya/Tidak)": "mungkin"}, "Baris 2, kolom IKU (Ya/Tidak): Isi Ya atau Tidak."),
        (
            {"Target 2025": 10**17},
            "Baris 2, kolom Target 2025: Angka terlalu besar: paling banyak 16 angka sebelum koma.",
        ),
    ],
)
def test_cell_errors(world, place, values, message):
    result = imports.read_workbook(
        io.BytesIO(xlsx(place["periode"], [row(**values)])),
        opd=world.opd,
        periode=place["periode"],
    )

    assert [str(error) for error in result.errors][0].startswith(message)
    assert len(result.errors) == 1


def test_header_must_match(world, place):
    headers = [h for h in exports.headers(place["periode"]) if h != "Satuan"] + ["Catatan", "Target 2031"]

    result = imports.read_workbook(
        io.BytesIO(xlsx(place["periode"], [row()], headers=headers)), opd=world.opd, periode=place["periode"]
    )

    assert [str(error) for error in result.errors] == [
        "Baris 1: Kolom Catatan tidak dikenal.",
        "Baris 1: Kolom Target 2031 di luar periode 2025–2029.",
        "Baris 1: Kolom Satuan tidak ada.",
    ]


def test_formula_without_saved_value_is_an_error_and_empty_rows_are_skipped(world, place):
    periode = place["periode"]
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(exports.headers(periode))
    sheet.append([])
    headers = exports.headers(periode)
    values = row(Target_2025="=10*2")  # openpyxl saves formulas without computing them
    sheet.append([values.get(header) for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)

    result = imports.read_workbook(io.BytesIO(buffer.getvalue()), opd=world.opd, periode=periode)

    assert [str(error) for error in result.errors] == ["Baris 3, kolom Target 2025: sel berisi rumus tanpa nilai."]


def test_formula_with_saved_value_gives_that_value_and_excel_errors_are_refused(world, place):
    periode = place["periode"]
    content = xlsx(periode, [row(Target_2025="=10*2", Target_2026="#DIV/0!", Target_2027="=1/0")])
    # openpyxl cannot compute a formula: give the cells the values Excel would have saved with them.
    source, patched = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(patched, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb"<f>10\*2</f><v\s*/>", b"<f>10*2</f><v>20.5</v>", data)
                data = re.sub(rb'<c r="(\w+)"><f>1/0</f><v\s*/>', rb'<c r="\1" t="e"><f>1/0</f><v>#DIV/0!</v>', data)
            target.writestr(item, data)

    result = imports.read_workbook(io.BytesIO(patched.getvalue()), opd=world.opd, periode=periode)

    assert [str(error) for error in result.errors] == [
        "Baris 2, kolom Target 2026: sel berisi galat Excel #DIV/0!.",
        "Baris 2, kolom Target 2027: sel berisi galat Excel #DIV/0!.",
    ]
    cells = imports.read_cells(io.BytesIO(patched.getvalue()))
    assert cells.rows[1][1][exports.headers(periode).index("Target 2025")] == 20.5


def test_a_workbook_with_a_damaged_sheet_is_explained(world, place):
    content = xlsx(place["periode"], [row()])
    # The workbook opens (openpyxl parses a sheet's XML only when its rows are read): cut the sheet.
    source, damaged = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)

    result = imports.read_workbook(io.BytesIO(damaged.getvalue()), opd=world.opd, periode=place["periode"])

    assert [str(error) for error in result.errors] == ["Berkas tidak dapat dibaca sebagai berkas Excel .xlsx."]


def test_factor_as_label_value_or_number(world, place):
    rows = [
        row(Faktor="per 1.000"),
        row(**{"Kode Indikator": "IKU.2", "Faktor": 1000}),
        row(**{"Kode Indikator": "IKU.3", "Faktor": "100.000"}),
        row(**{"Kode Indikator": "IKU.4", "Faktor": "100"}),
        row(**{"Kode Indikator": "IKU.5"}),
    ]

    result = imports.read_workbook(io.BytesIO(xlsx(place["periode"], rows)), opd=world.opd, periode=place["periode"])

    assert [indikator.faktor for indikator in result.new_indicators] == [1000, 1000, 100000, 100, 1]


def test_too_many_rows(world, place, monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 2)
    rows = [row(**{"Kode Indikator": f"IKU.{n}"}) for n in range(3)]

    result = imports.read_workbook(io.BytesIO(xlsx(place["periode"], rows)), opd=world.opd, periode=place["periode"])

    assert [str(error) for error in result.errors] == [
        "Berkas berisi lebih dari 2 baris; bagi menjadi beberapa berkas."
    ]


def test_reimport_updates_instead_of_duplicating(world, place, client_for):
    client = client_for("perencana")
    import_file(client, place, world.opd, xlsx(place["periode"], good_rows()))
    rows = good_rows()
    rows[0]["Nama Indikator"] = "Umur harapan hidup"
    rows[0]["Target 2025"] = 66
    rows[0]["Target 2029"] = None  # an empty target cell removes that year's target
    rows[0]["Penanggung Jawab"] = world.units["own"].nama.upper()

    preview, response = import_file(client, place, world.opd, xlsx(place["periode"], rows))

    result = preview.context["result"]
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    assert (result.targets_written, result.targets_removed) == (1, 1)
    assert response.status_code == 302
    assert Indikator.objects.count() == 3 and TargetIndikator.objects.count() == 7
    iku = Indikator.objects.get(sasaran=place["ss1"], kode="IKU.1")
    assert iku.nama == "Umur harapan hidup"
    assert iku.penanggung_jawab == world.units["own"]
    assert result.rows[0].changes == ["Nama Indikator", "Penanggung Jawab", "Target 2025", "Target 2029"]
    assert {t.tahun: t.nilai for t in iku.targets.all()}[2025] == Decimal("66")
    assert iku.history.filter(history_type="~").count() == 1
    assert TargetIndikator.history.filter(history_type="~").count() == 1
    assert TargetIndikator.history.filter(history_type="-").count() == 1

    # The same file once more: nothing to write, no history.
    history = Indikator.history.count(), TargetIndikator.history.count()
    preview, _response = import_file(client, place, world.opd, xlsx(place["periode"], rows))
    assert preview.context["result"].unchanged == 3 and not preview.context["result"].has_changes
    assert (Indikator.history.count(), TargetIndikator.history.count()) == history


def test_an_export_imported_back_changes_nothing(world, place, client_for):
    opini = SkalaKualitatif.objects.get(nama="Opini BPK")
    old_unit = UnitFactory(opd=world.opd, nama="Bidang Lama", aktif=False)
    iku = IndikatorFactory(
        sasaran=place["ss1"],
        kode="IKU.1",
        formula="= jumlah terlayani / jumlah sasaran × 100%",  # text that looks like an Excel formula
        definisi_operasional="Baris satu\r\nbaris dua",  # as a browser form sends it
        penanggung_jawab=old_unit,
        faktor=100000,
        baseline_nilai=Decimal("1234.5678"),
    )
    TargetFactory(indikator=iku, tahun=2025, nilai=Decimal("0.1"))
    TargetFactory(indikator=iku, tahun=2026, nilai=Decimal("1234567.25"))
    stab = IndikatorFactory(
        sasaran=place["ss1"], kode="IKU.2", polaritas=Indikator.Polaritas.STABILIZE, rumus_minimize="inverse"
    )
    TargetFactory(indikator=stab, tahun=2027, nilai=None, batas_bawah=Decimal("2.5"), batas_atas=Decimal("3.5"))
    kualitatif = IndikatorFactory(sasaran=place["ss2"], kode="IKU.1", skala=opini, baseline_nilai=3, is_iku=False)
    TargetFactory(indikator=kualitatif, tahun=2028, nilai=4)
    content = client_for("perencana").get(url("excel_export", place, world.opd)).content

    result = imports.read_workbook(io.BytesIO(content), opd=world.opd, periode=place["periode"])

    assert result.errors == []
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert not result.has_changes


# --- The upload ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("indikator.csv", b"Kode Sasaran;Kode Indikator\n", "berformat .xlsx"),
        ("indikator.xlsx", b"bukan berkas excel", "tidak dapat dibuka"),
        ("indikator.xlsx", b"0" * (5 * 1024 * 1024 + 1), "paling besar 5 MB"),
    ],
)
def test_refused_uploads_get_a_message_and_nothing_is_stored(world, place, client_for, name, content, message):
    response = upload(client_for("perencana"), place, world.opd, content, name=name)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not uploads_dir().exists() or not any(uploads_dir().iterdir())


def test_a_file_that_unpacks_too_large_is_refused(world, place, client_for, monkeypatch):
    monkeypatch.setattr(imports, "_MAX_UNPACKED", 1000)

    response = upload(client_for("perencana"), place, world.opd, xlsx(place["periode"], good_rows()))

    assert response.status_code == 200
    assert "tidak dapat dibuka" in response.content.decode()


def test_cancel_deletes_the_upload(world, place, client_for):
    client = client_for("perencana")
    token = token_of(upload(client, place, world.opd, xlsx(place["periode"], good_rows())))

    response = client.post(url("excel_preview", place, world.opd, token), {"batal": "1"})

    assert response.status_code == 302
    assert not any(uploads_dir().iterdir())
    assert client.get(url("excel_preview", place, world.opd, token)).status_code == 404
    assert not Indikator.objects.exists()


# --- Who may ------------------------------------------------------------------------------------


def test_perencana_of_the_opd_may_upload(world, place, client_for):
    response = client_for("perencana").get(url("excel_upload", place, world.opd))

    assert response.status_code == 200
    assert response.context["breadcrumbs"][-1][0] == "Renstra Dinkes"


def test_kepala_opd_gets_403(world, place, client_for):
    client = client_for("kepala_opd")

    assert client.get(url("excel_upload", place, world.opd)).status_code == 403
    assert upload(client, place, world.opd, xlsx(place["periode"], good_rows())).status_code == 403
    assert client.get(url("excel_preview", place, world.opd, "0" * 32)).status_code == 403


def test_perencana_of_another_opd_gets_404(world, place, client):
    client.force_login(world.planners["other_opd"])

    assert client.get(url("excel_upload", place, world.opd)).status_code == 404
    assert client.get(url("excel_preview", place, world.opd, "0" * 32)).status_code == 404


def test_a_token_of_another_user_or_place_is_404(world, place, client_for):
    owner = client_for("perencana")
    token = token_of(upload(owner, place, world.opd, xlsx(place["periode"], good_rows())))
    # The owner, but for another period of the same OPD.
    later = PeriodeFactory(pemda=world.pemda, tahun_awal=2030)
    assert owner.get(reverse("iku_manual:excel_preview", args=[later.pk, world.opd.pk, token])).status_code == 404
    # Another planner of the same OPD, whose session somehow names the token.
    colleague = UserFactory(role=Role.PERENCANA, pemda=world.pemda, opd=world.opd)
    other = Client()
    other.force_login(colleague)
    session = other.session
    session[SESSION_KEY] = {
        token: {"user": world.users["perencana"].pk, "opd": world.opd.pk, "periode": place["periode"].pk}
    }
    session.save()

    assert other.get(url("excel_preview", place, world.opd, token)).status_code == 404
    assert other.post(url("excel_preview", place, world.opd, token)).status_code == 404
    assert not Indikator.objects.exists()
    assert owner.get(url("excel_preview", place, world.opd, token)).status_code == 200


# --- Queries do not grow with the file --------------------------------------------------------------


@pytest.mark.parametrize("size", [3, 30])
def test_queries_do_not_grow_with_rows(world, place, size, django_assert_num_queries):
    periode = place["periode"]
    rows = []
    for number in range(size):
        rows.append(row(**{"Kode Indikator": f"IKU.{number}", "Target 2025": number, "Skala Kualitatif": None}))
        rows.append(row(**{"Kode Sasaran": "SS.2", "Kode Indikator": f"K.{number}", "Skala Kualitatif": "Opini BPK"}))
    content = xlsx(periode, rows)
    user = world.users["perencana"]

    # sasaran, units, scales and their steps, then indicators and targets for the plan
    with django_assert_num_queries(6):
        imports.read_workbook(io.BytesIO(content), opd=world.opd, periode=periode)
    # the lock, the check's six, a savepoint and its release (inside the test's transaction), then
    # one insert into each of the four tables (indicators, targets, and their history)
    with django_assert_num_queries(13):
        imports.apply_workbook(source=io.BytesIO(content), opd=world.opd, periode=periode, user=user)
    # indicators with their targets and scale steps; scales, steps, units and sasaran for the lists
    with django_assert_num_queries(7):
        exports.export_workbook(opd=world.opd, periode=periode)


def test_abandoned_uploads_are_cleaned_up(settings, tmp_path):
    import os
    import time

    from django.core.management import call_command

    folder = settings.MEDIA_ROOT / "imports"
    folder.mkdir(parents=True)
    old, fresh = folder / ("a" * 32 + ".xlsx"), folder / ("b" * 32 + ".xlsx")
    old.write_bytes(b"x")
    fresh.write_bytes(b"x")
    two_days_ago = time.time() - 48 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    call_command("bersihkan_impor", "--jam", "24")
    assert not old.exists() and fresh.exists()


def test_indicator_codes_match_whatever_their_case(world, place, client_for):
    client = client_for("perencana")
    import_file(client, place, world.opd, xlsx(place["periode"], good_rows()))
    rows = good_rows()
    rows[0]["Kode Indikator"] = rows[0]["Kode Indikator"].lower()
    preview, _response = import_file(client, place, world.opd, xlsx(place["periode"], rows))
    assert preview.context["result"].created == 0
    assert Indikator.objects.count() == 3


def test_the_minimize_formula_travels_and_an_older_file_without_its_column_leaves_it_alone(world, place, client_for):
    """The per-indicator "rumus capaian (minimize)" is a column of its own; files made before it
    existed still import and keep what the indicator has."""
    iku = IndikatorFactory(sasaran=place["ss1"], kode="IKU.1", polaritas="minimize", rumus_minimize="inverse")
    client = client_for("perencana")
    content = client.get(url("excel_export", place, world.opd)).content
    sheet = load_workbook(io.BytesIO(content))["Indikator"]
    header = [cell.value for cell in sheet[1]]
    assert sheet.cell(2, header.index("Rumus Minimize") + 1).value == "target/realisasi × 100%"

    older = [h for h in exports.headers(place["periode"]) if h != "Rumus Minimize"]
    result = imports.read_workbook(
        io.BytesIO(xlsx(place["periode"], [row(Polaritas="minimize")], headers=older)),
        opd=world.opd,
        periode=place["periode"],
    )
    assert result.errors == []
    assert "Rumus Minimize" not in result.rows[0].changes and "rumus_minimize" not in result.changed_fields

    changed = [row(Polaritas="minimize", **{"Rumus Minimize": "(2 − realisasi/target) × 100%"})]
    import_file(client, place, world.opd, xlsx(place["periode"], changed))
    iku.refresh_from_db()
    assert iku.rumus_minimize == "2_minus"
    wrong = [row(Polaritas="minimize", **{"Rumus Minimize": "kuadrat"})]
    result = imports.read_workbook(io.BytesIO(xlsx(place["periode"], wrong)), opd=world.opd, periode=place["periode"])
    assert any("Rumus Minimize" in str(error) and "tidak dikenal" in str(error) for error in result.errors)
