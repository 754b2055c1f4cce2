"""manage.py backup --out DIR|FILE — one archive with the database, MEDIA_ROOT and a manifest (README, "Backup")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ita_portal.backup import COUNT_LABELS, BackupError, backup_create


class Command(BaseCommand):
    help = "สำรองฐานข้อมูลและไฟล์ทั้งหมด (MEDIA_ROOT) เป็นไฟล์เดียว / Back up the database and media into one archive."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--out", required=True, help="folder (the archive gets a dated name) or archive file name")
        parser.add_argument("--database", default="default", help="database alias (default: default)")
        parser.add_argument("--pg-bin", default=None, help="folder holding pg_dump, if not the one for the server")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup_create(out=Path(options["out"]), alias=options["database"], pg_bin=options["pg_bin"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        manifest = result.manifest
        media = [f for f in manifest["files"] if f["path"].startswith("media/")]
        size = result.path.stat().st_size
        self.stdout.write(f"สำรองข้อมูลเสร็จแล้ว / Backup written: {result.path}")
        self.stdout.write(f"  ขนาด / size: {size / 1_048_576:.1f} MB · เวลา / took: {result.seconds:.1f} s")
        self.stdout.write(
            f"  ฐานข้อมูล / database: {manifest['database']['vendor']} {manifest['database']['server_version']}"
        )
        self.stdout.write(f"  ไฟล์ / media files: {len(media)} ({sum(f['size'] for f in media) / 1_048_576:.1f} MB)")
        for key, count in manifest["counts"].items():
            self.stdout.write(f"  {COUNT_LABELS[key]}: {count}")
        if manifest["missing_media"]:
            self.stdout.write(
                self.style.WARNING(
                    f"  คำเตือน: ไฟล์ที่ฐานข้อมูลอ้างถึงแต่ไม่พบใน MEDIA_ROOT {len(manifest['missing_media'])} ไฟล์ / "
                    "warning: files named in the database but missing from MEDIA_ROOT:"
                )
            )
            for name in manifest["missing_media"][:20]:
                self.stdout.write(f"    {name}")
        for line in result.skipped:
            self.stdout.write(f"  ข้าม / skipped: {line}")
        self.stdout.write(
            "  กุญแจลงนาม (MEMO_SIGNING_KEY / MEMO_SIGNING_DIR) และ .env ไม่อยู่ในไฟล์นี้: สำรองแยกต่างหาก / "
            "the signing key and .env are not in the archive: back them up separately."
        )
