"""feedback: the secretariat's summary.xlsx, written by ``check`` from a tiny year folder."""

from __future__ import annotations

import shutil

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from report.cli import main
from report.language.texts import load_texts
from report.outputs.feedback import SUMMARY_WIDTHS
from report.paths import CATALOGUE
from tests.bad_workbooks import CAT, MEMBER, YEAR, to_bytes, workbook, write
from tests.bad_workbooks import NA as NA_CHOICE

TEXTS = load_texts("feedback")


@pytest.fixture(scope="module")
def summary(tmp_path_factory) -> Worksheet:
    """check on a year where PMP marks three cells "not available", MJ none, and the other
    members sent nothing: the summary's members sheet."""
    tmp_path = tmp_path_factory.mktemp("summary")
    inputs = tmp_path / "inputs"
    shutil.copytree(CATALOGUE, inputs / "catalogue")
    folder = inputs / str(YEAR)
    folder.mkdir()
    na = {"VICTIMS.nationality.moroccan": NA_CHOICE, "VICTIMS.nationality.foreign": NA_CHOICE,
          "PROSECUTED.nationality.moroccan": NA_CHOICE}
    write(folder, to_bytes(workbook(na)))
    write(folder, to_bytes(workbook(member="MJ")), f"MJ-{YEAR}.xlsx")
    main(["check", "--inputs", str(inputs), "--out", str(tmp_path / "out"), "--year", str(YEAR)])
    return load_workbook(tmp_path / "out" / str(YEAR) / "check" / "summary.xlsx").active


def _rows(ws: Worksheet) -> dict[str, dict[str, object]]:
    """The members table, by member code and column key."""
    keys = list(SUMMARY_WIDTHS)
    return {str(ws.cell(r, 1).value): {k: ws.cell(r, i).value for i, k in enumerate(keys, 1)}
            for r in range(4, 4 + len(CAT.members))}


def test_summary_counts_not_available_cells_per_member(summary: Worksheet) -> None:
    rows = _rows(summary)
    assert rows[MEMBER]["not_available"] == 3  # never counted in errors nor warnings
    assert rows[MEMBER]["errors"] == 0
    assert rows["MJ"]["not_available"] == 0
    assert rows["DGSN"]["not_available"] == 0  # missing: no cell read
    assert str(rows["DGSN"]["status"]).startswith(TEXTS("status.missing", "ar"))
    head = str(summary.cell(3, list(SUMMARY_WIDTHS).index("not_available") + 1).value)
    assert head == f"{TEXTS('summary.not_available', 'ar')}\n" \
                   f"{TEXTS('summary.not_available', 'fr')}"
    assert "غير متوفر" in head and "non disponible" in head
    note = str(summary["A2"].value)  # what the column counts, in both languages
    assert "غير متوفر" in note and "non disponible" in note


def test_summary_links_feedback_after_the_new_column(summary: Worksheet) -> None:
    col = list(SUMMARY_WIDTHS).index("feedback") + 1
    dgsn = next(r for r in range(4, 4 + len(CAT.members)) if summary.cell(r, 1).value == "DGSN")
    assert summary.cell(dgsn, col).value == "DGSN-feedback.xlsx"
    assert summary.cell(dgsn, col).hyperlink.target == "DGSN-feedback.xlsx"
