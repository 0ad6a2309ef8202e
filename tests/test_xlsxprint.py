"""xlsxprint: text widths and line counts estimated wide, rows as tall as their lines, columns
as wide as their longest word and no wider than the page, each text's direction, and the
page setup every workbook's sheets get (A4, one page wide, header row, print area, margins,
footer). What a real program makes of it: tests/test_xlsxprint_libreoffice.py."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook
from openpyxl.styles import Alignment

from report.xlsxfile import workbook_bytes
from report.xlsxprint import (
    DEFAULT_WIDTH,
    FONT_NAME,
    LINE,
    UNIT,
    Face,
    column_limit,
    direction,
    font,
    lay_out,
    line_count,
    text_width,
)

WRAP = Alignment(wrap_text=True, vertical="top")
LABEL = "قضايا الاتجار بالبشر المسجلة\nAffaires de traite des êtres humains enregistrées"


def sheet(rtl: bool = True) -> Workbook:
    wb = Workbook()
    wb.active.sheet_view.rightToLeft = rtl
    return wb


def test_widths_grow_with_the_text_its_weight_and_size() -> None:
    assert text_width("") == 0
    assert text_width("iiii") < text_width("MMMM")
    assert text_width("Total", Face(bold=True)) > text_width("Total")
    assert text_width("Total", Face(size=14)) == pytest.approx(text_width("Total") * 14 / 11)
    # Calibri's digits are 0.507 em: ten at 11 pt take about 56 pt
    assert 55 < text_width("0123456789") < 60
    # a face left to the program (no name) is estimated wider
    assert text_width("Total", Face(named=False)) > text_width("Total")
    assert text_width("المجموع") > text_width("ـ")


@pytest.mark.parametrize(("text", "width", "lines"), [
    ("Total", 50, 1),
    ("المجموع\nTotal", 100, 2),  # each line break kept
    ("un deux trois quatre cinq six sept", 60, 4),  # wrapped at spaces
    ("CONVICTED.nationality.foreign", 60, 3),  # one word wider than the column: broken
    ("", 50, 1),
])
def test_line_count(text: str, width: float, lines: int) -> None:
    assert line_count(text, width) == lines


@pytest.mark.parametrize(("text", "order"), [
    ("المجموع\nTotal", 2), ("Total (المجموع)", 1), ("2025 — السنة", 2), ("C7", 1),
    ("2025-03-16", None), ("", None)])
def test_direction_follows_the_leading_script(text: str, order: int | None) -> None:
    assert direction(text) == order


def test_font_is_named() -> None:
    f = font(bold=True, size=14)
    assert (f.name, f.b, f.sz, f.i) == (FONT_NAME, True, 14, False)


def test_a_two_line_row_is_as_tall_as_two_lines_and_a_one_line_row_keeps_none() -> None:
    wb = sheet()
    ws = wb.active
    ws.column_dimensions["B"].width = 60
    ws["A1"], ws["B1"] = "CASES", LABEL
    ws["B1"].alignment = WRAP
    ws["A2"], ws["B2"] = "CASES.total", 172
    ws["B4"] = "Total"  # row 3 stays empty: the program fits it when someone types
    lay_out(ws)
    assert ws.row_dimensions[1].height == pytest.approx(2 * LINE * 11, abs=2)
    assert all(ws.row_dimensions[r].height is None for r in (2, 3, 4))


def test_a_title_gets_the_height_of_its_font() -> None:
    wb = sheet()
    ws = wb.active
    ws.column_dimensions["A"].width = ws.column_dimensions["B"].width = 20
    ws["A1"] = "الأرقام / Chiffres"
    ws["A1"].font = font(bold=True, size=14)
    ws["B2"] = 1
    lay_out(ws)
    assert ws.row_dimensions[1].height == pytest.approx(LINE * 14, abs=0.5)


def test_columns_widen_to_their_longest_word_never_past_the_page() -> None:
    wb = sheet()
    ws = wb.active
    ws.column_dimensions["A"].width = 10
    ws.column_dimensions["B"].width = 300
    ws["A1"], ws["B1"] = "CONVICTED.nationality.foreign", "نص " * 200
    ws["B1"].alignment = WRAP
    ws["C1"] = 123456789012345  # a number is never shown as ###
    lay_out(ws)
    a, c = ws.column_dimensions["A"].width, ws.column_dimensions["C"].width
    assert a * UNIT > text_width("CONVICTED.nationality.foreign") and a < 40
    assert c * UNIT > text_width("123456789012345")
    assert ws.column_dimensions["B"].width <= column_limit(ws.page_setup.orientation)
    assert "D" not in ws.column_dimensions or ws.column_dimensions["D"].width == DEFAULT_WIDTH


def test_a_title_too_long_to_run_over_the_empty_cells_is_wrapped() -> None:
    wb = sheet()
    ws = wb.active
    ws.column_dimensions["A"].width = 20
    ws["A1"] = "Modifications entre les projets du rapport national 2025, du 1 au 2"
    ws["A2"], ws["B2"] = "x", 1
    ws["A3"] = "Court"
    lay_out(ws)
    assert ws["A1"].alignment.wrap_text and not ws["A3"].alignment.wrap_text
    assert ws.row_dimensions[1].height > 2 * LINE * 11 - 1


def test_reading_order_and_anchoring_in_a_right_to_left_sheet() -> None:
    wb = sheet()
    ws = wb.active
    ws.column_dimensions["A"].width = ws.column_dimensions["B"].width = 20
    ws["A1"], ws["A2"] = "ملاحظات", "Constats sur le formulaire 2025"  # running over B
    ws["A3"], ws["B3"] = "Que faire", "ما يجب فعله"
    lay_out(ws)
    assert [ws[c].alignment.readingOrder for c in ("A1", "A2", "A3", "B3")] == [2, 1, 1, 2]
    assert ws["A2"].alignment.horizontal == "right"  # starts where the Arabic above starts
    assert ws["A3"].alignment.horizontal is None  # inside a table: as its direction says
    assert all(ws[c].alignment.vertical == "top" for c in ("A1", "A2", "A3", "B3"))


def test_an_arabic_line_over_empty_cells_of_a_left_to_right_sheet_starts_at_the_left() -> None:
    """The translator's sheet of French texts is left to right, its Arabic title above its
    table: anchored at the left, it runs over the empty cells beside it, not off the page."""
    wb = sheet(rtl=False)
    ws = wb.active
    ws.column_dimensions["A"].width = ws.column_dimensions["B"].width = 20
    ws["A1"] = "ترجمة نصوص الأعضاء إلى العربية"  # running over B
    ws["A2"], ws["B2"], ws["C2"] = "Texte", "النص", "Traduction"
    lay_out(ws)
    assert [ws[c].alignment.readingOrder for c in ("A1", "A2", "B2")] == [2, 1, 2]
    assert ws["A1"].alignment.horizontal == "left"
    assert ws["B2"].alignment.horizontal is None  # inside a table: as its direction says


def test_the_page() -> None:
    wb = sheet()
    ws = wb.active
    for col in "ABCDEFGHIJ":
        ws.column_dimensions[col].width = 20
    for r in range(1, 40):
        ws[f"A{r}"], ws[f"J{r}"] = f"r{r}", r
    lay_out(ws, 3)
    ps = ws.page_setup
    assert (int(ps.paperSize), ps.orientation, ps.fitToWidth, ps.fitToHeight) == \
        (9, "landscape", 1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$3:$3" and ws.print_area == "'Sheet'!$A$1:$J$39"
    assert ws.print_options.gridLines
    assert ws.page_margins.left == 0.4 and ws.page_margins.top == 0.6
    footer = ws.oddFooter.center.text
    assert "&F" in footer and "&P" in footer and "&N" in footer


def test_one_page_and_portrait_for_a_narrow_sheet() -> None:
    wb = sheet()
    ws = wb.active
    ws["A1"], ws["B1"] = "x", 1
    lay_out(ws, one_page=True)
    assert (ws.page_setup.orientation, ws.page_setup.fitToHeight) == ("portrait", 1)
    assert not ws.print_options.gridLines and ws.print_title_rows is None


def test_laid_out_twice_the_same_bytes() -> None:
    def made() -> bytes:
        wb = sheet()
        ws = wb.active
        ws["B1"] = LABEL
        ws["B1"].alignment = WRAP
        lay_out(ws, 1)
        return workbook_bytes(wb, dt.datetime(2025, 1, 1))
    assert made() == made()
