"""The Perjanjian Kinerja workflow and the lock, at the service and model level (the pages come next)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import RequestFactory

from iku_manual.models import Tingkat
from iku_manual.tests.factories import IndikatorFactory, PeriodeFactory, SasaranFactory, TargetFactory
from perjanjian import services
from perjanjian.models import AnggaranPK, BarisPK, DokumenTerkunci, PerjanjianKinerja
from sakip.models import Pejabat
from sakip.tests import factories as f


@pytest.fixture
def plan(world):
    periode = PeriodeFactory(pemda=world.pemda)
    rpjmd = SasaranFactory(periode=periode, kode="S.1")
    ss = SasaranFactory(periode=periode, opd=world.opd, kode="SS.1", parents=[rpjmd])
    iku = IndikatorFactory(sasaran=ss, kode="IKU.1", agregasi="kumulatif")
    TargetFactory(indikator=iku, tahun=2026, nilai=Decimal("70"))
    IndikatorFactory(sasaran=ss, kode="IK.9", is_iku=False)  # not an IKU: not in the OPD head's PK
    program = SasaranFactory(
        periode=periode,
        opd=world.opd,
        kode="SP.1",
        tingkat=Tingkat.SASARAN_PROGRAM,
        parents=[ss],
        unit=world.units["own"],
    )
    TargetFactory(indikator=IndikatorFactory(sasaran=program, kode="IKP.1"), tahun=2026, nilai=Decimal("90"))
    f.PejabatFactory(
        opd=world.opd,
        unit=None,
        jenis_jabatan=Pejabat.JenisJabatan.KEPALA_OPD,
        nama="dr. Kepala",
        jabatan="Kepala Dinas Kesehatan",
    )
    f.PejabatFactory(
        pemda=world.pemda,
        opd=None,
        unit=None,
        nip="",
        jenis_jabatan=Pejabat.JenisJabatan.KEPALA_DAERAH,
        nama="H. Wali Kota",
        jabatan="Wali Kota Uji",
    )
    world.periode, world.iku = periode, iku
    return world


def new_pk(plan, **kwargs):
    return services.pk_create(opd=plan.opd, periode=plan.periode, tahun=2026, user=plan.users["perencana"], **kwargs)


def fill_quarters(perjanjian, values=("20", "40", "55", "70")):
    for row in perjanjian.baris.all():
        row.tw1, row.tw2, row.tw3, row.tw4 = (Decimal(v) for v in values)
        row.save()


def test_draft_is_prefilled_with_iku_targets_and_signatories(plan):
    perjanjian = new_pk(plan)
    rows = list(perjanjian.baris.select_related("indikator"))
    assert [row.indikator.kode for row in rows] == ["IKU.1"]
    assert (rows[0].target, rows[0].target_renstra) == (Decimal("70"), Decimal("70"))
    assert perjanjian.pihak_pertama.nama == "dr. Kepala"
    assert perjanjian.pihak_kedua.nama == "H. Wali Kota"
    assert perjanjian.status == PerjanjianKinerja.Status.DRAFT
    assert BarisPK.history.count() == 1  # rows are created with their history


def test_a_unit_pk_takes_the_unit_nodes(plan):
    perjanjian = new_pk(plan, unit=plan.units["own"])
    assert [row.indikator.kode for row in perjanjian.baris.select_related("indikator")] == ["IKP.1"]
    assert perjanjian.pihak_kedua.nama == "dr. Kepala"


def test_year_outside_the_period_is_refused(plan):
    with pytest.raises(ValidationError, match="di luar periode"):
        services.pk_create(opd=plan.opd, periode=plan.periode, tahun=2031, user=plan.users["perencana"])


def test_one_pk_per_official_year_and_version(plan):
    new_pk(plan)
    with pytest.raises(ValidationError, match="sudah ada"):
        new_pk(plan)


def test_submit_needs_quarterly_targets_that_reach_the_annual_one(plan):
    perjanjian = new_pk(plan)
    fill_quarters(perjanjian, ("20", "40", "55", "65"))
    with pytest.raises(ValidationError, match="Target triwulan IV harus sama dengan target tahunan"):
        services.pk_submit(perjanjian=perjanjian, user=plan.users["perencana"])
    fill_quarters(perjanjian)
    services.pk_submit(perjanjian=perjanjian, user=plan.users["perencana"])
    assert perjanjian.status == PerjanjianKinerja.Status.DIAJUKAN


def test_return_needs_a_note_and_reopens_the_draft(plan):
    perjanjian = new_pk(plan)
    fill_quarters(perjanjian)
    services.pk_submit(perjanjian=perjanjian, user=plan.users["perencana"])
    with pytest.raises(ValidationError, match="Tuliskan catatan"):
        services.pk_return(perjanjian=perjanjian, user=plan.users["kepala_opd"], catatan="  ")
    services.pk_return(perjanjian=perjanjian, user=plan.users["kepala_opd"], catatan="Target TW II terlalu rendah.")
    assert perjanjian.status == PerjanjianKinerja.Status.DIKEMBALIKAN
    assert perjanjian.dapat_diubah


def test_whoever_submits_cannot_approve(plan):
    perjanjian = new_pk(plan)
    fill_quarters(perjanjian)
    services.pk_submit(perjanjian=perjanjian, user=plan.users["perencana"])
    with pytest.raises(ValidationError, match="Yang mengajukan tidak dapat menetapkan"):
        services.pk_approve(perjanjian=perjanjian, user=plan.users["perencana"])


def approved(plan):
    perjanjian = new_pk(plan)
    fill_quarters(perjanjian)
    AnggaranPK.objects.create(perjanjian=perjanjian, nama="Program Pemenuhan Upaya Kesehatan", pagu=Decimal("1500000"))
    services.pk_submit(perjanjian=perjanjian, user=plan.users["perencana"])
    return services.pk_approve(perjanjian=perjanjian, user=plan.users["kepala_opd"])


def test_approval_freezes_signatories_and_letterhead(plan):
    perjanjian = approved(plan)
    assert perjanjian.status == PerjanjianKinerja.Status.DITETAPKAN
    Pejabat.objects.filter(nama="dr. Kepala").update(nama="Pejabat Baru")
    perjanjian.refresh_from_db()
    assert perjanjian.penandatangan["pertama"]["nama"] == "dr. Kepala"
    assert perjanjian.penandatangan["kedua"]["jabatan"] == "Wali Kota Uji"
    assert perjanjian.penandatangan["kop"]["nama"] == "Pemerintah Kota Uji"
    assert perjanjian.penandatangan["anggaran_total"] == "1.500.000,00"


def test_locked_means_locked_by_every_route(plan):
    perjanjian = approved(plan)
    row = perjanjian.baris.get()
    row.target = Decimal("99")
    with pytest.raises(DokumenTerkunci), transaction.atomic():
        row.save()
    with pytest.raises(DokumenTerkunci), transaction.atomic():
        perjanjian.anggaran.get().delete()
    with pytest.raises(DokumenTerkunci), transaction.atomic():
        BarisPK.objects.filter(perjanjian=perjanjian).delete()  # a queryset delete too
    with pytest.raises(DokumenTerkunci), transaction.atomic():
        PerjanjianKinerja.objects.filter(pk=perjanjian.pk).delete()
    perjanjian.tempat = "Lain"
    with pytest.raises(DokumenTerkunci), transaction.atomic():
        perjanjian.save()
    with pytest.raises(ValidationError, match="buat PK Perubahan"):
        services.pk_submit(perjanjian=perjanjian, user=plan.users["perencana"])
    # Django admin offers no change or delete for a ditetapkan agreement.
    request = RequestFactory().get("/")
    request.user = plan.users["superuser"]  # pytest-django's admin_user would be the world's admin pemda
    model_admin = admin.site._registry[PerjanjianKinerja]
    assert model_admin.has_view_permission(request, perjanjian)
    assert not model_admin.has_change_permission(request, perjanjian)
    assert not model_admin.has_delete_permission(request, perjanjian)
    row.refresh_from_db()
    assert row.target == Decimal("70")


def test_perubahan_copies_into_a_new_draft_and_keeps_the_old_version(plan):
    perjanjian = approved(plan)
    with pytest.raises(ValidationError, match="alasan dan dasar hukum"):
        services.pk_perubahan(perjanjian=perjanjian, user=plan.users["perencana"], alasan="", dasar_hukum="")
    baru = services.pk_perubahan(
        perjanjian=perjanjian,
        user=plan.users["perencana"],
        alasan="Pergantian pejabat",
        dasar_hukum="Keputusan Wali Kota Nomor 800/12/2026",
    )
    assert (baru.jenis, baru.versi, baru.menggantikan, baru.status) == ("perubahan", 2, perjanjian, "draft")
    assert baru.baris.get().target == Decimal("70")
    assert baru.anggaran.get().pagu == Decimal("1500000")
    row = baru.baris.get()
    row.target = Decimal("75")
    row.tw4 = Decimal("75")
    row.save()  # the new version is editable
    assert perjanjian.baris.get().target == Decimal("70")  # the old one is unchanged
    with pytest.raises(ValidationError, match="sudah punya PK Perubahan"):
        services.pk_perubahan(perjanjian=perjanjian, user=plan.users["perencana"], alasan="x", dasar_hukum="y")


def test_history_of_the_agreement_is_kept(plan):
    perjanjian = approved(plan)
    statuses = list(perjanjian.history.order_by("history_date").values_list("status", flat=True))
    assert statuses == ["draft", "diajukan", "ditetapkan"]
    assert perjanjian.history.first().history_date.date() <= datetime.date.today() + datetime.timedelta(days=1)


def test_an_agreement_without_budget_rows_is_approved_with_a_zero_total(plan):
    perjanjian = new_pk(plan)
    fill_quarters(perjanjian)
    services.pk_submit(perjanjian=perjanjian, user=plan.users["perencana"])
    services.pk_approve(perjanjian=perjanjian, user=plan.users["kepala_opd"])
    assert perjanjian.penandatangan["anggaran_total"] == "0,00"


def test_both_signatories_are_needed(plan):
    perjanjian = new_pk(plan)
    fill_quarters(perjanjian)
    perjanjian.pihak_kedua = None
    perjanjian.save()
    with pytest.raises(ValidationError, match="Pihak kedua belum dipilih"):
        services.pk_submit(perjanjian=perjanjian, user=plan.users["perencana"])


def test_approval_freezes_what_the_rows_say_and_how_they_are_measured(plan):
    from perjanjian.dokumen import build_pk_context

    perjanjian = approved(plan)
    iku = plan.iku
    iku.nama, iku.satuan, iku.polaritas = "Nama baru setelah penetapan", "unit", "minimize"
    iku.save()
    iku.sasaran.uraian = "Uraian baru"
    iku.sasaran.save()

    row = BarisPK.objects.select_related("indikator__sasaran").get(perjanjian=perjanjian, indikator=iku)
    assert row.isi("indikator_nama") != "Nama baru setelah penetapan"
    assert (row.isi("polaritas"), row.isi("satuan")) == ("maximize", "%")
    lines = build_pk_context(PerjanjianKinerja.objects.get(pk=perjanjian.pk))["baris"]
    assert "Nama baru setelah penetapan" not in {line.indikator for line in lines}
    assert "Uraian baru" not in {line.sasaran for line in lines}

    # A PK Perubahan follows the Manual IKU again until it is itself ditetapkan.
    baru = services.pk_perubahan(perjanjian=perjanjian, user=plan.users["perencana"], alasan="a", dasar_hukum="b")
    assert baru.baris.get(indikator=iku).isi("indikator_nama") == "Nama baru setelah penetapan"


def test_an_indicator_is_promised_by_one_official_a_year(plan):
    head = new_pk(plan)
    assert "IKP.1" in set(services.indikator_pilihan(head).values_list("kode", flat=True))
    new_pk(plan, unit=plan.units["own"])  # the unit head promises IKP.1
    choices = set(services.indikator_pilihan(head).values_list("kode", flat=True))
    assert "IKP.1" not in choices
    assert "IK.9" in choices  # the OPD's own indicator that is in nobody's PK yet
