"""A province-sized dataset for the load test: 200 agencies × 30 measures × 2 rounds, 1,000 users.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ita_load MEDIA_ROOT=/tmp/ita_load_media \\
        .venv/bin/python bench/load/make_dataset.py --users-out var/load/users.json

Run by bench/load/run.sh after `migrate` and `load_catalogue`; refuses any database but
`ita_load`, and does nothing (but rewrite the users file) when the province is already there.

Per agency (one province, ten districts): three departments; five people — a coordinator, two
approvers (head of office, then the mayor: the agency's two-step approval chain) and two staff
(สำนักปลัด, กองคลัง); a 2566 plan of 30 measures whose texts and results repeat the demo
agencies' (ita_portal/demo/data), each tied to an OIT item of ITA 2566 and one department, with
6- and 12-month progress; an ITA 2566 result (indicators 1–8 and every OIT item, recomputed like
an import) for the analysis page; one finished 12-month report (the agency's own snapshot, but
the PDF bytes rendered once for the first agency and copied: the memos only need a file to
attach); and 12 submitted memos, 8 waiting for the head of office and 4 for the mayor.

Every user has the password PASSWORD, hashed once with the project's real hasher (PBKDF2) and the
same hash set on all 1,000 rows, so logging in costs what it costs in production.
Rows are written with bulk_create; it takes well under a minute.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings")

PROVINCE = "นครราชสีมา"
DISTRICTS = ["เมืองนครราชสีมา", "ปากช่อง", "สีคิ้ว", "โชคชัย", "ครบุรี", "พิมาย", "ปักธงชัย", "สูงเนิน", "บัวใหญ่", "ด่านขุนทด"]
AGENCIES = 200
MEASURES = 30
FISCAL_YEAR = 2566  # the plan's year and the assessment's year (ITA 2566)
MEMOS_AT_HEAD, MEMOS_AT_MAYOR = 8, 4
PASSWORD = "ita-load-2569"
DEPARTMENTS = ["สำนักปลัด", "กองคลัง", "กองช่าง"]
STATUSES = ["done", "done", "in_progress", "not_started"]


def _setup() -> None:
    import django

    django.setup()
    from django.db import connection

    name = connection.settings_dict["NAME"]
    if name != "ita_load":
        sys.exit(f"refusing to write the load-test dataset into database {name!r}: only ita_load")


def _demo_measures() -> list[dict]:
    """The demo agencies' measures (real Thai texts) with their progress, in a stable order."""
    rows = []
    for path in sorted((ROOT / "ita_portal" / "demo" / "data").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for plan in data["plans"]:
            rows += [m for m in plan["measures"] if m.get("section", "measure") == "measure"]
    return rows


def build(rng: random.Random) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from assessments.models import Agency, Assessment, Department, FrameworkVersion, IndicatorScore, ItemResult
    from assessments.models import Membership as M
    from assessments.scoring import assessment_recompute
    from measures.models import Measure, MeasurePlan, Progress
    from reports import services as documents
    from reports.memos.services import memo_defaults
    from reports.models import (
        ApprovalChain,
        ApprovalChainStep,
        GeneratedDocument,
        Memo,
        MemoCounter,
        MemoEvent,
        MemoStep,
    )

    User = get_user_model()
    framework = FrameworkVersion.objects.get(year=FISCAL_YEAR)
    indicators = {i.number: i for i in framework.indicators.all()}
    oit_items = list(framework.items.filter(indicator__tool__code="OIT").select_related("indicator").order_by("order"))
    sources = _demo_measures()
    password = make_password(PASSWORD)  # once: PBKDF2 with the project's iterations
    started = time.monotonic()

    with transaction.atomic():
        agencies = Agency.objects.bulk_create(
            Agency(
                name=f"ทดสอบภาระ{n:03d}",
                type=Agency.Type.SAO if n % 4 else Agency.Type.SUBDISTRICT_MUNICIPALITY,
                district=DISTRICTS[n % len(DISTRICTS)],
                province=PROVINCE,
                phone="๐ ๔๔๐๐ ๐๐๐๐",
                doc_prefix=f"นม {n:05d}",
            )
            for n in range(1, AGENCIES + 1)
        )
        departments = Department.objects.bulk_create(
            Department(agency=a, name=name, order=order) for a in agencies for order, name in enumerate(DEPARTMENTS)
        )
        dept = {(d.agency_id, d.order): d for d in departments}

        people = []  # (agency, suffix, role, department order or None, position, first, last)
        for a in agencies:
            people += [
                (a, "coord", M.Role.COORDINATOR, 0, "นิติกรชำนาญการ", "ผู้ประสานงาน", a.name),
                (a, "head", M.Role.APPROVER, None, f"หัวหน้าสำนักปลัด {a.short_name}", "หัวหน้าสำนักปลัด", a.name),
                (a, "mayor", M.Role.APPROVER, None, f"นายก{a.full_name}", "นายก", a.name),
                (a, "office", M.Role.STAFF, 0, "เจ้าหน้าที่สำนักปลัด", "เจ้าหน้าที่สำนักปลัด", a.name),
                (a, "finance", M.Role.STAFF, 1, "เจ้าหน้าที่กองคลัง", "เจ้าหน้าที่กองคลัง", a.name),
            ]
        users = User.objects.bulk_create(
            User(
                username=f"load{a.pk}.{suffix}",
                first_name=first,
                last_name=last,
                email=f"load{a.pk}.{suffix}@example.invalid",
                password=password,
            )
            for a, suffix, _, _, _, first, last in people
        )
        M.objects.bulk_create(
            M(
                user=u,
                agency=a,
                role=role,
                department=dept[(a.pk, order)] if order is not None else None,
                position_title=position,
            )
            for u, (a, _, role, order, position, _, _) in zip(users, people, strict=True)
        )
        user_of = {(a.pk, suffix): u for u, (a, suffix, *_) in zip(users, people, strict=True)}

        plans = MeasurePlan.objects.bulk_create(
            MeasurePlan(agency=a, fiscal_year=FISCAL_YEAR, framework=framework) for a in agencies
        )
        measures = []
        for plan in plans:
            for number in range(1, MEASURES + 1):
                source = sources[(number - 1) % len(sources)]
                measures.append(
                    Measure(
                        plan=plan,
                        number=number,
                        title=source["title"],
                        steps=source.get("steps", ""),
                        responsible_text=source.get("responsible", ""),
                        period_text=source.get("period_text", ""),
                        monitoring=source.get("monitoring", ""),
                    )
                )
        measures = Measure.objects.bulk_create(measures, batch_size=2000)
        item_links, indicator_links, department_links, progress = [], [], [], []
        for measure in measures:
            item = oit_items[(measure.number - 1) % len(oit_items)]
            item_links.append(Measure.items.through(measure_id=measure.pk, item_id=item.pk))
            indicator_links.append(Measure.indicators.through(measure_id=measure.pk, indicator_id=item.indicator_id))
            department = dept[(measure.plan.agency_id, (measure.number - 1) % len(DEPARTMENTS))]
            department_links.append(Measure.departments.through(measure_id=measure.pk, department_id=department.pk))
            source = sources[(measure.number - 1) % len(sources)]
            texts = next(iter(source.get("progress", {}).values()), {})
            for round_ in (6, 12):
                status = rng.choice(STATUSES)
                progress.append(
                    Progress(
                        measure=measure,
                        round=round_,
                        status=status,
                        summary=texts.get("summary", "") if status != "not_started" else "",
                        outcome=texts.get("outcome", "") if status == "done" else "",
                    )
                )
        Measure.items.through.objects.bulk_create(item_links, batch_size=5000)
        Measure.indicators.through.objects.bulk_create(indicator_links, batch_size=5000)
        Measure.departments.through.objects.bulk_create(department_links, batch_size=5000)
        Progress.objects.bulk_create(progress, batch_size=5000)

        assessments = Assessment.objects.bulk_create(
            Assessment(agency=a, fiscal_year=FISCAL_YEAR, framework=framework, source="ชุดข้อมูลทดสอบภาระ")
            for a in agencies
        )
        IndicatorScore.objects.bulk_create(
            (
                IndicatorScore(assessment=s, indicator=indicators[n], score=Decimal(rng.randint(6000, 10000)) / 100)
                for s in assessments
                for n in range(1, 9)
            ),
            batch_size=5000,
        )
        ItemResult.objects.bulk_create(
            (
                ItemResult(
                    assessment=s,
                    item=item,
                    score=Decimal(100 if rng.random() < 0.8 else 0),
                    urls=[f"https://www.example.go.th/ita/{item.code.lower()}"],
                    comment=f"ความเห็นของผู้ตรวจ ข้อ {item.code}",
                )
                for s in assessments
                for item in oit_items
            ),
            batch_size=5000,
        )
        for s in assessments:
            assessment_recompute(assessment=s)

        chains = ApprovalChain.objects.bulk_create(
            ApprovalChain(agency=a, name="เสนอรายงานผลต่อผู้บริหาร", is_default=True) for a in agencies
        )
        chain_steps = ApprovalChainStep.objects.bulk_create(
            step
            for c in chains
            for step in (
                ApprovalChainStep(
                    chain=c,
                    order=1,
                    heading="ความเห็นของหัวหน้าสำนักปลัด",
                    position_title="หัวหน้าสำนักปลัด",
                    user=user_of[(c.agency_id, "head")],
                    decisions=["agree", "comment"],
                ),
                ApprovalChainStep(
                    chain=c,
                    order=2,
                    heading="ความเห็นของนายก",
                    position_title="นายก",
                    user=user_of[(c.agency_id, "mayor")],
                    decisions=["acknowledge", "approve"],
                ),
            )
        )

    print(f"agencies, people, plans, results: {time.monotonic() - started:.1f} s", flush=True)

    # One finished 12-month report per agency to attach to its memos (see the module docstring).
    first = documents.document_render_now(
        agency=agencies[0], kind="progress", fiscal_year=FISCAL_YEAR, round=12, layout="", user=None
    )
    pdf = first.file.read()
    media = Path(os.environ.get("MEDIA_ROOT", ROOT / "var" / "media"))
    docs = [first]
    for a in agencies[1:]:
        _, round_, layout, snapshot = documents.document_build(
            agency=a, kind="progress", fiscal_year=FISCAL_YEAR, round=12, layout=""
        )
        name = f"documents/{a.pk}/load-progress-{a.pk}.pdf"
        (media / name).parent.mkdir(parents=True, exist_ok=True)
        (media / name).write_bytes(pdf)
        docs.append(
            GeneratedDocument(
                agency=a,
                kind="progress",
                fiscal_year=FISCAL_YEAR,
                round=round_,
                layout=layout,
                version=1,
                snapshot=snapshot,
                status=GeneratedDocument.Status.DONE,
                file=name,
                sha256=first.sha256,
                pages=first.pages,
                render_seconds=first.render_seconds,
                attempts=1,
                requested_by=user_of[(a.pk, "coord")],
                started_at=first.started_at,
                finished_at=first.finished_at,
            )
        )
    GeneratedDocument.objects.bulk_create(docs[1:])
    print(f"documents: {time.monotonic() - started:.1f} s", flush=True)

    steps_of = {}
    for step in chain_steps:
        steps_of.setdefault(step.chain_id, []).append(step)
    now = timezone.now()
    today = timezone.localdate()
    year = today.year + 543
    with transaction.atomic():
        memos, texts = [], {}
        for a, chain, document in zip(agencies, chains, docs, strict=True):
            coordinator = user_of[(a.pk, "coord")]
            texts[a.pk] = memo_defaults(agency=a, user=coordinator, documents=[document])
            for seq in range(1, MEMOS_AT_HEAD + MEMOS_AT_MAYOR + 1):
                fields = {k: v for k, v in texts[a.pk].items() if k != "chain"}
                fields["subject"] = f"{fields['subject']} (ชุดที่ {seq})"
                memos.append(
                    Memo(
                        agency=a,
                        chain=chain,
                        requester=coordinator,
                        number_year=year,
                        number_seq=seq,
                        memo_date=today,
                        status=Memo.Status.SUBMITTED,
                        round=1,
                        current_step=1 if seq <= MEMOS_AT_HEAD else 2,
                        **fields,
                    )
                )
        memos = Memo.objects.bulk_create(memos, batch_size=1000)
        by_agency = {a.pk: d for a, d in zip(agencies, docs, strict=True)}
        Memo.documents.through.objects.bulk_create(
            Memo.documents.through(memo_id=m.pk, generateddocument_id=by_agency[m.agency_id].pk) for m in memos
        )
        MemoCounter.objects.bulk_create(
            MemoCounter(agency=a, year=year, last=MEMOS_AT_HEAD + MEMOS_AT_MAYOR) for a in agencies
        )
        memo_steps, events = [], []
        for m in memos:
            events.append(MemoEvent(memo=m, action=MemoEvent.Action.SUBMIT, user=m.requester, round=1))
            for step in steps_of[m.chain_id]:
                acted = step.order < m.current_step
                memo_steps.append(
                    MemoStep(
                        memo=m,
                        round=1,
                        order=step.order,
                        heading=step.heading,
                        position_title=step.position_title,
                        user=step.user,
                        decisions=step.decisions,
                        acted_by=step.user if acted else None,
                        acted_name=step.user.get_full_name() if acted else "",
                        decision=step.decisions[0] if acted else "",
                        acted_at=now if acted else None,
                    )
                )
                if acted:
                    events.append(MemoEvent(memo=m, action=MemoEvent.Action.ACT, user=step.user, round=1, step=1))
        MemoStep.objects.bulk_create(memo_steps, batch_size=5000)
        MemoEvent.objects.bulk_create(events, batch_size=5000)
    print(f"memos: {time.monotonic() - started:.1f} s", flush=True)
    # Fresh planner statistics, as a database in use has: right after a bulk load PostgreSQL still
    # believes the tables are nearly empty and picks hash joins over whole tables (8 ms instead of 0.6 ms
    # for the plan page's progress prefetch).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def write_users(path: Path) -> None:
    """The users file locust reads: one entry per person, with the ids their journey needs."""
    from django.db.models import F

    from assessments.models import Membership
    from measures.models import Measure
    from reports.models import MemoStep

    measures: dict[int, list[tuple[int, int]]] = {}  # agency → (measure id, department id)
    for pk, agency_id, department_id in Measure.objects.filter(
        plan__agency__province=PROVINCE, plan__fiscal_year=FISCAL_YEAR
    ).values_list("pk", "plan__agency_id", "departments"):
        measures.setdefault(agency_id, []).append((pk, department_id))
    waiting: dict[int, list[int]] = {}
    for memo_id, user_id in MemoStep.objects.filter(
        memo__agency__province=PROVINCE,
        memo__status="submitted",
        memo__round=F("round"),
        memo__current_step=F("order"),
    ).values_list("memo_id", "user_id"):
        waiting.setdefault(user_id, []).append(memo_id)
    users = []
    for m in Membership.objects.filter(agency__province=PROVINCE).select_related("user").order_by("agency_id", "pk"):
        own = measures.get(m.agency_id, [])
        if m.role == Membership.Role.COORDINATOR:
            editable = [pk for pk, _ in own]
        elif m.role == Membership.Role.STAFF:
            editable = [pk for pk, d in own if d == m.department_id]
        else:
            editable = []
        users.append(
            {
                "username": m.user.username,
                "role": m.role,
                "agency_id": m.agency_id,
                "fiscal_year": FISCAL_YEAR,
                "assessment_year": FISCAL_YEAR,
                "measure_ids": editable,
                "memo_ids": sorted(waiting.get(m.user_id, [])),  # waiting at their step now
            }
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"password": PASSWORD, "users": users}, ensure_ascii=False, indent=1), encoding="utf-8")
    roles = {r: sum(1 for u in users if u["role"] == r) for r in sorted({u["role"] for u in users})}
    print(f"wrote {path}: {len(users)} users {roles}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users-out", type=Path, default=ROOT / "var" / "load" / "users.json")
    parser.add_argument("--seed", type=int, default=2569)
    args = parser.parse_args()
    _setup()
    from assessments.models import Agency

    existing = Agency.objects.filter(province=PROVINCE).count()
    if existing >= AGENCIES:
        print(f"the province is already loaded ({existing} agencies); only the users file is rewritten")
    elif existing:
        sys.exit(f"{existing} agencies of {PROVINCE} found: a half-loaded dataset; drop ita_load and run again")
    else:
        started = time.monotonic()
        build(random.Random(args.seed))
        print(f"dataset built in {time.monotonic() - started:.1f} s")
    write_users(args.users_out)


if __name__ == "__main__":
    main()
