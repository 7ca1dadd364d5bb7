"""Malformed form posts: negative budgets, targets for years outside the period, and HTML or script in
narratives.

A refused post must say why in Indonesian, show again what was typed, and leave every table as it
was (the row count of each, before and after). A narrative holding ``<script>`` is stored as typed
and shown escaped: no page may carry it as a live tag.
"""

from __future__ import annotations

import html
from decimal import Decimal

import pytest
from django.urls import reverse

from iku_manual.models import Indikator, TargetIndikator
from iku_manual.tests.factories import IndikatorFactory, PeriodeFactory, SasaranFactory, TargetFactory
from instruksi.models import Instruksi
from instruksi.tests.factories import form_data as ikp_data
from pemantauan.models import SerapanAnggaran
from perjanjian.models import AnggaranPK, PerjanjianKinerja, RealisasiAnggaran
from perjanjian.tests.factories import AnggaranFactory, PerjanjianFactory
from sakip.tests.korpus import table_counts as counts

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'
NARRATIVE = f"Cakupan {SCRIPT} dan {IMG} & <b>tebal</b>"


def text(response) -> str:
    return html.unescape(response.content.decode())


def assert_no_live_markup(response) -> None:
    """The raw page holds no tag the narrative brought in; the escaped text is there instead."""
    page = response.content.decode()
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page and "<b>tebal</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.fixture
def tree(world):
    periode = PeriodeFactory(pemda=world.pemda, tahun_awal=2025)
    world.periode = periode
    world.sasaran = SasaranFactory(periode=periode, opd=world.opd, kode="SS.1")
    return world


def indicator_data(**overrides) -> dict:
    data = {
        "kode": "IKU.7",
        "nama": "Prevalensi stunting pada balita",
        "is_iku": "on",
        "jenis": "outcome",
        "definisi_operasional": "Balita pendek menurut umur.",
        "formula": "Balita stunting dibagi balita diukur",
        "faktor": 100,
        "satuan": "%",
        "polaritas": "minimize",
        "agregasi": "terakhir",
        "frekuensi": "triwulanan",
        "sumber_data": "e-PPGBM",
        "baseline_tahun": 2024,
        "baseline": "18,4",
        "urutan": 0,
        **{f"target_{year}": "15" for year in range(2025, 2030)},
    }
    return data | overrides


# --- Negative budgets ----------------------------------------------------------------------------


def test_a_negative_pagu_in_the_pk_budget_is_refused(tree, client_for):
    perjanjian = PerjanjianFactory(opd=tree.opd, periode=tree.periode, tahun=2026)
    url = reverse("perjanjian:pk_anggaran", args=[perjanjian.pk])
    data = {"anggaran-TOTAL_FORMS": "1", "anggaran-INITIAL_FORMS": "0"}
    data |= {"anggaran-0-jenis": "program", "anggaran-0-kode": "1.02.02", "anggaran-0-nama": "Program Gizi"}
    data |= {"anggaran-0-pagu": "-1.000.000", "anggaran-0-keterangan": ""}
    client = client_for("perencana")  # signed in before the snapshot: the login writes rows
    before = counts()

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Anggaran tidak boleh negatif." in text(response)
    assert 'value="-1.000.000"' in response.content.decode()
    assert counts() == before
    assert not AnggaranPK.objects.exists()


def test_a_negative_budget_realisation_is_refused(tree, client_for):
    perjanjian = PerjanjianFactory(opd=tree.opd, periode=tree.periode, tahun=2026)
    program = AnggaranFactory(perjanjian=perjanjian, pagu=Decimal(1_000_000), urutan=1)
    PerjanjianKinerja.objects.filter(pk=perjanjian.pk).update(status=PerjanjianKinerja.Status.DITETAPKAN)
    data = {"ra-TOTAL_FORMS": "1", "ra-INITIAL_FORMS": "1", "ra-MIN_NUM_FORMS": "0", "ra-MAX_NUM_FORMS": "1000"}
    data |= {"ra-0-anggaran": str(program.pk), "ra-0-tw1": "-5.000", "ra-0-tw2": "", "ra-0-tw3": "", "ra-0-tw4": ""}
    client = client_for("perencana")  # signed in before the snapshot: the login writes rows
    before = counts()

    response = client.post(reverse("perjanjian:realisasi_anggaran", args=[perjanjian.pk]), data)

    assert response.status_code == 200
    assert "Realisasi anggaran tidak boleh negatif." in text(response)
    assert 'value="-5.000"' in response.content.decode()
    assert counts() == before
    assert not RealisasiAnggaran.objects.exists()


@pytest.mark.parametrize(("pagu", "message"), [("-5", "tidak boleh negatif"), ("-1.000.000,50", "tidak boleh negatif")])
def test_a_negative_pagu_in_the_absorption_grid_is_refused(world, client_for, pagu, message):
    data = {"lengkap": "1"} | {f"pagu_{m}": "" for m in range(1, 13)} | {f"realisasi_sd_{m}": "" for m in range(1, 13)}
    data |= {"pagu_1": pagu, "realisasi_sd_1": "0"}
    client = client_for("perencana")  # signed in before the snapshot: the login writes rows
    before = counts()

    response = client.post(reverse("pemantauan:serapan_isi", args=[2026, world.opd.pk]), data)

    assert response.status_code == 200
    assert message in text(response)
    assert f'value="{pagu}"' in response.content.decode()
    assert counts() == before
    assert not SerapanAnggaran.objects.exists()


# --- Targets for years outside the period --------------------------------------------------------


def test_shortening_the_period_past_its_targets_is_refused(tree, client_for):
    TargetFactory(indikator=IndikatorFactory(sasaran=tree.sasaran), tahun=2025, nilai=Decimal(10))
    data = {"nama": tree.periode.nama, "tahun_awal": 2026, "tahun_akhir": 2030}
    client = client_for("evaluator")  # signed in before the snapshot: the login writes rows
    before = counts()

    response = client.post(reverse("iku_manual:periode_edit", args=[tree.periode.pk]), data)

    assert response.status_code == 200
    assert "Masih ada target untuk tahun 2025 di luar rentang baru" in text(response)
    assert counts() == before
    tree.periode.refresh_from_db()
    assert (tree.periode.tahun_awal, tree.periode.tahun_akhir) == (2025, 2029)


def test_a_target_posted_for_a_year_outside_the_period_is_not_stored(tree, client_for):
    """The form has a field for each year of the period only: a crafted field for 2035 is ignored."""
    data = indicator_data(target_2035="99", target_2024="1")
    response = client_for("perencana").post(reverse("iku_manual:indikator_create", args=[tree.sasaran.pk]), data)

    assert response.status_code == 302
    indikator = Indikator.objects.get(kode="IKU.7")
    assert sorted(TargetIndikator.objects.filter(indikator=indikator).values_list("tahun", flat=True)) == list(
        range(2025, 2030)
    )


def test_a_pk_for_a_year_outside_every_period_is_refused(tree, client_for):
    client = client_for("perencana")  # signed in before the snapshot: the login writes rows
    before = counts()
    response = client.post(reverse("perjanjian:pk_create", args=[tree.opd.pk]), {"tahun": "2035"})
    assert response.status_code == 200
    assert "Tahun 2035 tidak berada dalam periode RPJMD pemda ini." in text(response)
    assert counts() == before


# --- HTML and script in narratives ---------------------------------------------------------------


def test_script_in_an_indicator_definition_is_stored_as_typed_and_shown_escaped(tree, client_for):
    client = client_for("perencana")
    response = client.post(
        reverse("iku_manual:indikator_create", args=[tree.sasaran.pk]), indicator_data(definisi_operasional=NARRATIVE)
    )
    assert response.status_code == 302
    indikator = Indikator.objects.get(kode="IKU.7")
    assert indikator.definisi_operasional == NARRATIVE

    for page in (
        client.get(reverse("iku_manual:indikator_detail", args=[indikator.pk])),
        client.get(reverse("iku_manual:indikator_edit", args=[indikator.pk])),
    ):
        assert page.status_code == 200
        assert_no_live_markup(page)


def test_an_indicator_form_with_an_error_shows_the_script_again_as_text_and_saves_nothing(tree, client_for):
    client = client_for("perencana")  # signed in before the snapshot: the login writes rows
    before = counts()
    response = client.post(
        reverse("iku_manual:indikator_create", args=[tree.sasaran.pk]),
        indicator_data(definisi_operasional=NARRATIVE, target_2026="sepuluh"),
    )
    assert response.status_code == 200
    assert "Format angka tidak dikenali" in text(response) or "tidak dikenali" in text(response)
    assert_no_live_markup(response)
    assert NARRATIVE in text(response)  # what was typed is shown again
    assert counts() == before


def test_script_in_an_instruction_subject_is_stored_as_typed_and_shown_escaped(world, client_for):
    client = client_for("pimpinan")
    response = client.post(reverse("instruksi:buat"), ikp_data(world, **{"ikp-perihal": NARRATIVE}))
    assert response.status_code == 302
    instruksi = Instruksi.objects.get()
    assert instruksi.perihal == NARRATIVE
    for page in (client.get(instruksi.get_absolute_url()), client.get(reverse("instruksi:daftar"))):
        assert page.status_code == 200
        assert_no_live_markup(page)


def test_an_instruction_with_an_error_shows_the_script_again_and_saves_nothing(world, client_for):
    client = client_for("pimpinan")  # signed in before the snapshot: the login writes rows
    before = counts()
    response = client.post(
        reverse("instruksi:buat"), ikp_data(world, **{"ikp-perihal": NARRATIVE, "tugas-0-target": "-5"})
    )
    assert response.status_code == 200
    assert_no_live_markup(response)
    assert NARRATIVE in text(response)
    assert counts() == before


@pytest.fixture
def evaluasi(world):
    from evaluasi import services
    from evaluasi.models import TemplateLKE

    template = TemplateLKE.objects.get(pemda=None, regulasi="12/2015")
    world.evaluasi = services.evaluasi_buka(pemda=world.pemda, opd=world.opd, tahun=2026, template=template)
    return world


def test_script_in_an_evaluation_finding_is_stored_as_typed_and_shown_escaped(evaluasi, client_for):
    from evaluasi.models import Rekomendasi

    client = client_for("evaluator")
    url = reverse("evaluasi:rekomendasi_list", args=[evaluasi.evaluasi.pk])
    response = client.post(url, {"rek-uraian": NARRATIVE, "rek-batas_waktu": "2026-12-31"})
    assert response.status_code == 302
    rekomendasi = Rekomendasi.objects.get(evaluasi=evaluasi.evaluasi)
    assert rekomendasi.uraian == NARRATIVE
    for page in (client.get(url), client.get(reverse("evaluasi:rekomendasi_detail", args=[rekomendasi.pk]))):
        assert page.status_code == 200
        assert_no_live_markup(page)


def test_an_evaluation_finding_with_an_error_shows_the_script_again_and_saves_nothing(evaluasi, client_for):
    client = client_for("evaluator")  # signed in before the snapshot: the login writes rows
    before = counts()
    response = client.post(reverse("evaluasi:rekomendasi_list", args=[evaluasi.evaluasi.pk]), {"rek-uraian": NARRATIVE})
    assert response.status_code == 200
    assert "Isi batas waktu tindak lanjut." in text(response)
    assert_no_live_markup(response)
    assert NARRATIVE in text(response)
    assert counts() == before
