"""The memo pages (reports.memos.views): who may open and post what, the seed-000 chain through the web,
stale tabs, the inbox badge, the final file and the public verification page."""

from __future__ import annotations

import hashlib
import re
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ita_portal import thai
from reports.memos import services
from reports.memos.context import inbox as inbox_context
from reports.models import ApprovalChain, Memo, MemoEvent, MemoStep
from reports.tasks import finalize_memo
from tests.reports.memo_support import as_request, new_memo

pytestmark = pytest.mark.django_db

ROLES = {
    "coordinator": "legal",
    "approver": "head",
    "staff": "office",
    "other_agency": "other_mayor",
    "anonymous": None,
}
READ = {"coordinator": 200, "approver": 200, "staff": 200, "other_agency": 404, "anonymous": 302}
MANAGE = {"coordinator": 200, "approver": 403, "staff": 403, "other_agency": 404, "anonymous": 302}
ANY_USER = {"coordinator": 200, "approver": 200, "staff": 200, "other_agency": 200, "anonymous": 302}
PUBLIC = dict.fromkeys(ROLES, 200)
FINAL_BYTES = b"%PDF-1.7\n% the final memo, as issued\n%%EOF\n"


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """A fresh preview cache, and a development signing key of the test's own (never var/signing/)."""
    cache.clear()
    settings.MEMO_SIGNING_KEY = ""
    settings.MEMO_SIGNING_CERT = ""
    settings.MEMO_SIGNING_KEY_PASSWORD = ""
    settings.MEMO_SIGNING_DIR = str(tmp_path / "signing")
    yield
    cache.clear()


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def who(users, role):
    key = ROLES[role]
    return users[key] if key else None


def form_data(agency, users, documents, **changes):
    """The memo form as the coordinator would post it, filled as memo_defaults fills it."""
    data = services.memo_defaults(agency=agency, user=users["legal"], documents=documents)
    post = {name: value for name, value in data.items() if name != "chain"}
    post["chain"] = data["chain"].pk
    post["documents"] = [d.pk for d in documents]
    post.update(changes)
    return post


def submitted(agency, users, document):
    return services.memo_submit(memo=new_memo(agency, users, document), request=as_request(users["legal"]))


def act_post(memo, decision, comment="", *, step=None, round=None):
    return {
        "act-step_order": step if step is not None else memo.current_step,
        "act-round": round if round is not None else memo.round,
        "act-decision": decision,
        "act-comment": comment,
    }


def return_post(memo, reason):
    return {"return-step_order": memo.current_step, "return-round": memo.round, "return-reason": reason}


def closed(agency, users, document, *, final=Memo.Final.DONE):
    """A memo through the whole chain, with a final file of known bytes (the real one is not rendered)."""
    with mock.patch.object(finalize_memo, "delay"):
        return _closed(agency, users, document, final)


def _closed(agency, users, document, final):
    memo = submitted(agency, users, document)
    for person, decision, comment in (("head", "comment", "เห็นควรเสนอ"), ("palad", "comment", "เห็นควรทราบ")):
        memo = services.memo_act(
            memo=memo,
            step_order=memo.current_step,
            request=as_request(users[person]),
            decision=decision,
            comment=comment,
        )
    memo = services.memo_act(
        memo=memo, step_order=memo.current_step, request=as_request(users["mayor"]), decision="acknowledge", comment=""
    )
    memo.refresh_from_db()
    if final == Memo.Final.DONE:
        memo.final_file.save("final.pdf", ContentFile(FINAL_BYTES), save=False)
        memo.final_sha256 = hashlib.sha256(FINAL_BYTES).hexdigest()
        memo.final_pages = 2
    memo.final = final
    memo.final_error = "สร้างฉบับสมบูรณ์ไม่สำเร็จ: ทดสอบ" if final == Memo.Final.FAILED else ""
    memo.save()
    return memo


def text(response) -> str:
    return response.content.decode()


# --- every URL × every role -----------------------------------------------------------------------


def get_urls(agency, draft, open_memo, done, chain):
    return {
        "memos": (reverse("reports:memos", args=[agency.pk]), READ),
        "memo_new": (reverse("reports:memo_new", args=[agency.pk]), MANAGE),
        "memo": (reverse("reports:memo", args=[open_memo.pk]), READ),
        "memo_edit": (reverse("reports:memo_edit", args=[draft.pk]), MANAGE),
        "memo_pdf": (reverse("reports:memo_pdf", args=[done.pk]), READ),
        "memo_final": (reverse("reports:memo_final", args=[done.pk]), READ),
        "inbox": (reverse("reports:inbox"), ANY_USER),
        "chains": (reverse("reports:chains", args=[agency.pk]), MANAGE),
        "chain_new": (reverse("reports:chain_new", args=[agency.pk]), MANAGE),
        "chain_edit": (reverse("reports:chain_edit", args=[chain.pk]), MANAGE),
        "memo_verify": (reverse("reports:memo_verify", args=[done.verify_token]), PUBLIC),
    }


@pytest.fixture
def states(thungpho):
    agency, users, document = thungpho
    return {
        "agency": agency,
        "draft": new_memo(agency, users, document),
        "open_memo": submitted(agency, users, document),
        "done": closed(agency, users, document),
        "chain": ApprovalChain.objects.get(agency=agency),
    }


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize(
    "view",
    [
        "memos",
        "memo_new",
        "memo",
        "memo_edit",
        "memo_pdf",
        "memo_final",
        "inbox",
        "chains",
        "chain_new",
        "chain_edit",
        "memo_verify",
    ],
)
def test_get_is_allowed_exactly_for_the_right_roles(thungpho, states, view, role):
    _, users, _ = thungpho
    url, expected = get_urls(**states)[view]
    response = client_for(who(users, role)).get(url)
    assert response.status_code == expected[role]
    if expected[role] == 302:
        assert response["Location"].startswith(reverse("login"))
    if expected[role] == 403:
        assert "ผู้ประสานงาน" in text(response)  # the Thai reason, on the Thai 403 page


POSTS = {
    # view: expected status per role when posting a well-formed request
    "memo_submit": {"coordinator": 302, "approver": 403, "staff": 403, "other_agency": 404, "anonymous": 302},
    "memo_act": {"coordinator": 403, "approver": 302, "staff": 403, "other_agency": 404, "anonymous": 302},
    "memo_return": {"coordinator": 403, "approver": 302, "staff": 403, "other_agency": 404, "anonymous": 302},
    "memo_final_retry": {"coordinator": 302, "approver": 403, "staff": 403, "other_agency": 404, "anonymous": 302},
}


@pytest.mark.parametrize("role", list(ROLES))
def test_only_the_coordinator_submits(thungpho, role):
    agency, users, document = thungpho
    memo = new_memo(agency, users, document)
    response = client_for(who(users, role)).post(reverse("reports:memo_submit", args=[memo.pk]))
    assert response.status_code == POSTS["memo_submit"][role]
    memo.refresh_from_db()
    assert memo.status == (Memo.Status.SUBMITTED if role == "coordinator" else Memo.Status.DRAFT)


@pytest.mark.parametrize("role", list(ROLES))
def test_only_the_current_approver_acts(thungpho, role):
    agency, users, document = thungpho
    memo = submitted(agency, users, document)
    response = client_for(who(users, role)).post(
        reverse("reports:memo_act", args=[memo.pk]), act_post(memo, "comment", "เห็นควรเสนอ")
    )
    assert response.status_code == POSTS["memo_act"][role]
    acted = MemoStep.objects.get(memo=memo, round=1, order=1).acted_at is not None
    assert acted == (role == "approver")
    assert MemoEvent.objects.filter(memo=memo, action="act").count() == (1 if role == "approver" else 0)


@pytest.mark.parametrize("role", list(ROLES))
def test_only_the_current_approver_returns(thungpho, role):
    agency, users, document = thungpho
    memo = submitted(agency, users, document)
    response = client_for(who(users, role)).post(
        reverse("reports:memo_return", args=[memo.pk]), return_post(memo, "แก้ข้อเท็จจริง")
    )
    assert response.status_code == POSTS["memo_return"][role]
    memo.refresh_from_db()
    assert memo.status == (Memo.Status.RETURNED if role == "approver" else Memo.Status.SUBMITTED)


@pytest.mark.parametrize("role", list(ROLES))
def test_only_the_coordinator_creates_a_memo(thungpho, role):
    agency, users, document = thungpho
    response = client_for(who(users, role)).post(
        reverse("reports:memo_new", args=[agency.pk]), form_data(agency, users, [document])
    )
    assert response.status_code == {**MANAGE, "coordinator": 302}[role]
    assert Memo.objects.count() == (1 if role == "coordinator" else 0)


@pytest.mark.parametrize("role", list(ROLES))
def test_only_the_coordinator_retries_the_final_file(thungpho, role, monkeypatch):
    agency, users, document = thungpho
    memo = closed(agency, users, document, final=Memo.Final.FAILED)
    queued = []
    monkeypatch.setattr("reports.tasks.finalize_memo.delay", lambda memo_id: queued.append(memo_id))
    response = client_for(who(users, role)).post(reverse("reports:memo_final_retry", args=[memo.pk]))
    assert response.status_code == POSTS["memo_final_retry"][role]
    memo.refresh_from_db()
    if role == "coordinator":
        assert queued == [memo.pk] and memo.final == Memo.Final.RENDERING and memo.final_error == ""
    else:
        assert queued == [] and memo.final == Memo.Final.FAILED


@pytest.mark.parametrize("view", ["memo_submit", "memo_act", "memo_return", "memo_final_retry"])
def test_state_changes_refuse_get(thungpho, view):
    agency, users, document = thungpho
    memo = submitted(agency, users, document)
    assert client_for(users["legal"]).get(reverse(f"reports:{view}", args=[memo.pk])).status_code == 405


@pytest.mark.parametrize("view", ["memos", "memo", "memo_pdf", "memo_final", "inbox", "chains"])
def test_read_only_views_refuse_post(thungpho, states, view):
    _, users, _ = thungpho
    url, _ = get_urls(**states)[view]
    assert client_for(users["legal"]).post(url).status_code == 405


def test_ids_of_another_agency_reveal_nothing(thungpho, states):
    _, users, _ = thungpho
    client = client_for(users["other_mayor"])
    for name, (url, _expected) in get_urls(**states).items():
        if name in ("inbox", "memo_verify"):
            continue
        response = client.get(url)
        assert response.status_code == 404, name
        assert states["done"].subject not in text(response)


# --- the seed-000 chain, through the pages --------------------------------------------------------


def test_the_seed_000_chain_runs_through_the_pages_with_one_return(thungpho):
    agency, users, document = thungpho
    legal, head, palad, mayor = (client_for(users[k]) for k in ("legal", "head", "palad", "mayor"))

    # The documents page proposes the finished document through a memo.
    new_url = reverse("reports:memo_new", args=[agency.pk]) + f"?documents={document.pk}"
    documents_page = text(legal.get(reverse("reports:documents", args=[agency.pk])))
    assert "เสนอผ่านบันทึกข้อความ" in documents_page and new_url in documents_page

    # The form is pre-filled as memo_defaults fills it, with the document ticked.
    form = text(legal.get(new_url))
    assert "ขอรายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน" in form
    assert "๑. เรื่องเดิม" in form and "๔. ข้อพิจารณา/เสนอแนะ" in form
    assert re.search(rf'value="{document.pk}"[^>]*checked', form)
    assert "สายการอนุมัติบันทึกข้อความ" in form and "นายบัญชา เพชรอนันต์" in form

    response = legal.post(reverse("reports:memo_new", args=[agency.pk]), form_data(agency, users, [document]))
    memo = Memo.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:memo", args=[memo.pk])
    assert list(memo.documents.all()) == [document]

    page = text(legal.get(reverse("reports:memo", args=[memo.pk])))
    assert "แก้ไข" in page and "เสนอ</button>" in page
    assert "บันทึกความเห็น/ลงนาม" not in page

    legal.post(reverse("reports:memo_submit", args=[memo.pk]))
    memo.refresh_from_db()
    assert memo.status == Memo.Status.SUBMITTED and memo.number_text == "นศ ๗๗๕๐๑/๑"

    def act(client, decision, comment=""):
        memo.refresh_from_db()
        response = client.post(reverse("reports:memo_act", args=[memo.pk]), act_post(memo, decision, comment))
        assert response.status_code == 302, text(response)

    # The head sees it in the inbox, comments; the palad returns it with a reason.
    assert memo.subject in text(head.get(reverse("reports:inbox")))
    page = text(head.get(reverse("reports:memo", args=[memo.pk])))
    assert "บันทึกความเห็น/ลงนาม" in page and "ส่งกลับให้แก้ไข</button>" in page
    assert 'value="comment"' in page and 'value="approve"' not in page  # only the step's own words
    act(head, "comment", "เห็นควรเสนอปลัดพิจารณา")
    memo.refresh_from_db()
    response = palad.post(reverse("reports:memo_return", args=[memo.pk]), return_post(memo, "ขอแก้ข้อเท็จจริงให้ครบ"))
    assert response.status_code == 302
    memo.refresh_from_db()
    assert memo.status == Memo.Status.RETURNED

    # The coordinator edits and resubmits: the same number, round 2.
    page = text(legal.get(reverse("reports:memo", args=[memo.pk])))
    assert "เสนอใหม่" in page and "ขอแก้ข้อเท็จจริงให้ครบ" in page
    edit_url = reverse("reports:memo_edit", args=[memo.pk])
    assert f'name="version" value="{memo.version}"' in text(legal.get(edit_url))
    response = legal.post(
        edit_url, form_data(agency, users, [document], facts="ข้อเท็จจริงที่แก้ไขครบแล้ว", version=memo.version)
    )
    assert response.status_code == 302
    legal.post(reverse("reports:memo_submit", args=[memo.pk]))
    memo.refresh_from_db()
    assert (memo.status, memo.round, memo.number_text, memo.facts) == (
        Memo.Status.SUBMITTED,
        2,
        "นศ ๗๗๕๐๑/๑",
        "ข้อเท็จจริงที่แก้ไขครบแล้ว",
    )

    act(head, "comment", "เห็นควรเสนอ (ครั้งที่สอง)")
    act(palad, "comment", "เห็นควรทราบ")
    mayor_page = text(mayor.get(reverse("reports:memo", args=[memo.pk])))
    assert 'value="acknowledge"' in mayor_page and "checked" in mayor_page  # the only word is pre-chosen
    act(mayor, "acknowledge")
    memo.refresh_from_db()
    assert memo.status == Memo.Status.APPROVED

    # The page shows both rounds: who did what when.
    page = text(client_for(users["office"]).get(reverse("reports:memo", args=[memo.pk])))
    assert "การเสนอครั้งที่ ๑" in page and "การเสนอครั้งที่ ๒" in page
    round_1, round_2 = page.split("การเสนอครั้งที่ ๒", 1)
    assert "ส่งกลับให้แก้ไข" in round_1 and "ขอแก้ข้อเท็จจริงให้ครบ" in round_1
    assert "สืบเอกประจบ เพชรฤทธิ์" in round_1 and "เห็นควรเสนอปลัดพิจารณา" in round_1
    assert "ไม่ได้พิจารณา (ส่งกลับก่อนถึงขั้นนี้)" in round_1  # the mayor's step of round 1
    for name in ("นายศิวะกานท์ ชูทอง", "สืบเอกประจบ เพชรฤทธิ์", "นายสุชาติ เกิดศิริ"):
        assert name in round_2
    assert "ทราบ" in round_2 and "เห็นควรเสนอ (ครั้งที่สอง)" in round_2
    mayor_step = MemoStep.objects.get(memo=memo, round=2, order=3)
    assert thai.thai_datetime(timezone.localtime(mayor_step.acted_at)) in round_2  # "๒๙ มีนาคม ๒๕๖๗ เวลา ๑๔.๐๕ น."
    # The audit trail: every action, by whom, from where.
    for label in ("สร้างร่าง", "เสนอ", "พิจารณา", "ส่งกลับให้แก้ไข", "แก้ไขร่าง", "เสนอใหม่หลังแก้ไข"):
        assert label in page
    assert "127.0.0.1" in page  # the IP of each web request (the test client's address)
    assert memo.events.filter(action="act").count() == 4


def test_the_documents_page_offers_memos_only_to_the_coordinator(thungpho):
    agency, users, _document = thungpho
    html = text(client_for(users["office"]).get(reverse("reports:documents", args=[agency.pk])))
    assert "เสนอผ่านบันทึกข้อความ" not in html
    assert reverse("reports:memos", args=[agency.pk]) in html


def test_the_list_shows_number_subject_status_and_the_waiting_step(thungpho):
    agency, users, document = thungpho
    draft = new_memo(agency, users, document, subject="ร่างเรื่องที่สอง")
    memo = submitted(agency, users, document)
    html = text(client_for(users["office"]).get(reverse("reports:memos", args=[agency.pk])))
    assert memo.number_text in html and "ร่างเรื่องที่สอง" in html
    assert "รอพิจารณา" in html and "ร่าง" in html
    assert "หัวหน้าสำนักปลัด อบต." in html  # the step memo waits at
    assert reverse("reports:memo", args=[draft.pk]) in html
    assert "สร้างบันทึกข้อความ" not in html  # staff read, the coordinator creates
    assert "สร้างบันทึกข้อความ" in text(client_for(users["legal"]).get(reverse("reports:memos", args=[agency.pk])))


def test_the_list_costs_the_same_queries_for_many_memos(thungpho, django_assert_max_num_queries):
    agency, users, document = thungpho
    for _ in range(6):
        submitted(agency, users, document)
    client = client_for(users["office"])
    url = reverse("reports:memos", args=[agency.pk])
    client.get(url)
    with django_assert_max_num_queries(12):
        client.get(url)


def test_a_form_error_is_shown_in_thai_and_keeps_the_input(thungpho):
    agency, users, document = thungpho
    response = client_for(users["legal"]).post(
        reverse("reports:memo_new", args=[agency.pk]), form_data(agency, users, [document], subject="", facts="ของฉัน")
    )
    assert response.status_code == 200
    assert "กรุณากรอกเรื่อง" in text(response) and "ของฉัน" in text(response)
    assert not Memo.objects.exists()


def test_submitting_without_an_attachment_says_why_in_thai(thungpho):
    agency, users, _ = thungpho
    memo = services.memo_create(
        agency=agency,
        request=as_request(users["legal"]),
        data=services.memo_defaults(agency=agency, user=users["legal"], documents=[]),
        documents=[],
    )
    response = client_for(users["legal"]).post(reverse("reports:memo_submit", args=[memo.pk]), follow=True)
    assert "กรุณาแนบเอกสารอย่างน้อยหนึ่งฉบับก่อนเสนอ" in text(response)
    memo.refresh_from_db()
    assert memo.status == Memo.Status.DRAFT


# --- stale tabs and refusals ----------------------------------------------------------------------


def test_a_wrong_user_posting_an_act_gets_403_and_nothing_is_recorded(thungpho):
    agency, users, document = thungpho
    memo = submitted(agency, users, document)
    response = client_for(users["mayor"]).post(
        reverse("reports:memo_act", args=[memo.pk]), act_post(memo, "comment", "x")
    )
    assert response.status_code == 403
    assert "ไม่ใช่ผู้พิจารณา" in text(response)
    assert not MemoEvent.objects.filter(memo=memo, action="act").exists()


def test_a_stale_tab_gets_the_thai_conflict_message_and_nothing_is_recorded_twice(thungpho):
    agency, users, document = thungpho
    memo = submitted(agency, users, document)
    head = client_for(users["head"])
    stale = act_post(memo, "comment", "ครั้งแรก")
    assert head.post(reverse("reports:memo_act", args=[memo.pk]), stale).status_code == 302
    response = head.post(reverse("reports:memo_act", args=[memo.pk]), {**stale, "act-comment": "ครั้งที่สอง"})
    assert response.status_code == 409
    assert "ขั้นนี้ไม่ใช่ขั้นที่รอพิจารณาอยู่ หรือมีการพิจารณาไปแล้ว" in text(response)
    assert MemoEvent.objects.filter(memo=memo, action="act").count() == 1
    assert MemoStep.objects.get(memo=memo, order=1).comment == "ครั้งแรก"
    # A return from the same stale tab is refused the same way.
    response = head.post(
        reverse("reports:memo_return", args=[memo.pk]), {**return_post(memo, "x"), "return-step_order": 1}
    )
    assert response.status_code == 409
    memo.refresh_from_db()
    assert memo.status == Memo.Status.SUBMITTED and memo.current_step == 2


def test_a_tab_of_an_earlier_round_cannot_act_on_the_resubmitted_text(thungpho):
    agency, users, document = thungpho
    memo = submitted(agency, users, document)
    old_round = act_post(memo, "comment", "อ่านฉบับเดิม")
    memo = services.memo_return(memo=memo, step_order=1, request=as_request(users["head"]), reason="แก้")
    memo = services.memo_submit(memo=memo, request=as_request(users["legal"]))
    assert (memo.round, memo.current_step) == (2, 1)
    response = client_for(users["head"]).post(reverse("reports:memo_act", args=[memo.pk]), old_round)
    assert response.status_code == 409
    assert "เสนอใหม่แล้ว" in text(response)
    assert MemoStep.objects.get(memo=memo, round=2, order=1).acted_at is None


def test_an_act_without_a_decision_or_a_required_comment_is_shown_on_the_form(thungpho):
    agency, users, document = thungpho
    memo = submitted(agency, users, document)
    head = client_for(users["head"])
    response = head.post(reverse("reports:memo_act", args=[memo.pk]), act_post(memo, "comment", "  "))
    assert response.status_code == 200 and "กรุณาระบุความเห็น" in text(response)
    response = head.post(reverse("reports:memo_act", args=[memo.pk]), act_post(memo, ""))
    assert response.status_code == 200 and "กรุณาเลือกคำวินิจฉัย" in text(response)
    response = head.post(reverse("reports:memo_act", args=[memo.pk]), act_post(memo, "approve"))
    assert response.status_code == 200 and "กรุณาเลือกคำวินิจฉัยที่กำหนดไว้สำหรับขั้นนี้" in text(response)
    response = head.post(reverse("reports:memo_return", args=[memo.pk]), return_post(memo, " "))
    assert response.status_code == 200 and "กรุณาระบุเหตุผลที่ส่งกลับ" in text(response)
    assert not MemoEvent.objects.filter(memo=memo, action__in=["act", "return"]).exists()


def test_the_comment_box_is_required_on_a_comment_only_step(thungpho):
    agency, users, document = thungpho
    memo = submitted(agency, users, document)
    html = text(client_for(users["head"]).get(reverse("reports:memo", args=[memo.pk])))
    assert re.search(r'<textarea name="act-comment"[^>]*required', html)


def test_editing_after_approval_is_refused_with_a_message(thungpho):
    agency, users, document = thungpho
    memo = closed(agency, users, document)
    legal = client_for(users["legal"])
    response = legal.get(reverse("reports:memo_edit", args=[memo.pk]), follow=True)
    assert "เสนอไปแล้ว แก้ไขไม่ได้" in text(response)
    response = legal.post(
        reverse("reports:memo_edit", args=[memo.pk]), form_data(agency, users, [document], version=memo.version)
    )
    assert response.status_code == 409 and "เสนอไปแล้ว แก้ไขไม่ได้" in text(response)
    assert "แก้ไข</a>" not in text(legal.get(reverse("reports:memo", args=[memo.pk])))
    response = legal.post(reverse("reports:memo_submit", args=[memo.pk]), follow=True)
    assert "เสนอไปแล้ว" in text(response)
    assert Memo.objects.get(pk=memo.pk).status == Memo.Status.APPROVED


def test_an_edit_conflict_keeps_what_the_user_typed(thungpho):
    agency, users, document = thungpho
    memo = new_memo(agency, users, document)
    old_version = memo.version
    services.memo_update(
        memo=memo,
        request=as_request(users["legal"]),
        data=services.memo_defaults(agency=agency, user=users["legal"], documents=[document]),
        documents=[document],
        expected_version=old_version,
    )
    legal = client_for(users["legal"])
    url = reverse("reports:memo_edit", args=[memo.pk])
    response = legal.post(url, form_data(agency, users, [document], facts="ข้อความที่ฉันพิมพ์", version=old_version))
    assert response.status_code == 409
    html = text(response)
    assert "มีผู้แก้ไขบันทึกข้อความนี้ก่อนหน้าคุณ" in html and "ข้อความที่ฉันพิมพ์" in html
    memo.refresh_from_db()
    assert f'name="version" value="{memo.version}"' in html  # saving again goes over the newer version
    response = legal.post(url, form_data(agency, users, [document], facts="ข้อความที่ฉันพิมพ์", version=memo.version))
    assert response.status_code == 302
    memo.refresh_from_db()
    assert memo.facts == "ข้อความที่ฉันพิมพ์"


# --- the inbox and its badge ----------------------------------------------------------------------


def test_the_inbox_lists_what_waits_for_the_user_with_the_step_and_since_when(thungpho):
    agency, users, document = thungpho
    memo = submitted(agency, users, document)
    html = text(client_for(users["head"]).get(reverse("reports:inbox")))
    assert memo.subject in html and memo.number_text in html and agency.full_name in html
    assert "ความเห็นของหัวหน้าสำนักปลัดองค์การบริหารส่วนตำบลทุ่งโพธิ์" in html
    assert "รอตั้งแต่" in html
    assert memo.subject not in text(client_for(users["palad"]).get(reverse("reports:inbox")))
    assert "ไม่มีบันทึกข้อความที่รอการพิจารณาของท่าน" in text(client_for(users["mayor"]).get(reverse("reports:inbox")))


def test_the_nav_shows_the_inbox_count(thungpho):
    agency, users, document = thungpho
    submitted(agency, users, document)
    submitted(agency, users, document)
    html = text(client_for(users["head"]).get(reverse("home")))
    assert re.search(r'รอพิจารณา <span class="count"[^>]*>๒</span>', html)
    html = text(client_for(users["mayor"]).get(reverse("home")))
    assert "รอพิจารณา" in html and 'class="count"' not in html


def test_the_inbox_badge_costs_one_query_and_nothing_for_visitors(thungpho, rf, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    agency, users, document = thungpho
    submitted(agency, users, document)
    request = rf.get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert inbox_context(request) == {}
    request.user = users["head"]
    with django_assert_num_queries(1):
        context = inbox_context(request)
        assert int(str(context["memo_inbox_count"])) == 1
        assert context["memo_inbox_count"]  # the second use does not count again
    request.user = users["office"]
    with django_assert_num_queries(0):
        inbox_context(request)  # not shown, not counted


# --- the PDF and the final file -------------------------------------------------------------------


def test_the_pdf_is_the_preview_inline_for_members(thungpho):
    agency, users, document = thungpho
    memo = submitted(agency, users, document)
    response = client_for(users["office"]).get(reverse("reports:memo_pdf", args=[memo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith('inline; filename="memo-')
    assert response["X-Frame-Options"] == "SAMEORIGIN"  # the memo page shows it in an <object>
    assert response.content.startswith(b"%PDF")


def test_the_memo_page_shows_the_pdf_inline_with_a_plain_link(thungpho):
    agency, users, document = thungpho
    memo = submitted(agency, users, document)
    html = text(client_for(users["head"]).get(reverse("reports:memo", args=[memo.pk])))
    pdf_url = reverse("reports:memo_pdf", args=[memo.pk])
    assert f'<object data="{pdf_url}#navpanes=0&amp;view=FitH,0" type="application/pdf"' in html
    assert f'href="{pdf_url}"' in html and "เปิด PDF บันทึกข้อความ" in html
    assert reverse("reports:document_download", args=[document.pk]) in html
    assert "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน" in html


def test_a_broken_preview_is_a_thai_page_not_a_500(thungpho, monkeypatch):
    agency, users, document = thungpho
    memo = submitted(agency, users, document)

    def broken(_memo):
        raise RuntimeError("renderer down")

    monkeypatch.setattr("reports.memos.final.memo_preview", broken)
    response = client_for(users["office"]).get(reverse("reports:memo_pdf", args=[memo.pk]))
    assert response.status_code == 503 and "ยังสร้างตัวอย่างบันทึกข้อความเป็น PDF ไม่ได้" in text(response)


def test_a_done_memo_serves_its_final_file_and_records_the_download(thungpho):
    agency, users, document = thungpho
    memo = closed(agency, users, document)
    client = client_for(users["office"])
    assert b"".join(client.get(reverse("reports:memo_pdf", args=[memo.pk])).streaming_content) == FINAL_BYTES
    assert not memo.events.filter(action="download").exists()  # reading inline is not a download
    response = client.get(reverse("reports:memo_final", args=[memo.pk]))
    assert response["Content-Disposition"].startswith('attachment; filename="memo-')
    assert b"".join(response.streaming_content) == FINAL_BYTES
    event = memo.events.get(action="download")
    assert event.user == users["office"] and event.detail == {"sha256": memo.final_sha256}
    html = text(client.get(reverse("reports:memo", args=[memo.pk])))
    assert memo.final_sha256 in html and "ดาวน์โหลดฉบับสมบูรณ์" in html
    assert reverse("reports:memo_verify", args=[memo.verify_token]) in html


def test_the_final_file_is_not_served_before_it_is_done(thungpho):
    agency, users, document = thungpho
    memo = closed(agency, users, document, final=Memo.Final.RENDERING)
    assert client_for(users["legal"]).get(reverse("reports:memo_final", args=[memo.pk])).status_code == 404


def test_a_rendering_final_file_polls_every_second_with_a_no_js_link(thungpho):
    agency, users, document = thungpho
    memo = closed(agency, users, document, final=Memo.Final.RENDERING)
    url = reverse("reports:memo", args=[memo.pk])
    client = client_for(users["office"])
    html = text(client.get(url))
    assert "กำลังสร้างฉบับสมบูรณ์" in html
    assert f'hx-get="{url}" hx-trigger="every 1s"' in html and "ตรวจสถานะอีกครั้ง" in html
    assert '<noscript><meta http-equiv="refresh"' in html
    fragment = text(client.get(url, headers={"HX-Request": "true", "HX-Target": "memo-final"}))
    assert fragment.lstrip().startswith('<section id="memo-final"') and "<html" not in fragment
    Memo.objects.filter(pk=memo.pk).update(final=Memo.Final.DONE, final_sha256="a" * 64)
    fragment = text(client.get(url, headers={"HX-Request": "true", "HX-Target": "memo-final"}))
    assert "hx-trigger" not in fragment and "a" * 64 in fragment


def test_a_failed_final_file_shows_the_error_and_retry_for_the_coordinator_only(thungpho):
    agency, users, document = thungpho
    memo = closed(agency, users, document, final=Memo.Final.FAILED)
    url = reverse("reports:memo", args=[memo.pk])
    coordinator = text(client_for(users["legal"]).get(url))
    assert "สร้างฉบับสมบูรณ์ไม่สำเร็จ: ทดสอบ" in coordinator and "ลองใหม่" in coordinator
    staff = text(client_for(users["office"]).get(url))
    assert "สร้างฉบับสมบูรณ์ไม่สำเร็จ: ทดสอบ" in staff and "ลองใหม่</button>" not in staff


def test_retry_renders_the_final_file_again(thungpho):
    """With the tasks inline, a retry renders, signs and stores the final file at once."""
    agency, users, document = thungpho
    memo = closed(agency, users, document, final=Memo.Final.FAILED)
    client_for(users["legal"]).post(reverse("reports:memo_final_retry", args=[memo.pk]))
    memo.refresh_from_db()
    assert memo.final == Memo.Final.DONE, memo.final_error
    with memo.final_file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == memo.final_sha256


def test_the_sweep_sends_again_a_final_file_whose_worker_died_and_leaves_fresh_ones(thungpho):
    """A worker killed as a whole leaves the final PDF "rendering"; every worker's sweep sends it again."""
    agency, users, document = thungpho
    abandoned = closed(agency, users, document, final=Memo.Final.RENDERING)
    fresh = closed(agency, users, document, final=Memo.Final.RENDERING)
    now = timezone.now()
    Memo.objects.filter(pk=abandoned.pk).update(final_queued_at=now - services.FINAL_STALE_AFTER * 2)
    Memo.objects.filter(pk=fresh.pk).update(final_queued_at=now)

    assert services.memo_final_sweep() == 1  # tasks run inline: rendered and signed here
    abandoned.refresh_from_db()
    fresh.refresh_from_db()
    assert abandoned.final == Memo.Final.DONE, abandoned.final_error
    assert fresh.final == Memo.Final.RENDERING
    assert services.memo_final_sweep() == 0


def test_a_retried_final_file_is_stale_from_its_retry_not_from_the_approval(thungpho):
    agency, users, document = thungpho
    memo = closed(agency, users, document, final=Memo.Final.RENDERING)
    long_ago = timezone.now() - services.FINAL_STALE_AFTER * 3
    Memo.objects.filter(pk=memo.pk).update(finished_at=long_ago, final_queued_at=timezone.now())
    memo.refresh_from_db()
    assert not services.memo_final_is_stale(memo)
    Memo.objects.filter(pk=memo.pk).update(final_queued_at=None)  # closed before the field existed
    memo.refresh_from_db()
    assert services.memo_final_is_stale(memo)


# --- the public verification page -----------------------------------------------------------------


def test_verification_is_public_and_shows_decisions_not_comments(thungpho):
    agency, users, document = thungpho
    memo = closed(agency, users, document)
    html = text(Client().get(reverse("reports:memo_verify", args=[memo.verify_token])))
    assert memo.number_text in html and memo.subject in html and agency.full_name in html
    for name in ("นายศิวะกานท์ ชูทอง", "สืบเอกประจบ เพชรฤทธิ์", "นายสุชาติ เกิดศิริ"):
        assert name in html
    assert "ทราบ" in html and memo.final_sha256 in html
    assert "เห็นควรเสนอ" not in html and "เห็นควรทราบ" not in html  # internal comments stay inside
    assert "203.0.113.7" not in html and "นายบัญชา" not in html  # no audit trail, no requester
    assert reverse("reports:document_download", args=[document.pk]) not in html


def test_verification_of_an_unknown_token_or_an_unfinished_memo_is_a_404(thungpho):
    import uuid

    agency, users, document = thungpho
    memo = submitted(agency, users, document)
    client = Client()
    assert client.get(reverse("reports:memo_verify", args=[uuid.uuid4()])).status_code == 404
    assert client.get(reverse("reports:memo_verify", args=[memo.verify_token])).status_code == 404


def upload(client, memo, content, name="memo.pdf"):
    file = ContentFile(content, name=name)
    return client.post(reverse("reports:memo_verify", args=[memo.verify_token]), {"file": file})


def test_an_upload_that_differs_from_the_final_file_is_reported_in_thai(thungpho):
    agency, users, document = thungpho
    memo = closed(agency, users, document)
    response = upload(Client(), memo, FINAL_BYTES + b"changed")
    assert response.status_code == 200
    assert "ไม่ตรงกัน" in text(response) and "ไม่ตรงกับฉบับสมบูรณ์ที่ระบบออกให้" in text(response)
    assert hashlib.sha256(FINAL_BYTES + b"changed").hexdigest() in text(response)


def test_an_upload_equal_to_the_final_file_matches(thungpho):
    """The stored bytes here carry no signature: the hash matches and the signature check says so."""
    agency, users, document = thungpho
    memo = closed(agency, users, document)
    html = text(upload(Client(), memo, FINAL_BYTES))
    assert "ตรงกัน:" in html and "ไฟล์ตรงกับที่ระบบออกให้" in html


def test_the_upload_needs_the_csrf_token(thungpho):
    agency, users, document = thungpho
    memo = closed(agency, users, document)
    response = upload(Client(enforce_csrf_checks=True), memo, FINAL_BYTES)
    assert response.status_code == 403


def test_an_upload_over_10_mb_is_refused_in_thai(thungpho):
    agency, users, document = thungpho
    memo = closed(agency, users, document)
    html = text(upload(Client(), memo, b"0" * (10 * 1024 * 1024 + 1)))
    assert "ไฟล์ใหญ่เกิน ๑๐ เมกะไบต์" in html and "ตรงกัน:" not in html


def test_an_upload_without_a_file_is_refused_in_thai(thungpho):
    agency, users, document = thungpho
    memo = closed(agency, users, document)
    html = text(Client().post(reverse("reports:memo_verify", args=[memo.verify_token]), {}))
    assert "กรุณาเลือกไฟล์" in html


def test_the_signed_final_file_verifies_with_a_valid_signature(thungpho):
    """Needs reports.memos.signing (pyHanko, development key): the real final file passes the whole check."""
    from reports.memos.final import memo_finalize

    agency, users, document = thungpho
    memo = closed(agency, users, document, final=Memo.Final.NONE)
    Memo.objects.filter(pk=memo.pk).update(final_sha256="", final_file="")
    memo = memo_finalize(memo.pk)
    assert memo is not None and memo.final == Memo.Final.DONE
    with memo.final_file.open("rb") as handle:
        content = handle.read()
    html = text(upload(Client(), memo, content))
    assert "ตรงกัน:" in html and "ลายมือชื่ออิเล็กทรอนิกส์ถูกต้อง" in html
    tampered = content.replace(b"/Producer", b"/Producex", 1) if b"/Producer" in content else content + b"\n%x"
    assert "ไม่ตรงกัน" in text(upload(Client(), memo, tampered))


# --- approval chains ------------------------------------------------------------------------------


def chain_post(steps, *, name="สายสั้น", initial=0, **extra):
    data = {
        "name": name,
        "steps-TOTAL_FORMS": str(len(steps)),
        "steps-INITIAL_FORMS": str(initial),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "20",
        **extra,
    }
    for index, step in enumerate(steps):
        for key, value in step.items():
            data[f"steps-{index}-{key}"] = value
    return data


def test_the_coordinator_creates_a_chain_with_ordered_steps(thungpho):
    agency, users, _ = thungpho
    steps = [
        {
            "ORDER": "2",
            "heading": "คำสั่งนายก",
            "position_title": "นายก อบต.",
            "user": users["mayor"].pk,
            "decisions": ["approve", "reject"],
        },
        {
            "ORDER": "1",
            "heading": "ความเห็นปลัด",
            "position_title": "ปลัด อบต.",
            "user": "",
            "decisions": ["comment"],
            "comment_required": "on",
        },
        {},  # the empty extra row is ignored
    ]
    response = client_for(users["legal"]).post(reverse("reports:chain_new", args=[agency.pk]), chain_post(steps))
    assert response.status_code == 302, text(response)
    chain = ApprovalChain.objects.get(agency=agency, name="สายสั้น")
    assert [(s.order, s.position_title, s.user_id, s.decisions, s.comment_required) for s in chain.steps.all()] == [
        (1, "ปลัด อบต.", None, ["comment"], True),
        (2, "นายก อบต.", users["mayor"].pk, ["approve", "reject"], False),
    ]


def test_a_step_without_position_or_decision_is_explained_in_thai(thungpho):
    agency, users, _ = thungpho
    steps = [{"heading": "ความเห็น", "position_title": "", "decisions": []}]
    response = client_for(users["legal"]).post(reverse("reports:chain_new", args=[agency.pk]), chain_post(steps))
    html = text(response)
    assert response.status_code == 200
    assert "กรุณาระบุตำแหน่ง" in html and "กรุณาเลือกคำวินิจฉัยอย่างน้อยหนึ่งคำ" in html
    assert not ApprovalChain.objects.filter(name="สายสั้น").exists()


def test_a_person_of_another_agency_cannot_be_chosen(thungpho):
    agency, users, _ = thungpho
    steps = [{"position_title": "นายก", "user": users["other_mayor"].pk, "decisions": ["approve"]}]
    response = client_for(users["legal"]).post(reverse("reports:chain_new", args=[agency.pk]), chain_post(steps))
    assert "ผู้พิจารณาต้องเป็นผู้บริหารของหน่วยงานนี้" in text(response)


def test_add_step_works_without_javascript_and_keeps_the_input(thungpho):
    agency, users, _ = thungpho
    steps = [{"position_title": "ปลัด อบต.", "decisions": ["comment"]}]
    response = client_for(users["legal"]).post(
        reverse("reports:chain_new", args=[agency.pk]), chain_post(steps, add_step="1")
    )
    html = text(response)
    assert response.status_code == 200
    assert 'name="steps-TOTAL_FORMS" value="2"' in html and 'name="steps-1-position_title"' in html
    assert 'value="ปลัด อบต."' in html
    assert not ApprovalChain.objects.filter(name="สายสั้น").exists()


def test_editing_the_seed_chain_keeps_unchanged_steps_and_deletes_marked_ones(thungpho):
    agency, users, _ = thungpho
    chain = ApprovalChain.objects.get(agency=agency)
    legal = client_for(users["legal"])
    html = text(legal.get(reverse("reports:chain_edit", args=[chain.pk])))
    assert 'value="หัวหน้าสำนักปลัด อบต."' in html and "ทุกคนที่ดำรงตำแหน่งนี้" in html
    steps = [
        {
            "ORDER": str(s.order),
            "heading": s.heading,
            "position_title": s.position_title,
            "user": s.user_id or "",
            "decisions": s.decisions,
        }
        for s in chain.steps.all()
    ]
    steps[0]["DELETE"] = "on"
    response = legal.post(
        reverse("reports:chain_edit", args=[chain.pk]), chain_post(steps, name=chain.name, initial=len(steps))
    )
    assert response.status_code == 302, text(response)
    assert list(chain.steps.values_list("order", "position_title")) == [
        (1, "ปลัดองค์การบริหารส่วนตำบลทุ่งโพธิ์"),
        (2, "นายกองค์การบริหารส่วนตำบลทุ่งโพธิ์"),
    ]


def test_a_chain_name_already_used_by_the_agency_is_explained_in_thai(thungpho):
    agency, users, _ = thungpho
    steps = [{"position_title": "นายก", "decisions": ["approve"]}]
    response = client_for(users["legal"]).post(
        reverse("reports:chain_new", args=[agency.pk]), chain_post(steps, name="สายการอนุมัติบันทึกข้อความ")
    )
    assert response.status_code == 200 and "หน่วยงานมีสายการอนุมัติชื่อนี้แล้ว" in text(response)
    assert ApprovalChain.objects.filter(agency=agency).count() == 1
