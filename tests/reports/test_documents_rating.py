"""`manage.py render_document` prints a 2568 analysis report whose text layer carries the rating and its reason."""

from io import StringIO

from django.core.management import call_command

from tests.reports.pdf_helpers import appears, pages_text


def test_the_2568_analysis_report_says_its_label_why_and_that_the_rule_is_unconfirmed(demo, tmp_path):
    out = tmp_path / "robwiang-2568.pdf"

    call_command(
        "render_document",
        "--agency", "รอบเวียง", "--kind", "analysis", "--fiscal-year", "2568", "--out", str(out),
        stdout=StringIO(),
    )  # fmt: skip

    pages = pages_text(out.read_bytes())
    assert appears("ผ่าน", pages)
    assert appears("คะแนนรวม ๘๙.๒๕ แต่ EIT ต่ำกว่า ๘๕ จึงไม่ได้ระดับผ่านดี", pages)
    assert appears("เกณฑ์ยังไม่ยืนยัน", pages)
    assert appears("ผ่านดีเยี่ยม: คะแนนรวม ≥ ๙๕ และทุกแบบวัด ≥ ๙๕", pages)
    assert not appears("ระดับ AA", pages)
