"""The national LKE templates seeded by migration: their shape, their weights and their arithmetic."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from evaluasi import scoring
from evaluasi.models import Kriteria, TemplateLKE

pytestmark = pytest.mark.django_db


@pytest.fixture
def lke_2015():
    return TemplateLKE.objects.get(pemda=None, regulasi="12/2015")


@pytest.fixture
def lke_2021():
    return TemplateLKE.objects.get(pemda=None, regulasi="88/2021")


def test_12_2015_has_its_weights_and_92_criteria(lke_2015):
    assert [(k.kode, k.bobot) for k in lke_2015.komponen.all()] == [
        ("A", D(30)),
        ("B", D(25)),
        ("C", D(15)),
        ("D", D(10)),
        ("E", D(20)),
    ]
    subs = {s.kode: s.bobot for s in lke_2015.komponen.get(kode="A").sub.all()}
    assert subs == {"A.I.a": 2, "A.I.b": 5, "A.I.c": 3, "A.II.a": 4, "A.II.b": 10, "A.II.c": 6}
    pengukuran = [s.bobot for s in lke_2015.komponen.get(kode="B").sub.all()]
    assert pengukuran == [D(5), D("12.5"), D("7.5")]
    assert Kriteria.objects.filter(sub__komponen__template=lke_2015).count() == 92
    assert lke_2015.periksa_bobot() == []


def test_88_2021_has_its_weights_and_80_criteria(lke_2021):
    komponen = list(lke_2021.komponen.all())
    assert [k.bobot for k in komponen] == [D(30), D(30), D(15), D(25)]
    for komp in komponen:  # keberadaan 20 %, kualitas 30 %, pemanfaatan 50 %
        assert [s.bobot for s in komp.sub.all()] == [komp.bobot * D(p) / 100 for p in (20, 30, 50)]
    assert Kriteria.objects.filter(sub__komponen__template=lke_2021).count() == 80
    assert lke_2021.periksa_bobot() == []


def test_weight_check_names_what_does_not_add_up(lke_2015):
    komponen = lke_2015.komponen.get(kode="D")
    komponen.bobot = D(12)
    komponen.save()
    masalah = lke_2015.periksa_bobot()
    assert "Bobot komponen berjumlah 102, seharusnya 100." in masalah
    assert "Komponen D: bobot sub-komponen berjumlah 10, seharusnya 12." in masalah


@pytest.mark.parametrize("regulasi", ["12/2015", "88/2021"])
def test_best_and_worst_worksheets(regulasi):
    template = TemplateLKE.objects.get(pemda=None, regulasi=regulasi)
    kriteria = list(Kriteria.objects.filter(sub__komponen__template=template).select_related("skala"))
    best = {k.pk: max(o.nilai for o in k.skala.opsi.all()) for k in kriteria}
    hasil = scoring.hitung(template.lembar(best), template.bands())
    assert hasil.total == D(100)
    assert (hasil.predikat.kode, hasil.predikat.kata) == ("AA", "Sangat Memuaskan")
    worst = scoring.hitung(template.lembar({k.pk: D(0) for k in kriteria}), template.bands())
    assert (worst.total, worst.predikat.kode) == (D(0), "D")


def test_logic_rules_seeded_for_renstra_pk_and_laporan(lke_2015):
    syarat = {
        k.kode: k.syarat.kode
        for k in Kriteria.objects.filter(sub__komponen__template=lke_2015, syarat__isnull=False).select_related(
            "syarat"
        )
    }
    assert syarat["2"] == "1" and syarat["20"] == "1"  # Renstra telah disusun
    assert syarat["23"] == "22"  # PK telah disusun
    assert syarat["61"] == "60"  # Laporan Kinerja telah disusun


def test_weight_check_wants_answers_of_0_to_1_in_averaged_sub_components(world):
    from evaluasi.models import Kriteria, SkalaJawaban, TemplateLKE
    from evaluasi.services import template_salin

    national = TemplateLKE.objects.get(pemda=None, regulasi="12/2015")
    copy = template_salin(template=national, pemda=world.pemda, nama="Varian", tahun_berlaku=2026)
    kriteria = Kriteria.objects.get(sub__komponen__template=copy, kode="3")
    kriteria.skala = SkalaJawaban.objects.get(kode="E_TARGET")  # points 0–3 in an averaged sub-component
    kriteria.save()
    copy = TemplateLKE.objects.get(pk=copy.pk)
    assert any("Kriteria 3: skalanya bernilai tertinggi 3" in problem for problem in copy.periksa_bobot())
