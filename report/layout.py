"""Catalogue + member -> the geometry of that member's workbook.

``init`` writes workbooks with this layout and ``intake`` reads them with it, so the two
can never disagree about which cell holds which figure.
"""

from __future__ import annotations

from dataclasses import dataclass

from report.catalogue import Catalogue, Indicator

TEMPLATE_VERSION = "1"

SHEET_HELP = "تعليمات"
SHEET_DATA = "البيانات"
SHEET_ACTIVITIES = "الأنشطة"
SHEET_STAMP = "_stamp"
SHEETS = (SHEET_HELP, SHEET_DATA, SHEET_ACTIVITIES, SHEET_STAMP)

KEY_COL, LABEL_COL, VALUE_COL, PREVIOUS_COL = "A", "B", "C", "D"
FIRST_DATA_ROW = 6
HEADER_ROW = 5

ACTIVITY_FIELDS = ("axis", "measure", "title", "description", "partners", "beneficiaries", "date")
ACTIVITY_COLS = "ABCDEFG"
ACTIVITY_FIRST_ROW = 3
ACTIVITY_ROWS = 60
STAMP_CELLS = {"template_version": "B1", "year": "B2", "member": "B3"}


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


def workbook_name(member: str, year: int) -> str:
    return f"{member}-{year}.xlsx"
