"""The coordinator's year, in a real browser: import the ITA results, turn weaknesses into measures,
print the 12-month report and send it up in a memo.

ทุ่งโพธิ์ (seed 000) is the agency: it has the approval chain of the seed memo and a 2566 plan, but
no ITA results; the coordinator imports its ITA 2565 item table, so the suggestions land in the
2566 plan (the year after the assessment), and the report and the memo are of that same plan.
"""

from __future__ import annotations

import re

import pytest

from assessments.models import Assessment, FrameworkVersion
from ita_portal.demo.loader import DEMO_PASSWORD
from measures.models import Measure
from reports.models import GeneratedDocument, Memo
from tests.assessments.fixtures.imports_helpers import ITEM_HEADER, xlsx_bytes
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)

ZERO_ITEMS = {
    "O16": "ไม่พบรายงานผลการสำรวจความพึงพอใจการให้บริการของปีที่ประเมิน",
    "O36": "ไม่พบผลการประเมินความเสี่ยงการทุจริตประจำปี",
    "O40": "รายงานไม่ครอบคลุมรอบ ๖ เดือน",
}
# Indicators 1–8 come from the surveys; typed as published, two of them below the pass mark (85).
SURVEY_SCORES = {1: "92.10", 2: "88.40", 3: "79.55", 4: "90.00", 5: "86.20", 6: "91.00", 7: "87.30", 8: "84.00"}


def item_table_2565() -> bytes:
    """ทุ่งโพธิ์'s OIT table for ITA 2565 in seed 001's columns: every item, three of them at 0."""
    items = FrameworkVersion.objects.get(year=2565).items.filter(indicator__tool__code="OIT").order_by("order")
    rows = [["ผลการประเมินแบบ OIT องค์การบริหารส่วนตำบลทุ่งโพธิ์"], ITEM_HEADER]
    for item in items:
        zero = item.code in ZERO_ITEMS
        rows.append([item.code, item.name_th, ZERO_ITEMS.get(item.code, "ผ่าน"), 0 if zero else 100])
    return xlsx_bytes(rows)


def test_the_coordinator_imports_results_plans_reports_and_submits_a_memo(page, demo, shot, tmp_path):
    agency = demo["ทุ่งโพธิ์"]
    table = tmp_path / "ผลการประเมิน OIT 2565 ทุ่งโพธิ์.xlsx"
    table.write_bytes(item_table_2565())

    log_in(page, "thungpho.legal", DEMO_PASSWORD)

    # --- import the ITA 2565 item table: home → enter results → import from a file
    page.get_by_role("link", name="+ บันทึกผลการประเมิน ITA").click()
    page.get_by_label("ปีการประเมิน (พ.ศ.)").select_option(label="ITA ๒๕๖๕")
    page.get_by_role("button", name="ต่อไป").click()
    page.get_by_role("link", name="นำเข้าตารางผลรายข้อจากไฟล์").click()
    page.wait_for_selector("h1:has-text('นำเข้าผลรายข้อ OIT')")
    page.get_by_label("ปีการประเมิน (พ.ศ.)").select_option("2565")
    page.get_by_label("ตารางผลรายข้อ OIT (.xlsx หรือ .csv)").set_input_files(str(table))
    for number, score in SURVEY_SCORES.items():
        page.get_by_label(f"ตัวชี้วัดที่ {number}", exact=True).fill(score)
    page.get_by_role("button", name="ตรวจสอบไฟล์").click()

    summary = page.locator(".import-summary")
    summary.wait_for()
    assert "๔๓ ข้อในไฟล์" in summary.inner_text()
    assert "๔๓ ข้อใหม่" in summary.inner_text()
    assert not Assessment.objects.filter(agency=agency).exists(), "the preview writes nothing"
    shot(page, "coordinator-import-preview")
    page.get_by_role("button", name="ยืนยันนำเข้า").click()
    page.wait_for_selector("text=บันทึกผลการประเมิน ITA ๒๕๖๕ แล้ว")
    assessment = Assessment.objects.get(agency=agency, fiscal_year=2565)
    assert assessment.item_results.filter(score=0).count() == 3

    # --- the analysis, then two weaknesses into measures of the 2566 plan
    page.get_by_role("link", name="ดูผลการวิเคราะห์ ITA ๒๕๖๕").click()
    page.wait_for_selector("h1:has-text('ปีงบประมาณ พ.ศ. ๒๕๖๕')")
    assert page.inner_text(".verdict").startswith("ผ่านเกณฑ์")  # 89.41 overall, yet two survey indicators are weak
    assert "จุดที่ต้องพัฒนา ๒ ตัวชี้วัด · ข้อที่ได้ ๐ คะแนน ๓ ข้อ" in page.inner_text(".summary")
    zero_rows = page.locator("table.zero-items tbody tr")
    assert zero_rows.count() == 3
    assert "ไม่พบผลการประเมินความเสี่ยงการทุจริตประจำปี" in page.inner_text("#item-O36")
    shot(page, "coordinator-analysis")

    plan = agency.plans.get(fiscal_year=2566)
    before = set(plan.measures.values_list("pk", flat=True))
    page.get_by_role("link", name="สร้างมาตรการจากจุดที่ต้องพัฒนา").click()
    page.wait_for_selector("h1:has-text('มาตรการที่เสนอจากผลการประเมิน')")
    shot(page, "coordinator-suggestions")
    titles = []
    for _ in range(2):
        first = page.locator("article.suggestion").first
        titles.append(first.locator("h2").inner_text())
        first.get_by_role("button", name="รับเป็นมาตรการ", exact=True).click()
        page.wait_for_selector(f"text=รับเป็นมาตรการแล้ว: {titles[-1]}")
    new = Measure.objects.filter(plan=plan).exclude(pk__in=before)
    assert sorted(new.values_list("title", flat=True)) == sorted(titles)
    assert all(m.suggestion_key for m in new)

    # --- the 12-month progress report of the 2566 plan: request, wait, download
    page.get_by_role("link", name="หน้าแรก", exact=True).first.click()
    page.get_by_role("link", name="เอกสาร PDF ของหน่วยงาน").click()
    form = page.locator("#document-form")
    form.get_by_label("ชนิดเอกสาร").select_option("progress")
    # The latest plan (FY 2570, the current cycle) is offered first; the seed's report is of FY 2566.
    assert form.get_by_label("ปีงบประมาณ (พ.ศ.)").input_value() == "2570"
    form.get_by_label("ปีงบประมาณ (พ.ศ.)").fill("2566")
    assert form.get_by_label("รอบรายงาน").input_value() == "12"
    form.get_by_role("button", name="สร้างเอกสาร").click()
    page.wait_for_selector("text=รับคำขอสร้างเอกสาร")
    download_button = page.get_by_role("link", name="ดาวน์โหลด PDF")
    download_button.wait_for(timeout=60_000)  # rendered inline in tests; the page polls until it is done
    shot(page, "coordinator-document-ready")
    with page.expect_download() as info:
        download_button.click()
    report = tmp_path / "report.pdf"
    info.value.save_as(report)
    assert report.read_bytes().startswith(b"%PDF")
    document = GeneratedDocument.objects.get(agency=agency, kind="progress", fiscal_year=2566, round=12)
    assert document.status == GeneratedDocument.Status.DONE
    assert {m["title"] for m in _snapshot_measures(document.snapshot)} >= set(titles)

    # --- a memo carrying the report, saved as a draft, then submitted
    page.get_by_role("link", name="เสนอผ่านบันทึกข้อความ").click()
    page.wait_for_selector("h1:has-text('สร้างบันทึกข้อความ')")
    assert page.locator(f"input[name=documents][value='{document.pk}']").is_checked()
    shot(page, "coordinator-memo-form")
    page.get_by_role("button", name="บันทึก", exact=True).click()
    page.wait_for_selector("text=บันทึกร่างบันทึกข้อความแล้ว")
    memo = Memo.objects.get(agency=agency)
    assert memo.status == Memo.Status.DRAFT
    page.get_by_role("button", name="เสนอ", exact=True).click()

    memo.refresh_from_db()
    assert memo.status == Memo.Status.SUBMITTED and memo.number_text
    page.wait_for_selector(f"text=เสนอบันทึกข้อความที่ {memo.number_text} แล้ว")
    facts = page.inner_text(".memo-facts")
    assert re.search(rf"ที่\s+{re.escape(memo.number_text)}", facts)
    assert "รอหัวหน้าสำนักปลัด อบต." in facts
    shot(page, "coordinator-memo-submitted")
    assert page.console_errors == []


def _snapshot_measures(snapshot):
    """Every measure dict anywhere in a progress snapshot (the layouts group them differently)."""
    if isinstance(snapshot, dict):
        if "title" in snapshot and "number" in snapshot:
            yield snapshot
        for value in snapshot.values():
            yield from _snapshot_measures(value)
    elif isinstance(snapshot, list):
        for value in snapshot:
            yield from _snapshot_measures(value)
