"""The IKP workflow: each transition, the refusals (in Indonesian), the history rows and the
notifications."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from instruksi import services
from instruksi.models import Instruksi, Negosiasi, Tugas
from instruksi.tests.factories import InstruksiFactory, TugasFactory
from notifikasi.models import Notifikasi
from sakip.models import Role
from sakip.tests import factories as f

pytestmark = pytest.mark.django_db


def messages_of(exc_info) -> str:
    return " ".join(exc_info.value.messages)


# --- Issue and cancel -------------------------------------------------------------------------------


def test_issue_notifies_the_assigned_opd_users_once(draf, world):
    other_opd_planner = world.planners["other_opd"]
    services.terbitkan(instruksi=draf, user=world.users["pimpinan"])
    draf.refresh_from_db()
    assert draf.status == "diterbitkan" and draf.diterbitkan_pada is not None
    penerima = set(
        Notifikasi.objects.filter(kunci=f"ikp-terbit-{draf.pk}").values_list("penerima__username", flat=True)
    )
    assert {"perencana", "kepala"} <= penerima
    assert other_opd_planner.username not in penerima
    assert draf.history.filter(history_change_reason="Diterbitkan").exists()


def test_issue_twice_is_refused(terbit, world):
    with pytest.raises(ValidationError) as exc:
        services.terbitkan(instruksi=terbit, user=world.users["pimpinan"])
    assert "tidak dapat diubah" in messages_of(exc)
    # perencana, kepala and the OPD's second planner, once each
    assert Notifikasi.objects.filter(kunci=f"ikp-terbit-{terbit.pk}").count() == 3


def test_issue_needs_a_task(world):
    kosong = InstruksiFactory(pemda=world.pemda, dibuat_oleh=world.users["pimpinan"])
    with pytest.raises(ValidationError) as exc:
        services.terbitkan(instruksi=kosong, user=world.users["pimpinan"])
    assert "paling sedikit satu tugas" in messages_of(exc)


def test_issue_refuses_a_deadline_already_past(world):
    instruksi = InstruksiFactory(pemda=world.pemda, dibuat_oleh=world.users["pimpinan"])
    TugasFactory(instruksi=instruksi, opd=world.opd, batas_waktu=timezone.localdate() - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as exc:
        services.terbitkan(instruksi=instruksi, user=world.users["pimpinan"])
    assert "sudah lewat" in messages_of(exc)


def test_cancel_needs_a_reason_then_is_read_only(terbit, world):
    with pytest.raises(ValidationError) as exc:
        services.batalkan(instruksi=terbit, user=world.users["pimpinan"], alasan="  ")
    assert "alasan pembatalan" in messages_of(exc)
    services.batalkan(instruksi=terbit, user=world.users["pimpinan"], alasan="Kasus ditangani provinsi")
    terbit.refresh_from_db()
    assert terbit.status == "dibatalkan" and terbit.alasan_batal == "Kasus ditangani provinsi"
    tugas = terbit.tugas.get()
    with pytest.raises(ValidationError) as exc:
        services.laporkan_kemajuan(
            tugas=tugas, user=world.users["perencana"], nilai=Decimal(1), uraian="x", bukti_tautan="https://a.example"
        )
    assert "sudah dibatalkan" in messages_of(exc)
    with pytest.raises(ValidationError):
        services.batalkan(instruksi=terbit, user=world.users["pimpinan"], alasan="lagi")


# --- Negotiation ------------------------------------------------------------------------------------


def test_propose_then_approve_changes_the_target_and_keeps_the_old(tugas, world):
    negosiasi = services.ajukan_negosiasi(
        tugas=tugas, user=world.users["perencana"], target_usulan=Decimal(6), alasan="Pendamping terbatas"
    )
    tugas.refresh_from_db()
    assert tugas.status == Tugas.Status.NEGOSIASI
    pimpinan_notes = Notifikasi.objects.filter(kunci=f"ikp-negosiasi-{negosiasi.pk}", jenis="menunggu")
    assert list(pimpinan_notes.values_list("penerima__username", flat=True)) == ["pimpinan"]
    assert tugas.uraian in pimpinan_notes.get().judul  # the bell names the task
    assert pimpinan_notes.get().dibaca_pada is None

    services.putuskan(negosiasi=negosiasi, user=world.users["pimpinan"], setuju=True, catatan="Wajar")
    assert pimpinan_notes.get().dibaca_pada is not None  # decided: no longer waiting in the bell
    tugas.refresh_from_db()
    negosiasi.refresh_from_db()
    assert tugas.target == Decimal(6) and tugas.status == Tugas.Status.BERJALAN
    assert negosiasi.status == "disetujui" and negosiasi.target_lama == Decimal(10)
    assert negosiasi.diputuskan_oleh == world.users["pimpinan"]
    keputusan = Notifikasi.objects.get(kunci=f"ikp-keputusan-{negosiasi.pk}")
    assert keputusan.penerima == world.users["perencana"] and keputusan.jenis == "keputusan"
    assert "disetujui" in keputusan.judul
    reasons = list(tugas.history.values_list("history_change_reason", flat=True))
    assert "Negosiasi diajukan" in reasons and "Negosiasi disetujui" in reasons


def test_reject_keeps_the_target_and_needs_a_note(tugas, world):
    negosiasi = services.ajukan_negosiasi(
        tugas=tugas,
        user=world.users["kepala_opd"],
        batas_waktu_usulan=tugas.batas_waktu + datetime.timedelta(days=14),
        alasan="Butuh waktu",
    )
    with pytest.raises(ValidationError) as exc:
        services.putuskan(negosiasi=negosiasi, user=world.users["pimpinan"], setuju=False)
    assert "mengapa usulan ditolak" in messages_of(exc)
    batas = tugas.batas_waktu
    services.putuskan(negosiasi=negosiasi, user=world.users["pimpinan"], setuju=False, catatan="Harus sesuai jadwal")
    tugas.refresh_from_db()
    negosiasi.refresh_from_db()
    assert tugas.batas_waktu == batas and tugas.target == Decimal(10) and tugas.status == "berjalan"
    assert negosiasi.status == "ditolak" and negosiasi.catatan_keputusan == "Harus sesuai jadwal"
    with pytest.raises(ValidationError) as exc:
        services.putuskan(negosiasi=negosiasi, user=world.users["pimpinan"], setuju=True)
    assert "sudah diputuskan" in messages_of(exc)


def test_one_pending_negotiation_per_task(tugas, world):
    services.ajukan_negosiasi(tugas=tugas, user=world.users["perencana"], target_usulan=Decimal(5), alasan="a")
    with pytest.raises(ValidationError) as exc:
        services.ajukan_negosiasi(tugas=tugas, user=world.users["perencana"], target_usulan=Decimal(4), alasan="b")
    assert "menunggu keputusan pimpinan" in messages_of(exc)
    assert Negosiasi.objects.filter(tugas=tugas).count() == 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"alasan": "x"}, "Usulkan target atau batas waktu"),
        ({"target_usulan": Decimal(10), "alasan": "x"}, "sama dengan target"),
        ({"target_usulan": Decimal(5), "alasan": " "}, "Tuliskan alasan"),
        ({"batas_waktu_usulan": datetime.date(2000, 1, 1), "alasan": "x"}, "sudah lewat"),
    ],
)
def test_proposal_refusals(tugas, world, kwargs, message):
    with pytest.raises(ValidationError) as exc:
        services.ajukan_negosiasi(tugas=tugas, user=world.users["perencana"], **kwargs)
    assert message in messages_of(exc)
    assert not Negosiasi.objects.exists()


def test_no_negotiation_on_a_draft(draf, world):
    with pytest.raises(ValidationError) as exc:
        services.ajukan_negosiasi(
            tugas=draf.tugas.get(), user=world.users["perencana"], target_usulan=Decimal(1), alasan="x"
        )
    assert "belum diterbitkan" in messages_of(exc)


# --- Progress ---------------------------------------------------------------------------------------


def test_progress_with_a_file_then_achieved_automatically(tugas, world):
    pdf = SimpleUploadedFile("laporan.pdf", b"%PDF-1.4\n%%EOF\n")
    services.laporkan_kemajuan(
        tugas=tugas, user=world.users["perencana"], nilai=Decimal(4), uraian="4 kasus", bukti=pdf
    )
    tugas.refresh_from_db()
    assert tugas.capaian_terakhir == Decimal(4) and tugas.status == "berjalan"
    kemajuan = services.laporkan_kemajuan(
        tugas=tugas,
        user=world.users["perencana"],
        nilai=Decimal(10),
        uraian="Semua",
        bukti_tautan="https://lapor.example/1",
    )
    tugas.refresh_from_db()
    assert tugas.status == Tugas.Status.TERCAPAI and tugas.selesai_pada == kemajuan.tanggal
    with pytest.raises(ValidationError) as exc:
        services.laporkan_kemajuan(
            tugas=tugas, user=world.users["perencana"], nilai=Decimal(11), uraian="x", bukti_tautan="https://a.example"
        )
    assert "sudah ditutup" in messages_of(exc)
    assert tugas.kemajuan.first().bukti_nama == "laporan.pdf"


def test_progress_refusals(tugas, world):
    with pytest.raises(ValidationError) as exc:
        services.laporkan_kemajuan(tugas=tugas, user=world.users["perencana"], nilai=None, uraian="")
    text = messages_of(exc)
    assert "Isi nilai" in text and "Lampirkan bukti" in text and "uraian kemajuan" in text
    bad = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00not a pdf")
    with pytest.raises(ValidationError) as exc:
        services.laporkan_kemajuan(tugas=tugas, user=world.users["perencana"], nilai=Decimal(1), uraian="x", bukti=bad)
    assert "Berkas bukti harus PDF" in messages_of(exc)


def test_approval_of_a_lower_target_already_met_achieves_the_task(tugas, world):
    services.laporkan_kemajuan(
        tugas=tugas, user=world.users["perencana"], nilai=Decimal(7), uraian="7", bukti_tautan="https://a.example"
    )
    negosiasi = services.ajukan_negosiasi(
        tugas=tugas, user=world.users["perencana"], target_usulan=Decimal(7), alasan="x"
    )
    services.putuskan(negosiasi=negosiasi, user=world.users["pimpinan"], setuju=True)
    tugas.refresh_from_db()
    assert tugas.status == Tugas.Status.TERCAPAI


def _serapan_task(world, jenis):
    instruksi = InstruksiFactory(
        pemda=world.pemda, dibuat_oleh=world.users["pimpinan"], status="diterbitkan", diterbitkan_pada=timezone.now()
    )
    return TugasFactory(
        instruksi=instruksi,
        opd=world.opd,
        jenis_target=jenis,
        target=Decimal(90),
        satuan="%",
        batas_waktu=datetime.date(timezone.localdate().year, 12, 31),
    )


def test_serapan_progress_reads_the_monitoring_figure(world):
    from pemantauan.models import SerapanAnggaran

    tugas = _serapan_task(world, Tugas.JenisTarget.SERAPAN)
    with pytest.raises(ValidationError) as exc:
        services.laporkan_kemajuan(tugas=tugas, user=world.users["perencana"], uraian="Belanja modal dipercepat")
    assert "Belum ada data serapan anggaran" in messages_of(exc)
    today = timezone.localdate()
    SerapanAnggaran.objects.create(
        opd=world.opd, tahun=today.year, bulan=today.month, pagu=Decimal(1000), realisasi_sd=Decimal(600)
    )
    services.laporkan_kemajuan(tugas=tugas, user=world.users["perencana"], uraian="Belanja modal dipercepat")
    tugas.refresh_from_db()
    assert tugas.capaian_terakhir == Decimal(60) and tugas.status == "berjalan"


def test_pengaduan_progress_reads_the_response_rate(world):
    from pemantauan.models import PengaduanLapor

    tugas = _serapan_task(world, Tugas.JenisTarget.PENGADUAN)
    today = timezone.localdate()
    PengaduanLapor.objects.create(
        opd=world.opd, tahun=today.year, bulan=today.month, diterima=10, ditanggapi=10, selesai=5
    )
    services.laporkan_kemajuan(tugas=tugas, user=world.users["perencana"], uraian="Semua ditanggapi")
    tugas.refresh_from_db()
    assert tugas.capaian_terakhir == Decimal(100) and tugas.status == Tugas.Status.TERCAPAI


# --- Deadlines ----------------------------------------------------------------------------------------


def test_tutup_lewat_tenggat_is_idempotent(tugas, world):
    services.laporkan_kemajuan(
        tugas=tugas, user=world.users["perencana"], nilai=Decimal(3), uraian="3", bukti_tautan="https://a.example"
    )
    besok = tugas.batas_waktu + datetime.timedelta(days=1)
    assert services.tutup_lewat_tenggat(tugas.batas_waktu) == []  # the deadline day itself is still open
    closed = services.tutup_lewat_tenggat(besok)
    assert [t.pk for t in closed] == [tugas.pk]
    tugas.refresh_from_db()
    assert tugas.status == Tugas.Status.TIDAK_TERCAPAI and tugas.selesai_pada == besok
    assert services.tutup_lewat_tenggat(besok + datetime.timedelta(days=3)) == []
    assert tugas.history.filter(history_change_reason="Batas waktu terlewati").count() == 1


def test_tutup_lewat_tenggat_leaves_drafts_cancelled_and_negotiating_tasks(world, tugas):
    lewat = timezone.localdate() - datetime.timedelta(days=40)
    draft = InstruksiFactory(pemda=world.pemda, dibuat_oleh=world.users["pimpinan"])
    draft_task = TugasFactory(instruksi=draft, opd=world.opd, batas_waktu=lewat)
    cancelled = InstruksiFactory(
        pemda=world.pemda,
        dibuat_oleh=world.users["pimpinan"],
        status=Instruksi.Status.DIBATALKAN,
        diterbitkan_pada=timezone.now() - datetime.timedelta(days=60),
        dibatalkan_pada=timezone.now(),
        alasan_batal="Ditangani provinsi",
    )
    cancelled_task = TugasFactory(instruksi=cancelled, opd=world.opd, batas_waktu=lewat)
    services.ajukan_negosiasi(tugas=tugas, user=world.users["perencana"], target_usulan=Decimal(5), alasan="x")
    far = tugas.batas_waktu + datetime.timedelta(days=10)
    assert services.tutup_lewat_tenggat(far) == []
    for task in (draft_task, cancelled_task):
        task.refresh_from_db()
        assert task.status == "berjalan"


def test_admin_may_not_be_told_as_pimpinan(tugas, world):
    """Only active Pimpinan Daerah users of the pemda are asked to decide."""
    f.UserFactory(role=Role.PIMPINAN, pemda=world.pemda, is_active=False, username="pimpinan.lama")
    f.UserFactory(role=Role.PIMPINAN, pemda=world.other_pemda, username="pimpinan.lain")
    negosiasi = services.ajukan_negosiasi(
        tugas=tugas, user=world.users["perencana"], target_usulan=Decimal(5), alasan="x"
    )
    names = set(
        Notifikasi.objects.filter(kunci=f"ikp-negosiasi-{negosiasi.pk}").values_list("penerima__username", flat=True)
    )
    assert names == {"pimpinan"}


def test_draft_is_not_editable_once_issued(terbit):
    with pytest.raises(ValidationError):
        services.pastikan_draf(terbit)
    assert Instruksi.objects.get(pk=terbit.pk).status == "diterbitkan"


def test_tutup_lewat_tenggat_reads_the_serapan_at_the_deadline(world):
    from pemantauan.models import SerapanAnggaran

    tahun = timezone.localdate().year
    tugas = _serapan_task(world, Tugas.JenisTarget.SERAPAN)
    Tugas.objects.filter(pk=tugas.pk).update(batas_waktu=datetime.date(tahun, 6, 30))
    SerapanAnggaran.objects.create(opd=world.opd, tahun=tahun, bulan=6, pagu=Decimal(100), realisasi_sd=Decimal(91))
    SerapanAnggaran.objects.create(opd=world.opd, tahun=tahun, bulan=7, pagu=Decimal(100), realisasi_sd=Decimal(50))
    [closed] = services.tutup_lewat_tenggat(datetime.date(tahun, 7, 15))
    closed.refresh_from_db()
    assert closed.status == Tugas.Status.TERCAPAI and closed.capaian_terakhir == Decimal(91)


# --- A pending proposal lapses when its task closes or its instruction is cancelled --------------------


def assert_gugur(negosiasi, sebab):
    negosiasi.refresh_from_db()
    assert negosiasi.status == Negosiasi.Status.DITOLAK
    assert negosiasi.catatan_keputusan == f"Gugur: {sebab} sebelum diputuskan."
    assert negosiasi.diputuskan_oleh is None and negosiasi.diputuskan_pada is not None
    assert not Negosiasi.objects.filter(status=Negosiasi.Status.MENUNGGU).exists()


def test_achieving_the_target_during_a_negotiation_lapses_the_proposal(tugas, world):
    negosiasi = services.ajukan_negosiasi(
        tugas=tugas, user=world.users["perencana"], target_usulan=Decimal(6), alasan="Kurang pendamping"
    )
    services.laporkan_kemajuan(
        tugas=tugas, user=world.users["perencana"], nilai=Decimal(10), uraian="Semua", bukti_tautan="https://a.example"
    )
    tugas.refresh_from_db()
    assert tugas.status == Tugas.Status.TERCAPAI
    assert_gugur(negosiasi, "tugas sudah tercapai")
    with pytest.raises(ValidationError):
        services.putuskan(negosiasi=negosiasi, user=world.users["pimpinan"], setuju=True)


def test_cancelling_lapses_the_pending_proposal_and_reopens_nothing(tugas, world):
    negosiasi = services.ajukan_negosiasi(
        tugas=tugas, user=world.users["perencana"], target_usulan=Decimal(6), alasan="Kurang pendamping"
    )
    services.batalkan(instruksi=tugas.instruksi, user=world.users["pimpinan"], alasan="Ditangani provinsi")
    assert_gugur(negosiasi, "instruksi dibatalkan")
    tugas.refresh_from_db()
    assert tugas.status == Tugas.Status.BERJALAN  # no longer "negosiasi" on a cancelled instruction


def test_closing_at_the_deadline_lapses_a_stray_pending_proposal(tugas, world):
    negosiasi = services.ajukan_negosiasi(
        tugas=tugas, user=world.users["perencana"], target_usulan=Decimal(6), alasan="Kurang pendamping"
    )
    Tugas.objects.filter(pk=tugas.pk).update(status=Tugas.Status.BERJALAN)  # e.g. left by an older version
    [closed] = services.tutup_lewat_tenggat(tugas.batas_waktu + datetime.timedelta(days=1))
    assert closed.status == Tugas.Status.TIDAK_TERCAPAI
    assert_gugur(negosiasi, "tugas sudah ditutup")


# --- Serapan/pengaduan wait for the deadline month's figures ------------------------------------------


def _pemantauan_task(world, jenis, *, terbit: datetime.date, batas: datetime.date, target=Decimal(90)):
    instruksi = InstruksiFactory(
        pemda=world.pemda,
        dibuat_oleh=world.users["pimpinan"],
        status="diterbitkan",
        tanggal=terbit,
        diterbitkan_pada=timezone.make_aware(datetime.datetime.combine(terbit, datetime.time(9))),
    )
    return TugasFactory(
        instruksi=instruksi, opd=world.opd, jenis_target=jenis, target=target, satuan="%", batas_waktu=batas
    )


def test_serapan_without_the_deadline_month_waits_the_grace_period(world):
    from pemantauan.models import SerapanAnggaran

    tahun = timezone.localdate().year
    batas = datetime.date(tahun, 6, 30)
    tugas = _pemantauan_task(world, Tugas.JenisTarget.SERAPAN, terbit=datetime.date(tahun, 6, 1), batas=batas)
    SerapanAnggaran.objects.create(opd=world.opd, tahun=tahun, bulan=5, pagu=Decimal(100), realisasi_sd=Decimal(95))
    assert services.MASA_TENGGANG_DATA == datetime.timedelta(days=15)
    assert services.tutup_lewat_tenggat(batas + datetime.timedelta(days=1)) == []
    assert services.tutup_lewat_tenggat(batas + services.MASA_TENGGANG_DATA) == []
    tugas.refresh_from_db()
    assert tugas.status == Tugas.Status.BERJALAN
    [closed] = services.tutup_lewat_tenggat(batas + services.MASA_TENGGANG_DATA + datetime.timedelta(days=1))
    assert closed.status == Tugas.Status.TERCAPAI and closed.capaian_terakhir == Decimal(95)


def test_pengaduan_with_the_deadline_month_closes_the_next_day(world):
    from pemantauan.models import PengaduanLapor

    tahun = timezone.localdate().year
    batas = datetime.date(tahun, 7, 31)
    tugas = _pemantauan_task(
        world, Tugas.JenisTarget.PENGADUAN, terbit=datetime.date(tahun, 6, 3), batas=batas, target=Decimal(100)
    )
    # Before the instruction started: not counted (item: the period measured starts with it).
    PengaduanLapor.objects.create(opd=world.opd, tahun=tahun, bulan=2, diterima=10, ditanggapi=0, selesai=0)
    PengaduanLapor.objects.create(opd=world.opd, tahun=tahun, bulan=6, diterima=10, ditanggapi=10, selesai=4)
    assert services.angka_pemantauan(tugas, batas) == Decimal(100)
    assert services.tutup_lewat_tenggat(batas + datetime.timedelta(days=1)) == []  # July not in yet
    PengaduanLapor.objects.create(opd=world.opd, tahun=tahun, bulan=7, diterima=10, ditanggapi=5, selesai=1)
    [closed] = services.tutup_lewat_tenggat(batas + datetime.timedelta(days=1))
    assert closed.status == Tugas.Status.TIDAK_TERCAPAI and closed.capaian_terakhir == Decimal(75)


# --- Lower-is-better targets ----------------------------------------------------------------------------


def _turun_task(tugas, target=Decimal(0)):
    Tugas.objects.filter(pk=tugas.pk).update(arah=Tugas.Arah.TURUN, target=target)
    tugas.refresh_from_db()
    return tugas


@pytest.mark.parametrize(("nilai", "expected"), [(Decimal(0), "tercapai"), (Decimal(2), "tidak_tercapai")])
def test_a_ceiling_is_never_closed_by_a_report_only_at_the_deadline(tugas, world, nilai, expected):
    tugas = _turun_task(tugas)
    services.laporkan_kemajuan(
        tugas=tugas, user=world.users["perencana"], nilai=nilai, uraian="Kasus baru", bukti_tautan="https://a.example"
    )
    tugas.refresh_from_db()
    assert tugas.status == Tugas.Status.BERJALAN and tugas.capaian_terakhir == nilai
    [closed] = services.tutup_lewat_tenggat(tugas.batas_waktu + datetime.timedelta(days=1))
    assert closed.status == expected


def test_a_ceiling_without_any_report_is_not_achieved(tugas):
    _turun_task(tugas)
    [closed] = services.tutup_lewat_tenggat(tugas.batas_waktu + datetime.timedelta(days=1))
    assert closed.status == Tugas.Status.TIDAK_TERCAPAI


def test_approving_a_ceiling_does_not_close_it_early(tugas, world):
    tugas = _turun_task(tugas, Decimal(2))
    services.laporkan_kemajuan(
        tugas=tugas, user=world.users["perencana"], nilai=Decimal(3), uraian="3", bukti_tautan="https://a.example"
    )
    negosiasi = services.ajukan_negosiasi(
        tugas=tugas, user=world.users["perencana"], target_usulan=Decimal(4), alasan="Data kasus lama masuk"
    )
    services.putuskan(negosiasi=negosiasi, user=world.users["pimpinan"], setuju=True)
    tugas.refresh_from_db()
    assert tugas.status == Tugas.Status.BERJALAN and tugas.target == Decimal(4)


def test_database_refuses_a_rising_target_of_zero_and_a_falling_percentage(world, tugas):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Tugas.objects.filter(pk=tugas.pk).update(target=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Tugas.objects.filter(pk=tugas.pk).update(arah="turun", jenis_target="serapan")
    Tugas.objects.filter(pk=tugas.pk).update(arah="turun", target=0)  # a ceiling of zero is fine


# --- Negotiation checks ------------------------------------------------------------------------------------


def test_percentage_proposals_are_at_most_100(world):
    tugas = _serapan_task(world, Tugas.JenisTarget.SERAPAN)
    with pytest.raises(ValidationError) as exc:
        services.ajukan_negosiasi(tugas=tugas, user=world.users["perencana"], target_usulan=Decimal(120), alasan="x")
    assert "paling besar 100" in messages_of(exc)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"target_usulan": Decimal(0), "alasan": "x"}, "harus lebih dari 0"),
        ({"batas_waktu_usulan": "same", "alasan": "x"}, "sama dengan target"),
        ({"target_usulan": Decimal(10), "batas_waktu_usulan": "same", "alasan": "x"}, "sama dengan target"),
    ],
)
def test_proposal_refusals_of_direction_and_no_op(tugas, world, kwargs, message):
    if kwargs.get("batas_waktu_usulan") == "same":
        kwargs["batas_waktu_usulan"] = tugas.batas_waktu
    with pytest.raises(ValidationError) as exc:
        services.ajukan_negosiasi(tugas=tugas, user=world.users["perencana"], **kwargs)
    assert message in messages_of(exc)
    assert not Negosiasi.objects.exists()


def test_approval_rechecks_that_the_proposed_deadline_is_not_past(tugas, world):
    negosiasi = services.ajukan_negosiasi(
        tugas=tugas,
        user=world.users["perencana"],
        batas_waktu_usulan=timezone.localdate() + datetime.timedelta(days=3),
        alasan="x",
    )
    Negosiasi.objects.filter(pk=negosiasi.pk).update(
        batas_waktu_usulan=timezone.localdate() - datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationError) as exc:
        services.putuskan(negosiasi=negosiasi, user=world.users["pimpinan"], setuju=True)
    assert "Batas waktu usulan" in messages_of(exc) and "tidak dapat disetujui" in messages_of(exc)
    negosiasi.refresh_from_db()
    assert negosiasi.status == Negosiasi.Status.MENUNGGU
    services.putuskan(negosiasi=negosiasi, user=world.users["pimpinan"], setuju=False, catatan="Ajukan ulang")
