"""The version of a pemda's performance data, for caches that must never show a change late.

Every change to plans, agreements, realisations, evaluations, instructions and absorption writes a
history record (django-simple-history: the audit trail). Each such record, once its transaction
commits, gives the pemda it belongs to a new version; a cache key that includes the version is then
simply never asked for again. The leaders' dashboard is kept this way (``SAKIP_DASBOR_CACHE``
seconds, at most), so it costs its full price once per change of the pemda's data, not once a visit.

The versions live in the cache itself, which must therefore be one for all app servers and workers
(Redis, ``DJANGO_CACHE_URL``): with a per-process memory cache a worker would not see another's
change, and ``SAKIP_DASBOR_CACHE`` stays 0 (nothing is cached, the signal does nothing).

A change whose pemda cannot be told (a record without a path to a pemda, or whose parent is already
deleted) moves the version of every pemda at once: a cache is allowed to miss, never to be stale.
A change written without a history record (``QuerySet.update``, ``bulk_create``) is caught when it
comes with a state-changing request of the pemda's user (``sakip.middleware.VersiDataMiddleware``
moves the version after every POST); one written elsewhere (a command, a task) is missed for the
timeout at most.

The versions are generation stamps: ``stempel`` reads stamps (making each the first time it is
asked for) and ``stempel_baru`` renews one. ``sakip.backends`` keeps its users' stamps the same way.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction

# Apps whose history moves the version; sakip's own only for the models the dashboards show (a
# login updates User.last_login, which must not empty the cache).
APPS = {"iku_manual", "perjanjian", "evaluasi", "instruksi", "pemantauan"}
SAKIP_MODELS = {"pemda", "perangkatdaerah", "periode"}
SEMUA = "semua"  # the version every key also carries: moved when a change's pemda is unknown
KEDALAMAN = 3  # foreign keys followed from a record to find its pemda


def aktif() -> bool:
    return settings.SAKIP_DASBOR_CACHE > 0


def _kunci_versi(pemda_id: int | str) -> str:
    return f"sakip:versi-data:{pemda_id}"


def kunci_versi(pemda_id: int) -> list[str]:
    """The cache keys of everyone's version and of the pemda's."""
    return [_kunci_versi(SEMUA), _kunci_versi(pemda_id)]


def stempel(found: dict, keys: list[str]) -> dict[str, str]:
    """The stamps under ``keys``, given what ``cache.get_many`` already ``found`` of them; a stamp not
    there yet is made now, with add(), not set(), so that two workers starting together agree."""
    missing = [key for key in keys if key not in found]
    for key in missing:
        cache.add(key, uuid.uuid4().hex, timeout=None)
    if missing:
        found = {**found, **cache.get_many(missing)}
    return {key: found.get(key, "") for key in keys}


def stempel_baru(key: str) -> None:
    """Renew a stamp: what was kept under the old one is never served again."""
    cache.set(key, uuid.uuid4().hex, timeout=None)


def versi(pemda_id: int, found: dict | None = None) -> str:
    """The current version of the pemda's data (and of everyone's), one cache round trip; none when
    ``found`` already holds what ``cache.get_many(kunci_versi(pemda_id))`` gave."""
    keys = kunci_versi(pemda_id)
    return "-".join(stempel(cache.get_many(keys) if found is None else found, keys).values())


def naikkan(pemda_id: int | None) -> None:
    """Give the pemda (None: every pemda) a new version."""
    stempel_baru(_kunci_versi(SEMUA if pemda_id is None else pemda_id))


def simpan(kunci: str, hitung: Callable[[], str]) -> str:
    """The value cached under ``kunci`` or, the first time, ``hitung()`` stored under it."""
    return simpan_banyak({kunci: hitung})[kunci]


def simpan_banyak(hitung: dict[str, Callable[[], object]]) -> dict[str, object]:
    """For each key, the value cached under it or, the first time, its ``hitung()`` stored under it:
    one round trip to the cache when every value is there, two when some must be computed."""
    found = cache.get_many(list(hitung))
    missing = {kunci: fungsi() for kunci, fungsi in hitung.items() if kunci not in found}
    if missing:
        cache.set_many(missing, timeout=settings.SAKIP_DASBOR_CACHE)
    return {**found, **missing}


@functools.lru_cache(maxsize=4096)
def _pemda_opd(opd_id: int) -> int | None:
    """An OPD's pemda: it never changes, so one query a process."""
    from sakip.models import PerangkatDaerah

    return PerangkatDaerah.objects.filter(pk=opd_id).values_list("pemda_id", flat=True).first()


def pemda_dari(instance, kedalaman: int = KEDALAMAN) -> int | None:
    """The pemda a record belongs to: its own ``pemda`` or ``opd``, else that of the first parent
    (foreign key, users aside) that has one, ``kedalaman`` levels up at most."""
    from sakip.models import Pemda, User

    if isinstance(instance, Pemda):
        return instance.pk
    if getattr(instance, "pemda_id", None):
        return instance.pemda_id
    if getattr(instance, "opd_id", None):
        return _pemda_opd(instance.opd_id)
    if kedalaman == 0:
        return None
    for field in instance._meta.concrete_fields:
        if not field.many_to_one or field.related_model is User or not getattr(instance, field.attname):
            continue
        try:
            parent = getattr(instance, field.name)
        except ObjectDoesNotExist:  # deleted with it, earlier in the same cascade
            continue
        found = pemda_dari(parent, kedalaman - 1)
        if found:
            return found
    return None


def catat_perubahan(sender, instance, history_instance, **kwargs) -> None:
    """Receiver of simple_history's ``post_create_historical_record``."""
    if not aktif():
        return
    meta = instance._meta
    if meta.app_label not in APPS and not (meta.app_label == "sakip" and meta.model_name in SAKIP_MODELS):
        return
    pemda_id = pemda_dari(instance)
    transaction.on_commit(functools.partial(naikkan, pemda_id))
