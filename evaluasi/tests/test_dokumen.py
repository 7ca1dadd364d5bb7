"""The documents of an evaluation: the LKE workbook (read back with openpyxl) with scores computed by
hand for a known set of answers, the LHE PDF (read back with pypdf), and who may download each."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal as D

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from evaluasi import services
from evaluasi.dokumen import build_lhe_context, for_dokumen, lhe_pdf, lke_workbook
from evaluasi.models import Evaluasi, Jawaban, Komponen, Kriteria, Rekomendasi, TemplateLKE
from evaluasi.services import IsianJawaban

TAHUN = 2026
REKOMENDASI = "Lengkapi indikator kinerja tujuan dalam Renstra beserta targetnya"
SIMPULAN = "Implementasi SAKIP sudah berjalan, tetapi pelaporan dan evaluasi internal belum dilaksanakan."

# The evaluator's answers: A and B at their best except "3" (C = 0,5) and "44" (B = 0,75); C and D at
# their lowest (0); E by points.
EVALUATOR = {"3": "C", "44": "B", "87": "A", "88": "C", "89": "B", "90": "B", "91": "A", "92": "E"}
CATATAN = {"3": "Indikator tujuan belum lengkap.", "44": "IKU belum memenuhi kriteria SMART."}
# Worked by hand from the 12/2015 worksheet:
#   A.I.a (9 criteria, bobot 2): (8 + 0,5) / 9 × 2 = 1,888… -> 1,89; A = 1,89 + 5 + 3 + 4 + 10 + 6 = 29,89
#   B.II (10 criteria, bobot 12,5): 9,75 / 10 × 12,5 = 12,1875 -> 12,19; B = 5 + 12,19 + 7,5 = 24,69
#   C = D = 0
#   E.I = 3 + 0,5 + 2 = 5,5; E.II = 0,75 × 5 + 1 × 2,5 + 0 × 5 = 6,25; E = 11,75
#   total = 29,89 + 24,69 + 11,75 = 66,33 -> B "Baik" (> 60)
KOMPONEN = {"A": D("29.89"), "B": D("24.69"), "C": D(0), "D": D(0), "E": D("11.75")}
TOTAL = D("66.33")
# The OPD's self-assessment: "1" and "2" Ya -> A.I.a = 2 / 9 × 2 = 0,44.
MANDIRI = {"1": "Y", "2": "Y"}


@pytest.fixture
def lke(world):
    template = TemplateLKE.objects.get(pemda=None, regulasi="12/2015")
    world.template = template
    world.evaluasi = services.evaluasi_buka(pemda=world.pemda, opd=world.opd, tahun=TAHUN, template=template)
    world.lain = services.evaluasi_buka(pemda=world.pemda, opd=world.other_opd, tahun=TAHUN, template=template)
    world.kriteria = {
        k.kode: k
        for k in Kriteria.objects.filter(sub__komponen__template=template)
        .select_related("sub__komponen", "skala")
        .prefetch_related("skala__opsi")
    }
    return world


def simpan(lke, nomor, kode, *, sebagai="evaluator", catatan="", bukti=None):
    kriteria = lke.kriteria[nomor]
    versi = Jawaban.objects.filter(evaluasi=lke.evaluasi, kriteria=kriteria).values_list("versi", flat=True).first()
    user = lke.users["evaluator" if sebagai == "evaluator" else "perencana"]
    opsi = next(o for o in kriteria.skala.opsi.all() if o.kode == kode)
    services.jawaban_simpan(
        evaluasi=lke.evaluasi,
        kriteria=kriteria,
        user=user,
        isian=IsianJawaban(versi=versi or 0, opsi=opsi, catatan=catatan, bukti_tautan=bukti),
        sebagai=sebagai,
    )


def answer(lke):
    """The known answers above: the self-assessment, then every criterion by the evaluator."""
    simpan(lke, "1", "Y", sebagai="mandiri", catatan="Renstra 2025-2029", bukti="https://contoh.go.id/renstra.pdf")
    simpan(lke, "2", "Y", sebagai="mandiri")
    for nomor, kriteria in lke.kriteria.items():
        opsi = sorted(kriteria.skala.opsi.all(), key=lambda o: o.nilai)
        kode = EVALUATOR.get(nomor) or (opsi[-1] if kriteria.sub.komponen.kode in "AB" else opsi[0]).kode
        simpan(lke, nomor, kode, catatan=CATATAN.get(nomor, ""))


def finalise(lke):
    lke.evaluasi = Evaluasi.objects.get(pk=lke.evaluasi.pk)
    lke.evaluasi.simpulan = SIMPULAN
    lke.evaluasi.save()
    Rekomendasi.objects.create(
        evaluasi=lke.evaluasi,
        komponen=Komponen.objects.get(template=lke.template, kode="A"),
        nomor=1,
        uraian=REKOMENDASI,
        batas_waktu=datetime.date(2026, 6, 30),
    )
    services.evaluasi_finalkan(evaluasi=lke.evaluasi, user=lke.users["evaluator"])


def loaded(lke) -> Evaluasi:
    return for_dokumen(Evaluasi.objects.all()).get(pk=lke.evaluasi.pk)


def lke_url(evaluasi):
    return reverse("evaluasi:evaluasi_lke_excel", args=[evaluasi.pk])


def lhe_url(evaluasi):
    return reverse("evaluasi:evaluasi_lhe_pdf", args=[evaluasi.pk])


def read_sheet(content: bytes, name: str = "LKE"):
    """(header row as a list, {kode in column A: row as a dict by header}, label rows by column B)."""
    sheet = load_workbook(io.BytesIO(content))[name]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(rows) if r[0] in ("No", "Kode"))
    headers = rows[start]
    by_code, by_label = {}, {}
    for r in rows[start + 1 :]:
        record = dict(zip(headers, r, strict=True))
        if r[0] is not None:
            by_code[str(r[0])] = record
        else:
            by_label[r[1]] = record
    return rows[:start], headers, by_code, by_label


def pdf_text(content: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"\s+", " ", text)


# --- LKE workbook -----------------------------------------------------------------------------------


def test_the_scores_agree_with_the_hand_computation(lke):
    answer(lke)
    result = services.hasil(lke.evaluasi)
    assert result.komponen == KOMPONEN
    assert (result.total, result.predikat.kode) == (TOTAL, "B")


def test_lke_workbook_prints_the_answers_and_the_scores_by_hand(lke):
    answer(lke)
    content = lke_workbook(loaded(lke), lihat_evaluator=True)
    header, headers, rows, labels = read_sheet(content)
    assert headers == [
        "No",
        "Komponen/Sub-komponen/Kriteria",
        "Bobot",
        "Jawaban mandiri",
        "Nilai mandiri",
        "Jawaban evaluator",
        "Nilai evaluator",
        "Catatan evaluator",
        "Bukti (tautan)",
    ]
    info = {r[0]: r[1] for r in header if r[0]}
    assert info["Pemda"] == "Pemerintah Kota Uji"
    assert info["Perangkat daerah"] == "Dinas Kesehatan"
    assert info["Tahun"] == TAHUN
    assert info["Status"] == "Dalam penilaian"
    for kode, nilai in KOMPONEN.items():
        assert rows[kode]["Nilai evaluator"] == pytest.approx(float(nilai))
    assert rows["A"]["Bobot"] == 30
    assert rows["A.I.a"]["Nilai evaluator"] == pytest.approx(1.89)
    assert rows["A.I.a"]["Nilai mandiri"] == pytest.approx(0.44)
    assert rows["B.II"]["Nilai evaluator"] == pytest.approx(12.19)
    assert rows["E.II"]["Nilai evaluator"] == pytest.approx(6.25)
    # a criterion: both answers, the evaluator's note, the evidence link
    assert rows["3"]["Jawaban evaluator"] == "C"
    assert rows["3"]["Nilai evaluator"] == pytest.approx(0.5)
    assert rows["3"]["Catatan evaluator"] == CATATAN["3"]
    assert (rows["1"]["Jawaban mandiri"], rows["1"]["Nilai mandiri"]) == ("Y", 1)
    assert rows["1"]["Bukti (tautan)"] == "https://contoh.go.id/renstra.pdf"
    # point criteria weigh their maximum points and score answer × weight
    assert (rows["90"]["Bobot"], rows["90"]["Nilai evaluator"]) == (5, pytest.approx(3.75))
    total = labels["Nilai Hasil Evaluasi"]
    assert (total["Bobot"], total["Nilai evaluator"], total["Nilai mandiri"]) == (
        100,
        pytest.approx(66.33),
        pytest.approx(0.44),
    )
    assert (labels["Predikat"]["Jawaban evaluator"], labels["Predikat"]["Catatan evaluator"]) == ("B", "Baik")

    sheet = load_workbook(io.BytesIO(content))["LKE"]
    assert sheet.freeze_panes == "C9"
    score = next(c for c in sheet["G"] if c.value == pytest.approx(29.89))
    assert score.data_type == "n" and score.number_format == "0.00"
    link = next(c for c in sheet["I"] if c.value == "https://contoh.go.id/renstra.pdf")
    assert link.hyperlink.target == "https://contoh.go.id/renstra.pdf"

    _, headers, rows, labels = read_sheet(content, "Rekap")
    assert headers == ["Kode", "Komponen", "Bobot", "Nilai mandiri", "Nilai"]
    assert {kode: D(str(row["Nilai"])) for kode, row in rows.items()} == KOMPONEN
    assert labels["Nilai Hasil Evaluasi"]["Nilai"] == pytest.approx(66.33)


def test_the_opd_gets_the_lke_without_the_evaluator_before_final(lke, client_for):
    answer(lke)
    response = client_for("perencana").get(lke_url(lke.evaluasi))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="LKE-2026-DINKES.xlsx"' in response["Content-Disposition"]
    _, headers, rows, labels = read_sheet(response.content)
    assert headers == [
        "No",
        "Komponen/Sub-komponen/Kriteria",
        "Bobot",
        "Jawaban mandiri",
        "Nilai mandiri",
        "Bukti (tautan)",
    ]
    assert rows["A.I.a"]["Nilai mandiri"] == pytest.approx(0.44)
    assert "Predikat" not in labels
    _, headers, _, labels = read_sheet(response.content, "Rekap")
    assert "Nilai" not in headers and "Predikat" not in labels
    cells = {
        str(value)
        for sheet in load_workbook(io.BytesIO(response.content))
        for row in sheet.iter_rows(values_only=True)
        for value in row
    }
    assert not {CATATAN["3"], "66.33", "Baik"} & cells
    assert not any("66.33" in value for value in cells)
    # the evaluator's copy has them
    _, headers, _, _ = read_sheet(client_for("evaluator").get(lke_url(lke.evaluasi)).content)
    assert "Nilai evaluator" in headers


def test_the_opd_gets_the_whole_lke_once_final(lke, client_for):
    answer(lke)
    finalise(lke)
    header, headers, rows, labels = read_sheet(client_for("kepala_opd").get(lke_url(lke.evaluasi)).content)
    assert "Catatan evaluator" in headers
    assert labels["Nilai Hasil Evaluasi"]["Nilai evaluator"] == pytest.approx(66.33)
    assert {r[0]: r[1] for r in header if r[0]}["Status"].startswith("Final")


def test_a_pemda_wide_evaluation_names_the_pemda(lke, client_for):
    evaluasi = services.evaluasi_buka(pemda=lke.pemda, opd=None, tahun=TAHUN, template=lke.template)
    response = client_for("pimpinan").get(lke_url(evaluasi))
    header, _, _, _ = read_sheet(response.content)
    assert {r[0]: r[1] for r in header if r[0]}["Perangkat daerah"] == "Pemerintah Daerah"
    assert 'filename="LKE-2026-KOTA-UJI.xlsx"' in response["Content-Disposition"]


# --- LHE ------------------------------------------------------------------------------------------------


def test_lhe_context_takes_the_scores_findings_and_recommendations(lke):
    answer(lke)
    finalise(lke)
    context = build_lhe_context(loaded(lke))
    assert [(k.kode, k.bobot, k.nilai) for k in context["komponen"]] == [
        ("A", "30", "29,89"),
        ("B", "25", "24,69"),
        ("C", "15", "0,00"),
        ("D", "10", "0,00"),
        ("E", "20", "11,75"),
    ]
    assert (context["total_teks"], context["predikat_kode"], context["predikat_kata"]) == ("66,33", "B", "Baik")
    assert context["interpretasi"].startswith("Akuntabilitas kinerjanya sudah baik")
    a = context["komponen"][0]
    assert [(t.nomor, t.uraian, t.jawaban) for t in a.catatan] == [("3", CATATAN["3"], "C")]
    assert ("B.II", "Kualitas Pengukuran", "12,5", "12,19") in context["komponen"][1].sub
    assert "Nomor 12 Tahun 2015" in context["dasar_hukum"][-1]
    assert [b.rentang for b in context["rentang_predikat"]][:2] == ["> 90 – 100", "> 80 – 90"]
    assert context["rentang_predikat"][-1].rentang == "0 – 30"
    assert [(r.nomor, r.uraian, r.komponen) for r in context["rekomendasi"]] == [
        (1, REKOMENDASI, "A. Perencanaan Kinerja")
    ]
    assert context["penandatangan"]["nama"] == str(lke.users["evaluator"])
    assert context["draf"] is False
    assert context["filename"] == "LHE-2026-DINKES.pdf"


def test_lhe_context_reads_in_a_constant_number_of_queries(lke, django_assert_max_num_queries):
    answer(lke)
    evaluasi = loaded(lke)
    # answers, two score sides, logic rules and their answers, the recommendations
    with django_assert_max_num_queries(7):
        build_lhe_context(evaluasi)


def test_lhe_pdf_of_a_final_evaluation(lke, client_for):
    answer(lke)
    finalise(lke)
    response = client_for("kepala_opd").get(lhe_url(lke.evaluasi))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="LHE-2026-DINKES.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    for heading in (
        "PEMERINTAH KOTA UJI",
        "LAPORAN HASIL EVALUASI ATAS IMPLEMENTASI SISTEM AKUNTABILITAS KINERJA INSTANSI PEMERINTAH",
        "DINAS KESEHATAN",
        "BAB I PENDAHULUAN",
        "A. Dasar Hukum",
        "Nomor 12 Tahun 2015",
        "B. Tujuan dan Sasaran Evaluasi",
        "menilai tingkat akuntabilitas kinerja",
        "C. Ruang Lingkup",
        "D. Metodologi",
        "BAB II HASIL EVALUASI",
        "Nilai Hasil Evaluasi 66,33",
        "BAB III REKOMENDASI",
        "Tembusan:",
    ):
        assert heading in text, heading
    assert "predikat “B” (Baik)" in text
    assert "Akuntabilitas kinerjanya sudah baik" in text
    assert "29,89" in text and "24,69" in text and "11,75" in text
    assert CATATAN["3"] in text and CATATAN["44"] in text
    assert SIMPULAN in text
    assert REKOMENDASI in text and "30 Juni 2026" in text
    assert "Belum ditindaklanjuti" in text
    assert str(lke.users["evaluator"]) in text
    assert "Yth. Wali Kota Uji" in text
    pages = len(PdfReader(io.BytesIO(response.content)).pages)
    assert f"Halaman 1 dari {pages}" in text and f"Halaman {pages} dari {pages}" in text
    assert "DRAF" not in text


def test_lhe_draft_is_marked_and_shows_the_logic_findings(lke, client_for):
    simpan(lke, "1", "T")
    simpan(lke, "2", "Y")  # depends on "1", answered 0
    response = client_for("evaluator").get(lhe_url(lke.evaluasi))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "DRAF" in text
    assert "Kriteria 2 bernilai lebih dari 0 padahal kriteria 1" in text
    assert "Simpulan belum diisi." in text and "Belum ada rekomendasi." in text
    assert "Nilai Hasil Evaluasi 0,22" in text  # A.I.a: 1 / 9 × 2 = 0,22
    assert "Sangat Kurang" in text


def test_a_full_lhe_carries_every_note_and_recommendation(lke):
    """A whole 12/2015 evaluation with a note on every criterion (92) and ten recommendations (its
    render time is measured by ``make bench``, not here)."""
    answer(lke)
    for nomor in lke.kriteria:
        jawaban = Jawaban.objects.get(evaluasi=lke.evaluasi, kriteria=lke.kriteria[nomor])
        jawaban.catatan_evaluator = f"Catatan evaluator atas kriteria {nomor}: bukti dukung perlu dilengkapi."
        jawaban.save()
    for nomor in range(1, 11):
        Rekomendasi.objects.create(
            evaluasi=lke.evaluasi, nomor=nomor, uraian=f"Rekomendasi {nomor}", batas_waktu=datetime.date(2026, 6, 30)
        )
    text = pdf_text(lhe_pdf(loaded(lke)))
    assert "kriteria 92" in text and "Rekomendasi 10" in text


def test_a_final_lhe_keeps_the_letterhead_and_signer_of_its_day(lke, client_for):
    answer(lke)
    finalise(lke)
    evaluator = lke.users["evaluator"]
    signer = str(evaluator)
    evaluator.nama = "Nama Baru Sesudah Final"
    evaluator.save()
    lke.pemda.alamat = "Jalan Baru Nomor 99"
    lke.pemda.save()
    lke.opd.nama = "Dinas Kesehatan dan Keluarga Berencana"
    lke.opd.save()
    text = pdf_text(client_for("evaluator").get(lhe_url(lke.evaluasi)).content)
    assert signer in text and "Nama Baru Sesudah Final" not in text
    assert "Jalan Baru Nomor 99" not in text
    assert "Keluarga Berencana" not in text and "Kepala Dinas Kesehatan" in text


# --- Access ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["superuser", "admin_pemda", "evaluator", "pimpinan", "perencana", "kepala_opd"])
def test_everyone_in_scope_gets_the_lke(lke, client_for, role):
    assert client_for(role).get(lke_url(lke.evaluasi)).status_code == 200


@pytest.mark.parametrize("role", ["superuser", "admin_pemda", "evaluator", "pimpinan"])
def test_evaluators_and_the_pemda_get_the_draft_lhe(lke, client_for, role):
    assert client_for(role).get(lhe_url(lke.evaluasi)).status_code == 200


@pytest.mark.parametrize("role", ["perencana", "kepala_opd"])
def test_the_opd_gets_the_lhe_only_once_final(lke, client_for, role):
    assert client_for(role).get(lhe_url(lke.evaluasi)).status_code == 403
    answer(lke)
    finalise(lke)
    assert client_for(role).get(lhe_url(lke.evaluasi)).status_code == 200


def test_documents_of_another_opd_or_pemda_are_not_found(lke, client_for):
    for url in (lke_url(lke.lain), lhe_url(lke.lain)):
        assert client_for("perencana").get(url).status_code == 404
    other = services.evaluasi_buka(pemda=lke.other_pemda, opd=lke.other_pemda_opd, tahun=TAHUN, template=lke.template)
    for url in (lke_url(other), lhe_url(other)):
        assert client_for("evaluator").get(url).status_code == 404


def test_documents_need_a_login(lke, client):
    for url in (lke_url(lke.evaluasi), lhe_url(lke.evaluasi)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


def test_a_pemda_variant_cites_the_regulation_of_the_template_it_was_copied_from(world):
    national = TemplateLKE.objects.get(pemda=None, regulasi="12/2015")
    copy = services.template_salin(template=national, pemda=world.pemda, nama="LKE Kota Uji", tahun_berlaku=2026)
    again = services.template_salin(template=copy, pemda=world.pemda, nama="LKE Kota Uji", tahun_berlaku=2027)
    evaluasi = services.evaluasi_buka(pemda=world.pemda, opd=world.opd, tahun=2027, template=again)
    context = build_lhe_context(evaluasi)
    assert context["judul"].startswith("LAPORAN HASIL EVALUASI ATAS IMPLEMENTASI")  # the 12/2015 title
    assert any("Nomor 12 Tahun 2015" in line for line in context["dasar_hukum"])
