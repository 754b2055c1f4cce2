"""Agency isolation, proven by walking every URL pattern of the project (issue 8, item 1).

The patterns are enumerated from the URLconf (`get_resolver()`, through every include), so a new view
cannot be forgotten: a pattern with no rule in RULES fails `test_every_url_keeps_other_agencies_out`.

The world has three agencies, each with a plan, measures, progress with a link and a PDF as evidence,
an assessment with results, generated documents, an approval chain and memos in every state:

- own: ทุ่งทดลอง (สตูล), the agency of the staff member, coordinator and approver;
- neighbour: ห้วยเพื่อนบ้าน, another agency of the same province (its overseer reads it, its
  neighbours must not);
- foreign: บางไกลโพ้น (ตรัง), whose coordinator is the "member of another agency".

Every pattern is requested with GET and POST by each role for the objects of each agency. For an
object the role may not see the answer is a 404 (a login redirect for the anonymous), never a 403,
so ids reveal nothing (pages for the system administrator alone answer 403 to everyone else before
looking anything up, whatever the id); no answer is a 500; no body names an agency (or its measures, departments,
memos, people) the role may not see; and the rows of every agency the role may not write, and of
the role's own agency when the request was refused, are the same afterwards (a checksum of the rows).
Forms of the own agency are also posted with another agency's ids in the body (department, chain,
document, evidence, approver), and no row may end up linked to another agency's rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from assessments.catalogue import spec_from_framework, spec_to_data
from assessments.models import Agency, Assessment, FrameworkDraft, FrameworkVersion, ImportJob, Membership
from ita_portal import thai
from measures.models import Evidence, Measure, MeasurePlan, Progress
from measures.services import ProgressData, progress_save
from notifications.models import Notification
from oit.models import Answer, AnswerEvidence, Workspace
from oit.services import AssignData, FillData, answer_assign, answer_fill, workspace_open, workspace_publish
from reports.memos import services as memo_services
from reports.models import ApprovalChain, ApprovalChainStep, GeneratedDocument, Memo, MemoEvent, MemoStep, StandIn
from tests.factories import (
    AgencyFactory,
    DepartmentFactory,
    EvidenceFactory,
    MeasureFactory,
    MembershipFactory,
    OverseerFactory,
    PlanFactory,
    UserFactory,
    scored_assessment,
)

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PLAN_YEAR = 2567
RESULTS_YEAR = 2566

# --- the world --------------------------------------------------------------------------------------


@dataclass
class Side:
    """One agency and everything of it that a URL can name."""

    key: str
    agency: Agency
    plan: MeasurePlan
    measure: Measure  # of the staff member's department
    other_measure: Measure  # of no department
    evidence_file: Evidence
    evidence_link: Evidence
    assessment: Assessment
    document: GeneratedDocument  # done, with a PDF
    failed_document: GeneratedDocument
    chain: ApprovalChain
    memo_draft: Memo
    memo_submitted: Memo  # waits at step 1, the approver's
    memo_approved: Memo  # closed, its signed final PDF done
    memo_final_failed: Memo  # closed, its final PDF failed
    workspace: Workspace  # the OIT workspace of PLAN_YEAR
    answer: Answer  # its first item, assigned to the staff member's department, with a link and a PDF
    answer_evidence: AnswerEvidence
    users: dict[str, Any]
    secrets: list[str] = field(default_factory=list)  # what nobody outside the agency may read
    stand_in: Any = None  # the coordinator named to act for the approver, in a range still to come


@dataclass
class World:
    sides: dict[str, Side]
    overseer: Any


AGENCIES = {
    "own": ("ทุ่งทดลอง", "สตูล"),
    "neighbour": ("ห้วยเพื่อนบ้าน", "สตูล"),
    "foreign": ("บางไกลโพ้น", "ตรัง"),
}


def _memo(side_agency: Agency, coordinator: Any, document: GeneratedDocument, subject: str) -> Memo:
    request = memo_services.Request(user=coordinator, ip="203.0.113.9", user_agent="pytest")
    data = memo_services.memo_defaults(agency=side_agency, user=coordinator, documents=[document])
    data["subject"] = subject
    return memo_services.memo_create(agency=side_agency, request=request, data=data, documents=[document])


def _submit(memo: Memo, coordinator: Any) -> Memo:
    return memo_services.memo_submit(memo=memo, request=memo_services.Request(user=coordinator))


def _close(memo: Memo, approver: Any, *, final: str) -> None:
    """The chain went through (set directly: the approval journey has its own tests)."""
    now = timezone.now()
    MemoStep.objects.filter(memo=memo).update(
        acted_at=now, acted_by=approver, acted_name=approver.get_full_name(), decision="agree"
    )
    fields: dict[str, Any] = {"status": Memo.Status.APPROVED, "current_step": None, "final": final, "finished_at": now}
    if final == Memo.Final.DONE:
        memo.final_file.save("final.pdf", ContentFile(PDF), save=False)
        fields |= {
            "final_file": memo.final_file.name,
            "final_sha256": hashlib.sha256(PDF).hexdigest(),
            "final_pages": 1,
        }
    else:
        fields["final_error"] = "ทดสอบ: สร้างไม่สำเร็จ"
    Memo.objects.filter(pk=memo.pk).update(**fields)
    memo.refresh_from_db()


def _side(key: str, frameworks: dict[int, FrameworkVersion]) -> Side:
    name, province = AGENCIES[key]
    agency = AgencyFactory(name=name, province=province)
    department = DepartmentFactory(agency=agency, name=f"กองงานของ{name}")

    def person(role: str, **extra: Any) -> Any:
        user = UserFactory(username=f"{key}.{role}", first_name="คุณ", last_name=f"{role}แห่ง{name}")
        MembershipFactory(user=user, agency=agency, role=role, **extra)
        return user

    users = {
        "coordinator": person("coordinator", position_title="นิติกร"),
        "staff": person("staff", department=department),
        "approver": person("approver", position_title=f"ปลัด{name}"),
    }
    # A member no role logs in as: the members pages change (and deactivate) this one.
    users["clerk"] = UserFactory(username=f"{key}.clerk", first_name="คุณ", last_name=f"เสมียนแห่ง{name}")
    MembershipFactory(user=users["clerk"], agency=agency, role="staff")
    Notification.objects.create(
        user=users["clerk"], agency=agency, kind="reminders", occasion="isolation", title=f"การแจ้งเตือนของ{name}"
    )
    plan = PlanFactory(agency=agency, fiscal_year=PLAN_YEAR, framework=frameworks[RESULTS_YEAR])
    measure = MeasureFactory(plan=plan, number=1, title=f"มาตรการเฉพาะของ{name} ข้อหนึ่ง")
    measure.departments.set([department])
    other_measure = MeasureFactory(plan=plan, number=2, title=f"มาตรการเฉพาะของ{name} ข้อสอง")
    progress = progress_save(
        measure=measure,
        round=6,
        user=users["coordinator"],
        expected_version=0,
        data=ProgressData(status="done", summary=f"ผลงานของ{name}", add_files=[SimpleUploadedFile("a.pdf", PDF)]),
    )
    evidence_file = progress.evidence.get()
    evidence_link = EvidenceFactory(progress=progress, title=f"ลิงก์หลักฐานของ{name}")
    framework = frameworks[RESULTS_YEAR]
    codes = list(framework.items.order_by("code").values_list("code", flat=True)[:3])
    assessment = scored_assessment(
        framework=framework,
        agency=agency,
        fiscal_year=RESULTS_YEAR,
        indicators={n: "85" for n in range(1, 9)},
        items={code: "100" for code in codes},
    )
    document = GeneratedDocument(
        agency=agency, kind="progress", fiscal_year=PLAN_YEAR, round=12, layout="", version=1,
        status=GeneratedDocument.Status.DONE, pages=1, sha256=hashlib.sha256(PDF).hexdigest(),
    )  # fmt: skip
    document.file.save("report.pdf", ContentFile(PDF), save=False)
    from reports.documents import KINDS  # the Word copy (reports:document_docx) is built from the snapshot

    document.snapshot = KINDS["progress"].build_snapshot(
        agency=agency, fiscal_year=PLAN_YEAR, round=12, layout="seed000"
    )
    document.save()
    failed_document = GeneratedDocument.objects.create(
        agency=agency, kind="plan", fiscal_year=PLAN_YEAR, version=1,
        status=GeneratedDocument.Status.FAILED, error="ทดสอบ",
    )  # fmt: skip
    chain = ApprovalChain.objects.create(agency=agency, name=f"สายอนุมัติของ{name}", is_default=True)
    ApprovalChainStep.objects.create(
        chain=chain, order=1, position_title=f"ปลัด{name}", user=users["approver"], decisions=["agree", "acknowledge"]
    )
    ApprovalChainStep.objects.create(
        chain=chain, order=2, position_title=f"นายก{name}", decisions=["approve", "reject"]
    )
    coordinator = users["coordinator"]
    draft = _memo(agency, coordinator, document, f"ร่างบันทึกของ{name}")
    submitted = _submit(_memo(agency, coordinator, document, f"บันทึกที่เสนอของ{name}"), coordinator)
    approved = _submit(_memo(agency, coordinator, document, f"บันทึกที่อนุมัติของ{name}"), coordinator)
    _close(approved, users["approver"], final=Memo.Final.DONE)
    final_failed = _submit(_memo(agency, coordinator, document, f"บันทึกฉบับสมบูรณ์ล้มเหลวของ{name}"), coordinator)
    _close(final_failed, users["approver"], final=Memo.Final.FAILED)
    workspace = workspace_open(agency=agency, fiscal_year=PLAN_YEAR, user=coordinator)
    answer = workspace.answers.select_related("workspace__agency").order_by("item__order").first()
    answer = answer_assign(
        answer=answer, user=coordinator, expected_version=answer.version,
        data=AssignData(departments=[department], responsible=users["staff"], due_date=None, requirement_note=""),
    )  # fmt: skip
    # A loopback link: the checker refuses it without a connection (LINKCHECK_ALLOW_PRIVATE is off).
    answer = answer_fill(
        answer=answer, user=coordinator, expected_version=answer.version,
        data=FillData("yes", ["http://127.0.0.1:9/oit"], f"คำอธิบาย OIT ของ{name}", "review"),
    )  # fmt: skip
    answer_evidence = AnswerEvidence(answer=answer, original_name=f"หลักฐาน OIT ของ{name}.pdf", size=len(PDF))
    answer_evidence.content_type = "application/pdf"
    answer_evidence.file.save("oit.pdf", ContentFile(PDF), save=False)
    answer_evidence.save()
    # Published, so that the public OIT pages (walked as PUBLIC below) render it: each names its own agency only.
    workspace_publish(workspace=workspace, user=coordinator, publish=True)
    side = Side(
        key=key, agency=agency, plan=plan, measure=measure, other_measure=other_measure,
        evidence_file=evidence_file, evidence_link=evidence_link, assessment=assessment, document=document,
        failed_document=failed_document, chain=chain, memo_draft=draft, memo_submitted=submitted,
        memo_approved=approved, memo_final_failed=final_failed, workspace=workspace, answer=answer,
        answer_evidence=answer_evidence, users=users,
    )  # fmt: skip
    future = timezone.localdate() + dt.timedelta(days=400)
    side.stand_in = StandIn.objects.create(
        agency=agency, principal=users["approver"], stand_in=users["coordinator"], starts_on=future,
        ends_on=future + dt.timedelta(days=10), legal_basis=f"คำสั่งแต่งตั้งของ{name} ที่ ๑/๒๕๖๙", created_by=coordinator,
    )  # fmt: skip
    side.secrets = [
        name,
        side.stand_in.legal_basis,
        measure.title,
        other_measure.title,
        department.name,
        chain.name,
        *(m.subject for m in (draft, submitted, approved, final_failed)),
        *(u.last_name for u in users.values()),
        answer.explanation,
        answer_evidence.original_name,
    ]
    return side


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:
    """Built once for the module inside a transaction rolled back at its end; each test runs in a savepoint.

    The final memo PDF is not rendered (its own tests cover it): queuing it again is a no-op here.
    """
    from reports.tasks import finalize_memo

    media = tmp_path_factory.mktemp("isolation_media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(media), PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        mock.patch.object(finalize_memo, "delay"),
        transaction.atomic(),
    ):
        for year in (RESULTS_YEAR, PLAN_YEAR):
            call_command("load_catalogue", year=year, verbosity=0)
        frameworks = {f.year: f for f in FrameworkVersion.objects.all()}
        sides = {key: _side(key, frameworks) for key in AGENCIES}
        # A draft of the catalogue (a system administrator's, of no agency) for the catalogue's draft pages.
        catalogue_admin = UserFactory(username="catalogue.admin", is_staff=True)
        FrameworkDraft.objects.create(
            year=PLAN_YEAR,
            spec=spec_to_data(spec_from_framework(frameworks[PLAN_YEAR])),
            base_revision=frameworks[PLAN_YEAR].revision,
            created_by=catalogue_admin,
        )
        # A system administrator's failed background import (its file kept): its page and its actions.
        ImportJob.objects.create(
            kind=ImportJob.Kind.RESULTS,
            status=ImportJob.Status.FAILED,
            user=catalogue_admin,
            token="0" * 32,
            filename="national.xlsx",
            error="ทดสอบ",
        )
        overseer = OverseerFactory(
            user=UserFactory(username="overseer", first_name="คุณ", last_name="ผู้กำกับจังหวัด"), province="สตูล"
        ).user
        yield World(sides=sides, overseer=overseer)
        transaction.set_rollback(True)


# --- who asks ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Role:
    name: str
    sees: frozenset[str]  # agencies whose objects it may read
    writes: frozenset[str]  # agencies whose rows it may change
    kind: str | None  # its role in the agencies it sees: staff / coordinator / approver / overseer

    def user(self, world: World) -> Any:
        if self.name == "anonymous":
            return None
        if self.name == "overseer":
            return world.overseer
        if self.name == "other_agency":
            return world.sides["foreign"].users["coordinator"]
        return world.sides["own"].users[self.name]


ROLES = [
    Role("anonymous", frozenset(), frozenset(), None),
    Role("other_agency", frozenset({"foreign"}), frozenset({"foreign"}), "coordinator"),
    Role("overseer", frozenset({"own", "neighbour"}), frozenset(), "overseer"),  # province-wide, read-only
    Role("staff", frozenset({"own"}), frozenset({"own"}), "staff"),
    Role("approver", frozenset({"own"}), frozenset({"own"}), "approver"),
    Role("coordinator", frozenset({"own"}), frozenset({"own"}), "coordinator"),  # last: its POSTs change the most
]


# --- the rules: one per URL pattern -----------------------------------------------------------------

READ = "read"  # every member of the agency and its province's overseer
MANAGE = "manage"  # the agency's coordinator
EDIT = "edit"  # the coordinator, and staff of the measure's department
ACT = "act"  # the person of the memo's current step
APPOINT = "appoint"  # the coordinator, or an approver for themselves (stand-ins)
PROVINCE = "province"  # anyone with an agency in (or overseeing) the province; lists its agencies by design
LOGGED_IN = "logged_in"  # no object in the URL; any user, showing only their own agencies
ADMIN_ONLY = "admin_only"  # Django is_staff only (no role of an agency)
OVERSEERS = "overseers"  # a province overseer (for their province) and the system administrator
OWNER = "owner"  # an object of one person (a background import): found only for them and system administrators
PUBLIC = "public"  # no login


Kwargs = Callable[[Side], list[dict[str, Any]]]
Post = Callable[[Side, dict[str, Any]], dict[str, Any]]  # (the agency, the URL's kwargs) → body


@dataclass(frozen=True)
class Rule:
    access: str
    kwargs: Kwargs | None = None  # URL kwargs naming an agency's objects; None: the URL names none
    get: bool = True  # False: the view answers GET with 405 whatever the object
    post: bool = True  # False: POST is answered with 405 whatever the object
    data: Post | None = None  # the POST body that would change something if the view let it through
    # A body for the own agency's URL that names another agency's objects (department, chain, document,
    # evidence, person): posted by the own agency's staff and coordinator; nothing may link across.
    cross: Callable[[Side, Side], dict[str, Any]] | None = None


def agency_id(side: Side) -> list[dict[str, Any]]:
    return [{"agency_id": side.agency.pk}]


def plan_id(side: Side) -> list[dict[str, Any]]:
    return [{"plan_id": side.plan.pk}]


def measure_pk(side: Side) -> list[dict[str, Any]]:
    return [{"pk": side.measure.pk}]


def results_year(side: Side) -> list[dict[str, Any]]:
    return [{"agency_id": side.agency.pk, "fiscal_year": RESULTS_YEAR}]


def province(side: Side) -> list[dict[str, Any]]:
    return [{"province": side.agency.province, "fiscal_year": RESULTS_YEAR}]


def pk_of(attribute: str) -> Kwargs:
    return lambda side: [{"pk": getattr(side, attribute).pk}]


def memo_form(side: Side, kwargs: dict[str, Any], memo: Memo | None = None) -> dict[str, Any]:
    """The memo form as its coordinator would post it."""
    data = memo_services.memo_defaults(agency=side.agency, user=side.users["coordinator"], documents=[side.document])
    post = {name: value for name, value in data.items() if name != "chain"}
    post |= {"chain": side.chain.pk, "documents": [side.document.pk], "subject": "เรื่องที่ผู้อื่นเขียนทับ"}
    if memo is not None:
        post["version"] = Memo.objects.get(pk=memo.pk).version
    return post


def chain_form(side: Side, kwargs: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": "สายที่ผู้อื่นตั้ง",
        "steps-TOTAL_FORMS": "1",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "20",
        "steps-0-heading": "",
        "steps-0-position_title": "ผู้อนุมัติแทน",
        "steps-0-user": "",
        "steps-0-decisions": ["agree"],
    }


def progress_form(side: Side, kwargs: dict[str, Any]) -> dict[str, Any]:
    current = Progress.objects.filter(measure=side.measure, round=kwargs["round"]).first()
    return {"status": "in_progress", "summary": "ผลที่ผู้อื่นเขียนทับ", "version": current.version if current else 0}


def measure_form(side: Side, kwargs: dict[str, Any]) -> dict[str, Any]:
    measure = Measure.objects.get(pk=side.measure.pk)
    departments = list(measure.departments.values_list("pk", flat=True))
    return {
        "version": measure.version,
        "number": 1,
        "section": "measure",
        "title": "ชื่อที่ผู้อื่นเขียนทับ",
        "departments": departments,
    }


def step_form(prefix: str, **fields: str) -> Post:
    def build(side: Side, kwargs: dict[str, Any]) -> dict[str, Any]:
        memo = Memo.objects.get(pk=side.memo_submitted.pk)
        body = {"step_order": memo.current_step or 1, "round": memo.round, **fields}
        return {f"{prefix}-{name}": value for name, value in body.items()}

    return build


def memo_cross(side: Side, other: Side, memo: Memo | None = None) -> dict[str, Any]:
    post = memo_form(side, {}, memo)
    return post | {"chain": other.chain.pk, "documents": [side.document.pk, other.document.pk]}


def stand_in_form(side: Side, kwargs: dict[str, Any]) -> dict[str, Any]:
    """The approver names the coordinator after the world's stand-in (the coordinator's own post then overlaps)."""
    start = timezone.localdate() + dt.timedelta(days=500)
    return {
        "principal": side.users["approver"].pk,
        "stand_in": side.users["coordinator"].pk,
        "kind": "acting",
        "starts_on": thai.short_date(start),
        "ends_on": thai.short_date(start + dt.timedelta(days=3)),
        "legal_basis": "คำสั่งที่ผู้อื่นเขียน",
    }


def stand_in_cross(side: Side, other: Side) -> dict[str, Any]:
    return stand_in_form(side, {}) | {"stand_in": other.users["staff"].pk}


def chain_cross(side: Side, other: Side) -> dict[str, Any]:
    return chain_form(side, {}) | {"steps-0-user": other.users["approver"].pk}


def no_agency(kwargs: Callable[[], dict[str, Any]]) -> Kwargs:
    """URL kwargs naming an object of no agency (a catalogue year, a draft): requested once, as the own side."""
    return lambda side: [kwargs()] if side.key == "own" else []


catalogue_year = no_agency(lambda: {"year": PLAN_YEAR})
catalogue_draft = no_agency(lambda: {"pk": FrameworkDraft.objects.get().pk})
import_job = no_agency(lambda: {"job_id": ImportJob.objects.get().pk})


def oit_year(*years: int) -> Kwargs:
    return lambda side: [{"agency_id": side.agency.pk, "fiscal_year": year} for year in years]


def oit_fill_form(side: Side, kwargs: dict[str, Any]) -> dict[str, Any]:
    answer = Answer.objects.get(pk=side.answer.pk)
    return {
        "version": answer.version,
        "has_data": "no",
        "urls": "",
        "explanation": "คำตอบที่ผู้อื่นเขียนทับ",
        "status": "drafting",
    }


def oit_assign_form(side: Side, kwargs: dict[str, Any]) -> dict[str, Any]:
    answer = Answer.objects.get(pk=side.answer.pk)
    return {"version": answer.version, "departments": [], "requirement_note": "บันทึกที่ผู้อื่นเขียนทับ"}


def oit_assign_cross(side: Side, other: Side) -> dict[str, Any]:
    return oit_assign_form(side, {}) | {
        "departments": [other.measure.departments.get().pk],
        "responsible": other.users["staff"].pk,
    }


def oit_check_form(side: Side, kwargs: dict[str, Any]) -> dict[str, Any]:
    return {"version": Answer.objects.get(pk=side.answer.pk).version, "result": "fix", "comment": "แก้โดยผู้อื่น"}


def oit_token(side: Side) -> list[dict[str, Any]]:
    return [{"token": side.workspace.public_token}]


def oit_public_document(side: Side) -> list[dict[str, Any]]:
    memo = side.memo_approved
    return [{"token": side.workspace.public_token, "memo_pk": memo.pk, "digest": memo.final_sha256[:16]}]


def member(side: Side) -> list[dict[str, Any]]:
    """The clerk's membership (no role logs in as the clerk), on the members pages of its agency."""
    clerk = Membership.objects.get(user=side.users["clerk"], agency=side.agency)
    return [{"agency_id": side.agency.pk, "membership_id": clerk.pk}]


def member_form(side: Side, kwargs: dict[str, Any]) -> dict[str, Any]:
    department = side.measure.departments.get()
    return {"role": "coordinator", "department": department.pk, "position_title": "ตำแหน่งที่ผู้อื่นเขียนทับ"}


def invite_form(side: Side, kwargs: dict[str, Any]) -> dict[str, Any]:
    return {"email": f"invited.{side.key}@example.invalid", "role": "staff", "department": "", "position_title": ""}


def next_plan_form(side: Side, kwargs: dict[str, Any]) -> dict[str, Any]:
    framework = FrameworkVersion.objects.get(year=PLAN_YEAR)
    return {"fiscal_year": thai.fiscal_year(timezone.localdate()) + 1, "framework": framework.pk}


RULES: dict[str, Rule] = {
    # Public on purpose: the login form and the logout action, the load balancer's health check,
    # the favicon redirect, and the verification page that a printed memo's QR code opens
    # (it shows that memo and its decisions only; see reports/memos/views/public.py).
    "login": Rule(PUBLIC),
    "logout": Rule(PUBLIC),
    "health": Rule(PUBLIC, post=False),
    "favicon.ico": Rule(PUBLIC),
    "reports:memo_verify": Rule(PUBLIC, kwargs=lambda side: [{"token": side.memo_approved.verify_token}]),
    # Pages without an object: they show the user's own agencies only.
    "home": Rule(LOGGED_IN),
    "reports:inbox": Rule(LOGGED_IN, post=False),
    # A person's own account (accounts/): nothing in these URLs names an agency's object. The agency picker
    # takes only an agency of the user's own memberships (tests/accounts/test_agency_picker.py).
    "accounts:password_change": Rule(LOGGED_IN),
    "accounts:agency_pick": Rule(LOGGED_IN, get=False),
    "accounts:two_factor": Rule(LOGGED_IN, post=False),
    "accounts:two_factor_setup": Rule(LOGGED_IN),
    "accounts:two_factor_verify": Rule(LOGGED_IN),
    "accounts:recovery_codes": Rule(LOGGED_IN, get=False),
    "accounts:two_factor_disable": Rule(LOGGED_IN, get=False),
    # Password reset by e-mail (no login; the same answer whether or not the address exists).
    "accounts:password_reset": Rule(PUBLIC),
    "accounts:password_reset_done": Rule(PUBLIC),
    "accounts:password_reset_confirm": Rule(PUBLIC, no_agency(lambda: {"uidb64": "MQ", "token": "not-a-token"})),
    "assessments:import_results": Rule(ADMIN_ONLY),
    # A background import is followed by whoever confirmed it (here a system administrator) and other admins.
    "assessments:import_job": Rule(OWNER, import_job, post=False),
    "assessments:onboard_agencies": Rule(OVERSEERS),
    "assessments:import_job_action": Rule(OWNER, import_job, get=False, data=lambda side, kwargs: {"action": "cancel"}),
    # The ITA catalogue in the browser: Django is_staff only, refused before anything is looked up.
    "assessments:catalogue": Rule(ADMIN_ONLY, post=False),
    "assessments:catalogue_upload": Rule(ADMIN_ONLY),
    "assessments:catalogue_new": Rule(
        ADMIN_ONLY, no_agency(dict), data=lambda side, kwargs: {"year": "2571", "from_year": str(PLAN_YEAR)}
    ),
    "assessments:catalogue_year": Rule(ADMIN_ONLY, catalogue_year, post=False),
    "assessments:catalogue_year_edit": Rule(ADMIN_ONLY, catalogue_year, get=False),
    "assessments:catalogue_draft": Rule(ADMIN_ONLY, catalogue_draft, post=False),
    "assessments:catalogue_draft_edit": Rule(ADMIN_ONLY, catalogue_draft),
    "assessments:catalogue_draft_confirm": Rule(ADMIN_ONLY, catalogue_draft, get=False),
    "assessments:catalogue_draft_discard": Rule(ADMIN_ONLY, catalogue_draft, get=False),
    # measures
    "measures:plan": Rule(READ, lambda side: [{"agency_id": side.agency.pk, "fiscal_year": PLAN_YEAR}]),
    "measures:plan_new": Rule(MANAGE, agency_id, data=next_plan_form),
    "measures:measure_new": Rule(
        MANAGE,
        plan_id,
        data=lambda side, kwargs: {"number": 9, "section": "measure", "title": "มาตรการแทรก"},
        cross=lambda side, other: {
            "number": 8,
            "section": "measure",
            "title": "มาตรการข้ามหน่วยงาน",
            "departments": [other.measure.departments.get().pk],
        },
    ),
    "measures:measure": Rule(READ, measure_pk),
    "measures:measure_edit": Rule(
        EDIT,
        measure_pk,
        data=measure_form,
        cross=lambda side, other: measure_form(side, {}) | {"departments": [other.measure.departments.get().pk]},
    ),
    "measures:measure_delete": Rule(MANAGE, measure_pk),
    "measures:progress": Rule(
        EDIT,
        lambda side: [{"pk": side.measure.pk, "round": r} for r in (6, 12)],
        data=progress_form,
        cross=lambda side, other: progress_form(side, {"round": 6}) | {"remove_evidence": [other.evidence_file.pk]},
    ),
    "measures:evidence": Rule(READ, pk_of("evidence_file")),
    "measures:plan_clone": Rule(MANAGE, plan_id),
    "measures:plan_suggestions": Rule(MANAGE, plan_id, data=lambda side, kwargs: {"action": "dismiss", "key": "OIT-1"}),
    "measures:dashboard": Rule(READ, plan_id, post=False),
    "measures:export_xlsx": Rule(READ, plan_id, post=False),
    "measures:export_csv": Rule(READ, plan_id, post=False),
    # assessments
    "assessments:results_new": Rule(MANAGE, agency_id, data=lambda side, kwargs: {"fiscal_year": PLAN_YEAR}),
    "assessments:results_edit": Rule(
        MANAGE,
        results_year,
        data=lambda side, kwargs: {"version": Assessment.objects.get(pk=side.assessment.pk).version},
    ),
    "assessments:import_items": Rule(MANAGE, agency_id, data=lambda side, kwargs: {"action": "confirm", "token": "x"}),
    "assessments:list": Rule(READ, agency_id, post=False),
    "assessments:analysis": Rule(READ, results_year, post=False),
    "assessments:comparison": Rule(PROVINCE, province, post=False),
    "assessments:comparison_xlsx": Rule(PROVINCE, province, post=False),
    "assessments:agency_settings": Rule(
        MANAGE, agency_id, data=lambda side, kwargs: {"phone": "๐ ๗๔๗๑ ๑๑๑๑", "doc_prefix": "ทับ ๙๙"}
    ),
    # generated documents
    "reports:documents": Rule(READ, agency_id, post=False),
    "reports:document_new": Rule(
        MANAGE, agency_id, data=lambda side, kwargs: {"kind": "plan", "fiscal_year": PLAN_YEAR, "layout": ""}
    ),
    "reports:document": Rule(READ, pk_of("document"), post=False),
    "reports:document_retry": Rule(MANAGE, pk_of("failed_document"), get=False),
    "reports:document_download": Rule(READ, pk_of("document"), post=False),
    "reports:document_docx": Rule(READ, pk_of("document"), post=False),
    # memos and approval chains
    "reports:memos": Rule(READ, agency_id, post=False),
    "reports:memo_new": Rule(MANAGE, agency_id, data=memo_form, cross=memo_cross),
    "reports:memo": Rule(
        READ,
        lambda side: [{"pk": m.pk} for m in (side.memo_draft, side.memo_submitted, side.memo_approved)],
        post=False,
    ),
    "reports:memo_edit": Rule(
        MANAGE,
        pk_of("memo_draft"),
        data=lambda side, kwargs: memo_form(side, kwargs, side.memo_draft),
        cross=lambda side, other: memo_cross(side, other, side.memo_draft),
    ),
    "reports:memo_submit": Rule(MANAGE, pk_of("memo_draft"), get=False),
    "reports:memo_act": Rule(
        ACT, pk_of("memo_submitted"), get=False, data=step_form("act", decision="agree", comment="เห็นชอบ")
    ),
    "reports:memo_return": Rule(ACT, pk_of("memo_submitted"), get=False, data=step_form("return", reason="กรุณาแก้ไข")),
    # the preview of a memo in progress, and the signed final file of a closed one
    "reports:memo_pdf": Rule(
        READ, lambda side: [{"pk": side.memo_submitted.pk}, {"pk": side.memo_approved.pk}], post=False
    ),
    "reports:memo_final": Rule(READ, pk_of("memo_approved"), post=False),
    "reports:memo_final_retry": Rule(MANAGE, pk_of("memo_final_failed"), get=False),
    # the memo in Word, as its PDF stands (reports/docx/views.py)
    "reports:memo_docx": Rule(
        READ, lambda side: [{"pk": side.memo_submitted.pk}, {"pk": side.memo_approved.pk}], post=False
    ),
    "reports:chains": Rule(MANAGE, agency_id, post=False),
    # stand-ins (the world's is in a range still to come, so it gives nobody a step) and the register
    "reports:stand_ins": Rule(READ, agency_id, post=False),
    "reports:stand_in_new": Rule(APPOINT, agency_id, data=stand_in_form, cross=stand_in_cross),
    "reports:stand_in_cancel": Rule(APPOINT, pk_of("stand_in"), get=False),
    "reports:memo_register": Rule(MANAGE, agency_id, data=lambda side, kwargs: {"next_number": "900", "confirm": "on"}),
    "reports:chain_new": Rule(MANAGE, agency_id, data=chain_form, cross=chain_cross),
    "reports:chain_edit": Rule(MANAGE, pk_of("chain"), data=chain_form, cross=chain_cross),
    # the OIT workspace: RESULTS_YEAR has no workspace yet, so its coordinator's POST opens one
    "oit:workspace": Rule(READ, oit_year(PLAN_YEAR), post=False),
    "oit:workspace_open": Rule(MANAGE, oit_year(PLAN_YEAR, RESULTS_YEAR), get=False),
    "oit:workspace_carry_over": Rule(MANAGE, oit_year(PLAN_YEAR), get=False),
    "oit:workspace_check_links": Rule(MANAGE, oit_year(PLAN_YEAR), get=False),
    "oit:dashboard": Rule(READ, oit_year(PLAN_YEAR), post=False),
    "oit:answer": Rule(READ, pk_of("answer"), post=False),
    "oit:answer_fill": Rule(EDIT, pk_of("answer"), get=False, data=oit_fill_form),
    "oit:answer_assign": Rule(MANAGE, pk_of("answer"), get=False, data=oit_assign_form, cross=oit_assign_cross),
    "oit:answer_check": Rule(MANAGE, pk_of("answer"), get=False, data=oit_check_form),
    "oit:answer_check_links": Rule(EDIT, pk_of("answer"), get=False),
    "oit:answer_evidence": Rule(
        EDIT, pk_of("answer"), get=False, data=lambda side, kwargs: {"files": [SimpleUploadedFile("o.pdf", PDF)]}
    ),
    "oit:evidence": Rule(READ, pk_of("answer_evidence"), post=False),
    # the ITAS answer sheet and checklist (everyone who reads the workspace); publishing (the coordinator)
    "oit:itas_xlsx": Rule(READ, oit_year(PLAN_YEAR), post=False),
    "oit:itas_csv": Rule(READ, oit_year(PLAN_YEAR), post=False),
    "oit:checklist": Rule(READ, oit_year(PLAN_YEAR), post=False),
    "oit:publish": Rule(MANAGE, oit_year(PLAN_YEAR), get=False, data=lambda side, kwargs: {"publish": "0"}),
    # The public OIT page of each side's published workspace (no login; see oit/views/public.py): its items,
    # its approved memos and their final PDF by the version's SHA-256; an unpublished token is a 404.
    "oit:public": Rule(PUBLIC, oit_token, post=False),
    "oit:public_embed": Rule(PUBLIC, oit_token, post=False),
    "oit:public_feed": Rule(PUBLIC, oit_token, post=False),
    "oit:public_document": Rule(PUBLIC, oit_public_document, post=False),
    # The agency's members (its coordinator only): invite by e-mail, change, deactivate, reactivate.
    "members:list": Rule(MANAGE, agency_id, post=False),
    "members:invite": Rule(
        MANAGE,
        agency_id,
        data=invite_form,
        cross=lambda side, other: invite_form(side, {}) | {"department": other.measure.departments.get().pk},
    ),
    "members:edit": Rule(
        MANAGE,
        member,
        data=member_form,
        cross=lambda side, other: member_form(side, {}) | {"department": other.measure.departments.get().pk},
    ),
    "members:deactivate": Rule(MANAGE, member, get=False),
    "members:reactivate": Rule(MANAGE, member, get=False),
    # The invitation link (no login): an unknown token gets the same Thai page as a used or expired one.
    "members:invitation": Rule(
        PUBLIC, no_agency(lambda: {"token": "not-a-real-token"}), data=lambda side, kwargs: {"password1": "x"}
    ),
    # A person's own LINE link (linechannel/): no object in the URL, only the user's own account and code.
    # LINE is off in this walk (no channel settings), so the code button changes nothing; the link page's
    # owner/other/anonymous cases with LINE on are in tests/linechannel/test_views.py.
    "linechannel:link": Rule(LOGGED_IN, post=False),
    "linechannel:code": Rule(LOGGED_IN, get=False),
    "linechannel:unlink": Rule(LOGGED_IN, get=False),
    # LINE's webhook: public, refused without the channel's signature (404 while LINE is off).
    "linechannel:webhook": Rule(PUBLIC, get=False),
    # The bell (notifications/): a person's own list and choices; one notification is found only by its
    # owner (the world's belong to each agency's clerk, whom no role logs in as).
    "notifications:list": Rule(LOGGED_IN, post=False),
    "notifications:read_all": Rule(LOGGED_IN, get=False),
    "notifications:preferences": Rule(LOGGED_IN),
    "notifications:read": Rule(
        OWNER, lambda side: [{"pk": Notification.objects.get(user=side.users["clerk"]).pk}], get=False
    ),
}

# The admin (admin/…) is Django's, for is_staff users only; it has its own test in
# tests/ita_portal/test_admin.py, so its patterns are not walked here.
SKIPPED_NAMESPACES = {"admin"}


# --- the walk ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    key: str  # "namespace:name", or the route of an unnamed pattern
    route: str


def _walk(patterns: list, prefix: str = "", namespace: str | None = None) -> Iterator[Pattern]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            if inner in SKIPPED_NAMESPACES:
                continue
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            key = (f"{namespace}:{entry.name}" if namespace else entry.name) if entry.name else route
            yield Pattern(key, route)


PATTERNS = list(_walk(get_resolver().url_patterns))


def test_the_walk_finds_the_views_of_every_app():
    keys = {p.key for p in PATTERNS}
    assert {"home", "measures:plan", "assessments:analysis", "reports:memo_pdf", "measures:evidence"} <= keys
    assert not any(p.route.startswith("admin/") for p in PATTERNS)


def test_every_rule_names_a_pattern_of_the_urlconf():
    assert set(RULES) - {p.key for p in PATTERNS} <= {"health"}  # health/ comes with issue 8's item 4


# --- the checksum of each agency's rows -------------------------------------------------------------

AGENCY_PATHS = {
    "assessments.Agency": "pk",
    "assessments.Department": "agency",
    "assessments.Membership": "agency",  # an overseer's has none: it counts as global
    "accounts.Profile": "agency",  # the agency its user picked to work in; none: global
    "assessments.Assessment": "agency",
    "assessments.IndicatorScore": "assessment__agency",
    "assessments.ItemResult": "assessment__agency",
    "measures.MeasurePlan": "agency",
    "measures.Measure": "plan__agency",
    "measures.Progress": "measure__plan__agency",
    "measures.Evidence": "progress__measure__plan__agency",
    "measures.History": "measure__plan__agency",
    "measures.DismissedSuggestion": "plan__agency",
    "reports.ApprovalChain": "agency",
    "reports.ApprovalChainStep": "chain__agency",
    "reports.GeneratedDocument": "agency",
    "reports.DocumentPart": "document__agency",
    "reports.MemoCounter": "agency",
    "reports.StandIn": "agency",
    "reports.Memo": "agency",
    "reports.MemoStep": "memo__agency",
    "reports.MemoEvent": "memo__agency",
    "oit.Workspace": "agency",
    "oit.Answer": "workspace__agency",
    "oit.Link": "answer__workspace__agency",
    "oit.AnswerEvidence": "answer__workspace__agency",
    "oit.AnswerHistory": "answer__workspace__agency",
    # the many-to-many tables Django makes
    "measures.Measure_items": "measure__plan__agency",
    "measures.Measure_indicators": "measure__plan__agency",
    "measures.Measure_departments": "measure__plan__agency",
    "reports.Memo_documents": "memo__agency",
    "oit.Answer_departments": "answer__workspace__agency",
    "members.Invitation": "membership__agency",
    "members.MembershipEvent": "membership__agency",
    "members.PositionTitle": "membership__agency",
    # A notification and its deliveries are about one agency's thing (none: a province digest, a system message).
    "notifications.Notification": "agency",
    "notifications.Delivery": "agency",
}
# Rows of no agency, counted under None: the catalogue's years (every write bumps a year's revision),
# its history and its drafts, which only the system administrator's catalogue pages change.
NO_AGENCY = {
    "assessments.FrameworkVersion",
    "assessments.FrameworkRevision",
    "assessments.FrameworkDraft",
    "assessments.ImportJob",  # a system administrator's (or a province overseer's) import of many agencies
    # A person's LINE link, its one-time codes and the pushes counted against the OA's monthly quota.
    "linechannel.LineAccount",
    "linechannel.LinkCode",
    "linechannel.LineMessage",
    "linechannel.LineQuotaMonth",
}
# The rest of the catalogue is written only together with its year's revision (catalogue.load).
CATALOGUE = {
    "assessments.Tool",
    "assessments.Indicator",
    "assessments.SubIndicator",
    "assessments.Group",
    "assessments.Item",
}
# Rows of one person that only that person changes, like their password or authenticator (not counted,
# as auth.User is not): each user's notification choices. tests/notifications/test_views.py checks them.
PERSONAL = {"notifications.Preference"}
PROJECT_APPS = {
    "assessments", "measures", "reports", "ita_portal", "oit", "accounts", "members", "linechannel", "notifications"
}  # fmt: skip


def test_every_model_of_the_project_is_in_the_checksum():
    models = {m._meta.label for m in apps.get_models(include_auto_created=True) if m._meta.app_label in PROJECT_APPS}
    assert models - CATALOGUE - PERSONAL == set(AGENCY_PATHS) | NO_AGENCY


def _fingerprints() -> dict[int | None, str]:
    """agency id (None: rows of no agency) → a digest of every row that belongs to it."""
    digests: dict[int | None, Any] = defaultdict(hashlib.sha256)
    for label, path in AGENCY_PATHS.items():
        model = apps.get_model(label)
        rows = model._default_manager.all()
        if model is MemoEvent:  # reading the final file is recorded on purpose: it is not a change
            rows = rows.exclude(action=MemoEvent.Action.DOWNLOAD)
        names = [f.attname for f in model._meta.concrete_fields]
        for row in rows.order_by("pk").values_list(path, *names):
            digests[row[0]].update(repr((label, *row[1:])).encode())
    for label in sorted(NO_AGENCY):
        model = apps.get_model(label)
        names = [f.attname for f in model._meta.concrete_fields]
        for row in model._default_manager.order_by("pk").values_list(*names):
            digests[None].update(repr((label, *row)).encode())
    return {agency: digest.hexdigest() for agency, digest in digests.items()}


# Links between rows of two agency-owned models: (model, the row's agency, the linked row's agency).
LINKS = [
    ("assessments.Membership", "agency", "department__agency"),
    ("measures.Measure", "plan__agency", "departments__agency"),
    ("measures.Measure", "plan__agency", "cloned_from__plan__agency"),
    ("reports.Memo", "agency", "chain__agency"),
    ("reports.Memo", "agency", "documents__agency"),
    ("oit.Answer", "workspace__agency", "departments__agency"),
]


def _cross_agency_links() -> list[str]:
    """Rows linked to another agency's rows, and chain steps given to a person outside the agency."""
    found = []
    for label, own, linked in LINKS:
        rows = apps.get_model(label)._default_manager.values_list("pk", own, linked)
        found += [f"{label} {pk}: agency {a} links to agency {b}" for pk, a, b in rows if b is not None and a != b]
    for label in ("reports.ApprovalChainStep", "reports.MemoStep"):
        path = "chain__agency" if label == "reports.ApprovalChainStep" else "memo__agency"
        members = Membership.objects.filter(user=OuterRef("user"), agency=OuterRef(path))
        strangers = apps.get_model(label)._default_manager.filter(user__isnull=False).exclude(Exists(members))
        found += [
            f"{label} {pk}: given to user {user}, not of its agency" for pk, user in strangers.values_list("pk", "user")
        ]
    for person in ("principal", "stand_in"):
        members = Membership.objects.filter(user=OuterRef(person), agency=OuterRef("agency"))
        strangers = StandIn.objects.exclude(Exists(members)).values_list("pk", person)
        found += [f"reports.StandIn {pk}: names user {user}, not of its agency" for pk, user in strangers]
    return found


def test_the_world_has_no_cross_agency_links(world, db):
    assert _cross_agency_links() == []


@pytest.mark.parametrize("user", ["coordinator", None])
def test_media_files_are_served_by_no_path_of_their_own(world, db, settings, user):
    """Evidence, generated PDFs and final memos are reached only through the views walked above."""
    own = world.sides["own"]
    client = _client(own.users[user] if user else None)
    for stored in (own.evidence_file.file, own.document.file, own.memo_approved.final_file):
        assert stored.name
        assert client.get("/" + settings.MEDIA_URL.lstrip("/") + stored.name).status_code == 404


# --- the test ---------------------------------------------------------------------------------------


def _client(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _body(response: Any) -> str:
    # No response.close() here: the test client has closed (or closes, once the stream is read) the
    # response with request_finished's close_old_connections disconnected. A second close() fires it,
    # and on PostgreSQL that closes the connection holding the module's world transaction.
    content = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    return content.decode("utf-8", errors="ignore")


def _is_login_redirect(response: Any) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def _visible(rule: Rule, role: Role, target: str | None, world: World) -> bool:
    if target is None:
        return True
    if rule.access == PROVINCE:
        provinces = {world.sides[s].agency.province for s in role.sees}
        return world.sides[target].agency.province in provinces
    return target in role.sees


def _permitted(rule: Rule, role: Role) -> bool:
    """May the role do what the view does, on objects it sees?"""
    if rule.access in (READ, PROVINCE, LOGGED_IN, PUBLIC):
        return True
    if rule.access == MANAGE:
        return role.kind == "coordinator"
    if rule.access == EDIT:
        return role.kind in ("coordinator", "staff")
    if rule.access == APPOINT:
        return role.kind in ("coordinator", "approver")
    if rule.access == ACT:
        return role.name == "approver"  # step 1 of the own agency's memo is assigned to them
    if rule.access == OVERSEERS:
        return role.kind == "overseer"
    return False  # ADMIN_ONLY


def _forbidden_texts(rule: Rule, role: Role, target: str | None, world: World) -> list[str]:
    """What the body must not contain: everything of the agencies the role may not see."""
    hidden = [key for key in world.sides if key not in role.sees]
    if rule.access == PUBLIC and target is not None:
        hidden = [key for key in hidden if key != target]  # the verification page shows its own memo
    texts = []
    for key in hidden:
        side = world.sides[key]
        shown_by_design = rule.access == PROVINCE and _visible(rule, role, key, world)
        texts += side.secrets[1:] if shown_by_design else side.secrets  # the comparison lists the province
    return texts


def _expected(rule: Rule, role: Role, target: str | None, method: str, world: World) -> set[int] | None:
    """The statuses allowed; None: any but a 500 (public pages)."""
    allowed_method = rule.get if method == "get" else rule.post
    if rule.access == PUBLIC:
        return None
    if role.name == "anonymous":
        return {302} if allowed_method else {302, 405}  # 302: to the login page (checked below)
    if not allowed_method:
        return {405}  # decided by the method alone, whatever the object: it reveals nothing
    if rule.access == ADMIN_ONLY:  # refused before any lookup, and its objects belong to no agency
        return {403}
    if rule.access == OWNER:  # the world's import is a system administrator's: nobody else finds it
        return {404}
    if not _visible(rule, role, target, world):
        return {404}
    if not _permitted(rule, role):
        return {403, 409} if rule.access == ACT else {403}  # 409: another step acted first
    if method == "get":
        return {200}
    return {200, 302, 409}


def _requests(rule: Rule, world: World) -> Iterator[tuple[str | None, dict[str, Any] | None]]:
    if rule.kwargs is None:
        yield None, None
        return
    for target, side in world.sides.items():
        for kwargs in rule.kwargs(side):
            yield target, kwargs


def _ordered_roles(target: str | None) -> list[Role]:
    """The roles that may not touch the target first, so that its owners' writes come after every probe."""
    return sorted(ROLES, key=lambda role: target is not None and target in role.writes)


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.key)
def test_every_url_keeps_other_agencies_out(pattern: Pattern, world: World, db):
    assert pattern.key in RULES, f"{pattern.route!r} ({pattern.key}) has no isolation rule: add it to RULES"
    rule = RULES[pattern.key]
    agency_ids = {key: side.agency.pk for key, side in world.sides.items()}
    failures = []
    clients = {role.name: _client(role.user(world)) for role in ROLES}
    after = _fingerprints()
    for target, kwargs in _requests(rule, world):
        url = reverse(pattern.key, kwargs=kwargs) if pattern.key != pattern.route else "/" + pattern.route
        for role in _ordered_roles(target):
            for method in ("get", "post"):
                data = rule.data(world.sides[target], kwargs) if (rule.data and method == "post" and target) else {}
                before = after
                try:
                    response = getattr(clients[role.name], method)(url, data)
                except Exception as exc:  # a 500: say which request, then fail
                    failures.append(f"{method.upper()} {url} as {role.name}: raised {exc!r}")
                    after = _fingerprints()
                    continue
                after = _fingerprints()
                status = response.status_code
                where = f"{method.upper()} {url} ({target or '-'}) as {role.name} → {status}"
                expected = _expected(rule, role, target, method, world)
                if status >= 500 and not (pattern.key == "health" and status == 503):
                    failures.append(f"{where}: a server error")
                elif expected is not None and status not in expected:
                    failures.append(f"{where}: expected {sorted(expected)}")
                elif (status == 302 and role.name == "anonymous" and rule.access != PUBLIC) and not _is_login_redirect(
                    response
                ):
                    failures.append(f"{where}: redirected to {response['Location']}, not to the login page")
                body = _body(response)
                for text in _forbidden_texts(rule, role, target, world):
                    if text in body:
                        failures.append(f"{where}: the body shows {text!r}")
                refused = status in (403, 404, 405) or _is_login_redirect(response)
                writable = set() if refused else role.writes
                for key, pk in agency_ids.items():
                    if key not in writable and before.get(pk) != after.get(pk):
                        failures.append(f"{where}: changed the rows of {key}")
                if before.get(None) != after.get(None):
                    failures.append(f"{where}: changed rows of no agency")
    if rule.cross is not None:  # the own agency's URL, with another agency's ids in the body
        own, other = world.sides["own"], world.sides["foreign"]
        for kwargs in rule.kwargs(own):
            url = reverse(pattern.key, kwargs=kwargs)
            for role in (r for r in ROLES if r.name in ("staff", "coordinator")):
                before = _fingerprints()
                response = clients[role.name].post(url, rule.cross(own, other))
                after = _fingerprints()
                where = f"POST {url} naming {other.key}'s objects as {role.name} → {response.status_code}"
                if response.status_code >= 500:
                    failures.append(f"{where}: a server error")
                for key in ("neighbour", "foreign"):
                    if before.get(agency_ids[key]) != after.get(agency_ids[key]):
                        failures.append(f"{where}: changed the rows of {key}")
    failures += _cross_agency_links()
    assert not failures, "\n".join(failures)
