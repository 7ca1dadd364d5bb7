"""The what-if page (simulasi nilai) of one evaluation and the pemda's recap of a year (rekap evaluasi):
figures checked against hand-computed cases, who sees which side, scope, and query counts."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluasi import rekap, scoring, services
from evaluasi.models import Evaluasi, Jawaban, Kriteria, TemplateLKE
from sakip.tests import factories as f

TAHUN = 2026


def isi(evaluasi, pilihan=None, *, terendah=(), sisi="evaluator"):
    """Answer every criterion of the evaluation: at its best, at its lowest for the components in
    ``terendah``, or as ``pilihan`` {nomor: jawaban} says."""
    pilihan = pilihan or {}
    rows = []
    for k in (
        Kriteria.objects.filter(sub__komponen__template=evaluasi.template)
        .select_related("sub__komponen")
        .prefetch_related("skala__opsi")
    ):
        opsi = {o.kode: o for o in k.skala.opsi.all()}
        if k.kode in pilihan:
            chosen = opsi[pilihan[k.kode]]
        elif k.sub.komponen.kode in terendah:
            chosen = min(opsi.values(), key=lambda o: o.nilai)
        else:
            chosen = max(opsi.values(), key=lambda o: o.nilai)
        rows.append(Jawaban(evaluasi=evaluasi, kriteria=k, **{f"opsi_{sisi}": chosen}))
    Jawaban.objects.bulk_create(rows)


def finalkan(*evaluations):
    Evaluasi.objects.filter(pk__in=[e.pk for e in evaluations]).update(status=Evaluasi.Status.FINAL)


def template(regulasi):
    return TemplateLKE.objects.get(pemda=None, regulasi=regulasi)


def kriteria_pk(evaluasi, *nomor):
    by_kode = dict(
        Kriteria.objects.filter(sub__komponen__template=evaluasi.template, kode__in=nomor).values_list("kode", "pk")
    )
    return [by_kode[n] for n in nomor]


# --- Simulasi nilai -------------------------------------------------------------------------------------

# A 12/2015 evaluation with Perencanaan (A, weight 30) at 22,00 and Capaian Kinerja (E) at 0:
#   A.I.c (weight 3, 3 criteria): 18 answered C (0,5)          -> 2,50, criterion 18 adds 0,5/3 × 3 = 0,50
#   A.II.b (weight 10, 10 criteria): 25–30 answered E (0)      -> 4,00, each adds 1/10 × 10 = 1,00
#   A.II.c (weight 6, 5 criteria): 35 E (0), 36 B (0,75)       -> 4,50, they add 1,20 and 0,30
#   A = 2 + 5 + 2,5 + 4 + 4 + 4,5 = 22; total = 22 + 25 + 15 + 10 + 0 = 72 (BB).
# What lifts A from 22 to 30: 35 first, then 25–30 in the worksheet's order, then 18, then 36.
PERENCANAAN_22 = {"18": "C", "25": "E", "26": "E", "27": "E", "28": "E", "29": "E", "30": "E", "35": "E", "36": "B"}


@pytest.fixture
def sim(world):
    world.evaluasi = services.evaluasi_buka(pemda=world.pemda, opd=world.opd, tahun=TAHUN, template=template("12/2015"))
    isi(world.evaluasi, PERENCANAAN_22, terendah={"E"})
    return world


def simulasi_url(evaluasi):
    return reverse("evaluasi:evaluasi_simulasi", args=[evaluasi.pk])


def ringkas(rows):
    return [
        (
            r.kriteria.kode,
            scoring.bulat(r.langkah.tambahan),
            r.langkah.nilai_komponen,
            r.langkah.total,
            r.langkah.predikat.kode,
        )
        for r in rows
    ]


def test_simulasi_of_one_component_lifts_perencanaan_from_22_to_30(sim, client_for):
    response = client_for("evaluator").get(simulasi_url(sim.evaluasi), {"komponen": "A"})
    assert response.status_code == 200
    assert response.context["kini"].komponen["A"] == D("22.00")
    assert response.context["kini"].total == D("72.00")
    assert ringkas(response.context["rows"]) == [
        ("35", D("1.20"), D("23.20"), D("73.20"), "BB"),
        ("25", D("1.00"), D("24.20"), D("74.20"), "BB"),
        ("26", D("1.00"), D("25.20"), D("75.20"), "BB"),
        ("27", D("1.00"), D("26.20"), D("76.20"), "BB"),
        ("28", D("1.00"), D("27.20"), D("77.20"), "BB"),
        ("29", D("1.00"), D("28.20"), D("78.20"), "BB"),
        ("30", D("1.00"), D("29.20"), D("79.20"), "BB"),
        ("18", D("0.50"), D("29.70"), D("79.70"), "BB"),
        ("36", D("0.30"), D("30.00"), D("80.00"), "BB"),  # 80,00 is not above 80: still BB
    ]
    row = response.context["rows"][0]
    assert (row.komponen.kode, row.sub.kode, row.jawaban, row.terbaik) == ("A", "A.II.c", "E", "A")
    page = response.content.decode()
    assert "22,00" in page and "dari 30,00" in page and "30,00" in page
    assert "Nilai A kumulatif" in page


def test_simulasi_of_every_component_ranks_by_points_added(sim, client_for):
    rows = client_for("evaluator").get(simulasi_url(sim.evaluasi)).context["rows"]
    # Capaian Kinerja's point criteria first (90 and 92 weigh 5), then the rest as above.
    assert [r.kriteria.kode for r in rows] == [
        "90", "92", "87", "89", "91", "88", "35", "25", "26", "27", "28", "29", "30", "18", "36",
    ]  # fmt: skip
    totals = [(r.langkah.total, r.langkah.predikat.kode) for r in rows]
    assert totals[:5] == [(D(77), "BB"), (D(82), "A"), (D(85), "A"), (D(88), "A"), (D("90.5"), "AA")]
    assert totals[-1] == (D(100), "AA")


def test_ticked_criteria_give_the_resulting_total_and_grade(sim, client_for):
    client = client_for("evaluator")
    ticked = kriteria_pk(sim.evaluasi, "35", "25", "26", "27", "28", "29", "30", "90")
    response = client.get(simulasi_url(sim.evaluasi), {"k": ticked})
    centang = response.context["centang"]
    assert (centang.total, centang.predikat.kode) == (D("84.20"), "A")
    assert (centang.komponen["A"], centang.komponen["E"], centang.komponen["B"]) == (D("29.20"), D("5.00"), D(25))
    page = response.content.decode()
    assert 'id="total-centang">84,20' in page and 'id="predikat-centang">A' in page
    # every A criterion ticked: 80,00, still BB; the ticks survive filtering on a component
    every_a = kriteria_pk(sim.evaluasi, *PERENCANAAN_22)
    response = client.get(simulasi_url(sim.evaluasi), {"k": every_a, "komponen": "A"})
    assert (response.context["centang"].total, response.context["centang"].predikat.kode) == (D(80), "BB")
    assert all(r.dicentang for r in response.context["rows"])
    # a criterion already at its best, or of another template, changes nothing
    best = kriteria_pk(sim.evaluasi, "1")
    response = client.get(simulasi_url(sim.evaluasi), {"k": [*best, "999999", "x"]})
    assert response.context["centang"] is None


def test_opd_before_final_simulates_its_self_assessment_only(sim, client_for):
    Jawaban.objects.filter(evaluasi=sim.evaluasi, kriteria__kode="1").update(
        opsi_mandiri=Jawaban.objects.get(evaluasi=sim.evaluasi, kriteria__kode="1").opsi_evaluator
    )
    client = client_for("perencana")
    for params in ({}, {"sisi": "evaluator"}):
        response = client.get(simulasi_url(sim.evaluasi), params)
        assert response.status_code == 200
        assert response.context["sisi"] == "mandiri"
        assert response.context["kini"].total == D("0.22")  # A.I.a: 1/9 × 2
        page = response.content.decode()
        assert 'value="evaluator"' not in page and "72,00" not in page
    # the evaluator may look at either side
    response = client_for("evaluator").get(simulasi_url(sim.evaluasi), {"sisi": "mandiri"})
    assert response.context["sisi"] == "mandiri" and response.context["kini"].total == D("0.22")
    finalkan(sim.evaluasi)
    response = client_for("kepala_opd").get(simulasi_url(sim.evaluasi))
    assert response.context["sisi"] == "evaluator" and response.context["kini"].total == D(72)


def test_simulasi_scope_and_method(sim, client_for):
    lain = services.evaluasi_buka(pemda=sim.pemda, opd=sim.other_opd, tahun=TAHUN, template=template("12/2015"))
    other = services.evaluasi_buka(
        pemda=sim.other_pemda, opd=sim.other_pemda_opd, tahun=TAHUN, template=template("12/2015")
    )
    assert client_for("perencana").get(simulasi_url(lain)).status_code == 404
    assert client_for("evaluator").get(simulasi_url(other)).status_code == 404
    for role in ("admin_pemda", "kepala_opd", "pimpinan", "superuser"):
        assert client_for(role).get(simulasi_url(sim.evaluasi)).status_code == 200
    assert client_for("evaluator").post(simulasi_url(sim.evaluasi)).status_code == 405
    response = client_for("anon").get(simulasi_url(sim.evaluasi))
    assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_simulasi_query_count_is_constant(sim, client_for):
    client = client_for("evaluator")
    empty = services.evaluasi_buka(pemda=sim.pemda, opd=sim.other_opd, tahun=TAHUN, template=template("88/2021"))
    client.get(simulasi_url(empty))
    with CaptureQueriesContext(connection) as few:
        assert client.get(simulasi_url(empty)).status_code == 200
    ticked = kriteria_pk(sim.evaluasi, *PERENCANAAN_22)
    with CaptureQueriesContext(connection) as many:
        assert client.get(simulasi_url(sim.evaluasi), {"k": ticked}).status_code == 200
    assert len(few) == len(many)


def test_cumulative_steps_are_pure():
    worksheet = [
        scoring.Komp(
            "A",
            D(10),
            (scoring.Sub("A.1", D(10), (scoring.Butir("1", D(0)), scoring.Butir("2", D("0.5")))),),
        )
    ]
    bands = [scoring.Band("B", D(5)), scoring.Band("C", None)]
    steps = rekap.langkah_perbaikan(worksheet, bands)
    assert [(s.kriteria_id, s.tambahan, s.total, s.predikat.kode) for s in steps] == [
        (1, D(5), D("7.50"), "B"),
        (2, D("2.5"), D("10.00"), "B"),
    ]
    assert rekap.dengan_centang(worksheet, bands, [2]).total == D("5.00")


# --- Rekap evaluasi -------------------------------------------------------------------------------------


@pytest.fixture
def rkp(world):
    """2026: Dinkes 87,50 (A, final), Disdik 70,00 (B, final), Bappeda 100 on 88/2021 (AA, not final),
    the pemda itself 75,00 (BB); 2025: Dinkes 70,00, the pemda 100. Another pemda's OPD at 100."""
    t12, t88 = template("12/2015"), template("88/2021")
    w = world
    w.bappeda = f.OpdFactory(pemda=w.pemda, nama="Bappeda", singkatan="Bappeda")
    w.dinkes = services.evaluasi_buka(pemda=w.pemda, opd=w.opd, tahun=TAHUN, template=t12)
    isi(w.dinkes, {"90": "E", "91": "E", "92": "E"})
    w.disdik = services.evaluasi_buka(pemda=w.pemda, opd=w.other_opd, tahun=TAHUN, template=t12)
    isi(w.disdik, terendah={"A"})
    w.bapp = services.evaluasi_buka(pemda=w.pemda, opd=w.bappeda, tahun=TAHUN, template=t88)
    isi(w.bapp)
    w.seluruh = services.evaluasi_buka(pemda=w.pemda, tahun=TAHUN, template=t12)
    isi(w.seluruh, terendah={"B"})
    w.dinkes_lalu = services.evaluasi_buka(pemda=w.pemda, opd=w.opd, tahun=TAHUN - 1, template=t88)
    isi(w.dinkes_lalu, terendah={"1"})
    w.seluruh_lalu = services.evaluasi_buka(pemda=w.pemda, tahun=TAHUN - 1, template=t88)
    isi(w.seluruh_lalu)
    rahasia = f.OpdFactory(pemda=w.other_pemda, nama="Dinas Rahasia")
    w.rahasia = services.evaluasi_buka(pemda=w.other_pemda, opd=rahasia, tahun=TAHUN, template=t12)
    isi(w.rahasia)
    finalkan(w.dinkes, w.disdik, w.seluruh, w.dinkes_lalu, w.seluruh_lalu, w.rahasia)
    return w


def rekap_get(client, tahun=TAHUN):
    response = client.get(reverse("evaluasi:evaluasi_rekap"), {"tahun": tahun})
    assert response.status_code == 200
    return response


def test_recap_ranks_the_opds_with_change_from_last_year(rkp, client_for):
    response = rekap_get(client_for("evaluator"))
    rows = response.context["rows"]
    assert [(r.peringkat, r.evaluasi.opd.nama, r.hasil.total, r.hasil.predikat.kode) for r in rows] == [
        (1, "Bappeda", D(100), "AA"),
        (2, "Dinas Kesehatan", D("87.50"), "A"),
        (3, "Dinas Pendidikan", D(70), "B"),
    ]
    assert [r.selisih for r in rows] == [None, D("17.50"), None]  # 12/2015 against 88/2021: totals only
    pemda_row = response.context["pemda_row"]
    assert (pemda_row.hasil.total, pemda_row.hasil.predikat.kode, pemda_row.selisih) == (D(75), "BB", D(-25))
    page = response.content.decode()
    assert "Evaluasi tingkat pemda" in page and "-25,00" in page and "+17,50" in page and "87,50" in page
    assert page.count('text-bg-warning">belum final') == 1  # Bappeda
    assert "Dinas Rahasia" not in page  # another pemda's evaluation never appears


def test_recap_component_averages_per_template_and_grade_distribution(rkp, client_for):
    response = rekap_get(client_for("pimpinan"))
    groups = {g.template.regulasi: g for g in response.context["kelompok"]}
    # Bappeda's 88/2021 evaluation is not final: ranked (marked), but out of the averages and grades.
    assert {k: g.jumlah for k, g in groups.items()} == {"12/2015": 2}
    assert response.context["belum_final"] == 1
    stats = {s.kode: (s.bobot, s.rata, s.minimum, s.maksimum) for s in groups["12/2015"].komponen}
    assert stats["A"] == (D(30), D(15), D(0), D(30))  # Dinkes 30, Disdik 0
    assert stats["E"] == (D(20), D("13.75"), D("7.5"), D(20))  # Dinkes 7,50, Disdik 20
    sebaran = {s.kode: (s.jumlah, s.lebar) for s in response.context["sebaran"]}
    assert sebaran == {
        "AA": (0, "0.0"),
        "A": (1, "50.0"),
        "BB": (0, "0.0"),
        "B": (1, "50.0"),
        "CC": (0, "0.0"),
        "C": (0, "0.0"),
        "D": (0, "0.0"),
    }
    page = response.content.decode()
    assert "13,75" in page and 'style="width: 50.0%;"' in page
    assert "1 evaluasi belum final tidak dihitung" in page
    assert [k.kode for k in response.context["kolom"]] == ["1", "2", "3", "4", "A", "B", "C", "D", "E"]


def test_recap_of_another_year_and_its_template(rkp, client_for):
    response = rekap_get(client_for("evaluator"), TAHUN - 1)
    assert [(r.evaluasi.opd.nama, r.hasil.total) for r in response.context["rows"]] == [("Dinas Kesehatan", D(70))]
    assert response.context["pemda_row"].hasil.total == D(100)
    assert [k.kode for k in response.context["kolom"]] == ["1", "2", "3", "4"]
    assert "Belum ada nilai evaluasi" in rekap_get(client_for("evaluator"), 2019).content.decode()


def test_opd_sees_only_its_own_final_row(rkp, client_for):
    response = rekap_get(client_for("kepala_opd"))
    assert [r.evaluasi.opd_id for r in response.context["rows"]] == [rkp.opd.pk]
    assert response.context["rows"][0].selisih == D("17.50")
    assert response.context["pemda_row"] is None
    page = response.content.decode()
    assert "Dinas Pendidikan" not in page and "Bappeda" not in page
    # before final: no row, and last year's total is compared only once final too
    Evaluasi.objects.filter(pk=rkp.dinkes.pk).update(status=Evaluasi.Status.PENILAIAN)
    assert rekap_get(client_for("perencana")).context["rows"] == []


def test_recap_access(rkp, client_for):
    for role in ("admin_pemda", "perencana", "kepala_opd", "evaluator", "pimpinan"):
        assert client_for(role).get(reverse("evaluasi:evaluasi_rekap")).status_code == 200
    assert client_for("evaluator").post(reverse("evaluasi:evaluasi_rekap")).status_code == 405
    response = client_for("anon").get(reverse("evaluasi:evaluasi_rekap"))
    assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_recap_query_count_does_not_grow_with_opds(world, client_for):
    t12, t88 = template("12/2015"), template("88/2021")

    def tambah(n):
        for _ in range(n):
            opd = f.OpdFactory(pemda=world.pemda)
            isi(services.evaluasi_buka(pemda=world.pemda, opd=opd, tahun=TAHUN, template=t12), terendah={"B"})
            isi(services.evaluasi_buka(pemda=world.pemda, opd=opd, tahun=TAHUN - 1, template=t88))

    client = client_for("evaluator")
    tambah(3)
    rekap_get(client)
    with CaptureQueriesContext(connection) as small:
        assert len(rekap_get(client).context["rows"]) == 3
    tambah(9)
    with CaptureQueriesContext(connection) as large:
        assert len(rekap_get(client).context["rows"]) == 12
    assert len(large) == len(small)


def test_recap_helpers():
    assert rekap.peringkat([D(90), D(80), D(80), D(70)]) == [1, 2, 2, 4]
    assert rekap.selisih(D(80), None) is None and rekap.selisih(D(80), D("82.5")) == D("-2.5")
    assert rekap.sebaran_predikat([scoring.Band("A", D(80)), scoring.Band("B", None)], []) == [
        rekap.SebaranPredikat("A", "", 0, "0"),
        rekap.SebaranPredikat("B", "", 0, "0"),
    ]
