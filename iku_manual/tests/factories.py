import factory

from iku_manual.models import Indikator, Sasaran, TargetIndikator, Tingkat
from sakip.models import Periode
from sakip.tests.factories import PemdaFactory


class PeriodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Periode
        django_get_or_create = ["pemda", "tahun_awal"]

    pemda = factory.SubFactory(PemdaFactory)
    nama = factory.LazyAttribute(lambda p: f"RPJMD {p.tahun_awal}–{p.tahun_akhir}")
    tahun_awal = 2025
    tahun_akhir = factory.LazyAttribute(lambda p: p.tahun_awal + 4)


class SasaranFactory(factory.django.DjangoModelFactory):
    """An OPD's sasaran strategis by default; pass opd=None and tingkat=... for the RPJMD level."""

    class Meta:
        model = Sasaran
        skip_postgeneration_save = True

    periode = factory.SubFactory(PeriodeFactory)
    pemda = factory.SelfAttribute("periode.pemda")
    opd = None
    tingkat = factory.LazyAttribute(lambda s: Tingkat.SASARAN_STRATEGIS if s.opd else Tingkat.SASARAN_PEMDA)
    kode = factory.Sequence(lambda n: f"S.{n}")
    uraian = factory.Sequence(lambda n: f"Meningkatnya kualitas layanan {n}")

    @factory.post_generation
    def parents(self, create, extracted, **kwargs):
        if create and extracted:
            self.parents.set(extracted)


class IndikatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indikator

    sasaran = factory.SubFactory(SasaranFactory)
    kode = factory.Sequence(lambda n: f"IKU.{n}")
    nama = factory.Sequence(lambda n: f"Persentase penduduk terlayani {n}")
    definisi_operasional = "Penduduk yang menerima layanan dibanding seluruh penduduk sasaran."
    formula = "Jumlah penduduk terlayani dibagi jumlah penduduk sasaran dikali 100%"
    satuan = "%"
    sumber_data = "Laporan tahunan"
    baseline_tahun = 2024
    baseline_nilai = 60


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetIndikator

    indikator = factory.SubFactory(IndikatorFactory)
    tahun = 2025
    nilai = 65
