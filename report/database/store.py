"""The commission's database (one SQLite file) <-> what each final edition published.

    Publication (a final edition's figures, sources, statuses, revisions) -> the database
    the database -> PublishedYear per year (what later builds read instead of old workbooks)

One file (its path: README, "The database"; ``--database``), kept outside out/ so that
cleaning the outputs never deletes it. Python's sqlite3 only. The schema is versioned
(``PRAGMA user_version``) and brought up to date by the migrations below, in code, each in
one transaction; a file made by a newer tool is refused, never altered. Every write is one
transaction, and a backup copy of the file (SQLite's online backup) is made before each
publication is recorded and before a migration.

What it holds, for each year, indicator and breakdown: the accepted national figure (the
true value: disclosure control is applied to outputs, never to the record), its status as
published ("c" confidential, "r" revised, ...), the members and workbooks it came from
(member, file and its sha256, sheet, cell and the member's value), and every revision (old
value, new value, members, date), the members' activities and each lead's reports on the
national plan's measures; and the translation memory (the members' texts in the other
language, by the source text's hash: report/database/translations.py).
Each final edition's figures are frozen with its date:
rows are only ever added, so the figures of any past edition can be read back as they were.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import sqlite3
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from pathlib import Path

from report.errors import ReportError
from report.figures.records import (
    Activity,
    Figure,
    FigureRecord,
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

APPLICATION_ID = 0x434E434C  # "CNCL": this tool's files, told apart from any other SQLite file
BACKUPS = "backups"

# --- migration: the translation memory (issue 22; its functions: translations.py) -------
# The members' texts in the other language, kept by the source text's hash
# (report/figures/texts.py: text_key): rows are only added, and a text's latest row for a
# target language is its translation. IF NOT EXISTS: the migration may take another place
# among the migrations when branches that add their own are merged.
TRANSLATION_MIGRATION: tuple[str, ...] = (
    """CREATE TABLE IF NOT EXISTS translation (
        id INTEGER PRIMARY KEY,
        source_sha256 TEXT NOT NULL,       -- sha256 of the source text, spaces normalised
        source_lang TEXT NOT NULL,         -- 'ar' | 'fr': the language it is written in
        target_lang TEXT NOT NULL,
        source TEXT NOT NULL,              -- the text as the member wrote it
        target TEXT NOT NULL,              -- the same text in target_lang
        origin TEXT NOT NULL,              -- 'member' | 'translator' | 'review'
        member TEXT NOT NULL,              -- whose text (the first member that wrote it)
        reference TEXT NOT NULL,           -- where it was given (file, sheet, cell)
        recorded_at TEXT NOT NULL          -- when it was recorded (UTC)
    )""",
    "CREATE INDEX IF NOT EXISTS translation_source ON translation "
    "(source_sha256, target_lang, id)",
)
# --- end of the translation memory's migration ----------------------------------------------

# Each migration: the statements that take the schema from version i to i + 1.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        # a final edition whose figures were recorded
        """CREATE TABLE publication (
            id INTEGER PRIMARY KEY,
            year INTEGER NOT NULL,             -- the report year of the edition
            edition INTEGER NOT NULL,          -- edition.toml: number (the n-th report)
            date TEXT NOT NULL,                -- edition.toml: publication_date (ISO)
            tool_version TEXT NOT NULL,
            pdf_sha256 TEXT NOT NULL,          -- the final PDF as published
            recorded_at TEXT NOT NULL          -- when the build recorded it (UTC)
        )""",
        # a member's workbook whose figures a publication used
        """CREATE TABLE submission (
            id INTEGER PRIMARY KEY,
            year INTEGER NOT NULL,
            member TEXT NOT NULL,
            file TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            publication_id INTEGER NOT NULL REFERENCES publication(id)
        )""",
        # every figure a member sent in that workbook and the tool accepted, with its cell
        """CREATE TABLE reported (
            submission_id INTEGER NOT NULL REFERENCES submission(id),
            key TEXT NOT NULL,
            value INTEGER CHECK (value >= 0),  -- NULL: "not available" (status 'na')
            status TEXT NOT NULL,              -- report/figures/status.py: '' or 'na'
            sheet TEXT NOT NULL,
            cell TEXT NOT NULL,
            PRIMARY KEY (submission_id, key)
        )""",
        # every activity a member reported in that workbook (the report's chapters and the
        # plan's follow-up read past years' activities too)
        """CREATE TABLE activity (
            submission_id INTEGER NOT NULL REFERENCES submission(id),
            position INTEGER NOT NULL,
            axis TEXT NOT NULL,
            measure TEXT NOT NULL,
            title TEXT NOT NULL,
            description TEXT NOT NULL,
            partners TEXT NOT NULL,
            beneficiaries TEXT NOT NULL,
            date TEXT,
            sheet TEXT NOT NULL,
            cell TEXT NOT NULL,
            PRIMARY KEY (submission_id, position)
        )""",
        # every national plan measure's report (status, value) a lead sent in that workbook
        """CREATE TABLE plan_report (
            submission_id INTEGER NOT NULL REFERENCES submission(id),
            measure TEXT NOT NULL,
            status TEXT NOT NULL,
            value,                             -- no affinity: 12 stays 12, 12.5 stays 12.5
            comment TEXT NOT NULL,
            sheet TEXT NOT NULL,
            cell TEXT NOT NULL,
            PRIMARY KEY (submission_id, measure)
        )""",
        # every national figure of every year an edition published (frozen with the edition)
        """CREATE TABLE figure (
            id INTEGER PRIMARY KEY,
            publication_id INTEGER NOT NULL REFERENCES publication(id),
            year INTEGER NOT NULL,
            key TEXT NOT NULL,
            indicator TEXT NOT NULL,
            dimension TEXT,
            category TEXT,
            value INTEGER CHECK (value >= 0),  -- the true value; NULL: none received
            status TEXT NOT NULL,              -- symbols as published: '', 'r', 'c', ...
            UNIQUE (publication_id, year, key)
        )""",
        # the workbooks a national figure was taken from, in order
        """CREATE TABLE figure_source (
            figure_id INTEGER NOT NULL REFERENCES figure(id),
            position INTEGER NOT NULL,
            submission_id INTEGER NOT NULL REFERENCES submission(id),
            PRIMARY KEY (figure_id, position)
        )""",
        # a published figure changed by a corrected workbook
        """CREATE TABLE revision (
            id INTEGER PRIMARY KEY,
            publication_id INTEGER NOT NULL REFERENCES publication(id),
            year INTEGER NOT NULL,
            key TEXT NOT NULL,
            old_value INTEGER,
            old_status TEXT NOT NULL,          -- how the old value was published ('c': hidden)
            new_value INTEGER,
            members TEXT NOT NULL,             -- codes of the members whose workbooks changed it
            date TEXT NOT NULL                 -- the date of the edition that published it
        )""",
        "CREATE INDEX figure_year_key ON figure (year, key, publication_id)",
        "CREATE INDEX submission_year_member ON submission (year, member, id)",
        "CREATE INDEX revision_year ON revision (year, key)",
    ),
    (
        # 2: a past report's figures imported (``import-published``): the publication they
        # make (no submission, no workbook), from which file, by whom, and why a year the
        # database already held was imported again
        """CREATE TABLE import (
            publication_id INTEGER PRIMARY KEY REFERENCES publication(id),
            file TEXT NOT NULL,                -- the imported file's name
            sha256 TEXT NOT NULL,
            operator TEXT NOT NULL,            -- the account that ran the import
            reason TEXT NOT NULL               -- with --force: why ('' the first time)
        )""",
        # where the past report printed each imported figure ("report on 2022, p. 14")
        """CREATE TABLE figure_reference (
            figure_id INTEGER PRIMARY KEY REFERENCES figure(id),
            report INTEGER NOT NULL,           -- the year the report covers
            page INTEGER CHECK (page >= 1),    -- NULL: a figure the report did not publish
            printed TEXT NOT NULL              -- its status as printed ('', 'r', 'na', 'x', 'c')
        )""",
    ),
    (
        # 3: a final edition built with --force --reason while review items were open:
        # the reason, the operator, the date and every open item, with the publication
        """CREATE TABLE sign_off (
            id INTEGER PRIMARY KEY,
            publication_id INTEGER NOT NULL REFERENCES publication(id),
            year INTEGER NOT NULL,
            reason TEXT NOT NULL,
            operator TEXT NOT NULL,            -- the account name that ran the build
            at TEXT NOT NULL,                  -- when (UTC, ISO)
            pdf_sha256 TEXT NOT NULL           -- the final PDF the reason applies to
        )""",
        """CREATE TABLE sign_off_item (
            sign_off_id INTEGER NOT NULL REFERENCES sign_off(id),
            position INTEGER NOT NULL,
            draft INTEGER NOT NULL,
            entry TEXT NOT NULL,               -- "<member>:<item>" of the review log
            member TEXT NOT NULL,
            item TEXT NOT NULL,
            decision TEXT NOT NULL,
            requested TEXT NOT NULL,
            PRIMARY KEY (sign_off_id, position)
        )""",
        "CREATE INDEX sign_off_year ON sign_off (year, id)",
    ),
    TRANSLATION_MIGRATION,  # 4: the translation memory
)
SCHEMA_VERSION = len(MIGRATIONS)


class DatabaseError(ReportError):
    """The database file cannot be read or written as it must be (not a database of this
    tool, made by a newer version, a write refused): nothing is changed in it."""

    exit_code = 1


# --- opening, migrating, transactions ---------------------------------------------------

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


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating the file if needed) and migrate to SCHEMA_VERSION; DatabaseError when
    the file is not this tool's database or is newer than the tool."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(path, isolation_level=None)  # transactions are explicit
        conn.execute("PRAGMA foreign_keys = ON")
        version, app = _header(conn)
    except sqlite3.Error as exc:
        raise DatabaseError(f"{path}: not a database of this tool ({exc})") from exc
    if app not in (0, APPLICATION_ID) or (app == 0 and version):
        conn.close()
        raise DatabaseError(f"{path}: an SQLite file of another program; not touched")
    if version > SCHEMA_VERSION:
        conn.close()
        raise DatabaseError(f"{path}: schema version {version} is newer than this tool's "
                            f"({SCHEMA_VERSION}); use a newer version of the tool")
    try:
        if version < SCHEMA_VERSION:
            if version:
                backup(conn, path, f"before-migration-{version}-to-{SCHEMA_VERSION}")
            migrate(conn, version)
    except (sqlite3.Error, OSError) as exc:
        conn.close()
        raise DatabaseError(f"{path}: migration to schema {SCHEMA_VERSION} failed, the file "
                            f"is left as it was ({exc})") from exc
    return conn


def _header(conn: sqlite3.Connection) -> tuple[int, int]:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    app = conn.execute("PRAGMA application_id").fetchone()[0]
    return int(version), int(app)


def migrate(conn: sqlite3.Connection, version: int) -> None:
    """Apply every migration after ``version``, each in its own transaction."""
    for target in range(version + 1, SCHEMA_VERSION + 1):
        with transaction(conn):
            for statement in MIGRATIONS[target - 1]:
                conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {target}")


def backup(conn: sqlite3.Connection, path: Path, label: str) -> Path:
    """A consistent copy of the database into backups/ beside it (written atomically)."""
    folder = path.parent / BACKUPS
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{path.stem}.{label}{path.suffix or '.sqlite3'}"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{path.stem}.{label}-{n}{path.suffix or '.sqlite3'}"
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    try:
        with closing(sqlite3.connect(tmp)) as dest:
            conn.backup(dest)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


# --- reading -----------------------------------------------------------------------------

def published(path: Path | None, before: int | None = None) -> dict[int, PublishedYear]:
    """Every year the database holds (before ``before`` when given); {} without a file (the
    file is not created by reading)."""
    if path is None or not path.exists():
        return {}
    with closing(connect(path)) as conn:
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
    with closing(connect(path)) as conn:
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


def publications(path: Path) -> list[tuple[int, int, dt.date, str]]:
    """(id, year, date, pdf sha256) of every recorded publication, oldest first."""
    if not path.exists():
        return []
    with closing(connect(path)) as conn:
        return [(i, y, dt.date.fromisoformat(d), h) for i, y, d, h in conn.execute(
            "SELECT id, year, date, pdf_sha256 FROM publication ORDER BY id")]


# --- writing -----------------------------------------------------------------------------

def record(path: Path, pub: Publication) -> int | None:
    """Record a final edition in one transaction, after a backup copy of the file; the
    publication's id, or None when this edition is already recorded: the same PDF, or the
    same figures from the same workbooks on the same date (the other language's final of
    one edition, or the final built again with only its layout changed)."""
    existed = path.exists() and path.stat().st_size > 0
    with closing(connect(path)) as conn:
        if _already(conn, pub):
            return None
        if existed:
            count = conn.execute("SELECT COUNT(*) FROM publication").fetchone()[0]
            backup(conn, path, f"before-{count + 1:03d}-{pub.year}-final")
        try:
            with transaction(conn):
                return _write(conn, pub)
        except sqlite3.Error as exc:
            raise DatabaseError(f"{path}: the {pub.year} final edition could not be "
                                f"recorded; nothing was written ({exc})") from exc


def _already(conn: sqlite3.Connection, pub: Publication) -> bool:
    row = conn.execute("SELECT id, date, pdf_sha256 FROM publication WHERE year = ? "
                       "ORDER BY id DESC LIMIT 1", (pub.year,)).fetchone()
    if row is None:
        return False
    pid, date, pdf = row
    if pdf == pub.pdf_sha256:
        return True
    return date == pub.date.isoformat() and _same_content(conn, pid, pub)


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
# New functions only: the ones above are left as they are. ``published_series`` is
# ``published`` with each imported figure's reference; ``record_past_report`` writes an
# import as a publication; ``record_sign_off`` and ``sign_offs`` keep a forced final's
# reason and open items with its publication.

def holds_year(path: Path, year: int) -> bool:
    """Whether the database already holds figures of ``year`` (a final or an import)."""
    if not path.exists():
        return False
    with closing(connect(path)) as conn:
        return conn.execute("SELECT 1 FROM figure WHERE year = ? LIMIT 1",
                            (year,)).fetchone() is not None


def published_series(path: Path | None, before: int | None = None
                     ) -> dict[int, PublishedYear]:
    """``published``, each figure that stands as a past report printed it (imported, and
    not replaced since by a figure taken from a workbook) carrying where it stood."""
    years = published(path, before)
    if not years or path is None:
        return years
    with closing(connect(path)) as conn:
        refs = _references(conn)
    return {y: _with_references(record, refs.get(y, {})) for y, record in years.items()}


def _references(conn: sqlite3.Connection) -> dict[int, dict[str, Reference]]:
    """year -> key -> the latest import's reference, where the figure in effect (the
    latest publication's) was not taken from a workbook."""
    out: dict[int, dict[str, Reference]] = {}
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
    with closing(connect(path)) as conn:
        if existed:
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
    with closing(connect(path)) as conn:
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
    if path is None or not path.exists():
        return []
    with closing(connect(path)) as conn:
        out = []
        for sid, pid, reason, operator, at, pdf in conn.execute(
                "SELECT id, publication_id, reason, operator, at, pdf_sha256 FROM sign_off "
                "WHERE year = ? ORDER BY id", (year,)).fetchall():
            items = tuple(OpenItem(*r) for r in conn.execute(
                "SELECT draft, entry, member, item, decision, requested FROM sign_off_item "
                "WHERE sign_off_id = ? ORDER BY position", (sid,)))
            out.append((pid, SignOff(year, reason, operator, at, pdf, items)))
        return out
