"""The commission's database: migrations from an empty file and from an older schema, refusals
that leave a file as it was, one transaction per publication, backups, frozen editions, and
published years read back as they were recorded."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from report.database import store as database
from report.database.store import DatabaseError
from report.figures.records import (
    Figure,
    FigureRecord,
    MemberData,
    Publication,
    Revision,
    Source,
    Submission,
    YearRecord,
)

DAY = dt.date(2025, 6, 30)


def _member(code: str, values: dict[str, int], year: int = 2024) -> MemberData:
    figs = {k: Figure(k, v, Source(code, f"{code}-{year}.xlsx", "البيانات", f"C{7 + i}"))
            for i, (k, v) in enumerate(values.items())}
    return MemberData(code, f"{code}-{year}.xlsx", figs, ())


def _publication(values: dict[str, int], *, year: int = 2024, sha: str = "a" * 64,
                 pdf: str = "p1", revisions: tuple[Revision, ...] = (),
                 status: dict[str, str] | None = None, date: dt.date = DAY) -> Publication:
    pmp = _member("PMP", values, year)
    figures = tuple(FigureRecord(k, k.split(".")[0], None, None, v, (status or {}).get(k, ""),
                                 ("PMP",)) for k, v in values.items())
    rec = YearRecord(year, ((Submission("PMP", pmp.file, sha), pmp),), figures, revisions)
    return Publication(year, 4, date, "0.1.0", pdf, (rec,))


def _tables(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def _version(path: Path) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("PRAGMA user_version").fetchone()[0]


def test_migration_from_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "cnclt.sqlite3"
    path.write_bytes(b"")  # an empty file is an empty SQLite database
    with closing(database.connect(path)):
        pass
    assert _version(path) == database.SCHEMA_VERSION
    assert {"publication", "submission", "reported", "figure", "figure_source",
            "revision"} <= _tables(path)
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == database.APPLICATION_ID
    assert database.published(path) == {}


def test_reading_never_creates_the_file(tmp_path: Path) -> None:
    path = tmp_path / "none" / "cnclt.sqlite3"
    assert database.published(path) == {}
    assert database.publications(path) == []
    assert not path.exists()


def test_migration_from_an_older_schema_keeps_the_data_and_a_backup(tmp_path: Path,
                                                                    monkeypatch) -> None:
    path = tmp_path / "cnclt.sqlite3"
    database.record(path, _publication({"CASES.total": 150}))
    old = database.SCHEMA_VERSION
    newer = (*database.MIGRATIONS, ("ALTER TABLE publication ADD COLUMN note TEXT",))
    monkeypatch.setattr(database, "MIGRATIONS", newer)
    monkeypatch.setattr(database, "SCHEMA_VERSION", len(newer))
    assert database.published(path)[2024].figures["CASES.total"].value == 150
    assert _version(path) == len(newer)
    backups = list((tmp_path / "backups").glob(f"*before-migration-{old}-to-{old + 1}*"))
    assert len(backups) == 1 and _version(backups[0]) == old


def test_a_failed_migration_leaves_the_file_as_it_was(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "cnclt.sqlite3"
    database.record(path, _publication({"CASES.total": 150}))
    old = database.SCHEMA_VERSION
    broken = (*database.MIGRATIONS, ("CREATE TABLE extra (x INTEGER)", "NOT SQL AT ALL"))
    monkeypatch.setattr(database, "MIGRATIONS", broken)
    monkeypatch.setattr(database, "SCHEMA_VERSION", len(broken))
    with pytest.raises(DatabaseError, match="left as it was"):
        database.published(path)
    assert _version(path) == old and "extra" not in _tables(path)


def test_a_newer_or_foreign_file_is_refused_untouched(tmp_path: Path) -> None:
    newer = tmp_path / "newer.sqlite3"
    database.record(newer, _publication({"CASES.total": 1}))
    with closing(sqlite3.connect(newer)) as conn:
        conn.execute(f"PRAGMA user_version = {database.SCHEMA_VERSION + 1}")
    before = newer.read_bytes()
    with pytest.raises(DatabaseError, match="newer than this tool"):
        database.published(newer)
    assert newer.read_bytes() == before
    foreign = tmp_path / "other.sqlite3"
    with closing(sqlite3.connect(foreign)) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.execute("PRAGMA user_version = 3")
    with pytest.raises(DatabaseError, match="another program"):
        database.published(foreign)
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database, certainly not" * 100)
    with pytest.raises(DatabaseError, match="not a database"):
        database.published(junk)
    assert junk.read_bytes() == b"not a database, certainly not" * 100


def test_round_trip_of_a_published_year(tmp_path: Path) -> None:
    path = tmp_path / "cnclt.sqlite3"
    values = {"VICTIMS.total": 40, "VICTIMS.sexage.women": 3, "VICTIMS.sexage.men": 37}
    pid = database.record(path, _publication(values, status={"VICTIMS.sexage.women": "c"}))
    year = database.published(path)[2024]
    assert pid == 1
    assert {k: f.value for k, f in year.figures.items()} == values  # true values, never hidden
    assert year.figures["VICTIMS.sexage.women"].status == "c"
    assert year.figures["VICTIMS.total"].members == ("PMP",)
    assert year.figures["VICTIMS.total"].date == DAY
    assert year.submissions["PMP"] == Submission("PMP", "PMP-2024.xlsx", "a" * 64)
    fig = year.members["PMP"].figures["VICTIMS.sexage.women"]
    assert (fig.value, fig.source.file, fig.source.sheet, fig.source.cell) == \
        (3, "PMP-2024.xlsx", "البيانات", "C8")
    assert year.revisions == () and year.first == values


def test_same_edition_twice_is_recorded_once(tmp_path: Path) -> None:
    path = tmp_path / "cnclt.sqlite3"
    assert database.record(path, _publication({"CASES.total": 150})) == 1
    assert database.record(path, _publication({"CASES.total": 150})) is None
    assert len(database.publications(path)) == 1
    assert not (tmp_path / "backups").exists()  # nothing was written: nothing to back up


def test_the_other_languages_final_of_one_edition_is_not_a_new_publication(
        tmp_path: Path) -> None:
    """The French final of the edition the Arabic final recorded (another PDF, the same
    figures from the same workbooks, the same date) adds nothing; a changed figure, workbook
    or date is a new publication."""
    path = tmp_path / "cnclt.sqlite3"
    assert database.record(path, _publication({"CASES.total": 150})) == 1
    assert database.record(path, _publication({"CASES.total": 150}, pdf="p-fr")) is None
    assert database.record(path, _publication({"CASES.total": 151}, pdf="p-fr")) == 2
    assert database.record(path, _publication({"CASES.total": 151}, pdf="p3",
                                              sha="d" * 64)) == 3
    assert database.record(path, _publication({"CASES.total": 151}, pdf="p4", sha="d" * 64,
                                              date=dt.date(2025, 7, 1))) == 4
    assert len(database.publications(path)) == 4


def test_a_revision_keeps_both_values_and_freezes_the_first_edition(tmp_path: Path) -> None:
    path = tmp_path / "cnclt.sqlite3"
    database.record(path, _publication({"CASES.total": 150, "CALLS.total": 900}))
    rev = Revision(2024, "CASES.total", 150, 156, ("PMP",), dt.date(2026, 6, 30))
    second = _publication({"CASES.total": 156, "CALLS.total": 900}, sha="b" * 64, pdf="p2",
                          revisions=(rev,), status={"CASES.total": "r"},
                          date=dt.date(2026, 6, 30))
    assert database.record(path, second) == 2
    year = database.published(path)[2024]
    assert year.figures["CASES.total"].value == 156
    assert year.figures["CASES.total"].status == "r"
    assert year.first["CASES.total"] == 150
    assert year.submissions["PMP"].sha256 == "b" * 64
    assert [(r.old, r.new, r.members, r.date, r.recorded) for r in year.revisions] == \
        [(150, 156, ("PMP",), dt.date(2026, 6, 30), True)]
    assert database.edition_figures(path, 2024, DAY)[2024]["CASES.total"] == (150, "")
    assert database.edition_figures(path, 2024)[2024]["CASES.total"] == (156, "r")
    backups = list((tmp_path / "backups").iterdir())
    assert len(backups) == 1  # before the second publication, holding the first only
    assert [p[0] for p in database.publications(backups[0])] == [1]


def test_a_publication_is_one_transaction(tmp_path: Path) -> None:
    path = tmp_path / "cnclt.sqlite3"
    database.record(path, _publication({"CASES.total": 150}))
    bad = _publication({"CASES.total": 150, "CALLS.total": -1}, pdf="p2", sha="c" * 64)
    with pytest.raises(DatabaseError, match="nothing was written"):
        database.record(path, bad)
    assert len(database.publications(path)) == 1
    year = database.published(path)[2024]
    assert year.submissions["PMP"].sha256 == "a" * 64 and set(year.figures) == {"CASES.total"}
