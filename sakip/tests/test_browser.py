"""Browser journeys: Playwright driving Debian's Chromium against a live server.

A failing test leaves a screenshot under test-results/ (pytest-playwright's --screenshot option).
"""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from sakip.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_HOME = [
    # username, role as shown, scope text on the home page
    ("superadmin", "Superuser", "Pemda dalam instalasi ini"),
    ("admin.contoh", "Admin Pemda", "Pemerintah Kota Contoh"),
    ("perencana.dinkes", "Perencana OPD", "Dinas Kesehatan"),
    ("kepala.dinkes", "Kepala OPD", "Dinas Kesehatan"),
    ("evaluator.contoh", "Evaluator (Inspektorat)", "Pemerintah Kota Contoh"),
    ("pimpinan.contoh", "Pimpinan Daerah", "Pemerintah Kota Contoh"),
    ("admin.teladan", "Admin Pemda", "Pemerintah Kabupaten Teladan"),
]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo")


def log_in(page: Page, base_url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    # The bell of the page before loads after it (htmx): an answer arriving after the caller cleared
    # the cookies would set the old CSRF cookie again, under the login form's token. Let it land first.
    page.wait_for_load_state("networkidle")
    page.goto(base_url + "/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()


def test_each_demo_role_logs_in_and_sees_its_home(demo, live_server, page: Page):
    for username, role_label, scope in DEMO_HOME:
        page.context.clear_cookies()
        log_in(page, live_server.url, username)
        expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")
        lingkup = page.get_by_test_id("lingkup")
        expect(lingkup).to_contain_text(role_label)
        if username == "superadmin":
            expect(page.get_by_role("heading", name=scope)).to_be_visible()
        else:
            expect(lingkup).to_contain_text(scope)
        if username.endswith(".teladan"):
            expect(page.locator("body")).not_to_contain_text("Kota Contoh")
        # The organisation page lists only what the role may see.
        page.goto(live_server.url + "/organisasi/opd/")
        rows = page.locator("table tbody tr")
        if username.startswith(("perencana.", "kepala.")):
            expect(rows).to_have_count(1)
            expect(rows.first).to_contain_text("Dinas Kesehatan")
        elif username != "superadmin":
            expect(rows).to_have_count(10 if username.endswith(".contoh") else 4)


def test_wrong_password_then_right(demo, live_server, page: Page):
    log_in(page, live_server.url, "perencana.dinkes", "salah-sandi")
    expect(page.get_by_text("Nama pengguna atau kata sandi salah")).to_be_visible()
    expect(page.get_by_label("Nama pengguna")).to_have_value("perencana.dinkes")
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(re.compile(r"/$"))


def test_admin_adds_an_opd_and_a_planner(demo, live_server, page: Page):
    log_in(page, live_server.url, "admin.contoh")
    page.get_by_role("link", name="Organisasi").click()
    page.get_by_role("link", name="Perangkat daerah").first.click()
    page.get_by_role("link", name="Tambah perangkat daerah").click()
    page.get_by_label("Nama").fill("Dinas Perhubungan")
    page.get_by_label("Singkatan").fill("Dishub")
    page.get_by_label("Kode").fill("2.15.01")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dinas Perhubungan")

    page.get_by_role("link", name="Tambah unit").click()
    page.get_by_label("Nama").fill("Bidang Lalu Lintas")
    page.get_by_label("Jenis").select_option(label="Bidang")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator(".unit-tree").get_by_text("Bidang Lalu Lintas")).to_be_visible()

    page.get_by_role("link", name="Pengguna").first.click()
    page.get_by_role("link", name="Tambah pengguna").click()
    opd_field = page.locator("#div_id_opd")
    page.locator("#id_role").select_option(label="Evaluator")
    expect(opd_field).to_be_hidden()
    page.locator("#id_role").select_option(label="Perencana OPD")
    expect(opd_field).to_be_visible()
    page.get_by_label("Nama pengguna").fill("perencana.dishub")
    page.get_by_label("Nama lengkap").fill("Bima Sakti, S.T.")
    page.get_by_label("Perangkat daerah").select_option(label="Dinas Perhubungan")
    page.locator("#id_password1").fill("Lalu-Lintas-Lancar-1")
    page.locator("#id_password2").fill("Lalu-Lintas-Lancar-1")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Pengguna perencana.dishub dibuat.")).to_be_visible()

    # The new planner signs in and sees only the new OPD.
    page.get_by_role("button", name=re.compile("Yudi")).click()
    page.get_by_role("button", name="Keluar").click()
    log_in(page, live_server.url, "perencana.dishub", "Lalu-Lintas-Lancar-1")
    expect(page.get_by_test_id("lingkup")).to_contain_text("Dinas Perhubungan")


def test_phone_layout_has_a_working_menu(demo, live_server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    page = context.new_page()
    log_in(page, live_server.url, "pimpinan.contoh")
    nav_link = page.locator("#menu-utama").get_by_role("link", name="Perjanjian Kinerja", exact=True)
    expect(nav_link).to_be_hidden()
    page.get_by_role("button", name="Buka menu").click()
    expect(nav_link).to_be_visible()
    nav_link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Perjanjian kinerja dan realisasi")
    context.close()
