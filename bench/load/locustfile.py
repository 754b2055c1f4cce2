"""The load test's mixed journey: staff, coordinators and approvers of a province, as browsers would.

    .venv/bin/locust -f bench/load/locustfile.py --headless -u 50 -r 5 -t 5m --host http://127.0.0.1:8731

Reads the users file of bench/load/make_dataset.py (LOAD_USERS, default var/load/users.json).
Each simulated user takes an account of its role that no other simulated user holds, logs in
(GET the form, POST it with the CSRF token), works for 8–16 tasks with a think time of
LOAD_WAIT seconds (default "1,4") between them, logs out and takes another account.

Requests are named per page so the statistics group by page:
  log in (form), log in (POST), home page, plan page, progress form, progress update (POST),
  analysis page, report form, report request (POST), report status page, report status (poll),
  report download, inbox, memo page, approve (POST), log out.
"report status (poll)" is the page's own htmx polling every 0.5 s while a document renders: it
is recorded, but it is not a page a person waits for; "report ready" (a custom entry, type WAIT)
is the time from the click to the download button appearing.

A page is a success only with status 200 and its own Thai <title> (a redirect to the login page
is a failure). Two answers are correct and counted apart, not as failures: an approval refused
with 409 because someone acted first ("approve (409 someone acted first)"), and a progress save
refused because another person saved the same progress meanwhile ("progress update (edit conflict)").
"""

from __future__ import annotations

import json
import os
import random
import re
import time
from pathlib import Path

from locust import HttpUser, between, events, task
from locust.exception import StopUser

ROOT = Path(__file__).resolve().parents[2]
USERS_FILE = Path(os.environ.get("LOAD_USERS", ROOT / "var" / "load" / "users.json"))
WAIT = tuple(float(x) for x in os.environ.get("LOAD_WAIT", "1,4").split(","))
REPORT_TIMEOUT = 180  # seconds a simulated coordinator keeps the status page open
POLL_EVERY = 0.5  # the status page's hx-trigger

_data = json.loads(USERS_FILE.read_text(encoding="utf-8"))
PASSWORD = _data["password"]
_free: dict[str, list[dict]] = {}
for _user in _data["users"]:
    _free.setdefault(_user["role"], []).append(_user)
for _pool in _free.values():
    random.shuffle(_pool)
# Approvers with memos waiting at their step first (earlier runs used up some approvers' memos).
_free.get("approver", []).sort(key=lambda u: not u["memo_ids"])

# Every request as a line "seconds since start, type, name, ms, ok" (LOAD_LOG), so that
# bench/load/summary.py can give the figures of the steady state apart from the logging-in at the start.
_log = open(os.environ["LOAD_LOG"], "w", encoding="utf-8") if os.environ.get("LOAD_LOG") else None  # noqa: SIM115
_t0 = time.time()


@events.request.add_listener
def _record(request_type, name, response_time, exception, **kwargs) -> None:
    if _log is not None:
        _log.write(f"{time.time() - _t0:.3f},{request_type},{name},{response_time:.1f},{int(exception is None)}\n")


@events.quitting.add_listener
def _close(**kwargs) -> None:
    if _log is not None:
        _log.close()


TITLE = re.compile(r"<title>(.*?)</title>", re.S)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d*)"')
INBOX_MEMO = re.compile(r'href="/memos/(\d+)/#act"')
HIDDEN = re.compile(r'<input type="hidden" name="(act-step_order|act-round)" value="(\d+)"')
DECISION = re.compile(r'name="act-decision" value="(\w+)"')
STATUS_URL = re.compile(r"^/documents/(\d+)/$")


def _title(text: str) -> str:
    match = TITLE.search(text)
    return match.group(1) if match else ""


def _fire(name: str, started: float, *, exception: Exception | None = None, kind: str = "WAIT") -> None:
    events.request.fire(
        request_type=kind,
        name=name,
        response_time=(time.perf_counter() - started) * 1000,
        response_length=0,
        exception=exception,
        context={},
    )


class PortalUser(HttpUser):
    abstract = True
    role = ""
    wait_time = between(*WAIT)

    def on_start(self) -> None:
        self.account: dict | None = None
        self.tasks_left = 0
        self._log_in()

    def on_stop(self) -> None:
        self._release()

    # --- accounts -----------------------------------------------------------------------------

    def _release(self) -> None:
        if self.account is not None:
            _free[self.role].append(self.account)
            self.account = None

    def _log_in(self) -> None:
        self._release()
        if not _free[self.role]:
            raise StopUser()  # more simulated users of this role than accounts
        self.account = _free[self.role].pop(0)
        self.client.cookies.clear()
        self.tasks_left = random.randint(8, 16)
        form = self._page("/login/", "log in (form)", "เข้าสู่ระบบ")
        if form is None:
            return
        token = CSRF.search(form)
        with self.client.post(
            "/login/",
            {
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "username": self.account["username"],
                "password": PASSWORD,
                "next": "",
            },
            name="log in (POST)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302 or response.headers.get("Location") != "/":
                response.failure(f"login answered {response.status_code}, not a redirect home")
                return
            response.success()
        self._page("/", "home page", "หน้าแรก")

    def _page(self, url: str, name: str, title_has: str, **kwargs) -> str | None:
        """GET a page; a success only with 200 and the expected words in its <title>."""
        with self.client.get(url, name=name, catch_response=True, **kwargs) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} {response.url}")
                return None
            title = _title(response.text)
            if title_has not in title:
                response.failure(f"unexpected page: title {title!r} at {response.url}")
                return None
            response.success()
            return response.text

    def _next_task(self) -> None:
        """Count tasks; after this session's share, log out and come back as another person."""
        self.tasks_left -= 1
        if self.tasks_left <= 0:
            token = CSRF.search(self.client.get("/", name="home page").text or "")
            self.client.post(
                "/logout/",
                {"csrfmiddlewaretoken": token.group(1) if token else ""},
                name="log out",
                allow_redirects=False,
            )
            self._log_in()

    # --- the pages every role uses -----------------------------------------------------------

    def plan_page(self) -> None:
        a = self.account
        self._page(f"/agencies/{a['agency_id']}/plans/{a['fiscal_year']}/", "plan page", "มาตรการ ปีงบประมาณ")
        self._next_task()

    def analysis_page(self) -> None:
        a = self.account
        self._page(f"/agencies/{a['agency_id']}/results/{a['assessment_year']}/", "analysis page", "ผลการประเมิน ITA")
        self._next_task()

    def progress_update(self) -> None:
        a = self.account
        measure = random.choice(a["measure_ids"])
        round_ = random.choice((6, 12))
        url = f"/measures/{measure}/progress/{round_}/"
        form = self._page(url, "progress form", "รายงานผล")
        if form is None:
            return self._next_task()
        token, version = CSRF.search(form), VERSION.search(form)
        status = random.choice(("done", "in_progress"))
        with self.client.post(
            url,
            {
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "version": version.group(1) if version else "",
                "status": status,
                "summary": f"ดำเนินการตามแผนแล้ว บันทึกโดย {a['username']} เวลา {time.strftime('%H:%M:%S')}",
                "outcome": "ผู้รับบริการได้รับข้อมูลครบถ้วน" if status == "done" else "",
                "urls": "",
            },
            name="progress update (POST)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                response.success()
                location = response.headers["Location"]
            elif response.status_code == 200 and 'class="message error conflict"' in response.text:
                response.success()
                _fire("progress update (edit conflict)", time.perf_counter(), kind="CONFLICT")
                location = None
            else:
                response.failure(f"progress save answered {response.status_code}")
                location = None
        if location:
            self._page(location, "plan page", "มาตรการ ปีงบประมาณ")
        self._next_task()


class Staff(PortalUser):
    """A department's staff member: reads the plan, reports progress on the department's measures."""

    role = "staff"
    weight = 5

    @task(5)
    def plan(self) -> None:
        self.plan_page()

    @task(3)
    def progress(self) -> None:
        self.progress_update()

    @task(2)
    def analysis(self) -> None:
        self.analysis_page()


class Coordinator(PortalUser):
    """The agency's legal officer: plan, progress, analysis, and the report for the executives."""

    role = "coordinator"
    weight = 2

    @task(3)
    def plan(self) -> None:
        self.plan_page()

    @task(2)
    def progress(self) -> None:
        self.progress_update()

    @task(2)
    def analysis(self) -> None:
        self.analysis_page()

    @task(1)
    def report(self) -> None:
        a = self.account
        form = self._page(f"/agencies/{a['agency_id']}/documents/new/", "report form", "สร้างเอกสาร")
        if form is None:
            return self._next_task()
        token = CSRF.search(form)
        clicked = time.perf_counter()
        with self.client.post(
            f"/agencies/{a['agency_id']}/documents/new/",
            {
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "kind": "progress",
                "fiscal_year": a["fiscal_year"],
                "round": random.choice(("6", "12")),
                "layout": "",
            },
            name="report request (POST)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code != 302 or not STATUS_URL.match(location):
                response.failure(f"report request answered {response.status_code} {location}")
                return self._next_task()
            response.success()
        page = self._page(location, "report status page", "ฉบับที่")
        while page is not None and "ดาวน์โหลด PDF" not in page:
            if 'class="message error"' in page:  # failed, or stuck ("ใช้เวลานานผิดปกติ")
                _fire("report ready", clicked, exception=RuntimeError("document failed"))
                return self._next_task()
            if time.perf_counter() - clicked > REPORT_TIMEOUT:
                _fire("report ready", clicked, exception=TimeoutError("not done within the timeout"))
                return self._next_task()
            time.sleep(POLL_EVERY)
            with self.client.get(
                location, name="report status (poll)", headers={"HX-Request": "true"}, catch_response=True
            ) as response:
                page = response.text if response.status_code == 200 else None
                if page is None:
                    response.failure(f"{response.status_code}")
        if page is not None:
            _fire("report ready", clicked)
            with self.client.get(f"{location}download/", name="report download", catch_response=True) as response:
                if response.status_code == 200 and response.content.startswith(b"%PDF"):
                    response.success()
                else:
                    response.failure(f"download answered {response.status_code}")
        self._next_task()


class Approver(PortalUser):
    """A head of office or mayor: the inbox, a memo, the decision; sometimes the plan and the results."""

    role = "approver"
    weight = 2

    @task(4)
    def approve(self) -> None:
        inbox = self._page("/inbox/", "inbox", "รอพิจารณา")
        memos = INBOX_MEMO.findall(inbox or "")
        if not memos:
            return self._next_task()
        memo = memos[-1]  # the oldest waiting
        page = self._page(f"/memos/{memo}/", "memo page", "บันทึกข้อความ")
        if page is None:
            return self._next_task()
        hidden = dict(HIDDEN.findall(page))
        decisions = [d for d in DECISION.findall(page) if d != "comment"]
        token = CSRF.search(page)
        if not decisions or len(hidden) != 2:
            _fire("approve (409 someone acted first)", time.perf_counter(), kind="CONFLICT")
            return self._next_task()
        with self.client.post(
            f"/memos/{memo}/act/",
            {
                "csrfmiddlewaretoken": token.group(1) if token else "",
                **hidden,
                "act-decision": decisions[0],
                "act-comment": "",
            },
            name="approve (POST)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location") if response.status_code == 302 else None
            if response.status_code == 302:
                response.success()
            elif response.status_code == 409:
                response.success()
                _fire("approve (409 someone acted first)", time.perf_counter(), kind="CONFLICT")
            else:
                response.failure(f"approve answered {response.status_code}")
        if location:
            self._page(location, "memo page", "บันทึกข้อความ")
        self._next_task()

    @task(1)
    def plan(self) -> None:
        self.plan_page()

    @task(1)
    def analysis(self) -> None:
        self.analysis_page()
