"""Stand-ins (ผู้รักษาราชการแทน / ผู้ปฏิบัติราชการแทน): who acts on an approver's memo steps, when, and by which order."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from assessments.models import Agency
from ita_portal.models import TimeStamped


class StandIn(TimeStamped):
    """One person acting for another on the agency's memo steps over a range of days (both inclusive).

    Never deleted: a cancelled stand-in keeps its row (and who cancelled it) as the audit trail of
    who could act for whom and on whose order.
    """

    class Kind(models.TextChoices):
        # The position is vacant or its holder cannot act (absent, on leave).
        ACTING = "acting", "รักษาราชการแทน"
        # The holder delegates some of their powers by order.
        DELEGATED = "delegated", "ปฏิบัติราชการแทน"

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="stand_ins")
    principal = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="ผู้ถูกแทน"
    )
    stand_in = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="ผู้ทำการแทน"
    )
    kind = models.CharField("ลักษณะ", max_length=12, choices=Kind.choices, default=Kind.ACTING)
    starts_on = models.DateField("ตั้งแต่วันที่")
    ends_on = models.DateField("ถึงวันที่")
    legal_basis = models.CharField("อาศัยอำนาจตาม", max_length=300, help_text="เช่น คำสั่งเทศบาลตำบลรอบเวียง ที่ ๑๒/๒๕๖๙")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="ผู้บันทึก"
    )
    cancelled_at = models.DateTimeField("ยกเลิกเมื่อ", null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ผู้ยกเลิก",
    )

    class Meta:
        verbose_name = "ผู้รักษาราชการแทน"
        verbose_name_plural = "ผู้รักษาราชการแทน"
        ordering = ["agency", "-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="stand_in_range_ordered"),
            models.CheckConstraint(condition=~Q(principal=F("stand_in")), name="stand_in_not_self"),
        ]
        # Serves the inbox and the act check: "whom does this user stand in for today?"
        indexes = [models.Index(fields=["stand_in", "agency", "ends_on"], name="stand_in_lookup")]

    def __str__(self) -> str:
        return f"{self.stand_in} {self.get_kind_display()} {self.principal} ({self.starts_on}–{self.ends_on})"

    def is_in_force(self, day: datetime.date) -> bool:
        return self.cancelled_at is None and self.starts_on <= day <= self.ends_on
