"""Linking a portal user's LINE account: a one-time code issued on the LINE page, sent by the user to the OA."""

from __future__ import annotations

import enum
import logging
import re
import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from linechannel.client import is_enabled
from linechannel.models import LineAccount, LinkCode

logger = logging.getLogger(__name__)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a screen and typed on a phone
CODE_LENGTH = 8
CODE_LIFETIME = timedelta(minutes=15)
_CODE_RE = re.compile(rf"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")


class LinkResult(enum.Enum):
    LINKED = "linked"
    INVALID = "invalid"  # looked like a code, but is unknown, used or expired
    NOT_A_CODE = "not_a_code"  # any other chat message: not ours to answer


def link_code_issue(*, user: AbstractBaseUser) -> LinkCode:
    """A fresh code for the user (15 minutes); the user's earlier unused codes stop working."""
    if not is_enabled():
        raise ValidationError("ระบบนี้ยังไม่ได้เปิดใช้การแจ้งเตือนทาง LINE")
    now = timezone.now()
    for _ in range(5):
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        try:
            with transaction.atomic():
                LinkCode.objects.filter(user=user, used_at__isnull=True).delete()
                return LinkCode.objects.create(user=user, code=code, expires_at=now + CODE_LIFETIME)
        except IntegrityError:  # the same code drawn twice: draw again
            continue
    raise ValidationError("ออกรหัสไม่สำเร็จ กรุณาลองอีกครั้ง")


def current_link_code(user: AbstractBaseUser) -> LinkCode | None:
    """The user's unused, unexpired code, shown on the LINE page until it is used or expires."""
    return (
        LinkCode.objects.filter(user=user, used_at__isnull=True, expires_at__gt=timezone.now())
        .order_by("-created_at")
        .first()
    )


def normalise_code(text: str) -> str | None:
    """The code in a chat message ("abcd efgh", "ABCD-EFGH" …) or None when the message is not a code."""
    candidate = re.sub(r"[\s\-]", "", text).upper()
    return candidate if _CODE_RE.fullmatch(candidate) else None


def line_link_by_code(*, line_user_id: str, text: str) -> tuple[LinkResult, AbstractBaseUser | None]:
    """Link the LINE userId that sent `text` to the owner of that code, if it is a valid unused code.

    The code is claimed with a conditional UPDATE (used_at IS NULL), so a code links once even if LINE
    delivers the webhook twice. A LINE account linked to someone else before moves to the code's owner.
    """
    code = normalise_code(text)
    if code is None:
        return LinkResult.NOT_A_CODE, None
    now = timezone.now()
    with transaction.atomic():
        link_code = LinkCode.objects.filter(code=code, used_at__isnull=True, expires_at__gt=now).first()
        if link_code is None or not LinkCode.objects.filter(pk=link_code.pk, used_at__isnull=True).update(used_at=now):
            return LinkResult.INVALID, None
        user = link_code.user
        LineAccount.objects.filter(line_user_id=line_user_id, unlinked_at__isnull=True).exclude(user=user).update(
            unlinked_at=now
        )
        LineAccount.objects.update_or_create(
            user=user, defaults={"line_user_id": line_user_id, "linked_at": now, "unlinked_at": None}
        )
    logger.info("LINE account linked to user %s", user.pk)
    return LinkResult.LINKED, user


def line_unlink(*, user: AbstractBaseUser) -> bool:
    """Stop LINE messages to the user; False when nothing was linked."""
    unlinked = LineAccount.objects.filter(user=user, unlinked_at__isnull=True).update(unlinked_at=timezone.now())
    if unlinked:
        logger.info("LINE account unlinked by user %s", user.pk)
    return bool(unlinked)
