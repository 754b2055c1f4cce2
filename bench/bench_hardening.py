"""Before/after figures of the hostile review's files (issue 18), measured the way the tests measure them.

    .venv/bin/python bench/bench_hardening.py

For each crafted spreadsheet: its size, and the peak memory a web process gains reading it (a child
process that parses, less a child that only imports Django; resource.getrusage). Then the Garuda
images: what an upload costs and what is stored. Then a generated 50,000-row national sheet: the
preview's memory and time. The "before" figures are the review's (issue 18's text); they were
measured on the code before the fixes.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret")

import django

django.setup()

from django.core.exceptions import ValidationError  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from PIL import Image  # noqa: E402

from assessments.agency_settings import prepare_garuda  # noqa: E402
from tests.assessments.fixtures.imports_helpers import national_sheet  # noqa: E402
from tests.ita_portal import test_spreadsheet_bombs as bombs  # noqa: E402


def png(side: int) -> bytes:
    """A one-colour PNG `side` pixels square, written without holding the image (a few KB on disk)."""
    handle = io.BytesIO()
    Image.new("1", (side, side), 1).save(handle, "PNG")
    return handle.getvalue()


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    print("| file | size | web process growth reading it | answer |")
    print("|---|---|---|---|")
    files = [
        ("shared string of 200 MiB", bombs.shared_string_bomb),
        ("5,000 rows, one cell in column XFD each", bombs.wide_row_bomb),
        ("one row of 1.5 million cells", bombs.one_row_of_cells),
        ("2.2 million tiny shared strings", bombs.many_shared_strings),
        ("50,000-row national sheet", lambda: national_sheet(50_000)),
    ]
    for name, build in files:
        data = build()
        started = time.perf_counter()
        growth = bombs.parse_growth_kb(data, bombs.RESULTS_VARIANTS, tmp) // 1024
        seconds = time.perf_counter() - started
        try:
            bombs.read_rows(data, filename="f.xlsx", header_variants=bombs.RESULTS_VARIANTS)
            answer = "read"
        except bombs.ImportRefused as refused:
            answer = f"refused: {str(refused)[:60]}…"
        cost = f"+{growth:,} MB ({seconds:.1f} s with two child starts)"
        print(f"| {name} | {len(data) / 1024:,.0f} KB | {cost} | {answer} |")
    print()
    print("| Garuda upload | answer | stored | time |")
    print("|---|---|---|---|")
    for side in (4_000, 12_000, 20_000):
        upload = SimpleUploadedFile("garuda.png", png(side), content_type="image/png")
        started = time.perf_counter()
        try:
            suffix, content = prepare_garuda(upload)
            stored = Image.open(io.BytesIO(content.read()))
            answer, kept = "accepted", f"{suffix} {stored.width}×{stored.height} px"
        except ValidationError as refused:
            answer, kept = f"refused: {refused.messages[0]}", "nothing"
        print(f"| {side:,}×{side:,} PNG | {answer} | {kept} | {time.perf_counter() - started:.2f} s |")


if __name__ == "__main__":
    main()
