"""The bell in a real browser: loaded after the page by htmx, it shows the unread count; opening an
item marks it read and goes to its page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from notifikasi.models import Notifikasi
from sakip.tests.test_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_bell_opens_a_notification(world, live_server, page: Page):
    user = world.users["perencana"]
    Notifikasi.objects.create(penerima=user, judul="Lama sudah dibaca", tautan="/pk/")
    Notifikasi.objects.filter(penerima=user).update(dibaca_pada="2026-01-01T00:00:00Z")
    baru = Notifikasi.objects.create(
        penerima=user, jenis=Notifikasi.Jenis.DIKEMBALIKAN, judul="PK Induk 2026 Dinkes dikembalikan", tautan="/pk/pk/"
    )
    log_in(page, live_server.url, "perencana", "rahasia-uji-123")
    expect(page.get_by_test_id("lonceng-jumlah")).to_contain_text("1")
    page.get_by_test_id("lonceng").click()
    page.get_by_role("button", name="PK Induk 2026 Dinkes dikembalikan").click()
    expect(page).to_have_url(live_server.url + "/pk/pk/")
    baru.refresh_from_db()
    assert baru.dibaca_pada is not None
    expect(page.get_by_test_id("lonceng")).to_be_visible()
    expect(page.get_by_test_id("lonceng-jumlah")).to_have_count(0)

    page.goto(live_server.url + "/notifikasi/")
    expect(page.get_by_test_id("menunggu")).to_contain_text("Menunggu Anda")
    expect(page.get_by_test_id("daftar-notifikasi")).to_contain_text("Lama sudah dibaca")
