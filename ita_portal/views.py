"""Project-level pages: the home page of a logged-in user."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ita_portal.selectors import home_summary


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", {"agencies": home_summary(request.user)})
