"""Findings -> feedback workbooks: one per member, ready to send back, plus the summary.

Right-to-left sheets, Arabic and French columns, one row per finding with a hyperlink
to the offending cell of the member's workbook; each sheet prints one A4 page wide with its
header row on every page, rows as tall as their lines (report/xlsxprint.py). Every value
shown comes from untrusted input, so it is written as plain text (never a formula) without
control characters.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from report.findings import Finding, count
from report.label import Label
from report.language.texts import load_texts
from report.terminal import SURROGATE
from report.xlsxfile import save_workbook
from report.xlsxprint import font, lay_out

BOLD = font(bold=True)
TITLE = font(bold=True, size=14)
LINK = font(color="0563C1", underline="single")
HEAD_FILL = PatternFill("solid", fgColor="DCE6F1")
ERROR_FILL = PatternFill("solid", fgColor="F8D7DA")
WARNING_FILL = PatternFill("solid", fgColor="FFF3CD")
WRAP = Alignment(wrap_text=True, vertical="top", readingOrder=2)
TEXTS = load_texts("feedback")
# Columns narrow enough that a finding prints, landscape, at about full size (a column
# widens to its longest word by itself: report/xlsxprint.py).
WIDTHS = {"severity": 16, "file": 16, "sheet": 12, "cell": 8, "value": 14, "message_ar": 36,
          "message_fr": 32, "code": 16, "member": 8}
FINDING_COLUMNS = ("severity", "file", "sheet", "cell", "value", "message_ar", "message_fr",
                   "code")
SUMMARY_WIDTHS = {"code": 10, "name_ar": 36, "name_fr": 30, "status": 16, "files": 20,
                  "errors": 10, "warnings": 10, "not_available": 14, "feedback": 20}
FEEDBACK_COLUMN = tuple(SUMMARY_WIDTHS).index("feedback") + 1


def _heads_of(prefix: str, keys: Sequence[str], widths: Mapping[str, int]
              ) -> tuple[tuple[str, str, int], ...]:
    return tuple((TEXTS(f"{prefix}.{k}", "ar"), TEXTS(f"{prefix}.{k}", "fr"), widths[k])
                 for k in keys)


def _both(key: str, sep: str = " / ") -> str:
    label = TEXTS.label(key)
    return f"{label.ar}{sep}{label.fr}"


@dataclass(frozen=True)
class MemberStatus:
    """One line of the summary table."""

    code: str
    name: Label
    status: str  # submitted | rejected | unusable | missing
    files: tuple[str, ...]
    errors: int
    warnings: int
    not_available: int = 0  # cells marked "not available"


def clean(value: object) -> object:
    """Untrusted text made safe for a cell: no control characters, no byte of a file name
    that was not UTF-8, never a formula."""
    if not isinstance(value, str):
        return value
    return SURROGATE.sub("\ufffd", ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))


def _put(ws: Worksheet, row: int, col: int, value: object) -> None:
    cell = ws.cell(row, col, clean(value))
    if isinstance(value, str):
        cell.data_type = "s"  # a value starting with "=" stays text
    cell.alignment = WRAP


def link_target(finding: Finding, workbook: Path | None, start: Path) -> str | None:
    """Relative hyperlink from ``start`` to the finding's cell, e.g. ../x/PMP-2025.xlsx#'S'!C7."""
    if workbook is None or not workbook.exists():
        return None
    rel = Path(os.path.relpath(workbook, start)).as_posix()
    if finding.sheet and finding.cell:
        return f"{rel}#'{finding.sheet}'!{finding.cell}"
    return rel


def _heads(ws: Worksheet, row: int, heads: Sequence[tuple[str, str, int]], first: int = 1) -> None:
    for i, (ar, fr, width) in enumerate(heads, start=first):
        cell = ws.cell(row, i, f"{ar}\n{fr}".strip())
        cell.font, cell.fill, cell.alignment = BOLD, HEAD_FILL, WRAP
        ws.column_dimensions[cell.column_letter].width = width


def _finding_rows(ws: Worksheet, findings: Sequence[Finding], row: int, first: int,
                  link: Callable[[Finding], str | None]) -> int:
    for f in findings:
        sev = TEXTS.labels.get(f"severity.{f.severity}", Label(f.severity, f.severity))
        values = (f"{sev.ar} / {sev.fr}", f.file, f.sheet, f.cell, f.value, f.message.ar,
                  f.message.fr, f.code)
        for i, v in enumerate(values, start=first):
            _put(ws, row, i, v)
        ws.cell(row, first).fill = ERROR_FILL if f.is_error else WARNING_FILL
        target = link(f)
        if target:
            cell = ws.cell(row, first + 3)
            cell.value = clean(f.cell or f.file)
            cell.data_type = "s"
            cell.hyperlink, cell.font = target, LINK
        row += 1
    return row


def feedback_workbook(member: Label, code: str, year: int, findings: Sequence[Finding],
                      link: Callable[[Finding], str | None]) -> Workbook:
    """One member's findings, errors first, each linked to its cell."""
    wb = Workbook()
    ws = wb.active
    ws.title = TEXTS("sheet.findings", "ar")
    ws.sheet_view.rightToLeft = True
    errors, warnings = count(findings)
    ws["A1"] = TEXTS("title.member_ar", "ar").format(year=year, member=member.ar, code=code)
    ws["A1"].font = TITLE
    ws["A2"] = TEXTS("title.member_fr", "fr").format(year=year, member=member.fr, code=code)
    ws["A3"] = f"{_both('counts.errors')}: {errors}    {_both('counts.warnings')}: {warnings}"
    ws["A4"] = _both("note")
    ws["A4"].alignment = WRAP
    ws.merge_cells("A4:H4")
    _heads(ws, 6, _heads_of("head", FINDING_COLUMNS, WIDTHS))
    ordered = sorted(findings, key=lambda f: (not f.is_error, f.sort_key))
    last = _finding_rows(ws, ordered, 7, 1, link)
    ws.freeze_panes = "A7"
    ws.auto_filter.ref = f"A6:H{max(last - 1, 6)}"
    lay_out(ws, 6)
    return wb


def summary_workbook(year: int, rows: Sequence[MemberStatus], findings: Sequence[Finding],
                     link: Callable[[Finding], str | None],
                     feedback_name: Callable[[str], str | None]) -> Workbook:
    """The secretariat's view: who sent what, and every finding."""
    wb = Workbook()
    ws = wb.active
    ws.title = TEXTS("sheet.members", "ar")
    ws.sheet_view.rightToLeft = True
    title = TEXTS.label("title.summary")
    ws["A1"] = f"{title.ar.format(year=year)} / {title.fr.format(year=year)}"
    ws["A1"].font = TITLE
    _heads(ws, 3, _heads_of("summary", tuple(SUMMARY_WIDTHS), SUMMARY_WIDTHS))
    for r, m in enumerate(rows, start=4):
        st = TEXTS.label(f"status.{m.status}")
        values = (m.code, m.name.ar, m.name.fr, f"{st.ar} / {st.fr}", ", ".join(m.files),
                  m.errors, m.warnings, m.not_available, feedback_name(m.code) or "")
        for i, v in enumerate(values, start=1):
            _put(ws, r, i, v)
        if feedback_name(m.code):
            link_cell = ws.cell(r, FEEDBACK_COLUMN)
            link_cell.hyperlink, link_cell.font = feedback_name(m.code), LINK
    ws["A2"] = _both("summary_note.not_available")
    ws["A2"].alignment = WRAP  # across the table: longer than the page is wide
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(SUMMARY_WIDTHS))
    ws.freeze_panes = "A4"
    all_ws = wb.create_sheet(TEXTS("sheet.all_findings", "ar"))
    all_ws.sheet_view.rightToLeft = True
    _heads(all_ws, 1, _heads_of("head", ("member", *FINDING_COLUMNS), WIDTHS))
    for r, f in enumerate(findings, start=2):
        _put(all_ws, r, 1, f.member)
    last = _finding_rows(all_ws, findings, 2, 2, link)
    all_ws.freeze_panes = "A2"
    all_ws.auto_filter.ref = f"A1:I{max(last - 1, 1)}"
    lay_out(ws, 3)
    lay_out(all_ws, 1)
    return wb


def save(wb: Workbook, path: Path) -> None:
    """Write atomically (temp file + rename)."""
    save_workbook(wb, path)
