"""A coordinator adds a measure, finding items by typing part of their code or Thai name."""

import pytest

from ita_portal.demo.loader import DEMO_PASSWORD
from measures.models import Measure
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_item_picker_filters_by_thai_name_and_code_and_the_measure_is_saved(page, demo, shot):
    plan = demo["จันทบเพชร"].plans.get(fiscal_year=2566)  # framework 2565
    log_in(page, "chanthapphet.coord", DEMO_PASSWORD)
    page.goto(f"{page.base}/plans/{plan.pk}/measures/new/")

    picker = page.locator("#picker-items")
    page.fill("#item-search", "รายงานการกำกับ")
    visible = [t.strip() for t in picker.locator("label.choice:visible").all_inner_texts()]
    assert [t.split()[0] for t in visible] == ["O11", "O19", "O40"]
    picker.get_by_label("O11 รายงานการกำกับติดตามการดำเนินงานประจำปี รอบ 6 เดือน").check()
    page.fill("#item-search", "O20")
    assert [t.split()[0] for t in picker.locator("label.choice:visible").all_inner_texts()] == ["O11", "O20"]

    page.get_by_label("มาตรการ / แนวทาง").fill("จัดทำรายงานการกำกับติดตามการดำเนินงานรอบ ๖ เดือนให้ทันกำหนด")
    page.get_by_label("สำนักปลัด").check()
    page.select_option("#id_period_start_0", "10")
    page.fill("#id_period_start_1", "๒๕๖๕")
    page.select_option("#id_period_end_0", "3")
    page.fill("#id_period_end_1", "2566")
    shot(page, "measure-form-coordinator")
    page.get_by_role("button", name="บันทึก").click()

    page.wait_for_selector("text=ตุลาคม ๒๕๖๕ – มีนาคม ๒๕๖๖")
    measure = Measure.objects.get(plan=plan, title__startswith="จัดทำรายงานการกำกับติดตาม")
    assert list(measure.items.values_list("code", flat=True)) == ["O11"]
    assert page.console_errors == []
