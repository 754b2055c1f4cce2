"""Publishing the OIT page, the public page itself, its embeddable variant, its JSON feed and its documents."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from oit.generated import workspace_link_documents
from oit.models import Link, Workspace
from oit.services import answer_check, workspace_publish
from reports.models import ApprovalChain, GeneratedDocument, Memo
from tests.factories import AgencyFactory, MembershipFactory
from tests.ita_portal.test_security_csp import inline_code, policy
from tests.oit.test_export import fill, oit  # noqa: F401 (a fixture: an agency with its 2569 workspace)

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


SUBJECT = "รายงานผลการดำเนินการตามมาตรการ"


def approved_memo(agency, requester, *, fiscal_year=2569, subject=SUBJECT, content=PDF, **extra):
    """A memo that went through its chain with its final signed PDF (set directly: the journey has its own tests)."""
    chain = ApprovalChain.objects.get_or_create(agency=agency, name="สายหลัก")[0]
    document = GeneratedDocument(
        agency=agency, kind="progress", fiscal_year=fiscal_year, round=12,
        version=1 + GeneratedDocument.objects.count(), status=GeneratedDocument.Status.DONE, sha256="0" * 64,
    )  # fmt: skip
    document.file.save("report.pdf", ContentFile(content), save=False)
    document.save()
    fields = {
        "status": Memo.Status.APPROVED,
        "final": Memo.Final.DONE,
        "number_year": 2569,
        "number_seq": 1 + Memo.objects.filter(agency=agency).count(),
        "memo_date": timezone.localdate(),
        "finished_at": timezone.now(),
        "final_sha256": hashlib.sha256(content).hexdigest(),
    } | extra
    memo = Memo(
        agency=agency, chain=chain, division="สำนักปลัด", subject=subject, to="นายก", requester=requester,
        requester_name="ผู้เสนอ", requester_position="นิติกร", **fields,
    )  # fmt: skip
    memo.final_file.save("final.pdf", ContentFile(content), save=False)
    memo.save()
    memo.documents.set([document])
    return memo


@pytest.fixture
def published(oit, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path / "media"
    memo = approved_memo(oit["agency"], oit["coordinator"])
    for answer in (
        oit["workspace"].answers.filter(item__code__in=["O1", "O2", "O3"]).select_related("workspace__agency")
    ):
        # The public page shows an answer once the coordinator has checked it (พร้อมส่ง).
        answer_check(
            answer=answer, user=oit["coordinator"], result="passed", comment="", expected_version=answer.version
        )
    workspace_publish(workspace=oit["workspace"], user=oit["coordinator"], publish=True)
    return oit | {"memo": memo, "token": oit["workspace"].public_token}


def public(name, token, *args):
    return reverse(f"oit:{name}", args=[token, *args])


def document_url(memo, token):
    return public("public_document", token, memo.pk, memo.final_sha256[:16])


def publish_url(workspace):
    return reverse("oit:publish", args=[workspace.agency_id, workspace.fiscal_year])


def published_at(workspace):
    return Workspace.objects.get(pk=workspace.pk).published_at


# --- publishing ------------------------------------------------------------------------------------


def test_the_coordinator_publishes_and_unpublishes_and_goes_back_to_the_workspace(client, oit):  # noqa: F811
    client.force_login(oit["coordinator"])

    response = client.post(publish_url(oit["workspace"]), {"publish": "1"})

    assert response.status_code == 302
    assert response["Location"] == reverse("oit:workspace", args=[oit["agency"].pk, 2569])
    assert published_at(oit["workspace"]) is not None
    client.post(publish_url(oit["workspace"]), {"publish": "0"})
    assert published_at(oit["workspace"]) is None


@pytest.mark.parametrize("role", ["staff", "approver", "overseer"])
def test_staff_approvers_and_the_overseer_may_not_publish(client, oit, role):  # noqa: F811
    client.force_login(oit[role])

    assert client.post(publish_url(oit["workspace"]), {"publish": "1"}).status_code == 403
    assert published_at(oit["workspace"]) is None


def test_another_agency_gets_a_404_and_the_anonymous_the_login_page_when_publishing(client, oit):  # noqa: F811
    response = client.post(publish_url(oit["workspace"]), {"publish": "1"})
    assert response["Location"].startswith(reverse("login"))

    client.force_login(oit["stranger"])
    assert client.post(publish_url(oit["workspace"]), {"publish": "1"}).status_code == 404
    assert published_at(oit["workspace"]) is None


def test_publishing_takes_a_post_with_publish_one_or_zero(client, oit):  # noqa: F811
    client.force_login(oit["coordinator"])

    assert client.get(publish_url(oit["workspace"])).status_code == 405
    assert client.post(publish_url(oit["workspace"]), {"publish": "yes"}).status_code == 400
    assert published_at(oit["workspace"]) is None


# --- the public page -------------------------------------------------------------------------------


def test_the_public_page_is_a_404_before_publishing_and_after_unpublishing(client, oit, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path / "media"
    memo = approved_memo(oit["agency"], oit["coordinator"])
    token = oit["workspace"].public_token
    addresses = [public(n, token) for n in ("public", "public_embed", "public_feed")] + [document_url(memo, token)]

    assert [client.get(a).status_code for a in addresses] == [404] * 4
    workspace_publish(workspace=oit["workspace"], user=oit["coordinator"], publish=True)
    assert [client.get(a).status_code for a in addresses] == [200] * 4
    workspace_publish(workspace=oit["workspace"], user=oit["coordinator"], publish=False)
    assert [client.get(a).status_code for a in addresses] == [404] * 4


def test_an_unpublished_token_answers_exactly_like_an_unknown_one(client, oit):  # noqa: F811
    unpublished = client.get(public("public", oit["workspace"].public_token))
    unknown = client.get(public("public", "0" * 32))

    assert unpublished.status_code == unknown.status_code == 404

    def page(response):  # the 404 page carries a fresh CSRF token each time
        return re.sub(r'"X-CSRFToken": "[^"]*"', "", response.content.decode())

    assert page(unpublished) == page(unknown)


def test_the_public_page_shows_every_item_and_the_approved_document_logged_out(client, published):
    response = client.get(public("public", published["token"]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "องค์การบริหารส่วนตำบลทดลองโอไอที" in html
    assert "การเปิดเผยข้อมูลสาธารณะ (OIT) ประจำปี พ.ศ. ๒๕๖๙" in html
    assert '<th scope="col" class="oit-code">ข้อ</th>' in html
    for header in ("รายการ", "URL", "คำอธิบาย"):
        assert f'<th scope="col">{header}</th>' in html
    assert "ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล" in html
    assert html.index(">O1<") < html.index(">O2<") < html.index("ตัวชี้วัดที่ ๑๐") < html.index(">O26<")
    assert (
        '<a href="https://thotlong.go.th/structure" rel="noopener nofollow">https://thotlong.go.th/structure</a><br>'
        '<a href="https://thotlong.go.th/org.pdf" rel="noopener nofollow">'
    ) in html
    assert "ยังไม่ได้จัดทำ" in html  # O3's explanation (ไม่มี: no URL)
    assert "เอกสารที่ผ่านการอนุมัติ" in html
    assert "รายงานผลการดำเนินการตามมาตรการ" in html
    assert f'href="{document_url(published["memo"], published["token"])}"' in html
    assert reverse("reports:memo_verify", args=[published["memo"].verify_token]) in html
    assert inline_code(html) == []


def test_a_url_of_an_item_answered_no_is_not_shown(client, published):
    fill(published["workspace"], published, "O4", "no", ["https://thotlong.go.th/old-news"], "")

    html = client.get(public("public", published["token"])).content.decode()

    assert "old-news" not in html


def test_only_approved_memos_of_the_agency_and_the_year_with_a_final_file_are_listed(client, published):
    agency, coordinator = published["agency"], published["coordinator"]
    approved_memo(agency, coordinator, subject="บันทึกของปีก่อน", fiscal_year=2568).documents.update(round=6)
    approved_memo(agency, coordinator, subject="บันทึกที่ยังรอพิจารณา", status=Memo.Status.SUBMITTED)
    approved_memo(agency, coordinator, subject="บันทึกที่ฉบับสมบูรณ์ไม่สำเร็จ", final=Memo.Final.FAILED)
    other = AgencyFactory(name="ต่างถิ่นสอง")
    approved_memo(other, MembershipFactory(agency=other, role="coordinator").user, subject="บันทึกของหน่วยงานอื่น")

    html = client.get(public("public", published["token"])).content.decode()

    assert "รายงานผลการดำเนินการตามมาตรการ" in html
    for hidden in ("บันทึกของปีก่อน", "บันทึกที่ยังรอพิจารณา", "บันทึกที่ฉบับสมบูรณ์ไม่สำเร็จ", "บันทึกของหน่วยงานอื่น"):
        assert hidden not in html


@pytest.mark.parametrize(
    ("kind", "fiscal_year", "round_", "listed"),
    [
        ("analysis", 2568, None, True),  # the 2569 analysis item is answered with last year's analysis
        ("progress", 2568, 12, True),  # and the measures item with last fiscal year's 12-month report
        ("progress", 2568, 6, False),
        ("plan", 2568, None, False),
        ("progress", 2569, 6, True),  # anything of the year itself
    ],
)
def test_earlier_documents_are_listed_when_this_years_items_are_answered_with_them(
    client, published, kind, fiscal_year, round_, listed
):
    memo = approved_memo(published["agency"], published["coordinator"], subject="บันทึกเอกสารที่ตรวจ")
    memo.documents.update(kind=kind, fiscal_year=fiscal_year, round=round_)

    html = client.get(public("public", published["token"])).content.decode()

    assert ("บันทึกเอกสารที่ตรวจ" in html) is listed


def test_every_link_the_portal_puts_on_an_item_is_served_by_the_public_page(client, published):
    agency, coordinator = published["agency"], published["coordinator"]
    for kind, fiscal_year, round_ in (("analysis", 2568, None), ("progress", 2568, 12), ("plan", 2569, None)):
        memo = approved_memo(agency, coordinator, subject=f"บันทึก {kind} {fiscal_year}")
        memo.documents.update(kind=kind, fiscal_year=fiscal_year, round=round_)

    workspace_link_documents(workspace=published["workspace"])

    links = Link.objects.filter(answer__workspace=published["workspace"], generated=True)
    assert links.count() >= 2
    for link in links:
        assert client.get(urlsplit(link.url).path).status_code == 200, link.url


# --- documents -------------------------------------------------------------------------------------


def test_the_document_url_serves_the_final_signed_pdf_logged_out(client, published):
    response = client.get(document_url(published["memo"], published["token"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("inline;")
    assert response["ETag"] == f'"{published["memo"].final_sha256}"'


def test_the_document_url_refuses_a_wrong_or_short_hash(client, published):
    memo, token = published["memo"], published["token"]

    assert client.get(public("public_document", token, memo.pk, "0" * 16)).status_code == 404
    assert client.get(public("public_document", token, memo.pk, memo.final_sha256[:8])).status_code == 404
    assert client.get(public("public_document", token, memo.pk, memo.final_sha256[:16].upper())).status_code == 404


def test_the_url_of_an_old_version_never_serves_the_new_one(client, published):
    memo, token = published["memo"], published["token"]
    old = document_url(memo, token)
    new_content = PDF + b"% signed again\n"
    memo.final_file.save("final-2.pdf", ContentFile(new_content), save=False)
    memo.final_sha256 = hashlib.sha256(new_content).hexdigest()
    memo.save()

    assert client.get(old).status_code == 404
    response = client.get(document_url(memo, token))
    assert b"".join(response.streaming_content) == new_content


def test_another_agencys_memo_is_not_served_through_this_agencys_token(client, published):
    other = AgencyFactory(name="ต่างถิ่นสาม")
    foreign = approved_memo(other, MembershipFactory(agency=other, role="coordinator").user)

    assert client.get(document_url(foreign, published["token"])).status_code == 404


# --- the embeddable page and the feed --------------------------------------------------------------


def test_the_embed_may_be_framed_by_the_agencys_own_website_only(client, published):
    response = client.get(public("public_embed", published["token"]))

    assert response.status_code == 200
    assert policy(response)["frame-ancestors"] == ["https://thotlong.go.th", "https://www.thotlong.go.th"]
    assert "X-Frame-Options" not in response
    html = response.content.decode()
    assert 'target="_blank"' in html and "oit-public-head" not in html
    assert inline_code(html) == []


def test_every_other_page_keeps_the_portals_frame_ancestors(client, published):
    for name in ("public", "public_feed"):
        response = client.get(public(name, published["token"]))
        assert policy(response)["frame-ancestors"] == ["'none'"]
        assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("domain", ["", "thotlong.go.th; script-src *", "https://x.go.th/path"])
def test_an_agency_without_a_usable_domain_lets_nobody_frame_the_embed(client, published, domain):
    published["agency"].website_domain = domain
    published["agency"].save()

    response = client.get(public("public_embed", published["token"]))

    assert policy(response)["frame-ancestors"] == ["'none'"]
    assert "script-src *" not in response["Content-Security-Policy"]


def test_a_domain_typed_with_www_allows_both_forms(client, published):
    published["agency"].website_domain = "WWW.Thotlong.go.th"
    published["agency"].save()

    response = client.get(public("public_embed", published["token"]))

    assert policy(response)["frame-ancestors"] == ["https://thotlong.go.th", "https://www.thotlong.go.th"]


def test_the_json_feed_has_the_agency_the_year_the_items_and_the_documents(client, published):
    response = client.get(public("public_feed", published["token"]))

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert set(data) == {"agency", "fiscal_year", "items", "documents", "published_at"}
    assert data["agency"] == "องค์การบริหารส่วนตำบลทดลองโอไอที"
    assert data["fiscal_year"] == 2569
    assert data["published_at"] == published_at(published["workspace"]).isoformat()
    assert [item["code"] for item in data["items"]] == [f"O{n}" for n in range(1, 27)]
    assert data["items"][0] == {
        "code": "O1",
        "name": "โครงสร้าง หน้าที่และอำนาจ",
        "indicator": 9,
        "sub_indicator": None,
        "has_data": True,
        "urls": ["https://thotlong.go.th/structure", "https://thotlong.go.th/org.pdf"],
        "explanation": "ผัง",
    }
    assert (data["items"][2]["has_data"], data["items"][2]["urls"]) == (False, [])
    assert data["items"][3]["has_data"] is None
    memo = published["memo"]
    assert data["documents"] == [
        {
            "title": "รายงานผลการดำเนินการตามมาตรการ",
            "number": memo.number_text,
            "date": memo.memo_date.isoformat(),
            "url": "http://testserver" + document_url(memo, published["token"]),
            "sha256": memo.final_sha256,
        }
    ]
    assert "ทดลองโอไอที".encode() in response.content  # Thai as UTF-8, not \\u escapes


def test_a_draft_answer_is_not_public_until_the_coordinator_checks_it(client, published):
    fill(published["workspace"], published, "O4", "yes", ["https://thotlong.go.th/draft-news"], "ร่างข่าว")

    page = client.get(reverse("oit:public", args=[published["token"]])).content.decode()
    feed = client.get(reverse("oit:public_feed", args=[published["token"]])).json()

    assert "draft-news" not in page and "ร่างข่าว" not in page
    o4 = next(item for item in feed["items"] if item["code"] == "O4")
    assert (o4["urls"], o4["explanation"], o4["has_data"]) == ([], "", None)
