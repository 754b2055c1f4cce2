"""The memo as a PDF: the preview shown on the memo page, the signed final file and its retry."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from ita_portal.downloads import content_disposition, pdf_file_response
from reports.memos import services
from reports.memos.selectors import get_memo_for_user
from reports.memos.views.shared import require_coordinator, service_request
from reports.models import Memo

logger = logging.getLogger(__name__)
MISSING = "ไม่พบไฟล์ฉบับสมบูรณ์"
PREVIEW_SECONDS = 600  # a preview is keyed by the memo's version, so this only bounds the memory it holds

# --- files ----------------------------------------------------------------------------------------


def _pdf_name(memo: Memo) -> tuple[str, str]:
    """(Thai file name, ASCII fallback) of the memo's PDF."""
    number = memo.number_text.replace("/", "-").replace(" ", "") or "ร่าง"
    return f"บันทึกข้อความ-{number}.pdf", f"memo-{memo.pk}.pdf"


def _preview_bytes(memo: Memo) -> bytes:
    """The memo pages as they stand, rendered once per version of the memo (every change bumps the version)."""
    from reports.memos.final import memo_preview  # renders with reports.memos.pdf (WeasyPrint): load on demand

    # The agency (its Garuda) and, for a draft, the chain it will go through are printed too.
    stamps = (memo.agency.updated_at.timestamp(), memo.chain.updated_at.timestamp())
    key = f"memo-preview:{memo.pk}:{memo.version}:{memo.round}:{stamps[0]}:{stamps[1]}"
    content = cache.get(key)
    if content is None:
        content = memo_preview(memo)
        cache.set(key, content, PREVIEW_SECONDS)
    return content


@login_required
@require_GET
@xframe_options_sameorigin  # shown in the memo page's <object>
def memo_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    memo = get_memo_for_user(request.user, pk)
    filename, fallback = _pdf_name(memo)
    if memo.final == Memo.Final.DONE and memo.final_file:
        return pdf_file_response(memo.final_file, filename=filename, fallback=fallback, inline=True, missing=MISSING)
    try:
        content = _preview_bytes(memo)
    except Exception:
        logger.exception("memo %s: the preview could not be rendered", memo.pk)
        return render(request, "reports/memos/pdf_unavailable.html", {"memo": memo}, status=503)
    response = HttpResponse(content, content_type="application/pdf")
    response["Cache-Control"] = "private, no-cache"
    response["Content-Disposition"] = content_disposition(filename, fallback=fallback, inline=True)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def memo_final(request: HttpRequest, pk: int) -> FileResponse:
    """The signed final file, as a download recorded in the audit trail."""
    memo = get_memo_for_user(request.user, pk)
    if memo.final != Memo.Final.DONE or not memo.final_file:
        raise Http404("ฉบับสมบูรณ์ยังไม่พร้อมให้ดาวน์โหลด")
    filename, fallback = _pdf_name(memo)
    response = pdf_file_response(memo.final_file, filename=filename, fallback=fallback, missing=MISSING)
    services.memo_record_download(memo=memo, request=service_request(request))
    return response


@login_required
@require_POST
def memo_final_retry(request: HttpRequest, pk: int) -> HttpResponse:
    memo = get_memo_for_user(request.user, pk)
    require_coordinator(request, memo.agency)
    if services.memo_final_retry(memo=memo, request=service_request(request)):
        messages.success(request, "ส่งฉบับสมบูรณ์เข้าคิวสร้างใหม่แล้ว")
    else:
        messages.info(request, "ฉบับสมบูรณ์ไม่ได้อยู่ในสถานะไม่สำเร็จ จึงไม่ต้องสร้างใหม่")
    return redirect("reports:memo", memo.pk)
