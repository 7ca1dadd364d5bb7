"""An indicator whose realisation is read from the complaint or absorption figures: linking it, the
indicator page, and the figure offered on the realisation form of a quarter."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from pemantauan.models import PengaduanLapor, SerapanAnggaran, SumberIndikator
from perjanjian.tests.test_realisasi import TAHUN, build_plan


@pytest.fixture
def plan(world):
    return build_plan(world)


def edit_url(plan, indikator, triwulan=1):
    return reverse("perjanjian:realisasi_edit", args=[plan.opd.pk, TAHUN, triwulan, indikator.pk])


@pytest.mark.django_db
def test_planner_links_an_indicator_and_the_page_shows_it(plan, client_for):
    indikator = plan.iku[1]
    client = client_for("perencana")
    detail = client.get(indikator.get_absolute_url()).content.decode()
    assert "Realisasi diisi manual." in detail
    assert reverse("pemantauan:sumber_indikator", args=[indikator.pk]) in detail

    url = reverse("pemantauan:sumber_indikator", args=[indikator.pk])
    assert "---------" not in client.get(url).content.decode()  # no blank radio among the choices
    response = client.post(url, {})
    assert response.status_code == 200 and "Pilih data" in response.content.decode()
    assert client.post(url, {"ukuran": "pengaduan_selesai"}).status_code == 302
    assert SumberIndikator.objects.get(indikator=indikator).ukuran == "pengaduan_selesai"
    detail = client.get(indikator.get_absolute_url()).content.decode()
    assert "Persentase pengaduan SP4N-LAPOR yang selesai" in detail

    # A reader sees the source but not the link to change it.
    reader = client_for("pimpinan").get(indikator.get_absolute_url()).content.decode()
    assert "Persentase pengaduan SP4N-LAPOR yang selesai" in reader and url not in reader

    client = client_for("perencana")  # the test client is shared: sign the planner in again
    assert client.post(url, {"hapus": "1"}).status_code == 302
    assert not SumberIndikator.objects.filter(indikator=indikator).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "status"), [("evaluator", 403), ("kepala_opd", 403), ("admin_pemda", 403)])
def test_only_the_indicators_editor_links_it(plan, client_for, role, status):
    url = reverse("pemantauan:sumber_indikator", args=[plan.iku[1].pk])
    assert client_for(role).post(url, {"ukuran": "serapan"}).status_code == status
    assert not SumberIndikator.objects.exists()


@pytest.mark.django_db
def test_other_opd_indicator_is_invisible(plan, client_for):
    url = reverse("pemantauan:sumber_indikator", args=[plan.lain["other_opd"].pk])
    assert client_for("perencana").get(url).status_code == 404


@pytest.mark.django_db
def test_realisation_form_offers_the_quarters_complaint_figure(plan, client_for):
    indikator = plan.iku[1]
    SumberIndikator.objects.create(indikator=indikator, ukuran="pengaduan_ditanggapi")
    for bulan, diterima, ditanggapi in ((1, 10, 9), (2, 10, 8), (3, 20, 20), (4, 100, 0)):
        PengaduanLapor.objects.create(
            opd=plan.opd, tahun=TAHUN, bulan=bulan, diterima=diterima, ditanggapi=ditanggapi, selesai=0
        )
    client = client_for("perencana")
    response = client.get(edit_url(plan, indikator, triwulan=1))
    page = response.content.decode()
    assert response.status_code == 200
    # TW I = January to March: 37 of 40 (April is not counted).
    assert response.context["sumber"]["nilai"] == Decimal("92.50")
    assert "92,50%" in page and "Januari–Maret 2026" in page and "Pakai angka ini" in page
    assert response.context["form"]["nilai"].value() in (None, "")

    filled = client.get(response.context["pakai_sumber_url"])
    assert filled.context["form"]["nilai"].value() == "92,50"
    assert 'value="92,50"' in filled.content.decode()
    # The planner still saves: nothing was written by filling the form.
    from perjanjian.models import Realisasi

    assert not Realisasi.objects.filter(indikator=indikator).exists()
    data = {"nilai": "92,50", "bukti_keterangan": "Rekap LAPOR", "aksi": "draf"}
    saved = client.post(edit_url(plan, indikator), data)
    assert saved.status_code == 302
    assert Realisasi.objects.get(indikator=indikator).nilai == Decimal("92.5")


@pytest.mark.django_db
def test_realisation_form_absorption_figure_and_no_data(plan, client_for):
    indikator = plan.iku[1]
    SumberIndikator.objects.create(indikator=indikator, ukuran="serapan")
    client = client_for("perencana")
    empty = client.get(edit_url(plan, indikator))
    assert empty.context["sumber"]["nilai"] is None
    assert "belum ada data untuk periode ini" in empty.content.decode()
    assert "Pakai angka ini" not in empty.content.decode()

    SerapanAnggaran.objects.create(opd=plan.opd, tahun=TAHUN, bulan=2, pagu=Decimal(1000), realisasi_sd=Decimal(125))
    SerapanAnggaran.objects.create(opd=plan.opd, tahun=TAHUN, bulan=5, pagu=Decimal(1000), realisasi_sd=Decimal(300))
    assert client.get(edit_url(plan, indikator, triwulan=1)).context["sumber"]["nilai"] == Decimal("12.50")


@pytest.mark.django_db
def test_indicator_without_source_shows_nothing(plan, client_for):
    response = client_for("perencana").get(edit_url(plan, plan.iku[0]))
    assert response.context["sumber"] is None
    assert "Pakai angka ini" not in response.content.decode()
