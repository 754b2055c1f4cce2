"""`manage.py render_document` renders synchronously to a file."""

# ruff: noqa: F811  (the fixtures imported from test_documents_support are then requested by name)
import pytest
from django.core.management import CommandError, call_command

from reports.models import GeneratedDocument
from tests.reports.test_documents_support import RENDERED, fake_kinds, world  # noqa: F401


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("render_document", *args, stdout=out)
    return out.getvalue()


def test_it_writes_a_real_pdf_by_agency_name_and_reports_pages_and_seconds(world, tmp_path):
    out = tmp_path / "sub" / "progress.pdf"
    text = run("--agency", "ทุ่งทดลอง", "--kind", "progress", "--fiscal-year", "2567", "--round", "h1", "--out", str(out))
    assert out.read_bytes().startswith(b"%PDF")
    assert text.startswith(f"{out} pages=1 seconds=")
    assert RENDERED[-1]["round"] == 6 and RENDERED[-1]["layout"] == "portrait"
    assert not GeneratedDocument.objects.exists()  # the command line stores nothing


def test_it_takes_an_agency_id_a_layout_and_the_full_year_round(world, tmp_path):
    out = tmp_path / "p.pdf"
    run(
        "--agency", str(world.plan.agency_id), "--kind", "progress", "--fiscal-year", "2567",
        "--round", "fy", "--layout", "landscape", "--out", str(out),
    )  # fmt: skip
    assert (RENDERED[-1]["round"], RENDERED[-1]["layout"]) == (12, "landscape")
    assert out.stat().st_size > 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--agency", "ไม่มีจริง", "--kind", "progress"], "unknown agency"),
        (["--agency", "999999", "--kind", "progress"], "ไม่พบหน่วยงาน"),
        (["--agency", "ทุ่งทดลอง", "--kind", "memo"], "unknown kind"),
        (["--agency", "ทุ่งทดลอง", "--kind", "progress"], "ต้องเลือกรอบ"),
        (["--agency", "ทุ่งทดลอง", "--kind", "plan", "--fiscal-year", "2560"], "ไม่มีแผนมาตรการ"),
    ],
)
def test_errors_are_clear(world, tmp_path, args, message):
    if "--fiscal-year" not in args:
        args = [*args, "--fiscal-year", "2567"]
    out = tmp_path / "x.pdf"
    with pytest.raises(CommandError, match=message):
        run(*args, "--out", str(out))
    assert not out.exists()
