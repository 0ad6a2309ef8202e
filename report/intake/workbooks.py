"""Catalogue + last year's figures -> one member workbook (``init``, and the sample data).

The workbook is right-to-left, Arabic with French beneath, protected so that only input
cells can be edited (and rows heightened), and every input cell carries a data validation
with an Arabic input message. Each visible sheet prints on one A4 page with its header row,
rows as tall as their lines (report/xlsxprint.py). A very hidden ``_stamp`` sheet says what
the workbook is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, PatternFill, Protection
from openpyxl.utils.datetime import to_excel
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from report.figures.plan import PLAN_STATUSES
from report.intake.layout import (
    ACTIVITY_COLS,
    ACTIVITY_FIELDS,
    ACTIVITY_FIRST_ROW,
    ACTIVITY_HEADER_ROW,
    ACTIVITY_ROWS,
    HEADER_ROW,
    OTHER,
    PLAN_COLS,
    PLAN_FIELDS,
    PLAN_FIRST_ROW,
    PLAN_HEADER_ROW,
    PLAN_INPUTS,
    SHEET_ACTIVITIES,
    SHEET_DATA,
    SHEET_HELP,
    SHEET_LISTS,
    SHEET_PLAN,
    SHEET_STAMP,
    STAMP_CELLS,
    TEMPLATE_VERSION,
    PlanRow,
    Slot,
    activity_col,
    data_slots,
    plan_col,
    plan_rows,
    status_choice,
)
from report.intake.numbers import choice_text
from report.language.texts import load_texts
from report.settings.catalogue import Catalogue, Measure, Member
from report.settings.rules import Rules
from report.xlsxfile import save_workbook
from report.xlsxprint import BASE_SIZE, font, lay_out, scale

BOLD = font(bold=True)
TITLE = font(bold=True, size=14)
INPUT_FILL = PatternFill("solid", fgColor="FFF8E1")
HEAD_FILL = PatternFill("solid", fgColor="DCE6F1")
WRAP = Alignment(wrap_text=True, vertical="top", readingOrder=2)
UNLOCKED = Protection(locked=False)
PREVIOUS_FONT = font(italic=True, color="808080")
# The header row each visible sheet repeats on its printed page (the help has none).
HEADS = {SHEET_HELP: None, SHEET_DATA: HEADER_ROW, SHEET_ACTIVITIES: ACTIVITY_HEADER_ROW,
         SHEET_PLAN: PLAN_HEADER_ROW}

TEXTS = load_texts("workbook")
WIDE_ACTIVITY_COLS = {activity_col(f) for f in ("title", "description", "title" + OTHER,
                                                "description" + OTHER)}


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
    ws.protection.formatRows = False  # a member may heighten a row for a longer text


def _help_sheet(wb: Workbook, member: Member, year: int) -> None:
    ws = wb.active
    ws.title = SHEET_HELP
    _rtl(ws)
    for i, line in enumerate((*_help_lines(), "", f"{member.name.ar} — {year}"), start=1):
        ws.cell(i, 1, line).alignment = WRAP
    ws["A1"].font = TITLE
    _protect(ws)


# The help's text sizes, largest first: the first at which the sheet fits its page unshrunk.
HELP_SIZES = (BASE_SIZE, 10.5, 10.0, 9.5, 9.0)


def _lay_out_help(ws: Worksheet) -> None:
    """The help laid out on one page at 100 %, its text (the title apart) as large as that
    allows. A sheet LibreOffice shrinks to its page is drawn with its Arabic letters spread
    to the shrunken positions, and where it widens a letter it draws a kashida (tatweel) in
    the word, which the PDF carries with no character of its own: the printed text of
    "عليك" reads "ع" and "ليك", a word cut in two for a reader of the PDF, a screen reader
    or a search. The help is prose, one instruction a line, and grows with the
    instructions; the sheets of tables keep their size and shrink instead."""
    for size in HELP_SIZES:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if cell.value is not None:
                    cell.font = font(size=size)
        for dim in ws.row_dimensions.values():
            dim.height = None
        ws.column_dimensions["A"].width = 110
        lay_out(ws, HEADS[SHEET_HELP], one_page=True)
        if scale(ws, ws.page_setup.orientation, one_page=True) >= 1.0:
            return


def _value_validation() -> DataValidation:
    """Every count cell takes a whole number, 0 or more: Excel itself refuses anything else
    (a stop alert). "Not available", distinct from 0 and from blank, is the one choice of the
    cell beside it (``_na_validation``): a list validation would refuse numbers."""
    return DataValidation(
        type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
        showInputMessage=True, showErrorMessage=True, errorStyle="stop",
        promptTitle=TEXTS("data.prompt.title", "ar"), prompt=TEXTS("data.prompt.text", "ar"),
        errorTitle=TEXTS("data.error.title", "ar"), error=TEXTS("data.error.text", "ar"),
    )


def _na_validation() -> DataValidation:
    """The cell beside each count: "not available" from its list, one click, or empty."""
    return DataValidation(
        type="list", formula1=f'"{choice_text()}"', allow_blank=True,
        showInputMessage=True, showErrorMessage=True, errorStyle="stop",
        prompt=TEXTS("data.na_prompt.text", "ar"))


def _data_header(ws: Worksheet, cat: Catalogue, member: Member, year: int) -> None:
    title, year_word = TEXTS.label("data.title"), TEXTS.label("data.year")
    ws["B1"] = f"{title.ar} / {title.fr}"
    ws["B1"].font = TITLE
    ws["B2"] = f"{member.name.ar}\n{member.name.fr}"
    ws["B3"] = f"{year_word.ar} / {year_word.fr}: {year}"
    heads = (_both("data.head.code"), _both("data.head.label"), _both("data.head.value"),
             _both("data.head.previous", year=year - 1), _both("data.head.not_available"))
    for col, text in zip("ABCDE", heads, strict=True):
        cell = ws[f"{col}{HEADER_ROW}"]
        cell.value, cell.font, cell.fill, cell.alignment = text, BOLD, HEAD_FILL, WRAP
    for col, width in zip("ABCDE", (24, 60, 16, 18, 24), strict=True):
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
    dv, na = _value_validation(), _na_validation()
    ws.add_data_validation(dv)
    ws.add_data_validation(na)
    for slot in data_slots(cat, member.code):
        ar, fr = _label_for(cat, slot)
        ws[f"A{slot.row}"] = slot.key
        label = ws[f"B{slot.row}"]
        label.value, label.alignment = f"{ar}\n{fr}", WRAP
        if not slot.is_input:
            label.font = BOLD
            continue
        cell, mark = ws[slot.cell], ws[slot.na_cell]
        value = values.get(slot.key)
        cell.value, mark.value = (None, value) if value == choice_text() else (value, None)
        for c in (cell, mark):
            c.protection, c.fill = UNLOCKED, INPUT_FILL
        dv.add(cell.coordinate)
        na.add(mark.coordinate)
        if slot.key in previous:
            ws[f"D{slot.row}"] = previous[slot.key]
            ws[f"D{slot.row}"].font = PREVIOUS_FONT
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    _protect(ws)


@dataclass(frozen=True)
class Lists:
    """The drop-down lists of the hidden _lists sheet: their items and their ranges."""

    axes: tuple[str, ...]
    measures: tuple[str, ...]
    statuses: tuple[str, ...]

    @staticmethod
    def of(cat: Catalogue) -> Lists:
        return Lists(tuple(f"{a.code} — {a.label.ar}" for a in cat.plan.axes),
                     tuple(f"{m.code} — {m.label.ar}" for m in cat.plan.measures),
                     tuple(status_choice(s) for s in PLAN_STATUSES))

    def ref(self, name: str) -> str:
        col = "ABC"[("axes", "measures", "statuses").index(name)]
        return f"'{SHEET_LISTS}'!${col}$1:${col}${len(getattr(self, name))}"


def _lists_sheet(wb: Workbook, lists: Lists) -> None:
    ws = wb.create_sheet(SHEET_LISTS)
    for col, items in enumerate((lists.axes, lists.measures, lists.statuses), start=1):
        for i, text in enumerate(items, start=1):
            ws.cell(i, col, text)
    ws.sheet_state = "hidden"
    _protect(ws)


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
    for cols, key in (("C:D", "text"), ("E:E", "partners"), ("F:F", "beneficiaries"),
                      ("H:K", "other")):
        text = DataValidation(type="textLength", operator="lessThanOrEqual",
                              formula1=str(max_text), showInputMessage=True, prompt=prompt(key))
        ws.add_data_validation(text)
        first, end = cols.split(":")
        text.add(f"{first}{ACTIVITY_FIRST_ROW}:{end}{last}")


def _activities_sheet(wb: Workbook, lists: Lists, year: int,
                      rows: Sequence[Mapping[str, object]], max_text: int) -> None:
    ws = wb.create_sheet(SHEET_ACTIVITIES)
    _rtl(ws)
    title = TEXTS.label("activities.title")
    ws["A1"] = f"{title.ar} / {title.fr}"
    ws["A1"].font = TITLE
    for col, key in zip(ACTIVITY_COLS, ACTIVITY_FIELDS, strict=True):
        head = TEXTS.label(f"activities.head.{key}")
        cell = ws[f"{col}{ACTIVITY_HEADER_ROW}"]
        cell.value, cell.font, cell.fill, cell.alignment = head.ar + "\n" + head.fr, BOLD, \
            HEAD_FILL, WRAP
        ws.column_dimensions[col].width = 40 if col in WIDE_ACTIVITY_COLS else 22
    for r in range(ACTIVITY_FIRST_ROW, ACTIVITY_FIRST_ROW + ACTIVITY_ROWS):
        for col in ACTIVITY_COLS:
            ws[f"{col}{r}"].protection = UNLOCKED
            ws[f"{col}{r}"].alignment = WRAP
        ws[f"G{r}"].number_format = "yyyy-mm-dd"
    for r, act in enumerate(rows, start=ACTIVITY_FIRST_ROW):
        for col, key in zip(ACTIVITY_COLS, ACTIVITY_FIELDS, strict=True):
            ws[f"{col}{r}"] = act.get(key)
    _activity_validations(ws, year, lists.ref("axes"), lists.ref("measures"), max_text)
    _protect(ws)


def _number(value: float, unit: str) -> str:
    return f"{value:g}" + ("%" if unit == "percent" else "")


def _level(value: float, unit: str, year: int) -> str:
    """A level of an indicator with its year, as the plan sheet shows it: "45% (2022)"."""
    return f"{_number(value, unit)} ({year})"


def _plan_header(ws: Worksheet, member: Member, year: int) -> None:
    title, intro = TEXTS.label("plan.title"), TEXTS.label("plan.intro")
    ws["A1"] = f"{title.ar} / {title.fr}"
    ws["A1"].font = TITLE
    ws["A2"] = f"{member.name.ar} — {year}"
    ws["A3"], ws["A4"] = intro.ar, intro.fr  # one line each, running over the empty cells
    for col, key in zip(PLAN_COLS, PLAN_FIELDS, strict=True):
        cell = ws[f"{col}{PLAN_HEADER_ROW}"]
        cell.value = _both(f"plan.head.{key}", year=year - 1 if key == "previous" else year)
        cell.font, cell.fill, cell.alignment = BOLD, HEAD_FILL, WRAP
    for col, width in zip(PLAN_COLS, (10, 48, 40, 14, 14, 22, 16, 44, 24, 44), strict=True):
        ws.column_dimensions[col].width = width


def _plan_validations(ws: Worksheet, rows: tuple[PlanRow, ...], cat: Catalogue, status_ref: str,
                      max_text: int) -> None:
    def prompt(key: str, **fields: object) -> str:
        return TEXTS(f"plan.prompt.{key}", "ar").format(**fields)

    def add(dv: DataValidation, cells: list[str]) -> None:
        dv.showInputMessage = dv.showErrorMessage = True
        dv.promptTitle, dv.errorTitle = TEXTS("activities.prompt.title", "ar"), \
            TEXTS("activities.prompt.error_title", "ar")
        dv.error = dv.prompt
        ws.add_data_validation(dv)
        for cell in cells:
            dv.add(cell)

    add(DataValidation(type="list", formula1=status_ref, prompt=prompt("status")),
        [r.cell("status") for r in rows])
    by_bound: dict[tuple[str, float | None], list[str]] = {}
    for r in rows:
        ind = _measure(cat, r).indicator
        by_bound.setdefault((ind.unit, ind.upper), []).append(r.cell("value"))
    for (unit, upper), cells in by_bound.items():
        if unit == "percent":
            dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="100",
                                prompt=prompt("percent"))
        elif upper is None:
            dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0",
                                prompt=prompt("count"))
        else:
            limit = f"{upper:g}"
            dv = DataValidation(type="whole", operator="between", formula1="0", formula2=limit,
                                prompt=prompt("count_max", limit=limit))
        add(dv, cells)
    for key in ("comment", "comment" + OTHER):
        add(DataValidation(type="textLength", operator="lessThanOrEqual", formula1=str(max_text),
                           prompt=prompt(key, limit=max_text)),
            [r.cell(key) for r in rows])


def _measure(cat: Catalogue, row: PlanRow) -> Measure:
    measure = cat.plan.measure(row.measure)
    assert measure is not None  # plan_rows gives the catalogue's own measures
    return measure


def _previous_text(previous: tuple[str, float | None] | None, unit: str) -> str | None:
    """Last year's status and value: "في طور الإنجاز — 45%"."""
    if previous is None:
        return None
    status, value = previous
    label = load_texts("plan").label(f"status.{status}").ar
    return label if value is None else f"{label} — {_number(value, unit)}"


def _plan_sheet(wb: Workbook, cat: Catalogue, member: Member, year: int, status_ref: str,
                filled: Mapping[str, Mapping[str, object]],
                previous: Mapping[str, tuple[str, float | None]], max_text: int) -> None:
    rows = plan_rows(cat, member.code, year)
    if not rows:
        return
    ws = wb.create_sheet(SHEET_PLAN)
    _rtl(ws)
    _plan_header(ws, member, year)
    for r in rows:
        m = _measure(cat, r)
        ind = m.indicator
        unit = TEXTS.label(f"plan.unit.{ind.unit}")
        target, target_year = m.target_for(year)
        shown = {"measure": m.code, "label": f"{m.label.ar}\n{m.label.fr}",
                 "indicator": f"{ind.label.ar} ({unit.ar})\n{ind.label.fr} ({unit.fr})",
                 "baseline": _level(ind.baseline, ind.unit, ind.baseline_year),
                 "target": _level(target, ind.unit, target_year),
                 "previous": _previous_text(previous.get(m.code), ind.unit),
                 **{k: filled.get(m.code, {}).get(k) for k in PLAN_INPUTS}}
        for key, value in shown.items():
            cell = ws[r.cell(key)]
            cell.value, cell.alignment = value, WRAP
            if key in PLAN_INPUTS:
                cell.protection, cell.fill = UNLOCKED, INPUT_FILL
        ws[r.cell("previous")].font = PREVIOUS_FONT
    _plan_validations(ws, rows, cat, status_ref, max_text)
    ws.freeze_panes = f"{plan_col('label')}{PLAN_FIRST_ROW}"
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
                   previous: Mapping[str, int] | None = None,
                   plan: Mapping[str, Mapping[str, object]] | None = None,
                   previous_plan: Mapping[str, tuple[str, float | None]] | None = None,
                   ) -> Workbook:
    """The member's workbook for ``year``: blank unless ``values``/``activities``/``plan``
    (measure -> status, value, comment as typed) are given. ``previous``/``previous_plan``:
    last year's national figures and plan statuses (measure -> (status, value)), shown for
    reference. ``rules`` gives the limits the workbook announces (text length)."""
    wb = Workbook()
    lists = Lists.of(cat)
    max_text = rules.limits.max_text_chars
    _help_sheet(wb, member, year)
    _data_sheet(wb, cat, member, year, values or {}, previous or {})
    _activities_sheet(wb, lists, year, activities, max_text)
    _plan_sheet(wb, cat, member, year, lists.ref("statuses"), plan or {}, previous_plan or {},
                max_text)
    _lists_sheet(wb, lists)
    _stamp_sheet(wb, member, year)
    _lay_out_help(wb[SHEET_HELP])
    for name, head in HEADS.items():
        if name != SHEET_HELP and name in wb.sheetnames:
            lay_out(wb[name], head, one_page=True)
    fixed = dt.datetime(year, 1, 1)
    wb.properties.created = wb.properties.modified = fixed
    wb.properties.creator = "CNCLT"
    wb.security = WorkbookProtection(lockStructure=True)  # no renaming, hiding or adding sheets
    return wb


def save_member_workbook(wb: Workbook, path: Path) -> None:
    """Write atomically, with fixed zip dates: the same workbook content always gives the
    same bytes."""
    save_workbook(wb, path, wb.properties.created)
