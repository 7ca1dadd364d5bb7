"""``kirim``: one row per active recipient, once per ``kunci``; e-mail only after the transaction
commits, in Indonesian plain text with the absolute link; a mail outage never breaks the workflow."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import transaction

from notifikasi.models import Notifikasi
from notifikasi.services import kirim
from sakip.tests.test_settings import run_manage

Jenis = Notifikasi.Jenis


@pytest.fixture
def penerima(world):
    return [world.users["perencana"], world.users["kepala_opd"]]


def test_one_row_per_active_recipient(world, penerima):
    world.users["kepala_opd"].is_active = False
    rows = kirim(penerima=[*penerima, None], judul="PK dikembalikan", jenis=Jenis.DIKEMBALIKAN)
    assert [row.penerima for row in rows] == [world.users["perencana"]]
    assert Notifikasi.objects.get().jenis == Jenis.DIKEMBALIKAN


def test_a_key_is_sent_once_per_recipient(world, penerima):
    kirim(penerima=penerima[:1], judul="Tenggat", kunci="uji:1")
    again = kirim(penerima=penerima, judul="Tenggat", kunci="uji:1")
    assert [row.penerima for row in again] == [world.users["kepala_opd"]]
    assert kirim(penerima=penerima, judul="Tenggat", kunci="uji:1") == []
    assert Notifikasi.objects.count() == 2
    kirim(penerima=penerima, judul="Tanpa kunci")
    kirim(penerima=penerima, judul="Tanpa kunci")
    assert Notifikasi.objects.filter(judul="Tanpa kunci").count() == 4  # no key: every call is an event


def test_mail_goes_out_only_when_committed(world, penerima, django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://sakip.kotacontoh.go.id/"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        kirim(
            penerima=penerima,
            judul="PK Induk 2026 Dinkes dikembalikan",
            pesan="Catatan: perbaiki TW II",
            tautan="/pk/pk/7/",
        )
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in penerima)
    message = mail.outbox[0]
    assert message.subject == "[SAKIP] PK Induk 2026 Dinkes dikembalikan"
    assert message.body.startswith("Yth. ")
    assert "Catatan: perbaiki TW II" in message.body
    assert "https://sakip.kotacontoh.go.id/pk/pk/7/" in message.body
    assert "https://sakip.kotacontoh.go.id/notifikasi/" in message.body
    assert "&amp;" not in message.body and message.content_subtype == "plain"
    assert not Notifikasi.objects.filter(surel_terkirim_pada__isnull=True).exists()
    for callback in callbacks:  # run again: each mail goes once
        callback()
    assert len(mail.outbox) == 2


def test_a_rolled_back_transaction_sends_nothing(world, penerima, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                kirim(penerima=penerima, judul="Batal")
                raise RuntimeError
        except RuntimeError:
            pass
    assert mail.outbox == [] and not Notifikasi.objects.exists()


def test_with_a_key_the_mail_also_goes(world, penerima, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        kirim(penerima=penerima, judul="Tenggat tindak lanjut", kunci="uji:2")
    assert len(mail.outbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        kirim(penerima=penerima, judul="Tenggat tindak lanjut", kunci="uji:2")
    assert len(mail.outbox) == 2


def test_no_address_no_setting_no_mail(world, penerima, django_capture_on_commit_callbacks, settings):
    world.users["perencana"].email = ""
    world.users["perencana"].save()
    with django_capture_on_commit_callbacks(execute=True):
        kirim(penerima=penerima, judul="Satu surel")
    assert [m.to for m in mail.outbox] == [[world.users["kepala_opd"].email]]
    settings.NOTIFIKASI_SUREL = False
    with django_capture_on_commit_callbacks(execute=True):
        kirim(penerima=penerima, judul="Tanpa surel")
    assert len(mail.outbox) == 1
    assert Notifikasi.objects.filter(judul="Tanpa surel").count() == 2  # still in the app


def test_a_mail_outage_is_logged_not_raised(world, penerima, django_capture_on_commit_callbacks, settings, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        kirim(penerima=penerima, judul="Server surel mati")
    assert Notifikasi.objects.filter(surel_terkirim_pada__isnull=True).count() == 2
    assert "gagal dikirim" in caplog.text


class HitungBackend(LocmemBackend):
    """The test outbox, counting the connections opened."""

    dibuka = 0

    def open(self):
        HitungBackend.dibuka += 1
        return super().open()


def test_several_recipients_share_one_connection(world, penerima, django_capture_on_commit_callbacks, settings):
    settings.EMAIL_BACKEND = f"{__name__}.HitungBackend"
    HitungBackend.dibuka = 0
    with django_capture_on_commit_callbacks(execute=True):
        kirim(penerima=[*penerima, world.users["evaluator"]], judul="Satu koneksi")
    assert len(mail.outbox) == 3
    assert HitungBackend.dibuka == 1


class SatuDitolakBackend(LocmemBackend):
    """A mail server that refuses one address and takes the others."""

    def send_messages(self, messages):
        if any(address.startswith("tolak") for message in messages for address in message.to):
            raise ConnectionError("alamat ditolak")
        return super().send_messages(messages)


def test_one_refused_address_does_not_stop_the_others(world, penerima, django_capture_on_commit_callbacks, settings):
    settings.EMAIL_BACKEND = f"{__name__}.SatuDitolakBackend"
    world.users["perencana"].email = "tolak@contoh.go.id"
    world.users["perencana"].save()
    with django_capture_on_commit_callbacks(execute=True):
        kirim(penerima=penerima, judul="Sebagian")
    assert [m.to for m in mail.outbox] == [[world.users["kepala_opd"].email]]
    assert Notifikasi.objects.get(surel_terkirim_pada__isnull=True).penerima == world.users["perencana"]


def test_the_mail_timeout_comes_from_the_environment():
    show = ("shell", "--no-imports", "-c", "from django.conf import settings; print(settings.EMAIL_TIMEOUT)")
    assert run_manage(*show, env={}).stdout.strip() == "10"
    assert run_manage(*show, env={"DJANGO_EMAIL_TIMEOUT": "3"}).stdout.strip() == "3"
