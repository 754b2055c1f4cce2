import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from assessments.selectors import agencies_for_user, get_agency_for_user, role_in_agency
from tests.factories import AgencyFactory, MembershipFactory, OverseerFactory


def test_a_member_sees_only_their_agencies(db):
    member = MembershipFactory()
    AgencyFactory()
    assert list(agencies_for_user(member.user)) == [member.agency]


def test_another_agency_is_a_404_not_a_403(db):
    member = MembershipFactory()
    other = AgencyFactory()
    with pytest.raises(Http404):
        get_agency_for_user(member.user, other.pk)
    assert get_agency_for_user(member.user, member.agency.pk) == member.agency


def test_anonymous_sees_nothing(db):
    AgencyFactory()
    assert list(agencies_for_user(AnonymousUser())) == []
    assert role_in_agency(AnonymousUser(), AgencyFactory()) is None


def test_a_direct_membership_wins_over_the_province_role(db):
    overseer = OverseerFactory(province="สตูล")
    agency = AgencyFactory(province="สตูล")
    assert role_in_agency(overseer.user, agency) == "overseer"
    MembershipFactory(user=overseer.user, agency=agency, role="coordinator")
    assert role_in_agency(overseer.user, agency) == "coordinator"
    assert role_in_agency(overseer.user, AgencyFactory(province="ตรัง")) is None
