"""The link-check task stores what the checker found on each typed link (a local server stands in for the website)."""

import http.server
import threading

import pytest

from oit.models import Link
from oit.services import FillData, answer_fill, workspace_open
from oit.tasks import check_workspace_links
from tests.factories import AgencyFactory, MembershipFactory


class Pages(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/missing":
            self.send_error(404)
            return
        body = "<html><body>ข้อมูลปี ๒๕๖๙</body></html>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def site():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_workspace_check_records_a_good_link_a_broken_one_and_one_off_the_agencys_domain(catalogue, settings, site):
    settings.LINKCHECK_ALLOW_PRIVATE = True  # the test's website is on this machine
    agency = AgencyFactory(website_domain="127.0.0.1")
    coordinator = MembershipFactory(agency=agency, role="coordinator").user
    workspace = workspace_open(agency=agency, fiscal_year=2569, user=coordinator)
    urls = {
        "O1": f"{site}/structure",
        "O2": f"{site}/missing",
        "O3": f"{site.replace('127.0.0.1', 'localhost')}/contact",
    }
    for code, url in urls.items():
        answer = workspace.answers.select_related("workspace__agency").get(item__code=code)
        answer_fill(answer=answer, user=coordinator, data=FillData("yes", [url], "", "drafting"), expected_version=1)

    assert check_workspace_links.delay(workspace.pk).get() == 3

    good, broken, elsewhere = (Link.objects.get(url=url) for url in urls.values())
    assert (good.check_ok, good.http_status, good.on_agency_domain, good.mentions_year) == (True, 200, True, True)
    assert (broken.check_ok, broken.http_status) == (False, 404) and "ลิงก์เสีย (404)" in broken.reasons
    assert elsewhere.check_ok is False and "ไม่อยู่บนเว็บไซต์หลักของหน่วยงาน" in elsewhere.reasons
    assert all(link.checked_at for link in (good, broken, elsewhere))
