"""Excel import of realisations: the template, the checks of the preview, the all-or-nothing apply
through realisasi_simpan, re-import without changes, and who may do what."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from iku_manual.models import SkalaKualitatif
from iku_manual.tests.factories import IndikatorFactory, PeriodeFactory, SasaranFactory
from perjanjian import imports
from perjanjian.models import JadwalRealisasi, PerjanjianKinerja, Realisasi
from perjanjian.tests.factories import BarisFactory, PerjanjianFactory
from perjanjian.views.impor import SESSION_KEY
from sakip.models import Role
from sakip.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

D = Decimal
TAHUN = 2026
HEADERS = [column.header for column in imports.COLUMNS]


@pytest.fixture
def place(world):
    """Dinkes: SS.1 with IKU.1 (a number) and IKU.2 (Opini BPK), SS.2 with IKU.3, all in the
    ditetapkan PK 2026; IKU.9 of SS.1 is not in the PK."""
    periode = PeriodeFactory(pemda=world.pemda, tahun_awal=2025)
    ss1 = SasaranFactory(periode=periode, opd=world.opd, kode="SS.1", urutan=1)
    ss2 = SasaranFactory(periode=periode, opd=world.opd, kode="SS.2", urutan=2)
    opini = SkalaKualitatif.objects.get(nama="Opini BPK", pemda__isnull=True)
    ind = {
        "IKU.1": IndikatorFactory(sasaran=ss1, kode="IKU.1", urutan=1, nama="Cakupan imunisasi"),
        "IKU.2": IndikatorFactory(sasaran=ss1, kode="IKU.2", urutan=2, nama="Opini BPK", skala=opini, satuan="opini"),
        "IKU.3": IndikatorFactory(sasaran=ss2, kode="IKU.3", urutan=1, nama="Jumlah kader", satuan="orang"),
        "IKU.9": IndikatorFactory(sasaran=ss1, kode="IKU.9", urutan=9, nama="Di luar PK"),
    }
    pk = PerjanjianFactory(opd=world.opd, periode=periode, tahun=TAHUN)
    BarisFactory(perjanjian=pk, indikator=ind["IKU.1"], target=80)
    BarisFactory(perjanjian=pk, indikator=ind["IKU.2"], target=4)
    BarisFactory(perjanjian=pk, indikator=ind["IKU.3"], target=100)
    PerjanjianKinerja.objects.filter(pk=pk.pk).update(status=PerjanjianKinerja.Status.DITETAPKAN)
    world.ind = ind
    return world


def row(sasaran="SS.1", kode="IKU.1", triwulan=1, nilai=None, **texts) -> dict:
    values = {"Kode Sasaran": sasaran, "Kode Indikator": kode, "Triwulan": triwulan, "Realisasi": nilai}
    return values | {imports.HEADERS[key]: value for key, value in texts.items()}


def xlsx(rows: list[dict], headers: list[str] = HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = imports.SHEET_DATA
    sheet.append(headers)
    for values in rows:
        sheet.append([values.get(header) for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def good_rows() -> list[dict]:
    return [
        row(nilai="72,5", bukti_keterangan="Laporan imunisasi TW I", faktor_pendukung="Posyandu aktif"),
        row(kode="IKU.2", nilai="wdp"),
        row(sasaran="ss.2", kode="iku.3", triwulan="TW I", nilai=40, bukti_tautan="https://data.example.go.id/kader"),
        row(kode="IKU.1", triwulan=2),  # an empty template row: left alone
    ]


def url(name: str, opd, *extra, tahun=TAHUN) -> str:
    return reverse(f"perjanjian:{name}", args=[opd.pk, tahun, *extra])


def upload(client, opd, content: bytes, name: str = "realisasi.xlsx", tahun=TAHUN):
    return client.post(url("realisasi_impor", opd, tahun=tahun), {"berkas": SimpleUploadedFile(name, content)})


def token_of(response) -> str:
    assert response.status_code == 302, response.content.decode()[:3000]
    return response["Location"].rstrip("/").rsplit("/", 1)[-1]


def import_file(client, opd, content: bytes):
    """Upload, look at the preview, apply: the three steps of the pages."""
    token = token_of(upload(client, opd, content))
    preview = client.get(url("realisasi_impor_preview", opd, token))
    assert preview.status_code == 200
    return preview, client.post(url("realisasi_impor_preview", opd, token))


def stored(place) -> dict:
    return {(r.indikator.kode, r.triwulan): r for r in Realisasi.objects.select_related("indikator")}


def close_quarter(place, triwulan: int) -> None:
    today = timezone.localdate()
    JadwalRealisasi.objects.create(
        pemda=place.pemda,
        tahun=TAHUN,
        triwulan=triwulan,
        dibuka=today - datetime.timedelta(days=30),
        ditutup=today - datetime.timedelta(days=1),
    )


def entered(place, kode, triwulan, nilai, status=Realisasi.Status.DRAFT, **fields) -> Realisasi:
    return Realisasi.objects.create(
        opd=place.opd,
        indikator=place.ind[kode],
        tahun=TAHUN,
        triwulan=triwulan,
        nilai=D(nilai),
        status=status,
        bukti_keterangan="Laporan",
        **fields,
    )


# --- The template ----------------------------------------------------------------------------------


def test_template_has_a_row_per_indicator_prefilled_with_a_drop_down_and_instructions(place, client_for):
    entered(place, "IKU.1", 2, "55.5", faktor_penghambat="Vaksin terlambat")
    entered(place, "IKU.2", 2, 3, nilai_teks="WDP", status=Realisasi.Status.TERVERIFIKASI)
    response = client_for("pimpinan").get(url("realisasi_templat", place.opd) + "?triwulan=2")

    assert response.status_code == 200
    assert "realisasi-Dinkes-2026-tw2.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Realisasi", "Petunjuk"]
    sheet = workbook["Realisasi"]
    rows = [list(values) for values in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADERS
    assert [r[:6] for r in rows[1:]] == [
        ["SS.1", "IKU.1", "Cakupan imunisasi", "%", 2, 55.5],
        ["SS.1", "IKU.2", "Opini BPK", "opini", 2, "WDP"],
        ["SS.2", "IKU.3", "Jumlah kader", "orang", 2, None],
    ]
    assert rows[1][HEADERS.index("Faktor penghambat")] == "Vaksin terlambat"
    assert sheet["A3"].fill.fgColor.rgb.endswith("E7E6E6")  # verified: grey
    formulas = {v.formula1: str(v.sqref) for v in sheet.data_validations.dataValidation}
    assert formulas['"1,2,3,4"'].startswith("E2:E")
    assert formulas['"WTP,WDP,TW,TMP"'] == "F3"
    petunjuk = " ".join(str(c) for r in workbook["Petunjuk"].iter_rows(values_only=True) for c in r if c)
    assert "Opini BPK: WTP, WDP, TW, TMP" in petunjuk and "Realisasi" in petunjuk


def test_template_of_every_quarter_and_the_default_quarter(place, client_for):
    client = client_for("perencana")
    every = load_workbook(io.BytesIO(client.get(url("realisasi_templat", place.opd) + "?triwulan=semua").content))
    assert every["Realisasi"].max_row == 1 + 3 * 4
    default = client.get(url("realisasi_templat", place.opd))
    quarter = imports.triwulan_berjalan(TAHUN)
    assert f"tw{quarter}.xlsx" in default["Content-Disposition"]


def test_reporting_quarter():
    today = datetime.date(2026, 5, 10)
    assert imports.triwulan_berjalan(2026, today) == 1
    assert imports.triwulan_berjalan(2026, datetime.date(2026, 2, 1)) == 1
    assert imports.triwulan_berjalan(2026, datetime.date(2026, 12, 31)) == 3
    assert imports.triwulan_berjalan(2025, today) == 4
    assert imports.triwulan_berjalan(2027, today) == 1


# --- The checks ------------------------------------------------------------------------------------


def test_good_file_is_saved_through_the_workflow_with_history(place, client_for):
    client = client_for("perencana")
    preview, response = import_file(client, place.opd, xlsx(good_rows()))

    result = preview.context["result"]
    assert (result.created, result.updated, result.unchanged, result.empty) == (3, 0, 0, 1)
    assert "Baris yang akan disimpan" in preview.content.decode()
    assert response.status_code == 302 and response["Location"] == url("monitoring", place.opd)
    rows = stored(place)
    assert set(rows) == {("IKU.1", 1), ("IKU.2", 1), ("IKU.3", 1)}
    assert rows["IKU.1", 1].nilai == D("72.5") and rows["IKU.1", 1].faktor_pendukung == "Posyandu aktif"
    assert (rows["IKU.2", 1].nilai, rows["IKU.2", 1].nilai_teks) == (D(3), "WDP")
    assert rows["IKU.3", 1].bukti_tautan == "https://data.example.go.id/kader"
    assert {r.status for r in rows.values()} == {Realisasi.Status.DRAFT}
    history = Realisasi.history.all()
    assert history.count() == 3 and {h.history_user for h in history} == {place.users["perencana"]}


ERRORS = [
    (row(kode="IKU.7", nilai=1), "Baris 2, kolom Kode Indikator: Indikator 'IKU.7' tidak ada pada sasaran SS.1."),
    (row(sasaran="SS.8", nilai=1), "Baris 2, kolom Kode Sasaran: Sasaran 'SS.8' tidak ada di Dinkes."),
    (
        row(kode="IKU.9", nilai=1),
        "Baris 2, kolom Kode Indikator: Indikator IKU.9 tidak ada dalam perjanjian kinerja 2026 yang sudah ditetapkan.",
    ),
    (row(nilai="12,3,4"), "Baris 2, kolom Realisasi: Format angka tidak dikenali: '12,3,4'."),
    (row(nilai="1.5"), "Baris 2, kolom Realisasi: Format angka tidak dikenali: '1.5'."),
    (row(kode="IKU.2", nilai="BAIK"), "Baris 2, kolom Realisasi: 'BAIK' tidak ada pada skala; pilih salah satu: WTP"),
    (row(triwulan=5, nilai=1), "Baris 2, kolom Triwulan: '5' bukan triwulan; isi 1, 2, 3 atau 4."),
    (row(triwulan=None, nilai=1), "Baris 2, kolom Triwulan: wajib diisi."),
    (row(sasaran=None, nilai=1), "Baris 2, kolom Kode Sasaran: wajib diisi."),
    (row(faktor_pendukung="Ada"), "Baris 2, kolom Realisasi: wajib diisi bila kolom lain pada baris ini diisi."),
    (row(nilai=1, bukti_tautan="data.go.id"), "Baris 2, kolom Tautan bukti: 'data.go.id' bukan alamat web yang sah"),
]


@pytest.mark.parametrize(("values", "message"), ERRORS)
def test_cell_errors(place, values, message):
    result = imports.read_workbook(io.BytesIO(xlsx([values])), opd=place.opd, tahun=TAHUN)
    assert any(str(error).startswith(message) for error in result.errors), [str(e) for e in result.errors]
    assert not result.changes


def test_every_error_is_listed_on_the_preview_and_nothing_is_written(place, client_for):
    rows = [*good_rows(), row(nilai="12,3,4"), row(kode="IKU.2", triwulan=7, nilai="XYZ")]
    rows.append(row(triwulan=1, nilai=3))  # IKU.1 TW I twice
    client = client_for("perencana")
    preview, response = import_file(client, place.opd, xlsx(rows))

    html = preview.content.decode()
    assert "Berkas berisi 4 kesalahan" in html
    assert "Baris 6, kolom Realisasi: Format angka tidak dikenali: &#x27;12,3,4&#x27;." in html
    assert "Baris 7, kolom Triwulan: &#x27;7&#x27; bukan triwulan" in html
    assert "Baris 7, kolom Realisasi: &#x27;XYZ&#x27; tidak ada pada skala" in html
    assert "Baris 8, kolom Triwulan: Indikator IKU.1 triwulan 1 sudah ada pada baris 2." in html
    assert response.status_code == 200 and "tidak ada yang disimpan" in response.content.decode()
    assert not Realisasi.objects.exists() and not Realisasi.history.exists()


def test_header_must_match(place):
    result = imports.read_workbook(
        io.BytesIO(xlsx([row(nilai=1)], headers=["Kode Sasaran", "Kode Indikator", "Triwulan", "Nilai"])),
        opd=place.opd,
        tahun=TAHUN,
    )
    messages = [str(error) for error in result.errors]
    assert "Baris 1: Kolom Nilai tidak dikenal." in messages
    assert "Baris 1: Kolom Realisasi tidak ada." in messages
    assert "Baris 1: Kolom Upaya/solusi tidak ada." in messages


# --- The rules of realisasi_simpan --------------------------------------------------------------------


def test_submitted_and_verified_realisations_cannot_change_but_may_stay(place):
    entered(place, "IKU.1", 1, 70, status=Realisasi.Status.TERVERIFIKASI)
    entered(place, "IKU.3", 1, 40, status=Realisasi.Status.DIAJUKAN)
    changed = [row(nilai=71, bukti_keterangan="Laporan"), row(sasaran="SS.2", kode="IKU.3", nilai=41)]

    result = imports.read_workbook(io.BytesIO(xlsx(changed)), opd=place.opd, tahun=TAHUN)

    assert [str(error) for error in result.errors] == [
        "Baris 2, kolom Realisasi: Realisasi yang sudah terverifikasi tidak dapat diubah; minta evaluator "
        "membatalkan verifikasinya.",
        "Baris 3, kolom Realisasi: Realisasi sedang diverifikasi; tunggu diverifikasi atau dikembalikan.",
    ]
    same = [
        row(nilai=70, bukti_keterangan="Laporan"),
        row(sasaran="SS.2", kode="IKU.3", nilai="40,0", bukti_keterangan="Laporan"),
    ]
    result = imports.read_workbook(io.BytesIO(xlsx(same)), opd=place.opd, tahun=TAHUN)
    assert result.ok and result.unchanged == 2 and not result.changes


def test_a_closed_window_refuses_new_values_except_for_returned_ones(place):
    close_quarter(place, 1)
    entered(place, "IKU.3", 1, 40, status=Realisasi.Status.DIKEMBALIKAN, catatan="Lampirkan SK kader")
    rows = [row(nilai=70), row(sasaran="SS.2", kode="IKU.3", nilai=42, bukti_keterangan="SK kader")]

    result = imports.read_workbook(io.BytesIO(xlsx(rows)), opd=place.opd, tahun=TAHUN)

    assert len(result.errors) == 1
    assert str(result.errors[0]).startswith("Baris 2, kolom Triwulan: Pengisian ditutup")
    fixed = imports.read_workbook(io.BytesIO(xlsx(rows[1:])), opd=place.opd, tahun=TAHUN)
    assert fixed.ok and fixed.updated == 1


def test_one_bad_row_at_apply_time_writes_nothing(place):
    """The preview was clean; then the evaluator verified one of the realisations. Applying stops,
    and the rows already written in the same transaction are rolled back."""
    entered(place, "IKU.3", 1, 10)
    content = io.BytesIO(xlsx([row(nilai=70), row(sasaran="SS.2", kode="IKU.3", nilai=42)]))
    cells = imports.read_cells(content)
    assert imports.read_workbook(cells, opd=place.opd, tahun=TAHUN).ok
    Realisasi.objects.filter(indikator=place.ind["IKU.3"]).update(status=Realisasi.Status.TERVERIFIKASI)

    result = imports.apply_workbook(source=cells, opd=place.opd, tahun=TAHUN, user=place.users["perencana"])

    assert [str(error) for error in result.errors] == [
        "Baris 3, kolom Realisasi: Realisasi yang sudah terverifikasi tidak dapat diubah; minta evaluator "
        "membatalkan verifikasinya."
    ]
    assert list(stored(place)) == [("IKU.3", 1)]
    assert Realisasi.objects.get().nilai == D(10)


def test_service_errors_roll_back_every_row(place, monkeypatch):
    """An error that only realisasi_simpan finds (here: a window closing between the check and the
    write) leaves nothing behind, not even the rows saved before it."""
    from perjanjian import realisasi as workflow

    real = workflow.realisasi_simpan
    calls = []

    def closing(**kwargs):
        calls.append(kwargs["indikator"].kode)
        if len(calls) == 2:
            close_quarter(place, 1)
        return real(**kwargs)

    monkeypatch.setattr(workflow, "realisasi_simpan", closing)
    content = io.BytesIO(xlsx([row(nilai=70), row(sasaran="SS.2", kode="IKU.3", nilai=42)]))

    result = imports.apply_workbook(source=content, opd=place.opd, tahun=TAHUN, user=place.users["perencana"])

    assert calls == ["IKU.1", "IKU.3"]
    assert str(result.errors[0]).startswith("Baris 3, kolom Realisasi: Pengisian ditutup")
    assert not Realisasi.objects.exists() and not Realisasi.history.exists()


def test_importing_the_same_file_twice_changes_nothing(place, client_for):
    client = client_for("perencana")
    import_file(client, place.opd, xlsx(good_rows()))
    history = Realisasi.history.count()

    preview, response = import_file(client, place.opd, xlsx(good_rows()))

    result = preview.context["result"]
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert "tidak ada yang perlu disimpan" in preview.content.decode()
    assert response.status_code == 302
    assert Realisasi.history.count() == history


def test_a_downloaded_template_imports_back_unchanged(place, client_for):
    entered(place, "IKU.1", 1, "72.5", faktor_pendukung="Posyandu\naktif", bukti_tautan="https://x.example/a")
    entered(place, "IKU.2", 1, 4, nilai_teks="WTP")
    client = client_for("perencana")
    content = client.get(url("realisasi_templat", place.opd) + "?triwulan=semua").content

    result = imports.read_workbook(io.BytesIO(content), opd=place.opd, tahun=TAHUN)

    assert result.ok and (result.created, result.updated, result.unchanged, result.empty) == (0, 0, 2, 10)


def test_a_change_is_listed_with_its_columns(place):
    entered(place, "IKU.1", 1, 70, faktor_pendukung="Posyandu aktif")
    result = imports.read_workbook(
        io.BytesIO(xlsx([row(nilai=71, bukti_keterangan="Laporan", upaya="Sweeping")])), opd=place.opd, tahun=TAHUN
    )
    assert result.rows[0].status == "diubah"
    assert result.rows[0].changes == ["Realisasi", "Faktor pendukung", "Upaya/solusi"]


@pytest.mark.parametrize("size", [3, 30])
def test_check_queries_do_not_grow_with_rows(place, size, django_assert_num_queries):
    sasaran = place.ind["IKU.1"].sasaran
    perjanjian = PerjanjianKinerja.objects.get()
    PerjanjianKinerja.objects.filter(pk=perjanjian.pk).update(status=PerjanjianKinerja.Status.DRAFT)
    rows = []
    for number in range(size):
        indikator = IndikatorFactory(sasaran=sasaran, kode=f"X.{number}")
        BarisFactory(perjanjian=perjanjian, indikator=indikator, target=10)
        rows += [row(kode=f"X.{number}", triwulan=tw, nilai=tw) for tw in (1, 2)]
    PerjanjianKinerja.objects.filter(pk=perjanjian.pk).update(status=PerjanjianKinerja.Status.DITETAPKAN)
    cells = imports.read_cells(io.BytesIO(xlsx(rows)))
    # PKs in force, their rows, the OPD's indicators, realisations, scale steps; a window per quarter
    with django_assert_num_queries(7):
        result = imports.read_workbook(cells, opd=place.opd, tahun=TAHUN)
    assert result.created == 2 * size


# --- Uploads and who may ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("realisasi.csv", b"Kode Sasaran;Kode Indikator\n", "berformat .xlsx"),
        ("realisasi.xlsx", b"bukan berkas excel", "tidak dapat dibuka"),
        ("realisasi.xlsx", b"0" * (5 * 1024 * 1024 + 1), "paling besar 5 MB"),
    ],
)
def test_refused_uploads_get_a_message(place, client_for, name, content, message):
    response = upload(client_for("perencana"), place.opd, content, name=name)
    assert response.status_code == 200 and message in response.content.decode()


def test_cancel_removes_the_upload(place, client_for, settings):
    client = client_for("perencana")
    token = token_of(upload(client, place.opd, xlsx(good_rows())))

    response = client.post(url("realisasi_impor_preview", place.opd, token), {"batal": "1"})

    assert response.status_code == 302 and response["Location"] == url("realisasi_impor", place.opd)
    assert not any((settings.MEDIA_ROOT / "imports").iterdir())
    assert client.get(url("realisasi_impor_preview", place.opd, token)).status_code == 404
    assert not Realisasi.objects.exists()


def test_only_the_planner_of_the_opd_uploads(place, client_for, client):
    kepala = client_for("kepala_opd")
    assert kepala.get(url("realisasi_impor", place.opd)).status_code == 403
    assert upload(kepala, place.opd, xlsx(good_rows())).status_code == 403
    assert kepala.get(url("realisasi_impor_preview", place.opd, "0" * 32)).status_code == 403
    assert client_for("evaluator").get(url("realisasi_impor", place.opd)).status_code == 403
    client.force_login(place.planners["other_opd"])
    assert client.get(url("realisasi_impor", place.opd)).status_code == 404
    assert client.get(url("realisasi_templat", place.opd)).status_code == 404
    assert not Realisasi.objects.exists()


def test_a_token_of_another_user_year_or_opd_is_404(place, client_for):
    owner = client_for("perencana")
    token = token_of(upload(owner, place.opd, xlsx(good_rows())))
    # The owner, but for another year of the same OPD.
    assert owner.get(url("realisasi_impor_preview", place.opd, token, tahun=2027)).status_code == 404
    assert owner.post(url("realisasi_impor_preview", place.opd, token, tahun=2027)).status_code == 404
    # Another planner of the same OPD whose session somehow names the token.
    colleague = UserFactory(role=Role.PERENCANA, pemda=place.pemda, opd=place.opd)
    other = Client()
    other.force_login(colleague)
    session = other.session
    session[SESSION_KEY] = {token: {"user": place.users["perencana"].pk, "opd": place.opd.pk, "tahun": TAHUN}}
    session.save()

    assert other.get(url("realisasi_impor_preview", place.opd, token)).status_code == 404
    assert other.post(url("realisasi_impor_preview", place.opd, token)).status_code == 404
    assert not Realisasi.objects.exists()
    assert owner.get(url("realisasi_impor_preview", place.opd, token)).status_code == 200


def test_upload_page_links_the_templates(place, client_for):
    html = client_for("perencana").get(url("realisasi_impor", place.opd)).content.decode()
    assert url("realisasi_templat", place.opd) + "?triwulan=3" in html
    assert url("realisasi_templat", place.opd) + "?triwulan=semua" in html
