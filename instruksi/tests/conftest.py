"""An issued instruction for the world's OPD, and helpers shared by the IKP tests."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from instruksi.models import Instruksi
from instruksi.tests.factories import InstruksiFactory, TugasFactory


@pytest.fixture
def draf(world):
    instruksi = InstruksiFactory(pemda=world.pemda, dibuat_oleh=world.users["pimpinan"], perihal="Kekerasan anak")
    TugasFactory(
        instruksi=instruksi,
        opd=world.opd,
        uraian="Kasus kekerasan anak ditangani",
        target=Decimal(10),
        batas_waktu=timezone.localdate() + datetime.timedelta(days=30),
    )
    return instruksi


@pytest.fixture
def terbit(draf, world):
    from instruksi import services

    services.terbitkan(instruksi=draf, user=world.users["pimpinan"])
    draf.refresh_from_db()
    assert draf.status == Instruksi.Status.DITERBITKAN
    return draf


@pytest.fixture
def tugas(terbit):
    return terbit.tugas.get()
