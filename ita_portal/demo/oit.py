"""อบต.รอบเวียง's ITA 2569 OIT workspace, about half prepared, made through the OIT services.

Some items are ready, one has a broken link, one is overdue, and the workspace is published,
so a newcomer sees the workspace, the dashboard, the ITAS sheet and the public page at once.
The demo machine may have no internet, so the link checks are recorded as the checker would
have recorded them (the link checker itself is tested against a local server).
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from assessments.models import Agency
from oit.models import Answer, Link, Workspace
from oit.services import (
    AssignData,
    FillData,
    answer_assign,
    answer_check,
    answer_fill,
    workspace_open,
    workspace_publish,
)

DOMAIN = "robwiang.go.th"
OFFICE = "สำนักปลัด"
FINANCE = "กองคลัง"
# code → (department, explanation); the first ten are checked and ready.
PREPARED = {
    "O1": (OFFICE, "แผนผังโครงสร้างส่วนราชการ หน้าที่และอำนาจของ อบต.รอบเวียง"),
    "O2": (OFFICE, "ข้อมูลผู้บริหารทั้งฝ่ายการเมืองและฝ่ายประจำ พร้อมรูปถ่ายและช่องทางติดต่อ"),
    "O3": (OFFICE, "ที่อยู่ หมายเลขโทรศัพท์ อีเมล แผนที่ และช่องทางสอบถาม"),
    "O4": (OFFICE, "ข่าวประชาสัมพันธ์ปี ๒๕๖๙ เรียงตามวันที่"),
    "O5": (OFFICE, "แผนพัฒนาท้องถิ่น (พ.ศ. ๒๕๖๖–๒๕๗๐) และฉบับเพิ่มเติม"),
    "O6": (OFFICE, "แผนการดำเนินงานประจำปี ๒๕๖๙ และรายงานความก้าวหน้ารอบ ๖ เดือน"),
    "O8": (OFFICE, "คู่มือการปฏิบัติงานของเจ้าหน้าที่ทุกส่วนราชการ"),
    "O9": (OFFICE, "คู่มือสำหรับประชาชนตามพระราชบัญญัติการอำนวยความสะดวกฯ"),
    "O11": (FINANCE, "สรุปผลการจัดซื้อจัดจ้างรายเดือน ต.ค. ๖๘ – ปัจจุบัน"),
    "O12": (FINANCE, "รายงานสรุปผลการจัดซื้อจัดจ้างประจำปี ๒๕๖๘"),
    "O7": (OFFICE, "รายงานผลการดำเนินงานประจำปี ๒๕๖๘"),  # broken link
    "O10": (OFFICE, "ระบบ e-Service ยื่นคำร้องออนไลน์"),  # sent for checking
    "O13": (OFFICE, ""),  # overdue, still being prepared
}
READY = ["O1", "O2", "O3", "O4", "O5", "O6", "O8", "O9", "O11", "O12"]


def demo_oit_workspace() -> Workspace | None:
    """Create the demo workspace once; a later run leaves it (and a visitor's changes) alone."""
    agency = Agency.objects.filter(name="รอบเวียง").first()
    if agency is None or Workspace.objects.filter(agency=agency, fiscal_year=2569).exists():
        return None
    if not agency.website_domain:
        agency.website_domain = DOMAIN
        agency.save(update_fields=["website_domain"])
    coordinator = get_user_model().objects.get(username="robwiang.coord")
    workspace = workspace_open(agency=agency, fiscal_year=2569, user=coordinator)
    departments = {d.name: d for d in agency.departments.all()}
    answers = {a.item.code: a for a in workspace.answers.select_related("item", "workspace__agency")}
    today = timezone.localdate()
    for code, (department, explanation) in PREPARED.items():
        answer = answers[code]
        due = today - datetime.timedelta(days=5) if code == "O13" else datetime.date(2027, 3, 31)
        answer = answer_assign(
            answer=answer,
            user=coordinator,
            data=AssignData(departments=[departments[department]], responsible=None, due_date=due, requirement_note=""),
            expected_version=answer.version,
        )
        if not explanation:
            continue
        status = Answer.Status.REVIEW if code in READY or code == "O10" else Answer.Status.DRAFTING
        url = f"https://www.{DOMAIN}/ita/2569/{code.lower()}"
        answer = answer_fill(
            answer=answer,
            user=coordinator,
            data=FillData(has_data=Answer.Has.YES, urls=[url], explanation=explanation, status=status),
            expected_version=answer.version,
        )
        if code in READY:
            answer_check(answer=answer, user=coordinator, result="passed", comment="", expected_version=answer.version)
        _record_check(answer, broken=code == "O7")
    workspace_publish(workspace=workspace, user=coordinator, publish=True)
    return workspace


def _record_check(answer: Answer, *, broken: bool) -> None:
    link = answer.links.get()
    Link.objects.filter(pk=link.pk).update(
        checked_at=timezone.now(),
        check_ok=not broken,
        http_status=404 if broken else 200,
        final_url=link.url,
        content_type="text/html; charset=utf-8",
        on_agency_domain=True,
        mentions_year=None if broken else True,
        reasons=["ลิงก์เสีย (404)"] if broken else [],
    )
