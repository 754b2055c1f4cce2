"""Re-make the PDF page images in docs/screenshots from the demo data (run by hand after layout changes).

    .venv/bin/python bench/pdf_screenshots.py

Needs the demo data (manage.py load_catalogue && manage.py seed_demo) and poppler's pdftoppm.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings")
OUT = ROOT / "docs" / "screenshots"

# (image name, agency, kind, fiscal year, round, layout, page, dpi)
PAGES = [
    ("pdf-progress-thungpho-cover", "ทุ่งโพธิ์", "progress", 2566, 12, "seed000", 1, 60),
    ("pdf-progress-thungpho-seed000-p2-zoom150dpi", "ทุ่งโพธิ์", "progress", 2566, 12, "seed000", 2, 150),
    ("pdf-progress-thungpho-seed000-p3", "ทุ่งโพธิ์", "progress", 2566, 12, "seed000", 3, 70),
    ("pdf-progress-khuankalong-seed002-p2", "ควนกาหลง", "progress", 2564, 12, "seed002", 2, 70),
    ("pdf-progress-robwiang-seed004-p7", "รอบเวียง", "progress", 2566, 12, "seed004", 7, 70),
    ("pdf-progress-seed003", "จันทบเพชร", "progress", 2566, 6, "seed003", 2, 70),
    ("pdf-plan-seed003", "จันทบเพชร", "plan", 2566, None, "seed003", 2, 70),
    ("pdf-analysis-cover", "วังประจัน", "analysis", 2564, None, "", 1, 60),
    ("pdf-analysis-items", "วังประจัน", "analysis", 2564, None, "", 10, 70),
]


def main() -> None:
    import django

    django.setup()
    from assessments.models import Agency
    from reports import services

    with tempfile.TemporaryDirectory() as tmp:
        for name, agency_name, kind, year, round_, layout, page, dpi in PAGES:
            agency = Agency.objects.get(name=agency_name)
            _, round_, layout, snapshot = services.document_build(
                agency=agency, kind=kind, fiscal_year=year, round=round_, layout=layout
            )
            pdf = Path(tmp) / f"{name}.pdf"
            pdf.write_bytes(services._render(kind, snapshot).content)
            target = OUT / name
            subprocess.run(
                ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", pdf, target],
                check=True,
            )
            print(f"{target}.png")


if __name__ == "__main__":
    main()
