"""What every memo view shares: the audit-trail request, service errors on forms, the coordinator check."""

from __future__ import annotations

import ipaddress

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, QuerySet, Subquery
from django.forms import Form
from django.http import HttpRequest

from assessments.models import Agency
from assessments.permissions import can_manage_results
from ita_portal.security import client_ip
from reports.memos import services
from reports.models import Memo, MemoStep

COORDINATOR_ONLY = "เฉพาะผู้ประสานงานของหน่วยงานเท่านั้นที่จัดทำและเสนอบันทึกข้อความได้"
CHAINS_COORDINATOR_ONLY = "เฉพาะผู้ประสานงานของหน่วยงานเท่านั้นที่ตั้งค่าสายการอนุมัติได้"


def service_request(request: HttpRequest) -> services.Request:
    """Who acts and from where, for the memo's audit trail.

    The address follows login throttling's trusted-proxy rule (`client_ip`): behind the documented nginx
    REMOTE_ADDR is always 127.0.0.1. A value that is not an address (a mis-set proxy header) is not recorded.
    """
    return services.Request(
        user=request.user,
        ip=_address(client_ip(request)),
        user_agent=request.headers.get("User-Agent", ""),
    )


def _address(value: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address(value)) if value else None
    except ValueError:
        return None


def form_errors(form: Form, exc: ValidationError) -> None:
    """A service's ValidationError on the form: on its field when the form has one, else above the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def with_current_position(memos: QuerySet[Memo]) -> QuerySet[Memo]:
    """Each memo with the position (and heading) of the step it waits at, in the same query."""
    step = MemoStep.objects.filter(memo=OuterRef("pk"), round=OuterRef("round"), order=OuterRef("current_step"))
    return memos.annotate(
        current_position=Subquery(step.values("position_title")[:1]),
        current_user=Subquery(step.values("user")[:1]),
        current_heading=Subquery(step.values("heading")[:1]),
    )


def require_coordinator(request: HttpRequest, agency: Agency, message: str = COORDINATOR_ONLY) -> None:
    if not can_manage_results(request.user, agency):
        raise PermissionDenied(message)
