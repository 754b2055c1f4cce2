"""Reading rendered PDFs back in tests: pypdf text per page, squashed, and the checks every document shares.

Extracted text is compared after removing whitespace (pypdf puts raised marks and line ends
anywhere) and NFC normalisation.
"""

from __future__ import annotations

import io
import itertools
import re
import unicodedata
from collections.abc import Callable

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


def landscape_page_number(number: int, total: int) -> str:
    """The landscape pages' footer, squashed: หน้า๒จาก๕."""
    return f"หน้า{thai.thai_digits(number)}จาก{thai.thai_digits(total)}"


def portrait_page_number(number: int, total: int) -> str:
    """The portrait pages' footer, squashed: -๒-."""
    return f"-{thai.thai_digits(number)}-"


def check_page_furniture(
    pages: list[str],
    snapshot: dict,
    headers: list[str],
    *alternatives: list[str],
    page_number: Callable[[int, int], str] = landscape_page_number,
) -> None:
    """Thai page numbers; every table page starts with a header (`headers` or one of `alternatives`,
    for documents with several tables); Thai digits in everything generated."""
    total = len(pages)
    assert total > 1
    for number, text in enumerate(pages[1:], start=2):
        # Page numbers in Thai digits, never Arabic.
        assert page_number(number, total) in text, number
        assert not re.search(r"หน้า[0-9]|จาก[0-9]|-[0-9]+-", text)
        # The table header repeats on every table page.
        assert any(all(squash(h) in text for h in header_set) for header_set in (headers, *alternatives)), number
    # The cover is all generated text: Thai digits only.
    assert not ARABIC.search(pages[0])
    for key in ("fiscal_year_line", "round_line", "period_line"):
        assert not ARABIC.search(snapshot[key])
    assert all(not ARABIC.search(row["number_text"]) for row in measure_rows(snapshot))


def measure_rows(snapshot: dict) -> list[dict]:
    return [line for line in snapshot["lines"] if line["type"] == "measure"]
