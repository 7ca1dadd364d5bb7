"""The IKP list, detail, task and recap pages run the same number of queries whatever the data size."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from instruksi.tests.factories import InstruksiFactory, KemajuanFactory, NegosiasiFactory, TugasFactory
from sakip.tests import factories as f

pytestmark = pytest.mark.django_db


def grow(world, instruksi, tugas, times: int) -> None:
    """More instructions, tasks on them, negotiations and progress reports, for several OPDs."""
    for _ in range(times):
        opd = f.OpdFactory(pemda=world.pemda)
        other = InstruksiFactory(
            pemda=world.pemda,
            dibuat_oleh=world.users["pimpinan"],
            status="diterbitkan",
            diterbitkan_pada=timezone.now(),
        )
        TugasFactory(instruksi=other, opd=world.opd, capaian_terakhir=Decimal(2))
        TugasFactory(instruksi=other, opd=opd)
        extra = TugasFactory(instruksi=instruksi, opd=opd, status="negosiasi")
        NegosiasiFactory(tugas=extra)
        NegosiasiFactory(
            tugas=tugas, status="ditolak", diputuskan_oleh=world.users["pimpinan"], diputuskan_pada=timezone.now()
        )
        KemajuanFactory(tugas=tugas, dilaporkan_oleh=world.users["perencana"])


def count(client, url) -> int:
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["pimpinan", "perencana"])
@pytest.mark.parametrize("page", ["daftar", "detail", "tugas", "rekap", "rekap_excel"])
def test_query_count_does_not_grow(world, client_for, role, page):
    instruksi = InstruksiFactory(
        pemda=world.pemda, dibuat_oleh=world.users["pimpinan"], status="diterbitkan", diterbitkan_pada=timezone.now()
    )
    tugas = TugasFactory(
        instruksi=instruksi, opd=world.opd, batas_waktu=timezone.localdate() + datetime.timedelta(days=20)
    )
    url = {
        "daftar": reverse("instruksi:daftar"),
        "detail": instruksi.get_absolute_url(),
        "tugas": tugas.get_absolute_url(),
        "rekap": reverse("instruksi:rekap"),
        "rekap_excel": reverse("instruksi:rekap_excel"),
    }[page]
    client = client_for(role)
    grow(world, instruksi, tugas, 2)
    small = count(client, url)
    grow(world, instruksi, tugas, 12)
    large = count(client, url)
    assert small > 0
    assert small == large, f"{page}: {small} queries with little data, {large} with more"
    assert large <= 20
    print(f"{page} {role}: {large} queries")
