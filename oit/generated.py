"""Links the portal makes itself: its approved documents, on the O-items they are evidence for.

Which item is "the measures item" or "the analysis item" of a year comes from the crosswalk's
concepts (O43 in 2564–2566, O35 in 2567, O26 in 2568–2569; the analysis item O25 from 2569),
never from a code written here. Each link is the document's public URL (the published OIT
page's download, valid for that signed version) and is marked "สร้างจากระบบ".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from assessments.crosswalk import crosswalk
from oit.models import Link, Workspace
from reports.models import Memo

DIGEST_LENGTH = 16  # characters of the final PDF's SHA-256 in its public URL


@dataclass(frozen=True)
class Evidence:
    concept: str  # the crosswalk's concept column
    kind: str  # GeneratedDocument.kind
    years_before: int  # the document's fiscal year, counted back from the assessment year
    round: int | None = None


EVIDENCE = [
    # ITA 2567's O35 was answered with FY 2566's 12-month report (seed 000): last fiscal year's.
    Evidence("การดำเนินการตามมาตรการ/เพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", "progress", 1, 12),
    Evidence("มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", "plan", 0),
    Evidence("การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร (การวิเคราะห์ผล)", "analysis", 1),
]


def public_document_path(workspace: Workspace, memo: Memo) -> str:
    """The signed memo's public download, stable for this version (the digest changes with the file)."""
    return reverse("oit:public_document", args=[workspace.public_token, memo.pk, memo.final_sha256[:DIGEST_LENGTH]])


def public_document_url(workspace: Workspace, memo: Memo) -> str:
    return settings.SITE_URL.rstrip("/") + public_document_path(workspace, memo)


def approved_memos(workspace: Workspace, evidence: Evidence):
    year = workspace.fiscal_year - evidence.years_before
    documents = {"documents__kind": evidence.kind, "documents__fiscal_year": year}
    if evidence.round:
        documents["documents__round"] = evidence.round
    return (
        Memo.objects.filter(agency=workspace.agency, status=Memo.Status.APPROVED, final=Memo.Final.DONE, **documents)
        .exclude(final_sha256="")
        .distinct()
        .order_by("pk")
    )


@transaction.atomic
def workspace_link_documents(*, workspace: Workspace) -> int:
    """Put every approved document's link on its item (once); returns how many links were added.

    A system action, not a person's: it runs when a workspace opens and when a memo's signed PDF
    is done, and only adds links the portal itself vouches for.
    """
    added = 0
    table = crosswalk()
    answers = {a.item.code: a for a in workspace.answers.select_related("item")}
    for evidence in EVIDENCE:
        code = table.concept_code(evidence.concept, workspace.framework.year)
        answer = answers.get(code or "")
        if answer is None:
            continue
        for memo in approved_memos(workspace, evidence):
            url = public_document_url(workspace, memo)
            _, created = Link.objects.get_or_create(
                answer=answer, url=url, defaults={"generated": True, "order": 100 + memo.pk}
            )
            added += int(created)
    return added


def agency_link_documents(agency_id: int) -> int:
    """After a memo of the agency is signed: every workspace of the agency gets its new links."""
    return sum(
        workspace_link_documents(workspace=w)
        for w in Workspace.objects.filter(agency_id=agency_id).select_related("agency", "framework")
    )
