"""Checking an uploaded file against a memo's signed final PDF (the public verification page)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from reports.models import Memo


@dataclass(frozen=True)
class Verification:
    """What the public verification page says about an uploaded file."""

    matches: bool
    sha256: str
    signature_valid: bool | None  # None when the file is not the memo's (not checked)
    message: str


def memo_verify_upload(*, memo: Memo, content: bytes) -> Verification:
    """Compare an uploaded file with the memo's final PDF: same SHA-256, and a valid, intact signature."""
    sha256 = hashlib.sha256(content).hexdigest()
    if memo.final != Memo.Final.DONE or not memo.final_sha256:
        return Verification(False, sha256, None, "บันทึกข้อความนี้ยังไม่มีฉบับสมบูรณ์ให้ตรวจสอบ")
    if sha256 != memo.final_sha256:
        return Verification(False, sha256, None, "ไฟล์นี้ไม่ตรงกับฉบับสมบูรณ์ที่ระบบออกให้ (อาจถูกแก้ไขหรือเป็นไฟล์อื่น)")
    from reports.memos.signing import verify_pdf

    check = verify_pdf(content)
    if not check.valid:
        return Verification(True, sha256, False, f"ไฟล์ตรงกับที่ระบบออกให้ แต่ลายมือชื่ออิเล็กทรอนิกส์ไม่ผ่าน: {check.message_th}")
    return Verification(True, sha256, True, "ไฟล์นี้ตรงกับฉบับสมบูรณ์ที่ระบบออกให้ และลายมือชื่ออิเล็กทรอนิกส์ถูกต้อง")
