"""``manage.py kirim_pengingat``: approaching (7 and 1 day) and passed deadlines of recommendation
follow-ups, IKP tasks and quarterly realisation entry; twice is the same as once; mail goes out."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command
from django.utils import timezone

from evaluasi.models import Evaluasi, Rekomendasi, TemplateLKE
from evaluasi.services import evaluasi_buka
from iku_manual.tests.factories import IndikatorFactory, PeriodeFactory, SasaranFactory
from instruksi.models import Instruksi, Tugas
from notifikasi.models import Notifikasi
from notifikasi.pengingat import tahap
from perjanjian.models import JadwalRealisasi, PerjanjianKinerja, Realisasi
from perjanjian.tests.factories import BarisFactory, PerjanjianFactory

# A week ago: the command refuses a date after today, and one test runs six days later.
HARI = timezone.localdate() - datetime.timedelta(days=7)
Jenis = Notifikasi.Jenis


def hari(n: int) -> datetime.date:
    return HARI + datetime.timedelta(days=n)


@pytest.mark.parametrize(
    ("sisa", "expected"), [(8, None), (7, "h7"), (2, "h7"), (1, "h1"), (0, "h1"), (-1, "lewat"), (-40, "lewat")]
)
def test_which_reminder_is_due(sisa, expected):
    assert tahap(hari(sisa), HARI) == expected


@pytest.fixture
def deadlines(world):
    template = TemplateLKE.objects.get(pemda=None, regulasi="12/2015")
    evaluasi = evaluasi_buka(pemda=world.pemda, opd=world.opd, tahun=2025, template=template)
    world.rek = {}
    for nomor, (sisa, status) in enumerate(
        [(7, "terbuka"), (1, "dibuka_kembali"), (-3, "terbuka"), (-3, "selesai"), (20, "terbuka"), (2, "ditanggapi")],
        start=1,
    ):
        world.rek[nomor] = Rekomendasi.objects.create(
            evaluasi=evaluasi, nomor=nomor, uraian=f"Rekomendasi {nomor}", batas_waktu=hari(sisa), status=status
        )
    Evaluasi.objects.filter(pk=evaluasi.pk).update(status=Evaluasi.Status.FINAL)

    pimpinan = world.users["pimpinan"]
    instruksi = Instruksi.objects.create(
        pemda=world.pemda, perihal="Kekeringan", status=Instruksi.Status.DITERBITKAN, dibuat_oleh=pimpinan
    )
    world.tugas = {}
    for key, sisa, status in [("dekat", 7, "berjalan"), ("lewat", -1, "berjalan"), ("tercapai", -1, "tercapai")]:
        world.tugas[key] = Tugas.objects.create(
            instruksi=instruksi, opd=world.opd, uraian=f"Sumur {key}", target=10, satuan="unit", batas_waktu=hari(sisa),
            status=status,
        )  # fmt: skip

    periode = PeriodeFactory(pemda=world.pemda)
    sasaran = SasaranFactory(periode=periode, opd=world.opd)
    pk = PerjanjianFactory(opd=world.opd, periode=periode, tahun=2026)
    indikator = [IndikatorFactory(sasaran=sasaran) for _ in range(3)]
    for ind in indikator:
        BarisFactory(perjanjian=pk, indikator=ind, target=100, tw4=100)
    PerjanjianKinerja.objects.filter(pk=pk.pk).update(status=PerjanjianKinerja.Status.DITETAPKAN)
    Realisasi.objects.create(
        opd=world.opd, indikator=indikator[0], tahun=2026, triwulan=3, nilai=1, status=Realisasi.Status.DIAJUKAN
    )
    JadwalRealisasi.objects.create(pemda=world.pemda, tahun=2026, triwulan=3, dibuka=hari(-20), ditutup=hari(1))
    JadwalRealisasi.objects.create(pemda=world.pemda, tahun=2026, triwulan=2, dibuka=hari(-120), ditutup=hari(-100))
    return world


def run(*args) -> str:
    out = io.StringIO()
    call_command("kirim_pengingat", *args, stdout=out)
    return out.getvalue()


def test_reminders_once_each_and_mail(deadlines, django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://sakip.kotauji.go.id"
    world = deadlines
    perencana, kepala = world.users["perencana"], world.users["kepala_opd"]
    with django_capture_on_commit_callbacks(execute=True):
        out = run("--tanggal", HARI.isoformat())
    mine = Notifikasi.objects.filter(penerima=perencana)
    kunci = set(mine.values_list("kunci", flat=True))
    rek = world.rek
    assert kunci == {
        f"rekomendasi-tenggat-h7:{rek[1].pk}:{hari(7)}",
        f"rekomendasi-tenggat-h1:{rek[2].pk}:{hari(1)}",
        f"rekomendasi-tenggat-lewat:{rek[3].pk}:{hari(-3)}",
        f"ikp-tenggat-h7:{world.tugas['dekat'].pk}:{hari(7)}",
        f"ikp-tenggat-lewat:{world.tugas['lewat'].pk}:{hari(-1)}",
        f"realisasi-tenggat-h1:{world.opd.pk}:2026:3:{hari(1)}",
    }
    realisasi = mine.get(kunci__startswith="realisasi-")
    assert realisasi.jenis == Jenis.TENGGAT_DEKAT and "2 indikator belum diajukan" in realisasi.pesan
    assert "1 hari lagi" in realisasi.judul
    assert mine.get(kunci__startswith="rekomendasi-tenggat-lewat").jenis == Jenis.TENGGAT_LEWAT
    # The head is told of recommendations and IKP tasks, not of realisation entry (the planner's job).
    assert Notifikasi.objects.filter(penerima=kepala).count() == 5
    world.tugas["lewat"].refresh_from_db()
    assert world.tugas["lewat"].status == Tugas.Status.TIDAK_TERCAPAI  # closed by the IKP app first
    # Our OPD has two planners and a head: 3 recipients for each recommendation and task, 2 for entry.
    assert out.startswith("17 pengingat tenggat dikirim") and "1 tugas IKP ditutup" in out
    assert "rekomendasi: 6 mendekat, 3 terlewati" in out and "realisasi: 2 mendekat, 0 terlewati" in out
    assert len(mail.outbox) == 17
    body = next(m for m in mail.outbox if perencana.email in m.to and "realisasi" in m.subject.lower()).body
    assert f"https://sakip.kotauji.go.id/pk/opd/{world.opd.pk}/2026/tw3/\n" in body

    total = Notifikasi.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        again = run("--tanggal", HARI.isoformat())
    assert Notifikasi.objects.count() == total
    assert len(mail.outbox) == 17
    assert again.startswith("0 pengingat tenggat dikirim")


def test_the_next_step_comes_on_its_day(deadlines):
    run("--tanggal", HARI.isoformat())
    run("--tanggal", hari(6).isoformat())  # recommendation 1 is now 1 day away; task "dekat" too
    kunci = set(Notifikasi.objects.filter(penerima=deadlines.users["perencana"]).values_list("kunci", flat=True))
    assert f"rekomendasi-tenggat-h1:{deadlines.rek[1].pk}:{hari(7)}" in kunci
    assert f"ikp-tenggat-h1:{deadlines.tugas['dekat'].pk}:{hari(7)}" in kunci
    assert f"realisasi-tenggat-lewat:{deadlines.opd.pk}:2026:3:{hari(1)}" in kunci


def test_a_bad_date_is_refused():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("--tanggal", "23-11-2026")


def test_a_future_date_is_refused(deadlines):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(CommandError, match="belum tiba"):
        run("--tanggal", tomorrow.isoformat())
    with pytest.raises(CommandError, match="belum tiba"):
        run("--tanggal", tomorrow.isoformat(), "--coba")
    assert not Notifikasi.objects.exists()
    assert deadlines.tugas["lewat"].status == Tugas.Status.BERJALAN


def test_a_dry_run_counts_and_changes_nothing(deadlines, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        dry = run("--tanggal", HARI.isoformat(), "--coba")
    assert dry.startswith("Uji coba") and "17 pengingat tenggat akan dikirim" in dry
    assert "hingga 1 tugas IKP akan ditutup" in dry
    assert "rekomendasi: 6 mendekat, 3 terlewati" in dry and "realisasi: 2 mendekat, 0 terlewati" in dry
    assert not Notifikasi.objects.exists() and mail.outbox == []
    deadlines.tugas["lewat"].refresh_from_db()
    assert deadlines.tugas["lewat"].status == Tugas.Status.BERJALAN  # not closed
    with django_capture_on_commit_callbacks(execute=True):
        real = run("--tanggal", HARI.isoformat())
    assert real.startswith("17 pengingat tenggat dikirim") and "1 tugas IKP ditutup" in real
    # After the real run, a dry run finds nothing left to send.
    assert run("--tanggal", HARI.isoformat(), "--coba").startswith("Uji coba, tidak ada yang dikirim atau diubah: 0 ")


def test_a_deadline_passed_long_ago_is_not_reminded(deadlines):
    world = deadlines
    Rekomendasi.objects.filter(pk=world.rek[3].pk).update(batas_waktu=hari(-31))
    Tugas.objects.filter(pk=world.tugas["lewat"].pk).update(batas_waktu=hari(-31))
    run("--tanggal", HARI.isoformat())
    kunci = set(Notifikasi.objects.values_list("kunci", flat=True))
    assert not [k for k in kunci if k.startswith(("rekomendasi-tenggat-lewat", "ikp-tenggat-lewat"))]
    # Still within the window: reminded once.
    Rekomendasi.objects.filter(pk=world.rek[3].pk).update(batas_waktu=hari(-30))
    Tugas.objects.filter(pk=world.tugas["lewat"].pk).update(batas_waktu=hari(-30))
    run("--tanggal", HARI.isoformat())
    kunci = set(Notifikasi.objects.values_list("kunci", flat=True))
    assert f"rekomendasi-tenggat-lewat:{world.rek[3].pk}:{hari(-30)}" in kunci
    assert f"ikp-tenggat-lewat:{world.tugas['lewat'].pk}:{hari(-30)}" in kunci


class GagalBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("server surel mati")


def test_mail_that_failed_is_sent_again_by_the_next_run(deadlines, django_capture_on_commit_callbacks, settings):
    settings.EMAIL_BACKEND = f"{__name__}.GagalBackend"
    with django_capture_on_commit_callbacks(execute=True):
        run("--tanggal", HARI.isoformat())
    assert Notifikasi.objects.filter(surel_terkirim_pada__isnull=True).count() == 17
    old = Notifikasi.objects.filter(kunci__startswith="realisasi-")
    old.update(dibuat_pada=timezone.now() - datetime.timedelta(days=4))  # too old to retry: 2 of them
    deadlines.users["kepala_opd"].email = ""
    deadlines.users["kepala_opd"].save()  # the head's 5 cannot be mailed
    assert "10 surel tertunda akan dikirim ulang" in run("--tanggal", HARI.isoformat(), "--coba")

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.NOTIFIKASI_SUREL = False
    assert "0 surel tertunda dikirim ulang" in run("--tanggal", HARI.isoformat())
    assert mail.outbox == []
    settings.NOTIFIKASI_SUREL = True
    with django_capture_on_commit_callbacks(execute=True):
        out = run("--tanggal", HARI.isoformat())
    assert "10 surel tertunda dikirim ulang" in out
    assert len(mail.outbox) == 10
    assert Notifikasi.objects.filter(surel_terkirim_pada__isnull=True).count() == 7
    assert "0 surel tertunda dikirim ulang" in run("--tanggal", HARI.isoformat())  # each mail once
