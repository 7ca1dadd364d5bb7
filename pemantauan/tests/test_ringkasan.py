"""The per-OPD figures read by the recap pages and the leaders' dashboard: right values, one query."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pemantauan import ringkasan
from pemantauan.models import PengaduanLapor, SerapanAnggaran
from sakip.tests import factories as f

D = Decimal


def serapan(opd, bulan, pagu, realisasi, tahun=2026):
    return SerapanAnggaran.objects.create(opd=opd, tahun=tahun, bulan=bulan, pagu=D(pagu), realisasi_sd=D(realisasi))


def pengaduan(opd, bulan, diterima, ditanggapi, selesai, tahun=2026):
    return PengaduanLapor.objects.create(
        opd=opd, tahun=tahun, bulan=bulan, diterima=diterima, ditanggapi=ditanggapi, selesai=selesai
    )


@pytest.mark.django_db
def test_serapan_per_opd_reads_the_latest_month_up_to_the_date(world):
    serapan(world.opd, 1, 1000, 100)
    serapan(world.opd, 2, 1000, 250)
    serapan(world.opd, 3, 2000, 700)  # APBD Perubahan raised the pagu
    serapan(world.other_pemda_opd, 2, 1000, 999)

    assert ringkasan.serapan_per_opd(world.pemda, 2026, datetime.date(2026, 2, 28)) == {
        world.opd.pk: D("25.00"),
        world.other_opd.pk: None,
    }
    assert ringkasan.serapan_per_opd(world.pemda, 2026)[world.opd.pk] == D("35.00")
    assert ringkasan.serapan_per_opd(world.pemda, 2026, datetime.date(2025, 12, 31))[world.opd.pk] is None
    assert ringkasan.serapan_per_opd(world.pemda, 2026, datetime.date(2027, 1, 1))[world.opd.pk] == D("35.00")
    # The bulk figure agrees with the one-OPD figure.
    for sampai in (datetime.date(2026, 1, 5), datetime.date(2026, 3, 1), None):
        bulk = ringkasan.serapan_per_opd(world.pemda, 2026, sampai)[world.opd.pk]
        assert bulk == ringkasan.serapan_persen(world.opd, 2026, sampai)


@pytest.mark.django_db
def test_serapan_pemda_sums_rupiah_not_percentages(world):
    serapan(world.opd, 3, 1000, 500)  # 50 %
    serapan(world.other_opd, 3, 3000, 300)  # 10 %
    assert ringkasan.serapan_pemda(world.pemda, 2026, datetime.date(2026, 3, 31)) == D("20.00")
    assert ringkasan.serapan_pemda(world.other_pemda, 2026) is None


@pytest.mark.django_db
def test_pengaduan_per_opd_sums_the_months(world):
    pengaduan(world.opd, 1, 10, 8, 5)
    pengaduan(world.opd, 2, 10, 10, 9)
    pengaduan(world.opd, 4, 100, 0, 0)
    pengaduan(world.other_opd, 1, 0, 0, 0)

    result = ringkasan.pengaduan_per_opd(world.pemda, 2026, datetime.date(2026, 3, 31))
    own = result[world.opd.pk]
    assert (own.diterima, own.ditanggapi, own.selesai) == (20, 18, 14)
    assert own.persen_ditanggapi == D("90.00")
    assert own.persen_selesai == D("70.00")
    # Entered, but no complaint received: no rate rather than 0 %.
    assert result[world.other_opd.pk].persen_ditanggapi is None
    assert own.persen_ditanggapi == ringkasan.pengaduan_persen(world.opd, 2026, datetime.date(2026, 3, 31))
    assert (
        ringkasan.pengaduan_per_opd(world.pemda, 2026, datetime.date(2026, 3, 31), dari_bulan=2)[world.opd.pk].diterima
        == 10
    )


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 12])
def test_bulk_functions_run_one_query_each(world, size):
    for i in range(size):
        opd = f.OpdFactory(pemda=world.pemda)
        for bulan in range(1, 11):
            serapan(opd, bulan, 1000, bulan * 60)
            pengaduan(opd, bulan, 5, 4, i % 4)
    for fn in (ringkasan.serapan_per_opd, ringkasan.serapan_pemda, ringkasan.pengaduan_per_opd):
        with CaptureQueriesContext(connection) as ctx:
            result = fn(world.pemda, 2026, datetime.date(2026, 10, 31))
        assert len(ctx.captured_queries) == 1, fn.__name__
        assert result is not None
    assert len(ringkasan.serapan_per_opd(world.pemda, 2026)) == size + 2
