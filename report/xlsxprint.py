"""A worksheet whose cells are written -> the same sheet laid out to read and print well in a
spreadsheet program (Excel, LibreOffice Calc).

Every workbook the tool writes (members' workbooks, feedback and summary, review workbooks,
the review log, the change report's workbook, the translator's workbook, the data annex)
passes each visible sheet through ``lay_out`` once its cells are written. It sets:

- columns at least as wide as their longest word or number, none wider than the page;
- rows as tall as their lines (wrapped text, Arabic above French, a title's larger font),
  computed here from the text and the column width: neither Excel nor LibreOffice measures
  stored text again on opening, so a row left at one line's height overlaps the next. An
  empty row keeps no height: the program fits it as a member types in it;
- each text cell right to left when Arabic leads it, left to right when Latin does, and
  wrapped when it holds a line break (Excel shows one line otherwise);
- A4, the orientation that prints the sheet largest, one page wide (``one_page``: one page
  in all), the header row repeated on every page, the print area, margins, the grid, and a
  footer with the file name, the sheet and the page number.

Text widths are estimated, not measured: Calibri's advance widths (LibreOffice's Carlito
has the same) for Latin, and for Arabic, which Calibri lacks, those of a wide fallback face
(DejaVu Sans, LibreOffice's on Debian), so the estimate errs wide: a row may be a little
taller than it needs, never shorter. Everything here is deterministic: the same cells give
the same bytes.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

FONT_NAME = "Calibri"  # openpyxl's default face; LibreOffice draws it with Carlito
BASE_SIZE = 11.0
LINE = 15.0 / BASE_SIZE  # a line's height per point of font size (Excel: 15 pt at 11 pt)
UNIT = 5.25  # points per unit of column width in Excel (7 px at 96 dpi)
UNIT_WIDE = 5.65  # the same unit in LibreOffice, which lays columns out a little wider
PADDING = 4.0  # points of a column's width that text never uses (Excel: 5 px)
DEFAULT_WIDTH = 9.140625  # a column given no width (Excel: 8.43 characters, 64 px)
DEFAULT_HEIGHT = 15.0
A4 = (595.3, 841.9)  # points, portrait
MARGINS = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.25, footer=0.3)
FOOTER = "&F — &A — &P / &N"  # file name, sheet, page / pages
ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
BREAK = re.compile(r"\s+")

# Advance widths in ems, each group at its widest letter. Latin: Calibri's (a letter with an
# accent as its base letter); Arabic: DejaVu Sans's isolated forms (joined forms are narrower).
LATIN_EM = {ch: em for em, chars in (
    (0.26, "ijlI',.’"), (0.35, "frt()-;:J!"), (0.43, 'csz/"'), (0.5, "aegkvxyEFLSTYZ?#*+=_–"),
    (0.51, "0123456789"), (0.58, "bdhnopquABCKPRX«»"), (0.68, "DGHNOQUV"), (0.8, "mw%&"),
    (0.9, "MW@—"))
    for ch in chars}
ARABIC_EM = {**dict.fromkeys("اآأإٱـ", 0.29), **dict.fromkeys("ءدذرزوؤةه", 0.53),
             **dict.fromkeys("جحخعغم", 0.65), **dict.fromkeys("لنقكىيئ", 0.83),
             **dict.fromkeys("بتثطظپ", 0.95), "ف": 1.04, **dict.fromkeys("سشصض", 1.22)}
ARABIC_MARKS = re.compile(r"[\u064b-\u065f\u0670]")


@dataclass(frozen=True)
class Face:
    """What a text's width depends on: the font's size, weight and whether it is named (a
    cell whose font has no name is drawn in the program's own default, wider in LibreOffice)."""

    size: float = BASE_SIZE
    bold: bool = False
    named: bool = True

    @staticmethod
    def of(font: Font | None) -> Face:
        if font is None:
            return Face()
        return Face(float(font.sz or BASE_SIZE), bool(font.b), bool(font.name))


def font(*, size: float = BASE_SIZE, bold: bool = False, italic: bool = False,
         color: str | None = None, underline: str | None = None) -> Font:
    """A cell font in the one face every workbook uses (named, so that every program draws
    the face the widths here are estimated for)."""
    return Font(name=FONT_NAME, sz=size, b=bold or None, i=italic or None, color=color,
                u=underline)


@functools.lru_cache(maxsize=1024)
def _char_em(ch: str) -> tuple[float, bool]:
    """One character's width in ems, and whether it is Arabic."""
    if ch in LATIN_EM:
        return LATIN_EM[ch], False
    if ch in ARABIC_EM:
        return ARABIC_EM[ch] * 0.95, True  # joined forms
    if ARABIC.match(ch):
        return (0.0 if ARABIC_MARKS.match(ch) else 0.64), True  # marks; digits, punctuation
    if ch.isspace():
        return 0.32, False  # DejaVu Sans's (Calibri's is 0.23)
    base = unicodedata.normalize("NFD", ch)[0]
    if base in LATIN_EM:
        return LATIN_EM[base], False
    return (0.8 if ord(ch) < 0x2000 else 1.0), False


@functools.lru_cache(maxsize=8192)
def text_width(text: str, face: Face = Face()) -> float:
    """The width of one line of ``text``, in points, estimated wide."""
    latin = 1.03 if face.bold else 1.0
    if not face.named:
        latin *= 1.2  # DejaVu Sans, LibreOffice's default face, is wider than Calibri
    arabic = 1.12 if face.bold else 1.0
    em = 0.0
    for ch in text:
        w, is_arabic = _char_em(ch)
        em += w * (arabic if is_arabic else latin)
    return em * face.size


def line_count(text: str, width: float, face: Face = Face()) -> int:
    """How many lines ``text`` takes in a column of ``width`` points, wrapped at spaces (a
    word longer than the column broken where it reaches the edge), each line break kept."""
    room = max(width - PADDING, 1.0)
    space = text_width(" ", face)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for word in BREAK.split(paragraph.strip()):
            w = text_width(word, face)
            if used and used + space + w <= room:
                used += space + w
                continue
            if used:
                lines += 1
            lines += max(math.ceil(w / room) - 1, 0)
            used = w - (math.ceil(w / room) - 1) * room if w > room else w
    return lines


def longest_word(text: str, face: Face = Face()) -> float:
    return max((text_width(w, face) for w in BREAK.split(text) if w), default=0.0)


def shown(cell: Cell) -> str:
    """A cell's value as the sheet shows it (a date as yyyy-mm-dd)."""
    value = cell.value
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


# -- columns and rows ---------------------------------------------------------------------------
def width_of(ws: Worksheet, col: int) -> float:
    dim = ws.column_dimensions.get(get_column_letter(col))
    return dim.width if dim is not None and dim.width else DEFAULT_WIDTH


def _cells(ws: Worksheet) -> Iterator[Cell]:
    """The cells holding a value (a merged range's holds it for the range)."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is not None:
                yield cell


def _merged_spans(ws: Worksheet) -> dict[tuple[int, int], int]:
    """(row, column) of a range merged across one row -> the number of its columns."""
    return {(rng.min_row, rng.min_col): rng.max_col - rng.min_col + 1
            for rng in ws.merged_cells.ranges if rng.min_row == rng.max_row}


@dataclass(frozen=True)
class Shown:
    """A cell's value as the sheet shows it, and what the room it needs depends on."""

    row: int
    column: int
    span: int  # the columns it is laid out in: 1, or a merged range's
    text: str
    face: Face
    wrap: bool
    overflows: bool  # a text not wrapped and nothing beside it: it runs over empty cells


def widen_columns(ws: Worksheet, cells: list[Shown]) -> None:
    """Every column at least as wide as its longest word (a wrapped text) or its longest
    value (a number, a date, a text not wrapped with a neighbour it would run into)."""
    need: dict[int, float] = {}
    for c in cells:
        if c.span > 1 or c.overflows:
            continue
        w = longest_word(c.text, c.face) if c.wrap else text_width(c.text, c.face)
        need[c.column] = max(need.get(c.column, 0.0), w)
    for col, w in sorted(need.items()):
        units = math.ceil((w + PADDING) / UNIT * 2) / 2
        if units > width_of(ws, col):
            ws.column_dimensions[get_column_letter(col)].width = units


def column_limit(orientation: str) -> float:
    """The widest a column may be on the page: a program does not shrink one column that is
    wider than the page to fit it (LibreOffice cuts it)."""
    return math.floor(printable(orientation)[0] / UNIT_WIDE) - 1


def cap_columns(ws: Worksheet, orientation: str) -> bool:
    """No column wider than the page; True when one was narrowed."""
    limit, capped = column_limit(orientation), False
    for col in range(1, ws.max_column + 1):
        if width_of(ws, col) > limit:
            ws.column_dimensions[get_column_letter(col)].width = limit
            capped = True
    return capped


def cell_height(ws: Worksheet, cell: Shown) -> float:
    """The height in points the text of ``cell`` needs."""
    room = sum(width_of(ws, c) for c in range(cell.column, cell.column + cell.span)) * UNIT
    lines = line_count(cell.text, room, cell.face) if cell.wrap else 1
    return lines * LINE * cell.face.size + (1.0 if lines > 1 else 0.0)


def fit_rows(ws: Worksheet, cells: list[Shown]) -> None:
    """Every row that needs more than one default line as tall as its tallest cell."""
    need: dict[int, float] = {}
    for c in cells:
        need[c.row] = max(need.get(c.row, 0.0), cell_height(ws, c))
    for row, h in sorted(need.items()):
        if h > DEFAULT_HEIGHT:
            ws.row_dimensions[row].height = math.ceil(h * 4) / 4


def direction(text: str) -> int | None:
    """Excel's reading order of a text: 2 (right to left) when Arabic leads it, 1 when Latin
    does, None when neither letter appears."""
    arabic, latin = ARABIC.search(text), LATIN.search(text)
    if arabic and (not latin or arabic.start() < latin.start()):
        return 2
    return 1 if latin else None


def _aligned(old: Alignment, order: int | None, breaks: bool, rtl_sheet: bool,
             overflows: bool, wrap: bool) -> Alignment:
    """The alignment a cell's value reads best with: at the top of its row; a text right to
    left when Arabic leads it (``order`` 2), left to right when Latin does (1), wrapped when
    it holds a line break (or ``wrap``), and a line running over empty cells anchored at
    the sheet's start, as the text beside it: a Latin one in a right-to-left sheet at the
    right, an Arabic one in a left-to-right sheet at the left (else it would run off the
    sheet's first column, out of the page)."""
    order = order or old.readingOrder
    wrap = bool(old.wrap_text) or breaks or wrap
    horizontal = old.horizontal
    if overflows and not wrap and horizontal is None:
        if rtl_sheet and order == 1:
            horizontal = "right"
        elif not rtl_sheet and order == 2:
            horizontal = "left"
    return Alignment(horizontal=horizontal, vertical=old.vertical or "top", wrap_text=wrap,
                     indent=old.indent, readingOrder=order)


def _kept(a: Alignment) -> tuple:
    """What of an alignment ``_aligned`` reads and writes (the workbooks set nothing else)."""
    return (a.horizontal, a.vertical, bool(a.wrap_text), a.indent, a.readingOrder)


def _room_from(ws: Worksheet) -> list[float]:
    """Column -> the points from its start to the sheet's last column's end (index 0 unused)."""
    last = ws.max_column
    room = [0.0] * (last + 2)
    for col in range(last, 0, -1):
        room[col] = room[col + 1] + width_of(ws, col) * UNIT
    return room


def align_cells(ws: Worksheet, wrap_from: int | None = None) -> list[Shown]:
    """Every cell holding a value aligned as ``_aligned`` says, and what it shows: a text
    too long to run over the empty cells beside it (past the sheet's last column, where the
    print area cuts it) wrapped in its own column, and with ``wrap_from``, every text from
    that row down."""
    values = list(_cells(ws))
    filled = {(c.row, c.column) for c in values}
    spans, room = _merged_spans(ws), _room_from(ws)
    rtl = bool(ws.sheet_view.rightToLeft)
    made: dict[tuple, tuple[Alignment, tuple]] = {}  # one Alignment for all cells alike
    shown_cells = []
    for cell in values:
        text, face = shown(cell), Face.of(cell.font)
        span = spans.get((cell.row, cell.column), 1)
        is_text = isinstance(cell.value, str)
        overflows = is_text and span == 1 and (cell.row, cell.column + 1) not in filled
        wrap = is_text and ((wrap_from is not None and cell.row >= wrap_from) or (
            overflows and text_width(text, face) > room[cell.column] - PADDING))
        old = cell.alignment
        key = (_kept(old), direction(text) if is_text else None, "\n" in text, overflows, wrap)
        if key not in made:
            new = _aligned(old, *key[1:3], rtl, overflows, wrap)
            made[key] = new, _kept(new)
        new, new_key = made[key]
        if new_key != key[0]:
            cell.alignment = new
        shown_cells.append(Shown(cell.row, cell.column, span, text, face, bool(new.wrap_text),
                                 overflows and not new.wrap_text))
    return shown_cells


# -- the page -----------------------------------------------------------------------------------
def sheet_size(ws: Worksheet, orientation: str) -> tuple[float, float]:
    """The printed width and height of the sheet at 100 % in ``orientation`` (its columns no
    wider than the page), in points, as LibreOffice lays it out."""
    limit = column_limit(orientation)
    width = sum(min(width_of(ws, c), limit) for c in range(1, ws.max_column + 1)) * UNIT_WIDE
    height = sum((ws.row_dimensions[r].height if r in ws.row_dimensions and
                  ws.row_dimensions[r].height else DEFAULT_HEIGHT)
                 for r in range(1, ws.max_row + 1))
    return width, height


def printable(orientation: str) -> tuple[float, float]:
    """The width and height inside the margins of an A4 page, in points."""
    w, h = A4 if orientation == "portrait" else A4[::-1]
    return (w - (MARGINS.left + MARGINS.right) * 72, h - (MARGINS.top + MARGINS.bottom) * 72)


def scale(ws: Worksheet, orientation: str, one_page: bool) -> float:
    """The scale the sheet prints at: one page wide (and one tall with ``one_page``)."""
    (pw, ph), (w, h) = printable(orientation), sheet_size(ws, orientation)
    return min(1.0, pw / w, ph / h if one_page else 1.0)


def best_orientation(ws: Worksheet, one_page: bool) -> str:
    """Portrait unless landscape prints the sheet clearly larger."""
    portrait, landscape = (scale(ws, o, one_page) for o in ("portrait", "landscape"))
    return "landscape" if landscape > portrait * 1.05 else "portrait"


def page_setup(ws: Worksheet, orientation: str, head: int | None, one_page: bool) -> None:
    """A4, ``orientation``, fit to one page wide (and tall), ``head`` repeated on each page,
    the print area, margins, the grid and the footer."""
    ps = ws.page_setup
    ps.paperSize, ps.orientation = ws.PAPERSIZE_A4, orientation
    ps.fitToWidth, ps.fitToHeight = 1, 1 if one_page else 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins = PageMargins(**{k: getattr(MARGINS, k) for k in
                                     ("left", "right", "top", "bottom", "header", "footer")})
    ws.print_options.gridLines = head is not None  # a table's grid; not around prose
    ws.oddFooter.center.text, ws.oddFooter.center.size = FOOTER, 8
    if head is not None:
        ws.print_title_rows = f"{head}:{head}"
    ws.print_area = f"A1:{get_column_letter(ws.max_column)}{ws.max_row}"


def lay_out(ws: Worksheet, head: int | None = None, *, one_page: bool = False,
            wrap: bool = False) -> None:
    """Lay out one written sheet to read and print: columns, rows, directions, the page.
    ``head``: the header row repeated on every printed page; ``one_page``: the whole sheet
    on one page (a member's sheets), else one page wide and as many tall as it takes;
    ``wrap``: every text from the header row down wrapped (a table whose cells hold long
    texts), so that no column need be as wide as its longest text."""
    cells = align_cells(ws, (head or 1) if wrap else None)
    widen_columns(ws, cells)
    fit_rows(ws, cells)
    orientation = best_orientation(ws, one_page)
    if cap_columns(ws, orientation):
        fit_rows(ws, cells)
    page_setup(ws, orientation, head, one_page)
