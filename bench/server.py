"""HTTP benchmark: the main pages served by gunicorn on 127.0.0.1 under wrk, beside a bare hello-world
Django view measured in the same run. The ratio of a page's throughput to the hello view's is the
figure that counts: both run on the same two cores, the load generator included.

The hello-world view is measured first and again last; the faster run is the reference, so no ratio is
flattered by workers still warming up. The server runs as production does with a shared cache (Redis,
BENCH_CACHE_URL): sessions, the signed-in user and the pages leaders and evaluators return to are served
from it between changes of the data (sakip/halaman.py, sakip/versi_data.py). The first request of each
page finds the cache empty: its time ("first") is the page's full price, and bench/dasbor.py and
bench/kueri.py give the queries and server time of that build. The data is the dashboard benchmark's at
10x (one pemda with 100 OPDs, their agreements, realisations, evaluations, absorption and IKP tasks:
bench/dasbor.py), in a throwaway database created and dropped on the DATABASE_URL server. gunicorn runs
the app with DJANGO_DEBUG=0 (bench/server_settings.py); each logged-in page is requested with the
cookies a browser of a user of that role sends (session and CSRF).

Run with `make bench` (which installs wrk) or `python bench/server.py`; prints a table and writes
bench-results/server.json. Environment: BENCH_HTTP_SECONDS (10), BENCH_HTTP_CONNECTIONS (20),
BENCH_HTTP_WORKERS (2 x cores + 1, gunicorn's advice). A measurement: nothing here passes or fails,
but the goals of issue 8 are printed beside the figures.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The builder and gunicorn must share the secret key: sessions are signed with it.
SERVER_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_SESSION_COOKIE_SECURE": "0",
    "DJANGO_CSRF_COOKIE_SECURE": "0",
    "DJANGO_LOG_LEVEL": "WARNING",
    # The shared cache production runs with (the leaders' dashboard is kept there): a Redis database
    # of the benchmark's own, emptied first, so nothing of an earlier run is served.
    "DJANGO_CACHE_URL": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/14"),
}
os.environ.update(SERVER_ENV)
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.server_settings"  # as gunicorn: the hello view is named

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402

from bench import dasbor as bench_dasbor  # noqa: E402
from bench import evaluasi as bench_evaluasi  # noqa: E402

SECONDS = int(os.environ.get("BENCH_HTTP_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_HTTP_CONNECTIONS", "20"))
WORKERS = int(os.environ.get("BENCH_HTTP_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
THREADS = 2
# Goals of issue 8, at 10x data.
GOAL_RATIO = 0.30  # the heaviest dashboard's throughput against the hello view's
GOAL_P99_MS = 100.0
HELLO = "hello-world (referensi)"
HELLO_AKHIR = "hello-world (akhir)"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def pages(first, users) -> list[tuple[str, str | None, str]]:
    """(label, role or None for anonymous, path). The first is the reference."""
    from evaluasi.models import Evaluasi
    from perjanjian.models import PerjanjianKinerja

    tahun = bench_dasbor.TAHUN
    home = reverse("home") + f"?tahun={tahun}"
    pk = PerjanjianKinerja.objects.filter(opd=first, tahun=tahun).order_by("pk").first()
    evaluasi = Evaluasi.objects.filter(opd=first).order_by("-tahun").first()
    return [
        (HELLO, None, reverse("bench_halo")),
        ("halaman masuk", None, reverse("login")),
        ("beranda pimpinan", "pimpinan", home),
        ("beranda admin pemda", "admin_pemda", home),
        ("beranda kepala OPD", "kepala_opd", home),
        ("beranda evaluator", "evaluator", home),
        ("rincian OPD", "pimpinan", reverse("dasbor_opd", args=[first.pk]) + f"?tahun={tahun}"),
        ("rincian PK", "kepala_opd", reverse("perjanjian:pk_detail", args=[pk.pk])),
        ("daftar evaluasi", "evaluator", reverse("evaluasi:evaluasi_list")),
        ("rincian evaluasi", "evaluator", reverse("evaluasi:evaluasi_detail", args=[evaluasi.pk])),
        ("daftar IKP", "pimpinan", reverse("instruksi:daftar")),
        # Again at the end: the workers are warmer then, and the faster of the two is the reference.
        (HELLO_AKHIR, None, reverse("bench_halo")),
    ]


def session_cookies(users) -> dict[str, str]:
    """Each role's Cookie header as a browser sends it after its first page: the session and the CSRF
    cookie (without it every answer would set a new one, which no browser asks for)."""
    cookies = {}
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        csrf = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
        cookies[role] = f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf}"
    return cookies


def start_server(port: int, database_name: str, log: Path) -> subprocess.Popen:
    url = os.environ.get("DATABASE_URL", "")
    env = {
        **os.environ,
        **SERVER_ENV,
        "DATABASE_URL": url.rsplit("/", 1)[0] + "/" + database_name,
        "PYTHONPATH": str(ROOT),
    }
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "sakip.wsgi:application",
        "--workers",
        str(WORKERS),
        "--bind",
        f"127.0.0.1:{port}",
        "--no-control-socket",
        "--timeout",
        "120",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{reverse('bench_halo')}", timeout=10) as answer:
                if answer.status == 200:
                    return server
        except OSError:  # refused while gunicorn starts, or a timeout while its workers load
            time.sleep(0.3)
    server.kill()
    raise SystemExit(f"gunicorn did not start; see {log}")


def status_of(url: str, cookie: str | None) -> tuple[int, float]:
    """The status of one request, and its time in ms."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            answer.read()
            status = answer.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, round((time.perf_counter() - start) * 1000, 1)


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def wrk(url: str, cookie: str | None, seconds: int) -> dict:
    # wrk's default 2 s timeout would drop the slowest answers from the latencies: count them all.
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "30s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    latency = dict(re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+(?:us|ms|s))\s*$", output, re.MULTILINE))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": round(_ms(latency["50"]), 2),
        "p90_ms": round(_ms(latency["90"]), 2),
        "p99_ms": round(_ms(latency["99"]), 2),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": sum(int(n) for n in errors.groups()) if errors else 0,
    }


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: sh scripts/system-packages.sh bench")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    database_name = connection.settings_dict["NAME"]
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    server = None
    rows = []
    try:
        start = time.perf_counter()
        pemda, first, evaluator, template, kriteria, users = bench_dasbor.world()
        bench_dasbor.grow(pemda, first, evaluator, template, kriteria, users, opds=bench_dasbor.OPDS * 10)
        bench_evaluasi.analyze()
        build_seconds = time.perf_counter() - start
        cookies = session_cookies(users)
        port = free_port()
        server = start_server(port, database_name, out / "server-gunicorn.log")
        for label, role, path in pages(first, users):
            url = f"http://127.0.0.1:{port}{path}"
            cookie = cookies[role] if role else None
            # The first request finds the shared cache empty: the page's full price.
            status, first_ms = status_of(url, cookie)
            wrk(url, cookie, 2)  # warm-up: every worker has loaded its code and opened its connection
            row = {"page": label, "role": role, "path": path, "status": status, "first_ms": first_ms}
            row.update(wrk(url, cookie, SECONDS))
            rows.append(row)
            print(f"  {label}: first {first_ms} ms; {row['rps']:.0f} req/s, p99 {row['p99_ms']} ms", flush=True)
    finally:
        if server:
            server.terminate()
            server.wait(timeout=30)
        connection.creation.destroy_test_db(old_name, verbosity=0)

    # The conservative reference: the faster hello-world run makes every ratio smaller.
    hello = max((row for row in rows if row["page"] in (HELLO, HELLO_AKHIR)), key=lambda row: row["rps"])
    for row in rows:
        row["ratio_to_hello"] = round(row["rps"] / hello["rps"], 3)
    dashboards = [row for row in rows if row["page"].startswith("beranda")]
    heaviest = min(dashboards, key=lambda row: row["rps"])
    print(
        f"data: 100 OPDs, built in {build_seconds:.0f} s; gunicorn {WORKERS} sync workers; "
        f"wrk {THREADS} threads, {CONNECTIONS} connections, {SECONDS} s a page"
    )
    print(f"{'page':<24} {'status':>6} {'first':>9} {'req/s':>8} {'ratio':>6} {'p50':>9} {'p99':>9} {'non-2xx':>8}")
    for row in rows:
        print(
            f"{row['page']:<24} {row['status']:>6} {row['first_ms']:>6.0f} ms {row['rps']:>8.0f}"
            f" {row['ratio_to_hello']:>6.2f} {row['p50_ms']:>6.1f} ms {row['p99_ms']:>6.1f} ms {row['non_2xx']:>8}"
        )
    slow = [row["page"] for row in rows if row["p99_ms"] > GOAL_P99_MS]
    print(
        f"heaviest dashboard: {heaviest['page']} at {heaviest['ratio_to_hello']:.0%} of hello-world "
        f"(goal {GOAL_RATIO:.0%}); p99 above {GOAL_P99_MS:.0f} ms: {', '.join(slow) or 'none'}"
    )
    result = {
        "workers": WORKERS,
        "connections": CONNECTIONS,
        "threads": THREADS,
        "seconds": SECONDS,
        "build_seconds": round(build_seconds, 1),
        "cache": SERVER_ENV["DJANGO_CACHE_URL"],
        "pages": rows,
        "heaviest_dashboard": heaviest["page"],
        "goals": {"ratio": GOAL_RATIO, "p99_ms": GOAL_P99_MS},
    }
    (out / "server.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(f"written: {out / 'server.json'}")


if __name__ == "__main__":
    main()
