"""Reads of OIT workspaces, scoped to the user's agencies; another agency's workspace is a 404."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from assessments.models import Agency
from assessments.selectors import User, agencies_for_user
from oit.generated import EVIDENCE
from oit.models import Answer, AnswerEvidence, AnswerHistory, Link, Workspace
from reports.models import Memo


def workspaces_for_user(user: User) -> QuerySet[Workspace]:
    return Workspace.objects.filter(agency__in=agencies_for_user(user)).select_related("agency", "framework")


def get_workspace_for_user(user: User, *, agency_id: int, fiscal_year: int) -> Workspace:
    workspace = workspaces_for_user(user).filter(agency_id=agency_id, fiscal_year=fiscal_year).first()
    if workspace is None:
        raise Http404("ไม่พบพื้นที่ทำงาน OIT")
    return workspace


def get_answer_for_user(user: User, pk: int) -> Answer:
    answer = (
        Answer.objects.filter(pk=pk, workspace__agency__in=agencies_for_user(user))
        .select_related("workspace__agency", "workspace__framework", "item__indicator", "item__sub_indicator")
        .first()
    )
    if answer is None:
        raise Http404("ไม่พบข้อ OIT")
    return answer


def workspace_answers(workspace: Workspace) -> QuerySet[Answer]:
    """Every answer of the workspace with what the table shows, in a fixed number of queries."""
    return (
        workspace.answers.select_related("item__indicator", "item__sub_indicator", "responsible")
        .prefetch_related("departments", Prefetch("links", queryset=Link.objects.order_by("order", "pk")))
        .order_by("item__order")
    )


def answer_history(answer: Answer) -> QuerySet[AnswerHistory]:
    return answer.history.select_related("user")


def get_answer_evidence_for_user(user: User, pk: int) -> AnswerEvidence:
    """An evidence file of an answer, if the user may see its agency; 404 otherwise."""
    evidence = (
        AnswerEvidence.objects.filter(pk=pk, answer__workspace__agency__in=agencies_for_user(user))
        .select_related("answer__workspace")
        .first()
    )
    if evidence is None:
        raise Http404("ไม่พบหลักฐาน")
    return evidence


def agency_members(agency: Agency) -> QuerySet[AbstractBaseUser]:
    """People who may be made responsible for an answer: the agency's own members (no overseer)."""
    return (
        get_user_model()
        .objects.filter(memberships__agency=agency, memberships__is_active=True, is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def published_memos(workspace: Workspace) -> QuerySet[Memo]:
    """The agency's memos of the workspace's year that went through their chain and have a final signed PDF.

    A memo belongs to the year through the documents it carries: any document of that fiscal year, and
    the earlier documents the year's items are answered with (oit.generated.EVIDENCE: last fiscal year's
    12-month report, last year's analysis), so that every link the portal puts on an item is served here.
    """
    year = workspace.fiscal_year
    of_year = Q(documents__fiscal_year=year)
    for evidence in EVIDENCE:
        earlier = Q(documents__kind=evidence.kind, documents__fiscal_year=year - evidence.years_before)
        if evidence.round:
            earlier &= Q(documents__round=evidence.round)
        of_year |= earlier
    return (
        Memo.objects.filter(agency=workspace.agency, status=Memo.Status.APPROVED, final=Memo.Final.DONE)
        .exclude(final_file="")
        .exclude(final_sha256="")
        .filter(of_year)
        .select_related("agency")
        .distinct()
        .order_by("finished_at", "pk")
    )
