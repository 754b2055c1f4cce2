"""Approval chains: who acts on a memo, in which order, with which decision words."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from assessments.models import Agency
from ita_portal.models import TimeStamped


class ApprovalChain(TimeStamped):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="approval_chains")
    name = models.CharField("ชื่อสายการอนุมัติ", max_length=200)
    is_default = models.BooleanField("ใช้เป็นค่าเริ่มต้น", default=False)
    # A memo waiting this many days at one step reminds its approver, and at twice as many the
    # coordinators too (notifications.reminders).
    remind_after_days = models.PositiveSmallIntegerField(
        "เตือนเมื่อรอพิจารณาเกิน (วัน)",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="ครบจำนวนวันนี้จะเตือนผู้พิจารณา ครบสองเท่าจะเตือนผู้ประสานงานด้วย",
    )

    class Meta:
        verbose_name = "สายการอนุมัติ"
        verbose_name_plural = "สายการอนุมัติ"
        ordering = ["agency", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="chain_name_unique_per_agency"),
            models.UniqueConstraint(
                fields=["agency"], condition=models.Q(is_default=True), name="one_default_chain_per_agency"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency})"


class ApprovalChainStep(models.Model):
    class Decision(models.TextChoices):
        AGREE = "agree", "เห็นชอบ"
        ACKNOWLEDGE = "acknowledge", "ทราบ"
        APPROVE = "approve", "อนุมัติ"
        REJECT = "reject", "ไม่อนุมัติ"
        COMMENT = "comment", "ความเห็น"

    chain = models.ForeignKey(ApprovalChain, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField("ลำดับ")
    heading = models.CharField("หัวข้อความเห็น", max_length=300, blank=True, help_text="เช่น ความเห็นของปลัด…")
    position_title = models.CharField("ตำแหน่งที่พิมพ์", max_length=300)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="เว้นว่างเพื่อให้สมาชิกทุกคนที่มีตำแหน่งนี้พิจารณาได้",
    )
    decisions = models.JSONField("คำวินิจฉัยที่เลือกได้", default=list)
    comment_required = models.BooleanField("ต้องระบุความเห็น", default=False)

    class Meta:
        verbose_name = "ขั้นการอนุมัติ"
        verbose_name_plural = "ขั้นการอนุมัติ"
        ordering = ["chain", "order"]
        constraints = [models.UniqueConstraint(fields=["chain", "order"], name="chain_step_order_unique")]

    def __str__(self) -> str:
        return f"{self.order}. {self.position_title}"
