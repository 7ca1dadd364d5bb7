"""Page benchmark: queries and server time per page on the demo data (1x) and with ten times as many
OPDs, units, officials and users (10x). Run with `make bench`; prints a table and writes
bench-results/pages.json. A measurement, not a test: nothing here passes or fails.

It works in a throwaway database (test_<name>) created and dropped on the DATABASE_URL server.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sakip.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

REPEATS = 30


def pages():
    from iku_manual.models import Indikator, Sasaran
    from sakip.models import PerangkatDaerah, Periode, User

    opd = PerangkatDaerah.objects.get(pemda__kode="99.71", singkatan="Dinkes")
    planner = User.objects.get(username="perencana.dinkes")
    periode = Periode.objects.get(pemda__kode="99.71")
    sasaran = Sasaran.objects.filter(opd=opd, kode="SS.1").first()
    indikator = Indikator.objects.filter(sasaran=sasaran).first()
    tree = [periode.pk, opd.pk]
    return [
        ("beranda", "admin.contoh", reverse("home")),
        ("daftar OPD", "admin.contoh", reverse("opd_list")),
        ("halaman OPD", "admin.contoh", reverse("opd_detail", args=[opd.pk])),
        ("daftar pejabat", "admin.contoh", reverse("pejabat_list")),
        ("daftar pengguna", "admin.contoh", reverse("user_list")),
        ("ubah pengguna", "admin.contoh", reverse("user_edit", args=[planner.pk])),
        ("beranda perencana", "perencana.dinkes", reverse("home")),
        ("IKU: beranda", "evaluator.contoh", reverse("iku_manual:home")),
        ("IKU: RPJMD", "evaluator.contoh", reverse("iku_manual:rpjmd", args=[periode.pk])),
        ("IKU: Renstra OPD", "perencana.dinkes", reverse("iku_manual:renstra", args=tree)),
        ("IKU: sasaran", "perencana.dinkes", reverse("iku_manual:sasaran_detail", args=[sasaran.pk])),
        ("IKU: indikator", "perencana.dinkes", reverse("iku_manual:indikator_detail", args=[indikator.pk])),
        ("IKU: ubah indikator", "perencana.dinkes", reverse("iku_manual:indikator_edit", args=[indikator.pk])),
        ("IKU: cek kualitas", "perencana.dinkes", reverse("iku_manual:kualitas", args=tree)),
        ("IKU: pohon kinerja", "evaluator.contoh", reverse("iku_manual:pohon_kinerja", args=[periode.pk])),
        ("IKU: Manual IKU", "perencana.dinkes", reverse("iku_manual:manual_iku", args=tree)),
    ]


def grow(factor: int) -> None:
    """Make the demo pemda `factor` times larger in OPDs, units, officials and users."""
    from sakip.models import Pemda, PerangkatDaerah, Role
    from sakip.tests import factories as f

    kota = Pemda.objects.get(kode="99.71")
    existing = list(PerangkatDaerah.objects.filter(pemda=kota))
    for copy in range(1, factor):
        for opd in existing:
            twin = f.OpdFactory(pemda=kota, nama=f"{opd.nama} {copy}", singkatan=f"{opd.singkatan}{copy}")
            for unit in opd.unit_kerja.filter(parent__isnull=True):
                parent = f.UnitFactory(opd=twin, nama=unit.nama)
                f.UnitFactory(opd=twin, parent=parent, jenis="seksi", eselon="IV")
                f.PejabatFactory(opd=twin, unit=parent)
            f.UserFactory(role=Role.PERENCANA, pemda=kota, opd=twin)
        # The viewed OPD grows too: officials, and its tree (nodes, indicators, targets).
        dinkes = PerangkatDaerah.objects.get(pemda=kota, singkatan="Dinkes")
        for _ in range(8):
            f.PejabatFactory(opd=dinkes, unit=f.UnitFactory(opd=dinkes))
        grow_tree(kota, dinkes, copy)


def grow_tree(kota, dinkes, copy: int) -> None:
    """One more copy of the Dinkes tree: a sasaran strategis under SS.1's RPJMD parents, a program
    node below SS.1, each with indicators and five targets; the watched pages see all of them."""
    from iku_manual.models import Sasaran, TargetIndikator, Tingkat
    from iku_manual.tests.factories import IndikatorFactory, SasaranFactory

    ss1 = Sasaran.objects.get(opd=dinkes, kode="SS.1")
    rpjmd = list(ss1.parents.all())
    new_ss = SasaranFactory(periode=ss1.periode, opd=dinkes, kode=f"SS.X{copy}", parents=rpjmd)
    program = SasaranFactory(
        periode=ss1.periode, opd=dinkes, kode=f"SP.X{copy}", tingkat=Tingkat.SASARAN_PROGRAM, parents=[ss1]
    )
    for node in (new_ss, program, ss1):
        indikator = IndikatorFactory(sasaran=node, kode=f"IKU.X{copy}")
        TargetIndikator.objects.bulk_create(
            TargetIndikator(indikator=indikator, tahun=year, nilai=60 + year - 2025) for year in range(2025, 2030)
        )


def measure(label: str) -> list[dict]:
    from sakip.models import User

    results = []
    client = Client()
    for name, username, url in pages():
        client.force_login(User.objects.get(username=username))
        client.get(url)  # warm caches and the connection
        reset_queries()  # the query log is a bounded deque: a full one would count nothing
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        times = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        results.append(
            {
                "data": label,
                "page": name,
                "status": status,
                "queries": len(queries),
                "median_ms": round(statistics.median(times), 1),
                "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
            }
        )
    return results


def main() -> None:
    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DEBUG = True  # load_demo refuses otherwise; templates are still cached per request
    settings.ALLOWED_HOSTS = ["testserver"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        start = time.perf_counter()
        call_command("load_demo", stdout=open(os.devnull, "w"))
        demo_seconds = time.perf_counter() - start
        rows = measure("1x")
        start = time.perf_counter()
        grow(10)
        grow_seconds = time.perf_counter() - start
        rows += measure("10x")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    print(f"load_demo: {demo_seconds:.2f} s; growing to 10x: {grow_seconds:.2f} s; {REPEATS} requests a page")
    print(f"{'page':<20} {'queries 1x':>10} {'queries 10x':>11} {'median 1x':>10} {'median 10x':>11} {'p95 10x':>8}")
    by_page: dict[str, dict[str, dict]] = {}
    for row in rows:
        by_page.setdefault(row["page"], {})[row["data"]] = row
    for page, data in by_page.items():
        one, ten = data["1x"], data["10x"]
        flag = "" if one["queries"] == ten["queries"] else "  <- queries grow with data"
        print(
            f"{page:<20} {one['queries']:>10} {ten['queries']:>11} {one['median_ms']:>8} ms"
            f" {ten['median_ms']:>8} ms {ten['p95_ms']:>5} ms{flag}"
        )
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "pages.json").write_text(
        json.dumps({"load_demo_s": round(demo_seconds, 2), "pages": rows}, indent=2), encoding="utf-8"
    )
    print(f"written: {out / 'pages.json'}")


if __name__ == "__main__":
    main()
