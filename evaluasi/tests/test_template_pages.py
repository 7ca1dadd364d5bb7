"""The LKE template pages: the list, one template's structure, and its Excel workbook."""

from __future__ import annotations

import io
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from evaluasi import exports
from evaluasi.models import Komponen, Kriteria, SkalaJawaban, SubKomponen, TemplateLKE
from sakip.middleware import SESSION_PEMDA_KEY

pytestmark = pytest.mark.django_db

NASIONAL_2015 = "LKE SAKIP Perangkat Daerah (PermenPANRB 12/2015)"
NASIONAL_2021 = "LKE AKIP Perangkat Daerah (PermenPANRB 88/2021)"


def national(regulasi: str) -> TemplateLKE:
    return TemplateLKE.objects.get(pemda=None, regulasi=regulasi)


def make_template(pemda, nama: str = "LKE Daerah", *, komponen: int = 1, kriteria: int = 2) -> TemplateLKE:
    """A small pemda variant: ``komponen`` components of weight 100 / n, one sub-component each with
    ``kriteria`` Y/T criteria, the second depending on the first."""
    template = TemplateLKE.objects.create(
        pemda=pemda, regulasi=TemplateLKE.Regulasi.LAINNYA, nama=nama, tahun_berlaku=2026, asal=national("12/2015")
    )
    yt = SkalaJawaban.objects.get(kode="YT")
    bobot = D(100) / komponen
    for k in range(komponen):
        komp = Komponen.objects.create(template=template, kode=f"K{k}", nama=f"Komponen {k}", bobot=bobot, urutan=k)
        sub = SubKomponen.objects.create(
            komponen=komp, kode=f"K{k}.a", nama=f"Sub {k}", bobot=bobot, dimensi=SubKomponen.Dimensi.PEMENUHAN
        )
        previous = None
        for n in range(kriteria):
            previous = Kriteria.objects.create(
                sub=sub, kode=f"{k}.{n}", teks=f"Kriteria {k}.{n}", skala=yt, syarat=previous, urutan=n
            )
    return template


def detail_url(template: TemplateLKE) -> str:
    return reverse("evaluasi:template_detail", args=[template.pk])


def excel_url(template: TemplateLKE) -> str:
    return reverse("evaluasi:template_excel", args=[template.pk])


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def as_superuser_in(client_for, pemda):
    client = client_for("superuser")
    session = client.session
    session[SESSION_PEMDA_KEY] = pemda.pk
    session.save()
    return client


# --- List -----------------------------------------------------------------------------------------


def test_list_shows_national_templates_and_our_pemdas_not_anothers(world, client_for):
    make_template(world.pemda, "LKE Kota Uji")
    make_template(world.other_pemda, "LKE Kabupaten Lain")
    response = client_for("perencana").get(reverse("evaluasi:template_list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert NASIONAL_2015 in content
    assert NASIONAL_2021 in content
    assert "LKE Kota Uji" in content
    assert "LKE Kabupaten Lain" not in content
    rows = [(t.nama, t.jumlah_komponen, t.jumlah_kriteria) for t in response.context["templates"]]
    # newest first, as the model orders them
    assert rows == [("LKE Kota Uji", 1, 2), (NASIONAL_2021, 4, 80), (NASIONAL_2015, 5, 92)]
    assert "PermenPANRB 12/2015" in content
    assert "Varian daerah" in content


def test_list_for_a_superuser_shows_the_active_pemdas_variants(world, client_for):
    make_template(world.pemda, "LKE Kota Uji")
    make_template(world.other_pemda, "LKE Kabupaten Lain")
    content = as_superuser_in(client_for, world.other_pemda).get(reverse("evaluasi:template_list")).content.decode()
    assert "LKE Kabupaten Lain" in content
    assert "LKE Kota Uji" not in content
    assert NASIONAL_2015 in content


def test_list_needs_a_login(world, client_for):
    response = client_for("anon").get(reverse("evaluasi:template_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_list_query_count_does_not_grow(world, client_for, django_assert_num_queries):
    client = client_for("evaluator")
    url = reverse("evaluasi:template_list")
    make_template(world.pemda, "LKE 1")
    small = count_queries(client, url)
    for n in range(2, 12):
        make_template(world.pemda, f"LKE {n}", komponen=3, kriteria=4)
    with django_assert_num_queries(small):
        response = client.get(url)
    assert len(response.context["templates"]) == 13


# --- Detail ---------------------------------------------------------------------------------------


def test_detail_shows_the_worksheet_structure(world, client_for):
    response = client_for("kepala_opd").get(detail_url(national("12/2015")))
    assert response.status_code == 200
    content = response.content.decode()
    for text in (
        "Perencanaan Kinerja",
        "Renstra telah disusun",
        "<strong>30</strong>",  # the component's weight
        "12,5</strong>",  # a sub-component's weight, Indonesian style
        "Sangat Memuaskan",
        "&gt; 90",
        "Bobot sesuai",
        "bergantung pada nomor 1",  # "Renstra telah memuat Tujuan" depends on "Renstra telah disusun"
        "Ya/Tidak",
        "Y=1; T=0",
        "A=1; B=0,75; C=0,5; D=0,25; E=0",
        "A=3; B=2; C=1; D=0,5; E=0",  # the Capaian point scale
        "Bobot poin",  # the Capaian sub-components sum points
        "Unduh Excel",
        excel_url(national("12/2015")),
    ):
        assert text in content, text
    assert response.context["title"] == NASIONAL_2015
    assert response.context["breadcrumbs"][-1] == ("Template LKE", reverse("evaluasi:template_list"))


def test_detail_of_88_2021(world, client_for):
    content = client_for("perencana").get(detail_url(national("88/2021"))).content.decode()
    assert "Bobot sesuai" in content
    assert "Sangat Memuaskan" in content
    assert "AA=1; A=0,9; BB=0,8" in content
    assert "Bobot poin" not in content  # every 88/2021 sub-component averages


def test_detail_lists_weight_problems(world, client_for):
    template = make_template(world.pemda, komponen=2)
    Komponen.objects.filter(template=template, kode="K1").update(bobot=D(40))
    content = client_for("perencana").get(detail_url(template)).content.decode()
    assert "Bobot belum sesuai" in content
    assert "Bobot komponen berjumlah 90, seharusnya 100." in content
    assert "Komponen K1: bobot sub-komponen berjumlah 50, seharusnya 40." in content
    assert "Bobot sesuai" not in content


def test_detail_of_a_pemda_variant(world, client_for):
    template = make_template(world.pemda, "LKE Kota Uji")
    content = client_for("pimpinan").get(detail_url(template)).content.decode()
    assert "LKE Kota Uji" in content
    assert "varian Kota Uji" in content
    assert detail_url(national("12/2015")) in content  # copied from
    assert "bergantung pada nomor 0.0" in content


@pytest.mark.parametrize("role", ["perencana", "admin_pemda", "evaluator"])
def test_detail_and_excel_of_another_pemdas_template_are_404(world, client_for, role):
    template = make_template(world.other_pemda)
    client = client_for(role)
    assert client.get(detail_url(template)).status_code == 404
    assert client.get(excel_url(template)).status_code == 404


def test_superuser_sees_any_pemdas_template(world, client_for):
    template = make_template(world.other_pemda)
    client = as_superuser_in(client_for, world.pemda)
    assert client.get(detail_url(template)).status_code == 200
    assert client.get(excel_url(template)).status_code == 200


def test_detail_query_count_does_not_grow(world, client_for, django_assert_num_queries):
    client = client_for("perencana")
    small = count_queries(client, detail_url(make_template(world.pemda, komponen=1, kriteria=1)))
    for url in (detail_url(national("12/2015")), detail_url(national("88/2021"))):
        with django_assert_num_queries(small):
            assert client.get(url).status_code == 200


# --- Excel ----------------------------------------------------------------------------------------


def workbook_of(response):
    return load_workbook(io.BytesIO(response.content))


def rows(sheet):
    header, *body = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in body]


@pytest.mark.parametrize(("regulasi", "kriteria", "komponen"), [("12/2015", 92, 5), ("88/2021", 80, 4)])
def test_excel_reads_back(world, client_for, regulasi, kriteria, komponen):
    template = national(regulasi)
    response = client_for("perencana").get(excel_url(template))
    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    slug = regulasi.replace("/", "-")
    assert response["Content-Disposition"] == f'attachment; filename="LKE-{slug}-v1.xlsx"'
    assert "private" in response["Cache-Control"]
    workbook = workbook_of(response)
    assert workbook.sheetnames == ["Template", "Komponen", "Kriteria", "Skala", "Predikat"]

    identity = {row[0]: row[1] for row in workbook["Template"].iter_rows(values_only=True)}
    assert identity["Nama"] == template.nama
    assert identity["Regulasi"] == regulasi
    assert identity["Versi"] == 1
    assert identity["Berlaku mulai tahun"] == template.tahun_berlaku

    komp_rows = rows(workbook["Komponen"])
    assert len(komp_rows) == komponen
    assert sum(D(str(r["Bobot"])) for r in komp_rows) == 100
    assert all(isinstance(r["Bobot"], int | float) for r in komp_rows)

    kriteria_rows = rows(workbook["Kriteria"])
    assert len(kriteria_rows) == kriteria
    assert list(kriteria_rows[0]) == [
        "Komponen",
        "Sub-komponen kode",
        "Sub-komponen nama",
        "Bobot sub",
        "Dimensi",
        "Cara hitung",
        "Nomor",
        "Kriteria",
        "Skala",
        "Bobot poin",
        "Bergantung pada",
        "Penjelasan",
        "Saran",
        "Saran jenis",
        "Saran ambang",
    ]
    for row in kriteria_rows:
        assert isinstance(row["Bobot sub"], int | float)
        assert isinstance(row["Bobot poin"], int | float)
    # Read back, the sub-component weights add up to the components' as they do in the database.
    subs = {(r["Komponen"], r["Sub-komponen kode"]): D(str(r["Bobot sub"])) for r in kriteria_rows}
    assert sum(subs.values()) == 100
    scales = {r["Skala"] for r in kriteria_rows}
    skala_rows = rows(workbook["Skala"])
    assert {r["Skala"] for r in skala_rows} == scales
    assert all(isinstance(r["Nilai"], int | float) for r in skala_rows)

    predikat = rows(workbook["Predikat"])
    assert [r["Kode"] for r in predikat] == ["AA", "A", "BB", "B", "CC", "C", "D"]
    assert predikat[0]["Nilai lebih dari"] == 90
    assert predikat[0]["Sebutan"] == "Sangat Memuaskan"
    assert predikat[-1]["Nilai lebih dari"] is None


def test_excel_of_12_2015_in_the_worksheet_layout(world, client_for):
    workbook = workbook_of(client_for("evaluator").get(excel_url(national("12/2015"))))
    kriteria = rows(workbook["Kriteria"])
    first, second = kriteria[0], kriteria[1]
    assert (first["Komponen"], first["Sub-komponen kode"], first["Nomor"]) == ("A", "A.I.a", "1")
    assert first["Kriteria"] == "Renstra telah disusun"
    assert first["Bobot sub"] == 2
    assert (first["Dimensi"], first["Cara hitung"], first["Skala"]) == ("pemenuhan", "rata_rata", "YT")
    assert first["Bergantung pada"] is None
    assert second["Bergantung pada"] == "1"
    capaian = [r for r in kriteria if r["Cara hitung"] == "jumlah"]
    assert {r["Nomor"] for r in capaian} >= {"87", "88", "89"}
    assert {r["Bobot sub"] for r in capaian} == {7.5, 12.5}
    skala = {(r["Skala"], r["Jawaban"]): r["Nilai"] for r in rows(workbook["Skala"])}
    assert skala[("AE", "B")] == 0.75
    assert skala[("E_TARGET", "A")] == 3
    by_nomor = {r["Nomor"]: r for r in kriteria}
    assert (by_nomor["87"]["Saran"], by_nomor["87"]["Saran jenis"]) == ("target", "output")
    assert by_nomor["87"]["Saran ambang"] == "A>=110,01; B>=90; C>=60; D>=40; E"
    assert by_nomor["1"]["Saran"] is None


def test_excel_keeps_text_that_looks_like_a_formula_as_text(world):
    template = make_template(world.pemda)
    Kriteria.objects.filter(sub__komponen__template=template, kode="0.0").update(teks="=SUM(A1:A2)")
    workbook = load_workbook(io.BytesIO(exports.template_workbook(template)))
    assert workbook["Kriteria"]["H2"].value == "=SUM(A1:A2)"
    assert workbook["Kriteria"]["H2"].data_type == "s"


def test_excel_query_count_does_not_grow(world, client_for, django_assert_num_queries):
    client = client_for("perencana")
    small = count_queries(client, excel_url(make_template(world.pemda, komponen=1, kriteria=1)))
    url = excel_url(national("12/2015"))
    with django_assert_num_queries(small):
        assert client.get(url).status_code == 200
