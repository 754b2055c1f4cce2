"""Helpers for files the portal sends: Thai file names that every browser keeps."""

from __future__ import annotations

from urllib.parse import quote


def content_disposition(filename: str, *, fallback: str, inline: bool = False) -> str:
    """`attachment` (or `inline`) with an ASCII name for old clients and the Thai name per RFC 5987 / 6266."""
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
