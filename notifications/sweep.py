"""The workers' periodic sweep (reports.tasks.start_sweeping): pending deliveries, and the day's reminders.

Without Celery beat, each worker computes the day's reminders once a day after
NOTIFICATIONS_REMINDER_HOUR; with beat as well, the once-only rows make the second run send nothing.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.utils import timezone

from notifications.reminders import run
from notifications.services import delivery_sweep

logger = logging.getLogger(__name__)

_last_run: dict[str, datetime.date] = {}  # this process's last day of reminders (a restart runs them again: harmless)


def sweep(now: datetime.datetime | None = None) -> None:
    now = timezone.localtime(now)
    today = now.date()
    if now.hour >= settings.NOTIFICATIONS_REMINDER_HOUR and _last_run.get("day") != today:
        lines = run(today)
        _last_run["day"] = today
        if lines:
            logger.info("sent %s reminder(s) for %s", len(lines), today)
        return  # run() ends with the delivery sweep
    queued = delivery_sweep()
    if queued:
        logger.info("queued %s waiting notification(s) again", queued)
