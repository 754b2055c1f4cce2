"""Publishing the OIT page, and the page itself: no login, by the workspace's unguessable token.

An unpublished workspace answers exactly like an unknown token (404), so a token says nothing until the
coordinator publishes. The page lists every O-item of the year with its URLs and explanation, and the
agency's approved memos of the year, each by a URL that names the version's SHA-256: a new final file
gets a new URL, and the old URL never serves it.
"""

from __future__ import annotations

import re

from csp.constants import NONE
from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_POST, require_safe

from assessments.models import Agency
from ita_portal.downloads import pdf_file_response
from oit import export
from oit.generated import DIGEST_LENGTH, public_document_path
from oit.models import Answer, Workspace
from oit.selectors import get_workspace_for_user, published_memos
from oit.services import workspace_publish

NOT_FOUND = "ไม่พบหน้าเผยแพร่ข้อมูล OIT"
# A host name as typed in the agency's settings; anything else (a scheme, a path, a ";") is not put in a header.
_HOST = re.compile(r"^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$")


# --- publishing (the coordinator) ------------------------------------------------------------------


@login_required
@require_POST
def publish(request: HttpRequest, agency_id: int, fiscal_year: int) -> HttpResponse:
    """publish=1 turns the public page on, publish=0 off; the service refuses anyone but the coordinator (403)."""
    workspace = get_workspace_for_user(request.user, agency_id=agency_id, fiscal_year=fiscal_year)
    choice = request.POST.get("publish")
    if choice not in ("0", "1"):
        return HttpResponseBadRequest("ต้องระบุว่าจะเผยแพร่หรือปิดการเผยแพร่")
    workspace_publish(workspace=workspace, user=request.user, publish=choice == "1")
    if choice == "1":
        messages.success(request, "เผยแพร่หน้าข้อมูล OIT ต่อสาธารณะแล้ว")
    else:
        messages.success(request, "ปิดการเผยแพร่หน้าข้อมูล OIT แล้ว ลิงก์เดิมจะไม่แสดงข้อมูลอีก")
    return redirect("oit:workspace", agency_id, fiscal_year)


# --- the public page -------------------------------------------------------------------------------


def _published(token: str) -> Workspace:
    workspace = (
        Workspace.objects.select_related("agency", "framework")
        .filter(public_token=token, published_at__isnull=False)
        .first()
    )
    if workspace is None:
        raise Http404(NOT_FOUND)
    return workspace


def frame_ancestors(agency: Agency) -> list[str]:
    """The agency's own website, with and without www.; 'none' when it has none (or it is not a host name)."""
    domain = agency.website_domain.strip().lower().removeprefix("www.")
    if not _HOST.match(domain):
        return [NONE]
    return [f"https://{domain}", f"https://www.{domain}"]


def _context(request: HttpRequest, workspace: Workspace) -> dict:
    rows = export.public_rows(workspace)
    documents = [(memo, public_document_path(workspace, memo)) for memo in published_memos(workspace)]
    return {
        "workspace": workspace,
        "agency": workspace.agency,
        "groups": export.grouped(rows),
        "documents": documents,
        "yes": Answer.Has.YES,
    }


@require_safe
def public_page(request: HttpRequest, token: str) -> HttpResponse:
    workspace = _published(token)
    return render(request, "oit/public/page.html", _context(request, workspace))


@require_safe
@xframe_options_exempt  # frame-ancestors below says who may frame it; X-Frame-Options cannot name a domain
def public_embed(request: HttpRequest, token: str) -> HttpResponse:
    """The same table with no chrome, for the agency's website to show in an <iframe>; only that site may."""
    workspace = _published(token)
    policy = {"frame-ancestors": frame_ancestors(workspace.agency)}
    # django-csp's decorator applied per request: the allowed ancestor is the agency's, known only now.
    view = csp_replace(policy)(lambda request: render(request, "oit/public/embed.html", _context(request, workspace)))
    return view(request)


@require_safe
def public_feed(request: HttpRequest, token: str) -> JsonResponse:
    """The page as JSON, for a website that draws its own table. has_data: true (มี), false (ไม่มี), null."""
    workspace = _published(token)
    has = {Answer.Has.YES: True, Answer.Has.NO: False}
    items = [
        {
            "code": row.code,
            "name": row.name,
            "indicator": row.answer.item.indicator.number,
            "sub_indicator": row.answer.item.sub_indicator.code if row.answer.item.sub_indicator else None,
            "has_data": True if row.has_data == "มี" else has.get(row.answer.has_data) if row.explanation else None,
            "urls": row.urls,
            "explanation": row.explanation,
        }
        for row in export.public_rows(workspace)
    ]
    documents = [
        {
            "title": memo.subject,
            "number": memo.number_text,
            "date": memo.memo_date.isoformat() if memo.memo_date else None,
            "url": request.build_absolute_uri(public_document_path(workspace, memo)),
            "sha256": memo.final_sha256,
        }
        for memo in published_memos(workspace)
    ]
    data = {
        "agency": workspace.agency.full_name,
        "fiscal_year": workspace.fiscal_year,
        "items": items,
        "documents": documents,
        "published_at": workspace.published_at.isoformat() if workspace.published_at else None,
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    # Published data, read without credentials: any website may fetch it from a script.
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def public_document(request: HttpRequest, token: str, memo_pk: int, digest: str) -> HttpResponse:
    """The memo's final signed PDF, only while its SHA-256 still starts with `digest` (that version only)."""
    workspace = _published(token)
    memo = published_memos(workspace).filter(pk=memo_pk).first()
    if memo is None or len(digest) != DIGEST_LENGTH or memo.final_sha256[:DIGEST_LENGTH] != digest:
        raise Http404("ไม่พบเอกสารฉบับนี้")
    number = memo.number_text.replace("/", "-").replace(" ", "") or str(memo.pk)
    response = pdf_file_response(
        memo.final_file,
        filename=f"บันทึกข้อความ-{number}.pdf",
        fallback=f"memo-{memo.pk}-{digest}.pdf",
        inline=True,
        missing="ไม่พบไฟล์ฉบับสมบูรณ์",
    )
    # One URL, one version: the bytes never change, but unpublishing must still take effect.
    response["Cache-Control"] = "public, no-cache"
    response["ETag"] = f'"{memo.final_sha256}"'
    return response
