"""factory_boy factories for every model the tests build."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from assessments.models import Agency, Assessment, Department, Membership
from measures.models import Measure, MeasurePlan, Progress, Round

PASSWORD = "test-password-123"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "สมชาย"
    last_name = factory.Sequence(lambda n: f"ทดสอบ{n}")
    password = factory.django.Password(PASSWORD)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"ทดสอบ{n}")
    type = Agency.Type.SAO
    district = "เมือง"
    province = "สตูล"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"กองที่ {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = Membership.Role.STAFF
    position_title = "เจ้าหน้าที่"


class OverseerFactory(MembershipFactory):
    agency = None
    role = Membership.Role.OVERSEER
    province = "สตูล"


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeasurePlan

    agency = factory.SubFactory(AgencyFactory)
    fiscal_year = 2566


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"มาตรการทดสอบที่ {n}")


class ProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Progress

    measure = factory.SubFactory(MeasureFactory)
    round = Round.TWELVE_MONTH
    status = Progress.Status.DONE


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    agency = factory.SubFactory(AgencyFactory)
    fiscal_year = 2564


# --- reports (round dashboard, export) ---


class EvidenceFactory(factory.django.DjangoModelFactory):
    """Evidence with a link; pass file="evidence/…/name.pdf" and original_name for a file (nothing is written)."""

    class Meta:
        model = "measures.Evidence"  # a string, so this appended block needs no change to the imports above

    progress = factory.SubFactory(ProgressFactory)
    title = "หลักฐานการดำเนินการ"
    url = factory.Sequence(lambda n: f"https://example.go.th/evidence/{n}")


# --- assessments: analysis and comparison ---


def scored_assessment(
    *,
    framework,
    indicators: dict[int, str] | None = None,
    items: dict[str, str] | None = None,
    **fields,
):
    """An assessment with published indicator scores and OIT item results, recomputed like an import.

    `indicators` maps an indicator number to its score, `items` an item code to 0 or 100; the rest
    (agency, fiscal_year, reported_total, …) goes to AssessmentFactory.
    """
    from decimal import Decimal

    from assessments.models import IndicatorScore, ItemResult
    from assessments.scoring import assessment_recompute

    assessment = AssessmentFactory(framework=framework, **fields)
    by_number = {i.number: i for i in framework.indicators.all()}
    IndicatorScore.objects.bulk_create(
        IndicatorScore(assessment=assessment, indicator=by_number[n], score=Decimal(s))
        for n, s in (indicators or {}).items()
    )
    by_code = {i.code: i for i in framework.items.all()}
    ItemResult.objects.bulk_create(
        ItemResult(assessment=assessment, item=by_code[code], score=Decimal(s), comment=f"ความเห็นของข้อ {code}")
        for code, s in (items or {}).items()
    )
    assessment_recompute(assessment=assessment)
    return assessment
