"""Round dashboard: who may read it, its numbers per department and per tool, the unreported list, the chart."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import NoReverseMatch, reverse

from assessments.models import Indicator
from measures import dashboard
from measures.models import MeasurePlan, Progress, Round
from tests.factories import (
    DepartmentFactory,
    MeasureFactory,
    MembershipFactory,
    OverseerFactory,
    PlanFactory,
    ProgressFactory,
    UserFactory,
)

BANGKOK = ZoneInfo("Asia/Bangkok")
VIEWS = ["measures:dashboard", "measures:export_xlsx", "measures:export_csv"]


def at(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, 10, 0, tzinfo=BANGKOK)


def demo_plan(demo, name: str, fiscal_year: int = 2566) -> MeasurePlan:
    return MeasurePlan.objects.get(agency=demo[name], fiscal_year=fiscal_year)


def dashboard_url(plan: MeasurePlan, round_: int | None = None) -> str:
    url = reverse("measures:dashboard", args=[plan.pk])
    return f"{url}?round={round_}" if round_ else url


# --- who may read ---------------------------------------------------------------------------


@pytest.mark.parametrize("view", VIEWS)
def test_anonymous_visitors_are_sent_to_login(client, db, view):
    plan = PlanFactory()
    response = client.get(reverse(view, args=[plan.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("role", ["staff", "coordinator", "approver"])
def test_every_member_of_the_agency_may_read_it(client, db, view, role):
    plan = PlanFactory()
    MeasureFactory(plan=plan)
    member = MembershipFactory(agency=plan.agency, role=role)
    client.force_login(member.user)
    assert client.get(reverse(view, args=[plan.pk])).status_code == 200


@pytest.mark.parametrize("view", VIEWS)
def test_the_overseer_of_the_province_may_read_it(client, db, view):
    plan = PlanFactory(agency__province="สตูล")
    client.force_login(OverseerFactory(province="สตูล").user)
    assert client.get(reverse(view, args=[plan.pk])).status_code == 200


@pytest.mark.parametrize("view", VIEWS)
def test_the_overseer_of_another_province_gets_a_404(client, db, view):
    plan = PlanFactory(agency__province="สตูล")
    client.force_login(OverseerFactory(province="ตรัง").user)
    assert client.get(reverse(view, args=[plan.pk])).status_code == 404


@pytest.mark.parametrize("view", VIEWS)
def test_another_agencys_plan_is_a_404(client, db, view):
    other = PlanFactory()
    client.force_login(MembershipFactory(role="coordinator").user)
    assert client.get(reverse(view, args=[other.pk])).status_code == 404


@pytest.mark.parametrize("view", VIEWS)
def test_a_plan_that_does_not_exist_is_a_404(client, db, view):
    client.force_login(MembershipFactory(role="coordinator").user)
    assert client.get(reverse(view, args=[999_999])).status_code == 404


@pytest.mark.parametrize("view", VIEWS)
def test_they_only_answer_reads(client, db, view):
    plan = PlanFactory()
    client.force_login(MembershipFactory(agency=plan.agency, role="coordinator").user)
    assert client.post(reverse(view, args=[plan.pk])).status_code == 405


# --- which round ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime.date(2022, 10, 1), 6),  # first day of FY 2566
        (datetime.date(2023, 3, 31), 6),  # last day of the 6-month round
        (datetime.date(2023, 4, 1), 12),
        (datetime.date(2023, 9, 30), 12),
        (datetime.date(2024, 6, 1), 12),  # a past year
        (datetime.date(2022, 5, 1), 6),  # a plan made ahead of its year
    ],
)
def test_the_default_round_is_the_one_the_plan_is_in_today(today, expected):
    assert dashboard.parse_round(None, MeasurePlan(fiscal_year=2566), today) == expected


def test_the_page_opens_on_the_current_round_and_ignores_a_bad_round_parameter(client, db, time_machine):
    time_machine.move_to(at(2023, 2, 1))
    plan = PlanFactory(fiscal_year=2566)
    client.force_login(MembershipFactory(agency=plan.agency).user)

    assert client.get(dashboard_url(plan)).context["board"].round == 6
    assert client.get(dashboard_url(plan, 12)).context["board"].round == 12
    assert client.get(dashboard_url(plan) + "?round=7").context["board"].round == 6


# --- counting -------------------------------------------------------------------------------


def test_a_measure_of_several_departments_counts_for_each_and_one_of_none_under_unassigned(db):
    plan = PlanFactory()
    office = DepartmentFactory(agency=plan.agency, name="สำนักปลัด", order=0)
    finance = DepartmentFactory(agency=plan.agency, name="กองคลัง", order=1)
    shared = MeasureFactory(plan=plan)
    shared.departments.set([office, finance])
    ProgressFactory(measure=shared, round=Round.SIX_MONTH, status=Progress.Status.DONE)
    only_finance = MeasureFactory(plan=plan)
    only_finance.departments.set([finance])
    ProgressFactory(measure=only_finance, round=Round.SIX_MONTH, status=Progress.Status.NOT_STARTED)
    MeasureFactory(plan=plan)  # no department, no report

    board = dashboard.plan_dashboard(plan, round_=6, today=datetime.date(2023, 1, 1))

    rows = {row.label: row.counts for row in board.by_department}
    assert [row.label for row in board.by_department] == ["สำนักปลัด", "กองคลัง", "ไม่ระบุส่วนราชการ"]
    assert rows["สำนักปลัด"] == {"done": 1, "in_progress": 0, "not_started": 0, "missing": 0}
    assert rows["กองคลัง"] == {"done": 1, "in_progress": 0, "not_started": 1, "missing": 0}
    assert rows["ไม่ระบุส่วนราชการ"] == {"done": 0, "in_progress": 0, "not_started": 0, "missing": 1}
    assert board.total.counts == {"done": 1, "in_progress": 0, "not_started": 1, "missing": 1}
    assert [m.pk for m in board.unreported] == [plan.measures.last().pk]


def test_the_tool_is_the_first_indicators_and_a_measure_without_one_is_unspecified(catalogue):
    plan = PlanFactory(framework=catalogue[2566])
    indicators = {i.number: i for i in Indicator.objects.filter(framework=catalogue[2566])}
    oit = MeasureFactory(plan=plan)
    oit.indicators.set([indicators[9], indicators[10]])
    iit = MeasureFactory(plan=plan)
    iit.indicators.set([indicators[1], indicators[9]])
    ProgressFactory(measure=iit, round=Round.TWELVE_MONTH, status=Progress.Status.IN_PROGRESS)
    MeasureFactory(plan=plan)

    board = dashboard.plan_dashboard(plan, round_=12, today=datetime.date(2023, 1, 1))

    assert [(row.label, row.total) for row in board.by_tool] == [("IIT", 1), ("OIT", 1), ("ไม่ระบุ", 1)]
    assert board.by_tool[0].counts["in_progress"] == 1


# --- the demo agencies ----------------------------------------------------------------------


def test_rob_wiang_fy2566_round_12_has_15_done_and_its_indicator_8_follow_up_in_progress(client, demo):
    plan = demo_plan(demo, "รอบเวียง")
    client.force_login(UserFactory(username="robwiang.coord"))

    response = client.get(dashboard_url(plan, 12))

    board = response.context["board"]
    assert board.total.counts == {"done": 15, "in_progress": 1, "not_started": 0, "missing": 0}
    eit = next(row for row in board.by_tool if row.label == "EIT")  # indicators 6–8
    assert eit.counts["in_progress"] == 1
    html = response.content.decode()
    assert '<span class="n">๑๕</span> <span class="what">ดำเนินการแล้วเสร็จ</span>' in html
    assert '<span class="n">๑</span> <span class="what">อยู่ระหว่างดำเนินการ</span>' in html
    assert '<span class="n">๐</span> <span class="what">ยังไม่ได้ดำเนินการ</span>' in html
    assert "ทุกมาตรการรายงานผลรอบ ๑๒ เดือนแล้ว" in html


def test_chanthapphet_fy2566_round_6_has_13_done(client, demo):
    plan = demo_plan(demo, "จันทบเพชร")
    client.force_login(UserFactory(username="chanthapphet.coord"))

    board = client.get(dashboard_url(plan, 6)).context["board"]

    assert board.total.counts == {"done": 13, "in_progress": 0, "not_started": 0, "missing": 0}


def test_chanthapphet_round_12_is_listed_as_overdue_after_30_september_2023(client, demo, time_machine):
    time_machine.move_to(at(2023, 10, 2))
    plan = demo_plan(demo, "จันทบเพชร")
    client.force_login(UserFactory(username="chanthapphet.office"))

    response = client.get(dashboard_url(plan, 12))

    board = response.context["board"]
    assert board.is_over
    assert board.total.counts["missing"] == 13
    assert len(board.unreported) == 13
    html = response.content.decode()
    assert "มาตรการที่ไม่ได้รายงานผลเมื่อสิ้นสุดรอบ" in html
    assert "สิ้นสุดแล้วเมื่อวันที่ ๓๐ กันยายน ๒๕๖๖" in html
    assert "ยังไม่มีรายงานผล ๑๓ มาตรการ" in html
    assert html.count('<span class="status missing">ไม่ได้รายงาน</span>') == 13


def test_before_the_round_ends_the_unreported_are_listed_with_the_end_date(client, demo, time_machine):
    time_machine.move_to(at(2023, 9, 21))
    plan = demo_plan(demo, "จันทบเพชร")
    client.force_login(UserFactory(username="chanthapphet.coord"))

    response = client.get(dashboard_url(plan))

    board = response.context["board"]
    assert board.round == 12
    assert not board.is_over
    html = response.content.decode()
    assert "รอบ ๑๒ เดือน สิ้นสุดวันที่ ๓๐ กันยายน ๒๕๖๖ (อีก ๑๐ วัน)" in html
    assert html.count('<span class="status missing">ยังไม่รายงาน</span>') == 13
    assert "มาตรการที่ไม่ได้รายงานผลเมื่อสิ้นสุดรอบ" not in html


def test_the_page_shows_the_numbers_in_thai_digits_and_the_charts_as_inline_svg(client, demo):
    plan = demo_plan(demo, "รอบเวียง")
    client.force_login(UserFactory(username="robwiang.mayor"))

    html = client.get(dashboard_url(plan, 12)).content.decode()

    assert html.count('<svg role="img"') == 2
    assert '<title id="chart-department-title">สถานะมาตรการรายส่วนราชการ รอบ ๑๒ เดือน</title>' in html
    assert '<title id="chart-tool-title">สถานะมาตรการรายเครื่องมือการประเมิน รอบ ๑๒ เดือน</title>' in html
    assert "สำนักปลัด ๑๕ มาตรการ: ดำเนินการแล้วเสร็จ ๑๔" in html  # the chart's text description
    assert "<script" not in html.split('<main id="main">')[1]  # the page itself needs no JavaScript
    assert 'data-label="ดำเนินการแล้วเสร็จ">๑๕</td>' in html  # the plan total row
    assert 'data-label="ดำเนินการแล้วเสร็จ">15<' not in html


def test_the_chart_puts_each_label_above_its_bar_so_it_fits_a_phone():
    rows = [dashboard.CountRow("สำนักปลัด", {"done": 3, "in_progress": 1, "not_started": 0, "missing": 0})]
    rows.append(dashboard.CountRow("กองคลัง", {"done": 0, "in_progress": 0, "not_started": 0, "missing": 2}))

    chart = dashboard.chart(rows, title="ทดสอบ")

    assert chart.width == dashboard.CHART_WIDTH
    first, second = chart.bars
    assert first.label_y < first.bar_y < second.label_y
    assert sum(s.width for s in first.segments) == pytest.approx(
        dashboard.CHART_WIDTH
    )  # the longest bar spans the width
    assert sum(s.width for s in second.segments) == pytest.approx(dashboard.CHART_WIDTH / 2)
    assert [s.status for s in first.segments if s.count] == ["done", "in_progress"]


def test_an_empty_plan_says_so(client, db):
    plan = PlanFactory()
    client.force_login(MembershipFactory(agency=plan.agency).user)
    html = client.get(dashboard_url(plan)).content.decode()
    assert "แผนนี้ยังไม่มีมาตรการ" in html
    assert "<svg" not in html


def test_each_unreported_measure_links_to_its_page_once_that_page_exists(client, db):
    plan = PlanFactory()
    measure = MeasureFactory(plan=plan)
    try:
        url = reverse("measures:measure", args=[measure.pk])
    except NoReverseMatch:
        pytest.skip("measures:measure has not landed yet")
    client.force_login(MembershipFactory(agency=plan.agency).user)
    assert f'href="{url}"' in client.get(dashboard_url(plan)).content.decode()


# --- query count ----------------------------------------------------------------------------


def plan_with_measures(catalogue, count: int) -> MeasurePlan:
    from tests.factories import EvidenceFactory

    plan = PlanFactory(framework=catalogue[2566])
    office = DepartmentFactory(agency=plan.agency)
    finance = DepartmentFactory(agency=plan.agency)
    indicators = list(Indicator.objects.filter(framework=catalogue[2566]))
    editor = UserFactory()
    for n in range(count):
        measure = MeasureFactory(plan=plan)
        measure.departments.set([office, finance] if n % 2 else [office])
        measure.indicators.set([indicators[n % len(indicators)]])
        for round_ in Round.values:
            progress = ProgressFactory(measure=measure, round=round_, updated_by=editor)
            EvidenceFactory(progress=progress)
    return plan


# session, user, plan, then plan_measures (measures, departments, items, progress, evidence);
# the exports add the measures' indicators and the editors' names.
# The dashboard page: its own queries plus one for the "รอพิจารณา" count in the top bar.
# The dashboard's page also counts the unread notifications of the top bar's bell (one query).
MAX_QUERIES = {"measures:dashboard": 10, "measures:export_xlsx": 10, "measures:export_csv": 10}


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("count", [5, 60])
def test_the_query_count_does_not_grow_with_the_number_of_measures(
    client, catalogue, django_assert_max_num_queries, view, count
):
    plan = plan_with_measures(catalogue, count)
    client.force_login(MembershipFactory(agency=plan.agency).user)
    with django_assert_max_num_queries(MAX_QUERIES[view]):
        assert client.get(reverse(view, args=[plan.pk])).status_code == 200
