"""The OIT workspace in a real browser (issue 14): the coordinator opens 2569 and carries it over from 2568,
assigns an item; a staff member fills in its URL and explanation; the coordinator checks it; the dashboard's
predicted OIT rises once the link checker (against a local HTTP server) passes the link."""

from __future__ import annotations

import http.server
import threading

import pytest

from oit.models import Answer
from oit.services import FillData, answer_fill, workspace_open
from tests.e2e.conftest import PHONE, assert_no_sideways_scroll, log_in, log_out, open_page
from tests.e2e.test_page_quality import problems_of
from tests.factories import (
    PASSWORD,
    AgencyFactory,
    DepartmentFactory,
    MembershipFactory,
    UserFactory,
    scored_assessment,
)

pytestmark = pytest.mark.django_db(transaction=True)


class _Site(http.server.BaseHTTPRequestHandler):
    """The agency's website: a page that names the year."""

    def do_GET(self):
        body = "<html><body><h1>โครงสร้างองค์กร ปี ๒๕๖๙</h1></body></html>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def website(settings):
    settings.LINKCHECK_ALLOW_PRIVATE = True  # the checker may reach the server the test starts on 127.0.0.1
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def agency(catalogue):
    agency = AgencyFactory(name="ทุ่งโอไอที", province="สตูล", website_domain="127.0.0.1")
    office = DepartmentFactory(agency=agency, name="สำนักปลัด")
    DepartmentFactory(agency=agency, name="กองคลัง")
    coordinator = UserFactory(username="oit.coordinator", first_name="สมศรี", last_name="ประสานงาน")
    MembershipFactory(user=coordinator, agency=agency, role="coordinator", position_title="นิติกร")
    staff = UserFactory(username="oit.office", first_name="สมหมาย", last_name="สำนักปลัด")
    MembershipFactory(user=staff, agency=agency, role="staff", department=office)
    # Last year's result gives the total its IIT and EIT; last year's workspace is carried over.
    scored_assessment(
        framework=catalogue[2568],
        agency=agency,
        fiscal_year=2568,
        indicators={n: "90" for n in range(1, 9)},
        items={f"O{n}": "100" for n in range(1, 27)},
    )
    last = workspace_open(agency=agency, fiscal_year=2568, user=coordinator)
    for code, url in [("O12", "https://www.thungoit.go.th/procurement"), ("O11", "https://www.thungoit.go.th/stats")]:
        answer = last.answers.select_related("workspace__agency").get(item__code=code)
        answer_fill(
            answer=answer,
            user=coordinator,
            data=FillData("yes", [url], f"ข้อมูลปี ๒๕๖๘ ({code})", "ready"),
            expected_version=answer.version,
        )
    return agency


def test_a_year_of_oit_from_opening_to_a_higher_predicted_score(page, browser, live_server, agency, website, shot):
    base = f"/agencies/{agency.pk}/oit/2569"

    # 1. The coordinator opens 2569 and carries it over from 2568.
    log_in(page, "oit.coordinator", PASSWORD)
    page.get_by_role("link", name="แบบวัดการเปิดเผยข้อมูลสาธารณะ (OIT) ปี").first.wait_for()
    page.goto(f"{page.base}{base}/")
    page.get_by_role("button", name="เปิดพื้นที่ทำงาน OIT ปี ๒๕๖๙").click()
    page.wait_for_selector("text=เปิดพื้นที่ทำงาน OIT ปี ๒๕๖๙ แล้ว")
    page.get_by_role("button", name="ต่อยอดจากปี ๒๕๖๘").click()
    page.wait_for_selector("h1:has-text('ต่อยอดจากปี ๒๕๖๘ แล้ว')")
    assert "O11" in page.locator("#copied").locator("..").inner_text()  # 2568 O12 → 2569 O11
    assert "O11" in page.locator("#unmapped").locator("..").inner_text()  # 2568 O11 has no 2569 item
    shot(page, "oit-carry-over")
    page.get_by_role("link", name="ไปที่พื้นที่ทำงาน OIT ปี ๒๕๖๙").click()
    page.wait_for_selector("text=ตัวชี้วัดที่ ๙")
    shot(page, "oit-workspace-coordinator")

    # ... and assigns O1 to สำนักปลัด.
    page.locator("#answer-" + str(_answer("O1").pk)).get_by_role("link", name="O1", exact=True).click()
    assign = page.locator("section[aria-labelledby=assign]")
    assign.get_by_label("สำนักปลัด").check()
    assign.get_by_label("กำหนดเสร็จ").fill("๓๑/๑/๒๕๖๙")
    assign.get_by_label("สิ่งที่ข้อนี้ต้องการ (บันทึกของผู้ประสานงาน)").fill("แผนผังโครงสร้างพร้อมชื่อและเบอร์โทรผู้บริหาร")
    assign.get_by_role("button", name="บันทึกการมอบหมาย").click()
    page.wait_for_selector("text=บันทึกการมอบหมายข้อ O1 แล้ว")
    assert list(_answer("O1").departments.values_list("name", flat=True)) == ["สำนักปลัด"]
    log_out(page)

    # 2. The staff member of สำนักปลัด fills in the URL and the explanation and sends it for checking.
    log_in(page, "oit.office", PASSWORD)
    page.goto(f"{page.base}{base}/?department={_answer('O1').departments.get().pk}")
    page.get_by_role("link", name="O1", exact=True).click()
    fill = page.locator("section[aria-labelledby=fill]")
    fill.get_by_label("มี", exact=True).check()
    fill.get_by_label("URL (บรรทัดละหนึ่งลิงก์)").fill(f"{website}/structure")
    fill.get_by_label("คำอธิบาย").fill("แผนผังโครงสร้างองค์กรอยู่ที่หน้าเกี่ยวกับเรา")
    fill.get_by_label("รอตรวจ").check()
    shot(page, "oit-answer-staff")
    fill.get_by_role("button", name="บันทึกคำตอบ").click()
    page.wait_for_selector("text=บันทึกคำตอบข้อ O1 แล้ว")
    assert (_answer("O1").status, _answer("O1").explanation) == ("review", "แผนผังโครงสร้างองค์กรอยู่ที่หน้าเกี่ยวกับเรา")
    log_out(page)

    # 3. The coordinator checks it: ผ่านการตรวจ. The link has not been checked, so it does not count yet.
    log_in(page, "oit.coordinator", PASSWORD)
    page.goto(f"{page.base}/oit/answers/{_answer('O1').pk}/")
    check = page.locator("section[aria-labelledby=check]")
    check.get_by_label("ผ่านการตรวจ").check()
    check.get_by_role("button", name="บันทึกผลการตรวจ").click()
    page.wait_for_selector("text=บันทึกผลการตรวจข้อ O1: ผ่านการตรวจ")
    page.goto(f"{page.base}{base}/dashboard/")
    before = page.locator("#predicted-oit").inner_text()
    assert before == "๐.๐๐"
    assert "ลิงก์ยังไม่ได้ตรวจ" in page.content()

    # 4. The link checker passes the link (the local server names ๒๕๖๙), and the prediction rises.
    page.goto(f"{page.base}/oit/answers/{_answer('O1').pk}/")
    page.get_by_role("button", name="ตรวจลิงก์").click()
    page.wait_for_selector("text=ผ่านการตรวจลิงก์")
    shot(page, "oit-answer-checked")
    page.goto(f"{page.base}{base}/dashboard/")
    after = page.locator("#predicted-oit").inner_text()
    assert after == "๓.๓๓"  # O1 is one of 15 items of indicator 9, one of 2 OIT indicators
    shot(page, "oit-dashboard")
    assert problems_of(page, f"{base}/") == []
    assert problems_of(page, f"{base}/dashboard/") == []
    assert problems_of(page, f"/oit/answers/{_answer('O1').pk}/") == []

    # At a phone's width the pages do not scroll sideways.
    phone = open_page(browser, live_server, PHONE, mobile=True)
    log_in(phone, "oit.coordinator", PASSWORD)
    for path, name in [
        (f"{base}/", "oit-workspace-phone"),
        (f"/oit/answers/{_answer('O1').pk}/", "oit-answer-phone"),
        (f"{base}/dashboard/", "oit-dashboard-phone"),
    ]:
        phone.goto(f"{phone.base}{path}")
        assert_no_sideways_scroll(phone)
        shot(phone, name)
    phone.context.close()
    assert page.console_errors == []


def _answer(code: str) -> Answer:
    return Answer.objects.get(workspace__fiscal_year=2569, item__code=code)
