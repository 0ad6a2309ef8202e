"""A database file's path -> a connection to it, only when it is this tool's database; every
SQLite failure as one line (DatabaseError), never a traceback.

- Reading (``open_read``: every command's reading, and all that ``check`` and ``review`` do)
  opens the file read-only (SQLite's mode=ro): it never creates, migrates or writes it. No
  file, or an empty one, is "nothing published yet".
- Writing (``open_write``: a final's publication) creates the file only where none exists
  (or an empty one), and brings its schema up to date (report/database/schema.py), each
  migration in one transaction after a backup.
- A file that is not this tool's database is refused untouched by both: not an SQLite file,
  an SQLite file of another program (another application id, or tables of its own), or one
  made by a newer version of the tool.
- A damaged file (a page overwritten: SQLite's quick check) is refused with the last backup
  named; a file locked by another process is "in use: try again".
- Backups (``backup``): a consistent copy into backups/ beside the file, written under a
  hidden temp name with no journal and renamed once whole; a copy a kill left half-written is
  removed by the next command (``clean_backups``).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from report.atomic import TMP_SUFFIX, stop_point
from report.database import schema
from report.errors import ReportError

BACKUPS = "backups"
BUSY_SECONDS = 3.0  # how long to wait for another process's write before saying so
SQLITE_MAGIC = b"SQLite format 3\x00"


class DatabaseError(ReportError):
    """The database file cannot be read or written as it must be (not a database of this
    tool, made by a newer version, damaged, in use, a write refused): nothing is changed in
    it."""

    exit_code = 1


# --- errors ----------------------------------------------------------------------------------

def last_backup(path: Path) -> Path | None:
    """The newest whole backup of ``path`` in backups/ beside it."""
    folder = path.parent / BACKUPS
    found = [p for p in folder.glob(f"{path.stem}.*") if p.is_file()] if folder.is_dir() else []
    return max(found, key=lambda p: (p.stat().st_mtime_ns, p.name)) if found else None


def failure(path: Path, exc: sqlite3.Error) -> DatabaseError:
    """One line for a failure of SQLite on ``path``, saying what to do."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return DatabaseError(f"{path}: in use by another process (a build recording a final?); "
                             "try again when it has finished / base de données utilisée par "
                             "un autre processus : réessayez")
    if "readonly" in text or "read-only" in text:
        return DatabaseError(f"{path}: a write was interrupted and must be rolled back first: "
                             "run `build` (it does so) / écriture interrompue : lancez build")
    return damaged(path, str(exc))


def damaged(path: Path, why: str) -> DatabaseError:
    saved = last_backup(path)
    where = f"the last backup is {saved}" if saved else "there is no backup in " + \
        str(path.parent / BACKUPS)
    why = " ".join(why.split())  # SQLite's report may run over several lines: one line
    return DatabaseError(f"{path}: damaged ({why}); left as it is; {where} (copy it in its "
                         "place) / base de données endommagée, dernière sauvegarde ci-dessus")


@contextmanager
def guarded(path: Path) -> Iterator[None]:
    """Any SQLite failure inside as one DatabaseError line."""
    try:
        yield
    except sqlite3.Error as exc:
        raise failure(path, exc) from exc


# --- opening ---------------------------------------------------------------------------------

def empty(path: Path | None) -> bool:
    """No database yet: no file, or an empty one."""
    return path is None or not path.exists() or path.stat().st_size == 0


def _sqlite_file(path: Path) -> None:
    with path.open("rb") as fh:
        head = fh.read(len(SQLITE_MAGIC))
    if head != SQLITE_MAGIC:
        raise DatabaseError(f"{path}: not a database of this tool (not an SQLite file: another "
                            "program's file, or a damaged one); left as it is"
                            + _backup_hint(path))


def _backup_hint(path: Path) -> str:
    saved = last_backup(path)
    return f"; the last backup is {saved}" if saved else ""


def _header(conn: sqlite3.Connection) -> tuple[int, int, int]:
    """(schema version, application id, number of tables)."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    app = conn.execute("PRAGMA application_id").fetchone()[0]
    tables = conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").fetchone()
    return int(version), int(app), int(tables[0])


def _owned(path: Path, version: int, app: int, tables: int) -> bool:
    """True: this tool's database; False: an empty SQLite file (no tables, no id): a new
    database may be made in it; DatabaseError for any other."""
    if app == 0 and version == 0 and tables == 0:
        return False
    if app != schema.APPLICATION_ID:
        raise DatabaseError(f"{path}: an SQLite file of another program (no application id of "
                            "this tool); not touched / fichier SQLite d'un autre programme")
    if version > schema.SCHEMA_VERSION:
        raise DatabaseError(f"{path}: schema version {version} is newer than this tool's "
                            f"({schema.SCHEMA_VERSION}); use a newer version of the tool")
    if version < schema.READABLE_FROM:
        raise DatabaseError(f"{path}: schema version {version} is too old to read; run "
                            "`build` to bring it up to date")
    return True


def _intact(conn: sqlite3.Connection, path: Path) -> None:
    found = [r[0] for r in conn.execute("PRAGMA quick_check(5)")]
    if found != ["ok"]:
        raise damaged(path, "; ".join(found)[:200])


def open_read(path: Path | None) -> sqlite3.Connection | None:
    """A read-only connection to this tool's database; None when there is none yet."""
    if path is None or empty(path):
        return None
    _sqlite_file(path)
    with guarded(path):
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                               timeout=BUSY_SECONDS)
        try:
            if not _owned(path, *_header(conn)):
                conn.close()
                return None
            _intact(conn, path)
        except BaseException:
            conn.close()
            raise
    return conn


def open_write(path: Path) -> sqlite3.Connection:
    """A connection that may write: the file is created where none exists (or an empty one)
    and migrated to the tool's schema (a backup first); refused untouched otherwise."""
    existed = not empty(path)
    if existed:
        _sqlite_file(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with guarded(path):
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_SECONDS)
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            version, app, tables = _header(conn)
            if _owned(path, version, app, tables):
                _intact(conn, path)
            _migrate_to_current(conn, path, version)
        except BaseException:
            conn.close()
            raise
    return conn


def _migrate_to_current(conn: sqlite3.Connection, path: Path, version: int) -> None:
    if version >= schema.SCHEMA_VERSION:
        return
    try:
        if version:
            backup(conn, path, f"before-migration-{version}-to-{schema.SCHEMA_VERSION}")
        migrate(conn, version)
    except (sqlite3.Error, OSError) as exc:
        raise DatabaseError(f"{path}: migration to schema {schema.SCHEMA_VERSION} failed, the "
                            f"file is left as it was ({exc})") from exc


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction: everything in it is written, or nothing."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def migrate(conn: sqlite3.Connection, version: int) -> None:
    """Apply every migration after ``version``, each in its own transaction."""
    for target in range(version + 1, schema.SCHEMA_VERSION + 1):
        with transaction(conn):
            for statement in schema.MIGRATIONS[target - 1]:
                conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {target}")


def has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                        (name,)).fetchone() is not None


# --- backups ---------------------------------------------------------------------------------

def backup(conn: sqlite3.Connection, path: Path, label: str) -> Path:
    """A consistent copy of the database into backups/ beside it: written under a hidden
    temp name, with no journal of its own, and renamed once whole."""
    folder = path.parent / BACKUPS
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{path.stem}.{label}{path.suffix or '.sqlite3'}"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{path.stem}.{label}-{n}{path.suffix or '.sqlite3'}"
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TMP_SUFFIX, dir=folder)
    os.close(fd)
    try:
        with closing(sqlite3.connect(tmp)) as dest:
            dest.execute("PRAGMA journal_mode = OFF")  # no -journal file beside the copy
            conn.backup(dest)
        stop_point("backup")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def clean_backups(path: Path) -> list[Path]:
    """Remove what a killed backup left in backups/ (its temp file, a journal); the files."""
    folder = path.parent / BACKUPS
    if not folder.is_dir():
        return []
    stale = [p for p in folder.iterdir() if p.is_file() and (
        p.name.startswith(".") or p.name.endswith(("-journal", "-wal", "-shm")))]
    for p in stale:
        p.unlink(missing_ok=True)
    return stale
