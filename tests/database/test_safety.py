"""The database file in the hands of every command: a file that is not this tool's database
refused untouched, reading never writing it, a damaged one named with its last backup, a
locked one said in use; each a one-line error, never a traceback."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from report.cli import main
from report.database import connection
from report.database import store as database
from report.database.store import DatabaseError
from report.paths import INPUTS, ROOT
from tests.database.test_database import _publication

COMMANDS = (["init", "--year", "2026"], ["check"], ["build"], ["build", "--edition", "final"],
            ["review"])


def _state(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def _inputs(tmp: Path) -> Path:
    """Only what the commands need before they open the database: the catalogue and the
    year folders (no workbook is read: the database refuses them first)."""
    root = tmp / "inputs"
    for part in ("catalogue", "2025"):
        (root / part).mkdir(parents=True)
    for f in (INPUTS / "catalogue").glob("*.toml"):
        (root / "catalogue" / f.name).write_bytes(f.read_bytes())
    return root


def foreign(path: Path) -> Path:
    """An SQLite file of another program: no application id, tables of its own."""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE notes (x TEXT)")
        conn.execute("INSERT INTO notes VALUES ('mine')")
        conn.commit()
    return path


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_another_programs_file_is_refused_untouched_by_every_command(tmp_path: Path, capsys,
                                                                     command) -> None:
    inputs = _inputs(tmp_path)
    db = foreign(tmp_path / "other.sqlite3")
    before = _state(db)
    out = ["--out", str(tmp_path / "out")] if command[0] != "init" else []
    assert main([*command, "--inputs", str(inputs), *out, "--database", str(db)]) == 1
    err = capsys.readouterr().err
    assert "another program" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert _state(db) == before
    assert not (tmp_path / "backups").exists()


def test_a_text_file_is_refused_untouched(tmp_path: Path) -> None:
    junk = tmp_path / "cnclt.sqlite3"
    junk.write_text("a list of names, not a database\n", "utf-8")
    before = _state(junk)
    for call in (lambda: database.published(junk), lambda: database.record(
            junk, _publication({"CASES.total": 1}))):
        with pytest.raises(DatabaseError, match="not an SQLite file"):
            call()
    assert _state(junk) == before


def test_reading_never_writes(tmp_path: Path) -> None:
    """No file: none is created; an empty file: left empty; an older schema: not migrated."""
    none, blank = tmp_path / "none.sqlite3", tmp_path / "blank.sqlite3"
    blank.write_bytes(b"")
    for path in (none, blank):
        assert database.published(path) == {} and database.finals(path) == ()
        assert database.pending(path) == ()
    assert not none.exists() and blank.read_bytes() == b""
    old = tmp_path / "old.sqlite3"
    database.record(old, _publication({"CASES.total": 150}))
    with closing(sqlite3.connect(old)) as conn:  # the schema before publications as acts
        conn.executescript("DROP TABLE pending_file; DROP TABLE pending; "
                           "PRAGMA user_version = 1;")
    before = _state(old)
    assert database.published(old)[2024].figures["CASES.total"].value == 150
    assert database.pending(old) == ()
    assert _state(old) == before
    assert not (tmp_path / "backups").exists()


def test_check_creates_no_database(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path)
    db = tmp_path / "db" / "cnclt.sqlite3"
    main(["check", "--inputs", str(inputs), "--out", str(tmp_path / "out"), "--database",
          str(db)])
    assert not db.parent.exists()


def test_a_new_database_only_where_there_is_none_or_an_empty_file(tmp_path: Path) -> None:
    blank = tmp_path / "blank.sqlite3"
    blank.write_bytes(b"")
    assert database.record(blank, _publication({"CASES.total": 1})) == 1
    assert [p[0] for p in database.publications(blank)] == [1]


def _damage(path: Path) -> None:
    """Overwrite a page in the middle of the file (a disk fault)."""
    size = path.stat().st_size
    with path.open("r+b") as fh:
        fh.seek(size // 2 // 4096 * 4096)
        fh.write(os.urandom(4096))


def test_a_damaged_database_names_its_last_backup(tmp_path: Path) -> None:
    path = tmp_path / "cnclt.sqlite3"
    database.record(path, _publication({"CASES.total": 150}))
    database.record(path, _publication({"CASES.total": 151}, pdf="p2", sha="b" * 64))
    saved = connection.last_backup(path)
    assert saved is not None and saved.parent.name == "backups"
    _damage(path)
    before = _state(path)
    with pytest.raises(DatabaseError) as caught:
        database.published(path)
    message = str(caught.value)
    assert "damaged" in message and str(saved) in message and "\n" not in message
    with pytest.raises(DatabaseError, match="damaged"):
        database.record(path, _publication({"CASES.total": 152}, pdf="p3", sha="c" * 64))
    assert _state(path) == before


def test_a_damaged_database_is_one_line_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "cnclt.sqlite3"
    database.record(path, _publication({"CASES.total": 150}))
    database.record(path, _publication({"CASES.total": 151}, pdf="p2", sha="b" * 64))
    _damage(path)
    proc = subprocess.run([sys.executable, str(ROOT / "build_report.py"), "check", "--inputs",
                           str(_inputs(tmp_path)), "--out", str(tmp_path / "out"),
                           "--database", str(path)], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and "damaged" in proc.stderr
    assert "backups" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_a_locked_database_is_in_use_by_another_process(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "cnclt.sqlite3"
    database.record(path, _publication({"CASES.total": 150}))
    monkeypatch.setattr(connection, "BUSY_SECONDS", 0.1)
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")  # another process writing it
        for call in (lambda: database.published(path), lambda: database.record(
                path, _publication({"CASES.total": 151}, pdf="p2", sha="b" * 64))):
            with pytest.raises(DatabaseError, match="in use by another process"):
                call()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert [p[0] for p in database.publications(path)] == [1]


@pytest.mark.parametrize("command", [["check"], ["review"], ["init", "--year", "2026"]],
                         ids=lambda c: c[0])
def test_read_commands_leave_an_existing_database_untouched(tmp_path: Path, command) -> None:
    """An older schema included: reading never migrates (the next build does)."""
    inputs = _inputs(tmp_path)
    db = tmp_path / "db" / "cnclt.sqlite3"
    database.record(db, _publication({"CASES.total": 150}))
    with closing(sqlite3.connect(db)) as conn:
        conn.executescript("DROP TABLE pending_file; DROP TABLE pending; "
                           "PRAGMA user_version = 1;")
    before = _state(db)
    out = ["--out", str(tmp_path / "out")] if command[0] != "init" else []
    main([*command, "--inputs", str(inputs), *out, "--database", str(db)])
    assert _state(db) == before
    assert sorted(p.name for p in db.parent.iterdir()) == ["cnclt.sqlite3"]
