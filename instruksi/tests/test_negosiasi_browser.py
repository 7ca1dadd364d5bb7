"""The IKP negotiation in the browser: the pimpinan issues an instruction to Dinkes, its planner
proposes a lower target with a reason, the pimpinan approves, the planner sees the new target and the
recorded step; then a second proposal is rejected and the target stays."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from instruksi.models import Instruksi, Negosiasi
from sakip.models import Role
from sakip.tests import factories as f
from sakip.tests.test_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "rahasia-uji-123"  # sakip.tests.factories.UserFactory


@pytest.fixture
def kota():
    pemda = f.PemdaFactory(nama="Kota Uji IKP", kode="99.83")
    dinkes = f.OpdFactory(pemda=pemda, nama="Dinas Kesehatan", singkatan="Dinkes")
    f.OpdFactory(pemda=pemda, nama="Dinas Sosial", singkatan="Dinsos")
    f.UserFactory(username="pimpinan.uji", role=Role.PIMPINAN, pemda=pemda)
    f.UserFactory(username="perencana.uji", role=Role.PERENCANA, pemda=pemda, opd=dinkes)
    return dinkes


def masuk(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, base, username, PASSWORD)


def buka_tugas(page: Page, base: str) -> None:
    page.goto(base + "/ikp/")
    page.get_by_role("link", name="Dinkes").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Korban kekerasan anak didampingi")


def test_negotiation_approved_then_rejected(kota, live_server, page: Page):
    base = live_server.url
    batas = timezone.localdate() + datetime.timedelta(days=30)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))

    masuk(page, base, "pimpinan.uji")
    page.goto(base + "/ikp/")
    page.get_by_role("link", name="Instruksi baru").click()
    page.get_by_label("Perihal").fill("Penanganan kasus kekerasan terhadap anak")
    page.get_by_label("Perangkat daerah").select_option(label="Dinas Kesehatan")
    page.get_by_label("Target yang harus dicapai").fill("Korban kekerasan anak didampingi")
    page.get_by_label("Target", exact=True).fill("1.200")
    page.get_by_label("Satuan").fill("kasus")
    page.get_by_label("Batas waktu").fill(batas.isoformat())
    page.get_by_role("button", name="Simpan draf").click()
    expect(page.get_by_text("Draf instruksi disimpan.")).to_be_visible()
    page.get_by_role("button", name="Terbitkan").click()
    expect(page.get_by_text("Instruksi diterbitkan")).to_be_visible()
    assert dialogs[-1].startswith("Terbitkan instruksi ini?")
    assert Instruksi.objects.get().status == "diterbitkan"

    masuk(page, base, "perencana.uji")
    buka_tugas(page, base)
    expect(page.locator("#target-berlaku")).to_have_text("1.200 kasus")
    page.get_by_text("Ajukan negosiasi target").click()
    page.get_by_label("Target usulan").fill("800")
    page.get_by_label("Alasan").fill("Pekerja sosial hanya 12 orang.")
    page.get_by_role("button", name="Kirim usulan").click()
    expect(page.get_by_text("Usulan dikirim kepada pimpinan")).to_be_visible()
    expect(page.get_by_text("Usulan perubahan target menunggu keputusan pimpinan.")).to_be_visible()

    masuk(page, base, "pimpinan.uji")
    buka_tugas(page, base)
    page.get_by_label("Catatan pimpinan").fill("Disetujui, sisanya bulan depan.")
    page.get_by_role("button", name="Setujui usulan").click()
    expect(page.get_by_text("Usulan disetujui; target tugas diubah.")).to_be_visible()
    assert dialogs[-1].startswith("Setujui usulan ini?")

    masuk(page, base, "perencana.uji")
    buka_tugas(page, base)
    expect(page.locator("#target-berlaku")).to_have_text("800 kasus")
    timeline = page.locator("#linimasa")
    expect(timeline).to_contain_text("1.200 → 800 kasus")
    expect(timeline).to_contain_text("Disetujui")
    expect(timeline).to_contain_text("Disetujui, sisanya bulan depan.")

    page.get_by_text("Ajukan negosiasi target").click()
    page.get_by_label("Target usulan").fill("500")
    page.get_by_label("Alasan").fill("Masih terlalu tinggi.")
    page.get_by_role("button", name="Kirim usulan").click()
    expect(page.get_by_text("Usulan dikirim kepada pimpinan")).to_be_visible()

    masuk(page, base, "pimpinan.uji")
    buka_tugas(page, base)
    page.get_by_role("button", name="Tolak usulan").click()
    expect(page.get_by_text("Tuliskan catatan: mengapa usulan ditolak.")).to_be_visible()
    page.get_by_label("Catatan pimpinan").fill("Target tetap; libatkan relawan.")
    page.get_by_role("button", name="Tolak usulan").click()
    expect(page.get_by_text("Usulan ditolak; target tetap.")).to_be_visible()

    masuk(page, base, "perencana.uji")
    buka_tugas(page, base)
    expect(page.locator("#target-berlaku")).to_have_text("800 kasus")
    expect(page.locator("#linimasa")).to_contain_text("Ditolak")
    expect(page.locator("#linimasa")).to_contain_text("Target tetap; libatkan relawan.")
    statuses = list(Negosiasi.objects.order_by("pk").values_list("status", "target_lama", "target_usulan"))
    assert statuses == [("disetujui", Decimal(1200), Decimal(800)), ("ditolak", Decimal(800), Decimal(500))]

    # The list's filters update the results in place (htmx) and in the address bar.
    page.goto(base + "/ikp/")
    expect(page.locator("#hasil")).to_contain_text("Penanganan kasus kekerasan terhadap anak")
    page.get_by_label("Status").select_option(label="Dibatalkan")
    expect(page.locator("#hasil")).to_contain_text("Belum ada instruksi pada tahun ini.")
    expect(page).to_have_url(re.compile(r"status=dibatalkan"))
