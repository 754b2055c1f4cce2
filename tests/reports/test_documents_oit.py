"""The OIT readiness report (kind "oit"): what a coordinator sends up the memo chain before submitting to ITAS."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from assessments.models import Agency
from reports.documents import KINDS
from tests.reports.pdf_helpers import appears, pages_text


def test_robwiangs_2569_readiness_prints_the_prediction_the_lists_and_what_each_item_costs(demo, tmp_path):
    out = tmp_path / "oit.pdf"

    call_command(
        "render_document", "--agency", "รอบเวียง", "--kind", "oit", "--fiscal-year", "2569", "--out", str(out),
        stdout=StringIO(),
    )  # fmt: skip

    pages = pages_text(out.read_bytes())
    assert appears("รายงานความพร้อมการเปิดเผยข้อมูลสาธารณะ (OIT)", pages)
    assert appears("พร้อมส่งและลิงก์ผ่านการตรวจ ๑๐ จาก ๒๖ ข้อ", pages)
    assert appears("ลิงก์ไม่ผ่านการตรวจ (๑ ข้อ)", pages) and appears("เลยกำหนด (๑ ข้อ)", pages)
    assert appears("คะแนนรวมใช้คะแนน IIT และ EIT จากผลการประเมินปี ๒๕๖๘", pages)
    assert appears("เกณฑ์ยังไม่ยืนยัน", pages)


def test_the_snapshot_freezes_the_figures(demo):
    snapshot = KINDS["oit"].build_snapshot(agency=demo["รอบเวียง"], fiscal_year=2569, round=None, layout="")

    assert snapshot["ready_text"] == "๑๐" and snapshot["predicted_oit_text"] == "๓๓.๓๓"
    assert [s["count"] for s in snapshot["statuses"]] == [14, 1, 1, 0, 10]
    assert snapshot["costs"][0]["total_text"] == "๑.๘๒"  # an item of indicator 10 first: it costs the most


def test_a_year_without_a_workspace_is_refused_in_thai(demo):
    with pytest.raises(ValidationError, match="ยังไม่มีพื้นที่ทำงาน OIT ปี ๒๕๖๘"):
        KINDS["oit"].build_snapshot(agency=Agency.objects.get(name="รอบเวียง"), fiscal_year=2568, round=None, layout="")


def test_the_dashboard_links_the_readiness_pdf_and_the_documents_form_offers_it(client, demo):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    agency = demo["รอบเวียง"]
    client.force_login(get_user_model().objects.get(username="robwiang.coord"))

    dashboard = client.get(reverse("oit:dashboard", args=[agency.pk, 2569])).content.decode()
    form = client.get(reverse("reports:documents", args=[agency.pk]) + "?kind=oit&fiscal_year=2569").content.decode()

    assert "?kind=oit&amp;fiscal_year=2569" in dashboard
    assert 'value="oit" selected' in form
