"""Evaluation pages benchmark: queries and server time of the evaluation list, one evaluation's detail,
its worksheet for component A, the recap, the what-if page, the recommendation monitoring and the LKE
workbook download, at 1x data (one pemda with 10 OPDs, each with a final 2025 evaluation and a 2026
evaluation still being scored, both on the national PermenPANRB 12/2015 worksheet with every criterion
answered on both sides and two or three recommendations) and at 10x (100 OPDs the same). Then the
documents: the LHE PDF of a final evaluation against WeasyPrint's own time for the same HTML, and
importing the 12/2015 template workbook. Run with `python bench/evaluasi.py`; prints a table and
writes bench-results/evaluasi.json. A measurement, not a test: nothing here passes or fails.

It works in a throwaway database (test_<name>) created and dropped on the DATABASE_URL server.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import statistics
import sys
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
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

REPEATS = 20  # requests a page
DOC_REPEATS = 3  # LHE PDF renders
IMPORT_REPEATS = 5  # template imports
TAHUN = 2026
OPDS = 10
REGULASI = "12/2015"
FINDING = "Target jangka menengah belum seluruhnya selaras dengan sasaran RPJMD."
RECOMMENDATION = "Menyelaraskan indikator dan target Renstra dengan sasaran RPJMD melalui reviu Renstra."


def world():
    """A pemda with its period, its first OPD and an evaluator; the national 12/2015 worksheet."""
    from evaluasi.models import Kriteria, TemplateLKE
    from iku_manual.tests.factories import PeriodeFactory
    from sakip.models import Role
    from sakip.tests import factories as f

    pemda = f.PemdaFactory(nama="Kota Bangku Evaluasi", kode="99.92")
    PeriodeFactory(pemda=pemda, tahun_awal=2025)
    first = f.OpdFactory(pemda=pemda, nama="Dinas Kesehatan", singkatan="Dinkes", urutan=0)
    evaluator = f.UserFactory(username="evaluator.bangku", nama="Evaluator Bangku", role=Role.EVALUATOR, pemda=pemda)
    template = TemplateLKE.objects.get(pemda=None, regulasi=REGULASI, versi=1)
    kriteria = list(
        Kriteria.objects.filter(sub__komponen__template=template)
        .select_related("sub__komponen")
        .prefetch_related("skala__opsi")
        .order_by("sub__komponen__urutan", "sub__urutan", "urutan")
    )
    return pemda, first, evaluator, template, kriteria


def _noise(*parts) -> Decimal:
    """A stable pseudo-random number between -0,25 and 0,25."""
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return (Decimal(digest[0]) / 255 - Decimal("0.5")) / 2


def _choose(options, level: Decimal):
    """The option whose share of the scale's best is nearest the level."""
    best = options[-1].nilai or Decimal(1)
    return min(options, key=lambda o: abs(o.nilai / best - level))


def _answers(evaluasi, kriteria, level: Decimal, evaluator):
    """Every criterion answered on both sides, as evaluasi/demo.py does: the criteria others depend on
    answered best (so the logic check holds), the self-assessment a little above the evaluator's."""
    from evaluasi.models import Jawaban

    roots = {k.syarat_id for k in kriteria if k.syarat_id}
    rows = []
    for k in kriteria:
        options = sorted(k.skala.opsi.all(), key=lambda o: o.nilai)
        chosen = {}
        for side, lift in (("mandiri", Decimal("0.08")), ("evaluator", Decimal(0))):
            here = Decimal(1) if k.pk in roots else level + lift + _noise(evaluasi.pk, k.kode, side)
            chosen[side] = _choose(options, here)
        weak = chosen["evaluator"].nilai < options[-1].nilai * Decimal("0.7")
        rows.append(
            Jawaban(
                evaluasi=evaluasi,
                kriteria=k,
                opsi_mandiri=chosen["mandiri"],
                opsi_evaluator=chosen["evaluator"],
                catatan_evaluator=FINDING if weak else "",
                bukti_tautan=f"https://data.kotabangku.go.id/bukti/{evaluasi.pk}/{k.kode}",
                bukti_dokumen=["renstra", "pk"],
                versi=2,
                diubah_oleh=evaluator,
            )
        )
    return rows


def grow(pemda, first, evaluator, template, kriteria, *, opds: int, start: int = 0) -> None:
    """OPDs ``start``..``opds`` - 1, each with a final 2025 and a 2026 evaluation (penilaian), answers
    and recommendations; everything in bulk (with history), finalised by a queryset update."""
    from django.utils import timezone
    from simple_history.utils import bulk_create_with_history

    from evaluasi.dokumen import bagian_beku
    from evaluasi.models import Evaluasi, Jawaban, Komponen, Rekomendasi
    from evaluasi.services import skor_banyak
    from sakip.tests import factories as f

    opd_list = [
        first if number == 0 else f.OpdFactory(pemda=pemda, nama=f"Dinas Uji {number:03d}", urutan=number)
        for number in range(start, opds)
    ]
    evaluations = bulk_create_with_history(
        [
            Evaluasi(
                pemda=pemda,
                opd=opd,
                tahun=tahun,
                template=template,
                simpulan=f"Implementasi SAKIP {opd.nama} tahun {tahun} sudah berjalan; perbaikan pada komponen A.",
            )
            for opd in opd_list
            for tahun in (TAHUN - 1, TAHUN)
        ],
        Evaluasi,
        default_user=evaluator,
    )
    answers = []
    for evaluasi in evaluations:
        level = Decimal("0.70") + _noise("maturity", evaluasi.opd_id) * Decimal("0.6")
        answers += _answers(evaluasi, kriteria, level + (Decimal("0.04") if evaluasi.tahun == TAHUN else 0), evaluator)
    bulk_create_with_history(answers, Jawaban, batch_size=2000, default_user=evaluator)

    komponen = list(Komponen.objects.filter(template=template).order_by("urutan"))
    recommendations = []
    for index, evaluasi in enumerate(evaluations):
        for n in range(2 + index % 2):
            if evaluasi.tahun == TAHUN:
                due = datetime.date(TAHUN + 1, 6, 30)
            else:  # last year's fall due this year, some already overdue
                due = datetime.date(TAHUN, 3, 31) if (index + n) % 2 else datetime.date(TAHUN, 12, 31)
            recommendations.append(
                Rekomendasi(
                    evaluasi=evaluasi,
                    komponen=komponen[(index + n) % len(komponen)],
                    nomor=n + 1,
                    uraian=RECOMMENDATION,
                    batas_waktu=due,
                    dibuat_oleh=evaluator,
                )
            )
    bulk_create_with_history(recommendations, Rekomendasi, default_user=evaluator)

    # Last year's made final as ``evaluasi_finalkan`` leaves them: the LHE's letterhead and the scores
    # frozen (without its checks that every criterion is answered, which the data need not meet).
    final = [e for e in evaluations if e.tahun == TAHUN - 1]
    skor = skor_banyak(final)
    for e in final:
        e.status = Evaluasi.Status.FINAL
        e.difinalkan_oleh = evaluator
        e.difinalkan_pada = timezone.now()
        e.beku = {**bagian_beku(e, evaluator), "skor": skor[e.pk].ke_data()}
    Evaluasi.objects.bulk_update(final, ["status", "difinalkan_oleh", "difinalkan_pada", "beku"])


def analyze() -> None:
    """Fresh planner statistics after the bulk load, as a database in service has (autovacuum would
    otherwise run ANALYZE at some moment during the measurement)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def pages(first, template):
    from evaluasi.models import Evaluasi, Komponen

    evaluasi = Evaluasi.objects.get(opd=first, tahun=TAHUN)
    komponen_a = Komponen.objects.get(template=template, kode="A")
    pk = evaluasi.pk
    return [
        ("daftar evaluasi", reverse("evaluasi:evaluasi_list") + f"?tahun={TAHUN}"),
        ("detail evaluasi", reverse("evaluasi:evaluasi_detail", args=[pk])),
        ("lembar komponen A", reverse("evaluasi:evaluasi_lembar", args=[pk, komponen_a.pk])),
        ("rekap", reverse("evaluasi:evaluasi_rekap") + f"?tahun={TAHUN}"),
        ("simulasi", reverse("evaluasi:evaluasi_simulasi", args=[pk])),
        ("pantau rekomendasi", reverse("evaluasi:rekomendasi_pantau") + f"?tahun={TAHUN}"),
        ("unduh LKE xlsx", reverse("evaluasi:evaluasi_lke_excel", args=[pk])),
    ]


def measure(label: str, first, evaluator, template) -> list[dict]:
    from evaluasi.models import Evaluasi, Jawaban, Rekomendasi

    results = []
    client = Client()
    client.force_login(evaluator)
    for name, url in pages(first, template):
        client.get(url)  # warm caches and the connection
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        times = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        results.append(
            {
                "data": label,
                "page": name,
                "status": response.status_code,
                "bytes": len(response.content),
                "queries": len(queries),
                "median_ms": round(statistics.median(times), 1),
            }
        )
    print(
        f"{label}: {Evaluasi.objects.count()} evaluations, {Jawaban.objects.count()} answers, "
        f"{Rekomendasi.objects.count()} recommendations"
    )
    return results


def documents(first, evaluator, pemda) -> dict:
    """The LHE PDF of a final evaluation against WeasyPrint alone on the same HTML; the template import."""
    from django.template.loader import render_to_string
    from pypdf import PdfReader
    from weasyprint import HTML

    from evaluasi import dokumen, exports, imports
    from evaluasi.models import Evaluasi, TemplateLKE
    from sakip.pdf import DOCUMENT_ORIGIN, LocalFetcher, font_config, image_data_uri

    def final():
        return dokumen.for_dokumen(Evaluasi.objects.all()).get(opd=first, tahun=TAHUN - 1)

    assert final().final
    # The same HTML as lhe_pdf renders (its context, with the logo), for WeasyPrint alone.
    evaluasi = final()
    context = dokumen.build_lhe_context(evaluasi)
    context["logo"] = image_data_uri(evaluasi.pemda.logo)
    html = render_to_string("pdf/lhe.html", context)
    evaluasi = final()
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        pdf = dokumen.lhe_pdf(evaluasi)  # also warms WeasyPrint's fonts and the template cache
    lhe_queries = len(queries)
    page_count = len(PdfReader(io.BytesIO(pdf)).pages)
    lhe_times, weasy_times, app_times = [], [], []
    for _ in range(DOC_REPEATS):  # interleaved, so that a busy moment of the machine weighs on both
        evaluasi = final()
        start = time.perf_counter()
        dokumen.lhe_pdf(evaluasi)
        lhe_times.append((time.perf_counter() - start) * 1000)
        evaluasi = final()
        start = time.perf_counter()  # the app's own part: the context and the HTML
        context = dokumen.build_lhe_context(evaluasi)
        context["logo"] = image_data_uri(evaluasi.pemda.logo)
        render_to_string("pdf/lhe.html", context)
        app_times.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        HTML(string=html, base_url=DOCUMENT_ORIGIN, url_fetcher=LocalFetcher()).write_pdf(font_config=font_config())
        weasy_times.append((time.perf_counter() - start) * 1000)

    national = TemplateLKE.objects.get(pemda=None, regulasi=REGULASI, versi=1)
    start = time.perf_counter()
    workbook = exports.template_workbook(exports.with_worksheet(TemplateLKE.objects.all()).get(pk=national.pk))
    export_ms = (time.perf_counter() - start) * 1000
    import_times, versions = [], []
    for _ in range(IMPORT_REPEATS):
        start = time.perf_counter()
        plan = imports.apply_workbook(source=io.BytesIO(workbook), pemda=pemda, user=evaluator)
        import_times.append((time.perf_counter() - start) * 1000)
        assert not plan.errors, [e.message for e in plan.errors]
        versions.append(plan.template.versi)

    lhe_ms = statistics.median(lhe_times)
    weasy_ms = statistics.median(weasy_times)
    return {
        "lhe_pdf_median_ms": round(lhe_ms, 1),
        "lhe_pdf_queries": lhe_queries,
        "lhe_pdf_pages": page_count,
        "lhe_pdf_bytes": len(pdf),
        "lhe_html_chars": len(html),
        "lhe_pdf_min_ms": round(min(lhe_times), 1),
        "weasyprint_median_ms": round(weasy_ms, 1),
        "weasyprint_min_ms": round(min(weasy_times), 1),
        "app_overhead_ratio": round(lhe_ms / weasy_ms, 3),
        "lhe_context_and_html_median_ms": round(statistics.median(app_times), 1),
        "template_export_ms": round(export_ms, 1),
        "template_workbook_bytes": len(workbook),
        "template_import_median_ms": round(statistics.median(import_times), 1),
        "template_import_min_ms": round(min(import_times), 1),
        "template_import_versions": versions,
        "doc_repeats": DOC_REPEATS,
        "import_repeats": IMPORT_REPEATS,
    }


def main() -> None:
    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DEBUG = True  # as bench/pages.py; queries are counted either way
    settings.ALLOWED_HOSTS = ["testserver"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        pemda, first, evaluator, template, kriteria = world()
        start = time.perf_counter()
        grow(pemda, first, evaluator, template, kriteria, opds=OPDS)
        build_1x = time.perf_counter() - start
        analyze()
        rows = measure("1x", first, evaluator, template)
        start = time.perf_counter()
        grow(pemda, first, evaluator, template, kriteria, opds=OPDS * 10, start=OPDS)
        build_10x = time.perf_counter() - start
        analyze()
        rows += measure("10x", first, evaluator, template)
        docs = documents(first, evaluator, pemda)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    print(
        f"data 1x: {build_1x:.1f} s; growing to 10x: {build_10x:.1f} s; {REPEATS} requests a page; "
        f"{len(kriteria)} criteria a worksheet"
    )
    print(f"{'page':<20} {'status':>6} {'queries 1x':>10} {'queries 10x':>11} {'median 1x':>11} {'median 10x':>12}")
    by_page: dict[str, dict[str, dict]] = {}
    for row in rows:
        by_page.setdefault(row["page"], {})[row["data"]] = row
    for page, data in by_page.items():
        one, ten = data["1x"], data["10x"]
        flag = "" if one["queries"] == ten["queries"] else "  <- queries grow with data"
        timing = f"{one['median_ms']:>8} ms {ten['median_ms']:>9} ms"
        status = f"{one['status']}/{ten['status']}"
        print(f"{page:<20} {status:>6} {one['queries']:>10} {ten['queries']:>11} {timing}{flag}")
    print(
        f"LHE PDF (final evaluation): {docs['lhe_pdf_median_ms']} ms median of {DOC_REPEATS} "
        f"(min {docs['lhe_pdf_min_ms']}), "
        f"{docs['lhe_pdf_queries']} queries, {docs['lhe_pdf_pages']} pages, {docs['lhe_pdf_bytes']} bytes"
    )
    print(
        f"WeasyPrint alone on the same HTML: {docs['weasyprint_median_ms']} ms median of {DOC_REPEATS} "
        f"(min {docs['weasyprint_min_ms']}); app/WeasyPrint ratio {docs['app_overhead_ratio']}; "
        f"the app's own part (context and HTML) {docs['lhe_context_and_html_median_ms']} ms"
    )
    print(
        f"template 12/2015: export {docs['template_export_ms']} ms; import "
        f"{docs['template_import_median_ms']} ms median of {IMPORT_REPEATS} (min {docs['template_import_min_ms']})"
    )
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    result = {
        "pages": rows,
        "documents": docs,
        "build_seconds": {"1x": round(build_1x, 1), "10x": round(build_10x, 1)},
        "repeats": REPEATS,
        "kriteria": len(kriteria),
    }
    (out / "evaluasi.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(f"written: {out / 'evaluasi.json'}")


if __name__ == "__main__":
    main()
