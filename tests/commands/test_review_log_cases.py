"""The review log keeps its word, on a tiny year (2022, made here: tests/years.py): a draft
built, its review round sent, clumsy and hostile answers collected twice, then a second
draft. Each case of issue 26:

- a new answer for an item the secretariat accepted reopens it, the log keeping both
  requests with their dates; an approval afterwards, or a returned file taken out,
  closes the entry as withdrawn; nothing stale or withdrawn blocks the final;
- a corrected value is read as a data workbook's cell is: "2.000" and 10^15 are findings;
- look-alike returns (a folder, a .xlsx.txt) are reported as check reports them; two
  files of one member are an error naming both, and neither is read; "approve" with a
  value, a protection removed, item rows deleted or reordered are findings;
- a figure item carries the pages of the text that quotes its total, not only its table;
- an activity's correction is compared with the next draft's text;
- a draft whose number went up but whose date did not is a warning.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from report.cli import main
from report.review.answers import LogEntry
from report.review.draft_map import read_draft
from report.review.items import load_items
from report.review.log import (
    COLUMNS,
    FIRST_ROW,
    LOG_NAME,
    SHEET_ENTRIES,
    STATUS_COL,
    read_log,
)
from report.review.log import status_label as log_status
from report.review.signoff import sign_off
from report.review.workbook import FIRST_ROW as ITEM_ROW
from report.review.workbook import SHEET_ITEMS
from tests.years import tiny_inputs

pytestmark = pytest.mark.slow  # builds reports with WeasyPrint

YEAR = 2022
ACTIVITY_TITLE = "لقاء تنسيقي حول تتبع قضايا الاتجار بالبشر"  # what PMP asks an activity be


def _fill(path: Path, answers: dict[str, tuple], protect: bool = True) -> None:
    """The member's answers (item id -> decision, value, comment), saved as Excel would."""
    wb = load_workbook(path)
    ws = wb[SHEET_ITEMS]
    for r in range(ITEM_ROW, ws.max_row + 1):
        if ws[f"A{r}"].value in answers:
            ws[f"G{r}"], ws[f"H{r}"], ws[f"I{r}"] = answers[ws[f"A{r}"].value]
    ws.protection.sheet = protect
    wb.save(path)


def _returned(world: dict, member: str, answers: dict[str, tuple], name: str = "",
              protect: bool = True) -> Path:
    path = world["returns"] / (name or f"{member}-review.xlsx")
    shutil.copy(world["round"] / f"{member}-review.xlsx", path)
    _fill(path, answers, protect)
    return path


def _collect(world: dict) -> tuple[int, str]:
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = main(["review", "--collect", "--draft", "1", *world["args"]])
    return code, printed.getvalue()


def _entries(world: dict, rules) -> dict[str, LogEntry]:
    found, _ = read_log(world["round"] / LOG_NAME, rules)
    return {e.id: e for e in found}


def _set_status(world: dict, ids: set[str], status: str) -> None:
    """What the secretariat does in the log: a status from its list."""
    log = world["round"] / LOG_NAME
    wb = load_workbook(log)
    ws = wb[SHEET_ENTRIES]
    for r in range(FIRST_ROW, ws.max_row + 1):
        if ws.cell(r, 1).value in ids:
            ws.cell(r, STATUS_COL).value = log_status(status)
    wb.save(log)


def _item(world: dict, member: str, prefix: str) -> str:
    return next(i.id for i in world["items"][member].items if i.id.startswith(prefix))


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """2022 made and built to draft 1, its review round sent."""
    root = tmp_path_factory.mktemp("review-log")
    inputs = tiny_inputs(root / "inputs", (YEAR,))
    out = root / "out"
    args = ["--year", str(YEAR), "--inputs", str(inputs), "--out", str(out), "--database",
            str(root / "db.sqlite3")]
    assert main(["build", *args]) == 0
    assert main(["review", *args]) == 0
    folder = out / str(YEAR)
    returns = inputs / str(YEAR) / "review"
    returns.mkdir()
    rnd = load_items(folder / "review" / "draft1")
    return {"inputs": inputs, "out": out, "args": args, "folder": folder, "returns": returns,
            "round": folder / "review" / "draft1", "items": rnd.members}


@pytest.fixture(scope="module")
def first(world: dict) -> dict:
    """The first collect: PMP asks for corrections; MJ types "2.000" and approves with a
    value; DGSN types 10^15; GR sends two files; SOL's return is a folder, EN's a .txt;
    SAN removes the protection, deletes a row and swaps two; CSPJ asks a correction."""
    pmp_activity = _item(world, "PMP", "A-")
    _returned(world, "PMP", {"F-CASES.total": ("تصحيح", 150, "حسب آخر تحيين"),
                             "F-VICTIMS.total": ("ملاحظة", None, "يرجى التحقق"),
                             pmp_activity: ("تصحيح", ACTIVITY_TITLE, "")})
    _returned(world, "MJ", {"F-CALLS.total": ("تصحيح", "2.000", ""),
                            _item(world, "MJ", "F-CONVICTED"): ("موافقة", 12, "")})
    _returned(world, "DGSN", {_item(world, "DGSN", "F-VICTIMS"): ("تصحيح", 10 ** 15, "")})
    for name in ("GR-review.xlsx", "GR-review (1).xlsx"):
        _returned(world, "GR", {_item(world, "GR", "F-"): ("ملاحظة", None, name)}, name)
    (world["returns"] / "SOL-review.xlsx").mkdir()
    shutil.copy(world["round"] / "EN-review.xlsx", world["returns"] / "EN-review.xlsx.txt")
    san = _returned(world, "SAN", {_item(world, "SAN", "F-"): ("ملاحظة", None, "تعليق")},
                    protect=False)
    wb = load_workbook(san)
    ws = wb[SHEET_ITEMS]
    ws.delete_rows(ws.max_row)  # the last item row deleted
    a, b = ([c.value for c in ws[ITEM_ROW + k]] for k in (1, 2))
    for col, (x, y) in enumerate(zip(a, b, strict=True), start=1):  # two rows swapped
        ws.cell(ITEM_ROW + 1, col).value, ws.cell(ITEM_ROW + 2, col).value = y, x
    wb.save(san)
    _returned(world, "CSPJ", {_item(world, "CSPJ", "F-"): ("تصحيح", 5, "")})
    code, printed = _collect(world)
    return {"code": code, "printed": printed}


def test_corrected_values_are_read_as_a_data_workbooks_cells(first) -> None:
    assert first["code"] == 1
    lines = first["printed"]
    assert re.search(r"MJ MJ-review\.xlsx \S+!H\d+ read-separator \[2\.000\]", lines)
    assert re.search(r"MJ MJ-review\.xlsx \S+!H\d+ review-approve-value \[12\]", lines)
    assert re.search(r"DGSN DGSN-review\.xlsx \S+!H\d+ above-ceiling", lines)


def test_look_alikes_duplicates_and_tampering_are_findings(first, world, rules) -> None:
    lines = first["printed"]
    assert re.search(r"ERROR SOL SOL-review\.xlsx - unusable-file", lines)
    assert re.search(r"ERROR EN EN-review\.xlsx\.txt - unusable-file", lines)
    duplicates = re.findall(r"ERROR GR (GR-review.*?\.xlsx) - duplicate-file \[(.*?)\]", lines)
    assert sorted(n for n, _ in duplicates) == ["GR-review (1).xlsx", "GR-review.xlsx"]
    assert all(both == "GR-review (1).xlsx, GR-review.xlsx" for _, both in duplicates)
    assert not [e for e in _entries(world, rules).values() if e.member == "GR"]  # neither read
    for code in ("review-unprotected", "review-rows-deleted", "review-rows-reordered"):
        assert re.search(rf"warn  SAN SAN-review\.xlsx \S+ {code}", lines), code


def test_a_changed_request_reopens_and_a_withdrawn_one_closes(first, world, rules) -> None:
    entries = _entries(world, rules)
    assert entries["PMP:F-CASES.total"].asked  # the date the collect first read it
    _set_status(world, {"PMP:F-CASES.total"}, "accepted")
    # PMP asks another value and approves the item it commented on; CSPJ's file is taken out
    _returned(world, "PMP", {"F-CASES.total": ("تصحيح", 160, "حسب آخر تحيين"),
                             "F-VICTIMS.total": ("موافقة", None, None),
                             _item(world, "PMP", "A-"): ("تصحيح", ACTIVITY_TITLE, "")})
    (world["returns"] / "CSPJ-review.xlsx").unlink()
    _collect(world)
    entries = _entries(world, rules)
    cases = entries["PMP:F-CASES.total"]
    assert (cases.status, cases.value) == ("open", 160)
    assert "150" in cases.earlier and log_status("accepted").split(" / ")[0] in cases.earlier
    assert re.search(r"\d{4}-\d\d-\d\d", cases.earlier) and cases.asked
    assert entries["PMP:F-VICTIMS.total"].status == "withdrawn"
    cspj = [e for e in entries.values() if e.member == "CSPJ"]
    assert cspj and all(e.status == "withdrawn" for e in cspj)
    # nothing withdrawn blocks the final; once the open ones are settled, nothing does
    review = world["folder"] / "review"
    blocking = {e.id for e in sign_off(review, rules, True, "قرار اللجنة").open}
    assert "PMP:F-VICTIMS.total" not in blocking and not any("CSPJ" in i for i in blocking)
    _set_status(world, blocking, "rejected")
    assert sign_off(review, rules, False, "").open == ()


def test_a_figure_item_carries_the_pages_of_the_text_quoting_it(world) -> None:
    folder = world["folder"]
    draft = read_draft(folder / f"report-{YEAR}-draft1.html", folder / f"report-{YEAR}-draft1.pdf")
    quoted = {draft.page(a) for a in draft.indicators["VICTIMS"] if a.startswith("at-")}
    tables = {draft.page(a) for a in draft.indicators["VICTIMS"] if not a.startswith("at-")}
    assert quoted and None not in quoted and quoted - tables  # a page only text quotes it on
    item = next(i for i in world["items"]["PMP"].figures if i.id == "F-VICTIMS.total")
    assert quoted <= set(item.pages)


class _Warnings(logging.Handler):
    """The warnings a build logs, kept."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture(scope="module")
def second(world, first) -> dict:
    """PMP corrects the activity in its workbook; draft 2 is built with draft 1's date (a
    warning), then draft 1's round collected again."""
    wb_path = world["inputs"] / str(YEAR) / f"PMP-{YEAR}.xlsx"
    wb = load_workbook(wb_path)
    row = int(_item(world, "PMP", "A-")[3:])
    wb["الأنشطة"][f"C{row}"] = ACTIVITY_TITLE
    wb.save(wb_path)
    edition = world["inputs"] / str(YEAR) / "edition.toml"
    edition.write_text(re.sub(r"(?m)^draft = 1\b", "draft = 2", edition.read_text("utf-8")),
                       "utf-8")
    warnings = _Warnings()
    logging.getLogger("report").addHandler(warnings)
    try:
        assert main(["build", *world["args"]]) == 0
    finally:
        logging.getLogger("report").removeHandler(warnings)
    _collect(world)
    return {"warnings": warnings.messages}


def test_an_activity_correction_is_compared_with_the_next_draft(second, world) -> None:
    """As the log shows it: the next draft, its text of the activity, and a yes."""
    wb = load_workbook(world["round"] / LOG_NAME, read_only=True)
    rows = {r[0]: dict(zip(COLUMNS, r, strict=False)) for r in wb[SHEET_ENTRIES].iter_rows(
        min_row=FIRST_ROW, values_only=True) if r[0]}
    wb.close()
    row = rows[f"PMP:{_item(world, 'PMP', 'A-')}"]
    assert row["latest_draft"] == 2 and ACTIVITY_TITLE in row["latest"]
    assert row["matches"] == "نعم / oui"


def test_a_draft_number_up_with_the_same_date_is_a_warning(second) -> None:
    assert any("draft 2 of 2022 is dated" in w for w in second["warnings"])
