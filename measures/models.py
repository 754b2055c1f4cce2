"""Measures plans, their measures, and progress per reporting round."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from assessments.models import Agency, Department, FrameworkVersion, Indicator, Item
from ita_portal import thai
from ita_portal.models import TimeStamped


class Round(models.IntegerChoices):
    SIX_MONTH = thai.SIX_MONTH, "รอบ ๖ เดือน"
    TWELVE_MONTH = thai.TWELVE_MONTH, "รอบ ๑๒ เดือน"


# A plan's printed heading when it has no title of its own (reports/documents/plan.py adds the year).
PLAN_TITLE = "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"


class MeasurePlan(TimeStamped):
    """มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน of one agency and fiscal year."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="plans")
    fiscal_year = models.PositiveSmallIntegerField("ปีงบประมาณ (พ.ศ.)")
    framework = models.ForeignKey(
        FrameworkVersion,
        on_delete=models.PROTECT,
        related_name="plans",
        null=True,
        blank=True,
        help_text="กรอบ ITA ที่ใช้อ้างอิงข้อและตัวชี้วัดของมาตรการ",
    )
    title = models.CharField("ชื่อแผน", max_length=300, blank=True)
    intro = models.TextField("คำนำ / ความเป็นมา", blank=True)

    class Meta:
        verbose_name = "แผนมาตรการ"
        verbose_name_plural = "แผนมาตรการ"
        ordering = ["agency", "-fiscal_year"]
        constraints = [models.UniqueConstraint(fields=["agency", "fiscal_year"], name="plan_once_per_year")]

    def __str__(self) -> str:
        return f"มาตรการ {self.agency} ปีงบประมาณ {self.fiscal_year}"


class Measure(TimeStamped):
    class Section(models.TextChoices):
        MEASURE = "measure", "มาตรการ"
        INDICATOR_FOLLOWUP = "indicator_followup", "แนวทางยกระดับรายตัวชี้วัด"

    class Source(models.TextChoices):
        TYPED = "typed", "จัดทำเอง"
        SUGGESTED = "suggested", "จากจุดที่ต้องพัฒนา"
        CLONED = "cloned", "คัดลอกจากปีก่อน"

    plan = models.ForeignKey(MeasurePlan, on_delete=models.CASCADE, related_name="measures")
    number = models.PositiveSmallIntegerField("ลำดับ")
    section = models.CharField("ส่วน", max_length=20, choices=Section.choices, default=Section.MEASURE)
    title = models.TextField("มาตรการ / แนวทาง")
    issue = models.TextField("ประเด็นที่ต้องปรับปรุงแก้ไข", blank=True)
    items = models.ManyToManyField(Item, blank=True, related_name="measures", verbose_name="ข้อการประเมิน")
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="measures", verbose_name="ตัวชี้วัด")
    steps = models.TextField("ขั้นตอน / วิธีการ", blank=True)
    departments = models.ManyToManyField(
        Department, blank=True, related_name="measures", verbose_name="ส่วนราชการผู้รับผิดชอบ"
    )
    responsible_text = models.TextField("ผู้รับผิดชอบ (ตามที่พิมพ์)", blank=True, help_text="เว้นว่างเพื่อใช้ชื่อส่วนราชการที่เลือก")
    period_start = models.DateField("เริ่ม", null=True, blank=True)
    period_end = models.DateField("สิ้นสุด", null=True, blank=True)
    period_text = models.CharField(
        "ระยะเวลา (ตามที่พิมพ์)", max_length=300, blank=True, help_text="เว้นว่างเพื่อใช้เดือนเริ่มและสิ้นสุด"
    )
    monitoring = models.TextField("การรายงานผลและการกำกับติดตาม", blank=True)
    source = models.CharField("ที่มา", max_length=20, choices=Source.choices, default=Source.TYPED)
    suggestion_key = models.CharField(
        "จุดที่ต้องพัฒนาที่เป็นที่มา", max_length=50, blank=True, help_text="เช่น item:O17 หรือ indicator:10"
    )
    cloned_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="clones", verbose_name="คัดลอกจาก"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Bumped on every save; a save carrying an older version is refused (no lost edits).
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "มาตรการ"
        verbose_name_plural = "มาตรการ"
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="measure_number_unique_in_plan"),
            # A suggestion becomes at most one measure of a plan, even with two coordinators clicking at once.
            models.UniqueConstraint(
                fields=["plan", "suggestion_key"], condition=~Q(suggestion_key=""), name="suggestion_accepted_once"
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_start__lte=models.F("period_end")),
                name="measure_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title[:80]}"

    @property
    def period_display(self) -> str:
        return self.period_text or thai.month_range_text(self.period_start, self.period_end)


class Progress(TimeStamped):
    class Status(models.TextChoices):
        DONE = "done", "ดำเนินการแล้วเสร็จ"
        IN_PROGRESS = "in_progress", "อยู่ระหว่างดำเนินการ"
        NOT_STARTED = "not_started", "ยังไม่ได้ดำเนินการ"

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="progress")
    round = models.PositiveSmallIntegerField("รอบการรายงาน", choices=Round.choices)
    status = models.CharField("สถานะ", max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    summary = models.TextField("สรุปผลการดำเนินการ", blank=True)
    outcome = models.TextField("ผลลัพธ์ / ความสำเร็จ", blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Bumped on every save; a save carrying an older version is refused (no lost edits).
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "ผลการดำเนินการ"
        verbose_name_plural = "ผลการดำเนินการ"
        ordering = ["measure", "round"]
        constraints = [models.UniqueConstraint(fields=["measure", "round"], name="progress_once_per_round")]
        # Serves the per-status counts of a plan's round on the home page and dashboard.
        indexes = [models.Index(fields=["round", "status"], name="progress_round_status_idx")]

    def __str__(self) -> str:
        return f"{self.measure} – {self.get_round_display()} – {self.get_status_display()}"


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    agency_id = instance.progress.measure.plan.agency_id
    return f"evidence/{agency_id}/{instance.progress_id}/{filename}"


class Evidence(TimeStamped):
    progress = models.ForeignKey(Progress, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField("คำอธิบาย", max_length=300, blank=True)
    url = models.URLField("ลิงก์", max_length=1000, blank=True)
    file = models.FileField("ไฟล์", upload_to=evidence_upload_to, blank=True, max_length=300)
    original_name = models.CharField("ชื่อไฟล์เดิม", max_length=255, blank=True)
    content_type = models.CharField("ชนิดไฟล์", max_length=100, blank=True)
    size = models.PositiveIntegerField("ขนาด (ไบต์)", null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "หลักฐาน"
        verbose_name_plural = "หลักฐาน"
        ordering = ["progress", "created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(url="") | ~Q(file=""), name="evidence_has_url_or_file"),
        ]

    def __str__(self) -> str:
        return self.title or self.url or self.original_name or self.file.name


class History(models.Model):
    """Who changed what and when, for a measure and its progress; shown on the measure page."""

    class Action(models.TextChoices):
        CREATED = "created", "สร้าง"
        UPDATED = "updated", "แก้ไข"
        PROGRESS = "progress", "รายงานผล"
        EVIDENCE_ADDED = "evidence_added", "เพิ่มหลักฐาน"
        EVIDENCE_REMOVED = "evidence_removed", "ลบหลักฐาน"
        CLONED = "cloned", "คัดลอกจากปีก่อน"

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="history")
    round = models.PositiveSmallIntegerField("รอบ", choices=Round.choices, null=True, blank=True)
    action = models.CharField("การกระทำ", max_length=20, choices=Action.choices)
    # [{"field": "status", "label": "สถานะ", "old": "…", "new": "…"}], values as shown to people.
    changes = models.JSONField("รายการที่เปลี่ยน", default=list, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField("เมื่อ", auto_now_add=True)

    class Meta:
        verbose_name = "ประวัติการแก้ไข"
        verbose_name_plural = "ประวัติการแก้ไข"
        ordering = ["-created_at", "-pk"]
        # Serves the measure page's history, newest first.
        indexes = [models.Index(fields=["measure", "-created_at"], name="history_measure_idx")]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.get_action_display()} {self.created_at:%Y-%m-%d %H:%M}"


class DismissedSuggestion(models.Model):
    """A suggested measure the coordinator discarded, so it is not offered again for this plan."""

    plan = models.ForeignKey(MeasurePlan, on_delete=models.CASCADE, related_name="dismissed_suggestions")
    key = models.CharField(max_length=50, help_text="เช่น item:O17 หรือ indicator:10")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "ข้อเสนอที่ไม่รับ"
        verbose_name_plural = "ข้อเสนอที่ไม่รับ"
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="dismissed_suggestion_once")]

    def __str__(self) -> str:
        return f"{self.plan} – {self.key}"
