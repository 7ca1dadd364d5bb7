"""The Capaian Kinerja suggestions of 12/2015 (from verified realisations), evidence of answers (the
app's documents, links and uploaded files), assigning evaluators to components, the summary, and the
pemda-wide evaluation."""

from __future__ import annotations

import datetime
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluasi import scoring, services
from evaluasi.models import Evaluasi, Jawaban, Komponen, Kriteria, PenugasanEvaluator, Rekomendasi, TemplateLKE
from evaluasi.saran import saran_untuk
from evaluasi.services import IsianJawaban
from iku_manual.tests.factories import IndikatorFactory, PeriodeFactory, SasaranFactory
from perjanjian.models import PerjanjianKinerja, Realisasi
from perjanjian.tests.factories import BarisFactory, PerjanjianFactory
from sakip.tests import factories as f

pytestmark = pytest.mark.django_db

TAHUN = 2026
Status = Realisasi.Status
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# --- The pure rubric -------------------------------------------------------------------------------

TARGET = [("A", D("110.01")), ("B", D("90")), ("C", D("60")), ("D", D("40")), ("E", None)]


@pytest.mark.parametrize(
    ("angka", "kode"),
    [
        (D("110.01"), "A"),
        (D("110.004"), "B"),  # judged on two decimals: 110,00 is not more than 110
        (D("110"), "B"),
        (D("90"), "B"),
        (D("89.99"), "C"),
        (D("60"), "C"),
        (D("40"), "D"),
        (D("39.99"), "E"),
        (D("0"), "E"),
        (None, None),
    ],
)
def test_rubric_bands_are_judged_on_two_decimals(angka, kode):
    assert scoring.saran(angka, TARGET) == kode


def test_rubric_without_a_catch_all_band_gives_nothing_below_it():
    assert scoring.saran(D("10"), [("A", D("50"))]) is None


# --- Suggestions from the data -----------------------------------------------------------------------


def tetapkan(pk):
    PerjanjianKinerja.objects.filter(pk=pk.pk).update(status=PerjanjianKinerja.Status.DITETAPKAN)


def realisasi(opd, indikator, tahun, triwulan, nilai, status=Status.TERVERIFIKASI):
    return Realisasi.objects.create(
        opd=opd, indikator=indikator, tahun=tahun, triwulan=triwulan, nilai=D(nilai), status=status
    )


@pytest.fixture
def capaian_data(world):
    """Two outputs and one outcome measured in 2025 and 2026 (maximize, the last quarter counts):
    2026 outputs 100% and 95% (mean 97,5), 2025 outputs 80% and 70% (mean 75): 130% of last year;
    outcome 2026 50% (verified), its TW III only submitted: 1 of 2 verified; outcome 2025 none."""
    opd = world.opd
    periode = PeriodeFactory(pemda=world.pemda, tahun_awal=2025)
    sasaran = SasaranFactory(periode=periode, opd=opd, kode="SS.1")
    out1 = IndikatorFactory(sasaran=sasaran, kode="IKU.1", jenis="output", urutan=1)
    out2 = IndikatorFactory(sasaran=sasaran, kode="IKU.2", jenis="output", urutan=2)
    hasil = IndikatorFactory(sasaran=sasaran, kode="IKU.3", jenis="outcome", urutan=3)
    for tahun in (2025, 2026):
        pk = PerjanjianFactory(opd=opd, periode=periode, tahun=tahun)
        for indikator in (out1, out2, hasil):
            BarisFactory(perjanjian=pk, indikator=indikator, target=100)
        tetapkan(pk)
    realisasi(opd, out1, 2026, 4, 100)
    realisasi(opd, out2, 2026, 4, 95)
    realisasi(opd, out2, 2026, 3, 99, Status.DIAJUKAN)  # not verified: left out of the figures
    realisasi(opd, hasil, 2026, 2, 50)
    realisasi(opd, hasil, 2026, 3, 70, Status.DIAJUKAN)
    realisasi(opd, out1, 2025, 4, 80)
    realisasi(opd, out2, 2025, 4, 70)
    template = TemplateLKE.objects.get(pemda=None, regulasi="12/2015")
    world.evaluasi = services.evaluasi_buka(pemda=world.pemda, opd=opd, tahun=TAHUN, template=template)
    world.kriteria = list(
        Kriteria.objects.filter(sub__komponen__template=template, sub__komponen__kode="E").prefetch_related(
            "skala__opsi"
        )
    )
    return world


def by_nomor(world, found):
    return {k.kode: found.get(k.pk) for k in world.kriteria}


def test_capaian_criteria_are_suggested_from_verified_realisations(capaian_data):
    found = by_nomor(capaian_data, saran_untuk(capaian_data.evaluasi, capaian_data.kriteria))

    assert found["87"].angka == D("97.5") and found["87"].opsi.kode == "B"  # 90–110
    assert "2 indikator output" in found["87"].penjelasan and "97,50%" in found["87"].penjelasan
    assert found["88"].angka.quantize(D("0.01")) == D("130.00") and found["88"].opsi.kode == "A"  # > 120
    # 2 of the 3 output realisations entered are verified: 66,67% -> C (> 60)
    assert found["89"].opsi.kode == "C" and "2 dari 3" in found["89"].penjelasan
    assert found["90"].angka == D("50") and found["90"].opsi.kode == "D"  # 40–60
    assert found["91"].opsi is None and "Belum ada capaian" in found["91"].penjelasan  # no outcome in 2025
    assert found["92"].opsi.kode == "D"  # 1 of 2: 50%


def test_no_data_gives_no_suggestion_rather_than_the_lowest_answer(capaian_data):
    template = capaian_data.evaluasi.template
    earlier = services.evaluasi_buka(pemda=capaian_data.pemda, opd=capaian_data.opd, tahun=2020, template=template)
    found = by_nomor(capaian_data, saran_untuk(earlier, capaian_data.kriteria))
    assert all(item.opsi is None for item in found.values())
    assert "Belum ada realisasi indikator output yang diisi." == found["89"].penjelasan


def test_no_suggestion_for_criteria_without_a_rule_or_a_pemda_wide_evaluation(capaian_data):
    template = capaian_data.evaluasi.template
    others = list(Kriteria.objects.filter(sub__komponen__template=template).exclude(sub__komponen__kode="E"))
    assert saran_untuk(capaian_data.evaluasi, others) == {}
    pemda_wide = services.evaluasi_buka(pemda=capaian_data.pemda, tahun=TAHUN, template=template)
    assert saran_untuk(pemda_wide, capaian_data.kriteria) == {}


def test_worksheet_shows_the_suggestion_to_the_evaluator_and_the_evaluator_may_override(client, capaian_data):
    komponen = Komponen.objects.get(template=capaian_data.evaluasi.template, kode="E")
    url = reverse("evaluasi:evaluasi_lembar", args=[capaian_data.evaluasi.pk, komponen.pk])
    client.force_login(capaian_data.users["evaluator"])
    page = client.get(url).content.decode()
    assert "Saran dari data:" in page and "Pakai saran" in page and "97,50%" in page

    k87 = next(k for k in capaian_data.kriteria if k.kode == "87")
    override = next(o for o in k87.skala.opsi.all() if o.kode == "C")
    data = {}
    for k in capaian_data.kriteria:
        data[f"k{k.pk}-versi"] = 0
        data[f"k{k.pk}-opsi"] = ""
        data[f"k{k.pk}-catatan"] = ""
    data[f"k{k87.pk}-opsi"] = override.pk
    data[f"k{k87.pk}-catatan"] = "Dua indikator tidak dapat ditelusuri datanya."
    assert client.post(url, data).status_code == 302
    jawaban = Jawaban.objects.get(evaluasi=capaian_data.evaluasi, kriteria=k87)
    assert jawaban.opsi_evaluator == override  # the evaluator's answer stands over the suggestion

    client.force_login(capaian_data.users["perencana"])  # the OPD: not before final
    assert "Saran dari data:" not in client.get(url).content.decode()


# --- Evidence ------------------------------------------------------------------------------------------


@pytest.fixture
def lke(world):
    template = TemplateLKE.objects.get(pemda=None, regulasi="12/2015")
    world.evaluasi = services.evaluasi_buka(pemda=world.pemda, opd=world.opd, tahun=TAHUN, template=template)
    world.komponen = Komponen.objects.get(template=template, kode="A")
    world.kriteria = list(Kriteria.objects.filter(sub__komponen=world.komponen).order_by("sub__urutan", "urutan"))
    world.url = reverse("evaluasi:evaluasi_lembar", args=[world.evaluasi.pk, world.komponen.pk])
    return world


def untouched(world):
    data = {}
    for k in world.kriteria:
        data[f"k{k.pk}-versi"] = 0
        data[f"k{k.pk}-opsi"] = ""
        data[f"k{k.pk}-catatan"] = ""
        data[f"k{k.pk}-bukti_tautan"] = ""
    return data


def test_planner_cites_app_documents_and_uploads_a_file(client, lke, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    first = lke.kriteria[0]
    client.force_login(lke.users["perencana"])
    data = untouched(lke)
    data[f"k{first.pk}-bukti_dokumen"] = ["renstra", "pk"]
    data[f"k{first.pk}-bukti_berkas"] = SimpleUploadedFile("renstra 2025.pdf", PDF, "application/pdf")
    assert client.post(lke.url, data).status_code == 302

    jawaban = Jawaban.objects.get(evaluasi=lke.evaluasi, kriteria=first)
    assert jawaban.bukti_dokumen == ["renstra", "pk"]
    assert jawaban.bukti_nama == "renstra 2025.pdf" and jawaban.bukti_berkas.name.endswith(".pdf")
    download = reverse("evaluasi:jawaban_bukti", args=[jawaban.pk])

    client.force_login(lke.users["evaluator"])
    page = client.get(lke.url).content.decode()
    assert "Perjanjian Kinerja" in page and f"?tahun={TAHUN}&amp;opd={lke.opd.pk}" in page and download in page
    response = client.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["X-Content-Type-Options"] == "nosniff"

    client.force_login(lke.planners["other_opd"])  # another OPD: the file does not exist for them
    assert client.get(download).status_code == 404


def test_a_file_that_is_not_evidence_is_refused_and_nothing_is_saved(client, lke, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    first, second = lke.kriteria[:2]
    client.force_login(lke.users["perencana"])
    data = untouched(lke)
    data[f"k{first.pk}-catatan"] = "Renstra sudah ditetapkan dengan Perwali."
    data[f"k{second.pk}-bukti_berkas"] = SimpleUploadedFile("skrip.pdf", b"#!/bin/sh\necho hai\n", "application/pdf")
    response = client.post(lke.url, data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Berkas bukti harus PDF" in page and "Renstra sudah ditetapkan dengan Perwali." in page
    assert not Jawaban.objects.filter(evaluasi=lke.evaluasi).exists()
    assert not list(tmp_path.rglob("*.*"))


def test_a_refused_row_removes_the_files_stored_for_the_other_rows(client, lke, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    first, second = lke.kriteria[:2]
    services.jawaban_simpan(
        evaluasi=lke.evaluasi,
        kriteria=second,
        user=lke.users["evaluator"],
        isian=IsianJawaban(versi=0, catatan="catatan evaluator"),
        sebagai="evaluator",
    )
    client.force_login(lke.users["perencana"])
    data = untouched(lke)  # the page showed version 0 of the second row: now stale
    data[f"k{first.pk}-bukti_berkas"] = SimpleUploadedFile("a.pdf", PDF, "application/pdf")
    data[f"k{second.pk}-catatan"] = "ubah"
    response = client.post(lke.url, data)

    assert response.status_code == 200 and "baru saja diubah" in response.content.decode()
    assert not Jawaban.objects.filter(evaluasi=lke.evaluasi, kriteria=first).exists()
    assert not list(tmp_path.rglob("*.pdf"))


# --- Assigning evaluators, the summary, the pemda-wide evaluation -------------------------------------------


def test_assigned_components_are_scored_only_by_their_evaluators(client, lke):
    colleague = f.UserFactory(pemda=lke.pemda, role="evaluator", nama="Evaluator Kedua")
    url = reverse("evaluasi:evaluasi_penugasan", args=[lke.evaluasi.pk])
    client.force_login(lke.users["evaluator"])
    assert "Evaluator Kedua" in client.get(url).content.decode()
    assert client.post(url, {f"komponen_{lke.komponen.pk}": [colleague.pk]}).status_code == 302
    assert list(PenugasanEvaluator.objects.values_list("evaluator_id", flat=True)) == [colleague.pk]

    page = client.get(lke.url).content.decode()
    assert "hanya dapat dibaca" in page  # no longer this evaluator's component
    assert "Evaluator Kedua" in client.get(reverse("evaluasi:evaluasi_detail", args=[lke.evaluasi.pk])).content.decode()
    client.force_login(colleague)
    assert "Anda mengisi nilai evaluator" in client.get(lke.url).content.decode()


def test_assignment_is_the_evaluators_and_only_to_evaluators_of_the_pemda(client, lke):
    url = reverse("evaluasi:evaluasi_penugasan", args=[lke.evaluasi.pk])
    client.force_login(lke.users["pimpinan"])
    assert client.get(url).status_code == 200
    assert client.post(url, {}).status_code == 403
    client.force_login(lke.planners["other_opd"])
    assert client.get(url).status_code == 404

    outsider = f.UserFactory(pemda=f.PemdaFactory(), role="evaluator")
    with pytest.raises(Exception, match="bukan evaluator pemda ini"):
        services.penugasan_simpan(
            evaluasi=lke.evaluasi, penugasan={lke.komponen.pk: [outsider]}, user=lke.users["evaluator"]
        )
    client.force_login(lke.users["evaluator"])
    response = client.post(url, {f"komponen_{lke.komponen.pk}": [outsider.pk]})
    assert response.status_code == 200 and not PenugasanEvaluator.objects.exists()  # not a choice


def test_summary_is_saved_by_the_evaluator_and_shown_to_the_opd_once_final(client, lke):
    url = reverse("evaluasi:evaluasi_simpulan", args=[lke.evaluasi.pk])
    client.force_login(lke.users["perencana"])
    assert client.post(url, {"simpulan": "x"}).status_code == 403
    client.force_login(lke.users["evaluator"])
    assert client.post(url, {"simpulan": "  Rencana aksi belum dipantau.  "}).status_code == 302
    lke.evaluasi.refresh_from_db()
    assert lke.evaluasi.simpulan == "Rencana aksi belum dipantau."
    assert lke.evaluasi.history.first().history_user == lke.users["evaluator"]

    client.force_login(lke.users["perencana"])  # the draft does not leak through the change log either
    detail = reverse("evaluasi:evaluasi_detail", args=[lke.evaluasi.pk])
    assert "Rencana aksi belum dipantau." not in client.get(detail).content.decode()

    client.force_login(lke.users["evaluator"])
    Evaluasi.objects.filter(pk=lke.evaluasi.pk).update(status=Evaluasi.Status.FINAL)
    assert client.post(url, {"simpulan": "ubah"}).status_code == 403
    client.force_login(lke.users["perencana"])
    page = client.get(reverse("evaluasi:evaluasi_detail", args=[lke.evaluasi.pk])).content.decode()
    assert "Rencana aksi belum dipantau." in page


def test_the_pemda_as_a_whole_is_evaluated_and_assesses_itself_through_the_admin(client, world):
    template = TemplateLKE.objects.get(pemda=None, regulasi="88/2021")
    client.force_login(world.users["evaluator"])
    response = client.post(
        f"{reverse('evaluasi:evaluasi_list')}?tahun={TAHUN}",
        {"buka-template": template.pk, "buka-opd": "", "buka-seluruh_pemda": "on"},
    )
    assert response.status_code == 302
    evaluasi = Evaluasi.objects.get(pemda=world.pemda, opd=None, tahun=TAHUN)
    komponen = Komponen.objects.filter(template=template).first()
    url = reverse("evaluasi:evaluasi_lembar", args=[evaluasi.pk, komponen.pk])
    client.force_login(world.users["admin_pemda"])
    assert "Anda mengisi penilaian mandiri" in client.get(url).content.decode()
    client.force_login(world.users["perencana"])  # an OPD's planner: not theirs to see
    assert client.get(url).status_code == 404

    # The admin pemda is the evaluated side here: no evaluator scores, draft recommendations or LHE
    # before final, whatever route it takes.
    kriteria = Kriteria.objects.filter(sub__komponen=komponen).first()
    services.jawaban_simpan(
        evaluasi=evaluasi,
        kriteria=kriteria,
        user=world.users["evaluator"],
        isian=IsianJawaban(versi=0, opsi=kriteria.skala.opsi.order_by("nilai").first(), catatan="Catatan rahasia"),
        sebagai="evaluator",
    )
    Rekomendasi.objects.create(evaluasi=evaluasi, uraian="Draf rekomendasi", batas_waktu=datetime.date(2027, 3, 31))
    client.force_login(world.users["admin_pemda"])
    page = client.get(url).content.decode()
    assert "Catatan rahasia" not in page and "Nilai evaluator" not in page
    assert "Nilai evaluator" not in client.get(reverse("evaluasi:evaluasi_detail", args=[evaluasi.pk])).content.decode()
    rekomendasi = client.get(reverse("evaluasi:rekomendasi_list", args=[evaluasi.pk])).content.decode()
    assert "Draf rekomendasi" not in rekomendasi
    assert client.get(reverse("evaluasi:evaluasi_lhe_pdf", args=[evaluasi.pk])).status_code == 403
    client.force_login(world.users["pimpinan"])  # not the evaluated side
    assert "Draf rekomendasi" in client.get(reverse("evaluasi:rekomendasi_list", args=[evaluasi.pk])).content.decode()

    client.force_login(world.users["evaluator"])
    response = client.post(
        f"{reverse('evaluasi:evaluasi_list')}?tahun={TAHUN}",
        {"buka-template": template.pk, "buka-opd": world.opd.pk, "buka-seluruh_pemda": "on"},
    )
    assert "Kosongkan perangkat daerah" in response.content.decode()


def test_a_stale_summary_or_recommendation_edit_is_refused_not_overwritten(client, lke):
    from sakip.history import versi

    url = reverse("evaluasi:evaluasi_simpulan", args=[lke.evaluasi.pk])
    client.force_login(lke.users["evaluator"])
    shown = versi(lke.evaluasi)
    services.simpulan_simpan(evaluasi=lke.evaluasi, simpulan="Tulisan rekan", user=lke.users["evaluator"])
    response = client.post(url, {"simpulan": "Tulisan saya", "versi": shown})
    page = response.content.decode()
    assert response.status_code == 200 and "baru saja diubah" in page
    assert "Tulisan saya" in page  # what was typed is still there to copy
    lke.evaluasi.refresh_from_db()
    assert lke.evaluasi.simpulan == "Tulisan rekan"

    rekomendasi = Rekomendasi.objects.create(
        evaluasi=lke.evaluasi, uraian="Awal", batas_waktu=datetime.date(2027, 3, 31)
    )
    edit = reverse("evaluasi:rekomendasi_ubah", args=[rekomendasi.pk])
    shown = versi(rekomendasi)
    data = {"rek-uraian": "Versi rekan", "rek-batas_waktu": "2027-03-31", "rek-komponen": "", "rek-versi": shown}
    assert client.post(edit, data).status_code == 302
    data["rek-uraian"] = "Versi saya"
    response = client.post(edit, data)  # the same page, opened before the colleague saved
    assert response.status_code == 200 and "baru saja diubah" in response.content.decode()
    rekomendasi.refresh_from_db()
    assert rekomendasi.uraian == "Versi rekan"


def test_an_invalid_summary_is_shown_again_with_its_error(client, lke):
    client.force_login(lke.users["evaluator"])
    url = reverse("evaluasi:evaluasi_simpulan", args=[lke.evaluasi.pk])
    response = client.post(url, {"simpulan": "Teks dengan karakter \x00 terlarang"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Simpulan belum disimpan" in page and "Teks dengan karakter" in page
