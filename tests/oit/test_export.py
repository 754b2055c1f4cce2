"""The ITAS answer sheet (XLSX, CSV) and the printable checklist of an OIT workspace."""

from __future__ import annotations

import csv
import io
from urllib.parse import unquote

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from oit.models import Answer
from oit.services import FillData, answer_fill, workspace_open
from tests.factories import AgencyFactory, MembershipFactory, OverseerFactory
from tests.ita_portal.test_security_csp import inline_code

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = ["ข้อ", "รายการ", "มี/ไม่มี", "URL", "คำอธิบาย"]


@pytest.fixture
def oit(catalogue):
    """An agency with its people and its 2569 workspace (26 O-items), O1 and O2 answered, O3 answered ไม่มี."""
    agency = AgencyFactory(name="ทดลองโอไอที", website_domain="thotlong.go.th")
    people = {role: MembershipFactory(agency=agency, role=role).user for role in ("coordinator", "staff", "approver")}
    people["overseer"] = OverseerFactory(province=agency.province).user
    people["stranger"] = MembershipFactory(agency=AgencyFactory(name="ต่างถิ่น"), role="coordinator").user
    workspace = workspace_open(agency=agency, fiscal_year=2569, user=people["coordinator"])
    fill(workspace, people, "O1", "yes", ["https://thotlong.go.th/structure", "https://thotlong.go.th/org.pdf"], "ผัง")
    fill(workspace, people, "O2", "yes", ["https://thotlong.go.th/executives"], "=ผู้บริหาร (ข้อความเริ่มด้วยเครื่องหมาย)")
    fill(workspace, people, "O3", "no", [], "ยังไม่ได้จัดทำ")
    return {"agency": agency, "workspace": workspace, **people}


def fill(workspace, people, code, has_data, urls, explanation, status="drafting"):
    answer = workspace.answers.select_related("workspace__agency").get(item__code=code)
    return answer_fill(
        answer=answer,
        user=people["coordinator"],
        data=FillData(has_data=has_data, urls=urls, explanation=explanation, status=status),
        expected_version=answer.version,
    )


def url(name, workspace):
    return reverse(f"oit:{name}", args=[workspace.agency_id, workspace.fiscal_year])


def get_as(client, user, address):
    client.force_login(user)
    return client.get(address)


def test_the_xlsx_lists_every_o_item_in_itas_order_with_its_answer_and_one_url_per_line(client, oit):
    response = get_as(client, oit["staff"], url("itas_xlsx", oit["workspace"]))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "ทดลองโอไอที" in rows[0][0] and "๒๕๖๙" in rows[0][0]
    assert list(rows[1]) == HEADERS
    body = rows[2:]
    assert [row[0] for row in body] == [f"O{n}" for n in range(1, 27)]
    assert body[0][1:] == (
        "โครงสร้าง หน้าที่และอำนาจ",
        "มี",
        "https://thotlong.go.th/structure\nhttps://thotlong.go.th/org.pdf",
        "ผัง",
    )
    assert body[2][2:] == ("ไม่มี", None, "ยังไม่ได้จัดทำ")
    assert body[3][2:] == (None, None, None)  # O4 not answered yet


def test_the_xlsx_keeps_a_formula_like_explanation_as_text(client, oit):
    response = get_as(client, oit["coordinator"], url("itas_xlsx", oit["workspace"]))

    cell = load_workbook(io.BytesIO(response.content)).active["E4"]
    assert cell.value == "=ผู้บริหาร (ข้อความเริ่มด้วยเครื่องหมาย)"
    assert cell.data_type == "s"


def test_the_xlsx_prints_on_a4_landscape_with_a_bold_frozen_header_and_wrapped_text(client, oit):
    response = get_as(client, oit["coordinator"], url("itas_xlsx", oit["workspace"]))

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "A3"
    assert all(cell.font.bold for cell in sheet[2])
    assert sheet["D3"].alignment.wrap_text
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$2:$2"
    assert sheet.column_dimensions["D"].width > sheet.column_dimensions["A"].width


def test_the_csv_is_utf8_with_a_bom_and_keeps_several_urls_in_one_quoted_cell(client, oit):
    response = get_as(client, oit["approver"], url("itas_csv", oit["workspace"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    assert '"https://thotlong.go.th/structure\nhttps://thotlong.go.th/org.pdf"' in text
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == HEADERS
    assert [row[0] for row in rows[1:]] == [f"O{n}" for n in range(1, 27)]
    assert rows[1][3].split("\n") == ["https://thotlong.go.th/structure", "https://thotlong.go.th/org.pdf"]
    assert rows[2][4] == "'=ผู้บริหาร (ข้อความเริ่มด้วยเครื่องหมาย)"  # never run as a formula
    assert rows[3][2:] == ["ไม่มี", "", "ยังไม่ได้จัดทำ"]


@pytest.mark.parametrize(("name", "extension"), [("itas_xlsx", "xlsx"), ("itas_csv", "csv")])
def test_the_sheet_is_named_in_thai_with_the_year(client, oit, name, extension):
    response = get_as(client, oit["coordinator"], url(name, oit["workspace"]))

    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f'filename="itas-oit-{oit["agency"].pk}-2569.{extension}"' in disposition
    assert unquote(disposition.split("UTF-8''")[1]) == f"แบบตอบ OIT (ITAS) อบต.ทดลองโอไอที ปี 2569.{extension}"
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("role", ["coordinator", "staff", "approver", "overseer"])
def test_everyone_who_may_read_the_workspace_may_download_the_sheet_and_the_checklist(client, oit, role):
    client.force_login(oit[role])
    for name in ("itas_xlsx", "itas_csv", "checklist"):
        assert client.get(url(name, oit["workspace"])).status_code == 200


def test_another_agency_gets_a_404_and_the_anonymous_the_login_page(client, oit):
    for name in ("itas_xlsx", "itas_csv", "checklist"):
        assert client.get(url(name, oit["workspace"]))["Location"].startswith(reverse("login"))
        assert get_as(client, oit["stranger"], url(name, oit["workspace"])).status_code == 404
        client.logout()


def test_a_year_without_a_workspace_is_a_404(client, oit):
    client.force_login(oit["coordinator"])
    for name in ("itas_xlsx", "itas_csv", "checklist"):
        address = reverse(f"oit:{name}", args=[oit["agency"].pk, 2568])
        assert client.get(address).status_code == 404


def test_the_checklist_lists_every_item_with_its_boxes_urls_explanation_and_status(client, oit):
    response = get_as(client, oit["staff"], url("checklist", oit["workspace"]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "รายการตรวจการเปิดเผยข้อมูลสาธารณะ (OIT) ปีการประเมิน พ.ศ. ๒๕๖๙" in html
    assert "๒๖ ข้อ" in html
    for header in ("ข้อ", "รายการ", "มี/ไม่มี", "URL", "คำอธิบาย", "สถานะ"):
        assert f">{header}</th>" in html
    assert html.index(">O1<") < html.index(">O2<") < html.index(">O26<")
    assert "https://thotlong.go.th/structure<br>https://thotlong.go.th/org.pdf" in html
    # O1 and O2 answered มี, O3 ไม่มี; the other items have both boxes empty
    assert (html.count("☑ มี"), html.count("☐ มี")) == (2, 24)
    assert (html.count("☑ ไม่มี"), html.count("☐ ไม่มี")) == (1, 25)
    assert "กำลังจัดทำ" in html and "ยังไม่เริ่ม" in html
    assert "ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล" in html and "ตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต" in html
    assert "css/oit_public.css" in html  # its print rules
    assert inline_code(html) == []


def test_the_checklist_groups_items_under_their_sub_indicators_when_the_year_has_them(client, catalogue):
    agency = AgencyFactory()
    coordinator = MembershipFactory(agency=agency, role="coordinator").user
    workspace = workspace_open(agency=agency, fiscal_year=2567, user=coordinator)

    html = get_as(client, coordinator, url("checklist", workspace)).content.decode()

    assert "ตัวชี้วัดย่อยที่ ๙.๑ ข้อมูลพื้นฐาน" in html
    assert html.index("ตัวชี้วัดย่อยที่ ๙.๑") < html.index(">O1<") < html.index("ตัวชี้วัดย่อยที่ ๙.๒")
    assert workspace.answers.filter(has_data=Answer.Has.YES).count() == 0
