"""Writes of the notifications app: notify someone, send a delivery once, mark read, save choices.

notify() is idempotent per (user, occasion, channel): the rows are inserted with ON CONFLICT DO
NOTHING, so the same reminder computed by beat, a worker's sweep and a catch-up run makes one row
each; the send claims its row with a conditional update, so one process sends it.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from assessments.models import Agency
from assessments.selectors import User
from notifications import line
from notifications.models import Channel, Delivery, Notification, Preference
from notifications.selectors import CHOOSABLE_KINDS, available_channels, enabled_channels

logger = logging.getLogger(__name__)

# Errors after which a send is tried again later: the mail server or LINE is down or slow.
RETRYABLE = (OSError, smtplib.SMTPException, line.Unavailable)


def absolute(url: str) -> str:
    """A link people can open from their mailbox or LINE: the site's address before a path."""
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL.rstrip("/") + url


@dataclass(frozen=True)
class Created:
    """What one notify() call made: the channels of new rows (none: everything existed already)."""

    channels: list[str]
    deliveries: list[int]


def notify(
    *,
    user: User,
    kind: str,
    occasion: str,
    title: str,
    body: str = "",
    url: str = "",
    agency: Agency | None = None,
    email_template: str | None = None,
    context: dict[str, Any] | None = None,
) -> Created:
    """Tell one person about one occasion on every channel they keep on; queue the sends on commit.

    A second call for the same (user, occasion) adds nothing and sends nothing.
    """
    if not getattr(user, "is_active", True):
        return Created([], [])
    channels = enabled_channels(user, kind)
    title = title[:300]
    with transaction.atomic():
        existing = set(Delivery.objects.filter(user=user, occasion=occasion).values_list("channel", flat=True))
        now = timezone.now()
        if Channel.INAPP in channels:
            Notification.objects.bulk_create(
                [Notification(user=user, agency=agency, kind=kind, occasion=occasion, title=title, body=body, url=url)],
                ignore_conflicts=True,
            )
        Delivery.objects.bulk_create(
            [
                Delivery(
                    user=user, agency=agency, kind=kind, occasion=occasion, channel=channel, title=title, body=body,
                    url=url, template=email_template or "notification", context=context or {},
                    # The in-app row is its own delivery: it is there as soon as the transaction commits.
                    status=Delivery.Status.SENT if channel == Channel.INAPP else Delivery.Status.PENDING,
                    sent_at=now if channel == Channel.INAPP else None,
                )
                for channel in channels
            ],
            ignore_conflicts=True,
        )  # fmt: skip
        new = [channel for channel in channels if channel not in existing]
        ids = list(
            Delivery.objects.filter(
                user=user, occasion=occasion, channel__in=new, status=Delivery.Status.PENDING
            ).values_list("pk", flat=True)
        )
        transaction.on_commit(lambda: queue_sends(ids))
    return Created(new, ids)


def queue_sends(delivery_ids: list[int]) -> None:
    """Hand each delivery to a worker; with the broker down the rows stay pending for the sweep."""
    from notifications.tasks import send_delivery

    for pk in delivery_ids:
        try:
            send_delivery.delay(pk)
        except Exception:  # the broker is down: delivery_sweep sends it later
            logger.warning("delivery %s could not be queued; the sweep will send it", pk, exc_info=True)


# --- sending one delivery -----------------------------------------------------------------------------


def _claimable(now: datetime.datetime) -> Q:
    stale = now - datetime.timedelta(minutes=settings.NOTIFICATIONS_STALE_MINUTES)
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    return (Q(status=Delivery.Status.PENDING) & due) | Q(status=Delivery.Status.SENDING, claimed_at__lt=stale)


def backoff_seconds(attempts: int) -> int:
    """1, 2, 4 … minutes after each failed try, at most an hour."""
    return min(60 * 2 ** max(attempts - 1, 0), 3600)


def _render_email(delivery: Delivery) -> EmailMultiAlternatives:
    context = {
        **delivery.context,
        "user": delivery.user,
        "name": delivery.user.get_full_name() or delivery.user.get_username(),
        "title": delivery.title,
        "body": delivery.body,
        "url": absolute(delivery.url),
        "site_url": settings.SITE_URL.rstrip("/"),
        "preferences_url": absolute("/notifications/preferences/"),
    }
    base = f"notifications/email/{delivery.template}"
    subject = " ".join(render_to_string(f"{base}_subject.txt", context).split())
    message = EmailMultiAlternatives(subject, render_to_string(f"{base}.txt", context), None, [delivery.user.email])
    message.attach_alternative(render_to_string(f"{base}.html", context), "text/html")
    return message


def line_text(delivery: Delivery) -> str:
    """The LINE message: the title, the body and the link (LINE shows links as they are)."""
    parts = [delivery.title, delivery.body, absolute(delivery.url)]
    return "\n\n".join(part for part in parts if part)[:4900]  # LINE's text limit is 5,000 characters


def _send(delivery: Delivery) -> None:
    if delivery.channel == Channel.EMAIL:
        if not delivery.user.email:
            raise line.NotLinked("ผู้ใช้ไม่มีอีเมล")
        _render_email(delivery).send(fail_silently=False)
    elif delivery.channel == Channel.LINE:
        line.push(user=delivery.user, text=line_text(delivery), delivery_id=delivery.pk)


@dataclass(frozen=True)
class Outcome:
    status: str  # the delivery's status after this try ("" when another process has it)
    retry_in: int | None = None  # seconds until the next try, when one is due


def delivery_send(*, delivery_id: int) -> Outcome:
    """Claim a delivery (pending → sending) and send it; sent, skipped, or pending again with a backoff.

    Zero rows claimed means it was sent, or another process is sending it: nothing to do. A claim
    older than NOTIFICATIONS_STALE_MINUTES is taken back (its worker died).
    """
    now = timezone.now()
    claimed = (
        Delivery.objects.filter(_claimable(now), pk=delivery_id)
        .exclude(channel=Channel.INAPP)
        .update(status=Delivery.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return Outcome("")
    delivery = Delivery.objects.select_related("user").get(pk=delivery_id)
    mine = Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.SENDING, claimed_at=now)
    try:
        _send(delivery)
    except line.NotLinked as exc:
        mine.update(status=Delivery.Status.SKIPPED, last_error=str(exc)[:1000])
        return Outcome(Delivery.Status.SKIPPED)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:1000]
        retryable = isinstance(exc, RETRYABLE)
        if not retryable or delivery.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
            logger.warning("delivery %s failed for good: %s", delivery_id, error)
            mine.update(status=Delivery.Status.FAILED, last_error=error)
            return Outcome(Delivery.Status.FAILED)
        wait = backoff_seconds(delivery.attempts)
        if isinstance(exc, line.Unavailable) and exc.retry_after:
            wait = max(wait, int(exc.retry_after))
        logger.info("delivery %s will be tried again in %s s: %s", delivery_id, wait, error)
        mine.update(
            status=Delivery.Status.PENDING, last_error=error, next_attempt_at=now + datetime.timedelta(seconds=wait)
        )
        return Outcome(Delivery.Status.PENDING, retry_in=wait)
    mine.update(status=Delivery.Status.SENT, sent_at=timezone.now(), last_error="")
    return Outcome(Delivery.Status.SENT)


def delivery_sweep(*, limit: int = 500) -> int:
    """Queue the deliveries due again: pending ones (a broker or mail outage) and those a dead worker held."""
    ids = list(
        Delivery.objects.filter(_claimable(timezone.now()))
        .exclude(channel=Channel.INAPP)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    queue_sends(ids)
    return len(ids)


def delivery_retry(*, delivery: Delivery) -> bool:
    """An administrator sends a failed delivery again (the admin's action); False when it was not failed."""
    changed = Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.FAILED).update(
        status=Delivery.Status.PENDING, attempts=0, next_attempt_at=None
    )
    if changed:
        transaction.on_commit(lambda: queue_sends([delivery.pk]))
    return bool(changed)


# --- the bell and the choices ---------------------------------------------------------------------------


def notification_mark_read(*, notification: Notification, user: User) -> None:
    """Mark one of the person's own notifications read (a second time changes nothing)."""
    if notification.user_id != user.pk:
        raise PermissionError("ไม่ใช่การแจ้งเตือนของคุณ")
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def preferences_save(*, user: User, chosen: set[tuple[str, str]]) -> None:
    """Store on/off for every choosable kind × available channel: on when (kind, channel) is in `chosen`."""
    with transaction.atomic():
        for kind in CHOOSABLE_KINDS:
            for channel in available_channels():
                Preference.objects.update_or_create(
                    user=user, kind=kind, channel=channel, defaults={"enabled": (kind, channel) in chosen}
                )
