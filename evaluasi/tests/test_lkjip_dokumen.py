"""The LKjIP as a document (``evaluasi/lkjip_dokumen.py``): narratives made safe, the body and the
printable document byte-identical for the same data, and the PDF read back with pypdf (every chapter,
a capaian computed by hand, the footer, the running header, a table of contents whose page numbers are
real), for an OPD and for the pemda."""

from __future__ import annotations

import datetime
import hashlib
import io
import re
import time
from decimal import Decimal

import pytest
from django.utils import timezone
from pypdf import PdfReader

from evaluasi.lkjip import build_lkjip_context, build_lkjip_pemda_context
from evaluasi.lkjip_dokumen import cetak, dokumen_html, grafik_opd, grafik_pemda, isi_html, narasi_html
from evaluasi.models_lkjip import LaporanKinerja
from iku_manual.models import Renstra
from iku_manual.tests.factories import IndikatorFactory, PeriodeFactory, SasaranFactory, TargetFactory
from perjanjian.models import PerjanjianKinerja, Realisasi, RealisasiAnggaran
from perjanjian.tests.factories import AnggaranFactory, BarisFactory, PerjanjianFactory
from sakip.models import Pejabat
from sakip.tests.factories import PejabatFactory

pytestmark = pytest.mark.django_db

D = Decimal
TAHUN = 2026
JUDUL_BAB = [
    "Kata Pengantar",
    "Ikhtisar Eksekutif",
    "Daftar Isi",
    "Bab I Pendahuluan",
    "Bab II Perencanaan Kinerja",
    "Bab III Akuntabilitas Kinerja",
    "Bab IV Penutup",
    "Lampiran",
]
# The chapters as the body prints them (two lines: "BAB I" then "PENDAHULUAN").
KEPALA_BAB = {
    "#bab-1": r"\bBAB I\b\s+PENDAHULUAN",
    "#bab-2": r"\bBAB II\b\s+PERENCANAAN KINERJA",
    "#bab-3": r"\bBAB III\b\s+AKUNTABILITAS KINERJA",
    "#bab-4": r"\bBAB IV\b\s+PENUTUP",
    "#lampiran": r"\bLAMPIRAN 1\b\s+PERJANJIAN KINERJA",
}


# --- Data ------------------------------------------------------------------------------------------


def tetapkan(perjanjian: PerjanjianKinerja) -> None:
    """Rows and budget are added first: a ditetapkan agreement refuses them."""
    PerjanjianKinerja.objects.filter(pk=perjanjian.pk).update(status=PerjanjianKinerja.Status.DITETAPKAN)


def realisasi(opd, indikator, triwulan, nilai, tahun=TAHUN, **texts):
    return Realisasi.objects.create(
        opd=opd,
        indikator=indikator,
        tahun=tahun,
        triwulan=triwulan,
        nilai=D(nilai),
        status=Realisasi.Status.TERVERIFIKASI,
        bukti_keterangan="Laporan",
        **texts,
    )


@pytest.fixture
def plan(world):
    """Dinkes 2026, Renstra 2025–2029: SS.1 IKU.1 target 80, verified 76: capaian 95,00 (76 / 80);
    2025 target 75, verified 70; Renstra end target 90. SS.1 IKU.2 minimize, target 10, verified 9:
    (2 − 9/10) × 100 = 110,00. Budget: one program of 1.000.000, 600.000 spent: serapan 60,00."""
    opd = world.opd
    periode = PeriodeFactory(pemda=world.pemda, tahun_awal=2025)
    Renstra.objects.create(opd=opd, periode=periode, nomor_dokumen="050/7/2025")
    ss1 = SasaranFactory(periode=periode, opd=opd, kode="SS.1", uraian="Meningkatnya derajat kesehatan")
    iku1 = IndikatorFactory(sasaran=ss1, kode="IKU.1", urutan=1, nama="Cakupan imunisasi dasar lengkap")
    iku2 = IndikatorFactory(sasaran=ss1, kode="IKU.2", urutan=2, nama="Angka kesakitan DBD", polaritas="minimize")
    for tahun, nilai in ((2025, 75), (2026, 80), (2029, 90)):
        TargetFactory(indikator=iku1, tahun=tahun, nilai=D(nilai))
    TargetFactory(indikator=iku2, tahun=2026, nilai=D(10))

    lalu = PerjanjianFactory(opd=opd, periode=periode, tahun=2025)
    BarisFactory(perjanjian=lalu, indikator=iku1, target=75)
    tetapkan(lalu)
    realisasi(opd, iku1, 4, 70, tahun=2025)

    pk = PerjanjianFactory(opd=opd, periode=periode, tahun=TAHUN)
    BarisFactory(perjanjian=pk, indikator=iku1, target=80)
    BarisFactory(perjanjian=pk, indikator=iku2, target=10)
    program = AnggaranFactory(perjanjian=pk, sasaran=ss1, pagu=1_000_000, kode="1.02.02", nama="Program Pemenuhan")
    tetapkan(pk)
    RealisasiAnggaran.objects.create(anggaran=program, triwulan=4, nilai=D(600_000))
    realisasi(
        opd,
        iku1,
        4,
        76,
        faktor_pendukung="Dukungan kader posyandu",
        faktor_penghambat="Stok vaksin terlambat",
        upaya="Sweeping imunisasi",
    )
    realisasi(opd, iku2, 4, 9)
    PejabatFactory(
        pemda=world.pemda,
        opd=opd,
        unit=None,
        nama="dr. Siti Aminah, M.Kes.",
        nip="197001011995032001",
        jabatan="Kepala Dinas Kesehatan",
        jenis_jabatan=Pejabat.JenisJabatan.KEPALA_OPD,
    )
    world.plan = {"periode": periode, "ss1": ss1, "iku1": iku1}
    return world


NARASI = {
    "kata_pengantar": "Puji syukur atas tersusunnya laporan ini.",
    "ikhtisar": "Capaian **baik** pada tahun ini.",
    "pendahuluan": "Dinas Kesehatan melayani *seluruh* warga.",
    "perencanaan": "Renstra dan PK:\n- imunisasi\n- DBD",
    "akuntabilitas": "Pengukuran memakai realisasi terverifikasi.",
    "anggaran": "Serapan masih rendah.",
    "penutup": "1. Perbaikan data\n2. Percepatan belanja",
}


def laporan_opd(world, **fields) -> LaporanKinerja:
    return LaporanKinerja.objects.create(pemda=world.pemda, opd=world.opd, tahun=TAHUN, **fields)


def pdf_pages(content: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(content)).pages]


def halaman_bab(pages: list[str], pola: str) -> int:
    """The page (1-based) where a chapter heading is printed, outside the table of contents."""
    found = [n for n, text in enumerate(pages, start=1) if re.search(pola, text)]
    assert found, pola
    return found[0]


def daftar_isi(pages: list[str], label: str) -> int:
    toc = next(text for text in pages if "DAFTAR ISI" in text)
    match = re.search(re.escape(label) + r" (\d+)", toc)
    assert match, (label, toc)
    return int(match.group(1))


# --- Narratives ------------------------------------------------------------------------------------


def test_narrative_formatting_is_kept():
    html = narasi_html("Paragraf **tebal** dan *miring*\nbaris baru\n\nFaktor:\n- satu\n- dua\n\n1. pertama\n2. kedua")

    assert html == (
        "<p>Paragraf <strong>tebal</strong> dan <em>miring</em><br>\nbaris baru</p>\n<p>Faktor:</p>\n"
        "<ul>\n<li>satu</li>\n<li>dua</li>\n</ul>\n<ol>\n<li>pertama</li>\n<li>kedua</li>\n</ol>"
    )
    assert narasi_html("") == "" and narasi_html("  \n ") == ""


@pytest.mark.parametrize(
    "teks",
    [
        "<script>alert('x')</script>",
        '<img src="x" onerror="alert(1)">',
        "[klik](javascript:alert(1))",
        '<a href="javascript:alert(1)">klik</a>',
        "![gambar](javascript:alert(1))",
        '<p onclick="alert(1)">x</p> <b style="color:red">y</b>',
        "# Judul\n\n<iframe src=//evil></iframe>",
    ],
)
def test_narrative_markup_typed_by_the_user_is_harmless(teks):
    html = narasi_html(teks)

    # Every real tag is an allowlisted one without attributes; typed markup is left as escaped text.
    assert all(re.fullmatch(r"</?(p|br|strong|em|ul|ol|li)>", tag) for tag in re.findall(r"<[^>]*>", html))
    assert "<script" not in html and "<img" not in html and "<a" not in html and "<iframe" not in html


def test_narrative_typed_tags_print_as_text():
    assert narasi_html("<b>tebal</b> & 5 < 7") == "<p>&lt;b&gt;tebal&lt;/b&gt; &amp; 5 &lt; 7</p>"


# --- Charts ----------------------------------------------------------------------------------------


def test_charts_of_an_opd_report(plan):
    grafik = grafik_opd(build_lkjip_context(plan.opd, TAHUN))

    assert len(grafik.indikator) == 2
    iku1 = next(g for g in grafik.indikator.values() if "IKU.1" in g.judul)
    assert iku1.tabel.baris == [["2025", "75", "70"], ["2026", "80", "76"]]  # target, realisasi per year
    (garis,) = grafik.sasaran.values()  # capaian of IKU.1 and IKU.2, rounded as the report prints them
    assert garis.tabel.baris == [["2025", "93,33", "–"], ["2026", "95", "110"]]
    assert grafik.anggaran.tabel.baris == [["1. SS.1 Meningkatnya derajat kesehatan", "60", "102,5"]]


def test_charts_of_a_pemda_report(plan):
    grafik = grafik_pemda(build_lkjip_pemda_context(plan.pemda, TAHUN))

    assert grafik.capaian.tabel.baris == [["Dinkes", "102,5"]]  # only OPDs with a PK: (95 + 110) / 2
    assert grafik.anggaran.tabel.baris == [["1. Dinas Kesehatan", "60", "102,5"]]


# --- Determinism -----------------------------------------------------------------------------------


def test_same_data_gives_byte_identical_documents(plan):
    laporan = laporan_opd(plan, **NARASI, narasi_sasaran={str(plan.plan["ss1"].pk): "Analisis **SS.1**."})

    isi = isi_html(laporan)
    again = isi_html(LaporanKinerja.objects.get(pk=laporan.pk))
    assert isi == again
    sidik = hashlib.sha256(dokumen_html(laporan, isi).encode()).hexdigest()
    assert hashlib.sha256(dokumen_html(laporan, again).encode()).hexdigest() == sidik
    assert "Dicetak" not in dokumen_html(laporan, isi)

    pemda = LaporanKinerja.objects.create(pemda=plan.pemda, tahun=TAHUN)
    assert isi_html(pemda) == isi_html(LaporanKinerja.objects.get(pk=pemda.pk))

    # A changed narrative changes the fingerprint.
    LaporanKinerja.objects.filter(pk=laporan.pk).update(penutup="Lain")
    changed = LaporanKinerja.objects.get(pk=laporan.pk)
    assert hashlib.sha256(dokumen_html(changed, isi_html(changed)).encode()).hexdigest() != sidik


# --- The body --------------------------------------------------------------------------------------


def test_body_holds_the_narratives_signer_and_analyses(plan):
    ss1 = plan.plan["ss1"]
    laporan = laporan_opd(plan, **NARASI, narasi_sasaran={str(ss1.pk): "Analisis <script>x</script> **SS.1**."})

    isi = isi_html(laporan)

    assert "<p>Capaian <strong>baik</strong> pada tahun ini.</p>" in isi
    assert "<ul>\n<li>imunisasi</li>" in isi and "<ol>\n<li>Perbaikan data</li>" in isi
    assert "Analisis &lt;script&gt;x&lt;/script&gt; <strong>SS.1</strong>." in isi and "<script" not in isi
    assert "dr. Siti Aminah, M.Kes." in isi and "19700101 199503 2 001" in isi and "Kepala Dinas Kesehatan" in isi
    assert "Narasi belum diisi." not in isi  # every narrative is written
    assert "Dukungan kader posyandu" in isi and "Sweeping imunisasi" in isi  # analysis (5)
    assert "Belum ada standar nasional yang ditetapkan." in isi  # analysis (4)
    assert "84,44% dari target akhir" in isi  # analysis (3): 76 / 90
    assert "DRAF" in isi and 'id="lampiran-2"' not in isi


def test_draft_shows_placeholders_a_final_does_not(plan):
    draf = laporan_opd(plan)
    assert isi_html(draf).count("Narasi belum diisi.") == 8  # seven narratives and the sasaran's
    assert "Draf" in dokumen_html(draf, isi_html(draf))

    LaporanKinerja.objects.filter(pk=draf.pk).delete()
    final = laporan_opd(
        plan,
        status=LaporanKinerja.Status.FINAL,
        versi=2,
        difinalkan_pada=timezone.make_aware(datetime.datetime(2027, 2, 10, 9, 0)),
    )
    isi = isi_html(final)
    assert "Narasi belum diisi." not in isi and "DRAF" not in isi
    assert "10 Februari 2027" in isi  # the signing date is the finalisation date
    assert '"Final, versi 2"' in dokumen_html(final, isi)


def test_signer_may_be_missing(world):
    laporan = LaporanKinerja.objects.create(pemda=world.pemda, opd=world.other_opd, tahun=TAHUN)

    isi = isi_html(laporan)

    assert "Kepala Dinas Pendidikan," in isi and "...................................." in isi


def test_pernyataan_telah_direviu_only_when_recorded(plan):
    laporan = laporan_opd(plan)
    assert "PERNYATAAN TELAH DIREVIU" not in isi_html(laporan)

    LaporanKinerja.objects.filter(pk=laporan.pk).update(
        reviu_tanggal=datetime.date(2026, 11, 23),
        reviu_nama="Drs. Budi Santoso",
        reviu_nip="196805121990031002",
        reviu_jabatan="Inspektur Kota Uji",
    )
    isi = isi_html(LaporanKinerja.objects.get(pk=laporan.pk))

    assert "PERNYATAAN TELAH DIREVIU" in isi and "Lampiran 2 Pernyataan Telah Direviu" in isi
    assert "Kami telah mereviu Laporan Kinerja Dinas Kesehatan untuk tahun anggaran 2026" in isi
    assert "Uji, 23 November 2026" in isi and "Drs. Budi Santoso" in isi and "19680512 199003 1 002" in isi
    assert "Inspektur Kota Uji," in isi


# --- PDF -------------------------------------------------------------------------------------------


def test_opd_pdf_holds_every_chapter_and_real_page_numbers(plan):
    laporan = laporan_opd(plan, **NARASI)
    html = dokumen_html(laporan, isi_html(laporan))
    progres = []

    mulai = time.perf_counter()
    content, jumlah = cetak(html, progres.append)
    durasi = time.perf_counter() - mulai

    pages = pdf_pages(content)
    assert jumlah == len(pages) and progres == [70] and durasi < 60
    text = " ".join(pages)
    for judul in JUDUL_BAB:
        assert judul in text, judul
    assert "95,00" in text and "110,00" in text and "102,50" in text  # capaian IKU.1, IKU.2, SS.1
    assert "1.000.000" in text and "600.000" in text and "60,00" in text  # pagu, realisasi, serapan
    # Cover: no header, no footer; then the running header and "Halaman X dari N" on every page.
    assert "Halaman" not in pages[0] and "Laporan Kinerja Instansi Pemerintah Dinas Kesehatan" not in pages[0]
    for nomor, page in enumerate(pages[1:], start=2):
        assert f"Halaman {nomor} dari {jumlah}" in page
        assert "Laporan Kinerja Instansi Pemerintah Dinas Kesehatan Tahun 2026" in page
        assert "Pemerintah Kota Uji" in page and "Draf" in page  # the pemda (header) and the status (footer)
    # The table of contents points to the pages the chapters are really on.
    for anchor, label in (
        ("#bab-1", "Bab I Pendahuluan"),
        ("#bab-2", "Bab II Perencanaan Kinerja"),
        ("#bab-3", "Bab III Akuntabilitas Kinerja"),
        ("#bab-4", "Bab IV Penutup"),
        ("#lampiran", "Lampiran 1 Perjanjian Kinerja"),
    ):
        assert daftar_isi(pages, label) == halaman_bab(pages, KEPALA_BAB[anchor]), label
    assert daftar_isi(pages, "Kata Pengantar") == 2


def test_pemda_pdf(plan):
    laporan = LaporanKinerja.objects.create(
        pemda=plan.pemda,
        tahun=TAHUN,
        reviu_tanggal=datetime.date(2027, 3, 1),
        reviu_nama="Drs. Budi Santoso",
        reviu_jabatan="Inspektur",
    )
    PejabatFactory(
        pemda=plan.pemda,
        opd=None,
        unit=None,
        nip="",
        nama="H. Wali Uji",
        jabatan="Wali Kota Uji",
        jenis_jabatan=Pejabat.JenisJabatan.KEPALA_DAERAH,
    )

    content, jumlah = cetak(dokumen_html(laporan, isi_html(laporan)))

    pages = pdf_pages(content)
    text = " ".join(pages)
    for judul in JUDUL_BAB:
        assert judul in text, judul
    assert "Dinas Kesehatan" in text and "Dinas Pendidikan" in text
    assert "102,50" in text and "60,00" in text  # Dinkes: (95 + 110) / 2, serapan
    assert "H. Wali Uji" in text and "Wali Kota Uji" in text
    assert "PERNYATAAN TELAH DIREVIU" in text and "Pemerintah Kota Uji untuk tahun anggaran 2026" in text
    assert f"Halaman {jumlah} dari {jumlah}" in pages[-1]
    assert "Laporan Kinerja Instansi Pemerintah Kota Uji Tahun 2026" in pages[1]
    assert daftar_isi(pages, "Bab I Pendahuluan") == halaman_bab(pages, KEPALA_BAB["#bab-1"])
    assert daftar_isi(pages, "Lampiran 2 Pernyataan Telah Direviu") == halaman_bab(
        pages, r"\bLAMPIRAN 2\b\s+PERNYATAAN TELAH DIREVIU"
    )


def test_a_report_without_pk_still_renders(world):
    laporan = LaporanKinerja.objects.create(pemda=world.pemda, opd=world.other_opd, tahun=TAHUN)

    content, jumlah = cetak(dokumen_html(laporan, isi_html(laporan)))

    text = " ".join(pdf_pages(content))
    assert jumlah >= 8
    assert "Belum ada perjanjian kinerja tahun 2026 yang ditetapkan." in text
    assert "Belum ada capaian kinerja" in text and "Bab IV Penutup" in text
