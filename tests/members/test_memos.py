"""Members and memos: a deactivated approver cannot act on their step; a title change leaves earlier memos alone."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from assessments.models import Membership
from members import services as members
from members.selectors import position_title_on
from reports.memos import services
from reports.memos.final import memo_snapshot
from reports.memos.selectors import inbox_for_user
from reports.models import MemoStep
from tests.reports.memo_support import as_request, new_memo

pytestmark = pytest.mark.django_db


def _membership(agency, user) -> Membership:
    return Membership.objects.get(agency=agency, user=user)


def test_a_deactivated_approver_cannot_act_on_the_step_assigned_to_them(thungpho, client):
    agency, users, document = thungpho
    memo = services.memo_submit(memo=new_memo(agency, users, document), request=as_request(users["legal"]))
    head = users["head"]
    client.force_login(head)  # a session opened before the deactivation
    assert list(inbox_for_user(head)) == [memo]
    # head also belongs to another agency, so their login survives and only this agency's rights go
    Membership.objects.create(user=head, agency=users["other_mayor"].memberships.get().agency, role="staff")
    members.member_deactivate(membership=_membership(agency, head), by=users["legal"])
    head.refresh_from_db()
    assert head.is_active
    assert not inbox_for_user(head).exists()
    step = MemoStep.objects.get(memo=memo, order=1, round=memo.round)
    assert not services.can_act(head, step)
    with pytest.raises(PermissionDenied):
        services.memo_act(memo=memo, step_order=1, request=as_request(head), decision="comment", comment="ยังทำได้?")
    response = client.post(
        reverse("reports:memo_act", args=[memo.pk]),
        {"act-step_order": 1, "act-round": memo.round, "act-decision": "comment", "act-comment": "ยังทำได้?"},
    )
    assert response.status_code == 404  # the agency's memos are out of sight now
    step.refresh_from_db()
    assert step.acted_at is None
    assert client.get(reverse("reports:memo", args=[memo.pk])).status_code == 404


def test_history_keeps_the_name_of_a_member_deactivated_later(thungpho, client):
    agency, users, document = thungpho
    memo = services.memo_submit(memo=new_memo(agency, users, document), request=as_request(users["legal"]))
    memo = services.memo_act(
        memo=memo, step_order=1, request=as_request(users["head"]), decision="comment", comment="เห็นควรเสนอ"
    )
    members.member_deactivate(membership=_membership(agency, users["head"]), by=users["legal"])
    client.force_login(users["legal"])
    body = client.get(reverse("reports:memo", args=[memo.pk])).content.decode()
    assert users["head"].get_full_name() in body and "เห็นควรเสนอ" in body


def test_a_memo_approved_before_a_title_change_keeps_the_old_titles(thungpho, time_machine):
    agency, users, document = thungpho
    time_machine.move_to(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC))
    memo = services.memo_submit(memo=new_memo(agency, users, document), request=as_request(users["legal"]))
    for who, decision in (("head", "comment"), ("palad", "comment"), ("mayor", "acknowledge")):
        memo = services.memo_act(
            memo=memo, step_order=memo.current_step, request=as_request(users[who]), decision=decision, comment="ทราบ"
        )
    before = memo_snapshot(memo)
    old_requester = before["requester"]["position"]
    old_head = _membership(agency, users["head"]).position_title
    assert old_requester == "นิติกรชำนาญการ" and old_head in [s["position"] for s in before["steps"]]

    time_machine.move_to(datetime.datetime(2026, 4, 1, 9, tzinfo=datetime.UTC))
    for who, title in (("legal", "นิติกรชำนาญการพิเศษ"), ("head", "หัวหน้าสำนักปลัด (นักบริหารงานทั่วไป ระดับกลาง)")):
        membership = _membership(agency, users[who])
        members.member_update(
            membership=membership, role=membership.role, department=membership.department, position_title=title,
            by=users["legal"],
        )  # fmt: skip

    memo.refresh_from_db()
    after = memo_snapshot(memo)
    assert after["requester"] == before["requester"] and after["steps"] == before["steps"]
    head = _membership(agency, users["head"])
    assert position_title_on(head, memo.memo_date) == old_head
    assert position_title_on(head, datetime.date(2026, 4, 1)).startswith("หัวหน้าสำนักปลัด (")
    # a memo drafted after the change takes the new title
    data = services.memo_defaults(agency=agency, user=users["legal"], documents=[document])
    assert data["requester_position"] == "นิติกรชำนาญการพิเศษ"
