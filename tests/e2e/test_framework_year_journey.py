"""A new ITA year in a real browser: the system administrator starts 2570 from 2569, renames an item and
confirms it; then a coordinator plans FY 2570 on framework 2570 and links a measure to the renamed item.
"""

from __future__ import annotations

import pytest

from assessments.models import FrameworkVersion
from measures.models import Measure
from tests.e2e.conftest import log_in, log_out
from tests.factories import PASSWORD, DepartmentFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

RENAMED = "การนำผลการประเมิน ITA ไปใช้พัฒนาองค์กร (ทดสอบ)"


def test_an_administrator_starts_2570_and_a_coordinator_plans_on_its_renamed_item(page, catalogue, shot):
    UserFactory(username="catalogue.admin", first_name="ผู้ดูแล", last_name="ระบบ", is_staff=True)
    department = DepartmentFactory(agency__name="ทดลองกรอบใหม่", name="สำนักปลัด")
    MembershipFactory(user__username="newyear.coord", agency=department.agency, role="coordinator")

    # --- the administrator: catalogue → a new year from the latest → rename O25 → diff → confirm
    log_in(page, "catalogue.admin", PASSWORD)
    page.get_by_role("link", name="กรอบการประเมิน", exact=True).click()
    page.wait_for_selector("h1:has-text('กรอบการประเมิน ITA รายปี')")
    page.get_by_role("link", name="เริ่มปีใหม่จากปีก่อน").click()
    assert page.get_by_label("ปีการประเมินใหม่ (พ.ศ.)").input_value() == "๒๕๗๐"
    assert page.get_by_label("เริ่มจากสำเนาของ").input_value() == "2569"
    page.get_by_role("button", name="สร้างร่างปีใหม่").click()

    page.wait_for_selector("h1:has-text('แก้ไขร่างกรอบการประเมินปี ๒๕๗๐')")
    code = page.locator("input[name$='-code'][value='O25']")
    row = code.get_attribute("name").removesuffix("-code")
    page.fill(f"textarea[name='{row}-item_name_th']", RENAMED)
    page.get_by_role("button", name="บันทึกร่างและตรวจสอบการเปลี่ยนแปลง").click()

    page.wait_for_selector("h1:has-text('ตรวจสอบก่อนบันทึก')")
    assert "ข้อของปีใหม่ (๒๖)" in page.inner_text(".diff")
    assert RENAMED in page.inner_text(".diff-added")
    assert not FrameworkVersion.objects.filter(year=2570).exists(), "the diff writes nothing"
    shot(page, "catalogue-new-year-diff")
    page.get_by_role("button", name="ยืนยันการเปลี่ยนแปลง").click()

    page.wait_for_selector("text=บันทึกกรอบการประเมินปี ๒๕๗๐ ฉบับแก้ไขที่ ๑ แล้ว")
    framework = FrameworkVersion.objects.get(year=2570)
    assert framework.items.get(code="O25").name_th == RENAMED
    assert "ยังไม่ยืนยัน" in page.inner_text("table.catalogue-items")  # every row says how sure it is
    shot(page, "catalogue-year-2570")
    log_out(page)

    # --- the coordinator: a FY 2570 plan on framework 2570, a measure linked to the renamed item
    log_in(page, "newyear.coord", PASSWORD)
    assert page.get_by_role("link", name="กรอบการประเมิน", exact=True).count() == 0
    page.get_by_role("link", name="+ สร้างแผนมาตรการ").click()
    page.get_by_label("ปีงบประมาณ (พ.ศ.)").select_option("2570")
    page.get_by_label("อ้างอิงกรอบการประเมิน ITA").select_option(str(framework.pk))
    page.get_by_role("button", name="สร้างแผน").click()
    page.wait_for_selector("text=สร้างแผนมาตรการปีงบประมาณ ๒๕๗๐ แล้ว")

    page.get_by_role("link", name="+ เพิ่มมาตรการ").click()
    page.fill("#item-search", "O25")
    page.locator("#picker-items label.choice:visible").filter(has_text=RENAMED).locator("input").check()
    page.get_by_label("มาตรการ / แนวทาง").fill("นำผลการประเมิน ITA ปี ๒๕๖๙ มาจัดทำแผนพัฒนาองค์กร")
    page.get_by_label("สำนักปลัด").check()
    page.select_option("#id_period_start_0", "10")
    page.fill("#id_period_start_1", "๒๕๖๙")
    page.select_option("#id_period_end_0", "9")
    page.fill("#id_period_end_1", "๒๕๗๐")
    page.get_by_role("button", name="บันทึก").click()

    page.wait_for_selector("text=ตุลาคม ๒๕๖๙ – กันยายน ๒๕๗๐")
    measure = Measure.objects.get(title__startswith="นำผลการประเมิน ITA ปี ๒๕๖๙")
    assert measure.plan.framework == framework
    assert [i.name_th for i in measure.items.all()] == [RENAMED]
    assert RENAMED in page.inner_text("main")
    shot(page, "catalogue-measure-on-renamed-item")
    assert page.console_errors == []
