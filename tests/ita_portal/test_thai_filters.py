import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.template import Context, Template


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_filters_are_available_in_every_template_without_load():
    assert render("{{ v|thai_digits }}", v="ที่ 203") == "ที่ ๒๐๓"
    assert render("{{ v|thai_number }}", v=Decimal("79.14")) == "๗๙.๑๔"
    assert render("{{ v|thai_number:1 }}", v=Decimal("87.7")) == "๘๗.๗"
    assert render("{{ d|thai_month_year }}", d=datetime.date(2023, 9, 30)) == "กันยายน ๒๕๖๖"


def test_a_utc_timestamp_is_printed_on_its_bangkok_date():
    late_evening_utc = datetime.datetime(2024, 3, 28, 18, 30, tzinfo=ZoneInfo("UTC"))  # 01:30 on the 29th in Bangkok
    assert render("{{ t|thai_date }}", t=late_evening_utc) == "๒๙ มีนาคม ๒๕๖๗"
    assert render("{{ t|thai_datetime }}", t=late_evening_utc) == "๒๙ มีนาคม ๒๕๖๗ เวลา ๐๑.๓๐ น."
