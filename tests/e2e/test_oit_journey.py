"""The OIT workspace in a real browser: issue 14's bar as one journey.

The coordinator opens 2569, carries it over from 2568 and assigns items to two departments; their staff
fill in URLs and explanations; "ตรวจลิงก์ทั้งหมด" runs the real link checker against a local HTTP server,
which passes one link, answers 404 for another and serves a third under a name that is not the agency's
website; the dashboard's predicted OIT and total rise once the good item is ready; the ITAS sheet
downloads; the coordinator publishes, and a logged-out visitor sees the items and downloads the approved
12-month report of FY 2568 (set up as an approved memo with its final signed PDF)."""

from __future__ import annotations

import http.server
import socket
import threading

import openpyxl
import pytest

from oit import linkcheck
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
from tests.oit.test_public import PDF, approved_memo

pytestmark = pytest.mark.django_db(transaction=True)

O26_EXPLANATION = "รายงานผลการดำเนินการตามมาตรการ รอบ ๑๒ เดือน ปีงบประมาณ ๒๕๖๘ ที่ผ่านการอนุมัติ"


class _Site(http.server.BaseHTTPRequestHandler):
    """The agency's website: every page names the year, except /missing/… which is not there (404)."""

    def do_GET(self):
        missing = self.path.startswith("/missing/")
        body = ("<html><body><h1>ไม่พบหน้านี้</h1></body></html>" if missing else
                "<html><body><h1>ข้อมูลปี ๒๕๖๙</h1></body></html>").encode()  # fmt: skip
        self.send_response(404 if missing else 200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def website(settings, monkeypatch):
    """The local server's port. The agency's domain is 127.0.0.1; "localhost" is the same server by another name."""
    settings.LINKCHECK_ALLOW_PRIVATE = True  # the checker may reach the server the test starts on 127.0.0.1
    resolve = linkcheck.resolve

    def only_this_machine(host: str, port: int) -> list[str]:
        # Last year's carried-over links name a real-looking .go.th site: the test never asks the Internet.
        if host not in ("127.0.0.1", "localhost"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [a for a in resolve(host, port) if a == "127.0.0.1"]

    monkeypatch.setattr(linkcheck, "resolve", only_this_machine)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture
def agency(catalogue):
    agency = AgencyFactory(name="ทุ่งโอไอที", province="สตูล", website_domain="127.0.0.1")
    office = DepartmentFactory(agency=agency, name="สำนักปลัด")
    finance = DepartmentFactory(agency=agency, name="กองคลัง")
    coordinator = UserFactory(username="oit.coordinator", first_name="สมศรี", last_name="ประสานงาน")
    MembershipFactory(user=coordinator, agency=agency, role="coordinator", position_title="นิติกร")
    staff = UserFactory(username="oit.office", first_name="สมหมาย", last_name="สำนักปลัด")
    MembershipFactory(user=staff, agency=agency, role="staff", department=office)
    clerk = UserFactory(username="oit.finance", first_name="สมใจ", last_name="กองคลัง")
    MembershipFactory(user=clerk, agency=agency, role="staff", department=finance)
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


@pytest.fixture
def report(agency):
    """FY 2568's 12-month progress report, approved through its memo chain with its final signed PDF."""
    coordinator = agency.memberships.get(role="coordinator").user
    return approved_memo(agency, coordinator, fiscal_year=2568, subject="รายงานผลการดำเนินการตามมาตรการ ๑๒ เดือน ปี ๒๕๖๘")


def test_a_year_of_oit_from_opening_to_the_published_page(page, browser, live_server, agency, report, website, shot):
    base = f"/agencies/{agency.pk}/oit/2569"
    good, broken, foreign = (
        f"http://127.0.0.1:{website}/about/structure",
        f"http://127.0.0.1:{website}/missing/procurement-2569",
        f"http://localhost:{website}/contact",
    )

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

    # ... and assigns O1 and O3 to สำนักปลัด, O12 to กองคลัง.
    page.locator("#answer-" + str(_answer("O1").pk)).get_by_role("link", name="O1", exact=True).click()
    assign = page.locator("section[aria-labelledby=assign]")
    assign.get_by_label("สำนักปลัด").check()
    assign.get_by_label("กำหนดเสร็จ").fill("๓๑/๑/๒๕๖๙")
    assign.get_by_label("สิ่งที่ข้อนี้ต้องการ (บันทึกของผู้ประสานงาน)").fill("แผนผังโครงสร้างพร้อมชื่อและเบอร์โทรผู้บริหาร")
    assign.get_by_role("button", name="บันทึกการมอบหมาย").click()
    page.wait_for_selector("text=บันทึกการมอบหมายข้อ O1 แล้ว")
    _assign(page, "O3", "สำนักปลัด")
    _assign(page, "O12", "กองคลัง")
    assert {code: _departments(code) for code in ("O1", "O3", "O12")} == {
        "O1": ["สำนักปลัด"],
        "O3": ["สำนักปลัด"],
        "O12": ["กองคลัง"],
    }
    log_out(page)

    # 2. The staff of สำนักปลัด fill in O1 and O3 and send them for checking; กองคลัง fills in O12.
    log_in(page, "oit.office", PASSWORD)
    page.goto(f"{page.base}{base}/?department={_answer('O1').departments.get().pk}")
    page.get_by_role("link", name="O1", exact=True).click()
    _fill(
        page, "O1", good, "แผนผังโครงสร้างองค์กรอยู่ที่หน้าเกี่ยวกับเรา",
        before_save=lambda: shot(page, "oit-answer-staff"),
    )  # fmt: skip
    _fill(page, "O3", foreign, "ที่อยู่ เบอร์โทร และอีเมลของสำนักงาน")
    assert (_answer("O1").status, _answer("O1").explanation) == ("review", "แผนผังโครงสร้างองค์กรอยู่ที่หน้าเกี่ยวกับเรา")
    log_out(page)
    log_in(page, "oit.finance", PASSWORD)
    _fill(page, "O12", broken, "รายงานสรุปผลการจัดซื้อจัดจ้างประจำปี ๒๕๖๘")
    log_out(page)

    # The coordinator checks O1: ผ่านการตรวจ; its link has not been checked, so it does not count yet.
    # O26 (the measures item) already carries the approved 12-month report: the coordinator answers มี.
    log_in(page, "oit.coordinator", PASSWORD)
    page.goto(f"{page.base}/oit/answers/{_answer('O1').pk}/")
    check = page.locator("section[aria-labelledby=check]")
    check.get_by_label("ผ่านการตรวจ").check()
    check.get_by_role("button", name="บันทึกผลการตรวจ").click()
    page.wait_for_selector("text=บันทึกผลการตรวจข้อ O1: ผ่านการตรวจ")
    page.goto(f"{page.base}/oit/answers/{_answer('O26').pk}/")
    assert page.locator("section[aria-labelledby=links] .generated").inner_text() == "สร้างจากระบบ"
    _fill(page, "O26", None, O26_EXPLANATION, status=None)
    page.goto(f"{page.base}{base}/dashboard/")
    before = (page.locator("#predicted-oit").inner_text(), page.locator("#predicted-total").inner_text())
    assert before[0] == "๐.๐๐"
    assert "ลิงก์ยังไม่ได้ตรวจ" in page.content()

    # 3. "ตรวจลิงก์ทั้งหมด": the real checker passes O1, finds O12's page missing and O3's off the agency's site.
    page.goto(f"{page.base}{base}/")
    page.get_by_role("button", name="ตรวจลิงก์ทั้งหมด").click()
    page.wait_for_selector("text=ส่งตรวจลิงก์ทั้งหมดแล้ว")
    assert page.locator(f"#answer-{_answer('O1').pk}").get_by_text("ผ่าน", exact=True).is_visible()
    page.get_by_label("ลิงก์ไม่ผ่านการตรวจ").check()  # the filter, through htmx
    page.wait_for_selector("text=แสดง ๓ จาก ๒๖ ข้อ")  # O3, O11 (last year's site, not found) and O12
    table = page.locator("#oit-results tbody")
    assert [table.locator(f"#answer-{_answer(c).pk}").count() for c in ("O1", "O3", "O11", "O12")] == [0, 1, 1, 1]
    for code in ("O3", "O12"):
        assert "ไม่ผ่าน ๑" in table.locator(f"#answer-{_answer(code).pk}").inner_text()
    shot(page, "oit-workspace-links-checked")
    table.get_by_role("link", name="O12", exact=True).click()
    links = page.locator("section[aria-labelledby=links]")
    assert links.locator(".reason").all_inner_texts() == ["ลิงก์เสีย (404)"]
    assert "HTTP ๔๐๔" in links.inner_text()
    shot(page, "oit-answer-broken")
    page.goto(f"{page.base}/oit/answers/{_answer('O3').pk}/")
    assert links.locator(".reason").all_inner_texts() == ["ไม่อยู่บนเว็บไซต์หลักของหน่วยงาน"]
    shot(page, "oit-answer-foreign")
    page.goto(f"{page.base}/oit/answers/{_answer('O1').pk}/")
    assert links.get_by_text("ผ่านการตรวจลิงก์").is_visible()
    assert page.get_by_text("นับคะแนน ๑๐๐ ในการคาดการณ์").is_visible()
    shot(page, "oit-answer-checked")

    # 4. O1 is ready and its link passed: the predicted OIT and the predicted total rise.
    page.goto(f"{page.base}{base}/dashboard/")
    after = (page.locator("#predicted-oit").inner_text(), page.locator("#predicted-total").inner_text())
    assert after[0] == "๓.๓๓"  # O1 is one of 15 items of indicator 9, one of 2 OIT indicators
    assert _number(after[1]) > _number(before[1])
    broken_list = page.locator("section[aria-labelledby=broken] .code").all_inner_texts()
    assert broken_list == ["O3", "O11", "O12"]
    shot(page, "oit-dashboard")
    assert problems_of(page, f"{base}/") == []
    assert problems_of(page, f"{base}/dashboard/") == []
    assert problems_of(page, f"/oit/answers/{_answer('O1').pk}/") == []

    # 5. The ITAS sheet downloads: every O-item in order, the filled ones as typed.
    page.goto(f"{page.base}{base}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="แบบตอบสำหรับ ITAS (Excel)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with open(download.value.path(), "rb") as xlsx:  # Playwright's copy has no extension
        sheet = openpyxl.load_workbook(xlsx).active
    assert [c.value for c in sheet[2]] == ["ข้อ", "รายการ", "มี/ไม่มี", "URL", "คำอธิบาย"]
    rows = [row for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert [row[0] for row in rows] == [f"O{n}" for n in range(1, 27)]
    filled = {row[0]: (row[2], row[3], row[4]) for row in rows if row[2] or row[3] or row[4]}
    generated = _answer("O26").links.get(generated=True).url
    assert filled == {
        "O1": ("มี", good, "แผนผังโครงสร้างองค์กรอยู่ที่หน้าเกี่ยวกับเรา"),
        "O3": ("มี", foreign, "ที่อยู่ เบอร์โทร และอีเมลของสำนักงาน"),
        "O11": ("มี", "https://www.thungoit.go.th/procurement", "ข้อมูลปี ๒๕๖๘ (O12)"),  # carried over, a draft
        "O12": ("มี", broken, "รายงานสรุปผลการจัดซื้อจัดจ้างประจำปี ๒๕๖๘"),
        "O26": ("มี", generated, O26_EXPLANATION),
    }
    assert generated.endswith(f"/documents/{report.pk}/{report.final_sha256[:16]}.pdf")

    # 6. The coordinator publishes; a visitor who never logged in sees the items and downloads the report.
    page.get_by_role("button", name="เผยแพร่หน้า OIT").click()
    page.wait_for_selector("text=เผยแพร่หน้าข้อมูล OIT ต่อสาธารณะแล้ว")
    address = page.locator("section.publish p").first.get_by_role("link").get_attribute("href")
    shot(page, "oit-workspace-published")
    visitor = open_page(browser, live_server)
    visitor.goto(f"{visitor.base}{address}")
    visitor.wait_for_selector("h1:has-text('การเปิดเผยข้อมูลสาธารณะ (OIT) ประจำปี พ.ศ. ๒๕๖๙')")
    assert visitor.get_by_role("button", name="ออกจากระบบ").count() == 0
    items = visitor.locator("table.oit-items")
    assert items.locator("thead th").all_inner_texts() == ["ข้อ", "รายการ", "URL", "คำอธิบาย"]
    o1 = items.locator("tr", has=visitor.locator("th", has_text="O1")).first
    assert o1.locator("td").all_inner_texts() == [
        "โครงสร้าง หน้าที่และอำนาจ",
        good,
        "แผนผังโครงสร้างองค์กรอยู่ที่หน้าเกี่ยวกับเรา",
    ]
    assert items.get_by_role("link", name=generated).count() == 1  # O26 points at the report
    documents = visitor.locator("section[aria-labelledby=oit-documents]")
    assert report.subject in documents.inner_text()
    pdf = documents.get_by_role("link", name="ดาวน์โหลด PDF").get_attribute("href")
    assert generated.endswith(pdf)  # the item's link and the page's download are one address
    shot(visitor, "oit-public-page")
    response = visitor.request.get(f"{visitor.base}{pdf}")
    assert (response.status, response.headers["content-type"]) == (200, "application/pdf")
    assert response.body() == PDF
    assert problems_of(visitor, address) == []
    assert visitor.console_errors == []
    visitor.context.close()

    # At a phone's width the pages do not scroll sideways.
    phone = open_page(browser, live_server, PHONE, mobile=True)
    log_in(phone, "oit.coordinator", PASSWORD)
    for path, name in [
        (f"{base}/", "oit-workspace-phone"),
        (f"/oit/answers/{_answer('O1').pk}/", "oit-answer-phone"),
        (f"{base}/dashboard/", "oit-dashboard-phone"),
        (address, "oit-public-phone"),
    ]:
        phone.goto(f"{phone.base}{path}")
        assert_no_sideways_scroll(phone)
        shot(phone, name)
    phone.context.close()
    assert page.console_errors == []


def _answer(code: str) -> Answer:
    return Answer.objects.get(workspace__fiscal_year=2569, item__code=code)


def _departments(code: str) -> list[str]:
    return list(_answer(code).departments.values_list("name", flat=True))


def _number(text: str) -> float:
    """A score as the dashboard shows it, in Thai digits."""
    return float(text.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")).replace(",", ""))


def _assign(page, code: str, department: str) -> None:
    page.goto(f"{page.base}/oit/answers/{_answer(code).pk}/")
    assign = page.locator("section[aria-labelledby=assign]")
    assign.get_by_label(department).check()
    assign.get_by_role("button", name="บันทึกการมอบหมาย").click()
    page.wait_for_selector(f"text=บันทึกการมอบหมายข้อ {code} แล้ว")


def _fill(
    page, code: str, url: str | None, explanation: str, *, status: str | None = "รอตรวจ", before_save=None
) -> None:
    """Answer มี with the URL (None: keep the links there are), the explanation and the status (None: keep it)."""
    if f"/oit/answers/{_answer(code).pk}/" not in page.url:
        page.goto(f"{page.base}/oit/answers/{_answer(code).pk}/")
    fill = page.locator("section[aria-labelledby=fill]")
    fill.get_by_label("มี", exact=True).check()
    if url is not None:
        fill.get_by_label("URL (บรรทัดละหนึ่งลิงก์)").fill(url)
    fill.get_by_label("คำอธิบาย").fill(explanation)
    if status is not None:
        fill.get_by_label(status).check()
    if before_save:
        before_save()
    fill.get_by_role("button", name="บันทึกคำตอบ").click()
    page.wait_for_selector(f"text=บันทึกคำตอบข้อ {code} แล้ว")
