"""The commission's database (one SQLite file) <-> what each final edition published.

    Publication (a final edition's figures, sources, statuses, revisions) -> the database
    the database -> PublishedYear per year (what later builds read instead of old workbooks)

One file (its path: README, "The database"; ``--database``), kept outside out/ so that
cleaning the outputs never deletes it. Python's sqlite3 only. The schema is versioned
(``PRAGMA user_version``) and brought up to date by the migrations of schema.py, in code,
each in one transaction (connection.py); a file made by a newer tool is refused, never
altered. Every write is one
transaction, and a backup copy of the file (SQLite's online backup) is made before each
publication is recorded and before a migration.

What it holds, for each year, indicator and breakdown: the accepted national figure (the
true value: disclosure control is applied to outputs, never to the record), its status as
published ("c" confidential, "r" revised, ...), the members and workbooks it came from
(member, file and its sha256, sheet, cell and the member's value), and every revision (old
value, new value, members, date), the members' activities and each lead's reports on the
national plan's measures; past reports' figures imported (``import-published``) with the
report and page of each, the sign-off of a final forced past open review items, and the
translation memory (the members' texts in the other language, by the source text's hash:
report/database/translations.py).
Each final edition's figures are frozen with its date:
rows are only ever added, so the figures of any past edition can be read back as they were.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from collections.abc import Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from report.atomic import stop_point
from report.database.connection import (
    BACKUPS,
    DatabaseError,
    backup,
    guarded,
    has_table,
    migrate,
    open_read,
    open_write,
    transaction,
)
from report.database.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from report.figures.records import (
    Activity,
    Figure,
    FigureRecord,
    FinalFigures,
    MemberData,
    OpenItem,
    PastReport,
    PlanReport,
    Publication,
    PublishedFigure,
    PublishedYear,
    Reference,
    Revision,
    SignOff,
    Source,
    Submission,
)
from report.figures.status import Status

# re-exported: the database's opening, schema and errors, for the callers of this module
__all__ = ["APPLICATION_ID", "BACKUPS", "MIGRATIONS", "SCHEMA_VERSION", "DatabaseError",
           "backup", "connect", "edition_figures", "finals", "migrate", "publications",
           "published", "record", "transaction"]
connect = open_write


# --- reading -----------------------------------------------------------------------------

def published(path: Path | None, before: int | None = None) -> dict[int, PublishedYear]:
    """Every year the database holds (before ``before`` when given); {} without a file (the
    file is not created by reading)."""
    conn = open_read(path)
    if conn is None or path is None:
        return {}
    with closing(conn), guarded(path):
        years = [r[0] for r in conn.execute("SELECT DISTINCT year FROM figure ORDER BY year")]
        return {y: _year(conn, y) for y in years if before is None or y < before}


def _in_effect(conn: sqlite3.Connection, year: int) -> dict[str, tuple[int, Submission]]:
    """Each member's latest recorded workbook for ``year``: member -> (its row id, it)."""
    return {r[1]: (r[0], Submission(r[1], r[2], r[3])) for r in conn.execute(
        """SELECT s.id, s.member, s.file, s.sha256 FROM submission s
           WHERE s.year = ? AND s.id = (SELECT MAX(id) FROM submission
                                        WHERE year = s.year AND member = s.member)
           ORDER BY s.member""", (year,))}


def _year(conn: sqlite3.Connection, year: int) -> PublishedYear:
    subs = _in_effect(conn, year)
    members = {}
    for member, (sid, sub) in subs.items():
        figs = {key: Figure(key, value, Source(member, sub.file, sheet, cell), Status(status))
                for key, value, status, sheet, cell in conn.execute(
                    "SELECT key, value, status, sheet, cell FROM reported "
                    "WHERE submission_id = ? ORDER BY rowid", (sid,))}
        plan = {m: PlanReport(m, status, value, comment, Source(member, sub.file, sheet, cell))
                for m, status, value, comment, sheet, cell in conn.execute(
                    "SELECT measure, status, value, comment, sheet, cell FROM plan_report "
                    "WHERE submission_id = ? ORDER BY rowid", (sid,))}
        acts = tuple(
            Activity(member, axis, measure, title, desc, partners, benef,
                     dt.date.fromisoformat(day) if day else None,
                     Source(member, sub.file, sheet, cell))
            for axis, measure, title, desc, partners, benef, day, sheet, cell in conn.execute(
                "SELECT axis, measure, title, description, partners, beneficiaries, date, sheet, "
                "cell FROM activity WHERE submission_id = ? ORDER BY position", (sid,)))
        members[member] = MemberData(member, sub.file, figs, acts, plan)
    figures = {}
    for fid, key, value, status, date in conn.execute(
            """SELECT f.id, f.key, f.value, f.status, p.date FROM figure f
               JOIN publication p ON p.id = f.publication_id
               WHERE f.year = ? AND f.publication_id = (
                   SELECT MAX(publication_id) FROM figure WHERE year = f.year AND key = f.key)
               ORDER BY f.id""", (year,)):
        who = tuple(r[0] for r in conn.execute(
            "SELECT s.member FROM figure_source fs JOIN submission s ON s.id = fs.submission_id "
            "WHERE fs.figure_id = ? ORDER BY fs.position", (fid,)))
        figures[key] = PublishedFigure(key, value, status, who, dt.date.fromisoformat(date))
    first = dict(conn.execute(
        """SELECT f.key, f.value FROM figure f WHERE f.year = ? AND f.publication_id = (
               SELECT MIN(publication_id) FROM figure WHERE year = f.year AND key = f.key)""",
        (year,)).fetchall())
    revisions = tuple(
        Revision(year, key, old, new, tuple(members_.split()), dt.date.fromisoformat(date),
                 old_status, recorded=True)
        for key, old, new, members_, date, old_status in conn.execute(
            "SELECT key, old_value, new_value, members, date, old_status FROM revision "
            "WHERE year = ? ORDER BY id", (year,)))
    return PublishedYear(year, {m: s for m, (_, s) in subs.items()}, members, figures,
                         revisions, first)


def edition_figures(path: Path, year: int, edition_date: dt.date | None = None
                    ) -> dict[int, dict[str, tuple[int | None, str]]]:
    """The figures a final edition of ``year`` published, frozen: year -> key -> (value,
    status). The latest publication of that year, or the one dated ``edition_date``."""
    conn = open_read(path)
    if conn is None:
        return {}
    with closing(conn), guarded(path):
        query = "SELECT MAX(id) FROM publication WHERE year = ?"
        args: tuple = (year,)
        if edition_date is not None:
            query += " AND date = ?"
            args += (edition_date.isoformat(),)
        pid = conn.execute(query, args).fetchone()[0]
        out: dict[int, dict[str, tuple[int | None, str]]] = {}
        for y, key, value, status in conn.execute(
                "SELECT year, key, value, status FROM figure WHERE publication_id = ? "
                "ORDER BY year, id", (pid,)):
            out.setdefault(y, {})[key] = (value, status)
        return out


def finals(path: Path | None) -> tuple[FinalFigures, ...]:
    """Every recorded final edition's figures (true value and status as published), oldest
    first: what disclosure control takes as known to a reader. () without a file."""
    conn = open_read(path)
    if conn is None or path is None:
        return ()
    with closing(conn), guarded(path):
        rows = conn.execute("SELECT id, year, date FROM publication ORDER BY id").fetchall()
        out = []
        for pid, year, date in rows:
            figures: dict[int, dict[str, tuple[int | None, str]]] = {}
            for y, key, value, status in conn.execute(
                    "SELECT year, key, value, status FROM figure WHERE publication_id = ? "
                    "ORDER BY year, id", (pid,)):
                figures.setdefault(y, {})[key] = (value, status)
            out.append(FinalFigures(pid, year, dt.date.fromisoformat(date), figures))
        return tuple(out)


def publications(path: Path) -> list[tuple[int, int, dt.date, str]]:
    """(id, year, date, pdf sha256) of every recorded publication, oldest first."""
    conn = open_read(path)
    if conn is None:
        return []
    with closing(conn), guarded(path):
        return [(i, y, dt.date.fromisoformat(d), h) for i, y, d, h in conn.execute(
            "SELECT id, year, date, pdf_sha256 FROM publication ORDER BY id")]


# --- writing -----------------------------------------------------------------------------

def record(path: Path, pub: Publication) -> int | None:
    """Record a final edition in one transaction, after a backup copy of the file; the
    publication's id, or None when this edition is already recorded: the same PDF, or the
    same figures from the same workbooks on the same date (the other language's final of
    one edition, or the final built again with only its layout changed)."""
    return record_pending(path, pub, ())[0]


@dataclass(frozen=True)
class PendingFile:
    """A file of a final under way: complete at ``staged`` until it takes its place."""

    target: Path
    staged: Path
    sha256: str


@dataclass(frozen=True)
class Pending:
    """A publication the database learned of whose files may not all be in place yet."""

    id: int
    publication: int
    added: bool  # the act recorded the publication (undoing it removes it)
    year: int
    files: tuple[PendingFile, ...]


def record_pending(path: Path, pub: Publication, files: Sequence[PendingFile]
                   ) -> tuple[int | None, int | None]:
    """Record a final (as ``record``) and, in the same transaction, the files still to put
    in place: (the new publication's id or None, the pending act's id or None without
    files)."""
    existed = path.exists() and path.stat().st_size > 0
    with closing(open_write(path)) as conn, guarded(path):
        pid = _already(conn, pub)
        if pid is None and existed:
            count = conn.execute("SELECT COUNT(*) FROM publication").fetchone()[0]
            backup(conn, path, f"before-{count + 1:03d}-{pub.year}-final")
        try:
            with transaction(conn):
                new = _write(conn, pub) if pid is None else None
                act = _pending(conn, new or pid, new is not None, files) if files else None
                stop_point("record")
        except sqlite3.Error as exc:
            raise DatabaseError(f"{path}: the {pub.year} final edition could not be "
                                f"recorded; nothing was written ({exc})") from exc
        return new, act


def _pending(conn: sqlite3.Connection, pid: int | None, added: bool,
             files: Sequence[PendingFile]) -> int:
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    act = conn.execute("INSERT INTO pending (publication_id, added, started_at) VALUES (?, ?, ?)",
                       (pid, int(added), now)).lastrowid
    assert act is not None
    conn.executemany(
        "INSERT INTO pending_file (pending_id, position, target, staged, sha256) "
        "VALUES (?, ?, ?, ?, ?)",
        [(act, i, str(f.target), str(f.staged), f.sha256) for i, f in enumerate(files)])
    return act


def pending(path: Path | None) -> tuple[Pending, ...]:
    """Every publication under way (read-only); () without a database."""
    conn = open_read(path)
    if conn is None or path is None:
        return ()
    with closing(conn), guarded(path):
        if not has_table(conn, "pending"):
            return ()
        acts = conn.execute(
            "SELECT a.id, a.publication_id, a.added, p.year FROM pending a "
            "JOIN publication p ON p.id = a.publication_id ORDER BY a.id").fetchall()
        return tuple(Pending(i, pid, bool(added), year, tuple(
            PendingFile(Path(t), Path(s), h) for t, s, h in conn.execute(
                "SELECT target, staged, sha256 FROM pending_file WHERE pending_id = ? "
                "ORDER BY position", (i,))))
            for i, pid, added, year in acts)


def end_pending(path: Path, act: int) -> None:
    """The act is complete: its files are in place (one transaction)."""
    with closing(open_write(path)) as conn, guarded(path), transaction(conn):
        conn.execute("DELETE FROM pending_file WHERE pending_id = ?", (act,))
        conn.execute("DELETE FROM pending WHERE id = ?", (act,))
        stop_point("done")


def undo_pending(path: Path, act: Pending) -> None:
    """Forget an act whose files cannot be put in place, and the publication it recorded
    (one transaction): the final was never published."""
    with closing(open_write(path)) as conn, guarded(path), transaction(conn):
        conn.execute("DELETE FROM pending_file WHERE pending_id = ?", (act.id,))
        conn.execute("DELETE FROM pending WHERE id = ?", (act.id,))
        if act.added:
            _remove_publication(conn, act.publication)


def _remove_publication(conn: sqlite3.Connection, pid: int) -> None:
    figures = "SELECT id FROM figure WHERE publication_id = ?"
    subs = "SELECT id FROM submission WHERE publication_id = ?"
    signed = "SELECT id FROM sign_off WHERE publication_id = ?"
    for statement in (f"DELETE FROM sign_off_item WHERE sign_off_id IN ({signed})",
                      "DELETE FROM sign_off WHERE publication_id = ?",
                      f"DELETE FROM figure_reference WHERE figure_id IN ({figures})",
                      "DELETE FROM import WHERE publication_id = ?",
                      f"DELETE FROM figure_source WHERE figure_id IN ({figures})",
                      "DELETE FROM figure WHERE publication_id = ?",
                      "DELETE FROM revision WHERE publication_id = ?",
                      f"DELETE FROM reported WHERE submission_id IN ({subs})",
                      f"DELETE FROM activity WHERE submission_id IN ({subs})",
                      f"DELETE FROM plan_report WHERE submission_id IN ({subs})",
                      "DELETE FROM submission WHERE publication_id = ?",
                      "DELETE FROM publication WHERE id = ?"):
        conn.execute(statement, (pid,))


def _already(conn: sqlite3.Connection, pub: Publication) -> int | None:
    """The id of the publication that already records ``pub``, or None."""
    row = conn.execute("SELECT id, date, pdf_sha256 FROM publication WHERE year = ? "
                       "ORDER BY id DESC LIMIT 1", (pub.year,)).fetchone()
    if row is None:
        return None
    pid, date, pdf = row
    if pdf == pub.pdf_sha256:
        return int(pid)
    same = date == pub.date.isoformat() and _same_content(conn, pid, pub)
    return int(pid) if same else None


def _same_content(conn: sqlite3.Connection, pid: int, pub: Publication) -> bool:
    """Publication ``pid`` holds ``pub``'s figures (values and statuses, every year) and the
    workbooks in effect are ``pub``'s."""
    recorded = {(y, k): (v, s) for y, k, v, s in conn.execute(
        "SELECT year, key, value, status FROM figure WHERE publication_id = ?", (pid,))}
    figures = {(yr.year, f.key): (f.value, f.status) for yr in pub.years for f in yr.figures}
    if recorded != figures or any(yr.revisions for yr in pub.years):
        return False
    for yr in pub.years:
        in_effect = {m: sub.sha256 for m, (_, sub) in _in_effect(conn, yr.year).items()}
        if any(in_effect.get(sub.member) != sub.sha256 for sub, _ in yr.members):
            return False
    return True


def _write(conn: sqlite3.Connection, pub: Publication) -> int:
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    pid = conn.execute(
        "INSERT INTO publication (year, edition, date, tool_version, pdf_sha256, recorded_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (pub.year, pub.edition, pub.date.isoformat(), pub.tool_version, pub.pdf_sha256, now)
    ).lastrowid
    assert pid is not None
    for yr in pub.years:
        for sub, data in yr.members:
            _submission(conn, pid, yr.year, sub, data)
        in_effect = _submissions(conn, yr.year)
        for fig in yr.figures:
            _figure(conn, pid, yr.year, fig, in_effect)
        for rev in yr.revisions:
            conn.execute(
                "INSERT INTO revision (publication_id, year, key, old_value, old_status, "
                "new_value, members, date) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (pid, rev.year, rev.key, rev.old, rev.old_status, rev.new,
                 " ".join(rev.members), rev.date.isoformat()))
    return pid


def _submission(conn: sqlite3.Connection, pid: int, year: int, sub: Submission,
                data: MemberData) -> None:
    """A workbook and its figures, unless it is already the one in effect for that member."""
    current = conn.execute(
        "SELECT sha256 FROM submission WHERE year = ? AND member = ? ORDER BY id DESC LIMIT 1",
        (year, sub.member)).fetchone()
    if current is not None and current[0] == sub.sha256:
        return
    sid = conn.execute(
        "INSERT INTO submission (year, member, file, sha256, publication_id) "
        "VALUES (?, ?, ?, ?, ?)", (year, sub.member, sub.file, sub.sha256, pid)).lastrowid
    conn.executemany(
        "INSERT INTO reported (submission_id, key, value, status, sheet, cell) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(sid, f.key, f.value, str(f.status), f.source.sheet, f.source.cell)
         for f in data.figures.values()])
    conn.executemany(
        "INSERT INTO activity (submission_id, position, axis, measure, title, description, "
        "partners, beneficiaries, date, sheet, cell) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(sid, i, a.axis, a.measure, a.title, a.description, a.partners, a.beneficiaries,
          a.date.isoformat() if a.date else None, a.source.sheet, a.source.cell)
         for i, a in enumerate(data.activities)])
    conn.executemany(
        "INSERT INTO plan_report (submission_id, measure, status, value, comment, sheet, cell) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(sid, r.measure, r.status, r.value, r.comment, r.source.sheet, r.source.cell)
         for r in data.plan.values()])


def _submissions(conn: sqlite3.Connection, year: int) -> dict[str, int]:
    return {member: sid for member, (sid, _) in _in_effect(conn, year).items()}


def _figure(conn: sqlite3.Connection, pid: int, year: int, fig: FigureRecord,
            in_effect: Mapping[str, int]) -> None:
    fid = conn.execute(
        "INSERT INTO figure (publication_id, year, key, indicator, dimension, category, value, "
        "status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (pid, year, fig.key, fig.indicator, fig.dimension, fig.category, fig.value, fig.status)
    ).lastrowid
    conn.executemany(
        "INSERT INTO figure_source (figure_id, position, submission_id) VALUES (?, ?, ?)",
        [(fid, i, in_effect[m]) for i, m in enumerate(fig.members) if m in in_effect])


# --- past reports imported, and sign-offs (migrations 2 and 3) ----------------------------
# Reading opens the file read-only (``open_read``), writing with ``open_write``, as above.
# ``published_series`` is
# ``published`` with each imported figure's reference; ``record_past_report`` writes an
# import as a publication; ``record_sign_off`` and ``sign_offs`` keep a forced final's
# reason and open items with its publication.

def holds_year(path: Path, year: int) -> bool:
    """Whether the database already holds figures of ``year`` (a final or an import)."""
    conn = open_read(path)
    if conn is None:
        return False
    with closing(conn), guarded(path):
        return conn.execute("SELECT 1 FROM figure WHERE year = ? LIMIT 1",
                            (year,)).fetchone() is not None


def published_series(path: Path | None, before: int | None = None
                     ) -> dict[int, PublishedYear]:
    """``published``, each figure that stands as a past report printed it (imported, and
    not replaced since by a figure taken from a workbook) carrying where it stood."""
    years = published(path, before)
    conn = open_read(path) if years else None
    if conn is None or path is None:
        return years
    with closing(conn), guarded(path):
        refs = _references(conn)
    return {y: _with_references(record, refs.get(y, {})) for y, record in years.items()}


def _references(conn: sqlite3.Connection) -> dict[int, dict[str, Reference]]:
    """year -> key -> the latest import's reference, where the figure in effect (the
    latest publication's) was not taken from a workbook. {} for a file of schema 1, which
    reading does not migrate: it holds no import."""
    out: dict[int, dict[str, Reference]] = {}
    if not has_table(conn, "figure_reference"):
        return out
    for year, key, report, page, printed in conn.execute(
            """SELECT f.year, f.key, r.report, r.page, r.printed FROM figure f
               JOIN figure_reference r ON r.figure_id = f.id
               WHERE f.publication_id = (
                   SELECT MAX(g.publication_id) FROM figure g JOIN import i
                   ON i.publication_id = g.publication_id
                   WHERE g.year = f.year AND g.key = f.key)
               AND NOT EXISTS (
                   SELECT 1 FROM figure l JOIN figure_source s ON s.figure_id = l.id
                   WHERE l.year = f.year AND l.key = f.key AND l.publication_id = (
                       SELECT MAX(publication_id) FROM figure
                       WHERE year = f.year AND key = f.key))"""):
        out.setdefault(year, {})[key] = Reference(report, page, printed)
    return out


def _with_references(record: PublishedYear, refs: Mapping[str, Reference]) -> PublishedYear:
    if not refs:
        return record
    figures = {k: dataclasses.replace(f, reference=refs[k]) if k in refs else f
               for k, f in record.figures.items()}
    return dataclasses.replace(record, figures=figures)


def record_past_report(path: Path, past: PastReport, *, edition: int, date: dt.date,
                       tool_version: str, operator: str, reason: str = "") -> int:
    """A past report's figures of one year as a publication of that year, in one
    transaction, after a backup copy of the file; its id. The caller has checked the
    figures and refused a year already held without a reason."""
    existed = path.exists() and path.stat().st_size > 0
    with closing(open_write(path)) as conn:
        if existed:
            with guarded(path):
                count = conn.execute("SELECT COUNT(*) FROM publication").fetchone()[0]
                backup(conn, path, f"before-{count + 1:03d}-{past.year}-import")
        try:
            with transaction(conn):
                return _write_past_report(conn, past, edition, date, tool_version, operator,
                                          reason)
        except sqlite3.Error as exc:
            raise DatabaseError(f"{path}: the {past.year} report could not be imported; "
                                f"nothing was written ({exc})") from exc


def _write_past_report(conn: sqlite3.Connection, past: PastReport, edition: int,
                       date: dt.date, tool_version: str, operator: str, reason: str) -> int:
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    pid = conn.execute(
        "INSERT INTO publication (year, edition, date, tool_version, pdf_sha256, recorded_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (past.year, edition, date.isoformat(), tool_version, past.sha256, now)).lastrowid
    assert pid is not None
    conn.execute("INSERT INTO import (publication_id, file, sha256, operator, reason) "
                 "VALUES (?, ?, ?, ?, ?)", (pid, past.file, past.sha256, operator, reason))
    for fig in past.figures:
        marks = " ".join(s for s in fig.reference.printed.split() if s in ("r", "p"))
        fid = conn.execute(
            "INSERT INTO figure (publication_id, year, key, indicator, dimension, category, "
            "value, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (pid, past.year, fig.key, fig.indicator, fig.dimension, fig.category, fig.value,
             marks)).lastrowid
        conn.execute("INSERT INTO figure_reference (figure_id, report, page, printed) "
                     "VALUES (?, ?, ?, ?)", (fid, fig.reference.report, fig.reference.page,
                                             fig.reference.printed))
    return pid


def record_sign_off(path: Path, signed: SignOff) -> int:
    """A forced final's sign-off, with the publication of its year that holds its PDF (or
    the year's latest: the same figures recorded before), in one transaction; its id.
    Rows are only added: no later build removes one."""
    with closing(open_write(path)) as conn, guarded(path):
        row = conn.execute(
            "SELECT COALESCE((SELECT MAX(id) FROM publication WHERE year = ? AND "
            "pdf_sha256 = ?), (SELECT MAX(id) FROM publication WHERE year = ?))",
            (signed.year, signed.pdf_sha256, signed.year)).fetchone()
        if row[0] is None:
            raise DatabaseError(f"{path}: no publication of {signed.year} to sign off")
        try:
            with transaction(conn):
                sid = conn.execute(
                    "INSERT INTO sign_off (publication_id, year, reason, operator, at, "
                    "pdf_sha256) VALUES (?, ?, ?, ?, ?, ?)",
                    (row[0], signed.year, signed.reason, signed.operator, signed.at,
                     signed.pdf_sha256)).lastrowid
                assert sid is not None
                conn.executemany(
                    "INSERT INTO sign_off_item (sign_off_id, position, draft, entry, member, "
                    "item, decision, requested) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [(sid, i, it.draft, it.entry, it.member, it.item, it.decision,
                      it.requested) for i, it in enumerate(signed.items)])
                return sid
        except sqlite3.Error as exc:
            raise DatabaseError(f"{path}: the sign-off of {signed.year} could not be "
                                f"recorded ({exc})") from exc


def sign_offs(path: Path | None, year: int) -> list[tuple[int, SignOff]]:
    """Every sign-off of ``year``'s finals, oldest first: (its publication's id, it)."""
    conn = open_read(path)
    if conn is None or path is None:
        return []
    with closing(conn), guarded(path):
        out: list[tuple[int, SignOff]] = []
        if not has_table(conn, "sign_off"):  # schema 1, not migrated by reading
            return out
        for sid, pid, reason, operator, at, pdf in conn.execute(
                "SELECT id, publication_id, reason, operator, at, pdf_sha256 FROM sign_off "
                "WHERE year = ? ORDER BY id", (year,)).fetchall():
            items = tuple(OpenItem(*r) for r in conn.execute(
                "SELECT draft, entry, member, item, decision, requested FROM sign_off_item "
                "WHERE sign_off_id = ? ORDER BY position", (sid,)))
            out.append((pid, SignOff(year, reason, operator, at, pdf, items)))
        return out
