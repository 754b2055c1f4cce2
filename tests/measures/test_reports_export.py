"""Export of a plan with its progress to XLSX and CSV: Thai headers as in the seeds, one row per measure."""

import csv
import io
from urllib.parse import unquote

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from measures import export
from measures.models import MeasurePlan, Progress, Round
from tests.factories import (
    DepartmentFactory,
    EvidenceFactory,
    MeasureFactory,
    MembershipFactory,
    PlanFactory,
    ProgressFactory,
    UserFactory,
)

HEADERS = [
    "ลำดับ",
    "เครื่องมือ",
    "ตัวชี้วัด",
    "ข้อการประเมิน",
    "มาตรการ/แนวทาง",
    "ประเด็นที่ต้องปรับปรุงแก้ไข",
    "ขั้นตอน/วิธีการปฏิบัติ",
    "หน่วยงานผู้รับผิดชอบ",
    "ระยะเวลาดำเนินการ",
    "การรายงานผลและการกำกับติดตาม",
    *[
        f"{column} ({round_label})"
        for round_label in ("รอบ ๖ เดือน", "รอบ ๑๒ เดือน")
        for column in ("สถานะ", "สรุปผลดำเนินการ", "ผลลัพธ์/ความสำเร็จ", "หลักฐาน", "แก้ไขล่าสุดโดย/เมื่อ")
    ],
]
COLUMN = {header: index for index, header in enumerate(HEADERS)}


def get_xlsx(client, plan: MeasurePlan):
    response = client.get(reverse("measures:export_xlsx", args=[plan.pk]))
    assert response.status_code == 200
    return response, load_workbook(io.BytesIO(response.content)).active


def get_csv(client, plan: MeasurePlan) -> tuple[object, list[list[str]]]:
    response = client.get(reverse("measures:export_csv", args=[plan.pk]))
    assert response.status_code == 200
    return response, list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def thungpho(client, demo) -> MeasurePlan:
    client.force_login(UserFactory(username="thungpho.legal"))
    return MeasurePlan.objects.get(agency=demo["ทุ่งโพธิ์"], fiscal_year=2566)


def test_the_xlsx_has_the_title_row_the_thai_headers_and_a_row_per_measure(client, thungpho):
    response, sheet = get_xlsx(client, thungpho)

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert sheet.title == "มาตรการ ปีงบ ๒๕๖๖"
    assert sheet["A1"].value == (
        "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน องค์การบริหารส่วนตำบลทุ่งโพธิ์ ประจำปีงบประมาณ พ.ศ. ๒๕๖๖"
    )
    assert [cell.value for cell in sheet[2]] == HEADERS
    assert all(cell.font.bold for cell in sheet[2])
    assert sheet.freeze_panes == "A3"
    assert sheet.max_row - 2 == thungpho.measures.count() == 10
    assert sheet.column_dimensions["E"].width == 45  # มาตรการ/แนวทาง


def test_the_xlsx_rows_follow_the_plan_with_text_as_stored_and_statuses_in_thai(client, thungpho):
    _, sheet = get_xlsx(client, thungpho)
    first = [cell.value for cell in sheet[3]]

    assert first[COLUMN["มาตรการ/แนวทาง"]].startswith("การปฏิบัติงานให้บริการ")
    assert first[COLUMN["ลำดับ"]] == 1
    assert first[COLUMN["เครื่องมือ"]] == "IIT"
    assert first[COLUMN["ตัวชี้วัด"]].startswith("ตัวชี้วัดที่ ๑ ")
    assert first[COLUMN["หน่วยงานผู้รับผิดชอบ"]] == "สำนักปลัด"
    assert first[COLUMN["ระยะเวลาดำเนินการ"]] == "ตุลาคม ๒๕๖๕ – กันยายน ๒๕๖๖"
    assert first[COLUMN["สถานะ (รอบ ๑๒ เดือน)"]] == "ดำเนินการแล้วเสร็จ"
    assert first[COLUMN["สถานะ (รอบ ๖ เดือน)"]] == "ยังไม่รายงาน"
    assert first[COLUMN["สรุปผลดำเนินการ (รอบ ๑๒ เดือน)"]].startswith("ดำเนินการส่งเจ้าหน้าที่อบรม")
    assert sheet["E3"].alignment.wrap_text


def test_the_csv_is_utf8_with_a_bom_and_has_the_same_rows(client, thungpho):
    response, rows = get_csv(client, thungpho)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert rows[0] == HEADERS
    assert len(rows) - 1 == 10
    assert rows[1][COLUMN["มาตรการ/แนวทาง"]].startswith("การปฏิบัติงานให้บริการ")
    assert rows[1][COLUMN["สถานะ (รอบ ๑๒ เดือน)"]] == "ดำเนินการแล้วเสร็จ"
    assert [row[COLUMN["ลำดับ"]] for row in rows[1:]] == [str(n) for n in range(1, 11)]


def test_chanthapphet_keeps_its_issue_and_monitoring_text_with_thai_digits(client, demo):
    plan = MeasurePlan.objects.get(agency=demo["จันทบเพชร"], fiscal_year=2566)
    client.force_login(UserFactory(username="chanthapphet.finance"))

    _, rows = get_csv(client, plan)

    issues = [row[COLUMN["ประเด็นที่ต้องปรับปรุงแก้ไข"]] for row in rows[1:]]
    assert any(issue.startswith("i๒๐ ") for issue in issues)
    assert all(row[COLUMN["สถานะ (รอบ ๖ เดือน)"]] == "ดำเนินการแล้วเสร็จ" for row in rows[1:])
    assert all(row[COLUMN["สถานะ (รอบ ๑๒ เดือน)"]] == "ยังไม่รายงาน" for row in rows[1:])


@pytest.mark.parametrize(("view", "extension"), [("measures:export_xlsx", "xlsx"), ("measures:export_csv", "csv")])
def test_the_file_is_named_after_the_agency_and_year_per_rfc_5987(client, thungpho, view, extension):
    response = client.get(reverse(view, args=[thungpho.pk]))

    disposition = response["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="ita-measures-{thungpho.pk}-2566.{extension}"; ')
    encoded = disposition.split("filename*=UTF-8''")[1]
    assert unquote(encoded) == f"มาตรการ ITA อบต.ทุ่งโพธิ์ ปีงบประมาณ 2566.{extension}"
    assert encoded.isascii()


def test_evidence_editor_and_departments_fill_their_columns(client, db):
    plan = PlanFactory()
    office = DepartmentFactory(agency=plan.agency, name="สำนักปลัด", order=0)
    finance = DepartmentFactory(agency=plan.agency, name="กองคลัง", order=1)
    measure = MeasureFactory(plan=plan, responsible_text="")
    measure.departments.set([finance, office])
    editor = UserFactory(first_name="สมหญิง", last_name="ใจดี")
    progress = ProgressFactory(
        measure=measure, round=Round.SIX_MONTH, status=Progress.Status.IN_PROGRESS, updated_by=editor
    )
    EvidenceFactory(progress=progress, url="https://example.go.th/news/1")
    EvidenceFactory(progress=progress, url="", file="evidence/1/1/abc123.pdf", original_name="คำสั่งแต่งตั้ง.pdf")
    client.force_login(MembershipFactory(agency=plan.agency).user)

    _, rows = get_csv(client, plan)

    row = rows[1]
    assert row[COLUMN["หน่วยงานผู้รับผิดชอบ"]] == "สำนักปลัด, กองคลัง"
    assert row[COLUMN["สถานะ (รอบ ๖ เดือน)"]] == "อยู่ระหว่างดำเนินการ"
    assert row[COLUMN["หลักฐาน (รอบ ๖ เดือน)"]] == "https://example.go.th/news/1\nคำสั่งแต่งตั้ง.pdf"
    assert row[COLUMN["แก้ไขล่าสุดโดย/เมื่อ (รอบ ๖ เดือน)"]].startswith("สมหญิง ใจดี ")
    assert " น." in row[COLUMN["แก้ไขล่าสุดโดย/เมื่อ (รอบ ๖ เดือน)"]]
    assert row[COLUMN["สถานะ (รอบ ๑๒ เดือน)"]] == "ยังไม่รายงาน"


def test_text_that_looks_like_a_formula_stays_text(client, db):
    plan = PlanFactory()
    MeasureFactory(plan=plan, title='=HYPERLINK("http://example.com","x")', steps="- ขั้นตอนแรก")
    client.force_login(MembershipFactory(agency=plan.agency).user)

    _, sheet = get_xlsx(client, plan)
    _, rows = get_csv(client, plan)

    assert sheet["E3"].data_type == "s"
    assert sheet["E3"].value == '=HYPERLINK("http://example.com","x")'
    assert rows[1][COLUMN["มาตรการ/แนวทาง"]] == '\'=HYPERLINK("http://example.com","x")'
    assert rows[1][COLUMN["ขั้นตอน/วิธีการปฏิบัติ"]] == "'- ขั้นตอนแรก"


def test_control_characters_from_pdf_text_do_not_break_the_xlsx(client, db):
    plan = PlanFactory()
    MeasureFactory(plan=plan, title="มาตรการ\x0bที่มีอักขระควบคุม")
    client.force_login(MembershipFactory(agency=plan.agency).user)

    _, sheet = get_xlsx(client, plan)

    assert sheet["E3"].value == "มาตรการที่มีอักขระควบคุม"


def test_an_empty_plan_exports_only_its_headers(client, db):
    plan = PlanFactory()
    client.force_login(MembershipFactory(agency=plan.agency).user)

    _, sheet = get_xlsx(client, plan)
    _, rows = get_csv(client, plan)

    assert sheet.max_row == 2
    assert rows == [HEADERS]


def test_export_columns_match_the_headers_the_seeds_use():
    assert [header for header, _ in export.export_columns()] == HEADERS
