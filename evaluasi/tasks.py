"""Celery tasks of the evaluation module (found by ``app.autodiscover_tasks()``)."""

from celery import shared_task

from evaluasi import lkjip_services


@shared_task(name="evaluasi.render_lkjip")
def render_lkjip(berkas_id: int) -> None:
    """Print one LKjIP rendering (``BerkasLkjip``) to PDF; see ``lkjip_services.render``."""
    lkjip_services.render(berkas_id)
