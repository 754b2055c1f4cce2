"""Agencies (อบต., เทศบาล), their departments and who works in them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from assessments.places import DISTRICT_PREFIXES, PROVINCE_PREFIXES, SUBDISTRICT_PREFIXES, strip_place
from ita_portal.models import TimeStamped


class Agency(TimeStamped):
    class Type(models.TextChoices):
        SAO = "sao", "อบต."
        SUBDISTRICT_MUNICIPALITY = "tambon", "เทศบาลตำบล"
        TOWN_MUNICIPALITY = "mueang", "เทศบาลเมือง"
        CITY_MUNICIPALITY = "nakhon", "เทศบาลนคร"

    # Printed forms: the full name heads documents, the short one fits tables.
    FULL_PREFIX = {
        Type.SAO: "องค์การบริหารส่วนตำบล",
        Type.SUBDISTRICT_MUNICIPALITY: "เทศบาลตำบล",
        Type.TOWN_MUNICIPALITY: "เทศบาลเมือง",
        Type.CITY_MUNICIPALITY: "เทศบาลนคร",
    }
    SHORT_PREFIX = {
        Type.SAO: "อบต.",
        Type.SUBDISTRICT_MUNICIPALITY: "ทต.",
        Type.TOWN_MUNICIPALITY: "ทม.",
        Type.CITY_MUNICIPALITY: "ทน.",
    }

    name = models.CharField("ชื่อ (ไม่รวมประเภท)", max_length=200, help_text="เช่น ทุ่งโพธิ์")
    type = models.CharField("ประเภท", max_length=10, choices=Type.choices)
    province = models.CharField("จังหวัด", max_length=100)
    district = models.CharField("อำเภอ", max_length=100)
    subdistrict = models.CharField("ตำบล", max_length=100, blank=True, help_text="ชื่อตำบล ไม่ต้องพิมพ์คำว่า ตำบล")
    address = models.CharField(
        "ที่ตั้งสำนักงาน", max_length=300, blank=True, help_text="เลขที่ หมู่ ถนน (ไม่รวมตำบล อำเภอ จังหวัด)"
    )
    phone = models.CharField("โทรศัพท์", max_length=50, blank=True)
    email = models.EmailField("อีเมลของหน่วยงาน", blank=True)
    # The computed short name is wrong for a few agencies (a long name the office abbreviates its
    # own way); the override wins when set.
    short_name_override = models.CharField(
        "ชื่อย่อ",
        max_length=100,
        blank=True,
        help_text="เว้นว่างไว้เพื่อใช้ชื่อย่อตามประเภท เช่น อบต.ทุ่งโพธิ์",
    )
    website_domain = models.CharField(
        "เว็บไซต์หลักของหน่วยงาน",
        max_length=200,
        blank=True,
        help_text="ชื่อโดเมน เช่น robwiang.go.th ใช้ตรวจว่าลิงก์ OIT อยู่บนเว็บไซต์หลักของหน่วยงาน",
    )
    doc_prefix = models.CharField("รหัสหนังสือ", max_length=30, blank=True, help_text="ส่วนหน้าของเลขที่หนังสือ เช่น นศ ๗๗๕๐๑")
    # The project ships no Garuda (docs/memo-format.md §2): the agency uploads its own; without one
    # the memo leaves the space blank.
    garuda = models.ImageField(
        "ตราครุฑ (สำหรับบันทึกข้อความ)",
        upload_to="agencies/garuda/",
        blank=True,
        help_text="ไฟล์ PNG หรือ JPEG สูงอย่างน้อย ๒๐๐ จุด",
    )
    # The agency's own wording of its reports (assessments/document_wording.py): only what differs from
    # the portal's wording is kept; each document copies the result into its snapshot.
    document_wording = models.JSONField("ถ้อยคำในเอกสาร", default=dict, blank=True)

    class Meta:
        verbose_name = "หน่วยงาน"
        verbose_name_plural = "หน่วยงาน"
        ordering = ["province", "district", "name"]
        constraints = [
            models.UniqueConstraint(fields=["type", "name", "district", "province"], name="agency_unique_per_district"),
        ]
        # Serves the overseer's "all agencies of my province" listing.
        indexes = [models.Index(fields=["province", "district"], name="agency_province_idx")]

    def __str__(self) -> str:
        return self.short_name

    def clean(self) -> None:
        self.normalise_places()

    def save(self, *args, **kwargs) -> None:
        self.normalise_places()
        super().save(*args, **kwargs)

    def normalise_places(self) -> None:
        """Store "บุรีรัมย์", not "จังหวัดบุรีรัมย์": documents print the word themselves."""
        self.province = strip_place(self.province, PROVINCE_PREFIXES)
        self.district = strip_place(self.district, DISTRICT_PREFIXES)
        self.subdistrict = strip_place(self.subdistrict, SUBDISTRICT_PREFIXES)

    @property
    def full_name(self) -> str:
        return f"{self.FULL_PREFIX[self.Type(self.type)]}{self.name}"

    @property
    def short_name(self) -> str:
        return self.short_name_override or f"{self.SHORT_PREFIX[self.Type(self.type)]}{self.name}"


class Department(TimeStamped):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="departments")
    name = models.CharField("ชื่อส่วนราชการ", max_length=200, help_text="เช่น สำนักปลัด กองคลัง กองช่าง")
    abbreviation = models.CharField("ชื่อย่อ", max_length=30, blank=True, help_text="เช่น สป. กค. กช.")
    order = models.PositiveSmallIntegerField("ลำดับ", default=0)

    class Meta:
        verbose_name = "ส่วนราชการ"
        verbose_name_plural = "ส่วนราชการ"
        ordering = ["agency", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="department_unique_per_agency"),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(TimeStamped):
    class Role(models.TextChoices):
        STAFF = "staff", "เจ้าหน้าที่"
        COORDINATOR = "coordinator", "ผู้ประสานงาน / นิติกร"
        APPROVER = "approver", "ผู้บริหาร (ผู้อนุมัติ)"
        OVERSEER = "overseer", "ผู้กำกับดูแลระดับจังหวัด"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("บทบาท", max_length=20, choices=Role.choices)
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="memberships", null=True, blank=True)
    province = models.CharField("จังหวัดที่กำกับดูแล", max_length=100, blank=True, help_text="เฉพาะผู้กำกับดูแลระดับจังหวัด")
    department = models.ForeignKey(
        Department, on_delete=models.SET_NULL, related_name="memberships", null=True, blank=True
    )
    position_title = models.CharField(
        "ตำแหน่ง (ตามที่พิมพ์ในเอกสาร)", max_length=200, blank=True, help_text="เช่น นิติกรชำนาญการ"
    )
    # Deactivation keeps the row so history, signatures and audit rows still name the person;
    # every permission read filters is_active=True.
    is_active = models.BooleanField("ใช้งานอยู่", default=True)
    deactivated_at = models.DateTimeField("ระงับการใช้งานเมื่อ", null=True, blank=True)

    class Meta:
        verbose_name = "สมาชิก"
        verbose_name_plural = "สมาชิก"
        ordering = ["agency", "role", "user__username"]
        constraints = [
            # An overseer belongs to a province; everyone else to exactly one agency.
            models.CheckConstraint(
                condition=(Q(role="overseer") & Q(agency__isnull=True) & ~Q(province=""))
                | (~Q(role="overseer") & Q(agency__isnull=False)),
                name="membership_scope_matches_role",
            ),
            models.UniqueConstraint(
                fields=["user", "agency"], condition=Q(agency__isnull=False), name="membership_once_per_agency"
            ),
            models.UniqueConstraint(
                fields=["user", "province"], condition=Q(role="overseer"), name="overseer_once_per_province"
            ),
        ]

    def __str__(self) -> str:
        where = self.agency.short_name if self.agency else f"จังหวัด{self.province}"
        return f"{self.user} – {self.get_role_display()} – {where}"
