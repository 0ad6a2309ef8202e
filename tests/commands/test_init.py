"""init: blank workbooks from the catalogue, never overwritten, and valid once filled."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from report.cli import main
from report.commands import check, init
from report.errors import UsageError
from report.figures.consolidate import consolidate
from report.intake.gather import check_file, gather_year
from report.intake.layout import (
    SHEET_ACTIVITIES,
    SHEET_DATA,
    SHEET_HELP,
    SHEET_PLAN,
    SHEET_STAMP,
    TEMPLATE_VERSION,
    data_slots,
    plan_rows,
    status_choice,
)
from report.intake.numbers import choice_text
from report.paths import CATALOGUE, INPUTS
from report.settings.catalogue import load_catalogue
from report.settings.rules import load_rules

CAT = load_catalogue(CATALOGUE)
RULES = load_rules(CATALOGUE / "rules.toml")
YEAR = 2026


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("inputs")
    shutil.copytree(CATALOGUE, root / "catalogue")
    shutil.copytree(INPUTS / "2025", root / "2025")
    assert main(["init", "--year", str(YEAR), "--inputs", str(root)]) == 0
    return root


def test_one_workbook_per_member(inputs: Path) -> None:
    names = sorted(p.name for p in (inputs / str(YEAR)).iterdir())
    assert names == sorted(f"{m.code}-{YEAR}.xlsx" for m in CAT.members)


def test_existing_files_are_never_overwritten(inputs: Path, capsys) -> None:
    path = inputs / str(YEAR) / f"PMP-{YEAR}.xlsx"
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    assert main(["init", "--year", str(YEAR), "--inputs", str(inputs)]) == 0
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    out = capsys.readouterr().out
    assert "0 workbooks written, 22 skipped" in out and f"skip  {path}" in out


def test_year_is_required(inputs: Path) -> None:
    with pytest.raises(UsageError, match="--year") as caught:
        init.run(argparse.Namespace(year=None, inputs=inputs))
    assert caught.value.exit_code == 2


def test_layout_protection_and_validations(inputs: Path) -> None:
    wb = load_workbook(inputs / str(YEAR) / f"PMP-{YEAR}.xlsx")
    assert wb.sheetnames[:3] == [SHEET_HELP, SHEET_DATA, SHEET_ACTIVITIES]
    assert wb[SHEET_STAMP].sheet_state == "veryHidden"
    assert [wb[SHEET_STAMP][c].value for c in ("B1", "B2", "B3")] == [TEMPLATE_VERSION, YEAR,
                                                                      "PMP"]
    assert wb.security.lockStructure
    for name in (SHEET_HELP, SHEET_DATA, SHEET_ACTIVITIES):
        assert wb[name].sheet_view.rightToLeft and wb[name].protection.sheet
    ws = wb[SHEET_DATA]
    dvs = ws.data_validations.dataValidation
    for slot in data_slots(CAT, "PMP"):
        cell = ws[slot.cell]
        assert cell.protection.locked is not slot.is_input
        assert ws[f"A{slot.row}"].protection.locked and ws[f"B{slot.row}"].protection.locked
        covering = [dv for dv in dvs if slot.cell in dv.sqref]
        beside = [dv for dv in dvs if slot.na_cell in dv.sqref]
        if slot.is_input:
            assert len(covering) == len(beside) == 1
            dv, na = covering[0], beside[0]
            # a count cell: Excel refuses anything but a whole number >= 0 (template 4) ...
            assert (dv.type, dv.operator, dv.formula1) == ("whole", "greaterThanOrEqual", "0")
            assert dv.showErrorMessage and dv.errorStyle == "stop" and dv.allow_blank
            assert dv.showInputMessage and "عدد" in dv.prompt and "غير متوفر" in dv.prompt
            assert "غير متوفر" in dv.error  # ... and says where "not available" is
            # ... and "not available" is one click away, in the cell beside it
            assert (na.type, na.formula1) == ("list", f'"{choice_text()}"')
            assert na.showErrorMessage and na.allow_blank
            assert not ws[slot.na_cell].protection.locked
        else:
            assert covering == beside == []
    assert "\n" in ws["C5"].value and "Valeur" in ws["C5"].value  # Arabic, French beneath
    assert "غير متوفر" in ws["E5"].value and "Non disponible" in ws["E5"].value


def test_activity_sheet_lists_and_date(inputs: Path) -> None:
    ws = load_workbook(inputs / str(YEAR) / f"PMP-{YEAR}.xlsx")[SHEET_ACTIVITIES]
    by_col = {str(dv.sqref).split(":")[0][0]: dv for dv in ws.data_validations.dataValidation}
    assert by_col["A"].type == by_col["B"].type == "list"
    assert "_lists" in by_col["A"].formula1
    assert by_col["G"].type == "date" and by_col["G"].operator == "between"
    assert all(dv.prompt for dv in by_col.values())
    assert not ws["C3"].protection.locked and ws["C2"].protection.locked


def test_last_years_national_figure_is_beside_each_input(inputs: Path) -> None:
    last = consolidate(CAT, gather_year(INPUTS / "2025", 2025, CAT, RULES))
    ws = load_workbook(inputs / str(YEAR) / f"PMP-{YEAR}.xlsx")[SHEET_DATA]
    for slot in (s for s in data_slots(CAT, "PMP") if s.is_input):
        assert ws[f"D{slot.row}"].value == last.value(slot.key), slot.key
        assert ws[slot.cell].value is None


def _fill(path: Path, member: str) -> None:
    wb = load_workbook(path)
    ws = wb[SHEET_DATA]
    for ind in CAT.indicators_of(member):
        ws[_cell(member, f"{ind.code}.total")] = 6
        for b in ind.breakdowns:
            for i, c in enumerate(b.dimension.categories):
                ws[_cell(member, f"{ind.code}.{b.dimension.code}.{c.code}")] = 6 if i == 0 else 0
    acts = wb[SHEET_ACTIVITIES]
    acts["A3"], acts["B3"], acts["C3"] = "PART — الشراكة والتعاون", "PART.1.1", "اجتماع تنسيقي"
    acts["G3"] = dt.datetime(YEAR, 6, 2)
    for row in plan_rows(CAT, member, YEAR):  # each measure done, at its target
        plan = wb[SHEET_PLAN]
        plan[row.cell("status")] = status_choice("done")
        plan[row.cell("value")] = CAT.plan.measure(row.measure).indicator.target
    wb.save(path)


def _cell(member: str, key: str) -> str:
    return next(s.cell for s in data_slots(CAT, member) if s.key == key)


def test_filled_init_output_passes_check(inputs: Path, tmp_path: Path) -> None:
    for m in CAT.members:
        _fill(inputs / str(YEAR) / f"{m.code}-{YEAR}.xlsx", m.code)
    data, findings = check_file(inputs / str(YEAR) / f"PMP-{YEAR}.xlsx", CAT, RULES, YEAR, {})
    assert findings == []
    assert data.figures["VICTIMS.total"].value == 6 and len(data.activities) == 1
    assert {code: r.status for code, r in data.plan.items()} == {
        m.code: "done" for m in CAT.plan.led_by("PMP", YEAR)}
    result = check.check_year(inputs, YEAR)
    assert result.errors == 0
    assert {f.code for f in result.findings} <= {"yoy-change"}
    assert all(r.status == "submitted" for r in result.rows)
    # every measure whose period has begun is reported by its lead, and only those
    reported = consolidate(CAT, result.data).plan
    assert set(reported) == {m.code for m in CAT.plan.measures if m.due(YEAR)}
    assert all(r.source.member == CAT.plan.measure(c).lead for c, r in reported.items())


def test_blank_init_output_is_all_required_empty(tmp_path: Path) -> None:
    shutil.copytree(CATALOGUE, tmp_path / "catalogue")
    init.write_blank_workbooks(tmp_path, YEAR, out=io.StringIO())
    _, findings = check_file(tmp_path / str(YEAR) / f"MJ-{YEAR}.xlsx", CAT, RULES, YEAR, {})
    inputs = [s for s in data_slots(CAT, "MJ") if s.is_input]
    assert sorted(f.cell for f in findings if f.code == "required-empty") == sorted(
        s.cell for s in inputs)
    assert sorted(f.cell for f in findings if f.code == "plan-status-missing") == sorted(
        r.cell("status") for r in plan_rows(CAT, "MJ", YEAR))
    assert {f.code for f in findings} == {"required-empty", "no-activity", "plan-status-missing"}


def test_plan_sheet_of_a_lead(inputs: Path) -> None:
    wb = load_workbook(inputs / str(YEAR) / f"MJ-{YEAR}.xlsx")
    assert SHEET_PLAN in wb.sheetnames and wb[SHEET_PLAN].protection.sheet
    ws = wb[SHEET_PLAN]
    rows = plan_rows(CAT, "MJ", YEAR)
    assert [ws[r.cell("measure")].value for r in rows] == \
        [m.code for m in CAT.plan.measures if m.lead == "MJ"]
    dvs = ws.data_validations.dataValidation
    for r in rows:
        assert not ws[r.cell("status")].protection.locked
        assert ws[r.cell("measure")].protection.locked and ws[r.cell("target")].protection.locked
        status = [dv for dv in dvs if r.cell("status") in dv.sqref]
        assert len(status) == 1 and status[0].type == "list" and "_lists" in status[0].formula1
        value = [dv for dv in dvs if r.cell("value") in dv.sqref]
        unit = CAT.plan.measure(r.measure).indicator.unit
        assert len(value) == 1 and value[0].type == ("decimal" if unit == "percent" else "whole")
    lists = wb["_lists"]
    assert [lists[f"C{i}"].value for i in range(1, 6)] == [
        status_choice(s) for s in ("not_started", "in_progress", "delayed", "done", "dropped")]
    # a count with a known ceiling: the regions (INT leads PROT.3.2, at most 12)
    ws = load_workbook(inputs / str(YEAR) / f"INT-{YEAR}.xlsx")[SHEET_PLAN]
    row = next(r for r in plan_rows(CAT, "INT", YEAR) if r.measure == "PROT.3.2")
    dv = next(dv for dv in ws.data_validations.dataValidation if row.cell("value") in dv.sqref)
    assert (dv.type, dv.operator, dv.formula1, dv.formula2) == ("whole", "between", "0", "12")
    assert ws[row.cell("target")].value == "5 (2026)"  # the year's milestone


def test_members_leading_nothing_have_no_plan_sheet(inputs: Path) -> None:
    for code in ("FIN", "HAB", "TRA", "EN", "GR"):
        assert SHEET_PLAN not in load_workbook(inputs / str(YEAR) / f"{code}-{YEAR}.xlsx",
                                               read_only=True).sheetnames


def test_last_years_status_is_beside_each_measure(inputs: Path) -> None:
    last = consolidate(CAT, gather_year(INPUTS / "2025", 2025, CAT, RULES)).plan
    ws = load_workbook(inputs / str(YEAR) / f"PMP-{YEAR}.xlsx")[SHEET_PLAN]
    shown = {ws[r.cell("measure")].value: ws[r.cell("previous")].value
             for r in plan_rows(CAT, "PMP", YEAR)}
    assert shown["PROS.2.2"] == f"منجز — {last['PROS.2.2'].value:g}%"
    assert shown["GOV.2.2"].startswith("في طور الإنجاز — ")


def test_a_status_going_back_is_a_warning_at_its_cell(tmp_path: Path) -> None:
    """2025 says PROS.2.2 is done; PMP's 2026 workbook says it is in progress again."""
    root = tmp_path / "inputs"
    shutil.copytree(CATALOGUE, root / "catalogue")
    shutil.copytree(INPUTS / "2025", root / "2025")
    init.write_blank_workbooks(root, YEAR, out=io.StringIO())
    for m in CAT.members:
        _fill(root / str(YEAR) / f"{m.code}-{YEAR}.xlsx", m.code)
    path = root / str(YEAR) / f"PMP-{YEAR}.xlsx"
    wb = load_workbook(path)
    row = next(r for r in plan_rows(CAT, "PMP", YEAR) if r.measure == "PROS.2.2")
    wb[SHEET_PLAN][row.cell("status")] = status_choice("in_progress")
    wb.save(path)
    result = check.check_year(root, YEAR)
    back = [f for f in result.findings if f.code == "plan-status-back"]
    assert [(f.member, f.file, f.sheet, f.cell) for f in back] == [
        ("PMP", path.name, SHEET_PLAN, row.cell("status"))]
    assert "2025" in back[0].message.ar and "منجز" in back[0].message.ar
    assert not back[0].is_error and result.errors == 0
