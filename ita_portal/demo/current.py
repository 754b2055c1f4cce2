"""The year people live in (FY 2570), entered through the same services a coordinator's clicks call.

- อบต.รอบเวียง: its ITA 2568 result (26 OIT items, rated ผ่าน because its EIT is below 85) and a
  FY 2569 plan made from it: the 2569 practice's one lowest indicator and the zero-scored items,
  with both rounds reported;
- อบต.ทุ่งโพธิ์: a FY 2570 plan keyed to ITA 2569 items, its six-month round under way.
The seed documents' own years stay as they are. Rows are created once: running the demo again
leaves what is there (and anything a visitor changed) alone.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model

from assessments.models import Agency, Assessment, FrameworkVersion
from assessments.services import ItemData, ResultsData, assessment_save_results
from measures.models import MeasurePlan, Progress, Round
from measures.services import MeasureData, ProgressData, measure_create, plan_create, progress_save
from measures.suggestions import suggestion_accept

# ITA 2568 of อบต.รอบเวียง: indicators 1–8 as published; O7, O11 and O22 scored 0.
ROBWIANG_2568_INDICATORS = {
    1: "96.12",
    2: "94.80",
    3: "93.55",
    4: "95.40",
    5: "94.95",
    6: "82.37",
    7: "84.10",
    8: "86.02",
}
ROBWIANG_2568_ZEROS = {
    "O7": "ไม่พบรายงานผลการดำเนินงานประจำปีของปีงบประมาณ พ.ศ. ๒๕๖๗ บนเว็บไซต์หลักของหน่วยงาน",
    "O11": "ข้อมูลสถิติการให้บริการไม่ครบทุกเดือน (ขาดเดือนมกราคม–มีนาคม ๒๕๖๘)",
    "O22": "ไม่พบรายงานการรับทรัพย์สินหรือประโยชน์อื่นใดโดยธรรมจรรยา ประจำปีงบประมาณ พ.ศ. ๒๕๖๗",
}
DONE, DOING, TODO = Progress.Status.DONE, Progress.Status.IN_PROGRESS, Progress.Status.NOT_STARTED


def demo_current_cycle() -> None:
    """Create the current-cycle rows of the demo agencies that do not have them yet."""
    user_model = get_user_model()
    robwiang = Agency.objects.filter(name="รอบเวียง").first()
    thungpho = Agency.objects.filter(name="ทุ่งโพธิ์").first()
    frameworks = {f.year: f for f in FrameworkVersion.objects.filter(year__in=[2568, 2569])}
    if robwiang and len(frameworks) == 2:
        coordinator = user_model.objects.get(username="robwiang.coord")
        _robwiang_2568(robwiang, frameworks[2568], coordinator)
        _robwiang_fy2569(robwiang, frameworks[2568], coordinator)
    if thungpho and 2569 in frameworks:
        _thungpho_fy2570(thungpho, frameworks[2569], user_model.objects.get(username="thungpho.legal"))


def _robwiang_2568(agency: Agency, framework: FrameworkVersion, user) -> None:
    if Assessment.objects.filter(agency=agency, fiscal_year=2568).exists():
        return
    items = {
        item.code: ItemData(
            score=Decimal(0) if item.code in ROBWIANG_2568_ZEROS else Decimal(100),
            urls=[f"https://www.robwiang.go.th/ita/2568/{item.code.lower()}"],
            comment=ROBWIANG_2568_ZEROS.get(item.code, ""),
        )
        for item in framework.items.all()
    }
    data = ResultsData(indicators={n: Decimal(s) for n, s in ROBWIANG_2568_INDICATORS.items()}, items=items)
    assessment_save_results(
        agency=agency, fiscal_year=2568, framework=framework, data=data, user=user, expected_version=0
    )


def _robwiang_fy2569(agency: Agency, framework: FrameworkVersion, user) -> None:
    if MeasurePlan.objects.filter(agency=agency, fiscal_year=2569).exists():
        return
    plan = plan_create(agency=agency, fiscal_year=2569, framework=framework, user=user)
    plan.intro = (
        "แผนมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๙ "
        "จัดทำจากผลการวิเคราะห์ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ ตามแนวทางปี ๒๕๖๙ "
        "ที่ให้เลือกตัวชี้วัดที่ได้คะแนนต่ำที่สุดหนึ่งตัวชี้วัดเพื่อกำหนดมาตรการป้องกัน"
    )
    plan.save(update_fields=["intro"])
    departments = {d.name: d for d in agency.departments.all()}
    for key in ("focus:6", "item:O7", "item:O11", "item:O22"):
        measure = suggestion_accept(plan=plan, key=key, user=user)
        measure.departments.set([departments["สำนักปลัด"]])
    reports = {
        1: [
            (DOING, "จัดประชุมชี้แจงขั้นตอนการให้บริการแก่เจ้าหน้าที่ ๒ ครั้ง"),
            (DONE, "ปรับขั้นตอนการให้บริการ ประกาศระยะเวลาการให้บริการแต่ละงานบนเว็บไซต์และ ณ จุดบริการ"),
        ],
        2: [(DONE, "เผยแพร่รายงานผลการดำเนินงานประจำปี ๒๕๖๘ บนเว็บไซต์หลัก"), (DONE, "ตรวจสอบแล้ว ข้อมูลเป็นปัจจุบัน")],
        3: [(DOING, "รวบรวมสถิติการให้บริการรายเดือน ต.ค. ๖๘ – มี.ค. ๖๙"), (DONE, "เผยแพร่สถิติครบ ๑๒ เดือน")],
        4: [(TODO, ""), (DONE, "จัดทำและเผยแพร่รายงานการรับทรัพย์สินฯ ประจำปี ๒๕๖๘")],
    }
    for measure in plan.measures.order_by("number"):
        for round_, (status, summary) in zip(
            (Round.SIX_MONTH, Round.TWELVE_MONTH), reports[measure.number], strict=True
        ):
            progress_save(
                measure=measure,
                round=round_,
                user=user,
                data=ProgressData(status=status, summary=summary),
                expected_version=0,
            )


def _thungpho_fy2570(agency: Agency, framework: FrameworkVersion, user) -> None:
    if MeasurePlan.objects.filter(agency=agency, fiscal_year=2570).exists():
        return
    plan = plan_create(agency=agency, fiscal_year=2570, framework=framework, user=user)
    items = {i.code: i for i in framework.items.select_related("indicator")}
    departments = {d.name: d for d in agency.departments.all()}
    measures = [
        ("วิเคราะห์ผลการประเมิน ITA ปี ๒๕๖๙ และนำเสนอผู้บริหารเพื่อนำไปพัฒนาองค์กร", "O25", "สำนักปลัด", DONE),
        ("ขับเคลื่อนนโยบาย No Gift Policy และอบรมหลักเกณฑ์การรับทรัพย์สินโดยธรรมจรรยา", "O20", "สำนักปลัด", DOING),
        ("รายงานสรุปผลการจัดซื้อจัดจ้างรายเดือน เผยแพร่ภายใน ๑๕ วันของเดือนถัดไป", "O11", "กองคลัง", DOING),
        ("รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", "O26", "สำนักปลัด", TODO),
    ]
    for title, code, department, status in measures:
        item = items[code]
        measure = measure_create(
            plan=plan,
            user=user,
            data=MeasureData(
                title=title,
                responsible_text=department,
                items=[item],
                indicators=[item.indicator],
                departments=[departments[department]],
            ),
        )
        if status != TODO:
            progress_save(
                measure=measure,
                round=Round.SIX_MONTH,
                user=user,
                data=ProgressData(status=status, summary="" if status == TODO else "ดำเนินการตามแผน"),
                expected_version=0,
            )
