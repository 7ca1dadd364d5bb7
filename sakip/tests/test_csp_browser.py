"""The Content-Security-Policy in Chromium: the pages whose behaviour moved from inline scripts and
on...= handlers to static files still work (the bell, a confirmation, an auto-submitting filter, the
IKP form's extra row, the PK rows' live difference, the admin) and the browser reports no violation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from perjanjian import services
from perjanjian.models import PerjanjianKinerja
from perjanjian.tests.test_pk_views import plan  # noqa: F401 (the fixture: a Renstra with IKU and targets)
from sakip.tests.test_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "rahasia-uji-123"  # sakip.tests.factories.UserFactory
VIOLATION = re.compile(r"Content Security Policy|Refused to", re.IGNORECASE)


@pytest.fixture
def violations(page: Page) -> list[str]:
    """Console messages and uncaught errors of the page: a CSP refusal is reported in the console."""
    seen: list[str] = []
    page.on("console", lambda message: VIOLATION.search(message.text) and seen.append(message.text))
    page.on("pageerror", lambda error: seen.append(f"pageerror: {error}"))
    return seen


def masuk(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, base, username, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")


def test_pages_work_under_the_policy(plan, live_server, page: Page, violations):  # noqa: F811
    base = live_server.url
    user = plan.users["perencana"]
    draf = services.pk_create(opd=plan.opd, periode=plan.periode, tahun=2026, user=user)
    services.pk_create(opd=plan.opd, periode=plan.periode, tahun=2027, user=user)

    # Beranda: htmx loads the bell into the navbar.
    masuk(page, base, "perencana")
    expect(page.get_by_test_id("lonceng")).to_be_visible()
    assert page.evaluate("htmx.config.allowEval") is False
    assert page.locator("head style").count() == 0  # htmx injected no indicator <style>

    # The PK list: choosing a year submits the filter.
    page.goto(base + "/pk/pk/")
    expect(page.locator("tbody tr")).to_have_count(2)
    page.locator("#filter-tahun").select_option("2027")
    expect(page).to_have_url(re.compile(r"[?&]tahun=2027"))
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody tr")).to_contain_text("2027")

    # The PK rows: the difference from the Renstra target (70) follows what the planner types.
    page.goto(base + f"/pk/pk/{draf.pk}/target/")
    line = page.locator("tbody tr", has_text="Cakupan imunisasi")
    target, selisih = line.get_by_label("Target tahunan"), line.locator("[data-selisih]")
    target.fill("72,5")
    expect(selisih).to_have_text("+2,5")
    target.fill("1.070")
    expect(selisih).to_have_text("+1.000")
    target.fill("65")
    expect(selisih).to_have_text("-5")
    target.fill("bukan angka")
    expect(selisih).to_have_text("–")

    # The PK detail: "Hapus" asks first; refused, nothing happens; accepted, the draft is deleted.
    page.goto(base + draf.get_absolute_url())
    dialogs: list[str] = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Hapus").click()
    expect(page).to_have_url(base + draf.get_absolute_url())
    assert dialogs == ["Hapus draf PK ini beserta baris dan anggarannya?"]
    assert PerjanjianKinerja.objects.filter(pk=draf.pk).exists()
    page.once("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Hapus").click()
    expect(page.get_by_text("dihapus.")).to_be_visible()
    assert len(dialogs) == 2
    assert not PerjanjianKinerja.objects.filter(pk=draf.pk).exists()

    # The IKP form: "Tambah baris" adds a numbered empty task row.
    masuk(page, base, "pimpinan")
    page.goto(base + "/ikp/baru/")
    rows = page.locator("#tabel-tugas tbody tr")
    before = rows.count()
    total = page.locator("#id_tugas-TOTAL_FORMS")
    expect(total).to_have_value(str(before))
    page.get_by_role("button", name="Tambah baris").click()
    expect(rows).to_have_count(before + 1)
    expect(total).to_have_value(str(before + 1))
    expect(rows.last.locator(f'[name="tugas-{before}-opd"]')).to_have_count(1)

    # The Django admin, as a superuser.
    masuk(page, base, "super")
    page.goto(base + "/admin/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Data induk")
    page.goto(base + "/admin/sakip/user/")
    expect(page.locator("#result_list")).to_be_visible()
    page.goto(base + f"/admin/sakip/user/{user.pk}/change/")
    expect(page.locator("#user_form")).to_be_visible()
    expect(page.locator("#id_groups_from")).to_be_visible()  # the admin's SelectFilter script ran

    assert violations == []
