"""Project-level pages: the home page of a logged-in user."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.session import work_agency
from assessments.permissions import onboarding_provinces
from assessments.scoring import assessment_rating
from ita_portal import thai
from ita_portal.selectors import home_summary


@login_required
def home(request: HttpRequest) -> HttpResponse:
    # Each assessment arrives with its framework (select_related), so rating the years costs no query.
    summaries = home_summary(request.user)
    # A member of several agencies sees the one they picked in the header, with a link to all of them.
    picked = work_agency(request)
    show_all = request.GET.get("all") == "1"
    if picked and not show_all and any(entry.agency.pk == picked for entry in summaries):
        summaries = [entry for entry in summaries if entry.agency.pk == picked]
    else:
        picked = None
    agencies = [
        (entry, [(row, assessment_rating(row.assessment) if row.assessment else None) for row in entry.years])
        for entry in summaries
    ]
    # ITA of year X is assessed during fiscal year X: an agency without a workspace is offered this
    # fiscal year's (its coordinator opens it there); one with workspaces links its latest.
    oit_year = thai.fiscal_year(timezone.localdate())
    context = {
        "agencies": agencies,
        "oit_year": oit_year,
        "only_picked": bool(picked),
        # A system administrator or a province overseer imports agencies and their first coordinators.
        "can_onboard": onboarding_provinces(request.user) is not None,
    }
    return render(request, "home.html", context)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400 in Thai; a form post over the size limit says what the limit is and how to keep the typed text."""
    from django.conf import settings
    from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent

    context = {}
    if isinstance(exception, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024
        context["too_big"] = f"{thai.thai_number(limit, 1)} MB"
    elif isinstance(exception, TooManyFieldsSent):
        context["too_many"] = thai.thai_number(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS, 0)
    return render(request, "400.html", context, status=400)
