"""Settings from the environment: SQLite by default, PostgreSQL by URL, production passes
``check --deploy``; and the guards every project keeps (tests on PostgreSQL, no pending migrations)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "sakip.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_tests_run_on_postgresql(db):
    assert connection.vendor == "postgresql"


def test_no_pending_migrations(db):
    output = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", verbosity=3, stdout=output)
    except SystemExit:
        raise AssertionError(output.getvalue()) from None


def test_development_default_is_sqlite():
    result = run_manage(
        "shell", "-c", "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])", env={}
    )
    assert result.stdout.strip().endswith("sqlite3"), result.stderr


def test_database_url_selects_postgresql():
    result = run_manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings; d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'], d['HOST'])",
        env={"DATABASE_URL": "postgres://u:p@db.internal:5432/sakip_prod"},
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "sakip_prod", "db.internal"], result.stderr


PRODUCTION = {
    "DJANGO_DEBUG": "False",
    "DJANGO_SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-" + "y" * 20,
    "DJANGO_ALLOWED_HOSTS": "sakip.kotacontoh.example",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://sakip.kotacontoh.example",
}


def test_production_settings_pass_check_deploy():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {key: value for key, value in PRODUCTION.items() if key != "DJANGO_SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_bad_boolean_is_refused():
    result = run_manage("check", env={"DJANGO_DEBUG": "maybe"})
    assert "use True or False" in result.stderr


def test_demo_refuses_production_without_flag():
    result = run_manage("load_demo", env=PRODUCTION)
    assert result.returncode != 0
    assert "--allow-production" in result.stderr
