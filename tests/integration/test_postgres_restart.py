"""PostgreSQL restarts under a running portal: the next requests succeed (issue 8, item 3).

A private PostgreSQL cluster (initdb in a temporary directory, its own port) so the shared one is
never restarted; the portal runs in gunicorn against it and a logged-in browser session (requests)
reads pages before and after `pg_ctl restart -m fast`. The same drill with CONN_HEALTH_CHECKS off
shows that the health check is what turns the dead persistent connection into a fresh one.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests

from tests.celery_broker import free_port
from tests.integration.conftest import ROOT

pytestmark = [pytest.mark.integration]

PG_BIN = Path("/usr/lib/postgresql/15/bin")
PASSWORD = "drill-pass-2567-x"


def _as_postgres(*args: str | Path) -> None:
    # Output to a file, not a pipe: a server started by pg_ctl would hold the pipe open forever.
    with tempfile.TemporaryFile() as output:
        done = subprocess.run(
            ["runuser", "-u", "postgres", "--", *map(str, args)], stdout=output, stderr=subprocess.STDOUT, timeout=120
        )
        if done.returncode:
            output.seek(0)
            pytest.fail(f"{' '.join(map(str, args))} failed: {output.read().decode(errors='replace')}")


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)


class Cluster:
    def __init__(self) -> None:
        if not (PG_BIN / "initdb").exists() or shutil.which("runuser") is None:
            pytest.fail(f"PostgreSQL 15 binaries ({PG_BIN}) and runuser are needed for this drill")
        self.dir = Path(tempfile.mkdtemp(prefix="ita-pg-drill-"))
        shutil.chown(self.dir, "postgres", "postgres")
        self.data = self.dir / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/ita_drill"

    def start(self) -> None:
        _as_postgres(PG_BIN / "initdb", "-D", self.data, "-U", "postgres", "-A", "trust", "--no-sync")
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        _as_postgres(PG_BIN / "pg_ctl", "-D", self.data, "-o", options, "-l", self.dir / "log", "-w", "start")
        _as_postgres(PG_BIN / "createdb", "-h", "127.0.0.1", "-p", str(self.port), "ita_drill")

    def restart(self) -> None:
        _as_postgres(PG_BIN / "pg_ctl", "-D", self.data, "-l", self.dir / "log", "-m", "fast", "-w", "restart")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run(
                ["runuser", "-u", "postgres", "--", str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                 "-w", "stop"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60,
            )  # fmt: skip
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="module")
def cluster():
    cluster = Cluster()
    try:
        cluster.start()
        env = _portal_env(cluster, Path(cluster.dir))
        _manage(env, "migrate", "--noinput")
        _manage(
            env,
            "shell",
            "-c",
            f"from django.contrib.auth.models import User; User.objects.create_user('drill', '', '{PASSWORD}')",
        )
        yield cluster
    finally:
        cluster.stop()


def _portal_env(cluster: Cluster, media: Path, settings_module: str = "ita_portal.settings") -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": cluster.url,
        "CELERY_BROKER_URL": "",
        "DEBUG": "1",
        "MEDIA_ROOT": str(media / "media"),
        "DJANGO_SETTINGS_MODULE": settings_module,
        "PYTHONPATH": f"{media}{os.pathsep}{ROOT}",
    }


class Portal:
    """gunicorn with one worker process, so the request after the restart meets the old connection."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        with open(log, "w") as handle:
            self.process = subprocess.Popen(
                [str(ROOT / ".venv" / "bin" / "gunicorn"), "ita_portal.wsgi", "-b", f"127.0.0.1:{self.port}", "-w", "1",
                 "--timeout", "30"],
                cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(f"{self.base}/login/", timeout=2)
                return
            except requests.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"gunicorn did not start; see {log}")
                time.sleep(0.3)

    def login(self) -> requests.Session:
        session = requests.Session()
        form = session.get(f"{self.base}/login/", timeout=10).text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        response = session.post(
            f"{self.base}/login/",
            data={"username": "drill", "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.base}/login/"},
            timeout=10,
            allow_redirects=False,
        )
        assert response.status_code == 302, "the drill user could not log in"
        return session

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture
def portal(cluster, tmp_path):
    started: list[Portal] = []

    def start(settings_module: str = "ita_portal.settings") -> Portal:
        one = Portal(_portal_env(cluster, cluster.dir, settings_module), tmp_path / "gunicorn.log")
        started.append(one)
        return one

    yield start
    for one in started:
        one.stop()


def test_after_postgresql_restarts_the_next_requests_succeed(cluster, portal):
    site = portal()
    session = site.login()
    assert session.get(f"{site.base}/", timeout=10).status_code == 200

    cluster.restart()

    statuses = [session.get(f"{site.base}{path}", timeout=10).status_code for path in ("/", "/", "/health/")]
    assert statuses == [200, 200, 200]


def test_without_connection_health_checks_the_first_request_after_a_restart_fails(cluster, portal):
    """The control: CONN_MAX_AGE keeps the dead connection and only CONN_HEALTH_CHECKS notices it."""
    (cluster.dir / "drill_no_health_checks.py").write_text(
        "from ita_portal.settings import *  # noqa: F403\n"
        'DATABASES["default"]["CONN_HEALTH_CHECKS"] = False  # noqa: F405\n'
    )
    site = portal("drill_no_health_checks")
    session = site.login()
    assert session.get(f"{site.base}/", timeout=10).status_code == 200

    cluster.restart()

    statuses = [session.get(f"{site.base}/", timeout=10).status_code for _ in range(2)]
    assert statuses == [500, 200]
