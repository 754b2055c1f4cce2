"""LINE accounts linked to portal users, their one-time link codes, and the pushes counted against the quota."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class LineAccount(models.Model):
    """A portal user's LINE userId, learnt from the webhook when they send their link code to the OA.

    Unlinking keeps the row (with `unlinked_at`) so the admin shows who had LINE; linking again reuses it.
    A LINE userId belongs to one linked user at a time (the partial unique constraint).
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="line_account")
    line_user_id = models.CharField("LINE userId", max_length=64)
    linked_at = models.DateTimeField("เชื่อมเมื่อ")
    unlinked_at = models.DateTimeField("ยกเลิกการเชื่อมเมื่อ", null=True, blank=True)

    class Meta:
        verbose_name = "บัญชี LINE ที่เชื่อมแล้ว"
        verbose_name_plural = "บัญชี LINE ที่เชื่อมแล้ว"
        constraints = [
            models.UniqueConstraint(
                fields=["line_user_id"], condition=Q(unlinked_at__isnull=True), name="line_user_id_linked_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.line_user_id})"

    @property
    def is_linked(self) -> bool:
        return self.unlinked_at is None


class LinkCode(models.Model):
    """A one-time code (15 minutes) the user sends as a LINE message to the OA to link their account."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="line_link_codes")
    code = models.CharField("รหัส", max_length=8, unique=True)
    created_at = models.DateTimeField("ออกรหัสเมื่อ", auto_now_add=True)
    expires_at = models.DateTimeField("หมดอายุ")
    used_at = models.DateTimeField("ใช้เมื่อ", null=True, blank=True)

    class Meta:
        verbose_name = "รหัสเชื่อม LINE"
        verbose_name_plural = "รหัสเชื่อม LINE"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d %H:%M})"


class LineQuotaMonth(models.Model):
    """Pushes claimed in one calendar month (Asia/Bangkok), raised by a conditional UPDATE so that two
    workers cannot pass the quota; `warned_at` makes the administrators' warning once a month."""

    month = models.CharField("เดือน (ปปปป-ดด ค.ศ.)", max_length=7, unique=True)
    used = models.PositiveIntegerField("ข้อความที่ใช้แล้ว", default=0)
    warned_at = models.DateTimeField("เตือนผู้ดูแลระบบเมื่อ", null=True, blank=True)

    class Meta:
        verbose_name = "โควตาข้อความ LINE รายเดือน"
        verbose_name_plural = "โควตาข้อความ LINE รายเดือน"
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"{self.month}: {self.used}"


class LineMessage(models.Model):
    """One push, keyed by the caller's retry key: a second call with the same key never sends or counts twice."""

    class Status(models.TextChoices):
        PENDING = "pending", "กำลังส่ง"
        SENT = "sent", "ส่งแล้ว"
        FAILED = "failed", "ส่งไม่ได้"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="line_messages"
    )
    retry_key = models.CharField("คีย์ส่งซ้ำ", max_length=200, unique=True)
    month = models.CharField("นับในโควตาเดือน", max_length=7, blank=True)
    status = models.CharField("สถานะ", max_length=8, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField("สร้างเมื่อ", auto_now_add=True)
    sent_at = models.DateTimeField("ส่งเมื่อ", null=True, blank=True)
    error = models.CharField("ข้อผิดพลาด", max_length=300, blank=True)

    class Meta:
        verbose_name = "ข้อความ LINE"
        verbose_name_plural = "ข้อความ LINE"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.retry_key} ({self.get_status_display()})"
