"""Rows of values -> right-to-left worksheets with Arabic-and-French headings: the pieces the
review workbook, the review log and the change report's workbook share.

Every text may come from a member (comments, activity texts): it is written as plain text,
never as a formula ("=..." stays text), without the control characters a cell cannot hold.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from openpyxl.styles import Alignment, PatternFill
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from report.language.texts import Texts
from report.outputs.feedback import clean
from report.terminal import SURROGATE, shown_name
from report.xlsxprint import font

BOLD = font(bold=True)
TITLE = font(bold=True, size=14)
HEAD_FILL = PatternFill("solid", fgColor="DCE6F1")
INPUT_FILL = PatternFill("solid", fgColor="FFF8E1")
WRAP = Alignment(wrap_text=True, vertical="top", readingOrder=2)


def choice_code(raw: object, codes: Sequence[str], texts: Texts, prefix: str) -> str | None:
    """The code a drop-down cell stands for: the code itself, or its text in Arabic, in
    French or both ("<ar> / <fr>", as the list offers it), whatever the case and spaces;
    None when it is none of them."""
    text = re.sub(r"\s+", " ", str(raw)).strip().casefold()
    for code in codes:
        label = texts.label(f"{prefix}.{code}")
        if text in {code, label.ar, label.fr.casefold(),
                    both(texts, f"{prefix}.{code}", " / ").casefold()}:
            return code
    return None


def both(texts: Texts, key: str, sep: str = "\n", **fields: object) -> str:
    """Arabic, then French, of one text."""
    label = texts.label(key)
    return f"{label.ar.format(**fields)}{sep}{label.fr.format(**fields)}"


def rtl_sheet(ws: Worksheet) -> Worksheet:
    ws.sheet_view.rightToLeft = True
    return ws


def put(ws: Worksheet, row: int, col: int, value: object) -> None:
    """One cell: text as text (never a formula), numbers as numbers; a file name's bytes
    that were not UTF-8 shown as <0xNN>."""
    if isinstance(value, str) and SURROGATE.search(value):
        value = shown_name(value)
    cell = ws.cell(row, col, clean(value))
    if isinstance(value, str):
        cell.data_type = "s"
    cell.alignment = WRAP


def heads(ws: Worksheet, row: int, texts: Texts, keys: Sequence[str],
          widths: Sequence[int]) -> None:
    """A heading row: Arabic above French, and the column widths."""
    for col, (key, width) in enumerate(zip(keys, widths, strict=True), start=1):
        cell = ws.cell(row, col, both(texts, key))
        cell.font, cell.fill, cell.alignment = BOLD, HEAD_FILL, WRAP
        ws.column_dimensions[cell.column_letter].width = width


def rows(ws: Worksheet, first: int, values: Sequence[Sequence[object]]) -> int:
    """Write ``values`` from row ``first``; return the row after the last."""
    for r, line in enumerate(values, start=first):
        for c, v in enumerate(line, start=1):
            put(ws, r, c, v)
    return first + len(values)


def title(ws: Worksheet, text: str, row: int = 1) -> None:
    ws.cell(row, 1, text).font = TITLE


def pages_text(pages: Sequence[int]) -> str:
    """3, 5, 12 -> "3، 5، 12" (Arabic comma): the pages of an item in a cell."""
    return "، ".join(str(p) for p in pages)


def read_stamp(wb: Workbook, sheet: str, cells: Mapping[str, str]) -> dict[str, object]:
    """A returned workbook's stamp: each key of ``cells`` -> the value of its cell (column B,
    row N of ``sheet``), None where the sheet or the cell is missing ({} without the sheet).
    ``wb`` is read-only: its cells are read as rows."""
    if sheet not in wb.sheetnames:
        return {}
    grid = list(wb[sheet].iter_rows(min_row=1, max_row=len(cells), max_col=2,
                                    values_only=True))
    out: dict[str, object] = {}
    for key, ref in cells.items():
        row = int(ref[1:]) - 1
        out[key] = grid[row][1] if row < len(grid) and len(grid[row]) > 1 else None
    return out
