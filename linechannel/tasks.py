"""Background LINE work: the reply to a link code, so the webhook answers LINE at once."""

from __future__ import annotations

from celery import shared_task

from linechannel.client import reply_text


@shared_task(ignore_result=True, soft_time_limit=30, time_limit=45)
def line_reply(reply_token: str, text: str) -> bool:
    """Answer one webhook event; a reply token is good once and briefly, so there is no retry."""
    return reply_text(reply_token=reply_token, text=text)
