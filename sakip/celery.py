"""The Celery application (background tasks: the LKjIP's PDF rendering).

With ``CELERY_BROKER_URL`` set (Redis, ``redis://127.0.0.1:6379/0``), tasks go to the broker and a
worker started with ``celery -A sakip worker`` runs them. Without it (the embedded default), tasks
are not queued at all: ``evaluasi.lkjip_services.kirim`` runs them in the web process, in a thread of
their own, through Celery's own ``Task.apply``.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sakip.settings")

app = Celery("sakip")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
