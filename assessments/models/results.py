"""An agency's ITA result for one year.

What the NACC publishes is stored as reported (indicator scores 1–8, OIT
item scores, and optionally the totals it printed). Sub-indicator, OIT
indicator, tool and total scores and the grade are computed by
assessments.scoring and cached in the `score_*` columns so lists can sort
on them; they are never typed in.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from assessments.models.agency import Agency
from assessments.models.catalogue import FrameworkVersion, Indicator, Item
from ita_portal.models import TimeStamped

SCORE = {"max_digits": 5, "decimal_places": 2, "null": True, "blank": True}


class Assessment(TimeStamped):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="assessments")
    fiscal_year = models.PositiveSmallIntegerField("ปีงบประมาณที่ประเมิน (พ.ศ.)")
    framework = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="assessments")
    source = models.CharField("ที่มาของข้อมูล", max_length=300, blank=True)

    # As printed by the NACC or the agency; kept to compare with what we compute.
    reported_total = models.DecimalField("คะแนนรวมตามที่ประกาศ", **SCORE)
    reported_iit = models.DecimalField("IIT ตามที่ประกาศ", **SCORE)
    reported_eit = models.DecimalField("EIT ตามที่ประกาศ", **SCORE)
    reported_oit = models.DecimalField("OIT ตามที่ประกาศ", **SCORE)

    # Computed by assessments.scoring.assessment_recompute; never edited by hand.
    score_iit = models.DecimalField("คะแนน IIT", **SCORE, editable=False)
    score_eit = models.DecimalField("คะแนน EIT", **SCORE, editable=False)
    score_oit = models.DecimalField("คะแนน OIT", **SCORE, editable=False)
    score_total = models.DecimalField("คะแนนรวม", **SCORE, editable=False)
    grade = models.CharField("ระดับผลการประเมิน", max_length=40, blank=True, editable=False)
    computed_at = models.DateTimeField("คำนวณเมื่อ", null=True, blank=True, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    # Bumped by every save through the results form; a form carrying an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "ผลการประเมิน ITA"
        verbose_name_plural = "ผลการประเมิน ITA"
        ordering = ["agency", "-fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "fiscal_year"], name="assessment_once_per_year"),
        ]
        # Serves the provincial comparison table sorted by total.
        indexes = [models.Index(fields=["fiscal_year", "score_total"], name="assessment_year_total_idx")]

    def __str__(self) -> str:
        return f"ITA {self.fiscal_year} {self.agency}"

    @property
    def best_total(self):
        """The computed total when complete, otherwise the published one."""
        return self.score_total if self.score_total is not None else self.reported_total


class IndicatorScore(models.Model):
    """An indicator score as published (1–8 come from surveys; 9–10 may also be derived from items)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="indicator_scores")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="scores")
    score = models.DecimalField("คะแนน", max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = "คะแนนตัวชี้วัด"
        verbose_name_plural = "คะแนนตัวชี้วัด"
        ordering = ["assessment", "indicator__number"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "indicator"], name="indicator_score_once"),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=100), name="indicator_score_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.score}"


class ItemResult(models.Model):
    """One OIT item as scored by the NACC's advisors, with its comment and appeal."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="item_results")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="results")
    score = models.DecimalField("คะแนน", max_digits=5, decimal_places=2)
    urls = models.JSONField("URL ที่ตอบ", default=list, blank=True)
    comment = models.TextField("ความคิดเห็นของผู้ตรวจ", blank=True)
    appeal_text = models.TextField("คำชี้แจงเพิ่มเติมของหน่วยงาน", blank=True)
    decision = models.TextField("ผลการพิจารณาคำชี้แจง", blank=True)
    decision_date = models.DateField("วันที่พิจารณา", null=True, blank=True)

    class Meta:
        verbose_name = "ผลรายข้อ"
        verbose_name_plural = "ผลรายข้อ"
        ordering = ["assessment", "item__order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="item_result_once"),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=100), name="item_score_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.item.code}: {self.score}"
