"""The commission's database <-> its translation memory: the members' texts in the other
language, kept by the source text's hash (report/figures/texts.py: ``text_key``).

    translations (a translator's, a member's own, a member's correction) -> rows added
    the database -> text_key -> the latest translation of each text

Rows are only added, each in one transaction with the others of its batch: a text keeps
every translation it was given, and its latest one is in effect. A translation equal to the
one in effect is not added again. Reading never creates the file. The table is made by
schema.py's migration 5.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

from report.database.connection import open_read
from report.database.schema import TRANSLATION_TABLE
from report.database.store import DatabaseError, connect, transaction
from report.figures.records import Translation
from report.figures.texts import normalized, other_lang, text_key


def memory(path: Path | None) -> dict[str, Translation]:
    """Every text's translation in effect (its latest): text_key -> it; {} without a file
    or before the schema holds the memory. Reading opens the file read-only: it never
    creates, migrates or writes it."""
    conn = open_read(path)
    if conn is None:
        return {}
    with closing(conn):
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                            (TRANSLATION_TABLE,)).fetchone():
            return {}
        rows = conn.execute(
            """SELECT source_sha256, source, target, target_lang, origin, reference
               FROM translation t WHERE id = (
                   SELECT MAX(id) FROM translation
                   WHERE source_sha256 = t.source_sha256 AND target_lang = t.target_lang)
               ORDER BY id""").fetchall()
    return {key: Translation(source, target, lang, origin, reference)
            for key, source, target, lang, origin, reference in rows}


def remember(path: Path, given: Sequence[tuple[Translation, str]]) -> int:
    """Add each (translation, member whose text it is) unless it is already the one in
    effect for its text; all in one transaction. The number of rows added."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    added = 0
    with closing(connect(path)) as conn:
        try:
            with transaction(conn):
                for t, member in given:
                    if _in_effect(conn, t) == normalized(t.target):
                        continue
                    conn.execute(
                        "INSERT INTO translation (source_sha256, source_lang, target_lang, "
                        "source, target, origin, member, reference, recorded_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (text_key(t.source), other_lang(t.lang), t.lang, t.source, t.target,
                         t.origin, member, t.reference, now))
                    added += 1
        except sqlite3.Error as exc:
            raise DatabaseError(f"{path}: the translations could not be recorded; nothing "
                                f"was written ({exc})") from exc
    return added


def _in_effect(conn: sqlite3.Connection, t: Translation) -> str | None:
    row = conn.execute("SELECT target FROM translation WHERE source_sha256 = ? AND "
                       "target_lang = ? ORDER BY id DESC LIMIT 1",
                       (text_key(t.source), t.lang)).fetchone()
    return normalized(row[0]) if row else None
