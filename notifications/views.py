"""The bell's pages: the list, mark read (one or all), and the choices per kind and channel."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from notifications import selectors, services
from notifications.forms import PreferencesForm

PAGE_SIZE = 30


def _back(request: HttpRequest, fallback: str = "notifications:list") -> HttpResponse:
    """To `next` when it is a page of this site (the thing concerned), else to the list."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(fallback)


@login_required
@require_http_methods(["GET", "HEAD"])
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = selectors.notifications_for_user(request.user)
    only_unread = request.GET.get("unread") == "1"
    if only_unread:
        notifications = notifications.filter(read_at__isnull=True)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {"page": page, "only_unread": only_unread, "unread": selectors.unread_count(request.user)},
    )


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = selectors.get_notification_for_user(request.user, pk)
    services.notification_mark_read(notification=notification, user=request.user)
    return _back(request)


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, "ทำเครื่องหมายว่าอ่านแล้วทั้งหมด")
    return _back(request)


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    table = selectors.preference_table(request.user)
    form = PreferencesForm(request.POST if request.method == "POST" else None, table=table)
    if request.method == "POST" and form.is_valid():
        services.preferences_save(user=request.user, chosen=form.chosen())
        messages.success(request, "บันทึกการตั้งค่าการแจ้งเตือนแล้ว")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form, "line": selectors.line_enabled()})
