"""Summarise a load-test run (bench/load/run.sh): locust's per-page figures and what the workers did.

    .venv/bin/python bench/load/summary.py var/load/run-… --since '2026-12-03 06:30:00+00' --drained 12.3

Prints Markdown: the per-page table (requests, failures, p50/p95/p99, max), the totals, the
correct refusals counted apart (409 / edit conflicts), and the documents and final memo PDFs
made during the run with their click-to-done times, from the ita_load database.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings")

PAGES = {  # pages a person waits for; the target p95 < 300 ms applies to these
    "home page",
    "plan page",
    "progress form",
    "analysis page",
    "report form",
    "report status page",
    "inbox",
    "memo page",
}


def _ms(value: str) -> str:
    return "–" if value in ("", "N/A") else f"{float(value):,.0f}"


def locust_table(out: Path) -> None:
    rows = list(csv.DictReader((out / "locust_stats.csv").open(encoding="utf-8")))
    print("| request | type | count | failures | req/s | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---|---|---|---|---|---|---|---|")
    total = None
    worst = []
    for row in rows:
        if row["Name"] == "Aggregated":
            total = row
            continue
        name = row["Name"]
        if name in PAGES and row["95%"] not in ("", "N/A") and float(row["95%"]) >= 300:
            worst.append(name)
        mark = "" if name in PAGES else " ·"
        print(
            f"| {name}{mark} | {row['Type']} | {int(row['Request Count']):,} | {row['Failure Count']} "
            f"| {float(row['Requests/s']):.2f} | {_ms(row['50%'])} | {_ms(row['95%'])} | {_ms(row['99%'])} "
            f"| {_ms(row['Max Response Time'])} |"
        )
    if total:
        http = [r for r in rows if r["Type"] in ("GET", "POST")]
        rps = sum(float(r["Requests/s"]) for r in http)
        failures = sum(int(r["Failure Count"]) for r in http)
        print(f"\nHTTP requests: {sum(int(r['Request Count']) for r in http):,}, {rps:.1f} req/s, failures {failures}")
    print("pages over p95 300 ms:", ", ".join(worst) or "none")
    failures_file = out / "locust_failures.csv"
    if failures_file.exists():
        failed = list(csv.DictReader(failures_file.open(encoding="utf-8")))
        for row in failed[:20]:
            print(f"- failure: {row['Method']} {row['Name']}: {row['Error']} ×{row['Occurrences']}")


def steady_table(out: Path, after: float) -> None:
    """Per-page figures from requests.csv, leaving out the first `after` seconds (everyone logging in)."""
    path = out / "requests.csv"
    if not path.exists():
        return
    rows = [line.split(",") for line in path.read_text(encoding="utf-8").splitlines()]
    rows = [(float(t), kind, name, float(ms), ok == "1") for t, kind, name, ms, ok in rows]
    end = max(t for t, *_ in rows)
    kept = [r for r in rows if r[0] >= after]
    span = end - after
    print(f"\nsteady state: from {after:.0f} s to the end ({span:.0f} s), the logging-in at the start left out")
    print("| request | count | failures | req/s | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---|---|---|---|---|---|---|")
    by_name: dict[str, list] = {}
    for r in kept:
        by_name.setdefault(r[2], []).append(r)
    worst = []
    for name in sorted(by_name):
        times = sorted(r[3] for r in by_name[name])
        failures = sum(1 for r in by_name[name] if not r[4])
        p95 = _pct(times, 95)
        if name in PAGES and p95 >= 300:
            worst.append(name)
        mark = "" if name in PAGES else " ·"
        print(
            f"| {name}{mark} | {len(times):,} | {failures} | {len(times) / span:.2f} | {_pct(times, 50):,.0f} "
            f"| {p95:,.0f} | {_pct(times, 99):,.0f} | {times[-1]:,.0f} |"
        )
    http = [r for r in kept if r[1] in ("GET", "POST")]
    print(f"\nHTTP requests in the steady state: {len(http):,}, {len(http) / span:.1f} req/s")
    print("pages over p95 300 ms in the steady state:", ", ".join(worst) or "none")


def _pct(times: list[float], p: int) -> float:
    """The p-th percentile, nearest rank (as locust reports, without its rounding)."""
    return times[min(len(times) - 1, max(0, round(p / 100 * len(times) + 0.5) - 1))]


def queue_figures(since: str) -> None:
    import django

    django.setup()
    from django.db.models import Avg, Count, F, Max, Q

    from reports.models import GeneratedDocument, Memo

    documents = GeneratedDocument.objects.filter(created_at__gte=since)
    stats = documents.aggregate(
        n=Count("pk"),
        done=Count("pk", filter=Q(status="done")),
        failed=Count("pk", filter=Q(status="failed")),
        render=Avg("render_seconds"),
        wait=Avg(F("finished_at") - F("created_at")),
        worst=Max(F("finished_at") - F("created_at")),
    )
    print(
        f"\ndocuments requested during the run: {stats['n']} (done {stats['done']}, failed {stats['failed']}); "
        f"render {stats['render'] or 0:.2f} s on average; request → done {_s(stats['wait'])} on average, "
        f"{_s(stats['worst'])} at worst"
    )
    memos = Memo.objects.filter(finished_at__gte=since)
    closed = memos.aggregate(
        n=Count("pk"), done=Count("pk", filter=Q(final="done")), failed=Count("pk", filter=Q(final="failed"))
    )
    print(
        f"memos fully approved during the run: {closed['n']} "
        f"(final PDF done {closed['done']}, failed {closed['failed']})"
    )


def _s(delta) -> str:
    return "–" if delta is None else f"{delta.total_seconds():.1f} s"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--since", required=True, help="the database's now() when locust started")
    parser.add_argument("--drained", type=float, help="seconds from the end of the run to an empty queue")
    parser.add_argument("--steady-after", type=float, default=60, help="seconds of ramp-up to leave out")
    args = parser.parse_args()
    locust_table(args.out)
    steady_table(args.out, args.steady_after)
    queue_figures(args.since)
    if args.drained is not None:
        print(f"queue empty {args.drained:.1f} s after the end of the run (target ≤ 120 s)")


if __name__ == "__main__":
    main()
