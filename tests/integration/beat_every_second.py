"""The project's Celery app with the daily reminders every second, for the notifications drill's beat.

`celery -A tests.integration.beat_every_second beat`: the same task, sent as beat sends it, only often
enough that beat, the workers' own sweeps and the workers' tasks all compute the same reminders at once.
"""

from ita_portal.celery import app

app.conf.beat_schedule = {
    "notifications-send-reminders-daily": {
        **app.conf.beat_schedule["notifications-send-reminders-daily"],
        "schedule": 1.0,
    }
}

__all__ = ["app"]
