"""Issue 15's journey, in a real browser: the agency runs itself, with no administrator in between.

1. The coordinator of อบต.ทุ่งโพธิ์ invites a new staff member of สำนักปลัด by e-mail;
2. the newcomer opens the link from the e-mail, sets their name and password, logs in with them and
   reports six-month progress on a measure of their department;
3. the mayor names the ปลัด to act for him (รักษาราชการแทน) for a week;
4. the ปลัด approves, from their own inbox, the mayor's step of a memo in the mayor's stead;
5. the signed final PDF prints "ปลัด… รักษาราชการแทน นายก…" and the public verification page says so.

Each person works in their own browser context, as on their own device.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from assessments.models import Membership
from ita_portal.thai import short_date, thai_digits
from measures.models import Progress, Round
from reports.memos import services
from reports.models import ApprovalChain, ApprovalChainStep, Memo, MemoStep, StandIn
from tests.e2e.conftest import log_in, log_out, open_page
from tests.e2e.test_approval_journey import approver, decide
from tests.reports.memo_support import as_request, new_memo
from tests.reports.pdf_helpers import pages_text, squash

pytestmark = pytest.mark.django_db(transaction=True)

NEWCOMER = "new.staff@example.org"
NEWCOMER_PASSWORD = "Khao-Pansa#2569"
NEWCOMER_TITLE = "เจ้าพนักงานธุรการปฏิบัติงาน"
SUMMARY = "จัดทำร่างรายงานการส่งเสริมคุณธรรมและความโปร่งใส เสนอหัวหน้าสำนักปลัดตรวจทานแล้ว"
LEGAL_BASIS = "คำสั่งองค์การบริหารส่วนตำบลทุ่งโพธิ์ ที่ ๑๒/๒๕๖๙"
MAYOR = "นายกองค์การบริหารส่วนตำบลทุ่งโพธิ์"
PALAD = "ปลัดองค์การบริหารส่วนตำบลทุ่งโพธิ์"
ACTING_LINE = f"{PALAD} รักษาราชการแทน {MAYOR}"


@pytest.fixture
def memo(thungpho, settings, live_server) -> Memo:
    """A submitted memo whose chain goes from the head of office straight to the mayor.

    Seed 000's chain is head → ปลัด → นายก, but one person gives one opinion per round: having
    commented as ปลัด in their own name, the ปลัด could not then act as the mayor's stand-in in the
    same round (reports.memos.standins.same_round_conflict).  The mayor's absence is the case of a
    memo that goes to him directly, so the ปลัด's only act in this round is the one in his stead.
    """
    settings.SITE_URL = live_server.url  # the invitation link and the verification link
    agency, users, document = thungpho
    seed = {s.order: s for s in agency.approval_chains.get(is_default=True).steps.all()}
    chain = ApprovalChain.objects.create(agency=agency, name="เสนอนายกโดยตรง")
    for order, step in enumerate([seed[1], seed[3]], start=1):
        ApprovalChainStep.objects.create(
            chain=chain,
            order=order,
            heading=step.heading,
            position_title=step.position_title,
            user=step.user,
            decisions=step.decisions,
        )
    assert seed[3].user == users["mayor"] and seed[3].position_title == MAYOR
    draft = new_memo(agency, users, document, chain=chain)
    return services.memo_submit(memo=draft, request=as_request(users["legal"]))


def open_from_inbox(page, memo: Memo) -> None:
    """รอพิจารณา, which counts one memo → the memo → the approval panel."""
    inbox = page.get_by_role("link", name=re.compile("^รอพิจารณา"))
    assert inbox.inner_text().split() == ["รอพิจารณา", "๑"]
    inbox.click()
    page.wait_for_selector("h1:has-text('รอพิจารณา')")
    item = page.locator(".inbox-item", has_text=memo.subject)
    item.get_by_role("link", name="อ่านและพิจารณา").click()
    page.wait_for_selector("#act")


def invitation_link(mailoutbox) -> str:
    """The link in the one invitation e-mail sent to the newcomer (sent after the invite committed)."""
    sent = [m for m in mailoutbox if m.to == [NEWCOMER]]
    assert len(sent) == 1, [m.to for m in mailoutbox]
    assert "คำเชิญเข้าร่วมองค์การบริหารส่วนตำบลทุ่งโพธิ์" in sent[0].subject
    links = re.findall(r"https?://\S+/invite/[^/\s]+/", sent[0].body)
    assert len(links) == 1, sent[0].body
    return links[0]


def test_a_newcomer_joins_and_reports_and_the_palad_signs_for_the_absent_mayor(
    browser, live_server, memo, thungpho, mailoutbox, shot, tmp_path
):
    agency, users, _ = thungpho
    office = agency.departments.get(name="สำนักปลัด")

    # --- 1. the coordinator invites a new staff member of สำนักปลัด
    page = approver(browser, live_server, "thungpho.legal")
    page.get_by_role("link", name="สมาชิกของหน่วยงาน").click()
    page.wait_for_selector("h1:has-text('สมาชิกของ')")
    page.get_by_role("link", name="+ เชิญสมาชิกใหม่ทางอีเมล").click()
    page.get_by_label("อีเมล").fill(NEWCOMER)
    page.get_by_label("บทบาท").select_option(Membership.Role.STAFF)
    page.get_by_label("ส่วนราชการ").select_option(label="สำนักปลัด")
    page.get_by_label("ตำแหน่ง (ตามที่พิมพ์ในเอกสาร)").fill(NEWCOMER_TITLE)
    shot(page, "journey-self-service-1-invite")
    page.get_by_role("button", name="ส่งคำเชิญ").click()
    page.wait_for_selector(f"text=ส่งคำเชิญไปที่ {NEWCOMER} แล้ว")
    assert NEWCOMER in page.inner_text("table")
    shot(page, "journey-self-service-1-invited")
    assert page.console_errors == []
    page.context.close()
    link = invitation_link(mailoutbox)
    assert link.startswith(live_server.url)

    # --- 2. the newcomer opens the link, sets a name and a password, logs in and reports progress
    page = open_page(browser, live_server)
    page.goto(link)
    page.wait_for_selector("h1:has-text('คำเชิญเข้าร่วมองค์การบริหารส่วนตำบลทุ่งโพธิ์')")
    assert "สำนักปลัด" in page.inner_text("main")
    page.get_by_label("ชื่อ", exact=True).fill("มาลัย")
    page.get_by_label("นามสกุล").fill("ศรีสวัสดิ์")
    page.get_by_label("รหัสผ่าน", exact=True).fill(NEWCOMER_PASSWORD)
    page.get_by_label("ยืนยันรหัสผ่าน").fill(NEWCOMER_PASSWORD)
    shot(page, "journey-self-service-2-accept")
    page.get_by_role("button", name="ตั้งรหัสผ่านและเข้าสู่ระบบ").click()
    page.wait_for_url(f"{page.base}/")
    page.wait_for_selector("text=ยินดีต้อนรับสู่ ITA Portal ขององค์การบริหารส่วนตำบลทุ่งโพธิ์")
    log_out(page)
    log_in(page, NEWCOMER, NEWCOMER_PASSWORD)  # the password they chose is the one that works

    plan = agency.plans.get(fiscal_year=2570)
    measure = plan.measures.get(departments=office, progress__isnull=True)  # สำนักปลัด's, not yet reported
    page.get_by_role("link", name=f"{thai_digits(plan.measures.count())} มาตรการ").click()
    page.wait_for_selector("h1")
    cell = page.locator(f"#progress-{measure.pk}-6")
    cell.get_by_role("link", name="รายงานผล").click()
    editor = page.locator("#editor")
    editor.get_by_label("อยู่ระหว่างดำเนินการ").check()
    editor.get_by_label("สรุปผลการดำเนินการ").fill(SUMMARY)
    shot(page, "journey-self-service-2-report")
    editor.get_by_role("button", name="บันทึกผล").click()
    page.wait_for_selector(f"text=บันทึกผลรอบ ๖ เดือน ของมาตรการที่ {thai_digits(measure.number)} แล้ว")
    assert "อยู่ระหว่างดำเนินการ" in cell.inner_text()
    shot(page, "journey-self-service-2-reported")
    assert page.console_errors == []
    page.context.close()
    newcomer = Membership.objects.get(agency=agency, user__email=NEWCOMER)
    assert (newcomer.role, newcomer.department, newcomer.user.get_full_name()) == ("staff", office, "มาลัย ศรีสวัสดิ์")
    progress = Progress.objects.get(measure=measure, round=Round.SIX_MONTH)
    assert (progress.status, progress.summary, progress.updated_by) == ("in_progress", SUMMARY, newcomer.user)

    # --- 3. the mayor names the ปลัด to act for him (รักษาราชการแทน) for a week from today
    today = timezone.localdate()
    last_day = today + datetime.timedelta(days=6)
    page = approver(browser, live_server, "thungpho.mayor")
    page.get_by_role("link", name="บันทึกข้อความ", exact=True).click()
    page.get_by_role("link", name="ผู้รักษาราชการแทน").click()
    page.get_by_role("link", name="แต่งตั้งผู้ทำการแทน").click()
    assert page.get_by_label("ผู้ถูกแทน").input_value() == str(users["mayor"].pk)  # a mayor names his own
    page.get_by_label("ผู้ทำการแทน", exact=True).select_option(str(users["palad"].pk))
    page.get_by_label("รักษาราชการแทน", exact=True).check()
    page.get_by_label("ตั้งแต่วันที่").fill(short_date(today))
    page.get_by_label("ถึงวันที่ (รวมวันนี้)").fill(short_date(last_day))
    page.get_by_label("อาศัยอำนาจตาม (คำสั่งที่แต่งตั้ง)").fill(LEGAL_BASIS)
    shot(page, "journey-self-service-3-stand-in")
    page.get_by_role("button", name="บันทึก", exact=True).click()
    page.wait_for_selector("text=บันทึกผู้รักษาราชการแทนแล้ว")
    row = page.locator("tbody tr", has_text=LEGAL_BASIS)
    assert "มีผลวันนี้" in row.inner_text()
    shot(page, "journey-self-service-3-named")
    assert page.console_errors == []
    page.context.close()
    stand_in = StandIn.objects.get(agency=agency, principal=users["mayor"])
    assert (stand_in.stand_in, stand_in.kind) == (users["palad"], StandIn.Kind.ACTING)
    assert (stand_in.starts_on, stand_in.ends_on) == (today, last_day)

    # --- 4. the head of office comments; the ปลัด finds the mayor's step in their inbox and decides it
    page = approver(browser, live_server, "thungpho.head")
    open_from_inbox(page, memo)
    decide(page, "ตรวจสอบแล้ว เห็นควรเสนอนายกทราบ")
    page.context.close()

    page = approver(browser, live_server, "thungpho.palad")
    open_from_inbox(page, memo)
    notice = page.inner_text("#act .acting-for")
    assert "ในฐานะผู้รักษาราชการแทน นายสุชาติ เกิดศิริ" in notice and LEGAL_BASIS in notice
    shot(page, "journey-self-service-4-palad-acts")
    decide(page, "ทราบ ให้เผยแพร่บนเว็บไซต์ขององค์การบริหารส่วนตำบล", decision="ทราบ")
    assert page.console_errors == []
    page.context.close()
    memo.refresh_from_db()
    assert memo.status == Memo.Status.APPROVED
    mayors = MemoStep.objects.get(memo=memo, round=1, order=2)
    assert (mayors.acted_by, mayors.acted_for, mayors.acting_basis) == (users["palad"], users["mayor"], LEGAL_BASIS)

    # --- 5. the final PDF prints the รักษาราชการแทน line; the public verification page shows it
    page = approver(browser, live_server, "thungpho.legal")
    page.goto(f"{page.base}/memos/{memo.pk}/")
    download = page.get_by_role("link", name="ดาวน์โหลดฉบับสมบูรณ์ (PDF)")
    download.wait_for(timeout=60_000)  # rendered by a task; the page polls until it is done
    with page.expect_download() as info:
        download.click()
    final = tmp_path / info.value.suggested_filename
    info.value.save_as(final)
    text = "".join(pages_text(final.read_bytes()))
    assert squash(ACTING_LINE) in text, "the stand-in's position, รักษาราชการแทน and the mayor's position"
    verify_url = page.locator(".verify-link").get_attribute("href")
    assert page.console_errors == []

    log_out(page)
    page.goto(verify_url)
    page.wait_for_selector("h1:has-text('ตรวจสอบบันทึกข้อความ')")
    signers = page.inner_text("section[aria-labelledby=verify-steps] table")
    assert ACTING_LINE in signers and f"(ตาม{LEGAL_BASIS})" in signers
    assert "สืบเอกประจบ เพชรฤทธิ์" in signers
    page.get_by_label("ไฟล์ PDF ที่ต้องการตรวจสอบ").set_input_files(str(final))
    page.get_by_role("button", name="ตรวจสอบไฟล์").click()
    page.locator(".verify-result").wait_for()
    assert page.inner_text(".verify-result").startswith("ตรงกัน:")
    shot(page, "journey-self-service-5-verified")
    assert page.console_errors == []
    page.context.close()
