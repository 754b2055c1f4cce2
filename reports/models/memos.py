"""Memos (บันทึกข้อความ) that carry generated documents up an approval chain, and their audit trail.

A memo is a draft until the requester submits it; submitting gives it its number (ที่) and copies
the chain's steps into MemoStep rows of that submission round.  Each step is acted on once by its
approver; a return sends the memo back and a resubmission starts a new round (the old rounds'
steps stay as history).  MemoEvent is the append-only audit trail.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from assessments.models import Agency
from ita_portal import thai
from ita_portal.models import TimeStamped
from reports.models.approvals import ApprovalChain, ApprovalChainStep
from reports.models.documents import GeneratedDocument

# The body sections of seed 000's memo, in order: (field, printed heading).
SECTIONS = [
    ("background", "เรื่องเดิม"),
    ("facts", "ข้อเท็จจริง"),
    ("rules", "ระเบียบ/ข้อกฎหมาย"),
    ("proposal", "ข้อพิจารณา/เสนอแนะ"),
]


class MemoCounter(models.Model):
    """The last number given to an agency's memos in one calendar year (พ.ศ.); locked while numbering."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("ปี (พ.ศ.)")
    last = models.PositiveIntegerField("เลขล่าสุด", default=0)
    # An agency that starts using the portal mid-year sets the next number of its register once
    # (reports.memos.register); these record that setting (its audit trail).
    start_number = models.PositiveIntegerField("เลขเริ่มต้นที่ตั้งไว้", null=True, blank=True)
    start_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    start_set_at = models.DateTimeField("ตั้งเลขเริ่มต้นเมื่อ", null=True, blank=True)

    class Meta:
        verbose_name = "เลขทะเบียนบันทึกข้อความ"
        verbose_name_plural = "เลขทะเบียนบันทึกข้อความ"
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="memo_counter_unique")]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}: {self.last}"


def _final_upload_to(instance: Memo, filename: str) -> str:
    return f"memos/{instance.agency_id}/{filename}"


class Memo(TimeStamped):
    class Status(models.TextChoices):
        DRAFT = "draft", "ร่าง"
        SUBMITTED = "submitted", "รอพิจารณา"
        RETURNED = "returned", "ส่งกลับให้แก้ไข"
        APPROVED = "approved", "พิจารณาครบแล้ว"
        REJECTED = "rejected", "ไม่อนุมัติ"

    class Final(models.TextChoices):
        NONE = "", "—"
        RENDERING = "rendering", "กำลังสร้างฉบับสมบูรณ์"
        DONE = "done", "ฉบับสมบูรณ์พร้อมแล้ว"
        FAILED = "failed", "สร้างฉบับสมบูรณ์ไม่สำเร็จ"

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memos")
    chain = models.ForeignKey(ApprovalChain, on_delete=models.PROTECT, related_name="memos", verbose_name="สายการอนุมัติ")
    division = models.CharField("ส่วนราชการ", max_length=300)
    phone = models.CharField("โทรศัพท์", max_length=50, blank=True)
    subject = models.CharField("เรื่อง", max_length=500)
    to = models.CharField("เรียน", max_length=300)
    background = models.TextField("๑. เรื่องเดิม", blank=True)
    facts = models.TextField("๒. ข้อเท็จจริง", blank=True)
    rules = models.TextField("๓. ระเบียบ/ข้อกฎหมาย", blank=True)
    proposal = models.TextField("๔. ข้อพิจารณา/เสนอแนะ", blank=True)
    documents = models.ManyToManyField(GeneratedDocument, blank=True, related_name="memos", verbose_name="เอกสารแนบ")
    # The printed "สิ่งที่ส่งมาด้วย" line, one enclosure a line; blank prints the attached documents' titles.
    enclosures = models.TextField(
        "สิ่งที่ส่งมาด้วย (ข้อความที่พิมพ์)",
        blank=True,
        help_text="หนึ่งบรรทัดต่อหนึ่งรายการ เว้นว่างเพื่อใช้ชื่อเอกสารที่แนบ",
    )
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requester_name = models.CharField("ชื่อผู้เสนอ", max_length=200)
    requester_position = models.CharField("ตำแหน่งผู้เสนอ", max_length=300)
    number_year = models.PositiveSmallIntegerField("ปีของเลขที่ (พ.ศ.)", null=True, blank=True)
    number_seq = models.PositiveIntegerField("เลขทะเบียน", null=True, blank=True)
    memo_date = models.DateField("วันที่", null=True, blank=True)
    status = models.CharField("สถานะ", max_length=12, choices=Status.choices, default=Status.DRAFT)
    round = models.PositiveSmallIntegerField("ครั้งที่เสนอ", default=0)
    current_step = models.PositiveSmallIntegerField("ขั้นที่รอพิจารณา", null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    final = models.CharField("ฉบับสมบูรณ์", max_length=12, choices=Final.choices, default=Final.NONE, blank=True)
    final_error = models.TextField("ข้อผิดพลาด", blank=True)
    # When the final PDF was last sent to the workers: "rendering" long after it means its worker died.
    final_queued_at = models.DateTimeField("ส่งสร้างฉบับสมบูรณ์เมื่อ", null=True, blank=True)
    final_file = models.FileField("ไฟล์ฉบับสมบูรณ์", upload_to=_final_upload_to, blank=True, max_length=300)
    final_sha256 = models.CharField("SHA-256 ฉบับสมบูรณ์", max_length=64, blank=True)
    final_pages = models.PositiveIntegerField("จำนวนหน้า", null=True, blank=True)
    finished_at = models.DateTimeField("พิจารณาครบเมื่อ", null=True, blank=True)
    verify_token = models.UUIDField("รหัสตรวจสอบ", default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = "บันทึกข้อความ"
        verbose_name_plural = "บันทึกข้อความ"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "number_year", "number_seq"],
                condition=Q(number_seq__isnull=False),
                name="memo_number_unique",
            ),
        ]
        indexes = [models.Index(fields=["agency", "status"], name="memo_agency_status")]

    def __str__(self) -> str:
        return f"{self.number_text or 'ร่าง'} {self.subject}"

    @property
    def number_text(self) -> str:
        """ที่: the agency's prefix, "/" and the running number in Thai digits (empty until submitted)."""
        if self.number_seq is None:
            return ""
        prefix = thai.thai_digits(self.agency.doc_prefix.strip()) if self.agency.doc_prefix else ""
        return f"{prefix}/{thai.thai_digits(self.number_seq)}" if prefix else thai.thai_digits(self.number_seq)

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def is_closed(self) -> bool:
        return self.status in (self.Status.APPROVED, self.Status.REJECTED)

    def enclosure_lines(self) -> list[str]:
        """The typed enclosures, one a line (blank lines dropped)."""
        return [line.strip() for line in self.enclosures.splitlines() if line.strip()]

    def sections(self) -> list[tuple[str, str]]:
        """(heading, body) of the four body sections, in order."""
        return [(heading, getattr(self, field)) for field, heading in SECTIONS]


class MemoStep(models.Model):
    """One approval step of one submission round, copied from the chain when the memo was submitted."""

    memo = models.ForeignKey(Memo, on_delete=models.CASCADE, related_name="steps")
    round = models.PositiveSmallIntegerField("ครั้งที่เสนอ")
    order = models.PositiveSmallIntegerField("ลำดับ")
    heading = models.CharField("หัวข้อความเห็น", max_length=300, blank=True)
    position_title = models.CharField("ตำแหน่ง", max_length=300)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decisions = models.JSONField("คำวินิจฉัยที่เลือกได้", default=list)
    comment_required = models.BooleanField("ต้องระบุความเห็น", default=False)
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acted_name = models.CharField("ชื่อผู้พิจารณา", max_length=200, blank=True)
    decision = models.CharField("คำวินิจฉัย", max_length=20, choices=ApprovalChainStep.Decision.choices, blank=True)
    # The words the approver chose from the list or typed (เห็นควรดำเนินการตามเสนอ, ส่งคืนเพื่อแก้ไข …).
    decision_text = models.CharField("ถ้อยคำวินิจฉัย", max_length=200, blank=True)
    comment = models.TextField("ความเห็น", blank=True)
    # Set when a stand-in acted (reports.memos.standins): for whom, their own position, how and by which order.
    acted_for = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acted_title = models.CharField("ตำแหน่งของผู้ทำการแทน", max_length=300, blank=True)
    acting_kind = models.CharField("ลักษณะการทำการแทน", max_length=12, blank=True)
    acting_basis = models.CharField("อาศัยอำนาจตาม", max_length=300, blank=True)
    returned = models.BooleanField("ส่งกลับให้แก้ไข", default=False)
    acted_at = models.DateTimeField("เมื่อ", null=True, blank=True)

    class Meta:
        verbose_name = "ขั้นการพิจารณา"
        verbose_name_plural = "ขั้นการพิจารณา"
        ordering = ["memo", "round", "order"]
        constraints = [models.UniqueConstraint(fields=["memo", "round", "order"], name="memo_step_unique")]

    def __str__(self) -> str:
        return f"{self.memo_id} ครั้งที่ {self.round} ขั้น {self.order} {self.position_title}"

    @property
    def acting_label(self) -> str:
        """รักษาราชการแทน / ปฏิบัติราชการแทน when a stand-in acted; "" otherwise."""
        from reports.models.standins import StandIn

        return dict(StandIn.Kind.choices).get(self.acting_kind, "") if self.acted_for_id else ""

    @property
    def printed_position(self) -> str:
        """The position printed under the signer's name: "ปลัดเทศบาลตำบล… รักษาราชการแทน นายกเทศมนตรีตำบล…"."""
        if not self.acting_label:
            return self.position_title
        return f"{self.acted_title} {self.acting_label} {self.position_title}".strip()

    @property
    def decision_words(self) -> str:
        """The words printed for the decision: the ones chosen, else the decision's label ("" for a comment)."""
        if self.decision_text:
            return self.decision_text
        if self.returned:
            return "ส่งกลับให้แก้ไข"
        if not self.decision or self.decision == ApprovalChainStep.Decision.COMMENT:
            return ""
        return ApprovalChainStep.Decision(self.decision).label


class MemoEvent(models.Model):
    """Append-only audit trail of a memo: never updated, never deleted (the admin is read-only too)."""

    class Action(models.TextChoices):
        CREATE = "create", "สร้างร่าง"
        EDIT = "edit", "แก้ไขร่าง"
        SUBMIT = "submit", "เสนอ"
        RESUBMIT = "resubmit", "เสนอใหม่หลังแก้ไข"
        ACT = "act", "พิจารณา"
        RETURN = "return", "ส่งกลับให้แก้ไข"
        FINAL = "final", "สร้างฉบับสมบูรณ์"
        DOWNLOAD = "download", "ดาวน์โหลดฉบับสมบูรณ์"

    memo = models.ForeignKey(Memo, on_delete=models.PROTECT, related_name="events")
    action = models.CharField("การกระทำ", max_length=12, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField("เมื่อ", auto_now_add=True)
    ip = models.GenericIPAddressField("IP", null=True, blank=True)
    user_agent = models.CharField("โปรแกรมที่ใช้", max_length=300, blank=True)
    round = models.PositiveSmallIntegerField("ครั้งที่เสนอ", null=True, blank=True)
    step = models.PositiveSmallIntegerField("ขั้น", null=True, blank=True)
    detail = models.JSONField("รายละเอียด", default=dict, blank=True)

    class Meta:
        verbose_name = "บันทึกการดำเนินการ"
        verbose_name_plural = "บันทึกการดำเนินการ"
        ordering = ["memo", "at", "pk"]
        indexes = [models.Index(fields=["memo", "at"], name="memo_event_memo_at")]

    def __str__(self) -> str:
        return f"{self.memo_id} {self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValueError("บันทึกการดำเนินการแก้ไขไม่ได้")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("บันทึกการดำเนินการลบไม่ได้")

    @property
    def reference(self) -> str:
        """The e-signature reference printed under a typed name: M<memo>-<event>, e.g. M12-0345."""
        return f"M{self.memo_id}-{self.pk:04d}"
