"""The portal's Content-Security-Policy adjustments, the client address for login throttling and its lockout page.

The policy itself is `CONTENT_SECURITY_POLICY` in settings; this module only holds what a setting cannot say.
"""

from __future__ import annotations

from datetime import timedelta

from axes.helpers import get_cool_off, get_failure_limit
from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

# Pages that show one of the portal's own PDFs in an <object> (the memo page shows its preview, so that a
# phone that cannot display a PDF inline gets the fallback link); object-src stays 'none' everywhere else.
PDF_EMBEDDING_VIEWS = frozenset({"reports:memo"})


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, plus two exceptions that follow from the views themselves.

    - A response a view marked `@xframe_options_sameorigin` (the memo PDF shown on the memo page) may be
      framed by the portal's own pages: frame-ancestors 'self'. Browsers ignore X-Frame-Options once
      frame-ancestors is present, so the two must agree; everything else keeps frame-ancestors 'none'.
    - The pages in PDF_EMBEDDING_VIEWS may load same-origin <object>s.
    """

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        replace = dict(parts.replace or {})
        if response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
            replace["frame-ancestors"] = [SELF]
        match = getattr(request, "resolver_match", None)
        if match is not None and match.view_name in PDF_EMBEDDING_VIEWS:
            replace["object-src"] = [SELF]
        parts.replace = replace or None
        return parts


def client_ip(request: HttpRequest) -> str | None:
    """The address login failures are counted against (django-axes' AXES_CLIENT_IP_CALLABLE).

    Behind the TLS proxy (BEHIND_TLS_PROXY) every request comes from the proxy, so the client is taken
    from X-Forwarded-For, which the proxy sets (docs/deploy/nginx-ita.conf overwrites it). The right-most
    entry is the one our proxy wrote even if a proxy appends instead of overwriting; anything to its left
    came from the client and could be forged. Without the proxy the header is ignored altogether.
    """
    if settings.BEHIND_TLS_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR")


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """The Thai page (429) shown instead of the login form while a username is locked out from this address.

    Every attempt during the lockout starts the cool-off again (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT),
    so the time to try again is counted from this request.
    """
    cool_off = get_cool_off(request) or timedelta(0)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "cool_off_minutes": int(cool_off.total_seconds() // 60),
        "retry_at": timezone.localtime(timezone.now() + cool_off),
    }
    return render(request, "registration/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
