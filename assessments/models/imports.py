"""A confirmed import that runs in a worker: a national results sheet, the onboarding of agencies.

The file stays in MEDIA_ROOT/imports/jobs/<token> until the import is done, so
an import that failed, or whose worker died, can be confirmed again; the write
is one transaction, so a failure leaves no rows behind.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ita_portal.models import TimeStamped


class ImportJob(TimeStamped):
    class Kind(models.TextChoices):
        RESULTS = "results", "ผลการประเมินหลายหน่วยงาน"
        AGENCIES = "agencies", "หน่วยงานและผู้ประสานงาน"

    class Status(models.TextChoices):
        QUEUED = "queued", "รอคิว"
        RUNNING = "running", "กำลังนำเข้า"
        DONE = "done", "นำเข้าแล้ว"
        FAILED = "failed", "ไม่สำเร็จ"
        CANCELLED = "cancelled", "ยกเลิกแล้ว"

    kind = models.CharField("ประเภท", max_length=12, choices=Kind.choices)
    status = models.CharField("สถานะ", max_length=12, choices=Status.choices, default=Status.QUEUED)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    token = models.CharField("รหัสไฟล์", max_length=32, unique=True)
    filename = models.CharField("ชื่อไฟล์", max_length=200)
    meta = models.JSONField("ตัวเลือก", default=dict)
    phase = models.CharField("ขั้นตอน", max_length=100, blank=True)
    rows_total = models.PositiveIntegerField("จำนวนแถว", default=0)
    rows_done = models.PositiveIntegerField("ตรวจแล้ว", default=0)
    result = models.JSONField("ผล", default=dict, blank=True)
    error = models.TextField("ข้อผิดพลาด", blank=True)
    attempts = models.PositiveSmallIntegerField("จำนวนครั้งที่เริ่ม", default=0)
    worker = models.CharField("งานเบื้องหลัง", max_length=200, blank=True)
    dispatched_at = models.DateTimeField("ส่งเข้าคิวเมื่อ", null=True, blank=True)
    started_at = models.DateTimeField("เริ่มเมื่อ", null=True, blank=True)
    heartbeat_at = models.DateTimeField("รายงานความคืบหน้าล่าสุด", null=True, blank=True)
    finished_at = models.DateTimeField("เสร็จเมื่อ", null=True, blank=True)

    class Meta:
        verbose_name = "งานนำเข้า"
        verbose_name_plural = "งานนำเข้า"
        ordering = ["-created_at"]
        # Serves "my imports, latest first" on the import pages.
        indexes = [models.Index(fields=["user", "-created_at"], name="import_job_user_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.filename} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.CANCELLED)

    @property
    def percent(self) -> int:
        return min(100, self.rows_done * 100 // self.rows_total) if self.rows_total else 0
