"""The national standard of an indicator (standar nasional, PermenPANRB 53/2014 LKjIP analysis 4):
typed in the indicator form the Indonesian way, shown on the indicator page and in the Manual IKU
(page and PDF), and carried by the Excel export and import as two optional columns."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from iku_manual import exports, imports
from iku_manual.models import Indikator
from iku_manual.tests.factories import IndikatorFactory, PeriodeFactory, SasaranFactory
from iku_manual.tests.test_pohon import indicator_data

pytestmark = pytest.mark.django_db

SPM = "SPM Bidang Kesehatan, Permenkes 6/2024"
HEADER, SOURCE_HEADER = "Standar Nasional", "Sumber Standar Nasional"


@pytest.fixture
def place(world):
    """A 2025–2029 period (the factory's) with one sasaran of our OPD under the RPJMD."""
    periode = PeriodeFactory(pemda=world.pemda, tahun_awal=2025)
    rpjmd = SasaranFactory(periode=periode, kode="S.1")
    sasaran = SasaranFactory(periode=periode, opd=world.opd, kode="SS.1", parents=[rpjmd])
    return {"periode": periode, "sasaran": sasaran}


def edit(client, indikator, **overrides):
    return client.post(
        reverse("iku_manual:indikator_edit", args=[indikator.pk]),
        indicator_data(kode=indikator.kode, polaritas="maximize", **overrides),
    )


# --- The form and the pages ----------------------------------------------------------------------


def test_planner_types_the_standard_the_indonesian_way_and_sees_it_back(world, place, client_for):
    client = client_for("perencana")
    response = client.post(
        reverse("iku_manual:indikator_create", args=[place["sasaran"].pk]),
        indicator_data(standar_nasional="1.234,56", standar_nasional_sumber=f"  {SPM} "),
    )
    assert response.status_code == 302
    indikator = Indikator.objects.get(sasaran=place["sasaran"])
    assert indikator.standar_nasional == Decimal("1234.56") and indikator.standar_nasional_sumber == SPM

    form = client.get(reverse("iku_manual:indikator_edit", args=[indikator.pk])).content.decode()
    assert 'name="standar_nasional" value="1.234,56"' in form
    detail = client.get(indikator.get_absolute_url()).content.decode()
    assert f"1.234,56 % (sumber: {SPM})" in " ".join(detail.split())


@pytest.mark.parametrize(
    ("typed", "stored"), [("95", Decimal("95")), ("-2,5", Decimal("-2.5")), ("18,12345", Decimal("18.1235"))]
)
def test_numbers_are_read_and_rounded_like_targets(world, place, client_for, typed, stored):
    indikator = IndikatorFactory(sasaran=place["sasaran"])
    assert edit(client_for("perencana"), indikator, standar_nasional=typed).status_code == 302
    indikator.refresh_from_db()
    assert indikator.standar_nasional == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1,234.56", "Format angka tidak dikenali"),
        ("10 – 20", "Format angka tidak dikenali"),
        ("1.000.000.000.000.000.000", "Angka terlalu besar: paling banyak 16 angka sebelum koma."),
    ],
)
def test_a_bad_standard_is_a_message_with_the_text_kept(world, place, client_for, typed, message):
    indikator = IndikatorFactory(sasaran=place["sasaran"], standar_nasional=Decimal("90"))

    response = edit(client_for("perencana"), indikator, standar_nasional=typed)

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert f'name="standar_nasional" value="{typed}"' in html  # typed text shown again, not the stored 90
    indikator.refresh_from_db()
    assert indikator.standar_nasional == Decimal("90")


def test_clearing_the_standard_and_its_history(world, place, client_for):
    indikator = IndikatorFactory(sasaran=place["sasaran"], standar_nasional=Decimal("90"), standar_nasional_sumber=SPM)
    client = client_for("perencana")

    assert edit(client, indikator, standar_nasional="", standar_nasional_sumber="").status_code == 302

    indikator.refresh_from_db()
    assert indikator.standar_nasional is None and indikator.standar_nasional_sumber == ""
    assert indikator.history.first().standar_nasional is None  # the historical model has the field
    detail = client.get(indikator.get_absolute_url()).content.decode()
    assert "Standar nasional" in detail and "(sumber:" not in detail


def test_manual_iku_page_and_pdf_show_the_standard_only_where_set(world, place, client_for):
    IndikatorFactory(
        sasaran=place["sasaran"], kode="IKU.1", standar_nasional=Decimal("95.5"), standar_nasional_sumber=SPM
    )
    IndikatorFactory(sasaran=place["sasaran"], kode="IKU.2")
    client = client_for("perencana")
    args = [place["periode"].pk, world.opd.pk]

    page = " ".join(client.get(reverse("iku_manual:manual_iku", args=args)).content.decode().split())
    assert page.count("Standar nasional") == 1
    assert f"95,5 % (sumber: {SPM})" in page

    pdf = client.get(reverse("iku_manual:manual_iku_pdf", args=args)).content
    text = " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert text.count("Standar nasional") == 1
    assert "95,5 %" in text and "Permenkes 6/2024" in text


# --- Excel ---------------------------------------------------------------------------------------


def workbook(periode, rows: list[dict], *, headers: list[str] | None = None) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.title = exports.SHEET_DATA
    headers = headers or exports.headers(periode)
    sheet.append(headers)
    base = {"Kode Sasaran": "SS.1", "Kode Indikator": "IKU.1", "Nama Indikator": "Cakupan imunisasi", "Satuan": "%"}
    for values in rows:
        values = base | values
        sheet.append([values.get(header) for header in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def read(world, place, source):
    return imports.read_workbook(source, opd=world.opd, periode=place["periode"])


def test_export_imported_back_keeps_the_standard_exactly(world, place, client_for):
    IndikatorFactory(
        sasaran=place["sasaran"], kode="IKU.1", standar_nasional=Decimal("1234.5678"), standar_nasional_sumber=SPM
    )
    IndikatorFactory(sasaran=place["sasaran"], kode="IKU.2", standar_nasional=Decimal("0.1"))
    url = reverse("iku_manual:excel_export", args=[place["periode"].pk, world.opd.pk])
    content = client_for("perencana").get(url).content

    sheet = load_workbook(io.BytesIO(content))[exports.SHEET_DATA]
    header = [cell.value for cell in sheet[1]]
    first = [cell.value for cell in sheet[2]]
    assert first[header.index(HEADER)] == pytest.approx(1234.5678)  # an Excel number
    assert first[header.index(SOURCE_HEADER)] == SPM

    result = read(world, place, io.BytesIO(content))
    assert result.errors == []
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)


def test_import_sets_changes_and_clears_the_standard(world, place):
    indikator = IndikatorFactory(sasaran=place["sasaran"], kode="IKU.1", standar_nasional=Decimal("90"))

    result = read(world, place, workbook(place["periode"], [{HEADER: "1.234,56", SOURCE_HEADER: SPM}]))
    assert result.errors == []
    assert {"standar_nasional", "standar_nasional_sumber"} <= result.changed_fields
    assert {HEADER, SOURCE_HEADER} <= set(result.rows[0].changes)
    changed = result.changed_indicators[0]
    assert (changed.standar_nasional, changed.standar_nasional_sumber) == (Decimal("1234.5600"), SPM)

    cleared = read(world, place, workbook(place["periode"], [{}]))  # the columns are there, the cells empty
    assert cleared.changed_indicators[0].standar_nasional is None
    assert indikator.pk == cleared.changed_indicators[0].pk


def test_an_older_file_without_the_columns_leaves_the_standard_alone(world, place):
    IndikatorFactory(
        sasaran=place["sasaran"], kode="IKU.1", standar_nasional=Decimal("90"), standar_nasional_sumber=SPM
    )
    older = [h for h in exports.headers(place["periode"]) if h not in {HEADER, SOURCE_HEADER}]

    result = read(world, place, workbook(place["periode"], [{}], headers=older))

    assert result.errors == []
    assert not {"standar_nasional", "standar_nasional_sumber"} & result.changed_fields
    assert HEADER not in result.rows[0].changes and SOURCE_HEADER not in result.rows[0].changes


def test_a_bad_standard_in_the_file_is_a_cell_error(world, place):
    rows = [{HEADER: "1,234.56"}, {"Kode Indikator": "IKU.2", SOURCE_HEADER: "x" * 201}]

    result = read(world, place, workbook(place["periode"], rows))

    messages = [str(error) for error in result.errors]
    assert any(HEADER in m and "Format angka tidak dikenali" in m for m in messages)
    assert any(SOURCE_HEADER in m and "melebihi batas 200 karakter" in m for m in messages)
