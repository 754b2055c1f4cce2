"""Shared fixtures. Tests not marked `integration` run Celery tasks inline."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from ita_portal.celery import app as celery_app
from tests.linechannel.server import line_api  # noqa: F401 (a fixture: the stand-in LINE Messaging API)
from tests.reports.memo_support import thungpho  # noqa: F401 (a fixture: seed 000's agency and people)


@pytest.fixture(autouse=True)
def _celery_inline_unless_integration(request: pytest.FixtureRequest):
    """Unit tests run tasks eagerly; integration tests go through the real broker and worker."""
    eager = request.node.get_closest_marker("integration") is None
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = eager
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2's deliberate slowness protects real passwords, not test ones."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def catalogue(db):
    """All bundled ITA catalogues, loaded as `manage.py load_catalogue` does."""
    call_command("load_catalogue", verbosity=0)
    from assessments.models import FrameworkVersion

    return {f.year: f for f in FrameworkVersion.objects.all()}


@pytest.fixture
def demo(catalogue):
    """The five seed agencies, as `manage.py seed_demo` loads them."""
    call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    from assessments.models import Agency

    return {a.name: a for a in Agency.objects.all()}


@pytest.fixture(scope="session")
def _signing_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("signing")


@pytest.fixture(autouse=True)
def _development_signing_key_outside_the_checkout(settings, _signing_dir):
    """Memo PDFs are signed with a development key made once per test run, not in the checkout's var/."""
    settings.MEMO_SIGNING_DIR = str(_signing_dir)
