"""What people see and do on the plan page, the measure page and the progress form."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from measures.models import Evidence, History, Measure, Progress
from tests.factories import DepartmentFactory, MeasureFactory, UserFactory
from tests.measures.conftest import PDF


def plan_url(plan, **query):
    url = reverse("measures:plan", args=[plan.agency_id, plan.fiscal_year])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_demo_plan_is_grouped_by_tool_and_indicator_like_seed_000(client, demo):
    client.force_login(UserFactory(username="thungpho.office"))
    html = client.get(plan_url(demo["ทุ่งโพธิ์"].plans.get(fiscal_year=2566))).content.decode()

    headings = [
        "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)",
        "ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่",
        "ตัวชี้วัดที่ ๔ การใช้ทรัพย์สินของราชการ",
        "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)",
        "แบบวัดการเปิดเผยข้อมูลสาธารณะ (OIT)",
        "ตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต",
    ]
    positions = [html.index(h) for h in headings]
    assert positions == sorted(positions)
    assert html.index("การปฏิบัติงานให้บริการ") < html.index("การสร้างการรับรู้เกี่ยวกับแผนการใช้เงิน")
    assert "ดำเนินการแล้วเสร็จ <strong>๑๐</strong>" in html


def test_seed_004_follow_ups_come_after_its_measures(client, demo):
    client.force_login(UserFactory(username="robwiang.coord"))
    html = client.get(plan_url(demo["รอบเวียง"].plans.get(fiscal_year=2566), round=12)).content.decode()
    assert (
        html.index("มาตรการการส่งเสริมความโปร่งใสในการจัดซื้อจัดจ้าง")
        < html.index("แนวทางยกระดับการประเมินรายตัวชี้วัด")
        < html.index("ตัวชี้วัดที่ ๘ ปรับปรุงการ ทำงาน")
    )
    assert "อยู่ระหว่างดำเนินการ <strong>๑</strong>" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "ทรัพย์สินราชการ"}, [4]),
        ({"q": "ทรัพย์สิน+ราชการ"}, [4]),
        ({"department": "finance"}, [2, 6, 7, 8, 9]),  # 6–9 are "ทุกหน่วยงาน"
        ({"tool": "EIT"}, [6, 7, 8]),
        ({"indicator": "ind10"}, [10]),
        ({"status": "done", "round": "12"}, list(range(1, 11))),
        ({"status": "missing", "round": "6"}, list(range(1, 11))),
        ({"status": "done", "round": "6"}, []),
    ],
)
def test_filters_narrow_the_plan(client, demo, query, expected):
    plan = demo["ทุ่งโพธิ์"].plans.get(fiscal_year=2566)
    if query.get("department") == "finance":
        query["department"] = plan.agency.departments.get(name="กองคลัง").pk
    if query.get("indicator") == "ind10":
        query["indicator"] = plan.framework.indicators.get(number=10).pk
    client.force_login(UserFactory(username="thungpho.legal"))

    response = client.get(plan_url(plan, **query))

    assert sorted(m.number for m in response.context["table"].data) == expected


def test_the_item_filter_takes_codes_as_people_type_them(client, demo):
    plan = demo["จันทบเพชร"].plans.get(fiscal_year=2566)
    client.force_login(UserFactory(username="chanthapphet.coord"))
    assert [m.number for m in client.get(plan_url(plan, item="0๑๑")).context["table"].data] == [2]
    response = client.get(plan_url(plan, item="ข้อสิบเอ็ด"))
    assert "รหัสข้อ" in response.content.decode()


def test_filtering_with_htmx_returns_only_the_results(client, world):
    client.force_login(world.users["coordinator"])
    response = client.get(plan_url(world.plan), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="plan-results")
    html = response.content.decode()
    assert "<html" not in html
    assert "การใช้ทรัพย์สินของราชการ" in html


@pytest.mark.parametrize("count", [5, 200])
def test_the_plan_page_query_count_does_not_grow_with_measures(client, world, django_assert_max_num_queries, count):
    for n in range(count):
        measure = MeasureFactory(plan=world.plan, number=100 + n)
        measure.departments.set(world.measure.departments.all())
        Progress.objects.create(measure=measure, round=6, status="done")
        Progress.objects.create(measure=measure, round=12, status="in_progress")
    client.force_login(world.users["staff_own"])
    with django_assert_max_num_queries(20):
        response = client.get(plan_url(world.plan, round=12))
    assert response.status_code == 200


def test_progress_form_works_without_javascript_and_returns_to_the_plan(client, world):
    client.force_login(world.users["staff_own"])
    url = reverse("measures:progress", args=[world.measure.pk, 12])
    next_url = plan_url(world.plan, round=12)

    response = client.post(
        url,
        {
            "version": 0,
            "status": "in_progress",
            "summary": "จัดทำคู่มือแล้ว",
            "outcome": "",
            "urls": "www.example.go.th/ita/o43\nhttps://example.go.th/a",
            "next": next_url,
            "files": [SimpleUploadedFile("หลักฐาน.pdf", PDF)],
        },
    )

    assert response.status_code == 302
    assert response["Location"] == next_url
    progress = Progress.objects.get(measure=world.measure, round=12)
    assert (progress.status, progress.summary, progress.updated_by) == (
        "in_progress",
        "จัดทำคู่มือแล้ว",
        world.users["staff_own"],
    )
    assert sorted(progress.evidence.exclude(url="").values_list("url", flat=True)) == [
        "https://example.go.th/a",
        "https://www.example.go.th/ita/o43",
    ]
    assert progress.evidence.filter(original_name="หลักฐาน.pdf").exists()
    assert "บันทึกผลรอบ ๑๒ เดือน" in client.get(next_url).content.decode()


def test_with_htmx_the_form_is_a_fragment_and_saving_swaps_the_status_cell(client, world):
    client.force_login(world.users["coordinator"])
    url = reverse("measures:progress", args=[world.measure.pk, 12])

    form = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    saved = client.post(url, {"version": 0, "status": "done"}, HTTP_HX_REQUEST="true").content.decode()

    assert "<html" not in form and 'hx-post="' in form
    assert f'id="progress-{world.measure.pk}-12" hx-swap-oob="true"' in saved
    assert "ดำเนินการแล้วเสร็จ" in saved


def test_an_inline_save_closes_the_editor_and_updates_the_status_counts_of_the_filtered_page(client, world):
    """Everything in the answer is out of band: the editor keeps nothing, so the panel closes (portal.js)."""
    client.force_login(world.users["coordinator"])
    MeasureFactory(plan=world.plan, number=2)
    plan_url = reverse("measures:plan", args=[world.plan.agency_id, world.plan.fiscal_year])
    url = reverse("measures:progress", args=[world.measure.pk, 12])

    form = client.get(url, {"next": f"{plan_url}?round=12"}, HTTP_HX_REQUEST="true").content.decode()
    saved = client.post(
        url, {"version": 0, "status": "done", "next": f"{plan_url}?round=12"}, HTTP_HX_REQUEST="true"
    ).content.decode()

    assert '<button type="button" class="button secondary small editor-close" data-editor-close>ปิด</button>' in form
    assert '<section class="counts" id="plan-counts" aria-label="จำนวนมาตรการตามสถานะ" hx-swap-oob="true">' in saved
    assert "รอบ ๑๒ เดือน" in saved
    assert "ดำเนินการแล้วเสร็จ <strong>๑</strong>" in saved and "ยังไม่รายงาน <strong>๑</strong>" in saved
    assert '<div id="plan-status" hx-swap-oob="innerHTML">' in saved
    outside = re.sub(r"<(section|div|p)\b[^>]*hx-swap-oob.*?</\1>", "", saved, flags=re.S)
    assert re.sub(r"<div class=\"progress-cell saved\".*", "", outside, flags=re.S).strip() == ""


def test_an_inline_save_from_elsewhere_than_the_plan_page_sends_no_counts(client, world):
    client.force_login(world.users["coordinator"])
    url = reverse("measures:progress", args=[world.measure.pk, 12])
    measure_url = reverse("measures:measure", args=[world.measure.pk])

    saved = client.post(url, {"version": 0, "status": "done", "next": measure_url}, HTTP_HX_REQUEST="true")

    assert 'id="plan-counts"' not in saved.content.decode()


def test_without_javascript_the_form_has_no_close_button_and_saving_redirects_to_the_plan(client, world):
    client.force_login(world.users["coordinator"])
    plan_url = reverse("measures:plan", args=[world.plan.agency_id, world.plan.fiscal_year])
    url = reverse("measures:progress", args=[world.measure.pk, 12])

    form = client.get(url, {"next": plan_url}).content.decode()
    response = client.post(url, {"version": 0, "status": "done", "next": plan_url})

    assert "data-editor-close" not in form
    assert response["Location"] == plan_url
    assert "ดำเนินการแล้วเสร็จ <strong>๑</strong>" in client.get(plan_url + "?round=12").content.decode()


def test_a_bad_link_or_file_gets_a_thai_message_and_saves_nothing(client, world):
    client.force_login(world.users["staff_own"])
    url = reverse("measures:progress", args=[world.measure.pk, 12])
    response = client.post(
        url,
        {
            "version": 0,
            "status": "done",
            "urls": "not a link",
            "files": [SimpleUploadedFile("x.pdf", b"<html></html>")],
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "ไม่ใช่ลิงก์เว็บที่ถูกต้อง" in html
    assert "ไม่ใช่ชนิดที่รับ" in html
    assert not Progress.objects.filter(measure=world.measure, round=12).exists()


def test_more_evidence_links_than_a_save_allows_are_refused_in_thai_and_nothing_is_saved(client, world, settings):
    settings.EVIDENCE_LINKS_PER_SAVE = 20
    client.force_login(world.users["staff_own"])
    links = "\n".join(f"https://www.example.go.th/ita/{n}" for n in range(5000))

    response = client.post(
        reverse("measures:progress", args=[world.measure.pk, 12]), {"version": 0, "status": "done", "urls": links}
    )

    assert "ใส่ลิงก์หลักฐานได้ครั้งละไม่เกิน ๒๐ ลิงก์ (ส่งมา ๕๐๐๐ ลิงก์)" in response.content.decode()
    assert not Progress.objects.filter(measure=world.measure, round=12).exists()


def test_the_progress_page_of_its_own_posts_as_a_plain_form_even_with_javascript(client, world):
    """It has no #editor to swap into (the measure page links to it), so htmx must leave its form alone."""
    client.force_login(world.users["staff_own"])
    url = reverse("measures:progress", args=[world.measure.pk, 12])

    page = client.get(url).content.decode()
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()

    assert "<html" in page and "hx-post" not in page and "hx-target" not in page
    assert 'hx-target="#editor"' in fragment and "autofocus" in fragment  # focus follows the keyboard user


def test_the_second_of_two_progress_editors_sees_what_changed_and_nothing_is_lost(client, world):
    url = reverse("measures:progress", args=[world.measure.pk, 6])
    version = Progress.objects.get(measure=world.measure, round=6).version
    client.force_login(world.users["coordinator"])
    client.post(url, {"version": version, "status": "done", "summary": "ฉบับของผู้ประสานงาน"})
    client.force_login(world.users["staff_own"])

    response = client.post(url, {"version": version, "status": "in_progress", "summary": "ฉบับของเจ้าหน้าที่"})

    html = response.content.decode()
    assert "ยังไม่ได้บันทึก" in html
    assert "ฉบับของผู้ประสานงาน" in html and "ฉบับของเจ้าหน้าที่" in html
    assert Progress.objects.get(measure=world.measure, round=6).summary == "ฉบับของผู้ประสานงาน"
    # The form now carries the latest version, so saving again is a deliberate overwrite.
    assert response.context["form"]["version"].value() == str(version + 1)


def test_the_second_of_two_measure_editors_is_refused(client, world):
    url = reverse("measures:measure_edit", args=[world.measure.pk])
    office = world.measure.departments.get()
    data = {"version": 1, "section": "measure", "departments": [office.pk]}
    client.force_login(world.users["coordinator"])
    assert client.post(url, {**data, "title": "ชื่อใหม่ของผู้ประสานงาน"}).status_code == 302
    client.force_login(world.users["staff_own"])

    response = client.post(url, {**data, "title": "ชื่อใหม่ของเจ้าหน้าที่"})

    assert "ชื่อใหม่ของผู้ประสานงาน" in response.content.decode()
    world.measure.refresh_from_db()
    assert world.measure.title == "ชื่อใหม่ของผู้ประสานงาน"


def test_staff_cannot_take_their_own_department_off_a_measure(client, world):
    finance = DepartmentFactory(agency=world.plan.agency, name="กองช่าง")
    client.force_login(world.users["staff_own"])
    response = client.post(
        reverse("measures:measure_edit", args=[world.measure.pk]),
        {"version": 1, "section": "measure", "title": "ก", "departments": [finance.pk]},
    )
    assert "ต้องเลือกส่วนราชการของท่านไว้ด้วย" in response.content.decode()


def test_a_coordinator_creates_a_measure_with_items_departments_and_a_thai_period(client, catalogue, world):
    world.plan.framework = catalogue[2565]
    world.plan.save()
    o11 = catalogue[2565].items.get(code="O11")
    office = world.measure.departments.get()
    client.force_login(world.users["coordinator"])

    response = client.post(
        reverse("measures:measure_new", args=[world.plan.pk]),
        {
            "section": "measure",
            "title": "จัดทำรายงานการกำกับติดตาม",
            "items": [o11.pk],
            "departments": [office.pk],
            "period_start_0": "10",
            "period_start_1": "๒๕๖๕",
            "period_end_0": "9",
            "period_end_1": "2566",
        },
    )

    measure = Measure.objects.get(title="จัดทำรายงานการกำกับติดตาม")
    assert response.status_code == 302
    assert measure.number == 2
    assert measure.period_display == "ตุลาคม ๒๕๖๕ – กันยายน ๒๕๖๖"
    assert str(measure.period_end) == "2023-09-30"
    assert list(measure.indicators.values_list("number", flat=True)) == [9]
    assert measure.history.get().action == History.Action.CREATED


def test_a_period_ending_before_it_starts_is_refused(client, world):
    client.force_login(world.users["coordinator"])
    response = client.post(
        reverse("measures:measure_new", args=[world.plan.pk]),
        {
            "section": "measure",
            "title": "ก",
            "period_start_0": "10",
            "period_start_1": "2566",
            "period_end_0": "9",
            "period_end_1": "2566",
        },
    )
    assert "เดือนสิ้นสุดต้องไม่ก่อนเดือนเริ่ม" in response.content.decode()


def test_the_measure_page_shows_its_history(client, world):
    client.force_login(world.users["coordinator"])
    client.post(
        reverse("measures:progress", args=[world.measure.pk, 12]),
        {"version": 0, "status": "not_started", "summary": "รองบประมาณ"},
    )
    html = client.get(reverse("measures:measure", args=[world.measure.pk])).content.decode()
    assert "ประวัติการแก้ไข" in html
    assert "รายงานผล รอบ ๑๒ เดือน" in html
    assert "รองบประมาณ" in html


def test_the_measure_page_shows_progress_and_history_recorded_without_a_user(client, world):
    """Progress loaded by seed_demo, or whose author's account was deleted, has no updated_by."""
    Progress.objects.filter(measure=world.measure).update(updated_by=None)
    History.objects.filter(measure=world.measure).update(user=None)
    client.force_login(world.users["coordinator"])

    response = client.get(reverse("measures:measure", args=[world.measure.pk]))

    assert response.status_code == 200
    assert "บันทึกโดย –" in response.content.decode()
    assert "โดย ระบบ" in response.content.decode()


def test_a_pdf_is_shown_inline_in_a_sandbox_and_an_office_file_downloads(client, world):
    client.force_login(world.users["approver"])
    response = client.get(reverse("measures:evidence", args=[world.evidence.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PDF

    Evidence.objects.filter(pk=world.evidence.pk).update(
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert client.get(reverse("measures:evidence", args=[world.evidence.pk]))["Content-Disposition"].startswith(
        "attachment"
    )


def test_next_never_leads_off_the_site(client, world):
    client.force_login(world.users["coordinator"])
    response = client.post(
        reverse("measures:progress", args=[world.measure.pk, 12]),
        {"version": 0, "status": "done", "next": "https://evil.example/"},
    )
    assert response["Location"] == plan_url(world.plan)
