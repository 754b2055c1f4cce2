"""PAdES signatures on the final memo PDF, made and checked with pyHanko.

`sign_pdf` adds an invisible signature field ("ITAPortal") as an incremental update, signed
PAdES baseline B-B (CAdES detached, SHA-256, no timestamp) with the key and certificate of the
settings ``MEMO_SIGNING_KEY`` / ``MEMO_SIGNING_CERT`` (PEM files; ``MEMO_SIGNING_KEY_PASSWORD``
if the key is encrypted).  `verify_pdf` validates every signature of a file against that same
certificate as the only trust root, offline, and says in Thai whether the file is unchanged since.

**Development key.**  When both settings are empty, a self-signed key and certificate
("CN=ITA Portal dev signing (ไม่ใช่ของจริง), OU=ไม่ใช่ใบรับรองจริง, O=<host name>") are generated once under
``MEMO_SIGNING_DIR`` (default ``var/signing/``; the key file is mode 0600).  Such a signature shows
that the file has not changed since this installation signed it, and nothing more: **production
must configure real files**, a certificate issued by a CA the readers trust (memo-format §3.4),
kept outside the checkout.  A warning is logged whenever the development key signs with DEBUG off.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime
import fcntl
import io
import logging
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

FIELD_NAME = "ITAPortal"
DEV_KEY_NAME = "dev-signing-key.pem"
DEV_CERT_NAME = "dev-signing-cert.pem"
# X.509 allows 64 bytes of UTF-8 in a name attribute: the Thai warning is split over CN and OU.
DEV_COMMON_NAME = "ITA Portal dev signing (ไม่ใช่ของจริง)"
DEV_UNIT_NAME = "ไม่ใช่ใบรับรองจริง"
DEV_VALID_DAYS = 10 * 365


@dataclass(frozen=True)
class SignatureCheck:
    """The outcome of `verify_pdf`: `valid` only if every signature is intact and made with the
    configured certificate; `intact` if no signed byte was changed and nothing but signatures was
    added after signing."""

    valid: bool
    intact: bool
    signer: str
    signed_at: datetime.datetime | None
    message_th: str


@dataclass(frozen=True)
class Credentials:
    key: Path
    cert: Path
    password: bytes | None
    development: bool


def credentials() -> Credentials:
    """The configured key and certificate, or the development pair (generated on first use)."""
    key, cert = settings.MEMO_SIGNING_KEY, settings.MEMO_SIGNING_CERT
    if key or cert:
        if not (key and cert):
            raise ValueError("MEMO_SIGNING_KEY and MEMO_SIGNING_CERT must be set together")
        password = settings.MEMO_SIGNING_KEY_PASSWORD or None
        return Credentials(Path(key), Path(cert), password.encode() if password else None, development=False)
    key_path, cert_path = ensure_dev_credentials(Path(settings.MEMO_SIGNING_DIR))
    return Credentials(key_path, cert_path, None, development=True)


def ensure_dev_credentials(directory: Path) -> tuple[Path, Path]:
    """The development key and self-signed certificate in `directory`, made once.

    An exclusive lock on a file next to them keeps two workers starting together from making two
    different pairs.
    """
    key_path, cert_path = directory / DEV_KEY_NAME, directory / DEV_CERT_NAME
    if key_path.is_file() and cert_path.is_file():
        return key_path, cert_path
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    with open(directory / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (key_path.is_file() and cert_path.is_file()):
            key_pem, cert_pem = _make_dev_pair()
            _write(key_path, key_pem, 0o600)
            _write(cert_path, cert_pem, 0o644)
            logger.warning(
                "Generated a development signing key in %s; set MEMO_SIGNING_KEY/CERT in production.", directory
            )
    return key_path, cert_path


def _write(path: Path, content: bytes, mode: int) -> None:
    temporary = path.with_name(path.name + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        os.write(fd, content)
    finally:
        os.close(fd)
    os.chmod(temporary, mode)  # the umask may have narrowed or (for 0644) kept it
    os.replace(temporary, path)


def _make_dev_pair() -> tuple[bytes, bytes]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, DEV_COMMON_NAME),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, DEV_UNIT_NAME),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, (socket.gethostname() or "localhost")[:64]),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=DEV_VALID_DAYS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # "non-repudiation", which PDF validators expect of a signing key
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return key_pem, certificate.public_bytes(serialization.Encoding.PEM)


def _signer(creds: Credentials):
    from pyhanko.sign import signers

    for path in (creds.key, creds.cert):
        if not path.is_file():
            raise FileNotFoundError(f"signing file not found: {path}")
    signer = signers.SimpleSigner.load(str(creds.key), str(creds.cert), key_passphrase=creds.password)
    if signer is None:  # pyHanko logs the reason and returns None
        raise ValueError(f"cannot load the signing key {creds.key} with the certificate {creds.cert}")
    return signer


def _field_name(reader) -> str:
    """The field name: ITAPortal, or ITAPortal-2, … when the file already has fields of that name."""
    from pyhanko.sign.fields import enumerate_sig_fields

    taken = {name for name, _value, _ref in enumerate_sig_fields(reader)}
    name, number = FIELD_NAME, 1
    while name in taken:
        number += 1
        name = f"{FIELD_NAME}-{number}"
    return name


def _outside_event_loop(function, *args, **kwargs):
    """Call one of pyHanko's synchronous functions, which run asyncio.run() inside.

    asyncio.run() refuses to start in a thread whose event loop is running (an ASGI server, or
    Playwright's sync API in the browser tests); there the call goes to a short-lived thread.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


def sign_pdf(content: bytes, *, reason: str, location: str, name: str | None = None) -> bytes:
    """`content` with a PAdES B-B signature appended as an incremental update (invisible field).

    The original bytes are kept unchanged at the start of the result, so text extraction and page
    rendering are the same as before.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    creds = credentials()
    if creds.development and not settings.DEBUG:
        logger.warning("Signing with the development key: set MEMO_SIGNING_KEY and MEMO_SIGNING_CERT.")
    writer = IncrementalPdfFileWriter(io.BytesIO(content), strict=False)
    metadata = signers.PdfSignatureMetadata(
        field_name=_field_name(writer.prev),
        reason=reason,
        location=location,
        name=name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    out = _outside_event_loop(signers.sign_pdf, writer, metadata, signer=_signer(creds))
    return out.getvalue()


def _trust_root(creds: Credentials):
    from asn1crypto import pem, x509

    data = creds.cert.read_bytes()
    if pem.detect(data):
        _type, _headers, data = pem.unarmor(data)
    return x509.Certificate.load(data)


def verify_pdf(content: bytes) -> SignatureCheck:
    """Check every signature of `content` against the configured certificate (the only trust root).

    Offline: no revocation or intermediate certificates are fetched.
    """
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    # A damaged file can fail anywhere in the parser (zlib, struct, asn1crypto, pyHanko's own errors):
    # whatever the cause, the answer is "not valid", never an exception.
    try:
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        signatures = reader.embedded_regular_signatures
    except Exception as exc:
        logger.info("unreadable PDF: %r", exc)
        return SignatureCheck(False, False, "", None, "อ่านไฟล์ PDF ไม่ได้ ไฟล์อาจเสียหรือไม่ใช่ไฟล์ PDF")
    if not signatures:
        return SignatureCheck(False, False, "", None, "ไม่พบลายมือชื่ออิเล็กทรอนิกส์ในไฟล์นี้")

    context = ValidationContext(trust_roots=[_trust_root(credentials())], allow_fetching=False)
    # Either usage marks a signing key; real CA certificates differ in which they set.
    usage = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False)
    intact, trusted, signer, signed_at = True, True, "", None
    for embedded in signatures:
        try:
            status = _outside_event_loop(validate_pdf_signature, embedded, context, key_usage_settings=usage)
        except Exception as exc:  # a signature or revision too damaged to evaluate
            logger.info("signature %s cannot be validated: %r", embedded.field_name, exc)
            intact = trusted = False
            continue
        # Later revisions may only add signatures or fill forms (pyHanko's diff analysis decides).
        unchanged = status.coverage == SignatureCoverageLevel.ENTIRE_FILE or bool(status.docmdp_ok)
        intact = intact and status.intact and unchanged
        trusted = trusted and status.valid and status.trusted
        signer = status.signing_cert.subject.native.get("common_name", "") or status.signing_cert.subject.human_friendly
        signed_at = status.signer_reported_dt
    valid = intact and trusted
    if valid:
        when = f" เมื่อ {_thai_when(signed_at)}" if signed_at else ""
        message = f"ลายมือชื่ออิเล็กทรอนิกส์ถูกต้อง เอกสารไม่ถูกแก้ไขหลังการลงนาม (ลงนามโดย {signer}{when})"
    elif not intact:
        message = "เอกสารถูกแก้ไขหลังการลงนาม ลายมือชื่ออิเล็กทรอนิกส์ใช้ไม่ได้"
    else:
        message = "ลายมือชื่ออิเล็กทรอนิกส์ไม่ได้ลงด้วยใบรับรองของระบบนี้ จึงยืนยันผู้ลงนามไม่ได้"
    return SignatureCheck(valid=valid, intact=intact, signer=signer, signed_at=signed_at, message_th=message)


def _thai_when(value: datetime.datetime) -> str:
    from django.utils import timezone

    from ita_portal.thai import thai_datetime

    return thai_datetime(timezone.localtime(value) if timezone.is_aware(value) else value)
