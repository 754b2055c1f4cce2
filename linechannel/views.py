"""The LINE page of a signed-in user (link with a one-time code, unlink) and LINE's webhook."""

from __future__ import annotations

import json
import logging
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from accounts.views import _qr_data_uri  # the same SVG-in-data:-URI QR code as the two-factor setup page
from linechannel import services
from linechannel import webhook as line_webhook
from linechannel.client import is_enabled
from linechannel.models import LineAccount

logger = logging.getLogger(__name__)


@login_required
@require_GET
def link_page(request: HttpRequest) -> HttpResponse:
    """Whether LINE is linked, the OA to add as a friend, and the user's current one-time code."""
    account = LineAccount.objects.filter(user=request.user, unlinked_at__isnull=True).first()
    add_url = settings.LINE_OA_ADD_URL or (
        f"https://line.me/R/ti/p/{quote(settings.LINE_OA_ID)}" if settings.LINE_OA_ID else ""
    )
    context = {
        "enabled": is_enabled(),
        "account": account,
        "code": services.current_link_code(request.user) if account is None else None,
        "oa_id": settings.LINE_OA_ID,
        "add_url": add_url,
        "qr": _qr_data_uri(add_url) if add_url else "",
        "lifetime_minutes": int(services.CODE_LIFETIME.total_seconds() // 60),
    }
    return render(request, "linechannel/link.html", context)


@login_required
@require_POST
def link_code_new(request: HttpRequest) -> HttpResponse:
    try:
        services.link_code_issue(user=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("linechannel:link")


@login_required
@require_POST
def unlink(request: HttpRequest) -> HttpResponse:
    if services.line_unlink(user=request.user):
        messages.success(request, "ยกเลิกการเชื่อมบัญชี LINE แล้ว ระบบจะไม่ส่งการแจ้งเตือนทาง LINE อีก")
    else:
        messages.info(request, "บัญชีนี้ยังไม่ได้เชื่อมกับ LINE")
    return redirect("linechannel:link")


@csrf_exempt
@require_POST
def webhook(request: HttpRequest) -> HttpResponse:
    """Events from the LINE Platform: 403 without a valid X-Line-Signature, otherwise 200 at once."""
    if not is_enabled():
        raise Http404
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > line_webhook.MAX_BODY:
        return HttpResponse(status=413)
    try:
        body = request.body
    except RequestDataTooBig:
        return HttpResponse(status=413)
    if len(body) > line_webhook.MAX_BODY:
        return HttpResponse(status=413)
    if not line_webhook.signature_valid(body, request.headers.get("X-Line-Signature", "")):
        logger.warning("LINE webhook: bad or missing signature")
        return HttpResponse(status=403)
    try:
        with transaction.atomic():
            line_webhook.handle_events(json.loads(body))
    except (ValueError, UnicodeDecodeError):
        logger.warning("LINE webhook: signed body is not an events object")
        return HttpResponse(status=400)
    return HttpResponse(status=200)
