"""The OIT link checker against a real HTTP server on 127.0.0.1 (no database).

Most tests allow private addresses so they can reach the local server. The SSRF tests do not: they
give a made-up public name ("agency.example" → a public IP) and translate that one public IP to
the local server inside the connect function, so the validator stays the real one and any other
address (127.0.0.1, 169.254.169.254) is judged exactly as in production.
"""

from __future__ import annotations

import datetime
import http.server
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest

from oit import linkcheck
from oit.linkcheck import LinkReport, Policy, check_url, check_urls, host_on_domain, is_public_address

YEAR = 2569
FAKE_PUBLIC = "93.184.216.34"  # never dialled: the tests translate it to 127.0.0.1
LOCAL = Policy(allow_private=True, timeout=2)


def page(body: str, charset: str = "utf-8", codec: str = "utf-8") -> bytes:
    head = f'<!doctype html><html><head><meta charset="{charset}"><title>OIT</title></head>'
    return (head + f"<body>{body}</body></html>").encode(codec)


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF whose text stream is compressed, so only a real PDF reader finds the words."""
    content = zlib.compress(f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("ascii"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >>"
        b" /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


BIG = 3 * 1024 * 1024
PAGES = {
    "/year-th": ("text/html; charset=utf-8", page("<h1>รายงานผลการดำเนินงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๙</h1>")),
    "/year-ar": ("text/html; charset=utf-8", page("<p>แผนการจัดซื้อจัดจ้าง ปี 2569</p>")),
    "/year-cp874": ("text/html", page("<p>ประกาศ ปี ๒๕๖๙</p>", charset="windows-874", codec="cp874")),
    "/no-year": (
        "text/html; charset=utf-8",
        page("<p>ปีงบประมาณ ๒๕๖๘ โทร 0125690</p><script>var year = 2569;</script><!-- 2569 in a tag: --><a title=2569>"),
    ),
    "/เอกสาร ปี.html": ("text/html; charset=utf-8", page("ข้อมูลปี ๒๕๖๙")),
    "/doc.pdf": ("application/pdf", minimal_pdf("Annual plan, fiscal year 2569")),
    "/no-year.pdf": ("application/pdf", minimal_pdf("Annual plan, fiscal year 2568")),
    "/broken.pdf": ("application/pdf", b"%PDF-1.7\nthis is not a PDF, but it says 2569 in its bytes"),
    "/garbage.pdf": ("application/pdf", b"%PDF-1.7\n\x00\x01 nothing readable here"),
    "/big-early-year": ("text/html; charset=utf-8", page("ปี ๒๕๖๙ " + "ก" * BIG)),
    "/big-late-year": ("text/html; charset=utf-8", page("ก" * BIG + " ปี ๒๕๖๙")),
}


class LocalSite:
    """A ThreadingHTTPServer with the pages above, redirects, slow answers and a concurrency counter."""

    def __init__(self) -> None:
        self.requests: list[dict[str, str]] = []
        self.active = 0
        self.max_active = 0
        self.lock = threading.Lock()
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def _handler(self) -> type[http.server.BaseHTTPRequestHandler]:
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                with site.lock:
                    site.requests.append(
                        {"path": self.path, "host": self.headers["Host"], "ua": self.headers["User-Agent"]}
                    )
                    site.active += 1
                    site.max_active = max(site.max_active, site.active)
                self.counted = True
                try:
                    self.route(unquote(self.path))
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the checker stops reading at its byte cap
                finally:
                    self.done()

            def done(self) -> None:
                # A request stops counting as active when the answer starts: once the checker has read
                # the answer it may send the next one, possibly before this thread gets the CPU back.
                if getattr(self, "counted", False):
                    self.counted = False
                    with site.lock:
                        site.active -= 1

            def send(self, status: int, body: bytes = b"", content_type: str = "text/html", **headers: str) -> None:
                self.done()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def redirect(self, location: str) -> None:
                self.send(302, b"", Location=location)

            def route(self, path: str) -> None:
                if path in PAGES:
                    content_type, body = PAGES[path]
                    self.send(200, body, content_type)
                elif path.startswith("/chain/"):
                    left = int(path.rsplit("/", 1)[1])
                    self.redirect(f"/chain/{left - 1}" if left > 1 else "../year-th")
                elif path.startswith("/loop/"):
                    self.redirect(f"/loop/{int(path.rsplit('/', 1)[1]) + 1}")
                elif path == "/to-self":
                    self.redirect(site.url("/year-th"))
                elif path == "/to-loopback":
                    self.redirect("http://127.0.0.1/admin/")
                elif path == "/to-metadata":
                    self.redirect("http://169.254.169.254/latest/meta-data/")
                elif path == "/to-ftp":
                    self.redirect("ftp://files.example/plan.pdf")
                elif path == "/to-elsewhere":
                    self.redirect(site.url("/year-th", host="localhost"))
                elif path == "/slow":
                    time.sleep(2)
                    self.send(200, page("๒๕๖๙"))
                elif path == "/drip-body":
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", "100")
                    self.end_headers()
                    for _ in range(20):
                        self.wfile.write(b"x")
                        self.wfile.flush()
                        time.sleep(0.15)
                elif path == "/drip-headers":
                    self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                    for _ in range(20):
                        self.wfile.write(b"X-Slow: 1\r\n")
                        self.wfile.flush()
                        time.sleep(0.15)
                elif path.startswith("/count/"):
                    time.sleep(0.05)
                    self.send(200, page("๒๕๖๙"))
                elif path == "/error":
                    self.send(503, b"down")
                else:
                    self.send(404, b"not found")

        return Handler

    def __enter__(self) -> LocalSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site() -> Iterator[LocalSite]:
    with LocalSite() as running:
        yield running


@pytest.fixture
def public_names(monkeypatch: pytest.MonkeyPatch, site: LocalSite) -> list[str]:
    """agency.example and other.example resolve to a public IP, which the connect sends to the local site.

    Returns the list of addresses actually dialled, so tests can show what was (not) contacted.
    """
    real_resolve, real_connect = linkcheck.resolve, linkcheck._connect
    dialled: list[str] = []

    def resolve(host: str, port: int) -> list[str]:
        return [FAKE_PUBLIC] if host in ("agency.example", "other.example") else real_resolve(host, port)

    def connect(ip: str, port: int, timeout: float) -> socket.socket:
        dialled.append(ip)
        return real_connect("127.0.0.1" if ip == FAKE_PUBLIC else ip, port, timeout)

    monkeypatch.setattr(linkcheck, "resolve", resolve)
    monkeypatch.setattr(linkcheck, "_connect", connect)
    return dialled


def check(url: str, policy: Policy = LOCAL, domain: str = "127.0.0.1") -> LinkReport:
    return check_url(url, agency_domain=domain, fiscal_year=YEAR, policy=policy)


# --- Pages and the year ------------------------------------------------------------------------


def test_a_page_with_the_year_in_thai_digits_is_ok(site):
    report = check(site.url("/year-th"))
    assert report.ok is True
    assert (report.status, report.mentions_year, report.on_agency_domain) == (200, True, True)
    assert report.content_type == "text/html; charset=utf-8"
    assert report.reasons == () and report.error == ""
    assert report.final_url == site.url("/year-th") and report.redirects == ()
    assert report.checked_at.tzinfo is not None
    assert abs(report.checked_at - datetime.datetime.now(datetime.UTC)) < datetime.timedelta(minutes=1)


def test_a_page_with_the_year_in_arabic_digits_is_ok(site):
    assert check(site.url("/year-ar")).mentions_year is True


def test_an_older_thai_page_in_windows_874_is_read(site):
    assert check(site.url("/year-cp874")).mentions_year is True


def test_the_year_only_in_scripts_tags_or_longer_numbers_does_not_count(site):
    report = check(site.url("/no-year"))
    assert (report.ok, report.status, report.mentions_year) == (False, 200, False)
    assert report.reasons == ("ไม่พบปี ๒๕๖๙ ในหน้า",)


def test_a_thai_file_name_with_a_space_is_fetched(site):
    report = check(site.url("/เอกสาร ปี.html"))
    assert report.ok is True
    assert (
        site.requests[0]["path"] == "/%E0%B9%80%E0%B8%AD%E0%B8%81%E0%B8%AA%E0%B8%B2%E0%B8%A3%20%E0%B8%9B%E0%B8%B5.html"
    )


def test_the_checker_sends_its_user_agent(site):
    check(site.url("/year-th"))
    assert site.requests[0]["ua"] == "ITA-Portal-LinkCheck/1.0"


def test_the_year_is_found_in_a_compressed_pdf_text(site):
    report = check(site.url("/doc.pdf"))
    assert (report.ok, report.mentions_year, report.content_type) == (True, True, "application/pdf")


def test_a_pdf_without_the_year_says_so(site):
    report = check(site.url("/no-year.pdf"))
    assert (report.ok, report.mentions_year) == (False, False)
    assert report.reasons == ("ไม่พบปี ๒๕๖๙ ในเอกสาร",)


def test_a_pdf_pypdf_cannot_parse_is_searched_in_its_bytes(site):
    assert check(site.url("/broken.pdf")).mentions_year is True


def test_an_unreadable_pdf_without_the_year_is_unknown_not_a_crash(site):
    report = check(site.url("/garbage.pdf"))
    assert (report.ok, report.status, report.mentions_year) == (False, 200, None)
    assert report.reasons == ("อ่านเนื้อหาไฟล์นี้ไม่ได้ ตรวจหาปี ๒๕๖๙ ไม่ได้",)


def test_a_body_over_the_cap_is_judged_on_its_first_part(site):
    policy = Policy(allow_private=True, max_bytes=16 * 1024)
    early = check(site.url("/big-early-year"), policy)
    late = check(site.url("/big-late-year"), policy)
    assert (early.ok, early.mentions_year, early.error) == (True, True, "")
    assert (late.ok, late.status, late.mentions_year) == (False, 200, False)


def test_without_a_fiscal_year_the_year_is_not_looked_for(site):
    report = check_url(site.url("/no-year"), agency_domain="", fiscal_year=None, policy=LOCAL)
    assert (report.ok, report.mentions_year, report.on_agency_domain) == (True, None, None)


# --- Failures and their Thai reasons -----------------------------------------------------------


def test_a_missing_page_is_a_broken_link(site):
    report = check(site.url("/missing"))
    assert (report.ok, report.status, report.mentions_year) == (False, 404, None)
    assert report.reasons == ("ลิงก์เสีย (404)",)
    assert report.error == "HTTP 404"


def test_a_server_error_is_reported_as_the_website_failing(site):
    assert check(site.url("/error")).reasons == ("เว็บไซต์ขัดข้อง (503)",)


def test_a_redirect_chain_is_followed_and_recorded(site):
    report = check(site.url("/chain/3"))
    assert report.ok is True
    assert report.redirects == (site.url("/chain/2"), site.url("/chain/1"), site.url("/year-th"))
    assert report.final_url == site.url("/year-th")


def test_more_than_five_redirects_are_refused(site):
    report = check(site.url("/loop/0"))
    assert report.ok is False
    assert report.reasons == ("เปลี่ยนเส้นทางเกิน ๕ ครั้ง",)
    assert len(report.redirects) == 5
    assert len(site.requests) == 6  # the start and five hops; the sixth Location is not followed


def test_a_page_slower_than_the_timeout_is_reported_in_seconds(site):
    started = time.monotonic()
    report = check(site.url("/slow"), Policy(allow_private=True, timeout=0.5))
    assert time.monotonic() - started < 1.5
    assert report.reasons == ("เชื่อมต่อไม่ได้ภายใน ๐.๕ วินาที",)
    assert report.error == "timeout after 0.5s"


@pytest.mark.parametrize("path", ["/drip-body", "/drip-headers"])
def test_a_server_that_drips_bytes_is_stopped_at_the_deadline(site, path):
    started = time.monotonic()
    report = check(site.url(path), Policy(allow_private=True, timeout=0.6))
    assert time.monotonic() - started < 1.6
    assert (report.ok, report.reasons) == (False, ("เชื่อมต่อไม่ได้ภายใน ๐.๖ วินาที",))


def test_a_closed_port_is_reported_as_refusing(site):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    report = check(f"http://127.0.0.1:{port}/")
    assert (report.ok, report.status, report.reasons) == (False, None, ("เว็บไซต์ไม่รับการเชื่อมต่อ",))


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://robwiang.go.th/plan.pdf", "ไม่ใช่ลิงก์ http หรือ https"),
        ("file:///etc/passwd", "ไม่ใช่ลิงก์ http หรือ https"),
        ("javascript:alert(1)", "ไม่ใช่ลิงก์ http หรือ https"),
        ("robwiang.go.th/plan", "ไม่ใช่ลิงก์ http หรือ https"),
        ("http://admin:secret@robwiang.go.th/", "ลิงก์มีชื่อผู้ใช้หรือรหัสผ่านอยู่ในที่อยู่ ไม่อนุญาตให้ตรวจ"),
        ("http://robwiang.go.th:99999/", "ที่อยู่ลิงก์ไม่ถูกต้อง"),
        ("http:///plan", "ที่อยู่ลิงก์ไม่ถูกต้อง"),
    ],
)
def test_links_that_are_not_fetched_say_why_in_thai(url, reason):
    report = check_url(url, agency_domain="robwiang.go.th", fiscal_year=YEAR)
    assert (report.ok, report.status, report.reasons) == (False, None, (reason,))
    assert report.url == url and report.error


def test_a_name_that_does_not_resolve_is_a_dns_failure(monkeypatch):
    def no_such_name(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)
    report = check_url("https://no-such-place.go.th/", agency_domain="no-such-place.go.th", fiscal_year=YEAR)
    assert report.reasons == ("ไม่พบชื่อเว็บไซต์นี้ (DNS)",)


def test_an_unexpected_error_becomes_a_report(site, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(linkcheck, "_fetch", broken)
    reports = check_urls([site.url("/year-th")], agency_domain="", fiscal_year=YEAR, policy=LOCAL)
    report = reports[site.url("/year-th")]
    assert (report.ok, report.reasons, report.error) == (
        False,
        ("ตรวจลิงก์ไม่สำเร็จ (ข้อผิดพลาดภายใน)",),
        "internal: RuntimeError",
    )


# --- The agency's domain -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "domain", "expected"),
    [
        ("www.robwiang.go.th", "robwiang.go.th", True),
        ("robwiang.go.th", "www.robwiang.go.th", True),
        ("WWW.RobWiang.go.th.", "robwiang.go.th", True),
        ("eservice.robwiang.go.th", "www.robwiang.go.th", True),
        ("robwiang.go.th", "https://www.robwiang.go.th/ita/", True),
        ("robwiang.go.th", "robwiang.go.th:8080", True),
        ("ร้านค้า.ไทย", "ร้านค้า.ไทย".encode("idna").decode("ascii"), True),
        ("www.ร้านค้า.ไทย".encode("idna").decode("ascii"), "ร้านค้า.ไทย", True),
        ("ร้านค้าอื่น.ไทย", "ร้านค้า.ไทย", False),
        ("notrobwiang.go.th", "robwiang.go.th", False),
        ("robwiang.go.th.evil.com", "robwiang.go.th", False),
        ("www.facebook.com", "robwiang.go.th", False),
        ("go.th", "robwiang.go.th", False),
        ("robwiang.go.th", "", None),
        ("robwiang.go.th", "   ", None),
    ],
)
def test_the_agency_domain_matches_itself_www_and_subdomains(host, domain, expected):
    assert host_on_domain(host, domain) is expected


def test_a_link_that_ends_on_another_website_is_not_on_the_agency_domain(site):
    report = check(site.url("/to-elsewhere"), domain="127.0.0.1")
    assert report.final_url == site.url("/year-th", host="localhost")
    assert (report.ok, report.on_agency_domain, report.mentions_year) == (False, False, True)
    assert report.reasons == ("ไม่อยู่บนเว็บไซต์หลักของหน่วยงาน",)


def test_a_broken_link_off_the_domain_gives_both_reasons(site):
    report = check(site.url("/missing", host="localhost"), domain="robwiang.go.th")
    assert report.reasons == ("ลิงก์เสีย (404)", "ไม่อยู่บนเว็บไซต์หลักของหน่วยงาน")


# --- SSRF: internal addresses, redirects, DNS rebinding ----------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.8.9.10",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.251",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fc00::1",
        "fd12:3456::1",
        "fe80::1",
        "fe80::1%eth0",
        "fec0::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "::ffff:10.0.0.1",
        "64:ff9b::a9fe:a9fe",
        "2002:7f00:1::1",
        "not an address",
    ],
)
def test_internal_addresses_are_not_public(address):
    assert is_public_address(address) is False


@pytest.mark.parametrize("address", ["93.184.216.34", "203.150.1.1", "2606:4700::1111", "::ffff:8.8.8.8"])
def test_internet_addresses_are_public(address):
    assert is_public_address(address) is True


def test_a_link_to_127_0_0_1_is_refused_without_allow_private(site):
    report = check(site.url("/year-th"), Policy())
    assert (report.ok, report.status) == (False, None)
    assert report.reasons == ("ปลายทางเป็นที่อยู่ภายใน ไม่อนุญาตให้ตรวจ",)
    assert site.requests == []


def test_localhost_by_name_is_refused_too(site):
    assert check(site.url("/year-th", host="localhost"), Policy()).reasons == ("ปลายทางเป็นที่อยู่ภายใน ไม่อนุญาตให้ตรวจ",)
    assert site.requests == []


def test_the_same_link_is_fetched_with_allow_private(site):
    report = check(site.url("/to-self"), LOCAL)
    assert report.ok is True and report.redirects == (site.url("/year-th"),)


def test_a_public_name_is_fetched_at_its_validated_address_with_its_host_header(site, public_names):
    report = check(site.url("/year-th", host="agency.example"), Policy(), domain="agency.example")
    assert report.ok is True
    assert public_names == [FAKE_PUBLIC]
    assert site.requests[0]["host"] == f"agency.example:{site.port}"


@pytest.mark.parametrize(
    ("path", "refused_url"),
    [
        ("/to-self", "http://127.0.0.1:{port}/year-th"),
        ("/to-loopback", "http://127.0.0.1/admin/"),
        ("/to-metadata", "http://169.254.169.254/latest/meta-data/"),
    ],
)
def test_a_redirect_from_a_public_site_to_an_internal_address_is_refused(site, public_names, path, refused_url):
    report = check(site.url(path, host="agency.example"), Policy(), domain="agency.example")
    refused_url = refused_url.format(port=site.port)
    assert (report.ok, report.status) == (False, None)
    assert report.reasons == ("ปลายทางเป็นที่อยู่ภายใน ไม่อนุญาตให้ตรวจ",)
    assert report.redirects == (refused_url,) and report.final_url == refused_url
    assert public_names == [FAKE_PUBLIC]  # the internal address was never dialled
    assert [request["path"] for request in site.requests] == [path]


def test_a_redirect_to_another_scheme_is_refused(site, public_names):
    report = check(site.url("/to-ftp", host="agency.example"), Policy(), domain="agency.example")
    assert report.reasons == ("ไม่ใช่ลิงก์ http หรือ https",)
    assert report.final_url == "ftp://files.example/plan.pdf"


def test_a_name_with_any_internal_address_is_refused(site, monkeypatch):
    monkeypatch.setattr(linkcheck, "resolve", lambda host, port: [FAKE_PUBLIC, "10.0.0.5"])
    dialled: list[str] = []
    monkeypatch.setattr(linkcheck, "_connect", lambda ip, port, timeout: dialled.append(ip))
    report = check("http://mixed.example/", Policy(), domain="mixed.example")
    assert report.reasons == ("ปลายทางเป็นที่อยู่ภายใน ไม่อนุญาตให้ตรวจ",)
    assert "10.0.0.5" in report.error
    assert dialled == []


def test_a_dns_answer_that_changes_between_check_and_connect_is_not_followed(site, monkeypatch):
    """The first answer is public and validated; a second lookup would say 127.0.0.1 (DNS rebinding).

    The checker must dial the validated address and never ask again, so the local site, which the
    second answer points to, sees no request.
    """
    real_getaddrinfo = socket.getaddrinfo
    lookups: list[str] = []

    def rebinding(host, port, *args, **kwargs):
        if host != "rebind.example":
            return real_getaddrinfo(host, port, *args, **kwargs)
        lookups.append(host)
        address = FAKE_PUBLIC if len(lookups) == 1 else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    dialled: list[tuple[str, int]] = []

    def connect(ip: str, port: int, timeout: float) -> socket.socket:
        dialled.append((ip, port))
        raise ConnectionRefusedError(111, "the public address is not dialled in tests")

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    monkeypatch.setattr(linkcheck, "_connect", connect)
    report = check(site.url("/year-th", host="rebind.example"), Policy(), domain="rebind.example")
    assert dialled == [(FAKE_PUBLIC, site.port)]
    assert lookups == ["rebind.example"]
    assert site.requests == []
    assert (report.ok, report.reasons) == (False, ("เว็บไซต์ไม่รับการเชื่อมต่อ",))


# --- HTTPS: SNI and the certificate are checked for the name, not the IP -----------------------


@pytest.fixture
def tls_site(site: LocalSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> LocalSite:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Link check test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "agency.example")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(2)
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("agency.example")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    (tmp_path / "ca.pem").write_bytes(ca.public_bytes(pem))
    (tmp_path / "leaf.pem").write_bytes(
        leaf.public_bytes(pem) + key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(tmp_path / "leaf.pem")
    site.server.socket = server_context.wrap_socket(site.server.socket, server_side=True)
    monkeypatch.setattr(linkcheck, "_tls_context", lambda: ssl.create_default_context(cafile=tmp_path / "ca.pem"))
    return site


def test_https_verifies_the_certificate_for_the_name_while_dialling_the_ip(tls_site, public_names):
    url = f"https://agency.example:{tls_site.port}/year-th"
    report = check(url, Policy(), domain="agency.example")
    assert report.ok is True
    assert public_names == [FAKE_PUBLIC]
    assert tls_site.requests[0]["host"] == f"agency.example:{tls_site.port}"


def test_https_with_a_certificate_for_another_name_is_refused(tls_site, public_names):
    report = check(f"https://other.example:{tls_site.port}/year-th", Policy(), domain="other.example")
    assert (report.ok, report.reasons) == (False, ("ใบรับรองความปลอดภัย (HTTPS) ของเว็บไซต์ไม่ถูกต้อง",))
    assert tls_site.requests == []


# --- Many links --------------------------------------------------------------------------------


def test_check_urls_keys_reports_by_the_url_as_given_and_fetches_duplicates_once(site):
    urls = [site.url("/year-th"), site.url("/missing"), site.url("/year-th"), " " + site.url("/year-ar")]
    reports = check_urls(urls, agency_domain="127.0.0.1", fiscal_year=YEAR, policy=LOCAL)
    assert list(reports) == [site.url("/year-th"), site.url("/missing"), " " + site.url("/year-ar")]
    assert [report.ok for report in reports.values()] == [True, False, True]
    assert reports[" " + site.url("/year-ar")].url == " " + site.url("/year-ar")
    assert len(site.requests) == 3


def test_check_urls_of_nothing_is_empty():
    assert check_urls([], agency_domain="x.go.th", fiscal_year=YEAR) == {}


def test_no_more_than_per_host_requests_reach_one_host_at_once(site):
    urls = [site.url(f"/count/{number}") for number in range(40)]
    policy = Policy(allow_private=True, per_host=3, workers=32, timeout=5)
    reports = check_urls(urls, agency_domain="127.0.0.1", fiscal_year=YEAR, policy=policy)
    assert all(report.ok for report in reports.values())
    assert len(site.requests) == 40
    assert 2 <= site.max_active <= 3


def test_the_policy_reads_the_linkcheck_settings(settings):
    settings.LINKCHECK_TIMEOUT = 4
    settings.LINKCHECK_MAX_BYTES = 1000
    settings.LINKCHECK_MAX_REDIRECTS = 2
    settings.LINKCHECK_PER_HOST = 3
    settings.LINKCHECK_ALLOW_PRIVATE = True
    assert Policy.from_settings() == Policy(
        timeout=4, max_bytes=1000, max_redirects=2, per_host=3, workers=32, allow_private=True
    )


def test_the_policy_defaults_without_settings(settings):
    for name in ("TIMEOUT", "MAX_BYTES", "MAX_REDIRECTS", "PER_HOST", "ALLOW_PRIVATE"):
        delattr(settings, f"LINKCHECK_{name}")
    assert Policy.from_settings() == Policy()
