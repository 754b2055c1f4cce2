"""Official titles of an agency's head and clerk, by agency type: data, in one place.

A เทศบาล's head is a นายกเทศมนตรี (not "นายกเทศบาล…"), named after the kind of municipality;
its clerk is the ปลัดเทศบาล.  An อบต.'s are นายกองค์การบริหารส่วนตำบล and ปลัดองค์การบริหารส่วนตำบล.
The full title adds the place: นายกเทศมนตรีตำบลรอบเวียง, ปลัดเทศบาลตำบลรอบเวียง,
นายกองค์การบริหารส่วนตำบลทุ่งโพธิ์.  Used by the memo's เรียน, the suggested approval chain and the demo data.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessments.models import Agency


@dataclass(frozen=True)
class Titles:
    head: str  # the head's title without the place, e.g. นายกเทศมนตรีตำบล
    clerk: str  # the clerk's position, e.g. ปลัดเทศบาล
    place: str  # what comes before the agency's name after the clerk's position, e.g. ตำบล


TITLES: dict[str, Titles] = {
    Agency.Type.SAO: Titles("นายกองค์การบริหารส่วนตำบล", "ปลัดองค์การบริหารส่วนตำบล", ""),
    Agency.Type.SUBDISTRICT_MUNICIPALITY: Titles("นายกเทศมนตรีตำบล", "ปลัดเทศบาล", "ตำบล"),
    Agency.Type.TOWN_MUNICIPALITY: Titles("นายกเทศมนตรีเมือง", "ปลัดเทศบาล", "เมือง"),
    Agency.Type.CITY_MUNICIPALITY: Titles("นายกเทศมนตรีนคร", "ปลัดเทศบาล", "นคร"),
}
# The head of the clerk's office, the first step of most memos (seed 000: หัวหน้าสำนักปลัด อบต.).
OFFICE_HEAD = "หัวหน้าสำนักปลัด"


def titles_for(agency: Agency) -> Titles:
    return TITLES[Agency.Type(agency.type)]


def head_title(agency: Agency) -> str:
    """The head's full title: นายกเทศมนตรีตำบลรอบเวียง, นายกองค์การบริหารส่วนตำบลทุ่งโพธิ์."""
    return f"{titles_for(agency).head}{agency.name}"


def clerk_title(agency: Agency) -> str:
    """The clerk's full title: ปลัดเทศบาลตำบลรอบเวียง, ปลัดองค์การบริหารส่วนตำบลทุ่งโพธิ์."""
    titles = titles_for(agency)
    return f"{titles.clerk}{titles.place}{agency.name}"


def office_head_title(agency: Agency) -> str:
    """หัวหน้าสำนักปลัดเทศบาลตำบลรอบเวียง, หัวหน้าสำนักปลัดองค์การบริหารส่วนตำบลทุ่งโพธิ์."""
    return f"หัวหน้าสำนัก{clerk_title(agency)}"
