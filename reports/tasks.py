"""Background work for generated documents: a thin task that takes an id and calls one service."""

from __future__ import annotations

import logging
import threading

from celery import shared_task
from celery.signals import worker_process_init, worker_ready
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections

from reports.services import document_mark_failed, document_render, document_render_part, document_sweep

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, max_retries=2, default_retry_delay=5, soft_time_limit=120, time_limit=150)
def render_document(self, document_id: int) -> str | None:
    """Render one GeneratedDocument from its snapshot; idempotent (a done document is left alone).

    Errors other than ValidationError are retried twice; until then the row stays queued (the
    status page keeps polling), after the last try it is failed with the Thai error.
    """
    retries = self.request.retries
    while True:
        try:
            document = document_render(
                document_id=document_id, task_id=self.request.id or "", worker=self.request.hostname or ""
            )
        except ValidationError:
            return None  # nothing to print: recorded as failed, and trying again cannot help
        except Exception as exc:
            if retries >= self.max_retries:
                raise
            document_mark_failed(document_id=document_id, error=exc, will_retry=True)
            if not self.request.is_eager:
                raise self.retry(exc=exc) from exc
            # Without a broker Celery re-raises Retry (task_eager_propagates), so retry here, at once.
            retries += 1
            continue
        return None if document is None else document.sha256


@shared_task(bind=True, acks_late=True, max_retries=2, default_retry_delay=2, soft_time_limit=120, time_limit=150)
def render_document_part(self, document_id: int, attempt: int, index: int) -> str | None:
    """Render one part of a long document (see services.document_render_part); retried twice, then failed."""
    try:
        document = document_render_part(document_id=document_id, attempt=attempt, index=index)
    except Exception as exc:
        if self.request.retries >= self.max_retries:
            document_mark_failed(document_id=document_id, error=exc)
            raise
        raise self.retry(exc=exc) from exc
    return None if document is None else document.sha256


@shared_task(bind=True, acks_late=True, max_retries=2, default_retry_delay=5, soft_time_limit=120, time_limit=150)
def finalize_memo(self, memo_id: int) -> str | None:
    """Render, sign and store a closed memo's final PDF (reports.memos.final); idempotent, retried twice."""
    from reports.memos.final import memo_finalize

    try:
        memo = memo_finalize(memo_id)
    except Exception as exc:
        if self.request.is_eager or self.request.retries >= self.max_retries:
            raise
        raise self.retry(exc=exc) from exc
    return None if memo is None else memo.final_sha256


@worker_process_init.connect
def warm_up_renderer(**_kwargs) -> None:
    """Load WeasyPrint, Pango and the fonts in each worker process before the first document is asked for."""
    try:
        from reports.documents.render import warm_up

        warm_up()
    except Exception:  # a warm-up failure must not stop the worker; the first render will show the error
        logger.exception("could not warm up the PDF renderer")


def _sweep(restarted_worker: str = "") -> None:
    try:
        sent = document_sweep(restarted_worker=restarted_worker)
        if sent:
            logger.info("sent %s queued document(s) to the broker again", sent)
        from reports.memos.services import memo_final_sweep

        memo_final_sweep()
    except Exception:  # the database may be restarting; the next sweep tries again
        logger.exception("the document sweep failed")
    try:  # notifications waiting to be sent, and the day's reminders when no beat runs them
        from notifications.sweep import sweep as notifications_sweep

        notifications_sweep()
    except Exception:
        logger.exception("the notifications sweep failed")
    finally:
        connections.close_all()  # this thread's connections only


def _sweep_forever(hostname: str, interval: float, stop: threading.Event) -> None:
    _sweep(restarted_worker=hostname)
    while interval > 0 and not stop.wait(interval):
        _sweep()


_stop_sweeping = threading.Event()


@worker_ready.connect
def start_sweeping(sender=None, **_kwargs) -> None:
    """Each worker, when it starts and then every REPORTS_SWEEP_SECONDS, sends what was left behind.

    That is: documents requested while Redis was down, messages lost with Redis, documents left
    "rendering" by a worker that died (see services.document_sweep).  A thread of the worker's main
    process, so no Celery beat or cron is needed; every worker sweeps and the conditional updates
    make each document sent once.
    """
    hostname = getattr(sender, "hostname", "") or ""
    interval = float(getattr(settings, "REPORTS_SWEEP_SECONDS", 60))
    threading.Thread(
        target=_sweep_forever, args=(hostname, interval, _stop_sweeping), name="document-sweep", daemon=True
    ).start()
