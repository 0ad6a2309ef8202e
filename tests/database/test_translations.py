"""The translation memory in the commission's database: its migration, rows only added,
the latest translation of a text in effect, reading never creating the file."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from report.database import store
from report.database import translations as memory
from report.figures.records import Translation
from report.figures.texts import text_key

AR = "تكوين مفتشي الشغل على رصد مؤشرات العمل القسري"
FR = "Formation des inspecteurs du travail au repérage des indices de travail forcé"


def _rows(path: Path) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT COUNT(*) FROM translation").fetchone()[0]


def test_the_migration_makes_the_table_and_reading_creates_no_file(tmp_path: Path) -> None:
    path = tmp_path / "cnclt.sqlite3"
    assert memory.memory(path) == {} and not path.exists()
    with closing(store.connect(path)) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "translation" in tables and "translation_source" in tables


def test_a_translation_is_kept_by_its_text_and_the_latest_is_in_effect(tmp_path: Path) -> None:
    path = tmp_path / "cnclt.sqlite3"
    first = Translation(AR, FR, "fr", "translator", "translation-2025.xlsx F5")
    assert memory.remember(path, [(first, "EMP")]) == 1
    assert memory.remember(path, [(first, "EMP")]) == 0  # the same: not added again
    found = memory.memory(path)[text_key(AR)]
    assert (found.target, found.lang, found.origin) == (FR, "fr", "translator")
    better = Translation(AR, FR.replace("Formation", "Session de formation"), "fr", "review")
    assert memory.remember(path, [(better, "EMP")]) == 1
    assert memory.memory(path)[text_key(f" {AR} ")].origin == "review"  # spaces aside
    assert _rows(path) == 2  # rows are only added: the first one is still there
