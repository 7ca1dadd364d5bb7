"""This app's rows of the URL matrix (sakip/tests/test_url_matrix.py).

A notification belongs to one user: anyone else gets 404 on it, whatever the role (tested in
notifikasi/tests/test_views.py, since the matrix's objects are per OPD, not per user). Its actions
are POST only, so the matrix sees 405 on GET."""

from __future__ import annotations

from sakip.tests.matrix import Row, any_user, post_only

# Row(url name, access class from sakip.tests.matrix or defined here, kwargs(world, target)).
ROWS: list = [
    Row("notifikasi:daftar", any_user),
    Row("notifikasi:lonceng", any_user),
    Row("notifikasi:baca", post_only, lambda w, t: {"pk": w.notifikasi[t].pk}),
    Row("notifikasi:baca_semua", post_only),
]

# Access classes of ROWS that write: their pages are POSTed too (test_post_is_refused_like_get).
WRITE_EXPECTS: tuple = ()


def build(world, opds) -> None:
    """Per target: a notification of that target's planner."""
    from notifikasi.models import Notifikasi

    world.notifikasi = {
        target: Notifikasi.objects.create(penerima=world.planners[target], judul="PK dikembalikan", tautan="/pk/")
        for target in opds
    }
