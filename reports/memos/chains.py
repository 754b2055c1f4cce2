"""Approval chains: the coordinator sets who acts on the agency's memos, in which order, with which words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from assessments.models import Agency, Membership
from ita_portal import thai
from reports.memos.services import Request, require_coordinator
from reports.models import ApprovalChain, ApprovalChainStep

Decision = ApprovalChainStep.Decision


@dataclass(frozen=True)
class StepData:
    heading: str
    position_title: str
    user: AbstractBaseUser | None
    decisions: list[str]
    comment_required: bool


def chain_save(
    *,
    agency: Agency,
    request: Request,
    name: str,
    steps: list[StepData],
    chain: ApprovalChain | None = None,
    remind_after_days: int | None = None,
):
    """Create or replace an agency's approval chain (ordered steps); memos already submitted keep their copy.

    A step's person must be an approver of the agency; without one, any approver holding the position acts.
    """
    require_coordinator(request.user, agency)
    if not steps:
        raise ValidationError("สายการอนุมัติต้องมีอย่างน้อยหนึ่งขั้น")
    known = set(ApprovalChainStep.Decision.values)
    for number, step in enumerate(steps, start=1):
        label = f"ขั้นที่ {thai.thai_digits(number)}"
        if not step.position_title.strip():
            raise ValidationError(f"{label}: กรุณาระบุตำแหน่ง")
        if not step.decisions or not set(step.decisions) <= known:
            raise ValidationError(f"{label}: กรุณาเลือกคำวินิจฉัยอย่างน้อยหนึ่งคำ")
        if (
            step.user is not None
            and not Membership.objects.filter(
                user=step.user,
                agency=agency,
                is_active=True,
                role__in=[Membership.Role.APPROVER, Membership.Role.COORDINATOR],
            ).exists()
        ):
            raise ValidationError(f"{label}: ผู้พิจารณาต้องเป็นผู้บริหารของหน่วยงานนี้")
    with transaction.atomic():
        if chain is None:
            chain = ApprovalChain(agency=agency, is_default=not agency.approval_chains.exists())
        elif chain.agency_id != agency.pk:
            raise PermissionDenied("สายการอนุมัตินี้ไม่ใช่ของหน่วยงานนี้")
        chain.name = name.strip() or "สายการอนุมัติบันทึกข้อความ"
        if remind_after_days is not None:
            chain.remind_after_days = remind_after_days
        chain.full_clean()
        chain.save()
        chain.steps.all().delete()
        ApprovalChainStep.objects.bulk_create(
            ApprovalChainStep(
                chain=chain,
                order=number,
                heading=step.heading.strip(),
                position_title=step.position_title.strip(),
                user=step.user,
                decisions=list(step.decisions),
                comment_required=step.comment_required,
            )
            for number, step in enumerate(steps, start=1)
        )
    return chain


def suggested_steps(agency: Agency) -> list[dict[str, Any]]:
    """A new chain's first draft, by agency type (assessments.titles): the head of the clerk's office,
    the clerk, then the head's order; each names the active approver holding that position, if one does."""
    from assessments.titles import clerk_title, head_title, office_head_title

    holders = dict(
        Membership.objects.filter(agency=agency, role=Membership.Role.APPROVER, is_active=True)
        .order_by("pk")
        .values_list("position_title", "user")
    )
    office_head, clerk, head = office_head_title(agency), clerk_title(agency), head_title(agency)
    steps = [
        (f"ความเห็นของ{office_head}", office_head, [Decision.COMMENT, Decision.AGREE]),
        (f"ความเห็นของ{clerk}", clerk, [Decision.COMMENT, Decision.AGREE]),
        (f"คำสั่ง{head}", head, [Decision.APPROVE, Decision.REJECT, Decision.ACKNOWLEDGE]),
    ]
    return [
        {
            "heading": heading,
            "position_title": position,
            "user": holders.get(position),
            "decisions": [str(d) for d in decisions],
            "comment_required": False,
            "ORDER": order,
        }
        for order, (heading, position, decisions) in enumerate(steps, start=1)
    ]
