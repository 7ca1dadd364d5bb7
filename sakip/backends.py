"""Authentication backend: Django's, loading a signed-in user with their pemda and OPD in the same
query. Every page reads both (the active pemda, the menu, the scope of every list), so this saves
one or two queries on each request.

With a shared cache (Redis, ``DJANGO_CACHE_URL``) the loaded user is also kept there, so a request
reads its user in the same round trip as two generation stamps, with no query. An entry is valid only
while both stamps are those it was stored under:

- the user's own, renewed after every committed save or deletion of the user (a password, a role, an
  OPD, a deactivation, a login's ``last_login``);
- everyone's, renewed after a change of any pemda or OPD (the names and zones the user carries) and
  after ``generate_scale`` removes its users with raw DELETEs (``lupakan_semua``).

A request that loads the user reads the stamps *before* the database, so a change committed in
between leaves an entry under the old stamp that is never served: a cache may miss, never be stale.
``SAKIP_PENGGUNA_CACHE`` seconds bound how long an entry lives at all (a change written past the ORM).
The entry carries the password hash (the session's check needs it): the same Redis already holds
the sessions themselves, which are worth more to a thief than a salted hash.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction

from sakip import versi_data
from sakip.models import User

SEMUA = "sakip:pengguna-stempel:semua"
ATRIBUT_STEMPEL = "_sakip_stempel"


def _kunci(user_id) -> tuple[str, str]:
    """The key of the user's own stamp and of the user's entry."""
    return f"sakip:pengguna-stempel:{user_id}", f"sakip:pengguna:{user_id}"


def aktif() -> bool:
    return settings.SAKIP_PENGGUNA_CACHE > 0


def _muat(user_id) -> User | None:
    user = User._default_manager.select_related("pemda", "opd").filter(pk=user_id).first()
    if user is not None and user.opd is not None and user.opd.pemda_id == user.pemda_id:
        user.opd.pemda = user.pemda  # the same row: an OPD's pages read it without another query
    return user


def muat_pengguna(user_id) -> User | None:
    """The user with pemda and OPD: from the shared cache when its entry is current, else from the
    database (and then stored)."""
    if not aktif():
        return _muat(user_id)
    kunci_stempel, kunci_entri = _kunci(user_id)
    found = cache.get_many([SEMUA, kunci_stempel, kunci_entri])
    stempel = versi_data.stempel(found, [SEMUA, kunci_stempel])
    entri = found.get(kunci_entri)
    if entri is not None and entri[0] == stempel:
        user = entri[1]
    else:
        user = _muat(user_id)
        if user is None:
            return None
        cache.set(kunci_entri, (stempel, user), timeout=settings.SAKIP_PENGGUNA_CACHE)
    setattr(user, ATRIBUT_STEMPEL, stempel[kunci_stempel])
    return user


def stempel_pengguna(user) -> str | None:
    """The user's own stamp the signed-in user was loaded under (None: not loaded through the shared
    cache). A page kept per user is valid while it holds (sakip/halaman.py); everyone's stamp is not
    needed there, as a change of a pemda or OPD moves that pemda's data version too."""
    return getattr(user, ATRIBUT_STEMPEL, None)


def lupakan_semua(using: str = "default") -> None:
    """Once the transaction commits, no entry of any user is served again."""
    if aktif():
        transaction.on_commit(functools.partial(versi_data.stempel_baru, SEMUA), using=using)


def lupakan(user_id, using: str = "default") -> None:
    """Once the transaction commits, no entry of this user is served again."""
    if aktif():
        transaction.on_commit(functools.partial(versi_data.stempel_baru, _kunci(user_id)[0]), using=using)


def pengguna_berubah(sender, instance, using, **kwargs) -> None:
    """Receiver of User's post_save and post_delete."""
    lupakan(instance.pk, using)


def organisasi_berubah(sender, instance, using, **kwargs) -> None:
    """Receiver of Pemda's and PerangkatDaerah's post_save and post_delete."""
    lupakan_semua(using)


class SakipBackend(ModelBackend):
    def get_user(self, user_id):
        user = muat_pengguna(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
