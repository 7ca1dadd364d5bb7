"""Sending notifications. Every app calls ``kirim``; it stores one row per recipient and, once the
transaction commits, e-mails those who have an address through Django's mail settings (one
connection for all of them). A mail that failed is tried again by ``kirim_ulang_surel``, run daily by
``manage.py kirim_pengingat``."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from notifikasi.models import Notifikasi

logger = logging.getLogger(__name__)
ULANG_SUREL_HARI = 3


def kirim(
    *,
    penerima: Iterable,
    judul: str,
    jenis: str = Notifikasi.Jenis.INFO,
    pesan: str = "",
    tautan: str = "",
    kunci: str = "",
) -> list[Notifikasi]:
    """Notify each active user in ``penerima`` once. With a ``kunci`` a user who already had that
    notification gets nothing new (daily reminders run again and again). Returns the new rows."""
    users = penerima_baru(penerima, kunci=kunci)
    rows = [
        Notifikasi(penerima=user, jenis=jenis, judul=judul[:200], pesan=pesan, tautan=tautan, kunci=kunci)
        for user in users.values()
    ]
    if not rows:
        return []
    Notifikasi.objects.bulk_create(rows, ignore_conflicts=bool(kunci))
    if getattr(settings, "NOTIFIKASI_SUREL", True):
        created = [row for row in rows if row.pk] if not kunci else _stored(rows, kunci)
        transaction.on_commit(lambda: _kirim_surel([row.pk for row in created]))
    return rows


def selesaikan(kunci: str) -> int:
    """Mark read the unread notifications of key ``kunci`` and of its cycles (``kunci:…``): the work
    they asked for is done (a PK decided, a follow-up judged), so they no longer wait in anyone's
    bell. Returns how many were marked."""
    if not kunci:
        raise ValueError("kunci kosong")
    sama = Q(kunci=kunci) | Q(kunci__startswith=f"{kunci}:")
    return Notifikasi.objects.filter(sama, dibaca_pada__isnull=True).update(dibaca_pada=timezone.now())


def penerima_baru(penerima: Iterable, *, kunci: str = "") -> dict:
    """The active users of ``penerima`` (by id) who would get a new notification: with a ``kunci``,
    those who never had it. What ``kirim`` sends to, and what a dry run counts."""
    users = {user.pk: user for user in penerima if user is not None and user.is_active}
    if kunci:
        already = set(
            Notifikasi.objects.filter(penerima_id__in=users, kunci=kunci).values_list("penerima_id", flat=True)
        )
        users = {pk: user for pk, user in users.items() if pk not in already}
    return users


def _stored(rows: list[Notifikasi], kunci: str) -> list[Notifikasi]:
    """bulk_create with ignore_conflicts gives no primary keys: find the rows that landed."""
    return list(Notifikasi.objects.filter(kunci=kunci, penerima_id__in=[row.penerima_id for row in rows]))


def surel_isi(row: Notifikasi, base: str) -> str:
    """The plain-text body in Indonesian: greeting, what happened, the absolute link (to the
    notification's page, or the list when it has none)."""
    daftar = f"{base}{reverse('notifikasi:daftar')}"
    return (
        render_to_string(
            "notifikasi/surel.txt",
            {
                "nama": row.penerima.nama or row.penerima.username,
                "judul": row.judul,
                "pesan": row.pesan,
                "tautan": f"{base}{row.tautan}" if row.tautan else daftar,
                "daftar": daftar,
            },
        ).strip()
        + "\n"
    )


def _kirim_surel(pks: list[int]) -> int:
    """E-mail each notification to its recipient once, all through one connection; a mail server that
    fails is logged, never raised: the notification in the app is what counts, and its mail is tried
    again by the next ``kirim_ulang_surel``. Returns how many went out."""
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    rows = [
        row
        for row in Notifikasi.objects.filter(pk__in=pks, surel_terkirim_pada__isnull=True).select_related("penerima")
        if row.penerima.email
    ]
    if not rows:
        return 0
    sent = 0
    try:
        with get_connection() as connection:
            for row in rows:
                subject = " ".join(f"[SAKIP] {row.judul}".split())  # a header: never a line break
                message = EmailMessage(subject, surel_isi(row, base), None, [row.penerima.email])
                try:
                    connection.send_messages([message])
                except Exception:  # noqa: BLE001 - one refused address must not stop the others
                    logger.exception("Surel notifikasi %s gagal dikirim", row.pk)
                    continue
                Notifikasi.objects.filter(pk=row.pk).update(surel_terkirim_pada=timezone.now())
                sent += 1
    except Exception:  # noqa: BLE001 - a mail outage must not break the workflow that notified
        logger.exception("Surel notifikasi gagal dikirim: server surel tidak dapat dihubungi")
    return sent


def surel_tertunda(now: datetime.datetime | None = None):
    """Notifications of the last ``ULANG_SUREL_HARI`` days whose e-mail has not gone out (the mail
    server failed) to an active recipient with an address."""
    now = now or timezone.now()
    return (
        Notifikasi.objects.filter(
            surel_terkirim_pada__isnull=True,
            dibuat_pada__gte=now - datetime.timedelta(days=ULANG_SUREL_HARI),
            penerima__is_active=True,
        )
        .exclude(penerima__email="")
        .order_by("pk")
    )


def kirim_ulang_surel(*, coba: bool = False) -> int:
    """Try again the e-mail of recent notifications that did not go out (nothing when
    ``NOTIFIKASI_SUREL`` is off). With ``coba``, only count them. Returns how many were (or would be)
    sent."""
    if not getattr(settings, "NOTIFIKASI_SUREL", True):
        return 0
    pks = list(surel_tertunda().values_list("pk", flat=True))
    if coba:
        return len(pks)
    return _kirim_surel(pks) if pks else 0
