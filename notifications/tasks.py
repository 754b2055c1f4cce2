"""Background sends: one task per delivery, one for a ready-made e-mail, and the daily reminders."""

from __future__ import annotations

import logging
import smtplib

from celery import shared_task
from django.core.mail import EmailMultiAlternatives

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, max_retries=None, soft_time_limit=60, time_limit=90)
def send_delivery(self, delivery_id: int) -> str:
    """Send one Delivery (services.delivery_send); a failed try comes back after its backoff.

    The row, not the Celery message, decides: a duplicate message finds it claimed or sent and does
    nothing. Without a broker (tasks inline) the retry is left to the sweep or the next send_reminders.
    """
    from notifications.services import delivery_send

    outcome = delivery_send(delivery_id=delivery_id)
    if outcome.retry_in is not None and not self.request.is_eager:
        raise self.retry(countdown=outcome.retry_in)
    return outcome.status


@shared_task(
    autoretry_for=(OSError, smtplib.SMTPException),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=12,
    soft_time_limit=60,
    time_limit=90,
)
def send_email(*, subject: str, body: str, html: str, to: list[str]) -> None:
    """Send an e-mail rendered in the request (a password reset link): retried with backoff on mail errors."""
    message = EmailMultiAlternatives(subject, body, None, to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send(fail_silently=False)


@shared_task(acks_late=True, soft_time_limit=1800, time_limit=1900)
def send_reminders_daily() -> int:
    """Celery beat's 07:00 run: today's reminders and digests (reminders.run), then what waits to be sent."""
    from notifications.reminders import run

    return len(run())
