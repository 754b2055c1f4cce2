"""The memo's "สิ่งที่ส่งมาด้วย" line (issue 16 item 3): editable on the memo form, printed as typed,
and by default the attached document's title without the portal's internal "ฉบับที่"."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from reports.memos import services
from reports.memos.final import memo_snapshot
from reports.memos.pdf import render_memo
from reports.models import Memo
from tests.reports.memo_support import new_memo
from tests.reports.pdf_helpers import pages_text, squash

pytestmark = pytest.mark.django_db

DEFAULT = "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๖ (รอบ ๑๒ เดือน)"


def test_the_enclosure_line_is_prefilled_with_the_documents_title_without_its_version(thungpho):
    agency, users, document = thungpho
    document.version = 2
    document.save(update_fields=["version"])
    data = services.memo_defaults(agency=agency, user=users["legal"], documents=[document])
    assert data["enclosures"] == DEFAULT
    assert "ฉบับที่" not in data["enclosures"] and "ฉบับที่" not in data["facts"]

    client = Client()
    client.force_login(users["legal"])
    response = client.get(reverse("reports:memo_new", args=[agency.pk]), {"documents": document.pk})
    assert response.status_code == 200
    assert 'name="enclosures"' in response.content.decode()
    assert DEFAULT in response.content.decode()


def test_the_coordinator_edits_the_enclosure_line_and_the_pdf_prints_it(thungpho):
    agency, users, document = thungpho
    data = services.memo_defaults(agency=agency, user=users["legal"], documents=[document])
    post = {name: value for name, value in data.items() if name != "chain"}
    post |= {"chain": data["chain"].pk, "documents": [document.pk]}
    post["enclosures"] = "รายงานผลการดำเนินการ รอบ ๑๒ เดือน\nภาพถ่ายกิจกรรม จำนวน ๓ แผ่น"
    client = Client()
    client.force_login(users["legal"])
    response = client.post(reverse("reports:memo_new", args=[agency.pk]), post)
    assert response.status_code == 302
    memo = Memo.objects.get(agency=agency)
    assert memo.enclosure_lines() == ["รายงานผลการดำเนินการ รอบ ๑๒ เดือน", "ภาพถ่ายกิจกรรม จำนวน ๓ แผ่น"]
    snapshot = memo_snapshot(memo)
    assert snapshot["attachments"] == memo.enclosure_lines()

    text = "".join(pages_text(render_memo(snapshot).content))
    assert squash("สิ่งที่ส่งมาด้วย ๑. รายงานผลการดำเนินการ รอบ ๑๒ เดือน") in text
    assert squash("๒. ภาพถ่ายกิจกรรม จำนวน ๓ แผ่น") in text
    assert "ฉบับที่" not in text


def test_a_memo_with_a_blank_enclosure_line_prints_the_documents_titles(thungpho):
    agency, users, document = thungpho
    memo = new_memo(agency, users, document)
    Memo.objects.filter(pk=memo.pk).update(enclosures="")
    memo.refresh_from_db()
    assert memo_snapshot(memo)["attachments"] == [DEFAULT]
