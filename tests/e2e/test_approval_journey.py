"""The executives' journey, in a real browser: a submitted memo goes up ทุ่งโพธิ์'s chain (seed 000).

The head of the office comments; the ปลัด returns it once; the coordinator edits and resubmits; the
head, the ปลัด and the นายก then each find it in "รอพิจารณา", comment and decide. At the end the
coordinator downloads the signed final PDF and, logged out, checks it on the public verification page.
Each person works in their own browser context, as on their own device.
"""

from __future__ import annotations

import pytest

from ita_portal.demo.loader import DEMO_PASSWORD
from reports.memos import services
from reports.models import Memo, MemoStep
from tests.e2e.conftest import log_in, log_out, open_page
from tests.reports.memo_support import as_request, new_memo

pytestmark = pytest.mark.django_db(transaction=True)

RETURN_REASON = "กรุณาระบุจำนวนมาตรการที่ดำเนินการแล้วเสร็จในข้อเท็จจริงด้วย"
FACTS_ADDED = "ดำเนินการแล้วเสร็จ ๑๐ มาตรการ จากทั้งหมด ๑๐ มาตรการ"


@pytest.fixture
def memo(thungpho, settings, live_server):
    settings.SITE_URL = live_server.url  # the verification link printed on the memo page
    agency, users, document = thungpho
    return services.memo_submit(memo=new_memo(agency, users, document), request=as_request(users["legal"]))


def open_from_inbox(page, memo: Memo) -> None:
    """รอพิจารณา (with its count) → the memo → the approval panel."""
    inbox = page.locator(".inbox-link")
    assert inbox.locator(".count").inner_text() == "๑"
    inbox.click()
    page.wait_for_selector("h1:has-text('รอพิจารณา')")
    item = page.locator(".inbox-item", has_text=memo.subject)
    item.get_by_role("link", name="อ่านและพิจารณา").click()
    page.wait_for_selector("#act")


def decide(page, comment: str, *, decision: str | None = None) -> None:
    panel = page.locator("#act")
    if decision:
        panel.get_by_label(decision, exact=True).check()
    panel.locator("textarea[name=act-comment]").fill(comment)
    panel.get_by_role("button", name="บันทึกความเห็น/ลงนาม").click()
    page.wait_for_selector("text=บันทึกการพิจารณาของ")
    assert page.locator("#act").count() == 0


def approver(browser, live_server, username: str):
    page = open_page(browser, live_server)
    log_in(page, username, DEMO_PASSWORD)
    return page


def test_the_chain_comments_returns_once_approves_and_the_signed_pdf_verifies(
    browser, live_server, memo, thungpho, shot, tmp_path
):
    _, users, _ = thungpho

    # --- round 1: the head comments, the ปลัด sends it back
    page = approver(browser, live_server, "thungpho.head")
    open_from_inbox(page, memo)
    decide(page, "เห็นควรเสนอปลัดพิจารณา")
    assert page.console_errors == []
    page.context.close()

    page = approver(browser, live_server, "thungpho.palad")
    open_from_inbox(page, memo)
    assert "เห็นควรเสนอปลัดพิจารณา" in page.inner_text(".chain-history")
    page.get_by_label("เหตุผลที่ส่งกลับให้แก้ไข").fill(RETURN_REASON)
    shot(page, "approval-palad-returns")
    page.get_by_role("button", name="ส่งกลับให้แก้ไข").click()
    page.wait_for_selector("text=ส่งบันทึกข้อความกลับให้ผู้เสนอแก้ไขแล้ว")
    assert page.locator(".inbox-link .count").count() == 0
    assert page.console_errors == []
    page.context.close()
    memo.refresh_from_db()
    assert memo.status == Memo.Status.RETURNED

    # --- the coordinator reads the reason, edits and resubmits
    page = approver(browser, live_server, "thungpho.legal")
    page.get_by_role("link", name="บันทึกข้อความ", exact=True).click()
    row = page.locator("table.memo-table tbody tr", has_text=memo.subject)
    assert "ส่งกลับให้แก้ไข" in row.inner_text()
    row.get_by_role("link", name=memo.subject).click()
    assert RETURN_REASON in page.inner_text(".chain-history")
    page.get_by_role("link", name="แก้ไข", exact=True).click()
    facts = page.get_by_label("ข้อเท็จจริง")
    facts.fill(f"{facts.input_value()}\n{FACTS_ADDED}")
    page.get_by_role("button", name="บันทึก", exact=True).click()
    page.wait_for_selector("text=บันทึกการแก้ไขแล้ว")
    page.get_by_role("button", name="เสนอใหม่").click()
    page.wait_for_selector(f"text=เสนอบันทึกข้อความที่ {memo.number_text} แล้ว")  # the same number
    assert page.console_errors == []
    page.context.close()
    memo.refresh_from_db()
    assert (memo.status, memo.round, memo.current_step) == (Memo.Status.SUBMITTED, 2, 1)
    assert FACTS_ADDED in memo.facts

    # --- round 2: the head, the ปลัด and the นายก each comment and decide
    for username, comment, decision in [
        ("thungpho.head", "ตรวจสอบแล้ว เห็นควรเสนอปลัดพิจารณา", None),
        ("thungpho.palad", "แก้ไขตามที่แจ้งแล้ว เห็นควรเสนอนายกทราบ", None),
        ("thungpho.mayor", "ทราบ ให้เผยแพร่บนเว็บไซต์ขององค์การบริหารส่วนตำบล", "ทราบ"),
    ]:
        page = approver(browser, live_server, username)
        open_from_inbox(page, memo)
        if username == "thungpho.mayor":
            assert RETURN_REASON in page.inner_text(".chain-history"), "the first round stays in the history"
            shot(page, "approval-mayor-decides")
        decide(page, comment, decision=decision)
        assert page.console_errors == []
        page.context.close()

    memo.refresh_from_db()
    assert memo.status == Memo.Status.APPROVED
    steps = MemoStep.objects.filter(memo=memo, round=2).order_by("order")
    assert [(s.acted_by, s.decision) for s in steps] == [
        (users["head"], "comment"),
        (users["palad"], "comment"),
        (users["mayor"], "acknowledge"),
    ]

    # --- the coordinator downloads the signed final PDF, logs out and verifies it
    page = approver(browser, live_server, "thungpho.legal")
    page.goto(f"{page.base}/memos/{memo.pk}/")
    download = page.get_by_role("link", name="ดาวน์โหลดฉบับสมบูรณ์ (PDF)")
    download.wait_for(timeout=60_000)  # the final PDF is rendered by a task; the page polls until it is done
    shot(page, "approval-final-ready")
    with page.expect_download() as info:
        download.click()
    final = tmp_path / info.value.suggested_filename
    info.value.save_as(final)
    assert final.read_bytes().startswith(b"%PDF")
    verify_url = page.locator(".verify-link").get_attribute("href")
    assert page.console_errors == []

    log_out(page)
    page.goto(verify_url)
    page.wait_for_selector("h1:has-text('ตรวจสอบบันทึกข้อความ')")
    assert memo.number_text in page.inner_text(".facts-grid")
    page.get_by_label("ไฟล์ PDF ที่ต้องการตรวจสอบ").set_input_files(str(final))
    page.get_by_role("button", name="ตรวจสอบไฟล์").click()
    result = page.locator(".verify-result")
    result.wait_for()
    assert result.inner_text().startswith("ตรงกัน:")
    assert "ลายมือชื่ออิเล็กทรอนิกส์ถูกต้อง" in result.inner_text()
    shot(page, "approval-verified")
    assert page.console_errors == []
    page.context.close()
