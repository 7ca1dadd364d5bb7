"""Dashboard benchmark: queries and server time of Beranda for each role's dashboard (pimpinan, admin
pemda, kepala OPD, evaluator) and of one OPD's drill-down (sasaran × triwulan), at 1x data (one pemda
with 10 OPDs, each with a ditetapkan 2026 PK of 3 sasaran × 3 indicators, realisations of TW I–III in
every status, a final 2025 and a 2026 evaluation on the 12/2015 worksheet with every criterion
answered and their recommendations, monthly absorption up to October and IKP tasks, some overdue) and
at 10x (100 OPDs the same). Run with `python bench/dasbor.py`; prints a table and writes
bench-results/dasbor.json. A measurement, not a test: nothing here passes or fails.

It works in a throwaway database (test_<name>) created and dropped on the DATABASE_URL server.
"""

from __future__ import annotations

import datetime
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

from bench import evaluasi as bench_evaluasi  # noqa: E402

REPEATS = 20  # requests a page
TAHUN = 2026
HARI = datetime.date(2026, 11, 23)  # TW I–III due, absorption entered up to October
OPDS = 10
SASARAN = 3
INDIKATOR = 3  # per sasaran
STATUSES = ["terverifikasi", "terverifikasi", "diajukan", "draft", "dikembalikan"]


def world():
    """The evaluation benchmark's pemda and worksheet, with a leader, an admin, the first OPD's head."""
    from sakip.models import Role
    from sakip.tests import factories as f

    pemda, first, evaluator, template, kriteria = bench_evaluasi.world()
    users = {
        "pimpinan": f.UserFactory(username="pimpinan.bangku", role=Role.PIMPINAN, pemda=pemda),
        "admin_pemda": f.UserFactory(username="admin.bangku", role=Role.ADMIN_PEMDA, pemda=pemda),
        "kepala_opd": f.UserFactory(username="kepala.bangku", role=Role.KEPALA_OPD, pemda=pemda, opd=first),
        "evaluator": evaluator,
    }
    return pemda, first, evaluator, template, kriteria, users


def grow(pemda, first, evaluator, template, kriteria, users, *, opds: int, start: int = 0) -> None:
    """OPDs ``start``..``opds`` - 1 with their evaluations (bench/evaluasi.py), agreements, realisations,
    absorption and IKP tasks, written in bulk."""
    from iku_manual.models import Indikator, Periode, Sasaran
    from instruksi.models import Instruksi, Tugas
    from pemantauan.models import SerapanAnggaran
    from perjanjian.models import BarisPK, PerjanjianKinerja, Realisasi
    from sakip.models import PerangkatDaerah

    bench_evaluasi.grow(pemda, first, evaluator, template, kriteria, opds=opds, start=start)
    periode = Periode.objects.get(pemda=pemda)
    opd_list = list(PerangkatDaerah.objects.filter(pemda=pemda, urutan__gte=start, urutan__lt=opds))
    sasaran = Sasaran.objects.bulk_create(
        Sasaran(
            periode=periode,
            pemda=pemda,
            opd=opd,
            tingkat="sasaran_strategis",
            kode=f"SS.{n + 1}",
            uraian=f"Meningkatnya kualitas layanan {opd.singkatan} {n + 1}",
            urutan=n,
        )
        for opd in opd_list
        for n in range(SASARAN)
    )
    indikator = Indikator.objects.bulk_create(
        Indikator(
            sasaran=s,
            kode=f"IKU.{s.kode[3:]}.{n + 1}",
            nama=f"Persentase layanan {s.kode}.{n + 1}",
            satuan="%",
            definisi_operasional="Layanan tuntas dibanding seluruh layanan.",
            formula="Tuntas / seluruh × 100%",
            sumber_data="Laporan bulanan",
            urutan=n,
        )
        for s in sasaran
        for n in range(INDIKATOR)
    )
    perjanjian = {opd.pk: PerjanjianKinerja.objects.create(opd=opd, periode=periode, tahun=TAHUN) for opd in opd_list}
    BarisPK.objects.bulk_create(
        BarisPK(
            perjanjian=perjanjian[i.sasaran.opd_id], indikator=i, target=80, tw1=20, tw2=40, tw3=60, tw4=80, urutan=n
        )
        for n, i in enumerate(indikator)
    )
    PerjanjianKinerja.objects.filter(pk__in=[pk.pk for pk in perjanjian.values()]).update(status="ditetapkan")
    Realisasi.objects.bulk_create(
        Realisasi(
            opd_id=i.sasaran.opd_id,
            indikator=i,
            tahun=TAHUN,
            triwulan=tw,
            nilai=Decimal(15 + 20 * (tw - 1) + n % 9),
            status=STATUSES[(n + tw) % len(STATUSES)],
            bukti_keterangan="Laporan bulanan",
            diajukan_pada=datetime.datetime(TAHUN, 3 * tw + 1, 5, tzinfo=datetime.UTC),
        )
        for n, i in enumerate(indikator)
        for tw in (1, 2, 3)
    )
    SerapanAnggaran.objects.bulk_create(
        SerapanAnggaran(
            opd=opd,
            tahun=TAHUN,
            bulan=bulan,
            pagu=Decimal(10_000_000_000),
            realisasi_sd=Decimal(10_000_000_000) * Decimal(bulan * (6 + opd.pk % 3)) / 100,
        )
        for opd in opd_list
        for bulan in range(1, 11)
    )
    instruksi = Instruksi.objects.create(
        pemda=pemda, perihal=f"Percepatan serapan {start}", status="diterbitkan", dibuat_oleh=users["pimpinan"]
    )
    Tugas.objects.bulk_create(
        Tugas(
            instruksi=instruksi,
            opd=opd,
            uraian="Serapan anggaran 60%",
            jenis_target="serapan",
            target=60,
            satuan="%",
            batas_waktu=datetime.date(TAHUN, 10 + opd.pk % 3, 15),
        )
        for opd in opd_list
    )


def pages(first):
    home = reverse("home") + f"?tahun={TAHUN}"
    return [
        ("beranda pimpinan", "pimpinan", home),
        ("beranda admin pemda", "admin_pemda", home),
        ("beranda kepala OPD", "kepala_opd", home),
        ("beranda evaluator", "evaluator", home),
        ("rincian OPD", "pimpinan", reverse("dasbor_opd", args=[first.pk]) + f"?tahun={TAHUN}"),
    ]


def measure(label: str, first, users) -> list[dict]:
    from perjanjian.models import Realisasi
    from sakip.models import PerangkatDaerah

    results = []
    for name, role, url in pages(first):
        client = Client()
        client.force_login(users[role])
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
    print(f"{label}: {PerangkatDaerah.objects.count()} OPDs, {Realisasi.objects.count()} realisations")
    return results


def main() -> None:
    from sakip import dasbor

    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DEBUG = True  # as bench/pages.py; queries are counted either way
    settings.ALLOWED_HOSTS = ["testserver"]
    dasbor.hari_ini = lambda: HARI  # the same quarters due and months counted whenever it runs
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        pemda, first, evaluator, template, kriteria, users = world()
        start = time.perf_counter()
        grow(pemda, first, evaluator, template, kriteria, users, opds=OPDS)
        build_1x = time.perf_counter() - start
        bench_evaluasi.analyze()
        rows = measure("1x", first, users)
        start = time.perf_counter()
        grow(pemda, first, evaluator, template, kriteria, users, opds=OPDS * 10, start=OPDS)
        build_10x = time.perf_counter() - start
        bench_evaluasi.analyze()
        rows += measure("10x", first, users)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    print(f"data 1x: {build_1x:.1f} s; growing to 10x: {build_10x:.1f} s; {REPEATS} requests a page")
    print(f"{'page':<22} {'status':>7} {'queries 1x':>10} {'queries 10x':>11} {'median 1x':>11} {'median 10x':>12}")
    by_page: dict[str, dict[str, dict]] = {}
    for row in rows:
        by_page.setdefault(row["page"], {})[row["data"]] = row
    for page, data in by_page.items():
        one, ten = data["1x"], data["10x"]
        flag = "" if one["queries"] == ten["queries"] else "  <- queries grow with data"
        timing = f"{one['median_ms']:>8} ms {ten['median_ms']:>9} ms"
        status = f"{one['status']}/{ten['status']}"
        print(f"{page:<22} {status:>7} {one['queries']:>10} {ten['queries']:>11} {timing}{flag}")
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    result = {
        "pages": rows,
        "build_seconds": {"1x": round(build_1x, 1), "10x": round(build_10x, 1)},
        "repeats": REPEATS,
    }
    (out / "dasbor.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(f"written: {out / 'dasbor.json'}")


if __name__ == "__main__":
    main()
