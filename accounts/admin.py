"""The profile in the admin, and Django's user admin marking a password an administrator set as one to change."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from accounts import services
from accounts.models import Profile

User = get_user_model()


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "must_change_password", "agency", "updated_at"]
    list_filter = ["must_change_password"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["agency"]
    raw_id_fields = ["user"]


class PortalUserAdmin(UserAdmin):
    """A password typed here by an administrator is one the person must replace at their next login."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change and obj.has_usable_password():
            services.password_set_by_other(user=obj, by=request.user)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and isinstance(response, HttpResponseRedirect):
            user = self.get_object(request, id)
            if user is not None and user.has_usable_password():
                services.password_set_by_other(user=user, by=request.user)
        return response


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, PortalUserAdmin)
