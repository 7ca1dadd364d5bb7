"""An evaluation end to end at the service level: answers on both sides, concurrent edits refused,
assignments, logic checks, scores against a hand-computed worksheet, finalising, and templates in
use that can only be copied."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from evaluasi import services
from evaluasi.models import Evaluasi, EvaluasiTerkunci, Jawaban, Kriteria, OpsiJawaban, TemplateDipakai, TemplateLKE
from evaluasi.services import IsianJawaban
from sakip.tests import factories as f


@pytest.fixture
def lke(world):
    template = TemplateLKE.objects.get(pemda=None, regulasi="12/2015")
    evaluasi = services.evaluasi_buka(pemda=world.pemda, opd=world.opd, tahun=2025, template=template)
    world.template, world.evaluasi = template, evaluasi
    world.kriteria = {
        k.kode: k
        for k in Kriteria.objects.filter(sub__komponen__template=template).select_related("sub__komponen", "skala")
    }
    return world


def opsi(kriteria, kode):
    return OpsiJawaban.objects.get(skala=kriteria.skala, kode=kode)


def answer(lke, nomor, kode, *, user=None, sebagai="evaluator", versi=None):
    kriteria = lke.kriteria[nomor]
    current = Jawaban.objects.filter(evaluasi=lke.evaluasi, kriteria=kriteria).values_list("versi", flat=True).first()
    return services.jawaban_simpan(
        evaluasi=lke.evaluasi,
        kriteria=kriteria,
        user=user or lke.users["evaluator"],
        isian=IsianJawaban(versi=(current or 0) if versi is None else versi, opsi=opsi(kriteria, kode)),
        sebagai=sebagai,
    )


def test_both_sides_are_kept_and_scored_separately(lke):
    answer(lke, "1", "Y", sebagai="mandiri", user=lke.users["perencana"])
    answer(lke, "1", "Y")
    answer(lke, "3", "A", sebagai="mandiri", user=lke.users["perencana"])
    answer(lke, "3", "C")
    jawaban = Jawaban.objects.get(evaluasi=lke.evaluasi, kriteria=lke.kriteria["3"])
    assert (jawaban.opsi_mandiri.kode, jawaban.opsi_evaluator.kode) == ("A", "C")
    # A.I.a (weight 2, nine criteria): evaluator 1 + 0,5 = 1,5 -> 1,5/9 × 2 = 0,33; mandiri 2 -> 0,44
    assert services.hasil(lke.evaluasi).sub["A.I.a"] == D("0.33")
    assert services.hasil(lke.evaluasi, sisi="mandiri").sub["A.I.a"] == D("0.44")


def test_a_stale_page_cannot_overwrite_a_colleague(lke):
    answer(lke, "2", "Y")  # version 1
    with pytest.raises(ValidationError, match="baru saja diubah oleh"):
        answer(lke, "2", "T", versi=0)
    assert Jawaban.objects.get(evaluasi=lke.evaluasi, kriteria=lke.kriteria["2"]).opsi_evaluator.kode == "Y"


def test_assigned_components_belong_to_their_evaluator(lke):
    other = f.UserFactory(pemda=lke.pemda, role="evaluator")
    lke.evaluasi.penugasan.create(evaluator=other, komponen=lke.kriteria["1"].sub.komponen)
    with pytest.raises(ValidationError, match="ditugaskan kepada evaluator lain"):
        answer(lke, "1", "Y")
    answer(lke, "1", "Y", user=other)
    answer(lke, "40", "Y")  # component B is not assigned: anyone of the pemda's evaluators


def test_an_answer_must_come_from_the_criterion_scale(lke):
    with pytest.raises(ValidationError, match="bukan pilihan kriteria"):
        services.jawaban_simpan(
            evaluasi=lke.evaluasi,
            kriteria=lke.kriteria["1"],
            user=lke.users["evaluator"],
            isian=IsianJawaban(versi=0, opsi=opsi(lke.kriteria["3"], "B")),
            sebagai="evaluator",
        )


def test_logic_check_and_finalising(lke):
    for nomor, kriteria in lke.kriteria.items():
        best = kriteria.skala.opsi.order_by("-nilai").first()
        answer(lke, nomor, best.kode)
    answer(lke, "1", "T")  # "Renstra telah disusun" = Tidak, yet its dependants are answered
    with pytest.raises(ValidationError) as error:
        services.evaluasi_finalkan(evaluasi=lke.evaluasi, user=lke.users["evaluator"])
    assert "Kriteria 2 bernilai lebih dari 0 padahal kriteria 1 dijawab 0." in error.value.messages
    answer(lke, "1", "Y")
    hasil = services.hasil(lke.evaluasi)
    assert (hasil.total, hasil.predikat.kode) == (D(100), "AA")
    services.evaluasi_finalkan(evaluasi=lke.evaluasi, user=lke.users["evaluator"])

    # Final means locked: answers, the evaluation and its template.
    with pytest.raises(ValidationError, match="sudah final"):
        answer(lke, "2", "T")
    with pytest.raises(EvaluasiTerkunci), transaction.atomic():
        Jawaban.objects.filter(evaluasi=lke.evaluasi).delete()
    with pytest.raises(TemplateDipakai):
        komponen = lke.template.komponen.first()
        komponen.bobot = D(99)
        komponen.save()
    assert Evaluasi.objects.get(pk=lke.evaluasi.pk).final


def test_finalising_needs_every_criterion_scored(lke):
    answer(lke, "1", "Y")
    with pytest.raises(ValidationError, match="Masih ada 91 kriteria"):
        services.evaluasi_finalkan(evaluasi=lke.evaluasi, user=lke.users["evaluator"])


def test_a_template_in_use_is_copied_to_a_new_version(lke):
    copy = services.template_salin(template=lke.template, pemda=lke.pemda, nama="LKE Kota Uji", tahun_berlaku=2026)
    assert (copy.versi, copy.asal, copy.regulasi) == (1, lke.template, "lainnya")
    assert Kriteria.objects.filter(sub__komponen__template=copy).count() == 92
    assert Kriteria.objects.get(sub__komponen__template=copy, kode="2").syarat.sub.komponen.template == copy
    capaian = Kriteria.objects.get(sub__komponen__template=copy, kode="90")  # the suggestion rule comes along
    assert (capaian.saran, capaian.saran_jenis, capaian.saran_ambang[0]) == ("target", "outcome", ["A", "110.01"])
    assert copy.periksa_bobot() == []
    komponen = copy.komponen.get(kode="E")
    komponen.nama = "Capaian Kinerja Daerah"
    komponen.save()  # the copy is not in use: editable
    again = services.template_salin(template=copy, pemda=lke.pemda, nama="LKE Kota Uji", tahun_berlaku=2027)
    assert again.versi == 2


def test_one_evaluation_per_opd_and_year(lke):
    with pytest.raises(ValidationError, match="sudah dievaluasi"):
        services.evaluasi_buka(pemda=lke.pemda, opd=lke.opd, tahun=2025, template=lke.template)
    pemda_wide = services.evaluasi_buka(pemda=lke.pemda, tahun=2025, template=lke.template)
    assert pemda_wide.opd is None
