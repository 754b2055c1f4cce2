"""Check the links an agency gives as its OIT answers: reachable, on its own website, naming the year.

The checker runs on the portal's server and fetches URLs that users typed, so it is written to be
safe against server-side request forgery (SSRF) first and convenient second:

* only http/https, no user:password@ in the URL;
* the host is resolved here, and the link is refused if *any* answer is an internal address
  (loopback, private, link-local such as the cloud metadata 169.254.169.254, CGNAT, multicast,
  reserved, IPv6 ULA/link-local, and IPv4 addresses embedded in IPv6 forms of those);
* the connection goes to the validated IP itself, never to the name again, with the name sent in
  ``Host:`` and used for SNI and certificate checks. A DNS answer that changes between the check and
  the connect (DNS rebinding) therefore cannot point the request inside;
* every redirect hop is checked the same way (resolve, validate, connect to the IP).

The standard library does the HTTP (not requests/httpx) because that is what lets us choose the
address that is connected to. No database access: the Celery tasks in oit/tasks.py call
``check_urls`` and store the reports.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import datetime
import errno
import html
import http.client
import io
import ipaddress
import logging
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from ita_portal import thai

logger = logging.getLogger(__name__)

USER_AGENT = "ITA-Portal-LinkCheck/1.0"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Reading text out of every page of a long PDF costs seconds; the year is on the first pages.
PDF_MAX_PAGES = 20
_CHUNK = 64 * 1024
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NEXT_ADDRESS_ERRNOS = frozenset({errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT})

AddressIP = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Policy:
    """Limits of one run. The defaults are the production ones; tests shrink them."""

    timeout: float = 10.0  # seconds for one request, connect + read, per redirect hop
    max_bytes: int = 2 * 1024 * 1024  # body read per link; the year is judged on what was read
    max_redirects: int = 5
    per_host: int = 8  # concurrent requests to one host:port, so a small council's server is not flooded
    workers: int = 32
    allow_private: bool = False  # only for a lab or the benchmark: lets the checker reach internal addresses

    @classmethod
    def from_settings(cls) -> Policy:
        """The LINKCHECK_* settings where present (ita_portal/settings.py reads them from the environment)."""
        from django.conf import settings

        default = cls()
        return cls(
            timeout=float(getattr(settings, "LINKCHECK_TIMEOUT", default.timeout)),
            max_bytes=int(getattr(settings, "LINKCHECK_MAX_BYTES", default.max_bytes)),
            max_redirects=int(getattr(settings, "LINKCHECK_MAX_REDIRECTS", default.max_redirects)),
            per_host=int(getattr(settings, "LINKCHECK_PER_HOST", default.per_host)),
            allow_private=bool(getattr(settings, "LINKCHECK_ALLOW_PRIVATE", default.allow_private)),
        )


@dataclass(frozen=True)
class LinkReport:
    """What the checker found for one URL: the facts, and Thai reasons for the people who fix the link."""

    url: str
    ok: bool  # reachable (2xx after redirects), on the agency's domain, year found (when asked)
    status: int | None  # final HTTP status
    redirects: tuple[str, ...]  # each Location followed, in order
    final_url: str
    content_type: str
    on_agency_domain: bool | None  # None when the agency has no domain set
    mentions_year: bool | None  # None when the body could not be read (too big is read up to the cap)
    error: str  # "" or a short technical reason
    reasons: tuple[str, ...]  # Thai, for people
    checked_at: datetime.datetime = field(default_factory=lambda: datetime.datetime.now(datetime.UTC))


class _Refused(Exception):
    """A link the checker will not fetch or could not fetch; carries the Thai reason with the technical one."""

    def __init__(self, reason: str, error: str) -> None:
        super().__init__(error)
        self.reason = reason
        self.error = error


# --- Addresses ---------------------------------------------------------------------------------


def is_public_address(address: str | AddressIP) -> bool:
    """True only for a globally routable unicast address; anything internal or odd is False.

    ``is_global`` alone is not enough (Python counts multicast as global), and IPv6 forms that carry
    an IPv4 address (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4, Teredo) are judged by that IPv4.
    """
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0] if isinstance(address, str) else address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return is_public_address(embedded)
        if ip.is_site_local:
            return False
    if ip.version == 4 and ip in _CGNAT:
        return False
    return ip.is_global and not (
        ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_multicast or ip.is_reserved or ip.is_unspecified
    )


def resolve(host: str, port: int) -> list[str]:
    """Every address the name resolves to, in the resolver's order (IPv6 scope ids dropped).

    getaddrinfo has no timeout of its own; the system resolver's (a few seconds per try) applies.
    """
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses: list[str] = []
    for info in infos:
        text = str(info[4][0]).split("%", 1)[0]
        if text not in addresses:
            addresses.append(text)
    return addresses


def _connect(ip: str, port: int, timeout: float) -> socket.socket:
    """Open a TCP connection to this exact address (never a name, so nothing is resolved again)."""
    family = socket.AF_INET6 if ":" in ip else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect((ip, port))
    except BaseException:
        sock.close()
        raise
    return sock


def _tls_context() -> ssl.SSLContext:
    """Certificates are verified against the system's CAs for the host name in the URL."""
    return ssl.create_default_context()


# --- URLs and domains --------------------------------------------------------------------------


def _ascii_host(host: str) -> str:
    """Lower-case ASCII form of a host name (IDNA for Thai names such as .ไทย), no trailing dot."""
    host = host.strip().rstrip(".").lower()
    if not host:
        return ""
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    return host.encode("idna").decode("ascii")


def host_on_domain(host: str, agency_domain: str) -> bool | None:
    """Whether ``host`` is the agency's domain or one of its subdomains; None when no domain is set.

    ``www.`` is not significant either way (agencies write www.x.go.th or x.go.th for the same
    site), and a domain typed as a URL (https://www.x.go.th/) is accepted.
    """
    domain = agency_domain.strip()
    if not domain:
        return None
    try:
        domain = urlsplit(domain if "://" in domain else f"//{domain}").hostname or ""
    except ValueError:
        return False
    try:
        base, candidate = _ascii_host(domain), _ascii_host(host)
    except UnicodeError:
        return False
    base = base.removeprefix("www.")
    if not base or not candidate:
        return False
    return candidate == base or candidate.endswith("." + base)


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str  # ASCII (IDNA) host, as sent in Host: and SNI
    port: int
    request_path: str  # path and query, percent-encoded

    @property
    def host_key(self) -> tuple[str, int]:
        return (self.host, self.port)


def _parse(url: str) -> _Target:
    """Split a URL the checker may fetch, or refuse it with the Thai reason."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise _Refused("ที่อยู่ลิงก์ไม่ถูกต้อง", f"invalid URL: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise _Refused("ไม่ใช่ลิงก์ http หรือ https", f"scheme {scheme or '(none)'!r} not allowed")
    if "@" in parts.netloc:
        raise _Refused("ลิงก์มีชื่อผู้ใช้หรือรหัสผ่านอยู่ในที่อยู่ ไม่อนุญาตให้ตรวจ", "userinfo in URL")
    try:
        host = _ascii_host(parts.hostname or "")
    except UnicodeError:
        raise _Refused("ที่อยู่ลิงก์ไม่ถูกต้อง", "host is not a valid IDNA name") from None
    if not host:
        raise _Refused("ที่อยู่ลิงก์ไม่ถูกต้อง", "no host in URL")
    # Thai file names and spaces are common in council websites' links; http.client sends ASCII only.
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    query = quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
    return _Target(scheme, host, port or (443 if scheme == "https" else 80), path + (f"?{query}" if query else ""))


def _refuse_internal(target: _Target, addresses: list[str], policy: Policy) -> None:
    if policy.allow_private:
        return
    internal = [address for address in addresses if not is_public_address(address)]
    if internal:
        raise _Refused("ปลายทางเป็นที่อยู่ภายใน ไม่อนุญาตให้ตรวจ", f"{target.host} resolves to internal address {internal[0]}")


# --- HTTP --------------------------------------------------------------------------------------


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection that goes to an address chosen beforehand, whatever the name resolves to now."""

    def __init__(self, host: str, port: int, *, ip: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.pinned_ip = ip

    def connect(self) -> None:
        self.sock = _connect(self.pinned_ip, self.port, self.timeout)  # type: ignore[arg-type]


class _PinnedHTTPSConnection(_PinnedHTTPConnection):
    default_port = 443

    def connect(self) -> None:
        sock = _connect(self.pinned_ip, self.port, self.timeout)  # type: ignore[arg-type]
        try:
            self.sock = _tls_context().wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise


@dataclass
class _Response:
    status: int
    location: str
    content_type: str
    body: bytes  # empty for a redirect or an error status: only a 2xx body is judged


def _fetch(target: _Target, ip: str, policy: Policy) -> _Response:
    """One GET to ``ip``, within policy.timeout overall, reading at most policy.max_bytes of a 2xx body.

    Socket timeouts alone bound each read, not the whole request: a server dripping a byte every few
    seconds would hold a worker for ever. A timer shuts the socket down at the deadline instead.
    """
    deadline = time.monotonic() + policy.timeout
    cls = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    conn = cls(target.host, target.port, ip=ip, timeout=policy.timeout)
    expired = threading.Event()

    def abort() -> None:
        expired.set()
        sock = conn.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    timer = threading.Timer(policy.timeout, abort)
    timer.daemon = True
    timer.start()
    try:
        conn.putrequest("GET", target.request_path)
        conn.putheader("User-Agent", USER_AGENT)
        conn.putheader("Accept", "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8")
        conn.putheader("Accept-Language", "th,en;q=0.5")
        conn.putheader("Connection", "close")
        conn.endheaders()
        response = conn.getresponse()
        content_type = (response.getheader("Content-Type") or "").strip()
        location = response.getheader("Location") or ""
        body = b""
        if 200 <= response.status < 300:
            chunks: list[bytes] = []
            size = 0
            while size < policy.max_bytes:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError("read deadline")
                if conn.sock is not None:
                    conn.sock.settimeout(remaining)
                chunk = response.read1(min(_CHUNK, policy.max_bytes - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            body = b"".join(chunks)
        if expired.is_set():
            raise TimeoutError("request deadline")
        return _Response(response.status, location, content_type, body)
    except (OSError, http.client.HTTPException):
        if expired.is_set():
            raise TimeoutError("request deadline") from None
        raise
    finally:
        timer.cancel()
        conn.close()


def _decode_location(location: str) -> str:
    """http.client reads headers as Latin-1; a UTF-8 Location (Thai file names) is turned back into text."""
    try:
        return location.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return location


# --- The year in the body ----------------------------------------------------------------------

_TAGS_DROPPED = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_DIGITS = "0-9๐-๙"
_THAI_CHARSETS = frozenset({"windows-874", "x-windows-874", "tis-620", "tis620", "iso-8859-11", "cp874"})


def _year_pattern(year_be: int) -> re.Pattern[str]:
    # A year inside a longer number (a phone number, 125690) does not count.
    return re.compile(rf"(?<![{_DIGITS}])(?:{year_be}|{thai.thai_digits(year_be)})(?![{_DIGITS}])")


def _charset(content_type: str, body: bytes) -> str | None:
    for part in content_type.split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    match = _META_CHARSET.search(body[:4096])
    return match.group(1).decode("ascii") if match else None


def _decode(body: bytes, charset: str | None) -> str:
    """Text of the body: the declared charset, else UTF-8, else Windows-874 (older Thai sites, TIS-620)."""
    # Thai sites declare windows-874 or tis-620; Python knows the first only as cp874, a superset of both.
    if charset and charset.lower().replace("_", "-") in _THAI_CHARSETS:
        charset = "cp874"
    for encoding in (charset, "utf-8"):
        if encoding:
            try:
                return body.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                continue
    return body.decode("cp874", errors="replace")


def html_text(markup: str) -> str:
    """The readable text of an HTML page, roughly: scripts and styles dropped, tags removed, entities decoded."""
    return html.unescape(_TAG.sub(" ", _TAGS_DROPPED.sub(" ", markup)))


def pdf_text(data: bytes) -> str | None:
    """The text of a PDF's first pages, or None when pypdf cannot make sense of it (truncated, broken)."""
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a council's odd PDF is not the portal's warning
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        texts = []
        for number, page in enumerate(reader.pages):
            if number >= PDF_MAX_PAGES:
                break
            texts.append(page.extract_text() or "")
        return "\n".join(texts)
    except Exception:  # any broken PDF means "look in the bytes", never a crash
        logger.debug("pypdf could not read a PDF", exc_info=True)
        return None


def _raw_mentions(body: bytes, year_be: int) -> bool:
    thai_year = thai.thai_digits(year_be)
    forms = (str(year_be).encode("ascii"), thai_year.encode("utf-8"), thai_year.encode("utf-16-be"))
    return any(form in body for form in forms)


def _is_pdf(content_type: str, body: bytes) -> bool:
    return content_type.split(";")[0].strip().lower() == "application/pdf" or body[:1024].lstrip().startswith(b"%PDF")


def mentions_year(body: bytes, content_type: str, year_be: int) -> bool | None:
    """Whether the body names the Buddhist-Era year, in Thai or Arabic digits; None when it cannot be read.

    HTML and other text are searched as text; a PDF through pypdf's text, or its raw bytes when pypdf
    fails. Other files (Word, Excel, images) count only if the year shows in their bytes; otherwise
    None, since a compressed file can hold the year where we cannot see it.
    """
    pattern = _year_pattern(year_be)
    media = content_type.split(";")[0].strip().lower()
    if _is_pdf(content_type, body):
        text = pdf_text(body)
        if text is not None and pattern.search(text):
            return True
        return _raw_mentions(body, year_be) or (False if text is not None else None)
    if media.startswith("text/") or media.endswith(("+xml", "/xml", "/json")) or media == "" or "html" in media:
        text = _decode(body, _charset(content_type, body))
        if "html" in media or (not media and "<" in text[:1024]):
            text = html_text(text)
        return bool(pattern.search(text))
    return True if _raw_mentions(body, year_be) else None


# --- Checking ----------------------------------------------------------------------------------

_Limiter = Callable[[tuple[str, int]], contextlib.AbstractContextManager[Any]]


def _no_limit(_key: tuple[str, int]) -> contextlib.AbstractContextManager[Any]:
    return contextlib.nullcontext()


def _seconds(value: float) -> str:
    return thai.thai_digits(f"{value:g}")


def _year_be(fiscal_year: int) -> int:
    # Fiscal years in the portal are Buddhist-Era; a Christian-Era year passed by mistake is converted.
    return thai.be_year(fiscal_year) if fiscal_year < 2400 else fiscal_year


def _status_reason(status: int) -> str:
    if 400 <= status < 500:
        return f"ลิงก์เสีย ({status})"
    if status >= 500:
        return f"เว็บไซต์ขัดข้อง ({status})"
    return f"เว็บไซต์ตอบกลับผิดปกติ ({status})"


def _error_reason(exc: BaseException, policy: Policy) -> tuple[str, str]:
    """A Thai reason and a short technical one for an exception raised while fetching."""
    if isinstance(exc, _Refused):
        return exc.reason, exc.error
    if isinstance(exc, TimeoutError | socket.timeout):
        return f"เชื่อมต่อไม่ได้ภายใน {_seconds(policy.timeout)} วินาที", f"timeout after {policy.timeout:g}s"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return "ใบรับรองความปลอดภัย (HTTPS) ของเว็บไซต์ไม่ถูกต้อง", f"TLS certificate: {exc.verify_message}"
    if isinstance(exc, ssl.SSLError):
        return "เชื่อมต่อแบบปลอดภัย (HTTPS) ไม่สำเร็จ", f"TLS: {exc.reason or exc}"
    if isinstance(exc, socket.gaierror):
        return "ไม่พบชื่อเว็บไซต์นี้ (DNS)", f"DNS: {exc.strerror or exc}"
    if isinstance(exc, ConnectionRefusedError):
        return "เว็บไซต์ไม่รับการเชื่อมต่อ", "connection refused"
    if isinstance(exc, http.client.HTTPException | ConnectionResetError):
        return "เว็บไซต์ตอบกลับไม่ถูกต้อง", f"HTTP: {type(exc).__name__} {exc}".strip()
    if isinstance(exc, OSError):
        return "เชื่อมต่อเว็บไซต์ไม่ได้", f"network: {exc.strerror or exc}"
    return "ตรวจลิงก์ไม่สำเร็จ (ข้อผิดพลาดภายใน)", f"internal: {type(exc).__name__}"


def _check(url: str, agency_domain: str, fiscal_year: int | None, policy: Policy, limiter: _Limiter) -> LinkReport:
    redirects: list[str] = []
    current = url.strip()
    status: int | None = None
    content_type = ""
    response: _Response | None = None
    try:
        target = _parse(current)
        while True:
            addresses = resolve(target.host, target.port)
            if not addresses:
                raise _Refused("ไม่พบชื่อเว็บไซต์นี้ (DNS)", "DNS: no address")
            _refuse_internal(target, addresses, policy)
            with limiter(target.host_key):
                response = _fetch_first_reachable(target, addresses, policy)
            status, content_type = response.status, response.content_type
            if status not in REDIRECT_STATUSES or not response.location:
                break
            if len(redirects) >= policy.max_redirects:
                raise _Refused(
                    f"เปลี่ยนเส้นทางเกิน {thai.thai_digits(policy.max_redirects)} ครั้ง",
                    f"more than {policy.max_redirects} redirects",
                )
            location = urljoin(current, _decode_location(response.location).strip())
            redirects.append(location)
            current = location
            status, content_type, response = None, "", None
            target = _parse(current)
    except Exception as exc:  # every failure becomes a report, never an exception
        reason, error = _error_reason(exc, policy)
        if not isinstance(exc, _Refused | OSError | http.client.HTTPException):
            logger.exception("link check of %r failed unexpectedly", url)
        return LinkReport(
            url=url,
            ok=False,
            status=status,
            redirects=tuple(redirects),
            final_url=current,
            content_type=content_type,
            on_agency_domain=_domain_of(current, agency_domain),
            mentions_year=None,
            error=error,
            reasons=(reason,),
        )
    return _judge(url, current, tuple(redirects), response, agency_domain, fiscal_year)


def _fetch_first_reachable(target: _Target, addresses: list[str], policy: Policy) -> _Response:
    """Try the validated addresses in order: a dual-stack site is often unreachable over one family.

    Only "no route / refused" moves on to the next address; a timeout does not, or one dead site
    would cost ``timeout`` seconds per address.
    """
    last: OSError | None = None
    for ip in addresses:
        try:
            return _fetch(target, ip, policy)
        except OSError as exc:
            if not isinstance(exc, ConnectionRefusedError) and exc.errno not in _NEXT_ADDRESS_ERRNOS:
                raise
            last = exc
    assert last is not None
    raise last


def _domain_of(url: str, agency_domain: str) -> bool | None:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        host = ""
    return host_on_domain(host, agency_domain)


def _judge(
    url: str,
    final_url: str,
    redirects: tuple[str, ...],
    response: _Response | None,
    agency_domain: str,
    fiscal_year: int | None,
) -> LinkReport:
    assert response is not None
    reasons: list[str] = []
    reachable = 200 <= response.status < 300
    if not reachable:
        reasons.append(_status_reason(response.status))
    on_domain = _domain_of(final_url, agency_domain)
    if on_domain is False:
        reasons.append("ไม่อยู่บนเว็บไซต์หลักของหน่วยงาน")
    year: bool | None = None
    if reachable and fiscal_year is not None:
        year_be = _year_be(fiscal_year)
        try:
            year = mentions_year(response.body, response.content_type, year_be)
        except Exception:  # a body we cannot judge is "could not read", not a crash
            logger.exception("reading the year in %r failed", final_url)
            year = None
        where = "ในเอกสาร" if _is_pdf(response.content_type, response.body) else "ในหน้า"
        if year is False:
            reasons.append(f"ไม่พบปี {thai.thai_digits(year_be)} {where}")
        elif year is None:
            reasons.append(f"อ่านเนื้อหาไฟล์นี้ไม่ได้ ตรวจหาปี {thai.thai_digits(year_be)} ไม่ได้")
    ok = reachable and on_domain is not False and (fiscal_year is None or year is True)
    return LinkReport(
        url=url,
        ok=ok,
        status=response.status,
        redirects=redirects,
        final_url=final_url,
        content_type=response.content_type,
        on_agency_domain=on_domain,
        mentions_year=year,
        error="" if reachable else f"HTTP {response.status}",
        reasons=tuple(reasons),
    )


def check_url(url: str, *, agency_domain: str, fiscal_year: int | None, policy: Policy | None = None) -> LinkReport:
    """Check one link: fetch it safely (see the module docstring) and judge it. Never raises.

    ``fiscal_year`` is the Buddhist-Era year to look for (None: do not look).
    """
    return _check(url, agency_domain or "", fiscal_year, policy or Policy(), _no_limit)


class _HostLimits:
    """One bounded semaphore per host:port, so no website gets more than ``per_host`` requests at once."""

    def __init__(self, per_host: int) -> None:
        self.per_host = max(1, per_host)
        self._lock = threading.Lock()
        self._semaphores: dict[tuple[str, int], threading.BoundedSemaphore] = {}

    @contextlib.contextmanager
    def __call__(self, key: tuple[str, int]) -> Iterator[None]:
        with self._lock:
            semaphore = self._semaphores.setdefault(key, threading.BoundedSemaphore(self.per_host))
        with semaphore:
            yield


def check_urls(
    urls: Iterable[str], *, agency_domain: str, fiscal_year: int | None, policy: Policy | None = None
) -> dict[str, LinkReport]:
    """Check many links at once, keyed by the URL exactly as given. Never raises.

    Duplicates are checked once. A pool of ``policy.workers`` threads does the work, and each request
    (every redirect hop too) holds its host's semaphore, so one agency's website never sees more than
    ``policy.per_host`` of our requests at the same time, whatever the pool size.
    """
    policy = policy or Policy()
    unique = list(dict.fromkeys(urls))
    if not unique:
        return {}
    limits = _HostLimits(policy.per_host)
    reports: dict[str, LinkReport] = {}
    with concurrent.futures.ThreadPoolExecutor(
        max_workers=max(1, min(policy.workers, len(unique))), thread_name_prefix="linkcheck"
    ) as pool:
        futures = {pool.submit(_check, url, agency_domain or "", fiscal_year, policy, limits): url for url in unique}
        for future in concurrent.futures.as_completed(futures):
            url = futures[future]
            try:
                reports[url] = future.result()
            except Exception as exc:  # _check already catches; this is the last guard
                logger.exception("link check of %r failed unexpectedly", url)
                reports[url] = LinkReport(
                    url=url,
                    ok=False,
                    status=None,
                    redirects=(),
                    final_url=url,
                    content_type="",
                    on_agency_domain=None,
                    mentions_year=None,
                    error=f"internal: {type(exc).__name__}",
                    reasons=("ตรวจลิงก์ไม่สำเร็จ (ข้อผิดพลาดภายใน)",),
                )
    return {url: reports[url] for url in unique}


__all__ = [
    "LinkReport",
    "Policy",
    "check_url",
    "check_urls",
    "host_on_domain",
    "is_public_address",
    "mentions_year",
    "resolve",
]
