"""LKjIP benchmark: the report of one OPD (five sasaran, fifteen indicators with four verified quarters
this year and in each of the three years before, Renstra targets for the five years of the period,
twenty programs with quarterly spending) timed in its parts: the app's own (data, body, document),
the PDF, and WeasyPrint alone on the same HTML; then a cached download of that PDF by a leader
(pimpinan), which must answer with the stored file without printing again; then the consolidated
report of a pemda of forty OPDs (the one above and 39 with a small ditetapkan PK each): its data and
its PDF. Run with `python bench/lkjip.py`; prints a table and writes bench-results/lkjip.json. A
measurement, not a test: nothing here passes or fails (except the download's checks).

It works in a throwaway database (test_<name>) created and dropped on the DATABASE_URL server; the
printed PDFs go to a temporary MEDIA_ROOT removed at the end.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sakip.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

DOC_REPEATS = 5  # OPD report: app part, PDF and WeasyPrint alone, interleaved
PEMDA_DOC_REPEATS = 3  # pemda report PDF
REPEATS = 20  # cached downloads, pemda data builds
TAHUN = 2026
TAHUN_AWAL = 2024  # the period 2024–2028: 2024 and 2025 have Renstra targets, 2023 none
TAHUN_LALU = (2023, 2024, 2025)
SASARAN = 5
INDIKATOR = 3  # per sasaran
PROGRAM = 4  # per sasaran: twenty budget lines
OPDS = 40  # in the pemda, the big one included
SMALL_SASARAN = 2
SMALL_INDIKATOR = 2
SMALL_PROGRAM = 2
POLARITAS = ["maximize", "minimize", "stabilize"]
PENDUKUNG = ("Anggaran tersedia tepat waktu", "Dukungan kader dan lintas sektor")
PARAGRAF = (
    "Pada tahun {tahun} perangkat daerah melaksanakan program sesuai Renstra dan Perjanjian Kinerja. "
    "Sebagian besar indikator mencapai target; kendala utama adalah keterlambatan pengadaan dan "
    "keterbatasan sumber daya manusia di tingkat puskesmas.\n\n"
    "Langkah perbaikan:\n- percepatan pengadaan melalui katalog elektronik;\n"
    "- pendampingan teknis bagi petugas;\n- pemantauan bulanan oleh kepala bidang."
)


def world():
    """A pemda with its period, its kepala daerah, the big OPD with its head, a planner and a leader."""
    from iku_manual.tests.factories import PeriodeFactory
    from sakip.models import Pejabat, Role
    from sakip.tests import factories as f

    pemda = f.PemdaFactory(nama="Kota Bangku LKjIP", kode="99.93")
    periode = PeriodeFactory(pemda=pemda, tahun_awal=TAHUN_AWAL)
    opd = f.OpdFactory(pemda=pemda, nama="Dinas Kesehatan", singkatan="Dinkes", urutan=0)
    f.PejabatFactory(
        pemda=pemda,
        opd=None,
        nama="Dr. H. Bangku Sejahtera, M.Si.",
        jabatan="Wali Kota Bangku",
        jenis_jabatan=Pejabat.JenisJabatan.KEPALA_DAERAH,
    )
    f.PejabatFactory(opd=opd, jabatan="Kepala Dinas Kesehatan", jenis_jabatan=Pejabat.JenisJabatan.KEPALA_OPD)
    planner = f.UserFactory(username="perencana.lkjip", role=Role.PERENCANA, pemda=pemda, opd=opd)
    admin = f.UserFactory(username="admin.lkjip", role=Role.ADMIN_PEMDA, pemda=pemda)
    pimpinan = f.UserFactory(username="pimpinan.lkjip", nama="Pimpinan Bangku", role=Role.PIMPINAN, pemda=pemda)
    return pemda, periode, opd, planner, admin, pimpinan


def _value(polaritas: str, base: int, step: int) -> Decimal:
    """A realisation or target that moves the way the polarity wants over the years."""
    if polaritas == "minimize":
        return Decimal(base) / 10 - Decimal(step) / 10
    if polaritas == "stabilize":
        return Decimal("3.0") + Decimal(step % 3) / 10
    return Decimal(base + step * 2)


def agreement(opd, periode, *, tahun: int, sasaran_list, indicators, programs: int, label: str) -> list:
    """A PK of ``tahun`` with a row per indicator (frozen as approval does) and ``programs`` budget
    lines per sasaran with spending in each quarter; ditetapkan once its rows and budget are in."""
    from perjanjian.models import AnggaranPK, BarisPK, PerjanjianKinerja, RealisasiAnggaran

    pk = PerjanjianKinerja.objects.create(
        opd=opd, periode=periode, tahun=tahun, tempat="Bangku", tanggal=datetime.date(tahun, 1, 31)
    )
    rows = []
    for n, indikator in enumerate(indicators):
        stabilize = indikator.polaritas == "stabilize"
        target = _value(indikator.polaritas, 80, tahun - TAHUN_AWAL)
        row = BarisPK(
            perjanjian=pk,
            indikator=indikator,
            target=None if stabilize else target,
            target_renstra=None if stabilize else target,
            batas_bawah=Decimal("2.5") if stabilize else None,
            batas_atas=Decimal("3.5") if stabilize else None,
            tw1=None if stabilize else target / 4,
            tw2=None if stabilize else target / 2,
            tw3=None if stabilize else target * 3 / 4,
            tw4=None if stabilize else target,
            urutan=n,
        )
        row.bekukan()
        rows.append(row)
    BarisPK.objects.bulk_create(rows)
    lines = []
    for s, sasaran in enumerate(sasaran_list):
        for p in range(programs):
            lines.append(
                AnggaranPK(
                    perjanjian=pk,
                    sasaran=sasaran,
                    kode=f"1.02.{s + 1:02d}.{p + 1:02d}",
                    nama=f"Program {label} {s + 1}.{p + 1}: peningkatan layanan kesehatan masyarakat",
                    pagu=Decimal(1_000_000_000 + 250_000_000 * p),
                    urutan=s * programs + p,
                )
            )
    AnggaranPK.objects.bulk_create(lines)
    RealisasiAnggaran.objects.bulk_create(
        RealisasiAnggaran(anggaran=line, triwulan=tw, nilai=line.pagu * Decimal("0.22") - n * 1_000_000)
        for n, line in enumerate(lines)
        for tw in (1, 2, 3, 4)
    )
    PerjanjianKinerja.objects.filter(pk=pk.pk).update(status=PerjanjianKinerja.Status.DITETAPKAN)
    return lines


def tree(opd, periode, *, sasaran: int, indikator: int, label: str):
    """``sasaran`` sasaran strategis of ``indikator`` indicators each, with Renstra targets for every
    year of the period."""
    from iku_manual.models import Indikator, Sasaran, TargetIndikator, Tingkat

    sasaran_list, indicators = [], []
    for s in range(sasaran):
        item = Sasaran.objects.create(
            periode=periode,
            pemda=opd.pemda,
            opd=opd,
            tingkat=Tingkat.SASARAN_STRATEGIS,
            kode=f"SS.{s + 1}",
            uraian=f"Meningkatnya kualitas layanan {label} bidang {s + 1}",
            urutan=s,
        )
        sasaran_list.append(item)
        indicators += Indikator.objects.bulk_create(
            Indikator(
                sasaran=item,
                kode=f"IKU.{s + 1}.{n + 1}",
                nama=f"Persentase layanan {label} sesuai standar pelayanan minimal {s + 1}.{n + 1}",
                satuan="%",
                polaritas=POLARITAS[n % 3],
                agregasi="kumulatif" if n == 0 else "terakhir",
                standar_nasional=Decimal(95) if n == 0 else None,
                standar_nasional_sumber="Permenkes 6/2024" if n == 0 else "",
                urutan=n,
            )
            for n in range(indikator)
        )
    targets = []
    for indikator_ in indicators:
        for year in range(periode.tahun_awal, periode.tahun_akhir + 1):
            stabilize = indikator_.polaritas == "stabilize"
            targets.append(
                TargetIndikator(
                    indikator=indikator_,
                    tahun=year,
                    nilai=None if stabilize else _value(indikator_.polaritas, 80, year - TAHUN_AWAL),
                    batas_bawah=Decimal("2.5") if stabilize else None,
                    batas_atas=Decimal("3.5") if stabilize else None,
                )
            )
    TargetIndikator.objects.bulk_create(targets)
    return sasaran_list, indicators


def realisations(opd, indicators, years) -> None:
    """Four verified quarters per indicator and year, with the causes the analysis quotes."""
    from perjanjian.models import Realisasi

    rows = []
    for n, indikator in enumerate(indicators):
        for year in years:
            final = _value(indikator.polaritas, 78 + n % 5, year - TAHUN_AWAL)
            for tw in (1, 2, 3, 4):
                kumulatif = indikator.agregasi == "kumulatif"
                rows.append(
                    Realisasi(
                        opd=opd,
                        indikator=indikator,
                        tahun=year,
                        triwulan=tw,
                        nilai=final / 4 if kumulatif else final,
                        status=Realisasi.Status.TERVERIFIKASI,
                        bukti_keterangan=f"Laporan triwulan {tw} tahun {year}",
                        faktor_pendukung=PENDUKUNG[tw % 2],
                        faktor_penghambat="Keterlambatan pengadaan logistik" if tw == 2 else "",
                        upaya="Jemput bola ke wilayah sulit dijangkau" if tw >= 3 else "",
                    )
                )
    Realisasi.objects.bulk_create(rows, batch_size=2000)


def big_opd(opd, periode) -> None:
    """The watched OPD: Renstra, fifteen indicators, PK 2025 and 2026, realisations 2023–2026."""
    from iku_manual.models import Renstra

    Renstra.objects.create(
        opd=opd, periode=periode, nomor_dokumen="188.45/12/2024", tanggal_penetapan=datetime.date(2024, 6, 3)
    )
    sasaran_list, indicators = tree(opd, periode, sasaran=SASARAN, indikator=INDIKATOR, label="kesehatan")
    agreement(opd, periode, tahun=2025, sasaran_list=sasaran_list, indicators=indicators, programs=0, label="2025")
    agreement(
        opd, periode, tahun=TAHUN, sasaran_list=sasaran_list, indicators=indicators, programs=PROGRAM, label="Dinkes"
    )
    realisations(opd, indicators, (*TAHUN_LALU, TAHUN))


def small_opds(pemda, periode, *, count: int) -> None:
    """OPDs 1..count, each with a ditetapkan PK 2026 of four indicators, verified quarters and two
    budget lines per sasaran."""
    from sakip.tests import factories as f

    for number in range(1, count + 1):
        opd = f.OpdFactory(pemda=pemda, nama=f"Dinas Uji {number:02d}", singkatan=f"DU{number:02d}", urutan=number)
        sasaran_list, indicators = tree(
            opd, periode, sasaran=SMALL_SASARAN, indikator=SMALL_INDIKATOR, label=f"OPD {number:02d}"
        )
        agreement(
            opd,
            periode,
            tahun=TAHUN,
            sasaran_list=sasaran_list,
            indicators=indicators,
            programs=SMALL_PROGRAM,
            label=f"DU{number:02d}",
        )
        realisations(opd, indicators, (TAHUN,))


def narratives(laporan, oleh):
    """Every narrative written, and an analysis per sasaran: a report as a planner hands it in."""
    from evaluasi import lkjip_services as services
    from evaluasi.models_lkjip import NARASI_FIELDS
    from iku_manual.models import Sasaran

    text = PARAGRAF.format(tahun=laporan.tahun)
    per_sasaran = {}
    if laporan.opd_id:
        for pk in Sasaran.objects.filter(opd_id=laporan.opd_id).values_list("pk", flat=True):
            per_sasaran[str(pk)] = text
    return services.laporan_simpan(
        laporan=laporan, narasi=dict.fromkeys(NARASI_FIELDS, text), narasi_sasaran=per_sasaran, versi=None, oleh=oleh
    )


def analyze() -> None:
    """Fresh planner statistics after the bulk load, as a database in service has."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def _pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def opd_report(laporan) -> dict:
    """(a) the app's part: data, body and document; (b) ``cetak`` of that HTML; (c) WeasyPrint alone on
    the same saved HTML, interleaved so that a busy moment of the machine weighs on all three."""
    from weasyprint import HTML

    from evaluasi.lkjip import build_lkjip_context
    from evaluasi.lkjip_dokumen import cetak, dokumen_html, isi_html
    from evaluasi.models_lkjip import LaporanKinerja
    from sakip.models import PerangkatDaerah
    from sakip.pdf import DOCUMENT_ORIGIN, LocalFetcher, font_config

    def fresh():
        return LaporanKinerja.objects.select_related("pemda", "opd").get(pk=laporan.pk)

    opd = PerangkatDaerah.objects.select_related("pemda").get(pk=laporan.opd_id)
    data = build_lkjip_context(opd, TAHUN)  # warm
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        build_lkjip_context(opd, TAHUN)
    data_queries = len(queries)
    item = fresh()
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        html = dokumen_html(item, isi_html(item))
    app_queries = len(queries)
    pdf, pages = cetak(html)  # warms WeasyPrint's fonts and caches

    data_times, app_times, cetak_times, e2e_times, weasy_times = [], [], [], [], []
    for _ in range(DOC_REPEATS):
        start = time.perf_counter()
        build_lkjip_context(opd, TAHUN)
        data_times.append(_ms(start))
        item = fresh()
        start = time.perf_counter()
        again = dokumen_html(item, isi_html(item))
        app_ms = _ms(start)
        assert again == html, "the document is not deterministic"
        start = time.perf_counter()
        cetak(again)
        cetak_ms = _ms(start)
        app_times.append(app_ms)
        cetak_times.append(cetak_ms)
        e2e_times.append(app_ms + cetak_ms)
        start = time.perf_counter()
        HTML(string=html, base_url=DOCUMENT_ORIGIN, url_fetcher=LocalFetcher()).write_pdf(font_config=font_config())
        weasy_times.append(_ms(start))

    e2e = statistics.median(e2e_times)
    weasy = statistics.median(weasy_times)
    ikhtisar = data.ikhtisar
    return {
        "sasaran": ikhtisar.jumlah_sasaran,
        "indikator": ikhtisar.jumlah_indikator,
        "program": len(data.realisasi_anggaran),
        "tahun_lalu": sorted({t.tahun for s in data.capaian_kinerja for i in s.indikator for t in i.tahun_lalu}),
        "capaian": str(ikhtisar.capaian.quantize(Decimal("0.01"))) if ikhtisar.capaian is not None else None,
        "data_queries": data_queries,
        "app_queries": app_queries,
        "data_median_ms": round(statistics.median(data_times), 1),
        "app_median_ms": round(statistics.median(app_times), 1),
        "cetak_median_ms": round(statistics.median(cetak_times), 1),
        "e2e_median_ms": round(e2e, 1),
        "e2e_min_ms": round(min(e2e_times), 1),
        "weasyprint_median_ms": round(weasy, 1),
        "weasyprint_min_ms": round(min(weasy_times), 1),
        "ratio": round(e2e / weasy, 3),
        "overhead_pct": round((e2e / weasy - 1) * 100, 1),
        # Less noisy than the ratio of two medians of seconds: the app's own part against WeasyPrint.
        "app_share_pct": round(statistics.median(app_times) / weasy * 100, 1),
        "pages": pages,
        "pdf_bytes": len(pdf),
        "html_chars": len(html),
        "repeats": DOC_REPEATS,
    }


def cached_download(laporan, pimpinan) -> dict:
    """Print once through the service (inline, once the transaction commits), then download as the
    pemda's leader: the stored file, no new rendering."""
    from evaluasi import lkjip_services as services
    from evaluasi.models_lkjip import BerkasLkjip

    start = time.perf_counter()
    berkas = services.pdf_siapkan(laporan)
    first_ms = _ms(start)
    berkas.refresh_from_db()
    assert berkas.siap, f"the first rendering did not finish: {berkas.status} {berkas.pesan}"
    rows_before = BerkasLkjip.objects.count()

    client = Client()
    client.force_login(pimpinan)
    url = reverse("evaluasi:lkjip_unduh", args=[laporan.pk])

    def download():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        assert response["Content-Type"] == "application/pdf"
        body = b"".join(response.streaming_content)
        response.close()
        assert body.startswith(b"%PDF")
        return body

    download()  # warm the session and the connection
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        body = download()
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        download()
        times.append(_ms(start))
    assert BerkasLkjip.objects.count() == rows_before, "the download printed again"
    return {
        "first_render_ms": round(first_ms, 1),
        "render_durasi_ms": berkas.durasi_ms,
        "pages": berkas.halaman,
        "status": 200,
        "bytes": len(body),
        "queries": len(queries),
        "median_ms": round(statistics.median(times), 1),
        "min_ms": round(min(times), 1),
        "berkas_rows": rows_before,
        "repeats": REPEATS,
    }


def pemda_report(laporan) -> dict:
    from evaluasi.lkjip import build_lkjip_pemda_context
    from evaluasi.lkjip_dokumen import cetak, dokumen_html, isi_html
    from evaluasi.models_lkjip import LaporanKinerja
    from sakip.models import Pemda

    pemda = Pemda.objects.get(pk=laporan.pemda_id)
    data = build_lkjip_pemda_context(pemda, TAHUN)  # warm
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        build_lkjip_pemda_context(pemda, TAHUN)
    data_times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        build_lkjip_pemda_context(pemda, TAHUN)
        data_times.append(_ms(start))

    item = LaporanKinerja.objects.select_related("pemda").get(pk=laporan.pk)
    reset_queries()
    with CaptureQueriesContext(connection) as app_queries:
        html = dokumen_html(item, isi_html(item))
    pdf, pages = cetak(html)  # warm
    app_times, e2e_times = [], []
    for _ in range(PEMDA_DOC_REPEATS):
        item = LaporanKinerja.objects.select_related("pemda").get(pk=laporan.pk)
        start = time.perf_counter()
        html = dokumen_html(item, isi_html(item))
        app_times.append(_ms(start))
        pdf, pages = cetak(html)
        e2e_times.append(_ms(start))
    return {
        "opd": len(data.opd),
        "opd_dengan_pk": data.jumlah_opd_dengan_pk,
        "indikator": data.jumlah_indikator,
        "capaian": str(data.capaian.quantize(Decimal("0.01"))) if data.capaian is not None else None,
        "data_queries": len(queries),
        "app_queries": len(app_queries),
        "data_median_ms": round(statistics.median(data_times), 1),
        "app_median_ms": round(statistics.median(app_times), 1),
        "pdf_median_ms": round(statistics.median(e2e_times), 1),
        "pages": pages,
        "pdf_bytes": len(pdf),
        "repeats": PEMDA_DOC_REPEATS,
    }


def main() -> None:
    from evaluasi import lkjip_services as services

    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DEBUG = True  # as bench/pages.py; queries are counted either way
    settings.ALLOWED_HOSTS = ["testserver"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with (
            tempfile.TemporaryDirectory(prefix="sakip-bench-lkjip-") as media,
            override_settings(MEDIA_ROOT=media, CELERY_BROKER_URL="", LKJIP_RENDER_LOKAL="inline"),
        ):
            pemda, periode, opd, planner, admin, pimpinan = world()
            start = time.perf_counter()
            big_opd(opd, periode)
            small_opds(pemda, periode, count=OPDS - 1)
            build_s = time.perf_counter() - start
            analyze()
            laporan = narratives(services.laporan_buat(pemda=pemda, opd=opd, tahun=TAHUN, oleh=planner), planner)
            laporan_pemda = narratives(services.laporan_buat(pemda=pemda, opd=None, tahun=TAHUN, oleh=admin), admin)

            opd_doc = opd_report(laporan)
            download = cached_download(laporan, pimpinan)
            pemda_doc = pemda_report(laporan_pemda)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    o, d, p = opd_doc, download, pemda_doc
    print(
        f"data: {build_s:.1f} s; OPD report: {o['sasaran']} sasaran, {o['indikator']} indicators, "
        f"{o['program']} programs, earlier years {o['tahun_lalu']}, capaian {o['capaian']}; "
        f"pemda: {p['opd']} OPDs ({p['opd_dengan_pk']} with a PK), {p['indikator']} indicators"
    )
    print(f"{'measure':<46} {'median':>11} {'min':>11} {'queries':>8} {'pages':>6}")

    def line(name, median, minimum="", queries="", pages=""):
        median = f"{median} ms" if median != "" else ""
        minimum = f"{minimum} ms" if minimum != "" else ""
        print(f"{name:<46} {median:>11} {minimum:>11} {queries!s:>8} {pages!s:>6}")

    line("OPD: build_lkjip_context", o["data_median_ms"], queries=o["data_queries"])
    line("OPD: (a) app: isi_html + dokumen_html", o["app_median_ms"], queries=o["app_queries"])
    line("OPD: (b) cetak", o["cetak_median_ms"], pages=o["pages"])
    line("OPD: end to end (a + b)", o["e2e_median_ms"], o["e2e_min_ms"], pages=o["pages"])
    line("OPD: (c) WeasyPrint alone, same HTML", o["weasyprint_median_ms"], o["weasyprint_min_ms"])
    line("download (pimpinan, cached PDF)", d["median_ms"], d["min_ms"], d["queries"], d["pages"])
    line("pemda: build_lkjip_pemda_context", p["data_median_ms"], queries=p["data_queries"])
    line("pemda: isi_html + dokumen_html", p["app_median_ms"], queries=p["app_queries"])
    line("pemda: end to end (document and PDF)", p["pdf_median_ms"], pages=p["pages"])
    verdict = "within" if o["overhead_pct"] < 15 else "ABOVE"
    print(
        f"OPD end to end / WeasyPrint alone: {o['ratio']} (app overhead {o['overhead_pct']} %, {verdict} "
        f"the 15 % goal); the app's part alone is {o['app_share_pct']} % of WeasyPrint's time"
    )
    print(
        f"OPD: medians of {DOC_REPEATS} interleaved runs; PDF {o['pdf_bytes']} bytes from {o['html_chars']} chars "
        "of HTML"
    )
    print(
        f"download: status {d['status']}, {d['bytes']} bytes, median of {REPEATS}, no new rendering "
        f"({d['berkas_rows']} BerkasLkjip rows before and after); first rendering through pdf_siapkan "
        f"{d['first_render_ms']} ms (task {d['render_durasi_ms']} ms)"
    )
    print(f"pemda PDF: median of {PEMDA_DOC_REPEATS}, {p['pdf_bytes']} bytes; data median of {REPEATS}")
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    result = {"build_seconds": round(build_s, 1), "opd": opd_doc, "download": download, "pemda": pemda_doc}
    (out / "lkjip.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(f"written: {out / 'lkjip.json'}")


if __name__ == "__main__":
    main()
