"""The memo register's running number: an agency that starts mid-year sets its next number once.

Numbers (ที่ …/๑๒๗) run per agency and calendar year (พ.ศ.) in MemoCounter; memo_submit takes
`last + 1`.  An agency that kept a paper register until today sets the next number of this year's
register (e.g. ๑๒๗) once; never at or below a number the portal already issued, and never twice.
The counter row records who set it and when (its audit trail).
"""

from __future__ import annotations

import logging

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from assessments.models import Agency
from ita_portal import thai
from reports.memos.services import locked_counter, require_coordinator
from reports.models import Memo, MemoCounter

logger = logging.getLogger(__name__)

MAX_START = 999_999


def register_year() -> int:
    """This calendar year in พ.ศ. (Asia/Bangkok), the year of the numbers memo_submit gives today."""
    return thai.be_year(timezone.localdate().year)


def register_state(agency: Agency, year: int) -> tuple[MemoCounter | None, int]:
    """(the counter of that year, if any; the highest number issued in it, 0 if none)."""
    counter = MemoCounter.objects.filter(agency=agency, year=year).select_related("start_set_by").first()
    issued = Memo.objects.filter(agency=agency, number_year=year).aggregate(top=Max("number_seq"))["top"] or 0
    return counter, max(issued, counter.last if counter else 0)


def register_set_start(*, agency: Agency, user: AbstractBaseUser, year: int, next_number: int) -> MemoCounter:
    """Make `next_number` the next memo number of `year`; refused in Thai below an issued number or a second time."""
    require_coordinator(user, agency)
    if not 1 <= next_number <= MAX_START:
        raise ValidationError({"next_number": f"เลขถัดไปต้องอยู่ระหว่าง ๑ ถึง {thai.thai_digits(f'{MAX_START:,}')}"})
    with transaction.atomic():
        counter = locked_counter(agency, year)
        if counter.start_number is not None:
            raise ValidationError(
                f"ตั้งเลขเริ่มต้นของทะเบียนปี {thai.thai_digits(year)} ไปแล้ว "
                f"(เริ่มที่ {thai.thai_digits(counter.start_number)}) จึงตั้งซ้ำไม่ได้"
            )
        issued = Memo.objects.filter(agency=agency, number_year=year).aggregate(top=Max("number_seq"))["top"] or 0
        highest = max(issued, counter.last)
        if next_number <= highest:
            raise ValidationError(
                {
                    "next_number": f"ระบบออกเลขที่ไปแล้วถึง {thai.thai_digits(highest)} "
                    f"เลขถัดไปต้องมากกว่า {thai.thai_digits(highest)}"
                }
            )
        counter.last = next_number - 1
        counter.start_number = next_number
        counter.start_set_by = user
        counter.start_set_at = timezone.now()
        counter.save(update_fields=["last", "start_number", "start_set_by", "start_set_at"])
    logger.info(
        "memo register of agency %s, year %s: next number set to %s by user %s", agency.pk, year, next_number, user.pk
    )
    return counter
