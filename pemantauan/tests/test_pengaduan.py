"""SP4N-LAPOR complaints: the entry grid, the OPD page and the pemda recap with its rates."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pemantauan.models import PengaduanLapor
from sakip.tests import factories as f

TAHUN = 2026


def grid_post(**months) -> dict:
    data = {"lengkap": "1"}
    for bulan in range(1, 13):
        diterima, ditanggapi, selesai = months.get(f"bulan_{bulan}", ("", "", ""))
        data |= {f"diterima_{bulan}": diterima, f"ditanggapi_{bulan}": ditanggapi, f"selesai_{bulan}": selesai}
    return data


def pengaduan(opd, bulan, diterima, ditanggapi, selesai, tahun=TAHUN):
    return PengaduanLapor.objects.create(
        opd=opd, tahun=tahun, bulan=bulan, diterima=diterima, ditanggapi=ditanggapi, selesai=selesai
    )


@pytest.mark.django_db
def test_planner_enters_complaints(world, client_for):
    url = reverse("pemantauan:pengaduan_isi", args=[TAHUN, world.opd.pk])
    response = client_for("perencana").post(url, grid_post(bulan_1=("1.200", "1.100", "900"), bulan_2=("0", "0", "0")))
    assert response.status_code == 302
    rows = {r.bulan: (r.diterima, r.ditanggapi, r.selesai) for r in PengaduanLapor.objects.filter(opd=world.opd)}
    assert rows == {1: (1200, 1100, 900), 2: (0, 0, 0)}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        (("10", "11", "0"), "ditanggapi_5", "lebih banyak dari yang diterima"),
        (("10", "5", "6"), "selesai_5", "lebih banyak dari yang ditanggapi"),
        (("10", "", "1"), "ditanggapi_5", "Isi ketiga angka"),
        (("2,5", "1", "1"), "diterima_5", "bilangan bulat"),
        (("-1", "0", "0"), "diterima_5", "tidak boleh negatif"),
    ],
)
def test_bad_complaints_save_nothing(world, client_for, typed, field, message):
    url = reverse("pemantauan:pengaduan_isi", args=[TAHUN, world.opd.pk])
    response = client_for("admin_pemda").post(url, grid_post(bulan_1=("3", "3", "3"), bulan_5=typed))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not PengaduanLapor.objects.exists()
    page = response.content.decode()
    assert all(f'value="{value}"' in page for value in typed if value)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "opd_key", "status"),
    [
        ("kepala_opd", "opd", 200),
        ("admin_pemda", "other_opd", 200),
        ("perencana", "other_opd", 404),
        ("admin_pemda", "other_pemda_opd", 404),
        ("evaluator", "opd", 403),
        ("pimpinan", "other_opd", 403),
    ],
)
def test_grid_access(world, client_for, role, opd_key, status):
    opd = getattr(world, opd_key)
    url = reverse("pemantauan:pengaduan_isi", args=[TAHUN, opd.pk])
    assert client_for(role).post(url, grid_post(bulan_1=("1", "1", "1"))).status_code == (
        302 if status == 200 else status
    )
    assert PengaduanLapor.objects.filter(opd=opd).exists() == (status == 200)


@pytest.mark.django_db
def test_recap_shows_response_and_resolution_rates(world, client_for):
    pengaduan(world.opd, 1, 10, 9, 6)
    pengaduan(world.opd, 2, 10, 8, 4)
    pengaduan(world.opd, 11, 50, 0, 0)  # after the chosen month: not counted
    pengaduan(world.other_opd, 2, 0, 0, 0)
    response = client_for("pimpinan").get(reverse("pemantauan:pengaduan_rekap", args=[TAHUN]) + "?bulan=10")
    baris = {b["opd"].pk: b["data"] for b in response.context["baris"]}
    own = baris[world.opd.pk]
    assert (own.diterima, own.persen_ditanggapi, own.persen_selesai) == (20, 85, 50)
    assert baris[world.other_opd.pk].persen_ditanggapi is None
    assert response.context["total"].diterima == 20
    page = response.content.decode()
    assert "85,00" in page and "50,00" in page
    assert "<svg" in page and 'class="batang"' in page

    opd_page = client_for("kepala_opd").get(reverse("pemantauan:pengaduan_opd", args=[TAHUN, world.opd.pk]))
    assert opd_page.context["total"].diterima == 70
    other = reverse("pemantauan:pengaduan_opd", args=[TAHUN, world.other_opd.pk])
    assert client_for("kepala_opd").get(other).status_code == 404


@pytest.mark.django_db
def test_recap_query_count_does_not_grow_with_opds(world, client_for):
    url = reverse("pemantauan:pengaduan_rekap", args=[TAHUN]) + "?bulan=10"
    client = client_for("evaluator")
    counts = []
    for n in (2, 15):
        for i in range(n):
            opd = f.OpdFactory(pemda=world.pemda)
            for bulan in range(1, 11):
                pengaduan(opd, bulan, 10 + i, 8, i % 8)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
