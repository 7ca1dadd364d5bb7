"""This app's rows of the URL matrix (sakip/tests/test_url_matrix.py)."""

from __future__ import annotations

from sakip.tests.matrix import Row  # noqa: F401

# Row(url name, access class from sakip.tests.matrix or defined here, kwargs(world, target)).
ROWS: list = []

# Access classes of ROWS that write: their pages are POSTed too (test_post_is_refused_like_get).
WRITE_EXPECTS: tuple = ()


def build(world, opds) -> None:
    """Add this app's objects to the matrix world, one per target ("own", "other_opd", "other_pemda")."""
