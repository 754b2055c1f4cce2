"""Reads of a person's notifications and choices; another person's notification is a 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from assessments.selectors import User
from notifications.models import Channel, Kind, Notification, Preference

# The kinds a person chooses for; "system" (an administrator's warning) always comes in-app and by e-mail.
CHOOSABLE_KINDS = [Kind.REMINDERS, Kind.APPROVALS, Kind.DIGESTS]


def line_enabled() -> bool:
    """Whether the LINE Official Account is configured (linechannel's settings given)."""
    from notifications import line

    return line.is_enabled()


def available_channels() -> list[Channel]:
    """The channels people can choose: LINE only when its settings are given."""
    return [Channel.INAPP, Channel.EMAIL, *([Channel.LINE] if line_enabled() else [])]


def preference_table(user: User) -> dict[tuple[str, str], bool]:
    """(kind, channel) → on/off for every choosable kind and available channel, defaults filled in.

    Defaults: in-app and e-mail on for every kind; LINE on when the person has linked LINE.
    """
    from notifications import line

    channels = available_channels()
    linked = Channel.LINE in channels and line.is_linked(user)
    table = {(kind.value, channel.value): True for kind in CHOOSABLE_KINDS for channel in channels}
    table |= {(kind.value, Channel.LINE.value): linked for kind in CHOOSABLE_KINDS if Channel.LINE in channels}
    for kind, channel, enabled in Preference.objects.filter(user=user).values_list("kind", "channel", "enabled"):
        if (kind, channel) in table:
            table[(kind, channel)] = enabled
    return table


def enabled_channels(user: User, kind: str) -> list[str]:
    """The channels a message of this kind goes to for this person, in a fixed order."""
    if kind == Kind.SYSTEM:
        return [Channel.INAPP, Channel.EMAIL]
    table = preference_table(user)
    return [channel.value for channel in available_channels() if table.get((kind, channel.value), True)]


def notifications_for_user(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)


def get_notification_for_user(user: User, pk: int) -> Notification:
    notification = notifications_for_user(user).filter(pk=pk).first()
    if notification is None:
        raise Http404("ไม่พบการแจ้งเตือน")
    return notification


def unread_count(user: User) -> int:
    """The bell's number: one indexed count."""
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
