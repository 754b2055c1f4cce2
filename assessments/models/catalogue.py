"""The ITA catalogue, one FrameworkVersion per assessment year.

Loaded from data files by `manage.py load_catalogue` and read-only after
that: the same code (O35) means different things in different years, so
every lookup goes through the year's framework.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from ita_portal.models import TimeStamped


class Confidence(models.TextChoices):
    VERIFIED = "verified", "ยืนยันแล้ว"
    CORROBORATED = "corroborated", "มีแหล่งยืนยันหลายแหล่ง"
    PROBABLE = "probable", "น่าจะถูกต้อง"
    CANDIDATE = "candidate", "ยังไม่ยืนยัน"


class FrameworkVersion(TimeStamped):
    year = models.PositiveSmallIntegerField("ปีการประเมิน (พ.ศ.)", unique=True)
    name = models.CharField("ชื่อ", max_length=200)
    first_fiscal_year = models.PositiveSmallIntegerField("ใช้ตั้งแต่ปีงบประมาณ")
    last_fiscal_year = models.PositiveSmallIntegerField("ใช้ถึงปีงบประมาณ")

    class RatingScheme(models.TextChoices):
        BANDS = "bands", "ระดับตัวอักษร (AA–F) ตามคะแนนรวม"
        LABELS = "labels", "ระดับผลการประเมิน (ผ่านดีเยี่ยม … ต้องปรับปรุงโดยด่วน)"

    rating_scheme = models.CharField("รูปแบบการจัดระดับ", max_length=10, choices=RatingScheme.choices)
    rating_rules = models.JSONField(
        "เกณฑ์ระดับผลการประเมิน",
        help_text='รายการ {"label": "ผ่านดี", "min_total": "85.00", "min_each_tool": "85.00"} เรียงจากสูงไปต่ำ',
    )
    rating_confidence = models.CharField(
        "ความน่าเชื่อถือของเกณฑ์ระดับ", max_length=20, choices=Confidence.choices, default=Confidence.CANDIDATE
    )
    rating_source = models.TextField("แหล่งที่มาของเกณฑ์ระดับ", blank=True)
    pass_mark = models.DecimalField("เกณฑ์ผ่าน", max_digits=5, decimal_places=2, default=Decimal("85.00"))
    is_complete = models.BooleanField("รายการข้อครบถ้วน", default=True)
    weights_verified = models.BooleanField(
        "น้ำหนักยืนยันจากเอกสารของ ป.ป.ช.", default=False, help_text="ไม่ใช่: น้ำหนักเป็นค่าที่สันนิษฐาน"
    )
    notes = models.TextField("หมายเหตุและแหล่งที่มา", blank=True)
    focus_lowest_indicator = models.BooleanField(
        "แผนมาตรการเน้นตัวชี้วัดที่ได้คะแนนต่ำที่สุด",
        default=False,
        help_text="แนวทางตั้งแต่ ITA 2569: เลือกตัวชี้วัดที่ได้คะแนนต่ำที่สุด (หรือเสี่ยงที่สุด) หนึ่งตัวชี้วัด แล้วกำหนดมาตรการป้องกัน",
    )
    # Bumped by every correction confirmed in the browser or loaded from a file that changes something.
    revision = models.PositiveIntegerField("ฉบับแก้ไขที่", default=1)

    class Meta:
        verbose_name = "กรอบการประเมิน ITA"
        verbose_name_plural = "กรอบการประเมิน ITA"
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_fiscal_year__lte=models.F("last_fiscal_year")),
                name="framework_fiscal_years_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def rating_confirmed(self) -> bool:
        return self.rating_confidence != Confidence.CANDIDATE


class Tool(models.Model):
    class Code(models.TextChoices):
        IIT = "IIT", "IIT"
        EIT = "EIT", "EIT"
        OIT = "OIT", "OIT"

    framework = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="tools")
    code = models.CharField("เครื่องมือ", max_length=3, choices=Code.choices)
    name_th = models.CharField("ชื่อเครื่องมือ", max_length=200)
    weight = models.DecimalField("น้ำหนัก (ร้อยละ)", max_digits=5, decimal_places=2)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "เครื่องมือการประเมิน"
        verbose_name_plural = "เครื่องมือการประเมิน"
        ordering = ["framework", "order"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="tool_unique_per_framework")]

    def __str__(self) -> str:
        return f"{self.code} ({self.framework.year})"


class Indicator(models.Model):
    framework = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="indicators")
    tool = models.ForeignKey(Tool, on_delete=models.CASCADE, related_name="indicators")
    number = models.PositiveSmallIntegerField("ตัวชี้วัดที่")
    name_th = models.CharField("ชื่อตัวชี้วัด", max_length=200)
    name_en = models.CharField("ชื่อภาษาอังกฤษ", max_length=200, blank=True)

    class Meta:
        verbose_name = "ตัวชี้วัด"
        verbose_name_plural = "ตัวชี้วัด"
        ordering = ["framework", "number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="indicator_unique_per_framework"),
        ]

    def __str__(self) -> str:
        return f"ตัวชี้วัดที่ {self.number} {self.name_th}"


class SubIndicator(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="sub_indicators")
    code = models.CharField("ตัวชี้วัดย่อย", max_length=10, help_text="เช่น 9.1")
    name_th = models.CharField("ชื่อตัวชี้วัดย่อย", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "ตัวชี้วัดย่อย"
        verbose_name_plural = "ตัวชี้วัดย่อย"
        ordering = ["indicator", "order"]
        constraints = [models.UniqueConstraint(fields=["indicator", "code"], name="sub_indicator_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name_th}"

    @property
    def unconfirmed(self) -> bool:
        """Whether people must be told this row is not yet confirmed by a NACC document (probable or candidate)."""
        return self.confidence in (Confidence.PROBABLE, Confidence.CANDIDATE).strip()


class Group(models.Model):
    sub_indicator = models.ForeignKey(SubIndicator, on_delete=models.CASCADE, related_name="groups")
    name_th = models.CharField("ชื่อกลุ่มข้อ", max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "กลุ่มข้อ"
        verbose_name_plural = "กลุ่มข้อ"
        ordering = ["sub_indicator", "order"]
        constraints = [models.UniqueConstraint(fields=["sub_indicator", "name_th"], name="group_unique")]

    def __str__(self) -> str:
        return self.name_th


class Item(models.Model):
    framework = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="items")
    code = models.CharField("ข้อ", max_length=10, help_text="เช่น O11, i20")
    name_th = models.TextField("ประเด็นการตรวจ / ข้อคำถาม")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="items")
    sub_indicator = models.ForeignKey(
        SubIndicator, on_delete=models.CASCADE, related_name="items", null=True, blank=True
    )
    group = models.ForeignKey(Group, on_delete=models.SET_NULL, related_name="items", null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    confidence = models.CharField("ความน่าเชื่อถือ", max_length=20, choices=Confidence.choices)
    source = models.TextField("แหล่งที่มา", blank=True)
    note = models.TextField("หมายเหตุ", blank=True)

    class Meta:
        verbose_name = "ข้อการประเมิน"
        verbose_name_plural = "ข้อการประเมิน"
        ordering = ["framework", "order"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="item_unique_per_framework")]

    def __str__(self) -> str:
        return f"{self.code} {self.name_th}"

    @property
    def unconfirmed(self) -> bool:
        """Whether people must be told this row is not yet confirmed by a NACC document (probable or candidate)."""
        return self.confidence in (Confidence.PROBABLE, Confidence.CANDIDATE)


class FrameworkRevision(models.Model):
    """One confirmed change of a framework: what changed, who confirmed it, from which file."""

    framework = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField("ฉบับแก้ไขที่")
    changes = models.JSONField("รายการที่เปลี่ยน", default=list)
    source = models.CharField("ที่มา", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "ประวัติการแก้ไขกรอบการประเมิน"
        verbose_name_plural = "ประวัติการแก้ไขกรอบการประเมิน"
        ordering = ["framework", "-number"]
        constraints = [models.UniqueConstraint(fields=["framework", "number"], name="framework_revision_once")]

    def __str__(self) -> str:
        return f"{self.framework} ฉบับแก้ไขที่ {self.number}"


class FrameworkDraft(TimeStamped):
    """A framework being prepared in the browser (uploaded, copied or edited), not yet confirmed.

    `spec` is the whole framework as catalogue.spec_to_data writes it; `base_revision` is the
    revision it was made from, so confirming over someone else's newer correction is refused.
    """

    year = models.PositiveSmallIntegerField("ปีการประเมิน (พ.ศ.)")
    spec = models.JSONField()
    base_revision = models.PositiveIntegerField(null=True, blank=True)
    source = models.CharField("ที่มา", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "ร่างกรอบการประเมิน"
        verbose_name_plural = "ร่างกรอบการประเมิน"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"ร่าง ITA {self.year}"
