import factory

from perjanjian.models import AnggaranPK, BarisPK, PerjanjianKinerja


class PerjanjianFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PerjanjianKinerja

    tahun = 2026


class BarisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BarisPK


class AnggaranFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnggaranPK

    nama = factory.Sequence(lambda n: f"Program Uji {n}")
    pagu = 1_000_000
