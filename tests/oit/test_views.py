"""The OIT workspace in the browser's terms: the workspace page and its filters, one answer, the dashboard.

Each view has its own-agency / other-agency / anonymous cases; staff fill only their department's items;
a stale save is refused with the Thai message and keeps what the person typed.
"""

from __future__ import annotations

import datetime
import http.server
import threading
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ita_portal import thai
from oit.models import Answer, AnswerEvidence, AnswerHistory, Link
from oit.services import AssignData, FillData, answer_assign, answer_check, answer_fill, workspace_open
from tests.factories import AgencyFactory, DepartmentFactory, MembershipFactory, scored_assessment
from tests.ita_portal.test_security_csp import inline_code

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
YEAR = 2569


@pytest.fixture
def people(catalogue):
    agency = AgencyFactory(name="ทดลองโอไอที", website_domain="thotlong.go.th")
    office = DepartmentFactory(agency=agency, name="สำนักปลัด")
    finance = DepartmentFactory(agency=agency, name="กองคลัง")
    other = AgencyFactory(name="หน่วยงานอื่นไกล", province="ตรัง")
    return {
        "agency": agency,
        "office": office,
        "finance": finance,
        "coordinator": MembershipFactory(agency=agency, role="coordinator").user,
        "office_staff": MembershipFactory(agency=agency, role="staff", department=office).user,
        "finance_staff": MembershipFactory(agency=agency, role="staff", department=finance).user,
        "approver": MembershipFactory(agency=agency, role="approver").user,
        "other_agency": other,
        "other_department": DepartmentFactory(agency=other, name="กองของหน่วยงานอื่น"),
        "outsider": MembershipFactory(agency=other, role="coordinator").user,
    }


@pytest.fixture
def workspace(people):
    return workspace_open(agency=people["agency"], fiscal_year=YEAR, user=people["coordinator"])


def answer_of(workspace, code):
    return workspace.answers.select_related("workspace__agency", "item").get(item__code=code)


def assign(people, answer, department, **extra):
    data = AssignData(departments=[department], responsible=None, due_date=None, requirement_note="")
    for name, value in extra.items():
        setattr(data, name, value)
    return answer_assign(answer=answer, user=people["coordinator"], data=data, expected_version=answer.version)


def fill(people, answer, urls, status="drafting", user="coordinator", has_data="yes"):
    answer = Answer.objects.get(pk=answer.pk)
    return answer_fill(
        answer=answer,
        user=people[user],
        data=FillData(has_data, urls, f"คำอธิบาย {answer.item.code}", status),
        expected_version=answer.version,
    )


def workspace_url(agency, name="oit:workspace", year=YEAR):
    return reverse(name, args=[agency.pk, year])


def codes_in(response):
    return {a.item.code for a in response.context["table"].data}


# --- the workspace page ------------------------------------------------------------------------------


def test_the_workspace_lists_every_o_item_grouped_by_indicator_for_a_member(client, people, workspace):
    client.force_login(people["office_staff"])

    response = client.get(workspace_url(people["agency"]))

    assert response.status_code == 200
    text = response.content.decode()
    assert len(codes_in(response)) == 26
    assert "ตัวชี้วัดที่ ๙" in text and "ตัวชี้วัดที่ ๑๐" in text
    assert "ไม่มี URL" in text and "ยังไม่เริ่ม" in text
    assert "ตรวจลิงก์ทั้งหมด" not in text  # the coordinator's button
    assert inline_code(text) == []


def test_the_workspace_of_another_agency_is_not_found(client, people, workspace):
    client.force_login(people["outsider"])

    assert client.get(workspace_url(people["agency"])).status_code == 404
    assert client.get(workspace_url(people["agency"], "oit:dashboard")).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, people, workspace):
    for url in (
        workspace_url(people["agency"]),
        workspace_url(people["agency"], "oit:dashboard"),
        reverse("oit:answer", args=[answer_of(workspace, "O1").pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_coordinator_opens_a_year_without_a_workspace_and_others_get_404(client, people, catalogue):
    url = workspace_url(people["agency"])
    client.force_login(people["office_staff"])
    assert client.get(url).status_code == 404
    assert client.post(workspace_url(people["agency"], "oit:workspace_open")).status_code == 403

    client.force_login(people["coordinator"])
    page = client.get(url)
    assert page.status_code == 200
    assert "เปิดพื้นที่ทำงาน OIT ปี ๒๕๖๙" in page.content.decode()

    response = client.post(workspace_url(people["agency"], "oit:workspace_open"))

    assert response.status_code == 302 and response["Location"] == url
    assert people["agency"].oit_workspaces.get(fiscal_year=YEAR).answers.count() == 26


def test_opening_a_year_for_another_agency_is_not_found(client, people, catalogue):
    client.force_login(people["outsider"])

    assert client.post(workspace_url(people["agency"], "oit:workspace_open")).status_code == 404
    assert not people["agency"].oit_workspaces.exists()


def test_carrying_over_from_2568_shows_what_was_copied_and_what_could_not_be_mapped(client, people):
    coordinator = people["coordinator"]
    last = workspace_open(agency=people["agency"], fiscal_year=2568, user=coordinator)
    fill(people, answer_of(last, "O12"), ["https://thotlong.go.th/procure"])
    fill(people, answer_of(last, "O11"), ["https://thotlong.go.th/stats"])
    workspace_open(agency=people["agency"], fiscal_year=YEAR, user=coordinator)
    client.force_login(coordinator)
    assert "ต่อยอดจากปี ๒๕๖๘</button>" in client.get(workspace_url(people["agency"])).content.decode()

    response = client.post(workspace_url(people["agency"], "oit:workspace_carry_over"))

    text = response.content.decode()
    assert response.status_code == 200
    assert "คัดลอกเป็นร่าง" in text and ">O11<" in text  # 2568 O12 → 2569 O11
    assert "ไม่มีข้อตรงกันในปีนี้" in text
    assert response.context["result"].unmapped  # 2568 O11 (service statistics) has no 2569 item
    assert "ต่อยอดจากปี ๒๕๖๘</button>" not in client.get(workspace_url(people["agency"])).content.decode()


def test_staff_cannot_carry_over_or_check_every_link(client, people, workspace):
    client.force_login(people["office_staff"])

    assert client.post(workspace_url(people["agency"], "oit:workspace_carry_over")).status_code == 403
    assert client.post(workspace_url(people["agency"], "oit:workspace_check_links")).status_code == 403


def test_the_filters_narrow_the_list(client, people, workspace):
    o1 = assign(people, answer_of(workspace, "O1"), people["office"], due_date=datetime.date(2020, 1, 31))
    o2 = assign(people, answer_of(workspace, "O2"), people["finance"])
    fill(people, o1, ["https://thotlong.go.th/o1"], status="review")
    fill(people, o2, ["https://thotlong.go.th/o2"])
    Link.objects.filter(answer=o2).update(checked_at=timezone.now(), check_ok=False, reasons=["ลิงก์เสีย (404)"])
    client.force_login(people["coordinator"])
    url = workspace_url(people["agency"])

    assert codes_in(client.get(url, {"no_url": "on"})) == {f"O{n}" for n in range(3, 27)}
    assert codes_in(client.get(url, {"status": "review"})) == {"O1"}
    assert codes_in(client.get(url, {"department": people["finance"].pk})) == {"O2"}
    assert codes_in(client.get(url, {"overdue": "on"})) == {"O1"}
    broken = client.get(url, {"broken": "on"})
    assert codes_in(broken) == {"O2"} and "ไม่ผ่าน ๑" in broken.content.decode()
    assert codes_in(client.get(url, {"department": people["office"].pk, "overdue": "on"})) == {"O1"}


def test_the_filter_results_come_alone_for_htmx(client, people, workspace):
    client.force_login(people["coordinator"])

    response = client.get(
        workspace_url(people["agency"]), {"status": "ready"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="oit-results"
    )

    assert response.status_code == 200
    assert "<h1>" not in response.content.decode() and "แสดง ๐ จาก ๒๖ ข้อ" in response.content.decode()


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_workspace_page_makes_as_many_queries_with_links_and_people_on_every_item(
    client, people, workspace, django_assert_max_num_queries
):
    client.force_login(people["coordinator"])
    url = workspace_url(people["agency"])
    bare = _queries(client, url)
    for answer in workspace.answers.select_related("workspace__agency", "item"):
        answer = answer_assign(
            answer=answer,
            user=people["coordinator"],
            data=AssignData([people["office"], people["finance"]], people["office_staff"], None, ""),
            expected_version=answer.version,
        )
        fill(people, answer, [f"https://thotlong.go.th/{answer.item.code}/{n}" for n in range(3)])

    assert _queries(client, url) == bare
    with django_assert_max_num_queries(15):
        client.get(url)


# --- one answer ---------------------------------------------------------------------------------------


def test_the_answer_page_shows_what_the_item_requires_its_links_and_history(client, people, workspace):
    answer = assign(people, answer_of(workspace, "O1"), people["office"], requirement_note="แผนผังพร้อมชื่อผู้บริหาร")
    fill(people, answer, ["https://thotlong.go.th/structure"])
    Link.objects.filter(answer=answer).update(
        checked_at=timezone.now(), check_ok=False, reasons=["ไม่อยู่บนเว็บไซต์หลักของหน่วยงาน"]
    )
    Link.objects.create(answer=answer, url="https://portal.example/report.pdf", order=5, generated=True)
    client.force_login(people["approver"])

    response = client.get(reverse("oit:answer", args=[answer.pk]))

    text = response.content.decode()
    assert response.status_code == 200
    assert "แผนผังพร้อมชื่อผู้บริหาร" in text
    assert "ไม่อยู่บนเว็บไซต์หลักของหน่วยงาน" in text and "สร้างจากระบบ" in text
    assert "มอบหมายงาน" in text and "https://thotlong.go.th/structure" in text  # the history
    assert "บันทึกคำตอบ" not in text  # an approver reads only
    assert inline_code(text) == []


def test_the_answer_of_another_agency_is_not_found(client, people, workspace):
    answer = answer_of(workspace, "O1")
    client.force_login(people["outsider"])

    for name in ("oit:answer_fill", "oit:answer_assign", "oit:answer_check", "oit:answer_evidence"):
        assert client.post(reverse(name, args=[answer.pk]), {"version": 1}).status_code == 404
    assert client.get(reverse("oit:answer", args=[answer.pk])).status_code == 404
    assert Answer.objects.get(pk=answer.pk).version == 1


def test_staff_fill_their_departments_item_and_send_it_for_checking(client, people, workspace):
    answer = assign(people, answer_of(workspace, "O1"), people["office"])
    client.force_login(people["office_staff"])
    page = client.get(reverse("oit:answer", args=[answer.pk])).content.decode()
    assert "บันทึกคำตอบ" in page and "บันทึกการมอบหมาย" not in page

    response = client.post(
        reverse("oit:answer_fill", args=[answer.pk]),
        {
            "version": answer.version,
            "has_data": "yes",
            "urls": "https://thotlong.go.th/structure\nthotlong.go.th/chart",
            "explanation": "โครงสร้างอยู่หน้าเกี่ยวกับเรา",
            "status": "review",
        },
    )

    assert response.status_code == 302
    answer.refresh_from_db()
    assert (answer.status, answer.explanation) == ("review", "โครงสร้างอยู่หน้าเกี่ยวกับเรา")
    assert list(answer.links.values_list("url", flat=True)) == [
        "https://thotlong.go.th/structure",
        "https://thotlong.go.th/chart",
    ]


def test_staff_of_another_department_and_approvers_may_not_fill(client, people, workspace):
    answer = assign(people, answer_of(workspace, "O1"), people["office"])
    body = {"version": answer.version, "has_data": "yes", "urls": "", "explanation": "ทับ", "status": "drafting"}

    for user in ("finance_staff", "approver"):
        client.force_login(people[user])
        assert "บันทึกคำตอบ" not in client.get(reverse("oit:answer", args=[answer.pk])).content.decode()
        response = client.post(reverse("oit:answer_fill", args=[answer.pk]), body)
        assert response.status_code == 403
        assert "ส่วนราชการของท่าน" in response.content.decode()
    assert Answer.objects.get(pk=answer.pk).explanation == ""


def test_staff_cannot_mark_their_answer_ready(client, people, workspace):
    answer = assign(people, answer_of(workspace, "O1"), people["office"])
    client.force_login(people["office_staff"])

    response = client.post(
        reverse("oit:answer_fill", args=[answer.pk]),
        {"version": answer.version, "has_data": "yes", "urls": "", "explanation": "", "status": "ready"},
    )

    assert response.status_code == 200
    assert response.context["fill_form"].errors["status"]
    assert Answer.objects.get(pk=answer.pk).status == "not_started"


def test_a_stale_save_is_refused_with_the_thai_message_and_keeps_the_input(client, people, workspace):
    answer = assign(people, answer_of(workspace, "O2"), people["office"])
    seen = answer.version
    fill(people, answer, ["https://thotlong.go.th/first"], user="coordinator")  # someone saves first
    client.force_login(people["office_staff"])

    response = client.post(
        reverse("oit:answer_fill", args=[answer.pk]),
        {
            "version": seen,
            "has_data": "yes",
            "urls": "https://thotlong.go.th/mine",
            "explanation": "คำอธิบายที่ฉันพิมพ์",
            "status": "review",
        },
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert "ยังไม่ได้บันทึก" in text and "หลังจากที่คุณเปิดแบบฟอร์ม" in text
    assert "คำอธิบายที่ฉันพิมพ์" in text and "https://thotlong.go.th/mine" in text
    current = Answer.objects.get(pk=answer.pk)
    assert response.context["fill_form"]["version"].value() == str(current.version)
    assert list(current.links.values_list("url", flat=True)) == ["https://thotlong.go.th/first"]


def test_the_coordinator_assigns_departments_of_this_agency_only(client, people, workspace):
    answer = answer_of(workspace, "O3")
    url = reverse("oit:answer_assign", args=[answer.pk])
    client.force_login(people["coordinator"])

    refused = client.post(url, {"version": 1, "departments": [people["other_department"].pk]})
    assert refused.status_code == 200 and refused.context["assign_form"].errors["departments"]

    response = client.post(
        url,
        {
            "version": 1,
            "departments": [people["finance"].pk],
            "responsible": people["finance_staff"].pk,
            "due_date": "๓๑/๑/๒๕๖๙",
            "requirement_note": "ข้อมูลครบ ๑๒ เดือน",
        },
    )

    assert response.status_code == 302
    answer.refresh_from_db()
    assert list(answer.departments.all()) == [people["finance"]]
    assert answer.due_date == datetime.date(2026, 1, 31)
    assert answer.responsible == people["finance_staff"]


def test_staff_may_not_assign_or_check(client, people, workspace):
    answer = assign(people, answer_of(workspace, "O3"), people["office"])
    client.force_login(people["office_staff"])

    assign_response = client.post(reverse("oit:answer_assign", args=[answer.pk]), {"version": answer.version})
    check_response = client.post(
        reverse("oit:answer_check", args=[answer.pk]), {"version": answer.version, "result": "passed"}
    )

    assert (assign_response.status_code, check_response.status_code) == (403, 403)
    assert Answer.objects.get(pk=answer.pk).status == "not_started"


def test_the_coordinators_check_passes_an_answer_or_asks_for_a_fix_with_a_comment(client, people, workspace):
    answer = fill(people, answer_of(workspace, "O4"), ["https://thotlong.go.th/o4"], status="review")
    url = reverse("oit:answer_check", args=[answer.pk])
    client.force_login(people["coordinator"])

    without_comment = client.post(url, {"version": answer.version, "result": "fix", "comment": ""})
    assert "กรุณาระบุสิ่งที่ต้องแก้ไข" in without_comment.content.decode()

    assert client.post(url, {"version": answer.version, "result": "passed"}).status_code == 302
    answer.refresh_from_db()
    assert (answer.status, answer.check_result) == ("ready", "passed")


def test_evidence_is_checked_stored_and_served_only_inside_the_agency(client, people, workspace):
    answer = assign(people, answer_of(workspace, "O5"), people["office"])
    url = reverse("oit:answer_evidence", args=[answer.pk])
    client.force_login(people["office_staff"])

    refused = client.post(url, {"files": [SimpleUploadedFile("x.pdf", b"<html>not a pdf</html>")]})
    assert "ไม่ใช่ชนิดที่รับ" in refused.content.decode() and not AnswerEvidence.objects.exists()
    assert client.post(url, {"files": [SimpleUploadedFile("คู่มือ.pdf", PDF)]}).status_code == 302

    evidence = AnswerEvidence.objects.get()
    assert (evidence.original_name, evidence.content_type) == ("คู่มือ.pdf", "application/pdf")
    assert AnswerHistory.objects.filter(answer=answer, action="แนบหลักฐาน").exists()
    download = client.get(reverse("oit:evidence", args=[evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Security-Policy"] == "sandbox; default-src 'none'"
    client.force_login(people["finance_staff"])  # another department reads, but may not attach
    assert client.get(reverse("oit:evidence", args=[evidence.pk])).status_code == 200
    assert client.post(url, {"files": [SimpleUploadedFile("b.pdf", PDF)]}).status_code == 403
    client.force_login(people["outsider"])
    assert client.get(reverse("oit:evidence", args=[evidence.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("oit:evidence", args=[evidence.pk])).status_code == 302


class _Pages(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/missing":
            self.send_response(404)
            self.end_headers()
            return
        body = "<html><body>แผนการจัดซื้อจัดจ้าง ประจำปี ๒๕๖๙</body></html>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def local_site(settings):
    settings.LINKCHECK_ALLOW_PRIVATE = True
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_link_check_button_records_each_links_result(client, people, workspace, local_site):
    people["agency"].website_domain = "127.0.0.1"
    people["agency"].save()
    answer = assign(people, answer_of(workspace, "O6"), people["office"])
    fill(people, answer, [f"{local_site}/plan", f"{local_site}/missing"], user="office_staff")
    client.force_login(people["office_staff"])

    response = client.post(reverse("oit:answer_check_links", args=[answer.pk]), follow=True)

    good, missing = answer.links.order_by("order")
    assert (good.check_ok, missing.check_ok) == (True, False)
    assert "ลิงก์เสีย (404)" in response.content.decode()
    assert "ผ่านการตรวจลิงก์" in response.content.decode()


def test_approvers_may_not_ask_for_a_link_check(client, people, workspace):
    client.force_login(people["approver"])

    response = client.post(reverse("oit:answer_check_links", args=[answer_of(workspace, "O1").pk]))

    assert response.status_code == 403


# --- the dashboard ------------------------------------------------------------------------------------


def test_the_dashboard_predicts_a_higher_oit_when_an_answer_becomes_ready_with_a_passing_link(
    client, people, workspace, catalogue
):
    scored_assessment(
        framework=catalogue[2568],
        fiscal_year=2568,
        agency=people["agency"],
        indicators={n: "90" for n in range(1, 9)},
        items={f"O{n}": "100" for n in range(1, 27)},
    )
    answer = fill(people, answer_of(workspace, "O1"), ["https://thotlong.go.th/o1"])
    answer_check(
        answer=answer, user=people["coordinator"], result="passed", comment="", expected_version=answer.version
    )
    client.force_login(people["office_staff"])
    url = workspace_url(people["agency"], "oit:dashboard")

    before = client.get(url)
    assert before.status_code == 200
    assert before.context["readiness"].predicted_oit == Decimal("0.00")
    assert "ลิงก์ยังไม่ได้ตรวจ" in before.content.decode()
    assert "ผลการประเมินปี ๒๕๖๘" in before.content.decode()
    Link.objects.filter(answer=answer).update(checked_at=timezone.now(), check_ok=True)
    after = client.get(url)

    text = after.content.decode()
    assert after.context["readiness"].predicted_oit == Decimal("3.33")
    assert '<dd class="score" id="predicted-oit">๓.๓๓</dd>' in text
    assert "สถานะ “ยังไม่เริ่ม”" in text  # the reason of each unready item's cost
    assert inline_code(text) == []


def test_the_dashboard_lists_overdue_no_url_and_broken_items_with_links_to_them(client, people, workspace):
    overdue = assign(people, answer_of(workspace, "O7"), people["office"], due_date=datetime.date(2020, 1, 1))
    broken = fill(people, answer_of(workspace, "O8"), ["https://thotlong.go.th/o8"])
    Link.objects.filter(answer=broken).update(checked_at=timezone.now(), check_ok=False)
    client.force_login(people["coordinator"])

    response = client.get(workspace_url(people["agency"], "oit:dashboard"))

    readiness = response.context["readiness"]
    assert [a.item.code for a in readiness.overdue] == ["O7"]
    assert [a.item.code for a in readiness.broken] == ["O8"]
    assert len(readiness.without_url) == 25
    assert reverse("oit:answer", args=[overdue.pk]) in response.content.decode()


# --- the link from the home page ----------------------------------------------------------------------


def test_the_home_page_links_every_member_to_this_fiscal_years_workspace(client, people):
    this_year = thai.fiscal_year(timezone.localdate())
    client.force_login(people["office_staff"])

    text = client.get(reverse("home")).content.decode()

    assert f"แบบวัดการเปิดเผยข้อมูลสาธารณะ (OIT) ปี {thai.thai_digits(this_year)}" in text
    assert workspace_url(people["agency"], year=this_year) in text
    assert workspace_url(people["other_agency"], year=this_year) not in text


def test_the_workspace_page_links_the_itas_sheet_the_checklist_and_publishing(client, catalogue):
    from django.urls import reverse

    from oit.services import workspace_open
    from tests.factories import MembershipFactory

    member = MembershipFactory(role="coordinator")
    workspace = workspace_open(agency=member.agency, fiscal_year=2569, user=member.user)
    client.force_login(member.user)
    url = reverse("oit:workspace", args=[member.agency.pk, 2569])

    page = client.get(url).content.decode()
    for name in ("oit:itas_xlsx", "oit:itas_csv", "oit:checklist", "oit:publish"):
        assert reverse(name, args=[member.agency.pk, 2569]) in page
    assert "เผยแพร่หน้า OIT" in page

    client.post(reverse("oit:publish", args=[member.agency.pk, 2569]), {"publish": "1"})
    page = client.get(url).content.decode()
    assert reverse("oit:public", args=[workspace.public_token]) in page and "หยุดเผยแพร่" in page


def test_the_workspace_page_refreshes_itself_while_a_link_check_runs_and_says_when_it_ended(
    client, catalogue, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from oit.models import Workspace
    from oit.services import workspace_open
    from tests.factories import MembershipFactory

    member = MembershipFactory(role="coordinator")
    workspace = workspace_open(agency=member.agency, fiscal_year=2569, user=member.user)
    client.force_login(member.user)
    url = reverse("oit:workspace", args=[member.agency.pk, 2569])

    with django_capture_on_commit_callbacks(execute=False) as queued:  # as if the broker had it, not yet run
        client.post(reverse("oit:workspace_check_links", args=[member.agency.pk, 2569]))
    running = client.get(url).content.decode()
    assert 'http-equiv="refresh"' in running and "กำลังตรวจลิงก์ทั้งหมด" in running

    for callback in queued:
        callback()  # the worker runs the check
    done = client.get(url).content.decode()
    assert 'http-equiv="refresh"' not in done and "ตรวจลิงก์ทั้งหมดล่าสุดเมื่อ" in done
    assert Workspace.objects.get(pk=workspace.pk).links_check_done_at is not None
