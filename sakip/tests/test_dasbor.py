"""The dashboards on Beranda and the drill-down of one OPD: figures against hand-computed values, who
sees what, and a constant number of queries at two data sizes."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection, reset_queries
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluasi.models import Evaluasi, Jawaban, Kriteria, Rekomendasi, TemplateLKE
from evaluasi.services import evaluasi_buka, evaluasi_finalkan, hasil, skor_banyak
from evaluasi.views_evaluasi import hasil_banyak
from iku_manual.models import TargetIndikator
from iku_manual.tests.factories import IndikatorFactory, PeriodeFactory, SasaranFactory
from instruksi.models import Instruksi, Tugas
from instruksi.services import tutup_lewat_tenggat
from pemantauan.models import SerapanAnggaran
from perjanjian import reports
from perjanjian.models import PerjanjianKinerja, Realisasi
from perjanjian.tests.factories import BarisFactory, PerjanjianFactory
from sakip import dasbor, versi_data
from sakip.models import Role
from sakip.numbers import format_decimal
from sakip.tests import factories as f

pytestmark = pytest.mark.django_db

D = Decimal
TAHUN = 2026
HARI = datetime.date(2026, 11, 23)  # TW I–III have ended: three quarters due
Status = Realisasi.Status


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(dasbor, "hari_ini", lambda: HARI)


def _periode(pemda):
    return PeriodeFactory(pemda=pemda, tahun_awal=2025)


def _pk(opd, indikator_targets, tahun=TAHUN):
    """A ditetapkan PK of the OPD head with a row per (indikator, (tw1, tw2, tw3, tw4))."""
    pk = PerjanjianFactory(opd=opd, periode=_periode(opd.pemda), tahun=tahun)
    for indikator, tw in indikator_targets:
        BarisFactory(perjanjian=pk, indikator=indikator, target=tw[3], tw1=tw[0], tw2=tw[1], tw3=tw[2], tw4=tw[3])
    PerjanjianKinerja.objects.filter(pk=pk.pk).update(status=PerjanjianKinerja.Status.DITETAPKAN)
    return pk


def _realisasi(opd, indikator, triwulan, nilai, status, tahun=TAHUN):
    return Realisasi.objects.create(
        opd=opd,
        indikator=indikator,
        tahun=tahun,
        triwulan=triwulan,
        nilai=D(nilai),
        status=status,
        bukti_keterangan="Laporan",
        diajukan_pada=timezone.now() if status != Status.DRAFT else None,
    )


@pytest.fixture
def plan(world):
    """Dinkes 2026: SS.A with a1 (TW I target 20) and a2 (50), SS.B with b1 (40). TW I verified:
    a1 25 (125 %), a2 40 (80 %), b1 30 (75 %); b1 TW II 999 submitted and a1 TW II 10 draft (neither
    counted); a2 TW IV 60 verified (not yet due). Disdik: one indicator, nothing entered."""
    opd, periode = world.opd, _periode(world.pemda)
    ss_a = SasaranFactory(periode=periode, opd=opd, kode="SS.A", urutan=1)
    ss_b = SasaranFactory(periode=periode, opd=opd, kode="SS.B", urutan=2)
    ind = {
        "a1": IndikatorFactory(sasaran=ss_a, kode="IKU.A1", nama="Cakupan imunisasi", urutan=1),
        "a2": IndikatorFactory(sasaran=ss_a, kode="IKU.A2", nama="Cakupan gizi", urutan=2),
        "b1": IndikatorFactory(sasaran=ss_b, kode="IKU.B1", nama="Puskesmas terakreditasi", urutan=1),
    }
    _pk(opd, [(ind["a1"], (20, 40, 60, 80)), (ind["a2"], (50, 60, 70, 80)), (ind["b1"], (40, 50, 60, 70))])
    _realisasi(opd, ind["a1"], 1, 25, Status.TERVERIFIKASI)
    _realisasi(opd, ind["a2"], 1, 40, Status.TERVERIFIKASI)
    _realisasi(opd, ind["b1"], 1, 30, Status.TERVERIFIKASI)
    _realisasi(opd, ind["b1"], 2, 999, Status.DIAJUKAN)
    _realisasi(opd, ind["a1"], 2, 10, Status.DRAFT)
    _realisasi(opd, ind["a2"], 4, 60, Status.TERVERIFIKASI)
    other = world.other_opd
    ss_c = SasaranFactory(periode=periode, opd=other, kode="SS.C")
    ind["c1"] = IndikatorFactory(sasaran=ss_c, kode="IKU.C1", nama="Angka partisipasi sekolah")
    _pk(other, [(ind["c1"], (10, 20, 30, 40))])
    return ind


def _peta(d: dasbor.DasborPimpinan, opd) -> dasbor.BarisPeta:
    return next(row for row in d.peta if row.opd == opd)


# --- Figures -------------------------------------------------------------------------------------


def test_heat_map_cell_is_the_mean_of_verified_capaian(world, plan):
    d = dasbor.dasbor_pimpinan(world.users["pimpinan"], world.pemda, TAHUN, HARI)
    row = _peta(d, world.opd)
    # SS.A TW I = (125 + 80) / 2 = 102,5; SS.B TW I = 75; the OPD = (102,5 + 75) / 2 = 88,75.
    assert row.triwulan[0].nilai == D("88.75")
    assert row.triwulan[0].predikat.label == "Tinggi"  # 76–90 (Permendagri 86/2017)
    assert row.triwulan[0].kelas == "bg-primary-subtle"
    assert row.triwulan[1].nilai is None  # b1's submitted 999 and a1's draft are not counted
    assert row.triwulan[2].nilai is None
    assert row.triwulan[3].nilai == D(60) / D(80) * 100  # a2 alone: 75, "Sedang"
    assert row.triwulan[3].predikat.label == "Sedang"
    # The year column is the pemda recap's figure for the OPD.
    rekap = reports.rekap_pemda(world.pemda, TAHUN, world.users["pimpinan"])
    assert row.tahun.nilai == next(r.capaian for r in rekap.baris if r.opd == world.opd)
    assert row.url == f"{reverse('dasbor_opd', args=[world.opd.pk])}?tahun={TAHUN}"
    other = _peta(d, world.other_opd)
    assert [sel.nilai for sel in other.kolom] == [None] * 5 and other.jumlah_indikator == 1


def test_drill_down_sasaran_by_quarter(world, plan):
    rincian = dasbor.rincian_opd(world.opd, TAHUN)
    (baris_a, ind_a), (baris_b, ind_b) = rincian.sasaran
    assert baris_a.sasaran.kode == "SS.A" and baris_b.sasaran.kode == "SS.B"
    assert baris_a.triwulan[0].nilai == D("102.5")
    assert baris_a.triwulan[0].predikat.label == "Sangat Tinggi"
    assert baris_b.triwulan[0].nilai == D(75)
    assert rincian.ringkas.triwulan[0].nilai == D("88.75")
    a1 = ind_a[0]
    assert a1.baris.indikator == plan["a1"]
    assert a1.target == ["20", "40", "60", "80", "80"]
    assert a1.realisasi[0].nilai == D(25) and a1.realisasi[1].status == Status.DRAFT
    assert a1.ukur.triwulan[0].capaian.nilai == D(125)
    assert a1.ukur.triwulan[1].capaian.nilai is None
    # The status of what is not counted yet, by its label: none for TW I (verified) and TW III (empty).
    assert [status for _target, _isian, status, _sel in a1.kolom] == ["", "Draf", "", "", ""]
    assert ind_b[0].kolom[1][2] == "Diajukan"


def test_completeness_counts_due_quarters_only(world, plan):
    d = dasbor.dasbor_pimpinan(world.users["pimpinan"], world.pemda, TAHUN, HARI)
    assert d.jatuh_tempo == 3
    own = next(k for k in d.kelengkapan if k.opd == world.opd)
    # 3 indicators × 3 quarters; entered: a1 TW I–II, a2 TW I, b1 TW I–II (a2's TW IV is not due).
    assert (own.diharapkan, own.diisi, own.diajukan, own.terverifikasi) == (9, 5, 1, 3)
    assert (own.belum_diisi, own.belum_diverifikasi) == (4, 2)
    assert own.persen_terverifikasi == D("33.33")
    other = next(k for k in d.kelengkapan if k.opd == world.other_opd)
    assert (other.diharapkan, other.diisi, other.belum_diisi) == (3, 0, 3)
    assert {k.opd for k in d.belum_lengkap} == {world.opd, world.other_opd}


@pytest.mark.parametrize(
    ("tahun", "hari", "due"),
    [(2025, HARI, 4), (2026, HARI, 3), (2026, datetime.date(2026, 3, 31), 0), (2026, datetime.date(2026, 4, 1), 1)],
)
def test_quarters_due(tahun, hari, due):
    assert dasbor.triwulan_jatuh_tempo(tahun, hari) == due


def _evaluasi_final(opd, tahun, *, pemda=None, jawab: int = 0):
    """An evaluation against the national 12/2015 template with the first ``jawab`` criteria answered
    at their best by the evaluator, then marked final."""
    pemda = pemda or opd.pemda
    template = TemplateLKE.objects.get(pemda=None, regulasi="12/2015")
    e = evaluasi_buka(pemda=pemda, opd=opd, tahun=tahun, template=template)
    for kriteria in Kriteria.objects.filter(sub__komponen__template=template).order_by("pk")[:jawab]:
        terbaik = max(kriteria.skala.opsi.all(), key=lambda o: o.nilai)
        Jawaban.objects.create(evaluasi=e, kriteria=kriteria, opsi_evaluator=terbaik, opsi_mandiri=terbaik)
    return e


def _finalkan(*evaluations, bekukan: bool = True):
    """Final as ``evaluasi_finalkan`` leaves them, scores frozen (``bekukan``), without its checks
    that every criterion is answered; unfrozen, as evaluations made final before scores were kept."""
    skor = skor_banyak(list(evaluations)) if bekukan else {}
    for e in evaluations:
        beku = {"skor": skor[e.pk].ke_data()} if bekukan else {}
        Evaluasi.objects.filter(pk=e.pk).update(status=Evaluasi.Status.FINAL, beku=beku)


def test_overdue_recommendations_and_tasks(world):
    e = _evaluasi_final(world.opd, 2025)
    draft = _evaluasi_final(world.other_opd, 2026)  # still being scored: its recommendations are drafts
    lewat = datetime.date(2026, 9, 30)
    terlambat = Rekomendasi.objects.create(evaluasi=e, nomor=1, uraian="Perbaiki cascading", batas_waktu=lewat)
    Rekomendasi.objects.create(
        evaluasi=e, nomor=2, uraian="Sudah", batas_waktu=lewat, status=Rekomendasi.Status.SELESAI
    )
    Rekomendasi.objects.create(evaluasi=e, nomor=3, uraian="Nanti", batas_waktu=datetime.date(2027, 3, 31))
    Rekomendasi.objects.create(evaluasi=draft, nomor=1, uraian="Draf", batas_waktu=lewat)
    _finalkan(e)
    other_pemda = _evaluasi_final(world.other_pemda_opd, 2025)
    Rekomendasi.objects.create(evaluasi=other_pemda, nomor=1, uraian="Pemda lain", batas_waktu=lewat)
    _finalkan(other_pemda)

    user = world.users["pimpinan"]
    terbit = Instruksi.objects.create(
        pemda=world.pemda, perihal="Kekeringan", status=Instruksi.Status.DITERBITKAN, dibuat_oleh=user
    )
    draf = Instruksi.objects.create(pemda=world.pemda, perihal="Draf", dibuat_oleh=user)
    tugas = Tugas.objects.create(
        instruksi=terbit, opd=world.opd, uraian="Air bersih 10 desa", target=10, satuan="desa", batas_waktu=lewat
    )
    Tugas.objects.create(
        instruksi=terbit,
        opd=world.other_opd,
        uraian="Tercapai",
        target=1,
        satuan="desa",
        batas_waktu=lewat,
        status=Tugas.Status.TERCAPAI,
    )
    Tugas.objects.create(
        instruksi=terbit,
        opd=world.other_opd,
        uraian="Belum jatuh tempo",
        target=1,
        satuan="desa",
        batas_waktu=datetime.date(2026, 12, 31),
    )
    Tugas.objects.create(instruksi=draf, opd=world.opd, uraian="Draf", target=1, satuan="desa", batas_waktu=lewat)

    # A task of last year the daily job closed as missed: not on the 2026 dashboard.
    Tugas.objects.create(
        instruksi=terbit,
        opd=world.opd,
        uraian="Tahun lalu",
        target=1,
        satuan="desa",
        batas_waktu=datetime.date(2025, 12, 1),
        status=Tugas.Status.TIDAK_TERCAPAI,
    )

    d = dasbor.dasbor_pimpinan(user, world.pemda, TAHUN, HARI)
    assert [(t.uraian, t.opd, t.terlambat) for t in d.rekomendasi_terlambat] == [
        (f"1. {terlambat.uraian}", world.opd, True)
    ]
    assert d.rekomendasi_terlambat[0].url == reverse("evaluasi:rekomendasi_detail", args=[terlambat.pk])
    assert [(t.uraian, t.opd, t.status) for t in d.tugas_terlambat] == [
        ("Kekeringan: Air bersih 10 desa", world.opd, "Berjalan")
    ]
    assert d.tugas_terlambat[0].url == tugas.get_absolute_url()

    # The OPD's deadlines: its open recommendations (overdue or not) and its open tasks.
    opd = dasbor.dasbor_opd(world.opd, TAHUN, HARI)
    assert [t.uraian for t in opd.rekomendasi] == ["1. Perbaiki cascading", "3. Nanti"]
    assert [t.terlambat for t in opd.rekomendasi] == [True, False]
    assert [t.uraian for t in opd.tugas] == ["Kekeringan: Air bersih 10 desa"]
    assert [t.uraian for t in dasbor.dasbor_opd(world.other_opd, TAHUN, HARI).tugas] == [
        "Kekeringan: Belum jatuh tempo"
    ]

    # The daily job closes the overdue task as missed: it stays on the leaders' list, labelled so.
    tutup_lewat_tenggat(HARI)
    tugas.refresh_from_db()
    assert tugas.status == Tugas.Status.TIDAK_TERCAPAI
    d = dasbor.dasbor_pimpinan(user, world.pemda, TAHUN, HARI)
    assert [(t.uraian, t.opd, t.status, t.terlambat) for t in d.tugas_terlambat] == [
        ("Kekeringan: Air bersih 10 desa", world.opd, "Tidak tercapai", True)
    ]
    assert d.tugas_terlambat[0].url == tugas.get_absolute_url()
    # Nothing is left for the OPD to do on it: no longer among its open deadlines.
    assert dasbor.dasbor_opd(world.opd, TAHUN, HARI).tugas == []


def test_evaluation_scores_trend_and_change(world):
    lalu = _evaluasi_final(world.opd, 2025, jawab=2)
    kini = _evaluasi_final(world.opd, 2026, jawab=6)
    pemda_wide = _evaluasi_final(None, 2026, pemda=world.pemda, jawab=3)
    belum = _evaluasi_final(world.other_opd, 2026, jawab=4)  # not final: not on the trend
    _finalkan(lalu, kini, pemda_wide)
    t = dasbor.tren_evaluasi(world.users["pimpinan"], world.pemda, [world.opd, world.other_opd], TAHUN)
    assert t.tahun == [2025, 2026]
    (row,) = t.opd
    assert row.opd == world.opd
    nilai_lalu, nilai_kini = hasil(lalu).total, hasil(kini).total
    assert nilai_kini > nilai_lalu > 0
    assert row.per_tahun == {2025: nilai_lalu, 2026: nilai_kini}
    assert row.perubahan == nilai_kini - nilai_lalu
    assert row.grade == hasil(kini).predikat
    assert t.pemda.per_tahun == {2026: hasil(pemda_wide).total}
    assert t.grafik.tabel.kolom[1:] == ["Pemda", "Rata-rata perangkat daerah"]
    assert belum.opd not in [r.opd for r in t.opd]
    assert "<svg" in t.grafik.svg


def test_evaluation_scores_build_each_worksheet_once(world, monkeypatch):
    """The dashboards score many evaluations of one worksheet: the worksheet (and each criterion's
    best answer) is read once, not once per evaluation, and the figures are ``hasil``'s. These were
    made final behind the workflow's back (as before scores were frozen), so they are computed."""
    made = [
        _evaluasi_final(world.opd, 2025, jawab=5),
        _evaluasi_final(world.other_opd, 2025, jawab=2),
        _evaluasi_final(None, 2025, pemda=world.pemda, jawab=7),
        _evaluasi_final(world.opd, 2026),  # nothing answered yet
    ]
    _finalkan(*made[:3], bekukan=False)
    evaluations = list(Evaluasi.objects.filter(pk__in=[e.pk for e in made]))
    n = Kriteria.objects.filter(sub__komponen__template=evaluations[0].template).count()
    reads = []
    maksimum = Kriteria.maksimum
    monkeypatch.setattr(Kriteria, "maksimum", property(lambda k: reads.append(k.pk) or maksimum.fget(k)))
    results = skor_banyak(evaluations)
    assert len(reads) == n  # one worksheet for the four evaluations and both sides
    monkeypatch.undo()
    for e in evaluations:
        expected, mandiri = hasil(e), hasil(e, sisi="mandiri")
        skor = results[e.pk]
        assert (skor.evaluator.total, skor.evaluator.predikat, skor.evaluator.sub) == (
            expected.total,
            expected.predikat,
            expected.sub,
        )
        assert skor.mandiri == mandiri
        assert skor.kriteria == n
    assert results[made[0].pk].evaluator.total > results[made[1].pk].evaluator.total > 0
    assert [results[e.pk].dijawab_evaluator for e in made] == [5, 2, 7, 0]
    assert [results[e.pk].dijawab_mandiri for e in made] == [5, 2, 7, 0]
    assert skor_banyak([]) == {}


def test_finalising_freezes_the_scores_the_dashboards_read(world, django_assert_num_queries):
    """``evaluasi_finalkan`` keeps both sides' scores and the answered counts in ``beku``; the
    dashboards read them from there with no query, the same as computing them."""
    e = _evaluasi_final(world.opd, 2025, jawab=6)
    template = e.template
    for kriteria in Kriteria.objects.filter(sub__komponen__template=template).order_by("pk")[6:]:
        Jawaban.objects.create(evaluasi=e, kriteria=kriteria, opsi_evaluator=kriteria.skala.opsi.order_by("nilai")[0])
    computed = skor_banyak([e])[e.pk]
    evaluasi_finalkan(evaluasi=e, user=world.users["evaluator"])
    e = Evaluasi.objects.get(pk=e.pk)
    assert e.beku["skor"]["evaluator"]["total"] == str(computed.evaluator.total)
    with django_assert_num_queries(0):
        frozen = skor_banyak([e])[e.pk]
        listed = hasil_banyak([e])[e.pk]  # the evaluation list and recap
    assert frozen == computed and listed == (computed.mandiri, computed.evaluator)
    assert (frozen.kriteria, frozen.dijawab_evaluator, frozen.dijawab_mandiri) == (
        computed.kriteria,
        computed.kriteria,
        6,
    )
    assert frozen.evaluator == hasil(e) and frozen.mandiri == hasil(e, sisi="mandiri")
    with django_assert_num_queries(1):
        tren = dasbor.tren_evaluasi(world.users["pimpinan"], world.pemda, [world.opd], 2025)
    assert tren.opd[0].nilai == computed.evaluator.total and tren.opd[0].grade == computed.evaluator.predikat


def test_absorption_against_capaian(world, plan):
    SerapanAnggaran.objects.create(opd=world.opd, tahun=TAHUN, bulan=9, pagu=1000, realisasi_sd=500)
    SerapanAnggaran.objects.create(opd=world.opd, tahun=TAHUN, bulan=10, pagu=1000, realisasi_sd=640)
    SerapanAnggaran.objects.create(opd=world.opd, tahun=TAHUN, bulan=12, pagu=1000, realisasi_sd=900)  # after HARI
    d = dasbor.dasbor_pimpinan(world.users["pimpinan"], world.pemda, TAHUN, HARI)
    (row,) = [r for r in d.efisiensi_baris if r["opd"] == world.opd]
    assert row["serapan"] == D("64.00") and row["bulan"] == 10
    assert row["capaian"].nilai == _peta(d, world.opd).tahun.nilai
    assert d.efisiensi.tabel.baris[0][0] == f"1. {world.opd.singkatan}"
    assert d.efisiensi.tabel.baris[0][1] == "64"
    opd = dasbor.dasbor_opd(world.opd, TAHUN, HARI)
    assert opd.serapan.persen == D("64.00") and opd.bulan_serapan == "Oktober"
    assert opd.target_serapan is not None and opd.deviasi_serapan == D("64.00") - opd.target_serapan
    # On Beranda the scatter's numbers are the efficiency table's: each OPD once, numbered as its point.
    html = render_to_string("sakip/dasbor_pimpinan.html", {"d": d})
    table = html[html.index('data-testid="tabel-efisiensi"') :]
    table = table[: table.index("</table>")]
    cells = [" ".join(c.split()) for c in re.findall(r"<td[^>]*>(.*?)</td>", table.split("</tr>")[1], re.S)]
    assert cells[:5] == ["1", world.opd.nama, "64,00", "Oktober", format_decimal(row["capaian"].nilai, 2)]
    assert d.efisiensi.tabel.baris and "grafik-tabel" not in html  # the scatter's numbers are not shown twice


def test_opd_dashboard_pk_status_and_entry_windows(world, plan):
    PerjanjianFactory(opd=world.opd, periode=_periode(world.pemda), tahun=TAHUN, unit=world.units["own"])
    d = dasbor.dasbor_opd(world.opd, TAHUN, HARI)
    assert sorted(pk.status for pk in d.perjanjian) == ["ditetapkan", "draft"]
    assert [j.belum_diisi for j in d.jadwal] == [0, 1, 3, 2]
    assert (d.kelengkapan.diharapkan, d.kelengkapan.diisi, d.kelengkapan.terverifikasi) == (9, 5, 3)


def test_evaluator_queue_and_progress(world, plan):
    _realisasi(world.other_opd, plan["c1"], 1, 5, Status.DIAJUKAN)
    other_periode = _periode(world.other_pemda)
    far = IndikatorFactory(sasaran=SasaranFactory(periode=other_periode, opd=world.other_pemda_opd))
    _realisasi(world.other_pemda_opd, far, 1, 5, Status.DIAJUKAN)  # another pemda: not in the queue
    e = _evaluasi_final(world.opd, TAHUN, jawab=3)  # still being scored
    d = dasbor.dasbor_evaluator(world.users["evaluator"], world.pemda, TAHUN)
    assert {(a.nama, a.jumlah) for a in d.antrean} == {(world.opd.nama, 1), (world.other_opd.nama, 1)}
    assert d.jumlah_antrean == 2
    assert all(a.url.startswith(reverse("perjanjian:verifikasi")) for a in d.antrean)
    own = next(p for p in d.progres if p.opd == world.opd)
    n = Kriteria.objects.filter(sub__komponen__template=e.template).count()
    assert (own.kriteria, own.dijawab_evaluator, own.dijawab_mandiri) == (n, 3, 3)
    assert own.persen_evaluator == (D(300) / n).quantize(D("0.01"))
    assert own.total == hasil(e).total
    other = next(p for p in d.progres if p.opd == world.other_opd)
    assert other.evaluasi is None and other.total is None


# --- Pages and scope -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "dashboard"),
    [
        ("pimpinan", "pimpinan"),
        ("admin_pemda", "pimpinan"),
        ("superuser", "pimpinan"),
        ("kepala_opd", "opd"),
        ("perencana", "opd"),
        ("evaluator", "evaluator"),
    ],
)
def test_home_shows_the_dashboard_of_the_role(world, plan, client_for, role, dashboard):
    client = client_for(role)
    if role == "superuser":
        client.post(reverse("pemda_switch", args=[world.pemda.pk]))
    response = client.get(reverse("home"), {"tahun": TAHUN})
    assert response.status_code == 200
    assert response.context["dasbor"] == dashboard
    page = response.content.decode()
    assert f'data-testid="dasbor-{dashboard}"' in page
    assert 'data-testid="menunggu-anda"' in page  # "Menunggu Anda" of the notifications module


def test_the_evaluation_followed_in_a_year_is_of_the_year_before(world, plan, client_for):
    """SAKIP evaluations of 2025 are held in 2026: Beranda of 2026 shows them."""
    dinilai = _evaluasi_final(world.opd, TAHUN - 1, jawab=3)  # still being scored
    evaluator = client_for("evaluator").get(reverse("home"), {"tahun": TAHUN})
    d = evaluator.context["d"]  # the context the dashboard's fragment was rendered with
    assert d.tahun == TAHUN - 1
    assert next(p for p in d.progres if p.opd == world.opd).evaluasi == dinilai
    assert f"Progres evaluasi SAKIP atas kinerja tahun {TAHUN - 1}" in evaluator.content.decode()

    _finalkan(dinilai)
    pimpinan = client_for("pimpinan").get(reverse("home"), {"tahun": TAHUN})
    t = pimpinan.context["d"].evaluasi  # the context the dashboard's fragment was rendered with
    assert t.tahun[-1] == TAHUN - 1
    assert [(r.opd, r.grade) for r in t.opd] == [(world.opd, hasil(dinilai).predikat)]


def test_admin_keeps_the_organisation_counts(world, plan, client_for):
    response = client_for("admin_pemda").get(reverse("home"))
    assert response.context["counts"]["pengguna"] > 0
    assert 'data-testid="peta-capaian"' in response.content.decode()


def test_superuser_keeps_the_pemda_list_above_the_dashboard(world, client_for):
    response = client_for("superuser").get(reverse("home"))
    assert response.context["dasbor"] == "pimpinan"  # of the active pemda
    assert world.other_pemda.nama in response.content.decode()


def test_no_dashboard_without_a_pemda(world, rf):
    from sakip.views_dasbor import jenis_dasbor

    assert jenis_dasbor(world.users["superuser"], None) == ""
    assert jenis_dasbor(world.users["evaluator"], world.pemda) == "evaluator"


def test_pimpinan_heat_map_page(world, plan, client_for):
    page = client_for("pimpinan").get(reverse("home"), {"tahun": TAHUN}).content.decode()
    assert "88,75" in page  # the Indonesian format
    assert 'class="num bg-primary-subtle" title="Tinggi">88,75' in page
    assert page.count("<svg") >= 2  # the evaluation trend and the efficiency scatter
    assert reverse("dasbor_opd", args=[world.opd.pk]) in page


def test_year_selector(world, plan, client_for):
    client = client_for("pimpinan")
    assert client.get(reverse("home")).context["tahun"] == timezone.localdate().year
    response = client.get(reverse("home"), {"tahun": 2025})
    assert response.context["tahun"] == 2025
    assert all(row.jumlah_indikator == 0 for row in response.context["d"].peta)  # no 2025 PK
    assert '<option value="2025" selected>' in response.content.decode()


def test_opd_user_never_sees_another_opd(world, plan, client_for):
    for role in ("kepala_opd", "perencana"):
        client = client_for(role)
        response = client.get(reverse("home"), {"tahun": TAHUN})
        d = response.context["d"]
        assert d.rincian.opd == world.opd
        page = response.content.decode()
        assert "Cakupan imunisasi" in page
        assert "Angka partisipasi sekolah" not in page and world.other_opd.nama not in page
        assert client.get(reverse("dasbor_opd", args=[world.other_opd.pk])).status_code == 404
        assert client.get(reverse("dasbor_opd", args=[world.opd.pk])).status_code == 200


def test_other_pemda_is_never_on_the_dashboard(world, plan, client_for):
    other_leader = f.UserFactory(role=Role.PIMPINAN, pemda=world.other_pemda)
    client = client_for("anon")
    client.force_login(other_leader)
    response = client.get(reverse("home"), {"tahun": TAHUN})
    d = response.context["d"]  # the dashboard's fragment
    assert [row.opd for row in d.peta] == [world.other_pemda_opd]
    assert "Cakupan imunisasi" not in response.content.decode()
    assert client.get(reverse("dasbor_opd", args=[world.opd.pk])).status_code == 404


def test_drill_down_page(world, plan, client_for):
    response = client_for("pimpinan").get(reverse("dasbor_opd", args=[world.opd.pk]), {"tahun": TAHUN})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="peta-sasaran"' in page and "102,5" in page
    assert "Cakupan imunisasi" in page and "Puskesmas terakreditasi" in page
    assert f'id="sasaran-{plan["a1"].sasaran_id}"' in page
    # Realisations not yet counted carry their status label, never the stored code.
    badge = '<span class="badge text-bg-light border" title="Belum dihitung: belum terverifikasi">'
    assert f"{badge}Draf</span>" in page and f"{badge}Diajukan</span>" in page
    assert f"{badge}draf</span>" not in page and f"{badge}diajukan</span>" not in page


# --- Constant queries ----------------------------------------------------------------------------


def grow(world, times: int, start: int = 0) -> None:
    """More OPDs with sasaran, indicators and realisations of every status; final evaluations with
    answers and overdue recommendations; IKP tasks; absorption entries; more of the same for Dinkes."""
    pemda = world.pemda
    periode = _periode(pemda)
    user = world.users["pimpinan"]
    instruksi = Instruksi.objects.create(
        pemda=pemda, perihal=f"Instruksi {start}", status=Instruksi.Status.DITERBITKAN, dibuat_oleh=user
    )
    statuses = [Status.TERVERIFIKASI, Status.DIAJUKAN, Status.DRAFT, Status.DIKEMBALIKAN]
    for i in range(start, start + times):
        opd = f.OpdFactory(pemda=pemda)
        f.UserFactory(role=Role.PERENCANA, pemda=pemda, opd=opd)
        for target_opd in (opd, world.opd):
            sasaran = [SasaranFactory(periode=periode, opd=target_opd) for _ in range(2)]
            indikator = [IndikatorFactory(sasaran=s) for s in sasaran for _ in range(2)]
            pk = PerjanjianFactory(opd=target_opd, periode=periode, tahun=TAHUN, unit=f.UnitFactory(opd=target_opd))
            for ind in indikator:
                BarisFactory(perjanjian=pk, indikator=ind, target=100, tw1=25, tw2=50, tw3=75, tw4=100)
            PerjanjianKinerja.objects.filter(pk=pk.pk).update(status=PerjanjianKinerja.Status.DITETAPKAN)
            for n, ind in enumerate(indikator):
                for tw in (1, 2, 3):
                    _realisasi(target_opd, ind, tw, 20 + n + tw, statuses[(n + tw) % 4])
        e = _evaluasi_final(opd, 2025, jawab=2)
        Rekomendasi.objects.create(evaluasi=e, uraian=f"Rekomendasi {i}", batas_waktu=datetime.date(2026, 6, 30))
        _finalkan(e)
        _evaluasi_final(opd, TAHUN, jawab=1)
        Tugas.objects.create(
            instruksi=instruksi,
            opd=opd,
            uraian="Tugas",
            target=1,
            satuan="kasus",
            batas_waktu=datetime.date(2026, 10, 1),
        )
        Tugas.objects.create(
            instruksi=instruksi,
            opd=world.opd,
            uraian=f"Tugas {i}",
            target=1,
            satuan="kasus",
            batas_waktu=datetime.date(2026, 10, 1),
        )
        for bulan in (8, 9, 10):
            SerapanAnggaran.objects.create(opd=opd, tahun=TAHUN, bulan=bulan, pagu=1000, realisasi_sd=100 * bulan)
        SerapanAnggaran.objects.create(opd=world.opd, tahun=TAHUN, bulan=1 + i % 11, pagu=1000, realisasi_sd=10)


def count_queries(client, url) -> int:
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# Each page's ceiling: its dashboard's own queries (as ``sakip.dasbor`` documents them, pinned in
# test_dashboard_query_budgets below) plus what every page runs (session, user, active pemda, menu,
# notification bell) and "Menunggu Anda"; the admin's Beranda also counts the organisation, and the
# superuser's lists the pemda.
PAGES = [
    ("pimpinan", "home", False, 15),
    ("admin_pemda", "home", False, 15),
    ("superuser", "home", False, 15),
    ("kepala_opd", "home", False, 15),
    ("perencana", "home", False, 15),
    ("evaluator", "home", False, 15),
    ("pimpinan", "dasbor_opd", True, 9),
    ("kepala_opd", "dasbor_opd", True, 10),
]


@pytest.mark.parametrize(("role", "name", "opd", "budget"), PAGES)
def test_query_count_does_not_grow_with_data(world, client_for, role, name, opd, budget):
    client = client_for(role)
    if role == "superuser":
        client.post(reverse("pemda_switch", args=[world.pemda.pk]))
    url = reverse(name, args=[world.opd.pk] if opd else None) + f"?tahun={TAHUN}"
    grow(world, 1)  # two OPDs with data (Dinkes and one more)
    small = count_queries(client, url)
    grow(world, 5, start=1)  # six OPDs, Dinkes with six times the indicators and realisations
    large = count_queries(client, url)
    assert small > 0
    assert small == large, f"{role} {name}: {small} queries with little data, {large} with more"
    assert large <= budget, f"{role} {name}: {large} queries, over its budget of {budget}"


# What sakip/dasbor.py's docstrings promise for each dashboard, whatever the size of the data.
BUDGETS = [("pimpinan", 10), ("opd", 11), ("evaluator", 9), ("rincian", 5)]


@pytest.mark.parametrize(("dashboard", "budget"), BUDGETS)
def test_dashboard_query_budgets(world, dashboard, budget):
    grow(world, 3)
    build = {
        "pimpinan": lambda: dasbor.dasbor_pimpinan(world.users["pimpinan"], world.pemda, TAHUN, HARI),
        "opd": lambda: dasbor.dasbor_opd(world.opd, TAHUN, HARI),
        "evaluator": lambda: dasbor.dasbor_evaluator(world.users["evaluator"], world.pemda, TAHUN),
        "rincian": lambda: dasbor.rincian_opd(world.opd, TAHUN),
    }[dashboard]
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        build()
    assert 0 < len(queries) <= budget, f"{dashboard}: {len(queries)} queries, over its budget of {budget}"


# --- The leaders' dashboard in a shared cache ----------------------------------------------------


def _beranda(client) -> tuple[int, str]:
    """Beranda's queries, and its dashboard's HTML."""
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home") + f"?tahun={TAHUN}")
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('data-testid="dasbor-')
    return len(queries), html[start : html.index('<h2 class="h5 mt-4">', start)]


CACHED = {
    "pimpinan": lambda w: dasbor.dasbor_pimpinan(w.users["pimpinan"], w.pemda, TAHUN, HARI),
    "kepala_opd": lambda w: dasbor.dasbor_opd(w.opd, TAHUN, HARI),
    "evaluator": lambda w: dasbor.dasbor_evaluator(w.users["evaluator"], w.pemda, TAHUN - 1),
}


@pytest.mark.parametrize("role", CACHED)
def test_the_dashboard_is_kept_until_the_data_changes(
    world, plan, client_for, shared_cache, django_capture_on_commit_callbacks, role
):
    client = client_for(role)
    first, html = _beranda(client)
    reset_queries()
    with CaptureQueriesContext(connection) as dashboard:
        CACHED[role](world)
    again, cached = _beranda(client)
    assert cached == html
    assert first > len(dashboard)
    assert again == 0  # the whole page, the session and the user come from the shared cache
    # A realisation verified (a history record) shows as soon as it is committed: b1's TW II leaves
    # the verification queue and enters the capaian.
    realisasi = Realisasi.objects.get(indikator=plan["b1"], tahun=TAHUN, triwulan=2)
    realisasi.status = Status.TERVERIFIKASI
    with django_capture_on_commit_callbacks(execute=True):
        realisasi.save()
    after, fresh = _beranda(client)
    assert fresh != html
    assert after >= len(dashboard)  # built anew (the session and the user still from the cache)
    assert _beranda(client) == (0, fresh)


def test_a_change_in_another_pemda_keeps_the_dashboard(
    world, plan, client_for, shared_cache, django_capture_on_commit_callbacks
):
    client = client_for("pimpinan")
    first, html = _beranda(client)
    other = world.other_pemda_opd
    with django_capture_on_commit_callbacks(execute=True):
        SasaranFactory(periode=_periode(other.pemda), opd=other, kode="SS.Z")
    queries, cached = _beranda(client)
    assert cached == html and queries < first


def test_each_role_and_day_has_its_own_copy(world, plan, client_for, shared_cache, monkeypatch):
    pimpinan = client_for("pimpinan")
    _beranda(pimpinan)
    cached = _beranda(pimpinan)[0]
    assert _beranda(client_for("admin_pemda"))[0] > cached + 3  # the admin's is built anew
    kepala = client_for("kepala_opd")
    _beranda(kepala)
    perencana, queries = client_for("perencana"), _beranda(kepala)[0]
    assert _beranda(perencana)[0] <= queries + 1  # the OPD's is its head's and planners' (+1: the menu)
    monkeypatch.setattr(dasbor, "hari_ini", lambda: HARI + datetime.timedelta(days=1))
    assert _beranda(pimpinan)[0] > cached  # overdue lists change with the day


def test_without_a_shared_cache_the_dashboard_is_built_each_visit(world, plan, client_for):
    client = client_for("pimpinan")
    assert _beranda(client)[0] == _beranda(client)[0]


def test_a_records_pemda_is_found_through_its_parents(world, plan):
    indikator = plan["a1"]
    assert versi_data.pemda_dari(indikator) == world.pemda.pk  # indikator -> sasaran.pemda
    assert versi_data.pemda_dari(world.opd) == world.pemda.pk
    assert versi_data.pemda_dari(world.pemda) == world.pemda.pk
    target = TargetIndikator.objects.create(indikator=indikator, tahun=2027, nilai=90)
    assert versi_data.pemda_dari(target) == world.pemda.pk  # target -> indikator -> sasaran.pemda
