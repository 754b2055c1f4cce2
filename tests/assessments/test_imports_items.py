"""Importing one agency's OIT item table: seed 001's figures, people's typing, refusals, two phases."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import NoReverseMatch, reverse

from assessments.imports import items as items_module
from assessments.imports.items import item_table_import, item_table_parse
from assessments.models import Assessment, IndicatorScore, ItemResult
from assessments.scoring import assessment_scores
from tests.assessments.fixtures.imports_helpers import (
    ITEM_HEADER,
    SEED_001_CSV,
    SEED_001_XLSX,
    csv_bytes,
    seed_001,
    seed_001_item_rows,
    seed_001_survey_scores,
    table_counts,
    xlsx_bytes,
)
from tests.factories import AgencyFactory, AssessmentFactory, MembershipFactory


@pytest.fixture
def agency(catalogue, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return AgencyFactory(name="วังประจัน", district="ควนโดน", province="สตูล")


@pytest.fixture
def coordinator(agency, client):
    user = MembershipFactory(agency=agency, role="coordinator").user
    client.force_login(user)
    return user


def url(agency):
    return reverse("assessments:import_items", args=[agency.pk])


def upload(client, agency, name, data, *, year=2564, **fields):
    file = SimpleUploadedFile(name, data)
    return client.post(url(agency), {"fiscal_year": year, "file": file, **fields})


def survey_fields():
    return {f"indicator_{n}": str(v) for n, v in seed_001_survey_scores().items()}


def confirm(client, agency, response):
    token = response.context["token"]
    return client.post(url(agency), {"action": "confirm", "token": token})


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- seed 001 -----------------------------------------------------------------------------------


def test_seed_001_as_xlsx_with_survey_scores_typed_reproduces_every_published_figure(client, agency, coordinator):
    preview = upload(client, agency, "ผล OIT.xlsx", SEED_001_XLSX.read_bytes(), **survey_fields())

    assert preview.status_code == 200
    assert preview.context["preview"].errors == []
    assert preview.context["preview"].new == 43
    assert preview.context["preview"].scores.total == Decimal("81.86")
    assert not ItemResult.objects.exists(), "the preview writes nothing"

    done = confirm(client, agency, preview)

    assert done.status_code == 302
    assessment = Assessment.objects.get(agency=agency, fiscal_year=2564)
    sheet = assessment_scores(assessment)
    assert sheet.indicators[9] == Decimal("79.14")
    assert sheet.indicators[10] == Decimal("43.75")
    assert (assessment.score_oit, assessment.score_iit, assessment.score_eit) == (
        Decimal("61.45"),
        Decimal("96.09"),
        Decimal("94.83"),
    )
    assert assessment.score_total == Decimal("81.86")
    assert assessment.grade == "B"
    assert assessment.item_results.count() == 43
    page = client.get(done["Location"])
    assert "๘๑.๘๖" in page.content.decode()


def test_seed_001_as_csv_reproduces_the_figures_when_the_survey_scores_are_already_stored(agency):
    assessment = AssessmentFactory(agency=agency, fiscal_year=2564, framework=agency_framework(agency))
    indicators = {i.number: i for i in assessment.framework.indicators.all()}
    for number, score in seed_001_survey_scores().items():
        IndicatorScore.objects.create(assessment=assessment, indicator=indicators[number], score=score)

    preview = item_table_parse(
        data=SEED_001_CSV.read_bytes(),
        filename="seed_001_items.csv",
        agency=agency,
        framework=assessment.framework,
        indicator_scores={},
    )
    result = item_table_import(preview=preview, user=None)

    assert preview.errors == []
    assert preview.skipped_rows > 20, "sub-indicator and group headings and repeated headers are skipped"
    assert preview.missing_codes == []
    assert result.created is False
    assessment.refresh_from_db()
    assert (assessment.score_oit, assessment.score_total, assessment.grade) == (Decimal("61.45"), Decimal("81.86"), "B")


def agency_framework(agency):
    from assessments.models import FrameworkVersion

    return FrameworkVersion.objects.get(year=2564)


def test_the_reviewer_comments_are_split_into_decision_date_and_original_comment(client, agency, coordinator):
    confirm(client, agency, upload(client, agency, "seed.csv", SEED_001_CSV.read_bytes()))

    expected = {i["code"]: i for i in seed_001()["items"]}
    for result in ItemResult.objects.select_related("item"):
        item = expected[result.item.code]
        assert result.score == Decimal(item["score"])
        assert result.comment == item["comment"]
        assert result.decision == item["decision"]
        assert (result.decision_date.isoformat() if result.decision_date else None) == item["decision_date"]
    o2 = ItemResult.objects.get(item__code="O2")
    assert o2.decision_date == datetime.date(2021, 7, 12)
    assert o2.urls == [], "URLs are stored only from a URL column"


def test_reimporting_the_same_file_updates_in_place_and_never_duplicates(client, agency, coordinator):
    data = SEED_001_XLSX.read_bytes()
    confirm(client, agency, upload(client, agency, "seed.xlsx", data, **survey_fields()))
    before = table_counts()

    again = upload(client, agency, "seed.xlsx", data, **survey_fields())
    assert (again.context["preview"].new, again.context["preview"].unchanged) == (0, 43)
    confirm(client, agency, again)

    assert table_counts() == before
    assert Assessment.objects.get(agency=agency).score_total == Decimal("81.86")


def test_a_changed_score_on_reimport_is_updated_and_the_total_recomputed(client, agency, coordinator):
    rows = seed_001_item_rows()
    confirm(client, agency, upload(client, agency, "a.csv", csv_bytes(rows), **survey_fields()))
    rows[17][3] = "100.00"  # O17 E-Service now scored

    preview = upload(client, agency, "a.csv", csv_bytes(rows), **survey_fields())
    assert (preview.context["preview"].changed, preview.context["preview"].unchanged) == (1, 42)
    confirm(client, agency, preview)

    assert ItemResult.objects.get(item__code="O17").score == Decimal("100.00")
    assert ItemResult.objects.count() == 43
    assert Assessment.objects.get(agency=agency).score_oit > Decimal("61.45")


# --- what people type ---------------------------------------------------------------------------


def test_codes_and_scores_typed_with_thai_digits_and_stray_spaces_are_read(client, agency, coordinator):
    rows = [
        ["ตารางผลการตรวจ OIT"],
        ["หน่วยงาน: อบต.วังประจัน"],
        ["  ข้อ ", " ประเด็นการตรวจ", "ความคิดเห็น  ", " คะแนน "],
        ["0๑๑", "รายงานการกำกับติดตาม", "", "๑๐๐"],
        [" O๓๑ ", "ข้อมูลเชิงสถิติ", "", " 0.00 "],
        ["o 5", "ข้อมูลการติดต่อ", "", "100"],
    ]
    response = upload(client, agency, "typed.csv", csv_bytes(rows))

    preview = response.context["preview"]
    assert preview.errors == []
    assert [(r.item.code, r.score) for r in preview.rows] == [
        ("O11", Decimal("100.00")),
        ("O31", Decimal("0.00")),
        ("O5", Decimal("100.00")),
    ]
    assert len(preview.missing_codes) == 40, "a partial table is allowed and its missing items listed"
    assert "O1, O2" in response.content.decode()


def test_a_thai_windows_csv_is_read(client, agency, coordinator):
    rows = [ITEM_HEADER, ["O1", "โครงสร้าง", "ไม่มีแผนผัง", "0"]]
    response = upload(client, agency, "cp874.csv", csv_bytes(rows, encoding="cp874"))

    assert response.context["preview"].errors == []
    assert response.context["preview"].rows[0].comment == "ไม่มีแผนผัง"


def test_a_url_column_fills_the_item_urls(client, agency, coordinator):
    rows = [[*ITEM_HEADER, "URL"], ["O1", "โครงสร้าง", "", "100", "https://a.go.th/1 https://a.go.th/2"]]
    confirm(client, agency, upload(client, agency, "urls.xlsx", xlsx_bytes(rows)))

    assert ItemResult.objects.get().urls == ["https://a.go.th/1", "https://a.go.th/2"]


# --- errors: every one, by row and column, nothing written ---------------------------------------


def test_every_bad_row_is_reported_by_row_and_column_in_thai_and_nothing_is_written(client, agency, coordinator):
    rows = [
        [*ITEM_HEADER, "URL"],
        ["O1", "โครงสร้าง", "", "100", ""],  # row 2 fine
        ["O99", "ไม่มีข้อนี้", "", "100", ""],  # 3
        ["O2", "ข้อมูลผู้บริหาร", "", "50", ""],  # 4
        ["O3", "อำนาจหน้าที่", "", "เต็ม", ""],  # 5
        ["O1", "ซ้ำ", "", "0", ""],  # 6
        ["i5", "ข้อ IIT", "", "100", ""],  # 7
        ["O4", "แผน", "ปรับคะแนน 31/2/64 ----- เดิม", "100", ""],  # 8
        ["O5", "ติดต่อ", "", "100", "www.example.com"],  # 9
        ["X12", "รหัสผิด", "", "100", ""],  # 10
        ["O6", "กฎหมาย", "", "", ""],  # 11
    ]
    before = table_counts()

    response = upload(client, agency, "bad.xlsx", xlsx_bytes(rows))

    assert response.status_code == 200
    text = response.content.decode()
    errors = [str(e) for e in response.context["preview"].errors]
    assert len(errors) == 9
    for expected in [
        "แถวที่ 3 คอลัมน์ ข้อ: ไม่มีข้อ O99 ในกรอบการประเมินปี 2564",
        "แถวที่ 4 คอลัมน์ คะแนน: คะแนนรายข้อต้องเป็น 0 หรือ 100",
        "แถวที่ 5 คอลัมน์ คะแนน: “เต็ม” ไม่ใช่ตัวเลข",
        "แถวที่ 6 คอลัมน์ ข้อ: ข้อ O1 ซ้ำกับแถวที่ 2",
        "แถวที่ 7 คอลัมน์ ข้อ: ข้อ i5 เป็นข้อของแบบ IIT ไม่ใช่ OIT",
        "แถวที่ 8 คอลัมน์ ความคิดเห็น: วันที่พิจารณาคำชี้แจง “31/2/64” ไม่ใช่วันที่ที่ถูกต้อง",
        "แถวที่ 9 คอลัมน์ URL:",
        "แถวที่ 10 คอลัมน์ ข้อ: รหัสข้อ “X12” ไม่ถูกต้อง",
        "แถวที่ 11 คอลัมน์ คะแนน: ต้องระบุคะแนน",
    ]:
        assert any(e.startswith(expected) for e in errors), expected
        assert expected.split(":")[0] in text
    assert "token" not in response.context, "a file with errors cannot be confirmed"
    assert table_counts() == before


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("picture.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "ไม่ใช่ไฟล์ Excel"),
        ("report.pdf", b"%PDF-1.4\n%%EOF\n", "รองรับเฉพาะไฟล์ .xlsx หรือ .csv"),
        ("empty.csv", b"", "ไฟล์ว่างเปล่า"),
        ("blank.csv", b"   \n\n  ", "ไฟล์ว่างเปล่า"),
        ("binary.csv", bytes(range(256)) * 8, "อ่านไฟล์ไม่ได้"),
        ("noheader.csv", "ก,ข\n1,2\n".encode(), "ไม่พบแถวหัวตาราง"),
        ("headeronly.csv", "ข้อ,คะแนน\n".encode(), "ไม่มีข้อมูลใต้แถวหัวตาราง"),
        ("headings.csv", "ข้อ,คะแนน\nตัวชี้วัดย่อยที่ 9.1,\n".encode(), "ไม่พบแถวของข้อการประเมิน"),
    ],
)
def test_a_file_that_is_not_an_item_table_is_refused_in_thai(
    client, agency, coordinator, settings, name, data, message
):
    before = table_counts()

    response = upload(client, agency, name, data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert table_counts() == before
    assert not list(Path(settings.MEDIA_ROOT).glob("imports/*")), "a refused file is not kept"


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(client, agency, coordinator, monkeypatch):
    monkeypatch.setattr("assessments.imports.forms.MAX_BYTES", 1024)

    response = upload(client, agency, "big.csv", b"x" * 1025)

    assert response.status_code == 200
    assert "ไฟล์ใหญ่เกิน" in response.content.decode()


def test_the_real_size_limit_refuses_a_21_mb_file(client, agency, coordinator):
    response = upload(client, agency, "big.csv", b"O1,100\n" * (3 * 1024 * 1024))

    assert response.status_code == 200
    assert "ไฟล์ใหญ่เกิน 20 MB" in response.content.decode()


def test_survey_scores_out_of_range_are_refused_on_the_form(client, agency, coordinator):
    response = upload(client, agency, "seed.csv", SEED_001_CSV.read_bytes(), indicator_1="๑๐๑", indicator_2="abc")

    assert response.status_code == 200
    assert "คะแนน ๑๐๑ ต้องอยู่ระหว่าง 0 ถึง 100" in response.content.decode()
    assert "“abc” ไม่ใช่ตัวเลข" in response.content.decode()


# --- the two phases -----------------------------------------------------------------------------


def test_a_second_confirm_of_the_same_upload_does_not_import_twice(client, agency, coordinator):
    preview = upload(client, agency, "seed.csv", SEED_001_CSV.read_bytes())
    confirm(client, agency, preview)
    assessment = Assessment.objects.get(agency=agency)
    before = (table_counts(), assessment.version)

    again = client.post(url(agency), {"action": "confirm", "token": preview.context["token"]}, follow=True)

    assert again.status_code == 200
    assert "อาจนำเข้าไปแล้ว" in again.content.decode()
    assessment.refresh_from_db()
    assert (table_counts(), assessment.version) == before


def test_the_file_waits_in_media_imports_and_is_deleted_after_the_import(client, agency, coordinator, settings):
    preview = upload(client, agency, "seed.csv", SEED_001_CSV.read_bytes())
    waiting = list((Path(settings.MEDIA_ROOT) / "imports").iterdir())
    assert [p.name for p in waiting] == [preview.context["token"]]

    confirm(client, agency, preview)

    assert list((Path(settings.MEDIA_ROOT) / "imports").iterdir()) == []


def test_cancel_deletes_the_waiting_file_and_writes_nothing(client, agency, coordinator, settings):
    preview = upload(client, agency, "seed.csv", SEED_001_CSV.read_bytes())
    before = table_counts()

    response = client.post(url(agency), {"action": "cancel", "token": preview.context["token"]}, follow=True)

    assert "ยกเลิกการนำเข้าแล้ว" in response.content.decode()
    assert list((Path(settings.MEDIA_ROOT) / "imports").iterdir()) == []
    assert table_counts() == before


def test_a_token_of_another_session_cannot_be_confirmed(client, agency, coordinator, django_user_model):
    preview = upload(client, agency, "seed.csv", SEED_001_CSV.read_bytes())
    token = preview.context["token"]
    client.logout()
    client.force_login(MembershipFactory(agency=agency, role="coordinator").user)

    response = client.post(url(agency), {"action": "confirm", "token": token}, follow=True)

    assert "ไม่พบไฟล์ที่รอยืนยัน" in response.content.decode()
    assert not ItemResult.objects.exists()


def test_a_database_failure_during_the_write_rolls_everything_back(client, agency, coordinator, monkeypatch):
    preview = upload(client, agency, "seed.csv", SEED_001_CSV.read_bytes(), **survey_fields())
    before = table_counts()

    def fail(*, assessment):
        raise IntegrityError("simulated")

    monkeypatch.setattr(items_module, "assessment_recompute", fail)
    response = confirm(client, agency, preview)

    assert response.status_code == 200
    assert "ไม่มีข้อมูลใดถูกบันทึก" in response.content.decode()
    assert table_counts() == before


def test_the_result_page_links_to_the_analysis_when_it_exists_else_home(client, agency, coordinator):
    done = confirm(client, agency, upload(client, agency, "seed.csv", SEED_001_CSV.read_bytes()))

    page = client.get(done["Location"])

    assert page.status_code == 200
    try:
        target = reverse("assessments:analysis", args=[agency.pk, 2564])
    except NoReverseMatch:
        target = reverse("home")
    assert f'href="{target}"' in page.content.decode()


def test_english_headers_are_accepted_for_the_item_table(client, agency, coordinator):
    rows = [["Code", "Item", "Comment", "Score"], ["O1", "โครงสร้าง", "ok", "100"]]

    response = upload(client, agency, "en.csv", csv_bytes(rows))

    assert response.context["preview"].errors == []
    assert response.context["preview"].rows[0].comment == "ok"


def test_a_year_whose_catalogue_is_partial_is_flagged_in_the_preview(client, agency, coordinator):
    rows = [ITEM_HEADER, ["O1", "โครงสร้าง", "", "100"]]

    response = upload(client, agency, "partial.csv", csv_bytes(rows), year=2567)

    assert response.status_code == 200
    assert "รายการข้อของกรอบการประเมินปี ๒๕๖๗ ในระบบยังไม่ครบ" in response.content.decode()
