"""Load the five source agencies of the seed documents as demo data (idempotent).

The Thai text comes from ita_portal/demo/data/*.json, which extract_seeds.py
made from the seed documents verbatim. Everything is keyed by natural keys
(agency name + district + province, plan year, measure number …), so running
it again updates in place and never duplicates.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from assessments.models import (
    Agency,
    Assessment,
    Department,
    FrameworkVersion,
    Indicator,
    IndicatorScore,
    Item,
    ItemResult,
    Membership,
)
from assessments.scoring import assessment_recompute
from assessments.titles import head_title
from measures.models import Measure, MeasurePlan, Progress, Round
from reports.models import ApprovalChain, ApprovalChainStep

DATA_DIR = Path(__file__).resolve().parent / "data"
DEMO_PASSWORD = "ita-demo-2567"
# Not in the seeds, but every อบต. has one; it gives staff a department whose measures are not theirs.
EXTRA_DEPARTMENT = "กองช่าง"
AGENCY_TYPES = {label: value for value, label in Agency.Type.choices}
ROUNDS = {"six_month": Round.SIX_MONTH, "twelve_month": Round.TWELVE_MONTH}
DECISION_WORDS = {label: value for value, label in ApprovalChainStep.Decision.choices}
SEED_KEYS = {
    "000_thungpho": "thungpho",
    "001_wangprachan": "wangprachan",
    "002_khuankalong": "khuankalong",
    "003_chanthapphet": "chanthapphet",
    "004_robwiang": "robwiang",
}
# The people of seed 000 get logins named after their desk; the rest are demo accounts.
SEED_000_LOGINS = {
    "นายบัญชา เพชรอนันต์": "thungpho.legal",
    "นายศิวะกานท์ ชูทอง": "thungpho.head",
    "สืบเอกประจบ เพชรฤทธิ์": "thungpho.palad",
    "นายสุชาติ เกิดศิริ": "thungpho.mayor",
}


@dataclass
class Login:
    username: str
    name: str
    role: str
    where: str


@dataclass
class DemoResult:
    logins: list[Login] = field(default_factory=list)
    unlinked_codes: list[str] = field(default_factory=list)


@transaction.atomic
def demo_load() -> DemoResult:
    """Create or update the five demo agencies, their people, results, plans and progress."""
    if not FrameworkVersion.objects.exists():
        raise RuntimeError("load the ITA catalogue first: manage.py load_catalogue")
    result = DemoResult()
    for stem, key in SEED_KEYS.items():
        data = json.loads((DATA_DIR / f"{stem}.json").read_text(encoding="utf-8"))
        agency = _agency(data["agency"])
        departments = _departments(agency, data["departments"])
        _people(agency, key, data, departments, result)
        if "assessment" in data:
            _assessment(agency, data["assessment"], stem)
        for plan in data["plans"]:
            _plan(agency, plan, data.get("document_intro", ""), departments, result)
        if "approval_chain" in data:
            _chain(agency, data["approval_chain"])
    _overseer(result)
    _admin(result)
    from ita_portal.demo.current import demo_current_cycle
    from ita_portal.demo.oit import demo_oit_workspace

    demo_current_cycle()
    demo_oit_workspace()
    return result


def _agency(data: dict[str, Any]) -> Agency:
    agency, _ = Agency.objects.update_or_create(
        type=AGENCY_TYPES[data["type"]],
        name=data["name"],
        district=data["district"],
        province=data["province"],
        defaults={"phone": data.get("phone", ""), "doc_prefix": data.get("doc_prefix", "")},
    )
    return agency


def _departments(agency: Agency, names: list[str]) -> dict[str, Department]:
    ordered = ["สำนักปลัด", "กองคลัง", EXTRA_DEPARTMENT]
    ordered += [n for n in names if n not in ordered]
    return {
        name: Department.objects.update_or_create(agency=agency, name=name, defaults={"order": order})[0]
        for order, name in enumerate(ordered)
    }


def _user(username: str, full_name: str) -> Any:
    first, _, last = full_name.partition(" ")
    # example.invalid never delivers: the console mail backend shows what would be sent.
    user, created = get_user_model().objects.update_or_create(
        username=username, defaults={"first_name": first, "last_name": last, "email": f"{username}@example.invalid"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _member(
    result: DemoResult,
    agency: Agency,
    username: str,
    name: str,
    role: str,
    department: Department | None,
    position: str,
) -> Any:
    user = _user(username, name)
    Membership.objects.update_or_create(
        user=user, agency=agency, defaults={"role": role, "department": department, "position_title": position}
    )
    label = Membership.Role(role).label
    result.logins.append(Login(username, name, f"{label} – {position}", agency.short_name))
    return user


def _people(
    agency: Agency, key: str, data: dict[str, Any], departments: dict[str, Department], result: DemoResult
) -> None:
    office, finance, works = departments["สำนักปลัด"], departments["กองคลัง"], departments[EXTRA_DEPARTMENT]
    if "people" in data:
        for person in data["people"]:
            department = office if person["role"] == "coordinator" or "สำนักปลัด" in person["position"] else None
            _member(
                result,
                agency,
                SEED_000_LOGINS[person["name"]],
                person["name"],
                person["role"],
                department,
                person["position"],
            )
    else:
        _member(
            result, agency, f"{key}.coord", f"ผู้ประสานงาน {agency.short_name}", "coordinator", office, "นิติกร (บัญชีตัวอย่าง)"
        )
        _member(
            result,
            agency,
            f"{key}.mayor",
            f"ผู้บริหาร {agency.short_name}",
            "approver",
            None,
            f"{head_title(agency)} (บัญชีตัวอย่าง)",
        )
    for suffix, department in (("office", office), ("finance", finance), ("works", works)):
        _member(
            result,
            agency,
            f"{key}.{suffix}",
            f"เจ้าหน้าที่{department.name} {agency.short_name}",
            "staff",
            department,
            f"เจ้าหน้าที่{department.name} (บัญชีตัวอย่าง)",
        )


def _assessment(agency: Agency, data: dict[str, Any], stem: str) -> None:
    framework = FrameworkVersion.objects.get(year=data["year"])
    reported = data.get("reported", {})
    assessment, _ = Assessment.objects.update_or_create(
        agency=agency,
        fiscal_year=data["year"],
        defaults={
            "framework": framework,
            "source": "ข้อมูลตัวอย่างจากเอกสารที่หน่วยงานเผยแพร่",
            "reported_total": _decimal(reported.get("total")),
            "reported_iit": _decimal(reported.get("IIT")),
            "reported_eit": _decimal(reported.get("EIT")),
            "reported_oit": _decimal(reported.get("OIT")),
        },
    )
    indicators = {i.number: i for i in framework.indicators.all()}
    for number, score in data["indicators"].items():
        IndicatorScore.objects.update_or_create(
            assessment=assessment, indicator=indicators[int(number)], defaults={"score": Decimal(score)}
        )
    items = {i.code: i for i in framework.items.all()}
    for row in data.get("items", []):
        ItemResult.objects.update_or_create(
            assessment=assessment,
            item=items[row["code"]],
            defaults={
                "score": Decimal(row["score"]),
                "comment": row["comment"],
                "decision": row["decision"],
                "decision_date": row["decision_date"],
            },
        )
    assessment_recompute(assessment=assessment)


def _plan(
    agency: Agency, data: dict[str, Any], intro: str, departments: dict[str, Department], result: DemoResult
) -> None:
    framework = FrameworkVersion.objects.filter(year=data["framework_year"]).first() if data["framework_year"] else None
    plan, _ = MeasurePlan.objects.update_or_create(
        agency=agency, fiscal_year=data["fiscal_year"], defaults={"framework": framework, "intro": intro}
    )
    for row in data["measures"]:
        measure, _ = Measure.objects.update_or_create(
            plan=plan,
            number=row["number"],
            defaults={
                "section": row["section"],
                "title": row["title"],
                "issue": row.get("issue", ""),
                "steps": row.get("steps", ""),
                "responsible_text": row.get("responsible", ""),
                "period_text": row.get("period_text", ""),
                "period_start": row.get("period_start"),
                "period_end": row.get("period_end"),
                "monitoring": row.get("monitoring", ""),
            },
        )
        measure.departments.set([departments[name] for name in row.get("departments", [])])
        measure.indicators.set(
            Indicator.objects.filter(framework=framework, number=row["indicator"])
            if framework and row.get("indicator")
            else []
        )
        items = list(Item.objects.filter(framework=framework, code__in=row.get("items", []))) if framework else []
        missing = set(row.get("items", [])) - {i.code for i in items}
        result.unlinked_codes += [f"{agency.short_name} มาตรการที่ {row['number']}: {code}" for code in sorted(missing)]
        measure.items.set(items)
        for round_key, progress in row.get("progress", {}).items():
            Progress.objects.update_or_create(
                measure=measure,
                round=ROUNDS[round_key],
                defaults={
                    "status": progress["status"],
                    "summary": progress.get("summary", ""),
                    "outcome": progress.get("outcome", ""),
                },
            )


def _chain(agency: Agency, data: dict[str, Any]) -> None:
    chain, _ = ApprovalChain.objects.update_or_create(agency=agency, name=data["name"], defaults={"is_default": True})
    users = {name: get_user_model().objects.get(username=login) for name, login in SEED_000_LOGINS.items()}
    for step in data["steps"]:
        ApprovalChainStep.objects.update_or_create(
            chain=chain,
            order=step["order"],
            defaults={
                "heading": step["heading"],
                "position_title": step["position"],
                "user": users[step["person"]],
                "decisions": [DECISION_WORDS[word] for word in step["decisions"]],
                "comment_required": False,
            },
        )


def _overseer(result: DemoResult) -> None:
    user = _user("satun.overseer", "ผู้กำกับดูแล สถ.จ.สตูล")
    Membership.objects.update_or_create(
        user=user,
        role=Membership.Role.OVERSEER,
        province="สตูล",
        defaults={"agency": None, "position_title": "ท้องถิ่นจังหวัดสตูล (บัญชีตัวอย่าง)"},
    )
    result.logins.append(Login("satun.overseer", "ผู้กำกับดูแล สถ.จ.สตูล", "ผู้กำกับดูแลระดับจังหวัด", "จังหวัดสตูล"))


def _admin(result: DemoResult) -> None:
    user = _user("admin", "ผู้ดูแลระบบ")
    if not user.is_superuser:
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    result.logins.append(Login("admin", "ผู้ดูแลระบบ", "Django admin (/admin/)", "ทั้งระบบ"))


def _decimal(value: str | None) -> Decimal | None:
    return None if value in (None, "") else Decimal(value)
