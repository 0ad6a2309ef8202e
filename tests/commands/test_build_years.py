"""Every year builds: a report on a year before the national plan (2022) and on the
commission's first report year (2020), each a tiny year made here (tests/years.py), built
to a draft and to a final: no plan chapter, chart, table or annex table; one sentence of the
introduction says the plan was adopted later; the plan's governance activities move to the
partnership chapter; the final is recorded in the database; every member's text has its
other language (their French finals build too)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from report.cli import main
from report.database import store
from report.settings.catalogue import load_catalogue
from tests.years import tiny_inputs

pytestmark = pytest.mark.slow  # builds reports with WeasyPrint

YEARS = (2020, 2022)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(inputs, out, database) after ``build --edition final`` then ``--edition draft`` of
    2020 and of 2022 (the French text of such a year: tests/publish/test_plan_chapter.py)."""
    root = tmp_path_factory.mktemp("years")
    inputs = tiny_inputs(root / "inputs", YEARS)
    out, db = root / "out", root / "db.sqlite3"
    for year in YEARS:
        for edition in ("final", "draft"):
            assert main(["build", "--year", str(year), "--edition", edition, "--inputs",
                         str(inputs), "--out", str(out), "--database", str(db)]) == 0
    return inputs, out, db


def _html(out: Path, year: int, name: str) -> str:
    """The HTML laid out, its no-break spaces (a number kept with its noun) as spaces."""
    return (out / str(year) / name).read_text("utf-8").replace("\u00a0", " ")


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("edition", ["", "-draft1"])
def test_no_plan_chapter_and_one_sentence_says_why(built, year: int, edition: str) -> None:
    _, out, _ = built
    html = _html(out, year, f"report-{year}{edition}.html")
    assert 'id="plan"' not in html and "plan_status" not in html
    assert 'id="tab-plan-status"' not in html
    assert "ولم تكن الخطة الوطنية" in html and "صادقت عليها اللجنة سنة 2023" in html
    assert "فصل «تنفيذ الخطة الوطنية»" not in html  # no reference to a missing chapter
    # the governance activities a plan chapter would hold are in the partnership chapter
    assert 'id="partnership-governance"' in html
    # the chapters after the partnership chapter are numbered on without a gap
    numbers = re.findall(r'<h1[^>]*><span class="secno">(\d+)', html)
    assert numbers == [str(i) for i in range(1, len(numbers) + 1)]


@pytest.mark.parametrize("year", YEARS)
def test_no_plan_chart_nor_plan_annex(built, year: int) -> None:
    _, out, _ = built
    folder = out / str(year)
    assert not list(folder.rglob("plan_status*.svg"))
    assert (folder / f"data-{year}-figures.csv").is_file()
    assert not (folder / f"data-{year}-plan.csv").exists()
    package = json.loads((folder / "datapackage.json").read_text("utf-8"))
    assert "plan" not in {r["name"] for r in package["resources"]}
    from openpyxl import load_workbook

    wb = load_workbook(folder / f"data-{year}.xlsx", read_only=True)
    assert "الخطة" not in wb.sheetnames
    wb.close()


def test_the_first_report_is_the_first(built) -> None:
    """2020, the commission's first report year: its report is the first, with no year
    before it to compare with."""
    inputs, out, _ = built
    assert load_catalogue(inputs / "catalogue").commission.first_report_year == 2020
    html = _html(out, 2020, "report-2020.html")
    assert "تقريرها الوطني الأول" in html


def test_both_finals_are_recorded(built) -> None:
    _, _, db = built
    assert [y for _, y, _, _ in store.publications(db)] == [2020, 2022]


@pytest.mark.parametrize("year", YEARS)
def test_every_text_has_its_other_language(built, year: int, capsys) -> None:
    """Their members give each text in both languages (inputs/sample_translations.toml), so
    that their French finals build too: nothing for the translator."""
    inputs, out, db = built
    assert main(["translate", "--year", str(year), "--inputs", str(inputs), "--out", str(out),
                 "--database", str(db)]) == 0
    assert "texts has its other language" in capsys.readouterr().out
