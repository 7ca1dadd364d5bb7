"""Query census: every page a user can reach by following links from Beranda, with the queries it
runs, at 1x and at 10x data, so no page is left out of the query budget (at most 15 a page). It loads
the demo into a throwaway database and crawls as each demo role (1x); then it adds `generate_scale`
data of two pemda of 40 OPDs, 25 indicators each and five years (one such pemda has four times the
demo's OPDs and some fifty times its agreement rows and realisations) and crawls as the same roles of
the first (10x). A crawl follows same-site links breadth first (GET only; documents, downloads and
sign-out skipped) and keeps for each URL pattern the highest count seen. The two sets of data differ
in shape as well as size (the generated one has no IKP, for one), so a page's counts may differ for
that reason; the test suite pins equal counts at two sizes of the same shape.

Run with `make bench` or `python bench/kueri.py`; prints the pages over the budget first and writes
bench-results/kueri.json. A measurement: nothing here passes or fails.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sakip.settings")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")  # not a line per request

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import Resolver404, resolve  # noqa: E402

BUDGET = 15
USERS = ["pimpinan.contoh", "admin.contoh", "kepala.dinkes", "perencana.dinkes", "evaluator.contoh"]
USERS_10X = ["pimpinan.s001", "admin.s001", "kepala.s001.o001", "perencana.s001.o001", "evaluator.s001"]
PER_PATTERN = 3  # pages visited for each URL pattern and user
SKIP = re.compile(r"(\.pdf|\.xlsx|\.csv|\.zip|/unduh|/bukti|/logo|keluar|/admin/)", re.IGNORECASE)
LINK = re.compile(r'href="([^"#]+)"')


def crawl(username: str) -> dict[str, dict]:
    from sakip.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    seen_urls: set[str] = set()
    per_pattern: dict[str, int] = {}
    found: dict[str, dict] = {}
    queue = deque(["/"])
    while queue:
        url = queue.popleft()
        path = urlsplit(url).path
        try:
            match = resolve(path)
        except Resolver404:
            continue
        name = match.view_name
        if url in seen_urls or per_pattern.get(name, 0) >= PER_PATTERN:
            continue
        seen_urls.add(url)
        per_pattern[name] = per_pattern.get(name, 0) + 1
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        content_type = response.get("Content-Type", "")
        if response.status_code != 200 or "text/html" not in content_type:
            continue
        best = found.get(name)
        if best is None or len(queries) > best["queries"]:
            found[name] = {"page": name, "url": url, "user": username, "queries": len(queries)}
        for href in LINK.findall(response.content.decode()):
            target = urljoin(url, href.replace("&amp;", "&"))
            parts = urlsplit(target)
            if parts.netloc and parts.netloc != "testserver":
                continue
            if SKIP.search(parts.path):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def census(users: list[str]) -> dict[str, dict]:
    """The highest count of each URL pattern over the users' crawls."""
    pages: dict[str, dict] = {}
    for username in users:
        for name, row in crawl(username).items():
            if name not in pages or row["queries"] > pages[name]["queries"]:
                pages[name] = row
    return pages


def main() -> None:
    from sakip import skala

    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DEBUG = True  # load_demo and generate_scale refuse otherwise
    settings.ALLOWED_HOSTS = ["testserver"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("load_demo", stdout=open(os.devnull, "w"))
        satu = census(USERS)
        skala.generate(skala.Ukuran(pemda=2))
        sepuluh = census(USERS_10X)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    rows = []
    for name in sorted(satu.keys() | sepuluh.keys()):
        one, ten = satu.get(name), sepuluh.get(name)
        worst = max((r for r in (one, ten) if r), key=lambda r: r["queries"])
        rows.append(
            {
                "page": name,
                "queries_1x": one["queries"] if one else None,
                "queries_10x": ten["queries"] if ten else None,
                "queries": worst["queries"],
                "user": worst["user"],
                "url": worst["url"],
            }
        )
    rows.sort(key=lambda row: (-row["queries"], row["page"]))
    over = [row for row in rows if row["queries"] > BUDGET]
    both = [row for row in rows if row["queries_1x"] is not None and row["queries_10x"] is not None]
    print(
        f"{len(rows)} pages reached from Beranda ({len(satu)} at 1x, {len(sepuluh)} at 10x, {len(both)} at both); "
        f"{len(over)} over {BUDGET} queries"
    )
    print(f"{'page':<42} {'1x':>4} {'10x':>4}  user / url (of the higher)")
    for row in rows:
        flag = "  <- over budget" if row["queries"] > BUDGET else ""
        one, ten = (("–" if v is None else str(v)) for v in (row["queries_1x"], row["queries_10x"]))
        print(f"{row['page']:<42} {one:>4} {ten:>4}  {row['user']} {row['url']}{flag}")
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "kueri.json").write_text(json.dumps({"budget": BUDGET, "pages": rows}, indent=2), encoding="utf-8")
    print(f"written: {out / 'kueri.json'}")


if __name__ == "__main__":
    main()
