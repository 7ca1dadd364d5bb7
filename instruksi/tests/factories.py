"""Factories of the IKP models."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from instruksi.models import Instruksi, Kemajuan, Negosiasi, Tugas
from sakip.tests import factories as f


class InstruksiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instruksi

    pemda = factory.SubFactory(f.PemdaFactory)
    perihal = factory.Sequence(lambda n: f"Penanganan isu aktual {n}")
    tanggal = factory.LazyFunction(timezone.localdate)
    dibuat_oleh = factory.SubFactory(f.UserFactory, role="admin_pemda", pemda=factory.SelfAttribute("..pemda"))


class TugasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tugas

    instruksi = factory.SubFactory(InstruksiFactory)
    opd = factory.SubFactory(f.OpdFactory, pemda=factory.SelfAttribute("..instruksi.pemda"))
    uraian = factory.Sequence(lambda n: f"Kasus kekerasan anak ditangani {n}")
    target = Decimal(10)
    satuan = "kasus"
    batas_waktu = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


class NegosiasiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Negosiasi

    tugas = factory.SubFactory(TugasFactory)
    target_lama = factory.SelfAttribute("tugas.target")
    batas_waktu_lama = factory.SelfAttribute("tugas.batas_waktu")
    target_usulan = Decimal(8)
    alasan = "Tenaga pendamping terbatas"
    diajukan_oleh = factory.SubFactory(
        f.UserFactory,
        role="perencana",
        pemda=factory.SelfAttribute("..tugas.opd.pemda"),
        opd=factory.SelfAttribute("..tugas.opd"),
    )


class KemajuanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kemajuan

    tugas = factory.SubFactory(TugasFactory)
    nilai = Decimal(3)
    uraian = "Tiga kasus didampingi"
    dilaporkan_oleh = factory.SubFactory(
        f.UserFactory,
        role="perencana",
        pemda=factory.SelfAttribute("..tugas.opd.pemda"),
        opd=factory.SelfAttribute("..tugas.opd"),
    )


def form_data(world, **overrides) -> dict:
    """The POST of the instruction form: one task for the world's OPD, a target in Indonesian
    numbers, a deadline in 30 days; ``overrides`` replace fields."""
    batas = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    data = {
        "ikp-nomor": "01/IKP/2026",
        "ikp-perihal": "Penanganan kekeringan",
        "ikp-uraian": "",
        "ikp-pemberi": "",
        "ikp-tanggal": timezone.localdate().isoformat(),
        "tugas-TOTAL_FORMS": "1",
        "tugas-INITIAL_FORMS": "0",
        "tugas-MIN_NUM_FORMS": "0",
        "tugas-MAX_NUM_FORMS": "100",
        "tugas-0-opd": str(world.opd.pk),
        "tugas-0-uraian": "Air bersih disalurkan",
        "tugas-0-jenis_target": "angka",
        "tugas-0-target": "1.250,5",
        "tugas-0-satuan": "liter",
        "tugas-0-batas_waktu": batas,
    }
    data.update(overrides)
    return data
