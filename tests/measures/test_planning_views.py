"""The next-year clone page and the suggested-measures page: who may use them, and what they do."""

import pytest
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from measures.models import DismissedSuggestion, Measure, MeasurePlan

# Satun's overseer can see วังประจัน, so every role of that agency reaches the permission check.
NOT_COORDINATORS = ["wangprachan.office", "wangprachan.finance", "wangprachan.mayor", "satun.overseer"]


def _login(client, username):
    client.force_login(get_user_model().objects.get(username=username))


def _wangprachan_plan(demo):
    return MeasurePlan.objects.get(agency=demo["วังประจัน"], fiscal_year=2565)


def _urls(plan):
    return {
        "clone": reverse("measures:plan_clone", args=[plan.pk]),
        "suggestions": reverse("measures:plan_suggestions", args=[plan.pk]),
    }


# --- who may come in -------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["clone", "suggestions"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_login(client, demo, page, method):
    response = getattr(client, method)(_urls(_wangprachan_plan(demo))[page])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("page", ["clone", "suggestions"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_agencys_plan_is_not_found(client, demo, page, method):
    _login(client, "thungpho.legal")  # a coordinator, but of อบต.ทุ่งโพธิ์
    response = getattr(client, method)(_urls(_wangprachan_plan(demo))[page], {"key": "item:O17", "action": "accept"})
    assert response.status_code == 404
    assert not MeasurePlan.objects.filter(agency=demo["วังประจัน"], fiscal_year=2566).exists()


@pytest.mark.parametrize("username", NOT_COORDINATORS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_other_roles_may_not_clone_and_are_told_why(client, demo, username, method):
    _login(client, username)
    response = getattr(client, method)(_urls(_wangprachan_plan(demo))["clone"])
    assert response.status_code == 403
    assert "เฉพาะผู้ประสานงานของหน่วยงานเท่านั้นที่จัดทำแผนปีถัดไปได้" in response.content.decode()
    assert not MeasurePlan.objects.filter(agency=demo["วังประจัน"], fiscal_year=2566).exists()


@pytest.mark.parametrize("username", NOT_COORDINATORS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_other_roles_may_not_handle_suggestions_and_are_told_why(client, demo, username, method):
    plan = _wangprachan_plan(demo)
    _login(client, username)
    response = getattr(client, method)(_urls(plan)["suggestions"], {"key": "item:O17", "action": "accept"})
    assert response.status_code == 403
    assert "เฉพาะผู้ประสานงานของหน่วยงานเท่านั้นที่พิจารณามาตรการที่เสนอได้" in response.content.decode()
    assert not plan.measures.filter(source=Measure.Source.SUGGESTED).exists()


@pytest.mark.parametrize("page", ["clone", "suggestions"])
def test_the_coordinator_opens_both_pages(client, demo, page):
    _login(client, "wangprachan.coord")
    response = client.get(_urls(_wangprachan_plan(demo))[page])
    assert response.status_code == 200
    assert '<html lang="th">' in response.content.decode()


@pytest.mark.parametrize("page", ["clone", "suggestions"])
def test_posts_need_the_csrf_token(demo, page):
    client = Client(enforce_csrf_checks=True)
    _login(client, "wangprachan.coord")
    url = _urls(_wangprachan_plan(demo))[page]
    assert 'name="csrfmiddlewaretoken"' in client.get(url).content.decode()
    assert client.post(url, {"key": "item:O17", "action": "accept"}).status_code == 403


@pytest.mark.parametrize("page", ["clone", "suggestions"])
def test_other_methods_are_refused(client, demo, page):
    _login(client, "wangprachan.coord")
    assert client.put(_urls(_wangprachan_plan(demo))[page]).status_code == 405


# --- next year's plan ------------------------------------------------------------------------


def test_the_confirmation_page_says_what_will_happen_and_changes_nothing(client, demo):
    plan = MeasurePlan.objects.get(agency=demo["จันทบเพชร"], fiscal_year=2566)
    _login(client, "chanthapphet.coord")

    html = client.get(_urls(plan)["clone"]).content.decode()

    assert "จัดทำแผนมาตรการปีงบประมาณ ๒๕๖๗ จากแผนปี ๒๕๖๖" in html
    assert "แผนใหม่ใช้กรอบ ITA ปี ๒๕๖๖ (แผนเดิมใช้กรอบ ITA ปี ๒๕๖๕)" in html
    assert "ไม่คัดลอกผลการดำเนินการ" in html
    assert "เชื่อมโยงไม่ได้ ๓ ข้อ" in html
    assert 'method="post"' in html
    assert not MeasurePlan.objects.filter(agency=plan.agency, fiscal_year=2567).exists()


def test_posting_clones_the_plan_and_lists_what_was_and_was_not_mapped(client, demo):
    plan = MeasurePlan.objects.get(agency=demo["จันทบเพชร"], fiscal_year=2566)
    _login(client, "chanthapphet.coord")

    response = client.post(_urls(plan)["clone"])

    html = response.content.decode()
    assert response.status_code == 200
    new = MeasurePlan.objects.get(agency=plan.agency, fiscal_year=2567)
    assert new.measures.count() == 13
    assert "จัดทำแผนมาตรการปีงบประมาณ ๒๕๖๗ แล้ว" in html
    assert "เชื่อมโยงข้อได้ ๑๐ ข้อ · เชื่อมโยงไม่ได้ ๓ ข้อ" in html
    assert "ข้อ O๒๐ (๒๕๖๕): ไม่มีข้อที่ตรงกับข้อ O๒๐ ของปี ๒๕๖๕ ในปี ๒๕๖๖" in html
    assert "ข้อ i๒๐ (๒๕๖๕): กรอบ ITA ปี ๒๕๖๖ ในระบบไม่มีข้อ i๒๐" in html
    assert "→ O๑๒" in html  # O11 of 2565 is O12 of 2566
    assert f'href="{reverse("measures:plan", args=[plan.agency_id, 2567])}"' in html


def test_cloning_twice_shows_a_thai_error_and_creates_nothing_more(client, demo):
    plan = MeasurePlan.objects.get(agency=demo["ทุ่งโพธิ์"], fiscal_year=2566)
    _login(client, "thungpho.legal")
    client.post(_urls(plan)["clone"])

    response = client.post(_urls(plan)["clone"])

    assert response.status_code == 200
    assert "มีแผนมาตรการปีงบประมาณ ๒๕๖๗ ของอบต.ทุ่งโพธิ์อยู่แล้ว จึงคัดลอกซ้ำไม่ได้" in response.content.decode()
    assert MeasurePlan.objects.filter(agency=plan.agency, fiscal_year=2567).count() == 1
    assert "คัดลอกซ้ำไม่ได้" in client.get(_urls(plan)["clone"]).content.decode()


# --- suggested measures ----------------------------------------------------------------------


def test_the_suggestions_page_lists_each_draft_with_its_three_buttons(client, demo):
    _login(client, "wangprachan.coord")

    html = client.get(_urls(_wangprachan_plan(demo))["suggestions"]).content.decode()

    assert "จากผลการประเมิน ITA ปีงบประมาณ ๒๕๖๔" in html
    assert "คะแนนรวม ๘๑.๘๖ ระดับ B (คะแนนรวม ๘๑.๘๖ อยู่ในช่วง ๗๕–๘๔.๙๙ คะแนน)" in html
    assert "ยกระดับตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล" in html
    assert "ยกระดับตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต" in html
    assert "ปรับปรุงข้อ O๑๗ E-Service ให้ครบถ้วนตามเกณฑ์การประเมิน" in html
    assert "ไม่เป็นช่องทางรักษาความลับ" in html
    assert html.count('value="accept">รับเป็นมาตรการ</button>') == 11
    assert html.count('value="edit" class="secondary">รับและแก้ไข</button>') == 11
    assert html.count('value="dismiss" class="quiet">ไม่รับ</button>') == 11
    main = html.split('<main id="main">', 1)[1]
    assert "<script" not in main and "hx-" not in main  # plain forms: works without JavaScript


def test_the_suggestions_of_a_labels_year_give_the_label_its_reason_and_the_unconfirmed_rule(client, demo):
    plan = MeasurePlan.objects.get(agency=demo["รอบเวียง"], fiscal_year=2569)
    _login(client, "robwiang.coord")

    html = client.get(_urls(plan)["suggestions"]).content.decode()

    assert "จากผลการประเมิน ITA ปีงบประมาณ ๒๕๖๘ คะแนนรวม ๘๙.๒๕ ระดับ ผ่าน" in html
    assert "(คะแนนรวม ๘๙.๒๕ แต่ EIT ต่ำกว่า ๘๕ จึงไม่ได้ระดับผ่านดี)" in html
    assert '<small class="unconfirmed">เกณฑ์ยังไม่ยืนยัน</small>' in html


def test_accepting_returns_to_the_list_with_a_message_and_the_draft_is_gone(client, demo):
    plan = _wangprachan_plan(demo)
    url = _urls(plan)["suggestions"]
    _login(client, "wangprachan.coord")

    response = client.post(url, {"key": "item:O17", "action": "accept"})

    assert response.status_code == 302
    assert response["Location"] == url
    measure = plan.measures.get(suggestion_key="item:O17")
    assert measure.source == Measure.Source.SUGGESTED
    html = client.get(url).content.decode()
    assert "รับเป็นมาตรการแล้ว: ปรับปรุงข้อ O๑๗ E-Service" in html
    assert 'value="item:O17"' not in html
    assert "รับเป็นมาตรการแล้ว ๑ รายการ" in html


def test_accept_and_edit_opens_the_new_measure_in_the_editor(client, demo):
    plan = _wangprachan_plan(demo)
    _login(client, "wangprachan.coord")

    response = client.post(_urls(plan)["suggestions"], {"key": "indicator:10", "action": "edit"})

    measure = plan.measures.get(suggestion_key="indicator:10")
    assert response.status_code == 302
    assert response["Location"] == reverse("measures:measure_edit", args=[measure.pk])


def test_dismissing_removes_the_draft_for_good(client, demo):
    plan = _wangprachan_plan(demo)
    url = _urls(plan)["suggestions"]
    _login(client, "wangprachan.coord")

    response = client.post(url, {"key": "item:O42", "action": "dismiss"}, follow=True)

    html = response.content.decode()
    assert "ไม่รับข้อเสนอแล้ว" in html
    assert 'value="item:O42"' not in html
    assert DismissedSuggestion.objects.filter(plan=plan, key="item:O42").exists()
    assert not plan.measures.filter(suggestion_key="item:O42").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"key": "item:O99", "action": "accept"}, "ไม่พบข้อเสนอนี้"),
        ({"key": "x" * 500, "action": "dismiss"}, "ไม่พบข้อเสนอนี้"),
        ({"action": "accept"}, "ไม่พบข้อเสนอนี้"),
        ({"key": "item:O17", "action": "delete"}, "ไม่ทราบคำสั่ง"),
        ({"key": "item:O17"}, "ไม่ทราบคำสั่ง"),
    ],
)
def test_a_bad_post_gets_a_thai_error_and_changes_nothing(client, demo, data, message):
    plan = _wangprachan_plan(demo)
    _login(client, "wangprachan.coord")

    response = client.post(_urls(plan)["suggestions"], data, follow=True)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not plan.measures.filter(source=Measure.Source.SUGGESTED).exists()
    assert not DismissedSuggestion.objects.filter(plan=plan).exists()


def test_accepting_the_same_draft_twice_says_it_is_already_a_measure(client, demo):
    plan = _wangprachan_plan(demo)
    _login(client, "wangprachan.coord")
    client.post(_urls(plan)["suggestions"], {"key": "item:O17", "action": "accept"})

    response = client.post(_urls(plan)["suggestions"], {"key": "item:O17", "action": "accept"}, follow=True)

    assert "ข้อเสนอนี้รับเป็นมาตรการของแผนนี้แล้ว" in response.content.decode()
    assert plan.measures.filter(suggestion_key="item:O17").count() == 1


def test_an_agency_with_no_earlier_assessment_is_told_so(client, demo):
    plan = MeasurePlan.objects.get(agency=demo["รอบเวียง"], fiscal_year=2566)
    _login(client, "robwiang.coord")
    html = client.get(_urls(plan)["suggestions"]).content.decode()
    assert "ยังไม่มีผลการประเมิน ITA ของอบต.รอบเวียง ก่อนปีงบประมาณ ๒๕๖๖ ในระบบ" in html


def test_the_plan_action_bar_links_to_both_pages(demo):
    plan = _wangprachan_plan(demo)
    html = render_to_string("measures/_plan_actions_planning.html", {"plan": plan})
    assert f'<a class="button" href="{_urls(plan)["suggestions"]}">มาตรการที่เสนอจากผลการประเมิน</a>' in html
    assert f'<a class="button" href="{_urls(plan)["clone"]}">จัดทำแผนปีงบประมาณ ๒๕๖๖</a>' in html
