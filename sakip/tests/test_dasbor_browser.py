"""The leader's dashboard in the browser: the pimpinan opens Beranda on the demo, sees the capaian heat
map and the charts, switches to the demo's fullest year and opens an OPD's sasaran × triwulan
drill-down from the heat map."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from sakip.tests.test_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo")


def test_pimpinan_opens_the_heat_map_and_drills_down(demo, live_server, page: Page):
    log_in(page, live_server.url, "pimpinan.contoh")
    peta = page.get_by_test_id("peta-capaian")
    expect(peta).to_be_visible()
    expect(peta.get_by_role("rowheader", name="Dinas Kesehatan", exact=True)).to_be_visible()
    # The evaluation trend (garis) and the efficiency scatter (sebar), each with its table.
    expect(page.locator("figure.grafik svg")).to_have_count(2)
    expect(page.get_by_role("heading", name="Kelengkapan pengisian realisasi")).to_be_visible()

    page.get_by_label("Tahun").select_option("2025")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page.get_by_role("heading", name="Capaian kinerja perangkat daerah 2025")).to_be_visible()
    cell = peta.get_by_role("row").filter(has_text="Dinas Kesehatan").get_by_role("cell").first
    expect(cell).to_have_class(re.compile(r"bg-\w+-subtle"))  # coloured by its band

    peta.get_by_role("link", name="Dinas Kesehatan", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Capaian Dinas Kesehatan 2025")
    sasaran = page.get_by_test_id("peta-sasaran")
    expect(sasaran).to_be_visible()
    expect(sasaran.get_by_role("row")).not_to_have_count(0)
    expect(page.get_by_test_id("tabel-indikator").first).to_be_visible()
    page.get_by_role("link", name="Dasbor 2025").click()
    expect(page.get_by_test_id("peta-capaian")).to_be_visible()
