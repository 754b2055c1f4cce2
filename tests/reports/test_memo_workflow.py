"""The memo workflow (reports.memos.services): numbering, the chain in order, returns, refusals, the audit trail."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from reports.memos import services, verify
from reports.memos.selectors import inbox_for_user
from reports.models import Memo, MemoEvent, MemoStep
from tests.reports.memo_support import as_request, new_memo

pytestmark = pytest.mark.django_db


def act(memo, users, who, decision, comment=""):
    return services.memo_act(
        memo=memo, step_order=memo.current_step, request=as_request(users[who]), decision=decision, comment=comment
    )


def test_defaults_follow_seed_000(thungpho):
    agency, users, document = thungpho
    data = services.memo_defaults(agency=agency, user=users["legal"], documents=[document])
    assert data["division"] == "สำนักปลัด องค์การบริหารส่วนตำบลทุ่งโพธิ์"
    assert data["phone"] == "๐-๗๕๓๕-๕๖๓๑"
    assert data["to"] == "นายกองค์การบริหารส่วนตำบลทุ่งโพธิ์"
    assert data["subject"].startswith("ขอรายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน")
    assert "พ.ศ. ๒๕๖๖" in data["subject"] and "(รอบ ๑๒ เดือน)" in data["subject"]
    assert (data["requester_name"], data["requester_position"]) == ("นายบัญชา เพชรอนันต์", "นิติกรชำนาญการ")
    assert all(data[f] for f in ("background", "facts", "rules", "proposal"))
    assert "(รอบ ๑๒ เดือน)" in data["facts"] and "ฉบับที่" not in data["facts"]
    assert data["chain"].steps.count() == 3


def test_seed_000_chain_runs_in_order_and_closes(thungpho):
    agency, users, document = thungpho
    memo = new_memo(agency, users, document)
    assert memo.status == Memo.Status.DRAFT and memo.number_text == ""

    memo = services.memo_submit(memo=memo, request=as_request(users["legal"]))
    assert memo.status == Memo.Status.SUBMITTED and memo.round == 1 and memo.current_step == 1
    assert memo.number_text == "นศ ๗๗๕๐๑/๑"
    assert [m.to for m in mail.outbox] == [["head@example.go.th"]]
    assert list(inbox_for_user(users["head"])) == [memo]
    assert not inbox_for_user(users["palad"]).exists()

    memo = act(memo, users, "head", "comment", "เห็นควรเสนอนายกเพื่อโปรดทราบ")
    assert memo.current_step == 2 and list(inbox_for_user(users["palad"])) == [memo]
    memo = act(memo, users, "palad", "comment", "เห็นควรทราบ")
    memo = act(memo, users, "mayor", "acknowledge")
    assert memo.status == Memo.Status.APPROVED and memo.current_step is None and memo.finished_at
    steps = list(MemoStep.objects.filter(memo=memo).order_by("order"))
    assert [(s.acted_by.username, s.decision) for s in steps] == [
        ("thungpho.head", "comment"),
        ("thungpho.palad", "comment"),
        ("thungpho.mayor", "acknowledge"),
    ]
    actions = list(memo.events.values_list("action", "step", "user__username"))
    assert actions[:5] == [
        ("create", None, "thungpho.legal"),
        ("submit", None, "thungpho.legal"),
        ("act", 1, "thungpho.head"),
        ("act", 2, "thungpho.palad"),
        ("act", 3, "thungpho.mayor"),
    ]
    assert all(e.ip == "203.0.113.7" for e in memo.events.exclude(action="final"))
    assert ["legal@example.go.th"] in [m.to for m in mail.outbox]  # the requester hears the end


def test_numbers_run_per_agency_and_year_without_gaps(thungpho):
    agency, users, document = thungpho
    numbers = []
    for _ in range(3):
        memo = services.memo_submit(memo=new_memo(agency, users, document), request=as_request(users["legal"]))
        numbers.append(memo.number_seq)
    assert numbers == [1, 2, 3]


def test_only_the_assigned_approver_acts_and_only_on_the_current_step(thungpho):
    agency, users, document = thungpho
    memo = services.memo_submit(memo=new_memo(agency, users, document), request=as_request(users["legal"]))
    for who in ("palad", "mayor", "legal", "office", "other_mayor"):
        with pytest.raises(PermissionDenied):
            act(memo, users, who, "comment", "ความเห็น")
    with pytest.raises(services.MemoConflict):  # step 2 is not the current step
        services.memo_act(memo=memo, step_order=2, request=as_request(users["palad"]), decision="comment", comment="x")
    with pytest.raises(ValidationError):  # a comment-only step needs a comment
        act(memo, users, "head", "comment", "  ")
    with pytest.raises(ValidationError):  # a word the step does not offer
        act(memo, users, "head", "approve")
    memo = act(memo, users, "head", "comment", "เห็นชอบ")
    with pytest.raises(services.MemoConflict):  # acting twice on the same step
        services.memo_act(memo=memo, step_order=1, request=as_request(users["head"]), decision="comment", comment="อีก")
    assert MemoEvent.objects.filter(memo=memo, action="act").count() == 1


def test_a_stale_copy_cannot_act_twice(thungpho):
    """Two tabs: both loaded the memo at step 1; the second click finds the step taken."""
    agency, users, document = thungpho
    memo = services.memo_submit(memo=new_memo(agency, users, document), request=as_request(users["legal"]))
    stale = Memo.objects.get(pk=memo.pk)
    act(memo, users, "head", "comment", "ครั้งแรก")
    with pytest.raises(services.MemoConflict):
        services.memo_act(memo=stale, step_order=1, request=as_request(users["head"]), decision="comment", comment="ซ้ำ")
    assert MemoStep.objects.get(memo=memo, order=1).comment == "ครั้งแรก"
    assert Memo.objects.get(pk=memo.pk).current_step == 2


def test_return_then_resubmit_restarts_the_chain_and_keeps_the_history(thungpho):
    agency, users, document = thungpho
    memo = services.memo_submit(memo=new_memo(agency, users, document), request=as_request(users["legal"]))
    memo = act(memo, users, "head", "comment", "ผ่าน")
    with pytest.raises(ValidationError):
        services.memo_return(memo=memo, step_order=2, request=as_request(users["palad"]), reason=" ")
    memo = services.memo_return(memo=memo, step_order=2, request=as_request(users["palad"]), reason="แก้ข้อเท็จจริง")
    assert memo.status == Memo.Status.RETURNED and memo.current_step is None
    assert not inbox_for_user(users["mayor"]).exists()

    data = services.memo_defaults(agency=agency, user=users["legal"], documents=[document])
    data["facts"] = "ข้อเท็จจริงที่แก้ไขแล้ว"
    memo = services.memo_update(
        memo=memo, request=as_request(users["legal"]), data=data, documents=[document], expected_version=memo.version
    )
    number = memo.number_text
    memo = services.memo_submit(memo=memo, request=as_request(users["legal"]))
    assert (memo.round, memo.current_step, memo.number_text) == (2, 1, number)
    rounds = list(MemoStep.objects.filter(memo=memo).values_list("round", "order", "returned"))
    assert rounds == [(1, 1, False), (1, 2, True), (1, 3, False), (2, 1, False), (2, 2, False), (2, 3, False)]
    assert list(memo.events.values_list("action", flat=True))[-3:] == ["return", "edit", "resubmit"]


def test_editing_is_refused_once_submitted_and_after_the_end(thungpho):
    agency, users, document = thungpho
    memo = new_memo(agency, users, document)
    data = services.memo_defaults(agency=agency, user=users["legal"], documents=[document])
    with pytest.raises(services.MemoConflict):  # someone saved in between
        services.memo_update(
            memo=memo, request=as_request(users["legal"]), data=data, documents=[document], expected_version=0
        )
    memo = services.memo_submit(memo=memo, request=as_request(users["legal"]))
    with pytest.raises(services.MemoConflict):
        services.memo_update(
            memo=memo,
            request=as_request(users["legal"]),
            data=data,
            documents=[document],
            expected_version=memo.version,
        )
    for who, decision, comment in (("head", "comment", "ก"), ("palad", "comment", "ข"), ("mayor", "acknowledge", "")):
        memo = act(memo, users, who, decision, comment)
    with pytest.raises(services.MemoConflict):
        services.memo_update(
            memo=memo,
            request=as_request(users["legal"]),
            data=data,
            documents=[document],
            expected_version=memo.version,
        )
    with pytest.raises(services.MemoConflict):
        services.memo_submit(memo=memo, request=as_request(users["legal"]))


def test_only_the_coordinator_drafts_and_submits(thungpho):
    agency, users, document = thungpho
    data = services.memo_defaults(agency=agency, user=users["legal"], documents=[document])
    for who in ("head", "office", "other_mayor"):
        with pytest.raises(PermissionDenied):
            services.memo_create(agency=agency, request=as_request(users[who]), data=data, documents=[document])
    memo = new_memo(agency, users, document)
    with pytest.raises(PermissionDenied):
        services.memo_submit(memo=memo, request=as_request(users["head"]))


def test_unfinished_or_foreign_documents_cannot_be_attached(thungpho):
    agency, users, document = thungpho
    document.status = "rendering"
    document.save()
    with pytest.raises(ValidationError):
        new_memo(agency, users, document)


def test_the_audit_trail_is_append_only(thungpho):
    agency, users, document = thungpho
    memo = new_memo(agency, users, document)
    event = memo.events.get()
    event.detail = {"changed": True}
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_seed_000_chain_ends_in_a_signed_final_pdf_with_every_block_in_order(thungpho):
    import io
    import re

    from django.utils import timezone
    from pypdf import PdfReader

    from ita_portal import thai
    from reports.memos.signing import verify_pdf
    from tests.reports.pdf_helpers import squash

    agency, users, document = thungpho
    memo = services.memo_submit(memo=new_memo(agency, users, document), request=as_request(users["legal"]))
    comments = {"head": "เห็นควรเสนอนายกเพื่อโปรดทราบ", "palad": "เห็นควรทราบและเผยแพร่"}
    memo = act(memo, users, "head", "comment", comments["head"])
    memo = act(memo, users, "palad", "comment", comments["palad"])
    memo = act(memo, users, "mayor", "acknowledge")
    memo.refresh_from_db()
    assert memo.final == Memo.Final.DONE, memo.final_error
    content = memo.final_file.read()
    import hashlib

    assert hashlib.sha256(content).hexdigest() == memo.final_sha256
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == memo.final_pages
    first = reader.pages[0].extract_text()
    text = squash("".join(page.extract_text() for page in reader.pages))
    today = thai.thai_date(timezone.localdate())
    assert re.search(r"วันที่ [๐-๙]{1,2} \S+ [๐-๙]{4}", first)
    for expected in (
        "บันทึกข้อความ",
        "ส่วนราชการสำนักปลัดองค์การบริหารส่วนตำบลทุ่งโพธิ์",
        "ที่นศ๗๗๕๐๑/๑",
        f"วันที่{squash(today)}",
        squash(f"เรื่อง{memo.subject}"),
        "เรียนนายกองค์การบริหารส่วนตำบลทุ่งโพธิ์",
        "(นายบัญชาเพชรอนันต์)",
    ):
        assert expected in text, expected
    # Every block in routing order, each with its comment or decision word, name and position.
    at = 0
    for piece in (
        "ความเห็นของหัวหน้าสำนักปลัด",
        comments["head"],
        "(นายศิวะกานท์ ชูทอง)",
        "ความเห็นของปลัดองค์การบริหารส่วนตำบลทุ่งโพธิ์",
        comments["palad"],
        "(สืบเอกประจบ เพชรฤทธิ์)",
        "ความเห็นนายกองค์การบริหารส่วนตำบลทุ่งโพธิ์",
        "ทราบ",
        "(นายสุชาติ เกิดศิริ)",
    ):
        found = text.find(squash(piece), at)
        assert found >= 0, f"{piece} is missing or out of order"
        at = found + 1
    assert text.count("ลงนามอิเล็กทรอนิกส์") == 4  # the requester and three approvers acted in the portal
    assert not re.search(r"ที่[^/]*/[0-9]", text)  # the number in Thai digits
    assert "รายงานผลการดำเนินการ" in squash(reader.pages[-1].extract_text())  # the attachment follows
    assert verify_pdf(content).valid
    match = verify.memo_verify_upload(memo=memo, content=content)
    assert match.matches and match.signature_valid
    tampered = content.replace(b"/Title", b"/Titlf", 1)
    assert not verify.memo_verify_upload(memo=memo, content=tampered).matches
    assert list(memo.events.values_list("action", flat=True))[-1] == "final"


def test_the_agencys_own_garuda_is_drawn_and_none_is_shipped(thungpho):
    import io

    from django.core.files.base import ContentFile
    from PIL import Image
    from pypdf import PdfReader

    from reports.memos.final import memo_preview, memo_snapshot

    agency, users, document = thungpho
    memo = new_memo(agency, users, document)
    assert memo_snapshot(memo)["garuda_uri"] == ""
    without = PdfReader(io.BytesIO(memo_preview(memo)))
    assert not without.pages[0].images  # a blank space, no image of ours

    buffer = io.BytesIO()
    Image.new("RGB", (200, 200), "black").save(buffer, "PNG")
    agency.garuda.save("agency.png", ContentFile(buffer.getvalue()))
    memo.refresh_from_db()
    assert memo_snapshot(memo)["garuda_uri"].startswith("file://")
    assert len(PdfReader(io.BytesIO(memo_preview(memo))).pages[0].images) == 1
