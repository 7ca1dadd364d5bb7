"""The evaluation in the browser: the evaluator scores the Capaian Kinerja component of an OPD (taking
the answers suggested from the realisations, overriding one), writes a recommendation and finalises;
the OPD's planner then sees the grade and the recommendation and records a follow-up, which the
evaluator accepts."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from evaluasi import services
from evaluasi.models import Evaluasi, Kriteria, Rekomendasi, TemplateLKE
from evaluasi.services import IsianJawaban
from sakip.models import PerangkatDaerah, User
from sakip.numbers import format_decimal
from sakip.tests.test_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = 2026  # the demo evaluates 2024 and 2025; 2026 has realisations for TW I–II


@pytest.fixture
def evaluation(settings):
    """Dinkes 2026 on the 12/2015 worksheet, every component but Capaian Kinerja already scored."""
    settings.DEBUG = True
    call_command("load_demo")
    opd = PerangkatDaerah.objects.get(pemda__kode="99.71", singkatan="Dinkes")
    template = TemplateLKE.objects.get(pemda=None, regulasi="12/2015")
    evaluasi = services.evaluasi_buka(pemda=opd.pemda, opd=opd, tahun=YEAR, template=template)
    evaluator = User.objects.get(username="evaluator.contoh")
    criteria = Kriteria.objects.filter(sub__komponen__template=template).exclude(sub__komponen__kode="E")
    for kriteria in criteria.prefetch_related("skala__opsi"):
        best = max(kriteria.skala.opsi.all(), key=lambda o: o.nilai)
        services.jawaban_simpan(
            evaluasi=evaluasi,
            kriteria=kriteria,
            user=evaluator,
            isian=IsianJawaban(versi=0, opsi=best),
            sebagai="evaluator",
        )
    return evaluasi


def switch_user(page: Page, base_url: str, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, base_url, username)


def open_evaluation(page: Page, base: str) -> None:
    page.locator("#menu-utama").get_by_role("link", name="Evaluasi").click()
    page.get_by_role("link", name="Evaluasi perangkat daerah").click()
    page.get_by_label("Tahun yang dievaluasi").fill(str(YEAR))
    page.get_by_role("button", name="Tampilkan").click()
    page.get_by_role("link", name="Dinas Kesehatan", exact=True).click()


def test_evaluator_scores_and_the_opd_sees_grade_and_follows_up(evaluation, live_server, page: Page):
    base = live_server.url

    # The evaluator opens the Capaian Kinerja worksheet: each criterion comes with the answer the
    # realisations suggest; the evaluator takes them, but judges reliability (92) lower than the data.
    log_in(page, base, "evaluator.contoh")
    open_evaluation(page, base)
    page.locator("tr", has_text="Capaian Kinerja").get_by_role("link", name="Lembar kerja").click()
    expect(page.get_by_text("Saran dari data:").first).to_be_visible()
    for nomor in ("87", "88", "89", "90", "91", "92"):
        page.locator(f"#kriteria-{nomor}").get_by_role("button", name="Pakai saran").click()
    suggested = page.get_by_label("Nilai evaluator 90").input_value()
    assert suggested  # the suggestion filled the select
    page.get_by_label("Nilai evaluator 92").select_option(label="D")
    page.get_by_label("Catatan evaluator 92").fill("Sebagian data outcome belum dapat ditelusuri ke sumbernya.")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("6 jawaban disimpan.")).to_be_visible()

    # A recommendation with its due date, then finalising.
    page.get_by_role("link", name=str(evaluation)).first.click()
    page.get_by_role("link", name="Rekomendasi").click()
    page.get_by_label("Komponen").select_option(label="E. Capaian Kinerja")
    page.get_by_label("Rekomendasi").fill("Menetapkan SOP verifikasi data kinerja outcome.")
    page.get_by_label("Batas waktu tindak lanjut").fill(f"{YEAR + 1}-03-31")
    page.get_by_role("button", name="Simpan rekomendasi").click()
    expect(page.get_by_text("Rekomendasi nomor 1 disimpan.")).to_be_visible()
    page.goto(base + f"/evaluasi/evaluasi/{evaluation.pk}/")
    page.get_by_role("button", name="Finalkan").click()
    expect(page.get_by_text("Evaluasi difinalkan dan dikunci.")).to_be_visible()

    evaluation.refresh_from_db()
    assert evaluation.status == Evaluasi.Status.FINAL
    hasil = services.hasil(evaluation)
    expect(page.locator("#nilai-total")).to_have_text(format_decimal(hasil.total, 2))

    # The OPD's planner sees the grade with its words, and the recommendation.
    switch_user(page, base, "perencana.dinkes")
    open_evaluation(page, base)
    expect(page.locator("#nilai-total")).to_have_text(format_decimal(hasil.total, 2))
    expect(page.locator("#predikat")).to_contain_text(f"{hasil.predikat.kode} {hasil.predikat.kata}")
    page.get_by_role("link", name="Rekomendasi").click()
    page.get_by_role("link", name="Menetapkan SOP verifikasi data kinerja outcome.").click()
    page.get_by_label("Uraian tindak lanjut").fill(
        "SOP verifikasi data kinerja ditetapkan dengan Keputusan Kepala Dinas."
    )
    page.get_by_label("Tautan bukti").fill("https://data.kotacontoh.go.id/sakip/sop-verifikasi")
    page.get_by_role("button", name="Ajukan").click()
    expect(page.get_by_text("Tindak lanjut diajukan; menunggu penilaian evaluator.")).to_be_visible()

    # The evaluator accepts it: the recommendation is settled.
    switch_user(page, base, "evaluator.contoh")
    rekomendasi = Rekomendasi.objects.get(evaluasi=evaluation)
    page.goto(base + f"/evaluasi/rekomendasi/{rekomendasi.pk}/")
    page.get_by_role("button", name="Terima, rekomendasi selesai").click()
    expect(page.get_by_text("Tindak lanjut diterima; rekomendasi selesai.")).to_be_visible()
    rekomendasi.refresh_from_db()
    assert rekomendasi.status == Rekomendasi.Status.SELESAI
