"""Writes: versions refuse stale saves, every change is in the history, evidence is checked by content."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from measures.models import Evidence, History, Progress, Round
from measures.services import EditConflict, MeasureData, ProgressData, measure_create, measure_update, progress_save
from tests.factories import DepartmentFactory, MeasureFactory, PlanFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="report.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_a_new_measure_gets_the_next_number_and_a_creation_entry(db):
    plan = PlanFactory()
    MeasureFactory(plan=plan, number=4)
    user = UserFactory()

    measure = measure_create(plan=plan, user=user, data=MeasureData(title="มาตรการใหม่"))

    assert measure.number == 5
    assert measure.history.get().action == History.Action.CREATED


def test_linking_an_item_also_links_its_indicator(catalogue):
    framework = catalogue[2565]
    plan = PlanFactory(framework=framework)
    o11 = framework.items.get(code="O11")

    measure = measure_create(plan=plan, user=UserFactory(), data=MeasureData(title="ก", items=[o11]))

    assert list(measure.indicators.values_list("number", flat=True)) == [9]


def test_an_update_records_old_and_new_values(db):
    measure = MeasureFactory(title="เดิม")
    department = DepartmentFactory(agency=measure.plan.agency, name="กองคลัง")
    user = UserFactory()

    measure_update(
        measure=measure, user=user, data=MeasureData(title="ใหม่", departments=[department]), expected_version=1
    )

    measure.refresh_from_db()
    assert (measure.title, measure.version, measure.updated_by) == ("ใหม่", 2, user)
    changes = {c["field"]: (c["old"], c["new"]) for c in measure.history.get().changes}
    assert changes["title"] == ("เดิม", "ใหม่")
    assert changes["departments"] == ("", "กองคลัง")


def test_the_second_of_two_editors_is_refused_and_told_what_differs(db):
    measure = MeasureFactory(title="เดิม")
    first, second = UserFactory(first_name="สมศรี", last_name="ก"), UserFactory()
    measure_update(measure=measure, user=first, data=MeasureData(title="ของคนแรก"), expected_version=1)

    with pytest.raises(EditConflict) as conflict:
        measure_update(measure=measure, user=second, data=MeasureData(title="ของคนที่สอง"), expected_version=1)

    measure.refresh_from_db()
    assert measure.title == "ของคนแรก"
    assert conflict.value.by == "สมศรี ก"
    assert conflict.value.version == 2
    assert [(d.label, d.old, d.new) for d in conflict.value.differences if d.field == "title"] == [
        ("มาตรการ / แนวทาง", "ของคนแรก", "ของคนที่สอง")
    ]
    assert "สมศรี ก บันทึกรายการนี้" in conflict.value.message


def test_progress_is_created_then_updated_with_history(db):
    measure = MeasureFactory()
    user = UserFactory()

    progress = progress_save(
        measure=measure,
        round=Round.SIX_MONTH,
        user=user,
        data=ProgressData(status="in_progress", summary="เริ่มแล้ว"),
        expected_version=0,
    )
    progress = progress_save(
        measure=measure,
        round=Round.SIX_MONTH,
        user=user,
        data=ProgressData(status="done", summary="เสร็จแล้ว"),
        expected_version=progress.version,
    )

    assert (progress.status, progress.version, progress.updated_by) == ("done", 2, user)
    latest = measure.history.filter(action=History.Action.PROGRESS).first()
    assert {c["field"]: c["new"] for c in latest.changes} == {"status": "ดำเนินการแล้วเสร็จ", "summary": "เสร็จแล้ว"}
    assert latest.round == Round.SIX_MONTH


def test_two_first_reports_of_the_same_round_do_not_both_win(db):
    measure = MeasureFactory()
    progress_save(measure=measure, round=12, user=UserFactory(), data=ProgressData(status="done"), expected_version=0)

    with pytest.raises(EditConflict) as conflict:
        progress_save(
            measure=measure, round=12, user=UserFactory(), data=ProgressData(status="not_started"), expected_version=0
        )

    assert Progress.objects.get(measure=measure, round=12).status == "done"
    assert [(d.old, d.new) for d in conflict.value.differences] == [("ดำเนินการแล้วเสร็จ", "ยังไม่ได้ดำเนินการ")]


def test_evidence_urls_and_files_are_stored_and_removed(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    measure = MeasureFactory()
    user = UserFactory()
    progress = progress_save(
        measure=measure,
        round=6,
        user=user,
        expected_version=0,
        data=ProgressData(status="done", add_urls=["https://www.example.go.th/o43"], add_files=[pdf("รายงาน.pdf")]),
    )
    stored = progress.evidence.get(url="")
    assert (stored.original_name, stored.content_type, stored.size) == ("รายงาน.pdf", "application/pdf", len(PDF))
    assert (tmp_path / stored.file.name).read_bytes() == PDF
    assert str(measure.plan.agency_id) in stored.file.name

    progress_save(
        measure=measure,
        round=6,
        user=user,
        expected_version=progress.version,
        data=ProgressData(status="done", remove_evidence=[stored.pk]),
    )

    assert list(Evidence.objects.values_list("url", flat=True)) == ["https://www.example.go.th/o43"]
    removed = measure.history.first().changes
    assert removed == [{"field": "evidence", "label": "หลักฐาน", "old": "รายงาน.pdf", "new": ""}]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.pdf", b"<html><script>alert(1)</script></html>", "ไม่ใช่ชนิดที่รับ"),
        ("empty.pdf", b"", "ว่างเปล่า"),
        ("x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "ไม่ใช่ชนิดที่รับ"),
    ],
)
def test_files_are_checked_by_content_not_by_name(db, name, content, message):
    measure = MeasureFactory()
    with pytest.raises(ValidationError, match=message):
        progress_save(
            measure=measure,
            round=6,
            user=UserFactory(),
            expected_version=0,
            data=ProgressData(status="done", add_files=[SimpleUploadedFile(name, content)]),
        )
    assert not Progress.objects.exists()  # nothing half-written


def test_a_file_over_the_limit_is_refused(db, monkeypatch):
    monkeypatch.setattr("measures.evidence.MAX_EVIDENCE_BYTES", 10)
    with pytest.raises(ValidationError, match="เกินกำหนด"):
        from measures.evidence import validate_evidence_file

        validate_evidence_file(pdf())


def test_office_files_are_recognised_inside_their_zip(db):
    import zipfile

    from measures.evidence import XLSX, validate_evidence_file

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert validate_evidence_file(SimpleUploadedFile("a.xlsx", buffer.getvalue())) == XLSX
