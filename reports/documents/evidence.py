"""A measure's evidence as the progress report prints it (the "แสดงลิงก์หลักฐาน" option).

Links and file names are printed as given: ASCII digits, never through the Thai-digit helpers.  A
link is never broken mid-URL: it sits on a line of its own (white-space: nowrap in the template) and,
when it is longer than its column holds, shows its host, "…" and its end, while the full URL stays
the PDF link's target.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from measures.models import Evidence

# The printed width of the table's landscape page (A4 29.7 cm less the 3 cm and 2 cm margins) and of one
# character of a link at the link's size (.evidence-url in _report_style.html), both in cm, with the
# cell's padding.
PAGE_WIDTH_CM = 24.7
LINK_CHAR_CM = 0.14
CELL_PADDING_CM = 0.4
MIN_LINK_CHARS = 16
MIN_TAIL_CHARS = 12
ELLIPSIS = "…"


def link_chars(column_width_percent: int) -> int:
    """How many characters of a link fit on one line of a column that wide."""
    usable = PAGE_WIDTH_CM * column_width_percent / 100 - CELL_PADDING_CM
    return max(MIN_LINK_CHARS, int(usable / LINK_CHAR_CM))


def short_url(url: str, limit: int) -> str:
    """`url` as printed in `limit` characters: whole if it fits, else its host, "…" and the end of its path.

    "https://www.robwiang.go.th/files/2566/ita/o35-report.pdf" at 36 → "www.robwiang.go.th…/o35-report.pdf";
    a narrow column drops the host's "www." and, if still short of room, shows the host's start.
    """
    if len(url) <= limit:
        return url
    host = urlsplit(url).netloc or url.split("/", 1)[0]
    rest = url[url.find(host) + len(host) :] if host and host in url else url
    for shown in (host, host.removeprefix("www.")):
        room = limit - len(shown) - len(ELLIPSIS)
        if room >= MIN_TAIL_CHARS:
            return f"{shown}{ELLIPSIS}{_tail(rest, room)}"
    head = (limit - len(ELLIPSIS)) // 2
    return f"{host.removeprefix('www.')[:head]}{ELLIPSIS}{_tail(rest, limit - len(ELLIPSIS) - head)}"


def _tail(path: str, room: int) -> str:
    """The last `room` characters of `path`, from a "/" when there is one, so whole segments show."""
    tail = path[-room:] if room > 0 else ""
    cut = tail.find("/")
    return tail[cut:] if 0 <= cut < len(tail) - 1 else tail


def evidence_items(evidence: list[Evidence], *, limit: int) -> list[dict[str, str]]:
    """The evidence of one progress row, oldest first: its description, link (full and shown) and file name."""
    items = []
    for item in sorted(evidence, key=lambda e: (e.created_at, e.pk)):
        file_name = item.original_name or (item.file.name.rsplit("/", 1)[-1] if item.file else "")
        items.append(
            {
                "title": item.title,
                "url": item.url,
                "url_display": short_url(item.url, limit) if item.url else "",
                "file_name": file_name,
            }
        )
    return items


def evidence_for(progress: Any, *, limit: int) -> list[dict[str, str]]:
    return evidence_items(list(progress.evidence.all()), limit=limit) if progress is not None else []
