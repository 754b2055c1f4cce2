"""What the portal keeps about a person beyond Django's user: a password to change, the agency they work in."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ita_portal.models import TimeStamped


class Profile(TimeStamped):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    must_change_password = models.BooleanField(
        "ต้องเปลี่ยนรหัสผ่าน",
        default=False,
        help_text="รหัสผ่านถูกตั้งโดยผู้อื่น ผู้ใช้ต้องตั้งรหัสผ่านใหม่ของตนเองก่อนใช้งาน",
    )
    agency = models.ForeignKey(
        "assessments.Agency",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="หน่วยงานที่ทำงาน",
        help_text="หน่วยงานที่เลือกไว้ล่าสุด สำหรับผู้ที่เป็นสมาชิกหลายหน่วยงาน",
    )

    class Meta:
        verbose_name = "ข้อมูลบัญชีผู้ใช้"
        verbose_name_plural = "ข้อมูลบัญชีผู้ใช้"

    def __str__(self) -> str:
        return str(self.user)
