"""Generated documents (rendered PDFs) and the parts of one being rendered by several workers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from assessments.models import Agency


def _document_upload_to(instance: GeneratedDocument, filename: str) -> str:
    return f"documents/{instance.agency_id}/{filename}"


class GeneratedDocument(models.Model):
    """One rendered PDF of one version; the snapshot is the data it was rendered from, frozen at request time."""

    class Status(models.TextChoices):
        QUEUED = "queued", "รอคิว"
        RENDERING = "rendering", "กำลังสร้าง"
        DONE = "done", "เสร็จแล้ว"
        FAILED = "failed", "ไม่สำเร็จ"

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField("ชนิดเอกสาร", max_length=40)
    fiscal_year = models.PositiveSmallIntegerField("ปีงบประมาณ (พ.ศ.)")
    round = models.PositiveSmallIntegerField("รอบ (เดือน)", null=True, blank=True)
    layout = models.CharField("รูปแบบ", max_length=40, blank=True)
    version = models.PositiveIntegerField("ฉบับที่")
    snapshot = models.JSONField("ข้อมูลที่ใช้สร้าง", default=dict)
    status = models.CharField("สถานะ", max_length=12, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField("ข้อผิดพลาด", blank=True)
    file = models.FileField("ไฟล์", upload_to=_document_upload_to, blank=True, max_length=300)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    pages = models.PositiveIntegerField("จำนวนหน้า", null=True, blank=True)
    render_seconds = models.FloatField("เวลาที่ใช้สร้าง (วินาที)", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("จำนวนครั้งที่ลองสร้าง", default=0)
    # NULL while the render task has not reached the broker (Redis was down at the request): the
    # workers' sweep (reports.tasks) sends it when the broker answers again.
    dispatched_at = models.DateTimeField("ส่งเข้าคิวเมื่อ", null=True, blank=True)
    # Who is rendering it: the same task id delivered again means its first run died (acks_late);
    # a worker starting again under the same name takes back what it was rendering when it died.
    render_task_id = models.CharField("รหัสงานที่กำลังสร้าง", max_length=64, blank=True)
    render_worker = models.CharField("เครื่องที่กำลังสร้าง", max_length=200, blank=True)
    # A long document is rendered in parts, possibly by several workers at once (DocumentPart).
    parts_total = models.PositiveSmallIntegerField("จำนวนส่วน", null=True, blank=True)
    assembling = models.BooleanField("กำลังรวมส่วน", default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("ขอเมื่อ", auto_now_add=True)
    started_at = models.DateTimeField("เริ่มสร้างเมื่อ", null=True, blank=True)
    finished_at = models.DateTimeField("เสร็จเมื่อ", null=True, blank=True)

    # A NULL round makes the unique constraint blind for round-less kinds; document_request therefore
    # allocates versions while holding a lock on the agency row.
    class Meta:
        verbose_name = "เอกสารที่สร้าง"
        verbose_name_plural = "เอกสารที่สร้าง"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind", "fiscal_year", "round", "layout", "version"],
                name="generated_document_version_unique",
            ),
        ]
        indexes = [
            # the agency's document list, newest first
            models.Index(fields=["agency", "-created_at"], name="gendoc_agency_created"),
            # the workers' sweep: documents still queued or rendering (few, however long the table grows)
            models.Index(fields=["status"], condition=Q(status__in=["queued", "rendering"]), name="gendoc_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.fiscal_year} ฉบับที่ {self.version} ({self.agency})"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RENDERING)


class DocumentPart(models.Model):
    """The PDF of one part of a document being rendered in parallel; deleted once the parts are joined.

    Parts belong to one attempt: a retried document starts again and ignores an older attempt's parts.
    """

    document = models.ForeignKey(GeneratedDocument, on_delete=models.CASCADE, related_name="parts")
    attempt = models.PositiveSmallIntegerField("ครั้งที่")
    index = models.PositiveSmallIntegerField("ส่วนที่")
    content = models.BinaryField("PDF")
    pages = models.PositiveIntegerField("จำนวนหน้า")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "ส่วนของเอกสารที่กำลังสร้าง"
        verbose_name_plural = "ส่วนของเอกสารที่กำลังสร้าง"
        constraints = [
            models.UniqueConstraint(fields=["document", "attempt", "index"], name="document_part_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} #{self.attempt}.{self.index}"
