"""The Celery application; tasks live in each app's tasks.py."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings")

app = Celery("ita_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Scheduled jobs, run by `celery beat` (one beat process for the whole deployment; see README).
app.conf.beat_schedule = {
    "oit-link-check-nightly": {
        "task": "oit.tasks.check_published_links_nightly",
        "schedule": crontab(hour=2, minute=15),  # Asia/Bangkok, when agency websites are quiet
    },
    # Round deadlines, OIT due dates and failed links, stalled approvals, Monday's digests (notifications.reminders).
    # The workers' sweep runs the same after NOTIFICATIONS_REMINDER_HOUR when there is no beat; once-only rows
    # in the database make running both harmless.
    "notifications-send-reminders-daily": {
        "task": "notifications.tasks.send_reminders_daily",
        "schedule": crontab(hour=7, minute=0),
    },
}
