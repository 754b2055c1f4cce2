"""The province comparison: rows, sorting with empty values last, the province's means, the pass
count, the XLSX export, who may open it, and a query count that ignores the number of agencies."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from assessments.comparison import province_comparison
from tests.factories import AgencyFactory, MembershipFactory, OverseerFactory, scored_assessment

D = Decimal
PROVINCE = "ตรัง"
FULL = {n: "90.00" for n in range(1, 11)}  # no item results: 9 and 10 as published


@pytest.fixture
def trang(catalogue):
    """Three agencies of ตรัง in 2564: complete, published total only, and one below the pass mark."""
    fw = catalogue[2564]
    a = scored_assessment(framework=fw, agency=AgencyFactory(name="กันตัง", province=PROVINCE), indicators=FULL)
    b = scored_assessment(  # indicator 3 missing: the total is the published one
        framework=fw,
        agency=AgencyFactory(name="เขาวิเศษ", province=PROVINCE),
        indicators={n: "95.00" for n in range(1, 11) if n != 3},
        reported_total=D("93.10"),
    )
    c = scored_assessment(
        framework=fw,
        agency=AgencyFactory(name="นาโยง", province=PROVINCE),
        indicators={n: "70.00" for n in range(1, 11)},
    )
    scored_assessment(framework=fw, agency=AgencyFactory(name="อื่น", province="สตูล"), indicators=FULL)
    scored_assessment(framework=catalogue[2565], agency=a.agency, fiscal_year=2565, indicators=FULL)
    return {"a": a, "b": b, "c": c}


def page_url(province=PROVINCE, year=2564, sort=None):
    url = reverse("assessments:comparison", args=[province, year])
    return f"{url}?sort={sort}" if sort else url


def xlsx_url(province=PROVINCE, year=2564):
    return reverse("assessments:comparison_xlsx", args=[province, year])


def agency_order(response) -> list[str]:
    body = response.content.decode().split("<tbody>")[1].split("</tbody>")[0]
    return re.findall(r"อบต\.(\S+?)</a>", body)


@pytest.fixture
def overseer(client, db):
    client.force_login(OverseerFactory(province=PROVINCE).user)
    return client


# --- the numbers ----------------------------------------------------------------------------


def test_every_agency_of_the_province_assessed_that_year_has_a_row(trang):
    comparison = province_comparison(province=PROVINCE, fiscal_year=2564)

    rows = {row.agency.name: row for row in comparison.rows}
    assert list(rows) == ["กันตัง", "เขาวิเศษ", "นาโยง"]  # Thai dictionary order: เขา under ข
    assert rows["กันตัง"].scores["total"] == D("90.00")
    assert (rows["กันตัง"].grade, rows["กันตัง"].total_is_reported) == ("A", False)
    assert rows["เขาวิเศษ"].scores["total"] == D("93.10")
    assert rows["เขาวิเศษ"].total_is_reported is True
    assert rows["เขาวิเศษ"].scores["iit"] is None and rows["เขาวิเศษ"].scores["i3"] is None
    assert rows["นาโยง"].passed is False


def test_the_province_mean_counts_only_agencies_with_a_value(trang):
    comparison = province_comparison(province=PROVINCE, fiscal_year=2564)

    assert comparison.means["i3"] == D("80.00")  # (90 + 70) / 2; เขาวิเศษ has none
    assert comparison.means["i1"] == D("85.00")  # (90 + 95 + 70) / 3
    assert comparison.means["total"] == D("84.37")  # (90 + 93.10 + 70) / 3, half-up
    assert comparison.passing == 2


def test_a_province_without_assessments_that_year_is_empty(trang):
    comparison = province_comparison(province=PROVINCE, fiscal_year=2566)

    assert comparison.rows == [] and comparison.passing == 0
    assert comparison.means["total"] is None


# --- the page -------------------------------------------------------------------------------


def test_the_page_shows_totals_grades_tools_indicators_means_and_the_pass_count(overseer, trang):
    response = overseer.get(page_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert '๙๓.๑๐ <small class="reported">(ตามที่ประกาศ)</small>' in html
    assert 'ผ่านเกณฑ์ (๘๕ คะแนน) <strong class="passing">๒</strong> หน่วยงาน' in html
    assert "ค่าเฉลี่ยจังหวัด" in html and "๘๔.๓๗" in html and "๘๐.๐๐" in html
    assert "ตัวชี้วัดที่ ๑๐" in html
    assert f'href="{reverse("assessments:analysis", args=[trang["a"].agency.pk, 2564])}"' in html
    assert "อื่น" not in agency_order(response)


def test_the_page_states_the_years_rating_rules_once_and_that_they_are_not_confirmed(overseer, catalogue):
    for name, score in (("ปะเหลียน", "96.00"), ("สิเกา", "90.00")):
        scored_assessment(
            framework=catalogue[2568],
            agency=AgencyFactory(name=name, province=PROVINCE),
            fiscal_year=2568,
            indicators={n: score for n in range(1, 11)},
        )

    html = overseer.get(page_url(year=2568)).content.decode()

    rules = html.split('<p class="meta rating-rules">')[1].split("</p>")[0]
    rules = " ".join(re.sub(r"<[^>]+>", " ", rules).split())
    assert rules.startswith("ระดับตามเกณฑ์ของ ป.ป.ช. ปี ๒๕๖๘")
    assert "เกณฑ์ยังไม่ยืนยัน" in rules
    assert "ผ่านดี คะแนนรวม ≥ ๘๕ และทุกแบบวัด ≥ ๘๕" in rules
    assert html.count('<p class="meta rating-rules">') == 1
    assert ">ผ่านดีเยี่ยม</span>" in html and ">ผ่านดี</span>" in html


def test_a_bands_year_says_its_rules_are_confirmed(overseer, trang):
    html = overseer.get(page_url()).content.decode()

    rules = " ".join(re.sub(r"<[^>]+>", " ", html.split('<p class="meta rating-rules">')[1].split("</p>")[0]).split())
    assert "(ยืนยันแล้ว)" in rules and "เกณฑ์ยังไม่ยืนยัน" not in html
    assert "AA คะแนนรวม ≥ ๙๕" in rules and "F คะแนนรวม ≥ ๐" in rules


def test_rows_sort_by_total_in_both_directions(overseer, trang):
    assert agency_order(overseer.get(page_url(sort="-total"))) == ["เขาวิเศษ", "กันตัง", "นาโยง"]
    assert agency_order(overseer.get(page_url(sort="total"))) == ["นาโยง", "กันตัง", "เขาวิเศษ"]


def test_empty_values_sort_last_in_both_directions(overseer, trang):
    assert agency_order(overseer.get(page_url(sort="i3"))) == ["นาโยง", "กันตัง", "เขาวิเศษ"]
    assert agency_order(overseer.get(page_url(sort="-i3"))) == ["กันตัง", "นาโยง", "เขาวิเศษ"]
    assert agency_order(overseer.get(page_url(sort="-iit")))[-1] == "เขาวิเศษ"


def test_sorting_works_without_javascript_through_header_links(overseer, trang):
    html = overseer.get(page_url(sort="-total")).content.decode()

    assert 'aria-sort="descending"' in html
    assert 'href="?sort=total"' in html  # the sorted column's link reverses it
    assert 'href="?sort=-i3"' in html  # scores sort best first on the first click
    assert 'href="?sort=agency"' in html


def test_an_unknown_sort_column_is_ignored(overseer, trang):
    response = overseer.get(page_url(sort="password"))

    assert response.status_code == 200
    assert agency_order(response) == ["กันตัง", "เขาวิเศษ", "นาโยง"]


# --- XLSX -----------------------------------------------------------------------------------


def test_the_export_has_a_title_thai_headers_rows_means_and_the_pass_count(overseer, trang):
    response = overseer.get(xlsx_url())

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    name = quote("ผลการประเมิน ITA จังหวัดตรัง ปีงบประมาณ 2564.xlsx", safe="")
    assert (
        response["Content-Disposition"] == f"attachment; filename=\"ita-comparison-2564.xlsx\"; filename*=UTF-8''{name}"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "ITA ๒๕๖๔ ตรัง"
    assert sheet["A1"].value == "ผลการประเมินคุณธรรมและความโปร่งใส (ITA) ปีงบประมาณ พ.ศ. ๒๕๖๔ หน่วยงานในจังหวัดตรัง"
    headers = [cell.value for cell in sheet[2]]
    assert headers[:8] == [
        "ลำดับ",
        "หน่วยงาน",
        "อำเภอ",
        "คะแนนรวม",
        "ที่มาของคะแนนรวม",
        "ระดับ",
        "เหตุผลของระดับ",
        "ผลการประเมิน",
    ]
    assert headers[11] == "ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่"
    assert all(cell.font.bold for cell in sheet[2])
    assert sheet.freeze_panes == "C3"
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
    assert rows[0][:8] == [
        1,
        "อบต.กันตัง",
        "เมือง",
        90.0,
        "คำนวณ",
        "A",
        "A — คะแนนรวม ๙๐.๐๐ อยู่ในช่วง ๘๕–๙๔.๙๙ คะแนน",
        "ผ่านเกณฑ์",
    ]
    assert rows[1][3:5] == [93.1, "ตามที่ประกาศ"] and rows[1][8] is None and rows[1][13] is None
    assert rows[2][7] == "ไม่ผ่านเกณฑ์"
    assert rows[3][1] == "ค่าเฉลี่ยจังหวัด" and rows[3][3] == pytest.approx(84.37) and rows[3][13] == pytest.approx(80.0)
    assert rows[4][1] == "ผ่านเกณฑ์ (๘๕ คะแนน) ๒ จาก ๓ หน่วยงาน"


def test_the_export_keeps_the_pages_sort_order(overseer, trang):
    response = overseer.get(xlsx_url() + "?sort=-total")

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [sheet.cell(row=r, column=2).value for r in (3, 4, 5)] == ["อบต.เขาวิเศษ", "อบต.กันตัง", "อบต.นาโยง"]


# --- who may open it ------------------------------------------------------------------------


@pytest.mark.parametrize("url", [page_url, xlsx_url])
def test_anonymous_visitors_are_sent_to_login(client, db, url):
    response = client.get(url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("url", [page_url, xlsx_url])
def test_the_overseer_of_the_province_may_open_it(overseer, trang, url):
    assert overseer.get(url()).status_code == 200


@pytest.mark.parametrize("url", [page_url, xlsx_url])
@pytest.mark.parametrize("role", ["staff", "coordinator", "approver"])
def test_members_of_an_agency_in_the_province_may_open_it(client, trang, url, role):
    client.force_login(MembershipFactory(agency=trang["c"].agency, role=role).user)
    assert client.get(url()).status_code == 200


@pytest.mark.parametrize("url", [page_url, xlsx_url])
def test_the_overseer_of_another_province_gets_a_404(client, trang, url):
    client.force_login(OverseerFactory(province="สตูล").user)
    assert client.get(url()).status_code == 404


@pytest.mark.parametrize("url", [page_url, xlsx_url])
def test_a_member_of_an_agency_elsewhere_gets_a_404(client, trang, url):
    client.force_login(MembershipFactory(agency=AgencyFactory(province="สตูล"), role="coordinator").user)
    assert client.get(url()).status_code == 404


# --- queries --------------------------------------------------------------------------------


def test_the_query_count_does_not_grow_with_the_number_of_agencies(client, catalogue):
    client.force_login(OverseerFactory(province=PROVINCE).user)
    items = {item.code: "100" for item in catalogue[2564].items.filter(indicator__tool__code="OIT")}

    def add(n):
        for _ in range(n):
            scored_assessment(
                framework=catalogue[2564],
                agency=AgencyFactory(province=PROVINCE),
                indicators={i: "90" for i in range(1, 9)},
                items=items,
            )

    counts = []
    for n in (3, 37):  # 3, then 40 agencies
        add(n)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page_url(sort="-total"))
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
    assert response.content.decode().count("<tr ") >= 40
