"""The health check of an app server, for the load balancer and monitoring: ``GET /sehat/``.

Each check answers "ok" or "gagal"; one "gagal" makes the answer 503, so the load balancer takes the
server out of rotation. Why a check failed goes to the log (logger ``sakip.health``), never into the
answer: the page is public. A check costs one query (``SELECT 1``), a small file written to and
deleted from ``MEDIA_ROOT``, and, when configured, a round trip to the shared cache and the Celery
broker. It touches no session and writes no row.
"""

from __future__ import annotations

import logging
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

logger = logging.getLogger(__name__)

OK = "ok"
GAGAL = "gagal"
# Per-process caches say nothing about the shared infrastructure: only a shared cache is checked.
LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}
BROKER_TIMEOUT = 2  # seconds: a load balancer's probe typically gives up after 5


def check_database(connection=None) -> None:
    """One ``SELECT 1`` on the app's own connection (or the one given)."""
    connection = connection or connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 did not answer 1")


def check_cache(alias: str = "default") -> None:
    cache = caches[alias]
    key, value = f"sakip:sehat:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    try:
        if cache.get(key) != value:
            raise RuntimeError("the cache did not return the value just stored")
    finally:
        cache.delete(key)


def check_broker(url: str) -> None:
    """Opens (and closes) a connection to the Celery broker, without retrying."""
    from kombu import Connection

    with Connection(url, connect_timeout=BROKER_TIMEOUT) as connection:
        connection.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT)


def check_media(root: str | Path) -> None:
    """Uploads must be writable: writes a small file into MEDIA_ROOT and deletes it."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)  # as the file storage does on the first upload
    with tempfile.NamedTemporaryFile(dir=root, prefix=".sehat-") as probe:
        probe.write(b"ok")
        probe.flush()


def configured_checks() -> dict[str, Callable[[], None]]:
    """The checks this installation needs, in the order they run."""
    checks: dict[str, Callable[[], None]] = {"database": check_database}
    if settings.CACHES.get("default", {}).get("BACKEND") not in LOCAL_CACHES:
        checks["cache"] = check_cache
    if settings.CELERY_BROKER_URL:
        checks["broker"] = lambda: check_broker(settings.CELERY_BROKER_URL)
    checks["media"] = lambda: check_media(settings.MEDIA_ROOT)
    return checks


def run_checks(checks: dict[str, Callable[[], None]] | None = None) -> dict[str, str]:
    results = {}
    for name, check in (checks or configured_checks()).items():
        try:
            check()
        except Exception as exc:  # any failure of a dependency is a "gagal", never a 500
            logger.warning("Health check %s failed: %s: %s", name, type(exc).__name__, exc)
            results[name] = GAGAL
        else:
            results[name] = OK
    return results


@never_cache
@require_http_methods(["GET", "HEAD"])
def sehat(request: HttpRequest) -> JsonResponse:
    periksa = run_checks()
    healthy = all(result == OK for result in periksa.values())
    return JsonResponse({"status": OK if healthy else GAGAL, "periksa": periksa}, status=200 if healthy else 503)
