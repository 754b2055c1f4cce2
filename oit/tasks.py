"""Link checks of OIT answers in the background: on demand per answer or workspace, and nightly."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from oit.models import Link, Workspace


@shared_task(bind=True, acks_late=True, max_retries=2, default_retry_delay=30, soft_time_limit=900, time_limit=960)
def check_workspace_links(self, workspace_id: int) -> int:
    """Check every typed link of a workspace; returns how many links were checked. Idempotent."""
    checked = links_check(Link.objects.filter(answer__workspace_id=workspace_id, generated=False))
    Workspace.objects.filter(pk=workspace_id).update(links_check_done_at=timezone.now())
    return checked


@shared_task(bind=True, acks_late=True, max_retries=2, default_retry_delay=30, soft_time_limit=120, time_limit=150)
def check_answer_links(self, answer_id: int) -> int:
    return links_check(Link.objects.filter(answer_id=answer_id, generated=False))


@shared_task(soft_time_limit=3 * 3600, time_limit=3 * 3600 + 60)
def check_published_links_nightly() -> int:
    """Celery beat's nightly run: every workspace's links, so a page that disappeared shows up by morning."""
    total = 0
    for workspace_id in Workspace.objects.values_list("pk", flat=True).order_by("pk"):
        total += check_workspace_links.run(workspace_id)
    return total


def links_check(links) -> int:
    """Check the links (grouped by workspace, so each uses its agency's domain and year) and store the results."""
    from oit.linkcheck import Policy, check_urls

    policy = Policy.from_settings()
    rows = list(links.select_related("answer__workspace__agency"))
    by_workspace: dict[int, list[Link]] = {}
    for link in rows:
        by_workspace.setdefault(link.answer.workspace_id, []).append(link)
    for group in by_workspace.values():
        workspace = group[0].answer.workspace
        reports = check_urls(
            [link.url for link in group],
            agency_domain=workspace.agency.website_domain,
            fiscal_year=workspace.fiscal_year,
            policy=policy,
        )
        with transaction.atomic():
            for link in group:
                report = reports[link.url]
                Link.objects.filter(pk=link.pk, url=link.url).update(
                    checked_at=report.checked_at,
                    check_ok=report.ok,
                    http_status=report.status,
                    redirects=list(report.redirects),
                    final_url=report.final_url[:1000],
                    content_type=report.content_type[:200],
                    on_agency_domain=report.on_agency_domain,
                    mentions_year=report.mentions_year,
                    reasons=list(report.reasons),
                )
    return len(rows)
