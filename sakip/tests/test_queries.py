"""Each page runs the same number of queries whatever the size of the data."""

from __future__ import annotations

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sakip.models import Role
from sakip.tests import factories as f

PAGES = [
    ("home", None),
    ("pemda_detail", None),
    ("opd_list", None),
    ("opd_detail", "opd"),
    ("pejabat_list", None),
    ("user_list", None),
    ("iku_manual:home", None),
]


def grow(world, times: int) -> None:
    """Add OPDs, units, officials and users to both the viewed OPD and the rest of the pemda."""
    for _ in range(times):
        opd = f.OpdFactory(pemda=world.pemda)
        parent = f.UnitFactory(opd=opd)
        f.UnitFactory(opd=opd, parent=parent)
        f.PejabatFactory(opd=opd, unit=parent)
        f.UserFactory(role=Role.PERENCANA, pemda=world.pemda, opd=opd)
        unit = f.UnitFactory(opd=world.opd, parent=world.units["own"])
        f.PejabatFactory(opd=world.opd, unit=unit)
        f.PejabatFactory(pemda=world.pemda, opd=None, unit=None, nip="", jenis_jabatan="sekda")


def count_queries(client, name, arg, world) -> int:
    url = reverse(name, args=[world.opd.pk] if arg else None)
    reset_queries()  # the query log is a bounded deque: a full one would count nothing
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(("name", "arg"), PAGES)
def test_query_count_does_not_grow_with_data(world, client_for, name, arg):
    client = client_for("admin_pemda")
    grow(world, 2)
    small = count_queries(client, name, arg, world)
    grow(world, 20)
    large = count_queries(client, name, arg, world)
    assert small > 0  # the capture works
    assert small == large, f"{name}: {small} queries with little data, {large} with more"
    # Beranda's budget per role is pinned in sakip/tests/test_dasbor.py.
    assert large <= 15
