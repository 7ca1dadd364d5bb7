"""Every page of this app runs the same number of queries whatever the data size (2 and 20 OPDs with
a full year each). The base page's own queries (session, user, navbar) are part of the count."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pemantauan.models import PengaduanLapor, SerapanAnggaran
from sakip.tests import factories as f

TAHUN = 2026


def fill(pemda, n):
    for i in range(n):
        opd = f.OpdFactory(pemda=pemda)
        for bulan in range(1, 13):
            SerapanAnggaran.objects.create(
                opd=opd, tahun=TAHUN, bulan=bulan, pagu=Decimal(10_000), realisasi_sd=Decimal(bulan * 700 + i)
            )
            PengaduanLapor.objects.create(opd=opd, tahun=TAHUN, bulan=bulan, diterima=9, ditanggapi=8, selesai=i % 8)


PAGES = [
    ("pimpinan", "pemantauan:beranda", lambda w: []),
    ("pimpinan", "pemantauan:serapan_rekap", lambda w: [TAHUN]),
    ("pimpinan", "pemantauan:pengaduan_rekap", lambda w: [TAHUN]),
    ("admin_pemda", "pemantauan:serapan_opd", lambda w: [TAHUN, w.opd.pk]),
    ("admin_pemda", "pemantauan:pengaduan_opd", lambda w: [TAHUN, w.opd.pk]),
    ("admin_pemda", "pemantauan:serapan_isi", lambda w: [TAHUN, w.opd.pk]),
    ("admin_pemda", "pemantauan:pengaduan_isi", lambda w: [TAHUN, w.opd.pk]),
    ("admin_pemda", "pemantauan:kurva", lambda w: []),
]


@pytest.mark.django_db
def test_query_counts_do_not_grow(world, client_for):
    counts = {}
    for n in (2, 20):
        fill(world.pemda, n)
        for month in range(1, 13):  # our OPD's year grows too (with its history)
            SerapanAnggaran.objects.update_or_create(
                opd=world.opd, tahun=TAHUN, bulan=month, defaults={"pagu": Decimal(100 * n), "realisasi_sd": Decimal(n)}
            )
        for role, name, args in PAGES:
            client = client_for(role)
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(reverse(name, args=args(world)) + "?bulan=10").status_code == 200
            counts.setdefault(name, []).append(len(ctx.captured_queries))
    print(counts)  # shown with -s: the figures of the report
    assert all(c[0] == c[1] for c in counts.values()), counts
