"""Time of the memo's PDF work: the memo pages, the final file with attachments, signing, verifying.

    .venv/bin/python manage.py seed_demo --with-memo     # the demo memo of อบต.ทุ่งโพธิ์
    .venv/bin/python bench/bench_memo.py

Warm process, median of 3.  Uses the development signing key unless MEMO_SIGNING_KEY/CERT are set.
"""

from __future__ import annotations

import logging
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings")


def timed(function, runs: int = 3):
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    import django

    django.setup()
    logging.disable(logging.WARNING)
    from reports.memos.final import memo_snapshot
    from reports.memos.pdf import final_pdf, render_memo
    from reports.memos.signing import sign_pdf, verify_pdf
    from reports.models import Memo

    memo = Memo.objects.filter(agency__name="ทุ่งโพธิ์").order_by("pk").first()
    if memo is None:
        sys.exit("no demo memo: run manage.py seed_demo --with-memo first")
    attachments = [document.file.read() for document in memo.documents.order_by("pk")]
    snapshot = memo_snapshot(memo)
    render_memo(snapshot)  # warm: WeasyPrint, fonts
    seconds, memo_pages = timed(lambda: render_memo(snapshot))
    print(f"memo pages ({memo_pages.pages} pp): {seconds:.2f} s")
    seconds, final = timed(lambda: final_pdf(snapshot, attachments))
    print(f"memo + attachments ({final.pages} pp): {seconds:.2f} s")
    sign_pdf(final.content, reason="bench", location="bench")  # warm: the key
    seconds, signed = timed(lambda: sign_pdf(final.content, reason="bench", location="bench"))
    print(f"PAdES signature: {seconds:.3f} s")
    seconds, check = timed(lambda: verify_pdf(signed))
    print(f"verification ({'valid' if check.valid else 'INVALID'}): {seconds:.3f} s")


if __name__ == "__main__":
    main()
