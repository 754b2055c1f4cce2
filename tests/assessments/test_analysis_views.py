"""The analysis page and an agency's results by year: what they show, the suggestions button, who may read."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from measures.models import MeasurePlan
from tests.factories import AgencyFactory, MembershipFactory, OverseerFactory, PlanFactory

ROLES = ["staff", "coordinator", "approver"]


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def analysis_url(agency, year=2564):
    return reverse("assessments:analysis", args=[agency.pk, year])


def list_url(agency):
    return reverse("assessments:list", args=[agency.pk])


def visible_text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def as_member(client, agency, role="coordinator"):
    client.force_login(MembershipFactory(agency=agency, role=role).user)
    return client


# --- what the page shows --------------------------------------------------------------------


def test_the_page_shows_the_scores_in_thai_digits(client, demo):
    response = as_member(client, demo["วังประจัน"], "staff").get(analysis_url(demo["วังประจัน"]))

    assert response.status_code == 200
    text = visible_text(response)
    for figure in ("๘๑.๘๖", "๗๙.๑๔", "๔๓.๗๕", "๙๖.๐๙", "๙๔.๘๓", "๖๑.๔๕", "๙๗.๕๗"):
        assert figure in text
    assert "ไม่ผ่านเกณฑ์ (๘๕ คะแนน)" in text
    assert not re.search(r"\b(81\.86|79\.14|61\.45)\b", text)
    assert "จุดแข็ง ๘ ตัวชี้วัด · จุดที่ต้องพัฒนา ๒ ตัวชี้วัด · ข้อที่ได้ ๐ คะแนน ๙ ข้อ" in " ".join(text.split())


def test_the_file_a_result_was_imported_from_is_named_as_it_was_given(client, demo):
    agency = demo["วังประจัน"]
    agency.assessments.filter(fiscal_year=2564).update(source="นำเข้าจากไฟล์ oit-2566 (ฉบับที่ 2).xlsx")

    text = visible_text(as_member(client, agency, "staff").get(analysis_url(agency)))

    assert "นำเข้าจากไฟล์ oit-2566 (ฉบับที่ 2).xlsx" in text
    assert "๒๕๖๖" not in text


def test_the_page_has_both_charts_and_the_tool_table(client, demo):
    html = as_member(client, demo["วังประจัน"]).get(analysis_url(demo["วังประจัน"])).content.decode()

    assert html.count('<svg role="img"') == 2
    assert "เกณฑ์ ๘๕" in html
    assert '<span class="grade">AA</span>' in html  # IIT 96.09 by the year's bands, not the seed's "A"
    assert "ร้อยละ ๔๐" in html


def test_a_bands_year_shows_its_letter_with_the_reason_and_the_confirmed_bands(client, demo):
    response = as_member(client, demo["วังประจัน"], "staff").get(analysis_url(demo["วังประจัน"]))

    html = response.content.decode()
    rating = response.context["analysis"].rating
    assert (rating.label, rating.confirmed) == ("B", True)
    assert 'class="grade grade-mid"' in html and ">B</span>" in html
    text = " ".join(visible_text(response).split())
    assert "คะแนนรวม ๘๑.๘๖ อยู่ในช่วง ๗๕–๘๔.๙๙ คะแนน" in text
    assert "ระดับตามเกณฑ์ของ ป.ป.ช. ปี ๒๕๖๔ (ยืนยันแล้ว)" in text
    assert "AA คะแนนรวม ≥ ๙๕ · A คะแนนรวม ≥ ๘๕ · B คะแนนรวม ≥ ๗๕" in text
    assert "เกณฑ์ยังไม่ยืนยัน" not in text


def test_a_labels_year_shows_the_label_its_reason_and_that_the_rule_is_not_confirmed(client, demo):
    """Seed 004 (ITA 2566, published 87.70, indicator 3 missing): ผ่าน, not ผ่านดี, under a candidate rule."""
    response = as_member(client, demo["รอบเวียง"], "staff").get(analysis_url(demo["รอบเวียง"], 2566))

    html = response.content.decode()
    text = " ".join(visible_text(response).split())
    assert 'class="grade grade-pass"' in html and ">ผ่าน</span>" in html
    reason = "คะแนนรวม ๘๗.๗๐ แต่ยังไม่มีคะแนนครบทุกแบบวัด จึงยังพิจารณาระดับผ่านดีไม่ได้"
    assert reason in text
    assert f'title="ผ่าน — {reason} (เกณฑ์ยังไม่ยืนยัน)"' in html  # the badge's tooltip: the whole explanation
    assert "ระดับตามเกณฑ์ของ ป.ป.ช. ปี ๒๕๖๖ เกณฑ์ยังไม่ยืนยัน" in text
    assert "ผ่านดีเยี่ยม คะแนนรวม ≥ ๙๕ และทุกแบบวัด ≥ ๙๕ · ผ่านดี คะแนนรวม ≥ ๘๕ และทุกแบบวัด ≥ ๘๕" in text
    assert "ต้องปรับปรุงโดยด่วน คะแนนรวม ≥ ๐" in text
    tools = html.split("<tbody>", 2)[2].split("</tbody>")[0]  # the tool table: no letter for a tool from 2566
    assert 'class="grade' not in tools and tools.count('<td data-label="ระดับ">–</td>') == 3


def test_a_labels_year_with_every_tool_tells_which_tool_kept_it_from_the_next_label(client, demo):
    """อบต.รอบเวียง ITA 2568: 89.25 in all, EIT 84.16."""
    text = " ".join(visible_text(as_member(client, demo["รอบเวียง"]).get(analysis_url(demo["รอบเวียง"], 2568))).split())

    assert "คะแนนรวม ๘๙.๒๕ แต่ EIT ต่ำกว่า ๘๕ จึงไม่ได้ระดับผ่านดี" in text
    assert "เกณฑ์ยังไม่ยืนยัน" in text


def test_the_zero_scored_items_are_grouped_with_comments_and_decisions(client, demo):
    html = as_member(client, demo["วังประจัน"]).get(analysis_url(demo["วังประจัน"])).content.decode()

    for code in ("O๑๕", "O๑๗", "O๑๘", "O๒๗", "O๓๐", "O๓๑", "O๔๑", "O๔๒", "O๔๓"):
        assert f">{code}<" in html
    assert "ตัวชี้วัดย่อยที่ ๙.๒ การบริหารงาน" in html
    assert "ตัวชี้วัดย่อยที่ ๑๐.๒ มาตรการภายในเพื่อป้องกันการทุจริต" in html
    assert "ไม่มี URL" in html
    assert "พิจารณาเมื่อ ๑๒ กรกฎาคม ๒๕๖๔" in html
    assert "discrepancy" not in html


def test_a_published_total_that_cannot_be_recomputed_is_shown_and_explained(client, demo):
    response = as_member(client, demo["รอบเวียง"]).get(analysis_url(demo["รอบเวียง"], 2566))

    text = " ".join(visible_text(response).split())
    assert "๘๗.๗๐ (ตามที่ประกาศ)" in text
    assert "คำนวณคะแนนรวมไม่ได้ – ใช้ตามที่ประกาศ" in text
    assert "ไม่มีคะแนนตัวชี้วัดที่ ๓ การใช้อำนาจ" in text
    assert "ผ่านเกณฑ์ (๘๕ คะแนน) ตามคะแนนที่ประกาศ" in text
    assert "ไม่มีผลรายข้อ (OIT) ของปีนี้ในระบบ" in text


def test_the_change_against_last_year_is_shown(client, demo, catalogue):
    from tests.factories import scored_assessment

    agency = demo["วังประจัน"]
    scored_assessment(
        framework=catalogue[2564], agency=agency, fiscal_year=2563, indicators={n: "80" for n in range(1, 9)}
    )

    text = " ".join(visible_text(as_member(client, agency).get(analysis_url(agency))).split())

    assert "เทียบกับปีงบประมาณ ๒๕๖๓" in text
    assert "เพิ่มขึ้น +๑๗.๕๓" in text  # indicator 1: 97.53 − 80


# --- the suggestions button -----------------------------------------------------------------


def test_the_coordinator_is_sent_to_the_suggestions_of_next_years_plan(client, demo):
    agency = demo["วังประจัน"]
    plan = MeasurePlan.objects.get(agency=agency, fiscal_year=2565)

    html = as_member(client, agency).get(analysis_url(agency)).content.decode()

    target = reverse("measures:plan_suggestions", args=[plan.pk])
    assert f'<a class="button" href="{target}">สร้างมาตรการจากจุดที่ต้องพัฒนา</a>' in html


def test_without_next_years_plan_the_coordinator_is_told_to_create_it_first(client, demo):
    agency = demo["รอบเวียง"]
    assert not MeasurePlan.objects.filter(agency=agency, fiscal_year=2567).exists()

    html = as_member(client, agency).get(analysis_url(agency, 2566)).content.decode()

    assert "plan_suggestions" not in html and "/suggestions/" not in html
    assert "กรุณาจัดทำแผนมาตรการปีงบประมาณ ๒๕๖๗ ก่อน" in html
    create = reverse("measures:plan_new", args=[agency.pk])
    assert f'<a href="{create}?fiscal_year=2567">สร้างแผนมาตรการปีงบประมาณ ๒๕๖๗</a>' in html
    assert not MeasurePlan.objects.filter(agency=agency, fiscal_year=2567).exists()


@pytest.mark.parametrize("role", ["staff", "approver"])
def test_other_roles_see_no_suggestions_button(client, demo, role):
    html = as_member(client, demo["วังประจัน"], role).get(analysis_url(demo["วังประจัน"])).content.decode()

    assert "สร้างมาตรการจากจุดที่ต้องพัฒนา" not in html


def test_the_overseer_sees_no_suggestions_button(client, demo):
    client.force_login(OverseerFactory(province="สตูล").user)

    html = client.get(analysis_url(demo["วังประจัน"])).content.decode()

    assert "สร้างมาตรการจากจุดที่ต้องพัฒนา" not in html


def test_a_plan_of_another_year_is_not_used(client, demo):
    agency = demo["วังประจัน"]
    MeasurePlan.objects.filter(agency=agency).update(fiscal_year=2570)
    PlanFactory(agency=AgencyFactory(), fiscal_year=2565)

    html = as_member(client, agency).get(analysis_url(agency)).content.decode()

    assert "/suggestions/" not in html
    assert "กรุณาจัดทำแผนมาตรการปีงบประมาณ ๒๕๖๕ ก่อน" in html


# --- the agency's results by year -----------------------------------------------------------


def test_the_list_links_each_year_to_its_analysis(client, demo, catalogue):
    from tests.factories import scored_assessment

    agency = demo["วังประจัน"]
    scored_assessment(framework=catalogue[2565], agency=agency, fiscal_year=2565, indicators={1: "90"})

    html = as_member(client, agency, "staff").get(list_url(agency)).content.decode()

    assert html.index("ปีงบประมาณ ๒๕๖๕") < html.index("ปีงบประมาณ ๒๕๖๔")
    assert f'href="{analysis_url(agency, 2565)}"' in html
    assert f'href="{analysis_url(agency, 2564)}"' in html
    assert "๘๑.๘๖" in html


def test_the_list_rates_each_year_by_its_own_rules_in_a_fixed_number_of_queries(client, demo, catalogue):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import scored_assessment

    agency = demo["รอบเวียง"]
    as_member(client, agency, "staff")
    with CaptureQueriesContext(connection) as two_years:
        response = client.get(list_url(agency))
    scored_assessment(framework=catalogue[2567], agency=agency, fiscal_year=2567, indicators={1: "90"})
    with CaptureQueriesContext(connection) as three_years:
        client.get(list_url(agency))

    assert len(three_years) == len(two_years)
    text = " ".join(visible_text(response).split())
    assert "ผ่าน เกณฑ์ยังไม่ยืนยัน คะแนนรวม ๘๙.๒๕ แต่ EIT ต่ำกว่า ๘๕ จึงไม่ได้ระดับผ่านดี" in text  # 2568, computed
    assert "ผ่าน เกณฑ์ยังไม่ยืนยัน คะแนนรวม ๘๗.๗๐ แต่ยังไม่มีคะแนนครบทุกแบบวัด" in text  # 2566, as published
    assert text.count("เกณฑ์ยังไม่ยืนยัน") == 2


def test_an_agency_without_assessments_says_so(client, db):
    agency = AgencyFactory()

    html = as_member(client, agency, "staff").get(list_url(agency)).content.decode()

    assert "ยังไม่มีผลการประเมิน ITA ของหน่วยงานนี้ในระบบ" in html


# --- who may read ---------------------------------------------------------------------------


def urls(agency):
    return [analysis_url(agency), list_url(agency)]


def test_anonymous_visitors_are_sent_to_login(client, demo):
    for url in urls(demo["วังประจัน"]):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ROLES)
def test_every_member_of_the_agency_may_read(client, demo, role):
    as_member(client, demo["วังประจัน"], role)
    for url in urls(demo["วังประจัน"]):
        assert client.get(url).status_code == 200


def test_the_overseer_of_the_province_may_read(client, demo):
    client.force_login(OverseerFactory(province="สตูล").user)
    for url in urls(demo["วังประจัน"]):
        assert client.get(url).status_code == 200


def test_the_overseer_of_another_province_gets_a_404(client, demo):
    client.force_login(OverseerFactory(province="ตรัง").user)
    for url in urls(demo["วังประจัน"]):
        assert client.get(url).status_code == 404


def test_a_member_of_another_agency_gets_a_404(client, demo):
    as_member(client, demo["ควนกาหลง"], "coordinator")  # same province, other agency
    for url in urls(demo["วังประจัน"]):
        assert client.get(url).status_code == 404


def test_a_year_without_an_assessment_is_a_404(client, demo):
    assert as_member(client, demo["วังประจัน"]).get(analysis_url(demo["วังประจัน"], 2566)).status_code == 404


def test_the_page_only_answers_reads(client, demo):
    assert as_member(client, demo["วังประจัน"]).post(analysis_url(demo["วังประจัน"])).status_code == 405


def test_the_coordinator_can_print_the_analysis_from_the_page_and_others_cannot(client, demo):
    agency = demo["วังประจัน"]
    target = reverse("reports:documents", args=[agency.pk]) + "?kind=analysis&amp;fiscal_year=2564"

    html = as_member(client, agency).get(analysis_url(agency)).content.decode()
    assert target in html and "พิมพ์รายงานการวิเคราะห์ (PDF)" in html
    form = client.get(reverse("reports:documents", args=[agency.pk]) + "?kind=analysis&fiscal_year=2564")
    assert '<option value="analysis" selected>' in form.content.decode()

    html = as_member(client, agency, "staff").get(analysis_url(agency)).content.decode()
    assert "พิมพ์รายงานการวิเคราะห์" not in html
