"""Word (.docx) copies of the generated documents and the memo, built from the PDF's own snapshot.

`build_docx(kind_key, snapshot) -> bytes`: the same content, order and tables as the PDF, in
TH SarabunPSK, for officials who edit in Word.  Kinds: analysis, plan, progress, oit, memo.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _builders() -> dict[str, Callable[[dict[str, Any]], bytes]]:
    from reports.docx import analysis, memo, oit, plan, progress

    return {
        "analysis": analysis.build,
        "plan": plan.build,
        "progress": progress.build,
        "oit": oit.build,
        "memo": memo.build,
    }


KINDS = ("analysis", "plan", "progress", "oit", "memo")


def build_docx(kind_key: str, snapshot: dict[str, Any]) -> bytes:
    """The document as .docx bytes; KeyError for a kind with no Word builder."""
    return _builders()[kind_key](snapshot)
