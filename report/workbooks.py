"""Catalogue + last year's figures -> one member workbook (``init``, and the sample data).

The workbook is right-to-left, Arabic with French beneath, protected so that only input
cells can be edited, and every input cell carries a data validation with an Arabic
input message. A very hidden ``_stamp`` sheet says what the workbook is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils.datetime import to_excel
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from report.catalogue import Catalogue, Member
from report.findings import Rules
from report.layout import (
    ACTIVITY_COLS,
    ACTIVITY_FIELDS,
    ACTIVITY_FIRST_ROW,
    ACTIVITY_ROWS,
    HEADER_ROW,
    SHEET_ACTIVITIES,
    SHEET_DATA,
    SHEET_HELP,
    SHEET_STAMP,
    STAMP_CELLS,
    TEMPLATE_VERSION,
    Slot,
    data_slots,
)
from report.texts import load_texts
from report.xlsxfile import save_workbook

SHEET_LISTS = "_lists"
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
INPUT_FILL = PatternFill("solid", fgColor="FFF8E1")
HEAD_FILL = PatternFill("solid", fgColor="DCE6F1")
WRAP = Alignment(wrap_text=True, vertical="top", readingOrder=2)
UNLOCKED = Protection(locked=False)
PREVIOUS_FONT = Font(italic=True, color="808080")

TEXTS = load_texts("workbook")


def _help_lines() -> tuple[str, ...]:
    title, steps = TEXTS.label("help.title"), TEXTS.label("help.instructions")
    return (title.ar, title.fr, "", *steps.ar.splitlines(), "", *steps.fr.splitlines())


def _both(key: str, **fields: object) -> str:
    """Arabic, then French beneath, in one cell."""
    label = TEXTS.label(key)
    return f"{label.ar.format(**fields)}\n{label.fr.format(**fields)}"


def _rtl(ws: Worksheet) -> None:
    ws.sheet_view.rightToLeft = True


def _protect(ws: Worksheet) -> None:
    ws.protection.sheet = True  # no password: members can read everything
    ws.protection.formatCells = False
    ws.protection.formatColumns = False


def _help_sheet(wb: Workbook, member: Member, year: int) -> None:
    ws = wb.active
    ws.title = SHEET_HELP
    _rtl(ws)
    ws.column_dimensions["A"].width = 110
    for i, line in enumerate((*_help_lines(), "", f"{member.name.ar} — {year}"), start=1):
        ws.cell(i, 1, line).alignment = WRAP
    ws["A1"].font = TITLE
    _protect(ws)


def _value_validation() -> DataValidation:
    return DataValidation(
        type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=False,
        showInputMessage=True, showErrorMessage=True,
        promptTitle=TEXTS("data.prompt.title", "ar"), prompt=TEXTS("data.prompt.text", "ar"),
        errorTitle=TEXTS("data.prompt.error_title", "ar"), error=TEXTS("data.prompt.error", "ar"),
    )


def _data_header(ws: Worksheet, cat: Catalogue, member: Member, year: int) -> None:
    title, year_word = TEXTS.label("data.title"), TEXTS.label("data.year")
    ws["B1"] = f"{title.ar} / {title.fr}"
    ws["B1"].font = TITLE
    ws["B2"] = f"{member.name.ar}\n{member.name.fr}"
    ws["B3"] = f"{year_word.ar} / {year_word.fr}: {year}"
    heads = (_both("data.head.code"), _both("data.head.label"), _both("data.head.value"),
             _both("data.head.previous", year=year - 1))
    for col, text in zip("ABCD", heads, strict=True):
        cell = ws[f"{col}{HEADER_ROW}"]
        cell.value, cell.font, cell.fill, cell.alignment = text, BOLD, HEAD_FILL, WRAP
    for col, width in zip("ABCD", (24, 60, 16, 18), strict=True):
        ws.column_dimensions[col].width = width


def _label_for(cat: Catalogue, slot: Slot) -> tuple[str, str]:
    ind = cat.indicator(slot.indicator)
    if slot.dimension is None:
        total = TEXTS.label("data.total")
        return (ind.label.ar, ind.label.fr) if not slot.is_input else (total.ar, total.fr)
    dim = cat.dimensions[slot.dimension]
    if slot.category is None:
        rule = next(b.rule for b in ind.breakdowns if b.dimension.code == dim.code)
        hint = TEXTS.label(f"data.rule.{rule}")
        return f"{dim.label.ar} ({hint.ar})", f"{dim.label.fr} ({hint.fr})"
    cat_ = next(c for c in dim.categories if c.code == slot.category)
    return cat_.label.ar, cat_.label.fr


def _data_sheet(wb: Workbook, cat: Catalogue, member: Member, year: int,
                values: Mapping[str, object], previous: Mapping[str, int]) -> None:
    ws = wb.create_sheet(SHEET_DATA)
    _rtl(ws)
    _data_header(ws, cat, member, year)
    dv = _value_validation()
    ws.add_data_validation(dv)
    for slot in data_slots(cat, member.code):
        ar, fr = _label_for(cat, slot)
        ws[f"A{slot.row}"] = slot.key
        label = ws[f"B{slot.row}"]
        label.value, label.alignment = f"{ar}\n{fr}", WRAP
        if not slot.is_input:
            label.font = BOLD
            continue
        cell = ws[slot.cell]
        cell.value = values.get(slot.key)
        cell.protection, cell.fill = UNLOCKED, INPUT_FILL
        dv.add(cell.coordinate)
        if slot.key in previous:
            ws[f"D{slot.row}"] = previous[slot.key]
            ws[f"D{slot.row}"].font = PREVIOUS_FONT
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    _protect(ws)




def _lists_sheet(wb: Workbook, cat: Catalogue) -> tuple[str, str]:
    ws = wb.create_sheet(SHEET_LISTS)
    axes = [f"{a.code} — {a.label.ar}" for a in cat.plan.axes]
    measures = [f"{m.code} — {m.label.ar}" for a in cat.plan.axes for m in a.measures]
    for i, text in enumerate(axes, start=1):
        ws.cell(i, 1, text)
    for i, text in enumerate(measures, start=1):
        ws.cell(i, 2, text)
    ws.sheet_state = "hidden"
    _protect(ws)
    return (f"'{SHEET_LISTS}'!$A$1:$A${len(axes)}", f"'{SHEET_LISTS}'!$B$1:$B${len(measures)}")


def _activity_validations(ws: Worksheet, year: int, axis_ref: str, measure_ref: str,
                          max_text: int) -> None:
    last = ACTIVITY_FIRST_ROW + ACTIVITY_ROWS - 1
    first_day, last_day = (str(int(to_excel(dt.datetime(year, m, d))))
                           for m, d in ((1, 1), (12, 31)))

    def prompt(key: str) -> str:
        return TEXTS(f"activities.prompt.{key}", "ar").format(year=year, limit=max_text)

    specs = (
        ("A", DataValidation(type="list", formula1=axis_ref, prompt=prompt("axis"))),
        ("B", DataValidation(type="list", formula1=measure_ref, prompt=prompt("measure"))),
        ("G", DataValidation(type="date", operator="between", formula1=first_day,
                             formula2=last_day, prompt=prompt("date"))),
    )
    for col, dv in specs:
        dv.showInputMessage = dv.showErrorMessage = True
        dv.promptTitle, dv.errorTitle, dv.error = prompt("title"), prompt("error_title"), \
            dv.prompt
        ws.add_data_validation(dv)
        dv.add(f"{col}{ACTIVITY_FIRST_ROW}:{col}{last}")
    text = DataValidation(type="textLength", operator="lessThanOrEqual", formula1=str(max_text),
                          showInputMessage=True, prompt=prompt("text"))
    ws.add_data_validation(text)
    text.add(f"C{ACTIVITY_FIRST_ROW}:F{last}")


def _activities_sheet(wb: Workbook, cat: Catalogue, year: int,
                      rows: Sequence[Mapping[str, object]], max_text: int) -> None:
    ws = wb.create_sheet(SHEET_ACTIVITIES)
    _rtl(ws)
    title = TEXTS.label("activities.title")
    ws["A1"] = f"{title.ar} / {title.fr}"
    ws["A1"].font = TITLE
    for col, key in zip(ACTIVITY_COLS, ACTIVITY_FIELDS, strict=True):
        head = TEXTS.label(f"activities.head.{key}")
        cell = ws[f"{col}2"]
        cell.value, cell.font, cell.fill, cell.alignment = head.ar + "\n" + head.fr, BOLD, \
            HEAD_FILL, WRAP
        ws.column_dimensions[col].width = 40 if col in "CD" else 22
    for r in range(ACTIVITY_FIRST_ROW, ACTIVITY_FIRST_ROW + ACTIVITY_ROWS):
        for col in ACTIVITY_COLS:
            ws[f"{col}{r}"].protection = UNLOCKED
            ws[f"{col}{r}"].alignment = WRAP
        ws[f"G{r}"].number_format = "yyyy-mm-dd"
    for r, act in enumerate(rows, start=ACTIVITY_FIRST_ROW):
        for col, key in zip(ACTIVITY_COLS, ACTIVITY_FIELDS, strict=True):
            ws[f"{col}{r}"] = act.get(key)
    _activity_validations(ws, year, *_lists_sheet(wb, cat), max_text)
    _protect(ws)


def _stamp_sheet(wb: Workbook, member: Member, year: int) -> None:
    ws = wb.create_sheet(SHEET_STAMP)
    for key, ref in STAMP_CELLS.items():
        ws[f"A{ref[1:]}"] = key
    ws[STAMP_CELLS["template_version"]] = TEMPLATE_VERSION
    ws[STAMP_CELLS["year"]] = year
    ws[STAMP_CELLS["member"]] = member.code
    ws.sheet_state = "veryHidden"
    _protect(ws)


def build_workbook(cat: Catalogue, rules: Rules, member: Member, year: int, *,
                   values: Mapping[str, object] | None = None,
                   activities: Sequence[Mapping[str, object]] = (),
                   previous: Mapping[str, int] | None = None) -> Workbook:
    """The member's workbook for ``year``: blank unless ``values``/``activities`` are given.
    ``rules`` gives the limits the workbook announces (text length)."""
    wb = Workbook()
    _help_sheet(wb, member, year)
    _data_sheet(wb, cat, member, year, values or {}, previous or {})
    _activities_sheet(wb, cat, year, activities, rules.limits.max_text_chars)
    _stamp_sheet(wb, member, year)
    fixed = dt.datetime(year, 1, 1)
    wb.properties.created = wb.properties.modified = fixed
    wb.properties.creator = "CNCLT"
    wb.security = WorkbookProtection(lockStructure=True)  # no renaming, hiding or adding sheets
    return wb


def save_member_workbook(wb: Workbook, path: Path) -> None:
    """Write atomically, with fixed zip dates: the same workbook content always gives the
    same bytes."""
    save_workbook(wb, path, wb.properties.created)
