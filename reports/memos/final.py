"""The memo as printed: its snapshot for the PDF (reports.memos.pdf), the preview, and the final signed file."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from ita_portal import thai
from reports.memos.decisions import final_words
from reports.memos.wording import enclosure_title
from reports.models import Memo, MemoEvent, MemoStep


def _esign(event: MemoEvent | None) -> dict[str, str] | None:
    """The e-signature line of someone who logged in and acted (memo-format §6.19); None otherwise."""
    if event is None:
        return None
    at = timezone.localtime(event.at)
    return {
        "date_text": thai.thai_date(at),
        "time_text": thai.thai_digits(at.strftime("%H.%M")) + " น.",
        "reference": event.reference,
        # The approver confirmed a second factor just before acting (accounts.twofactor).
        "second_factor": bool(event.detail.get("second_factor")),
    }


def _person_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def _step(step: MemoStep, events: dict[tuple[int, int], MemoEvent]) -> dict[str, Any]:
    acted = step.acted_at is not None
    event = events.get((step.round, step.order)) if acted else None
    return {
        "heading": step.heading or f"ความเห็น{step.position_title}",
        "position": step.position_title,
        # A stand-in's own position and "รักษาราชการแทน" / "ปฏิบัติราชการแทน", printed above the position.
        "acting": {"title": step.acted_title, "kind": step.acting_label} if step.acting_label else None,
        "name": step.acted_name if acted else _person_name(step.user),
        "decision_label": step.decision_words,
        "comment": step.comment,
        "date_text": thai.thai_date(timezone.localtime(step.acted_at)) if acted else "",
        "esign": _esign(event),
    }


def memo_snapshot(memo: Memo) -> dict[str, Any]:
    """Everything the memo PDF prints, from the memo's latest round (older rounds are shown on the web page)."""
    events = list(memo.events.filter(round=memo.round).order_by("at", "pk")) if memo.round else []
    submitted = next(
        (e for e in reversed(events) if e.action in (MemoEvent.Action.SUBMIT, MemoEvent.Action.RESUBMIT)), None
    )
    acts = {(e.round, e.step): e for e in events if e.action in (MemoEvent.Action.ACT, MemoEvent.Action.RETURN)}
    steps = list(memo.steps.filter(round=memo.round).select_related("user").order_by("order")) if memo.round else []
    if not steps:  # a draft: show the chain it will go through
        steps = [
            MemoStep(
                memo=memo,
                round=0,
                order=s.order,
                heading=s.heading,
                position_title=s.position_title,
                user=s.user,
                decisions=s.decisions,
            )
            for s in memo.chain.steps.select_related("user").order_by("order")
        ]
    printed = [_step(step, acts) for step in steps]
    last = steps[-1] if steps else None
    final_decision = ""
    if memo.is_closed and last is not None and last.decision and last.decision != "comment":
        final_decision = final_words(last.decision, last.decision_text)
    garuda = memo.agency.garuda
    return {
        "agency": {"full_name": memo.agency.full_name},
        "garuda_uri": Path(garuda.path).as_uri() if garuda else "",
        "division": memo.division,
        "phone": memo.phone,
        "number": memo.number_text,
        "date_text": thai.thai_date(memo.memo_date) if memo.memo_date else "",
        "subject": memo.subject,
        "to": memo.to,
        "sections": [{"heading": heading, "body": body} for heading, body in memo.sections() if body.strip()],
        "attachments": memo.enclosure_lines() or [enclosure_title(d) for d in memo.documents.order_by("pk")],
        "requester": {
            "name": memo.requester_name,
            "position": memo.requester_position,
            "esign": _esign(submitted),
        },
        "steps": printed,
        "final_decision": final_decision,
    }


def memo_preview(memo: Memo) -> bytes:
    """The memo pages as they stand now (not stored, not signed), for reading on the memo page."""
    from reports.memos.pdf import render_memo

    return render_memo(memo_snapshot(memo)).content


def memo_finalize(memo_id: int) -> Memo | None:
    """Render the closed memo with its attachments into one PDF, sign it (PAdES), store it and its SHA-256.

    Idempotent: a memo whose final file is done is left alone.
    """
    from reports.memos.pdf import final_pdf
    from reports.memos.signing import sign_pdf

    memo = Memo.objects.select_related("agency").filter(pk=memo_id).first()
    if memo is None or not memo.is_closed or memo.final == Memo.Final.DONE:
        return None
    try:
        attachments = []
        for document in memo.documents.order_by("pk"):
            with document.file.open("rb") as handle:
                attachments.append(handle.read())
        rendered = final_pdf(memo_snapshot(memo), attachments)
        signed = sign_pdf(
            rendered.content,
            reason=f"บันทึกข้อความที่ {memo.number_text} ผ่านการพิจารณาครบทุกขั้นแล้ว",
            location=memo.agency.full_name,
        )
    except Exception as exc:
        Memo.objects.filter(pk=memo.pk).exclude(final=Memo.Final.DONE).update(
            final=Memo.Final.FAILED, final_error=f"สร้างฉบับสมบูรณ์ไม่สำเร็จ: {exc}"
        )
        raise
    sha256 = hashlib.sha256(signed).hexdigest()
    with transaction.atomic():
        locked = Memo.objects.select_for_update().get(pk=memo.pk)
        if locked.final == Memo.Final.DONE:
            return None
        locked.final_file.save(f"memo-{memo.pk}-{memo.number_seq or 0}.pdf", ContentFile(signed), save=False)
        locked.final_sha256 = sha256
        locked.final_pages = rendered.pages
        locked.final = Memo.Final.DONE
        locked.final_error = ""
        locked.save(update_fields=["final_file", "final_sha256", "final_pages", "final", "final_error"])
        MemoEvent.objects.create(
            memo=locked, action=MemoEvent.Action.FINAL, round=locked.round, detail={"sha256": sha256}
        )
        # The signed memo and its reports are OIT evidence: link them on the items they answer.
        from oit.generated import agency_link_documents

        transaction.on_commit(lambda: agency_link_documents(locked.agency_id))
    return locked
