from measures.models import Progress, Round
from measures.selectors import plans_for_user, status_counts
from tests.factories import MeasureFactory, MembershipFactory, PlanFactory, ProgressFactory


def test_status_counts_count_each_round_and_the_measures_not_reported(db):
    plan = PlanFactory()
    done, doing, _silent = (MeasureFactory(plan=plan) for _ in range(3))
    ProgressFactory(measure=done, round=Round.SIX_MONTH, status=Progress.Status.DONE)
    ProgressFactory(measure=doing, round=Round.SIX_MONTH, status=Progress.Status.IN_PROGRESS)
    ProgressFactory(measure=done, round=Round.TWELVE_MONTH, status=Progress.Status.DONE)
    member = MembershipFactory(agency=plan.agency)

    plans = list(plans_for_user(member.user))
    counts = status_counts(plans)[plan.pk]

    assert counts[6] == {"done": 1, "in_progress": 1, "missing": 1}
    assert counts[12] == {"done": 1, "missing": 2}


def test_plans_for_user_never_include_another_agency(db):
    own = PlanFactory()
    PlanFactory()
    member = MembershipFactory(agency=own.agency)
    assert list(plans_for_user(member.user)) == [own]
