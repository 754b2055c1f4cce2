"""Decision words (reports.memos.decisions): chosen from a list or typed, stored on the step, printed and verified;
and the submitter's comment on submitting or resubmitting."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from reports.memos import services
from reports.memos.final import memo_snapshot
from reports.models import ApprovalChainStep, MemoEvent, MemoStep
from reports.tasks import finalize_memo
from tests.reports.memo_support import as_request, new_memo

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_mayor(thungpho):
    """A memo waiting for the mayor, whose step offers อนุมัติ / ไม่อนุมัติ / ทราบ."""
    agency, users, document = thungpho
    ApprovalChainStep.objects.filter(chain__agency=agency, order=3).update(
        decisions=["approve", "reject", "acknowledge"]
    )
    memo = services.memo_submit(memo=new_memo(agency, users, document), request=as_request(users["legal"]))
    for who in ("head", "palad"):
        memo = services.memo_act(
            memo=memo, step_order=memo.current_step, request=as_request(users[who]), decision="comment", comment="ok"
        )
    return memo, users


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post_act(client, memo, decision, **fields):
    data = {"act-step_order": 3, "act-round": memo.round, "act-decision": decision, "act-comment": ""}
    data |= {f"act-{name}": value for name, value in fields.items()}
    with mock.patch.object(finalize_memo, "delay"):
        return client.post(reverse("reports:memo_act", args=[memo.pk]), data)


def test_the_step_form_offers_the_words_of_its_decisions(at_mayor):
    memo, users = at_mayor
    html = client_for(users["mayor"]).get(reverse("reports:memo", args=[memo.pk])).content.decode()
    assert '<optgroup label="อนุมัติ">' in html and "อนุมัติตามเสนอ" in html
    assert "ส่งคืนเพื่อแก้ไข" in html and "หรือพิมพ์ถ้อยคำเอง" in html
    assert "เห็นชอบตามเสนอ" not in html  # not a decision of this step


def test_chosen_words_are_stored_printed_and_shown_on_the_verification_page(at_mayor):
    memo, users = at_mayor
    assert post_act(client_for(users["mayor"]), memo, "approve", words="อนุมัติตามเสนอ").status_code == 302
    step = MemoStep.objects.get(memo=memo, order=3)
    assert (step.decision, step.decision_text) == ("approve", "อนุมัติตามเสนอ")
    assert MemoEvent.objects.get(memo=memo, step=3).detail["decision_text"] == "อนุมัติตามเสนอ"
    memo.refresh_from_db()
    assert memo_snapshot(memo)["final_decision"] == "อนุมัติตามเสนอ"
    html = Client().get(reverse("reports:memo_verify", args=[memo.verify_token])).content.decode()
    assert "อนุมัติตามเสนอ" in html


def test_typed_words_win_and_keep_the_decision_word_in_the_last_block(at_mayor):
    memo, users = at_mayor
    post_act(client_for(users["mayor"]), memo, "approve", words="อนุมัติ", decision_text="ให้ดำเนินการและรายงานผล")
    step = MemoStep.objects.get(memo=memo, order=3)
    assert step.decision_text == "ให้ดำเนินการและรายงานผล"
    memo.refresh_from_db()
    assert memo_snapshot(memo)["final_decision"] == "อนุมัติ ให้ดำเนินการและรายงานผล"
    html = Client().get(reverse("reports:memo_verify", args=[memo.verify_token])).content.decode()
    assert "ให้ดำเนินการและรายงานผล" in html


def test_words_of_another_decision_or_contradicting_it_are_refused_in_thai(at_mayor):
    memo, users = at_mayor
    client = client_for(users["mayor"])
    response = post_act(client, memo, "reject", words="อนุมัติตามเสนอ")
    assert response.status_code == 200 and "ไม่ใช่ถ้อยคำของคำวินิจฉัย" in response.content.decode()
    response = post_act(client, memo, "approve", decision_text="ไม่อนุมัติ เพราะงบประมาณไม่พอ")
    assert "ขัดกับคำวินิจฉัย" in response.content.decode()
    response = post_act(client, memo, "approve", decision_text="ก" * 201)
    assert response.status_code == 200 and "ยาวได้ไม่เกิน 200 ตัวอักษร" in response.content.decode()
    response = post_act(client, memo, "approve", words="คำที่ไม่มีในรายการ")
    assert "กรุณาเลือกถ้อยคำจากรายการ" in response.content.decode()
    assert MemoStep.objects.get(memo=memo, order=3).acted_at is None


def test_the_service_refuses_contradicting_words(at_mayor):
    memo, users = at_mayor
    with pytest.raises(ValidationError):
        services.memo_act(
            memo=memo,
            step_order=3,
            request=as_request(users["mayor"]),
            decision="reject",
            comment="",
            decision_text="อนุมัติ",
        )


def test_a_return_keeps_its_words(at_mayor):
    memo, users = at_mayor
    response = client_for(users["mayor"]).post(
        reverse("reports:memo_return", args=[memo.pk]),
        {"return-step_order": 3, "return-round": 1, "return-words": "ส่งคืนเพื่อทบทวน", "return-reason": "ตัวเลขไม่ตรง"},
    )
    assert response.status_code == 302
    step = MemoStep.objects.get(memo=memo, order=3)
    assert step.returned and step.decision_text == "ส่งคืนเพื่อทบทวน" and step.decision_words == "ส่งคืนเพื่อทบทวน"
    assert MemoEvent.objects.get(memo=memo, action="return").detail["decision_text"] == "ส่งคืนเพื่อทบทวน"


# --- the submitter's comment ------------------------------------------------------------------------


def test_the_submit_and_resubmit_comments_are_kept_and_shown_in_the_history(thungpho):
    agency, users, document = thungpho
    memo = new_memo(agency, users, document)
    client = client_for(users["legal"])
    url = reverse("reports:memo_submit", args=[memo.pk])
    assert client.post(url, {"comment": "เร่งด่วน ขอเสนอภายในวันนี้"}).status_code == 302
    assert MemoEvent.objects.get(memo=memo, action="submit").detail["comment"] == "เร่งด่วน ขอเสนอภายในวันนี้"
    memo.refresh_from_db()
    services.memo_return(memo=memo, step_order=1, request=as_request(users["head"]), reason="แก้ตัวเลข")
    assert client.post(url, {"comment": "แก้ตัวเลขในข้อ ๒ แล้ว"}).status_code == 302
    assert MemoEvent.objects.get(memo=memo, action="resubmit").detail["comment"] == "แก้ตัวเลขในข้อ ๒ แล้ว"
    html = client.get(reverse("reports:memo", args=[memo.pk])).content.decode()
    assert "เร่งด่วน ขอเสนอภายในวันนี้" in html and "แก้ตัวเลขในข้อ ๒ แล้ว" in html


def test_a_submit_comment_over_1000_characters_is_refused_in_thai(thungpho):
    agency, users, document = thungpho
    memo = new_memo(agency, users, document)
    response = client_for(users["legal"]).post(reverse("reports:memo_submit", args=[memo.pk]), {"comment": "ก" * 1001})
    assert response.status_code == 400
    assert "ไม่เกิน" in response.content.decode()
    memo.refresh_from_db()
    assert memo.status == "draft"
    with pytest.raises(ValidationError):
        services.memo_submit(memo=memo, request=as_request(users["legal"]), comment="ข" * 1001)
