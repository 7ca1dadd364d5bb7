"""The LKjIP as a document (``evaluasi/lkjip_services.py``, ``evaluasi/views_lkjip.py``): starting,
narratives, the review statement, finalising (frozen against later data), new versions, the PDF cache
by fingerprint, the pages with their access rules, the leaders' ZIP, and the ``render_lkjip`` command.
Renders run inline here (``LKJIP_RENDER_LOKAL = "inline"``); ``test_lkjip_celery.py`` runs them through
a real Redis broker and Celery worker."""

from __future__ import annotations

import hashlib
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from evaluasi import lkjip_services as services
from evaluasi.models_lkjip import BerkasLkjip, LaporanKinerja, LaporanTerkunci
from evaluasi.tests import test_lkjip_data
from evaluasi.tests.test_lkjip_data import TAHUN
from perjanjian.models import Realisasi
from sakip.history import versi
from sakip.tests.factories import OpdFactory

# The fixtures of the LKjIP's data tests (a Dinkes with a Renstra, two PKs and verified realisations).
periode = test_lkjip_data.periode
plan = test_lkjip_data.plan

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def inline_render(settings):
    settings.LKJIP_RENDER_LOKAL = "inline"
    settings.CELERY_BROKER_URL = ""


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def laporan(plan):
    return services.laporan_buat(pemda=plan.pemda, opd=plan.opd, tahun=TAHUN, oleh=plan.users["perencana"])


def render_now(capture, laporan) -> BerkasLkjip:
    with capture(execute=True):
        berkas = services.pdf_siapkan(laporan)
    berkas.refresh_from_db()
    return berkas


# --- The document ----------------------------------------------------------------------------------


def test_start_is_idempotent_and_stays_in_the_pemda(plan, laporan):
    again = services.laporan_buat(pemda=plan.pemda, opd=plan.opd, tahun=TAHUN, oleh=plan.users["perencana"])
    assert again.pk == laporan.pk
    assert (laporan.versi, laporan.status) == (1, LaporanKinerja.Status.DRAF)
    with pytest.raises(ValidationError):
        services.laporan_buat(pemda=plan.pemda, opd=plan.other_pemda_opd, tahun=TAHUN, oleh=plan.users["perencana"])


def test_narratives_saved_and_stale_save_refused(plan, laporan):
    shown = versi(laporan)
    services.laporan_simpan(
        laporan=laporan,
        narasi={"kata_pengantar": "  Puji syukur.  ", "penutup": "Terus membaik."},
        narasi_sasaran={str(plan.plan["ss1"].pk): "Kader aktif.", str(plan.plan["ss2"].pk): "   "},
        versi=shown,
        oleh=plan.users["perencana"],
    )
    laporan.refresh_from_db()
    assert laporan.kata_pengantar == "Puji syukur."
    assert laporan.narasi_sasaran == {str(plan.plan["ss1"].pk): "Kader aktif."}
    with pytest.raises(ValidationError, match="baru saja diubah"):
        services.laporan_simpan(
            laporan=laporan, narasi={}, narasi_sasaran={}, versi=shown, oleh=plan.users["kepala_opd"]
        )


def test_finalise_needs_an_agreement(world):
    kosong = services.laporan_buat(pemda=world.pemda, opd=world.other_opd, tahun=TAHUN, oleh=world.users["superuser"])
    with pytest.raises(ValidationError, match="Belum ada Perjanjian Kinerja"):
        services.laporan_finalkan(laporan=kosong, oleh=world.users["superuser"])


def test_final_report_is_frozen_against_later_data(plan, laporan, django_capture_on_commit_callbacks):
    services.laporan_simpan(
        laporan=laporan,
        narasi={"penutup": "Simpulan awal."},
        narasi_sasaran={},
        versi=None,
        oleh=plan.users["perencana"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        berkas = services.laporan_finalkan(laporan=laporan, oleh=plan.users["kepala_opd"])
    laporan.refresh_from_db()
    berkas.refresh_from_db()
    assert laporan.final and laporan.difinalkan_oleh == plan.users["kepala_opd"]
    assert berkas.siap and berkas.sidik == laporan.sidik_beku == hashlib.sha256(laporan.html_beku.encode()).hexdigest()
    stored = berkas.berkas.read()
    assert laporan.pdf_sha256 == hashlib.sha256(stored).hexdigest() == berkas.sha256
    assert "106,25" in pdf_text(stored)  # IKU.1's capaian, computed by hand in test_lkjip_data

    # The data changes: a realisation is corrected. The final report does not.
    Realisasi.objects.filter(indikator=plan.plan["iku1"], tahun=TAHUN, triwulan=4).update(nilai=Decimal(60))
    assert services.html_terkini(laporan) == laporan.html_beku
    assert services.pdf_siapkan(laporan).pk == berkas.pk
    # No route changes it: the model refuses, and so do the services.
    laporan.penutup = "Diubah"
    with pytest.raises(LaporanTerkunci):
        laporan.save()
    with pytest.raises(LaporanTerkunci), transaction.atomic():  # a delete aborts its transaction
        laporan.delete()
    laporan.refresh_from_db()
    with pytest.raises(ValidationError, match="sudah final"):
        services.laporan_simpan(laporan=laporan, narasi={}, narasi_sasaran={}, versi=None, oleh=plan.users["perencana"])
    with pytest.raises(ValidationError, match="sudah final"):
        services.laporan_finalkan(laporan=laporan, oleh=plan.users["perencana"])


def test_new_version_carries_narratives_and_needs_a_reason(plan, laporan, django_capture_on_commit_callbacks):
    services.laporan_simpan(
        laporan=laporan, narasi={"ikhtisar": "Ikhtisar v1"}, narasi_sasaran={}, versi=None, oleh=plan.users["perencana"]
    )
    services.reviu_simpan(
        laporan=laporan,
        tanggal=None,
        nama="Drs. Inspektur",
        nip="",
        jabatan="Inspektur",
        versi=None,
        oleh=plan.users["evaluator"],
    )
    with pytest.raises(ValidationError, match="sudah final"):
        services.laporan_versi_baru(laporan=laporan, alasan="x", oleh=plan.users["perencana"])
    with django_capture_on_commit_callbacks(execute=True):
        services.laporan_finalkan(laporan=laporan, oleh=plan.users["perencana"])
    laporan.refresh_from_db()
    with pytest.raises(ValidationError, match="alasan"):
        services.laporan_versi_baru(laporan=laporan, alasan="  ", oleh=plan.users["perencana"])
    baru = services.laporan_versi_baru(laporan=laporan, alasan="Koreksi realisasi TW IV", oleh=plan.users["perencana"])
    assert (baru.versi, baru.status, baru.ikhtisar, baru.reviu_nama) == (2, "draf", "Ikhtisar v1", "")
    assert baru.alasan_versi == "Koreksi realisasi TW IV"
    with pytest.raises(ValidationError, match="lebih baru"):
        services.laporan_versi_baru(laporan=laporan, alasan="lagi", oleh=plan.users["perencana"])


def test_pdf_cached_under_the_fingerprint_of_its_data(plan, laporan, django_capture_on_commit_callbacks):
    first = render_now(django_capture_on_commit_callbacks, laporan)
    assert first.siap and first.halaman > 1 and first.progres == 100
    assert first.berkas.read().startswith(b"%PDF")
    # Unchanged data: the same file, no new rendering.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = services.pdf_siapkan(laporan)
    assert again.pk == first.pk and callbacks == []
    # Changed data: a new rendering; the old one is dropped once the new one is ready.
    Realisasi.objects.filter(indikator=plan.plan["iku1"], tahun=TAHUN, triwulan=4).update(nilai=Decimal(90))
    second = render_now(django_capture_on_commit_callbacks, laporan)
    assert second.pk != first.pk and second.siap
    assert list(BerkasLkjip.objects.filter(laporan=laporan)) == [second]


def test_failed_render_is_reported_and_can_be_retried(plan, laporan, django_capture_on_commit_callbacks, monkeypatch):
    from evaluasi import lkjip_dokumen

    def broken(html, progres=None):
        raise RuntimeError("font hilang")

    monkeypatch.setattr(lkjip_dokumen, "cetak", broken)
    failed = render_now(django_capture_on_commit_callbacks, laporan)
    assert failed.status == BerkasLkjip.Status.GAGAL and "font hilang" in failed.pesan
    monkeypatch.undo()
    retried = render_now(django_capture_on_commit_callbacks, laporan)
    assert retried.pk == failed.pk and retried.siap


# --- Pages -----------------------------------------------------------------------------------------


def test_planner_starts_writes_and_finalises_in_the_browser_flow(plan, client, django_capture_on_commit_callbacks):
    client.force_login(plan.users["perencana"])
    response = client.get(reverse("evaluasi:lkjip_list") + f"?tahun={TAHUN}")
    assert response.status_code == 200 and "Susun LKjIP" in response.content.decode()
    response = client.post(reverse("evaluasi:lkjip_buat") + f"?tahun={TAHUN}", {"opd": plan.opd.pk})
    laporan = LaporanKinerja.objects.get(opd=plan.opd, tahun=TAHUN)
    assert response.url == reverse("evaluasi:lkjip_detail", args=[laporan.pk])

    url = reverse("evaluasi:lkjip_ubah", args=[laporan.pk])
    page = client.get(url).content.decode()
    assert "Analisis sasaran SS.1" in page and "Kata Pengantar" in page
    data = {"versi": versi(laporan), "kata_pengantar": "Puji syukur **kami** <script>alert(1)</script>"}
    data[f"sasaran_{plan.plan['ss1'].pk}"] = "x" * 20_001  # too long: re-displayed, nothing lost
    response = client.post(url, data)
    assert response.status_code == 200 and "Puji syukur **kami**" in response.content.decode()
    data[f"sasaran_{plan.plan['ss1'].pk}"] = "Kader posyandu aktif."
    assert client.post(url, data).status_code == 302

    detail = client.get(reverse("evaluasi:lkjip_detail", args=[laporan.pk])).content.decode()
    assert "<strong>kami</strong>" in detail and "<script>alert(1)" not in detail
    assert "Kader posyandu aktif." in detail and "Cetak PDF" in detail

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("evaluasi:lkjip_finalkan", args=[laporan.pk]))
    assert response.status_code == 302
    laporan.refresh_from_db()
    assert laporan.final and laporan.pdf_sha256
    response = client.get(reverse("evaluasi:lkjip_unduh", args=[laporan.pk]))
    assert response["Content-Type"] == "application/pdf"
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == laporan.pdf_sha256
    assert "attachment" in response["Content-Disposition"] and "final" in response["Content-Disposition"]
    # Final: no more edits, by any route.
    assert client.get(url).status_code == 403
    assert client.post(reverse("evaluasi:lkjip_finalkan", args=[laporan.pk])).status_code == 403


def test_download_of_a_draft_starts_printing_then_serves(plan, laporan, client, django_capture_on_commit_callbacks):
    client.force_login(plan.users["pimpinan"])
    url = reverse("evaluasi:lkjip_unduh", args=[laporan.pk])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.get(url)
    assert response.status_code == 302 and response.url.endswith("#pdf") and len(callbacks) == 1
    berkas = BerkasLkjip.objects.get(laporan=laporan)
    status = client.get(reverse("evaluasi:lkjip_pdf_status", args=[laporan.pk, berkas.pk])).content.decode()
    assert 'role="progressbar"' in status and "hx-trigger" in status
    callbacks[0]()
    status = client.get(reverse("evaluasi:lkjip_pdf_status", args=[laporan.pk, berkas.pk])).content.decode()
    assert "Unduh PDF" in status and "hx-trigger" not in status
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


def test_read_only_roles_get_403_and_other_opd_404(plan, laporan, client):
    for role in ("pimpinan", "evaluator", "admin_pemda"):
        client.force_login(plan.users[role])
        assert client.get(reverse("evaluasi:lkjip_ubah", args=[laporan.pk])).status_code == 403
        assert client.post(reverse("evaluasi:lkjip_finalkan", args=[laporan.pk])).status_code == 403
    client.force_login(plan.planners["other_opd"])
    assert client.get(reverse("evaluasi:lkjip_detail", args=[laporan.pk])).status_code == 404
    assert client.post(reverse("evaluasi:lkjip_buat"), {"opd": plan.opd.pk}).status_code == 404
    client.force_login(plan.planners["other_pemda"])
    assert client.get(reverse("evaluasi:lkjip_unduh", args=[laporan.pk])).status_code == 404


def test_evaluator_records_the_review_statement(plan, laporan, client):
    client.force_login(plan.users["evaluator"])
    url = reverse("evaluasi:lkjip_reviu", args=[laporan.pk])
    response = client.post(url, {"reviu_nama": "Drs. Ahmad", "reviu_jabatan": "Inspektur", "versi": versi(laporan)})
    assert response.status_code == 200 and "Isi tanggal pernyataan" in response.content.decode()
    data = {
        "reviu_tanggal": "2027-02-20",
        "reviu_nama": "Drs. Ahmad",
        "reviu_nip": "19700101 199503 1 001",
        "reviu_jabatan": "Inspektur Kota Uji",
        "versi": versi(laporan),
    }
    assert client.post(url, data).status_code == 302
    laporan.refresh_from_db()
    assert laporan.direviu and laporan.reviu_nip == "197001011995031001"
    client.force_login(plan.users["perencana"])
    assert client.get(url).status_code == 403


def test_leaders_list_and_zip(plan, laporan, client, django_capture_on_commit_callbacks):
    render_now(django_capture_on_commit_callbacks, laporan)
    pemda_report = services.laporan_buat(pemda=plan.pemda, opd=None, tahun=TAHUN, oleh=plan.users["admin_pemda"])
    client.force_login(plan.users["pimpinan"])
    page = client.get(reverse("evaluasi:lkjip_list") + f"?tahun={TAHUN}").content.decode()
    assert "Dinas Kesehatan" in page and "Dinas Pendidikan" in page and "Belum disusun" in page
    assert "Susun LKjIP" not in page  # leaders read only
    response = client.get(reverse("evaluasi:lkjip_zip") + f"?tahun={TAHUN}")
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert laporan.nama_berkas() in names and "DAFTAR.txt" in names
    assert archive.read(laporan.nama_berkas()).startswith(b"%PDF")
    daftar = archive.read("DAFTAR.txt").decode()
    assert "draf, dicetak" in daftar and f"{plan.pemda.nama_lengkap}: PDF belum dicetak" in daftar
    assert pemda_report.nama_berkas() not in names


def test_list_page_queries_do_not_grow(world, client, django_capture_on_commit_callbacks):
    client.force_login(world.users["pimpinan"])
    url = reverse("evaluasi:lkjip_list") + f"?tahun={TAHUN}"

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    for opd in (world.opd, world.other_opd):
        services.laporan_buat(pemda=world.pemda, opd=opd, tahun=TAHUN, oleh=world.users["superuser"])
    small = count()
    for _ in range(6):
        opd = OpdFactory(pemda=world.pemda)
        report = services.laporan_buat(pemda=world.pemda, opd=opd, tahun=TAHUN, oleh=world.users["superuser"])
        BerkasLkjip.objects.create(laporan=report, sidik="a" * 64, html="x", status="selesai", berkas="lkjip/x.pdf")
    assert count() == small


# --- The command -----------------------------------------------------------------------------------


def test_render_command_writes_the_pdf(plan, tmp_path):
    output = tmp_path / "dinkes.pdf"
    stdout = io.StringIO()
    call_command("render_lkjip", opd=plan.opd.kode, year=TAHUN, output=str(output), stdout=stdout)
    text = pdf_text(output.read_bytes())
    assert "BAB III" in text.upper() and "106,25" in text
    assert "halaman" in stdout.getvalue() and hashlib.sha256(output.read_bytes()).hexdigest() in stdout.getvalue()
    assert not LaporanKinerja.objects.exists()  # nothing stored by a print from the command line

    pemda_output = tmp_path / "pemda.pdf"
    call_command("render_lkjip", pemda=plan.pemda.kode, year=TAHUN, output=str(pemda_output), stdout=io.StringIO())
    assert plan.opd.nama in pdf_text(pemda_output.read_bytes())

    with pytest.raises(CommandError, match="tidak ada"):
        call_command("render_lkjip", opd="TIDAK-ADA", year=TAHUN, output=str(output))
    with pytest.raises(CommandError, match="--opd"):
        call_command("render_lkjip", year=TAHUN, output=str(output))


def test_admin_reads_a_final_report_only(plan, laporan, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.laporan_finalkan(laporan=laporan, oleh=plan.users["perencana"])
    client.force_login(plan.users["superuser"])
    change = reverse("admin:evaluasi_laporankinerja_change", args=[laporan.pk])
    assert client.get(change).status_code == 200
    client.post(change, {"penutup": "diubah lewat admin"})
    assert (
        client.post(reverse("admin:evaluasi_laporankinerja_delete", args=[laporan.pk]), {"post": "yes"}).status_code
        == 403
    )
    laporan.refresh_from_db()
    assert laporan.penutup == "" and laporan.final


def test_the_lkjip_is_citable_as_lke_evidence(plan, laporan):
    from evaluasi.models import DokumenBukti, TemplateLKE
    from evaluasi.services import evaluasi_buka
    from evaluasi.views_evaluasi import dokumen_bukti

    template = TemplateLKE.objects.get(pemda=None, regulasi="88/2021")
    evaluasi = evaluasi_buka(pemda=plan.pemda, opd=plan.opd, tahun=TAHUN, template=template)
    other = evaluasi_buka(pemda=plan.pemda, opd=plan.other_opd, tahun=TAHUN, template=template)
    assert dokumen_bukti(evaluasi)[DokumenBukti.LKJIP][1] == reverse("evaluasi:lkjip_detail", args=[laporan.pk])
    assert dokumen_bukti(other)[DokumenBukti.LKJIP][1] is None  # Disdik has not started its report


def test_a_final_report_survives_bulk_deletes_and_serves_only_its_own_pdf(
    plan, laporan, client, django_capture_on_commit_callbacks
):
    draft_print = render_now(django_capture_on_commit_callbacks, laporan)  # printed while still a draft
    with django_capture_on_commit_callbacks(execute=True):
        own = services.laporan_finalkan(laporan=laporan, oleh=plan.users["perencana"])
    with pytest.raises(LaporanTerkunci), transaction.atomic():
        LaporanKinerja.objects.filter(pk=laporan.pk).delete()
    client.force_login(plan.users["pimpinan"])
    for name in ("evaluasi:lkjip_berkas", "evaluasi:lkjip_pdf_status"):
        assert client.get(reverse(name, args=[laporan.pk, own.pk])).status_code == 200
        if BerkasLkjip.objects.filter(pk=draft_print.pk).exists():
            assert client.get(reverse(name, args=[laporan.pk, draft_print.pk])).status_code == 404


def test_saving_keeps_analyses_of_sasaran_not_on_the_form(plan, laporan):
    laporan.narasi_sasaran = {"999999": "Analisis sasaran lama"}
    LaporanKinerja.objects.filter(pk=laporan.pk).update(narasi_sasaran=laporan.narasi_sasaran)
    ss1 = str(plan.plan["ss1"].pk)
    services.laporan_simpan(
        laporan=laporan, narasi={}, narasi_sasaran={ss1: "Baru"}, versi=None, oleh=plan.users["perencana"]
    )
    laporan.refresh_from_db()
    assert laporan.narasi_sasaran == {"999999": "Analisis sasaran lama", ss1: "Baru"}


def test_zip_holds_the_final_in_force_while_version_2_is_written(
    plan, laporan, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.laporan_finalkan(laporan=laporan, oleh=plan.users["perencana"])
    laporan.refresh_from_db()
    baru = services.laporan_versi_baru(laporan=laporan, alasan="Koreksi", oleh=plan.users["perencana"])
    render_now(django_capture_on_commit_callbacks, baru)
    client.force_login(plan.users["pimpinan"])
    page = client.get(reverse("evaluasi:lkjip_list") + f"?tahun={TAHUN}").content.decode()
    assert "Final versi 1" in page
    names = zipfile.ZipFile(
        io.BytesIO(client.get(reverse("evaluasi:lkjip_zip") + f"?tahun={TAHUN}").content)
    ).namelist()
    assert laporan.nama_berkas() in names and baru.nama_berkas() not in names
