"""The demo's notifications: those its workflows sent, at most the two newest of each user unread
(requests already decided are read), no e-mail to the fictional addresses, and loading twice
changes nothing."""

from __future__ import annotations

from django.core import mail
from django.core.management import call_command

from notifikasi.models import Notifikasi


def snapshot() -> list[tuple]:
    return list(Notifikasi.objects.order_by("pk").values_list("pk", "kunci", "dibuat_pada", "dibaca_pada"))


def test_demo_notifications(db, settings, django_capture_on_commit_callbacks):
    settings.DEBUG = True
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo")
    first = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo")
    assert snapshot() == first
    assert mail.outbox == []
    assert not Notifikasi.objects.filter(surel_terkirim_pada__isnull=True).exists()
    for username in ("perencana.dinkes", "kepala.dinkes", "evaluator.contoh", "pimpinan.contoh"):
        mine = Notifikasi.objects.filter(penerima__username=username)
        assert mine.belum_dibaca().exists(), username
        assert mine.filter(dibaca_pada__isnull=False).exists(), username
        assert mine.belum_dibaca().count() <= 2, username
        newest = set(mine.order_by("-dibuat_pada", "-pk").values_list("pk", flat=True)[: mine.belum_dibaca().count()])
        assert set(mine.belum_dibaca().values_list("pk", flat=True)) == newest, username
    # The demo's workflows notified through the same hooks as the pages.
    assert Notifikasi.objects.filter(kunci__startswith="pk-ditetapkan:", penerima__username="perencana.dinkes").exists()
    assert Notifikasi.objects.filter(kunci__startswith="realisasi-diajukan:").exists()
