"""Operations: the health check (``/sehat/``), structured logs and the request log, and a backup
taken with ``scripts/backup.sh`` restored with ``scripts/restore.sh`` into a new database, row for
row. Everything runs against the real services: PostgreSQL (a second, broken connection to it for the
failing check), Redis for the cache and broker checks, pg_dump and pg_restore."""

from __future__ import annotations

import datetime
import io
import json
import logging
import os
import re
import shutil
import subprocess
from pathlib import Path

import psycopg2
import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection, connections
from django.db.backends.postgresql.base import DatabaseWrapper
from django.urls import path, reverse

from sakip import health
from sakip.logs import JsonFormatter
from sakip.models import Pemda
from sakip.tests.test_settings import run_manage

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
CLOSED_REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
HEX_ID = re.compile(r"[0-9a-f]{32}")


def _rusak(request):
    raise ZeroDivisionError("pembagian dengan nol di tampilan uji")


# For the tests marked urls(__name__): the health check, and a view that fails with a 500.
urlpatterns = [path("sehat/", health.sehat, name="sehat"), path("rusak/", _rusak)]


@pytest.fixture(autouse=True)
def _no_broker(settings):
    settings.CELERY_BROKER_URL = ""  # the checks a test expects do not depend on the environment


def broken_connection() -> DatabaseWrapper:
    """A real PostgreSQL connection of the test server, to a database that does not exist."""
    return DatabaseWrapper({**connection.settings_dict, "NAME": "sakip_tidak_ada_ops"}, alias="rusak")


@pytest.fixture
def json_log():
    """What the console prints with DJANGO_LOG_FORMAT=json: the formatter on a handler of the root
    logger, formatting each line when it is logged. ``json_log("sakip.request")`` is that logger's."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logging.getLogger().addHandler(handler)
    try:
        yield lambda name: [line for line in map(json.loads, stream.getvalue().splitlines()) if line["logger"] == name]
    finally:
        logging.getLogger().removeHandler(handler)


# Health check


def test_health_check_answers_ok_with_one_query_and_no_session(db, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.get(reverse("sehat"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "periksa": {"database": "ok", "media": "ok"}}
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    assert not Session.objects.exists()


def test_health_check_head_and_post(db, client):
    assert client.head(reverse("sehat")).status_code == 200
    assert client.post(reverse("sehat")).status_code == 405


def test_failing_database_check_is_a_gagal_not_an_exception(db):
    health.check_database()  # the test database answers
    assert health.run_checks({"database": lambda: health.check_database(broken_connection())}) == {"database": "gagal"}


def test_health_check_answers_503_when_the_database_is_down(db, client, caplog):
    working = connections["default"]
    connections["default"] = broken_connection()
    try:
        response = client.get(reverse("sehat"))
    finally:
        connections["default"].close()
        connections["default"] = working
    assert response.status_code == 503
    assert response.json() == {"status": "gagal", "periksa": {"database": "gagal", "media": "ok"}}
    assert "sakip_tidak_ada_ops" in caplog.text  # the reason is in the log, not in the public answer
    assert "sakip_tidak_ada_ops" not in response.content.decode()


def test_health_check_answers_503_when_media_is_not_writable(db, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "bukan-folder"
    settings.MEDIA_ROOT.write_text("a file where the uploads folder should be")
    response = client.get(reverse("sehat"))
    assert response.status_code == 503
    assert response.json()["periksa"] == {"database": "ok", "media": "gagal"}


def test_media_check_leaves_no_file_behind(settings):
    health.check_media(settings.MEDIA_ROOT)
    assert list(Path(settings.MEDIA_ROOT).iterdir()) == []


@pytest.mark.parametrize(("url", "status", "result"), [(REDIS_URL, 200, "ok"), (CLOSED_REDIS_URL, 503, "gagal")])
def test_shared_cache_and_broker_are_checked_when_configured(db, client, settings, url, status, result):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    settings.CELERY_BROKER_URL = url
    response = client.get(reverse("sehat"))
    assert response.status_code == status
    assert response.json()["periksa"] == {"database": "ok", "cache": result, "broker": result, "media": "ok"}


def test_health_check_is_exempt_from_the_https_redirect(db, client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(reverse("sehat")).status_code == 200  # the load balancer probes over plain HTTP
    assert client.get(reverse("login")).status_code == 301


# Logs


def test_request_log_line_is_json_with_the_request_fields(world, client_for, json_log):
    response = client_for("perencana").get(reverse("home"))
    assert response.status_code == 200
    [line] = json_log("sakip.request")
    assert datetime.datetime.fromisoformat(line["time"]).tzinfo is not None
    assert line["level"] == "INFO" and line["logger"] == "sakip.request"
    assert line["message"].startswith("GET / 200 ")
    assert HEX_ID.fullmatch(line["request_id"]) and line["request_id"] == response["X-Request-ID"]
    assert (line["method"], line["path"], line["status"]) == ("GET", "/", 200)
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["user_id"] == world.users["perencana"].pk
    assert line["pemda_id"] == world.pemda.pk


@pytest.mark.parametrize(
    ("header", "kept"),
    [
        ("7f3c2a1e-8b9d-4c6e-a5f4-0123456789ab", True),
        ("lb-01.abc_DEF:42", True),
        ("abc\ndef", False),
        ('abc" "level": "CRITICAL', False),
        ("x" * 500, False),
        ("", False),
    ],
)
def test_request_id_from_the_proxy_is_kept_only_when_well_formed(db, client, json_log, header, kept):
    response = client.get(reverse("login"), HTTP_X_REQUEST_ID=header)
    request_id = response["X-Request-ID"]
    if kept:
        assert request_id == header
    else:
        assert HEX_ID.fullmatch(request_id)
    [line] = json_log("sakip.request")
    assert line["request_id"] == request_id


def test_static_files_and_passing_health_checks_stay_out_of_the_info_log(db, client, json_log):
    response = client.get("/static/css/sakip.css")
    assert HEX_ID.fullmatch(response["X-Request-ID"])
    assert client.get(reverse("sehat")).status_code == 200
    assert json_log("sakip.request") == []


def test_lines_logged_during_a_request_carry_its_id(db, client, settings, tmp_path, json_log):
    settings.MEDIA_ROOT = tmp_path / "bukan-folder"
    settings.MEDIA_ROOT.write_text("")
    response = client.get(reverse("sehat"), HTTP_X_REQUEST_ID="lb-7")
    assert response.status_code == 503
    [warning] = json_log("sakip.health")
    assert warning["level"] == "WARNING" and warning["message"].startswith("Health check media failed")
    assert (warning["request_id"], warning["method"], warning["path"]) == ("lb-7", "GET", "/sehat/")
    [line] = json_log("sakip.request")
    assert line["level"] == "INFO" and line["status"] == 503  # a failing health check is logged


@pytest.mark.urls(__name__)
def test_a_500_keeps_its_traceback_in_the_json_line(db, client, json_log):
    client.raise_request_exception = False
    response = client.get("/rusak/")
    assert response.status_code == 500
    [error] = json_log("django.request")
    assert error["level"] == "ERROR" and error["status"] == 500
    assert error["request_id"] == response["X-Request-ID"] and error["path"] == "/rusak/"
    assert "Traceback (most recent call last)" in error["exc_info"]
    assert "ZeroDivisionError: pembagian dengan nol di tampilan uji" in error["exc_info"]


LOG_SOMETHING = (
    "import logging\n"
    "try:\n"
    "    1 / 0\n"
    "except ZeroDivisionError:\n"
    "    logging.getLogger('sakip.uji').exception('gagal menghitung')\n"
)


def test_django_log_format_json_switches_the_console_to_json_lines():
    result = run_manage("shell", "-v", "0", "-c", LOG_SOMETHING, env={"DJANGO_LOG_FORMAT": "json"})
    [line] = [json.loads(text) for text in result.stderr.splitlines() if text.startswith("{")]
    assert (line["level"], line["logger"], line["message"]) == ("ERROR", "sakip.uji", "gagal menghitung")
    assert "ZeroDivisionError" in line["exc_info"]
    assert result.stderr.count("\n") == 1  # the traceback is inside the one line


def test_plain_text_logs_by_default_and_unknown_formats_refused():
    result = run_manage("shell", "-v", "0", "-c", LOG_SOMETHING, env={})
    assert " ERROR sakip.uji gagal menghitung" in result.stderr
    assert not result.stderr.startswith("{")
    result = run_manage("check", env={"DJANGO_LOG_FORMAT": "xml"})
    assert result.returncode != 0 and "use text or json" in result.stderr


# Backup and restore


def database_url(name: str) -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def run_script(script: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["sh", str(ROOT / "scripts" / script), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def snapshot(name: str) -> dict[str, object]:
    """Every table of the public schema with its row count and a digest of its rows, and every
    sequence with its last value."""
    with psycopg2.connect(database_url(name)) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [row[0] for row in cursor.fetchall()]
        result: dict[str, object] = {}
        for table in tables:
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"{table}\" t"
            )
            result[f"table {table}"] = cursor.fetchone()
        cursor.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")
        result.update({f"sequence {name}": value for name, value in cursor.fetchall()})
    conn.close()
    return result


def drop_database(name: str) -> None:
    conn = psycopg2.connect(database_url("postgres"))
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.close()


@pytest.mark.django_db(transaction=True)
def test_backup_restored_into_a_new_database_keeps_every_row(settings, tmp_path):
    assert shutil.which("pg_dump") and shutil.which("pg_restore"), "sh scripts/system-packages.sh test"
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())  # committed: pg_dump sees it
    source = connection.settings_dict["NAME"]
    target = f"{source}_pulih"
    server = {"DATABASE_URL": database_url(source)}
    logo = Pemda.objects.get(nama="Kota Contoh").logo
    pemda_line = f"table sakip_pemda {Pemda.objects.count()}\n"
    media = tmp_path / "media-pulih"
    drop_database(target)
    try:
        uploads = {"DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT)}
        backup = run_script("backup.sh", str(tmp_path / "cadangan"), **server, **uploads)
        assert backup.returncode == 0, backup.stderr
        [folder] = (tmp_path / "cadangan").iterdir()
        assert sorted(p.name for p in folder.iterdir()) == ["MANIFEST.txt", "SHA256SUMS", "database.dump", "media.tar"]
        manifest = (folder / "MANIFEST.txt").read_text()
        assert pemda_line in manifest

        restore = run_script("restore.sh", "--media-root", str(media), str(folder), target, **server)
        assert restore.returncode == 0, restore.stderr
        assert "as in the manifest" in restore.stdout

        before, after = snapshot(source), snapshot(target)
        assert after == before
        rows = sum(value[0] for key, value in before.items() if key.startswith("table "))
        assert rows > 1000 and before["table sakip_pemda"][0] >= 2  # the demo, not an empty database
        assert (media / logo.name).read_bytes() == Path(logo.path).read_bytes()

        # A database that is not empty is refused; the restored one is untouched.
        again = run_script("restore.sh", "--media-root", str(tmp_path / "lain"), str(folder), target, **server)
        assert again.returncode == 1 and "is not empty" in again.stderr
        assert snapshot(target) == before

        # A manifest that does not match what was restored fails the restore.
        (folder / "MANIFEST.txt").write_text(manifest.replace(pemda_line, "table sakip_pemda 999\n"))
        subprocess.run("sha256sum database.dump media.tar MANIFEST.txt >SHA256SUMS", shell=True, cwd=folder, check=True)
        forced = run_script("restore.sh", "--force", "--media-root", str(media), str(folder), target, **server)
        assert forced.returncode == 1 and "differ from" in forced.stderr, forced.stderr
        assert "-table sakip_pemda 999" in forced.stderr

        # A damaged backup is refused before anything is touched.
        with open(folder / "media.tar", "ab") as tar:
            tar.write(b"\0")
        damaged = run_script("restore.sh", "--force", "--media-root", str(media), str(folder), target, **server)
        assert damaged.returncode == 1 and "is damaged" in damaged.stderr
    finally:
        drop_database(target)


def test_backup_refuses_a_database_that_is_not_postgresql(tmp_path):
    result = run_script("backup.sh", str(tmp_path), DATABASE_URL="sqlite:///db.sqlite3")
    assert result.returncode == 1 and "only PostgreSQL" in result.stderr
    assert list(tmp_path.iterdir()) == []
