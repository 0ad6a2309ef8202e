"""A past report's figures read for ``import-published``: the annex's shape (a CSV, or a
workbook with a title above its table), the same checks as ``check`` (codes, the one reader
of counts, ceilings, breakdowns that sum), every finding with file, sheet and cell, and
what the report did not publish "not available", never 0."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from report.intake.past_report import national_ceiling, read_past_report

HEAD = ["year", "key", "value", "status", "report", "page"]
GOOD = [[2022, "VICTIMS.total", 178, "", 2022, 14],
        [2022, "VICTIMS.sex.female", 70, "", 2022, 14],
        [2022, "VICTIMS.sex.male", 108, "", 2022, 14],
        [2022, "CASES.total", 141, "r", 2023, 31]]


def _csv(folder: Path, rows: list[list[object]], head: list[str] = HEAD,
         name: str = "past.csv") -> Path:
    path = folder / name
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(head)
        writer.writerows(rows)
    return path


def _read(path: Path, catalogue, rules, year: int = 2022):
    past, findings = read_past_report(path, catalogue, rules, year)
    return past, [(f.code, f.cell) for f in findings]


def _sex_dimension(catalogue) -> str:
    return next(b.dimension.code for b in catalogue.indicator("VICTIMS").breakdowns
                if b.rule == "equal")


@pytest.fixture()
def good(catalogue) -> list[list[object]]:
    """GOOD with VICTIMS' first "equal" breakdown named as the catalogue names it."""
    dim = _sex_dimension(catalogue)
    cats = [c.code for c in catalogue.dimensions[dim].categories]
    values = [70, 108] + [0] * (len(cats) - 2)
    rows = [GOOD[0]] + [[2022, f"VICTIMS.{dim}.{c}", v, "", 2022, 14]
                        for c, v in zip(cats, values, strict=True)] + [GOOD[3]]
    return rows


def test_every_key_is_there_and_what_was_not_published_is_not_available(
        tmp_path: Path, catalogue, rules, good) -> None:
    past, findings = _read(_csv(tmp_path, good), catalogue, rules)
    assert findings == []
    assert past is not None and past.year == 2022
    every = [k for i in catalogue.indicators for k in i.figure_keys()]
    assert [f.key for f in past.figures] == every
    by = {f.key: f for f in past.figures}
    assert by["VICTIMS.total"].value == 178 and by["VICTIMS.total"].reference.page == 14
    assert by["CASES.total"].reference.report == 2023 and by["CASES.total"].reference.printed == "r"
    # a breakdown the file leaves out: not available, never 0, with no page
    nationality = by["VICTIMS.nationality.moroccan"]
    assert nationality.value is None and nationality.reference.page is None
    assert nationality.reference.printed == ""


def test_indicator_dimension_category_columns_and_a_dash(tmp_path: Path, catalogue,
                                                         rules) -> None:
    rows = [[2022, "CALLS", "", "", 1823, "", 9], [2022, "ASSISTED", "", "", "—", "na", ""]]
    path = _csv(tmp_path, rows, ["year", "indicator", "dimension", "category", "value",
                                 "status", "page"])
    past, findings = _read(path, catalogue, rules)
    assert findings == []
    by = {f.key: f for f in past.figures}
    assert by["CALLS.total"].value == 1823 and by["CALLS.total"].reference.report == 2022
    assert by["ASSISTED.total"].value is None and by["ASSISTED.total"].reference.printed == "na"


def test_the_checks_of_check(tmp_path: Path, catalogue, rules, good) -> None:
    bad = [[2022, "VICTIMS.total", "2.000", "", 2022, 14],  # read 2000 (thousands), and
           *good[1:-1],                                       # the breakdown no longer sums
           [2022, "CASES.total", 10 ** 15, "", 2022, 3],      # above the ceiling
           [2022, "CONVICTED.total", "12,5", "", 2022, 3],    # a fraction
           [2022, "CALLS.total", 12, "na", 2022, 3],          # a value marked not available
           [2022, "CONVICTED.sex.male", "", "r", 2022, 3],     # no value, marked revised
           [2022, "VICTIMS.bogus.x", 1, "", 2022, 3],          # not the catalogue's
           [2022, "TRAININGS.total", 4, "", 2022, ""],         # no page
           [2022, "TRAINED.total", 4, "", 2019, 2],            # a report before the year
           [2021, "CAMPAIGNS.total", 4, "", 2021, 2],          # another year
           [2022, "CALLS.total", 13, "", 2022, 3]]             # twice
    past, findings = _read(_csv(tmp_path, bad), catalogue, rules)
    assert ("read-separator", "C2") in findings
    assert ("sum-mismatch", "C3") in findings
    assert ("above-ceiling", f"C{len(good) + 1}") in findings
    codes = [c for c, _ in findings]
    for code in ("fractional", "import-status", "import-unknown-figure", "import-page",
                 "import-report", "import-other-year", "import-duplicate"):
        assert code in codes, code
    assert codes.count("import-status") == 2


def test_a_national_ceiling_counts_the_reporters_a_sum_adds_up(catalogue) -> None:
    assert national_ceiling(catalogue.indicator("CASES")) == catalogue.indicator("CASES").ceiling
    assisted = catalogue.indicator("ASSISTED")
    assert national_ceiling(assisted) == assisted.ceiling * len(assisted.national_reporters)


def test_a_workbook_with_a_title_above_its_table(tmp_path: Path, catalogue, rules,
                                                 good) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "الأرقام"
    ws.append(["الأرقام الوطنية حسب السنة"])
    ws.append(HEAD)
    for row in good:
        ws.append(row)
    ws.cell(3, 3).value = "178"  # a number typed as text: read, and said so
    path = tmp_path / "past.xlsx"
    wb.save(path)
    past, findings = _read(path, catalogue, rules)
    assert past is not None and findings == [("repaired-number", "C3")]
    assert {f.key: f.value for f in past.figures}["VICTIMS.total"] == 178


@pytest.mark.parametrize("make, code", [
    (lambda p: _csv(p, [[2022, "CASES.total", 3]], ["year", "key", "value"]), "import-columns"),
    (lambda p: _csv(p, [[2021, "CASES.total", 3, "", 2021, 1]]), "import-empty"),
    (lambda p: (p / "past.csv").write_bytes("year,key\n\xe9".encode("latin-1")) and p /
     "past.csv", "import-unreadable"),
    (lambda p: (p / "past.xlsx").write_bytes(b"%PDF-1.7 not a workbook") and p / "past.xlsx",
     "not-xlsx"),
])
def test_a_file_that_cannot_be_imported_says_why(tmp_path: Path, catalogue, rules, make,
                                                  code: str) -> None:
    past, findings = _read(make(tmp_path), catalogue, rules)
    assert past is None and code in [c for c, _ in findings]
