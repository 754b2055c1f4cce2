"""A reviewer's comment cell split into appeal decision, decision date and original comment.

After the appeal window (ชี้แจงเพิ่มเติม) the NACC's system prints an item's
comment as ``<decision> 12/7/64 ----- <original comment>`` (seed 001); the
date is day/month/short Buddhist-Era year. A cell without that shape is the
original comment alone. Only a date followed by a dash line splits a cell,
so a comment that merely contains dashes or a date is kept whole.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from ita_portal.thai import BE_OFFSET, arabic_digits

_APPEAL = re.compile(
    r"^(?P<decision>.*?)\s*(?P<day>\d{1,2})\s*/\s*(?P<month>\d{1,2})\s*/\s*(?P<year>\d{2}|\d{4})\s*-{3,}\s*(?P<rest>.*)$",
    re.S,
)
_LEADING_DASHES = re.compile(r"^(?:-+\s*)+")


class CommentError(ValueError):
    """The comment has the appeal shape but its date is impossible; Thai message."""


@dataclass(frozen=True)
class SplitComment:
    decision: str
    decision_date: datetime.date | None
    comment: str


def split_comment(raw: str) -> SplitComment:
    """Decision, decision date and original comment of a comment cell.

    >>> split_comment("ได้รับการปรับคะแนน 12/7/64 ----- ไม่มีช่องทาง")
    SplitComment(decision='ได้รับการปรับคะแนน', decision_date=datetime.date(2021, 7, 12), comment='ไม่มีช่องทาง')
    """
    text = raw.strip()
    match = _APPEAL.match(text)
    if match is None:
        return SplitComment(decision="", decision_date=None, comment=text)
    day, month = int(arabic_digits(match["day"])), int(arabic_digits(match["month"]))
    year = int(arabic_digits(match["year"]))
    year_be = 2500 + year if year < 100 else year
    # Four digits below 2400 can only be a Christian-Era year (2021); the seeds use BE throughout.
    year_ce = year_be - BE_OFFSET if year_be >= 2400 else year_be
    try:
        decided = datetime.date(year_ce, month, day)
    except ValueError:
        raise CommentError(
            f"วันที่พิจารณาคำชี้แจง “{match['day']}/{match['month']}/{match['year']}” ไม่ใช่วันที่ที่ถูกต้อง "
            "(รูปแบบ วัน/เดือน/ปี พ.ศ. เช่น 12/7/64)"
        ) from None
    return SplitComment(
        decision=match["decision"].strip(),
        decision_date=decided,
        comment=_LEADING_DASHES.sub("", match["rest"]).strip(),
    )
