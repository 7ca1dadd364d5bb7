"""The capaian pages: the OPD monitoring table and the pemda recap, as report functions (the numbers)
and as pages (content, access, query counts at two data sizes)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from iku_manual.models import SkalaKualitatif
from iku_manual.tests.factories import IndikatorFactory, PeriodeFactory, SasaranFactory
from perjanjian import reports
from perjanjian.models import AnggaranPK, PengaturanCapaian, PerjanjianKinerja, Realisasi, RealisasiAnggaran
from perjanjian.tests.factories import AnggaranFactory, BarisFactory, PerjanjianFactory

pytestmark = pytest.mark.django_db

D = Decimal
TAHUN = 2026
Status = Realisasi.Status


def tetapkan(perjanjian: PerjanjianKinerja) -> PerjanjianKinerja:
    """Rows and budget are added first: a ditetapkan agreement refuses them."""
    PerjanjianKinerja.objects.filter(pk=perjanjian.pk).update(status=PerjanjianKinerja.Status.DITETAPKAN)
    perjanjian.status = PerjanjianKinerja.Status.DITETAPKAN
    return perjanjian


def realisasi(opd, indikator, triwulan, nilai, status=Status.DRAFT, teks="", tahun=TAHUN):
    return Realisasi.objects.create(
        opd=opd,
        indikator=indikator,
        tahun=tahun,
        triwulan=triwulan,
        nilai=D(nilai),
        nilai_teks=teks,
        status=status,
        bukti_keterangan="Laporan bulanan",
    )


def spend(anggaran, *amounts):
    for triwulan, nilai in enumerate(amounts, start=1):
        RealisasiAnggaran.objects.create(anggaran=anggaran, triwulan=triwulan, nilai=D(nilai))


@pytest.fixture
def periode(world):
    return PeriodeFactory(pemda=world.pemda, tahun_awal=2025)


@pytest.fixture
def plan(world, periode):
    """Dinkes 2026, two sasaran with the README's worked examples:
    SS.1 maximize (80 -> 85: 106,25), minimize (7,85 -> 7,60: 103,18), minimize inverse (6 -> 8: 75);
    SS.2 stabilize (2,5–3,5 -> 3,0: 100), qualitative (WTP -> WDP: 75), kumulatif (100 -> 20 + 30: 50).
    Budget: SS.1 a program of 1.000.000 (500.000 spent) and its kegiatan of 400.000 (not counted
    twice), SS.2 a program of 1.000.000 (all spent), and a line tied to no sasaran."""
    opd = world.opd
    ss1 = SasaranFactory(periode=periode, opd=opd, kode="SS.1", urutan=1, uraian="Meningkatnya derajat kesehatan")
    ss2 = SasaranFactory(periode=periode, opd=opd, kode="SS.2", urutan=2, uraian="Terkendalinya harga")
    opini = SkalaKualitatif.objects.get(nama="Opini BPK", pemda__isnull=True)
    ind = {
        "max": IndikatorFactory(sasaran=ss1, kode="IKU.1", urutan=1, nama="Cakupan imunisasi"),
        "min": IndikatorFactory(sasaran=ss1, kode="IKU.2", urutan=2, nama="Angka kemiskinan", polaritas="minimize"),
        "inv": IndikatorFactory(
            sasaran=ss1, kode="IKU.3", urutan=3, nama="Angka kesakitan", polaritas="minimize", rumus_minimize="inverse"
        ),
        "stab": IndikatorFactory(sasaran=ss2, kode="IKU.4", urutan=1, nama="Inflasi", polaritas="stabilize"),
        "kual": IndikatorFactory(sasaran=ss2, kode="IKU.5", urutan=2, nama="Opini BPK", skala=opini, satuan="opini"),
        "kum": IndikatorFactory(sasaran=ss2, kode="IKU.6", urutan=3, nama="Jumlah kader", agregasi="kumulatif"),
    }
    pk = PerjanjianFactory(opd=opd, periode=periode, tahun=TAHUN)
    BarisFactory(perjanjian=pk, indikator=ind["max"], target=80, tw1=20, tw2=40, tw3=60, tw4=80)
    BarisFactory(perjanjian=pk, indikator=ind["min"], target=D("7.85"))
    BarisFactory(perjanjian=pk, indikator=ind["inv"], target=6)
    BarisFactory(perjanjian=pk, indikator=ind["stab"], batas_bawah=D("2.5"), batas_atas=D("3.5"))
    BarisFactory(perjanjian=pk, indikator=ind["kual"], target=4)
    BarisFactory(perjanjian=pk, indikator=ind["kum"], target=100, tw1=25, tw2=50, tw3=75, tw4=100)
    program1 = AnggaranFactory(perjanjian=pk, sasaran=ss1, pagu=1_000_000, kode="1.02.02")
    kegiatan1 = AnggaranFactory(
        perjanjian=pk, sasaran=ss1, pagu=400_000, kode="1.02.02.2.01", jenis=AnggaranPK.Jenis.KEGIATAN
    )
    program2 = AnggaranFactory(perjanjian=pk, sasaran=ss2, pagu=1_000_000, kode="1.02.03")
    lepas = AnggaranFactory(perjanjian=pk, sasaran=None, pagu=250_000, kode="1.02.01")
    tetapkan(pk)
    spend(program1, 200_000, 300_000)
    spend(kegiatan1, 100_000)
    spend(program2, 500_000, 500_000)
    spend(lepas, 50_000)

    realisasi(opd, ind["max"], 1, 22, Status.TERVERIFIKASI)
    realisasi(opd, ind["max"], 4, 85, Status.DIAJUKAN)
    realisasi(opd, ind["min"], 2, "7.60", Status.TERVERIFIKASI)
    realisasi(opd, ind["inv"], 2, 8)
    realisasi(opd, ind["stab"], 1, "4.2", Status.TERVERIFIKASI)
    realisasi(opd, ind["stab"], 2, "3.0", Status.DIKEMBALIKAN)
    realisasi(opd, ind["kual"], 2, 3, teks="WDP")
    realisasi(opd, ind["kum"], 1, 20, Status.TERVERIFIKASI)
    realisasi(opd, ind["kum"], 2, 30, Status.TERVERIFIKASI)
    world.plan = {"pk": pk, "ss1": ss1, "ss2": ss2, **ind}
    return world


def by_kode(ukur):
    return {item.indikator.kode: item for s in ukur.sasaran for item in s.indikator}


# --- The report functions ------------------------------------------------------------------------


def test_capaian_per_indicator_follows_the_worked_examples(plan):
    ukur = reports.pengukuran_opd(plan.opd, TAHUN)
    rows = by_kode(ukur)

    assert rows["IKU.1"].tahun.capaian.untuk_tampil() == D("106.25")  # maximize, last value 85 of 80
    assert rows["IKU.1"].triwulan[0].capaian.nilai == D("110")  # TW I: 22 of 20
    assert rows["IKU.2"].tahun.capaian.untuk_tampil() == D("103.18")  # (2 − 7,60/7,85) × 100
    assert rows["IKU.3"].tahun.capaian.untuk_tampil() == D("75.00")  # inverse by the indicator: 6/8
    assert rows["IKU.4"].tahun.capaian.nilai == D("100")  # 3,0 inside 2,5–3,5 (last value)
    assert rows["IKU.4"].triwulan[0].capaian.untuk_tampil() == D("80.00")  # 4,2 above 3,5: (2 − 4,2/3,5)
    assert rows["IKU.5"].tahun.capaian.nilai == D("75")  # WDP (3) against WTP (4)
    assert rows["IKU.5"].tahun.realisasi_kode == "WDP" and rows["IKU.5"].tahun.target_kode == "WTP"
    assert rows["IKU.6"].triwulan[1].titik.sampai == D("50")  # kumulatif: 20 + 30
    assert rows["IKU.6"].triwulan[1].capaian.nilai == D("100")  # against TW II's 50
    assert rows["IKU.6"].tahun.capaian.nilai == D("50")  # against the year's 100


def test_cells_carry_predicate_status_and_message(plan):
    rows = by_kode(reports.pengukuran_opd(plan.opd, TAHUN))

    tw1 = rows["IKU.1"].triwulan[0]
    assert (tw1.predikat.label, tw1.kelas, tw1.status) == ("Sangat Tinggi", "bg-success-subtle", "terverifikasi")
    assert rows["IKU.1"].triwulan[3].status == "diajukan"
    assert rows["IKU.4"].triwulan[1].status == "dikembalikan"
    assert rows["IKU.6"].tahun.predikat.label == "Sangat Rendah"  # 50
    assert rows["IKU.5"].tahun.kelas == "bg-warning-subtle"  # 75: Sedang
    empty = rows["IKU.1"].triwulan[1]
    assert (empty.status, empty.capaian.nilai, empty.pesan) == ("", None, "Realisasi belum diisi.")


def test_capaian_per_sasaran_and_opd_are_means(plan):
    ukur = reports.pengukuran_opd(plan.opd, TAHUN)
    ss1, ss2 = ukur.sasaran

    expected_ss1 = (D("85") / 80 * 100 + (2 - D("7.60") / D("7.85")) * 100 + D(6) / 8 * 100) / 3
    assert ss1.sasaran.kode == "SS.1" and ss1.capaian == expected_ss1
    assert ss2.capaian == (D(100) + D(75) + D(50)) / 3
    assert ukur.capaian == (expected_ss1 + ss2.capaian) / 2
    assert ukur.predikat.label == "Tinggi"  # 87,9...


def test_budget_and_efficiency_per_sasaran(plan):
    ukur = reports.pengukuran_opd(plan.opd, TAHUN)
    ss1, ss2 = ukur.anggaran

    # SS.1: the program only (its kegiatan spends the same money): 500.000 of 1.000.000.
    assert (ss1.pagu, ss1.realisasi, ss1.serapan, ss1.jumlah_baris) == (D(1_000_000), D(500_000), D(50), 2)
    assert ss1.capaian == ukur.sasaran[0].capaian
    assert ss1.efisiensi.selisih == ss1.capaian - 50 and ss1.efisiensi.kategori == "efisien"
    assert ss1.label_efisiensi == "Efisien"
    # SS.2: 75 against 100 spent: 25 points below, tidak efisien.
    assert (ss2.serapan, ss2.efisiensi.selisih, ss2.efisiensi.kategori) == (D(100), D(-25), "tidak_efisien")
    assert ukur.anggaran_tanpa_sasaran.pagu == D(250_000) and ukur.anggaran_tanpa_sasaran.efisiensi is None
    # The OPD: programs 2.250.000, spent 1.550.000.
    total = ukur.anggaran_total
    assert (total.pagu, total.realisasi) == (D(2_250_000), D(1_550_000))
    assert total.efisiensi.selisih == ukur.capaian - D(1_550_000) / D(2_250_000) * 100


def test_efficiency_threshold_and_minimize_formula_are_the_pemda_settings(plan):
    aturan = PengaturanCapaian.objects.create(pemda=plan.pemda, rumus_minimize="inverse", ambang_efisiensi=D(50))
    ukur = reports.pengukuran_opd(plan.opd, TAHUN)
    rows = by_kode(ukur)

    assert rows["IKU.2"].tahun.capaian.nilai == D("7.85") / D("7.60") * 100  # inverse from the pemda
    assert ukur.anggaran[0].efisiensi.kategori == "cukup_efisien"  # 45 points: inside ± 50

    aturan.batas_maksimum = 100
    aturan.save()
    rows = by_kode(reports.pengukuran_opd(plan.opd, TAHUN))
    assert rows["IKU.1"].tahun.capaian.nilai == D(100)  # 106,25 capped at 100


def test_target_missing_and_zero_give_statuses_not_numbers(world, periode):
    ss = SasaranFactory(periode=periode, opd=world.opd, kode="SS.9")
    tanpa, nol = IndikatorFactory(sasaran=ss, kode="A"), IndikatorFactory(sasaran=ss, kode="B")
    pk = PerjanjianFactory(opd=world.opd, periode=periode, tahun=TAHUN)
    BarisFactory(perjanjian=pk, indikator=tanpa, target=None)
    BarisFactory(perjanjian=pk, indikator=nol, target=0)
    tetapkan(pk)
    realisasi(world.opd, tanpa, 1, 5)
    realisasi(world.opd, nol, 1, 5)

    rows = by_kode(reports.pengukuran_opd(world.opd, TAHUN))

    assert rows["A"].tahun.pesan == "Target belum ditetapkan."
    assert rows["B"].tahun.pesan.startswith("Target bernilai nol")
    assert reports.pengukuran_opd(world.opd, TAHUN).capaian is None


def test_only_the_latest_ditetapkan_version_counts(plan, periode):
    perubahan = PerjanjianFactory(
        opd=plan.opd, periode=periode, tahun=TAHUN, jenis="perubahan", versi=2, menggantikan=plan.plan["pk"]
    )
    BarisFactory(perjanjian=perubahan, indikator=plan.plan["max"], target=100)
    draft = PerjanjianFactory(
        opd=plan.opd, periode=periode, tahun=TAHUN, jenis="perubahan", versi=3, menggantikan=perubahan
    )
    BarisFactory(perjanjian=draft, indikator=plan.plan["max"], target=1)
    tetapkan(perubahan)

    ukur = reports.pengukuran_opd(plan.opd, TAHUN)

    assert [pk.pk for pk in ukur.perjanjian] == [perubahan.pk]
    assert list(by_kode(ukur)) == ["IKU.1"]
    assert by_kode(ukur)["IKU.1"].tahun.capaian.nilai == D(85)  # 85 of the new target 100


def test_rekap_counts_quarters_and_uses_verified_realisations_only(plan, periode):
    other = PerjanjianFactory(opd=plan.other_opd, periode=periode, tahun=TAHUN)
    ss = SasaranFactory(periode=periode, opd=plan.other_opd, kode="SS.1")
    ind = IndikatorFactory(sasaran=ss, kode="IKU.1")
    BarisFactory(perjanjian=other, indikator=ind, target=50)
    tetapkan(other)
    realisasi(plan.other_opd, ind, 2, 50, Status.TERVERIFIKASI)

    rekap = reports.rekap_pemda(plan.pemda, TAHUN, plan.users["evaluator"])

    assert rekap.triwulan == 4  # the latest quarter with a realisation: IKU.1's TW IV
    disdik, dinkes = rekap.baris  # sorted by capaian, highest first
    assert (disdik.opd, disdik.capaian, disdik.terverifikasi, disdik.belum) == (plan.other_opd, D(100), 0, 1)
    assert dinkes.opd == plan.opd and dinkes.indikator == 6
    assert (dinkes.terverifikasi, dinkes.diajukan, dinkes.draf, dinkes.belum) == (0, 1, 0, 5)
    # Verified only: IKU.1 22 of 80 (27,5); IKU.2 103,18...; IKU.4 4,2 (80); IKU.6 50.
    ss1 = (D(22) / 80 * 100 + (2 - D("7.60") / D("7.85")) * 100) / 2
    ss2 = (D(80) + D(50)) / 2
    assert dinkes.capaian == (ss1 + ss2) / 2
    assert dinkes.anggaran.serapan == D(1_550_000) / D(2_250_000) * 100
    assert rekap.capaian == (D(100) + dinkes.capaian) / 2

    tw2 = reports.rekap_pemda(plan.pemda, TAHUN, plan.users["evaluator"], triwulan=2)
    disdik, dinkes = tw2.baris
    assert (disdik.terverifikasi, disdik.belum) == (1, 0)
    # TW II: IKU.2 and IKU.6 verified, IKU.3 and IKU.5 draft, IKU.4 returned, IKU.1 missing.
    assert (dinkes.terverifikasi, dinkes.diajukan, dinkes.draf, dinkes.belum) == (2, 0, 3, 1)
    assert tw2.triwulan_label == "TW II"


def test_rekap_shows_an_opd_role_only_its_own_opd(plan):
    rekap = reports.rekap_pemda(plan.pemda, TAHUN, plan.users["perencana"])
    assert [row.opd for row in rekap.baris] == [plan.opd]
    everyone = reports.rekap_pemda(plan.pemda, TAHUN, plan.users["pimpinan"])
    assert {row.opd for row in everyone.baris} == {plan.opd, plan.other_opd}
    assert [row.ada_pk for row in everyone.baris] == [True, False]


# --- The pages -----------------------------------------------------------------------------------


def monitoring_url(opd, tahun=TAHUN):
    return reverse("perjanjian:monitoring", args=[opd.pk, tahun])


def test_monitoring_page_shows_the_table(plan, client_for):
    response = client_for("kepala_opd").get(monitoring_url(plan.opd))
    html = response.content.decode()

    assert response.status_code == 200
    assert "Cakupan imunisasi" in html and "SS.1 Meningkatnya derajat kesehatan" in html
    assert "106,25" in html and "103,18" in html and "75,00" in html
    assert "2,5 – 3,5" in html  # the stabilize range
    assert "WDP" in html and "WTP" in html
    assert "bg-success-subtle" in html and "Sangat Tinggi" in html
    assert "Realisasi belum diisi." in html
    assert "bi-patch-check-fill" in html and "bi-hourglass-split" in html
    assert reverse("perjanjian:realisasi_triwulan", args=[plan.opd.pk, TAHUN, 2]) in html
    assert reverse("perjanjian:realisasi_templat", args=[plan.opd.pk, TAHUN]) in html
    assert reverse("perjanjian:realisasi_impor", args=[plan.opd.pk, TAHUN]) not in html  # not the planner
    assert monitoring_url(plan.opd, 2025) in html and monitoring_url(plan.opd, 2027) in html
    # The budget table: serapan, selisih and the category.
    assert "Efisien" in html and "Tidak efisien" in html and "-25,00" in html
    assert "Anggaran yang belum dikaitkan dengan sasaran" in html


def test_monitoring_offers_the_import_to_the_planner(plan, client_for):
    html = client_for("perencana").get(monitoring_url(plan.opd)).content.decode()
    assert reverse("perjanjian:realisasi_impor", args=[plan.opd.pk, TAHUN]) in html


def test_monitoring_without_agreement_says_so(world, client_for):
    response = client_for("evaluator").get(monitoring_url(world.other_opd))
    assert "Belum ada perjanjian kinerja tahun 2026 yang ditetapkan" in response.content.decode()


def test_monitoring_of_another_opd_is_404_for_opd_roles(plan, client_for):
    assert client_for("perencana").get(monitoring_url(plan.other_opd)).status_code == 404
    assert client_for("pimpinan").get(monitoring_url(plan.other_opd)).status_code == 200
    assert client_for("evaluator").get(monitoring_url(plan.other_pemda_opd)).status_code == 404


def test_rekap_page(plan, client_for):
    response = client_for("evaluator").get(reverse("perjanjian:rekap") + "?tahun=2026")
    html = response.content.decode()

    assert response.status_code == 200
    assert "hanya dari realisasi yang sudah <strong>terverifikasi</strong>" in html
    assert monitoring_url(plan.opd) in html and "Dinas Pendidikan" in html
    assert "Belum ada perjanjian kinerja tahun 2026 yang ditetapkan." in html
    assert "TW IV" in html


def test_rekap_page_for_an_opd_role_has_only_its_row(plan, client_for):
    html = client_for("perencana").get(reverse("perjanjian:rekap") + "?tahun=2026").content.decode()
    assert "Dinas Kesehatan" in html and "Dinas Pendidikan" not in html


def test_rekap_defaults_to_the_year_in_the_pemda_time_zone(world, client_for, monkeypatch):
    # 31 December 2026, 16:00 UTC: 23:00 in Jakarta, already 1 January 2027 in Jayapura.
    moment = datetime.datetime(2026, 12, 31, 16, 0, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    client = client_for("evaluator")
    assert client.get(reverse("perjanjian:rekap")).context["tahun"] == 2026
    world.pemda.zona_waktu = "Asia/Jayapura"
    world.pemda.save()
    assert client.get(reverse("perjanjian:rekap")).context["tahun"] == 2027
    assert client.get(reverse("perjanjian:rekap") + "?tahun=abc").context["tahun"] == 2027


# --- Query counts at two data sizes ----------------------------------------------------------------


def grow(world, periode, size: int) -> None:
    """``size`` unit agreements in our OPD and ``size`` more OPDs with an agreement each; every one
    with a sasaran of three indicators, four quarters of realisations and a budget line."""
    from sakip.tests.factories import OpdFactory, UnitFactory

    for copy in range(size):
        for opd, unit in ((world.opd, UnitFactory(opd=world.opd)), (OpdFactory(pemda=world.pemda), None)):
            pk = PerjanjianFactory(opd=opd, periode=periode, tahun=TAHUN, unit=unit)
            ss = SasaranFactory(periode=periode, opd=opd, unit=unit, kode=f"SS.G{copy}")
            for number in range(3):
                ind = IndikatorFactory(sasaran=ss, kode=f"G.{number}", polaritas=["maximize", "minimize"][number % 2])
                BarisFactory(perjanjian=pk, indikator=ind, target=80, tw1=20, tw2=40, tw3=60, tw4=80)
                for tw in (1, 2, 3, 4):
                    realisasi(opd, ind, tw, 20 * tw, [Status.TERVERIFIKASI, Status.DIAJUKAN][tw % 2])
            spend(AnggaranFactory(perjanjian=pk, sasaran=ss), 100_000, 200_000)
            tetapkan(pk)


@pytest.mark.parametrize("size", [1, 5])
def test_monitoring_queries_do_not_grow(plan, periode, client_for, size, django_assert_num_queries):
    grow(plan, periode, size)
    client = client_for("perencana")
    # session, the user with pemda and OPD (sakip.backends); the OPD; settings, bands, PKs in force,
    # rows, PKs with their units, realisations, scale steps, budget; the years with agreements
    with django_assert_num_queries(12):
        response = client.get(monitoring_url(plan.opd))
    assert len(response.context["ukur"].sasaran) == 2 + size


@pytest.mark.parametrize("size", [1, 5])
def test_rekap_queries_do_not_grow(plan, periode, client_for, size, django_assert_num_queries):
    grow(plan, periode, size)
    client = client_for("evaluator")
    # session, the user with its pemda (sakip.backends); settings, bands, OPDs, PKs, rows,
    # realisations, budget; years with agreements
    with django_assert_num_queries(10):
        response = client.get(reverse("perjanjian:rekap") + "?tahun=2026")
    assert len(response.context["rekap"].baris) == 2 + size
