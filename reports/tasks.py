"""Background work for generated documents: a thin task that takes an id and calls one service."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.signals import worker_process_init
from django.core.exceptions import ValidationError

from reports.services import document_mark_failed, document_render, document_render_part

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
            document = document_render(document_id=document_id)
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
