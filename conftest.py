"""Fixtures shared by every app: settings for tests, the organisation world with one user per role,
and Playwright pointed at Debian's Chromium."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field

import pytest

# The live server runs Django in a thread while Playwright's sync API holds an event loop in this
# one; Django would refuse ORM calls from the test body without this (tests only).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "id-ID", "timezone_id": "Asia/Jakarta"}


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]


@pytest.fixture(autouse=True)
def _reference_rows(request):
    """Rows seeded by data migrations (qualitative scales, ...) are wiped by the flush that ends a
    transactional (browser) test; pytest may run such a test before others, so put them back."""
    marker = request.node.get_closest_marker("django_db")
    uses_db = marker is not None or {"db", "transactional_db"} & set(request.fixturenames)
    if not uses_db:
        return
    transactional = "transactional_db" in request.fixturenames or (marker and marker.kwargs.get("transaction"))
    request.getfixturevalue("transactional_db" if transactional else "db")
    from django.apps import apps as django_apps

    from evaluasi.models import TemplateLKE
    from evaluasi.seeds import ensure_default_templates
    from iku_manual.models import NilaiSkala, SkalaKualitatif
    from iku_manual.seeds import ensure_default_scales
    from perjanjian.models import PredikatCapaian
    from perjanjian.seeds import ensure_default_predicates

    if not NilaiSkala.objects.exists():
        ensure_default_scales(SkalaKualitatif, NilaiSkala)
    if not PredikatCapaian.objects.exists():
        ensure_default_predicates(PredikatCapaian)
    if not TemplateLKE.objects.filter(pemda=None).exists():
        ensure_default_templates(django_apps)


ROLES = ["superuser", "admin_pemda", "perencana", "kepala_opd", "evaluator", "pimpinan"]


@dataclass
class World:
    """Two pemda. In the first: our OPD and another OPD, with one user per role (OPD roles in our
    OPD). In the second: an OPD of its own. Each OPD has a unit, an official and a planner."""

    pemda: object
    opd: object
    other_opd: object
    other_pemda: object
    other_pemda_opd: object
    users: dict = field(default_factory=dict)
    units: dict = field(default_factory=dict)
    pejabat: dict = field(default_factory=dict)
    planners: dict = field(default_factory=dict)


@pytest.fixture
def world(db) -> World:
    from sakip.models import Role
    from sakip.tests import factories as f

    pemda = f.PemdaFactory(nama="Kota Uji", kode="99.81")
    other_pemda = f.PemdaFactory(nama="Kabupaten Lain", kode="99.82")
    w = World(
        pemda=pemda,
        opd=f.OpdFactory(pemda=pemda, nama="Dinas Kesehatan", singkatan="Dinkes"),
        other_opd=f.OpdFactory(pemda=pemda, nama="Dinas Pendidikan", singkatan="Disdik"),
        other_pemda=other_pemda,
        other_pemda_opd=f.OpdFactory(pemda=other_pemda, nama="Dinas Kesehatan", singkatan="Dinkes"),
    )
    w.users = {
        "superuser": f.UserFactory(username="super", is_superuser=True, is_staff=True, role="", pemda=None),
        "admin_pemda": f.UserFactory(username="admin", role=Role.ADMIN_PEMDA, pemda=pemda),
        "perencana": f.UserFactory(username="perencana", role=Role.PERENCANA, pemda=pemda, opd=w.opd),
        "kepala_opd": f.UserFactory(username="kepala", role=Role.KEPALA_OPD, pemda=pemda, opd=w.opd),
        "evaluator": f.UserFactory(username="evaluator", role=Role.EVALUATOR, pemda=pemda),
        "pimpinan": f.UserFactory(username="pimpinan", role=Role.PIMPINAN, pemda=pemda),
    }
    for key, opd in {"own": w.opd, "other_opd": w.other_opd, "other_pemda": w.other_pemda_opd}.items():
        w.units[key] = f.UnitFactory(opd=opd)
        w.pejabat[key] = f.PejabatFactory(pemda=opd.pemda, opd=opd, unit=w.units[key])
        w.planners[key] = f.UserFactory(role=Role.PERENCANA, pemda=opd.pemda, opd=opd)
    return w


@pytest.fixture
def client_for(client, world):
    """``client_for("perencana")`` is a test client signed in with that role (``"anon"``: nobody)."""

    def make(role: str):
        client.logout()
        if role != "anon":
            client.force_login(world.users[role])
        return client

    return make


@pytest.fixture
def shared_cache(settings):
    """A Redis cache of this test alone (its own key prefix: xdist workers share the server, and
    their pemda have the same ids), as production runs with one: dashboards, scores, pages and
    signed-in users kept for ten minutes, sessions read from it."""
    settings.CACHES = {
        "default": {
            "BACKEND": "sakip.cache.RedisCache",
            "LOCATION": os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15"),
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    settings.SAKIP_DASBOR_CACHE = 600
    settings.SAKIP_PENGGUNA_CACHE = 600
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
