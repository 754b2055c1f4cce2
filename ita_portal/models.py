"""Abstract bases shared by every app."""

from django.db import models


class TimeStamped(models.Model):
    created_at = models.DateTimeField("สร้างเมื่อ", auto_now_add=True)
    updated_at = models.DateTimeField("แก้ไขล่าสุด", auto_now=True)

    class Meta:
        abstract = True
