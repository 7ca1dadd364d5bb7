"""In the browser: the admin of the pemda enters an OPD's absorption, is stopped by a month that went
down, fixes it and reads the OPD page; then imports complaints from a CSV file through the preview."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from pemantauan.models import PengaduanLapor, SerapanAnggaran
from sakip.tests.test_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TAHUN = 2026


def test_admin_enters_absorption_and_imports_complaints(world, live_server, page: Page, tmp_path: Path):
    base = live_server.url
    log_in(page, base, "admin", "rahasia-uji-123")
    page.goto(f"{base}/pemantauan/?tahun={TAHUN}")
    row = page.get_by_role("row").filter(has_text="Dinas Pendidikan")
    row.get_by_role("link", name="Isi").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Isi serapan anggaran")

    page.get_by_label("Pagu Januari").fill("2.000.000.000")
    page.get_by_label("Realisasi s.d. Januari").fill("150.000.000")
    page.get_by_label("Pagu Februari").fill("2.000.000.000")
    page.get_by_label("Realisasi s.d. Februari").fill("120.000.000")  # lower than January
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("realisasi kumulatif tidak boleh turun")).to_be_visible()
    expect(page.get_by_label("Realisasi s.d. Februari")).to_have_value("120.000.000")
    assert not SerapanAnggaran.objects.exists()

    page.get_by_label("Realisasi s.d. Februari").fill("310.500.000,50")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Data disimpan (2 bulan berubah).")).to_be_visible()
    table = page.get_by_test_id("serapan-bulanan")
    expect(table.get_by_role("row").filter(has_text="Februari")).to_contain_text("310.500.000,5")
    expect(table.get_by_role("row").filter(has_text="Februari")).to_contain_text("15,53")
    expect(page.locator("svg polyline").first).to_be_visible()

    csv = tmp_path / "pengaduan.csv"
    csv.write_text(
        "Kode OPD;Perangkat Daerah;Bulan;Diterima;Ditanggapi;Selesai\n"
        f"{world.other_opd.kode};Disdik;Januari;12;10;4\n"
        f"{world.opd.kode};Dinkes;2;5;5;5\n",
        encoding="utf-8",
    )
    page.goto(f"{base}/pemantauan/pengaduan/{TAHUN}/impor/")
    page.get_by_label("Berkas Excel atau CSV").set_input_files(csv)
    page.get_by_role("button", name="Unggah dan periksa").click()
    expect(page.get_by_test_id("ringkasan")).to_contain_text("Bulan baru")
    assert not PengaduanLapor.objects.exists()  # the preview writes nothing
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Impor selesai: 2 bulan baru, 0 diubah, 0 tetap.")).to_be_visible()
    rekap = page.get_by_test_id("rekap-pengaduan")
    expect(rekap.get_by_role("row").filter(has_text="Dinas Pendidikan")).to_contain_text("83,33")
    assert PengaduanLapor.objects.count() == 2
