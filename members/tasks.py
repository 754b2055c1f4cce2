"""E-mail of an invitation link, sent after the inviting transaction commits."""

from __future__ import annotations

import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from members.models import Invitation
from members.services import invitation_token

logger = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(OSError, smtplib.SMTPException),
    retry_backoff=60,
    max_retries=5,
    soft_time_limit=60,
    time_limit=90,
)
def send_invitation(invitation_id: int) -> bool:
    """Send the link of a pending invitation once; False when there is nothing to send (sent, used, expired)."""
    invitation = (
        Invitation.objects.filter(
            pk=invitation_id, sent_at__isnull=True, used_at__isnull=True, expires_at__gt=timezone.now()
        )
        .select_related("membership__agency", "membership__user", "created_by")
        .first()
    )
    if invitation is None:
        return False
    membership = invitation.membership
    context = {
        "invitation": invitation,
        "agency": membership.agency,
        "role": membership.get_role_display(),
        "has_password": membership.user.has_usable_password(),
        "inviter": (invitation.created_by.get_full_name() or invitation.created_by.get_username())
        if invitation.created_by
        else "",
        "link": settings.SITE_URL.rstrip("/") + reverse("members:invitation", args=[invitation_token(invitation)]),
    }
    subject = " ".join(render_to_string("members/email/invitation_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject, render_to_string("members/email/invitation.txt", context), None, [invitation.email]
    )
    message.attach_alternative(render_to_string("members/email/invitation.html", context), "text/html")
    message.send(fail_silently=False)
    Invitation.objects.filter(pk=invitation.pk, sent_at__isnull=True).update(sent_at=timezone.now())
    return True
