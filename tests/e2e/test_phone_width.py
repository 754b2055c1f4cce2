"""The pages staff and the coordinator use, on a phone (390 × 844): nothing scrolls sideways and the
main buttons are on screen, at least 44 px high and free to tap.

The approvers' inbox and memo page are covered by test_memo_journey_phone.py.
"""

from __future__ import annotations

import pytest

from ita_portal.demo.loader import DEMO_PASSWORD
from reports.models import Memo
from tests.e2e.conftest import PHONE, assert_no_sideways_scroll, assert_tappable, log_in, open_page
from tests.reports.memo_support import new_memo

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def phone(browser, live_server):
    page = open_page(browser, live_server, PHONE, mobile=True)
    yield page
    page.context.close()


def test_staff_report_progress_on_a_phone(phone, demo, shot):
    page = phone
    plan = demo["ทุ่งโพธิ์"].plans.get(fiscal_year=2566)
    measure = plan.measures.get(number=4)
    log_in(page, "thungpho.office", DEMO_PASSWORD)

    # The plan page: every row a block, the round's "รายงานผล" big enough for a finger.
    page.goto(f"{page.base}/agencies/{plan.agency_id}/plans/2566/")
    assert_no_sideways_scroll(page)
    report = page.locator(f"#progress-{measure.pk}-6").get_by_role("link", name="รายงานผล")
    assert_tappable(page, report)
    shot(page, "phone-plan-staff")

    # The editor opens over the plan as a bottom sheet; its save button is reachable.
    report.click()
    page.wait_for_selector("#editor form")
    assert_no_sideways_scroll(page)
    assert_tappable(page, page.locator("#editor").get_by_role("button", name="บันทึกผล"))
    shot(page, "phone-progress-editor-staff")

    # The measure page and its progress page of their own.
    page.goto(f"{page.base}/measures/{measure.pk}/")
    assert_no_sideways_scroll(page)
    assert_tappable(page, page.get_by_role("link", name="รายงานผลรอบ ๖ เดือน"))
    page.get_by_role("link", name="รายงานผลรอบ ๖ เดือน").click()
    page.wait_for_selector("form.progress-form")
    assert_no_sideways_scroll(page)
    assert_tappable(page, page.get_by_role("button", name="บันทึกผล"))
    shot(page, "phone-progress-page-staff")

    # The round dashboard.
    page.goto(f"{page.base}/plans/{plan.pk}/dashboard/")
    assert_no_sideways_scroll(page)
    assert page.console_errors == []


def test_the_coordinator_prints_and_proposes_on_a_phone(phone, thungpho, shot):
    page = phone
    agency, users, document = thungpho
    memo = new_memo(agency, users, document)
    log_in(page, "thungpho.legal", DEMO_PASSWORD)

    # The documents: the table becomes blocks, its buttons stay on screen.
    page.goto(f"{page.base}/agencies/{agency.pk}/documents/")
    assert_no_sideways_scroll(page)
    assert_tappable(page, page.locator("#document-form").get_by_role("button", name="สร้างเอกสาร"), full_width=True)
    assert_tappable(page, page.get_by_role("link", name="ดาวน์โหลด", exact=True))
    assert_tappable(page, page.get_by_role("link", name="เสนอผ่านบันทึกข้อความ"))

    # A finished document: its 64-character SHA-256 wraps instead of widening the page.
    page.goto(f"{page.base}/documents/{document.pk}/")
    assert_no_sideways_scroll(page)
    assert_tappable(page, page.get_by_role("link", name="ดาวน์โหลด PDF"))
    assert_tappable(page, page.get_by_role("link", name="เสนอผ่านบันทึกข้อความ"))
    shot(page, "phone-document-coordinator")

    # The memo form and the draft it makes.
    page.get_by_role("link", name="เสนอผ่านบันทึกข้อความ").click()
    page.wait_for_selector("form.memo-form")
    assert_no_sideways_scroll(page)
    assert_tappable(page, page.get_by_role("button", name="บันทึก", exact=True))
    page.goto(f"{page.base}/memos/{memo.pk}/")
    assert_no_sideways_scroll(page)
    assert_tappable(page, page.get_by_role("link", name="เปิด PDF บันทึกข้อความ"), full_width=True)
    assert_tappable(page, page.get_by_role("link", name="แก้ไข", exact=True), full_width=True)
    assert_tappable(page, page.get_by_role("button", name="เสนอ", exact=True), full_width=True)
    shot(page, "phone-memo-draft-coordinator")
    assert page.console_errors == []

    # The public verification page, opened on a phone from the link printed on the memo.
    Memo.objects.filter(pk=memo.pk).update(status=Memo.Status.APPROVED)
    page.context.clear_cookies()
    page.goto(f"{page.base}/verify/{memo.verify_token}/")
    assert_no_sideways_scroll(page)
    assert_tappable(page, page.get_by_role("button", name="ตรวจสอบไฟล์"), full_width=True)
    assert page.console_errors == []
