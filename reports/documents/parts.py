"""Splitting a long table into parts that can be rendered apart (and in parallel) and joined.

A report of 20 or 40 measures stays one table.  A longer one is cut into parts of about
`PART_ROWS` measure rows; each part starts on a new page and repeats the table header, so
rendering them apart gives the same pages as rendering them together.  Headings (tool,
indicator) always go with the rows under them.
"""

from __future__ import annotations

import math
from typing import Any

# Up to this many measure rows, one table; beyond, parts of about PART_ROWS rows.
SINGLE_PART_ROWS = 60
PART_ROWS = 50


def table_parts(lines: list[dict[str, Any]], *, measure_type: str = "measure") -> list[list[dict[str, Any]]]:
    """`lines` (headings and rows, in order) cut into parts of whole rows; [lines] when short."""
    rows = sum(1 for line in lines if line.get("type") == measure_type)
    if rows <= SINGLE_PART_ROWS:
        return [lines]
    size = math.ceil(rows / math.ceil(rows / PART_ROWS))
    parts: list[list[dict[str, Any]]] = [[]]
    count = 0
    for line in lines:
        if count >= size:
            parts.append([])
            count = 0
        parts[-1].append(line)
        if line.get("type") == measure_type:
            count += 1
    return parts
