"""Word downloads next to the PDF ones: a generated document's and a memo's .docx.

Built on request from the stored snapshot (a generated document) or the memo's current snapshot
(the same `memo_snapshot` its PDF is rendered from): the snapshot is frozen, so the file is the
same every time, and it takes well under a second (the analysis report, which draws its two
charts, about one), so nothing is stored.  Same lookups and permissions as the PDF downloads.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from ita_portal.downloads import content_disposition
from reports import services
from reports.docx import CONTENT_TYPE, build_docx
from reports.memos.selectors import get_memo_for_user
from reports.models import GeneratedDocument
from reports.selectors import get_document_for_user

logger = logging.getLogger(__name__)
FAILED = "สร้างไฟล์ Word ไม่สำเร็จ กรุณาลองใหม่อีกครั้ง หรือดาวน์โหลด PDF แทน"


def _docx_response(content: bytes, *, filename: str, fallback: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(filename, fallback=fallback)
    response["Cache-Control"] = "private, no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _as_docx(name: str) -> str:
    return name.removesuffix(".pdf") + ".docx"


@login_required
@require_GET
def document_docx(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_document_for_user(request.user, pk)
    if document.status != GeneratedDocument.Status.DONE or not document.snapshot:
        raise Http404("เอกสารยังไม่พร้อมให้ดาวน์โหลด")
    try:
        content = build_docx(document.kind, document.snapshot)
    except Exception:
        logger.exception("document %s: the Word copy could not be built", document.pk)
        messages.error(request, FAILED)
        return redirect("reports:document", document.pk)
    return _docx_response(
        content,
        filename=_as_docx(services.document_filename(document)),
        fallback=_as_docx(services.document_fallback_filename(document)),
    )


@login_required
@require_GET
def memo_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The memo as it stands (a draft, one in progress, or the final one's text) in Word."""
    from reports.memos.final import memo_snapshot
    from reports.memos.views.files import _pdf_name

    memo = get_memo_for_user(request.user, pk)
    try:
        content = build_docx("memo", memo_snapshot(memo))
    except Exception:
        logger.exception("memo %s: the Word copy could not be built", memo.pk)
        messages.error(request, FAILED)
        return redirect("reports:memo", memo.pk)
    filename, fallback = _pdf_name(memo)
    return _docx_response(content, filename=_as_docx(filename), fallback=_as_docx(fallback))
