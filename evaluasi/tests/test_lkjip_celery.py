"""The LKjIP's PDF through the real background path: a Redis broker (``TEST_REDIS_URL``, by default the
machine's Redis, which ``make test`` starts through ``scripts/ensure-redis.sh``) and a Celery worker
running in this process. Nothing is mocked: the request side queues the task on commit, the worker
takes it from Redis and prints with WeasyPrint into the test database."""

from __future__ import annotations

import os
import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connections

from evaluasi import lkjip_services as services
from evaluasi.models_lkjip import BerkasLkjip
from evaluasi.tests import test_lkjip_data
from evaluasi.tests.test_lkjip_data import TAHUN
from sakip.celery import app

# The fixtures of the LKjIP's data tests (a Dinkes with a Renstra, two PKs and verified realisations).
periode = test_lkjip_data.periode
plan = test_lkjip_data.plan
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def celery_worker(settings):
    """A worker on a queue of its own (other test runs may share the Redis server)."""
    queue = f"sakip-test-{uuid.uuid4().hex[:8]}"
    settings.CELERY_BROKER_URL = REDIS_URL
    saved = {key: app.conf[key] for key in ("broker_url", "task_default_queue", "task_always_eager")}
    app.conf.update(broker_url=REDIS_URL, task_default_queue=queue, task_always_eager=False)
    # The worker runs tasks in a thread of its own, with its own database connection: closed after
    # each task, or the test database could not be dropped at the end of the run.
    task_postrun.connect(_close_connections)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", queues=[queue]):
            yield
    finally:
        task_postrun.disconnect(_close_connections)
        app.conf.update(saved)
        connections.close_all()


def _close_connections(**kwargs) -> None:
    connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_pdf_rendered_by_a_celery_worker_through_redis(plan, celery_worker):
    laporan = services.laporan_buat(pemda=plan.pemda, opd=plan.opd, tahun=TAHUN, oleh=plan.users["perencana"])
    berkas = services.pdf_siapkan(laporan)  # autocommit: queued at once
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        berkas.refresh_from_db()
        if not berkas.berjalan:
            break
        time.sleep(0.2)
    assert berkas.status == BerkasLkjip.Status.SELESAI, berkas.pesan
    assert berkas.berkas.read().startswith(b"%PDF") and berkas.halaman > 1
