"""Login, logout and the home page, for each role, and never another agency's data."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, MembershipFactory, OverseerFactory, PlanFactory, ProgressFactory, UserFactory

HOME = reverse("home")


def test_the_login_page_is_in_thai(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="th">' in html
    assert "เข้าสู่ระบบ" in html
    assert 'for="id_username">ชื่อผู้ใช้' in html


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_wrong_password_gets_a_thai_message(client, db):
    UserFactory(username="somchai")
    response = client.post(reverse("login"), {"username": "somchai", "password": "wrong"})
    assert response.status_code == 200
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.content.decode()


def test_logging_in_and_out(client, db):
    MembershipFactory(user__username="somchai")
    response = client.post(reverse("login"), {"username": "somchai", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(HOME).status_code == 200
    client.post(reverse("logout"))
    assert client.get(HOME).status_code == 302


@pytest.mark.parametrize("role", ["staff", "coordinator", "approver"])
def test_each_member_sees_their_agency_and_not_another(client, db, role):
    own = MembershipFactory(role=role, agency__name="ทดสอบหนึ่ง")
    other = MembershipFactory(agency__name="อื่นสอง", agency__phone="0-1111-2222")
    PlanFactory(agency=other.agency, fiscal_year=2559)
    client.force_login(own.user)

    html = client.get(HOME).content.decode()

    assert "องค์การบริหารส่วนตำบลทดสอบหนึ่ง" in html
    assert "อื่นสอง" not in html
    assert "๒๕๕๙" not in html
    assert "๐-๑๑๑๑-๒๒๒๒" not in html


def test_an_overseer_sees_every_agency_of_their_province_only(client, db):
    overseer = OverseerFactory(province="สตูล")
    MembershipFactory(agency__name="ในจังหวัด", agency__province="สตูล")
    MembershipFactory(agency__name="นอกจังหวัด", agency__province="ตรัง")
    client.force_login(overseer.user)

    html = client.get(HOME).content.decode()

    assert "ในจังหวัด" in html
    assert "นอกจังหวัด" not in html
    assert "ผู้กำกับดูแลระดับจังหวัด" in html


def test_a_user_without_membership_is_told_to_contact_the_administrator(client, db):
    client.force_login(UserFactory())
    assert "ยังไม่ได้เป็นสมาชิกของหน่วยงานใด" in client.get(HOME).content.decode()


def test_the_home_page_shows_scores_grades_and_progress_counts_in_thai_digits(client, demo):
    client.force_login(UserFactory(username="satun.overseer"))

    html = client.get(HOME).content.decode()

    assert "องค์การบริหารส่วนตำบลวังประจัน" in html
    assert "องค์การบริหารส่วนตำบลควนกาหลง" in html
    assert "ทุ่งโพธิ์" not in html  # Nakhon Ratchasima, not Satun
    assert "๘๑.๘๖" in html
    assert 'class="grade grade-mid"' in html and ">B</span>" in html  # seed 001 (ITA 2564): B by the 2564 bands
    assert "คะแนนรวม ๘๑.๘๖ อยู่ในช่วง ๗๕–๘๔.๙๙ คะแนน" in html
    assert "แล้วเสร็จ ๗" in html  # seed 002: seven measures reported done in the 12-month round


def test_the_home_page_marks_a_published_total_that_could_not_be_recomputed(client, demo):
    client.force_login(UserFactory(username="robwiang.coord"))
    html = client.get(HOME).content.decode()
    assert "๘๗.๗๐" in html
    assert "(ตามที่ประกาศ)" in html
    assert "ระหว่างดำเนินการ ๑" in html  # seed 004: indicator 8 is ticked อยู่ระหว่างดำเนินการ


def test_the_home_page_rates_a_labels_year_with_its_reason_and_the_unconfirmed_rule(client, demo):
    client.force_login(UserFactory(username="robwiang.coord"))

    html = client.get(HOME).content.decode()

    # Seed 004 (ITA 2566, published 87.70): ผ่าน by the published total, not a letter.
    assert 'class="grade grade-pass"' in html and ">ผ่าน</span>" in html
    assert "คะแนนรวม ๘๗.๗๐ แต่ยังไม่มีคะแนนครบทุกแบบวัด จึงยังพิจารณาระดับผ่านดีไม่ได้" in html
    assert '<small class="unconfirmed">เกณฑ์ยังไม่ยืนยัน</small>' in html


@pytest.mark.parametrize(
    "username",
    ["thungpho.legal", "thungpho.head", "thungpho.palad", "thungpho.mayor", "thungpho.office", "thungpho.works"],
)
def test_every_demo_role_of_seed_000_logs_in_and_sees_only_its_agency(client, demo, username):
    from ita_portal.demo.loader import DEMO_PASSWORD

    response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD}, follow=True)
    html = response.content.decode()

    assert response.status_code == 200
    assert "องค์การบริหารส่วนตำบลทุ่งโพธิ์" in html
    for other in ("วังประจัน", "ควนกาหลง", "จันทบเพชร", "รอบเวียง"):
        assert other not in html


def test_the_home_page_query_count_does_not_grow_with_agencies(client, db, django_assert_max_num_queries):
    overseer = OverseerFactory(province="สตูล")
    for _ in range(6):
        ProgressFactory(measure__plan__agency__province="สตูล")
    client.force_login(overseer.user)
    with django_assert_max_num_queries(
        11
    ):  # 9: the agencies' OIT workspace years; 10: the provinces overseen (onboarding link); 11: the bell's count
        assert client.get(HOME).status_code == 200


def test_rating_every_year_on_the_home_page_adds_no_query_per_assessment(
    client, catalogue, django_assert_max_num_queries
):
    from tests.factories import AgencyFactory, scored_assessment

    overseer = OverseerFactory(province="สตูล")
    for _ in range(4):
        agency = AgencyFactory(province="สตูล")
        for year in (2564, 2566):
            scored_assessment(
                framework=catalogue[year], agency=agency, fiscal_year=year, indicators={i: "90" for i in range(1, 11)}
            )
    client.force_login(overseer.user)

    with django_assert_max_num_queries(
        11
    ):  # 9: the agencies' OIT workspace years; 10: the provinces overseen (onboarding link); 11: the bell's count
        html = client.get(HOME).content.decode()

    assert html.count(">A</span>") == 4 and html.count(">ผ่านดี</span>") == 4  # 2564 bands, 2566 labels


def test_the_home_page_links_an_agencys_latest_oit_workspace_or_this_years(client, demo):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    users = get_user_model().objects
    client.force_login(users.get(username="robwiang.coord"))
    assert reverse("oit:workspace", args=[demo["รอบเวียง"].pk, 2569]) in client.get("/").content.decode()

    client.force_login(users.get(username="thungpho.legal"))  # no workspace yet: this fiscal year's (2570 in Dec 2026)
    page = client.get("/").content.decode()
    assert "แบบวัดการเปิดเผยข้อมูลสาธารณะ (OIT) ปี" in page and "/oit/2569/" not in page
