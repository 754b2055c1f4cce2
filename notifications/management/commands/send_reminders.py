"""manage.py send_reminders [--as-of YYYY-MM-DD]: send what is due on a date (today by default)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from notifications.reminders import run


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"วันที่ไม่ถูกต้อง: {text!r} (ใช้รูปแบบ YYYY-MM-DD ปีคริสต์ศักราช เช่น 2027-03-24)") from exc


class Command(BaseCommand):
    help = (
        "ส่งการเตือนและสรุปประจำสัปดาห์ที่ถึงกำหนดในวันหนึ่ง (ค่าเริ่มต้น: วันนี้) ข้อความที่เคยส่งแล้วจะไม่ส่งซ้ำ "
        "ใช้ --as-of เพื่อส่งย้อนหลังหลังระบบหยุดทำงาน หรือตรวจตารางการเตือน"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", type=_date, default=None, help="วันที่ (YYYY-MM-DD ปีคริสต์ศักราช)")

    def handle(self, *args: Any, as_of: datetime.date | None = None, **options: Any) -> None:
        lines = run(as_of, out=self.stdout.write)
        self.stdout.write(f"total {len(lines)}")
