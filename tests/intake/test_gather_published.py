"""gather_years with the database: a published year comes from the database (its workbooks
are not read), even when its folder is gone; a corrected workbook alone is read again; a
year never published is read from its workbooks; init and check read last year the same way.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from report.commands.check import check_year
from report.commands.init import figures_of, last_year
from report.commands.record import record_final
from report.database import store as database
from report.figures.consolidate import consolidate
from report.intake import gather
from report.paths import INPUTS
from tests.commands.test_publication import edit


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("published") / "inputs"
    for part in ("catalogue", "2024", "2025"):
        shutil.copytree(INPUTS / part, root / part)
    return root


@pytest.fixture(scope="module")
def db(inputs, tmp_path_factory) -> Path:
    """2024 recorded as its final edition records it (without rendering the PDF)."""
    path = tmp_path_factory.mktemp("db") / "cnclt.sqlite3"
    assert record_final(inputs, 2024, path) == 1
    return path


def _counting(monkeypatch) -> list[str]:
    read: list[str] = []
    real = gather.check_file

    def spy(path, *args, **kwargs):
        read.append(path.name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(gather, "check_file", spy)
    monkeypatch.setenv("CNCLT_JOBS", "1")  # read here, so the spy sees every file
    return read


def test_a_published_year_is_not_read_from_its_workbooks(inputs, db, catalogue, rules,
                                                         monkeypatch) -> None:
    read = _counting(monkeypatch)
    from_db = gather.gather_years(inputs, [2024, 2025], catalogue, rules,
                                  published=database.published(db, before=2025))
    assert not [n for n in read if n.endswith("-2024.xlsx")]
    assert len([n for n in read if n.endswith("-2025.xlsx")]) == 22
    from_files = gather.gather_years(inputs, [2024], catalogue, rules)[2024]
    assert from_db[2024].published is not None and from_db[2024].files == ()
    assert consolidate(catalogue, from_db[2024]).figures == \
        consolidate(catalogue, from_files).figures
    assert gather.member_values(from_db[2024]) == gather.member_values(from_files)
    assert gather.plan_statuses(from_db[2024]) == gather.plan_statuses(from_files) != {}
    assert from_db[2024].members["MJ"].activities == from_files.members["MJ"].activities != ()
    # last year's figures feed this year's year-on-year rule the same way
    assert from_db[2025].findings == gather.gather_years(
        inputs, [2024, 2025], catalogue, rules)[2025].findings


def test_a_published_year_without_its_folder(inputs, db, catalogue, rules, tmp_path) -> None:
    bare = tmp_path / "inputs"
    shutil.copytree(inputs / "catalogue", bare / "catalogue")
    data = gather.gather_years(bare, [2024], catalogue, rules,
                               published=database.published(db))[2024]
    assert consolidate(catalogue, data).value("CASES.total") == \
        database.published(db)[2024].figures["CASES.total"].value
    assert figures_of(last_year(bare, 2025, catalogue, rules, db))["CASES.total"] == \
        database.published(db)[2024].figures["CASES.total"].value


def test_only_a_corrected_workbook_is_read_again(inputs, db, catalogue, rules, tmp_path,
                                                 monkeypatch) -> None:
    copy = tmp_path / "inputs"
    shutil.copytree(inputs, copy)
    edit(copy / "2024" / "PMP-2024.xlsx", "PMP", {"CASES.total": +6}, relative=True)
    read = _counting(monkeypatch)
    data = gather.gather_years(copy, [2024], catalogue, rules,
                               published=database.published(db))[2024]
    assert read == ["PMP-2024.xlsx"] and data.reread == ("PMP",)
    published = database.published(db)[2024].figures["CASES.total"].value
    assert consolidate(catalogue, data).value("CASES.total") == published + 6
    result = check_year(copy, 2025, database=db)  # check reads last year the same way
    assert result.year == 2025 and read.count("PMP-2024.xlsx") == 2


def test_a_year_never_published_comes_from_its_workbooks(inputs, db, catalogue, rules,
                                                         monkeypatch) -> None:
    read = _counting(monkeypatch)
    data = gather.gather_years(inputs, [2025], catalogue, rules,
                               published=database.published(db))[2025]
    assert data.published is None and len(read) == 22
