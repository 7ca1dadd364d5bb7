"""The PK document: its context, the PDF (PermenPANRB 53/2014 format, read back with pypdf) and the
Excel workbook (read back with openpyxl); a ditetapkan PK printed only from its frozen snapshot."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from iku_manual.models import Indikator, SkalaKualitatif, Tingkat
from iku_manual.tests.factories import IndikatorFactory, PeriodeFactory, SasaranFactory, TargetFactory
from perjanjian import services
from perjanjian.dokumen import build_pk_context, jumlah_anggaran, pk_workbook
from perjanjian.models import AnggaranPK, PerjanjianKinerja
from perjanjian.tests.factories import AnggaranFactory
from sakip.models import Pejabat
from sakip.tests import factories as f
from sakip.tests.test_organisation import png_upload

STATEMENT = [
    "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel serta berorientasi "
    "pada hasil, kami yang bertanda tangan dibawah ini:",
    "selanjutnya disebut pihak pertama.",
    "selaku atasan langsung pihak pertama, selanjutnya disebut pihak kedua.",
    "Pihak pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran perjanjian ini, dalam "
    "rangka mencapai target kinerja jangka menengah seperti yang telah ditetapkan dalam dokumen perencanaan. "
    "Keberhasilan dan kegagalan pencapaian target tersebut menjadi tanggung jawab kami.",
    "Pihak kedua akan memberikan supervisi yang diperlukan serta akan melakukan evaluasi terhadap capaian kinerja "
    "dari perjanjian ini dan mengambil tindakan yang diperlukan dalam rangka memberikan penghargaan dan sanksi.",
]


def pdf_text(content: bytes) -> str:
    """The document's text with its line breaks and spacing folded, so sentences can be found whole."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def plan(world):
    """An OPD with three indicators (a number, a range, a scale step) under two sasaran, its head (Plt.)
    and the wali kota, ready for a PK 2026."""
    world.pemda.alamat = "Jalan Merdeka Nomor 1, Kota Uji"
    world.pemda.telepon = "(0541) 123456"
    world.pemda.save()
    periode = PeriodeFactory(pemda=world.pemda)
    rpjmd = SasaranFactory(periode=periode, kode="S.1")
    ss1 = SasaranFactory(
        periode=periode, opd=world.opd, kode="SS.1", uraian="Meningkatnya derajat kesehatan masyarakat", parents=[rpjmd]
    )
    ss2 = SasaranFactory(
        periode=periode, opd=world.opd, kode="SS.2", uraian="Meningkatnya akuntabilitas keuangan", parents=[rpjmd]
    )
    cakupan = IndikatorFactory(
        sasaran=ss1, kode="IKU.1", nama="Cakupan pelayanan kesehatan dasar", urutan=1, agregasi="terakhir"
    )
    inflasi = IndikatorFactory(
        sasaran=ss1,
        kode="IKU.2",
        nama="Laju inflasi kesehatan",
        urutan=2,
        polaritas=Indikator.Polaritas.STABILIZE,
    )
    opini = IndikatorFactory(
        sasaran=ss2,
        kode="IKU.3",
        nama="Opini BPK atas laporan keuangan",
        satuan="opini",
        skala=SkalaKualitatif.objects.get(pemda=None, nama="Opini BPK"),
    )
    TargetFactory(indikator=cakupan, tahun=2026, nilai=Decimal("85.5"))
    TargetFactory(indikator=inflasi, tahun=2026, nilai=None, batas_bawah=Decimal("2.5"), batas_atas=Decimal("3.5"))
    TargetFactory(indikator=opini, tahun=2026, nilai=Decimal(4))
    world.kepala = f.PejabatFactory(
        opd=world.opd,
        unit=None,
        jenis_jabatan=Pejabat.JenisJabatan.KEPALA_OPD,
        status=Pejabat.Status.PLT,
        nama="dr. Siti Rahmawati, M.Kes.",
        nip="197501012000032001",
        pangkat_golongan=Pejabat.Golongan.IV_B,
        jabatan="Kepala Dinas Kesehatan",
    )
    world.walikota = f.PejabatFactory(
        pemda=world.pemda,
        opd=None,
        unit=None,
        nip="",
        pangkat_golongan="",
        jenis_jabatan=Pejabat.JenisJabatan.KEPALA_DAERAH,
        nama="H. Ahmad Wijaya, S.H.",
        jabatan="Wali Kota Uji",
    )
    world.periode = periode
    return world


def draft_pk(plan) -> PerjanjianKinerja:
    perjanjian = services.pk_create(opd=plan.opd, periode=plan.periode, tahun=2026, user=plan.users["perencana"])
    perjanjian.tempat, perjanjian.tanggal = "Uji", datetime.date(2026, 1, 5)
    perjanjian.save()
    quarters = {"IKU.1": ("20", "45", "65", "85.5"), "IKU.3": ("4", "4", "4", "4")}
    for row in perjanjian.baris.select_related("indikator"):
        if row.indikator.kode in quarters:
            row.tw1, row.tw2, row.tw3, row.tw4 = (Decimal(v) for v in quarters[row.indikator.kode])
            row.save()
    AnggaranFactory(
        perjanjian=perjanjian,
        kode="1.02.02",
        nama="Program Pemenuhan Upaya Kesehatan Perorangan",
        pagu=Decimal("750000000"),
        keterangan="APBD",
        urutan=1,
    )
    AnggaranFactory(
        perjanjian=perjanjian,
        kode="1.02.03",
        nama="Program Peningkatan Kapasitas SDM Kesehatan",
        pagu=Decimal("500000000"),
        urutan=2,
    )
    return perjanjian


def approve(plan, perjanjian: PerjanjianKinerja) -> PerjanjianKinerja:
    services.pk_submit(perjanjian=perjanjian, user=plan.users["perencana"])
    return services.pk_approve(perjanjian=perjanjian, user=plan.users["kepala_opd"])


@pytest.fixture
def ditetapkan(plan) -> PerjanjianKinerja:
    return approve(plan, draft_pk(plan))


def pdf_url(perjanjian) -> str:
    return reverse("perjanjian:pk_pdf", args=[perjanjian.pk])


def excel_url(perjanjian) -> str:
    return reverse("perjanjian:pk_excel", args=[perjanjian.pk])


# --- Context -------------------------------------------------------------------------------------


def test_context_prints_rows_grouped_by_sasaran_with_targets_as_written(plan, ditetapkan):
    context = build_pk_context(ditetapkan)
    rows = [(r.no, r.rowspan, r.indikator, r.target.teks, [t.teks for t in r.triwulan]) for r in context["baris"]]
    assert rows == [
        (1, 2, "Cakupan pelayanan kesehatan dasar", "85,5", ["20", "45", "65", "85,5"]),
        (1, 0, "Laju inflasi kesehatan", "2,5 – 3,5", ["-", "-", "-", "-"]),
        (2, 1, "Opini BPK atas laporan keuangan", "WTP", ["WTP", "WTP", "WTP", "WTP"]),
    ]
    assert context["kolom_sasaran"] == "Sasaran Strategis"
    assert context["kolom_anggaran"] == "Program"
    assert context["jumlah_anggaran"] == Decimal("1250000000")
    assert context["jumlah_anggaran_teks"] == "Rp 1.250.000.000"
    assert context["judul"] == "PERJANJIAN KINERJA TAHUN 2026"
    assert context["filename"] == f"PK-2026-{plan.opd.singkatan.upper()}-v1.pdf"
    assert context["draf"] is False


def test_context_reads_in_a_constant_number_of_queries(plan, django_assert_num_queries):
    perjanjian = draft_pk(plan)
    perjanjian = PerjanjianKinerja.objects.select_related("opd__pemda", "unit", "pihak_pertama", "pihak_kedua").get(
        pk=perjanjian.pk
    )
    # rows, their scale steps, budget rows
    with django_assert_num_queries(3):
        small = build_pk_context(perjanjian)
    sasaran = SasaranFactory(periode=plan.periode, opd=plan.opd, kode="SS.9")
    for n in range(8):
        indikator = IndikatorFactory(sasaran=sasaran, kode=f"IK.9{n}")
        perjanjian.baris.create(indikator=indikator, target=Decimal(n), urutan=10 + n)
        AnggaranFactory(perjanjian=perjanjian, pagu=Decimal(1000))
    with django_assert_num_queries(3):
        large = build_pk_context(perjanjian)
    assert (len(small["baris"]), len(large["baris"])) == (3, 11)


def test_jumlah_counts_only_the_highest_budget_level():
    rows = [
        AnggaranPK(jenis="program", pagu=Decimal(1000)),
        AnggaranPK(jenis="kegiatan", pagu=Decimal(600)),
        AnggaranPK(jenis="kegiatan", pagu=Decimal(400)),
    ]
    assert jumlah_anggaran(rows) == Decimal(1000)
    assert jumlah_anggaran(rows[1:]) == Decimal(1000)
    assert jumlah_anggaran([]) == Decimal(0)


# --- PDF -----------------------------------------------------------------------------------------


def test_pdf_of_a_ditetapkan_pk_follows_the_permenpanrb_format(plan, ditetapkan, client_for):
    plan.pemda.logo.save("logo.png", png_upload(), save=True)
    response = client_for("perencana").get(pdf_url(ditetapkan))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="PK-2026-{plan.opd.singkatan.upper()}-v1.pdf"' in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 3  # statement, lampiran, rencana aksi
    assert len(reader.pages[0].images) == 1  # the logo on the letterhead
    text = pdf_text(response.content)
    for sentence in STATEMENT:
        assert sentence in text
    for expected in [
        "PEMERINTAH KOTA UJI",
        "Jalan Merdeka Nomor 1, Kota Uji",
        "PERJANJIAN KINERJA TAHUN 2026",
        "DINAS KESEHATAN",
        "Nama : dr. Siti Rahmawati, M.Kes.",
        "Jabatan : Plt. Kepala Dinas Kesehatan",
        "NIP : 19750101 200003 2 001",
        "Nama : H. Ahmad Wijaya, S.H.",
        "Jabatan : Wali Kota Uji",
        "Pihak Kedua,",
        "Pihak Pertama,",
        "PLT. KEPALA DINAS KESEHATAN",
        "Uji, 5 Januari 2026",
        "Pembina Tingkat I (IV/b)",
        "NIP. 19750101 200003 2 001",
        "Meningkatnya derajat kesehatan masyarakat",
        "Cakupan pelayanan kesehatan dasar 85,5 %",
        "2,5 – 3,5",
        "WTP opini",
        "1.02.02 Program Pemenuhan Upaya Kesehatan Perorangan Rp 750.000.000 APBD",
        "Jumlah Rp 1.250.000.000",
        "RENCANA AKSI PERJANJIAN KINERJA TAHUN 2026",
        "TW I TW II TW III TW IV",
        "85,5 20 45 65 85,5",
        "Halaman 1 dari 3",
        "Halaman 3 dari 3",
    ]:
        assert expected in text, expected
    assert "DRAF" not in text


def test_a_ditetapkan_pdf_never_changes_with_the_officials_or_the_pemda(plan, ditetapkan, client_for):
    before = pdf_text(client_for("pimpinan").get(pdf_url(ditetapkan)).content)
    plan.kepala.nama, plan.kepala.nip, plan.kepala.status = "Drs. Pengganti", "198001012005011002", "definitif"
    plan.kepala.save()
    plan.walikota.nama = "Ir. Wali Kota Baru"
    plan.walikota.save()
    plan.pemda.alamat, plan.pemda.jenis = "Jalan Baru Nomor 99", "kabupaten"
    plan.pemda.save()
    after = pdf_text(client_for("pimpinan").get(pdf_url(ditetapkan)).content)
    assert after == before
    for gone in ["Drs. Pengganti", "Ir. Wali Kota Baru", "Jalan Baru Nomor 99", "1980010"]:
        assert gone not in after
    assert "dr. Siti Rahmawati, M.Kes." in after


def test_a_draft_is_marked_and_printed_from_the_live_officials(plan, client_for):
    perjanjian = draft_pk(plan)
    response = client_for("perencana").get(pdf_url(perjanjian))
    text = pdf_text(response.content)
    assert "DRAF" in text
    assert "belum ditetapkan" in text
    assert "dr. Siti Rahmawati, M.Kes." in text
    plan.kepala.nama = "Drs. Pengganti"
    plan.kepala.save()
    assert "Drs. Pengganti" in pdf_text(client_for("perencana").get(pdf_url(perjanjian)).content)


def test_a_perubahan_has_its_own_title_and_version(plan, ditetapkan, client_for):
    baru = services.pk_perubahan(
        perjanjian=ditetapkan, user=plan.users["perencana"], alasan="Mutasi pejabat", dasar_hukum="SK Wali Kota 1/2026"
    )
    response = client_for("perencana").get(pdf_url(baru))
    assert f'filename="PK-2026-{plan.opd.singkatan.upper()}-v2.pdf"' in response["Content-Disposition"]
    assert "PERJANJIAN KINERJA PERUBAHAN TAHUN 2026" in pdf_text(response.content)


def test_a_pk_without_rows_or_signatories_still_prints(world, client_for):
    periode = PeriodeFactory(pemda=world.pemda)
    perjanjian = PerjanjianKinerja.objects.create(opd=world.opd, periode=periode, tahun=2026)
    PerjanjianKinerja.objects.filter(pk=perjanjian.pk).update(status=PerjanjianKinerja.Status.DITETAPKAN)
    response = client_for("evaluator").get(pdf_url(perjanjian))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Belum ada indikator dalam perjanjian kinerja ini." in text
    assert "Jumlah Rp 0" in text


# --- Excel ---------------------------------------------------------------------------------------


def test_excel_holds_the_same_content_with_numbers_as_numbers(plan, ditetapkan, client_for):
    response = client_for("kepala_opd").get(excel_url(ditetapkan))
    assert response.status_code == 200
    assert f'filename="PK-2026-{plan.opd.singkatan.upper()}-v1.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Perjanjian Kinerja", "Anggaran"]
    sheet = workbook["Perjanjian Kinerja"]
    assert sheet["A1"].value == "PERJANJIAN KINERJA TAHUN 2026"
    assert sheet["A2"].value == "Pemerintah Kota Uji"
    info = {sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=2).value for r in range(6, 24)}
    assert info["Tahun"] == 2026
    assert info["Nama pihak pertama"] == "dr. Siti Rahmawati, M.Kes."
    assert info["Jabatan pihak pertama"] == "Plt. Kepala Dinas Kesehatan"
    assert info["NIP pihak pertama"] == "19750101 200003 2 001"
    assert info["Nama pihak kedua"] == "H. Ahmad Wijaya, S.H."
    assert info["Tanggal"] == datetime.datetime(2026, 1, 5)
    header_row = next(r for r in range(1, 40) if sheet.cell(row=r, column=1).value == "No")
    header = [cell.value for cell in sheet[header_row]]
    assert header == [
        "No",
        "Sasaran Strategis",
        "Indikator Kinerja",
        "Satuan",
        "Target",
        "TW I",
        "TW II",
        "TW III",
        "TW IV",
    ]
    rows = [[cell.value for cell in sheet[header_row + n]] for n in (1, 2, 3)]
    assert rows[0] == [
        1,
        "Meningkatnya derajat kesehatan masyarakat",
        "Cakupan pelayanan kesehatan dasar",
        "%",
        Decimal("85.5") if isinstance(rows[0][4], Decimal) else 85.5,
        20,
        45,
        65,
        85.5,
    ]
    assert isinstance(rows[0][4], float | int | Decimal)
    assert rows[1][4] == "2,5 – 3,5"
    assert rows[2][4:] == ["WTP", "WTP", "WTP", "WTP", "WTP"]

    budget = workbook["Anggaran"]
    assert [cell.value for cell in budget[4]] == ["No", "Jenis", "Kode", "Program", "Anggaran (Rp)", "Keterangan"]
    assert [cell.value for cell in budget[5]] == [
        1,
        "Program",
        "1.02.02",
        "Program Pemenuhan Upaya Kesehatan Perorangan",
        750000000,
        "APBD",
    ]
    assert budget["E6"].value == 500000000
    assert budget["E5"].number_format == "#,##0"
    assert (budget["D7"].value, budget["E7"].value) == ("Jumlah", "=SUM(E5:E6)")
    assert budget["E7"].number_format == "#,##0"


def test_excel_total_counts_the_highest_level_when_levels_are_mixed(plan, client_for):
    perjanjian = draft_pk(plan)
    AnggaranFactory(
        perjanjian=perjanjian, jenis=AnggaranPK.Jenis.KEGIATAN, nama="Kegiatan Uji", pagu=Decimal(300_000_000)
    )
    workbook = load_workbook(io.BytesIO(client_for("perencana").get(excel_url(perjanjian)).content))
    budget = workbook["Anggaran"]
    assert budget["D4"].value == "Program/Kegiatan/Sub Kegiatan"
    assert budget["E8"].value == '=SUMIF(B5:B7,"Program",E5:E7)'
    assert workbook["Perjanjian Kinerja"]["A4"].value == "DRAF: belum ditetapkan"


# --- Access --------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["perencana", "kepala_opd", "evaluator", "pimpinan", "admin_pemda", "superuser"])
def test_documents_are_read_by_whoever_sees_the_pk(plan, ditetapkan, client_for, role):
    client = client_for(role)
    assert client.get(pdf_url(ditetapkan)).status_code == 200
    assert client.get(excel_url(ditetapkan)).status_code == 200


def test_documents_of_another_opd_or_pemda_are_not_found(plan, ditetapkan, client):
    for user in (plan.planners["other_opd"], plan.planners["other_pemda"]):
        client.force_login(user)
        assert client.get(pdf_url(ditetapkan)).status_code == 404
        assert client.get(excel_url(ditetapkan)).status_code == 404


def test_documents_need_a_login(plan, ditetapkan, client):
    response = client.get(pdf_url(ditetapkan))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_unit_pk_names_the_unit(plan, client_for):
    unit = plan.units["own"]
    program = SasaranFactory(
        periode=plan.periode, opd=plan.opd, unit=unit, kode="SP.1", tingkat=Tingkat.SASARAN_PROGRAM, uraian="Program X"
    )
    TargetFactory(indikator=IndikatorFactory(sasaran=program, kode="IKP.1"), tahun=2026, nilai=Decimal(90))
    perjanjian = services.pk_create(
        opd=plan.opd, periode=plan.periode, tahun=2026, user=plan.users["perencana"], unit=unit
    )
    context = build_pk_context(perjanjian)
    assert context["organisasi"] == [unit.nama, plan.opd.nama]
    assert context["kolom_sasaran"] == "Sasaran Program"
    assert context["filename"].startswith(f"PK-2026-{plan.opd.singkatan.upper()}-BIDANG-UJI-")
    workbook = load_workbook(io.BytesIO(pk_workbook(context)))
    assert workbook["Perjanjian Kinerja"]["A3"].value == f"{unit.nama} · {plan.opd.nama}"
