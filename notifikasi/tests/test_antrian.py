""" "Menunggu Anda" per role: what is counted, where it links, other pemda see nothing, and the same
number of queries (one) at two data sizes."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluasi.models import Evaluasi, Rekomendasi, TemplateLKE
from evaluasi.services import evaluasi_buka
from iku_manual.tests.factories import IndikatorFactory, PeriodeFactory, SasaranFactory
from instruksi.models import Instruksi, Negosiasi, Tugas
from notifikasi.antrian import Antrian, menunggu, tautan
from perjanjian.models import PerjanjianKinerja, Realisasi
from perjanjian.tests.factories import PerjanjianFactory

BATAS = datetime.date(2026, 12, 31)


class Data:
    """Adds ``n`` items of every kind that waits for someone, each call in fresh years."""

    def __init__(self, world):
        self.world = world
        self.periode = PeriodeFactory(pemda=world.pemda)
        self.sasaran = SasaranFactory(periode=self.periode, opd=world.opd)
        self.template = TemplateLKE.objects.get(pemda=None, regulasi="12/2015")
        self.years = itertools.count(2000)
        self.serial = itertools.count(1)

    def _final_evaluation(self, opd, n: int) -> None:
        tahun = next(self.years)
        evaluasi = evaluasi_buka(pemda=self.world.pemda, opd=opd, tahun=tahun, template=self.template)
        for status in (Rekomendasi.Status.TERBUKA, Rekomendasi.Status.DIBUKA_KEMBALI, Rekomendasi.Status.DITANGGAPI):
            for _i in range(n):
                Rekomendasi.objects.create(
                    evaluasi=evaluasi, nomor=next(self.serial), uraian="Perbaiki", batas_waktu=BATAS, status=status
                )
        Evaluasi.objects.filter(pk=evaluasi.pk).update(status=Evaluasi.Status.FINAL)

    def add(self, n: int) -> None:
        w = self.world
        for _ in range(n):
            tahun = next(self.years)
            dikembalikan = PerjanjianKinerja.Status.DIKEMBALIKAN
            PerjanjianFactory(opd=w.opd, periode=self.periode, tahun=tahun, status=dikembalikan)
            PerjanjianFactory(
                opd=w.opd,
                periode=self.periode,
                tahun=tahun,
                unit=w.units["own"],
                status=PerjanjianKinerja.Status.DIAJUKAN,
                diajukan_oleh=w.users["perencana"],
            )
            indikator = IndikatorFactory(sasaran=self.sasaran)
            for triwulan, status in ((1, Realisasi.Status.DIKEMBALIKAN), (2, Realisasi.Status.DIAJUKAN)):
                Realisasi.objects.create(
                    opd=w.opd, indikator=indikator, tahun=2026, triwulan=triwulan, nilai=1, status=status
                )
            evaluasi_buka(pemda=w.pemda, opd=w.other_opd, tahun=next(self.years), template=self.template)
        self._final_evaluation(w.opd, n)
        self._final_evaluation(None, n)
        issued = Instruksi.objects.create(
            pemda=w.pemda, perihal="Kekeringan", status=Instruksi.Status.DITERBITKAN, dibuat_oleh=w.users["pimpinan"]
        )
        for _ in range(n):
            Instruksi.objects.create(pemda=w.pemda, perihal="Draf", dibuat_oleh=w.users["pimpinan"])
            tugas = Tugas.objects.create(
                instruksi=issued,
                opd=w.opd,
                uraian=f"Sumur bor {next(self.serial)}",
                target=10,
                satuan="unit",
                batas_waktu=BATAS,
                status=Tugas.Status.NEGOSIASI,
            )
            Negosiasi.objects.create(
                tugas=tugas,
                target_lama=10,
                batas_waktu_lama=BATAS,
                target_usulan=8,
                alasan="Anggaran terbatas",
                diajukan_oleh=w.users["kepala_opd"],
            )


EXPECTED = {
    # role: {title fragment: count per item added}
    "perencana": {"Perjanjian Kinerja dikembalikan": 1, "Realisasi dikembalikan": 1, "ditindaklanjuti": 1,
                  "Tindak lanjut rekomendasi dikembalikan": 1, "Tugas Instruksi": 1},
    "kepala_opd": {"menunggu penetapan": 1, "ditindaklanjuti": 1, "Tindak lanjut rekomendasi dikembalikan": 1,
                   "Tugas Instruksi": 1},
    "evaluator": {"menunggu verifikasi": 1, "menunggu penilaian": 2, "Evaluasi dalam penilaian": 1},
    "pimpinan": {"negosiasi": 1},
    "admin_pemda": {"ditindaklanjuti": 1, "Tindak lanjut rekomendasi dikembalikan": 1, "Draf Instruksi": 1},
    "superuser": {"menunggu verifikasi": 1, "menunggu penilaian": 2, "Evaluasi dalam penilaian": 1, "negosiasi": 1},
}  # fmt: skip


def counts(items: list[Antrian]) -> dict[str, int]:
    return {item.judul: item.jumlah for item in items}


def by_fragment(items: list[Antrian], fragment: str) -> Antrian:
    (found,) = [item for item in items if fragment in item.judul]
    return found


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_counts_and_constant_queries(world, role):
    user = world.users[role]
    data = Data(world)
    assert menunggu(user, world.pemda) == []
    data.add(1)
    with CaptureQueriesContext(connection) as small:
        first = menunggu(user, world.pemda)
    data.add(4)
    with CaptureQueriesContext(connection) as large:
        second = menunggu(user, world.pemda)
    assert len(small.captured_queries) == len(large.captured_queries) == 1  # every kind read together
    assert len(first) == len(EXPECTED[role]), counts(first)
    for fragment, per_item in EXPECTED[role].items():
        assert by_fragment(first, fragment).jumlah == per_item
        assert by_fragment(second, fragment).jumlah == 5 * per_item


def test_other_pemda_and_inactive_users_see_nothing(world):
    Data(world).add(1)
    assert menunggu(world.users["evaluator"], world.other_pemda) == []
    assert menunggu(world.users["perencana"], None) == []
    world.users["evaluator"].is_active = False
    assert menunggu(world.users["evaluator"], world.pemda) == []


def test_pemda_given_by_id(world):
    Data(world).add(1)
    assert menunggu(world.users["pimpinan"], world.pemda.pk) == menunggu(world.users["pimpinan"], world.pemda)


def test_links_one_item_opens_it_several_open_the_list(world):
    data = Data(world)
    data.add(1)
    perencana = world.users["perencana"]
    items = menunggu(perencana, world.pemda)
    pk = PerjanjianKinerja.objects.get(status=PerjanjianKinerja.Status.DIKEMBALIKAN)
    assert by_fragment(items, "Perjanjian Kinerja").tautan == reverse("perjanjian:pk_detail", args=[pk.pk])
    realisasi = Realisasi.objects.get(status=Realisasi.Status.DIKEMBALIKAN)
    assert by_fragment(items, "Realisasi").tautan == reverse("perjanjian:realisasi_detail", args=[realisasi.pk])
    data.add(1)
    items = menunggu(perencana, world.pemda)
    assert by_fragment(items, "Perjanjian Kinerja").tautan == reverse("perjanjian:pk_list") + f"?opd={world.opd.pk}"
    assert by_fragment(items, "Realisasi").tautan == reverse(
        "perjanjian:realisasi_triwulan", args=[world.opd.pk, 2026, 1]
    )
    assert by_fragment(items, "ditindaklanjuti").tautan == (
        reverse("evaluasi:rekomendasi_pantau") + "?tahun=2026&status=terbuka"
    )
    evaluator = menunggu(world.users["evaluator"], world.pemda)
    assert by_fragment(evaluator, "verifikasi").tautan == reverse("perjanjian:verifikasi")


def test_the_head_does_not_approve_what_it_submitted(world):
    data = Data(world)
    data.add(1)
    PerjanjianKinerja.objects.filter(status=PerjanjianKinerja.Status.DIAJUKAN).update(
        diajukan_oleh=world.users["kepala_opd"]
    )
    assert not [item for item in menunggu(world.users["kepala_opd"], world.pemda) if "penetapan" in item.judul]


def test_a_link_carries_its_filters():
    assert tautan("perjanjian:pk_list", query={"opd": 3}) == reverse("perjanjian:pk_list") + "?opd=3"


def test_the_leader_is_not_asked_about_a_proposal_of_a_closed_task(world):
    Data(world).add(2)
    pimpinan = world.users["pimpinan"]
    assert by_fragment(menunggu(pimpinan, world.pemda), "negosiasi").jumlah == 2
    # A task closed (its deadline passed) while a proposal still waits: nothing left to decide.
    closed = Tugas.objects.filter(status=Tugas.Status.NEGOSIASI).first()
    Tugas.objects.filter(pk=closed.pk).update(status=Tugas.Status.TIDAK_TERCAPAI)
    assert Negosiasi.objects.filter(tugas=closed, status=Negosiasi.Status.MENUNGGU).exists()
    assert by_fragment(menunggu(pimpinan, world.pemda), "negosiasi").jumlah == 1


def test_partial_renders_items_and_the_empty_state(rf):
    from django.template.loader import render_to_string

    html = render_to_string(
        "notifikasi/_menunggu.html", {"antrian": [Antrian("Realisasi menunggu verifikasi", 3, "/pk/verifikasi/")]}
    )
    assert "Realisasi menunggu verifikasi" in html and 'href="/pk/verifikasi/"' in html and ">3<" in html
    assert "Tidak ada yang menunggu" in render_to_string("notifikasi/_menunggu.html", {"antrian": []})
