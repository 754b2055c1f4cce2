"""Entering results by hand: seed 001's figures, Thai digits, conflicts, and who may do it."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from assessments.models import Assessment, IndicatorScore, ItemResult
from tests.factories import AgencyFactory, MembershipFactory, OverseerFactory, UserFactory

SEED_001 = Path(__file__).resolve().parents[2] / "ita_portal" / "demo" / "data" / "001_wangprachan.json"


def thai_date_text(iso):
    """The appeal date as the NACC prints it (12/7/64), which the form must read as พ.ศ."""
    if not iso:
        return ""
    year, month, day = (int(x) for x in iso.split("-"))
    return f"{day}/{month}/{(year + 543) % 100:02d}"


def seed_001_post(version=0, thai_digits=False):
    data = json.loads(SEED_001.read_text(encoding="utf-8"))["assessment"]
    post = {"version": version}
    for number, score in data["indicators"].items():
        if int(number) <= 8:
            post[f"ind_{number}"] = score.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")) if thai_digits else score
    for item in data["items"]:
        p = f"item_{item['code']}"
        post[f"{p}_score"] = str(int(Decimal(item["score"])))
        post[f"{p}_comment"] = item["comment"]
        post[f"{p}_decision"] = item["decision"]
        post[f"{p}_decision_date"] = thai_date_text(item["decision_date"])
    post["reported_total"] = "๘๑.๘๖"
    return post


@pytest.fixture
def coordinator(catalogue):
    return MembershipFactory(role="coordinator", agency__name="ทดลอง", agency__province="สตูล")


def edit_url(agency, year=2564):
    return reverse("assessments:results_edit", args=[agency.pk, year])


def test_typing_seed_001_in_thai_digits_reproduces_its_published_figures(client, coordinator):
    client.force_login(coordinator.user)

    response = client.post(edit_url(coordinator.agency), seed_001_post(thai_digits=True))

    assert response.status_code == 302
    assessment = Assessment.objects.get(agency=coordinator.agency, fiscal_year=2564)
    assert (assessment.score_iit, assessment.score_eit, assessment.score_oit, assessment.score_total) == (
        Decimal("96.09"),
        Decimal("94.83"),
        Decimal("61.45"),
        Decimal("81.86"),
    )
    assert assessment.grade == "B"
    assert assessment.reported_total == Decimal("81.86")
    assert assessment.updated_by == coordinator.user
    o2 = ItemResult.objects.get(assessment=assessment, item__code="O2")
    assert (o2.comment, str(o2.decision_date)) == ("ไม่มีช่องทางการติดต่อหัวหน้าส่วนราชการ", "2021-07-12")
    page = client.get(edit_url(coordinator.agency)).content.decode()
    assert "คะแนนรวม ๘๑.๘๖" in page
    assert 'class="grade grade-mid"' in page and ">B</span>" in page
    assert "คะแนนรวม ๘๑.๘๖ อยู่ในช่วง ๗๕–๘๔.๙๙ คะแนน" in page  # why B: the 2564 band it falls in


def test_saving_again_updates_and_never_duplicates(client, coordinator):
    client.force_login(coordinator.user)
    client.post(edit_url(coordinator.agency), seed_001_post())
    post = seed_001_post(version=1)  # a new assessment starts at version 1
    post["item_O17_score"] = "100"
    post["ind_1"] = ""

    client.post(edit_url(coordinator.agency), post)

    assessment = Assessment.objects.get(agency=coordinator.agency)
    assert assessment.item_results.count() == 43
    assert not IndicatorScore.objects.filter(assessment=assessment, indicator__number=1).exists()
    assert assessment.score_total is None  # indicator 1 removed: IIT cannot be computed
    assert assessment.version == 2


def test_bad_values_get_thai_messages_and_nothing_is_written(client, coordinator):
    client.force_login(coordinator.user)
    post = seed_001_post()
    post |= {"ind_1": "เก้าสิบ", "ind_2": "120", "item_O1_urls": "ไม่ใช่ลิงก์", "item_O5_score": "", "item_O5_comment": "x"}

    response = client.post(edit_url(coordinator.agency), post)

    html = response.content.decode()
    assert response.status_code == 200
    assert "กรุณากรอกเป็นตัวเลข" in html
    assert "คะแนนต้องไม่เกิน ๑๐๐" in html
    assert "ไม่ใช่ลิงก์เว็บที่ถูกต้อง" in html
    assert "กรุณาระบุคะแนนของข้อ O5 ด้วย" in html
    assert not Assessment.objects.exists()


def test_the_second_of_two_editors_is_refused_and_keeps_their_input(client, coordinator):
    other = MembershipFactory(role="coordinator", agency=coordinator.agency)
    client.force_login(coordinator.user)
    client.post(edit_url(coordinator.agency), seed_001_post())
    client.post(edit_url(coordinator.agency), seed_001_post(version=1) | {"ind_1": "90"})
    client.force_login(other.user)

    response = client.post(edit_url(coordinator.agency), seed_001_post(version=1) | {"ind_1": "10"})

    html = response.content.decode()
    assert "ยังไม่ได้บันทึก" in html
    assert 'value="10"' in html
    assert IndicatorScore.objects.get(indicator__number=1).score == Decimal("90")


def test_a_year_without_a_catalogue_is_a_404(client, coordinator):
    client.force_login(coordinator.user)
    assert client.get(edit_url(coordinator.agency, 2550)).status_code == 404


def test_the_new_results_page_offers_only_years_not_yet_entered(client, coordinator):
    client.force_login(coordinator.user)
    client.post(edit_url(coordinator.agency, 2564), seed_001_post())
    html = client.get(reverse("assessments:results_new", args=[coordinator.agency.pk])).content.decode()
    assert '<option value="2565">ITA ๒๕๖๕</option>' in html
    assert '<option value="2564">' not in html
    response = client.post(reverse("assessments:results_new", args=[coordinator.agency.pk]), {"fiscal_year": 2565})
    assert response["Location"] == edit_url(coordinator.agency, 2565)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("coordinator", 200),
        ("staff", 403),
        ("approver", 403),
        ("overseer", 403),
        ("other_agency", 404),
        ("anonymous", 302),
    ],
)
@pytest.mark.parametrize("page", ["results_edit", "results_new"])
def test_only_the_agencys_coordinator_enters_results(client, coordinator, role, expected, page):
    agency = coordinator.agency
    users = {
        "coordinator": coordinator.user,
        "staff": MembershipFactory(role="staff", agency=agency).user,
        "approver": MembershipFactory(role="approver", agency=agency).user,
        "overseer": OverseerFactory(province="สตูล").user,
        "other_agency": MembershipFactory(role="coordinator", agency=AgencyFactory()).user,
        "anonymous": None,
    }
    if users[role]:
        client.force_login(users[role])
    url = edit_url(agency) if page == "results_edit" else reverse("assessments:results_new", args=[agency.pk])
    assert client.get(url).status_code == expected
    response = client.post(url, seed_001_post() if page == "results_edit" else {"fiscal_year": 2564})
    assert response.status_code == (302 if expected == 200 else expected)
    if expected != 200:
        assert not Assessment.objects.exists()


def test_a_portal_user_without_membership_cannot_guess_an_agency(client, coordinator):
    client.force_login(UserFactory())
    assert client.get(edit_url(coordinator.agency)).status_code == 404
