"""The evaluation pages: the year's list (and opening evaluations), one evaluation's scores, a
component's worksheet filled by the evaluator and by the OPD's planner, and finalising."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluasi import services
from evaluasi.models import Evaluasi, Jawaban, Komponen, Kriteria, OpsiJawaban, TemplateLKE
from evaluasi.services import IsianJawaban
from evaluasi.views_evaluasi import hasil_banyak
from sakip.tests import factories as f

TAHUN = 2026


@pytest.fixture
def lke(world):
    template = TemplateLKE.objects.get(pemda=None, regulasi="12/2015")
    world.template = template
    world.evaluasi = services.evaluasi_buka(pemda=world.pemda, opd=world.opd, tahun=TAHUN, template=template)
    world.lain = services.evaluasi_buka(pemda=world.pemda, opd=world.other_opd, tahun=TAHUN, template=template)
    world.komponen = Komponen.objects.get(template=template, kode="A")
    world.kriteria = {
        k.kode: k
        for k in Kriteria.objects.filter(sub__komponen__template=template).select_related("sub__komponen", "skala")
    }
    return world


def lembar_url(lke, evaluasi=None):
    return reverse("evaluasi:evaluasi_lembar", args=[(evaluasi or lke.evaluasi).pk, lke.komponen.pk])


def detail_url(evaluasi):
    return reverse("evaluasi:evaluasi_detail", args=[evaluasi.pk])


def opsi(kriteria, kode):
    return OpsiJawaban.objects.get(skala=kriteria.skala, kode=kode)


def page_data(lke, sebagai, changes=None, versi=None):
    """What the worksheet page posts back untouched, with ``changes`` {nomor: (jawaban, catatan)}."""
    data = {}
    answers = {j.kriteria_id: j for j in Jawaban.objects.filter(evaluasi=lke.evaluasi)}
    for k in Kriteria.objects.filter(sub__komponen=lke.komponen):
        j = answers.get(k.pk)
        chosen = (j.opsi_evaluator_id if sebagai == "evaluator" else j.opsi_mandiri_id) if j else None
        data[f"k{k.pk}-versi"] = j.versi if j else 0
        data[f"k{k.pk}-opsi"] = chosen or ""
        data[f"k{k.pk}-catatan"] = (j.catatan_evaluator if sebagai == "evaluator" else j.catatan_mandiri) if j else ""
        if sebagai == "mandiri":
            data[f"k{k.pk}-bukti_tautan"] = j.bukti_tautan if j else ""
    for nomor, (kode, catatan) in (changes or {}).items():
        k = lke.kriteria[nomor]
        data[f"k{k.pk}-opsi"] = opsi(k, kode).pk
        data[f"k{k.pk}-catatan"] = catatan
    for nomor, v in (versi or {}).items():
        data[f"k{lke.kriteria[nomor].pk}-versi"] = v
    return data


def answer_all(lke):
    """Every criterion answered by the evaluator at the best of its scale (no broken logic check)."""
    for k in lke.kriteria.values():
        best = max(k.skala.opsi.all(), key=lambda o: o.nilai)
        current = Jawaban.objects.filter(evaluasi=lke.evaluasi, kriteria=k).values_list("versi", flat=True).first()
        services.jawaban_simpan(
            evaluasi=lke.evaluasi,
            kriteria=k,
            user=lke.users["evaluator"],
            isian=IsianJawaban(versi=current or 0, opsi=best),
            sebagai="evaluator",
        )


# --- List ----------------------------------------------------------------------------------------------


def test_list_shows_the_years_evaluations_in_scope(lke, client_for):
    page = client_for("evaluator").get(reverse("evaluasi:evaluasi_list"), {"tahun": TAHUN}).content.decode()
    assert "Dinas Kesehatan" in page and "Dinas Pendidikan" in page
    assert "Buka evaluasi" in page
    page = client_for("perencana").get(reverse("evaluasi:evaluasi_list"), {"tahun": TAHUN}).content.decode()
    assert "Dinas Kesehatan" in page and "Dinas Pendidikan" not in page  # other OPD: not listed
    assert "Buka evaluasi" not in page
    assert "ditampilkan setelah final" in page


def test_list_other_year_is_empty(lke, client_for):
    page = client_for("evaluator").get(reverse("evaluasi:evaluasi_list"), {"tahun": 2020}).content.decode()
    assert "Belum ada evaluasi untuk tahun ini" in page


@pytest.mark.parametrize("role", ["admin_pemda", "perencana", "kepala_opd", "pimpinan"])
def test_only_evaluators_open_evaluations(lke, client_for, role):
    response = client_for(role).post(
        f"{reverse('evaluasi:evaluasi_list')}?tahun=2027", {"buka-template": lke.template.pk}
    )
    assert response.status_code == 403
    assert not Evaluasi.objects.filter(tahun=2027).exists()


def test_evaluator_opens_every_opd_not_yet_evaluated(lke, client_for):
    f.OpdFactory(pemda=lke.pemda, nama="Dinas Baru")
    client = client_for("evaluator")
    response = client.post(f"{reverse('evaluasi:evaluasi_list')}?tahun={TAHUN}", {"buka-template": lke.template.pk})
    assert response.status_code == 302
    assert Evaluasi.objects.filter(pemda=lke.pemda, tahun=TAHUN).count() == 3  # two existed
    response = client.post(
        f"{reverse('evaluasi:evaluasi_list')}?tahun=2027", {"buka-template": lke.template.pk, "buka-opd": lke.opd.pk}
    )
    assert list(Evaluasi.objects.filter(tahun=2027).values_list("opd", flat=True)) == [lke.opd.pk]
    # twice: refused in Indonesian, not a 500
    response = client.post(
        f"{reverse('evaluasi:evaluasi_list')}?tahun=2027", {"buka-template": lke.template.pk, "buka-opd": lke.opd.pk}
    )
    assert response.status_code == 200
    assert "sudah dievaluasi" in response.content.decode()


def test_batch_scores_match_the_service(lke):
    answer_all(lke)
    mandiri, evaluator = hasil_banyak([lke.evaluasi])[lke.evaluasi.pk]
    assert evaluator == services.hasil(lke.evaluasi)
    assert mandiri == services.hasil(lke.evaluasi, sisi="mandiri")
    assert evaluator.total == D(100)  # every criterion at its best


def test_list_query_count_does_not_grow_with_rows(lke, client_for):
    client = client_for("evaluator")
    url = f"{reverse('evaluasi:evaluasi_list')}?tahun={TAHUN}"
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for i in range(4):
        opd = f.OpdFactory(pemda=lke.pemda, nama=f"Badan {i}")
        services.evaluasi_buka(pemda=lke.pemda, opd=opd, tahun=TAHUN, template=lke.template)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small)


# --- Detail --------------------------------------------------------------------------------------------


def test_detail_trio(lke, client_for):
    assert client_for("kepala_opd").get(detail_url(lke.evaluasi)).status_code == 200
    assert client_for("perencana").get(detail_url(lke.lain)).status_code == 404
    assert (
        client_for("kepala_opd").post(reverse("evaluasi:evaluasi_finalkan", args=[lke.evaluasi.pk])).status_code == 403
    )


def test_evaluator_answers_and_sees_the_score_change(lke, client_for):
    client = client_for("evaluator")
    assert "0,00" in client.get(detail_url(lke.evaluasi)).content.decode()
    response = client.post(lembar_url(lke), page_data(lke, "evaluator", {"1": ("Y", "Renstra ada"), "3": ("C", "")}))
    assert response.status_code == 302
    jawaban = Jawaban.objects.get(evaluasi=lke.evaluasi, kriteria=lke.kriteria["1"])
    assert (jawaban.opsi_evaluator.kode, jawaban.catatan_evaluator, jawaban.versi) == ("Y", "Renstra ada", 1)
    # A.I.a: (1 + 0,5) / 9 × 2 = 0,33
    assert services.hasil(lke.evaluasi).sub["A.I.a"] == D("0.33")
    page = client.get(detail_url(lke.evaluasi)).content.decode()
    assert "0,33" in page
    assert "Jawaban kriteria 1" in page  # history


def test_planner_fills_the_self_assessment(lke, client_for):
    client = client_for("perencana")
    assert client.get(lembar_url(lke)).status_code == 200
    data = page_data(lke, "mandiri", {"1": ("Y", "Renstra 2025-2029")})
    data[f"k{lke.kriteria['1'].pk}-bukti_tautan"] = "https://contoh.go.id/renstra.pdf"
    assert client.post(lembar_url(lke), data).status_code == 302
    jawaban = Jawaban.objects.get(evaluasi=lke.evaluasi, kriteria=lke.kriteria["1"])
    assert (jawaban.opsi_mandiri.kode, jawaban.opsi_evaluator) == ("Y", None)
    assert jawaban.bukti_tautan == "https://contoh.go.id/renstra.pdf"
    # the planner sees their own score, not the evaluator's column
    page = client.get(detail_url(lke.evaluasi)).content.decode()
    assert "Nilai penilaian mandiri" in page and "Nilai akhir (evaluator)" not in page


@pytest.mark.parametrize("role", ["admin_pemda", "kepala_opd", "pimpinan"])
def test_read_only_roles_cannot_post_the_worksheet(lke, client_for, role):
    assert client_for(role).post(lembar_url(lke), page_data(lke, "mandiri", {"1": ("Y", "")})).status_code == 403
    assert not Jawaban.objects.filter(evaluasi=lke.evaluasi).exists()


def test_worksheet_of_another_opd_or_pemda_is_404(lke, client_for):
    assert client_for("perencana").get(lembar_url(lke, lke.lain)).status_code == 404
    other = services.evaluasi_buka(pemda=lke.other_pemda, opd=lke.other_pemda_opd, tahun=TAHUN, template=lke.template)
    assert client_for("evaluator").post(lembar_url(lke, other), {}).status_code == 404


def test_empty_post_is_a_form_not_a_crash(lke, client_for):
    for role in ("evaluator", "perencana"):
        response = client_for(role).post(lembar_url(lke), {})
        assert response.status_code == 200
    response = client_for("evaluator").post(lembar_url(lke), page_data(lke, "evaluator"))
    assert response.status_code == 200
    assert "Tidak ada perubahan" in response.content.decode()


def test_a_stale_page_is_refused_and_nothing_is_saved(lke, client_for):
    client = client_for("evaluator")
    stale = page_data(lke, "evaluator", {"1": ("T", ""), "2": ("Y", "")})
    # a colleague saves criterion 1 after the page was opened
    services.jawaban_simpan(
        evaluasi=lke.evaluasi,
        kriteria=lke.kriteria["1"],
        user=lke.users["superuser"],
        isian=IsianJawaban(versi=0, opsi=opsi(lke.kriteria["1"], "Y")),
        sebagai="evaluator",
    )
    response = client.post(lembar_url(lke), stale)
    assert response.status_code == 200
    assert "baru saja diubah" in response.content.decode()
    assert Jawaban.objects.get(kriteria=lke.kriteria["1"], evaluasi=lke.evaluasi).opsi_evaluator.kode == "Y"
    assert not Jawaban.objects.filter(kriteria=lke.kriteria["2"], evaluasi=lke.evaluasi).exists()  # all or nothing


# --- Finalising ----------------------------------------------------------------------------------------


def test_finalise_refused_until_complete_then_locked(lke, client_for):
    client = client_for("evaluator")
    url = reverse("evaluasi:evaluasi_finalkan", args=[lke.evaluasi.pk])
    response = client.post(url, follow=True)
    assert "belum dinilai evaluator" in response.content.decode()
    assert not Evaluasi.objects.get(pk=lke.evaluasi.pk).final
    answer_all(lke)
    assert client.post(url).status_code == 302
    assert Evaluasi.objects.get(pk=lke.evaluasi.pk).final
    # read only for everyone afterwards
    assert client.post(lembar_url(lke), page_data(lke, "evaluator", {"1": ("T", "")})).status_code == 403
    assert client_for("perencana").post(lembar_url(lke), page_data(lke, "mandiri")).status_code == 403
    page = client_for("evaluator").get(lembar_url(lke)).content.decode()
    assert "final: hanya dapat dibaca" in page and 'type="submit"' not in page.split("<main")[-1]


def test_opd_sees_the_grade_only_after_final(lke, client_for):
    answer_all(lke)
    page = client_for("kepala_opd").get(detail_url(lke.evaluasi)).content.decode()
    assert "100,00" not in page and "Sangat Memuaskan" not in page
    client_for("evaluator").post(reverse("evaluasi:evaluasi_finalkan", args=[lke.evaluasi.pk]))
    page = client_for("kepala_opd").get(detail_url(lke.evaluasi)).content.decode()
    assert "100,00" in page and "Sangat Memuaskan" in page


def test_batch_scores_are_kept_until_an_answer_changes(lke, shared_cache, django_capture_on_commit_callbacks):
    answer_all(lke)
    first = hasil_banyak([lke.evaluasi])[lke.evaluasi.pk]
    with CaptureQueriesContext(connection) as queries:
        assert hasil_banyak([lke.evaluasi])[lke.evaluasi.pk] == first
    assert len(queries) == 0  # from the cache
    jawaban = Jawaban.objects.filter(evaluasi=lke.evaluasi, opsi_evaluator__isnull=False).first()
    jawaban.opsi_evaluator = min(jawaban.kriteria.skala.opsi.all(), key=lambda o: o.nilai)
    with django_capture_on_commit_callbacks(execute=True):
        jawaban.save()  # a history record: the pemda's data version moves
    mandiri, evaluator = hasil_banyak([lke.evaluasi])[lke.evaluasi.pk]
    assert evaluator == services.hasil(lke.evaluasi) and evaluator.total < first[1].total
