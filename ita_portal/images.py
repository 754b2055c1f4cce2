"""Raster images the portal decodes (the agency's Garuda, any image a PDF draws): bounded before decoding.

Pillow reads an image's size from its header without decoding it; decoding a 12000 × 12000 PNG of
32 KB takes over a gigabyte, and Pillow's own bomb check only warns below 179 million pixels. So the
size is read first and refused above MAX_SIDE / MAX_PIXELS, with Pillow's bomb warning raised as an
error, and every error Pillow can raise becomes UnsafeImage (its message in Thai).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Final

from PIL import Image

from ita_portal.thai import thai_digits

# A Garuda or an evidence picture needs far less: 1.5 cm at 300 dpi is 177 pixels, a full A4 page 2480 × 3508.
MAX_SIDE: Final = 4000
MAX_PIXELS: Final = 16_000_000
BOMB_ERRORS: Final = (Image.DecompressionBombError, Image.DecompressionBombWarning)
# Everything else Pillow raises on a hostile or broken file (UnidentifiedImageError is an OSError).
PILLOW_ERRORS: Final = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
)
SIZE_LIMIT: Final = (
    f"ไม่เกิน {thai_digits(f'{MAX_SIDE:,}')} × {thai_digits(f'{MAX_SIDE:,}')} จุด"
    f" และไม่เกิน {thai_digits(MAX_PIXELS // 1_000_000)} ล้านจุด"
)
TOO_LARGE: Final = f"ภาพต้องมีขนาด{SIZE_LIMIT}"


class UnsafeImage(ValueError):
    """An image the portal will not decode; the message is in Thai."""


class ImageTooLarge(UnsafeImage):
    """Larger than MAX_SIDE / MAX_PIXELS, as its header says."""


@contextmanager
def strict_pillow() -> Iterator[None]:
    """Pillow with its decompression-bomb warning raised as an error, for this block only."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        yield


def too_large(width: int, height: int) -> bool:
    return width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS


def header(source: str | Path | IO[bytes]) -> tuple[str | None, int, int]:
    """The format, width and height written in the image's header; nothing is decoded.

    ImageTooLarge above MAX_SIDE / MAX_PIXELS, UnsafeImage if Pillow cannot read it.
    """
    try:
        with strict_pillow(), Image.open(source) as image:
            kind, width, height = image.format, image.width, image.height
    except BOMB_ERRORS as exc:
        raise ImageTooLarge(TOO_LARGE) from exc
    except PILLOW_ERRORS as exc:
        raise UnsafeImage("เปิดไฟล์ภาพไม่ได้") from exc
    if too_large(width, height):
        raise ImageTooLarge(TOO_LARGE)
    return kind, width, height
