"""Migrations 2 and 3 of the commission's database: a file of schema 1 is migrated (its data
kept, a backup made); a past report imported is a publication of its year whose figures
carry where the report printed them, until a figure taken from a workbook replaces them; a
forced final's sign-off is kept with its publication and read back."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from pathlib import Path

from report.database import schema
from report.database import store as database
from report.figures.records import OpenItem, PastFigure, PastReport, Reference, SignOff
from tests.database.test_database import _publication, _tables, _version

DAY = dt.date(2023, 6, 30)


def _past(values: dict[str, int | None], year: int = 2022) -> PastReport:
    figures = tuple(PastFigure(k, k.split(".")[0], None, None, v,
                               Reference(year, 14 if v is not None else None,
                                         "" if v is not None else "na"))
                    for k, v in values.items())
    return PastReport(year, "past.csv", "f" * 64, figures)


def _import(path: Path, values: dict[str, int | None], reason: str = "") -> int:
    return database.record_past_report(path, _past(values), edition=3, date=DAY,
                                       tool_version="0.1.0", operator="clerk", reason=reason)


def test_a_file_of_schema_1_is_migrated_with_a_backup(tmp_path: Path, monkeypatch) -> None:
    """Reading a file of schema 1 leaves it as it is (reading never migrates: no import, no
    sign-off in it); the next write migrates it, after a backup."""
    path = tmp_path / "cnclt.sqlite3"
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 1)
    database.record(path, _publication({"CASES.total": 150}))
    assert _version(path) == 1
    monkeypatch.undo()
    assert database.published_series(path)[2024].figures["CASES.total"].value == 150
    assert database.sign_offs(path, 2024) == [] and _version(path) == 1
    _import(path, {"VICTIMS.total": 178})
    assert _version(path) == schema.SCHEMA_VERSION == 5  # imports, sign-offs, pending, memory
    assert {"import", "figure_reference", "sign_off", "sign_off_item", "pending",
            "pending_file", "translation"} <= _tables(path)
    assert list((tmp_path / "backups").glob("*before-migration-1-to-5*"))
    assert database.published(path)[2024].figures["CASES.total"].value == 150


def test_an_imported_year_reads_back_with_its_references(tmp_path: Path) -> None:
    path = tmp_path / "cnclt.sqlite3"
    assert not database.holds_year(path, 2022)
    pid = _import(path, {"VICTIMS.total": 178, "VICTIMS.nationality.moroccan": None})
    assert database.holds_year(path, 2022) and not database.holds_year(path, 2021)
    year = database.published_series(path)[2022]
    assert year.submissions == {} and year.members == {}
    total, na = year.figures["VICTIMS.total"], year.figures["VICTIMS.nationality.moroccan"]
    assert (total.value, total.reference) == (178, Reference(2022, 14, ""))
    assert (na.value, na.reference) == (None, Reference(2022, None, "na"))
    assert database.published(path)[2022].figures["VICTIMS.total"].reference is None
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT file, operator, reason FROM import WHERE "
                            "publication_id = ?", (pid,)).fetchone() == ("past.csv", "clerk", "")


def test_a_figure_from_a_workbook_replaces_the_reference(tmp_path: Path) -> None:
    """A later final that takes 2022's VICTIMS.total from a member's workbook: that figure
    no longer stands as the past report printed it; the others still do."""
    path = tmp_path / "cnclt.sqlite3"
    _import(path, {"VICTIMS.total": 178, "CASES.total": 141})
    database.record(path, _publication({"VICTIMS.total": 180}, year=2022, pdf="p2"))
    figures = database.published_series(path)[2022].figures
    assert figures["VICTIMS.total"].value == 180 and figures["VICTIMS.total"].reference is None
    assert figures["CASES.total"].reference == Reference(2022, 14, "")


def test_a_sign_off_is_kept_with_its_publication(tmp_path: Path) -> None:
    path = tmp_path / "cnclt.sqlite3"
    pid = database.record(path, _publication({"CASES.total": 150}, pdf="final"))
    item = OpenItem(1, "PMP:F-CASES.total", "PMP", "F-CASES.total", "correct", "180")
    signed = SignOff(2024, "قرار اللجنة", "clerk", "2025-06-30T10:00:00+00:00", "final",
                     (item,))
    database.record_sign_off(path, signed)
    database.record(path, _publication({"CASES.total": 151}, pdf="later"))
    assert database.sign_offs(path, 2024) == [(pid, signed)]
    assert database.sign_offs(path, 2023) == []
