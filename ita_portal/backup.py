"""One-file backups of the portal (database + MEDIA_ROOT + manifest) and their restore.

Used by `manage.py backup` and `manage.py restore`.  The archive is a plain tar:

    database.dump | database.sqlite3   pg_dump --format=custom, or a copy made with SQLite's backup API
    media/…                            every regular file under MEDIA_ROOT
    manifest.json                      format, migrations, vendor, counts, and size + SHA-256 of every file

Consistency while the portal runs: the database is one snapshot (pg_dump runs on a snapshot exported
from a REPEATABLE READ transaction, which also gives the manifest's counts; SQLite's backup API copies
in one step).  Media are copied *after* the snapshot: files under MEDIA_ROOT are written once under a
new name and never rewritten, so every file a row of the snapshot names already existed and is copied;
files created later are harmless extras.  A file named by the snapshot but deleted before it was
copied is listed in the manifest and the summary as missing.

Restore checks everything before it changes anything, then replaces the database in one transaction,
then swaps the media directory's contents by renames inside MEDIA_ROOT, then runs `migrate`.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.db import connections, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

FORMAT = "ita-portal-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media"
DB_MEMBERS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
# Restore stages its files in a hidden folder inside MEDIA_ROOT (the same file system, so moving them
# into place is a rename); a backup skips such folders.
STAGING_PREFIX = ".ita-restore-"
CHUNK = 1024 * 1024

# (manifest key, model label) of the counts printed in the summary and kept in the manifest.
COUNTED = [
    ("agencies", "assessments.Agency"),
    ("measures", "measures.Measure"),
    ("progress", "measures.Progress"),
    ("evidence", "measures.Evidence"),
    ("documents", "reports.GeneratedDocument"),
    ("memos", "reports.Memo"),
]
COUNT_LABELS = {
    "agencies": "หน่วยงาน / agencies",
    "measures": "มาตรการ / measures",
    "progress": "ผลการดำเนินการ / progress entries",
    "evidence": "หลักฐาน / evidence",
    "documents": "เอกสารที่สร้าง / generated documents",
    "memos": "บันทึกข้อความ / memos",
}


class BackupError(Exception):
    """A problem the operator must act on; the message is in Thai, with English after " / "."""


@dataclass
class BackupResult:
    path: Path
    manifest: dict[str, Any]
    seconds: float
    skipped: list[str] = field(default_factory=list)


@dataclass
class RestorePlan:
    """A verified archive, staged inside MEDIA_ROOT and ready to be put in place."""

    archive: Path
    manifest: dict[str, Any]
    staging: Path

    @property
    def database_file(self) -> Path:
        return self.staging / "new" / self.manifest["database"]["member"]

    @property
    def media_dir(self) -> Path:
        return self.staging / "new" / MEDIA_PREFIX


# --- PostgreSQL client programs ---------------------------------------------------------------


def _pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    """libpq environment for the configured database: the password never appears on a command line."""
    env = dict(os.environ)
    options = settings_dict.get("OPTIONS") or {}
    values = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
        "PGSSLMODE": options.get("sslmode"),
        "PGSSLROOTCERT": options.get("sslrootcert"),
        "PGSSLCERT": options.get("sslcert"),
        "PGSSLKEY": options.get("sslkey"),
        "PGPASSFILE": options.get("passfile"),
        "PGSERVICE": options.get("service"),
    }
    env.update({key: str(value) for key, value in values.items() if value})
    return env


def _tool_major(path: str) -> int | None:
    try:
        out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=10, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"\b(\d+)(?:\.\d+)?", out)
    return int(match.group(1)) if match else None


def pg_tool(name: str, server_major: int, bin_dir: str | None = None) -> str:
    """The pg_dump / pg_restore / psql that can talk to this server: same major version or newer.

    Looks in `bin_dir` (--pg-bin), then Debian's /usr/lib/postgresql/<server major>/bin, then PATH.
    """
    candidates = []
    if bin_dir:
        candidates.append(str(Path(bin_dir) / name))
    candidates.append(f"/usr/lib/postgresql/{server_major}/bin/{name}")
    on_path = shutil.which(name)
    if on_path:
        candidates.append(on_path)
    found = []
    for candidate in candidates:
        if not Path(candidate).is_file():
            continue
        major = _tool_major(candidate)
        if major is not None and major >= server_major:
            return candidate
        found.append(f"{candidate} ({major})")
    seen = f" — พบ / found: {', '.join(found)}" if found else ""
    raise BackupError(
        f"ไม่พบโปรแกรม {name} รุ่น {server_major} ขึ้นไป ที่ตรงกับเซิร์ฟเวอร์ PostgreSQL {server_major}: "
        f"ติดตั้ง postgresql-client-{server_major} หรือระบุโฟลเดอร์ด้วย --pg-bin{seen} / "
        f"{name} {server_major} or newer not found (server is PostgreSQL {server_major})"
    )


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{what} ไม่สำเร็จ / failed: {result.stderr.strip()[-2000:]}")


# --- what the snapshot holds -------------------------------------------------------------------


def _file_columns() -> list[tuple[str, str]]:
    return [
        (model._meta.db_table, f.column)
        for model in apps.get_models()
        for f in model._meta.concrete_fields
        if isinstance(f, models.FileField)
    ]


def _existing_columns(cursor: Any, vendor: str) -> set[tuple[str, str]]:
    """(table, column) pairs the snapshot has: its schema may be older than the code (not yet migrated)."""
    if vendor == "postgresql":
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()"
        )
        return {(table, column) for table, column in cursor.fetchall()}
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    pairs = set()
    for (table,) in cursor.fetchall():
        cursor.execute(f'PRAGMA table_info("{table}")')
        pairs.update((table, row[1]) for row in cursor.fetchall())
    return pairs


def _facts(cursor: Any, vendor: str) -> dict[str, Any]:
    """Migrations, counts and file names, read with raw SQL through a DB-API cursor on the snapshot."""
    existing = _existing_columns(cursor, vendor)
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    migrations: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        migrations.setdefault(app, []).append(name)
    counts = {}
    for key, label in COUNTED:
        table = apps.get_model(label)._meta.db_table
        if (table, "id") in existing:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[key] = cursor.fetchone()[0]
    referenced: set[str] = set()
    for table, column in _file_columns():
        # SQLite would read a double-quoted unknown column as a string: ask only for columns that exist.
        if (table, column) in existing:
            cursor.execute(f'SELECT "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL AND "{column}" <> \'\'')
            referenced.update(row[0] for row in cursor.fetchall())
    return {"migrations": migrations, "counts": counts, "referenced": referenced}


def _dump_postgresql(alias: str, dest: Path, bin_dir: str | None) -> tuple[dict[str, Any], dict[str, Any]]:
    connection = connections[alias]
    connection.ensure_connection()
    server_major = connection.pg_version // 10000
    pg_dump = pg_tool("pg_dump", server_major, bin_dir)
    # pg_dump works on a snapshot exported from this transaction, so the counts and file names read
    # here describe exactly the rows in the dump.
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        facts = _facts(cursor, "postgresql")
        command = [pg_dump, "--format=custom", "--no-password", f"--snapshot={snapshot}", f"--file={dest}"]
        _run(command, _pg_env(connection.settings_dict), "pg_dump")
    version = connection.pg_version
    database = {
        "vendor": "postgresql",
        "member": DB_MEMBERS["postgresql"],
        "server_version": f"{version // 10000}.{version % 10000}",
        "tool": subprocess.run([pg_dump, "--version"], capture_output=True, text=True).stdout.strip(),
    }
    return database, facts


def _dump_sqlite(alias: str, dest: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    connection = connections[alias]
    connection.ensure_connection()
    target = sqlite3.connect(dest)
    try:
        # One step (pages=-1): the copy is one consistent read of the database, WAL included.
        connection.connection.backup(target, pages=-1)
        facts = _facts(target.cursor(), "sqlite")
    finally:
        target.close()
    database = {"vendor": "sqlite", "member": DB_MEMBERS["sqlite"], "server_version": sqlite3.sqlite_version}
    return database, facts


# --- the archive -------------------------------------------------------------------------------


class _HashingReader:
    """Hands tarfile exactly `size` bytes of a file and hashes them on the way."""

    def __init__(self, handle: IO[bytes], size: int) -> None:
        self.handle, self.left, self.hash = handle, size, hashlib.sha256()

    def read(self, n: int = -1) -> bytes:
        n = self.left if n < 0 or n > self.left else n
        data = self.handle.read(n)
        self.left -= len(data)
        self.hash.update(data)
        return data


def _add_file(tar: tarfile.TarFile, source: Path, name: str) -> dict[str, Any] | None:
    """Add one file; None if it vanished meanwhile (e.g. the health check's probe file)."""
    try:
        handle = open(source, "rb", opener=lambda p, f: os.open(p, f | os.O_NOFOLLOW))  # noqa: SIM115
    except (FileNotFoundError, OSError):
        return None
    with handle:
        stat = os.fstat(handle.fileno())
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o644
        reader = _HashingReader(handle, stat.st_size)
        tar.addfile(info, reader)  # type: ignore[arg-type]
    return {"path": name, "size": stat.st_size, "sha256": reader.hash.hexdigest()}


def _media_files(media_root: Path, skipped: list[str]) -> Iterator[tuple[Path, str]]:
    """(path, name relative to MEDIA_ROOT) of every regular file, in a stable order; symlinks are not followed."""
    for dirpath, dirnames, filenames in os.walk(media_root):
        here = Path(dirpath)
        if here == media_root:
            dirnames[:] = [d for d in dirnames if not d.startswith(STAGING_PREFIX)]
        for d in list(dirnames):
            if (here / d).is_symlink():
                skipped.append(f"{(here / d).relative_to(media_root).as_posix()} (symlink)")
                dirnames.remove(d)
        dirnames.sort()
        for filename in sorted(filenames):
            path = here / filename
            relative = path.relative_to(media_root).as_posix()
            if path.is_symlink() or not path.is_file():
                skipped.append(f"{relative} (not a regular file)")
                continue
            yield path, relative


def archive_name(now: datetime) -> str:
    return f"ita-backup-{timezone.localtime(now).strftime('%Y-%m-%dT%H%M%S')}.tar"


def backup_create(*, out: Path, alias: str = "default", pg_bin: str | None = None) -> BackupResult:
    """Write one archive with the database, MEDIA_ROOT and a manifest; returns its path and manifest.

    `out` is a folder (the archive gets a dated name) or a file name.  The archive is written under a
    temporary name and renamed at the end, so an interrupted backup never looks like a finished one.
    """
    started = timezone.now()
    clock = datetime.now().timestamp()
    path = out / archive_name(started) if out.is_dir() else out
    if path.exists():
        raise BackupError(f"มีไฟล์ {path} อยู่แล้ว ไม่เขียนทับ / {path} exists; not overwriting")
    if not path.parent.is_dir():
        raise BackupError(f"ไม่มีโฟลเดอร์ {path.parent} / folder {path.parent} does not exist")
    media_root = Path(settings.MEDIA_ROOT)
    vendor = connections[alias].vendor
    if vendor not in DB_MEMBERS:
        raise BackupError(f"ไม่รองรับฐานข้อมูล {vendor} / unsupported database {vendor}")
    partial = path.with_name(f".{path.name}.partial")
    skipped: list[str] = []
    with tempfile.TemporaryDirectory(prefix="ita-backup-", dir=path.parent) as work:
        dump = Path(work) / DB_MEMBERS[vendor]
        if vendor == "postgresql":
            database, facts = _dump_postgresql(alias, dump, pg_bin)
        else:
            database, facts = _dump_sqlite(alias, dump)
        # The archive holds password hashes and every agency's documents: only its owner may read it.
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
                entry = _add_file(tar, dump, database["member"])
                assert entry is not None
                files = [entry]
                if media_root.is_dir():
                    for source, relative in _media_files(media_root, skipped):
                        entry = _add_file(tar, source, f"{MEDIA_PREFIX}/{relative}")
                        if entry is None:
                            skipped.append(f"{relative} (deleted while copying)")
                        else:
                            files.append(entry)
                copied = {f["path"][len(MEDIA_PREFIX) + 1 :] for f in files[1:]}
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "created_at": timezone.localtime(started).isoformat(),
                    "database": database,
                    "migrations": facts["migrations"],
                    "counts": facts["counts"],
                    "media_root": str(media_root),
                    "missing_media": sorted(facts["referenced"] - copied),
                    "files": files,
                }
                data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(data), int(started.timestamp()), 0o644
                tar.addfile(info, io.BytesIO(data))
            os.replace(partial, path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return BackupResult(path=path, manifest=manifest, seconds=datetime.now().timestamp() - clock, skipped=skipped)


# --- restore -----------------------------------------------------------------------------------


def _damaged(reason: str) -> BackupError:
    return BackupError(f"ไฟล์สำรองเสียหายหรือไม่ใช่ไฟล์สำรองของ ITA Portal: {reason} — ไม่ได้เปลี่ยนแปลงข้อมูลใด ๆ")


def _safe_name(name: str) -> bool:
    """A member name that stays inside the folder it is extracted to."""
    if not name or "\\" in name or "\x00" in name or name.startswith("/"):
        return False
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and str(path) == name.rstrip("/")


def _check_members(tar: tarfile.TarFile) -> dict[str, tarfile.TarInfo]:
    """Every member must be a plain file or folder with a safe name in an expected place."""
    files: dict[str, tarfile.TarInfo] = {}
    for member in tar.getmembers():
        if not _safe_name(member.name):
            raise _damaged(f"มีชื่อไฟล์ที่ชี้ออกนอกโฟลเดอร์ '{member.name}' / unsafe member name")
        if not (member.isreg() or member.isdir()):
            raise _damaged(f"'{member.name}' ไม่ใช่ไฟล์ธรรมดา (ลิงก์หรืออุปกรณ์) / not a regular file")
        top = PurePosixPath(member.name).parts[0]
        if top not in (MANIFEST, MEDIA_PREFIX, *DB_MEMBERS.values()):
            raise _damaged(f"มีไฟล์ที่ไม่รู้จัก '{member.name}' / unexpected member")
        if member.isreg():
            if member.name in files:
                raise _damaged(f"มีไฟล์ '{member.name}' ซ้ำ / duplicate member")
            files[member.name] = member
    return files


def _read_manifest(tar: tarfile.TarFile, files: dict[str, tarfile.TarInfo]) -> dict[str, Any]:
    if MANIFEST not in files:
        raise _damaged("ไม่มี manifest.json / manifest missing")
    handle = tar.extractfile(files[MANIFEST])
    assert handle is not None
    try:
        manifest = json.loads(handle.read().decode())
    except (UnicodeDecodeError, ValueError):
        raise _damaged("อ่าน manifest.json ไม่ได้ / manifest unreadable") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _damaged("manifest.json ไม่ใช่ของ ITA Portal / not an ITA Portal manifest")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"ไฟล์สำรองรูปแบบรุ่น {manifest.get('format_version')} ซึ่งโปรแกรมนี้ไม่รู้จัก (รู้จักรุ่น {FORMAT_VERSION}) / "
            "unknown archive format version"
        )
    return manifest


def _check_compatible(manifest: dict[str, Any], alias: str) -> None:
    vendor = connections[alias].vendor
    theirs = manifest.get("database", {}).get("vendor")
    if theirs != vendor:
        raise BackupError(
            f"ไฟล์สำรองนี้เป็นฐานข้อมูล {theirs} แต่ระบบนี้ใช้ {vendor} กู้คืนข้ามชนิดฐานข้อมูลไม่ได้ — "
            f"ไม่ได้เปลี่ยนแปลงข้อมูลใด ๆ / archive is for {theirs}, this portal uses {vendor}"
        )
    if manifest["database"].get("member") != DB_MEMBERS[vendor]:
        raise _damaged("ชื่อไฟล์ฐานข้อมูลใน manifest ไม่ถูกต้อง / wrong database member")
    # A backup from a newer version of the portal has tables this code does not know: refuse rather
    # than leave a schema that `migrate` cannot reason about.
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = [
        f"{app}.{name}"
        for app, names in manifest.get("migrations", {}).items()
        for name in names
        if (app, name) not in known and _app_has_migrations(app, known)
    ]
    if unknown:
        raise BackupError(
            "ไฟล์สำรองมาจากโปรแกรมรุ่นที่ใหม่กว่านี้ (มี migration ที่ไม่รู้จัก: "
            f"{', '.join(unknown[:5])}) ให้ปรับรุ่นโปรแกรมก่อนกู้คืน / archive is from a newer portal version"
        )


def _app_has_migrations(app: str, known: dict[tuple[str, str], Any]) -> bool:
    return any(label == app for label, _ in known)


def _extract(tar: tarfile.TarFile, member: tarfile.TarInfo, target: Path, expected: dict[str, Any]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    source = tar.extractfile(member)
    assert source is not None
    digest = hashlib.sha256()
    size = 0
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    with os.fdopen(fd, "wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    if size != expected["size"] or digest.hexdigest() != expected["sha256"]:
        raise _damaged(f"'{member.name}' ไม่ตรงกับ SHA-256 ใน manifest / checksum mismatch")


def restore_prepare(*, archive: Path, alias: str = "default") -> RestorePlan:
    """Check the archive completely and stage its files inside MEDIA_ROOT; changes nothing else.

    The caller must `restore_apply` or `restore_discard` the plan.
    """
    if not archive.is_file():
        raise BackupError(f"ไม่พบไฟล์สำรอง {archive} / archive not found")
    try:
        tar = tarfile.open(archive, mode="r:*")  # noqa: SIM115 (closed by the with below)
    except (tarfile.TarError, OSError) as exc:
        raise _damaged(f"เปิดไฟล์ไม่ได้ ({exc}) / cannot open") from None
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=media_root))
    try:
        with tar:
            members = _check_members(tar)
            manifest = _read_manifest(tar, members)
            _check_compatible(manifest, alias)
            listed = {entry["path"]: entry for entry in manifest.get("files", [])}
            if any(not _safe_name(name) for name in listed):
                raise _damaged("manifest ระบุชื่อไฟล์ที่ไม่ปลอดภัย / unsafe name in manifest")
            stored = set(members) - {MANIFEST}
            if stored != set(listed):
                difference = sorted(stored ^ set(listed))
                raise _damaged(f"รายชื่อไฟล์ไม่ตรงกับ manifest ({', '.join(difference[:5])}) / file list mismatch")
            if manifest["database"]["member"] not in listed:
                raise _damaged("ไม่มีไฟล์ฐานข้อมูล / database dump missing")
            new = staging / "new"
            (new / MEDIA_PREFIX).mkdir(parents=True)
            for name, expected in listed.items():
                _extract(tar, members[name], new / name, expected)
    except (tarfile.TarError, EOFError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise _damaged(f"อ่านไฟล์ไม่ครบ ({exc}) / unreadable archive") from None
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BackupError(
            f"เตรียมไฟล์ใน {media_root} ไม่ได้ ({exc}) — ไม่ได้เปลี่ยนแปลงข้อมูลใด ๆ / cannot stage files"
        ) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return RestorePlan(archive=archive, manifest=manifest, staging=staging)


def restore_discard(plan: RestorePlan) -> None:
    shutil.rmtree(plan.staging, ignore_errors=True)


# Drops every table, view and sequence of the schema first: an older dump does not know the tables that
# later migrations added, and pg_restore --clean only drops what the dump contains.
_PG_EMPTY_SCHEMA = """
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
           ORDER BY c.relkind = 'S'
  LOOP
    EXECUTE format('DROP %s IF EXISTS %I.%I CASCADE',
      CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE'
                     WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
      current_schema(), r.relname);
  END LOOP;
END $$;
"""


def _restore_postgresql(alias: str, dump: Path, bin_dir: str | None) -> None:
    connection = connections[alias]
    connection.ensure_connection()
    server_major = connection.pg_version // 10000
    pg_restore = pg_tool("pg_restore", server_major, bin_dir)
    psql = pg_tool("psql", server_major, bin_dir)
    env = _pg_env(connection.settings_dict)
    # Our own connections would hold locks that the DROPs wait for.
    connections.close_all()
    # pg_restore writes the SQL, psql runs it inside one transaction that is committed only when
    # pg_restore has produced all of it: a failure at any point leaves the database as it was.
    with tempfile.TemporaryFile() as restore_err, tempfile.TemporaryFile() as psql_err:
        producer = subprocess.Popen(
            [pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--file=-", str(dump)],
            stdout=subprocess.PIPE,
            stderr=restore_err,
            env=env,
        )
        consumer = subprocess.Popen(
            [psql, "--no-psqlrc", "--quiet", "--no-password", "--set=ON_ERROR_STOP=1", "--file=-"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=psql_err,
            env=env,
        )
        assert producer.stdout is not None and consumer.stdin is not None
        try:
            consumer.stdin.write(b"BEGIN;\n" + _PG_EMPTY_SCHEMA.encode())
            shutil.copyfileobj(producer.stdout, consumer.stdin, CHUNK)
            produced = producer.wait()
            if produced == 0:
                consumer.stdin.write(b"\nCOMMIT;\n")
            consumer.stdin.close()
        except BrokenPipeError:
            producer.kill()
            produced = producer.wait()
        consumed = consumer.wait()
        if produced != 0 or consumed != 0:
            restore_err.seek(0)
            psql_err.seek(0)
            detail = (restore_err.read() + psql_err.read()).decode(errors="replace").strip()[-2000:]
            raise BackupError(f"กู้คืนฐานข้อมูลไม่สำเร็จ ฐานข้อมูลยังเป็นข้อมูลเดิม / database restore failed: {detail}")


def _restore_sqlite(alias: str, copy: Path) -> None:
    connection = connections[alias]
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    try:
        # The backup API replaces the live database's pages in one write transaction (the other
        # connections see the old or the new database, never half of each), WAL included; copying
        # the file over an open WAL database could corrupt it.
        source.backup(connection.connection, pages=-1)
    finally:
        source.close()
    connections.close_all()


def _swap_media(plan: RestorePlan) -> None:
    """Replace MEDIA_ROOT's contents by renames inside MEDIA_ROOT; on a failure, put the old ones back."""
    media_root = Path(settings.MEDIA_ROOT)
    old = plan.staging / "old"
    old.mkdir()
    moved_out: list[str] = []
    moved_in: list[str] = []
    try:
        for entry in sorted(os.listdir(media_root)):
            if entry.startswith(STAGING_PREFIX):
                continue
            os.rename(media_root / entry, old / entry)
            moved_out.append(entry)
        for entry in sorted(os.listdir(plan.media_dir)):
            os.rename(plan.media_dir / entry, media_root / entry)
            moved_in.append(entry)
    except OSError:
        for entry in moved_in:
            os.rename(media_root / entry, plan.media_dir / entry)
        for entry in moved_out:
            os.rename(old / entry, media_root / entry)
        raise


def restore_apply(plan: RestorePlan, *, alias: str = "default", pg_bin: str | None = None) -> None:
    """Replace the database, then the media, from a prepared plan; then bring the schema up to date."""
    from django.core.management import call_command

    try:
        if plan.manifest["database"]["vendor"] == "postgresql":
            _restore_postgresql(alias, plan.database_file, pg_bin)
        else:
            _restore_sqlite(alias, plan.database_file)
        _swap_media(plan)
    finally:
        restore_discard(plan)
    call_command("migrate", database=alias, interactive=False, verbosity=0)
