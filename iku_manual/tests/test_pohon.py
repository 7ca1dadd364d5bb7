"""Planners build their OPD's tree and indicators; the evaluator the RPJMD level; others read."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iku_manual.models import Indikator, Sasaran, SkalaKualitatif, TargetIndikator, Tingkat
from iku_manual.tests.factories import IndikatorFactory, PeriodeFactory, SasaranFactory, TargetFactory
from sakip.tests import factories as f


@pytest.fixture
def tree(world):
    periode = PeriodeFactory(pemda=world.pemda)
    tujuan = SasaranFactory(periode=periode, tingkat=Tingkat.TUJUAN_PEMDA, kode="T.1")
    rpjmd = SasaranFactory(periode=periode, kode="S.1", parents=[tujuan])
    world.periode, world.tujuan, world.rpjmd = periode, tujuan, rpjmd
    return world


def indicator_data(**overrides):
    data = {
        "kode": "IKU.1",
        "nama": "Prevalensi stunting pada balita",
        "is_iku": "on",
        "jenis": "outcome",
        "definisi_operasional": "Balita pendek menurut umur.",
        "formula": "Balita stunting dibagi balita diukur dikali 100%",
        "faktor": 100,
        "satuan": "%",
        "polaritas": "minimize",
        "agregasi": "terakhir",
        "frekuensi": "triwulanan",
        "sumber_data": "e-PPGBM",
        "baseline_tahun": 2024,
        "baseline": "18,4",
        "urutan": 0,
        "target_2025": "17",
        "target_2026": "15,5",
        "target_2027": "14",
        "target_2028": "12,5",
        "target_2029": "11",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_planner_adds_a_sasaran_under_the_rpjmd(tree, client_for):
    client = client_for("perencana")
    url = reverse("iku_manual:sasaran_create", args=[tree.periode.pk, tree.opd.pk])
    response = client.post(
        url,
        {
            "tingkat": "sasaran_strategis",
            "kode": "SS.1",
            "uraian": "Meningkatnya gizi balita",
            "parents": [tree.rpjmd.pk],
            "urutan": 0,
        },
    )
    sasaran = Sasaran.objects.get(kode="SS.1", opd=tree.opd)
    assert response["Location"] == sasaran.get_absolute_url()
    assert list(sasaran.parents.all()) == [tree.rpjmd]
    assert sasaran.pemda == tree.pemda
    assert sasaran.history.exists()
    assert tree.opd.renstra.filter(periode=tree.periode).exists()  # the Renstra comes with the first node


def test_parent_must_be_above_the_node(tree, client_for):
    sibling = SasaranFactory(periode=tree.periode, opd=tree.opd, kode="SS.1", parents=[tree.rpjmd])
    response = client_for("perencana").post(
        reverse("iku_manual:sasaran_create", args=[tree.periode.pk, tree.opd.pk]),
        {"tingkat": "sasaran_strategis", "kode": "SS.2", "uraian": "X", "parents": [sibling.pk], "urutan": 0},
    )
    assert response.status_code == 200
    assert "tidak berada di atas tingkat sasaran ini" in response.content.decode()


def test_planner_cannot_choose_pemda_levels(tree, client_for):
    response = client_for("perencana").post(
        reverse("iku_manual:sasaran_create", args=[tree.periode.pk, tree.opd.pk]),
        {"tingkat": "tujuan_pemda", "kode": "T.9", "uraian": "X", "urutan": 0},
    )
    assert response.status_code == 200
    assert not Sasaran.objects.filter(kode="T.9").exists()


def test_duplicate_code_is_a_message(tree, client_for):
    SasaranFactory(periode=tree.periode, opd=tree.opd, kode="SS.1", parents=[tree.rpjmd])
    response = client_for("perencana").post(
        reverse("iku_manual:sasaran_create", args=[tree.periode.pk, tree.opd.pk]),
        {"tingkat": "sasaran_strategis", "kode": "SS.1", "uraian": "Lain", "urutan": 0},
    )
    assert "Kode ini sudah dipakai sasaran lain di perangkat daerah ini." in response.content.decode()


def test_planner_adds_an_indicator_with_indonesian_numbers(tree, client_for):
    sasaran = SasaranFactory(periode=tree.periode, opd=tree.opd, parents=[tree.rpjmd])
    response = client_for("perencana").post(
        reverse("iku_manual:indikator_create", args=[sasaran.pk]), indicator_data(target_2026="1.234,56")
    )
    indikator = Indikator.objects.get(sasaran=sasaran, kode="IKU.1")
    assert response["Location"] == indikator.get_absolute_url()
    assert indikator.baseline_nilai == Decimal("18.4")
    targets = dict(indikator.targets.values_list("tahun", "nilai"))
    assert targets == {2025: 17, 2026: Decimal("1234.56"), 2027: 14, 2028: Decimal("12.5"), 2029: 11}


def test_bad_target_keeps_what_was_typed(tree, client_for):
    sasaran = SasaranFactory(periode=tree.periode, opd=tree.opd, parents=[tree.rpjmd])
    response = client_for("perencana").post(
        reverse("iku_manual:indikator_create", args=[sasaran.pk]), indicator_data(target_2027="14.5")
    )
    html = response.content.decode()
    assert "Gunakan koma untuk desimal dan titik untuk ribuan" in html
    assert 'value="14.5"' in html and 'value="15,5"' in html
    assert not Indikator.objects.filter(sasaran=sasaran).exists()


def test_stabilize_takes_ranges(tree, client_for):
    sasaran = SasaranFactory(periode=tree.periode, opd=tree.opd, parents=[tree.rpjmd])
    years = {f"target_{y}": "2 – 4" for y in range(2025, 2030)}
    client_for("perencana").post(
        reverse("iku_manual:indikator_create", args=[sasaran.pk]),
        indicator_data(nama="Tingkat inflasi", polaritas="stabilize", baseline="2,9", **years),
    )
    target = TargetIndikator.objects.get(indikator__sasaran=sasaran, tahun=2027)
    assert (target.batas_bawah, target.batas_atas, target.nilai) == (2, 4, None)


def test_qualitative_indicator_takes_scale_codes(tree, client_for):
    sasaran = SasaranFactory(periode=tree.periode, opd=tree.opd, parents=[tree.rpjmd])
    opini = SkalaKualitatif.objects.get(nama="Opini BPK")
    years = {f"target_{y}": "WTP" for y in range(2025, 2030)}
    client = client_for("perencana")
    client.post(
        reverse("iku_manual:indikator_create", args=[sasaran.pk]),
        indicator_data(
            nama="Opini BPK",
            satuan="predikat",
            polaritas="maximize",
            skala=opini.pk,
            baseline="WDP",
            formula="",
            **years,
        ),
    )
    indikator = Indikator.objects.get(sasaran=sasaran)
    assert indikator.baseline_nilai == 3
    assert set(indikator.targets.values_list("nilai", flat=True)) == {4}
    html = client.get(indikator.get_absolute_url()).content.decode()
    assert "WTP" in html and "WDP" in html


def test_editing_targets_keeps_history(tree, client_for):
    indikator = IndikatorFactory(sasaran=SasaranFactory(periode=tree.periode, opd=tree.opd, parents=[tree.rpjmd]))
    TargetFactory(indikator=indikator, tahun=2025, nilai=65)
    client = client_for("perencana")
    form = client.get(reverse("iku_manual:indikator_edit", args=[indikator.pk])).content.decode()
    assert 'value="65"' in form
    client.post(
        reverse("iku_manual:indikator_edit", args=[indikator.pk]),
        indicator_data(
            kode=indikator.kode,
            polaritas="maximize",
            target_2025="66",
            target_2026="",
            target_2027="",
            target_2028="",
            target_2029="",
        ),
    )
    target = indikator.targets.get(tahun=2025)
    assert target.nilai == 66
    assert target.history.count() == 2
    assert indikator.targets.count() == 1


def test_evaluator_edits_rpjmd_and_planner_only_reads_it(tree, client_for):
    url = reverse("iku_manual:rpjmd_sasaran_create", args=[tree.periode.pk])
    data = {
        "tingkat": "sasaran_pemda",
        "kode": "S.2",
        "uraian": "Menurunnya kemiskinan",
        "parents": [tree.tujuan.pk],
        "urutan": 0,
    }
    assert client_for("perencana").post(url, data).status_code == 403
    assert client_for("evaluator").post(url, data).status_code == 302
    assert client_for("perencana").get(reverse("iku_manual:rpjmd", args=[tree.periode.pk])).status_code == 200
    assert client_for("perencana").get(reverse("iku_manual:sasaran_edit", args=[tree.rpjmd.pk])).status_code == 403


def test_evaluator_reads_but_does_not_edit_opd_indicators(tree, client_for):
    indikator = IndikatorFactory(sasaran=SasaranFactory(periode=tree.periode, opd=tree.opd, parents=[tree.rpjmd]))
    client = client_for("evaluator")
    assert client.get(indikator.get_absolute_url()).status_code == 200
    assert client.get(reverse("iku_manual:indikator_edit", args=[indikator.pk])).status_code == 403


def test_renstra_page_draws_the_tree_and_flags_orphans(tree, client_for):
    ss = SasaranFactory(periode=tree.periode, opd=tree.opd, kode="SS.1", parents=[tree.rpjmd])
    SasaranFactory(periode=tree.periode, opd=tree.opd, kode="SP.1", tingkat=Tingkat.SASARAN_PROGRAM, parents=[ss])
    SasaranFactory(periode=tree.periode, opd=tree.opd, kode="SP.9", tingkat=Tingkat.SASARAN_PROGRAM)
    html = client_for("kepala_opd").get(reverse("iku_manual:renstra", args=[tree.periode.pk, tree.opd.pk])).content
    html = html.decode()
    assert html.index("SS.1") < html.index("SP.1")
    assert "node-depth-1" in html
    assert html.count("belum terhubung ke sasaran atasan") == 1
    assert "Tambah sasaran" not in html  # Kepala OPD reads
    assert "2025–2029" in html and "2.025" not in html  # years are not grouped as thousands


def test_sasaran_with_indicators_cannot_be_deleted(tree, client_for):
    indikator = IndikatorFactory(sasaran=SasaranFactory(periode=tree.periode, opd=tree.opd, parents=[tree.rpjmd]))
    client_for("perencana").post(reverse("iku_manual:sasaran_delete", args=[indikator.sasaran.pk]))
    assert Sasaran.objects.filter(pk=indikator.sasaran.pk).exists()


def test_quality_page_flags_and_the_fix_clears_it(tree, client_for):
    sasaran = SasaranFactory(periode=tree.periode, opd=tree.opd, parents=[tree.rpjmd])
    indikator = IndikatorFactory(sasaran=sasaran, sumber_data="")
    client = client_for("perencana")
    url = reverse("iku_manual:kualitas", args=[tree.periode.pk, tree.opd.pk])
    assert "Sumber data kosong." in client.get(url).content.decode()
    indikator.sumber_data = "e-PPGBM"
    indikator.save()
    assert "Sumber data kosong." not in client.get(url).content.decode()


def test_home_counts_per_opd(tree, client_for):
    sasaran = SasaranFactory(periode=tree.periode, opd=tree.opd, parents=[tree.rpjmd])
    IndikatorFactory(sasaran=sasaran)
    IndikatorFactory(sasaran=sasaran, is_iku=False)
    response = client_for("evaluator").get(reverse("iku_manual:home"))
    row = next(opd for opd in response.context["opd_rows"] if opd.pk == tree.opd.pk)
    assert (row.jumlah_sasaran, row.jumlah_indikator, row.jumlah_iku) == (1, 2, 1)


def test_admin_adds_a_period(world, client_for):
    response = client_for("admin_pemda").post(
        reverse("iku_manual:periode_create"), {"nama": "RPJMD 2030–2034", "tahun_awal": 2030, "tahun_akhir": 2036}
    )
    assert "Periode berlangsung satu sampai lima tahun." in response.content.decode()


def grow(tree, n):
    for _ in range(n):
        ss = SasaranFactory(periode=tree.periode, opd=tree.opd, parents=[tree.rpjmd])
        child = SasaranFactory(periode=tree.periode, opd=tree.opd, tingkat=Tingkat.SASARAN_PROGRAM, parents=[ss])
        for node in (ss, child):
            indikator = IndikatorFactory(sasaran=node, penanggung_jawab=f.UnitFactory(opd=tree.opd))
            for year in (2025, 2026, 2027):
                TargetFactory(indikator=indikator, tahun=year)


@pytest.mark.parametrize("page", ["renstra", "kualitas", "home", "sasaran_detail"])
def test_tree_pages_run_a_fixed_number_of_queries(tree, client_for, page):
    client = client_for("evaluator")
    # A node whose parents (in other OPDs too), children and indicators all grow with the data.
    watched = SasaranFactory(periode=tree.periode, opd=tree.opd, tingkat=Tingkat.SASARAN_PROGRAM, kode="SP.W")

    def url():
        if page == "home":
            return reverse("iku_manual:home")
        if page == "sasaran_detail":
            return watched.get_absolute_url()
        return reverse(f"iku_manual:{page}", args=[tree.periode.pk, tree.opd.pk])

    def grow_watched(n):
        for _ in range(n):
            watched.parents.add(SasaranFactory(periode=tree.periode, opd=f.OpdFactory(pemda=tree.pemda)))
            SasaranFactory(periode=tree.periode, opd=tree.opd, tingkat=Tingkat.SASARAN_KEGIATAN, parents=[watched])
            TargetFactory(indikator=IndikatorFactory(sasaran=watched))

    def count():
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url()).status_code == 200
        return len(queries)

    grow(tree, 2)
    grow_watched(2)
    small = count()
    grow(tree, 10)
    grow_watched(10)
    assert small == count() > 0


def test_a_node_cannot_drop_below_its_children_or_adopt_a_descendant(tree, client_for):
    from django.core.exceptions import ValidationError

    from iku_manual.services import sasaran_save

    ss = SasaranFactory(periode=tree.periode, opd=tree.opd, kode="SS.1", parents=[tree.rpjmd])
    sp = SasaranFactory(periode=tree.periode, opd=tree.opd, kode="SP.1", tingkat=Tingkat.SASARAN_PROGRAM, parents=[ss])
    sk = SasaranFactory(periode=tree.periode, opd=tree.opd, kode="SK.1", tingkat=Tingkat.SASARAN_KEGIATAN, parents=[sp])
    client = client_for("perencana")
    url = reverse("iku_manual:sasaran_edit", args=[sp.pk])
    # A descendant is not even offered as a parent.
    response = client.post(
        url, {"tingkat": "sasaran_program", "kode": "SP.1", "uraian": sp.uraian, "parents": [sk.pk], "urutan": 0}
    )
    assert "Masukkan pilihan yang valid" in response.content.decode()
    # Dropping below its own children is refused by the service.
    response = client.post(
        url, {"tingkat": "individu", "kode": "SP.1", "uraian": sp.uraian, "parents": [ss.pk], "urutan": 0}
    )
    assert "SK.1 (Sasaran Kegiatan) tidak lagi berada di bawah tingkat yang dipilih" in response.content.decode()
    sp.refresh_from_db()
    assert sp.tingkat == Tingkat.SASARAN_PROGRAM and list(sp.parents.all()) == [ss]
    # And a cycle is refused whatever route calls the service.
    ss.tingkat = Tingkat.SASARAN_STRATEGIS
    with pytest.raises(ValidationError, match="tidak berada di atas tingkat sasaran ini"):
        sasaran_save(sasaran=ss, parents=[tree.rpjmd, sk])


@pytest.mark.parametrize(
    ("field", "value"), [("baseline", "18,12345"), ("baseline", "1.000.000.000.000.000.000"), ("target_2025", "1e30")]
)
def test_odd_numbers_are_messages_not_crashes(tree, client_for, field, value):
    sasaran = SasaranFactory(periode=tree.periode, opd=tree.opd, parents=[tree.rpjmd])
    response = client_for("perencana").post(
        reverse("iku_manual:indikator_create", args=[sasaran.pk]), indicator_data(**{field: value})
    )
    if value == "18,12345":  # more decimals than stored: rounded half up, like the import
        assert response.status_code == 302
        assert Indikator.objects.get(sasaran=sasaran).baseline_nilai == Decimal("18.1235")
    else:
        assert response.status_code == 200
        assert not Indikator.objects.filter(sasaran=sasaran).exists()


def test_huge_target_is_refused_with_a_message(tree, client_for):
    sasaran = SasaranFactory(periode=tree.periode, opd=tree.opd, parents=[tree.rpjmd])
    response = client_for("perencana").post(
        reverse("iku_manual:indikator_create", args=[sasaran.pk]),
        indicator_data(target_2025="1.000.000.000.000.000.000.000.000"),
    )
    assert "Angka terlalu besar" in response.content.decode()


def test_shortening_a_period_with_targets_outside_is_refused(tree, client_for):
    indikator = IndikatorFactory(sasaran=SasaranFactory(periode=tree.periode, opd=tree.opd, parents=[tree.rpjmd]))
    TargetFactory(indikator=indikator, tahun=2025)
    data = {"nama": tree.periode.nama, "tahun_awal": 2026, "tahun_akhir": 2029}
    response = client_for("evaluator").post(reverse("iku_manual:periode_edit", args=[tree.periode.pk]), data)
    assert "Masih ada target untuk tahun 2025 di luar rentang baru" in response.content.decode()
    tree.periode.refresh_from_db()
    assert tree.periode.tahun_awal == 2025


def test_planner_deletes_an_indicator_and_then_its_sasaran(tree, client_for):
    indikator = IndikatorFactory(sasaran=SasaranFactory(periode=tree.periode, opd=tree.opd, parents=[tree.rpjmd]))
    TargetFactory(indikator=indikator)
    assert client_for("kepala_opd").post(reverse("iku_manual:indikator_delete", args=[indikator.pk])).status_code == 403
    client = client_for("perencana")
    assert client.post(reverse("iku_manual:indikator_delete", args=[indikator.pk])).status_code == 302
    assert not TargetIndikator.objects.filter(indikator_id=indikator.pk).exists()
    client.post(reverse("iku_manual:sasaran_delete", args=[indikator.sasaran.pk]))
    assert not Sasaran.objects.filter(pk=indikator.sasaran.pk).exists()


def test_opening_the_renstra_form_writes_nothing(tree, client_for):
    client_for("perencana").get(reverse("iku_manual:renstra_edit", args=[tree.periode.pk, tree.opd.pk]))
    assert not tree.opd.renstra.exists()


def test_a_node_of_an_inactive_unit_still_saves(tree, client_for):
    unit = f.UnitFactory(opd=tree.opd, aktif=False)
    ss = SasaranFactory(periode=tree.periode, opd=tree.opd, parents=[tree.rpjmd], unit=unit)
    response = client_for("perencana").post(
        reverse("iku_manual:sasaran_edit", args=[ss.pk]),
        {
            "tingkat": ss.tingkat,
            "kode": ss.kode,
            "uraian": "Diperbarui",
            "unit": unit.pk,
            "parents": [tree.rpjmd.pk],
            "urutan": 0,
        },
    )
    assert response.status_code == 302


def test_history_reads_like_a_person_wrote_it(tree, client_for):
    ss = SasaranFactory(periode=tree.periode, opd=tree.opd, kode="SS.1", parents=[tree.rpjmd])
    other = SasaranFactory(periode=tree.periode, kode="S.2", uraian="Menurunnya kemiskinan", parents=[tree.tujuan])
    unit = f.UnitFactory(opd=tree.opd, nama="Bidang Kesehatan Masyarakat")
    client = client_for("perencana")
    client.post(
        reverse("iku_manual:sasaran_edit", args=[ss.pk]),
        {
            "tingkat": ss.tingkat,
            "kode": "SS.1",
            "uraian": ss.uraian,
            "unit": unit.pk,
            "parents": [tree.rpjmd.pk, other.pk],
            "urutan": 0,
        },
    )
    html = client.get(ss.get_absolute_url()).content.decode()
    assert "Bidang Kesehatan Masyarakat" in html.split("Riwayat perubahan")[1]
    assert "S.2 Menurunnya kemiskinan" in html.split("Riwayat perubahan")[1]
    assert "{&#x27;" not in html and "from_sasaran" not in html

    indikator = IndikatorFactory(sasaran=ss, baseline_nilai=Decimal("60"))
    TargetFactory(indikator=indikator, tahun=2025, nilai=Decimal("70"))
    client.post(
        reverse("iku_manual:indikator_edit", args=[indikator.pk]),
        indicator_data(
            kode=indikator.kode,
            polaritas="maximize",
            baseline="1.234,5",
            target_2025="75,5",
            target_2026="",
            target_2027="",
            target_2028="",
            target_2029="",
        ),
    )
    log = client.get(indikator.get_absolute_url()).content.decode().split("Riwayat perubahan")[1]
    assert "Target 2025 diubah" in log
    assert "<del>70</del> → 75,5" in log
    assert "<del>60</del> → 1.234,5" in log
