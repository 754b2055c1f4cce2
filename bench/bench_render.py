"""Render times of the progress-report PDFs of the demo agencies (reports.documents).

Usage (needs the demo data: manage.py load_catalogue && manage.py seed_demo):
    .venv/bin/python bench/bench_render.py [--runs 3]
Set DATABASE_URL to use another database than var/db.sqlite3.
Prints, per agency and layout: rows, pages, median snapshot and render time (warm process).
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    from assessments.models import Agency
    from measures.models import MeasurePlan
    from reports.documents import KINDS, render_pdf

    kind = KINDS["progress"]
    plans = MeasurePlan.objects.select_related("agency").order_by("agency__name", "fiscal_year")
    # Warm-up: imports, fonts, the text-layer patch.
    first = plans.first()
    if first is None:
        sys.exit("no plans: run manage.py load_catalogue && manage.py seed_demo first")
    render_pdf(
        "progress", kind.build_snapshot(agency=first.agency, fiscal_year=first.fiscal_year, round=12, layout="seed000")
    )
    print(
        f"{'agency':<28} {'year':>4} {'round':>5} {'layout':<8} {'rows':>4} {'pages':>5} {'snapshot':>9} {'render':>8}"
    )
    for plan in plans:
        agency: Agency = plan.agency
        round_ = 6 if plan.measures.filter(progress__round=6).exists() else 12
        for layout in kind.layout_keys:
            snap_times, render_times = [], []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                snapshot = kind.build_snapshot(agency=agency, fiscal_year=plan.fiscal_year, round=round_, layout=layout)
                t1 = time.perf_counter()
                pdf = render_pdf("progress", snapshot)
                t2 = time.perf_counter()
                snap_times.append(t1 - t0)
                render_times.append(t2 - t1)
            print(
                f"{agency.short_name:<28} {plan.fiscal_year:>4} {round_:>5} {layout:<8} {snapshot['measure_count']:>4} "
                f"{pdf.pages:>5} {statistics.median(snap_times):>8.3f}s {statistics.median(render_times):>7.2f}s"
            )


if __name__ == "__main__":
    main()
