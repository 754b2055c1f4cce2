"""What the portal tells people: the in-app row, the once-only delivery per channel, and each person's choices.

A Delivery row is the claim that a message for (user, occasion, channel) exists: it is inserted with
ON CONFLICT DO NOTHING, so several beat or worker processes computing the same reminder make one row,
and it is sent by whoever moves it from pending to sending first (a conditional update).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from assessments.models import Agency


class Kind(models.TextChoices):
    REMINDERS = "reminders", "การเตือนกำหนดส่ง"
    APPROVALS = "approvals", "งานรอพิจารณา"
    DIGESTS = "digests", "สรุปประจำสัปดาห์"
    SYSTEM = "system", "ประกาศจากระบบ"


class Channel(models.TextChoices):
    INAPP = "inapp", "ในระบบ"
    EMAIL = "email", "อีเมล"
    LINE = "line", "LINE"


class Notification(models.Model):
    """One message in a person's bell list; read_at set when they mark it read."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    # The agency the message is about (none: a province digest or a system message).
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField("ประเภท", max_length=12, choices=Kind.choices)
    occasion = models.CharField("โอกาส", max_length=200)
    title = models.CharField("เรื่อง", max_length=300)
    body = models.TextField("รายละเอียด", blank=True)
    url = models.CharField("ลิงก์", max_length=500, blank=True)
    created_at = models.DateTimeField("เมื่อ", auto_now_add=True)
    read_at = models.DateTimeField("อ่านเมื่อ", null=True, blank=True)

    class Meta:
        verbose_name = "การแจ้งเตือน"
        verbose_name_plural = "การแจ้งเตือน"
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "occasion"], name="notification_once_per_occasion")]
        # Serves the bell's unread count (user, read_at IS NULL) and the list, newest first.
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["user", "-created_at"], name="notification_list_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.title}"


class Delivery(models.Model):
    """A message to one person on one channel for one occasion: created once, sent once."""

    class Status(models.TextChoices):
        PENDING = "pending", "รอส่ง"
        SENDING = "sending", "กำลังส่ง"
        SENT = "sent", "ส่งแล้ว"
        FAILED = "failed", "ส่งไม่สำเร็จ (เลิกลองแล้ว)"
        SKIPPED = "skipped", "ไม่ได้ส่ง (ไม่มีที่อยู่ปลายทาง)"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField("ประเภท", max_length=12, choices=Kind.choices)
    occasion = models.CharField("โอกาส", max_length=200)
    channel = models.CharField("ช่องทาง", max_length=8, choices=Channel.choices)
    status = models.CharField("สถานะ", max_length=8, choices=Status.choices, default=Status.PENDING)
    # What to send, kept with the claim so a retry after a restart sends the same message.
    title = models.CharField("เรื่อง", max_length=300)
    body = models.TextField("รายละเอียด", blank=True)
    url = models.CharField("ลิงก์", max_length=500, blank=True)
    template = models.CharField("แม่แบบอีเมล", max_length=60, default="notification")
    context = models.JSONField("ข้อมูลของแม่แบบ", default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField("จำนวนครั้งที่ลอง", default=0)
    last_error = models.TextField("ข้อผิดพลาดล่าสุด", blank=True)
    next_attempt_at = models.DateTimeField("ลองครั้งถัดไป", null=True, blank=True)
    claimed_at = models.DateTimeField("เริ่มส่งเมื่อ", null=True, blank=True)
    created_at = models.DateTimeField("สร้างเมื่อ", auto_now_add=True)
    sent_at = models.DateTimeField("ส่งเมื่อ", null=True, blank=True)

    class Meta:
        verbose_name = "การส่งข้อความ"
        verbose_name_plural = "การส่งข้อความ"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "occasion", "channel"], name="delivery_once_per_channel"),
        ]
        # Serves the sweep: pending rows whose next try is due, and "sending" rows a dead worker left.
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_sweep_idx")]

    def __str__(self) -> str:
        return f"{self.occasion} → {self.user} ({self.channel})"


class Preference(models.Model):
    """A person's choice for one kind on one channel; no row means the default (see selectors.enabled_channels)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("ประเภท", max_length=12, choices=Kind.choices)
    channel = models.CharField("ช่องทาง", max_length=8, choices=Channel.choices)
    enabled = models.BooleanField("รับ", default=True)

    class Meta:
        verbose_name = "การตั้งค่าการแจ้งเตือน"
        verbose_name_plural = "การตั้งค่าการแจ้งเตือน"
        constraints = [models.UniqueConstraint(fields=["user", "kind", "channel"], name="preference_once")]

    def __str__(self) -> str:
        return f"{self.user} {self.kind} {self.channel}: {'รับ' if self.enabled else 'ไม่รับ'}"
