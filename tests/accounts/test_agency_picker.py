"""A member of several agencies picks the agency they work in; only their own active memberships are offered."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import Profile
from tests.factories import AgencyFactory, MembershipFactory, OverseerFactory, UserFactory

PICK = reverse("accounts:agency_pick")
HOME = reverse("home")


def _member_of_two(db):
    user = UserFactory()
    first = MembershipFactory(user=user, agency=AgencyFactory(name="ทุ่งหนึ่ง"), role="coordinator").agency
    second = MembershipFactory(user=user, agency=AgencyFactory(name="ทุ่งสอง"), role="staff").agency
    return user, first, second


def test_a_member_of_several_agencies_sees_the_picker_with_only_their_agencies(client, db):
    user, first, second = _member_of_two(db)
    stranger = AgencyFactory(name="ไกลโพ้น")
    client.force_login(user)

    html = client.get(HOME).content.decode()

    assert f'action="{PICK}"' in html
    assert f'<option value="{first.pk}"' in html and f'<option value="{second.pk}"' in html
    assert f'<option value="{stranger.pk}"' not in html


def test_picking_an_agency_shows_it_alone_on_the_home_page_with_a_link_to_all(client, db):
    user, first, second = _member_of_two(db)
    client.force_login(user)

    response = client.post(PICK, {"agency": second.pk, "next": HOME})

    assert response.status_code == 302 and response["Location"] == HOME
    assert Profile.objects.get(user=user).agency == second
    html = client.get(HOME).content.decode()
    assert second.full_name in html and first.full_name not in html
    assert f'<option value="{second.pk}" selected>' in html
    everything = client.get(HOME + "?all=1").content.decode()
    assert first.full_name in everything and second.full_name in everything


def test_the_picked_agency_is_remembered_at_the_next_login(client, db):
    user, first, second = _member_of_two(db)
    Profile.objects.create(user=user, agency=first)
    client.force_login(user)
    html = client.get(HOME).content.decode()
    assert first.full_name in html and second.full_name not in html


def test_another_agency_cannot_be_picked(client, db):
    user, _, _ = _member_of_two(db)
    stranger = AgencyFactory(name="ไกลโพ้น")
    client.force_login(user)

    response = client.post(PICK, {"agency": stranger.pk}, follow=True)

    assert not Profile.objects.filter(user=user, agency=stranger).exists()
    assert "เลือกได้เฉพาะหน่วยงานที่ท่านเป็นสมาชิกอยู่" in response.content.decode()
    assert stranger.full_name not in response.content.decode()


def test_a_deactivated_membership_cannot_be_picked(client, db):
    user, _, _ = _member_of_two(db)
    third = MembershipFactory(user=user, agency=AgencyFactory(name="ทุ่งสาม"), is_active=False).agency
    client.force_login(user)
    assert f'<option value="{third.pk}"' not in client.get(HOME).content.decode()
    client.post(PICK, {"agency": third.pk})
    assert not Profile.objects.filter(user=user, agency=third).exists()


def test_nonsense_is_refused_in_thai(client, db):
    user, _, _ = _member_of_two(db)
    client.force_login(user)
    for value in ("abc", "-1", "๑", "99999999999999999999"):
        response = client.post(PICK, {"agency": value}, follow=True)
        assert response.status_code == 200
        assert "เลือกได้เฉพาะหน่วยงานที่ท่านเป็นสมาชิกอยู่" in response.content.decode()


def test_the_picker_returns_only_to_a_page_of_the_portal(client, db):
    user, first, _ = _member_of_two(db)
    client.force_login(user)
    assert client.post(PICK, {"agency": first.pk, "next": "https://evil.example/"})["Location"] == HOME


def test_single_agency_members_and_overseers_get_no_picker(client, db):
    for membership in (MembershipFactory(), OverseerFactory()):
        client.force_login(membership.user)
        assert f'action="{PICK}"' not in client.get(HOME).content.decode()


def test_the_picker_is_a_post_for_logged_in_users(client, db):
    assert client.post(PICK)["Location"].startswith(reverse("login"))
    client.force_login(UserFactory())
    assert client.get(PICK).status_code == 405


def test_all_agencies_forgets_the_pick(client, db):
    user, first, second = _member_of_two(db)
    Profile.objects.create(user=user, agency=first)
    client.force_login(user)

    client.post(PICK, {"agency": ""})

    assert Profile.objects.get(user=user).agency is None
    html = client.get(HOME).content.decode()
    assert first.full_name in html and second.full_name in html
