"""Writes of the OIT workspace. Each service checks its own permission and records history.

Edits carry the version the person saw: a save made from an older version raises
EditConflict (measures' own) and writes nothing, so nobody's answer is written over.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from assessments.crosswalk import ItemMapper
from assessments.models import Agency, Assessment, Department, FrameworkVersion
from assessments.permissions import can_manage_results
from assessments.selectors import User
from assessments.services import ItemData, ResultsData, assessment_save_results
from ita_portal import thai
from ita_portal.downloads import short_file_name
from measures.evidence import stored_name, validate_evidence_file
from measures.services import Change, EditConflict
from oit.generated import workspace_link_documents
from oit.models import Answer, AnswerEvidence, AnswerHistory, Link, Workspace
from oit.permissions import can_fill_answer, is_oit_coordinator

# Statuses staff may set themselves; พร้อมส่ง and ต้องแก้ไข come from the coordinator's check.
STAFF_STATUSES = {Answer.Status.NOT_STARTED, Answer.Status.DRAFTING, Answer.Status.REVIEW}
MAX_LINKS = 10


@dataclass
class FillData:
    has_data: str
    urls: list[str]
    explanation: str
    status: str


@dataclass
class AssignData:
    departments: list[Department]
    responsible: Any | None
    due_date: datetime.date | None
    requirement_note: str


@dataclass
class ReviewData:
    """What the NACC's reviewers said about an item, and the agency's appeal (issue 14, item 8)."""

    preliminary_score: Decimal | None
    reviewer_comment: str = ""
    appeal_text: str = ""
    appeal_deadline: datetime.date | None = None
    final_score: Decimal | None = None
    final_decision: str = ""
    final_decision_date: datetime.date | None = None


@dataclass
class CarryResult:
    copied: list[str] = field(default_factory=list)  # this year's codes that received last year's answer
    unmapped: list[tuple[str, str]] = field(default_factory=list)  # (last year's code, why)


def workspace_open(*, agency: Agency, fiscal_year: int, user: User) -> Workspace:
    """The year's workspace with one answer per O-item of its framework; refused in Thai if there is no framework."""
    _require_coordinator_of(user, agency)
    framework = FrameworkVersion.objects.filter(year=fiscal_year).first()
    if framework is None:
        raise ValidationError(f"ยังไม่มีกรอบการประเมิน ITA ปี {thai.thai_digits(fiscal_year)} ในระบบ")
    with transaction.atomic():
        try:
            with transaction.atomic():
                workspace = Workspace.objects.create(
                    agency=agency, fiscal_year=fiscal_year, framework=framework, public_token=secrets.token_hex(16)
                )
        except IntegrityError:
            return Workspace.objects.get(agency=agency, fiscal_year=fiscal_year)
        items = framework.items.filter(indicator__tool__code="OIT").order_by("order")
        Answer.objects.bulk_create(Answer(workspace=workspace, item=item, updated_by=user) for item in items)
        workspace_link_documents(workspace=workspace)
    return workspace


@transaction.atomic
def workspace_carry_over(*, workspace: Workspace, user: User) -> CarryResult:
    """Start this year's answers from last year's workspace through the crosswalk.

    URLs, explanations, departments and people become drafts (status กำลังจัดทำ, checks cleared);
    an answer already filled in this year is left as it is. Codes that cannot be mapped are listed.
    """
    _require_coordinator(user, workspace)
    previous = (
        Workspace.objects.filter(agency=workspace.agency, fiscal_year__lt=workspace.fiscal_year)
        .order_by("-fiscal_year")
        .first()
    )
    if previous is None:
        raise ValidationError("ยังไม่มีพื้นที่ทำงาน OIT ของปีก่อนให้ต่อยอด")
    mapper = ItemMapper(workspace.framework)
    answers = {a.item_id: a for a in workspace.answers.select_for_update().prefetch_related("links")}
    # Answers already worked on this year are left alone; two of last year's items merged into one
    # of this year's both feed it (their URLs added once, their explanations one after the other).
    untouched = {
        pk
        for pk, a in answers.items()
        if a.status == Answer.Status.NOT_STARTED and not a.explanation and not a.links.all()
    }
    filled: dict[int, Answer] = {}
    result = CarryResult()
    old_answers = previous.answers.select_related("item", "responsible").prefetch_related("links", "departments")
    for old in old_answers.order_by("item__order"):
        typed = [link.url for link in old.links.all() if not link.generated]
        if not (typed or old.explanation or old.has_data):
            continue  # nothing to carry
        mapping = mapper.map(old.item.code, from_year=previous.framework.year)
        target = answers.get(mapping.item.pk) if mapping.item else None
        if target is None:
            result.unmapped.append((old.item.code, mapping.note or "ไม่มีข้อที่ตรงกันในปีนี้"))
            continue
        if target.item_id not in untouched:
            continue
        first = target.item_id not in filled
        explanation = (
            old.explanation if first else "\n".join(filter(None, [filled[target.item_id].explanation, old.explanation]))
        )
        Answer.objects.filter(pk=target.pk).update(
            has_data=old.has_data or target.has_data,
            explanation=explanation,
            responsible=old.responsible if first else F("responsible"),
            status=Answer.Status.DRAFTING,
            updated_by=user,
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        target.explanation = explanation
        filled[target.item_id] = target
        target.departments.add(*old.departments.all())
        have = set(Link.objects.filter(answer=target).values_list("url", flat=True))
        Link.objects.bulk_create(
            Link(answer=target, url=url, order=i) for i, url in enumerate(typed) if url not in have
        )
        AnswerHistory.objects.create(
            answer=target,
            action=f"ต่อยอดจากข้อ {old.item.code} ปี {thai.thai_digits(previous.fiscal_year)}",
            changes=[],
            user=user,
        )
        if target.item.code not in result.copied:
            result.copied.append(target.item.code)
    workspace.carried_from = previous
    workspace.save(update_fields=["carried_from", "updated_at"])
    return result


@transaction.atomic
def answer_fill(*, answer: Answer, user: User, data: FillData, expected_version: int) -> Answer:
    """Save what the preparer enters: มี/ไม่มี, URLs, explanation and status."""
    if not can_fill_answer(user, answer):
        raise PermissionDenied("คุณไม่ได้รับมอบหมายให้จัดทำข้อนี้")
    coordinator = is_oit_coordinator(user, answer.workspace)
    status = data.status
    if not coordinator and status not in STAFF_STATUSES and status != answer.status:
        raise ValidationError("สถานะ “พร้อมส่ง” และ “ต้องแก้ไข” มาจากการตรวจของผู้ประสานงานเท่านั้น")
    if data.has_data not in ("", *Answer.Has.values):
        raise ValidationError("กรุณาเลือก มี หรือ ไม่มี")
    urls = _clean_urls(data.urls)
    before = _snapshot(answer)
    explanation = data.explanation.strip()
    changed = (data.has_data, explanation, urls) != (answer.has_data, answer.explanation, _typed_urls(answer))
    if not coordinator and changed and status == Answer.Status.READY:
        status = Answer.Status.REVIEW  # a checked answer that changes goes back to be checked again
    _claim(answer, expected_version, user, has_data=data.has_data, explanation=explanation, status=status)
    _replace_links(answer, urls)
    answer.refresh_from_db()
    _record(answer, user, "แก้ไขคำตอบ", before)
    return answer


@transaction.atomic
def answer_assign(*, answer: Answer, user: User, data: AssignData, expected_version: int) -> Answer:
    """The coordinator assigns departments, a person and a due date, and notes what the item requires."""
    _require_coordinator(user, answer.workspace)
    agency_id = answer.workspace.agency_id
    if any(d.agency_id != agency_id for d in data.departments):
        raise ValidationError("เลือกได้เฉพาะส่วนราชการของหน่วยงานนี้")
    before = _snapshot(answer)
    _claim(
        answer,
        expected_version,
        user,
        responsible=data.responsible,
        due_date=data.due_date,
        requirement_note=data.requirement_note.strip(),
    )
    answer.departments.set(data.departments)
    answer.refresh_from_db()
    _record(answer, user, "มอบหมายงาน", before)
    return answer


@transaction.atomic
def answer_check(*, answer: Answer, user: User, result: str, comment: str, expected_version: int) -> Answer:
    """The coordinator's check: ผ่านการตรวจ makes the item พร้อมส่ง; ต้องแก้ไข sends it back with the comment."""
    _require_coordinator(user, answer.workspace)
    if result not in Answer.Check.values:
        raise ValidationError("กรุณาเลือกผลการตรวจ")
    if result == Answer.Check.FIX and not comment.strip():
        raise ValidationError("กรุณาระบุสิ่งที่ต้องแก้ไข")
    status = Answer.Status.READY if result == Answer.Check.PASSED else Answer.Status.FIX
    before = _snapshot(answer)
    _claim(
        answer,
        expected_version,
        user,
        check_result=result,
        check_comment=comment.strip(),
        checked_by=user,
        checked_at=timezone.now(),
        status=status,
    )
    answer.refresh_from_db()
    _record(answer, user, "ตรวจคำตอบ", before)
    return answer


@transaction.atomic
def answer_record_review(*, answer: Answer, user: User, data: ReviewData, expected_version: int) -> Answer:
    """The preliminary score and comment, the appeal (its writer is recorded) and the final decision."""
    _require_coordinator(user, answer.workspace)
    for score in (data.preliminary_score, data.final_score):
        if score is not None and not 0 <= score <= 100:
            raise ValidationError("คะแนนต้องอยู่ระหว่าง ๐ ถึง ๑๐๐")
    before = _snapshot(answer)
    appeal = data.appeal_text.strip()
    values: dict[str, Any] = {
        "preliminary_score": data.preliminary_score,
        "reviewer_comment": data.reviewer_comment.strip(),
        "appeal_text": appeal,
        "appeal_deadline": data.appeal_deadline,
        "final_score": data.final_score,
        "final_decision": data.final_decision.strip(),
        "final_decision_date": data.final_decision_date,
    }
    if appeal != answer.appeal_text:
        values["appeal_by"] = user if appeal else None
    _claim(answer, expected_version, user, **values)
    answer.refresh_from_db()
    _record(answer, user, "บันทึกผลการตรวจของ ป.ป.ช.", before)
    return answer


def workspace_confirm_scores(*, workspace: Workspace, user: User) -> Assessment:
    """Write the year's OIT item scores (final, else preliminary) into the assessment through the results service.

    The survey indicators (1–8) and published totals already stored are kept, so the result is
    recomputed exactly as an import of the same item table would; every O-item must have a score.
    """
    _require_coordinator(user, workspace)
    answers = list(workspace.answers.select_related("item"))
    missing = [a.item.code for a in answers if a.final_score is None and a.preliminary_score is None]
    if missing:
        raise ValidationError(f"ยังไม่มีคะแนนของข้อ {', '.join(missing)}")
    existing = Assessment.objects.filter(agency=workspace.agency, fiscal_year=workspace.fiscal_year).first()
    if existing is not None and existing.framework_id != workspace.framework_id:
        raise ValidationError("ผลการประเมินปีนี้ในระบบใช้กรอบการประเมินอื่น กรุณาตรวจสอบก่อนยืนยันคะแนน")
    indicators: dict[int, Decimal | None] = {}
    reported: dict[str, Decimal | None] = {}
    if existing is not None:
        indicators = dict(existing.indicator_scores.values_list("indicator__number", "score"))
        reported = {name: getattr(existing, f"reported_{name}") for name in ("total", "iit", "eit", "oit")}
    items = {
        a.item.code: ItemData(
            score=a.final_score if a.final_score is not None else a.preliminary_score,
            comment=a.reviewer_comment,
            appeal_text=a.appeal_text,
            decision=a.final_decision,
            decision_date=a.final_decision_date,
            urls=list(a.links.order_by("order", "pk").values_list("url", flat=True)),
        )
        for a in answers
    }
    assessment, _ = assessment_save_results(
        agency=workspace.agency,
        fiscal_year=workspace.fiscal_year,
        framework=workspace.framework,
        data=ResultsData(indicators=indicators, items=items, reported=reported),
        user=user,
        expected_version=existing.version if existing else 0,
    )
    return assessment


@transaction.atomic
def answer_evidence_add(*, answer: Answer, user: Any, files: list[Any]) -> list[str]:
    """Store the files, checked by content like a measure's evidence, and record them in the history."""
    if not can_fill_answer(user, answer):
        raise PermissionDenied("คุณไม่ได้รับมอบหมายให้จัดทำข้อนี้")
    names = []
    for upload in files:
        kind = validate_evidence_file(upload)
        evidence = AnswerEvidence(
            answer=answer,
            original_name=short_file_name(upload.name, 255),
            content_type=kind.content_type,
            size=upload.size,
            uploaded_by=user,
        )
        evidence.file.save(stored_name(upload.name, kind), upload, save=False)
        evidence.save()
        names.append(evidence.original_name)
    AnswerHistory.objects.create(
        answer=answer,
        action="แนบหลักฐาน",
        changes=[Change("evidence", "หลักฐาน", "", name).as_dict() for name in names],
        user=user,
    )
    Answer.objects.filter(pk=answer.pk).update(updated_at=timezone.now(), updated_by=user)
    return names


def workspace_request_link_check(*, workspace: Workspace, user: User) -> None:
    """Check every link of the workspace in the background; the page shows the check under way until it ends."""
    from oit.tasks import check_workspace_links

    _require_coordinator(user, workspace)
    Workspace.objects.filter(pk=workspace.pk).update(links_check_requested_at=timezone.now())
    transaction.on_commit(lambda: check_workspace_links.delay(workspace.pk))


@transaction.atomic
def workspace_publish(*, workspace: Workspace, user: User, publish: bool) -> Workspace:
    """Turn the public OIT page on or off; only what is published is visible without a login."""
    _require_coordinator(user, workspace)
    workspace.published_at = timezone.now() if publish else None
    workspace.published_by = user if publish else None
    workspace.save(update_fields=["published_at", "published_by", "updated_at"])
    return workspace


# --- helpers ---------------------------------------------------------------------------------------


def _require_coordinator(user: User, workspace: Workspace) -> None:
    if not is_oit_coordinator(user, workspace):
        raise PermissionDenied("เฉพาะผู้ประสานงานของหน่วยงาน")


def _require_coordinator_of(user: User, agency: Agency) -> None:
    if not can_manage_results(user, agency):  # the agency's coordinator
        raise PermissionDenied("เฉพาะผู้ประสานงานของหน่วยงาน")


def _claim(answer: Answer, expected_version: int, user: User, **values: Any) -> None:
    claimed = Answer.objects.filter(pk=answer.pk, version=expected_version).update(
        version=F("version") + 1, updated_by=user, updated_at=timezone.now(), **values
    )
    if not claimed:
        current = Answer.objects.select_related("updated_by").get(pk=answer.pk)
        who = current.updated_by
        raise EditConflict(
            differences=[],
            by=(who.get_full_name() or who.get_username()) if who else "",
            at=current.updated_at,
            version=current.version,
        )


def _clean_urls(urls: list[str]) -> list[str]:
    cleaned: list[str] = []
    for raw in urls:
        url = raw.strip()
        if not url or url in cleaned:
            continue
        if not url.lower().startswith(("http://", "https://")):
            raise ValidationError(f"“{url}” ไม่ใช่ลิงก์ที่ขึ้นต้นด้วย http:// หรือ https://")
        if len(url) > 1000:
            raise ValidationError("ลิงก์ยาวเกิน ๑,๐๐๐ ตัวอักษร")
        cleaned.append(url)
    if len(cleaned) > MAX_LINKS:
        raise ValidationError(f"ใส่ลิงก์ได้ไม่เกิน {thai.thai_digits(MAX_LINKS)} ลิงก์ต่อข้อ")
    return cleaned


def _typed_urls(answer: Answer) -> list[str]:
    return list(answer.links.filter(generated=False).order_by("order", "pk").values_list("url", flat=True))


def _replace_links(answer: Answer, urls: list[str]) -> None:
    """Typed links follow the form; links the portal made stay; a link kept keeps its last check."""
    typed = {link.url: link for link in answer.links.filter(generated=False)}
    Link.objects.filter(pk__in=[link.pk for url, link in typed.items() if url not in urls]).delete()
    generated = set(answer.links.filter(generated=True).values_list("url", flat=True))
    for order, url in enumerate(urls):
        if url in generated:
            continue
        if url in typed:
            Link.objects.filter(pk=typed[url].pk).update(order=order)
        else:
            Link.objects.create(answer=answer, url=url, order=order)


def _snapshot(answer: Answer) -> dict[str, tuple[str, str]]:
    answer = Answer.objects.select_related("responsible").get(pk=answer.pk)
    values = {
        "status": answer.get_status_display(),
        "has_data": answer.get_has_data_display(),
        "explanation": answer.explanation,
        "requirement_note": answer.requirement_note,
        "due_date": thai.thai_date(answer.due_date),
        "responsible": (answer.responsible.get_full_name() or answer.responsible.get_username())
        if answer.responsible
        else "",
        "check_result": answer.get_check_result_display(),
        "check_comment": answer.check_comment,
    }
    labelled = {name: (str(Answer._meta.get_field(name).verbose_name), value) for name, value in values.items()}
    labelled["departments"] = ("ผู้รับผิดชอบ", ", ".join(d.name for d in answer.departments.order_by("order")))
    labelled["links"] = ("URL", "\n".join(answer.links.order_by("order", "pk").values_list("url", flat=True)))
    return labelled


def _record(answer: Answer, user: User, action: str, before: dict[str, tuple[str, str]]) -> None:
    after = _snapshot(answer)
    changes = [
        Change(name, label, before[name][1], value).as_dict()
        for name, (label, value) in after.items()
        if before[name][1] != value
    ]
    if changes:
        AnswerHistory.objects.create(answer=answer, action=action, changes=changes, user=user)
