"""The LKjIP in the browser: Dinkes's planner starts the 2026 report, writes its foreword and finalises
it; the PDF prints in the background (a thread of the live server, the embedded default) while the
page shows its progress; then the pimpinan downloads it from the leaders' list, alone and in the ZIP.
The PDF is read back with pypdf."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from evaluasi.lkjip import build_lkjip_context
from evaluasi.models_lkjip import LaporanKinerja
from sakip.models import PerangkatDaerah
from sakip.numbers import format_decimal
from sakip.tests.test_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = 2026  # the demo's current year: PKs ditetapkan, verified realisations of TW I–II


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    settings.LKJIP_RENDER_LOKAL = "thread"
    settings.CELERY_BROKER_URL = ""
    call_command("load_demo")
    return PerangkatDaerah.objects.get(pemda__kode="99.71", singkatan="Dinkes")


def open_list(page: Page) -> None:
    page.locator("#menu-utama").get_by_role("link", name="Evaluasi").click()
    page.get_by_role("link", name="Laporan Kinerja (LKjIP)").click()
    page.get_by_label("Tahun laporan").fill(str(YEAR))
    page.get_by_role("button", name="Tampilkan").click()


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_planner_finalises_and_the_leader_downloads(demo, live_server, page: Page, tmp_path: Path):
    base = live_server.url
    log_in(page, base, "perencana.dinkes")
    open_list(page)
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Dinas Kesehatan", exact=True))
    row.get_by_role("button", name="Susun LKjIP").click()
    expect(page.get_by_role("heading", level=1).first).to_contain_text("Dinas Kesehatan Tahun 2026")

    page.get_by_role("link", name="Ubah narasi").click()
    page.get_by_label("Kata Pengantar").fill("Puji syukur, kinerja **Dinas Kesehatan** terus membaik.")
    page.get_by_role("button", name="Simpan narasi").click()
    expect(page.get_by_text("Narasi LKjIP disimpan.")).to_be_visible()
    expect(page.locator(".lkjip-isi strong", has_text="Dinas Kesehatan").first).to_be_visible()

    page.get_by_role("button", name="Finalkan").click()
    expect(page.get_by_text("LKjIP difinalkan; PDF-nya sedang dicetak.")).to_be_visible()
    # The progress indicator polls until the background render is done, then offers the file.
    expect(page.locator("#pdf").get_by_role("link", name="Unduh PDF")).to_be_visible(timeout=90_000)
    laporan = LaporanKinerja.objects.get(opd=demo, tahun=YEAR)
    assert laporan.final and len(laporan.pdf_sha256) == 64

    page.context.clear_cookies()
    log_in(page, base, "pimpinan.contoh")
    open_list(page)
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Dinas Kesehatan", exact=True))
    expect(row.get_by_text("Final")).to_be_visible()
    with page.expect_download() as info:
        row.get_by_role("link", name="Unduh PDF").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert info.value.suggested_filename == laporan.nama_berkas()
    text = pdf_text(path.read_bytes())
    for heading in ("KATA PENGANTAR", "IKHTISAR EKSEKUTIF", "DAFTAR ISI", "BAB I", "BAB II", "BAB III", "BAB IV"):
        assert heading in text.upper(), heading
    assert "Puji syukur, kinerja Dinas Kesehatan terus membaik." in text
    data = build_lkjip_context(demo, YEAR)
    measured = next(item for s in data.capaian_kinerja for item in s.indikator if item.tahun_ini.capaian is not None)
    assert format_decimal(measured.tahun_ini.capaian, 2) in text
    assert "Halaman 2 dari" in text

    with page.expect_download() as info:
        page.get_by_role("link", name="Unduh semua (ZIP)").click()
    archive = zipfile.ZipFile(info.value.path())
    assert laporan.nama_berkas() in archive.namelist() and "DAFTAR.txt" in archive.namelist()
