"""The demo data holds the seed documents' own content, and loading it twice changes nothing."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from assessments.models import Agency, Assessment, Department, IndicatorScore, ItemResult, Membership
from measures.models import Measure, MeasurePlan, Progress
from reports.models import ApprovalChain, ApprovalChainStep

DATA = Path(__file__).resolve().parents[2] / "ita_portal" / "demo" / "data"
MODELS = [
    Agency,
    Department,
    Membership,
    Assessment,
    IndicatorScore,
    ItemResult,
    MeasurePlan,
    Measure,
    Progress,
    ApprovalChain,
    ApprovalChainStep,
    get_user_model(),
]


def snapshot():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_loading_the_demo_twice_creates_no_duplicates(demo):
    before = snapshot()
    call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert snapshot() == before
    assert before["Agency"] == 5


def test_the_demo_holds_the_five_agencies_of_the_seeds(demo):
    names = {a.full_name: (a.district, a.province) for a in demo.values()}
    assert names == {
        "องค์การบริหารส่วนตำบลทุ่งโพธิ์": ("จุฬารัตน์", "นครราชสีมา"),
        "องค์การบริหารส่วนตำบลวังประจัน": ("ควนโดน", "สตูล"),
        "องค์การบริหารส่วนตำบลควนกาหลง": ("ควนกาหลง", "สตูล"),
        "เทศบาลตำบลจันทบเพชร": ("บ้านกรวด", "บุรีรัมย์"),
        "องค์การบริหารส่วนตำบลรอบเวียง": ("เมืองเชียงราย", "เชียงราย"),
    }
    assert demo["ทุ่งโพธิ์"].doc_prefix == "นศ ๗๗๕๐๑"


def test_every_measure_row_of_the_seeds_is_there_with_its_own_text(demo):
    for path in sorted(DATA.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        agency = Agency.objects.get(name=data["agency"]["name"])
        for plan_data in data["plans"]:
            plan = MeasurePlan.objects.get(agency=agency, fiscal_year=plan_data["fiscal_year"])
            titles = list(plan.measures.order_by("number").values_list("title", flat=True))
            assert titles == [m["title"] for m in plan_data["measures"]], path.name
    seed_000 = MeasurePlan.objects.get(agency=demo["ทุ่งโพธิ์"], fiscal_year=2566).measures.get(number=4)
    assert seed_000.title.startswith("การกำหนดแนวปฏิบัติในการขออนุญาตยืมทรัพย์สินของราชการที่ชัดเจน")
    assert seed_000.period_display == "ตุลาคม ๒๕๖๕ – กันยายน ๒๕๖๖"
    assert list(seed_000.indicators.values_list("number", flat=True)) == [4]


def test_seed_003_measures_link_to_the_2565_items_they_name(demo):
    plan = MeasurePlan.objects.get(agency=demo["จันทบเพชร"], fiscal_year=2566)
    codes = [list(m.items.values_list("code", flat=True)) for m in plan.measures.order_by("number")]
    assert codes[:3] == [["i20"], ["O11"], ["O12"]]
    assert plan.framework.year == 2565
    progress = Progress.objects.get(measure__plan=plan, measure__number=1)
    assert (progress.round, progress.summary) == (6, "เมษายน ๒๕๖๖")


def test_seed_004_progress_keeps_its_ticked_statuses(demo):
    plan = MeasurePlan.objects.get(agency=demo["รอบเวียง"], fiscal_year=2566)
    follow_ups = plan.measures.filter(section=Measure.Section.INDICATOR_FOLLOWUP).order_by("number")
    statuses = [m.progress.get(round=12).status for m in follow_ups]
    assert statuses == ["done"] * 7 + ["in_progress", "done", "done"]


def test_seed_001_assessment_is_computed_to_its_published_figures(demo):
    assessment = Assessment.objects.get(agency=demo["วังประจัน"], fiscal_year=2564)
    assert (assessment.score_iit, assessment.score_eit, assessment.score_oit, assessment.score_total) == (
        Decimal("96.09"),
        Decimal("94.83"),
        Decimal("61.45"),
        Decimal("81.86"),
    )
    assert assessment.grade == "B"
    assert assessment.item_results.count() == 43
    o2 = assessment.item_results.get(item__code="O2")
    assert o2.comment == "ไม่มีช่องทางการติดต่อหัวหน้าส่วนราชการ"
    assert o2.decision.startswith("ได้รับการปรับคะแนน")
    assert str(o2.decision_date) == "2021-07-12"


def test_seed_004_keeps_its_published_total_when_an_indicator_is_missing(demo):
    assessment = Assessment.objects.get(agency=demo["รอบเวียง"], fiscal_year=2566)
    assert assessment.indicator_scores.count() == 9
    assert assessment.score_total is None
    assert assessment.best_total == Decimal("87.70")


def test_seed_000_approval_chain_has_the_printed_positions_and_people(demo):
    chain = ApprovalChain.objects.get(agency=demo["ทุ่งโพธิ์"], is_default=True)
    steps = [(s.position_title, s.user.get_full_name(), s.decisions) for s in chain.steps.order_by("order")]
    assert steps == [
        ("หัวหน้าสำนักปลัด อบต.", "นายศิวะกานท์ ชูทอง", ["comment"]),
        ("ปลัดองค์การบริหารส่วนตำบลทุ่งโพธิ์", "สืบเอกประจบ เพชรฤทธิ์", ["comment"]),
        ("นายกองค์การบริหารส่วนตำบลทุ่งโพธิ์", "นายสุชาติ เกิดศิริ", ["acknowledge"]),
    ]
    legal = Membership.objects.get(user__username="thungpho.legal")
    assert (legal.role, legal.position_title) == ("coordinator", "นิติกรชำนาญการ")


def test_there_is_a_demo_login_for_every_role(demo):
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Membership.Role.values)


@pytest.mark.django_db
def test_the_demo_memo_waits_for_the_head_of_office_once(catalogue, settings, tmp_path):
    from django.contrib.auth import get_user_model

    from reports.memos.selectors import inbox_for_user
    from reports.models import Memo

    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", "--with-memo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_demo", "--with-memo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    memo = Memo.objects.get()
    assert memo.status == Memo.Status.SUBMITTED and memo.number_text == "นศ ๗๗๕๐๑/๑"
    document = memo.documents.get()
    assert document.status == "done" and document.file.read(5) == b"%PDF-"
    head = get_user_model().objects.get(username="thungpho.head")
    assert list(inbox_for_user(head)) == [memo]


# --- the current cycle (FY 2570) ---------------------------------------------------------------


def test_robwiang_has_an_ita_2568_result_entered_through_the_results_service(demo):
    assessment = Assessment.objects.get(agency=demo["รอบเวียง"], fiscal_year=2568)

    assert assessment.framework.year == 2568 and assessment.item_results.count() == 26
    assert assessment.updated_by.username == "robwiang.coord"  # set by assessment_save_results
    assert (assessment.score_total, assessment.grade) == (Decimal("89.25"), "ผ่าน")
    zeros = assessment.item_results.filter(score=0).values_list("item__code", flat=True)
    assert sorted(zeros) == ["O11", "O22", "O7"]


def test_robwiangs_fy_2569_plan_follows_the_2569_practice_and_reports_both_rounds(demo):
    plan = MeasurePlan.objects.get(agency=demo["รอบเวียง"], fiscal_year=2569)

    keys = list(plan.measures.order_by("number").values_list("suggestion_key", flat=True))
    assert keys == ["focus:6", "item:O7", "item:O11", "item:O22"]
    assert Progress.objects.filter(measure__plan=plan).count() == 8
    assert Progress.objects.filter(measure__plan=plan, round=12, status="done").count() == 4


def test_thungpho_has_a_fy_2570_plan_keyed_to_2569_items_in_progress(demo):
    plan = MeasurePlan.objects.get(agency=demo["ทุ่งโพธิ์"], fiscal_year=2570)

    assert plan.framework.year == 2569
    codes = [m.items.get().code for m in plan.measures.order_by("number")]
    assert codes == ["O25", "O20", "O11", "O26"]
    statuses = list(Progress.objects.filter(measure__plan=plan).values_list("status", flat=True))
    assert sorted(statuses) == ["done", "in_progress", "in_progress"]


def test_robwiang_has_a_published_2569_oit_workspace_about_half_prepared(demo):
    import datetime

    from oit.models import Workspace
    from oit.readiness import workspace_readiness

    workspace = Workspace.objects.get(agency=demo["รอบเวียง"], fiscal_year=2569)
    readiness = workspace_readiness(workspace, today=datetime.date.today())

    assert workspace.is_published and workspace.answers.count() == 26
    assert readiness.ready_count == 10
    assert [a.item.code for a in readiness.broken] == ["O7"]
    assert [a.item.code for a in readiness.overdue] == ["O13"]
    assert readiness.survey_from.fiscal_year == 2568 and readiness.predicted_total is not None
