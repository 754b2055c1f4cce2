"""Item codes as people type them (O๓๑, 0๑๑, i๒๐, o 11) → canonical form (O31, O11, i20)."""

from __future__ import annotations

import re

from ita_portal.thai import arabic_digits

_CODE = re.compile(r"^(?P<prefix>[OoIiEe0])\s*[.\-]?\s*(?P<number>\d{1,3})$")
_PREFIX = {"o": "O", "0": "O", "i": "i", "e": "e"}


class ItemCodeError(ValueError):
    pass


def normalise_item_code(raw: str) -> str:
    """Canonical code: Thai digits → Arabic, a leading zero digit → letter O, i/e lower-case.

    >>> normalise_item_code("0๑๑"), normalise_item_code("O๓๑"), normalise_item_code("i๒๐")
    ('O11', 'O31', 'i20')
    """
    text = arabic_digits(str(raw)).strip()
    match = _CODE.match(text)
    if not match:
        raise ItemCodeError(f"รหัสข้อ “{raw}” ไม่ถูกต้อง (ตัวอย่างที่ถูกต้อง: O11, i20)")
    number = int(match["number"])
    if number == 0:
        raise ItemCodeError(f"รหัสข้อ “{raw}” ไม่ถูกต้อง: เลขข้อต้องเริ่มที่ 1")
    return f"{_PREFIX[match['prefix'].lower()]}{number}"
