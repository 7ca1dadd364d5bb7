"""The demo agreements and realisations of Kota Contoh, made through the services."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from perjanjian.models import (
    AnggaranPK,
    BarisPK,
    JadwalRealisasi,
    PerjanjianKinerja,
    Realisasi,
    RealisasiAnggaran,
)

MODELS = [PerjanjianKinerja, BarisPK, AnggaranPK, Realisasi, RealisasiAnggaran, JadwalRealisasi]


def counts() -> dict[str, int]:
    return {
        **{model.__name__: model.objects.count() for model in MODELS},
        **{f"history {model.__name__}": model.history.count() for model in MODELS},
    }


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("load_demo")


def test_demo_agreements_realisations_and_idempotence(demo):
    first = counts()
    call_command("load_demo")
    assert counts() == first

    ditetapkan = PerjanjianKinerja.objects.filter(opd__pemda__nama="Kota Contoh", status="ditetapkan")
    assert set(ditetapkan.values_list("tahun", flat=True)) == {2025, 2026}
    perubahan = ditetapkan.get(jenis="perubahan")
    assert (perubahan.opd.singkatan, perubahan.versi, perubahan.menggantikan.status) == ("Dinkes", 2, "ditetapkan")
    assert perubahan.alasan_perubahan and perubahan.dasar_hukum
    assert perubahan.penandatangan["pertama"]["nama"]  # frozen signatories

    quarters = set(Realisasi.objects.values_list("tahun", "triwulan").distinct())
    assert quarters == {(2025, 1), (2025, 2), (2025, 3), (2025, 4), (2026, 1), (2026, 2)}
    statuses = set(Realisasi.objects.filter(tahun=2026, triwulan=2).values_list("status", flat=True))
    assert {"terverifikasi", "diajukan", "dikembalikan"} <= statuses
    assert not Realisasi.objects.filter(tahun=2025).exclude(status="terverifikasi").exists()
    assert Realisasi.objects.filter(status="dikembalikan").exclude(catatan="").exists()

    # Budget spent before the PK Perubahan was carried over to its rows.
    assert set(RealisasiAnggaran.objects.filter(anggaran__perjanjian=perubahan).values_list("triwulan", flat=True)) == {
        1,
        2,
    }
    assert JadwalRealisasi.objects.filter(tahun=2026).count() == 4
