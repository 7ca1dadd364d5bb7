"""The Django admin offers no way around the locks of verified realisations."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.db import transaction
from django.test import RequestFactory

from iku_manual.tests.factories import IndikatorFactory, PeriodeFactory, SasaranFactory
from perjanjian.models import Realisasi, RealisasiTerkunci


@pytest.fixture
def verified(world):
    periode = PeriodeFactory(pemda=world.pemda)
    indikator = IndikatorFactory(sasaran=SasaranFactory(periode=periode, opd=world.opd))
    realisasi = Realisasi.objects.create(opd=world.opd, indikator=indikator, tahun=2026, triwulan=1, nilai=10)
    Realisasi.objects.filter(pk=realisasi.pk).update(status=Realisasi.Status.TERVERIFIKASI)
    realisasi.refresh_from_db()
    return realisasi


def test_admin_cannot_change_or_delete_a_verified_realisation(verified, world):
    request = RequestFactory().get("/")
    request.user = world.users["superuser"]  # pytest-django's admin_user would be the world's admin pemda
    model_admin = admin.site._registry[Realisasi]
    assert model_admin.has_view_permission(request, verified)
    assert not model_admin.has_change_permission(request, verified)
    assert not model_admin.has_delete_permission(request, verified)


def test_model_refuses_save_and_delete_of_a_verified_realisation(verified):
    verified.nilai = 99
    with pytest.raises(RealisasiTerkunci):
        verified.save()
    with pytest.raises(RealisasiTerkunci), transaction.atomic():
        Realisasi.objects.filter(pk=verified.pk).delete()
    verified.refresh_from_db()
    assert verified.nilai == 10
