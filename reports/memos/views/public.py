"""The public verification page: no login; what the memo is, who decided, and whether a file is the one issued."""

from __future__ import annotations

import logging
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from reports.memos import services, verify
from reports.memos.forms import VerifyUploadForm
from reports.models import Memo

logger = logging.getLogger(__name__)

# --- public verification --------------------------------------------------------------------------


def _verifiable_memo(token: UUID) -> Memo:
    """A memo that went through its whole chain; any other token (or a memo still in progress) is a 404."""
    memo = (
        Memo.objects.select_related("agency")
        .filter(verify_token=token, status__in=[Memo.Status.APPROVED, Memo.Status.REJECTED])
        .first()
    )
    if memo is None:
        raise Http404("ไม่พบเอกสารที่ต้องการตรวจสอบ")
    return memo


def _verify(memo: Memo, content: bytes) -> services.Verification:
    try:
        return verify.memo_verify_upload(memo=memo, content=content)
    except Exception:  # the signature checker failed (or is not installed): still say what the hash showed
        logger.exception("memo %s: the signature of an uploaded file could not be checked", memo.pk)
        import hashlib

        sha256 = hashlib.sha256(content).hexdigest()
        return verify.Verification(
            True,
            sha256,
            None,
            "ไฟล์นี้ตรงกับฉบับสมบูรณ์ที่ระบบออกให้ แต่ขณะนี้ตรวจลายมือชื่ออิเล็กทรอนิกส์ไม่ได้ กรุณาลองใหม่ภายหลัง",
        )


@require_http_methods(["GET", "POST"])
def memo_verify(request: HttpRequest, token: UUID) -> HttpResponse:
    """Public (no login): what the memo is, who decided what and when, and whether a file is the one issued.

    Internal comments, attachments, the audit trail and anything else about the agency stay private.
    """
    memo = _verifiable_memo(token)
    result = None
    if request.method == "POST":
        form = VerifyUploadForm(request.POST, request.FILES)
        if form.is_valid():
            result = _verify(memo, form.cleaned_data["file"].read())
    else:
        form = VerifyUploadForm()
    steps = list(memo.steps.filter(round=memo.round).order_by("order"))
    rows = [
        {
            "position": step.printed_position,
            "basis": step.acting_basis if step.acting_label else "",
            "name": step.acted_name,
            "decision": step.decision_words,
            "at": step.acted_at,
        }
        for step in steps
        if step.acted_at is not None
    ]
    response = render(
        request, "reports/memos/verify.html", {"memo": memo, "rows": rows, "form": form, "result": result}
    )
    response["X-Robots-Tag"] = "noindex"
    return response
