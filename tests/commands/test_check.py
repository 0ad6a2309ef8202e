"""check: the bad-workbook corpus, year-level rules, the command's outputs and exit codes."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from report.cli import main
from report.commands import check
from report.intake.gather import check_file, gather_year
from report.paths import CATALOGUE, INPUTS
from report.settings.rules import load_rules
from tests.bad_workbooks import CASES, CAT, MEMBER, YEAR, cell, to_bytes, workbook

RULES = load_rules(CATALOGUE / "rules.toml")
SAMPLE_YEAR = 2025


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_corpus_is_large_and_names_are_unique() -> None:
    bad = [c for c in CASES if c.expected]
    assert len(bad) >= 30
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_workbook(case, tmp_path: Path) -> None:
    path = case.make(tmp_path)
    before = snapshot(tmp_path)
    if case.folder:
        yd = gather_year(tmp_path, YEAR, CAT, RULES, previous={MEMBER: case.previous},
                         previous_plan=case.previous_plan)
        findings = [f for f in yd.findings if f.member == MEMBER]
        data = yd.members.get(MEMBER)
    else:
        data, findings = check_file(path, CAT, RULES, YEAR, {MEMBER: case.previous},
                                    case.previous_plan)
    assert {(f.sheet, f.cell, f.code) for f in findings} == case.expected
    assert snapshot(tmp_path) == before
    for f in findings:
        assert f.message.ar and f.message.fr
        assert not re.search(r"\{(value|expected|other|cell|indicator)\}",
                             f.message.ar + f.message.fr)
        assert f.file == path.name
    if any(f.is_error and f.sheet in ("", "_stamp") for f in findings):
        assert data is None  # the whole file is rejected


def test_corpus_has_the_clerk_cases() -> None:
    """Issue 10: at least 25 workbooks for what clerks really send, one per case and variant."""
    from tests.bad_workbooks import register_clerk_cases
    before = len(CASES)
    register_clerk_cases()
    added = CASES[before:]
    del CASES[before:]
    assert len(added) >= 25


def test_rejected_figure_is_left_out_and_good_ones_kept(tmp_path: Path) -> None:
    path = tmp_path / f"{MEMBER}-{YEAR}.xlsx"
    path.write_bytes(to_bytes(workbook({"CASES.total": "abc", "TRAININGS.total": "٧"})))
    data, _ = check_file(path, CAT, RULES, YEAR, {})
    assert "CASES.total" not in data.figures
    assert data.figures["TRAININGS.total"].value == 7
    assert data.figures["VICTIMS.total"].source.cell == cell("VICTIMS.total")


def _year(tmp_path: Path, members: list[str], year: int = YEAR) -> Path:
    folder = tmp_path / str(year)
    folder.mkdir(parents=True)
    for code in members:
        (folder / f"{code}-{year}.xlsx").write_bytes(to_bytes(workbook(member=code, year=year)))
    return folder


def test_missing_members_and_duplicates(tmp_path: Path) -> None:
    folder = _year(tmp_path, ["PMP", "MJ"])
    shutil.copy(folder / "PMP-2025.xlsx", folder / "PMP-2025 (1).xlsx")
    yd = gather_year(folder, YEAR, CAT, RULES)
    codes = {(f.member, f.file, f.code) for f in yd.findings}
    assert ("PMP", "PMP-2025.xlsx", "duplicate-file") in codes
    assert ("PMP", "PMP-2025 (1).xlsx", "duplicate-file") in codes
    missing = {f.member for f in yd.findings if f.code == "member-missing"}
    assert missing == {m.code for m in CAT.members} - {"PMP", "MJ"}


def test_duplicate_counts_a_rejected_copy(tmp_path: Path) -> None:
    folder = _year(tmp_path, ["PMP"])
    (folder / "PMP-2025-old.xlsx").write_bytes(b"not a workbook")
    yd = gather_year(folder, YEAR, CAT, RULES)
    assert {f.file for f in yd.findings if f.code == "duplicate-file"} == {
        "PMP-2025.xlsx", "PMP-2025-old.xlsx"}


def test_source_disagreement_names_both_members_and_the_indicator(tmp_path: Path) -> None:
    folder = tmp_path / str(YEAR)
    folder.mkdir()
    (folder / "CSPJ-2025.xlsx").write_bytes(to_bytes(workbook({"CONVICTED.total": 40},
                                                              member="CSPJ")))
    (folder / "MJ-2025.xlsx").write_bytes(to_bytes(workbook({"CONVICTED.total": 55},
                                                            member="MJ")))
    yd = gather_year(folder, YEAR, CAT, RULES)
    dis = {f.member: f for f in yd.findings if f.code == "source-disagreement"}
    assert set(dis) == {"CSPJ", "MJ"}
    assert CAT.member("MJ").name.ar in dis["CSPJ"].message.ar
    assert CAT.member("CSPJ").name.fr in dis["MJ"].message.fr
    assert "55" in dis["MJ"].message.ar and "40" in dis["MJ"].message.ar
    label = CAT.indicator("CONVICTED").label
    assert label.ar in dis["MJ"].message.ar and label.fr in dis["MJ"].message.fr


def test_year_on_year_uses_last_years_figures(tmp_path: Path) -> None:
    shutil.copytree(CATALOGUE, tmp_path / "catalogue")
    _year(tmp_path, ["PMP"], 2024)
    folder = tmp_path / "2025"
    folder.mkdir()
    (folder / "PMP-2025.xlsx").write_bytes(to_bytes(workbook({"CASES.total": 200})))
    result = check.check_year(tmp_path, 2025)
    yoy = [f for f in result.findings if f.code == "yoy-change"]
    assert [(f.cell, f.value) for f in yoy] == [(cell("CASES.total"), "200")]
    assert "40" in yoy[0].message.ar  # last year's figure is named


def _inputs(tmp_path: Path, extra: dict[str, bytes] | None = None) -> Path:
    inputs = tmp_path / "inputs"
    shutil.copytree(CATALOGUE, inputs / "catalogue")
    shutil.copytree(INPUTS / str(SAMPLE_YEAR), inputs / str(SAMPLE_YEAR))
    for name, data in (extra or {}).items():
        (inputs / str(SAMPLE_YEAR) / name).write_bytes(data)
    return inputs


def _run(inputs: Path, out: Path, year: int | None = SAMPLE_YEAR) -> int:
    args = ["check", "--inputs", str(inputs), "--out", str(out)]
    return main(args + (["--year", str(year)] if year is not None else []))


def test_check_sample_year_passes_and_writes_reports(tmp_path: Path, capsys) -> None:
    inputs = _inputs(tmp_path)
    before = snapshot(inputs)
    assert _run(inputs, tmp_path / "out") == 0
    assert snapshot(inputs) == before
    text = capsys.readouterr().out
    for m in CAT.members:
        assert f"\n{m.code:<8} submitted" in text
    assert "22/22 received, 0 errors" in text
    summary = load_workbook(tmp_path / "out" / "2025" / "check" / "summary.xlsx")
    assert summary.active.sheet_view.rightToLeft
    assert [summary.active.cell(r, 1).value for r in range(4, 26)] == [m.code for m in CAT.members]


def test_check_with_bad_files_exits_1_and_leaves_every_byte(tmp_path: Path, capsys) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    extra = {}
    file_level = [c for c in CASES if c.expected and all(s == "" for s, _, _ in c.expected)
                  and not c.folder]
    assert len(file_level) >= 10
    for c in file_level:  # one damaged file each, under other members' names
        path = c.make(corpus)
        extra[f"X{len(extra)}-2025{path.suffix}"] = path.read_bytes()
        path.unlink()
    bad = workbook({"CASES.total": "=1+1", "VICTIMS.sexage.women": 1})
    extra["PMP-2025.xlsx"] = to_bytes(bad)
    inputs = _inputs(tmp_path, extra)
    (inputs / "2024").mkdir()
    before = snapshot(inputs)
    out = tmp_path / "out"
    assert _run(inputs, out) == 1
    assert _run(inputs, out) == 1  # second run through the cache: same answer
    assert snapshot(inputs) == before
    text = capsys.readouterr().out
    assert "Traceback" not in text
    assert "== PMP" in text and "formula-no-value" in text and "sum-mismatch" in text
    pmp = load_workbook(out / "2025" / "check" / "PMP-feedback.xlsx")
    ws = pmp.active
    assert ws.sheet_view.rightToLeft
    rows = list(ws.iter_rows(min_row=7, values_only=True))
    assert {(r[2], r[3], r[7]) for r in rows} >= {
        ("البيانات", "C7", "formula-no-value"),
        ("البيانات", cell("VICTIMS.sexage.women"), "sum-mismatch")}
    assert rows[0][0].startswith("خطأ")  # errors first


def test_feedback_links_open_the_offending_cell(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path, {"PMP-2025.xlsx": to_bytes(workbook({"CASES.total": -1}))})
    out = tmp_path / "out"
    _run(inputs, out)
    folder = out / "2025" / "check"
    ws = load_workbook(folder / "PMP-feedback.xlsx").active
    links = [ws.cell(r, 4).hyperlink.target for r in range(7, ws.max_row + 1)
             if ws.cell(r, 4).hyperlink]
    assert "../../../inputs/2025/PMP-2025.xlsx#'البيانات'!C7" in links
    for target in links:
        path = target.split("#")[0]
        assert (folder / path).resolve().is_file()


def test_feedback_never_writes_a_formula_from_input(tmp_path: Path) -> None:
    evil = workbook(activities=({"axis": '=HYPERLINK("http://x","y")', "measure": "PREV.1.1",
                                 "title": "t"},))
    inputs = _inputs(tmp_path, {"PMP-2025.xlsx": to_bytes(evil)})
    _run(inputs, tmp_path / "out")
    ws = load_workbook(tmp_path / "out" / "2025" / "check" / "PMP-feedback.xlsx").active
    kinds = {c.data_type for row in ws.iter_rows() for c in row if c.value is not None}
    assert "f" not in kinds


def test_stale_feedback_is_removed(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path, {"HAB-2025.xlsx": to_bytes(workbook({"TRAININGS.total": None},
                                                                   member="HAB"))})
    out = tmp_path / "out"
    assert _run(inputs, out) == 1
    assert (out / "2025" / "check" / "HAB-feedback.xlsx").exists()
    shutil.copy(INPUTS / "2025" / "HAB-2025.xlsx", inputs / "2025" / "HAB-2025.xlsx")
    assert _run(inputs, out) == 0
    assert not (out / "2025" / "check" / "HAB-feedback.xlsx").exists()


@pytest.mark.parametrize("year", [1999, 2031])
def test_missing_year_is_a_usage_error(tmp_path: Path, capsys, year: int) -> None:
    inputs = _inputs(tmp_path)
    assert _run(inputs, tmp_path / "out", year) == 2
    err = capsys.readouterr().err
    assert f"{year}" in err and "Traceback" not in err


def test_missing_inputs_folder_is_a_usage_error(tmp_path: Path, capsys) -> None:
    assert _run(tmp_path / "nowhere", tmp_path / "out", None) == 2
    assert "no such folder" in capsys.readouterr().err


def test_bad_rules_is_a_usage_error(tmp_path: Path, capsys) -> None:
    inputs = _inputs(tmp_path)
    rules = inputs / "catalogue" / "rules.toml"
    rules.write_text(rules.read_text("utf-8").replace('severity = "warning"', 'severity = "meh"',
                                                      1), "utf-8")
    assert _run(inputs, tmp_path / "out") == 2
    assert "severity" in capsys.readouterr().err


def test_cli_reports_usage_error_without_traceback(tmp_path: Path) -> None:
    import subprocess
    import sys

    from report.paths import ROOT as root

    proc = subprocess.run([sys.executable, str(root / "build_report.py"), "check", "--year",
                           "1999", "--out", str(tmp_path)], capture_output=True, text=True,
                          cwd=root, env={**os.environ, "PYTHONPATH": str(root)})
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "1999" in proc.stderr


def test_terminal_text_escapes_control_characters() -> None:
    from report.terminal import shown_name, shown_text
    assert shown_text("a\u202eb\x07") == "a<U+202E>b<U+0007>"
    assert shown_text("ب\u200fج") == "ب\u200fج"  # marks of Arabic messages stay
    assert shown_name("PMP\n-2025\u200f\udcff.xlsx") == "PMP<U+000A>-2025<U+200F><0xFF>.xlsx"
