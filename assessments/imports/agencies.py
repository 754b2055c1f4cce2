"""Onboarding: agencies and their first coordinators from one spreadsheet, for a province or the country.

Columns (Thai headers, English accepted): ชื่อหน่วยงาน (with its type, as
people write it: อบต.ทุ่งโพธิ์, เทศบาลตำบลจันทบเพชร; or the bare name with a
ประเภท column), อำเภอ, จังหวัด, โทรศัพท์, รหัสหนังสือ, เว็บไซต์, ชื่อผู้ประสานงาน,
อีเมลผู้ประสานงาน. Two phases like the other imports: every row is checked
first (errors by row and column in Thai), then one transaction writes the
agencies, the coordinators' accounts and memberships, their invitations and
the audit rows, in bulk. The invitation e-mails are queued after the commit,
one task each (members.tasks.send_invitation, which retries a failed send).

An agency already in the system is matched (type, name, district, province):
only its empty phone, register code and website are filled, and its
coordinator is invited only if it has no active coordinator yet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from assessments.agency_settings import website_domain
from assessments.imports.common import RowError, header_keys, read_rows, squash_header
from assessments.imports.results import BATCH, AgencyKey, agency_key, create_agencies, known_agencies
from assessments.models import Agency, Membership
from ita_portal.thai import arabic_digits

HEADER_VARIANTS = [["ชื่อหน่วยงาน", "อำเภอ", "จังหวัด"], ["หน่วยงาน", "อำเภอ", "จังหวัด"], ["agency", "district", "province"]]
COLUMNS = {
    "name": ("ชื่อหน่วยงาน", {"ชื่อหน่วยงาน", "หน่วยงาน", "agency", "name"}),
    "type": ("ประเภท", {"ประเภท", "ประเภทหน่วยงาน", "type"}),
    "district": ("อำเภอ", {"อำเภอ", "district", "amphoe"}),
    "province": ("จังหวัด", {"จังหวัด", "province", "changwat"}),
    "phone": ("โทรศัพท์", {"โทรศัพท์", "เบอร์โทรศัพท์", "phone", "telephone"}),
    "doc_prefix": ("รหัสหนังสือ", {"รหัสหนังสือ", "เลขที่หนังสือ", "docprefix", "prefix"}),
    "website": ("เว็บไซต์", {"เว็บไซต์", "โดเมน", "website", "domain", "websitedomain"}),
    "coordinator": ("ชื่อผู้ประสานงาน", {"ชื่อผู้ประสานงาน", "ผู้ประสานงาน", "coordinator", "coordinatorname"}),
    "email": ("อีเมลผู้ประสานงาน", {"อีเมลผู้ประสานงาน", "อีเมล", "email", "coordinatoremail", "e-mail"}),
}
LIMITS = {"phone": 50, "doc_prefix": 30, "coordinator": 150}
NAME_TITLES = ("นางสาว", "นาง", "นาย", "น.ส.", "ว่าที่ร้อยตรี", "ว่าที่ ร.ต.")


@dataclass(frozen=True)
class OnboardRow:
    row: int
    key: AgencyKey
    agency_id: int | None  # None: created on import
    fields: dict[str, str]  # phone, doc_prefix, website_domain as given (may be empty)
    coordinator: str
    email: str
    invite: bool  # False: the agency already has an active coordinator, or no e-mail was given


@dataclass
class OnboardingPreview:
    filename: str
    province: str  # "" for the system administrator: any province
    rows: list[OnboardRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def new_agencies(self) -> list[AgencyKey]:
        return [row.key for row in self.rows if row.agency_id is None]

    @property
    def invitations(self) -> int:
        return sum(row.invite for row in self.rows)

    @property
    def kept_coordinators(self) -> int:
        return sum(1 for row in self.rows if row.email and not row.invite)


@dataclass(frozen=True)
class OnboardingResult:
    agencies_created: int
    agencies_updated: int
    accounts_created: int
    invitations: list[int]


def onboarding_parse(
    *, data: bytes, filename: str, province: str = "", progress: Callable[[int, int], None] | None = None
) -> OnboardingPreview:
    """Read and check every row; nothing is written. Raises ImportRefused when the file cannot be read."""
    rows = read_rows(data, filename=filename, header_variants=HEADER_VARIANTS)
    preview = OnboardingPreview(filename=filename, province=province)
    columns = _columns(header_keys(rows))
    parsed: list[tuple[int, AgencyKey, dict[str, str]]] = []
    seen: dict[AgencyKey, int] = {}
    for index, row in enumerate(rows):
        if progress is not None and index % 2000 == 0:
            progress(index, len(rows))
        values = {name: row.values.get(column, "") for name, column in columns.items()}
        before = len(preview.errors)
        key = _key(row.number, values, preview.errors)
        if key is not None and province and key.province != province:
            preview.errors.append(RowError(row.number, "จังหวัด", f"อยู่นอกจังหวัด{province} ที่ท่านกำกับดูแล"))
        if key is not None and key in seen:
            preview.errors.append(RowError(row.number, "ชื่อหน่วยงาน", f"{key} ซ้ำกับแถวที่ {seen[key]}"))
        elif key is not None:
            seen[key] = row.number
        cleaned = _details(row.number, values, preview.errors)
        if key is not None and len(preview.errors) == before:
            parsed.append((row.number, key, cleaned))
    _match(preview, parsed)
    return preview


def _columns(keys: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for key in keys:
        squashed = squash_header(key)
        for name, (_label, aliases) in COLUMNS.items():
            if squashed in {squash_header(a) for a in aliases}:
                found.setdefault(name, key)
    return found


def _key(number: int, values: dict[str, str], errors: list[RowError]) -> AgencyKey | None:
    name, kind = values.get("name", ""), " ".join(values.get("type", "").split())
    if kind and name and not name.startswith(kind):
        name = f"{kind}{name}"  # a bare name with its type in a column of its own
    identity = {"name": name, "district": values.get("district", ""), "province": values.get("province", "")}
    return agency_key(number, identity, {c: c for c in identity}, errors)


def _details(number: int, values: dict[str, str], errors: list[RowError]) -> dict[str, str]:
    cleaned = {
        "phone": " ".join(arabic_digits(values.get("phone", "")).split()),
        "doc_prefix": " ".join(values.get("doc_prefix", "").split()),
        "coordinator": " ".join(values.get("coordinator", "").split()),
        "email": values.get("email", "").strip().lower(),
        "website": "",
    }
    for name, limit in LIMITS.items():
        if len(cleaned[name]) > limit:
            errors.append(RowError(number, COLUMNS[name][0], f"ยาวเกิน {limit} ตัวอักษร"))
    if values.get("website", "").strip():
        try:
            cleaned["website"] = website_domain(values["website"])
        except ValidationError as exc:
            errors.append(RowError(number, "เว็บไซต์", exc.messages[0]))
    if cleaned["email"]:
        try:
            validate_email(cleaned["email"])
        except ValidationError:
            errors.append(RowError(number, "อีเมลผู้ประสานงาน", f"“{cleaned['email'][:100]}” ไม่ใช่อีเมลที่ถูกต้อง"))
        if not cleaned["coordinator"]:
            errors.append(RowError(number, "ชื่อผู้ประสานงาน", "ต้องระบุชื่อผู้ประสานงานเมื่อมีอีเมล"))
    elif cleaned["coordinator"]:
        errors.append(RowError(number, "อีเมลผู้ประสานงาน", "ต้องระบุอีเมลเพื่อส่งคำเชิญให้ผู้ประสานงาน"))
    return cleaned


def _match(preview: OnboardingPreview, parsed: list[tuple[int, AgencyKey, dict[str, str]]]) -> None:
    known = known_agencies({key.province for _n, key, _v in parsed})
    coordinated = set(
        Membership.objects.filter(
            agency_id__in=[known[key] for _n, key, _v in parsed if key in known],
            role=Membership.Role.COORDINATOR,
            is_active=True,
        ).values_list("agency_id", flat=True)
    )
    members = set(
        Membership.objects.annotate(lowered=Lower("user__email"))
        .filter(agency_id__in=set(known.values()), lowered__in={v["email"] for _n, _k, v in parsed if v["email"]})
        .values_list("agency_id", "lowered")
    )
    for number, key, values in parsed:
        agency_id = known.get(key)
        fields = {"phone": values["phone"], "doc_prefix": values["doc_prefix"], "website_domain": values["website"]}
        invite = bool(values["email"]) and agency_id not in coordinated
        if invite and (agency_id, values["email"]) in members:
            preview.errors.append(
                RowError(
                    number,
                    "อีเมลผู้ประสานงาน",
                    f"{values['email']} เป็นสมาชิกของ{key.short_name}อยู่แล้ว ให้เปลี่ยนบทบาทในหน้าสมาชิกของหน่วยงานแทน",
                )
            )
            continue
        preview.rows.append(OnboardRow(number, key, agency_id, fields, values["coordinator"], values["email"], invite))


@transaction.atomic
def onboarding_import(*, preview: OnboardingPreview, user: Any) -> OnboardingResult:
    """Write a valid preview in one transaction; the invitations' e-mails are queued once it commits."""
    if not preview.ok:
        raise ValueError("a preview with errors cannot be imported")
    new = {row.key: {k: v for k, v in row.fields.items() if v} for row in preview.rows if row.agency_id is None}
    ids = create_agencies(list(new), fields=new)
    updated = _fill_blanks([row for row in preview.rows if row.agency_id is not None])
    invited = [row for row in preview.rows if row.invite]
    users, accounts_created = _users(invited)
    invitations = _invite(invited, ids, users, by=user, filename=preview.filename)
    transaction.on_commit(lambda: _queue(invitations), robust=True)
    return OnboardingResult(len(new), updated, accounts_created, invitations)


def _fill_blanks(rows: list[OnboardRow]) -> int:
    """Existing agencies get the file's phone, register code and website only where theirs are empty."""
    agencies = Agency.objects.in_bulk([row.agency_id for row in rows])
    changed = []
    for row in rows:
        agency = agencies[row.agency_id]
        fills = {name: value for name, value in row.fields.items() if value and not getattr(agency, name)}
        for name, value in fills.items():
            setattr(agency, name, value)
        if fills:
            changed.append(agency)
    Agency.objects.bulk_update(changed, ["phone", "doc_prefix", "website_domain"], batch_size=BATCH)
    return len(changed)


def _users(rows: list[OnboardRow]) -> tuple[dict[str, Any], int]:
    """The coordinators' accounts by e-mail: existing ones (any letter case), new ones without a password."""
    User = get_user_model()
    emails = {row.email for row in rows}
    # Latest first, so that the oldest account of an address shared by two is the one kept.
    found = User.objects.annotate(lowered=Lower("email")).filter(lowered__in=emails).order_by("-pk")
    existing = {user.lowered: user for user in found}
    unusable = make_password(None)  # one unusable hash: nobody can log in until they set a password
    new = {}
    for row in rows:
        if row.email not in existing and row.email not in new:
            first, last = _split_name(row.coordinator)
            new[row.email] = User(
                username=row.email, email=row.email, first_name=first, last_name=last, password=unusable
            )
    User.objects.bulk_create(list(new.values()), batch_size=BATCH)
    if any(u.pk is None for u in new.values()):  # databases that do not return ids from a bulk insert
        new = {u.email: u for u in User.objects.filter(email__in=list(new))}
    return {**existing, **new}, len(new)


def _split_name(name: str) -> tuple[str, str]:
    """ "นางสาวสมใจ ใจดี" → ("สมใจ", "ใจดี"): the title is not part of the name Django keeps."""
    for title in NAME_TITLES:
        if name.startswith(title) and len(name) > len(title):
            name = name[len(title) :].strip()
            break
    first, _, last = name.partition(" ")
    return first[:150], last.strip()[:150]


def _invite(
    rows: list[OnboardRow], ids: dict[AgencyKey, int], users: dict[str, Any], *, by: Any, filename: str
) -> list[int]:
    from members.models import Invitation, MembershipEvent
    from members.services import invitation_build

    memberships = [
        Membership(
            user=users[row.email],
            agency_id=row.agency_id or ids[row.key],
            role=Membership.Role.COORDINATOR,
            is_active=True,
        )
        for row in rows
    ]
    Membership.objects.bulk_create(memberships, batch_size=BATCH)
    if any(m.pk is None for m in memberships):
        pairs = Membership.objects.filter(role=Membership.Role.COORDINATOR, user__in=[m.user for m in memberships])
        by_pair = {(m.user_id, m.agency_id): m.pk for m in pairs}
        for membership in memberships:
            membership.pk = by_pair[(membership.user.pk, membership.agency_id)]
    now = timezone.now()
    invitations = [invitation_build(membership=m, by=by, now=now)[0] for m in memberships]
    Invitation.objects.bulk_create(invitations, batch_size=BATCH)
    author = by if by is not None and by.is_authenticated else None
    MembershipEvent.objects.bulk_create(
        [
            MembershipEvent(
                membership=membership,
                action=MembershipEvent.Action.INVITE,
                after={"email": membership.user.email, "role": membership.role, "onboarding": filename},
                user=author,
            )
            for membership in memberships
        ],
        batch_size=BATCH,
    )
    if any(i.pk is None for i in invitations):
        hashes = [i.token_hash for i in invitations]
        return list(Invitation.objects.filter(token_hash__in=hashes).values_list("pk", flat=True))
    return [invitation.pk for invitation in invitations]


def _queue(invitation_ids: list[int]) -> None:
    """One e-mail task per invitation, so that a failed send is retried alone (members.tasks)."""
    from members.tasks import send_invitation

    for invitation_id in invitation_ids:
        send_invitation.delay(invitation_id)
