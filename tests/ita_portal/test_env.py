import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from ita_portal import env

ROOT = Path(__file__).resolve().parents[2]


def test_booleans_accept_the_usual_spellings():
    assert env.env_bool("X", False, {"X": "yes"}) is True
    assert env.env_bool("X", True, {"X": "0"}) is False
    assert env.env_bool("X", True, {}) is True
    # The .env template lists variables empty: empty means "not set", never "off".
    assert env.env_bool("X", True, {"X": ""}) is True
    assert env.env_bool("X", True, {"X": "  "}) is True


@pytest.mark.parametrize(
    ("reader", "value", "name"),
    [
        (lambda e: env.env_bool("DEBUG", False, e), "maybe", "DEBUG"),
        (lambda e: env.env_int("EMAIL_PORT", 25, e), "twenty", "EMAIL_PORT"),
        (lambda e: env.env_database("DATABASE_URL", "sqlite:///x", e), "mysql://db/ita", "DATABASE_URL"),
        (lambda e: env.env_database("DATABASE_URL", "sqlite:///x", e), "postgres://host:notaport/db", "DATABASE_URL"),
        (lambda e: env.env_broker("CELERY_BROKER_URL", e), "localhost:6379", "CELERY_BROKER_URL"),
        (lambda e: env.env_email_backend("EMAIL_BACKEND", "console", e), "pigeon", "EMAIL_BACKEND"),
    ],
)
def test_a_bad_value_fails_with_the_variable_named(reader, value, name):
    key = name
    with pytest.raises(ImproperlyConfigured, match=name):
        reader({key: value})


def test_database_url_defaults_to_sqlite_and_accepts_postgres():
    assert env.env_database("DATABASE_URL", "sqlite:////tmp/x.sqlite3", {})["ENGINE"].endswith("sqlite3")
    config = env.env_database("DATABASE_URL", "sqlite:///x", {"DATABASE_URL": "postgres://u:p@db:5432/ita"})
    assert (config["ENGINE"], config["NAME"], config["HOST"], config["PORT"]) == (
        "django.db.backends.postgresql",
        "ita",
        "db",
        5432,
    )


def test_an_empty_broker_means_tasks_run_inline():
    assert env.env_broker("CELERY_BROKER_URL", {"CELERY_BROKER_URL": ""}) == ""
    assert env.env_broker("CELERY_BROKER_URL", {"CELERY_BROKER_URL": "redis://r:6379/0"}) == "redis://r:6379/0"


def test_the_dotenv_file_never_overrides_real_variables(tmp_path, monkeypatch):
    path = tmp_path / ".env"
    path.write_text("# comment\nITA_TEST_A=from-file\nITA_TEST_B='quoted'\n", encoding="utf-8")
    monkeypatch.setenv("ITA_TEST_A", "real")
    monkeypatch.delenv("ITA_TEST_B", raising=False)
    env.load_dotenv(path)
    assert os.environ["ITA_TEST_A"] == "real"
    assert os.environ["ITA_TEST_B"] == "quoted"
    monkeypatch.delenv("ITA_TEST_B")


def start_django(**overrides: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DEBUG": "1", "SECRET_KEY": "x" * 50, **overrides}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','ita_portal.settings'); django.setup()",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEBUG", "sometimes"),
        ("DATABASE_URL", "oracle://x/y"),
        ("CELERY_BROKER_URL", "redis"),
        ("EMAIL_BACKEND", "fax"),
    ],
)
def test_the_portal_refuses_to_start_with_a_bad_setting_and_names_it(variable, value):
    result = start_django(**{variable: value})
    assert result.returncode != 0
    assert variable in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_production_without_a_secret_key_refuses_to_start():
    result = start_django(DEBUG="0", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_the_settings_are_thai_and_in_bangkok_time(settings):
    assert (settings.LANGUAGE_CODE, settings.TIME_ZONE, settings.USE_TZ) == ("th", "Asia/Bangkok", True)


def test_production_settings_pass_djangos_deployment_checks():
    """With the .env template's empty values and DEBUG=0, `manage.py check --deploy` reports nothing."""
    production = {
        "DEBUG": "0",
        "SECRET_KEY": "k3y-" + "x7Qp" * 15,
        "ALLOWED_HOSTS": "ita.example.go.th",
        "SECURE_COOKIES": "",
        "SECURE_SSL_REDIRECT": "",
        "SECURE_HSTS_SECONDS": "",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        # DJANGO_ALLOW_ASYNC_UNSAFE belongs to the browser tests' harness (tests/e2e/conftest.py), not production.
        env={**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}, **production},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
