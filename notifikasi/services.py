"""Sending notifications. Every app calls ``kirim``; it stores one row per recipient and, once the
transaction commits, e-mails those who have an address through Django's mail settings."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from notifikasi.models import Notifikasi

logger = logging.getLogger(__name__)


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
    users = {user.pk: user for user in penerima if user is not None and user.is_active}
    if kunci:
        already = set(
            Notifikasi.objects.filter(penerima_id__in=users, kunci=kunci).values_list("penerima_id", flat=True)
        )
        users = {pk: user for pk, user in users.items() if pk not in already}
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


def _stored(rows: list[Notifikasi], kunci: str) -> list[Notifikasi]:
    """bulk_create with ignore_conflicts gives no primary keys: find the rows that landed."""
    return list(Notifikasi.objects.filter(kunci=kunci, penerima_id__in=[row.penerima_id for row in rows]))


def _kirim_surel(pks: list[int]) -> None:
    """E-mail each notification to its recipient once; a mail server that fails is logged, never
    raised: the notification in the app is what counts."""
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    for row in Notifikasi.objects.filter(pk__in=pks, surel_terkirim_pada__isnull=True).select_related("penerima"):
        if not row.penerima.email:
            continue
        body = row.pesan
        if row.tautan:
            body = f"{body}\n\n{base}{row.tautan}" if body else f"{base}{row.tautan}"
        try:
            send_mail(f"[SAKIP] {row.judul}", body, None, [row.penerima.email])
        except Exception:  # noqa: BLE001 - a mail outage must not break the workflow that notified
            logger.exception("Surel notifikasi %s gagal dikirim", row.pk)
            continue
        Notifikasi.objects.filter(pk=row.pk).update(surel_terkirim_pada=timezone.now())
