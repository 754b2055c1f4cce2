"""Approvers act on a memo in a real browser: on a phone (390 × 844) and on a desktop (1280 × 800).

The inbox and the memo page must not scroll sideways, and the act buttons must be on screen, at least
44 px high and free to tap.  Screenshots of both pages at both widths go to artifacts/screenshots/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ita_portal.demo.loader import DEMO_PASSWORD
from reports.memos import services
from reports.models import Memo, MemoStep
from tests.e2e import conftest as e2e
from tests.e2e.conftest import assert_no_sideways_scroll, assert_tappable, log_in
from tests.reports.memo_support import as_request, new_memo

pytestmark = pytest.mark.django_db(transaction=True)

# Saved with the other browser screenshots (kept by .ci/run); the reviewed ones are copied to docs/screenshots.
DOCS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
MAX_BYTES = 250 * 1024


@pytest.fixture
def memo(thungpho, settings, tmp_path):
    settings.MEMO_SIGNING_KEY = settings.MEMO_SIGNING_CERT = settings.MEMO_SIGNING_KEY_PASSWORD = ""
    settings.MEMO_SIGNING_DIR = str(tmp_path / "signing")
    agency, users, document = thungpho
    return services.memo_submit(memo=new_memo(agency, users, document), request=as_request(users["legal"]))


def open_page(browser, live_server, viewport, *, mobile: bool):
    page = e2e.open_page(browser, live_server, viewport, mobile=mobile)
    return page.context, page


def save(page, name: str, *, full_page: bool = True) -> Path:
    DOCS.mkdir(parents=True, exist_ok=True)
    path = DOCS / f"{name}.png"
    page.screenshot(path=path, full_page=full_page)
    if path.stat().st_size > MAX_BYTES:  # a long page: keep the first screens
        height = page.viewport_size["height"] * 2
        page.screenshot(
            path=path, full_page=True, clip={"x": 0, "y": 0, "width": page.viewport_size["width"], "height": height}
        )
    assert path.stat().st_size < MAX_BYTES, f"{path.name} is {path.stat().st_size} bytes"
    return path


def act_in_browser(page, comment: str) -> None:
    page.get_by_label("ความเห็น (ต้องระบุ)").fill(comment)
    with page.expect_navigation():
        page.get_by_role("button", name="บันทึกความเห็น/ลงนาม").click()


def test_approvers_act_from_the_inbox_on_a_phone_and_on_a_desktop(browser, live_server, memo, thungpho):
    _, users, _ = thungpho

    # --- the head of the office, on a phone
    context, page = open_page(browser, live_server, PHONE, mobile=True)
    log_in(page, "thungpho.head", DEMO_PASSWORD)
    badge = page.locator(".inbox-link .count")
    assert badge.inner_text() == "๑"
    page.locator(".inbox-link").click()
    page.wait_for_selector("h1:has-text('รอพิจารณา')")
    assert memo.subject in page.inner_text(".inbox-list")
    assert_no_sideways_scroll(page)
    assert_tappable(page, page.get_by_role("link", name="อ่านและพิจารณา"), full_width=True)
    save(page, "memo-inbox-phone")

    page.get_by_role("link", name="อ่านและพิจารณา").click()
    page.wait_for_selector("#act")
    assert_no_sideways_scroll(page)
    assert not page.locator(".pdf-frame object").is_visible()  # phones get a button, not an inline PDF
    assert_tappable(page, page.get_by_role("link", name="เปิด PDF บันทึกข้อความ"), full_width=True)
    act = page.get_by_role("button", name="บันทึกความเห็น/ลงนาม")
    back = page.get_by_role("button", name="ส่งกลับให้แก้ไข")
    assert_tappable(page, act, full_width=True)
    assert_tappable(page, back, full_width=True)
    assert page.get_by_label("ความเห็น", exact=True).is_checked()  # the step's only word
    page.locator("#act").scroll_into_view_if_needed()
    save(page, "memo-approve-phone")

    act_in_browser(page, "เห็นควรเสนอปลัดพิจารณา")
    page.wait_for_selector("text=บันทึกการพิจารณาของหัวหน้าสำนักปลัด อบต.แล้ว")
    assert page.locator(".inbox-link .count").count() == 0
    assert page.locator("#act").count() == 0
    assert_no_sideways_scroll(page)
    assert page.console_errors == []
    context.close()
    step = MemoStep.objects.get(memo=memo, round=1, order=1)
    assert (step.acted_by, step.decision, step.comment) == (users["head"], "comment", "เห็นควรเสนอปลัดพิจารณา")

    # --- the palad, at a desktop
    context, page = open_page(browser, live_server, DESKTOP, mobile=False)
    log_in(page, "thungpho.palad", DEMO_PASSWORD)
    page.locator(".inbox-link").click()
    page.wait_for_selector(".inbox-list")
    assert_no_sideways_scroll(page)
    save(page, "memo-inbox-desktop")

    page.get_by_role("link", name="อ่านและพิจารณา").click()
    page.wait_for_selector("#act")
    assert_no_sideways_scroll(page)
    assert page.locator(".pdf-frame object").is_visible()  # the memo beside the approval panel
    assert_tappable(page, page.get_by_role("button", name="บันทึกความเห็น/ลงนาม"), full_width=False)
    assert_tappable(page, page.get_by_role("button", name="ส่งกลับให้แก้ไข"), full_width=False)
    assert "นายศิวะกานท์ ชูทอง" in page.inner_text(".chain-history")
    assert "เห็นควรเสนอปลัดพิจารณา" in page.inner_text(".chain-history")
    page.wait_for_timeout(1500)  # let Chromium's PDF viewer draw the memo in the screenshot
    save(page, "memo-approve-desktop")

    act_in_browser(page, "เห็นควรทราบ")
    page.wait_for_selector("text=บันทึกการพิจารณาของปลัดองค์การบริหารส่วนตำบลทุ่งโพธิ์แล้ว")
    assert page.console_errors == []
    context.close()
    memo.refresh_from_db()
    assert memo.status == Memo.Status.SUBMITTED and memo.current_step == 3


def test_a_second_tab_shows_the_thai_conflict_message_on_a_phone(browser, live_server, memo):
    context, page = open_page(browser, live_server, PHONE, mobile=True)
    log_in(page, "thungpho.head", DEMO_PASSWORD)
    page.goto(f"{page.base}/memos/{memo.pk}/")
    other = context.new_page()
    other.goto(f"{page.base}/memos/{memo.pk}/")
    act_in_browser(other, "ครั้งแรก")
    act_in_browser(page, "ซ้ำจากแท็บเก่า")
    assert "มีการพิจารณาไปแล้ว" in page.inner_text(".conflict")
    assert_no_sideways_scroll(page)
    context.close()
    assert MemoStep.objects.get(memo=memo, round=1, order=1).comment == "ครั้งแรก"
