"""The plan page's inline progress editor in a real browser (issue 15 item 7).

After a save the bottom panel closed neither by itself nor by any button, covering the last rows and the
pager until the page was reloaded, and the status counts above the table stayed as they were.
"""

import pytest

from measures.models import Measure, MeasurePlan, Progress
from tests.e2e.conftest import SCREENSHOTS, log_in
from tests.factories import PASSWORD, MeasureFactory, MembershipFactory, PlanFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def plan() -> MeasurePlan:
    """A past year's plan (so the page shows the 12-month round) with a second page of measures."""
    coordinator = MembershipFactory(role="coordinator", user__username="inline.coord")
    plan = PlanFactory(agency=coordinator.agency, fiscal_year=2566)
    for number in range(1, 31):
        MeasureFactory(plan=plan, number=number, title=f"มาตรการทดสอบที่ {number} " + "ยาว " * 20)
    return plan


def counts(page) -> str:
    return " ".join(page.locator("#plan-counts ul").inner_text().split())


def editor_is_open(page) -> bool:
    return page.evaluate("document.getElementById('editor').childNodes.length > 0")


def test_an_inline_save_closes_the_panel_updates_the_counts_and_leaves_the_pager_reachable(page, plan, shot):
    last_on_page = plan.measures.get(number=25)
    log_in(page, "inline.coord", PASSWORD)
    page.goto(f"{page.base}/agencies/{plan.agency_id}/plans/2566/")
    assert "ดำเนินการแล้วเสร็จ ๐" in counts(page) and "ยังไม่รายงาน ๓๐" in counts(page)

    cell = page.locator(f"#progress-{last_on_page.pk}-12")
    cell.get_by_role("link", name="รายงานผล").click()
    editor = page.locator("#editor")
    editor.get_by_label("ดำเนินการแล้วเสร็จ").check()
    editor.get_by_label("สรุปผลการดำเนินการ").fill("ดำเนินการครบทุกขั้นตอนแล้ว")

    # With the panel open the page can still be scrolled until the pager sits above the panel.
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    pager = page.locator("nav.pagination").bounding_box()
    panel = editor.bounding_box()
    assert pager is not None and panel is not None
    assert pager["y"] + pager["height"] <= panel["y"], (pager, panel)
    shot(page, "plan-inline-editor-open")
    page.screenshot(path=SCREENSHOTS / "plan-inline-editor-open-window.png")  # what the person sees

    editor.get_by_role("button", name="บันทึกผล").click()
    page.wait_for_selector("#plan-status >> text=บันทึกผลรอบ ๑๒ เดือน ของมาตรการที่ ๒๕ แล้ว")

    page.wait_for_function("document.getElementById('editor').childNodes.length === 0")
    assert not editor.is_visible()
    assert "editor-open" not in (page.locator("body").get_attribute("class") or "")
    assert "ดำเนินการแล้วเสร็จ ๑" in counts(page) and "ยังไม่รายงาน ๒๙" in counts(page)
    assert "ดำเนินการแล้วเสร็จ" in cell.inner_text()
    assert page.evaluate("document.activeElement.closest('.progress-cell')?.id") == f"progress-{last_on_page.pk}-12"
    shot(page, "plan-inline-editor-saved")
    assert Progress.objects.get(measure=last_on_page, round=12).status == "done"
    assert page.console_errors == []


def test_the_panel_closes_with_its_close_button_its_cancel_link_and_escape(page, plan):
    first = plan.measures.get(number=1)
    log_in(page, "inline.coord", PASSWORD)
    page.goto(f"{page.base}/agencies/{plan.agency_id}/plans/2566/")
    open_button = page.locator(f"#progress-{first.pk}-12").get_by_role("link", name="รายงานผล")

    for close in ("ปิด", "ยกเลิก", "Escape"):
        open_button.click()
        page.wait_for_selector("#editor form")
        if close == "Escape":
            page.keyboard.press("Escape")
        else:
            page.locator("#editor").get_by_text(close, exact=True).click()
        assert not editor_is_open(page), close
        assert page.url.endswith("/plans/2566/")  # closed in place, not navigated away
    assert not Progress.objects.filter(measure=first).exists()
    assert page.console_errors == []


def test_a_measure_number_typed_in_thai_digits_in_the_browser_is_kept(page, plan):
    log_in(page, "inline.coord", PASSWORD)
    page.goto(f"{page.base}/plans/{plan.pk}/measures/new/")

    page.get_by_label("ลำดับ", exact=True).fill("๔๕")
    page.get_by_label("มาตรการ / แนวทาง").fill("เปิดเผยข้อมูลการจัดซื้อจัดจ้างทุกเดือน")
    page.get_by_role("button", name="บันทึก").click()

    page.wait_for_selector("text=เพิ่มมาตรการที่ ๔๕ แล้ว")
    assert Measure.objects.get(plan=plan, title="เปิดเผยข้อมูลการจัดซื้อจัดจ้างทุกเดือน").number == 45
