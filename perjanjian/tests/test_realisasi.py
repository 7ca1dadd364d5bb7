"""The realisation workflow at the service level: entry windows and reopenings, submit with evidence,
verification by someone else, the lock on verified realisations, and history."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from iku_manual.models import Indikator, SkalaKualitatif
from iku_manual.tests.factories import IndikatorFactory, PeriodeFactory, SasaranFactory
from perjanjian import realisasi as services
from perjanjian.models import BukaKembali, JadwalRealisasi, PerjanjianKinerja, Realisasi, RealisasiTerkunci
from perjanjian.tests.factories import BarisFactory, PerjanjianFactory

TAHUN = 2026
Status = Realisasi.Status
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def ditetapkan(pk: PerjanjianKinerja) -> PerjanjianKinerja:
    """Mark an agreement ditetapkan the way the matrix does (the approval workflow is tested elsewhere)."""
    PerjanjianKinerja.objects.filter(pk=pk.pk).update(status=PerjanjianKinerja.Status.DITETAPKAN)
    pk.refresh_from_db()
    return pk


def build_plan(world, *, indicators: int = 2):
    """Our OPD's ditetapkan PK for 2026 with ``indicators`` rows (the first kumulatif), a qualitative
    row (Opini BPK) and a stabilize row; the other OPD and the other pemda get one row each."""
    periode = PeriodeFactory(pemda=world.pemda)
    rpjmd = SasaranFactory(periode=periode, kode="S.1")
    sasaran = SasaranFactory(periode=periode, opd=world.opd, kode="SS.1", parents=[rpjmd])
    pk = PerjanjianFactory(opd=world.opd, periode=periode, tahun=TAHUN)
    iku = []
    for n in range(indicators):
        ind = IndikatorFactory(sasaran=sasaran, kode=f"IKU.{n + 1}", agregasi="kumulatif" if n == 0 else "terakhir")
        BarisFactory(perjanjian=pk, indikator=ind, target=100, tw1=25, tw2=50, tw3=75, tw4=100, urutan=n)
        iku.append(ind)
    opini = SkalaKualitatif.objects.get(nama__icontains="opini")
    kualitatif = IndikatorFactory(sasaran=sasaran, kode="IKU.Q", nama="Opini BPK", satuan="predikat", skala=opini)
    BarisFactory(perjanjian=pk, indikator=kualitatif, target=4, tw4=4, urutan=50)
    inflasi = IndikatorFactory(sasaran=sasaran, kode="IKU.S", nama="Inflasi", polaritas="stabilize")
    BarisFactory(perjanjian=pk, indikator=inflasi, batas_bawah=Decimal("2.5"), batas_atas=Decimal("3.5"), urutan=60)
    world.periode, world.sasaran, world.pk = periode, sasaran, ditetapkan(pk)
    world.iku, world.kualitatif, world.inflasi = iku, kualitatif, inflasi
    # The other OPD of the pemda and the OPD of the other pemda, one row each.
    world.lain = {}
    for key, opd in (("other_opd", world.other_opd), ("other_pemda", world.other_pemda_opd)):
        p = PeriodeFactory(pemda=opd.pemda)
        s = SasaranFactory(periode=p, opd=opd, parents=[SasaranFactory(periode=p)])
        ind = IndikatorFactory(sasaran=s)
        other = PerjanjianFactory(opd=opd, periode=p, tahun=TAHUN)
        BarisFactory(perjanjian=other, indikator=ind, target=10, tw1=5)
        ditetapkan(other)
        world.lain[key] = ind
    return world


@pytest.fixture
def plan(world):
    return build_plan(world)


def simpan(plan, indikator=None, *, triwulan=1, user=None, **isian):
    values = {"nilai": Decimal("20"), **isian}
    return services.realisasi_simpan(
        opd=plan.opd,
        indikator=indikator or plan.iku[0],
        tahun=TAHUN,
        triwulan=triwulan,
        isian=services.IsianRealisasi(**values),
        user=user or plan.users["perencana"],
    )


def close_quarter(plan, triwulan=1, pemda=None):
    today = timezone.localdate()
    return JadwalRealisasi.objects.create(
        pemda=pemda or plan.pemda,
        tahun=TAHUN,
        triwulan=triwulan,
        dibuka=today - datetime.timedelta(days=30),
        ditutup=today - datetime.timedelta(days=1),
    )


# --- Windows ------------------------------------------------------------------------------------


def test_without_a_schedule_the_quarter_is_open(plan):
    window = services.jendela(opd=plan.opd, tahun=TAHUN, triwulan=1)
    assert window.terbuka
    assert "Belum ada jadwal" in window.pesan


def test_the_schedule_decides_before_during_and_after(plan):
    JadwalRealisasi.objects.create(
        pemda=plan.pemda, tahun=TAHUN, triwulan=1, dibuka=datetime.date(2026, 4, 1), ditutup=datetime.date(2026, 4, 15)
    )

    def window(day):
        return services.jendela(opd=plan.opd, tahun=TAHUN, triwulan=1, hari=day)

    assert not window(datetime.date(2026, 3, 31)).terbuka
    assert "dibuka 1 April 2026" in window(datetime.date(2026, 3, 31)).pesan
    assert window(datetime.date(2026, 4, 1)).terbuka
    assert window(datetime.date(2026, 4, 15)).terbuka
    closed = window(datetime.date(2026, 4, 16))
    assert not closed.terbuka
    assert "ditutup 15 April 2026" in closed.pesan
    # A reopening for this OPD opens it until its date; other OPDs stay closed.
    BukaKembali.objects.create(
        opd=plan.opd,
        tahun=TAHUN,
        triwulan=1,
        sampai=datetime.date(2026, 4, 20),
        alasan="Server down",
        oleh=plan.users["evaluator"],
    )
    reopened = window(datetime.date(2026, 4, 20))
    assert reopened.terbuka and reopened.buka_kembali is not None
    assert "Dibuka kembali" in reopened.pesan
    assert not window(datetime.date(2026, 4, 21)).terbuka
    assert not services.jendela(opd=plan.other_opd, tahun=TAHUN, triwulan=1, hari=datetime.date(2026, 4, 18)).terbuka


def test_closed_window_refuses_entry_until_reopened(plan):
    close_quarter(plan)
    with pytest.raises(ValidationError, match="Pengisian ditutup"):
        simpan(plan)
    assert not Realisasi.objects.exists()
    services.buka_kembali(
        opd=plan.opd,
        tahun=TAHUN,
        triwulan=1,
        sampai=timezone.localdate(),
        alasan="Data BPS terlambat terbit",
        user=plan.users["evaluator"],
    )
    assert simpan(plan).status == Status.DRAFT


def test_reopening_needs_a_reason_and_a_date_not_in_the_past(plan):
    kwargs = {"opd": plan.opd, "tahun": TAHUN, "triwulan": 1, "user": plan.users["evaluator"]}
    with pytest.raises(ValidationError, match="alasan"):
        services.buka_kembali(sampai=timezone.localdate(), alasan="  ", **kwargs)
    with pytest.raises(ValidationError, match="masa lalu"):
        services.buka_kembali(sampai=timezone.localdate() - datetime.timedelta(days=1), alasan="x", **kwargs)
    with pytest.raises(ValidationError, match="Triwulan"):
        services.buka_kembali(**{**kwargs, "triwulan": 5}, sampai=timezone.localdate(), alasan="x")
    assert not BukaKembali.objects.exists()


def test_a_returned_realisation_can_be_fixed_and_resubmitted_after_closing(plan):
    realisasi = simpan(plan, bukti_keterangan="Laporan bulanan puskesmas")
    services.realisasi_ajukan(realisasi=realisasi, user=plan.users["perencana"])
    services.realisasi_kembalikan(realisasi=realisasi, user=plan.users["evaluator"], catatan="Lampirkan rekap")
    close_quarter(plan)
    fixed = simpan(plan, nilai=Decimal("22"), bukti_keterangan="Rekap terlampir")
    assert fixed.status == Status.DIKEMBALIKAN and fixed.nilai == 22
    services.realisasi_ajukan(realisasi=fixed, user=plan.users["perencana"])
    fixed.refresh_from_db()
    assert fixed.status == Status.DIAJUKAN and fixed.catatan == ""
    # A draft of another indicator in the same closed quarter is still refused.
    with pytest.raises(ValidationError, match="Pengisian ditutup"):
        simpan(plan, plan.iku[1])


# --- Entry --------------------------------------------------------------------------------------


def test_only_indicators_of_a_ditetapkan_agreement_take_realisations(plan):
    loose = IndikatorFactory(sasaran=plan.sasaran, kode="IK.X")
    with pytest.raises(ValidationError, match="tidak ada dalam perjanjian kinerja 2026"):
        simpan(plan, loose)
    with pytest.raises(ValidationError, match="Triwulan harus 1 sampai 4"):
        simpan(plan, triwulan=5)
    assert not Realisasi.objects.exists()


def test_qualitative_realisation_keeps_the_code_and_takes_the_number_from_the_scale(plan):
    realisasi = simpan(plan, plan.kualitatif, triwulan=4, nilai=None, nilai_teks="wdp")
    assert (realisasi.nilai, realisasi.nilai_teks) == (Decimal("3"), "WDP")
    with pytest.raises(ValidationError, match="bukan nilai skala"):
        simpan(plan, plan.kualitatif, triwulan=4, nilai=None, nilai_teks="AAA")
    # A number that is a step of the scale is accepted and written as its code.
    assert simpan(plan, plan.kualitatif, triwulan=4, nilai=Decimal("4")).nilai_teks == "WTP"
    with pytest.raises(ValidationError, match="Isi nilai realisasi"):
        simpan(plan, nilai=None)


def test_a_new_file_replaces_the_old_one_only_when_committed(plan, django_capture_on_commit_callbacks):
    first = SimpleUploadedFile("laporan.pdf", PDF)
    with django_capture_on_commit_callbacks(execute=True):
        realisasi = simpan(plan, bukti=first, bukti_ext="pdf")
    old_name = realisasi.bukti.name
    assert old_name.startswith(f"bukti/{plan.opd.pk}/2026/") and old_name.endswith(".pdf")
    assert realisasi.bukti_nama == "laporan.pdf"
    storage = realisasi.bukti.storage
    assert storage.exists(old_name)

    # A failure after the new file was written removes that file and keeps the old one.
    with pytest.raises(ValidationError):
        simpan(
            plan,
            bukti=SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\n...."),
            bukti_ext="png",
            bukti_tautan="bukan url",
        )
    realisasi.refresh_from_db()
    assert realisasi.bukti.name == old_name and storage.exists(old_name)
    assert storage.listdir(f"bukti/{plan.opd.pk}/2026")[1] == [old_name.rsplit("/", 1)[1]]

    with django_capture_on_commit_callbacks(execute=True):
        replaced = simpan(plan, bukti=SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\n...."), bukti_ext="png")
    assert replaced.bukti.name.endswith(".png") and replaced.bukti_nama == "foto.png"
    assert not storage.exists(old_name)
    with django_capture_on_commit_callbacks(execute=True):
        removed = simpan(plan, hapus_bukti=True)
    assert not removed.bukti and removed.bukti_nama == ""
    assert not storage.exists(replaced.bukti.name)


# --- Submit and verification --------------------------------------------------------------------


def test_submit_needs_evidence(plan):
    realisasi = simpan(plan)
    with pytest.raises(ValidationError, match="lengkapi bukti dukung"):
        services.realisasi_ajukan(realisasi=realisasi, user=plan.users["perencana"])
    realisasi.refresh_from_db()
    assert realisasi.status == Status.DRAFT
    for evidence in ({"bukti_tautan": "https://data.example.go.id/rekap"}, {"bukti_keterangan": "Rekap SIMPUS"}):
        Realisasi.objects.filter(pk=realisasi.pk).update(bukti_tautan="", bukti_keterangan="", status=Status.DRAFT)
        realisasi = simpan(plan, **evidence)
        services.realisasi_ajukan(realisasi=realisasi, user=plan.users["perencana"])
        assert realisasi.status == Status.DIAJUKAN


def test_save_and_submit_is_all_or_nothing(plan):
    with pytest.raises(ValidationError, match="lengkapi bukti dukung"):
        services.realisasi_simpan(
            opd=plan.opd,
            indikator=plan.iku[0],
            tahun=TAHUN,
            triwulan=1,
            isian=services.IsianRealisasi(nilai=Decimal("5")),
            user=plan.users["perencana"],
            ajukan=True,
        )
    assert not Realisasi.objects.exists()


def test_submit_all_is_all_or_nothing(plan):
    simpan(plan, bukti_keterangan="ada")
    simpan(plan, plan.iku[1])  # no evidence
    with pytest.raises(ValidationError, match="IKU.2: lengkapi bukti dukung"):
        services.realisasi_ajukan_semua(opd=plan.opd, tahun=TAHUN, triwulan=1, user=plan.users["perencana"])
    assert set(Realisasi.objects.values_list("status", flat=True)) == {Status.DRAFT}
    simpan(plan, plan.iku[1], bukti_tautan="https://example.org/b")
    submitted = services.realisasi_ajukan_semua(opd=plan.opd, tahun=TAHUN, triwulan=1, user=plan.users["perencana"])
    assert len(submitted) == 2
    assert set(Realisasi.objects.values_list("status", flat=True)) == {Status.DIAJUKAN}
    with pytest.raises(ValidationError, match="Tidak ada realisasi draf"):
        services.realisasi_ajukan_semua(opd=plan.opd, tahun=TAHUN, triwulan=1, user=plan.users["perencana"])


def test_a_submitted_realisation_cannot_be_changed_until_returned(plan):
    realisasi = simpan(plan, bukti_keterangan="ada")
    services.realisasi_ajukan(realisasi=realisasi, user=plan.users["perencana"])
    with pytest.raises(ValidationError, match="sedang diverifikasi"):
        simpan(plan, nilai=Decimal("99"))
    assert Realisasi.objects.get().nilai == 20


def test_the_submitter_cannot_verify(plan):
    superuser = plan.users["superuser"]
    realisasi = simpan(plan, user=superuser, bukti_keterangan="ada")
    services.realisasi_ajukan(realisasi=realisasi, user=superuser)
    with pytest.raises(ValidationError, match="Yang mengajukan tidak dapat memverifikasi"):
        services.realisasi_verifikasi(realisasi=realisasi, user=superuser)
    realisasi.refresh_from_db()
    assert realisasi.status == Status.DIAJUKAN
    services.realisasi_verifikasi(realisasi=realisasi, user=plan.users["evaluator"])
    assert Realisasi.objects.get().status == Status.TERVERIFIKASI


def test_only_submitted_ones_are_verified_or_returned_and_returning_needs_a_note(plan):
    realisasi = simpan(plan, bukti_keterangan="ada")
    evaluator = plan.users["evaluator"]
    with pytest.raises(ValidationError, match="Hanya realisasi yang diajukan"):
        services.realisasi_verifikasi(realisasi=realisasi, user=evaluator)
    services.realisasi_ajukan(realisasi=realisasi, user=plan.users["perencana"])
    with pytest.raises(ValidationError, match="Tuliskan catatan"):
        services.realisasi_kembalikan(realisasi=realisasi, user=evaluator, catatan="   ")
    services.realisasi_kembalikan(realisasi=realisasi, user=evaluator, catatan=" Angka tidak sesuai rekap ")
    realisasi.refresh_from_db()
    assert (realisasi.status, realisasi.catatan) == (Status.DIKEMBALIKAN, "Angka tidak sesuai rekap")


def verified(plan):
    realisasi = simpan(plan, bukti=SimpleUploadedFile("r.pdf", PDF), bukti_ext="pdf")
    services.realisasi_ajukan(realisasi=realisasi, user=plan.users["perencana"])
    services.realisasi_verifikasi(realisasi=realisasi, user=plan.users["evaluator"])
    return Realisasi.objects.get(pk=realisasi.pk)


def test_a_verified_realisation_is_locked_by_every_route(plan):
    realisasi = verified(plan)
    with pytest.raises(ValidationError, match="sudah terverifikasi"):
        simpan(plan, nilai=Decimal("1"))
    realisasi.nilai = Decimal("1")
    with pytest.raises(RealisasiTerkunci), transaction.atomic():
        realisasi.save()
    with pytest.raises(RealisasiTerkunci), transaction.atomic():
        realisasi.delete()
    with pytest.raises(RealisasiTerkunci), transaction.atomic():
        Realisasi.objects.filter(pk=realisasi.pk).delete()
    with pytest.raises(ValidationError, match="sedang diverifikasi|Hanya realisasi yang diajukan"):
        services.realisasi_kembalikan(realisasi=realisasi, user=plan.users["evaluator"], catatan="x")
    assert Realisasi.objects.get().nilai == 20


def test_cancelling_a_verification_reopens_it_with_a_note(plan):
    realisasi = verified(plan)
    evaluator = plan.users["evaluator"]
    with pytest.raises(ValidationError, match="Tuliskan catatan"):
        services.realisasi_batal_verifikasi(realisasi=realisasi, user=evaluator, catatan="")
    services.realisasi_batal_verifikasi(realisasi=realisasi, user=evaluator, catatan="Salah periode data")
    realisasi.refresh_from_db()
    assert realisasi.status == Status.DIKEMBALIKAN
    assert realisasi.catatan == "Salah periode data" and realisasi.diverifikasi_oleh is None
    assert simpan(plan, nilai=Decimal("21")).nilai == 21
    with pytest.raises(ValidationError, match="Hanya realisasi terverifikasi"):
        services.realisasi_batal_verifikasi(realisasi=realisasi, user=evaluator, catatan="lagi")


def test_every_step_writes_history_with_who(plan):
    realisasi = verified(plan)
    services.realisasi_batal_verifikasi(realisasi=realisasi, user=plan.users["evaluator"], catatan="Periksa lagi")
    rows = list(
        realisasi.history.order_by("history_date", "history_id").values_list("status", "history_user__username")
    )
    assert rows == [
        (Status.DRAFT, "perencana"),
        (Status.DIAJUKAN, "perencana"),
        (Status.TERVERIFIKASI, "evaluator"),
        (Status.DIKEMBALIKAN, "evaluator"),
    ]


# --- Entry windows and display helpers ----------------------------------------------------------


def test_schedule_is_saved_all_or_nothing_with_history(plan):
    evaluator = plan.users["evaluator"]
    d = datetime.date
    services.jadwal_simpan(
        pemda_id=plan.pemda.pk,
        tahun=TAHUN,
        jadwal={
            1: (d(2026, 4, 1), d(2026, 4, 15)),
            2: (d(2026, 7, 1), d(2026, 7, 15)),
            3: (None, None),
            4: (None, None),
        },
        user=evaluator,
    )
    assert list(JadwalRealisasi.objects.order_by("triwulan").values_list("triwulan", "ditutup")) == [
        (1, d(2026, 4, 15)),
        (2, d(2026, 7, 15)),
    ]
    with pytest.raises(ValidationError) as error:
        services.jadwal_simpan(
            pemda_id=plan.pemda.pk,
            tahun=TAHUN,
            jadwal={1: (None, None), 3: (d(2026, 10, 1), None), 4: (d(2027, 1, 20), d(2027, 1, 10))},
            user=evaluator,
        )
    assert error.value.messages == [
        "TW III: isi tanggal dibuka dan ditutup, atau kosongkan keduanya.",
        "TW IV: tanggal ditutup harus sama dengan atau setelah tanggal dibuka.",
    ]
    assert JadwalRealisasi.objects.count() == 2  # TW I was not removed: nothing was written
    services.jadwal_simpan(
        pemda_id=plan.pemda.pk,
        tahun=TAHUN,
        jadwal={1: (None, None), 2: (d(2026, 7, 1), d(2026, 7, 20))},
        user=evaluator,
    )
    assert list(JadwalRealisasi.objects.values_list("triwulan", "ditutup")) == [(2, d(2026, 7, 20))]
    history = JadwalRealisasi.history.order_by("history_date", "history_id")
    assert [(h.triwulan, h.history_type, h.history_user.username) for h in history] == [
        (1, "+", "evaluator"),
        (2, "+", "evaluator"),
        (1, "-", "evaluator"),
        (2, "~", "evaluator"),
    ]


def test_target_display_per_kind_of_indicator(plan, django_assert_num_queries):
    rows = services.baris_berlaku(opd=plan.opd, tahun=TAHUN)
    with django_assert_num_queries(1):
        scales = services.skala_per_id(row.indikator.skala_id for row in rows.values())
    assert services.target_tampil(rows[plan.iku[0].pk], 2) == "50"
    assert services.target_tampil(rows[plan.inflasi.pk], 2) == "2,5–3,5"
    assert services.target_tampil(rows[plan.kualitatif.pk], 4, scales[plan.kualitatif.skala_id]) == "WTP"
    assert services.target_tampil(rows[plan.kualitatif.pk], 1, scales[plan.kualitatif.skala_id]) == ""
    assert services.target_tampil_tahun(rows[plan.kualitatif.pk], scales[plan.kualitatif.skala_id]) == "WTP"
    assert services.target_tampil(None, 1) == ""


def test_the_latest_ditetapkan_version_gives_the_targets(plan, django_assert_num_queries):
    perubahan = PerjanjianFactory(
        opd=plan.opd,
        periode=plan.periode,
        tahun=TAHUN,
        jenis=PerjanjianKinerja.Jenis.PERUBAHAN,
        versi=2,
        menggantikan=plan.pk,
    )
    BarisFactory(perjanjian=perubahan, indikator=plan.iku[0], target=120, tw1=30)
    ditetapkan(perubahan)
    realisasi = simpan(plan)
    rows = services.baris_berlaku(opd=plan.opd, tahun=TAHUN)
    assert rows[plan.iku[0].pk].tw1 == 30
    with django_assert_num_queries(1):
        latest = services.baris_terkini([realisasi])
    assert latest[(plan.iku[0].pk, TAHUN)].tw1 == 30


def test_the_queue_holds_only_submitted_ones_of_the_pemda(plan):
    realisasi = simpan(plan, bukti_keterangan="ada")
    simpan(plan, plan.iku[1])
    services.realisasi_ajukan(realisasi=realisasi, user=plan.users["perencana"])
    other = Realisasi(
        opd=plan.other_pemda_opd,
        indikator=plan.lain["other_pemda"],
        tahun=TAHUN,
        triwulan=1,
        nilai=1,
        status="diajukan",
    )
    other.bukti.save("bukti", ContentFile(PDF), save=False)
    other.save()
    assert list(services.antrean_verifikasi(plan.pemda.pk)) == [realisasi]
    assert Indikator.objects.count() >= 4
