"""The editor's report (editorial.xlsx): written by check and build, the secretariat's
decisions read back from the file itself, a final refused while a finding is open."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from report.cli import main
from report.editorial import ledger
from report.editorial.findings import ACTIVITY, EditorialFinding, Location
from report.label import Label
from report.settings.rules import Rules
from tests.sample import copy_inputs, out_with_cache


def _finding(code: str = "activity-day-off", item: str = "A4") -> EditorialFinding:
    return EditorialFinding(code, "warning", Location(ACTIVITY, "COM", item, f"act-COM-{item}",
                                                      "COM-2025.xlsx", "الأنشطة", item),
                            "ندوة وطنية", Label("ملاحظة", "remarque"), pages=(12,))


def _decide(path: Path, rows: dict[int, tuple[str, str]]) -> None:
    """What the secretariat does in Excel: a decision and a reason on some rows."""
    wb = load_workbook(path)
    ws = wb[ledger.SHEET]
    for row, (status, reason) in rows.items():
        ws.cell(ledger.FIRST_ROW + row, ledger.STATUS_COL, status)
        ws.cell(ledger.FIRST_ROW + row, ledger.REASON_COL, reason)
    wb.save(path)


def test_decisions_set_in_the_file_are_read_back(tmp_path: Path, rules: Rules) -> None:
    path = tmp_path / ledger.NAME
    findings = (_finding(), _finding(item="A5"), _finding("activity-self", "A6"))
    ledger.write(path, findings, 2025, dt.date(2026, 3, 16))
    ws = load_workbook(path)[ledger.SHEET]
    assert ws.sheet_view.rightToLeft and ws.protection.sheet
    assert ws.cell(ledger.FIRST_ROW, ledger.COLUMNS.index("pages") + 1).value == "12"
    _decide(path, {0: ("مقبولة / acceptée", "the member confirmed the date: a Sunday event"),
                   1: ("acceptée", "")})  # accepted without a reason: still open
    kept, why = ledger.decisions(path, rules)
    assert why == ""
    again = ledger.with_decisions(findings, kept)
    assert [f.open for f in again] == [False, True, True]
    assert again[0].reason.startswith("the member confirmed")


def test_a_final_is_refused_while_a_finding_is_open(tmp_path: Path) -> None:
    open_one = (_finding(),)
    with pytest.raises(ledger.EditorialSignOffError, match="activity-day-off"):
        ledger.sign_off(open_one, "", False, "", tmp_path / ledger.NAME)
    forced = ledger.sign_off(open_one, "", True, "printed before the member answered",
                             tmp_path / ledger.NAME)
    assert forced["forced"] and forced["open_ids"] == [open_one[0].id]
    accepted = ledger.with_decisions(open_one, {open_one[0].id: ledger.Decision(
        "accepted", "checked with the member")})
    assert ledger.sign_off(accepted, "", False, "", tmp_path / ledger.NAME)["open"] == 0


def test_a_file_that_cannot_be_read_is_set_aside(tmp_path: Path, rules: Rules) -> None:
    path = tmp_path / ledger.NAME
    path.write_bytes(b"not a workbook")
    kept, why = ledger.decisions(path, rules)
    assert kept == {} and why
    moved = ledger.set_aside(path)
    assert moved.name == "editorial.unreadable-1.xlsx" and moved.read_bytes() == b"not a workbook"


def test_check_writes_the_editors_report_and_counts_it(
        tmp_path: Path, sample_cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = out_with_cache(tmp_path / "out", sample_cache)
    main(["check", "--out", str(out)])
    said = capsys.readouterr().out
    assert "editor's report / rapport de l'éditeur: 0 findings, 0 open" in said
    assert (out / "2025" / ledger.NAME).is_file()


def test_build_refuses_a_final_with_an_open_finding(tmp_path: Path, sample_cache: Path) -> None:
    """A recommendation giving resources to a member association: the final is refused
    before anything is rendered; the editor's report names it."""
    inputs = copy_inputs(tmp_path / "inputs")
    recs = inputs / "2025" / "recommendations.toml"
    recs.write_text(recs.read_text("utf-8").replace('owners = ["SOL", "EN"]',
                                                    'owners = ["SOL", "EN", "AFAQ"]'), "utf-8")
    out = out_with_cache(tmp_path / "out", sample_cache)
    code = main(["build", "--edition", "final", "--inputs", str(inputs), "--out", str(out)])
    assert code == 1
    assert not (out / "2025" / "report-2025.pdf").exists()
    ws = load_workbook(out / "2025" / ledger.NAME)[ledger.SHEET]
    assert ws.cell(ledger.FIRST_ROW, 1).value.startswith("recommendation-association-resources")
