"""Excel import benchmark at two sizes: 1,000 indicators with 5 yearly targets (5,000 indicator-target
rows, the size the issue sets a 5 s goal for) and 5,000 indicators (25,000 targets), for one OPD,
each imported three times: first (everything is created), second (the same file: nothing changes)
and third (every target changed: updates). Run with `make bench`. A measurement, not a test.

Prints, per import, the steps of the pages: parsing the workbook (once per upload, by the preview),
checking it (read_workbook: the preview) and applying it (apply_workbook: checks again against the
rows as they are now, then writes), and writes bench-results/iku_import.json.

It works in a throwaway database (test_<name>) created and dropped on the DATABASE_URL server.
"""

from __future__ import annotations

import io
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sakip.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

ROWS = 5_000
SASARAN = 50


def world():
    """A pemda, an OPD with a unit, a planner, a 2025–2029 period and SASARAN sasaran."""
    from iku_manual.tests.factories import PeriodeFactory, SasaranFactory
    from sakip.models import Role
    from sakip.tests import factories as f

    pemda = f.PemdaFactory(nama="Kota Bangku Uji", kode="99.90")
    opd = f.OpdFactory(pemda=pemda, nama="Dinas Kesehatan", singkatan="Dinkes")
    unit = f.UnitFactory(opd=opd, nama="Bidang Pelayanan Kesehatan")
    user = f.UserFactory(username="perencana.bangku", role=Role.PERENCANA, pemda=pemda, opd=opd)
    periode = PeriodeFactory(pemda=pemda, tahun_awal=2025)
    for number in range(1, SASARAN + 1):
        SasaranFactory(periode=periode, opd=opd, kode=f"SS.{number}", urutan=number)
    return opd, unit, user, periode


def workbook(periode, unit, *, shift: int) -> bytes:
    """ROWS indicators over the sasaran; targets as Excel numbers, Indonesian text and, for every
    tenth indicator (stabilize), ranges. ``shift`` moves every target, so a new value means an update."""
    from openpyxl import Workbook

    from iku_manual import exports
    from iku_manual.models import Indikator

    book = Workbook()
    sheet = book.active
    sheet.title = exports.SHEET_DATA
    headers = exports.headers(periode)
    sheet.append(headers)
    for number in range(ROWS):
        stabilize = number % 10 == 0
        values = {
            "Kode Sasaran": f"SS.{number % SASARAN + 1}",
            "Kode Indikator": f"IKU.{number}",
            "Nama Indikator": f"Persentase layanan kesehatan dasar sesuai standar {number}",
            "IKU (Ya/Tidak)": "Ya",
            "Jenis": "Outcome",
            "Definisi Operasional": "Layanan yang memenuhi standar pelayanan minimal dibanding seluruh layanan.",
            "Formula": "Jumlah layanan sesuai standar dibagi jumlah layanan dikali 100%",
            "Faktor": "persen (×100)",
            "Satuan": "%",
            # The choices' own labels, as the template's drop-down offers them.
            "Polaritas": str((Indikator.Polaritas.STABILIZE if stabilize else Indikator.Polaritas.MAXIMIZE).label),
            "Agregasi Triwulan": str(Indikator.Agregasi.TERAKHIR.label),
            "Frekuensi Pelaporan": "Triwulanan",
            "Sumber Data": "Laporan tahunan",
            "Penanggung Jawab": unit.nama,
            "Tahun Baseline": 2024,
            "Nilai Baseline": 60.5,
        }
        for index, tahun in enumerate(periode.tahun):
            base = 60 + index + shift
            if stabilize:
                values[f"Target {tahun}"] = f"{base} – {base + 10}"
            elif index % 2:
                values[f"Target {tahun}"] = f"{base}.{number % 1000:03d},5"  # Indonesian text, "61.042,5"
            else:
                values[f"Target {tahun}"] = base + 0.25
        sheet.append([values.get(header) for header in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def timed(function, *args, **kwargs):
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = function(*args, **kwargs)
        seconds = time.perf_counter() - start
    return result, seconds, len(queries)


def main() -> None:
    global ROWS
    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DEBUG = False  # the query log is captured explicitly; DEBUG would also slow every query
    results = {}
    for size in (1_000, 5_000):
        ROWS = size
        results[size] = run()
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "iku_import.json").write_text(
        json.dumps([{"rows": size, "imports": rows} for size, rows in results.items()], indent=2), encoding="utf-8"
    )
    print(f"written: {out / 'iku_import.json'}")


def run() -> list[dict]:
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    rows = []
    try:
        from iku_manual import imports
        from iku_manual.models import Indikator, TargetIndikator

        opd, unit, user, periode = world()
        files = {
            "pertama (dibuat)": workbook(periode, unit, shift=0),
            "kedua (sama)": None,
            "ketiga (target diubah)": workbook(periode, unit, shift=1),
        }
        files["kedua (sama)"] = files["pertama (dibuat)"]
        for label, content in files.items():
            cells, parse_s, _queries = timed(imports.read_cells, io.BytesIO(content))
            checked, check_s, check_q = timed(imports.read_workbook, cells, opd=opd, periode=periode)
            assert checked.ok, checked.errors[:5]
            del checked  # the preview and the apply are two requests: the preview's result is gone
            applied, apply_s, apply_q = timed(imports.apply_workbook, source=cells, opd=opd, periode=periode, user=user)
            assert applied.ok
            rows.append(
                {
                    "import": label,
                    "parse_s": round(parse_s, 2),
                    "check_s": round(check_s, 2),
                    "check_queries": check_q,
                    "apply_s": round(apply_s, 2),
                    "apply_queries": apply_q,
                    "created": applied.created,
                    "updated": applied.updated,
                    "unchanged": applied.unchanged,
                    "targets_written": applied.targets_written,
                    "indikator": Indikator.objects.count(),
                    "targets": TargetIndikator.objects.count(),
                    "history": Indikator.history.count() + TargetIndikator.history.count(),
                }
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    print(f"Excel import: {ROWS} indicator rows, {ROWS * 5} targets, one OPD")
    print("preview = parse + check; apply = check again + write (in one transaction)")
    header = ["import", "parse", "check", "queries", "apply", "queries", "created", "updated", "same", "targets"]
    print(f"{header[0]:<24}" + "".join(f"{name:>9}" for name in header[1:]))
    for row in rows:
        print(
            f"{row['import']:<24} {row['parse_s']:>6} s {row['check_s']:>6} s {row['check_queries']:>8}"
            f" {row['apply_s']:>6} s {row['apply_queries']:>8} {row['created']:>8} {row['updated']:>8}"
            f" {row['unchanged']:>8} {row['targets_written']:>8}"
        )
        print(
            f"{'':<24} preview {row['parse_s'] + row['check_s']:.2f} s, apply {row['apply_s']:.2f} s;"
            f" total {row['parse_s'] + row['check_s'] + row['apply_s']:.2f} s;"
            f" now {row['indikator']} indicators, {row['targets']} targets, {row['history']} history rows"
        )
    print()
    return rows


if __name__ == "__main__":
    main()
