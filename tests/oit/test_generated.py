"""The portal's own approved documents are linked on the items they are evidence for, found through the crosswalk."""

import pytest

from oit.generated import public_document_url, workspace_link_documents
from oit.models import Link
from oit.services import workspace_open
from reports.models import ApprovalChain, GeneratedDocument, Memo
from tests.factories import AgencyFactory, MembershipFactory

DIGEST = "ab" * 32


@pytest.fixture
def coordinator(catalogue):
    return MembershipFactory(role="coordinator", agency=AgencyFactory(name="หลักฐานทดลอง")).user


def approved_memo(agency, user, *, kind, fiscal_year, round=None, sha=DIGEST, status=Memo.Status.APPROVED):
    chain = ApprovalChain.objects.get_or_create(agency=agency, name="สายทดลอง")[0]
    document = GeneratedDocument.objects.create(
        agency=agency, kind=kind, fiscal_year=fiscal_year, round=round, version=1, status="done"
    )
    memo = Memo.objects.create(
        agency=agency,
        chain=chain,
        division="สำนักปลัด",
        subject="รายงาน",
        to="นายก",
        requester=user,
        requester_name="ผู้เสนอ",
        requester_position="นิติกร",
        status=status,
        final=Memo.Final.DONE,
        final_sha256=sha,
    )
    memo.documents.add(document)
    return memo


def test_the_2569_workspace_links_last_years_12_month_report_on_o26_and_last_years_analysis_on_o25(coordinator):
    agency = coordinator.memberships.get().agency
    report = approved_memo(agency, coordinator, kind="progress", fiscal_year=2568, round=12)
    analysis = approved_memo(agency, coordinator, kind="analysis", fiscal_year=2568, sha="cd" * 32)
    approved_memo(agency, coordinator, kind="progress", fiscal_year=2568, round=6, sha="ef" * 32)  # not the 12-month
    approved_memo(agency, coordinator, kind="analysis", fiscal_year=2568, sha="01" * 32, status=Memo.Status.RETURNED)

    workspace = workspace_open(agency=agency, fiscal_year=2569, user=coordinator)  # links on opening

    links = {
        (link.answer.item.code, link.url) for link in Link.objects.filter(generated=True).select_related("answer__item")
    }
    assert links == {
        ("O26", public_document_url(workspace, report)),
        ("O25", public_document_url(workspace, analysis)),
    }
    assert public_document_url(workspace, report).endswith(f"/documents/{report.pk}/{DIGEST[:16]}.pdf")
    assert workspace_link_documents(workspace=workspace) == 0  # once only


def test_in_2567_the_measures_item_is_o35_and_in_2566_o43(coordinator):
    agency = coordinator.memberships.get().agency
    approved_memo(agency, coordinator, kind="progress", fiscal_year=2566, round=12)
    approved_memo(agency, coordinator, kind="progress", fiscal_year=2565, round=12, sha="cd" * 32)

    for year, code in ((2567, "O35"), (2566, "O43")):
        workspace = workspace_open(agency=agency, fiscal_year=year, user=coordinator)
        assert list(Link.objects.filter(answer__workspace=workspace).values_list("answer__item__code", flat=True)) == [
            code
        ]
