import datetime

import factory

from sakip.models import Pejabat, Pemda, PerangkatDaerah, Role, UnitKerja, User


class PemdaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pemda
        django_get_or_create = ["kode"]

    jenis = Pemda.Jenis.KOTA
    nama = factory.Sequence(lambda n: f"Kota Uji {n}")
    kode = factory.Sequence(lambda n: f"98.{n % 100:02d}")
    alamat = "Jalan Merdeka Nomor 1"


class OpdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PerangkatDaerah

    pemda = factory.SubFactory(PemdaFactory)
    nama = factory.Sequence(lambda n: f"Dinas Uji {n}")
    singkatan = factory.Sequence(lambda n: f"DU{n}")
    kode = factory.Sequence(lambda n: f"1.{n // 100:02d}.{n % 100:02d}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitKerja

    opd = factory.SubFactory(OpdFactory)
    nama = factory.Sequence(lambda n: f"Bidang Uji {n}")
    jenis = UnitKerja.Jenis.BIDANG
    eselon = UnitKerja.Eselon.III


class PejabatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pejabat

    pemda = factory.SelfAttribute("opd.pemda")
    opd = factory.SubFactory(OpdFactory)
    nama = factory.Sequence(lambda n: f"Pejabat Uji {n}, S.E.")
    nip = factory.Sequence(lambda n: f"19700101199503{1 + n % 2}{n % 1000:03d}")
    pangkat_golongan = Pejabat.Golongan.IV_A
    jabatan = factory.Sequence(lambda n: f"Kepala Bidang Uji {n}")
    jenis_jabatan = Pejabat.JenisJabatan.ADMINISTRATOR
    mulai = datetime.date(2024, 1, 2)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"pengguna{n}")
    nama = factory.Sequence(lambda n: f"Pengguna Uji {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@uji.example")
    role = Role.EVALUATOR
    pemda = factory.SubFactory(PemdaFactory)
    password = factory.django.Password("rahasia-uji-123")
