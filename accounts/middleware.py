"""Before any other page: a required second factor, then a new password of one's own if someone else set it."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django_htmx.http import HttpResponseClientRedirect

from accounts import session, twofactor

# Pages a user held at the gate may still open: leaving, the two-factor pages, changing the password.
OPEN_PAGES = frozenset(
    {
        "logout",
        "accounts:password_change",
        "accounts:two_factor",
        "accounts:two_factor_setup",
        "accounts:two_factor_verify",
    }
)


class AccountGateMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        target = self.gate(request)
        if target is None:
            return self.get_response(request)
        if request.headers.get("HX-Request") == "true":  # django-htmx's middleware comes later
            return HttpResponseClientRedirect(target)
        return HttpResponseRedirect(target)

    @staticmethod
    def gate(request: HttpRequest) -> str | None:
        """Where the user must go first, or None."""
        user = request.user
        if not user.is_authenticated:
            return None
        try:
            view_name = resolve(request.path_info).view_name
        except Resolver404:
            return None
        if view_name in OPEN_PAGES:
            return None
        if twofactor.required_for(user) and not user.is_verified():
            if twofactor.has_device(user):
                return twofactor.verify_url(request.get_full_path())
            return reverse("accounts:two_factor_setup")
        if session.must_change_password(request):
            return reverse("accounts:password_change")
        return None
