"""Creating a plan for a new fiscal year and deleting a measure: coordinators only."""

import os
import re

import time_machine
from django.urls import reverse

from measures.models import Evidence, Measure, MeasurePlan
from tests.factories import AgencyFactory, MembershipFactory, PlanFactory


@time_machine.travel("2026-11-22 10:00 +0700")
def test_a_coordinator_creates_the_plan_of_the_current_fiscal_year(client, catalogue):
    member = MembershipFactory(role="coordinator")
    client.force_login(member.user)
    url = reverse("measures:plan_new", args=[member.agency.pk])

    form = client.get(url).content.decode()
    response = client.post(url, {"fiscal_year": 2570, "framework": catalogue[2567].pk})

    assert '<option value="2570" selected>๒๕๗๐</option>' in form  # 1 Oct 2026 starts FY 2570
    assert response["Location"] == reverse("measures:plan", args=[member.agency.pk, 2570])
    plan = MeasurePlan.objects.get(agency=member.agency)
    assert (plan.fiscal_year, plan.framework.year) == (2570, 2567)
    again = client.post(url, {"fiscal_year": 2570, "framework": ""})
    assert MeasurePlan.objects.count() == 1
    assert again.status_code == 200


def test_only_coordinators_create_plans_and_other_agencies_are_404(client, catalogue):
    member = MembershipFactory(role="staff")
    url = reverse("measures:plan_new", args=[member.agency.pk])
    client.force_login(member.user)
    assert client.post(url, {"fiscal_year": 2570}).status_code == 403
    client.force_login(MembershipFactory(role="coordinator", agency=AgencyFactory()).user)
    assert client.get(url).status_code == 404
    assert not MeasurePlan.objects.exists()


def test_a_coordinator_deletes_a_measure_with_its_progress_and_files(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.users["coordinator"])
    url = reverse("measures:measure_delete", args=[world.measure.pk])
    stored = world.evidence.file.path

    assert "กู้คืนไม่ได้" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    assert response.status_code == 302
    assert not Measure.objects.filter(pk=world.measure.pk).exists()
    assert not Evidence.objects.exists()
    assert not os.path.exists(stored)


def test_staff_cannot_delete_even_their_own_departments_measure(client, world):
    for role in ("staff_own", "approver", "overseer"):
        client.force_login(world.users[role])
        assert client.post(reverse("measures:measure_delete", args=[world.measure.pk])).status_code == 403
    client.force_login(world.users["other_agency"])
    assert client.post(reverse("measures:measure_delete", args=[world.measure.pk])).status_code == 404
    assert Measure.objects.filter(pk=world.measure.pk).exists()


@time_machine.travel("2026-11-22 10:00 +0700")
def test_every_year_the_catalogue_covers_is_offered_newest_first_except_years_with_a_plan(client, catalogue):
    member = MembershipFactory(role="coordinator")
    PlanFactory(agency=member.agency, fiscal_year=2566)
    client.force_login(member.user)

    form = client.get(reverse("measures:plan_new", args=[member.agency.pk])).content.decode()

    offered = [int(y) for y in re.findall(r'<option value="(25\d\d)"', form.split('name="framework"')[0])]
    assert offered == [2571, 2570, 2569, 2568, 2567, 2565, 2564]  # FY 2570 ± 1 and ITA 2564–2569 but 2566
    assert 'name="title"' in form
    assert "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ." in form


@time_machine.travel("2026-11-22 10:00 +0700")
def test_a_coordinator_enters_last_years_plan_with_its_own_title(client, catalogue):
    member = MembershipFactory(role="coordinator")
    client.force_login(member.user)
    title = "มาตรการส่งเสริมคุณธรรมและความโปร่งใสของเทศบาลตำบลทดสอบ ประจำปีงบประมาณ พ.ศ. ๒๕๖๖"

    response = client.post(
        reverse("measures:plan_new", args=[member.agency.pk]),
        {"fiscal_year": 2566, "framework": catalogue[2565].pk, "title": f"  {title} "},
    )

    assert response["Location"] == reverse("measures:plan", args=[member.agency.pk, 2566])
    plan = MeasurePlan.objects.get(agency=member.agency)
    assert (plan.fiscal_year, plan.title) == (2566, title)


@time_machine.travel("2026-11-22 10:00 +0700")
def test_the_year_named_in_the_link_is_preselected_with_the_framework_before_it(client, catalogue):
    member = MembershipFactory(role="coordinator")
    client.force_login(member.user)
    url = reverse("measures:plan_new", args=[member.agency.pk])

    form = client.get(f"{url}?fiscal_year=2567").content.decode()
    unknown = client.get(f"{url}?fiscal_year=1999").content.decode()

    assert '<option value="2567" selected>๒๕๖๗</option>' in form
    assert f'<option value="{catalogue[2566].pk}" selected>' in form
    assert '<option value="2570" selected>๒๕๗๐</option>' in unknown  # not offered: the current year instead


@time_machine.travel("2026-11-22 10:00 +0700")
def test_a_year_outside_the_catalogue_is_refused_in_thai(client, catalogue):
    member = MembershipFactory(role="coordinator")
    client.force_login(member.user)

    response = client.post(reverse("measures:plan_new", args=[member.agency.pk]), {"fiscal_year": 2550})

    assert response.status_code == 200
    assert "สร้างแผนของปีงบประมาณนี้ไม่ได้" in response.content.decode()
    assert not MeasurePlan.objects.exists()
