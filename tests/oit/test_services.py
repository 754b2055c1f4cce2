"""The OIT workspace's writes: opening a year, filling, assigning, checking, carrying over, refusing stale saves."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from measures.services import EditConflict
from oit.models import AnswerHistory, Link
from oit.readiness import workspace_readiness
from oit.services import (
    AssignData,
    FillData,
    answer_assign,
    answer_check,
    answer_fill,
    workspace_carry_over,
    workspace_open,
)
from tests.factories import AgencyFactory, DepartmentFactory, MembershipFactory, scored_assessment


@pytest.fixture
def people(catalogue):
    agency = AgencyFactory(name="ทดลองโอไอที", website_domain="thotlong.go.th")
    office = DepartmentFactory(agency=agency, name="สำนักปลัด")
    finance = DepartmentFactory(agency=agency, name="กองคลัง")
    return {
        "agency": agency,
        "office": office,
        "finance": finance,
        "coordinator": MembershipFactory(agency=agency, role="coordinator").user,
        "office_staff": MembershipFactory(agency=agency, role="staff", department=office).user,
        "finance_staff": MembershipFactory(agency=agency, role="staff", department=finance).user,
        "approver": MembershipFactory(agency=agency, role="approver").user,
    }


def answer_of(workspace, code):
    return workspace.answers.select_related("workspace__agency", "item").get(item__code=code)


def assign(people, answer, department):
    return answer_assign(
        answer=answer,
        user=people["coordinator"],
        data=AssignData(departments=[department], responsible=None, due_date=None, requirement_note=""),
        expected_version=answer.version,
    )


def test_opening_2569_makes_one_answer_per_o_item_and_only_the_coordinator_may(people):
    with pytest.raises(PermissionDenied):
        workspace_open(agency=people["agency"], fiscal_year=2569, user=people["office_staff"])

    workspace = workspace_open(agency=people["agency"], fiscal_year=2569, user=people["coordinator"])

    assert workspace.answers.count() == 26
    assert workspace_open(agency=people["agency"], fiscal_year=2569, user=people["coordinator"]) == workspace
    with pytest.raises(ValidationError, match="ยังไม่มีกรอบการประเมิน ITA ปี ๒๕๗๙"):
        workspace_open(agency=people["agency"], fiscal_year=2579, user=people["coordinator"])


def test_staff_fill_only_their_departments_items_and_cannot_mark_them_ready(people):
    workspace = workspace_open(agency=people["agency"], fiscal_year=2569, user=people["coordinator"])
    answer = assign(people, answer_of(workspace, "O1"), people["office"])
    data = FillData(
        has_data="yes", urls=["https://thotlong.go.th/structure"], explanation="แผนผังโครงสร้าง", status="review"
    )

    with pytest.raises(PermissionDenied):
        answer_fill(answer=answer, user=people["finance_staff"], data=data, expected_version=answer.version)
    with pytest.raises(ValidationError, match="มาจากการตรวจของผู้ประสานงาน"):
        answer_fill(
            answer=answer,
            user=people["office_staff"],
            data=FillData("yes", data.urls, data.explanation, "ready"),
            expected_version=answer.version,
        )
    saved = answer_fill(answer=answer, user=people["office_staff"], data=data, expected_version=answer.version)

    assert (saved.status, saved.has_data, saved.version) == ("review", "yes", 3)
    assert list(saved.links.values_list("url", flat=True)) == ["https://thotlong.go.th/structure"]
    history = AnswerHistory.objects.filter(answer=saved).first()
    assert {c["label"] for c in history.changes} >= {"สถานะ", "มี/ไม่มี", "คำอธิบาย", "URL"}


def test_a_save_from_an_older_version_is_refused_and_writes_nothing(people):
    workspace = workspace_open(agency=people["agency"], fiscal_year=2569, user=people["coordinator"])
    answer = answer_of(workspace, "O2")
    first = FillData("yes", ["https://thotlong.go.th/a"], "ฉบับแรก", "drafting")
    answer_fill(answer=answer, user=people["coordinator"], data=first, expected_version=1)

    with pytest.raises(EditConflict):
        answer_fill(
            answer=answer,
            user=people["coordinator"],
            data=FillData("no", [], "ทับ", "drafting"),
            expected_version=1,
        )

    answer.refresh_from_db()
    assert (answer.explanation, answer.links.count()) == ("ฉบับแรก", 1)


def test_the_coordinators_check_makes_an_item_ready_or_sends_it_back_with_a_comment(people):
    workspace = workspace_open(agency=people["agency"], fiscal_year=2569, user=people["coordinator"])
    answer = answer_of(workspace, "O3")

    with pytest.raises(ValidationError, match="ระบุสิ่งที่ต้องแก้ไข"):
        answer_check(answer=answer, user=people["coordinator"], result="fix", comment=" ", expected_version=1)
    back = answer_check(
        answer=answer, user=people["coordinator"], result="fix", comment="ขาดเบอร์โทร", expected_version=1
    )
    assert (back.status, back.check_comment) == ("fix", "ขาดเบอร์โทร")
    ready = answer_check(
        answer=back, user=people["coordinator"], result="passed", comment="", expected_version=back.version
    )
    assert ready.status == "ready" and ready.checked_by == people["coordinator"]
    with pytest.raises(PermissionDenied):
        answer_check(answer=ready, user=people["approver"], result="fix", comment="x", expected_version=ready.version)


def test_a_checked_answer_that_staff_change_goes_back_to_be_checked(people):
    workspace = workspace_open(agency=people["agency"], fiscal_year=2569, user=people["coordinator"])
    answer = assign(people, answer_of(workspace, "O4"), people["office"])
    answer = answer_check(
        answer=answer, user=people["coordinator"], result="passed", comment="", expected_version=answer.version
    )

    changed = answer_fill(
        answer=answer,
        user=people["office_staff"],
        data=FillData("yes", ["https://thotlong.go.th/news"], "ข่าว", "ready"),
        expected_version=answer.version,
    )

    assert changed.status == "review"


def test_carry_over_from_2568_maps_items_through_the_crosswalk_and_lists_what_it_could_not(people):
    coordinator = people["coordinator"]
    last = workspace_open(agency=people["agency"], fiscal_year=2568, user=coordinator)
    for code, url in [
        ("O26", "https://thotlong.go.th/measures"),
        ("O12", "https://thotlong.go.th/procure"),
        ("O7", ""),
        ("O11", "https://thotlong.go.th/statistics"),  # service statistics: no item in 2569
    ]:
        answer = answer_of(last, code)
        answer_fill(
            answer=answer,
            user=coordinator,
            data=FillData("yes", [url] if url else [], f"คำอธิบาย {code}", "ready"),
            expected_version=answer.version,
        )
    this = workspace_open(agency=people["agency"], fiscal_year=2569, user=coordinator)

    result = workspace_carry_over(workspace=this, user=coordinator)

    o26 = answer_of(this, "O26")  # the measures item: 2568 O26 → 2569 O26
    o11 = answer_of(this, "O11")  # procurement: 2568 O12 → 2569 O11
    assert (o26.status, o26.explanation, list(o26.links.values_list("url", flat=True))) == (
        "drafting",
        "คำอธิบาย O26",
        ["https://thotlong.go.th/measures"],
    )
    assert o11.explanation == "คำอธิบาย O12" and o11.check_result == ""
    assert "O26" in result.copied and "O11" in result.copied
    assert ("O11", "") not in result.unmapped  # 2568 O11 (service statistics) has no 2569 item
    assert any(code == "O11" for code, _ in result.unmapped)
    assert this.carried_from == last


def test_the_prediction_counts_only_ready_answers_whose_links_passed(people, catalogue):
    coordinator = people["coordinator"]
    indicators = {n: "90" for n in range(1, 9)}
    items = {f"O{n}": "100" for n in range(1, 27)}
    scored_assessment(
        framework=catalogue[2568], fiscal_year=2568, agency=people["agency"], indicators=indicators, items=items
    )
    workspace = workspace_open(agency=people["agency"], fiscal_year=2569, user=coordinator)
    answer = answer_of(workspace, "O1")
    answer_fill(
        answer=answer,
        user=coordinator,
        data=FillData("yes", ["https://thotlong.go.th/o1"], "", "drafting"),
        expected_version=1,
    )
    answer = answer_check(
        answer=answer_of(workspace, "O1"), user=coordinator, result="passed", comment="", expected_version=2
    )

    before = workspace_readiness(workspace, today=datetime.date(2027, 3, 1))
    assert before.ready_count == 0  # the link has not been checked yet
    Link.objects.filter(answer=answer).update(check_ok=True)
    after = workspace_readiness(workspace, today=datetime.date(2027, 3, 1))

    assert after.ready_count == 1
    # O1 is one of 15 items of indicator 9, one of 2 OIT indicators: 100 / 15 / 2 = 3.33 OIT points.
    assert after.predicted_oit == Decimal("3.33")
    assert after.predicted_total - before.predicted_total == Decimal("1.33")
    # The costliest unready items come first: one of 11 items of indicator 10 is 100 / 11 / 2 × 0.4 points.
    assert (after.costs[0].answer.item.code, after.costs[0].total_points) == ("O16", Decimal("1.82"))
    assert len(after.costs) == 25 and after.costs[0].reason == "สถานะ “ยังไม่เริ่ม”"
    assert before.by_status == {"ready": 1, "not_started": 25}


def test_carry_over_skips_empty_answers_and_merges_two_items_that_became_one(people):
    coordinator = people["coordinator"]
    last = workspace_open(agency=people["agency"], fiscal_year=2568, user=coordinator)
    # 2568 O21 (No Gift Policy) and O22 (gifts report) both become 2569 O20.
    for code, url in [("O21", "https://thotlong.go.th/nogift"), ("O22", "https://thotlong.go.th/gifts")]:
        answer = answer_of(last, code)
        data = FillData("yes", [url, "https://thotlong.go.th/shared"], f"คำอธิบาย {code}", "ready")
        answer_fill(answer=answer, user=coordinator, data=data, expected_version=answer.version)
    this = workspace_open(agency=people["agency"], fiscal_year=2569, user=coordinator)

    result = workspace_carry_over(workspace=this, user=coordinator)

    o20 = answer_of(this, "O20")
    assert result.copied == ["O20"]  # the 24 empty answers of 2568 carry nothing
    assert o20.explanation == "คำอธิบาย O21\nคำอธิบาย O22"
    assert sorted(o20.links.values_list("url", flat=True)) == [
        "https://thotlong.go.th/gifts",
        "https://thotlong.go.th/nogift",
        "https://thotlong.go.th/shared",
    ]
    assert this.answers.filter(status="drafting").count() == 1
