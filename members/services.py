"""Members of an agency: invite, accept, change role / department / title, deactivate, reactivate.

Each service checks that `by` is the agency's coordinator (except invitation_create, used by the
system administrator's onboarding import) and writes a MembershipEvent in the same transaction.
A deactivated membership stays, so history, signatures and audit rows still name the person; the
permission reads (assessments.selectors) ignore it, and a person left with no active membership
(and not a system administrator) gets User.is_active = False, which ends their login.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from base64 import urlsafe_b64encode
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from assessments.models import Agency, Department, Membership
from assessments.permissions import can_manage_results
from members.models import Invitation, MembershipEvent, PositionTitle
from members.selectors import active_coordinators

INVITATION_VALID = datetime.timedelta(hours=72)
INVITABLE_ROLES = [Membership.Role.STAFF, Membership.Role.COORDINATOR, Membership.Role.APPROVER]
COORDINATOR_ONLY = "เฉพาะผู้ประสานงานของหน่วยงานเท่านั้นที่จัดการสมาชิกได้"
LAST_COORDINATOR = "หน่วยงานต้องมีผู้ประสานงานที่ใช้งานอยู่อย่างน้อยหนึ่งคน กรุณาแต่งตั้งผู้ประสานงานคนอื่นก่อน"
INVALID_INVITATION = "ลิงก์คำเชิญนี้ใช้ไม่ได้ (หมดอายุ ใช้ไปแล้ว หรือไม่ถูกต้อง) กรุณาขอให้ผู้ประสานงานส่งคำเชิญใหม่"


class InvitationInvalid(Exception):
    """The token is unknown, used, expired, or its membership was deactivated."""


def _require_coordinator(user: AbstractBaseUser, agency: Agency) -> None:
    if not can_manage_results(user, agency):
        raise PermissionDenied(COORDINATOR_ONLY)


def _record(
    membership: Membership,
    action: str,
    by: AbstractBaseUser | None,
    ip: str | None,
    *,
    before: Any = None,
    after: Any = None,
) -> MembershipEvent:
    return MembershipEvent.objects.create(
        membership=membership,
        action=action,
        before=before or {},
        after=after or {},
        user=by if by is not None and by.is_authenticated else None,
        ip=ip,
    )


def _sync_user_active(user: AbstractBaseUser) -> None:
    """A person with no active membership left cannot log in; one with an active membership can again."""
    if user.is_staff:
        return
    active = Membership.objects.filter(user=user, is_active=True).exists()
    if user.is_active != active:
        type(user).objects.filter(pk=user.pk).update(is_active=active)
        user.is_active = active


# --- invitations ------------------------------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    """The raw token of the link, rebuilt from the row's nonce under SECRET_KEY (never stored)."""
    digest = salted_hmac("members.invitation", invitation.nonce, algorithm="sha256").digest()
    return urlsafe_b64encode(digest).rstrip(b"=").decode()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_build(
    *, membership: Membership, by: AbstractBaseUser | None, now: datetime.datetime
) -> tuple[Invitation, str]:
    """An unsaved 72-hour invitation of the membership's person, with its raw token (for bulk inserts too)."""
    invitation = Invitation(
        membership=membership,
        email=membership.user.email,
        nonce=secrets.token_hex(16),
        created_at=now,
        expires_at=now + INVITATION_VALID,
        created_by=by if by is not None and by.is_authenticated else None,
    )
    token = invitation_token(invitation)
    invitation.token_hash = token_hash(token)
    return invitation, token


def invitation_create(
    *, membership: Membership, by: AbstractBaseUser | None, ip: str | None = None
) -> tuple[Invitation, str]:
    """A new 72-hour link for the membership's person, and its "invite" audit row; returns it with its raw token.

    Earlier unused links of that membership stop working. No permission check: member_invite checks
    the coordinator, the onboarding import the system administrator. The caller sends the link
    (members.tasks.send_invitation, through transaction.on_commit) once its transaction commits.
    """
    now = timezone.now()
    with transaction.atomic():
        replaced = Invitation.objects.filter(membership=membership, used_at__isnull=True, expires_at__gt=now).update(
            expires_at=now
        )
        invitation, token = invitation_build(membership=membership, by=by, now=now)
        invitation.save()
        after = {"email": invitation.email, **_snapshot(membership), "again": bool(replaced)}
        _record(membership, MembershipEvent.Action.INVITE, by, ip, after=after)
    return invitation, token


def _send_on_commit(invitation: Invitation) -> None:
    from members.tasks import send_invitation

    transaction.on_commit(lambda: send_invitation.delay(invitation.pk), robust=True)


def _clean_choice(agency: Agency, role: str, department: Department | None) -> None:
    if role not in INVITABLE_ROLES:
        raise ValidationError({"role": "กรุณาเลือกบทบาท"})
    if department is not None and department.agency_id != agency.pk:
        raise ValidationError({"department": "ส่วนราชการต้องเป็นของหน่วยงานนี้"})


def member_invite(
    *,
    agency: Agency,
    email: str,
    role: str,
    department: Department | None,
    position_title: str,
    by: AbstractBaseUser,
    ip: str | None = None,
) -> Invitation | None:
    """Add a person to the agency by e-mail and send them a link; returns the invitation (None: no link needed).

    A new address gets a user (username = the address, no usable password) who sets their password
    through the link. A person who already has an account (in another agency) is added to this one
    and told by e-mail; the link then only confirms, it never sets their password. Inviting again a
    member who has not yet set a password sends a fresh link.
    """
    _require_coordinator(by, agency)
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({"email": "กรุณากรอกอีเมลที่ถูกต้อง"}) from exc
    _clean_choice(agency, role, department)
    title = position_title.strip()
    users = get_user_model().objects
    with transaction.atomic():
        user = users.filter(email__iexact=email).order_by("pk").first() or users.filter(username__iexact=email).first()
        membership = Membership.objects.filter(user=user, agency=agency).first() if user is not None else None
        if membership is not None:
            if not membership.is_active:
                raise ValidationError({"email": "ผู้นี้เคยเป็นสมาชิกและถูกระงับการใช้งาน กรุณาเปิดใช้งานอีกครั้งจากรายชื่อสมาชิก"})
            if membership.user.has_usable_password():
                raise ValidationError({"email": "ผู้นี้เป็นสมาชิกของหน่วยงานอยู่แล้ว"})
            invitation, _ = invitation_create(membership=membership, by=by, ip=ip)
            _send_on_commit(invitation)
            return invitation
        if user is None:
            user = users.create_user(username=email, email=email)  # no password: set through the link
        membership = Membership(
            user=user, agency=agency, role=role, department=department, position_title=title, is_active=True
        )
        membership.full_clean()
        membership.save()
        if title:
            PositionTitle.objects.create(membership=membership, title=title, valid_from=timezone.localdate())
        _sync_user_active(user)
        invitation, _ = invitation_create(membership=membership, by=by, ip=ip)
        _send_on_commit(invitation)
    return invitation


def invitation_lookup(token: str) -> Invitation:
    """The pending invitation of a token, or InvitationInvalid (one answer for every kind of bad token)."""
    invitation = (
        Invitation.objects.filter(
            token_hash=token_hash(token),
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
            membership__is_active=True,
        )
        .select_related("membership__agency", "membership__user", "membership__department")
        .first()
    )
    if invitation is None:
        raise InvitationInvalid(INVALID_INVITATION)
    return invitation


def invitation_accept(
    *, token: str, first_name: str, last_name: str, password: str, ip: str | None = None
) -> AbstractBaseUser:
    """Use the link once: the person gives their name and password (unless they already have one).

    Returns the user to log in. The token is spent by a conditional update, so two tabs cannot both use it.
    """
    invitation = invitation_lookup(token)
    user = invitation.membership.user
    sets_password = not user.has_usable_password()
    if sets_password:
        errors: dict[str, Any] = {}
        if not first_name.strip():
            errors["first_name"] = "กรุณากรอกชื่อ"
        if not last_name.strip():
            errors["last_name"] = "กรุณากรอกนามสกุล"
        user.first_name, user.last_name = first_name.strip(), last_name.strip()
        try:
            if not password:
                raise ValidationError("กรุณาตั้งรหัสผ่าน")
            validate_password(password, user)
        except ValidationError as exc:
            errors["password1"] = exc.messages
        if errors:
            raise ValidationError(errors)
    with transaction.atomic():
        now = timezone.now()
        spent = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True, expires_at__gt=now).update(
            used_at=now
        )
        if not spent:
            raise InvitationInvalid(INVALID_INVITATION)
        if sets_password:
            user.set_password(password)
            user.save(update_fields=["first_name", "last_name", "password"])
        _sync_user_active(user)
        _record(invitation.membership, MembershipEvent.Action.ACCEPT, user, ip, after={"password_set": sets_password})
    return user


# --- changes ----------------------------------------------------------------------------------------


def _snapshot(membership: Membership) -> dict[str, Any]:
    return {
        "role": membership.role,
        "department": membership.department.name if membership.department else "",
        "position_title": membership.position_title,
    }


def _keeps_a_coordinator(membership: Membership) -> bool:
    """False when the membership is the agency's last active coordinator."""
    others = active_coordinators(membership.agency).exclude(pk=membership.pk)
    return membership.role != Membership.Role.COORDINATOR or not membership.is_active or others.exists()


def member_update(
    *,
    membership: Membership,
    role: str,
    department: Department | None,
    position_title: str,
    by: AbstractBaseUser,
    ip: str | None = None,
) -> Membership:
    """Change a member's role, department and title (as printed on documents); one audit row per change.

    A new title is dated today (PositionTitle), so a document dated before keeps the old title.
    """
    agency = membership.agency
    _require_coordinator(by, agency)
    _clean_choice(agency, role, department)
    title = position_title.strip()
    with transaction.atomic():
        locked = (
            Membership.objects.select_for_update(of=("self",))
            .select_related("agency", "department")
            .get(pk=membership.pk)
        )
        before = _snapshot(locked)
        # The lock on the agency's coordinators keeps two demotions from both passing this check.
        list(active_coordinators(locked.agency).select_for_update(of=("self",)))
        if role != locked.role and not _keeps_a_coordinator(locked):
            raise ValidationError({"role": LAST_COORDINATOR})
        changes = []
        if role != locked.role:
            changes.append((MembershipEvent.Action.ROLE, "role", locked.role, role))
        if (department.pk if department else None) != locked.department_id:
            changes.append(
                (
                    MembershipEvent.Action.DEPARTMENT,
                    "department",
                    before["department"],
                    department.name if department else "",
                )
            )
        if title != locked.position_title:
            changes.append((MembershipEvent.Action.TITLE, "position_title", locked.position_title, title))
            _date_title(locked, title)
        if not changes:
            return locked
        locked.role, locked.department, locked.position_title = role, department, title
        locked.full_clean()
        locked.save(update_fields=["role", "department", "position_title", "updated_at"])
        for action, name, old, new in changes:
            _record(locked, action, by, ip, before={name: old}, after={name: new})
    return locked


def _date_title(membership: Membership, title: str) -> None:
    today = timezone.localdate()
    history = PositionTitle.objects.filter(membership=membership)
    if not history.exists() and membership.position_title:
        # The title being replaced, held since the membership began: documents dated before today keep it.
        start = timezone.localdate(membership.created_at) if membership.created_at else datetime.date.min
        PositionTitle.objects.create(
            membership=membership, title=membership.position_title, valid_from=min(start, today)
        )
    PositionTitle.objects.create(membership=membership, title=title, valid_from=today)


def member_deactivate(*, membership: Membership, by: AbstractBaseUser, ip: str | None = None) -> Membership:
    """Stop a member's access to the agency; their history stays. Not oneself, not the last coordinator."""
    _require_coordinator(by, membership.agency)
    if membership.user_id == by.pk:
        raise ValidationError("ไม่สามารถระงับการใช้งานของตนเองได้")
    with transaction.atomic():
        locked = (
            Membership.objects.select_for_update(of=("self",)).select_related("agency", "user").get(pk=membership.pk)
        )
        if not locked.is_active:
            raise ValidationError("สมาชิกนี้ถูกระงับการใช้งานอยู่แล้ว")
        list(active_coordinators(locked.agency).select_for_update(of=("self",)))
        if not _keeps_a_coordinator(locked):
            raise ValidationError(LAST_COORDINATOR)
        now = timezone.now()
        Membership.objects.filter(pk=locked.pk, is_active=True).update(
            is_active=False, deactivated_at=now, updated_at=now
        )
        locked.is_active, locked.deactivated_at = False, now
        Invitation.objects.filter(membership=locked, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
        _sync_user_active(locked.user)
        _record(
            locked, MembershipEvent.Action.DEACTIVATE, by, ip, before={"is_active": True}, after={"is_active": False}
        )
    return locked


def member_reactivate(*, membership: Membership, by: AbstractBaseUser, ip: str | None = None) -> Membership:
    """Give a deactivated member their access back, with the role, department and title they had."""
    _require_coordinator(by, membership.agency)
    with transaction.atomic():
        now = timezone.now()
        updated = Membership.objects.filter(pk=membership.pk, is_active=False).update(
            is_active=True, deactivated_at=None, updated_at=now
        )
        if not updated:
            raise ValidationError("สมาชิกนี้ใช้งานอยู่แล้ว")
        membership.refresh_from_db()
        _sync_user_active(membership.user)
        _record(
            membership,
            MembershipEvent.Action.REACTIVATE,
            by,
            ip,
            before={"is_active": False},
            after={"is_active": True},
        )
    return membership
