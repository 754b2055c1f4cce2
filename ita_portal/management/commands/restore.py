"""manage.py restore ARCHIVE [--yes] — put back the database and MEDIA_ROOT from `manage.py backup`."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from ita_portal.backup import COUNT_LABELS, BackupError, restore_apply, restore_discard, restore_prepare


class Command(BaseCommand):
    help = (
        "กู้คืนฐานข้อมูลและไฟล์จากไฟล์สำรอง (แทนที่ข้อมูลปัจจุบันทั้งหมด) / "
        "Restore the database and media from a backup archive, replacing what is there."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", help="the .tar file written by manage.py backup")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
        parser.add_argument("--database", default="default", help="database alias (default: default)")
        parser.add_argument("--pg-bin", default=None, help="folder holding pg_restore and psql")

    def handle(self, *args: Any, **options: Any) -> None:
        alias = options["database"]
        started = time.monotonic()
        try:
            plan = restore_prepare(archive=Path(options["archive"]), alias=alias)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        manifest = plan.manifest
        target = connections[alias].settings_dict["NAME"]
        self.stdout.write(f"ไฟล์สำรองถูกต้องครบถ้วน / archive verified: {plan.archive}")
        self.stdout.write(f"  สร้างเมื่อ / created: {manifest['created_at']}")
        for key, count in manifest["counts"].items():
            self.stdout.write(f"  {COUNT_LABELS.get(key, key)}: {count}")
        self.stdout.write(
            f"จะแทนที่ฐานข้อมูล {manifest['database']['vendor']} '{target}' และไฟล์ทั้งหมดใน {settings.MEDIA_ROOT} / "
            "this replaces the database and every media file."
        )
        if not options["yes"]:
            try:
                answer = input("พิมพ์ yes เพื่อยืนยัน / type yes to go on: ")
            except EOFError:
                answer = ""
            if answer.strip().lower() != "yes":
                restore_discard(plan)
                raise CommandError("ยกเลิกแล้ว ไม่ได้เปลี่ยนแปลงข้อมูลใด ๆ / cancelled, nothing changed")
        try:
            restore_apply(plan, alias=alias, pg_bin=options["pg_bin"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"กู้คืนเสร็จแล้ว และปรับโครงสร้างฐานข้อมูลเป็นรุ่นปัจจุบันแล้ว (migrate) ใช้เวลา {time.monotonic() - started:.1f} วินาที / "
            "restored and migrated."
        )
        self.stdout.write("  เริ่มเว็บและ worker ใหม่ / restart the web and worker processes.")
