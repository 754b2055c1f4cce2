"""Every entry view × every role: own agency, another agency, anonymous, GET and POST."""

import pytest
from django.urls import reverse

from measures.models import MeasurePlan

READ = {
    "coordinator": 200,
    "staff_own": 200,
    "staff_other_department": 200,
    "approver": 200,
    "overseer": 200,
    "other_agency": 404,
    "anonymous": 302,
}
EDIT = {
    "coordinator": 200,
    "staff_own": 200,
    "staff_other_department": 403,
    "approver": 403,
    "overseer": 403,
    "other_agency": 404,
    "anonymous": 302,
}
CREATE = {
    "coordinator": 200,
    "staff_own": 403,
    "staff_other_department": 403,
    "approver": 403,
    "overseer": 403,
    "other_agency": 404,
    "anonymous": 302,
}


def urls(world):
    m, p = world.measure, world.plan
    return {
        "plan": (reverse("measures:plan", args=[p.agency_id, p.fiscal_year]), READ),
        "measure": (reverse("measures:measure", args=[m.pk]), READ),
        "evidence": (reverse("measures:evidence", args=[world.evidence.pk]), READ),
        "measure_edit": (reverse("measures:measure_edit", args=[m.pk]), EDIT),
        "progress": (reverse("measures:progress", args=[m.pk, 12]), EDIT),
        "measure_new": (reverse("measures:measure_new", args=[p.pk]), CREATE),
        "plan_new": (reverse("measures:plan_new", args=[p.agency_id]), CREATE),
        "measure_delete": (reverse("measures:measure_delete", args=[m.pk]), CREATE),
    }


ROLES = list(READ)
VIEWS = ["plan", "measure", "evidence", "measure_edit", "progress", "measure_new", "plan_new", "measure_delete"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", VIEWS)
def test_get_is_allowed_exactly_for_the_right_roles(world, login, view, role):
    url, expected = urls(world)[view]
    response = login(world.users[role]).get(url)
    assert response.status_code == expected[role]
    if expected[role] == 302:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", ["measure_edit", "progress", "measure_new", "plan_new", "measure_delete"])
def test_post_is_refused_for_the_wrong_roles_and_writes_nothing(world, login, view, role):
    url, expected = urls(world)[view]
    before = (world.measure.version, world.measure.history.count(), MeasurePlan.objects.count())
    response = login(world.users[role]).post(url, {"title": "ถูกแก้", "status": "not_started", "version": 1})
    if expected[role] == 200:
        assert response.status_code in (200, 302)
    else:
        assert response.status_code == expected[role]
        world.measure.refresh_from_db()
        assert (world.measure.version, world.measure.history.count(), MeasurePlan.objects.count()) == before
        assert world.measure.title == "การใช้ทรัพย์สินของราชการ"


def test_ids_of_another_agency_reveal_nothing(world, login):
    client = login(world.users["other_agency"])
    for url, _ in urls(world).values():
        response = client.get(url)
        assert response.status_code == 404
        assert "การใช้ทรัพย์สินของราชการ" not in response.content.decode()


def test_an_unknown_round_is_a_404(world, login):
    response = login(world.users["coordinator"]).get(reverse("measures:progress", args=[world.measure.pk, 3]))
    assert response.status_code == 404


def test_refusals_are_explained_in_thai(world, login):
    response = login(world.users["staff_other_department"]).get(
        reverse("measures:measure_edit", args=[world.measure.pk])
    )
    assert response.status_code == 403
    assert "ส่วนราชการของท่าน" in response.content.decode()
