"""Every model of the project is in the Django admin, and every admin page opens."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.factories import UserFactory

PROJECT_APPS = ["assessments", "measures", "reports", "oit", "accounts", "members", "linechannel", "notifications"]
MODELS = [m for app in PROJECT_APPS for m in apps.get_app_config(app).get_models()]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_model_is_registered_in_the_admin(model):
    assert admin.site.is_registered(model)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_admin_list_and_first_object_open_for_a_superuser(client, demo, model):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    meta = model._meta
    assert client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")).status_code == 200
    first = model.objects.first()
    if first is not None:
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk])
        assert client.get(url).status_code == 200


def test_the_catalogue_cannot_be_edited_in_the_admin(client, catalogue):
    from assessments.models import Item

    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    item = Item.objects.first()
    response = client.post(reverse("admin:assessments_item_change", args=[item.pk]), {"name_th": "แก้ไข"})
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.name_th != "แก้ไข"


def test_the_admin_is_closed_to_portal_users(client, db):
    client.force_login(UserFactory())
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302


def test_the_memo_audit_trail_cannot_be_changed_or_deleted_in_the_admin(client, db):
    from django.contrib.auth import get_user_model

    from reports.models import MemoEvent

    admin_user = get_user_model().objects.create_superuser("root", "root@example.invalid", "pw-123-xyz")
    client.force_login(admin_user)
    model_admin = admin.site._registry[MemoEvent]
    request = client.get("/admin/").wsgi_request
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert not model_admin.has_add_permission(request)
