"""The progress report PDF (reports.documents, kind "progress"): snapshot, layouts, typography.

Rendered with the real WeasyPrint and read back with pypdf (tests/reports/pdf_helpers.py).
"""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import ValidationError

from measures.models import Measure, MeasurePlan, Progress
from reports.documents import KINDS, render_pdf
from tests.reports.pdf_helpers import (
    ARABIC,
    appears,
    assert_on_page,
    check_page_furniture,
    measure_rows,
    pages_text,
    squash,
)


def snapshot_for(agency, fiscal_year: int, round_: int, layout: str) -> dict:
    return KINDS["progress"].build_snapshot(agency=agency, fiscal_year=fiscal_year, round=round_, layout=layout)


@pytest.mark.django_db
def test_thungpho_12_month_report_seed000(demo):
    agency = demo["ทุ่งโพธิ์"]
    snapshot = snapshot_for(agency, 2566, 12, "seed000")
    assert json.loads(json.dumps(snapshot)) == snapshot  # JSON-serialisable as it is

    pdf = render_pdf("progress", snapshot)
    assert pdf.content.startswith(b"%PDF")
    pages = pages_text(pdf.content)
    assert pdf.pages == len(pages) > 1
    text = "".join(pages)

    # Cover (page 1).
    cover = pages[0]
    for expected in (
        "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        "ประจำปีงบประมาณพ.ศ.๒๕๖๖",
        "(รอบ๑๒เดือน)",
        "ระหว่างวันที่๑ตุลาคม๒๕๖๕–๓๐กันยายน๒๕๖๖",
        "องค์การบริหารส่วนตำบลทุ่งโพธิ์",
        "อำเภอจุฬารัตน์จังหวัดนครราชสีมา",
        "จัดทำโดยสำนักปลัดองค์การบริหารส่วนตำบลทุ่งโพธิ์",
    ):
        assert expected in cover, expected

    # Tool and indicator headings as in seed 000.
    headings = [line["text"] for line in snapshot["lines"] if line["type"] != "measure"]
    assert "๒.๑ มาตรการยกระดับการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)" in headings
    assert "๒.๒ มาตรการยกระดับการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)" in headings
    assert "๒.๓ มาตรการยกระดับการเปิดเผยข้อมูลสาธารณะ (OIT)" in headings
    assert "การปฏิบัติหน้าที่" in headings and "การเปิดเผยข้อมูล" in headings
    for heading in headings:
        assert squash(heading) in text, heading

    # Every measure with its number, and the round's results.
    rows = measure_rows(snapshot)
    assert len(rows) == Measure.objects.filter(plan__agency=agency, plan__fiscal_year=2566).count() == 10
    for row in rows:
        assert appears(f"{row['number_text']}. {row['title']}", pages), row["number"]
        assert appears(row["summary"], pages), row["number"]
    assert rows[0]["number_text"] == "๑"
    assert "ดำเนินการส่งเจ้าหน้าที่อบรมเกี่ยวกับการปฏิบัติงานและการให้บริการ" in text

    check_page_furniture(
        pages,
        snapshot,
        [
            "มาตรการ/แนวทาง",
            "ขั้นตอน/วิธีการปฏิบัติ",
            "หน่วยงานผู้รับผิดชอบ",
            "ระยะเวลาดำเนินการ",
            "สรุปผลดำเนินการ",
            "ผลลัพธ์/ความสำเร็จ",
        ],
    )


@pytest.mark.django_db
def test_khuankalong_report_seed002(demo):
    agency = demo["ควนกาหลง"]
    snapshot = snapshot_for(agency, 2564, 12, "seed002")
    pdf = render_pdf("progress", snapshot)
    pages = pages_text(pdf.content)
    assert "องค์การบริหารส่วนตำบลควนกาหลง" in pages[0]
    assert "อำเภอควนกาหลงจังหวัดสตูล" in pages[0]
    assert "ประจำปีงบประมาณพ.ศ.๒๕๖๔" in pages[0]
    assert "(รอบ๑๒เดือน)" in pages[0]
    # Seed 002's five columns and the round's status, no tool grouping.
    assert [c["label"] for c in snapshot["columns"]] == [
        "มาตรการ/แนวทาง",
        "วิธีดำเนินการ",
        "ระยะเวลาดำเนินการ",
        "ผู้รับผิดชอบ",
        "ผลการดำเนินการ",
        "สถานะ",
    ]
    assert {line["type"] for line in snapshot["lines"]} == {"measure"}
    rows = measure_rows(snapshot)
    assert len(rows) == 7
    for row in rows:
        assert appears(f"{row['number_text']}. {row['title']}", pages), row["number"]
        for paragraph in row["result"].splitlines():
            assert appears(paragraph, pages), row["number"]
    check_page_furniture(pages, snapshot, ["มาตรการ/แนวทาง", "วิธีดำเนินการ", "ผู้รับผิดชอบ", "ผลการดำเนินการ"])


@pytest.mark.django_db
def test_robwiang_report_seed004_with_indicator_summaries(demo):
    snapshot = snapshot_for(demo["รอบเวียง"], 2566, 12, "seed004")
    assert len(snapshot["columns"]) == 7
    # The main table holds the measures; the indicator follow-ups go to per-tool summaries.
    assert (
        len(measure_rows(snapshot))
        == Measure.objects.filter(
            plan__agency=demo["รอบเวียง"], plan__fiscal_year=2566, section=Measure.Section.MEASURE
        ).count()
    )
    groups = snapshot["followups"]
    assert [g["heading"] for g in groups] == [
        "สรุปการประเมิน IIT เพื่อยกระดับการประเมิน",
        "สรุปการประเมิน EIT เพื่อยกระดับการประเมิน",
        "สรุปการประเมิน OIT เพื่อยกระดับการประเมิน",
    ]
    first = groups[0]["rows"][0]
    assert (first["indicator"], first["score_text"]) == ("ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่", "คะแนน ๙๕.๑๗")
    assert groups[2]["rows"][0]["score_text"] == "คะแนน ๑๐๐"
    assert [s["checked"] for s in first["statuses"]] == [True, False, False]

    pages = pages_text(render_pdf("progress", snapshot).content)
    text = "".join(pages)
    for group in groups:
        assert squash(group["heading"]) in text
        for row in group["rows"]:
            assert appears(f"{row['indicator']} {row['score_text']}", pages), row["indicator"]
    assert "☑ดำเนินการแล้วเสร็จ" in text and "☐อยู่ระหว่างดำเนินการ" in text
    check_page_furniture(
        pages,
        snapshot,
        ["ลำดับ", "มาตรการ/กิจกรรม", "วิธีดำเนินการ"],
        ["ตัวชี้วัด", "แนวทางในการยกระดับการประเมิน", "ความก้าวหน้าผลการดำเนินการ"],
    )


SEED003_HEADERS = [
    "ประเด็นที่ต้องปรับปรุงแก้ไข/ ประเด็นที่ต้องพัฒนา",
    "ผู้รับผิดชอบ",
    "ขั้นตอนหรือวิธีการ/มาตรการ",
    "การรายงานผลและการกำกับติดตาม กำหนดเวลาแล้วเสร็จ",
    "การดำเนินการ",
]


@pytest.mark.django_db
def test_chanthapphet_6_month_report_seed003(demo):
    agency = demo["จันทบเพชร"]
    snapshot = snapshot_for(agency, 2566, 6, "seed003")
    assert json.loads(json.dumps(snapshot)) == snapshot
    assert [c["label"] for c in snapshot["columns"]] == SEED003_HEADERS
    # The cover as seed 003 words it.
    assert snapshot["title_lines"] == ["รายงานการดำเนินการตาม", "มาตรการส่งเสริมคุณธรรมและความโปร่งใส", "ภายในหน่วยงาน"]
    assert snapshot["fiscal_year_line"] == "ประจำปีงบประมาณ พ.ศ.๒๕๖๖ รอบ ๖ เดือน"
    assert snapshot["period_line"] == "(เดือนตุลาคม ๒๕๖๕ – มีนาคม ๒๕๖๖)"

    pages = pages_text(render_pdf("progress", snapshot).content)
    text = "".join(pages)
    assert_on_page(
        pages[0],
        "รายงานการดำเนินการตาม มาตรการส่งเสริมคุณธรรมและความโปร่งใส ภายในหน่วยงาน",
        "ประจำปีงบประมาณ พ.ศ.๒๕๖๖ รอบ ๖ เดือน (เดือนตุลาคม ๒๕๖๕ – มีนาคม ๒๕๖๖)",
        "เทศบาลตำบลจันทบเพชร อำเภอบ้านกรวด จังหวัดบุรีรัมย์",
    )
    assert "((" not in text
    assert appears(snapshot["heading"], pages) and appears(snapshot["subheading"], pages)

    # Grouped by tool, then indicator, as in seed 003.
    assert [line["text"] for line in snapshot["lines"] if line["type"] != "measure"] == [
        "เครื่องมือการประเมิน IIT",
        "ตัวชี้วัดที่ ๔ การใช้ทรัพย์สินของราชการ",
        "เครื่องมือการประเมิน OIT",
        "ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล",
        "ตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต",
    ]
    assert text.index("เครื่องมือการประเมินIIT") < text.index("i๒๐") < text.index("เครื่องมือการประเมินOIT")

    # Each row keyed by its item code and issue, with the round's result and status.
    rows = measure_rows(snapshot)
    assert len(rows) == 13
    assert [row["key_lines"][0]["code"] for row in rows][:3] == ["i๒๐", "O๑๑", "O๑๒"]
    for row in rows:
        (key,) = row["key_lines"]
        assert not ARABIC.search(key["code"])
        assert appears(f"{key['code']} {key['text']}", pages), row["number"]
        assert appears(row["steps"], pages), row["number"]
        assert appears(row["monitoring"], pages), row["number"]
        assert appears(f"{row['summary']} สถานะ: ดำเนินการแล้วเสร็จ", pages), row["number"]
    assert rows[1]["summary"] == "เดือนเมษายน 2566"  # typed digits stay as typed

    check_page_furniture(pages, snapshot, SEED003_HEADERS)


@pytest.mark.django_db
def test_seed003_prints_the_deadline_and_an_unreported_measure(demo):
    agency = demo["จันทบเพชร"]
    first = Measure.objects.get(plan__agency=agency, plan__fiscal_year=2566, number=1)
    first.period_start, first.period_end = datetime.date(2022, 10, 1), datetime.date(2023, 4, 30)
    first.save()
    Progress.objects.filter(measure=first).delete()

    snapshot = snapshot_for(agency, 2566, 6, "seed003")
    row = measure_rows(snapshot)[0]
    assert (row["period"], row["status_label"]) == ("ตุลาคม ๒๕๖๕ – เมษายน ๒๕๖๖", "ยังไม่ได้รายงานผล")
    pages = pages_text(render_pdf("progress", snapshot).content)
    assert appears(f"{row['monitoring']} ตุลาคม ๒๕๖๕ – เมษายน ๒๕๖๖ สถานะ: ยังไม่ได้รายงานผล", pages)


@pytest.mark.django_db
def test_a_version_1_snapshot_still_renders_its_old_heading(demo):
    snapshot = snapshot_for(demo["ควนกาหลง"], 2564, 12, "seed002")
    del snapshot["heading"], snapshot["subheading"]
    snapshot["version"] = 1
    pages = pages_text(render_pdf("progress", snapshot).content)
    assert (
        squash("รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ.๒๕๖๔ (รอบ ๑๒ เดือน)")
        in pages[1]
    )
    assert squash("องค์การบริหารส่วนตำบลควนกาหลง อำเภอควนกาหลง จังหวัดสตูล (ระหว่างวันที่") in pages[1]


@pytest.mark.django_db
def test_six_month_round_title_and_period(demo):
    snapshot = snapshot_for(demo["จันทบเพชร"], 2566, 6, "seed000")
    assert snapshot["round_line"] == "(รอบ ๖ เดือน)"
    assert snapshot["period_line"] == "ระหว่างวันที่ ๑ ตุลาคม ๒๕๖๕ – ๓๑ มีนาคม ๒๕๖๖"
    rows = measure_rows(snapshot)
    assert rows and any(row["summary"] for row in rows)  # seed 003 reports the 6-month round


@pytest.mark.django_db
def test_snapshot_is_frozen(demo):
    agency = demo["ทุ่งโพธิ์"]
    snapshot = json.loads(json.dumps(snapshot_for(agency, 2566, 12, "seed000")))
    first = Measure.objects.get(plan__agency=agency, plan__fiscal_year=2566, number=1)
    old_title = first.title
    first.title = "มาตรการที่แก้ไขภายหลังการออกรายงาน"
    first.save()
    Progress.objects.filter(measure=first).update(summary="ผลที่แก้ไขภายหลัง")

    pages = pages_text(render_pdf("progress", snapshot).content)
    text = "".join(pages)
    assert appears(old_title, pages)
    assert "แก้ไขภายหลัง" not in text
    fresh = snapshot_for(agency, 2566, 12, "seed000")
    assert measure_rows(fresh)[0]["title"] == "มาตรการที่แก้ไขภายหลังการออกรายงาน"


@pytest.mark.django_db
def test_year_without_plan_is_refused_in_thai(demo):
    agency = demo["ทุ่งโพธิ์"]
    assert not MeasurePlan.objects.filter(agency=agency, fiscal_year=2599).exists()
    with pytest.raises(ValidationError) as error:
        snapshot_for(agency, 2599, 12, "seed000")
    message = error.value.messages[0]
    assert "ไม่มีแผนมาตรการ" in message and "๒๕๙๙" in message
    assert not ARABIC.search(message)


@pytest.mark.django_db
def test_bad_round_and_layout_are_refused(demo):
    agency = demo["ทุ่งโพธิ์"]
    with pytest.raises(ValidationError):
        snapshot_for(agency, 2566, 9, "seed000")
    with pytest.raises(ValidationError):
        snapshot_for(agency, 2566, 12, "nope")


def test_registry():
    kind = KINDS["progress"]
    assert kind.needs_round
    assert kind.layout_keys == ["seed000", "seed002", "seed003", "seed004"]
    assert {"plan", "progress"} <= set(KINDS)


def test_abbreviations_are_kept_whole_in_the_body_only():
    from reports.documents.render import keep_whole

    html = "<head><title>พ.ศ.๒๕๖๖</title></head><body><td>ทางอบต.ฯ ประจำปี พ.ศ. ๒๕๖๖ &amp; ป.ป.ช.</td></body>"
    out = keep_whole(html)
    assert out.startswith("<head><title>พ.ศ.๒๕๖๖</title></head>")
    assert '<span class="nw">อบต.ฯ</span>' in out
    assert '<span class="nw">พ.ศ. ๒๕๖๖</span>' in out
    assert '<span class="nw">ป.ป.ช.</span>' in out
