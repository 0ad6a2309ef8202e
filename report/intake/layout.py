"""Catalogue + member -> the geometry of that member's workbook.

``init`` writes workbooks with this layout and ``intake`` reads them with it, so the two
can never disagree about which cell holds which figure.
"""

from __future__ import annotations

from dataclasses import dataclass

from report.language.texts import load_texts
from report.settings.catalogue import Catalogue, Indicator

# The workbook template's version, written into every workbook's stamp. Raise it whenever
# the cells init writes change for a reader (2: the national plan sheet; 3: the "not
# available" choice in every count cell's list; 4: count cells take whole numbers only,
# Excel refusing text, and "not available" is the one choice of a list in the cell beside
# each, column E; and the optional columns where a member gives its texts in the other
# language); not for how they print (page setup, row heights, column widths, fonts), which
# no reader sees.
TEMPLATE_VERSION = "4"
# Versions this reader understands: the same data and activities sheets, rows and cells
# (which sheets a member's workbook must have is template_sheets' rule). Last year's
# workbooks (read for the year-on-year rule and the previous-year column) keep being read;
# "not available" in the count cell itself (version 3) is still read as such.
READABLE_VERSIONS = ("1", "2", "3", "4")
OTHER_LANGUAGE_VERSION = "4"  # from this version on, the other-language columns are read

SHEET_HELP = "تعليمات"
SHEET_DATA = "البيانات"
SHEET_ACTIVITIES = "الأنشطة"
SHEET_PLAN = "الخطة الوطنية"  # only in the workbooks of members that lead a measure
SHEET_LISTS = "_lists"
SHEET_STAMP = "_stamp"
SHEETS = (SHEET_HELP, SHEET_DATA, SHEET_ACTIVITIES, SHEET_PLAN, SHEET_LISTS, SHEET_STAMP)

KEY_COL, LABEL_COL, VALUE_COL, PREVIOUS_COL = "A", "B", "C", "D"
NA_COL = "E"  # version 4: the "not available" choice of each count cell
FIRST_DATA_ROW = 6
HEADER_ROW = 5

# The texts a member writes, each in Arabic or French; the "_other" columns (optional,
# version 4) hold the same text in the other language, after the columns of version 3.
ACTIVITY_TEXTS = ("title", "description", "partners", "beneficiaries")
OTHER = "_other"
ACTIVITY_FIELDS = ("axis", "measure", "title", "description", "partners", "beneficiaries", "date",
                   *(f + OTHER for f in ACTIVITY_TEXTS))
ACTIVITY_COLS = "ABCDEFGHIJK"
ACTIVITY_HEADER_ROW = 2
ACTIVITY_FIRST_ROW = 3
ACTIVITY_ROWS = 60
STAMP_CELLS = {"template_version": "B1", "year": "B2", "member": "B3"}

# The plan sheet: one row per measure the member leads (its period begun), found by the
# measure's code in column A; the member fills status, value and comment.
PLAN_FIELDS = ("measure", "label", "indicator", "baseline", "target", "status", "value",
               "comment", "previous", "comment" + OTHER)
PLAN_COLS = "ABCDEFGHIJ"
PLAN_INPUTS = ("status", "value", "comment", "comment" + OTHER)
PLAN_HEADER_ROW = 5
PLAN_FIRST_ROW = 6
PLAN_READ_ROWS = 200  # rows read below the header: a row added by hand is found and reported
# The statuses a lead chooses from (drop-down), from not started to done; their words are in
# templates/text/plan.toml.


@dataclass(frozen=True)
class Slot:
    """One row of the data sheet. Input rows have ``is_input``; others are headings."""

    row: int
    key: str
    indicator: str
    dimension: str | None = None
    category: str | None = None
    is_input: bool = False

    @property
    def cell(self) -> str:
        return f"{VALUE_COL}{self.row}"

    @property
    def na_cell(self) -> str:
        return f"{NA_COL}{self.row}"


def _slots_for(ind: Indicator, row: int) -> list[Slot]:
    slots = [Slot(row, ind.code, ind.code),
             Slot(row + 1, f"{ind.code}.total", ind.code, is_input=True)]
    row += 2
    for b in ind.breakdowns:
        dim = b.dimension.code
        slots.append(Slot(row, f"{ind.code}.{dim}", ind.code, dim))
        row += 1
        for c in b.dimension.categories:
            slots.append(Slot(row, f"{ind.code}.{dim}.{c.code}", ind.code, dim, c.code, True))
            row += 1
    return slots


def data_slots(cat: Catalogue, member: str) -> tuple[Slot, ...]:
    """Every row of ``member``'s data sheet, in order; a blank row separates indicators."""
    slots: list[Slot] = []
    row = FIRST_DATA_ROW
    for ind in cat.indicators_of(member):
        block = _slots_for(ind, row)
        slots += block
        row = block[-1].row + 2
    return tuple(slots)


def readable_version(version: str) -> bool:
    return version in READABLE_VERSIONS


def has_other_language(version: object) -> bool:
    """Whether a workbook of this template version has the other-language columns."""
    text = str(version).strip()
    return text.isdigit() and int(text) >= int(OTHER_LANGUAGE_VERSION)


def activity_col(field: str) -> str:
    """The column of an activity field: activity_col("title_other") == "H"."""
    return ACTIVITY_COLS[ACTIVITY_FIELDS.index(field)]


def workbook_name(member: str, year: int) -> str:
    return f"{member}-{year}.xlsx"


def plan_col(field: str) -> str:
    """The column of a plan sheet field: plan_col("status") == "F"."""
    return PLAN_COLS[PLAN_FIELDS.index(field)]


@dataclass(frozen=True)
class PlanRow:
    """One row of the plan sheet: the measure it reports on."""

    row: int
    measure: str

    def cell(self, field: str) -> str:
        return f"{plan_col(field)}{self.row}"


def plan_rows(cat: Catalogue, member: str, year: int) -> tuple[PlanRow, ...]:
    """The plan sheet's rows: the measures ``member`` leads whose period has begun by
    ``year``, in plan order. Empty: the member's workbook has no plan sheet."""
    return tuple(PlanRow(PLAN_FIRST_ROW + i, m.code)
                 for i, m in enumerate(cat.plan.led_by(member, year)))


def template_sheets(cat: Catalogue, member: str, year: int) -> tuple[str, ...]:
    """The visible sheets of ``member``'s workbook for ``year``."""
    plan = (SHEET_PLAN,) if plan_rows(cat, member, year) else ()
    return (SHEET_HELP, SHEET_DATA, SHEET_ACTIVITIES, *plan)


def status_choice(status: str) -> str:
    """The drop-down text of a status: "في طور الإنجاز / En cours"."""
    label = load_texts("plan").label(f"status.{status}")
    return f"{label.ar} / {label.fr}"
