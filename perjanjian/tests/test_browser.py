"""The year's promise and its measurement, in the browser: a planner drafts and submits a PK, the
head of the OPD approves it, the planner enters a realisation with evidence, the evaluator returns
it with a note, the planner fixes it, the evaluator verifies it, and the capaian shows."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from iku_manual.models import Indikator
from perjanjian.models import PerjanjianKinerja, Realisasi
from sakip.numbers import format_decimal
from sakip.tests.test_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = 2027  # the demo has agreements for 2025 and 2026; 2027 is still to be drafted
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo")


def switch_user(page: Page, base_url: str, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, base_url, username)


def test_agreement_to_verified_capaian(demo, live_server, page: Page):
    base = live_server.url
    page.on("dialog", lambda dialog: dialog.accept())  # "Tetapkan PK ini?"

    # The planner drafts the 2027 PK: rows come prefilled from the Renstra targets.
    log_in(page, base, "perencana.dinkes")
    page.locator("#menu-utama").get_by_role("link", name="Perjanjian Kinerja").click()
    page.get_by_role("link", name="Daftar perjanjian kinerja").click()
    page.get_by_role("link", name="Buat PK").click()
    page.get_by_label("Tahun").select_option(str(YEAR))
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(str(YEAR))
    perjanjian = PerjanjianKinerja.objects.get(opd__singkatan="Dinkes", tahun=YEAR)
    row = (
        perjanjian.baris.select_related("indikator")
        .filter(indikator__polaritas=Indikator.Polaritas.MAXIMIZE, indikator__skala__isnull=True)
        .exclude(indikator__agregasi=Indikator.Agregasi.KUMULATIF)
        .first()
    )
    indikator, target = row.indikator, row.target
    assert target  # from the Renstra

    # Its rencana aksi: the quarterly targets, typed the Indonesian way.
    page.get_by_role("link", name="Target & rencana aksi").click()
    line = page.locator("tbody tr", has_text=indikator.nama)
    for quarter in ("TW I", "TW II", "TW III", "TW IV"):
        line.get_by_label(quarter, exact=True).fill(format_decimal(target))
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Target dan rencana aksi disimpan.")).to_be_visible()
    page.get_by_role("link", name="Kembali ke PK").click()
    page.get_by_role("button", name="Ajukan").click()
    expect(page.get_by_text("PK diajukan kepada kepala perangkat daerah untuk ditetapkan.")).to_be_visible()

    # The head of the OPD approves it; the planner who submitted could not.
    switch_user(page, base, "kepala.dinkes")
    page.goto(base + perjanjian.get_absolute_url())
    page.get_by_role("button", name="Tetapkan").click()
    expect(page.get_by_text("PK ditetapkan; penandatangan dan kop dibekukan.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Ditetapkan oleh")

    # The planner enters TW I with an evidence file and the analysis.
    switch_user(page, base, "perencana.dinkes")
    page.goto(base + f"/pk/opd/{perjanjian.opd_id}/{YEAR}/tw1/")
    page.locator("tr", has_text=indikator.nama).get_by_role("link", name="Isi").click()
    first_value = (target * Decimal("0.8")).quantize(Decimal("0.01"))
    page.get_by_role("textbox", name=re.compile(r"^Realisasi")).fill(format_decimal(first_value))
    page.get_by_label("Berkas bukti dukung").set_input_files(
        {"name": "laporan-tw1.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_label("Faktor pendukung").fill("Kader posyandu aktif di semua kelurahan.")
    page.get_by_label("Faktor penghambat").fill("Data dua puskesmas terlambat masuk.")
    page.get_by_label("Upaya/solusi").fill("Rapat validasi data bulanan.")
    page.get_by_role("button", name="Simpan dan ajukan").click()
    expect(page.get_by_text("Realisasi disimpan dan diajukan untuk diverifikasi.")).to_be_visible()

    # The evaluator returns it from the queue with a note.
    switch_user(page, base, "evaluator.contoh")
    page.goto(base + "/pk/verifikasi/")
    queued = page.locator("tbody tr", has_text=indikator.nama)
    expect(queued).to_contain_text(format_decimal(first_value))
    queued.get_by_placeholder("Catatan: apa yang harus diperbaiki").fill(
        "Angka belum memuat data dua puskesmas yang terlambat; perbarui."
    )
    queued.get_by_role("button", name="Kembalikan").click()
    expect(page.locator("main")).not_to_contain_text(indikator.nama)

    # The planner sees the note, fixes the value and submits again.
    switch_user(page, base, "perencana.dinkes")
    page.goto(base + f"/pk/opd/{perjanjian.opd_id}/{YEAR}/tw1/")
    returned = page.locator("tr", has_text=indikator.nama)
    expect(returned).to_contain_text("Angka belum memuat data dua puskesmas yang terlambat")
    returned.get_by_role("link", name="Ubah").click()
    fixed_value = (target * Decimal("0.9")).quantize(Decimal("0.01"))
    page.get_by_role("textbox", name=re.compile(r"^Realisasi")).fill(format_decimal(fixed_value))
    page.get_by_role("button", name="Simpan dan ajukan").click()
    expect(page.get_by_text("Realisasi disimpan dan diajukan untuk diverifikasi.")).to_be_visible()

    # The evaluator verifies it.
    switch_user(page, base, "evaluator.contoh")
    page.goto(base + "/pk/verifikasi/")
    page.locator("tbody tr", has_text=indikator.nama).get_by_role("button", name=re.compile("Verifikasi")).click()
    expect(page.locator("main")).not_to_contain_text(indikator.nama)
    realisasi = Realisasi.objects.get(indikator=indikator, tahun=YEAR, triwulan=1)
    assert (realisasi.status, realisasi.nilai) == ("terverifikasi", fixed_value)
    assert realisasi.bukti_nama == "laporan-tw1.pdf"
    assert realisasi.history.count() >= 5  # saved, submitted, returned, fixed and submitted, verified

    # The capaian shows on the monitoring table: 90 % of the TW I target.
    page.goto(base + f"/pk/opd/{perjanjian.opd_id}/{YEAR}/monitoring/")
    monitored = page.locator("tbody tr", has_text=indikator.nama)
    expect(monitored).to_contain_text(format_decimal(fixed_value))
    expect(monitored).to_contain_text("90,00")
