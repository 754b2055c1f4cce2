"""Word documents in tests: LibreOffice headless turns them into PDFs, and their text is compared
with the text of the PDF the portal renders from the same snapshot.

Text is read with `pdftotext -raw` (content-stream order: it keeps Thai marks with their base
letters, where pypdf and pdftotext's layout mode misplace the marks of LibreOffice's Thai font)
and compared with all whitespace removed.  Pages differ between the two renderers (other fonts,
other sizes), so the page furniture is set aside on both sides alike:

* the page-number stamps ("- ๒ -": at the end of a portal PDF page, at the start of a Word page);
* the table header rows, which repeat on every page a table reaches (their count depends on the
  pagination; that they are there and marked to repeat is checked on the .docx itself);
* a table row cut by a page break, which a PDF reader gives cell by cell on each page: it is put
  back together from the .docx's own cells.

Nothing else is ignored: every other character, in order, must be the same.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import unicodedata
from collections import Counter
from pathlib import Path

from django.conf import settings
from docx import Document

SOFFICE_TIMEOUT = 240
STAMP = re.compile(r"^-[๐-๙0-9]+-|-[๐-๙0-9]+-$")
# The repo's fontconfig alias: LibreOffice draws "TH SarabunPSK" with TLWG Laksaman (same metrics).
FONTCONFIG_DIR = Path(settings.BASE_DIR) / "docs" / "deploy" / "fontconfig"


def squash(text: str) -> str:
    """Whitespace removed, and list bullets: WeasyPrint writes a list's "•" markers after its items,
    LibreOffice a private-use bullet (U+F0B7) before each."""
    return re.sub(r"[\s•\ue000-\uf8ff]+", "", unicodedata.normalize("NFC", text))


def soffice() -> str:
    """The LibreOffice binary; a clear failure (not a skip) when it is not installed."""
    path = shutil.which("soffice") or shutil.which("libreoffice")
    assert path, "LibreOffice is missing: run `bash .ci/system-deps.sh libreoffice-writer-nogui fonts-tlwg-laksaman`"
    return path


def fontconfig_env(tmp: Path) -> dict[str, str]:
    """The environment for soffice: the system's fonts plus the repo's TH SarabunPSK alias."""
    config = tmp / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <include>{FONTCONFIG_DIR / 'th-sarabun.conf'}</include>\n"
        f"  <cachedir>{tmp / 'fontcache'}</cachedir>\n"
        "</fontconfig>\n"
    )
    return {**os.environ, "FONTCONFIG_FILE": str(config), "HOME": str(tmp)}


def convert(documents: dict[str, bytes], tmp: Path) -> dict[str, bytes]:
    """Every .docx to PDF in one LibreOffice run (a private profile, so parallel runs don't clash)."""
    source = tmp / "docx"
    source.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, content in documents.items():
        path = source / f"{name}.docx"
        path.write_bytes(content)
        paths.append(str(path))
    out = tmp / "pdf"
    command = [
        soffice(),
        f"-env:UserInstallation={(tmp / 'lo-profile').as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out),
        *paths,
    ]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=SOFFICE_TIMEOUT, env=fontconfig_env(tmp), check=False
    )
    converted = {name: out / f"{name}.pdf" for name in documents}
    missing = [name for name, path in converted.items() if not path.exists()]
    assert not missing, f"LibreOffice did not convert {missing}: {result.stdout} {result.stderr}"
    return {name: path.read_bytes() for name, path in converted.items()}


def pdf_pages(content: bytes) -> list[str]:
    """Each page's text, squashed, page-number stamp removed."""
    result = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True, timeout=120
    )
    pages = result.stdout.decode("utf-8").split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [STAMP.sub("", squash(page)) for page in pages]


def docx_tables(content: bytes) -> tuple[list[str], list[list[str]]]:
    """(header rows, body rows as lists of cell texts) of every table in the .docx, squashed."""
    document = Document(io.BytesIO(content))
    headers, rows = set(), []
    for table in document.tables:
        for row in table.rows:
            cells = []
            seen = set()
            for cell in row.cells:  # a merged cell is listed once per column it spans
                if id(cell._tc) not in seen:
                    seen.add(id(cell._tc))
                    cells.append(squash(cell.text))
            if (
                row._tr.trPr is not None
                and row._tr.trPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader")
                is not None
            ):
                headers.add("".join(cells))
            else:
                rows.append(cells)
    return sorted(headers, key=len, reverse=True), rows


def logical_text(pages: list[str], headers: list[str], rows: list[list[str]]) -> str:
    """The pages' text joined as if there were no page breaks (see the module docstring).

    A row cut by a page break is read as each cell's first part, then (next page) each cell's
    rest: a stretch of text as long as the whole row, with the same letters, which is put back
    as the row's cells one after the other.
    """
    text = "".join(pages)
    for header in headers:
        text = text.replace(header, "")
    cursor = 0
    for cells in rows:
        whole = "".join(cells)
        if not whole:
            continue
        found = text.find(whole, cursor)
        if found >= 0:
            cursor = found + len(whole)
            continue
        # The row starts with the first lines of its cells, but a cell whose text does not break
        # (a short one) may go whole to the next page: start from any cell's beginning.
        wanted = Counter(whole)
        starts = sorted({at for cell in cells if cell for at in _positions(text, cell[:4], cursor)})
        for start in starts:
            if Counter(text[start : start + len(whole)]) == wanted:
                text = text[:start] + whole + text[start + len(whole) :]
                cursor = start + len(whole)
                break
    return text


def _positions(text: str, probe: str, start: int, limit: int = 50) -> list[int]:
    found = []
    at = text.find(probe, start)
    while at >= 0 and len(found) < limit:
        found.append(at)
        at = text.find(probe, at + 1)
    return found


def first_difference(left: str, right: str, context: int = 60) -> str:
    index = next((i for i, (a, b) in enumerate(zip(left, right, strict=False)) if a != b), min(len(left), len(right)))
    low, high = max(0, index - context), index + context
    return f"at {index}:\n  PDF : …{left[low:high]}\n  DOCX: …{right[low:high]}"
