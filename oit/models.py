"""The OIT workspace: an agency's answers to one year's O-items, prepared before they go into ITAS.

One Workspace per agency and assessment year, on that year's framework; one Answer per
O-item, with its URLs (Link, each with its last link check), evidence files, history,
the coordinator's check, and after the NACC's preliminary scores the appeal and the
final decision. Answers are edited with a version number: a save made from an older
version is refused, never written over.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from assessments.models import Agency, Department, FrameworkVersion, Item
from ita_portal.models import TimeStamped


class Workspace(TimeStamped):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="oit_workspaces")
    fiscal_year = models.PositiveSmallIntegerField("ปีการประเมิน (พ.ศ.)")
    framework = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="oit_workspaces")
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="ต่อยอดจากปี"
    )
    published_at = models.DateTimeField("เผยแพร่เมื่อ", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A check of every link asked for (by the coordinator or the nightly run) and when the last one finished:
    # the workspace page refreshes itself while one is under way.
    links_check_requested_at = models.DateTimeField("สั่งตรวจลิงก์เมื่อ", null=True, blank=True)
    links_check_done_at = models.DateTimeField("ตรวจลิงก์เสร็จเมื่อ", null=True, blank=True)
    # The public page's stable address: unguessable, so an unpublished year cannot be found by counting.
    public_token = models.CharField(max_length=32, unique=True)

    class Meta:
        verbose_name = "พื้นที่ทำงาน OIT"
        verbose_name_plural = "พื้นที่ทำงาน OIT"
        ordering = ["agency", "-fiscal_year"]
        constraints = [models.UniqueConstraint(fields=["agency", "fiscal_year"], name="oit_workspace_once_per_year")]

    def __str__(self) -> str:
        return f"OIT {self.fiscal_year} {self.agency}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def links_checking(self) -> bool:
        requested, done = self.links_check_requested_at, self.links_check_done_at
        return requested is not None and (done is None or done < requested)


class Answer(TimeStamped):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "ยังไม่เริ่ม"
        DRAFTING = "drafting", "กำลังจัดทำ"
        REVIEW = "review", "รอตรวจ"
        FIX = "fix", "ต้องแก้ไข"
        READY = "ready", "พร้อมส่ง"

    class Has(models.TextChoices):
        YES = "yes", "มี"
        NO = "no", "ไม่มี"

    class Check(models.TextChoices):
        PASSED = "passed", "ผ่านการตรวจ"
        FIX = "fix", "ต้องแก้ไข"

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="oit_answers", verbose_name="ข้อ")
    departments = models.ManyToManyField(Department, blank=True, related_name="oit_answers", verbose_name="ผู้รับผิดชอบ")
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ผู้จัดทำ",
    )
    due_date = models.DateField("กำหนดเสร็จ", null=True, blank=True)
    status = models.CharField("สถานะ", max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    has_data = models.CharField("มี/ไม่มี", max_length=3, choices=Has.choices, blank=True)
    explanation = models.TextField("คำอธิบาย", blank=True)
    requirement_note = models.TextField("สิ่งที่ข้อนี้ต้องการ", blank=True)
    check_result = models.CharField("ผลการตรวจของผู้ประสานงาน", max_length=10, choices=Check.choices, blank=True)
    check_comment = models.TextField("ความเห็นของผู้ตรวจ", blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    # After the NACC's preliminary scores (issue 14, item 8).
    preliminary_score = models.DecimalField("คะแนนเบื้องต้น", max_digits=5, decimal_places=2, null=True, blank=True)
    reviewer_comment = models.TextField("ความเห็นของผู้ตรวจประเมิน", blank=True)
    appeal_text = models.TextField("คำชี้แจงเพิ่มเติม", blank=True)
    appeal_deadline = models.DateField("กำหนดส่งคำชี้แจง", null=True, blank=True)
    appeal_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    final_score = models.DecimalField("คะแนนสุดท้าย", max_digits=5, decimal_places=2, null=True, blank=True)
    final_decision = models.TextField("ผลการพิจารณาคำชี้แจง", blank=True)
    final_decision_date = models.DateField("วันที่พิจารณา", null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "คำตอบ OIT รายข้อ"
        verbose_name_plural = "คำตอบ OIT รายข้อ"
        ordering = ["workspace", "item__order"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "item"], name="oit_answer_once_per_item"),
            models.CheckConstraint(
                condition=Q(preliminary_score__isnull=True) | Q(preliminary_score__gte=0, preliminary_score__lte=100),
                name="oit_preliminary_0_100",
            ),
            models.CheckConstraint(
                condition=Q(final_score__isnull=True) | Q(final_score__gte=0, final_score__lte=100),
                name="oit_final_0_100",
            ),
        ]
        # Serves the workspace filters by status within one workspace.
        indexes = [models.Index(fields=["workspace", "status"], name="oit_answer_status_idx")]

    def __str__(self) -> str:
        return f"{self.item.code} ({self.workspace})"


class Link(models.Model):
    """A URL given for an answer, with what the link checker last found there."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="links")
    url = models.URLField("URL", max_length=1000)
    order = models.PositiveSmallIntegerField(default=0)
    # Made by the portal (an approved report or memo), not typed: shown as "สร้างจากระบบ".
    generated = models.BooleanField("สร้างจากระบบ", default=False)
    checked_at = models.DateTimeField("ตรวจลิงก์เมื่อ", null=True, blank=True)
    check_ok = models.BooleanField("ลิงก์ใช้ได้", null=True, blank=True)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    redirects = models.JSONField(default=list, blank=True)
    final_url = models.URLField(max_length=1000, blank=True)
    content_type = models.CharField(max_length=200, blank=True)
    on_agency_domain = models.BooleanField(null=True, blank=True)
    mentions_year = models.BooleanField(null=True, blank=True)
    reasons = models.JSONField("ผลการตรวจลิงก์", default=list, blank=True)

    class Meta:
        verbose_name = "ลิงก์คำตอบ OIT"
        verbose_name_plural = "ลิงก์คำตอบ OIT"
        ordering = ["answer", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["answer", "url"], name="oit_link_once_per_answer")]

    def __str__(self) -> str:
        return self.url


def answer_evidence_upload_to(instance: AnswerEvidence, filename: str) -> str:
    return f"oit/{instance.answer.workspace.agency_id}/{instance.answer_id}/{filename}"


class AnswerEvidence(TimeStamped):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("ไฟล์", upload_to=answer_evidence_upload_to, max_length=300)
    original_name = models.CharField("ชื่อไฟล์เดิม", max_length=255, blank=True)
    content_type = models.CharField("ชนิดไฟล์", max_length=100, blank=True)
    size = models.PositiveIntegerField("ขนาด (ไบต์)", null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "หลักฐานคำตอบ OIT"
        verbose_name_plural = "หลักฐานคำตอบ OIT"
        ordering = ["answer", "created_at"]

    def __str__(self) -> str:
        return self.original_name or self.file.name


class AnswerHistory(models.Model):
    """Every change of an answer: who, when, and each field's old and new value (Thai labels)."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="history")
    action = models.CharField("การกระทำ", max_length=40)
    changes = models.JSONField(default=list, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "ประวัติคำตอบ OIT"
        verbose_name_plural = "ประวัติคำตอบ OIT"
        ordering = ["answer", "-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.answer} {self.action}"
