"""manage.py load_catalogue — load the bundled ITA catalogues, or a year from a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessments.catalogue import (
    CatalogueError,
    bundled_spec,
    bundled_years,
    catalogue_load,
    corrected_by_people,
    spec_from_file,
)
from assessments.models import FrameworkVersion
from ita_portal.spreadsheets import SpreadsheetError


class Command(BaseCommand):
    help = (
        "Load the ITA catalogues shipped in assessments/data (all years), or a year's items from CSV/XLSX. "
        "A year an administrator corrected in the browser is not overwritten by the shipped files."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, help="ITA year (พ.ศ.), e.g. 2568")
        parser.add_argument("--file", type=Path, help="CSV or XLSX with the columns of items_<year>.csv")
        parser.add_argument(
            "--weights", help="tool weights for a new year, e.g. IIT=30,EIT=30,OIT=40 (default: previous year's)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year, path = options["year"], options["file"]
        try:
            if path:
                if not year:
                    raise CommandError("--file needs --year")
                spec = spec_from_file(year=year, path=path, weights=_weights(options["weights"]))
                self._report(catalogue_load(spec=spec, source=f"ไฟล์ {path.name} (manage.py load_catalogue)"))
                return
            for each in [year] if year else bundled_years():
                loaded = FrameworkVersion.objects.filter(year=each).first()
                if loaded is not None and corrected_by_people(loaded):
                    self.stdout.write(f"ITA {each}: corrected by an administrator (revision {loaded.revision}), kept")
                    continue
                self._report(catalogue_load(spec=bundled_spec(each)))
        except (CatalogueError, SpreadsheetError) as exc:
            raise CommandError(f"ไม่ได้โหลดข้อมูลใดๆ:\n{exc}") from None
        except FileNotFoundError as exc:
            raise CommandError(f"ไม่พบไฟล์ {exc.filename}") from None

    def _report(self, result: Any) -> None:
        verb = "created" if result.created else "updated" if result.diff.changes_anything else "up to date"
        self.stdout.write(
            f"ITA {result.year}: {verb}, {result.items} items (+{result.items_added}), revision {result.revision}"
        )


def _weights(text: str | None) -> dict[str, str] | None:
    if not text:
        return None
    try:
        return {k.strip().upper(): v.strip() for k, v in (part.split("=") for part in text.split(","))}
    except ValueError:
        raise CommandError("--weights must look like IIT=30,EIT=30,OIT=40") from None
