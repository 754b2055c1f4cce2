"""Importing a results sheet (one row per agency): matching, creating when asked, updating, errors."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from assessments.imports.results import results_sheet_import, results_sheet_parse, split_agency_name, strip_place
from assessments.models import Agency, Assessment, FrameworkVersion, IndicatorScore
from tests.assessments.fixtures.imports_helpers import RESULTS_HEADER, csv_bytes, table_counts, xlsx_bytes
from tests.factories import UserFactory

URL = "/results/import/"
SEED_001_SCORES = ["97.53", "95.23", "97.57", "95.26", "94.88", "95.28", "95.12", "94.10", "79.14", "43.75"]


@pytest.fixture
def admin(demo, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user = UserFactory(username="sysadmin", is_staff=True)
    client.force_login(user)
    return user


def upload(client, name, data, *, year=2564, create_missing=False):
    fields = {"fiscal_year": year, "file": SimpleUploadedFile(name, data)}
    if create_missing:
        fields["create_missing"] = "on"
    return client.post(URL, fields)


def confirm(client, response, **extra):
    """Confirm the preview; the import runs as the worker would (inline: no broker in tests) once committed."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(URL, {"action": "confirm", "token": response.context["token"], **extra})


def sheet(*rows):
    return [["ผลการประเมิน ITA ประจำปี ๒๕๖๔ ทั้งจังหวัด"], [], RESULTS_HEADER, *rows]


def test_the_url_is_named():
    assert reverse("assessments:import_results") == URL


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("อบต.ทุ่งโพธิ์", ("sao", "ทุ่งโพธิ์")),
        ("องค์การบริหารส่วนตำบลทุ่งโพธิ์", ("sao", "ทุ่งโพธิ์")),
        ("อบต. ทุ่งโพธิ์", ("sao", "ทุ่งโพธิ์")),
        ("อบต ทุ่งโพธิ์", ("sao", "ทุ่งโพธิ์")),
        ("เทศบาลตำบลจันทบเพชร", ("tambon", "จันทบเพชร")),
        ("ทต.จันทบเพชร", ("tambon", "จันทบเพชร")),
        ("เทศบาลเมืองสตูล", ("mueang", "สตูล")),
        ("ทม.สตูล", ("mueang", "สตูล")),
        ("เทศบาลนครเชียงราย", ("nakhon", "เชียงราย")),
        ("ทน.เชียงราย", ("nakhon", "เชียงราย")),
    ],
)
def test_agency_names_are_split_into_type_and_bare_name(written, expected):
    assert split_agency_name(written) == expected


def test_a_name_without_a_type_is_refused_in_thai():
    with pytest.raises(ValueError, match="ไม่ได้ขึ้นต้นด้วยประเภทหน่วยงาน"):
        split_agency_name("ทุ่งโพธิ์")


def test_district_and_province_prefixes_are_stripped():
    assert strip_place("อ.ควนโดน", ("อำเภอ", "อ.")) == "ควนโดน"
    assert strip_place("อำเภอ ควนโดน", ("อำเภอ", "อ.")) == "ควนโดน"
    assert strip_place("จ.สตูล", ("จังหวัด", "จ.")) == "สตูล"
    assert strip_place(" จังหวัดสตูล ", ("จังหวัด", "จ.")) == "สตูล"


def test_existing_demo_agencies_are_matched_however_their_names_are_written(client, admin, demo):
    rows = sheet(
        ["องค์การบริหารส่วนตำบลวังประจัน", "อ.ควนโดน", "จ.สตูล", *SEED_001_SCORES, "96.09", "94.83", "61.45", "81.86"],
        ["อบต.ควนกาหลง", "อำเภอควนกาหลง", "จังหวัดสตูล", *["๘๗.๗"] * 10, "", "", "", ""],
        ["ทต.จันทบเพชร", "บ้านกรวด", "บุรีรัมย์", *["90"] * 10, "", "", "", ""],
    )
    before = Agency.objects.count()

    preview = upload(client, "satun.xlsx", xlsx_bytes(rows))

    assert preview.status_code == 200
    assert preview.context["preview"].errors == []
    assert [r.agency_id for r in preview.context["preview"].rows] == [
        demo["วังประจัน"].pk,
        demo["ควนกาหลง"].pk,
        demo["จันทบเพชร"].pk,
    ]
    assert (preview.context["preview"].updated_assessments, preview.context["preview"].new_assessments) == (1, 2)
    assert confirm(client, preview).status_code == 302
    assert Agency.objects.count() == before
    wangprachan = Assessment.objects.get(agency=demo["วังประจัน"], fiscal_year=2564)
    assert (wangprachan.score_total, wangprachan.grade, wangprachan.reported_total) == (
        Decimal("81.86"),
        "B",
        Decimal("81.86"),
    )
    khuankalong = Assessment.objects.get(agency=demo["ควนกาหลง"], fiscal_year=2564)
    assert khuankalong.score_total == Decimal("87.70"), "Thai digits (๘๗.๗) are read"
    assert khuankalong.indicator_scores.count() == 10


def test_unknown_agencies_are_errors_unless_creating_them_was_asked(client, admin):
    rows = sheet(["อบต.ใหม่เอี่ยม", "เมืองสตูล", "สตูล", *["80"] * 10, "", "", "", ""])
    before = table_counts()

    refused = upload(client, "new.csv", csv_bytes(rows))

    assert [str(e) for e in refused.context["preview"].errors] == [
        "แถวที่ 4 คอลัมน์ ชื่อหน่วยงาน: ไม่พบ อบต.ใหม่เอี่ยม อำเภอเมืองสตูล จังหวัดสตูล ในระบบ "
        "(เลือก “สร้างหน่วยงานที่ยังไม่มีในระบบ” เพื่อสร้างใหม่)"
    ]
    assert table_counts() == before

    asked = upload(client, "new.csv", csv_bytes(rows), create_missing=True)
    assert "อบต.ใหม่เอี่ยม อำเภอเมืองสตูล จังหวัดสตูล" in asked.content.decode()
    confirm(client, asked)

    created = Agency.objects.get(name="ใหม่เอี่ยม")
    assert (created.type, created.district, created.province) == ("sao", "เมืองสตูล", "สตูล")
    assert Assessment.objects.get(agency=created).score_total == Decimal("80.00")


def test_reimporting_the_same_sheet_updates_and_never_duplicates(client, admin):
    rows = sheet(
        ["อบต.หนึ่ง", "เมือง", "ตรัง", *["80"] * 10, "", "", "", ""],
        ["ทต.สอง", "เมือง", "ตรัง", *["90"] * 10, "", "", "", "90"],
    )
    confirm(client, upload(client, "trang.csv", csv_bytes(rows), create_missing=True))
    before = table_counts()

    rows[3][3] = "70"  # indicator 1 of อบต.หนึ่ง
    again = upload(client, "trang.csv", csv_bytes(rows), create_missing=True)
    assert (again.context["preview"].updated_assessments, len(again.context["preview"].new_agencies)) == (2, 0)
    confirm(client, again)

    assert table_counts() == before
    one = Assessment.objects.get(agency__name="หนึ่ง")
    assert one.indicator_scores.get(indicator__number=1).score == Decimal("70.00")
    assert one.score_total == Decimal("79.40")  # IIT (70 + 4 × 80) / 5 = 78; 78 × .3 + 80 × .3 + 80 × .4
    assert one.version == 2


def test_english_headers_and_bare_indicator_numbers_are_accepted(client, admin):
    header = ["Agency", "District", "Province", *[str(n) for n in range(1, 11)], "Total"]
    rows = [header, ["อบต.ทดลอง", "เมือง", "ตรัง", *["85"] * 10, "85"]]

    response = upload(client, "en.csv", csv_bytes(rows), create_missing=True)

    assert response.context["preview"].errors == []
    assert response.context["preview"].rows[0].reported == {"reported_total": Decimal("85.00")}


def test_every_bad_row_is_reported_by_row_and_column_and_nothing_is_written(client, admin):
    rows = sheet(
        ["อบต.วังประจัน", "ควนโดน", "สตูล", *SEED_001_SCORES, "", "", "", ""],  # row 4 fine
        ["วังประจัน", "ควนโดน", "สตูล", *SEED_001_SCORES, "", "", "", ""],  # 5 no type
        ["อบต.ควนกาหลง", "", "สตูล", *SEED_001_SCORES, "", "", "", ""],  # 6 no district
        ["อบต.ควนกาหลง", "ควนกาหลง", "สตูล", "101", *SEED_001_SCORES[1:], "", "", "", ""],  # 7
        ["ทต.จันทบเพชร", "บ้านกรวด", "บุรีรัมย์", *SEED_001_SCORES[:9], "abc", "", "", "", "87.777"],  # 8
        ["องค์การบริหารส่วนตำบลวังประจัน", "อ.ควนโดน", "จ.สตูล", *SEED_001_SCORES, "", "", "", ""],  # 9 dup of 4
    )
    before = table_counts()

    response = upload(client, "bad.xlsx", xlsx_bytes(rows))

    errors = [str(e) for e in response.context["preview"].errors]
    assert [e.split(":")[0] for e in errors] == [
        "แถวที่ 5 คอลัมน์ ชื่อหน่วยงาน",
        "แถวที่ 6 คอลัมน์ อำเภอ",
        "แถวที่ 7 คอลัมน์ ตัวชี้วัดที่ 1",
        "แถวที่ 8 คอลัมน์ ตัวชี้วัดที่ 10",
        "แถวที่ 8 คอลัมน์ คะแนนรวม",
        "แถวที่ 9 คอลัมน์ ชื่อหน่วยงาน",
    ]
    assert "ซ้ำกับแถวที่ 4" in errors[-1]
    assert "token" not in response.context
    assert table_counts() == before


def test_a_sheet_missing_indicator_columns_is_refused(client, admin):
    rows = [["ชื่อหน่วยงาน", "อำเภอ", "จังหวัด", "ตัวชี้วัดที่ 1", "ตัวชี้วัดที่ 2"], ["อบต.ก", "ข", "ค", "1", "2"]]

    response = upload(client, "short.csv", csv_bytes(rows))

    assert "ไม่พบคอลัมน์นี้ในแถวหัวตาราง" in response.content.decode()
    assert "ตัวชี้วัดที่ 3" in str(response.context["preview"].errors[0])


def test_confirm_parses_the_file_again_and_writes_nothing_if_the_data_changed(client, admin, demo):
    rows = sheet(["อบต.วังประจัน", "ควนโดน", "สตูล", *SEED_001_SCORES, "", "", "", ""])
    preview = upload(client, "a.csv", csv_bytes(rows))
    Agency.objects.filter(pk=demo["วังประจัน"].pk).update(name="วังประจันใหม่")  # renamed meanwhile
    before = table_counts()

    response = confirm(client, preview)

    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "ข้อมูลในระบบเปลี่ยนไปหลังการตรวจสอบ" in page
    assert "ไม่พบ อบต.วังประจัน" in page
    assert "ไม่มีข้อมูลใดถูกบันทึก" in page and "นำเข้าอีกครั้ง" in page
    assert table_counts() == before


def test_the_service_writes_in_bulk_with_a_bounded_number_of_queries(admin, django_assert_max_num_queries):
    framework = FrameworkVersion.objects.get(year=2564)
    rows = sheet(*[[f"อบต.ที่{n}", "เมือง", "น่าน", *["80"] * 10, "", "", "", ""] for n in range(300)])
    preview = results_sheet_parse(data=csv_bytes(rows), filename="nan.csv", framework=framework, create_missing=True)

    # A handful of reads, then writes in batches (SQLite caps a statement at 999 variables): not per row.
    with django_assert_max_num_queries(40):
        result = results_sheet_import(preview=preview, user=admin)

    assert (result.agencies_created, result.assessments_created) == (300, 300)
    assert IndicatorScore.objects.filter(assessment__agency__province="น่าน").count() == 3000
