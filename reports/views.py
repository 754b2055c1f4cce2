"""Generated documents: the agency's list, the request form, the polling status page, the download.

Each view: load through a scoped selector (another agency → 404), check the permission (403 with a
Thai message), validate, call a service, respond — the status fragment when htmx asked for it.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.models import Agency
from assessments.permissions import can_manage_results
from assessments.selectors import get_agency_for_user
from ita_portal import thai
from ita_portal.downloads import pdf_file_response
from ita_portal.forms import ThaiIntegerField
from reports import services
from reports.models import GeneratedDocument
from reports.selectors import agency_documents, get_document_for_user

# Shown when the broker (Redis) could not be reached: the request is kept and sent by a worker later.
QUEUE_UNAVAILABLE = "ระบบคิวสร้างเอกสารขัดข้องชั่วคราว คำขอนี้บันทึกไว้แล้ว และจะสร้างเอกสารให้ทันทีที่ระบบคิวกลับมาทำงาน ไม่ต้องกดสร้างใหม่"
ROUND_CHOICES = [("", "ไม่ระบุ"), (str(thai.SIX_MONTH), "รอบ ๖ เดือน"), (str(thai.TWELVE_MONTH), "รอบ ๑๒ เดือน")]


class DocumentRequestForm(forms.Form):
    kind = forms.ChoiceField(label="ชนิดเอกสาร")
    fiscal_year = ThaiIntegerField(
        label="ปีงบประมาณ (พ.ศ.)", min_value=2500, max_value=2700, widget=forms.TextInput(attrs={"size": 6})
    )
    round = forms.TypedChoiceField(
        label="รอบรายงาน", choices=ROUND_CHOICES, coerce=int, empty_value=None, required=False
    )
    layout = forms.ChoiceField(label="รูปแบบ", required=False)
    evidence_links = forms.BooleanField(
        label="แสดงลิงก์หลักฐาน",
        required=False,
        help_text="รายงานผลการดำเนินการ: พิมพ์ลิงก์และชื่อไฟล์หลักฐานของแต่ละมาตรการ ตามที่มีอยู่ ณ เวลาที่กดสร้าง",
    )

    def __init__(self, *args: object, agency: Agency | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        kinds = services.document_kinds()
        self.fields["kind"].choices = [(k.key, k.title) for k in kinds.values()]
        layouts: list[tuple[str, object]] = [("", "ค่าเริ่มต้น")]
        layouts += [(k.title, [(key, label) for key, label in k.layouts]) for k in kinds.values() if k.layouts]
        self.fields["layout"].choices = layouts
        # The year people report on: the agency's latest plan (else the current fiscal year), its full year.
        latest = agency.plans.order_by("-fiscal_year").first() if agency else None
        self.fields["fiscal_year"].initial = latest.fiscal_year if latest else thai.fiscal_year(timezone.localdate())
        self.fields["round"].initial = thai.TWELVE_MONTH
        if agency is not None:
            self.fields["fiscal_year"].help_text = _years_with_data(agency)


def _years_with_data(agency: Agency) -> str:
    """ "มีแผนมาตรการปี ๒๕๖๖ · มีผลการประเมินปี ๒๕๖๔": which years each kind can print."""
    plans = list(agency.plans.order_by("fiscal_year").values_list("fiscal_year", flat=True))
    assessments = list(agency.assessments.order_by("fiscal_year").values_list("fiscal_year", flat=True))
    parts = []
    if plans:
        parts.append("มีแผนมาตรการปี " + thai.numbers_text(plans))
    if assessments:
        parts.append("มีผลการประเมินปี " + thai.numbers_text(assessments))
    return " · ".join(parts) or "ยังไม่มีแผนมาตรการหรือผลการประเมินในระบบ"


def _initial_from_query(request: HttpRequest) -> dict[str, str]:
    """Links such as ?kind=analysis&fiscal_year=2564 (from the analysis page) fill the form in."""
    return {key: request.GET[key] for key in ("kind", "fiscal_year", "round", "layout") if request.GET.get(key)}


def _list_context(request: HttpRequest, agency: Agency, form: DocumentRequestForm | None = None) -> dict:
    can_request = can_manage_results(request.user, agency)
    kinds = services.document_kinds()
    documents = list(agency_documents(agency))
    for document in documents:
        kind = kinds.get(document.kind)
        document.kind_title = kind.title if kind else document.kind  # type: ignore[attr-defined]
    return {
        "agency": agency,
        "documents": documents,
        "kinds": kinds,
        "can_request": can_request,
        "form": form
        or (DocumentRequestForm(agency=agency, initial=_initial_from_query(request)) if can_request else None),
    }


@login_required
@require_GET
def document_list(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = get_agency_for_user(request.user, agency_id)
    return render(request, "reports/documents/list.html", _list_context(request, agency))


@login_required
@require_http_methods(["GET", "POST"])
def document_new(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = get_agency_for_user(request.user, agency_id)
    if not can_manage_results(request.user, agency):
        raise PermissionDenied("เฉพาะผู้ประสานงานของหน่วยงานเท่านั้นที่สร้างเอกสารได้")
    form = DocumentRequestForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_request(agency=agency, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        else:
            document.refresh_from_db(fields=["status", "dispatched_at"])
            version = thai.thai_digits(document.version)
            if services.document_is_unsent(document):
                messages.warning(request, f"รับคำขอสร้างเอกสาร ฉบับที่ {version} ไว้แล้ว แต่{QUEUE_UNAVAILABLE}")
            else:
                messages.success(request, f"รับคำขอสร้างเอกสาร ฉบับที่ {version} แล้ว")
            return redirect("reports:document", document.pk)
    return render(request, "reports/documents/new.html", _list_context(request, agency, form))


def _status_context(request: HttpRequest, document: GeneratedDocument) -> dict:
    kind = services.document_kinds().get(document.kind)
    return {
        "document": document,
        "agency": document.agency,
        "kind_title": kind.title if kind else document.kind,
        "stale": services.document_is_stale(document),
        "unsent": services.document_is_unsent(document),
        "queue_unavailable": QUEUE_UNAVAILABLE,
        "can_request": can_manage_results(request.user, document.agency),
    }


@login_required
@require_GET
def document_status(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_document_for_user(request.user, pk)
    context = _status_context(request, document)
    if request.htmx:
        return render(request, "reports/documents/_status.html", context)
    return render(request, "reports/documents/status.html", context)


@login_required
@require_POST
def document_retry(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_document_for_user(request.user, pk)
    if services.document_retry(document=document, user=request.user):
        messages.success(request, "ส่งเอกสารเข้าคิวสร้างใหม่แล้ว")
    else:
        messages.info(request, "เอกสารนี้ไม่ได้อยู่ในสถานะไม่สำเร็จ จึงไม่ต้องสร้างใหม่")
    return redirect("reports:document", document.pk)


@login_required
@require_GET
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = get_document_for_user(request.user, pk)
    if document.status != GeneratedDocument.Status.DONE or not document.file:
        raise Http404("เอกสารยังไม่พร้อมให้ดาวน์โหลด")
    return pdf_file_response(
        document.file,
        filename=services.document_filename(document),
        fallback=services.document_fallback_filename(document),
        inline=True,
        missing="ไม่พบไฟล์เอกสาร",
    )
