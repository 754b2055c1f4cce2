"""Reading rendered PDFs back in tests: pypdf text per page, squashed, and the checks every document shares.

Extracted text is compared after removing whitespace (pypdf puts raised marks and line ends
anywhere) and NFC normalisation.
"""

from __future__ import annotations

import io
import itertools
import re
import unicodedata

from pypdf import PdfReader

from ita_portal import thai

ARABIC = re.compile(r"[0-9]")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


def pages_text(content: bytes) -> list[str]:
    return [squash(page.extract_text() or "") for page in PdfReader(io.BytesIO(content)).pages]


def appears(text: str, pages: list[str]) -> bool:
    """`text` (squashed) is on one page, or is a table cell split across two consecutive pages:
    a split row's cells are extracted cell by cell, so its start ends one page's cell and its end
    starts the same cell on the next page."""
    wanted = squash(text)
    if any(wanted in page for page in pages):
        return True
    return any(
        wanted[:cut] in first and wanted[cut:] in second
        for first, second in itertools.pairwise(pages)
        for cut in range(1, len(wanted))
    )


def assert_on_page(page: str, *texts: str) -> None:
    """Every text (squashed) is on the page; the message names the ones that are not."""
    missing = [text for text in texts if squash(text) not in page]
    assert not missing, missing


def page_number(number: int) -> str:
    """A page's number as extracted, squashed: -๒-.  It is stamped on last (reports/pdf/assemble.py),
    so it ends the page's text."""
    return f"-{thai.thai_digits(number)}-"


def check_page_furniture(pages: list[str], snapshot: dict, headers: list[str], *alternatives: list[str]) -> None:
    """Thai page numbers from page 2; every table page starts with a header (`headers` or one of
    `alternatives`, for documents with several tables); Thai digits in everything generated."""
    assert len(pages) > 1
    assert not re.search(r"-[๐-๙0-9]+-$", pages[0])  # the cover has no number
    for number, text in enumerate(pages[1:], start=2):
        # Page numbers in Thai digits, never Arabic.
        assert text.endswith(page_number(number)), number
        assert not re.search(r"-[0-9]+-", text)
        # The table header repeats on every table page.
        assert any(all(squash(h) in text for h in header_set) for header_set in (headers, *alternatives)), number
    # The cover is all generated text: Thai digits only.
    assert not ARABIC.search(pages[0])
    for key in ("fiscal_year_line", "round_line", "period_line"):
        assert not ARABIC.search(snapshot[key])
    assert all(not ARABIC.search(row["number_text"]) for row in measure_rows(snapshot))


def measure_rows(snapshot: dict) -> list[dict]:
    return [line for line in snapshot["lines"] if line["type"] == "measure"]
