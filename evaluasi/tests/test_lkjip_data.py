"""The data of the LKjIP (``evaluasi/lkjip.py``): identity, Bab II, the seven analyses of Bab III A,
Bab III B and the ikhtisar for one OPD, the consolidated report of the pemda, and their query counts
at two data sizes. Numbers are computed by hand in the comments."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from evaluasi.lkjip import build_lkjip_context, build_lkjip_pemda_context
from iku_manual.models import Indikator, Renstra
from iku_manual.tests.factories import IndikatorFactory, PeriodeFactory, SasaranFactory, TargetFactory
from perjanjian.models import AnggaranPK, PengaturanCapaian, PerjanjianKinerja, Realisasi, RealisasiAnggaran
from perjanjian.tests.factories import AnggaranFactory, BarisFactory, PerjanjianFactory
from sakip.tests.factories import OpdFactory

pytestmark = pytest.mark.django_db

D = Decimal
TAHUN = 2026
Status = Realisasi.Status


def r2(nilai: Decimal | None) -> Decimal | None:
    return None if nilai is None else nilai.quantize(D("0.01"), rounding=ROUND_HALF_UP)


def tetapkan(perjanjian: PerjanjianKinerja) -> PerjanjianKinerja:
    """Rows and budget are added first: a ditetapkan agreement refuses them."""
    PerjanjianKinerja.objects.filter(pk=perjanjian.pk).update(status=PerjanjianKinerja.Status.DITETAPKAN)
    perjanjian.status = PerjanjianKinerja.Status.DITETAPKAN
    return perjanjian


def realisasi(opd, indikator, triwulan, nilai, status=Status.TERVERIFIKASI, tahun=TAHUN, **texts):
    return Realisasi.objects.create(
        opd=opd,
        indikator=indikator,
        tahun=tahun,
        triwulan=triwulan,
        nilai=D(nilai),
        status=status,
        bukti_keterangan="Laporan bulanan",
        **texts,
    )


def spend(anggaran, *amounts):
    for triwulan, nilai in enumerate(amounts, start=1):
        RealisasiAnggaran.objects.create(anggaran=anggaran, triwulan=triwulan, nilai=D(nilai))


def renstra_targets(indikator, **per_tahun):
    for tahun, nilai in per_tahun.items():
        TargetFactory(indikator=indikator, tahun=int(tahun[1:]), nilai=D(nilai))


@pytest.fixture
def periode(world):
    return PeriodeFactory(pemda=world.pemda, tahun_awal=2025)


@pytest.fixture
def plan(world, periode):
    """Dinkes, Renstra 2025–2029, PK 2026:
    SS.1 IKU.1 maximize: target 80, verified 22 (TW I) and 85 (TW IV): 106,25; PK 2025 target 75,
      verified 70: 93,33; verified 2022–2024 without any target; Renstra end target 90: 94,44 %.
    SS.1 IKU.2 minimize: target 7,85, verified 7,60 (TW II), 9,0 submitted in TW IV (ignored):
      103,18; 2025 without a PK row: Renstra target 8, verified 8,2: 97,5; end target 7: 91,43 %.
    SS.2 IKU.3 maximize: target 100, only a draft realisation: no capaian.
    Budget: SS.1 program 1.000.000 (500.000 spent) and its kegiatan 400.000 (100.000, not counted
    twice); SS.2 program 500.000 (all spent)."""
    opd = world.opd
    Renstra.objects.create(opd=opd, periode=periode, nomor_dokumen="188/12/2025")
    ss1 = SasaranFactory(periode=periode, opd=opd, kode="SS.1", urutan=1, uraian="Meningkatnya derajat kesehatan")
    ss2 = SasaranFactory(periode=periode, opd=opd, kode="SS.2", urutan=2, uraian="Meningkatnya mutu layanan")
    iku1 = IndikatorFactory(sasaran=ss1, kode="IKU.1", urutan=1, nama="Cakupan imunisasi")
    iku2 = IndikatorFactory(sasaran=ss1, kode="IKU.2", urutan=2, nama="Angka kesakitan", polaritas="minimize")
    iku3 = IndikatorFactory(sasaran=ss2, kode="IKU.3", urutan=1, nama="Indeks kepuasan")
    renstra_targets(iku1, t2025=70, t2026=80, t2027=84, t2028=87, t2029=90)
    renstra_targets(iku2, t2025=8, t2026="7.85", t2029=7)
    renstra_targets(iku3, t2026=100, t2029=100)

    pk2025 = PerjanjianFactory(opd=opd, periode=periode, tahun=2025)
    BarisFactory(perjanjian=pk2025, indikator=iku1, target=75)
    tetapkan(pk2025)
    realisasi(opd, iku1, 4, 70, tahun=2025)
    realisasi(opd, iku2, 4, "8.2", tahun=2025)
    for tahun, nilai in ((2022, 40), (2023, 50), (2024, 60)):
        realisasi(opd, iku1, 4, nilai, tahun=tahun)

    pk = PerjanjianFactory(opd=opd, periode=periode, tahun=TAHUN)
    BarisFactory(perjanjian=pk, indikator=iku1, target=80, tw1=20, tw2=40, tw3=60, tw4=80)
    BarisFactory(perjanjian=pk, indikator=iku2, target=D("7.85"))
    BarisFactory(perjanjian=pk, indikator=iku3, target=100)
    program1 = AnggaranFactory(perjanjian=pk, sasaran=ss1, pagu=1_000_000, kode="1.02.02", urutan=1)
    kegiatan1 = AnggaranFactory(
        perjanjian=pk, sasaran=ss1, pagu=400_000, kode="1.02.02.2.01", jenis=AnggaranPK.Jenis.KEGIATAN, urutan=2
    )
    program2 = AnggaranFactory(perjanjian=pk, sasaran=ss2, pagu=500_000, kode="1.02.03", urutan=3)
    tetapkan(pk)
    spend(program1, 200_000, 300_000)
    spend(kegiatan1, 100_000)
    spend(program2, 250_000, 250_000)

    realisasi(
        opd,
        iku1,
        1,
        22,
        faktor_pendukung="Dukungan kader",
        faktor_penghambat="Cuaca buruk",
        upaya="Jemput bola",
    )
    realisasi(
        opd,
        iku1,
        4,
        85,
        faktor_pendukung="Dukungan kader",
        faktor_penghambat="Stok vaksin terlambat",
        upaya=" Jemput bola ",
    )
    realisasi(opd, iku2, 2, "7.60")
    realisasi(opd, iku2, 4, "9.0", Status.DIAJUKAN, faktor_penghambat="Belum diverifikasi")
    realisasi(opd, iku3, 4, 120, Status.DRAFT, faktor_pendukung="Masih draf")
    world.plan = {"pk": pk, "ss1": ss1, "ss2": ss2, "iku1": iku1, "iku2": iku2, "iku3": iku3}
    return world


def analisis(laporan):
    return {item.indikator.kode: item for s in laporan.capaian_kinerja for item in s.indikator}


# --- One OPD -------------------------------------------------------------------------------------


def test_identity_and_renstra_summary(plan, periode):
    laporan = build_lkjip_context(plan.opd, TAHUN)
    identitas = laporan.identitas

    assert (identitas.pemda, identitas.opd, identitas.tahun) == (plan.pemda, plan.opd, TAHUN)
    assert (identitas.periode, identitas.tahun_awal, identitas.tahun_akhir) == (periode, 2025, 2029)
    assert identitas.renstra.nomor_dokumen == "188/12/2025"
    assert [s.sasaran.kode for s in laporan.renstra] == ["SS.1", "SS.2"]
    iku1, iku2 = laporan.renstra[0].indikator
    assert [t.nilai for t in iku1.targets] == [D(70), D(80), D(84), D(87), D(90)]
    assert iku1.target_akhir.nilai == D(90)
    assert [t and t.nilai for t in iku2.targets] == [D(8), D("7.85"), None, None, D(7)]


def test_bab_ii_lists_the_pk_in_force(plan):
    pk = build_lkjip_context(plan.opd, TAHUN).perjanjian

    assert pk.perjanjian == [plan.plan["pk"]]
    assert [(b.sasaran_kode, b.indikator_kode, b.target, b.satuan) for b in pk.baris] == [
        ("SS.1", "IKU.1", D(80), "%"),
        ("SS.1", "IKU.2", D("7.85"), "%"),
        ("SS.2", "IKU.3", D(100), "%"),
    ]
    assert [(p.kode, p.pagu, p.dihitung) for p in pk.program] == [
        ("1.02.02", D(1_000_000), True),
        ("1.02.02.2.01", D(400_000), False),
        ("1.02.03", D(500_000), True),
    ]
    assert pk.pagu == D(1_500_000)  # the kegiatan is inside its program


def test_analysis_1_this_year_counts_verified_realisations_only(plan):
    rows = analisis(build_lkjip_context(plan.opd, TAHUN))

    iku1 = rows["IKU.1"].tahun_ini
    assert (iku1.target, iku1.realisasi, r2(iku1.capaian), iku1.predikat.label) == (
        D(80),
        D(85),
        D("106.25"),
        "Sangat Tinggi",
    )
    iku2 = rows["IKU.2"].tahun_ini  # 9,0 submitted in TW IV is not counted: the last verified is 7,60
    assert (iku2.realisasi, r2(iku2.capaian)) == (D("7.60"), D("103.18"))  # (2 − 7,60/7,85) × 100
    iku3 = rows["IKU.3"].tahun_ini  # a draft only
    assert (iku3.realisasi, iku3.capaian, iku3.predikat) == (None, None, None)
    assert rows["IKU.1"].tercapai and rows["IKU.2"].tercapai and not rows["IKU.3"].tercapai


def test_analysis_2_earlier_years_for_the_trend(plan):
    rows = analisis(build_lkjip_context(plan.opd, TAHUN))

    lalu = rows["IKU.1"].tahun_lalu  # three latest earlier years with data: 2022 is left out
    assert [item.tahun for item in lalu] == [2023, 2024, 2025]
    last = lalu[-1]  # 70 of the PK 2025's 75
    assert (last.target, last.realisasi, r2(last.capaian), last.sumber_target) == (D(75), D(70), D("93.33"), "pk")
    assert (lalu[0].realisasi, lalu[0].target, lalu[0].capaian) == (D(50), None, None)  # no target in 2023
    assert rows["IKU.1"].tren == "naik"  # 106,25 after 93,33
    iku2 = rows["IKU.2"].tahun_lalu  # no PK row in 2025: the Renstra target 8; (2 − 8,2/8) × 100
    assert [(i.tahun, i.target, i.capaian, i.sumber_target) for i in iku2] == [(2025, D(8), D("97.5"), "renstra")]
    assert rows["IKU.2"].tren == "naik"
    assert rows["IKU.3"].tahun_lalu == [] and rows["IKU.3"].tren is None


def test_analysis_3_and_4_end_target_and_national_standard(plan):
    rows = analisis(build_lkjip_context(plan.opd, TAHUN))

    assert rows["IKU.1"].target_akhir.nilai == D(90)
    assert r2(rows["IKU.1"].capaian_target_akhir) == D("94.44")  # 85 / 90
    assert r2(rows["IKU.2"].capaian_target_akhir) == D("91.43")  # minimize: (2 − 7,60/7) × 100
    assert rows["IKU.3"].capaian_target_akhir is None  # nothing verified


def test_analysis_4_national_standard_by_polarity_and_uncapped(plan):
    """IKU.1 maximize: 85 against the national average 70: 85 / 70 × 100 = 121,43, over the pemda's
    100 % cap, which the standard comparison ignores. IKU.2 minimize: 7,60 against the SPM 8:
    (2 − 7,60/8) × 100 = 105. IKU.3 has no standard."""
    PengaturanCapaian.objects.create(pemda=plan.pemda, batas_maksimum=100)
    Indikator.objects.filter(pk=plan.plan["iku1"].pk).update(
        standar_nasional=D(70), standar_nasional_sumber="Rata-rata nasional, Profil Kesehatan Indonesia 2025"
    )
    Indikator.objects.filter(pk=plan.plan["iku2"].pk).update(standar_nasional=D(8))

    rows = analisis(build_lkjip_context(plan.opd, TAHUN))

    iku1 = rows["IKU.1"]
    assert (iku1.standar_nasional, iku1.standar_sumber) == (
        D(70),
        "Rata-rata nasional, Profil Kesehatan Indonesia 2025",
    )
    assert r2(iku1.capaian_standar) == D("121.43") and iku1.capaian_standar == D(85) / 70 * 100
    assert iku1.tahun_ini.capaian == D(100)  # the year's capaian is capped, the comparison is not
    iku2 = rows["IKU.2"]
    assert (iku2.standar_nasional, iku2.standar_sumber, iku2.capaian_standar) == (D(8), "", D(105))
    iku3 = rows["IKU.3"]
    assert (iku3.standar_nasional, iku3.standar_sumber, iku3.capaian_standar) == (None, "", None)


def test_analysis_4_without_a_realisation_or_for_a_range_there_is_no_comparison(plan):
    """IKU.3 has a standard but nothing verified; a stabilize indicator is judged against a range,
    and a standard is one number."""
    Indikator.objects.filter(pk__in=[plan.plan["iku1"].pk, plan.plan["iku3"].pk]).update(standar_nasional=D(90))
    Indikator.objects.filter(pk=plan.plan["iku1"].pk).update(polaritas="stabilize")

    rows = analisis(build_lkjip_context(plan.opd, TAHUN))

    assert (rows["IKU.3"].standar_nasional, rows["IKU.3"].capaian_standar) == (D(90), None)
    # (the test agreement was set ditetapkan without freezing its rows: the polarity is the live one)
    assert rows["IKU.1"].polaritas == "stabilize" and rows["IKU.1"].capaian_standar is None


def test_analysis_5_causes_deduplicated_in_quarter_order(plan):
    rows = analisis(build_lkjip_context(plan.opd, TAHUN))

    penyebab = rows["IKU.1"].penyebab
    assert penyebab.faktor_pendukung == ["Dukungan kader"]
    assert penyebab.faktor_penghambat == ["Cuaca buruk", "Stok vaksin terlambat"]
    assert penyebab.upaya == ["Jemput bola"]
    # Texts of submitted or draft realisations are not carried.
    assert not rows["IKU.2"].penyebab.ada and not rows["IKU.3"].penyebab.ada


def test_analysis_6_and_7_efficiency_and_programs_per_sasaran(plan):
    ss1, ss2 = build_lkjip_context(plan.opd, TAHUN).capaian_kinerja

    capaian_ss1 = (D(85) / 80 * 100 + (2 - D("7.60") / D("7.85")) * 100) / 2  # 104,72
    assert ss1.sasaran == plan.plan["ss1"] and ss1.capaian == capaian_ss1 and ss1.predikat.label == "Sangat Tinggi"
    e1 = ss1.efisiensi
    assert (e1.pagu, e1.realisasi, e1.serapan, e1.capaian) == (D(1_000_000), D(500_000), D(50), capaian_ss1)
    assert e1.efisiensi.selisih == capaian_ss1 - 50 and e1.efisiensi.kategori == "efisien"
    assert [(p.kode, p.pagu, p.realisasi, p.serapan) for p in ss1.program] == [
        ("1.02.02", D(1_000_000), D(500_000), D(50)),
        ("1.02.02.2.01", D(400_000), D(100_000), D(25)),
    ]
    e2 = ss2.efisiensi  # all spent, nothing verified: no efficiency judgement
    assert (ss2.capaian, e2.serapan, e2.efisiensi) == (None, D(100), None)
    assert [p.kode for p in ss2.program] == ["1.02.03"]


def test_bab_iii_b_and_ikhtisar(plan):
    laporan = build_lkjip_context(plan.opd, TAHUN)

    assert [(p.kode, p.realisasi, p.dihitung) for p in laporan.realisasi_anggaran] == [
        ("1.02.02", D(500_000), True),
        ("1.02.02.2.01", D(100_000), False),
        ("1.02.03", D(500_000), True),
    ]
    total = laporan.anggaran_total
    assert (total.pagu, total.realisasi, r2(total.serapan)) == (D(1_500_000), D(1_000_000), D("66.67"))
    capaian_opd = (D(85) / 80 * 100 + (2 - D("7.60") / D("7.85")) * 100) / 2  # SS.2 has none
    ikhtisar = laporan.ikhtisar
    assert (ikhtisar.jumlah_sasaran, ikhtisar.jumlah_indikator, ikhtisar.jumlah_tercapai) == (2, 3, 2)
    assert ikhtisar.jumlah_belum_terukur == 1
    assert (ikhtisar.capaian, ikhtisar.predikat.label) == (capaian_opd, "Sangat Tinggi")
    assert (ikhtisar.pagu, ikhtisar.realisasi_anggaran) == (D(1_500_000), D(1_000_000))
    assert ikhtisar.serapan == D(1_000_000) / D(1_500_000) * 100


def test_a_later_version_replaces_the_signed_one(plan, periode):
    perubahan = PerjanjianFactory(
        opd=plan.opd, periode=periode, tahun=TAHUN, jenis="perubahan", versi=2, menggantikan=plan.plan["pk"]
    )
    BarisFactory(perjanjian=perubahan, indikator=plan.plan["iku1"], target=100)
    tetapkan(perubahan)

    laporan = build_lkjip_context(plan.opd, TAHUN)

    assert laporan.perjanjian.perjanjian == [perubahan]
    assert list(analisis(laporan)) == ["IKU.1"]
    assert analisis(laporan)["IKU.1"].tahun_ini.capaian == D(85)  # 85 of the new 100
    assert laporan.anggaran_total is None and laporan.ikhtisar.pagu == D(0)


def test_a_year_without_pk_gives_an_empty_but_valid_report(plan):
    laporan = build_lkjip_context(plan.opd, 2027)

    assert laporan.identitas.periode is not None and len(laporan.renstra) == 2  # the Renstra still stands
    assert not laporan.ada_pk and laporan.perjanjian.baris == [] and laporan.perjanjian.pagu == D(0)
    assert laporan.capaian_kinerja == [] and laporan.realisasi_anggaran == [] and laporan.anggaran_total is None
    ikhtisar = laporan.ikhtisar
    assert (ikhtisar.jumlah_indikator, ikhtisar.jumlah_tercapai, ikhtisar.capaian, ikhtisar.serapan) == (
        0,
        0,
        None,
        None,
    )

    bare = build_lkjip_context(plan.other_pemda_opd, TAHUN)  # no period, no Renstra, nothing
    assert bare.identitas.periode is None and bare.identitas.renstra is None and bare.renstra == []
    assert bare.ikhtisar.predikat is None


# --- The pemda -----------------------------------------------------------------------------------


def other_opd_plan(world, periode, opd=None, *, target=50, nilai=50, pagu=200_000, spent=100_000):
    """One sasaran with one indicator, verified realisation and a budget line."""
    opd = opd or world.other_opd
    ss = SasaranFactory(periode=periode, opd=opd, kode="SS.1")
    ind = IndikatorFactory(sasaran=ss, kode="IKU.1")
    pk = PerjanjianFactory(opd=opd, periode=periode, tahun=TAHUN)
    BarisFactory(perjanjian=pk, indikator=ind, target=target)
    line = AnggaranFactory(perjanjian=pk, sasaran=ss, pagu=pagu)
    tetapkan(pk)
    spend(line, spent)
    realisasi(opd, ind, 4, nilai)
    return ind


def test_pemda_report_per_opd_and_totals(plan, periode):
    other_opd_plan(plan, periode)  # Disdik: 50 of 50: 100
    OpdFactory(pemda=plan.pemda, nama="Dinas Lama", aktif=False)

    laporan = build_lkjip_pemda_context(plan.pemda, TAHUN)

    dinkes_capaian = (D(85) / 80 * 100 + (2 - D("7.60") / D("7.85")) * 100) / 2
    by_opd = {item.opd: item for item in laporan.opd}
    assert set(by_opd) == {plan.opd, plan.other_opd}  # inactive OPDs are left out
    dinkes, disdik = by_opd[plan.opd], by_opd[plan.other_opd]
    assert (dinkes.capaian, dinkes.predikat.label, dinkes.jumlah_indikator, dinkes.jumlah_tercapai) == (
        dinkes_capaian,
        "Sangat Tinggi",
        3,
        2,
    )
    assert r2(dinkes.serapan) == D("66.67")
    assert (disdik.capaian, disdik.serapan, disdik.jumlah_indikator, disdik.jumlah_tercapai) == (D(100), D(50), 1, 1)
    assert (laporan.jumlah_indikator, laporan.jumlah_tercapai, laporan.jumlah_opd_dengan_pk) == (4, 3, 2)
    assert laporan.capaian == (dinkes_capaian + 100) / 2 and laporan.predikat.label == "Sangat Tinggi"
    assert (laporan.pagu, laporan.realisasi_anggaran) == (D(1_700_000), D(1_100_000))
    assert laporan.serapan == D(1_100_000) / D(1_700_000) * 100
    assert laporan.periode == periode


def test_pemda_report_without_agreements(world):
    laporan = build_lkjip_pemda_context(world.pemda, TAHUN)

    assert [item.ada_pk for item in laporan.opd] == [False, False]
    assert (laporan.jumlah_indikator, laporan.capaian, laporan.predikat, laporan.serapan) == (0, None, None, None)


# --- Query counts at two data sizes --------------------------------------------------------------


def grow_opd(world, periode, indicators: int) -> None:
    """Our OPD with ``indicators`` indicators, three per sasaran, each with Renstra targets, rows in
    the PK 2025 and 2026, verified realisations in 2024–2026 (with causes) and a budget line per
    sasaran (a program and its kegiatan)."""
    opd = world.opd
    Renstra.objects.create(opd=opd, periode=periode)
    pk_lalu = PerjanjianFactory(opd=opd, periode=periode, tahun=2025)
    pk = PerjanjianFactory(opd=opd, periode=periode, tahun=TAHUN)
    created = []
    for number in range(indicators):
        if number % 3 == 0:
            ss = SasaranFactory(periode=periode, opd=opd, kode=f"SS.{number}")
            AnggaranFactory(perjanjian=pk, sasaran=ss)
            AnggaranFactory(perjanjian=pk, sasaran=ss, jenis=AnggaranPK.Jenis.KEGIATAN, pagu=100_000)
        ind = IndikatorFactory(sasaran=ss, kode=f"G.{number}", polaritas=["maximize", "minimize"][number % 2])
        renstra_targets(ind, t2025=70, t2026=80, t2029=90)
        BarisFactory(perjanjian=pk_lalu, indikator=ind, target=70)
        BarisFactory(perjanjian=pk, indikator=ind, target=80)
        created.append(ind)
    tetapkan(pk_lalu)
    tetapkan(pk)
    for line in pk.anggaran.all():
        spend(line, 100_000)
    for ind in created:
        for tahun in (2024, 2025):
            realisasi(opd, ind, 4, 60, tahun=tahun)
        for tw in (1, 2, 3, 4):
            realisasi(opd, ind, tw, 20 * tw, faktor_penghambat=f"Hambatan {tw}", upaya="Koordinasi")


@pytest.mark.parametrize("indicators", [3, 12])
def test_opd_queries_do_not_grow(world, periode, indicators, django_assert_num_queries):
    grow_opd(world, periode, indicators)
    # settings, bands, period, Renstra, PKs in force, rows, Renstra sasaran and their indicators,
    # Renstra targets, budget, realisations, earlier PKs and their rows
    with django_assert_num_queries(13):
        laporan = build_lkjip_context(world.opd, TAHUN)
    assert laporan.ikhtisar.jumlah_indikator == indicators
    assert len(laporan.capaian_kinerja) == indicators // 3
    assert all(len(item.tahun_lalu) == 2 and item.penyebab.ada for s in laporan.capaian_kinerja for item in s.indikator)


@pytest.mark.parametrize("opds", [3, 8])
def test_pemda_queries_do_not_grow(world, periode, opds, django_assert_num_queries):
    other_opd_plan(world, periode, world.opd)
    other_opd_plan(world, periode)
    for _ in range(opds - 2):
        other_opd_plan(world, periode, OpdFactory(pemda=world.pemda))
    # settings, bands, period, OPDs, PKs, rows, realisations, budget
    with django_assert_num_queries(8):
        laporan = build_lkjip_pemda_context(world.pemda, TAHUN)
    assert len(laporan.opd) == opds and laporan.jumlah_indikator == opds
