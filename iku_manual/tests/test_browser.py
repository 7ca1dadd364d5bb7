"""A planner builds part of the tree in the browser, is told what is weak, fixes it, and downloads
the Manual IKU as a PDF."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from sakip.tests.test_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo")


def test_planner_builds_checks_fixes_and_downloads_the_manual(demo, live_server, page: Page):
    log_in(page, live_server.url, "perencana.dinkes")
    page.locator("#menu-utama").get_by_role("link", name="Manual IKU").click()
    page.locator("table").get_by_role("link", name="Dinas Kesehatan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Renstra Dinas Kesehatan")

    # A sasaran strategis that supports an RPJMD sasaran.
    page.get_by_role("link", name="Tambah sasaran").click()
    page.get_by_label("Tingkat").select_option(label="Sasaran Strategis")
    page.get_by_label("Kode").fill("SS.9")
    page.get_by_label("Uraian sasaran").fill("Meningkatnya kualitas hidup penduduk lanjut usia")
    page.get_by_label("RPJMD · S.1.1 Meningkatnya derajat kesehatan masyarakat").check()
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Sasaran SS.9 ditambahkan.")).to_be_visible()

    # Its indicator, with five years of targets in the Indonesian format, but no data source yet.
    page.get_by_role("link", name="Tambah indikator").click()
    page.get_by_label("Kode").fill("IKU.9")
    page.get_by_label("Nama indikator").fill("Persentase lansia yang mendapat skrining kesehatan")
    page.get_by_label("Definisi operasional").fill("Penduduk usia 60 tahun ke atas yang diskrining sesuai standar.")
    page.get_by_label("Formula", exact=False).first.fill("Lansia diskrining dibagi jumlah lansia dikali 100%")
    page.get_by_label("Satuan").fill("%")
    page.get_by_label("Penanggung jawab").select_option(label="Seksi Kesehatan Keluarga dan Gizi")
    page.get_by_label("Tahun baseline").fill("2024")
    page.get_by_label("nilai baseline").fill("58,5")
    for year, value in zip(range(2025, 2030), ["60", "62,5", "65", "67,5", "70"], strict=True):
        page.get_by_label(f"Target {year}").fill(value)
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Indikator IKU.9 ditambahkan.")).to_be_visible()
    expect(page.locator("table.manual-sheet")).to_contain_text("62,5")

    # The quality check flags the missing data source, with the way to fix it.
    page.get_by_role("link", name="Renstra Dinkes").click()
    page.get_by_role("link", name="Cek kualitas IKU").click()
    finding = page.get_by_test_id("temuan").locator(".list-group-item", has_text="IKU.9")
    expect(finding).to_contain_text("Sumber data kosong.")
    expect(finding).to_contain_text("Sebutkan dokumen, sistem atau instansi penyedia data.")
    finding.get_by_role("link", name="Perbaiki").click()
    page.get_by_label("Sumber data").fill("Laporan skrining lansia puskesmas")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Indikator disimpan.")).to_be_visible()
    page.get_by_role("link", name="Renstra Dinkes").click()
    page.get_by_role("link", name="Cek kualitas IKU").click()
    expect(page.locator("main")).not_to_contain_text("IKU.9")

    # The Manual IKU as a PDF, read back.
    page.get_by_role("link", name="Renstra Dinkes").click()
    page.get_by_role("link", name="Manual IKU", exact=True).last.click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh PDF").click()
    pdf = PdfReader(io.BytesIO(open(download_info.value.path(), "rb").read()))
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "MANUAL INDIKATOR KINERJA UTAMA" in text
    assert "Persentase lansia yang mendapat skrining kesehatan" in text
    assert "Laporan skrining lansia puskesmas" in text
    assert "62,5" in text
