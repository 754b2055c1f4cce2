"""A 26-item OIT year end to end: import, scores, rating, zero items and what each costs, the comparison."""

from decimal import Decimal

import pytest

from assessments.analysis import assessment_analysis
from assessments.comparison import province_comparison
from assessments.imports.items import item_table_import, item_table_parse
from assessments.models import Assessment
from tests.assessments.fixtures.imports_helpers import ITEM_HEADER, csv_bytes
from tests.factories import AgencyFactory, scored_assessment

SURVEY = {1: "96", 2: "95", 3: "94", 4: "95", 5: "95", 6: "82", 7: "84", 8: "86"}


@pytest.fixture
def agency(catalogue, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return AgencyFactory(name="ทดสอบสองห้าหกแปด", province="สตูล")


def item_rows(zeros=("O7", "O11", "O22")):
    rows = [ITEM_HEADER]
    for n in range(1, 27):
        code = f"O{n}"
        # People type codes with Thai digits and a zero for the O, as seed 003 does.
        typed = "0" + "๐๑๒๓๔๕๖๗๘๙"[n // 10] + "๐๑๒๓๔๕๖๗๘๙"[n % 10] if n % 5 == 0 else code
        rows.append(
            [typed.replace("0๐", "0"), f"ข้อ {code}", "ไม่พบข้อมูล" if code in zeros else "", 0 if code in zeros else 100]
        )
    return rows


def test_the_item_table_import_accepts_the_26_codes_of_2568_and_rates_the_result(agency, catalogue):
    preview = item_table_parse(
        data=csv_bytes(item_rows()),
        filename="oit_2568.csv",
        agency=agency,
        framework=catalogue[2568],
        indicator_scores={n: Decimal(s) for n, s in SURVEY.items()},
    )
    assert preview.errors == [] and preview.missing_codes == []

    item_table_import(preview=preview, user=None)

    assessment = Assessment.objects.get(agency=agency, fiscal_year=2568)
    # indicator 9 = 13 of 15 items, 10 = 10 of 11; OIT = (86.67 + 90.91) / 2
    assert (assessment.score_oit, assessment.score_eit) == (Decimal("88.79"), Decimal("84.00"))
    assert assessment.grade == "ผ่าน"  # total above 85, but EIT below 85


def test_the_analysis_of_2568_lists_strengths_weaknesses_and_what_each_zero_item_costs(catalogue):
    items = {f"O{n}": "0" if n in (7, 11, 22) else "100" for n in range(1, 27)}
    assessment = scored_assessment(framework=catalogue[2568], fiscal_year=2568, indicators=SURVEY, items=items)

    analysis = assessment_analysis(assessment)

    assert analysis.rating.label == "ผ่าน"
    assert "EIT ต่ำกว่า ๘๕ จึงไม่ได้ระดับผ่านดี" in analysis.rating.reason
    assert [r.number for r in analysis.weaknesses] == [6, 7]
    assert [z.code for z in analysis.zero_items] == ["O7", "O11", "O22"]
    o7, _, o22 = analysis.zero_items
    # O7 is one of 15 items of indicator 9, one of 2 OIT indicators: 100 / 15 / 2 OIT points, × 0.4 of the total.
    assert o7.tool_impact == Decimal("3.33") and o7.total_impact == Decimal("1.33")
    assert o22.tool_impact == Decimal("4.55")


def test_the_province_comparison_rates_each_agency_of_2568(catalogue):
    items = {f"O{n}": "100" for n in range(1, 27)}
    strong = {n: "97" for n in range(1, 9)}
    a = scored_assessment(framework=catalogue[2568], fiscal_year=2568, indicators=strong, items=items)
    scored_assessment(
        framework=catalogue[2568],
        fiscal_year=2568,
        indicators=SURVEY,
        items=items,
        agency=AgencyFactory(province=a.agency.province),
    )

    comparison = province_comparison(province=a.agency.province, fiscal_year=2568)

    assert sorted(row.grade for row in comparison.rows) == ["ผ่าน", "ผ่านดีเยี่ยม"]
    assert all(not row.rating.confirmed for row in comparison.rows)


def test_typing_a_2569_result_in_the_results_form_rates_it_with_its_reason(client, catalogue):
    from django.urls import reverse

    from tests.factories import MembershipFactory

    member = MembershipFactory(role="coordinator", agency__province="สตูล")
    client.force_login(member.user)
    post = {"version": 0} | {f"ind_{n}": s for n, s in SURVEY.items()}
    post |= {f"item_O{n}_score": "0" if n == 25 else "100" for n in range(1, 27)}
    url = reverse("assessments:results_edit", args=[member.agency.pk, 2569])

    page = client.get(url).content.decode()
    assert "O26" in page and "O27" not in page
    # Every 2569 row is a candidate or probable: each says so beside its name.
    assert page.count('class="confidence confidence-candidate"') == 24
    assert page.count('class="confidence confidence-probable"') == 2
    response = client.post(url, post, follow=True)

    assert response.status_code == 200
    assessment = Assessment.objects.get(agency=member.agency, fiscal_year=2569)
    assert assessment.item_results.count() == 26 and assessment.grade == "ผ่าน"
    html = response.content.decode()
    assert ">ผ่าน</span>" in html and "เกณฑ์ยังไม่ยืนยัน" in html
    assert "จึงไม่ได้ระดับผ่านดี" in html  # the reason is shown beside the label


def test_the_item_import_pages_show_the_label_its_reason_and_that_the_rule_is_not_confirmed(client, agency):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from tests.factories import MembershipFactory

    client.force_login(MembershipFactory(agency=agency, role="coordinator").user)
    url = reverse("assessments:import_items", args=[agency.pk])
    survey = {f"indicator_{n}": s for n, s in SURVEY.items()}
    reason = "แต่ EIT ต่ำกว่า ๘๕ จึงไม่ได้ระดับผ่านดี"

    preview = client.post(
        url, {"fiscal_year": 2568, "file": SimpleUploadedFile("oit.csv", csv_bytes(item_rows())), **survey}
    )
    html = preview.content.decode()
    assert ">ผ่าน</span>" in html and reason in html and "เกณฑ์ยังไม่ยืนยัน" in html

    done = client.post(url, {"action": "confirm", "token": preview.context["token"]})
    html = client.get(done["Location"]).content.decode()
    assert ">ผ่าน</span>" in html and reason in html and "เกณฑ์ยังไม่ยืนยัน" in html
