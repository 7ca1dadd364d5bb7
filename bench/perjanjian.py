"""Capaian pages benchmark: queries and server time of the OPD monitoring table and the pemda recap
(and the realisation template download) at 1x data (10 OPDs, each with a ditetapkan PK 2026 of five
sasaran, fifteen indicators, four quarters of realisations and five budget lines) and at 10x (100
OPDs; the watched OPD with nine unit agreements more: 150 indicators). Run with
`python bench/perjanjian.py`; prints a table and writes bench-results/perjanjian.json. A measurement,
not a test: nothing here passes or fails.

It works in a throwaway database (test_<name>) created and dropped on the DATABASE_URL server.
"""

from __future__ import annotations

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

REPEATS = 20
TAHUN = 2026
OPDS = 10
SASARAN = 5
INDIKATOR = 3  # per sasaran
POLARITAS = ["maximize", "minimize", "stabilize"]


def world():
    """A pemda with its period, scales and bands, a planner of the first OPD and an evaluator."""
    from iku_manual.tests.factories import PeriodeFactory
    from sakip.models import Role
    from sakip.tests import factories as f

    pemda = f.PemdaFactory(nama="Kota Bangku Capaian", kode="99.91")
    periode = PeriodeFactory(pemda=pemda, tahun_awal=2025)
    first = f.OpdFactory(pemda=pemda, nama="Dinas Kesehatan", singkatan="Dinkes", urutan=0)
    f.UserFactory(username="perencana.bangku", role=Role.PERENCANA, pemda=pemda, opd=first)
    f.UserFactory(username="evaluator.bangku", role=Role.EVALUATOR, pemda=pemda)
    return pemda, periode, first


def agreement(opd, periode, *, unit=None, label: str) -> None:
    """One ditetapkan PK 2026 of SASARAN sasaran × INDIKATOR indicators with targets, rencana aksi,
    realisations of the four quarters (verified, submitted, draft) and a budget line per sasaran."""
    from iku_manual.models import Indikator, Sasaran, Tingkat
    from perjanjian.models import AnggaranPK, BarisPK, PerjanjianKinerja, Realisasi, RealisasiAnggaran

    pk = PerjanjianKinerja.objects.create(opd=opd, periode=periode, tahun=TAHUN, unit=unit)
    rows, realisasi, spending = [], [], []
    for s in range(SASARAN):
        sasaran = Sasaran.objects.create(
            periode=periode,
            pemda=opd.pemda,
            opd=opd,
            unit=unit,
            tingkat=Tingkat.SASARAN_STRATEGIS if unit is None else Tingkat.SASARAN_PROGRAM,
            kode=f"{label}.{s + 1}",
            uraian=f"Meningkatnya kualitas layanan {label}.{s + 1}",
            urutan=s,
        )
        indicators = Indikator.objects.bulk_create(
            Indikator(
                sasaran=sasaran,
                kode=f"IKU.{n + 1}",
                nama=f"Persentase layanan sesuai standar {label}.{s + 1}.{n + 1}",
                satuan="%",
                polaritas=POLARITAS[n % 3],
                agregasi="kumulatif" if n == 0 else "terakhir",
                urutan=n,
            )
            for n in range(INDIKATOR)
        )
        for n, indikator in enumerate(indicators):
            stabilize = indikator.polaritas == "stabilize"
            rows.append(
                BarisPK(
                    perjanjian=pk,
                    indikator=indikator,
                    target=None if stabilize else Decimal(80),
                    batas_bawah=Decimal("2.5") if stabilize else None,
                    batas_atas=Decimal("3.5") if stabilize else None,
                    tw1=None if stabilize else Decimal(20),
                    tw2=None if stabilize else Decimal(40),
                    tw3=None if stabilize else Decimal(60),
                    tw4=None if stabilize else Decimal(80),
                    urutan=n,
                )
            )
            for tw in (1, 2, 3, 4):
                realisasi.append(
                    Realisasi(
                        opd=opd,
                        indikator=indikator,
                        tahun=TAHUN,
                        triwulan=tw,
                        nilai=Decimal(3) if stabilize else Decimal(19 + tw),
                        status=["terverifikasi", "terverifikasi", "diajukan", "draft"][tw - 1],
                        bukti_keterangan="Laporan triwulan",
                    )
                )
        line = AnggaranPK.objects.create(
            perjanjian=pk, sasaran=sasaran, kode=f"1.02.{s:02d}", nama=f"Program {label}.{s + 1}", pagu=1_000_000_000
        )
        spending += [RealisasiAnggaran(anggaran=line, triwulan=tw, nilai=200_000_000) for tw in (1, 2, 3)]
    BarisPK.objects.bulk_create(rows)
    Realisasi.objects.bulk_create(realisasi)
    RealisasiAnggaran.objects.bulk_create(spending)
    PerjanjianKinerja.objects.filter(pk=pk.pk).update(status=PerjanjianKinerja.Status.DITETAPKAN)


def grow(pemda, periode, first, *, opds: int, units: int, start_opd: int = 0, start_unit: int = 0) -> None:
    from sakip.tests import factories as f

    for number in range(start_opd, opds):
        opd = first if number == 0 else f.OpdFactory(pemda=pemda, nama=f"Dinas Uji {number}", urutan=number)
        agreement(opd, periode, label="SS")
    for number in range(start_unit, units):
        agreement(first, periode, unit=f.UnitFactory(opd=first), label=f"SP{number}")


def pages(first):
    return [
        ("monitoring OPD", "perencana.bangku", reverse("perjanjian:monitoring", args=[first.pk, TAHUN])),
        ("rekap pemda", "evaluator.bangku", reverse("perjanjian:rekap") + f"?tahun={TAHUN}"),
        (
            "templat realisasi",
            "perencana.bangku",
            reverse("perjanjian:realisasi_templat", args=[first.pk, TAHUN]) + "?triwulan=semua",
        ),
    ]


def measure(label: str, first) -> list[dict]:
    from perjanjian import reports
    from sakip.models import User

    results = []
    client = Client()
    for name, username, url in pages(first):
        client.force_login(User.objects.get(username=username))
        client.get(url)  # warm caches and the connection
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        times = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        results.append(
            {
                "data": label,
                "page": name,
                "status": status,
                "queries": len(queries),
                "median_ms": round(statistics.median(times), 1),
            }
        )
    ukur = reports.pengukuran_opd(first, TAHUN)
    print(f"{label}: monitored OPD {ukur.jumlah_indikator} indicators, capaian {ukur.capaian:.2f}")
    return results


def main() -> None:
    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DEBUG = True  # as bench/pages.py; queries are counted either way
    settings.ALLOWED_HOSTS = ["testserver"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        pemda, periode, first = world()
        start = time.perf_counter()
        grow(pemda, periode, first, opds=OPDS, units=0)
        build_1x = time.perf_counter() - start
        rows = measure("1x", first)
        start = time.perf_counter()
        grow(pemda, periode, first, opds=OPDS * 10, units=9, start_opd=OPDS)
        build_10x = time.perf_counter() - start
        rows += measure("10x", first)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    print(f"data 1x: {build_1x:.1f} s; growing to 10x: {build_10x:.1f} s; {REPEATS} requests a page")
    print(f"{'page':<20} {'queries 1x':>10} {'queries 10x':>11} {'median 1x':>11} {'median 10x':>12}")
    by_page: dict[str, dict[str, dict]] = {}
    for row in rows:
        by_page.setdefault(row["page"], {})[row["data"]] = row
    for page, data in by_page.items():
        one, ten = data["1x"], data["10x"]
        flag = "" if one["queries"] == ten["queries"] else "  <- queries grow with data"
        timing = f"{one['median_ms']:>8} ms {ten['median_ms']:>9} ms"
        print(f"{page:<20} {one['queries']:>10} {ten['queries']:>11} {timing}{flag}")
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "perjanjian.json").write_text(json.dumps({"pages": rows}, indent=2), encoding="utf-8")
    print(f"written: {out / 'perjanjian.json'}")


if __name__ == "__main__":
    main()
