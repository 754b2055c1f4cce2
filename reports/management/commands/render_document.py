"""Render one document to a file from the command line, synchronously (no broker, nothing stored)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessments.models import Agency
from reports import services


class Command(BaseCommand):
    help = "สร้างเอกสาร PDF ของหน่วยงานลงไฟล์ / Render an agency's document to a PDF file"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", required=True, help="agency id or name (ชื่อหรือรหัสหน่วยงาน)")
        parser.add_argument("--kind", required=True, help="analysis | plan | progress")
        parser.add_argument("--fiscal-year", required=True, type=int, help="Buddhist-Era fiscal year, e.g. 2567")
        parser.add_argument("--round", choices=sorted(services.ROUNDS), help="h1 = 6 months, fy = 12 months")
        parser.add_argument("--layout", default="", help="one of the kind's layouts (default: its first)")
        parser.add_argument("--out", required=True, type=Path, help="output PDF file")

    def handle(self, *args: Any, **options: Any) -> None:
        agency = self._agency(options["agency"])
        kinds = services.document_kinds()
        if options["kind"] not in kinds:
            known = ", ".join(sorted(kinds)) or "—"
            raise CommandError(f"ไม่รู้จักชนิดเอกสาร / unknown kind “{options['kind']}” (มี / known: {known})")
        round_ = services.ROUNDS[options["round"]] if options["round"] else None
        try:
            kind, round_, _layout, snapshot = services.document_build(
                agency=agency,
                kind=options["kind"],
                fiscal_year=options["fiscal_year"],
                round=round_,
                layout=options["layout"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        started = time.monotonic()
        rendered = services._render(kind, snapshot)
        seconds = time.monotonic() - started
        out: Path = options["out"]
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(rendered.content)
        self.stdout.write(f"{out} pages={rendered.pages} seconds={seconds:.2f}")

    def _agency(self, value: str) -> Agency:
        if value.isdigit():
            agency = Agency.objects.filter(pk=int(value)).first()
        else:
            matches = list(Agency.objects.filter(name=value)[:2])
            if len(matches) > 1:
                raise CommandError(f"มีหน่วยงานชื่อ “{value}” มากกว่าหนึ่งแห่ง ให้ใช้รหัส / ambiguous name, use the id")
            agency = matches[0] if matches else None
        if agency is None:
            raise CommandError(f"ไม่พบหน่วยงาน / unknown agency “{value}”")
        return agency
