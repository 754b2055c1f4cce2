"""Server-drawn SVG charts: valid XML, accessible, Thai text kept as text, the 85 line, cached."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache
from django.utils import timezone

from assessments import charts
from assessments.analysis import assessment_analysis
from assessments.models import Assessment

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def wangprachan(demo):
    assessment = Assessment.objects.select_related("agency", "framework").get(agency=demo["วังประจัน"])
    return assessment_analysis(assessment)


@pytest.fixture
def robwiang(demo):
    assessment = Assessment.objects.select_related("agency", "framework").get(agency=demo["รอบเวียง"], fiscal_year=2566)
    return assessment_analysis(assessment)


def ids(root: ET.Element) -> list[str]:
    return [element.get("id") for element in root.iter() if element.get("id")]


def texts(root: ET.Element) -> list[str]:
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def test_the_indicator_chart_is_an_accessible_svg_with_a_thai_title(wangprachan):
    root = ET.fromstring(charts.indicator_chart(wangprachan))

    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("width") is None  # scales with its container through the viewBox
    title = root.find(f"{SVG}title")
    assert title.text == "คะแนนรายตัวชี้วัด ITA ปีงบประมาณ พ.ศ. ๒๕๖๔ อบต.วังประจัน เทียบกับเกณฑ์ ๘๕ คะแนน"
    assert root.get("aria-labelledby") == f"{title.get('id')} {root.find(f'{SVG}desc').get('id')}"
    assert "ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล ๗๙.๑๔ คะแนน (จุดที่ต้องพัฒนา)" in root.find(f"{SVG}desc").text


def test_it_draws_ten_bars_coloured_by_strength_and_weakness(wangprachan):
    svg = charts.indicator_chart(wangprachan)
    root = ET.fromstring(svg)

    bars = [i for i in ids(root) if re.search(r"-bar-\d+$", i)]
    assert len(bars) == 10
    nine = next(e for e in root.iter() if (e.get("id") or "").endswith("-bar-9"))
    one = next(e for e in root.iter() if (e.get("id") or "").endswith("-bar-1"))
    assert charts.COLOURS["weakness"] in ET.tostring(nine, encoding="unicode")
    assert charts.COLOURS["strength"] in ET.tostring(one, encoding="unicode")


def test_the_pass_mark_is_a_dashed_line_labelled_in_thai(wangprachan):
    root = ET.fromstring(charts.indicator_chart(wangprachan))

    line = next(e for e in root.iter() if (e.get("id") or "").endswith("-pass-line"))
    assert "stroke-dasharray" in ET.tostring(line, encoding="unicode")
    assert "เกณฑ์ ๘๕" in texts(root)


def test_thai_text_stays_text_with_thai_digits(wangprachan):
    root = ET.fromstring(charts.indicator_chart(wangprachan))

    labels = texts(root)
    assert "๗๙.๑๔" in labels and "๔๓.๗๕" in labels
    assert "๑๐" in labels
    assert any("การเปิดเผย" in label for label in labels)
    assert "Sarabun" in ET.tostring(root.find(f".//{SVG}text"), encoding="unicode")
    assert not any(re.search(r"[0-9]", label) for label in labels)  # no Arabic digit anywhere


def test_a_missing_indicator_has_no_bar_but_says_so(robwiang):
    root = ET.fromstring(charts.indicator_chart(robwiang))

    assert len([i for i in ids(root) if re.search(r"-bar-\d+$", i)]) == 9
    assert any(i.endswith("-missing-3") for i in ids(root))
    assert "ไม่มี" in texts(root)


def test_the_tool_chart_has_three_bars_with_weights_and_grades(wangprachan):
    root = ET.fromstring(charts.tool_chart(wangprachan))

    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text.startswith("คะแนนรายเครื่องมือ ITA ปีงบประมาณ พ.ศ. ๒๕๖๔")
    assert sorted(i.rsplit("-", 1)[1] for i in ids(root) if re.search(r"-bar-[A-Z]+$", i)) == ["EIT", "IIT", "OIT"]
    labels = texts(root)
    assert "น้ำหนักร้อยละ ๔๐" in labels
    assert "๖๑.๔๕ (D)" in labels


def test_a_labels_year_prints_no_letter_after_a_tool_score(robwiang):
    root = ET.fromstring(charts.tool_chart(robwiang))

    labels = texts(root)
    assert "๙๐.๕๘" in labels and "๑๐๐.๐๐" in labels  # EIT and OIT of ITA 2566, nothing in brackets
    assert not any("(" in label for label in labels)
    description = root.find(f"{SVG}desc").text
    assert "EIT น้ำหนักร้อยละ" in description and "ระดับ" not in description


def test_two_charts_on_one_page_share_no_id(wangprachan):
    first = ids(ET.fromstring(charts.indicator_chart(wangprachan)))
    second = ids(ET.fromstring(charts.tool_chart(wangprachan)))

    assert len(set(first)) == len(first)
    assert not set(first) & set(second)


def test_a_rendered_chart_is_reused_until_the_assessment_is_recomputed(wangprachan, monkeypatch):
    first = charts.indicator_chart(wangprachan)
    monkeypatch.setattr(charts, "_indicator_svg", lambda *args: pytest.fail("rendered again"))

    assert charts.indicator_chart(wangprachan) == first

    wangprachan.assessment.computed_at = timezone.now()
    monkeypatch.setattr(charts, "_indicator_svg", lambda *args: "<svg>new</svg>")
    assert charts.indicator_chart(wangprachan) == "<svg>new</svg>"


def test_charts_drawn_in_parallel_threads_match_one_drawn_alone(wangprachan):
    alone = charts._drawn(charts._indicator_svg, wangprachan, "indicator-chart")

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(
            pool.map(lambda _: charts._drawn(charts._indicator_svg, wangprachan, "indicator-chart"), range(4))
        )

    assert results == [alone] * 4


def test_long_thai_names_wrap_at_word_boundaries():
    assert charts.wrap_thai("การใช้ทรัพย์สินของราชการ") == "การใช้\nทรัพย์สินของ\nราชการ"
    assert charts.wrap_thai("การใช้งบประมาณ") == "การใช้\nงบประมาณ"
