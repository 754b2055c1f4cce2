"""A demo memo for อบต.ทุ่งโพธิ์: its 12-month report sent up seed 000's chain, waiting for the head of office.

Loaded by `manage.py seed_demo --with-memo` (make run, make demo) so a new user finds something in
the approvers' inbox.  It renders one PDF, so the tests' demo fixture does not load it.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test.utils import override_settings

from assessments.models import Agency
from reports import services as documents
from reports.memos import services as memos
from reports.models import Memo


def demo_memo() -> Memo | None:
    """Create and submit the demo memo once; None if the agency already has a memo."""
    agency = Agency.objects.filter(name="ทุ่งโพธิ์").first()
    if agency is None or Memo.objects.filter(agency=agency).exists():
        return None
    legal = get_user_model().objects.get(username="thungpho.legal")
    document = documents.document_render_now(
        agency=agency, kind="progress", fiscal_year=2566, round=12, layout="seed000", user=legal
    )
    request = memos.Request(user=legal, ip="127.0.0.1", user_agent="seed_demo")
    data = memos.memo_defaults(agency=agency, user=legal, documents=[document])
    memo = memos.memo_create(agency=agency, request=request, data=data, documents=[document])
    # The demo's e-mail to the head of office would only clutter `make run`'s output.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        return memos.memo_submit(memo=memo, request=request)
