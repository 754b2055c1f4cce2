"""What a printable document kind is: a snapshot builder plus a template, rendered by render.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Snapshot = dict[str, Any]


@dataclass(frozen=True)
class DocumentKind:
    """One kind of PDF document.

    `build_snapshot(*, agency, fiscal_year, round, layout)` freezes everything the template
    `templates/reports/pdf/<key>.html` needs into a JSON-serialisable dict, so a document can be
    re-rendered later exactly as it was, whatever happens to the measures afterwards.
    """

    key: str
    title: str
    layouts: list[tuple[str, str]] = field(default_factory=list)
    needs_round: bool = False
    build_snapshot: Callable[..., Snapshot] | None = None
    # Keyword options build_snapshot takes besides the four above (e.g. "evidence_links"); they go
    # into the snapshot, so a re-render shows what was chosen.
    options: tuple[str, ...] = ()

    @property
    def template_name(self) -> str:
        return f"reports/pdf/{self.key}.html"

    @property
    def layout_keys(self) -> list[str]:
        return [key for key, _ in self.layouts]
