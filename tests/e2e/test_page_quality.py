"""The main pages, each as the person who uses it: no console errors, a label on every form field,
a Thai title of its own; and the progress form can be filled in and saved with the keyboard alone."""

from __future__ import annotations

import pytest

from ita_portal.demo.loader import DEMO_PASSWORD
from measures.models import Progress
from reports.memos import services
from reports.models import ApprovalChain, Memo
from tests.e2e.conftest import log_in
from tests.reports.memo_support import as_request, new_memo

pytestmark = pytest.mark.django_db(transaction=True)

SITE_SUFFIX = " · ระบบรายงานการประเมินคุณธรรมและความโปร่งใส"

# Visible form fields with no name a screen reader could read: no <label for>, no wrapping <label>,
# no aria-label, no aria-labelledby pointing at text.
UNLABELLED_FIELDS = """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
  .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
  .filter((el) => {
    const byLabel = [...el.labels].some((label) => label.textContent.trim());
    const byAria = (el.getAttribute('aria-label') || '').trim() !== '';
    const byIds = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
      .some((id) => (document.getElementById(id)?.textContent || '').trim());
    return !(byLabel || byAria || byIds);
  })
  .map((el) => el.outerHTML.slice(0, 160))"""
THAI = "[\u0e00-\u0e7f]"


def problems_of(page, path: str) -> list[str]:
    """Open a page and list what is wrong with it (an empty list: nothing)."""
    page.console_errors.clear()
    response = page.goto(f"{page.base}{path}")
    page.wait_for_load_state("networkidle")
    found = []
    if response is None or response.status != 200:
        found.append(f"status {response.status if response else 'none'}")
    title = page.title()
    own = title.removesuffix(SITE_SUFFIX)
    if not page.evaluate(f"(t) => /{THAI}/.test(t)", own):
        found.append(f"the title names the page without Thai: {title!r}")
    found += [f"unlabelled field: {html}" for html in page.evaluate(UNLABELLED_FIELDS)]
    found += [f"console: {text}" for text in page.console_errors]
    return [f"{path}: {problem}" for problem in found]


def check_pages(page, username: str | None, paths: list[str]) -> None:
    if username:
        log_in(page, username, DEMO_PASSWORD)
    problems = [problem for path in paths for problem in problems_of(page, path)]
    assert problems == []


@pytest.fixture
def memo(thungpho):
    agency, users, document = thungpho
    return services.memo_submit(memo=new_memo(agency, users, document), request=as_request(users["legal"]))


def test_the_staff_members_pages(page, demo):
    plan = demo["ทุ่งโพธิ์"].plans.get(fiscal_year=2566)
    measure = plan.measures.get(number=4)  # สำนักปลัด's
    check_pages(
        page,
        "thungpho.office",
        [
            "/",
            f"/agencies/{plan.agency_id}/plans/2566/",
            f"/measures/{measure.pk}/",
            f"/measures/{measure.pk}/progress/6/",
            f"/plans/{plan.pk}/dashboard/",
        ],
    )


def test_the_coordinators_pages(page, memo, thungpho):
    agency, _, document = thungpho
    chain = ApprovalChain.objects.get(agency=agency)
    check_pages(
        page,
        "thungpho.legal",
        [
            "/",
            f"/agencies/{agency.pk}/results/new/",
            f"/agencies/{agency.pk}/results/import/",
            f"/agencies/{agency.pk}/documents/",
            f"/documents/{document.pk}/",
            f"/agencies/{agency.pk}/memos/",
            f"/agencies/{agency.pk}/memos/new/?documents={document.pk}",
            f"/memos/{memo.pk}/",
            f"/agencies/{agency.pk}/chains/",
            f"/chains/{chain.pk}/edit/",
            f"/agencies/{agency.pk}/settings/",
        ],
    )


def test_the_analysis_pages_of_a_coordinator_with_results(page, demo):
    agency = demo["วังประจัน"]
    plan = agency.plans.get(fiscal_year=2565)
    check_pages(
        page,
        "wangprachan.coord",
        [
            f"/agencies/{agency.pk}/results/",
            f"/agencies/{agency.pk}/results/2564/",
            f"/plans/{plan.pk}/suggestions/",
            f"/provinces/{agency.province}/results/2564/",
        ],
    )


def test_the_approvers_pages(page, memo):
    check_pages(page, "thungpho.head", ["/", "/inbox/", f"/memos/{memo.pk}/"])


def test_the_public_pages(page, memo):
    # The verification page needs a memo that went through its chain; its final PDF does not matter here.
    Memo.objects.filter(pk=memo.pk).update(status=Memo.Status.APPROVED)
    check_pages(page, None, ["/login/", f"/verify/{memo.verify_token}/"])


def tab_until(page, javascript_condition: str, *, limit: int = 60) -> None:
    """Press Tab until the focused element meets the condition (`el` is document.activeElement)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {javascript_condition}; }})()"):
            return
    raise AssertionError(f"Tab never reached: {javascript_condition}")


def test_the_keyboard_alone_reports_progress_on_the_plan_page(page, demo):
    plan = demo["ทุ่งโพธิ์"].plans.get(fiscal_year=2566)
    measure = plan.measures.get(number=4)
    log_in(page, "thungpho.office", DEMO_PASSWORD)
    page.goto(f"{page.base}/agencies/{plan.agency_id}/plans/2566/")

    # To the measure's 6-month "รายงานผล", open the editor, and on into its fields.
    tab_until(page, f"el.closest('#progress-{measure.pk}-6') && el.textContent.trim() === 'รายงานผล'")
    page.keyboard.press("Enter")
    page.wait_for_selector("#editor form")
    tab_until(page, "el.name === 'status'")
    page.keyboard.press("Space")  # the first choice: ดำเนินการแล้วเสร็จ
    tab_until(page, "el.name === 'summary'")
    page.keyboard.type("จัดทำแนวปฏิบัติการยืมทรัพย์สินของราชการและประกาศให้ทราบทั่วกันแล้ว")
    tab_until(page, "el.name === 'urls'")
    page.keyboard.type("https://www.thungpho.go.th/ita/asset-loan")
    tab_until(page, "el.type === 'submit' && el.textContent.trim() === 'บันทึกผล'")
    page.keyboard.press("Enter")

    page.wait_for_selector("text=บันทึกผลรอบ ๖ เดือน ของมาตรการที่ ๔ แล้ว")
    progress = Progress.objects.get(measure=measure, round=6)
    assert progress.status == "done"
    assert progress.summary.startswith("จัดทำแนวปฏิบัติการยืมทรัพย์สินของราชการ")
    assert [e.url for e in progress.evidence.all()] == ["https://www.thungpho.go.th/ita/asset-loan"]
    assert "ดำเนินการแล้วเสร็จ" in page.inner_text(f"#progress-{measure.pk}-6")
    assert page.console_errors == []


def test_the_keyboard_alone_reports_progress_on_the_progress_page(page, demo):
    plan = demo["ทุ่งโพธิ์"].plans.get(fiscal_year=2566)
    measure = plan.measures.get(number=4)
    log_in(page, "thungpho.office", DEMO_PASSWORD)
    page.goto(f"{page.base}/measures/{measure.pk}/")

    tab_until(page, "el.textContent.trim() === 'รายงานผลรอบ ๖ เดือน'")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/measures/{measure.pk}/progress/6/**")
    tab_until(page, "el.name === 'status'")
    page.keyboard.press("ArrowDown")  # from the first choice to the next: อยู่ระหว่างดำเนินการ
    tab_until(page, "el.name === 'summary'")
    page.keyboard.type("อยู่ระหว่างจัดทำร่างประกาศ")
    tab_until(page, "el.type === 'submit' && el.textContent.trim() === 'บันทึกผล'")
    page.keyboard.press("Space")

    page.wait_for_url(f"**/measures/{measure.pk}/")
    page.wait_for_selector("text=บันทึกผลรอบ ๖ เดือน ของมาตรการที่ ๔ แล้ว")
    progress = Progress.objects.get(measure=measure, round=6)
    assert (progress.status, progress.summary) == ("in_progress", "อยู่ระหว่างจัดทำร่างประกาศ")
    assert page.console_errors == []
