"""Members of an agency as the coordinator manages them: invitations, the audit trail, position titles by date."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from assessments.models import Membership
from ita_portal.models import AppendOnly


class Invitation(models.Model):
    """A one-time link (72 hours) where an invited person sets their password.

    The token is an HMAC of `nonce` under SECRET_KEY, so the e-mail task can rebuild the link from the
    row's id alone (nothing secret goes through the broker), and only its SHA-256 is stored: whoever reads
    the database without the key cannot use a pending invitation.
    """

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField("อีเมล")
    nonce = models.CharField(max_length=32, editable=False)
    token_hash = models.CharField("รหัสลิงก์ (SHA-256)", max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("เชิญเมื่อ", default=timezone.now)
    expires_at = models.DateTimeField("หมดอายุ")
    used_at = models.DateTimeField("ใช้ลิงก์เมื่อ", null=True, blank=True)
    sent_at = models.DateTimeField("ส่งอีเมลเมื่อ", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "คำเชิญ"
        verbose_name_plural = "คำเชิญ"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.email} ({self.created_at:%Y-%m-%d})"


class MembershipEvent(AppendOnly):
    """Append-only audit trail of membership changes: never updated, never deleted (the admin is read-only)."""

    class Action(models.TextChoices):
        INVITE = "invite", "เชิญ"
        ACCEPT = "accept", "ตอบรับคำเชิญ"
        ROLE = "role", "เปลี่ยนบทบาท"
        DEPARTMENT = "department", "เปลี่ยนส่วนราชการ"
        TITLE = "title", "เปลี่ยนตำแหน่ง"
        DEACTIVATE = "deactivate", "ระงับการใช้งาน"
        REACTIVATE = "reactivate", "เปิดใช้งานอีกครั้ง"

    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="events")
    action = models.CharField("การกระทำ", max_length=12, choices=Action.choices)
    before = models.JSONField("ก่อน", default=dict, blank=True)
    after = models.JSONField("หลัง", default=dict, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField("เมื่อ", auto_now_add=True)
    ip = models.GenericIPAddressField("IP", null=True, blank=True)

    class Meta:
        verbose_name = "ประวัติการเปลี่ยนแปลงสมาชิก"
        verbose_name_plural = "ประวัติการเปลี่ยนแปลงสมาชิก"
        ordering = ["membership", "at", "pk"]
        # Serves a member's history on their edit page.
        indexes = [models.Index(fields=["membership", "at"], name="membership_event_at")]

    def __str__(self) -> str:
        return f"{self.membership_id} {self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"

    @property
    def change(self) -> str:
        """What changed, for the member's history: "เจ้าหน้าที่ → ผู้ประสานงาน / นิติกร"."""
        roles = dict(Membership.Role.choices)
        parts = []
        for name in ("role", "department", "position_title"):
            if name not in self.after:
                continue
            old, new = self.before.get(name), self.after[name]
            if name == "role":
                old, new = roles.get(old, old), roles.get(new, new)
            parts.append(f"{old or '–'} → {new or '–'}" if name in self.before else (new or "–"))
        return " · ".join(parts)


class PositionTitle(models.Model):
    """The title a member held from a date on, so a document of that date prints the title of that date."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="titles")
    title = models.CharField("ตำแหน่ง", max_length=200)
    valid_from = models.DateField("ตั้งแต่วันที่")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "ตำแหน่งตามช่วงเวลา"
        verbose_name_plural = "ตำแหน่งตามช่วงเวลา"
        ordering = ["membership", "-valid_from", "-pk"]
        # Serves position_title_on(): the latest row on or before a date.
        indexes = [models.Index(fields=["membership", "valid_from"], name="position_title_from")]

    def __str__(self) -> str:
        return f"{self.title} ({self.valid_from:%Y-%m-%d})"
