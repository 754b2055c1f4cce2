"""A department's staff member reports 6-month progress with a link and a PDF, in a real browser."""

import pytest

from ita_portal.demo.loader import DEMO_PASSWORD
from measures.models import Progress
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_staff_reports_six_month_progress_with_a_link_and_a_pdf(page, demo, shot, tmp_path):
    evidence = tmp_path / "รายงานการยืมทรัพย์สิน.pdf"
    evidence.write_bytes(PDF)
    plan = demo["ทุ่งโพธิ์"].plans.get(fiscal_year=2566)
    measure = plan.measures.get(number=4)  # สำนักปลัด's measure on government assets (seed 000)

    log_in(page, "thungpho.office", DEMO_PASSWORD)
    page.click("text=๑๐ มาตรการ")
    page.wait_for_selector("text=ตัวชี้วัดที่ ๔ การใช้ทรัพย์สินของราชการ")
    cell = page.locator(f"#progress-{measure.pk}-6")
    cell.get_by_role("link", name="รายงานผล").click()

    editor = page.locator("#editor")
    editor.get_by_label("อยู่ระหว่างดำเนินการ").check()
    editor.get_by_label("สรุปผลการดำเนินการ").fill("จัดทำร่างประกาศแนวปฏิบัติการยืมทรัพย์สินของราชการแล้ว")
    editor.get_by_label("ลิงก์หลักฐาน (บรรทัดละหนึ่งลิงก์)").fill("https://www.thungpho.go.th/ita/asset-loan")
    editor.get_by_label("แนบไฟล์หลักฐาน").set_input_files(str(evidence))
    shot(page, "progress-form-staff")
    editor.get_by_role("button", name="บันทึกผล").click()

    page.wait_for_selector("text=บันทึกผลรอบ ๖ เดือน ของมาตรการที่ ๔ แล้ว")
    assert "อยู่ระหว่างดำเนินการ" in cell.inner_text()
    assert "หลักฐาน ๒" in cell.inner_text()
    shot(page, "progress-saved-staff")
    progress = Progress.objects.get(measure=measure, round=6)
    assert progress.status == "in_progress"
    assert {e.url or e.original_name for e in progress.evidence.all()} == {
        "https://www.thungpho.go.th/ita/asset-loan",
        "รายงานการยืมทรัพย์สิน.pdf",
    }
    assert page.console_errors == []


def test_staff_sees_no_edit_button_on_another_departments_measure(page, demo):
    plan = demo["ทุ่งโพธิ์"].plans.get(fiscal_year=2566)
    finance_measure = plan.measures.get(number=2)  # กองคลัง only

    log_in(page, "thungpho.office", DEMO_PASSWORD)
    page.goto(f"{page.base}/agencies/{plan.agency_id}/plans/2566/")

    assert page.locator(f"#progress-{finance_measure.pk}-6 >> text=รายงานผล").count() == 0
    response = page.goto(f"{page.base}/measures/{finance_measure.pk}/progress/6/")
    assert response.status == 403
    assert "ส่วนราชการของท่าน" in page.content()
