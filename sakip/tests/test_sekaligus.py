"""``sakip.sekaligus``: aggregates of several tables read in one query, with the values
``aggregate()`` gives."""

from __future__ import annotations

import datetime

from django.db.models import Count, F, Max, Min, Q
from django.db.models.functions import ExtractYear

from evaluasi.models import Evaluasi, Rekomendasi, TemplateLKE
from evaluasi.services import evaluasi_buka
from sakip import sekaligus
from sakip.models import PerangkatDaerah, User


def test_several_tables_in_one_query_as_aggregate_gives_them(world, django_assert_num_queries):
    template = TemplateLKE.objects.get(pemda=None, regulasi="12/2015")
    e = evaluasi_buka(pemda=world.pemda, opd=world.opd, tahun=2025, template=template)
    for nomor, (tahun, status) in enumerate([(2026, "terbuka"), (2027, "terbuka"), (2028, "selesai")], start=1):
        Rekomendasi.objects.create(
            evaluasi=e, nomor=nomor, uraian="Perbaiki", batas_waktu=datetime.date(tahun, 3, 31), status=status
        )
    terbuka = Q(status="terbuka")
    rekomendasi = Rekomendasi.objects.filter(evaluasi__pemda=world.pemda)
    agregat = {
        "n": Count("pk", filter=terbuka),
        "tahun": Max(ExtractYear("batas_waktu"), filter=terbuka),
        "pertama": Min("pk"),
        "semua": Count("pk"),
    }
    opd = PerangkatDaerah.objects.filter(pemda=world.pemda)
    kosong = Evaluasi.objects.filter(pemda=world.other_pemda)
    with django_assert_num_queries(1):
        found = sekaligus.baca(
            world.pemda.pk,
            {
                "rekomendasi": (rekomendasi, agregat),
                "opd": (opd.order_by("nama"), {"n": Count("pk"), "akhir": Max(F("urutan") * 10)}),
                "pengguna": (User.objects.filter(pemda=world.pemda, is_active=True), {"n": Count("pk")}),
                "kosong": (kosong, {"n": Count("pk"), "tahun": Max("tahun")}),
            },
        )
    assert (
        found["rekomendasi"]
        == rekomendasi.aggregate(**agregat)
        == {
            "n": 2,
            "tahun": 2027,
            "pertama": rekomendasi.order_by("pk")[0].pk,
            "semua": 3,
        }
    )
    assert found["opd"] == opd.aggregate(n=Count("pk"), akhir=Max(F("urutan") * 10))
    assert found["pengguna"]["n"] == User.objects.filter(pemda=world.pemda, is_active=True).count() > 0
    assert found["kosong"] == {"n": 0, "tahun": None}  # nothing to count: zero, and no maximum


def test_nothing_to_ask_costs_nothing(world, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert sekaligus.baca(world.pemda.pk, {}) == {}
