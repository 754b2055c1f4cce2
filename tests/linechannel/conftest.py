"""The `line_api` fixture (tests/linechannel/server.py) is shared from tests/conftest.py; here: a linked user."""

from __future__ import annotations

import pytest
from django.utils import timezone

from linechannel.models import LineAccount
from tests.factories import UserFactory

LINE_USER_ID = "U4af4980629" + "0" * 22


@pytest.fixture
def linked_user(db):
    user = UserFactory(email="somchai@example.invalid")
    LineAccount.objects.create(user=user, line_user_id=LINE_USER_ID, linked_at=timezone.now())
    return user
