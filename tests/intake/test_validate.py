"""validate: dates, text rules, rules.toml (counts: tests/intake/test_numbers.py)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from report.figures.plan import went_back
from report.intake.plan_cells import Level, parse_level, parse_status
from report.intake.validate import _as_date, _is_control
from report.paths import CATALOGUE, ROOT
from report.settings.rules import RulesError, load_rules


@pytest.mark.parametrize("raw, expected", [
    (dt.datetime(2025, 3, 15, 10, 0), dt.date(2025, 3, 15)),
    (dt.date(2025, 3, 15), dt.date(2025, 3, 15)),
    ("2025-03-15", dt.date(2025, 3, 15)),
    ("15/03/2025", dt.date(2025, 3, 15)),
    ("١٥/٠٣/٢٠٢٥", dt.date(2025, 3, 15)),
    (45731, dt.date(2025, 3, 15)),
    ("31/02/2025", None),
    ("mars 2025", None),
    (True, None),
])
def test_dates(raw: object, expected: dt.date | None) -> None:
    assert _as_date(raw) == expected


@pytest.mark.parametrize("ch, bad", [
    ("\u202e", True), ("\u2066", True), ("\x07", True), ("\ufeff", True),
    ("\n", False), ("\u200f", False), ("ع", False), ("\u0640", False),
])
def test_control_characters(ch: str, bad: bool) -> None:
    assert _is_control(ch) is bad


def test_every_rule_code_used_in_code_has_wording() -> None:
    rules = load_rules(CATALOGUE / "rules.toml")
    source = "".join((ROOT / "report" / f).read_text("utf-8")
                     for f in ("intake/read.py", "intake/validate.py", "intake/gather.py",
                               "intake/numbers.py", "intake/plan_cells.py",
                               "intake/past_report.py", "review/workbook.py", "review/log.py",
                               "translation/workbook.py"))
    used = set(re.findall(r'"([a-z]+(?:-[a-z]+)+)"', source)) | {"macros", "negative", "formula",
                                                                 "fractional"}
    assert len(used) >= 30
    assert used == rules.table.keys()


def test_bad_rules_are_all_reported_at_once(tmp_path: Path) -> None:
    text = (CATALOGUE / "rules.toml").read_text("utf-8")
    text = text.replace('severity = "error"', 'severity = "fatal"', 1)
    text = text.replace("yoy_min_change = 10", "yoy_minimum = 10")
    text = text.replace("({value})", "({valeur})", 1)
    (tmp_path / "rules.toml").write_text(text, "utf-8")
    with pytest.raises(RulesError) as err:
        load_rules(tmp_path / "rules.toml")
    msg = str(err.value)
    assert "severity" in msg and "yoy_min_change" in msg and "yoy_minimum" in msg
    assert "valeur" in msg


@pytest.mark.parametrize("raw, code", [
    ("في طور الإنجاز / En cours", "in_progress"),  # the drop-down's own text
    ("في طور الإنجاز", "in_progress"),
    ("  في   طور الإنجاز ", "in_progress"),
    ("En cours", "in_progress"),
    ("en COURS", "in_progress"),
    ("منجـــز", "done"),  # tatweel
    ("done", "done"),
    ("Abandonnée", "dropped"),
    ("متأخر / En retard", "delayed"),
    ("لم يشرع فيه بعد", "not_started"),
    ("جاري", None),
    ("Réalisé", None),  # not the list's wording: the member picks from the list
    ("not_due", None),  # the report's own statuses are not a member's choice
    (42, None),
])
def test_statuses(raw: object, code: str | None) -> None:
    assert parse_status(raw) == code


@pytest.mark.parametrize("before, now, back", [
    ("done", "in_progress", True), ("done", "delayed", True), ("done", "not_started", True),
    ("done", "dropped", True), ("in_progress", "not_started", True),
    ("delayed", "not_started", True),
    ("in_progress", "delayed", False), ("delayed", "in_progress", False),
    ("not_started", "done", False), ("done", "done", False), ("dropped", "in_progress", False),
    ("in_progress", "dropped", False),
])
def test_status_going_back(before: str, now: str, back: bool) -> None:
    assert went_back(before, now) is back


@pytest.mark.parametrize("raw, unit, expected", [
    (45, "percent", Level(45)),
    (62.5, "percent", Level(62.5)),
    ("62,5", "percent", Level(62.5, "repaired-number", "62,5")),
    ("45 %", "percent", Level(45.0, "repaired-number", "45 %")),
    ("٤٥٪", "percent", Level(45.0, "repaired-number", "٤٥٪")),
    ("النصف", "percent", Level(None, "plan-value-invalid", "النصف")),
    (True, "percent", Level(None, "plan-value-invalid", True)),
    (12, "count", Level(12, None, 12)),
    (2.5, "count", Level(None, "fractional", 2.5)),
    ("1.200", "count", Level(1200, "read-separator", "1.200")),  # report/intake/numbers.py's rule
])
def test_plan_values(raw: object, unit: str, expected: Level) -> None:
    assert parse_level(raw, unit) == expected


def test_a_count_above_its_ceiling_is_refused(tmp_path: Path) -> None:
    """INT leads PROT.3.2: regions where the referral mechanism works, at most 12."""
    from report.intake.gather import check_file
    from report.intake.layout import SHEET_PLAN, plan_rows, status_choice
    from report.settings.catalogue import load_catalogue
    from tests.bad_workbooks import to_bytes, workbook

    cat = load_catalogue(CATALOGUE)
    rows = {r.measure: r for r in plan_rows(cat, "INT", 2025)}
    plan = {"PROT.3.2": {"status": status_choice("in_progress"), "value": 13},
            "GOV.1.2": {"status": status_choice("done"), "value": 11}}
    path = tmp_path / "INT-2025.xlsx"
    path.write_bytes(to_bytes(workbook(member="INT", plan=plan)))
    data, findings = check_file(path, cat, load_rules(CATALOGUE / "rules.toml"), 2025, {})
    plan_findings = {(f.sheet, f.cell, f.code, f.value) for f in findings if f.sheet == SHEET_PLAN}
    assert plan_findings == {
        (SHEET_PLAN, rows["PROT.3.2"].cell("value"), "plan-value-bounds", "13"),
        (SHEET_PLAN, rows["GOV.1.2"].cell("value"), "plan-done-below-target", "11")}
    assert data.plan["PROT.3.2"].value is None and data.plan["PROT.3.2"].status == "in_progress"
    assert data.plan["GOV.1.2"].value == 11


def test_a_year_of_zeros_typed_as_text_is_a_few_lines(tmp_path: Path) -> None:
    """Issue 21: every count typed as the text "0", against last year's figures: one line per
    kind of warning and sheet (the repairs, the changes from last year), each naming its
    cells, in Arabic and French."""
    from report.intake.gather import check_file
    from tests.bad_workbooks import (
        CAT,
        MEMBER,
        RULES,
        YEAR,
        to_bytes,
        valid_values,
        workbook,
        write,
    )

    zeros = {k: "0" for k in valid_values()}
    path = write(tmp_path, to_bytes(workbook(zeros)))
    last = {k: 300 for k in valid_values() if k.endswith(".total")}
    _, findings = check_file(path, CAT, RULES, YEAR, {MEMBER: last}, {})
    codes = sorted(f.code for f in findings)
    assert codes == ["repaired-numbers", "yoy-change"], codes
    yoy = next(f for f in findings if f.code == "yoy-change")
    cells = re.findall(r"C\d+", yoy.message.fr)
    assert len(cells) >= 3  # the first total's message, then the others' cells
    assert "autres cellules de cette feuille" in yoy.message.fr
    assert "خانات أخرى من هذه الورقة" in yoy.message.ar
