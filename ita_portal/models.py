"""Abstract bases shared by every app."""

from django.db import models


class TimeStamped(models.Model):
    created_at = models.DateTimeField("สร้างเมื่อ", auto_now_add=True)
    updated_at = models.DateTimeField("แก้ไขล่าสุด", auto_now=True)

    class Meta:
        abstract = True


class AppendOnly(models.Model):
    """An audit trail's rows: written once, never updated, never deleted (the admin is read-only too)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValueError(f"{self._meta.verbose_name}แก้ไขไม่ได้")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"{self._meta.verbose_name}ลบไม่ได้")
