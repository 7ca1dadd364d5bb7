"""Load and soak (issue 8): a scripted mix of roles against gunicorn on 127.0.0.1 for minutes on end.
Planners enter realisations, evaluators score LKE criteria, leaders browse the dashboards and recaps
and download agreements as PDF and Excel; 20 virtual users by default, each a thread with its own
session, think time 0-200 ms between requests.

Three things are checked and printed as PASS/FAIL (the run itself always exits 0: a measurement):
- no answer 5xx and no connection error;
- no lost write: every realisation holds the last value a planner saved successfully, every LKE
  answer the last score saved and a version grown by exactly the number of successful saves, the
  history has a record for each save, and nothing else changed;
- no memory growth in the workers: each gunicorn worker's RSS after the run against its RSS after a
  20 s warm-up, below 10 % or 20 MB (workers are never recycled: --max-requests is 0).

The data is the dashboard benchmark's at 1x (bench/dasbor.py: one pemda, 10 OPDs with agreements,
realisations and evaluations) plus a planner per OPD, in a throwaway database created and dropped on
the DATABASE_URL server; the server is bench/server.py's (DJANGO_DEBUG=0, the shared Redis cache on
BENCH_CACHE_URL, database 13 here by default so as not to meet bench/server.py's).

Run with `python bench/soak.py`; prints a table and writes bench-results/soak.json. Environment:
BENCH_SOAK_USERS (20), BENCH_SOAK_SECONDS (300), BENCH_SOAK_WARMUP (20 s before the first memory
sample that counts), BENCH_HTTP_WORKERS (as bench/server.py).
"""

from __future__ import annotations

import http.client
import json
import os
import random
import re
import sys
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("BENCH_CACHE_URL", "redis://127.0.0.1:6379/13")

# First: bench/server.py sets the server's environment and settings module, then calls django.setup().
from bench import server as bench_server  # noqa: E402

# isort: split
from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench import dasbor as bench_dasbor  # noqa: E402
from bench import evaluasi as bench_evaluasi  # noqa: E402

USERS = int(os.environ.get("BENCH_SOAK_USERS", "20"))
SECONDS = int(os.environ.get("BENCH_SOAK_SECONDS", "300"))
WARM_UP = int(os.environ.get("BENCH_SOAK_WARMUP", "20"))  # seconds before the first memory sample that counts
SAMPLE_EVERY = 10  # seconds between memory samples
THINK_MS = (0, 200)
TAHUN = bench_dasbor.TAHUN
# The share of each role among the virtual users: 10 planners, 4 evaluators, 6 leaders of 20.
MIX = (("perencana", 10), ("evaluator", 4), ("pimpinan", 6))
# Goals of issue 8.
GOAL_GROWTH_SHARE = 0.10
GOAL_GROWTH_MB = 20.0
CONFLICT = "baru saja diubah"  # evaluasi.services.jawaban_simpan's refusal of a stale version


# --- HTML forms ----------------------------------------------------------------------------------


class _Forms(HTMLParser):
    """The fields of each POST form of a page, as a browser would submit them untouched: inputs
    (checked boxes only), selected options, textareas. Also the options of each select."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = {"fields": [], "options": defaultdict(list), "selected": {}}
            self.forms.append(self._form)
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if kind == "radio":
                    self._form["options"][name].append(a.get("value") or "on")
                if "checked" in a:
                    self._form["fields"].append((name, a.get("value") or "on"))
            elif kind not in ("file", "submit", "button", "image"):
                self._form["fields"].append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            value = a.get("value") or ""
            self._form["options"][self._select].append(value)
            if "selected" in a:
                self._form["selected"][self._select] = value
        elif tag == "textarea" and name:
            self._textarea = name
            self._form["fields"].append((name, ""))

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            name, value = self._form["fields"][-1]
            self._form["fields"][-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select and self._form is not None:
            options = self._form["options"][self._select]
            self._form["fields"].append((self._select, self._form["selected"].get(self._select, options[0])))
            self._select = None
        elif tag == "textarea":
            if self._textarea and self._form is not None:  # Django starts a textarea with a newline
                name, value = self._form["fields"][-1]
                self._form["fields"][-1] = (name, value.removeprefix("\n"))
            self._textarea = None


def post_form(html: str, has: str) -> dict | None:
    """The first POST form with a field whose name ends with ``has``."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        if any(name.endswith(has) for name, _value in form["fields"]):
            return form
    return None


# --- Virtual users -------------------------------------------------------------------------------


@dataclass
class Stats:
    """Shared by the threads, under one lock."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: dict = field(default_factory=lambda: defaultdict(list))  # (role, action) -> ms
    statuses: dict = field(default_factory=lambda: defaultdict(Counter))  # (role, action) -> status
    server_errors: list = field(default_factory=list)  # (status, url)
    connection_errors: list = field(default_factory=list)  # (url, error)
    refused: list = field(default_factory=list)  # writes answered with a form error: (url, reason)
    conflicts: int = 0  # LKE saves refused as stale (a colleague saved first): expected, not errors
    # Realisations: (indikator, triwulan) -> (sequence, value) of the last successful save; saves.
    realisasi: dict = field(default_factory=dict)
    realisasi_saves: Counter = field(default_factory=Counter)
    # LKE answers: (evaluasi, kriteria) -> (new version, option, note) of the newest successful save.
    jawaban: dict = field(default_factory=dict)
    jawaban_saves: Counter = field(default_factory=Counter)

    def record(self, role: str, action: str, status: int, ms: float, url: str) -> None:
        with self.lock:
            self.latencies[(role, action)].append(ms)
            self.statuses[(role, action)][status] += 1
            if status >= 500:
                self.server_errors.append((status, url))


class Browser:
    """One virtual user's connection and cookies (session and csrftoken)."""

    def __init__(self, port: int, session: str, stats: Stats, role: str):
        self.port, self.stats, self.role = port, stats, role
        self.cookies = {settings.SESSION_COOKIE_NAME: session}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def _send(self, action: str, method: str, path: str, body: str | None = None) -> tuple[int, str, dict]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Host": "127.0.0.1"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            answer = self.conn.getresponse()
            content = answer.read()
        except (OSError, http.client.HTTPException) as exc:
            self.conn.close()  # the next request opens a new connection
            with self.stats.lock:
                self.stats.connection_errors.append((path, repr(exc)))
            return 0, "", {}
        ms = (time.perf_counter() - start) * 1000
        self.stats.record(self.role, action, answer.status, ms, f"{method} {path}")
        for value in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                self.cookies[name] = morsel.value
        if answer.headers.get("Connection", "").lower() == "close":
            self.conn.close()
        kind = answer.headers.get("Content-Type", "")
        text = content.decode("utf-8", "replace") if kind.startswith("text/") else ""
        return answer.status, text, dict(answer.headers)

    def get(self, action: str, path: str) -> tuple[int, str]:
        status, text, _headers = self._send(action, "GET", path)
        return status, text

    def post(self, action: str, path: str, fields: list[tuple[str, str]]) -> tuple[int, str]:
        status, text, _headers = self._send(action, "POST", path, urllib.parse.urlencode(fields))
        return status, text


def _errors(html: str) -> str:
    """The first form or message error on a page, for the report."""
    found = re.search(r'class="[^"]*(?:invalid-feedback|alert-danger|errorlist)[^"]*"[^>]*>(.*?)<', html, re.S)
    return re.sub(r"\s+", " ", found.group(1)).strip()[:160] if found else "form shown again"


def _nilai_teks(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")  # the Indonesian way: a comma for decimals


def planner(browser: Browser, targets: list[tuple[int, int, int]], deadline: float, vu: int) -> None:
    """Open an indicator's entry form for a quarter, save a new value as draft; now and then the
    quarter page."""
    stats, sequence = browser.stats, 0
    while time.monotonic() < deadline:
        opd_pk, indikator_pk, triwulan = random.choice(targets)
        if random.random() < 0.2:
            browser.get("realisasi triwulan", reverse("perjanjian:realisasi_triwulan", args=[opd_pk, TAHUN, triwulan]))
            _think()
            continue
        path = reverse("perjanjian:realisasi_edit", args=[opd_pk, TAHUN, triwulan, indikator_pk])
        status, html = browser.get("realisasi form", path)
        form = post_form(html, "nilai") if status == 200 else None
        _think()
        if form is None:
            continue
        sequence += 1
        value = Decimal(vu * 10_000 + sequence % 10_000) / 100  # unique to this user and save
        fields = [(k, v) for k, v in form["fields"] if k != "nilai"] + [("nilai", _nilai_teks(value))]
        fields = [(k, f"Uji beban {vu}.{sequence}") if k == "faktor_pendukung" else (k, v) for k, v in fields]
        status, html = browser.post("realisasi simpan", path, fields)
        if status == 302:
            with stats.lock:  # one virtual user per realisation: its last success is the final value
                stats.realisasi[(indikator_pk, triwulan)] = (sequence, value)
                stats.realisasi_saves[(indikator_pk, triwulan)] += 1
        elif status == 200:
            with stats.lock:
                stats.refused.append((path, _errors(html)))
        _think()


def evaluator(browser: Browser, sheets: list[tuple[int, int]], deadline: float, vu: int) -> None:
    """Open a component's worksheet of an evaluation being scored, change one criterion's score and
    note, save. A save refused as stale (another evaluator saved the sheet first) is read again and
    retried once; such refusals are counted apart, not as errors."""
    stats, sequence = browser.stats, 0
    while time.monotonic() < deadline:
        evaluasi_pk, komponen_pk = random.choice(sheets)
        path = reverse("evaluasi:evaluasi_lembar", args=[evaluasi_pk, komponen_pk])
        for _attempt in range(2):
            status, html = browser.get("lembar kerja", path)
            form = post_form(html, "-versi") if status == 200 else None
            _think()
            if form is None:
                break
            rows = sorted({int(name[1:].split("-")[0]) for name, _v in form["fields"] if name.endswith("-versi")})
            kriteria_pk = random.choice(rows)
            prefix = f"k{kriteria_pk}-"
            values = dict(form["fields"])
            versi = int(values[prefix + "versi"])
            choices = [o for o in form["options"][prefix + "opsi"] if o and o != values.get(prefix + "opsi")]
            sequence += 1
            opsi, catatan = random.choice(choices), f"Uji beban evaluator {vu}.{sequence}"
            fields = [
                (k, opsi if k == prefix + "opsi" else catatan if k == prefix + "catatan" else v)
                for k, v in form["fields"]
            ]
            status, html = browser.post("skor simpan", path, fields)
            if status == 302:
                with stats.lock:
                    key = (evaluasi_pk, kriteria_pk)
                    stats.jawaban_saves[key] += 1
                    if versi + 1 > stats.jawaban.get(key, (-1,))[0]:
                        stats.jawaban[key] = (versi + 1, int(opsi), catatan)
                break
            if status == 200 and CONFLICT in html:
                with stats.lock:
                    stats.conflicts += 1
                continue  # read the sheet again and retry once
            if status == 200:
                with stats.lock:
                    stats.refused.append((path, _errors(html)))
            break
        _think()


def leader(browser: Browser, pages: list[tuple[str, float, list[str]]], deadline: float, vu: int) -> None:
    """Browse: Beranda, an OPD's drill-down, the recaps, an agreement's PDF or workbook."""
    actions = [name for name, _weight, _paths in pages]
    weights = [weight for _name, weight, _paths in pages]
    paths = {name: options for name, _weight, options in pages}
    while time.monotonic() < deadline:
        action = random.choices(actions, weights)[0]
        browser.get(action, random.choice(paths[action]))
        _think()


def _think() -> None:
    time.sleep(random.uniform(*THINK_MS) / 1000)


# --- Memory --------------------------------------------------------------------------------------


def workers_of(master: int) -> list[int]:
    children = []
    for task in Path(f"/proc/{master}/task").glob("*/children"):
        children += [int(pid) for pid in task.read_text().split()]
    return sorted(children)


def rss_and_cpu(pid: int) -> tuple[float, float] | None:
    """A process's resident memory (MB) and the CPU time it has used (s); None once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    rss = next(int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmRSS:"))
    fields = stat.rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
    return rss, cpu


def sample_memory(master: int, samples: dict, loads: list, stop: threading.Event, started: float) -> None:
    """Every SAMPLE_EVERY s, and once more when stopped: (seconds since start, RSS MB, CPU s) per
    worker pid."""
    stopping, first = False, True
    while True:
        if not first:
            stopping = stop.wait(SAMPLE_EVERY)
        first = False
        now = time.monotonic() - started
        loads.append(os.getloadavg()[0])
        for pid in workers_of(master):
            value = rss_and_cpu(pid)
            if value is not None:
                samples.setdefault(pid, []).append((round(now, 1), round(value[0], 1), round(value[1], 1)))
        if stopping:
            return


# --- Data ----------------------------------------------------------------------------------------


def build():
    """The 1x dashboard world, a planner per OPD, an open entry window for TW IV (where realisations
    are created; TW I-III have no schedule, so they are open too)."""
    import datetime

    from django.utils import timezone

    from perjanjian.models import JadwalRealisasi
    from sakip.models import PerangkatDaerah, Role
    from sakip.tests import factories as f

    pemda, first, evaluator_user, template, kriteria, users = bench_dasbor.world()
    bench_dasbor.grow(pemda, first, evaluator_user, template, kriteria, users, opds=bench_dasbor.OPDS)
    bench_evaluasi.analyze()
    opds = list(PerangkatDaerah.objects.filter(pemda=pemda).order_by("urutan"))
    planners = {
        opd.pk: f.UserFactory(username=f"perencana.soak.{n}", role=Role.PERENCANA, pemda=pemda, opd=opd)
        for n, opd in enumerate(opds)
    }
    today = timezone.localdate()
    JadwalRealisasi.objects.create(
        pemda=pemda,
        tahun=TAHUN,
        triwulan=4,
        dibuka=today - datetime.timedelta(days=30),
        ditutup=today + datetime.timedelta(days=30),
    )
    return pemda, opds, planners, users


def planner_targets(opds) -> dict[int, list[tuple[int, int, int]]]:
    """Per OPD, (opd, indicator, quarter) a planner may save: the draft and returned realisations of
    TW I-III and every indicator of the agreement in TW IV (created by the first save)."""
    from perjanjian.models import BarisPK, Realisasi

    targets = defaultdict(list)
    editable = Realisasi.objects.filter(
        opd__in=opds, tahun=TAHUN, status__in=[Realisasi.Status.DRAFT, Realisasi.Status.DIKEMBALIKAN]
    ).order_by("pk")
    for r in editable:
        targets[r.opd_id].append((r.opd_id, r.indikator_id, r.triwulan))
    for opd_pk, indikator_pk in (
        BarisPK.objects.filter(perjanjian__opd__in=opds, perjanjian__tahun=TAHUN)
        .order_by("pk")
        .values_list("perjanjian__opd_id", "indikator_id")
    ):
        targets[opd_pk].append((opd_pk, indikator_pk, 4))
    return targets


def snapshot() -> dict:
    """Every realisation and LKE answer as stored, with its history count."""
    from evaluasi.models import Jawaban
    from perjanjian.models import Realisasi

    realisasi = {
        (r["indikator_id"], r["triwulan"]): (r["nilai"], r["status"])
        for r in Realisasi.objects.filter(tahun=TAHUN).values("indikator_id", "triwulan", "nilai", "status")
    }
    jawaban = {
        (j["evaluasi_id"], j["kriteria_id"]): (j["versi"], j["opsi_evaluator_id"], j["catatan_evaluator"])
        for j in Jawaban.objects.values("evaluasi_id", "kriteria_id", "versi", "opsi_evaluator_id", "catatan_evaluator")
    }
    realisasi_history = Counter(
        (indikator, triwulan)
        for indikator, triwulan in Realisasi.history.filter(tahun=TAHUN).values_list("indikator_id", "triwulan")
    )
    jawaban_history = Counter(Jawaban.history.values_list("evaluasi_id", "kriteria_id"))
    return {
        "realisasi": realisasi,
        "jawaban": jawaban,
        "realisasi_history": realisasi_history,
        "jawaban_history": jawaban_history,
    }


def check_writes(before: dict, after: dict, stats: Stats) -> dict:
    """Compare the database with what the script was told it saved."""
    problems = []
    for key, (_sequence, value) in stats.realisasi.items():
        stored = after["realisasi"].get(key)
        if stored is None or stored[0] != value:
            problems.append(f"realisasi {key}: stored {stored and stored[0]}, last saved {value}")
        grown = after["realisasi_history"][key] - before["realisasi_history"][key]
        if grown < stats.realisasi_saves[key]:
            problems.append(f"realisasi {key}: {grown} history records for {stats.realisasi_saves[key]} saves")
    for key, (versi, opsi, catatan) in stats.jawaban.items():
        stored = after["jawaban"].get(key)
        old = before["jawaban"].get(key)
        if stored is None or old is None:
            problems.append(f"jawaban {key}: missing")
            continue
        if stored != (versi, opsi, catatan):
            problems.append(f"jawaban {key}: stored {stored}, newest save {(versi, opsi, catatan)}")
        if stored[0] - old[0] != stats.jawaban_saves[key]:
            problems.append(f"jawaban {key}: version {old[0]} -> {stored[0]} for {stats.jawaban_saves[key]} saves")
        grown = after["jawaban_history"][key] - before["jawaban_history"][key]
        if grown < stats.jawaban_saves[key]:
            problems.append(f"jawaban {key}: {grown} history records for {stats.jawaban_saves[key]} saves")
    # Nothing else: no row the script did not write changed, appeared or went.
    for name, written in (("realisasi", stats.realisasi), ("jawaban", stats.jawaban)):
        for key in set(before[name]) | set(after[name]):
            if key not in written and before[name].get(key) != after[name].get(key):
                was, now = before[name].get(key), after[name].get(key)
                problems.append(f"{name} {key}: changed without a save ({was} -> {now})")
    created = len(set(after["realisasi"]) - set(before["realisasi"]))
    return {
        "realisasi_saves": sum(stats.realisasi_saves.values()),
        "realisasi_written": len(stats.realisasi),
        "realisasi_created": created,
        "jawaban_saves": sum(stats.jawaban_saves.values()),
        "jawaban_written": len(stats.jawaban),
        "conflicts": stats.conflicts,
        "problems": problems,
    }


# --- Run -----------------------------------------------------------------------------------------


def slope_mb_per_minute(points: list[tuple[float, float]]) -> float | None:
    """The least-squares trend of (seconds, MB) points, in MB a minute: near zero once a worker has
    loaded all it needs, steady above it for a leak. None below five points (a short run)."""
    if len(points) < 5:
        return None
    mean_t = sum(t for t, _mb in points) / len(points)
    mean_mb = sum(mb for _t, mb in points) / len(points)
    spread = sum((t - mean_t) ** 2 for t, _mb in points)
    return round(60 * sum((t - mean_t) * (mb - mean_mb) for t, mb in points) / spread, 2) if spread else 0.0


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def roles_of(users: int) -> list[str]:
    """The role of each virtual user, in MIX's proportions."""
    total = sum(n for _role, n in MIX)
    roles = []
    for role, n in MIX:
        roles += [role] * max(1, round(users * n / total))
    return roles[:users] if len(roles) >= users else roles + ["pimpinan"] * (users - len(roles))


def main() -> None:
    from evaluasi.models import Evaluasi, Komponen
    from perjanjian.models import PerjanjianKinerja

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    database_name = connection.settings_dict["NAME"]
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    server = None
    stats = Stats()
    samples: dict[int, list] = {}
    loads: list[float] = []  # the 1-minute load average at each sample
    try:
        start = time.perf_counter()
        pemda, opds, planners, users = build()
        build_seconds = time.perf_counter() - start
        targets = planner_targets(opds)
        scored = Evaluasi.objects.filter(opd__in=opds, tahun=TAHUN).exclude(status=Evaluasi.Status.FINAL)
        sheets = [
            (evaluasi.pk, komponen_pk)
            for evaluasi in scored.order_by("pk")
            for komponen_pk in Komponen.objects.filter(template_id=evaluasi.template_id).values_list("pk", flat=True)
        ]
        agreements = PerjanjianKinerja.objects.filter(opd__in=opds, tahun=TAHUN).order_by("pk")
        pk_ids = list(agreements.values_list("pk", flat=True))
        pages = [
            ("beranda", 3, [reverse("home") + f"?tahun={TAHUN}"]),
            ("rincian OPD", 3, [reverse("dasbor_opd", args=[opd.pk]) + f"?tahun={TAHUN}" for opd in opds]),
            ("rekap PK", 1, [reverse("perjanjian:rekap") + f"?tahun={TAHUN}"]),
            ("rekap evaluasi", 1, [reverse("evaluasi:evaluasi_rekap") + f"?tahun={TAHUN}"]),
            ("PK pdf", 1, [reverse("perjanjian:pk_pdf", args=[pk]) for pk in pk_ids]),
            ("PK xlsx", 1, [reverse("perjanjian:pk_excel", args=[pk]) for pk in pk_ids]),
        ]
        roles = roles_of(USERS)
        before = snapshot()
        port = bench_server.free_port()
        server = bench_server.start_server(port, database_name, out / "soak-gunicorn.log")
        opd_order = [opd.pk for opd in opds]
        threads, planner_n = [], 0
        deadline = time.monotonic() + SECONDS
        planner_count = roles.count("perencana")
        for vu, role in enumerate(roles):
            if role == "perencana":
                # Each planner has realisations of its own (of its OPD, shared out when several
                # planners have one OPD): its last success is the value that must be stored.
                opd_pk = opd_order[planner_n % len(opd_order)]
                sharing = range(planner_n % len(opd_order), planner_count, len(opd_order))
                mine = targets[opd_pk][list(sharing).index(planner_n) :: len(sharing)]
                user, work, args = planners[opd_pk], planner, mine
                planner_n += 1
            elif role == "evaluator":
                user, work, args = users["evaluator"], evaluator, sheets
            else:
                user, work, args = users["pimpinan"], leader, pages
            client = Client()
            client.force_login(user)
            browser = Browser(port, client.cookies[settings.SESSION_COOKIE_NAME].value, stats, role)
            threads.append(threading.Thread(target=work, args=(browser, args, deadline, vu), daemon=True))
        started, client_cpu, load_start = time.monotonic(), time.process_time(), os.getloadavg()
        stop = threading.Event()
        sampler = threading.Thread(target=sample_memory, args=(server.pid, samples, loads, stop, started), daemon=True)
        sampler.start()
        for thread in threads:
            thread.start()
        print(f"soak: {len(roles)} users ({dict(Counter(roles))}) for {SECONDS} s on port {port}", flush=True)
        for thread in threads:
            thread.join(timeout=SECONDS + 300)
        elapsed, client_cpu = time.monotonic() - started, time.process_time() - client_cpu
        stop.set()
        sampler.join()
        load = {
            "start": [round(x, 2) for x in load_start],
            "end": [round(x, 2) for x in os.getloadavg()],
            "mean_1min": round(sum(loads) / len(loads), 2),
            "max_1min": round(max(loads), 2),
        }
        after = snapshot()
        writes = check_writes(before, after, stats)
    finally:
        if server:
            server.terminate()
            server.wait(timeout=30)
        connection.creation.destroy_test_db(old_name, verbosity=0)

    report(stats, samples, writes, roles, elapsed, build_seconds, load, client_cpu, out)


def report(stats: Stats, samples: dict, writes: dict, roles, elapsed: float, build_seconds, load, client_cpu, out):
    total = sum(len(v) for v in stats.latencies.values())
    actions = []
    print(f"data: 10 OPDs, built in {build_seconds:.0f} s; gunicorn {bench_server.WORKERS} sync workers")
    print(f"{'role':<10} {'action':<18} {'requests':>8} {'req/s':>7} {'p50':>9} {'p99':>9}  statuses")
    for (role, action), values in sorted(stats.latencies.items()):
        row = {
            "role": role,
            "action": action,
            "requests": len(values),
            "rps": round(len(values) / elapsed, 2),
            "p50_ms": round(_percentile(values, 0.50), 1),
            "p99_ms": round(_percentile(values, 0.99), 1),
            "statuses": {str(k): v for k, v in sorted(stats.statuses[(role, action)].items())},
        }
        actions.append(row)
        codes = " ".join(f"{k}:{v}" for k, v in row["statuses"].items())
        print(
            f"{role:<10} {action:<18} {row['requests']:>8} {row['rps']:>7.1f} {row['p50_ms']:>6.1f} ms"
            f" {row['p99_ms']:>6.1f} ms  {codes}"
        )
    status_total = Counter()
    for counter in stats.statuses.values():
        status_total.update(counter)
    print(f"all: {total} requests in {elapsed:.0f} s, {total / elapsed:.1f} req/s; statuses {dict(status_total)}")

    memory = []
    for pid, points in sorted(samples.items()):
        counted = [(t, mb) for t, mb, _cpu in points if t >= WARM_UP]
        if len(counted) < 2:
            continue
        first, last = counted[0][1], counted[-1][1]
        middle = min(counted, key=lambda point: abs(point[0] - (counted[0][0] + counted[-1][0]) / 2))[1]
        memory.append(
            {
                "pid": pid,
                "start_mb": first,
                "end_mb": last,
                "max_mb": max(mb for _t, mb in counted),
                "growth_mb": round(last - first, 1),
                "growth_second_half_mb": round(last - middle, 1),  # a leak grows here too; warm-up does not
                "trend_second_half_mb_per_min": slope_mb_per_minute(
                    [p for p in counted if p[0] >= (counted[0][0] + counted[-1][0]) / 2]
                ),
                "cpu_s": points[-1][2],
                "samples": points,
            }
        )
    print(f"{'worker':>8} {'start':>9} {'end':>9} {'max':>9} {'growth':>9} {'2nd half':>9} {'trend':>12} {'CPU':>7}")
    for m in memory:
        sizes = f"{m['start_mb']:>6.1f} MB {m['end_mb']:>6.1f} MB {m['max_mb']:>6.1f} MB {m['growth_mb']:>+6.1f} MB"
        slope = m["trend_second_half_mb_per_min"]
        trend = "n/a" if slope is None else f"{slope:+.2f} MB/min"
        print(f"{m['pid']:>8} {sizes} {m['growth_second_half_mb']:>+6.1f} MB {trend:>12} {m['cpu_s']:>5.0f} s")
    server_cpu = sum(m["cpu_s"] for m in memory)
    print(f"CPU: gunicorn workers {server_cpu:.0f} s, this load generator {client_cpu:.0f} s, in {elapsed:.0f} s")
    print(
        f"writes: {writes['realisasi_saves']} realisation saves on {writes['realisasi_written']} realisations"
        f" ({writes['realisasi_created']} created), {writes['jawaban_saves']} LKE saves on"
        f" {writes['jawaban_written']} answers, {writes['conflicts']} stale saves refused and retried"
    )
    for url, reason in stats.refused[:5]:
        print(f"  write refused: {url}: {reason}")

    no_5xx = not stats.server_errors and not stats.connection_errors
    no_lost = not writes["problems"] and not stats.refused
    limit = {m["pid"]: max(GOAL_GROWTH_MB, m["start_mb"] * GOAL_GROWTH_SHARE) for m in memory}
    grown = [m for m in memory if m["growth_mb"] >= limit[m["pid"]]]
    no_growth = bool(memory) and not grown
    print(f"{'PASS' if no_5xx else 'FAIL'}: no 5xx and no connection error", end="")
    print(f" ({len(stats.server_errors)} 5xx, {len(stats.connection_errors)} connection errors)")
    for status, url in stats.server_errors[:5]:
        print(f"  {status} {url}")
    for url, error in stats.connection_errors[:5]:
        print(f"  connection error {url}: {error}")
    saved = writes["realisasi_saves"] + writes["jawaban_saves"]
    print(
        f"{'PASS' if no_lost else 'FAIL'}: no lost writes (writes ok {saved},"
        f" lost or wrong {len(writes['problems'])}, refused {len(stats.refused)})"
    )
    for problem in writes["problems"][:5]:
        print(f"  {problem}")
    worst = max((m["growth_mb"] for m in memory), default=0.0)
    print(
        f"{'PASS' if no_growth else 'FAIL'}: worker memory growth below {GOAL_GROWTH_SHARE:.0%} or"
        f" {GOAL_GROWTH_MB:.0f} MB (largest {worst:+.1f} MB over {len(memory)} workers)"
    )
    print(
        f"load average (1/5/15 min, {os.cpu_count()} cores): at the start {' '.join(map(str, load['start']))},"
        f" at the end {' '.join(map(str, load['end']))}; 1-minute mean over the run {load['mean_1min']},"
        f" max {load['max_1min']}"
    )
    result = {
        "users": len(roles),
        "mix": dict(Counter(roles)),
        "seconds": round(elapsed, 1),
        "workers": bench_server.WORKERS,
        "build_seconds": round(build_seconds, 1),
        "requests": total,
        "rps": round(total / elapsed, 2),
        "statuses": {str(k): v for k, v in sorted(status_total.items())},
        "actions": actions,
        "server_errors": stats.server_errors[:50],
        "connection_errors": stats.connection_errors[:50],
        "writes": {**writes, "refused": stats.refused[:50]},
        "memory": memory,
        "cpu_seconds": {"workers": round(server_cpu, 1), "load_generator": round(client_cpu, 1)},
        "load_average": load,
        "pass": {"no_5xx": no_5xx, "no_lost_writes": no_lost, "no_memory_growth": no_growth},
        "goals": {"growth_share": GOAL_GROWTH_SHARE, "growth_mb": GOAL_GROWTH_MB},
    }
    (out / "soak.json").write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    print(f"written: {out / 'soak.json'}")


if __name__ == "__main__":
    main()
