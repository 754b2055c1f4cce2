"""Generated documents: request (snapshot now, render later), render, retry.

The PDF kinds and the renderer live in `reports.documents`; they are imported lazily through
`_kinds()` and `_render()` so this module loads (and its tests run) without them.
"""

from __future__ import annotations

import hashlib
import logging
import time
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from assessments.models import Agency
from assessments.permissions import can_manage_results
from ita_portal import thai
from reports.models import DocumentPart, GeneratedDocument

if TYPE_CHECKING:
    from reports.documents import DocumentKind, RenderedPdf

logger = logging.getLogger(__name__)

ERROR_PREFIX = "สร้างเอกสารไม่สำเร็จ: "
# A document still "rendering" after this long lost its worker (hard time limit, crash); it may be taken again.
STALE_RENDERING = timedelta(seconds=180)
# A document sent to the broker this long ago and still queued lost its message (Redis restarted empty).
LOST_QUEUED = timedelta(minutes=10)
ROUNDS = {"h1": thai.SIX_MONTH, "fy": thai.TWELVE_MONTH}


def _kinds() -> dict[str, DocumentKind]:
    from reports.documents import KINDS

    return KINDS


def _render(kind_key: str, snapshot: dict[str, Any]) -> RenderedPdf:
    from reports.documents import render_pdf

    return render_pdf(kind_key, snapshot)


def _html_parts(kind_key: str, snapshot: dict[str, Any]) -> list[str]:
    from reports.documents.render import html_parts, render_html

    return html_parts(render_html(kind_key, snapshot))


def _render_part(html: str) -> RenderedPdf:
    from reports.documents.render import render_part

    return render_part(html)


def _join(parts: list[bytes]) -> RenderedPdf:
    from reports.documents.render import join_parts

    return join_parts(parts)


def document_kinds() -> dict[str, DocumentKind]:
    """The kinds of document that can be generated; empty while `reports.documents` is not installed."""
    try:
        return _kinds()
    except ModuleNotFoundError as exc:
        if exc.name != "reports.documents":
            raise
        return {}


def document_filename(document: GeneratedDocument) -> str:
    """The Thai file name a download gets, e.g. `รายงานผล_ทุ่งโพธิ์_2567_รอบ12เดือน_ฉบับที่2.pdf`."""
    kind = document_kinds().get(document.kind)
    title = kind.title if kind else document.kind
    parts = [title, document.agency.name, str(document.fiscal_year)]
    if document.round:
        parts.append(f"รอบ{document.round}เดือน")
    parts.append(f"ฉบับที่{document.version}")
    return "_".join(p.replace(" ", "") for p in parts) + ".pdf"


def document_fallback_filename(document: GeneratedDocument) -> str:
    round_part = f"-{document.round}m" if document.round else ""
    return f"{document.kind}-{document.agency_id}-{document.fiscal_year}{round_part}-v{document.version}.pdf"


def _clean_request(*, kind: str, round: int | None, layout: str) -> tuple[DocumentKind, int | None, str]:
    kinds = document_kinds()
    if kind not in kinds:
        raise ValidationError({"kind": f"ไม่รู้จักชนิดเอกสาร “{kind}”"})
    spec = kinds[kind]
    if spec.needs_round:
        if round not in (thai.SIX_MONTH, thai.TWELVE_MONTH):
            raise ValidationError({"round": "เอกสารนี้ต้องเลือกรอบ ๖ เดือนหรือ ๑๒ เดือน"})
    else:
        round = None
    layouts = [key for key, _label in spec.layouts]
    if not layout and layouts:
        layout = layouts[0]
    if layouts and layout not in layouts:
        raise ValidationError({"layout": f"ไม่รู้จักรูปแบบ “{layout}” ของเอกสารนี้"})
    return spec, round, layout


def document_build(
    *, agency: Agency, kind: str, fiscal_year: int, round: int | None, layout: str, evidence_links: bool = False
) -> tuple[str, int | None, str, dict[str, Any]]:
    """Validate the choice and build its snapshot; raises ValidationError (Thai) if there is nothing to print.

    `evidence_links` is passed on to the kinds that take it (the progress report) and ignored by the others.
    """
    spec, round, layout = _clean_request(kind=kind, round=round, layout=layout)
    options = {"evidence_links": evidence_links} if "evidence_links" in getattr(spec, "options", ()) else {}
    snapshot = spec.build_snapshot(agency=agency, fiscal_year=fiscal_year, round=round, layout=layout, **options)
    return kind, round, layout, snapshot


def document_request(
    *,
    agency: Agency,
    kind: str,
    fiscal_year: int,
    round: int | None,
    layout: str,
    user: AbstractBaseUser | None,
    evidence_links: bool = False,
) -> GeneratedDocument:
    """Snapshot the data now and queue a new version for rendering; only the agency's coordinator may.

    The snapshot is taken here, not in the task, so later edits never change this version.
    user=None skips the permission check (scripts, the shell).
    """
    if user is not None and not can_manage_results(user, agency):
        raise PermissionDenied("เฉพาะผู้ประสานงานของหน่วยงานเท่านั้นที่สร้างเอกสารได้")
    kind, round, layout, snapshot = document_build(
        agency=agency, kind=kind, fiscal_year=fiscal_year, round=round, layout=layout, evidence_links=evidence_links
    )
    with transaction.atomic():
        document = GeneratedDocument(
            agency=agency,
            kind=kind,
            fiscal_year=fiscal_year,
            round=round,
            layout=layout,
            version=_next_version(agency=agency, kind=kind, fiscal_year=fiscal_year, round=round, layout=layout),
            snapshot=snapshot,
            requested_by=user,
        )
        document.full_clean(exclude=["file"])
        document.save()
        transaction.on_commit(lambda: _dispatch(document.pk))
    return document


def _next_version(*, agency: Agency, kind: str, fiscal_year: int, round: int | None, layout: str) -> int:
    """The next version number of this document; call inside a transaction.

    Versions are numbered per agency; the lock on the agency row keeps two requests from taking the
    same number (the unique constraint cannot, as a NULL round never collides).
    """
    Agency.objects.select_for_update().filter(pk=agency.pk).first()
    last = GeneratedDocument.objects.filter(
        agency=agency, kind=kind, fiscal_year=fiscal_year, round=round, layout=layout
    ).aggregate(v=Max("version"))["v"]
    return (last or 0) + 1


def document_retry(*, document: GeneratedDocument, user: AbstractBaseUser) -> bool:
    """Queue a failed (or abandoned) document again, same version and snapshot; False if there was nothing to do."""
    if not can_manage_results(user, document.agency):
        raise PermissionDenied("เฉพาะผู้ประสานงานของหน่วยงานเท่านั้นที่สร้างเอกสารได้")
    with transaction.atomic():
        retryable = Q(status=GeneratedDocument.Status.FAILED) | _stale_rendering(timezone.now())
        updated = GeneratedDocument.objects.filter(retryable, pk=document.pk).update(
            status=GeneratedDocument.Status.QUEUED, error="", dispatched_at=None
        )
        if updated:
            transaction.on_commit(lambda: _dispatch(document.pk))
    return bool(updated)


def document_is_unsent(document: GeneratedDocument) -> bool:
    """True while a queued document's task has not reached the broker (it was down); the sweep will send it."""
    return document.status == GeneratedDocument.Status.QUEUED and document.dispatched_at is None


def _dispatch(document_id: int, *, sent_before: datetime | None = None) -> bool:
    """Send the render task of a queued, unsent document; False if it was not sent (someone else did, no broker).

    The row is marked sent first with a conditional update, so two senders (the request and a
    worker's sweep) send it once; if the broker cannot be reached the mark is taken back and the
    document stays queued for the sweep, never failed.  `sent_before` also takes a document sent
    before that time whose message never arrived (Redis restarted empty).
    Without a broker the task runs inline here and records its own failure.
    """
    from ita_portal.celery import app
    from reports.tasks import render_document

    Status = GeneratedDocument.Status
    now = timezone.now()
    unsent = Q(dispatched_at__isnull=True)
    if sent_before is not None:
        unsent |= Q(dispatched_at__lt=sent_before)
    if not GeneratedDocument.objects.filter(unsent, pk=document_id, status=Status.QUEUED).update(dispatched_at=now):
        return False
    try:
        render_document.delay(document_id)
    except Exception as exc:
        if app.conf.task_always_eager:
            logger.exception("render_document(%s) failed inline", document_id)
            GeneratedDocument.objects.filter(pk=document_id, status=Status.QUEUED).update(
                status=Status.FAILED, error=f"{ERROR_PREFIX}{exc}", finished_at=timezone.now()
            )
            return True
        logger.warning("render_document(%s) not sent, the broker is unreachable: %s", document_id, exc)
        GeneratedDocument.objects.filter(pk=document_id, dispatched_at=now).update(dispatched_at=None)
        return False
    return True


def document_sweep(*, restarted_worker: str = "", limit: int = 200) -> int:
    """Send again what a broker outage, a lost message or a dead worker left behind; returns how many were sent.

    Run by every worker when it starts and then every REPORTS_SWEEP_SECONDS (reports.tasks), so
    nothing else has to run.  It takes:
    - queued documents never sent (the broker was down at the request), or sent more than
      LOST_QUEUED ago and still not taken (the message was lost: Redis restarted empty);
    - documents rendering for longer than STALE_RENDERING (the worker died: SIGKILL, a lost machine;
      this also covers the parts of a long document, which are all rendered again);
    - documents rendering by `restarted_worker`, a worker that has just started under the same name:
      whatever it was rendering was cut off when it died.
    Sending twice is harmless: `document_claim` lets one run render.  Stops at the first send that
    fails (the broker is still down); the next sweep goes on.
    """
    Status = GeneratedDocument.Status
    now = timezone.now()
    orphaned = _stale_rendering(now)
    if restarted_worker:
        orphaned |= Q(status=Status.RENDERING, render_worker=restarted_worker, started_at__lt=now)
    taken_back = GeneratedDocument.objects.filter(orphaned).update(status=Status.QUEUED, dispatched_at=None)
    if taken_back:
        logger.warning("%s document(s) left rendering by a dead worker go back to the queue", taken_back)
    lost = now - LOST_QUEUED
    pending = (
        GeneratedDocument.objects.filter(status=Status.QUEUED)
        .filter(Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=lost))
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for document_id in pending:
        if _dispatch(document_id, sent_before=lost):
            sent += 1
        elif GeneratedDocument.objects.filter(
            pk=document_id, status=Status.QUEUED, dispatched_at__isnull=True
        ).exists():
            break  # the broker is still unreachable
    return sent


def document_claim(*, document_id: int, task_id: str = "", worker: str = "") -> bool:
    """Move a queued or failed (or abandoned rendering) document to rendering; False if someone else has it.

    A rendering document is also taken by the task that claimed it (`task_id`) when its message is
    delivered again: with acks_late that only happens when the first run died (its pool process was
    killed), so the document is rendered again at once instead of waiting to look stale.
    """
    now = timezone.now()
    Status = GeneratedDocument.Status
    claimable = Q(status__in=[Status.QUEUED, Status.FAILED]) | _stale_rendering(now)
    if task_id:
        claimable |= Q(status=Status.RENDERING, render_task_id=task_id)
    updated = GeneratedDocument.objects.filter(claimable, pk=document_id).update(
        status=Status.RENDERING,
        started_at=now,
        attempts=F("attempts") + 1,
        error="",
        parts_total=None,
        assembling=False,
        render_task_id=task_id,
        render_worker=worker,
    )
    return bool(updated)


def _stale_rendering(now: datetime) -> Q:
    return Q(status=GeneratedDocument.Status.RENDERING, started_at__lt=now - STALE_RENDERING)


def document_is_stale(document: GeneratedDocument) -> bool:
    """True for a document left "rendering" by a worker that died (killed at the hard time limit)."""
    return bool(
        document.status == GeneratedDocument.Status.RENDERING
        and document.started_at
        and document.started_at < timezone.now() - STALE_RENDERING
    )


def document_render(*, document_id: int, task_id: str = "", worker: str = "") -> GeneratedDocument | None:
    """Render a document from its snapshot and store the file; idempotent.

    Returns None when there is nothing to do (unknown id, already done, another worker rendering),
    or when the document was cut into parts that other workers are rendering (the last of them to
    finish joins the parts: `document_render_part`).  Without a broker (tasks run inline) every
    part is rendered here, one after the other.
    On an error the row is marked failed with the Thai message and the error is raised again.
    `task_id` and `worker` name the task run and the worker (see `document_claim`, `document_sweep`).
    """
    if not document_claim(document_id=document_id, task_id=task_id, worker=worker):
        return None
    document = GeneratedDocument.objects.select_related("agency").get(pk=document_id)
    started = time.monotonic()
    try:
        if not _parts_in_parallel():
            rendered = _render(document.kind, document.snapshot)
            _store(document, rendered, seconds=time.monotonic() - started)
            return document
        parts = _html_parts(document.kind, document.snapshot)
        if len(parts) == 1:
            rendered = _join([_render_part(parts[0]).content])
            _store(document, rendered, seconds=time.monotonic() - started)
            return document
        return _render_in_parallel(document, parts)
    except Exception as exc:
        document_mark_failed(document_id=document_id, error=exc)
        raise


def document_render_part(*, document_id: int, attempt: int, index: int) -> GeneratedDocument | None:
    """Render part `index` of a document's `attempt`; the worker finishing the last part joins them.

    Returns the finished document, or None (more parts to come, or the attempt is over).
    """
    document = (
        GeneratedDocument.objects.select_related("agency")
        .filter(pk=document_id, status=GeneratedDocument.Status.RENDERING, attempts=attempt)
        .first()
    )
    if document is None:
        return None  # done, failed, or taken over by a newer attempt
    parts = _html_parts(document.kind, document.snapshot)
    if index >= len(parts):
        raise ValueError(f"เอกสารนี้มี {len(parts)} ส่วน ไม่มีส่วนที่ {index + 1}")
    return _store_part(document, attempt, index, _render_part(parts[index]))


def _parts_in_parallel() -> bool:
    """Parts go to other workers only when there is a broker; inline tasks render everything here."""
    from ita_portal.celery import app

    return bool(getattr(settings, "REPORTS_PARTS_IN_PARALLEL", False)) and not app.conf.task_always_eager


def _render_in_parallel(document: GeneratedDocument, parts: list[str]) -> GeneratedDocument | None:
    from reports.tasks import render_document_part

    attempt = document.attempts
    GeneratedDocument.objects.filter(pk=document.pk).update(parts_total=len(parts))
    document.parts_total = len(parts)
    for index in range(1, len(parts)):
        render_document_part.delay(document.pk, attempt, index)
    return _store_part(document, attempt, 0, _render_part(parts[0]))


def _store_part(
    document: GeneratedDocument, attempt: int, index: int, rendered: RenderedPdf
) -> GeneratedDocument | None:
    DocumentPart.objects.get_or_create(
        document=document, attempt=attempt, index=index, defaults={"content": rendered.content, "pages": rendered.pages}
    )
    total = GeneratedDocument.objects.filter(pk=document.pk).values_list("parts_total", flat=True).first()
    if not total or DocumentPart.objects.filter(document=document, attempt=attempt).count() < total:
        return None
    # Every part is in: exactly one worker (the one that flips `assembling`) joins them.
    claimed = GeneratedDocument.objects.filter(
        pk=document.pk, status=GeneratedDocument.Status.RENDERING, attempts=attempt, assembling=False
    ).update(assembling=True)
    if not claimed:
        return None
    try:
        contents = DocumentPart.objects.filter(document=document, attempt=attempt).order_by("index")
        rendered = _join([bytes(content) for content in contents.values_list("content", flat=True)])
        document.refresh_from_db(fields=["started_at"])
        seconds = (timezone.now() - document.started_at).total_seconds() if document.started_at else 0.0
        _store(document, rendered, seconds=seconds)
    except Exception as exc:
        document_mark_failed(document_id=document.pk, error=exc)
        raise
    DocumentPart.objects.filter(document=document).delete()
    return document


def _store(document: GeneratedDocument, rendered: RenderedPdf, *, seconds: float) -> None:
    content = rendered.content
    if not content.startswith(b"%PDF"):
        raise ValueError("ตัวสร้างเอกสารไม่ได้ส่ง PDF กลับมา")
    document.file.save(document_fallback_filename(document), ContentFile(content), save=False)
    document.sha256 = hashlib.sha256(content).hexdigest()
    document.pages = rendered.pages
    document.render_seconds = round(seconds, 3)
    document.status = GeneratedDocument.Status.DONE
    document.error = ""
    document.finished_at = timezone.now()
    document.save(update_fields=["file", "sha256", "pages", "render_seconds", "status", "error", "finished_at"])


def document_mark_failed(*, document_id: int, error: BaseException, will_retry: bool = False) -> None:
    """Record an error in Thai; a document that will be retried goes back to the queue so the page keeps polling."""
    message = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error) or type(error).__name__
    status = GeneratedDocument.Status.QUEUED if will_retry else GeneratedDocument.Status.FAILED
    GeneratedDocument.objects.filter(pk=document_id).exclude(status=GeneratedDocument.Status.DONE).update(
        status=status, error=f"{ERROR_PREFIX}{message}", finished_at=timezone.now()
    )


def document_render_now(
    *, agency: Agency, kind: str, fiscal_year: int, round: int | None, layout: str, user: AbstractBaseUser | None
) -> GeneratedDocument:
    """Snapshot and render a new version in this process, without the queue (scripts, the demo data)."""
    kind, round, layout, snapshot = document_build(
        agency=agency, kind=kind, fiscal_year=fiscal_year, round=round, layout=layout
    )
    with transaction.atomic():
        document = GeneratedDocument.objects.create(
            agency=agency,
            kind=kind,
            fiscal_year=fiscal_year,
            round=round,
            layout=layout,
            version=_next_version(agency=agency, kind=kind, fiscal_year=fiscal_year, round=round, layout=layout),
            snapshot=snapshot,
            requested_by=user,
            status=GeneratedDocument.Status.RENDERING,
            started_at=timezone.now(),
            attempts=1,
        )
    started = time.monotonic()
    _store(document, _render(kind, snapshot), seconds=time.monotonic() - started)
    return document
