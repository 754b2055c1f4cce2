import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from assessments.catalogue import ITEM_COLUMNS
from assessments.models import FrameworkVersion, Group, Indicator, Item, SubIndicator, Tool

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
    assert sorted(catalogue) == [2564, 2565, 2566, 2567]
    assert {y: f.items.count() for y, f in catalogue.items()} == {2564: 73, 2565: 44, 2566: 43, 2567: 5}
    assert catalogue[2567].is_complete is False
    o35 = {y: Item.objects.get(framework=f, code="O35").name_th for y, f in catalogue.items()}
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
    assert "ITA 2564: created, 73 items (+73)" in out.getvalue()
    assert "ITA 2564: up to date, 73 items (+0)" in out.getvalue()
