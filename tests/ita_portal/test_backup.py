"""`manage.py backup` and `manage.py restore` put an agency's rows and files back exactly as they were.

Runs on SQLite (make test) and on PostgreSQL (.ci/run).  The tests are transactional: pg_dump and
pg_restore run in other processes and must see committed rows.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
import time
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from PIL import Image

from assessments.models import Agency
from ita_portal.backup import BackupError, pg_tool
from measures.models import Evidence, Measure, Progress
from reports.memos.signing import sign_pdf
from tests.factories import AgencyFactory
from tests.reports.memo_support import new_memo, tiny_pdf

pytestmark = pytest.mark.django_db(transaction=True)

PROJECT_APPS = ["assessments", "measures", "reports", "ita_portal"]


def table_checksums() -> dict[str, str]:
    """SHA-256 of every project table (and the users), serialized in primary-key order."""
    models = [m for label in PROJECT_APPS for m in apps.get_app_config(label).get_models()]
    models.append(get_user_model())
    return {
        m._meta.label: hashlib.sha256(serializers.serialize("json", m.objects.order_by("pk")).encode()).hexdigest()
        for m in models
    }


def agency_rows(agency_pk: int) -> str:
    """The agency's own rows as JSON: readable in a failure message."""
    querysets = [
        Agency.objects.filter(pk=agency_pk),
        Measure.objects.filter(plan__agency_id=agency_pk).order_by("pk"),
        Progress.objects.filter(measure__plan__agency_id=agency_pk).order_by("pk"),
        Evidence.objects.filter(progress__measure__plan__agency_id=agency_pk).order_by("pk"),
        apps.get_model("reports.GeneratedDocument").objects.filter(agency_id=agency_pk).order_by("pk"),
        apps.get_model("reports.Memo").objects.filter(agency_id=agency_pk).order_by("pk"),
    ]
    return "\n".join(serializers.serialize("json", qs, indent=1) for qs in querysets)


def media_checksums(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def backup(out: Path) -> Path:
    call_command("backup", "--out", str(out), stdout=io.StringIO())
    (archive,) = out.glob("ita-backup-*.tar")
    return archive


def restore(archive: Path, *extra: str) -> str:
    stdout = io.StringIO()
    call_command("restore", str(archive), *extra, stdout=stdout)
    return stdout.getvalue()


def rewrite(archive: Path, dest: Path, change) -> Path:
    """A copy of the archive with its members passed through `change(info, data) -> [(info, data), …]`."""
    with tarfile.open(archive) as source, tarfile.open(dest, "w", format=tarfile.PAX_FORMAT) as target:
        for info in source.getmembers():
            data = source.extractfile(info).read() if info.isreg() else b""
            for new_info, new_data in change(info, data):
                if new_info.isreg():
                    new_info.size = len(new_data)
                target.addfile(new_info, io.BytesIO(new_data) if new_info.isreg() else None)
    return dest


@pytest.fixture
def agency_with_files(thungpho, settings, tmp_path):
    """ทุ่งโพธิ์ with evidence, a generated PDF, a Garuda image and a memo with its signed PDF, media under tmp_path."""
    agency, users, document = thungpho
    agency.garuda.save("garuda.png", ContentFile(png()), save=True)
    progress = Progress.objects.filter(measure__plan__agency=agency).order_by("pk").first()
    evidence = Evidence(progress=progress, title="คำสั่งแต่งตั้งคณะทำงาน", original_name="คำสั่ง.pdf")
    evidence.file.save("คำสั่ง.pdf", ContentFile(b"%PDF-1.4 evidence " + os.urandom(2000)), save=True)
    memo = new_memo(agency, users, document)
    signed = sign_pdf(tiny_pdf("บันทึกข้อความ"), reason="อนุมัติบันทึกข้อความ", location="อบต.ทุ่งโพธิ์")
    memo.final_file.save("memo-final.pdf", ContentFile(signed), save=False)
    memo.final = memo.Final.DONE
    memo.final_sha256 = hashlib.sha256(signed).hexdigest()
    memo.save()
    return agency


def test_a_restore_puts_back_the_agencys_rows_and_files_and_drops_what_came_after(
    agency_with_files, settings, tmp_path
):
    agency = agency_with_files
    media = Path(settings.MEDIA_ROOT)
    rows_before, tables_before, files_before = agency_rows(agency.pk), table_checksums(), media_checksums(media)
    assert len(files_before) == 4  # the document's PDF, the evidence file, the Garuda image, the signed memo

    started = time.monotonic()
    archive = backup(tmp_path)
    backup_seconds = time.monotonic() - started
    assert archive.stat().st_mode & 0o077 == 0, "the archive holds password hashes: owner-only"

    Measure.objects.filter(plan__agency=agency).delete()
    other = Progress.objects.exclude(measure__plan__agency=agency).order_by("pk").first()
    Progress.objects.filter(pk=other.pk).update(summary="แก้ไขหลังสำรองข้อมูล")
    (media / agency.documents.get().file.name).unlink()
    (media / "evidence" / "later.pdf").write_bytes(b"%PDF-1.4 later")
    late = AgencyFactory(name="เพิ่มหลังสำรองข้อมูล")
    assert agency_rows(agency.pk) != rows_before

    started = time.monotonic()
    output = restore(archive, "--yes")
    restore_seconds = time.monotonic() - started

    assert "กู้คืนเสร็จแล้ว" in output
    assert agency_rows(agency.pk) == rows_before
    assert table_checksums() == tables_before
    assert media_checksums(media) == files_before
    assert not Agency.objects.filter(pk=late.pk).exists()
    assert Progress.objects.get(pk=other.pk).summary != "แก้ไขหลังสำรองข้อมูล"
    assert not [p for p in media.iterdir() if p.name.startswith(".ita-restore-")]
    print(f"\nbackup {backup_seconds:.2f} s, restore {restore_seconds:.2f} s")


def test_the_manifest_lists_every_file_with_its_checksum_and_the_counts(agency_with_files, settings, tmp_path):
    archive = backup(tmp_path)
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
        stored = {
            m.name: hashlib.sha256(tar.extractfile(m).read()).hexdigest() for m in tar if m.name != "manifest.json"
        }
    from django.db import connection

    assert manifest["format_version"] == 1
    assert manifest["database"]["vendor"] == connection.vendor
    assert {f["path"]: f["sha256"] for f in manifest["files"]} == stored
    assert {name for name in stored if name.startswith("media/")} == {
        f"media/{name}" for name in media_checksums(Path(settings.MEDIA_ROOT))
    }
    assert manifest["counts"]["agencies"] == 5
    assert manifest["counts"]["documents"] == 1
    assert manifest["counts"]["evidence"] == 1
    assert manifest["counts"]["memos"] == 1
    assert "0001_initial" in manifest["migrations"]["measures"]
    assert manifest["missing_media"] == []


def test_a_file_named_by_the_database_but_missing_is_reported(agency_with_files, settings, tmp_path):
    (Path(settings.MEDIA_ROOT) / agency_with_files.garuda.name).unlink()
    archive = backup(tmp_path)
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert manifest["missing_media"] == [agency_with_files.garuda.name]


@pytest.fixture
def small_portal(settings, tmp_path):
    """One agency and one media file: enough for the refusals, quicker than the demo."""
    settings.MEDIA_ROOT = tmp_path / "media"
    agency = AgencyFactory(name="สำรอง")
    agency.garuda.save("garuda.png", ContentFile(png()), save=True)
    return agency


def _unchanged(settings):
    return table_checksums(), media_checksums(Path(settings.MEDIA_ROOT))


def _refused(archive: Path, settings, message: str) -> None:
    before = _unchanged(settings)
    with pytest.raises(CommandError, match=message):
        restore(archive, "--yes")
    assert _unchanged(settings) == before
    assert not [p for p in Path(settings.MEDIA_ROOT).iterdir() if p.name.startswith(".ita-restore-")]


def _change_after_backup(agency) -> None:
    """So that a restore that went ahead would show."""
    Agency.objects.filter(pk=agency.pk).update(district="เปลี่ยนแล้ว")


def test_an_archive_with_a_changed_byte_in_a_media_file_is_refused(small_portal, settings, tmp_path):
    archive = backup(tmp_path)
    _change_after_backup(small_portal)
    with tarfile.open(archive) as tar:
        member = next(m for m in tar if m.name.startswith("media/"))
    data = bytearray(archive.read_bytes())
    data[member.offset_data + 20] ^= 0xFF
    archive.write_bytes(bytes(data))
    _refused(archive, settings, "SHA-256")


def test_an_archive_without_its_manifest_is_refused(small_portal, settings, tmp_path):
    archive = backup(tmp_path)
    _change_after_backup(small_portal)
    damaged = rewrite(archive, tmp_path / "no-manifest.tar", lambda i, d: [] if i.name == "manifest.json" else [(i, d)])
    _refused(damaged, settings, "ไม่มี manifest.json")


def test_a_truncated_archive_is_refused(small_portal, settings, tmp_path):
    archive = backup(tmp_path)
    _change_after_backup(small_portal)
    archive.write_bytes(archive.read_bytes()[:5000])
    _refused(archive, settings, "เสียหาย")


def test_an_archive_with_a_path_outside_the_media_folder_is_refused(small_portal, settings, tmp_path):
    archive = backup(tmp_path)
    _change_after_backup(small_portal)
    for bad in ("../evil", "media/../../evil", "/tmp/evil"):

        def add_evil(info, data, bad=bad):
            if info.name != "manifest.json":
                return [(info, data)]
            evil = tarfile.TarInfo(bad)
            manifest = json.loads(data)
            manifest["files"].append({"path": bad, "size": 4, "sha256": hashlib.sha256(b"evil").hexdigest()})
            return [(evil, b"evil"), (info, json.dumps(manifest).encode())]

        damaged = rewrite(archive, tmp_path / "evil.tar", add_evil)
        _refused(damaged, settings, "ชี้ออกนอกโฟลเดอร์")
        damaged.unlink()
    assert not (tmp_path / "evil").exists() and not Path("/tmp/evil").exists()


def test_an_archive_with_a_symlink_is_refused(small_portal, settings, tmp_path):
    archive = backup(tmp_path)
    _change_after_backup(small_portal)

    def add_link(info, data):
        if info.name != "manifest.json":
            return [(info, data)]
        link = tarfile.TarInfo("media/link")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc"
        return [(link, b""), (info, data)]

    _refused(rewrite(archive, tmp_path / "link.tar", add_link), settings, "ไม่ใช่ไฟล์ธรรมดา")


def test_an_archive_of_the_other_database_vendor_is_refused(small_portal, settings, tmp_path):
    archive = backup(tmp_path)
    _change_after_backup(small_portal)

    def other_vendor(info, data):
        if info.name != "manifest.json":
            return [(info, data)]
        manifest = json.loads(data)
        theirs = {"sqlite": "postgresql", "postgresql": "sqlite"}[manifest["database"]["vendor"]]
        manifest["database"]["vendor"] = theirs
        return [(info, json.dumps(manifest).encode())]

    _refused(rewrite(archive, tmp_path / "other.tar", other_vendor), settings, "กู้คืนข้ามชนิดฐานข้อมูลไม่ได้")


def test_a_restore_not_confirmed_changes_nothing(small_portal, settings, tmp_path, monkeypatch):
    archive = backup(tmp_path)
    _change_after_backup(small_portal)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    _refused_without_yes = _unchanged(settings)
    with pytest.raises(CommandError, match="ยกเลิกแล้ว"):
        restore(archive)
    assert _unchanged(settings) == _refused_without_yes
    assert Agency.objects.get(pk=small_portal.pk).district == "เปลี่ยนแล้ว"


def test_a_backup_never_overwrites_an_archive(small_portal, tmp_path):
    target = tmp_path / "nightly.tar"
    call_command("backup", "--out", str(target), stdout=io.StringIO())
    with pytest.raises(CommandError, match="ไม่เขียนทับ"):
        call_command("backup", "--out", str(target), stdout=io.StringIO())


def test_a_postgresql_client_too_old_for_the_server_is_a_clear_error():
    with pytest.raises(BackupError, match="ไม่พบโปรแกรม pg_dump รุ่น 99"):
        pg_tool("pg_dump", 99)


@pytest.mark.django_db(transaction=False)
def test_the_manifest_of_a_database_not_yet_migrated_names_only_columns_it_has():
    """SQLite reads a double-quoted unknown column as a string: an old schema must not yield fake file names."""
    import sqlite3

    from ita_portal.backup import _facts

    old = sqlite3.connect(":memory:")
    old.executescript(
        """
        CREATE TABLE django_migrations (id integer primary key, app text, name text, applied text);
        INSERT INTO django_migrations (app, name) VALUES ('assessments', '0003_weights_verified');
        CREATE TABLE assessments_agency (id integer primary key, name text);
        INSERT INTO assessments_agency (name) VALUES ('ทุ่งโพธิ์');
        """
    )
    facts = _facts(old.cursor(), "sqlite")
    assert facts["referenced"] == set()
    assert facts["counts"] == {"agencies": 1}
    assert facts["migrations"] == {"assessments": ["0003_weights_verified"]}


def test_a_postgresql_restore_that_fails_halfway_leaves_the_database_as_it_was(small_portal, settings, tmp_path):
    """pg_restore stops after its first statements: the transaction is not committed."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    archive = backup(tmp_path)
    _change_after_backup(small_portal)
    real = pg_tool("pg_restore", connection.pg_version // 10000)
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "pg_restore").write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = "--version" ]; then exec {real} --version; fi\n'
        "echo 'DROP TABLE IF EXISTS public.assessments_agency CASCADE;'\n"
        "echo 'pg_restore: error: simulated failure' >&2\n"
        "exit 1\n"
    )
    (fake / "pg_restore").chmod(0o755)
    (fake / "psql").symlink_to(pg_tool("psql", connection.pg_version // 10000))
    before = _unchanged(settings)
    with pytest.raises(CommandError, match="ฐานข้อมูลยังเป็นข้อมูลเดิม"):
        restore(archive, "--yes", "--pg-bin", str(fake))
    assert _unchanged(settings) == before
    assert Agency.objects.get(pk=small_portal.pk).district == "เปลี่ยนแล้ว"


def test_an_archive_from_a_newer_portal_version_is_refused(small_portal, settings, tmp_path):
    archive = backup(tmp_path)
    _change_after_backup(small_portal)

    def newer(info, data):
        if info.name != "manifest.json":
            return [(info, data)]
        manifest = json.loads(data)
        manifest["migrations"]["measures"].append("9999_from_the_future")
        return [(info, json.dumps(manifest).encode())]

    _refused(rewrite(archive, tmp_path / "newer.tar", newer), settings, "รุ่นที่ใหม่กว่า")
