import dataclasses
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from assessments.catalogue import ITEM_COLUMNS, CatalogueError, catalogue_load, framework_diff, spec_from_framework
from assessments.models import Confidence, FrameworkVersion, Group, Indicator, Item, SubIndicator, Tool
from tests.factories import MeasureFactory, PlanFactory, UserFactory, scored_assessment

HEADER = ",".join([*ITEM_COLUMNS, "source", "confidence", "note"])


def counts():
    return (
        FrameworkVersion.objects.count(),
        Tool.objects.count(),
        Indicator.objects.count(),
        SubIndicator.objects.count(),
        Group.objects.count(),
        Item.objects.count(),
    )


def test_it_loads_every_bundled_year_with_its_items(catalogue):
    assert sorted(catalogue) == [2564, 2565, 2566, 2567, 2568, 2569]
    assert {y: f.items.count() for y, f in catalogue.items()} == {
        2564: 73,
        2565: 44,
        2566: 43,
        2567: 27,  # O1–O26 and O35; O27–O34 unknown
        2568: 26,
        2569: 26,
    }
    assert catalogue[2567].is_complete is False
    assert all(catalogue[y].is_complete for y in (2564, 2565, 2566, 2568, 2569))
    o35 = {y: Item.objects.get(framework=f, code="O35").name_th for y, f in catalogue.items() if y <= 2567}
    assert o35[2564] == "การมีส่วนร่วมของผู้บริหาร"
    assert o35[2567] == "การดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
    item = Item.objects.select_related("sub_indicator", "group", "indicator__tool").get(
        framework=catalogue[2564], code="O42"
    )
    assert (item.sub_indicator.code, item.indicator.number, item.indicator.tool.code) == ("10.2", 10, "OIT")
    assert item.confidence == "verified"
    weights = {t.code: t.weight for t in catalogue[2564].tools.all()}
    assert weights == {"IIT": 30, "EIT": 30, "OIT": 40}
    assert catalogue[2564].indicators.count() == 10


def test_loading_twice_creates_nothing_new(catalogue):
    before = counts()
    call_command("load_catalogue", verbosity=0)
    assert counts() == before


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8-sig")  # with a BOM, as Excel writes it
    return path


def test_a_new_year_loads_from_csv_with_codes_as_people_type_them(catalogue, tmp_path):
    path = write(
        tmp_path,
        "items_2570.csv",
        "\n".join(
            [
                "รายการข้อ ITA 2570 (ไฟล์ทดสอบ),,,,,,,,,",
                HEADER,
                "0๑,OIT,9,การเปิดเผยข้อมูล,9.1,ข้อมูลพื้นฐาน,โครงสร้างและอำนาจหน้าที่,test,candidate,",
                " O๒๖ ,OIT,10,การป้องกันการทุจริต,10.1,,รายงานผล,test,probable,",
                "i๒๐,IIT,4,การใช้ทรัพย์สินของราชการ,,,ขั้นตอนการขออนุญาต,test,verified,",
            ]
        ),
    )

    call_command("load_catalogue", year=2570, file=path, weights="IIT=25,EIT=25,OIT=50", verbosity=0)

    framework = FrameworkVersion.objects.get(year=2570)
    assert sorted(framework.items.values_list("code", flat=True)) == ["O1", "O26", "i20"]
    assert {t.code: t.weight for t in framework.tools.all()} == {"IIT": 25, "EIT": 25, "OIT": 50}
    assert framework.indicators.count() == 10  # EIT indicators come from the previous year
    assert framework.rating_rules == catalogue[2567].rating_rules


def test_a_new_year_loads_from_xlsx(catalogue, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["หัวเรื่องของไฟล์"])
    sheet.append([*ITEM_COLUMNS, "source", "confidence", "note"])
    sheet.append(["O1", "OIT", 9, "การเปิดเผยข้อมูล", "9.1", "ข้อมูลพื้นฐาน", "โครงสร้าง", "", "verified", ""])
    path = tmp_path / "items_2570.xlsx"
    book.save(path)

    call_command("load_catalogue", year=2570, file=path, verbosity=0)

    assert Item.objects.get(framework__year=2570, code="O1").name_th == "โครงสร้าง"


def test_a_malformed_file_loads_nothing_and_says_where_each_problem_is(catalogue, tmp_path):
    before = counts()
    path = write(
        tmp_path,
        "bad.csv",
        "\n".join(
            [
                HEADER,
                "O1,OIT,9,การเปิดเผยข้อมูล,9.1,ข้อมูลพื้นฐาน,โครงสร้าง,,verified,",
                "X9,OIT,9,การเปิดเผยข้อมูล,9.1,ข้อมูลพื้นฐาน,ผิด,,verified,",
                "O2,ABC,12,การเปิดเผยข้อมูล,9.1,ข้อมูลพื้นฐาน,ผิด,,maybe,",
                "O1,OIT,9,การเปิดเผยข้อมูล,9.1,ข้อมูลพื้นฐาน,ซ้ำ,,verified,",
            ]
        ),
    )

    with pytest.raises(CommandError) as error:
        call_command("load_catalogue", year=2570, file=path, verbosity=0)

    message = str(error.value)
    assert "ไม่ได้โหลดข้อมูลใดๆ" in message
    assert "แถวที่ 3 คอลัมน์ code" in message
    assert "แถวที่ 4 คอลัมน์ tool" in message
    assert "แถวที่ 4 คอลัมน์ indicator_no" in message
    assert "แถวที่ 5 คอลัมน์ code: รหัส O1 ซ้ำกับแถวที่ 2" in message
    assert counts() == before


def test_weights_that_do_not_add_up_to_100_load_nothing(catalogue, tmp_path):
    before = counts()
    path = write(tmp_path, "items.csv", HEADER + "\nO1,OIT,9,x,9.1,g,โครงสร้าง,,verified,\n")
    with pytest.raises(CommandError, match="เท่ากับ 100"):
        call_command("load_catalogue", year=2570, file=path, weights="IIT=30,EIT=30,OIT=30", verbosity=0)
    assert counts() == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "ไฟล์ว่างเปล่า"),
        ("picture.png", b"\x89PNG\r\n\x1a\n", "รองรับเฉพาะไฟล์ .csv หรือ .xlsx"),
        ("fake.xlsx", b"this is not a workbook", "ไม่ใช่ไฟล์ Excel"),
        ("noheader.csv", "ก,ข,ค\n1,2,3\n".encode(), "ไม่พบแถวหัวตาราง"),
    ],
)
def test_files_that_are_not_catalogues_are_refused_in_thai(catalogue, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("load_catalogue", year=2570, file=path, verbosity=0)
    assert not FrameworkVersion.objects.filter(year=2570).exists()


def test_a_new_year_needs_an_earlier_year_to_copy_settings_from(db, tmp_path):
    path = write(tmp_path, "items.csv", HEADER + "\nO1,OIT,9,x,9.1,g,โครงสร้าง,,verified,\n")
    with pytest.raises(CommandError, match="โหลดปีก่อนหน้าก่อน"):
        call_command("load_catalogue", year=2570, file=path, verbosity=0)


def test_the_command_reports_what_it_did(db):
    out = io.StringIO()
    call_command("load_catalogue", year=2564, stdout=out)
    call_command("load_catalogue", year=2564, stdout=out)
    assert "ITA 2564: created, 73 items (+73), revision 1" in out.getvalue()
    assert "ITA 2564: up to date, 73 items (+0), revision 1" in out.getvalue()


def test_every_item_of_2567_to_2569_keeps_its_confidence_source_and_note(catalogue):
    items = Item.objects.filter(framework__year__in=[2567, 2568, 2569])
    assert not items.filter(source="").exists()
    assert set(items.values_list("confidence", flat=True)) <= {"verified", "probable", "candidate"}
    o5 = Item.objects.get(framework__year=2567, code="O5")
    assert (o5.name_th, o5.confidence, o5.sub_indicator.code) == ("ข่าวประชาสัมพันธ์", "candidate", "9.1")
    assert "list A" in o5.note
    counts = {c: Item.objects.filter(framework__year=2568, confidence=c).count() for c in Confidence.values}
    # As in items_2568.csv (SOURCES.md summarises it as 8 / 12 / 6; the rows say 9 / 12 / 5).
    assert counts == {"verified": 9, "corroborated": 0, "probable": 12, "candidate": 5}
    assert Item.objects.get(framework__year=2569, code="O25").name_th == "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร"


def test_2566_onwards_rate_with_labels_and_earlier_years_with_letters(catalogue):
    schemes = {y: (f.rating_scheme, f.rating_confidence) for y, f in catalogue.items()}
    assert schemes[2564] == schemes[2565] == ("bands", "verified")
    assert schemes[2566] == schemes[2569] == ("labels", "candidate")
    assert catalogue[2568].rating_rules[1] == {"label": "ผ่านดี", "min_total": "85", "min_each_tool": "85"}


# --- corrections: diff first, then one revision -------------------------------------------------------


def corrected_2569(**changes):
    """The loaded 2569 as a spec, with one item renamed, one removed and the OIT weight changed."""
    spec = spec_from_framework(FrameworkVersion.objects.get(year=2569))
    rename, remove = changes.get("rename", "O25"), changes.get("remove", "O2")
    spec.items = [
        dataclasses.replace(row, item_name_th=f"{row.item_name_th} (ฉบับแก้ไข)") if row.code == rename else row
        for row in spec.items
        if row.code != remove
    ]
    spec.tools = [{**t, "weight": {"IIT": "25.00", "EIT": "30.00", "OIT": "45.00"}[t["code"]]} for t in spec.tools]
    return spec


def test_the_diff_shows_a_rename_a_removal_and_a_weight_change_before_anything_is_written(catalogue):
    framework = catalogue[2569]
    before = counts(), framework.revision, Item.objects.get(framework=framework, code="O25").name_th

    diff = framework_diff(framework, corrected_2569())

    assert [(c.code, c.after) for c in diff.renamed] == [("O25", "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร (ฉบับแก้ไข)")]
    assert [c.code for c in diff.removed] == ["O2"] and not diff.added and not diff.blocked
    assert [(c.code, c.before, c.after) for c in diff.settings] == [
        ("น้ำหนัก IIT", "30", "25"),
        ("น้ำหนัก OIT", "40", "45"),
    ]
    framework.refresh_from_db()
    assert (counts(), framework.revision, Item.objects.get(framework=framework, code="O25").name_th) == before


def test_removing_an_item_that_a_measure_uses_is_refused_with_the_reason_and_writes_nothing(catalogue):
    framework = catalogue[2569]
    o2 = Item.objects.get(framework=framework, code="O2")
    measure = MeasureFactory(plan=PlanFactory(fiscal_year=2570, framework=framework))
    measure.items.add(o2)
    before = counts(), framework.revision

    diff = framework_diff(framework, corrected_2569())
    assert [b.code for b in diff.blocked] == ["O2"]
    assert "ลบข้อ O2 ไม่ได้ เพราะมีมาตรการ 1 รายการอ้างถึงข้อนี้อยู่" in diff.blocked[0].reason

    with pytest.raises(CatalogueError, match="ลบข้อ O2 ไม่ได้"):
        catalogue_load(spec=corrected_2569(), source="test")
    framework.refresh_from_db()
    assert (counts(), framework.revision) == before
    assert measure.items.get() == o2


def test_a_confirmed_correction_is_a_new_revision_and_what_pointed_at_an_item_still_does(catalogue):
    framework = catalogue[2569]
    o25 = Item.objects.get(framework=framework, code="O25")
    measure = MeasureFactory(plan=PlanFactory(fiscal_year=2570, framework=framework))
    measure.items.add(o25)
    admin = UserFactory(is_staff=True)

    result = catalogue_load(spec=corrected_2569(), user=admin, source="ไฟล์ทดสอบ.csv", expected_revision=1)

    framework.refresh_from_db()
    assert (result.revision, framework.revision) == (2, 2)
    assert measure.items.get().pk == o25.pk
    assert measure.items.get().name_th.endswith("(ฉบับแก้ไข)")
    assert not framework.items.filter(code="O2").exists()
    assert {t.code: t.weight for t in framework.tools.all()}["OIT"] == 45
    revision = framework.revisions.get(number=2)
    assert (revision.created_by, revision.source) == (admin, "ไฟล์ทดสอบ.csv")
    assert "ลบข้อ O2 ข้อมูลผู้บริหาร" in revision.changes
    assert any(line.startswith("เปลี่ยนชื่อข้อ O25") for line in revision.changes)


def test_a_correction_made_from_an_older_revision_is_refused_instead_of_overwriting(catalogue):
    catalogue_load(spec=corrected_2569(remove="O3"), source="คนแรก", expected_revision=1)

    with pytest.raises(CatalogueError, match="ถูกแก้ไขไปแล้วโดยผู้อื่น"):
        catalogue_load(spec=corrected_2569(), source="คนที่สอง", expected_revision=1)
    assert Item.objects.filter(framework__year=2569, code="O2").exists()


def test_the_shipped_files_do_not_overwrite_a_year_an_administrator_corrected(catalogue):
    catalogue_load(spec=corrected_2569(), source="ผู้ดูแลระบบ", expected_revision=1)
    out = io.StringIO()

    call_command("load_catalogue", stdout=out)

    assert "ITA 2569: corrected by an administrator (revision 2), kept" in out.getvalue()
    assert not Item.objects.filter(framework__year=2569, code="O2").exists()


def test_a_weight_correction_scores_the_stored_results_again(catalogue, django_capture_on_commit_callbacks):
    items = {f"O{n}": "0" if n == 5 else "100" for n in range(1, 27)}
    indicators = {n: "90" for n in range(1, 9)}
    assessment = scored_assessment(framework=catalogue[2569], fiscal_year=2569, indicators=indicators, items=items)
    before = assessment.score_total
    assert before is not None

    with django_capture_on_commit_callbacks(execute=True):
        catalogue_load(spec=corrected_2569(remove=""), source="test")

    assessment.refresh_from_db()
    assert assessment.score_total != before
