"""Place names as stored: without the word the documents print before them.

Documents print "ตำบล{subdistrict} อำเภอ{district} จังหวัด{province}", so a stored "จังหวัดบุรีรัมย์" would
come out as "จังหวัดจังหวัดบุรีรัมย์". Agency.clean() and Agency.save() strip the prefix, as the results
import does for its sheets.
"""

from __future__ import annotations

PROVINCE_PREFIXES = ("จังหวัด", "จ.")
DISTRICT_PREFIXES = ("อำเภอ", "อ.")
SUBDISTRICT_PREFIXES = ("ตำบล", "ต.")


def strip_place(text: str, prefixes: tuple[str, ...]) -> str:
    """อำเภอควนโดน / อ.ควนโดน → ควนโดน; จังหวัดสตูล / จ.สตูล → สตูล."""
    cleaned = " ".join(text.split())
    for prefix in prefixes:
        if cleaned.startswith(prefix) and len(cleaned) > len(prefix):
            return cleaned[len(prefix) :].strip()
    return cleaned
