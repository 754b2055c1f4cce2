"""/health/ reports the database, the broker and the storage."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_all_well(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = client.get(reverse("health"))
    body = json.loads(response.content)
    assert response.status_code == 200, body
    assert body["status"] == "ok" and body["database"] == "ok" and body["storage"] == "ok"
    assert body["broker"] in ("ok", "inline")
    assert not list((tmp_path / "health").iterdir())  # the probe file is removed


def test_a_broken_storage_is_a_503_that_names_it_and_nothing_more(client, settings, tmp_path):
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x")
    settings.MEDIA_ROOT = blocked  # a file where the media folder should be: nothing can be saved
    response = client.get(reverse("health"))
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["storage"] == "error" and body["status"] == "error" and body["database"] == "ok"
    assert set(body) == {"status", "database", "broker", "storage"}


def test_an_unreachable_broker_is_reported(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"  # nothing listens on port 9
    response = client.get(reverse("health"))
    assert response.status_code == 503 and json.loads(response.content)["broker"] == "error"
