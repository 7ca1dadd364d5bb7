"""The Perjanjian Kinerja pages: list, create, detail, header, rows, budget, workflow actions, PK
Perubahan and the comparison of versions. Each page with the trio (allowed, outside scope 404,
read-only 403); every write refused on a submitted or ditetapkan PK with the database unchanged."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iku_manual.models import SkalaKualitatif
from iku_manual.tests.factories import IndikatorFactory, PeriodeFactory, SasaranFactory, TargetFactory
from perjanjian import services
from perjanjian.models import AnggaranPK, BarisPK, PerjanjianKinerja
from perjanjian.tests.factories import AnggaranFactory, BarisFactory
from sakip.models import Pejabat, Role
from sakip.tests import factories as f

Status = PerjanjianKinerja.Status


def text(response) -> str:
    """The page as a reader sees it: tags dropped, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def messages_of(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


@pytest.fixture
def plan(world):
    """Our OPD's Renstra for 2025–2029 with three IKU (a cumulative number, a stabilize range and an
    opinion on a qualitative scale), one non-IKU indicator, and the officials who sign."""
    periode = PeriodeFactory(pemda=world.pemda)
    rpjmd = SasaranFactory(periode=periode, kode="S.1")
    ss1 = SasaranFactory(
        periode=periode, opd=world.opd, kode="SS.1", uraian="Meningkatnya gizi balita", parents=[rpjmd]
    )
    ss2 = SasaranFactory(
        periode=periode, opd=world.opd, kode="SS.2", uraian="Meningkatnya tata kelola", parents=[rpjmd], urutan=1
    )
    iku1 = IndikatorFactory(sasaran=ss1, kode="IKU.1", nama="Cakupan imunisasi", agregasi="kumulatif", satuan="%")
    TargetFactory(indikator=iku1, tahun=2026, nilai=Decimal("70"))
    iku2 = IndikatorFactory(sasaran=ss1, kode="IKU.2", nama="Rasio dokter", polaritas="stabilize", urutan=1)
    TargetFactory(indikator=iku2, tahun=2026, nilai=None, batas_bawah=Decimal("10"), batas_atas=Decimal("20"))
    opini = SkalaKualitatif.objects.get(nama="Opini BPK", pemda=None)
    iku3 = IndikatorFactory(sasaran=ss2, kode="IKU.3", nama="Opini BPK", skala=opini, satuan="predikat")
    TargetFactory(indikator=iku3, tahun=2026, nilai=Decimal("4"))
    TargetFactory(indikator=iku1, tahun=2027, nilai=Decimal("75"))
    TargetFactory(indikator=iku2, tahun=2027, nilai=None, batas_bawah=Decimal("10"), batas_atas=Decimal("20"))
    TargetFactory(indikator=iku3, tahun=2027, nilai=Decimal("4"))
    extra = IndikatorFactory(sasaran=ss2, kode="IK.9", nama="Indeks kepuasan layanan", is_iku=False, urutan=2)
    TargetFactory(indikator=extra, tahun=2026, nilai=Decimal("82.5"))
    kepala = f.PejabatFactory(
        opd=world.opd,
        unit=None,
        jenis_jabatan=Pejabat.JenisJabatan.KEPALA_OPD,
        nama="dr. Siti Kepala",
        nip="197001011995032001",
        jabatan="Kepala Dinas Kesehatan",
    )
    walikota = f.PejabatFactory(
        pemda=world.pemda,
        opd=None,
        unit=None,
        nip="",
        jenis_jabatan=Pejabat.JenisJabatan.KEPALA_DAERAH,
        nama="H. Wali Kota",
        jabatan="Wali Kota Uji",
    )
    world.periode, world.ss1, world.ss2 = periode, ss1, ss2
    world.iku1, world.iku2, world.iku3, world.extra = iku1, iku2, iku3, extra
    world.kepala, world.walikota = kepala, walikota
    return world


def new_pk(plan, **kwargs) -> PerjanjianKinerja:
    return services.pk_create(opd=plan.opd, periode=plan.periode, tahun=2026, user=plan.users["perencana"], **kwargs)


def complete(perjanjian: PerjanjianKinerja) -> PerjanjianKinerja:
    """Fill the quarterly targets so the draft can be submitted."""
    for row in perjanjian.baris.select_related("indikator"):
        if row.indikator.kode == "IKU.1":
            row.tw1, row.tw2, row.tw3, row.tw4 = Decimal(20), Decimal(40), Decimal(55), row.target
        else:
            row.tw4 = row.target or row.batas_atas
            row.tw1 = row.tw2 = row.tw3 = row.tw4
        row.save()
    return perjanjian


def approved(plan) -> PerjanjianKinerja:
    perjanjian = complete(new_pk(plan))
    AnggaranPK.objects.create(
        perjanjian=perjanjian, nama="Program Pemenuhan Upaya Kesehatan", kode="1.02.02", pagu=Decimal("1500000000")
    )
    services.pk_submit(perjanjian=perjanjian, user=plan.users["perencana"])
    return services.pk_approve(perjanjian=perjanjian, user=plan.users["kepala_opd"])


def other_pk(world, opd) -> PerjanjianKinerja:
    """A draft PK of another OPD or pemda, with one row."""
    periode = PeriodeFactory(pemda=opd.pemda)
    sasaran = SasaranFactory(periode=periode, opd=opd)
    perjanjian = PerjanjianKinerja.objects.create(opd=opd, periode=periode, tahun=2026)
    BarisFactory(perjanjian=perjanjian, indikator=IndikatorFactory(sasaran=sasaran), target=50)
    return perjanjian


def snapshot(perjanjian: PerjanjianKinerja):
    """Everything a write could touch, to prove it did not."""
    perjanjian = PerjanjianKinerja.objects.get(pk=perjanjian.pk)
    rows = list(perjanjian.baris.order_by("pk").values_list("indikator_id", "target", "tw1", "tw2", "tw3", "tw4"))
    budget = list(perjanjian.anggaran.order_by("pk").values_list("nama", "pagu", "sasaran_id"))
    header = (perjanjian.status, perjanjian.pihak_pertama_id, perjanjian.pihak_kedua_id, perjanjian.tempat)
    return header, rows, budget


# --- List ---------------------------------------------------------------------------------------------


def test_list_shows_the_pks_in_scope_with_filters(plan, client_for):
    own = new_pk(plan)
    services.pk_create(opd=plan.opd, periode=plan.periode, tahun=2027, user=plan.users["perencana"])
    other = other_pk(plan, plan.other_opd)
    other_pemda = other_pk(plan, plan.other_pemda_opd)

    planner = client_for("perencana")
    page = text(planner.get(reverse("perjanjian:pk_list")))
    assert page.count("Dinas Kesehatan") >= 2 and "Dinas Pendidikan" not in page
    assert "dr. Siti Kepala" in page and "Draf" in page
    response = planner.get(reverse("perjanjian:pk_list"))
    assert reverse("perjanjian:pk_create", args=[plan.opd.pk]) in response.content.decode()
    assert [pk.tahun for pk in response.context["page"]] == [2027, 2026]  # newest first

    filtered = planner.get(reverse("perjanjian:pk_list"), {"tahun": "2026"})
    assert [pk.pk for pk in filtered.context["page"]] == [own.pk]

    evaluator = client_for("evaluator")
    response = evaluator.get(reverse("perjanjian:pk_list"))
    shown = {pk.pk for pk in response.context["page"]}
    assert other.pk in shown and own.pk in shown and other_pemda.pk not in shown
    assert "Buat PK" not in text(response)  # the evaluator does not draft
    by_opd = evaluator.get(reverse("perjanjian:pk_list"), {"opd": plan.other_opd.pk})
    assert [pk.pk for pk in by_opd.context["page"]] == [other.pk]


def grow_list(plan, start: int, count: int) -> None:
    for offset in range(count):
        opd = f.OpdFactory(pemda=plan.pemda)
        unit = f.UnitFactory(opd=opd)
        pejabat = f.PejabatFactory(opd=opd, unit=unit)
        PerjanjianKinerja.objects.create(
            opd=opd,
            periode=plan.periode,
            tahun=2025 + (start + offset) % 5,
            unit=unit,
            pihak_pertama=pejabat,
            pihak_kedua=plan.kepala,  # both signatories, as real drafts have them
        )


def count_queries(client, url, params=None) -> int:
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


def test_list_query_count_does_not_grow(plan, client_for, django_assert_num_queries):
    client = client_for("evaluator")
    url = reverse("perjanjian:pk_list")
    grow_list(plan, 0, 2)
    small = count_queries(client, url)
    grow_list(plan, 2, 30)
    with django_assert_num_queries(small):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(small):
        assert client.get(url, {"tahun": "2026"}).status_code == 200


@pytest.mark.parametrize("params", [{"tahun": "²"}, {"opd": "²"}, {"tahun": "99999999999"}, {"opd": "9" * 30}])
def test_list_filters_ignore_what_is_not_a_number(plan, client_for, params):
    assert client_for("evaluator").get(reverse("perjanjian:pk_list"), params).status_code == 200


# --- Create -------------------------------------------------------------------------------------------


def test_planner_creates_a_pk_prefilled_from_the_renstra(plan, client_for):
    client = client_for("perencana")
    url = reverse("perjanjian:pk_create", args=[plan.opd.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"tahun": "2026"})
    perjanjian = PerjanjianKinerja.objects.get(opd=plan.opd, tahun=2026)
    assert response["Location"] == perjanjian.get_absolute_url()
    assert perjanjian.periode == plan.periode and perjanjian.unit is None
    assert [r.indikator.kode for r in perjanjian.baris.select_related("indikator")] == ["IKU.1", "IKU.2", "IKU.3"]
    assert perjanjian.pihak_pertama == plan.kepala and perjanjian.pihak_kedua == plan.walikota

    again = client.post(url, {"tahun": "2026"})
    assert again.status_code == 200
    assert "PK kepala perangkat daerah untuk tahun dan versi ini sudah ada." in text(again)
    assert PerjanjianKinerja.objects.filter(opd=plan.opd, tahun=2026).count() == 1
    assert 'value="2026" selected' in again.content.decode()  # the form keeps the choice


def test_year_outside_every_period_is_a_message(plan, client_for):
    response = client_for("perencana").post(reverse("perjanjian:pk_create", args=[plan.opd.pk]), {"tahun": "2031"})
    assert response.status_code == 200
    assert "Tahun 2031 tidak berada dalam periode RPJMD pemda ini." in text(response)
    assert not PerjanjianKinerja.objects.exists()


def test_a_unit_pk_is_cascaded_from_the_unit(plan, client_for):
    unit = plan.units["own"]
    program = SasaranFactory(
        periode=plan.periode, opd=plan.opd, kode="SP.1", tingkat="sasaran_program", unit=unit, parents=[plan.ss1]
    )
    TargetFactory(indikator=IndikatorFactory(sasaran=program, kode="IKP.1"), tahun=2026, nilai=90)
    response = client_for("perencana").post(
        reverse("perjanjian:pk_create", args=[plan.opd.pk]), {"tahun": "2026", "unit": unit.pk}
    )
    perjanjian = PerjanjianKinerja.objects.get(unit=unit)
    assert response["Location"] == perjanjian.get_absolute_url()
    assert [r.indikator.kode for r in perjanjian.baris.select_related("indikator")] == ["IKP.1"]
    assert perjanjian.pihak_kedua == plan.kepala


def test_create_trio(plan, client_for):
    assert client_for("kepala_opd").get(reverse("perjanjian:pk_create", args=[plan.opd.pk])).status_code == 403
    assert client_for("perencana").get(reverse("perjanjian:pk_create", args=[plan.other_opd.pk])).status_code == 404
    assert (
        client_for("evaluator").post(reverse("perjanjian:pk_create", args=[plan.opd.pk]), {"tahun": "2026"}).status_code
        == 403
    )
    assert not PerjanjianKinerja.objects.exists()


# --- Detail -------------------------------------------------------------------------------------------


def test_detail_shows_rows_by_sasaran_with_renstra_difference_and_budget(plan, client_for):
    perjanjian = new_pk(plan)
    row = perjanjian.baris.get(indikator=plan.iku1)
    row.target, row.tw4 = Decimal("75.5"), Decimal("75.5")
    row.save()
    AnggaranFactory(
        perjanjian=perjanjian, nama="Program Gizi", kode="1.02.02", pagu=Decimal("1250000000.5"), sasaran=plan.ss1
    )
    AnggaranFactory(perjanjian=perjanjian, nama="Program Tata Kelola", pagu=Decimal("250000000"))
    response = client_for("perencana").get(perjanjian.get_absolute_url())
    page = text(response)
    assert "SS.1 Meningkatnya gizi balita" in page and "SS.2 Meningkatnya tata kelola" in page
    assert page.index("SS.1 Meningkatnya") < page.index("IKU.2") < page.index("SS.2 Meningkatnya") < page.index("IKU.3")
    assert "IKU.1 Cakupan imunisasi Isi target keempat triwulan. % 75,5 70 +5,5" in page  # with its Renstra target
    assert "10 – 20" in page  # stabilize: the range
    assert "IKU.3 Opini BPK predikat WTP WTP" in page  # qualitative: the scale code
    assert "1.250.000.000,50" in page and "Jumlah 1.500.000.000,50" in page
    assert "Pihak pertama dr. Siti Kepala NIP 19700101 199503 2 001" in page
    assert "H. Wali Kota" in page
    # Masalah: the quarterly targets are incomplete, so it cannot be submitted yet.
    assert "Masalah" in page and "IKU.1 Cakupan imunisasi: Isi target keempat triwulan." in page
    assert "Selesaikan masalah di atas lebih dulu." in page
    html = response.content.decode()
    for name in ("pk_edit", "pk_baris", "pk_anggaran", "pk_ajukan", "pk_hapus", "pk_pdf", "pk_excel"):
        assert reverse(f"perjanjian:{name}", args=[perjanjian.pk]) in html, name
    assert reverse("perjanjian:pk_tetapkan", args=[perjanjian.pk]) not in html
    assert reverse("perjanjian:pk_perubahan", args=[perjanjian.pk]) not in html
    assert "Induk v1" in page
    assert "Riwayat perubahan" in page and "Indikator IKU.1 diubah" in page


def test_detail_buttons_follow_role_and_status(plan, client_for):
    perjanjian = complete(new_pk(plan))
    url = perjanjian.get_absolute_url()
    assert (
        reverse("perjanjian:pk_ajukan", args=[perjanjian.pk]) not in client_for("kepala_opd").get(url).content.decode()
    )
    services.pk_submit(perjanjian=perjanjian, user=plan.users["perencana"])
    kepala = client_for("kepala_opd").get(url).content.decode()
    assert reverse("perjanjian:pk_tetapkan", args=[perjanjian.pk]) in kepala
    assert reverse("perjanjian:pk_kembalikan", args=[perjanjian.pk]) in kepala
    planner = client_for("perencana").get(url).content.decode()
    assert reverse("perjanjian:pk_edit", args=[perjanjian.pk]) not in planner
    assert reverse("perjanjian:pk_tetapkan", args=[perjanjian.pk]) not in planner
    assert reverse("perjanjian:pk_hapus", args=[perjanjian.pk]) not in planner
    evaluator = client_for("evaluator").get(url).content.decode()
    for name in ("pk_tetapkan", "pk_kembalikan", "pk_ajukan", "pk_hapus", "pk_edit"):
        assert reverse(f"perjanjian:{name}", args=[perjanjian.pk]) not in evaluator, name


def test_returned_pk_shows_the_note_prominently(plan, client_for):
    perjanjian = complete(new_pk(plan))
    services.pk_submit(perjanjian=perjanjian, user=plan.users["perencana"])
    services.pk_return(perjanjian=perjanjian, user=plan.users["kepala_opd"], catatan="Target TW II terlalu rendah.")
    response = client_for("perencana").get(perjanjian.get_absolute_url())
    html = response.content.decode()
    assert 'class="alert alert-danger"' in html
    assert "Dikembalikan dengan catatan" in text(response) and "Target TW II terlalu rendah." in text(response)
    assert reverse("perjanjian:pk_baris", args=[perjanjian.pk]) in html  # editable again


def test_ditetapkan_pk_shows_the_frozen_signatories(plan, client_for):
    perjanjian = approved(plan)
    Pejabat.objects.filter(pk=plan.kepala.pk).update(nama="Pejabat Baru")
    page = text(client_for("pimpinan").get(perjanjian.get_absolute_url()))
    assert "dr. Siti Kepala" in page and "Pejabat Baru" not in page
    assert "dibekukan saat penetapan" in page and "Ditetapkan oleh" in page
    assert "Masalah" not in page
    # The history tells the steps; the frozen snapshot itself is not dumped into it.
    assert "Status: Diajukan → Ditetapkan" in page and "Status: Draf → Diajukan" in page
    assert "penandatangan:" not in page.lower() and "'pertama'" not in page


def test_detail_trio(plan, client_for):
    perjanjian = new_pk(plan)
    assert client_for("pimpinan").get(perjanjian.get_absolute_url()).status_code == 200
    assert client_for("perencana").get(other_pk(plan, plan.other_opd).get_absolute_url()).status_code == 404
    assert client_for("evaluator").get(other_pk(plan, plan.other_pemda_opd).get_absolute_url()).status_code == 404


def grow_pk(plan, perjanjian, times: int) -> None:
    """More rows (each its own indicator and sasaran) and budget lines, with history."""
    for _ in range(times):
        sasaran = SasaranFactory(periode=plan.periode, opd=plan.opd)
        indikator = IndikatorFactory(sasaran=sasaran)
        row = BarisFactory(perjanjian=perjanjian, indikator=indikator, target=10, target_renstra=12)
        row.tw4 = 10
        row.save()
        AnggaranFactory(perjanjian=perjanjian, sasaran=sasaran)


@pytest.mark.parametrize("role", ["perencana", "kepala_opd"])
def test_draft_detail_query_count_does_not_grow(plan, client_for, role, django_assert_num_queries):
    perjanjian = new_pk(plan)
    grow_pk(plan, perjanjian, 1)
    client = client_for(role)
    small = count_queries(client, perjanjian.get_absolute_url())
    assert small <= 25
    grow_pk(plan, perjanjian, 15)
    with django_assert_num_queries(small):
        assert client.get(perjanjian.get_absolute_url()).status_code == 200


def approved_perubahan(plan, tahun: int, rows: int) -> PerjanjianKinerja:
    """A ditetapkan PK with ``rows`` extra rows and budget lines, and its PK Perubahan (a draft)."""
    induk = services.pk_create(opd=plan.opd, periode=plan.periode, tahun=tahun, user=plan.users["perencana"])
    grow_pk(plan, induk, rows)
    BarisPK.objects.filter(perjanjian=induk, target__isnull=True, batas_atas__isnull=True).update(target=10)
    complete(induk)
    services.pk_submit(perjanjian=induk, user=plan.users["perencana"])
    services.pk_approve(perjanjian=induk, user=plan.users["kepala_opd"])
    return services.pk_perubahan(perjanjian=induk, user=plan.users["perencana"], alasan="Mutasi", dasar_hukum="SK 1")


def test_versions_query_count_does_not_grow(plan, client_for, django_assert_num_queries):
    """A ditetapkan version, its Perubahan and their comparison, with few rows and with many."""
    client = client_for("evaluator")
    small, large = approved_perubahan(plan, 2026, 1), approved_perubahan(plan, 2027, 15)
    for name in ("pk_detail", "pk_banding"):
        for pk in (small.pk, small.menggantikan_id):
            expected = count_queries(client, reverse(f"perjanjian:{name}", args=[pk]))
            other = large.pk if pk == small.pk else large.menggantikan_id
            with django_assert_num_queries(expected):
                assert client.get(reverse(f"perjanjian:{name}", args=[other])).status_code == 200


# --- Header -------------------------------------------------------------------------------------------


def test_planner_edits_the_header(plan, client_for):
    perjanjian = new_pk(plan)
    plt = f.PejabatFactory(opd=plan.opd, unit=None, jenis_jabatan="kepala_opd", status="plt", nama="Plt. Kepala")
    client = client_for("perencana")
    url = reverse("perjanjian:pk_edit", args=[perjanjian.pk])
    page = text(client.get(url))
    assert "Plt. Kepala" in page and "H. Wali Kota" in page
    response = client.post(
        url, {"pihak_pertama": plt.pk, "pihak_kedua": plan.walikota.pk, "tempat": "Kota Uji", "tanggal": "2026-01-31"}
    )
    assert response["Location"] == perjanjian.get_absolute_url()
    perjanjian.refresh_from_db()
    assert (perjanjian.pihak_pertama, perjanjian.tempat, str(perjanjian.tanggal)) == (plt, "Kota Uji", "2026-01-31")


def test_header_refuses_officials_of_another_pemda_or_opd(plan, client_for):
    perjanjian = new_pk(plan)
    url = reverse("perjanjian:pk_edit", args=[perjanjian.pk])
    stranger = plan.pejabat["other_pemda"]
    response = client_for("perencana").post(
        url, {"pihak_pertama": plan.pejabat["other_opd"].pk, "pihak_kedua": stranger.pk}
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"pihak_pertama", "pihak_kedua"}
    perjanjian.refresh_from_db()
    assert perjanjian.pihak_pertama == plan.kepala


def test_header_of_a_perubahan_needs_reason_and_legal_basis(plan, client_for):
    baru = services.pk_perubahan(
        perjanjian=approved(plan), user=plan.users["perencana"], alasan="Mutasi", dasar_hukum="SK 2/2026"
    )
    url = reverse("perjanjian:pk_edit", args=[baru.pk])
    response = client_for("perencana").post(
        url,
        {"pihak_pertama": plan.kepala.pk, "pihak_kedua": plan.walikota.pk, "alasan_perubahan": "", "dasar_hukum": ""},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"alasan_perubahan", "dasar_hukum"}
    assert "pergantian atau mutasi pejabat" in text(response)  # the three grounds as help text


def test_header_trio(plan, client_for):
    perjanjian = new_pk(plan)
    url = reverse("perjanjian:pk_edit", args=[perjanjian.pk])
    assert client_for("kepala_opd").get(url).status_code == 403
    assert client_for("evaluator").post(url, {"tempat": "X"}).status_code == 403
    other = other_pk(plan, plan.other_opd)
    assert client_for("perencana").get(reverse("perjanjian:pk_edit", args=[other.pk])).status_code == 404


@pytest.mark.parametrize("state", ["diajukan", "ditetapkan"])
def test_a_locked_pk_is_never_changed_by_the_edit_pages(plan, client_for, state):
    perjanjian = approved(plan) if state == "ditetapkan" else complete(new_pk(plan))
    if state == "diajukan":
        AnggaranFactory(perjanjian=perjanjian, nama="Program A")
        services.pk_submit(perjanjian=perjanjian, user=plan.users["perencana"])
    before = snapshot(perjanjian)
    client = client_for("perencana")
    response = client.get(reverse("perjanjian:pk_edit", args=[perjanjian.pk]))
    assert response["Location"] == perjanjian.get_absolute_url()
    assert any("tidak dapat diubah" in m or "sedang diajukan" in m for m in messages_of(response))
    row = perjanjian.baris.first()
    budget = perjanjian.anggaran.first()
    posts = {
        "pk_edit": {"pihak_pertama": plan.pejabat["own"].pk, "pihak_kedua": plan.walikota.pk, "tempat": "Lain"},
        "pk_baris": {
            "baris-TOTAL_FORMS": "1",
            "baris-INITIAL_FORMS": "1",
            "baris-0-id": row.pk,
            "baris-0-target": "99",
            "baris-0-DELETE": "on",
            "tambah-indikator": plan.extra.pk,
        },
        "pk_anggaran": {
            "anggaran-TOTAL_FORMS": "2",
            "anggaran-INITIAL_FORMS": "1",
            "anggaran-0-id": budget.pk,
            "anggaran-0-jenis": "program",
            "anggaran-0-nama": "Diganti",
            "anggaran-0-pagu": "1",
            "anggaran-0-DELETE": "on",
            "anggaran-1-jenis": "program",
            "anggaran-1-nama": "Baru",
            "anggaran-1-pagu": "5",
        },
        "pk_hapus": {},
    }
    for name, data in posts.items():
        response = client.post(reverse(f"perjanjian:{name}", args=[perjanjian.pk]), data)
        assert response.status_code == 302, name
        assert response["Location"] == perjanjian.get_absolute_url(), name
    assert snapshot(perjanjian) == before


# --- Rows ---------------------------------------------------------------------------------------------


def baris_data(perjanjian, values: dict[str, dict[str, str]], **extra) -> dict:
    """POST data for the rows page: ``values`` by indicator code; untouched rows keep their values."""
    rows = list(perjanjian.baris.select_related("indikator").order_by("urutan", "pk"))
    data = {"baris-TOTAL_FORMS": str(len(rows)), "baris-INITIAL_FORMS": str(len(rows)), "tambah-indikator": ""}
    for index, row in enumerate(rows):
        data[f"baris-{index}-id"] = str(row.pk)
        for name, value in values.get(row.indikator.kode, {}).items():
            data[f"baris-{index}-{name}"] = value
    data.update(extra)
    return data


def test_rows_take_indonesian_numbers_ranges_and_scale_codes(plan, client_for):
    perjanjian = new_pk(plan)
    url = reverse("perjanjian:pk_baris", args=[perjanjian.pk])
    client = client_for("perencana")
    page = text(client.get(url))
    assert "Skala: WTP, WDP, TW, TMP" in page
    data = baris_data(
        perjanjian,
        {
            "IKU.1": {"target": "1.234,5", "tw1": "300", "tw2": "600,25", "tw3": "900", "tw4": "1.234,5"},
            "IKU.2": {"batas_bawah": "12,5", "batas_atas": "18", "tw4": "15"},
            "IKU.3": {"target": "wdp", "tw4": "WDP"},
        },
    )
    response = client.post(url, data)
    assert response["Location"] == url
    rows = {r.indikator.kode: r for r in perjanjian.baris.select_related("indikator")}
    assert rows["IKU.1"].target == Decimal("1234.5") and rows["IKU.1"].tw2 == Decimal("600.25")
    assert rows["IKU.1"].target_renstra == Decimal("70")  # the Renstra target stays for the comparison
    assert (rows["IKU.2"].batas_bawah, rows["IKU.2"].batas_atas, rows["IKU.2"].target) == (Decimal("12.5"), 18, None)
    assert rows["IKU.3"].target == Decimal("3") and rows["IKU.3"].tw4 == Decimal("3")
    assert BarisPK.history.filter(history_user=plan.users["perencana"], history_type="~").count() == 3
    page = text(client.get(url))
    assert "+1.164,5" in page  # the difference from the Renstra target
    assert "Isi target keempat triwulan." in page  # rencana aksi check per row, as a warning


def test_rows_warn_about_the_quarterly_plan_after_saving(plan, client_for):
    perjanjian = new_pk(plan)
    url = reverse("perjanjian:pk_baris", args=[perjanjian.pk])
    client = client_for("perencana")
    data = baris_data(perjanjian, {"IKU.1": {"target": "70", "tw1": "20", "tw2": "10", "tw3": "55", "tw4": "65"}})
    response = client.post(url, data, follow=True)
    page = text(response)
    assert "Target dan rencana aksi disimpan." in page
    assert "Target triwulan IV harus sama dengan target tahunan." in page
    assert "Target kumulatif tidak boleh turun dari triwulan ke triwulan." in page
    assert perjanjian.baris.get(indikator=plan.iku1).tw4 == Decimal("65")  # a warning, not a refusal


def test_bad_input_keeps_what_was_typed_and_saves_nothing(plan, client_for):
    perjanjian = new_pk(plan)
    before = snapshot(perjanjian)
    url = reverse("perjanjian:pk_baris", args=[perjanjian.pk])
    data = baris_data(
        perjanjian,
        {
            "IKU.1": {"target": "80", "tw4": "1,234.5"},
            "IKU.2": {"batas_bawah": "30", "batas_atas": "20"},
            "IKU.3": {"target": "Baik sekali"},
        },
        **{"tambah-indikator": str(plan.extra.pk)},
    )
    response = client_for("perencana").post(url, data)
    assert response.status_code == 200
    page = text(response)
    assert "Gunakan koma untuk desimal dan titik untuk ribuan" in page
    assert "Batas bawah melebihi batas atas." in page
    assert "tidak ada pada skala" in page
    html = response.content.decode()
    assert 'value="1,234.5"' in html and 'value="Baik sekali"' in html and 'value="80"' in html
    assert snapshot(perjanjian) == before  # not even the valid row or the added indicator


def test_rows_are_removed_and_added(plan, client_for):
    perjanjian = new_pk(plan)
    url = reverse("perjanjian:pk_baris", args=[perjanjian.pk])
    client = client_for("perencana")
    choices = client.get(url).context["tambah"].fields["indikator"].queryset
    assert list(choices) == [plan.extra]  # only the OPD's indicators not yet in the PK
    data = baris_data(perjanjian, {"IKU.2": {"DELETE": "on"}}, **{"tambah-indikator": str(plan.extra.pk)})
    assert client.post(url, data)["Location"] == url
    rows = {r.indikator.kode: r for r in perjanjian.baris.select_related("indikator")}
    assert set(rows) == {"IKU.1", "IKU.3", "IK.9"}
    assert (rows["IK.9"].target, rows["IK.9"].target_renstra) == (Decimal("82.5"), Decimal("82.5"))


def test_rows_refuse_an_indicator_of_another_opd(plan, client_for):
    perjanjian = new_pk(plan)
    stranger = other_pk(plan, plan.other_opd).baris.get().indikator
    data = baris_data(perjanjian, {}, **{"tambah-indikator": str(stranger.pk)})
    response = client_for("perencana").post(reverse("perjanjian:pk_baris", args=[perjanjian.pk]), data)
    assert response.status_code == 200
    assert not perjanjian.baris.filter(indikator=stranger).exists()


def test_rows_refuse_a_row_of_another_pk(plan, client_for):
    perjanjian = new_pk(plan)
    stranger = other_pk(plan, plan.other_opd).baris.get()
    data = baris_data(perjanjian, {"IKU.1": {"target": "99"}})
    data["baris-0-id"] = str(stranger.pk)
    response = client_for("perencana").post(reverse("perjanjian:pk_baris", args=[perjanjian.pk]), data)
    assert response.status_code == 200
    assert "Baris ini tidak ditemukan dalam PK" in text(response)
    stranger.refresh_from_db()
    assert stranger.target == 50 and perjanjian.baris.get(indikator=plan.iku1).target == 70


def test_rows_page_without_data_shows_the_form_again(plan, client_for):
    perjanjian = new_pk(plan)
    response = client_for("perencana").post(reverse("perjanjian:pk_baris", args=[perjanjian.pk]), {})
    assert response.status_code == 200
    assert "belum ada yang disimpan" in text(response)


def test_rows_trio(plan, client_for):
    perjanjian = new_pk(plan)
    url = reverse("perjanjian:pk_baris", args=[perjanjian.pk])
    assert client_for("kepala_opd").get(url).status_code == 403
    assert client_for("pimpinan").post(url, baris_data(perjanjian, {"IKU.1": {"target": "1"}})).status_code == 403
    assert perjanjian.baris.get(indikator=plan.iku1).target == Decimal("70")
    other = other_pk(plan, plan.other_pemda_opd)
    assert client_for("perencana").get(reverse("perjanjian:pk_baris", args=[other.pk])).status_code == 404


# --- Budget -------------------------------------------------------------------------------------------


def anggaran_data(rows: list[dict], initial: int = 0) -> dict:
    data = {"anggaran-TOTAL_FORMS": str(len(rows)), "anggaran-INITIAL_FORMS": str(initial)}
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"anggaran-{index}-{name}"] = value
    return data


def test_budget_rows_in_rupiah(plan, client_for):
    perjanjian = new_pk(plan)
    url = reverse("perjanjian:pk_anggaran", args=[perjanjian.pk])
    client = client_for("perencana")
    choices = client.get(url).context["formset"].forms[0].fields["sasaran"].choices
    assert [label for value, label in choices[1:]] == ["SS.1 Meningkatnya gizi balita", "SS.2 Meningkatnya tata kelola"]
    data = anggaran_data(
        [
            {
                "jenis": "program",
                "kode": "1.02.02",
                "nama": "Program Gizi",
                "sasaran": plan.ss1.pk,
                "pagu": "1.250.000.000",
            },
            {"jenis": "kegiatan", "nama": "Kegiatan Posyandu", "pagu": "1.250.000.000,50", "keterangan": "DAK"},
            {"jenis": "program", "nama": "", "pagu": ""},  # an empty extra row is ignored
        ]
    )
    assert client.post(url, data)["Location"] == perjanjian.get_absolute_url()
    rows = list(perjanjian.anggaran.order_by("urutan"))
    assert [(r.nama, r.pagu, r.sasaran_id, r.urutan) for r in rows] == [
        ("Program Gizi", Decimal("1250000000"), plan.ss1.pk, 1),
        ("Kegiatan Posyandu", Decimal("1250000000.50"), None, 2),
    ]
    page = client.get(url)
    # The total counts the highest level present: the program, not again its kegiatan.
    assert "Jumlah (tersimpan) 1.250.000.000,00" in text(page)
    assert 'value="1.250.000.000,50"' in page.content.decode()  # shown again the Indonesian way, in Rupiah
    # Change one pagu, delete the other.
    data = anggaran_data(
        [
            {
                "id": rows[0].pk,
                "jenis": "program",
                "kode": "1.02.02",
                "nama": "Program Gizi",
                "sasaran": plan.ss1.pk,
                "pagu": "900.000.000",
            },
            {"id": rows[1].pk, "jenis": "kegiatan", "nama": "Kegiatan Posyandu", "pagu": "1", "DELETE": "on"},
        ],
        initial=2,
    )
    assert client.post(url, data).status_code == 302
    assert list(perjanjian.anggaran.values_list("nama", "pagu")) == [("Program Gizi", Decimal("900000000"))]


def test_budget_errors_keep_the_typed_rows(plan, client_for):
    perjanjian = new_pk(plan)
    url = reverse("perjanjian:pk_anggaran", args=[perjanjian.pk])
    data = anggaran_data(
        [
            {"jenis": "program", "nama": "Program Gizi", "pagu": "1.250.000"},
            {"jenis": "program", "nama": "Program Salah", "pagu": "1,250,000"},
            {"jenis": "program", "nama": "Program Minus", "pagu": "-5"},
            {"jenis": "program", "nama": "Program Sasaran Lain", "pagu": "5", "sasaran": "999999"},
        ]
    )
    response = client_for("perencana").post(url, data)
    assert response.status_code == 200
    page = text(response)
    assert "Format angka tidak dikenali" in page and "Anggaran tidak boleh negatif." in page
    assert 'value="1,250,000"' in response.content.decode() and "Program Gizi" in page
    assert not perjanjian.anggaran.exists()


def test_budget_page_without_data_and_trio(plan, client_for):
    perjanjian = new_pk(plan)
    url = reverse("perjanjian:pk_anggaran", args=[perjanjian.pk])
    assert client_for("perencana").post(url, {}).status_code == 200
    assert client_for("kepala_opd").get(url).status_code == 403
    assert (
        client_for("admin_pemda").post(url, anggaran_data([{"jenis": "program", "nama": "X", "pagu": "1"}])).status_code
        == 403
    )
    assert not perjanjian.anggaran.exists()
    other = other_pk(plan, plan.other_opd)
    assert client_for("perencana").get(reverse("perjanjian:pk_anggaran", args=[other.pk])).status_code == 404


# --- Workflow -----------------------------------------------------------------------------------------


def test_the_whole_workflow_through_the_pages(plan, client_for):
    perjanjian = new_pk(plan)
    BarisPK.objects.filter(perjanjian=perjanjian, indikator=plan.iku1).update(tw1=20)
    detail = perjanjian.get_absolute_url()
    planner = client_for("perencana")
    response = planner.post(reverse("perjanjian:pk_ajukan", args=[perjanjian.pk]))
    assert response["Location"] == detail
    assert "PK belum dapat diajukan." in messages_of(response)
    assert any("Isi target keempat triwulan." in m for m in messages_of(response))
    perjanjian.refresh_from_db()
    assert perjanjian.status == Status.DRAFT

    complete(perjanjian)
    planner.post(reverse("perjanjian:pk_ajukan", args=[perjanjian.pk]))
    perjanjian.refresh_from_db()
    assert perjanjian.status == Status.DIAJUKAN

    kepala = client_for("kepala_opd")
    response = kepala.post(reverse("perjanjian:pk_kembalikan", args=[perjanjian.pk]), {"catatan": "  "})
    assert "Tuliskan catatan: apa yang harus diperbaiki." in messages_of(response)
    perjanjian.refresh_from_db()
    assert perjanjian.status == Status.DIAJUKAN
    kepala.post(reverse("perjanjian:pk_kembalikan", args=[perjanjian.pk]), {"catatan": "Perbaiki TW II."})
    perjanjian.refresh_from_db()
    assert (perjanjian.status, perjanjian.catatan) == (Status.DIKEMBALIKAN, "Perbaiki TW II.")

    planner = client_for("perencana")
    planner.post(reverse("perjanjian:pk_ajukan", args=[perjanjian.pk]))
    kepala = client_for("kepala_opd")
    response = kepala.post(reverse("perjanjian:pk_tetapkan", args=[perjanjian.pk]))
    assert response["Location"] == detail
    perjanjian.refresh_from_db()
    assert perjanjian.status == Status.DITETAPKAN
    assert perjanjian.penandatangan["pertama"]["nama"] == "dr. Siti Kepala"


def test_whoever_submitted_cannot_approve(plan, client_for):
    perjanjian = complete(new_pk(plan))
    superuser = client_for("superuser")
    superuser.post(reverse("perjanjian:pk_ajukan", args=[perjanjian.pk]))
    perjanjian.refresh_from_db()
    assert perjanjian.status == Status.DIAJUKAN
    page = text(superuser.get(perjanjian.get_absolute_url()))
    assert "Anda yang mengajukan PK ini" in page
    response = superuser.post(reverse("perjanjian:pk_tetapkan", args=[perjanjian.pk]))
    assert "Yang mengajukan tidak dapat menetapkan perjanjian kinerja yang sama." in messages_of(response)
    perjanjian.refresh_from_db()
    assert perjanjian.status == Status.DIAJUKAN


def test_actions_trio(plan, client_for):
    perjanjian = complete(new_pk(plan))
    ajukan = reverse("perjanjian:pk_ajukan", args=[perjanjian.pk])
    assert client_for("perencana").get(ajukan).status_code == 405
    assert client_for("kepala_opd").post(ajukan).status_code == 403
    assert client_for("evaluator").post(reverse("perjanjian:pk_hapus", args=[perjanjian.pk])).status_code == 403
    services.pk_submit(perjanjian=perjanjian, user=plan.users["perencana"])
    assert client_for("perencana").post(reverse("perjanjian:pk_tetapkan", args=[perjanjian.pk])).status_code == 403
    kembalikan = reverse("perjanjian:pk_kembalikan", args=[perjanjian.pk])
    assert client_for("pimpinan").post(kembalikan, {"catatan": "x"}).status_code == 403
    perjanjian.refresh_from_db()
    assert perjanjian.status == Status.DIAJUKAN
    other = other_pk(plan, plan.other_opd)
    for name in ("pk_ajukan", "pk_kembalikan", "pk_tetapkan", "pk_hapus"):
        assert client_for("perencana").post(reverse(f"perjanjian:{name}", args=[other.pk])).status_code == 404, name
    # The head of another OPD sees nothing of ours.
    kepala_lain = f.UserFactory(role=Role.KEPALA_OPD, pemda=plan.pemda, opd=plan.other_opd)
    client = client_for("anon")
    client.force_login(kepala_lain)
    assert client.post(reverse("perjanjian:pk_tetapkan", args=[perjanjian.pk])).status_code == 404


def test_a_draft_is_deleted_but_never_a_ditetapkan_one(plan, client_for):
    perjanjian = new_pk(plan)
    response = client_for("perencana").post(reverse("perjanjian:pk_hapus", args=[perjanjian.pk]))
    assert response["Location"] == reverse("perjanjian:pk_list")
    assert not PerjanjianKinerja.objects.filter(pk=perjanjian.pk).exists()
    assert not BarisPK.objects.exists()

    ditetapkan = approved(plan)
    response = client_for("perencana").post(reverse("perjanjian:pk_hapus", args=[ditetapkan.pk]))
    assert "Perjanjian kinerja yang sudah ditetapkan tidak dapat dihapus." in messages_of(response)
    assert PerjanjianKinerja.objects.filter(pk=ditetapkan.pk).exists()
    assert ditetapkan.baris.count() == 3


def test_deleting_a_perubahan_draft_returns_to_the_previous_version(plan, client_for):
    induk = approved(plan)
    baru = services.pk_perubahan(perjanjian=induk, user=plan.users["perencana"], alasan="a", dasar_hukum="b")
    response = client_for("perencana").post(reverse("perjanjian:pk_hapus", args=[baru.pk]))
    assert response["Location"] == induk.get_absolute_url()
    assert list(PerjanjianKinerja.objects.values_list("pk", flat=True)) == [induk.pk]


# --- PK Perubahan -------------------------------------------------------------------------------------


def test_perubahan_is_made_from_the_latest_ditetapkan_version(plan, client_for):
    induk = approved(plan)
    url = reverse("perjanjian:pk_perubahan", args=[induk.pk])
    client = client_for("perencana")
    page = text(client.get(url))
    assert "pergantian atau mutasi pejabat" in page and "perubahan prioritas atau asumsi" in page
    empty = client.post(url, {"alasan": "", "dasar_hukum": ""})
    assert empty.status_code == 200 and set(empty.context["form"].errors) == {"alasan", "dasar_hukum"}
    response = client.post(url, {"alasan": "Mutasi kepala dinas", "dasar_hukum": "Keputusan Wali Kota 800/12/2026"})
    baru = PerjanjianKinerja.objects.get(menggantikan=induk)
    assert response["Location"] == baru.get_absolute_url()
    assert (baru.versi, baru.status, baru.alasan_perubahan) == (2, Status.DRAFT, "Mutasi kepala dinas")
    page = text(client.get(baru.get_absolute_url()))
    assert "Mutasi kepala dinas" in page and "Keputusan Wali Kota 800/12/2026" in page
    assert "PK Induk v1" in page and "PK Perubahan v2" in page
    # The old version offers no second Perubahan, and the page sends the planner to the new one.
    assert url not in client.get(induk.get_absolute_url()).content.decode()
    assert client.get(url)["Location"] == baru.get_absolute_url()


def test_perubahan_of_a_draft_is_refused_and_trio(plan, client_for):
    draft = new_pk(plan)
    response = client_for("perencana").post(
        reverse("perjanjian:pk_perubahan", args=[draft.pk]), {"alasan": "a", "dasar_hukum": "b"}
    )
    assert response["Location"] == draft.get_absolute_url()
    assert PerjanjianKinerja.objects.count() == 1
    draft.delete()
    induk = approved(plan)
    url = reverse("perjanjian:pk_perubahan", args=[induk.pk])
    assert client_for("kepala_opd").get(url).status_code == 403
    assert client_for("evaluator").post(url, {"alasan": "a", "dasar_hukum": "b"}).status_code == 403
    other = other_pk(plan, plan.other_opd)
    assert client_for("perencana").get(reverse("perjanjian:pk_perubahan", args=[other.pk])).status_code == 404
    assert PerjanjianKinerja.objects.filter(menggantikan=induk).count() == 0


# --- Comparison of versions ----------------------------------------------------------------------------


def test_the_first_version_has_nothing_to_compare(plan, client_for):
    induk = approved(plan)
    response = client_for("pimpinan").get(reverse("perjanjian:pk_banding", args=[induk.pk]))
    assert "Belum ada versi sebelumnya" in text(response)
    assert (
        reverse("perjanjian:pk_banding", args=[induk.pk])
        not in client_for("pimpinan").get(induk.get_absolute_url()).content.decode()
    )


def test_comparison_shows_what_changed(plan, client_for):
    induk = approved(plan)
    baru = services.pk_perubahan(
        perjanjian=induk, user=plan.users["perencana"], alasan="Perubahan APBD", dasar_hukum="Perda 5/2026"
    )
    client = client_for("perencana")
    rows = baris_data(
        baru,
        {
            "IKU.1": {"target": "75", "tw1": "20", "tw2": "40", "tw3": "60", "tw4": "75"},
            "IKU.2": {"batas_bawah": "10", "batas_atas": "20", "tw1": "15", "tw2": "20", "tw3": "20", "tw4": "20"},
            "IKU.3": {"DELETE": "on"},
        },
        **{"tambah-indikator": str(plan.extra.pk)},
    )
    assert client.post(reverse("perjanjian:pk_baris", args=[baru.pk]), rows).status_code == 302
    old_budget = baru.anggaran.get()
    budget = anggaran_data(
        [
            {
                "id": old_budget.pk,
                "jenis": "program",
                "kode": "1.02.02",
                "nama": old_budget.nama,
                "pagu": "1.750.000.000",
            },
            {"jenis": "kegiatan", "nama": "Kegiatan Baru", "pagu": "250.000.000"},
        ],
        initial=1,
    )
    assert client.post(reverse("perjanjian:pk_anggaran", args=[baru.pk]), budget).status_code == 302
    plt = f.PejabatFactory(opd=plan.opd, unit=None, jenis_jabatan="kepala_opd", status="plt", nama="drg. Pengganti")
    header = {
        "pihak_pertama": plt.pk,
        "pihak_kedua": plan.walikota.pk,
        "alasan_perubahan": "Perubahan APBD",
        "dasar_hukum": "Perda 5/2026",
    }
    assert client.post(reverse("perjanjian:pk_edit", args=[baru.pk]), header).status_code == 302

    page = text(client.get(reverse("perjanjian:pk_banding", args=[baru.pk])))
    assert "Perubahan APBD" in page and "Perda 5/2026" in page
    assert "IK.9 Indeks kepuasan layanan ditambahkan" in page
    assert "IKU.3 Opini BPK dihapus" in page
    assert "Target: 70 → 75" in page and "TW III: 55 → 60" in page and "TW IV: 70 → 75" in page
    assert "TW I: 20 → 15" in page  # the stabilize row's quarterly targets
    assert "Anggaran (Rp): 1.500.000.000,00 → 1.750.000.000,00" in page
    assert "Kegiatan Baru ditambahkan Rp250.000.000,00" in page
    assert "Pihak pertama dr. Siti Kepala" in page and "drg. Pengganti" in page
    assert "IKU.1" in page and "Batas bawah" not in page  # unchanged fields are not listed
    # The v1 page is unchanged by all of this.
    assert snapshot(induk)[1][0][1] == Decimal("70")


def test_comparison_trio(plan, client_for):
    induk = approved(plan)
    baru = services.pk_perubahan(perjanjian=induk, user=plan.users["perencana"], alasan="a", dasar_hukum="b")
    url = reverse("perjanjian:pk_banding", args=[baru.pk])
    page = text(client_for("evaluator").get(url))
    assert "Tidak ada perbedaan isi dengan versi sebelumnya." in page
    other = other_pk(plan, plan.other_opd)
    assert client_for("kepala_opd").get(reverse("perjanjian:pk_banding", args=[other.pk])).status_code == 404
