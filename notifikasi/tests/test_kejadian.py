"""Each workflow event notifies the right people once: through the real services of the PK,
realisation, evaluation and follow-up workflows."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from evaluasi import rekomendasi as rek
from evaluasi.tests.test_rekomendasi import finalkan
from notifikasi import kejadian
from notifikasi.models import Notifikasi
from notifikasi.services import kirim
from perjanjian import realisasi as realisasi_services
from perjanjian import services as pk_services
from perjanjian.models import Realisasi
from perjanjian.tests import test_realisasi as realisasi_tests
from perjanjian.tests.test_workflow import fill_quarters, new_pk
from perjanjian.tests.test_workflow import plan as _workflow_plan
from sakip.models import Role
from sakip.tests import factories as f

Jenis = Notifikasi.Jenis
plan = _workflow_plan  # the PK workflow's fixture: an OPD with a complete plan and its officials


def received(user) -> list[Notifikasi]:
    return list(Notifikasi.objects.filter(penerima=user).order_by("pk"))


def test_pk_submitted_goes_to_the_head_returned_and_approved_to_the_planners(plan):
    perencana, kepala = plan.users["perencana"], plan.users["kepala_opd"]
    other_head = f.UserFactory(role=Role.KEPALA_OPD, pemda=plan.pemda, opd=plan.other_opd)
    perjanjian = new_pk(plan)
    fill_quarters(perjanjian)
    pk_services.pk_submit(perjanjian=perjanjian, user=perencana)
    (menunggu,) = received(kepala)
    assert menunggu.jenis == Jenis.MENUNGGU and "menunggu penetapan" in menunggu.judul
    assert menunggu.tautan == perjanjian.get_absolute_url()
    assert received(perencana) == [] and received(other_head) == []

    pk_services.pk_return(perjanjian=perjanjian, user=kepala, catatan="Target TW II terlalu rendah.")
    menunggu.refresh_from_db()
    assert menunggu.dibaca_pada is not None  # decided: it no longer waits in the head's bell
    (kembali,) = received(perencana)
    assert kembali.jenis == Jenis.DIKEMBALIKAN and "Target TW II terlalu rendah." in kembali.pesan
    assert plan.planners["own"] in [n.penerima for n in Notifikasi.objects.filter(jenis=Jenis.DIKEMBALIKAN)]

    pk_services.pk_submit(perjanjian=perjanjian, user=perencana)  # a new cycle: told again
    assert len(received(kepala)) == 2
    assert [n.dibaca_pada is None for n in received(kepala)] == [False, True]
    pk_services.pk_approve(perjanjian=perjanjian, user=kepala)
    assert all(n.dibaca_pada for n in received(kepala))
    keputusan = received(perencana)[-1]
    assert keputusan.jenis == Jenis.KEPUTUSAN and "ditetapkan" in keputusan.judul


def test_a_repeated_event_notifies_once(plan):
    perjanjian = new_pk(plan)
    fill_quarters(perjanjian)
    pk_services.pk_submit(perjanjian=perjanjian, user=plan.users["perencana"])
    kejadian.pk_diajukan(perjanjian)
    kejadian.pk_diajukan(perjanjian)
    assert len(received(plan.users["kepala_opd"])) == 1


@pytest.fixture
def realisasi_plan(world):
    return realisasi_tests.build_plan(world)


def test_a_quarter_submitted_at_once_is_one_notification_per_evaluator(realisasi_plan):
    plan = realisasi_plan
    second_evaluator = f.UserFactory(role=Role.EVALUATOR, pemda=plan.pemda)
    other_pemda_evaluator = f.UserFactory(role=Role.EVALUATOR, pemda=plan.other_pemda)
    for indikator in plan.iku:
        realisasi_tests.simpan(plan, indikator, bukti_keterangan="Laporan bulanan")
    realisasi_services.realisasi_ajukan_semua(opd=plan.opd, tahun=2026, triwulan=1, user=plan.users["perencana"])
    for evaluator in (plan.users["evaluator"], second_evaluator):
        (row,) = received(evaluator)
        assert row.jenis == Jenis.MENUNGGU and "TW I 2026 Dinkes" in row.judul
        assert row.tautan.endswith(f"?opd={plan.opd.pk}&tahun=2026&triwulan=1")
    assert received(other_pemda_evaluator) == []


def test_submitting_a_quarter_notifies_in_a_constant_number_of_queries(world):
    """ "Ajukan semua" calls the event once after its loop, not once per row."""
    plan = realisasi_tests.build_plan(world, indicators=6)
    perencana, evaluator = plan.users["perencana"], plan.users["evaluator"]

    def submit(indikator) -> int:
        for ind in indikator:
            realisasi_tests.simpan(plan, ind, bukti_keterangan="Laporan bulanan")
        with CaptureQueriesContext(connection) as queries:
            done = realisasi_services.realisasi_ajukan_semua(opd=plan.opd, tahun=2026, triwulan=1, user=perencana)
        assert len(done) == len(indikator)
        return len([q for q in queries.captured_queries if "notifikasi_notifikasi" in q["sql"]])

    few = submit(plan.iku[:1])
    first = Realisasi.objects.get(indikator=plan.iku[0], tahun=2026, triwulan=1)
    realisasi_services.realisasi_verifikasi(realisasi=first, user=evaluator)  # dealt with: the next is new
    many = submit(plan.iku[1:])
    assert few == many > 0
    assert len(received(evaluator)) == 2


def test_nothing_is_told_when_the_submission_rolls_back(realisasi_plan):
    from django.core.exceptions import ValidationError

    plan = realisasi_plan
    realisasi_tests.simpan(plan, plan.iku[0], bukti_keterangan="ada")
    realisasi_tests.simpan(plan, plan.iku[1])  # no evidence: the whole submission fails
    with pytest.raises(ValidationError):
        realisasi_services.realisasi_ajukan_semua(opd=plan.opd, tahun=2026, triwulan=1, user=plan.users["perencana"])
    assert not Notifikasi.objects.exists()


def test_a_returned_or_unverified_realisation_goes_to_the_planners(realisasi_plan):
    plan = realisasi_plan
    evaluator, perencana = plan.users["evaluator"], plan.users["perencana"]
    realisasi = realisasi_tests.simpan(plan, bukti_keterangan="ada")
    realisasi_services.realisasi_ajukan(realisasi=realisasi, user=perencana)
    realisasi_services.realisasi_kembalikan(realisasi=realisasi, user=evaluator, catatan="Bukti tidak terbaca.")
    (row,) = received(perencana)
    assert row.jenis == Jenis.DIKEMBALIKAN and "Bukti tidak terbaca." in row.pesan
    realisasi_services.realisasi_ajukan(realisasi=realisasi, user=perencana)
    assert len(received(evaluator)) == 2  # submitted again after a return: a new event
    realisasi_services.realisasi_verifikasi(realisasi=realisasi, user=evaluator)
    realisasi_services.realisasi_batal_verifikasi(realisasi=realisasi, user=evaluator, catatan="Salah satuan.")
    batal = received(perencana)[-1]
    assert "dibatalkan" in batal.judul and "Salah satuan." in batal.pesan


@pytest.fixture
def evaluasi(world):
    from evaluasi.models import TemplateLKE
    from evaluasi.services import evaluasi_buka

    template = TemplateLKE.objects.get(pemda=None, regulasi="12/2015")
    evaluasi = evaluasi_buka(pemda=world.pemda, opd=world.opd, tahun=2026, template=template)
    world.rek = rek.rekomendasi_simpan(
        evaluasi=evaluasi,
        user=world.users["evaluator"],
        uraian="Perbaiki cascading kinerja.",
        batas_waktu=timezone.localdate() + datetime.timedelta(days=30),
    )
    world.evaluasi = evaluasi
    return world


def test_recommendations_reach_the_opd_when_final_and_follow_ups_go_back_and_forth(evaluasi):
    world = evaluasi
    perencana, kepala, evaluator = world.users["perencana"], world.users["kepala_opd"], world.users["evaluator"]
    finalkan(world, world.evaluasi)
    for user in (perencana, kepala):
        (row,) = received(user)
        assert row.jenis == Jenis.MENUNGGU and "1 rekomendasi" in row.judul
    assert received(world.users["admin_pemda"]) == []

    tindak = rek.tindak_lanjut_ajukan(
        rekomendasi=world.rek, user=perencana, uraian="SOP disusun.", bukti_tautan="https://example.org/sop"
    )
    (row,) = received(evaluator)
    assert row.jenis == Jenis.MENUNGGU and "menunggu penilaian" in row.judul
    other = f.UserFactory(role=Role.EVALUATOR, pemda=world.pemda)
    lain = kirim(penerima=[other], judul="x", kunci=f"tindak-lanjut-diajukan:{tindak.pk}0")  # not this one

    rek.tindak_lanjut_nilai(tindak_lanjut=tindak, user=evaluator, terima=False, catatan="Lampirkan SK.")
    kembali = received(kepala)[-1]
    assert kembali.jenis == Jenis.DIKEMBALIKAN and "Lampirkan SK." in kembali.pesan
    assert received(evaluator)[0].dibaca_pada is not None  # judged: no longer waiting
    assert received(other)[0].dibaca_pada is None and lain

    world.rek.refresh_from_db()
    tindak = rek.tindak_lanjut_ajukan(
        rekomendasi=world.rek, user=kepala, uraian="SK dilampirkan.", bukti_tautan="https://example.org/sk"
    )
    assert len(received(evaluator)) == 2
    rek.tindak_lanjut_nilai(tindak_lanjut=tindak, user=evaluator, terima=True)
    diterima = received(perencana)[-1]
    assert diterima.jenis == Jenis.KEPUTUSAN and "diterima" in diterima.judul


def test_inactive_users_are_not_told(plan):
    plan.users["kepala_opd"].is_active = False
    plan.users["kepala_opd"].save()
    perjanjian = new_pk(plan)
    fill_quarters(perjanjian)
    pk_services.pk_submit(perjanjian=perjanjian, user=plan.users["perencana"])
    assert not Notifikasi.objects.exists()
