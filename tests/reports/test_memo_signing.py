"""PAdES signatures on the final memo PDF (reports.memos.signing), made and checked with pyHanko."""

from __future__ import annotations

import datetime
import io
import socket
import stat

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID
from pypdf import PdfReader, PdfWriter

from reports.documents.render import render_part
from reports.memos import signing
from reports.pdf import fonts
from tests.reports.pdf_helpers import pages_text, squash

TEXT = "บันทึกข้อความ เรื่อง ขออนุมัติจัดซื้อวัสดุสำนักงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๗"


def small_pdf(*texts: str) -> bytes:
    family = f'font-family: "{fonts.FAMILY}"'
    style = f"{fonts.font_face_css()} @page {{ size: A4; margin: 2cm }} p {{ {family}; break-after: page }}"
    body = "".join(f"<p>{text}</p>" for text in texts or (TEXT,))
    return render_part(f'<html lang="th"><head><style>{style}</style></head><body>{body}</body></html>').content


@pytest.fixture(scope="module")
def unsigned():
    return small_pdf(TEXT, "หน้าที่สอง: ความเห็นของปลัดองค์การบริหารส่วนตำบลทุ่งโพธิ์")


@pytest.fixture(scope="module")
def dev_dir(tmp_path_factory):
    """One development key for the module (an RSA key takes a moment to make)."""
    return tmp_path_factory.mktemp("signing")


@pytest.fixture
def dev_key(settings, dev_dir):
    settings.MEMO_SIGNING_KEY = ""
    settings.MEMO_SIGNING_CERT = ""
    settings.MEMO_SIGNING_KEY_PASSWORD = ""
    settings.MEMO_SIGNING_DIR = dev_dir
    return dev_dir


@pytest.fixture
def signed(dev_key, unsigned):
    return signing.sign_pdf(unsigned, reason="อนุมัติบันทึกข้อความ", location="อบต.ทุ่งโพธิ์", name="นายสุชาติ เกิดศิริ")


def test_a_signed_memo_verifies_as_valid_and_intact(signed):
    before = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=1)
    check = signing.verify_pdf(signed)
    assert check.valid and check.intact
    assert check.signer == signing.DEV_COMMON_NAME
    assert check.signed_at is not None and check.signed_at.tzinfo is not None
    assert before <= check.signed_at <= datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=1)
    assert check.message_th.startswith("ลายมือชื่ออิเล็กทรอนิกส์ถูกต้อง")
    assert signing.DEV_COMMON_NAME in check.message_th


def test_the_signature_is_an_invisible_pades_field_appended_to_the_original(signed, unsigned):
    assert signed.startswith(unsigned)  # an incremental update: the memo's bytes are untouched
    reader = PdfReader(io.BytesIO(signed))
    field = reader.get_fields()["ITAPortal"]
    assert field["/FT"] == "/Sig"
    value = field["/V"]
    assert value["/SubFilter"] == "/ETSI.CAdES.detached"
    assert value["/Reason"] == "อนุมัติบันทึกข้อความ"
    assert value["/Location"] == "อบต.ทุ่งโพธิ์"
    assert value["/Name"] == "นายสุชาติ เกิดศิริ"
    widget = reader.pages[0]["/Annots"][0].get_object()
    assert [float(v) for v in widget["/Rect"]] == [0, 0, 0, 0]


def test_the_text_is_still_extractable_after_signing(signed, unsigned):
    assert pages_text(signed) == pages_text(unsigned)
    assert squash(TEXT) in pages_text(signed)[0]


def test_a_flipped_byte_in_the_signed_range_breaks_the_signature(signed, unsigned):
    # A byte inside the first page's content stream, which the signature covers.
    start = signed.index(b"stream", len(unsigned) // 3) + 40
    damaged = bytearray(signed)
    damaged[start] ^= 0x01
    check = signing.verify_pdf(bytes(damaged))
    assert not check.valid and not check.intact
    assert "ถูกแก้ไขหลังการลงนาม" in check.message_th


def test_content_added_after_signing_is_detected(signed):
    writer = PdfWriter(io.BytesIO(signed), incremental=True)
    writer.pages[0].merge_page(PdfReader(io.BytesIO(small_pdf("ข้อความที่เพิ่มหลังลงนาม"))).pages[0])
    out = io.BytesIO()
    writer.write(out)
    check = signing.verify_pdf(out.getvalue())
    assert not check.valid and not check.intact
    assert "ข้อความที่เพิ่มหลังลงนาม" in pages_text(out.getvalue())[0]


def test_a_second_signature_keeps_the_first_valid(signed, dev_key):
    twice = signing.sign_pdf(signed, reason="รับรองสำเนา", location="อบต.ทุ่งโพธิ์")
    assert set(PdfReader(io.BytesIO(twice)).get_fields()) >= {"ITAPortal", "ITAPortal-2"}
    assert signing.verify_pdf(twice).valid


def test_an_unsigned_or_unreadable_file_is_not_valid(dev_key, unsigned):
    check = signing.verify_pdf(unsigned)
    assert not check.valid and not check.intact and check.signer == ""
    assert check.message_th == "ไม่พบลายมือชื่ออิเล็กทรอนิกส์ในไฟล์นี้"
    assert not signing.verify_pdf(b"this is not a PDF").valid


def test_a_damaged_signed_file_is_reported_not_valid_without_raising(signed):
    # Cut short, or with the last revision's cross-reference data damaged (zlib errors in the parser).
    damaged = bytearray(signed)
    for index in range(len(signed) - 120, len(signed) - 40):
        damaged[index] ^= 0x55
    for content in (signed[: len(signed) // 2], signed[:-40], bytes(damaged)):
        check = signing.verify_pdf(content)
        assert not check.valid and check.message_th


def test_a_signature_by_another_key_is_intact_but_not_trusted(signed, settings, tmp_path):
    settings.MEMO_SIGNING_DIR = tmp_path / "other"  # another installation: another development key
    check = signing.verify_pdf(signed)
    assert check.intact and not check.valid
    assert "ไม่ได้ลงด้วยใบรับรองของระบบนี้" in check.message_th


def test_a_development_key_is_made_once_when_nothing_is_configured(settings, tmp_path, unsigned):
    settings.MEMO_SIGNING_KEY = settings.MEMO_SIGNING_CERT = ""
    settings.MEMO_SIGNING_DIR = tmp_path / "var" / "signing"
    assert not (tmp_path / "var").exists()

    signed = signing.sign_pdf(unsigned, reason="ทดสอบ", location="ทดสอบ")
    key_path = tmp_path / "var" / "signing" / signing.DEV_KEY_NAME
    cert_path = tmp_path / "var" / "signing" / signing.DEV_CERT_NAME
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    certificate = x509.load_pem_x509_certificate(cert_path.read_bytes())
    assert certificate.subject == certificate.issuer  # self-signed
    assert certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == signing.DEV_COMMON_NAME
    assert "ไม่ใช่ใบรับรองจริง" in certificate.subject.rfc4514_string()
    host = certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value
    assert host == socket.gethostname()[:64]
    key_usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    assert key_usage.digital_signature and key_usage.content_commitment
    assert signing.verify_pdf(signed).valid

    # Made once: the next signature uses the same pair.
    key_bytes, cert_bytes = key_path.read_bytes(), cert_path.read_bytes()
    signing.sign_pdf(unsigned, reason="ทดสอบ", location="ทดสอบ")
    assert (key_path.read_bytes(), cert_path.read_bytes()) == (key_bytes, cert_bytes)


def test_configured_key_and_certificate_are_used(settings, tmp_path, unsigned):
    key_pem, cert_pem = signing._make_dev_pair()
    key = serialization.load_pem_private_key(key_pem, password=None)
    encrypted = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"passw0rd"),
    )
    (tmp_path / "key.pem").write_bytes(encrypted)
    (tmp_path / "cert.pem").write_bytes(cert_pem)
    settings.MEMO_SIGNING_KEY = str(tmp_path / "key.pem")
    settings.MEMO_SIGNING_CERT = str(tmp_path / "cert.pem")
    settings.MEMO_SIGNING_KEY_PASSWORD = "passw0rd"
    settings.MEMO_SIGNING_DIR = tmp_path / "dev"

    signed = signing.sign_pdf(unsigned, reason="อนุมัติ", location="อบต.ทุ่งโพธิ์")
    assert signing.verify_pdf(signed).valid
    assert not (tmp_path / "dev").exists()  # no development key when files are configured

    settings.MEMO_SIGNING_KEY_PASSWORD = "wrong"
    with pytest.raises(ValueError):
        signing.sign_pdf(unsigned, reason="อนุมัติ", location="อบต.ทุ่งโพธิ์")


def test_a_key_without_its_certificate_is_refused(settings, tmp_path):
    settings.MEMO_SIGNING_KEY = str(tmp_path / "key.pem")
    settings.MEMO_SIGNING_CERT = ""
    with pytest.raises(ValueError, match="together"):
        signing.credentials()
