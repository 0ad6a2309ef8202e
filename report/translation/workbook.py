"""The texts still lacking their other language -> translation-<year>.xlsx for the
translator; a returned one -> the translations it holds (Collected) and findings.

One sheet per direction: the texts written in Arabic (right to left, to translate into
French) and those written in French (left to right, into Arabic). One row per text (the
same text written by two members is one row): its stable id (T- and its hash), the member,
where it was written (what it is, file, sheet and cell), the text, what the report prints
around it, and one input column, the only cells that can be edited. Protected and laid out
like the other workbooks (report/xlsxprint.py: A4, one page wide, the header row on every
page, rows as tall as their lines). A very hidden ``_stamp`` sheet says what the file is.

A returned workbook is untrusted: it goes through the member workbooks' checks
(report/intake/read.py: size, zip bomb, macros, sheets, formulas) before openpyxl opens
it, and every problem is a finding with file, sheet, cell and an Arabic and French message
(inputs/catalogue/rules.toml). A row is read by its id and the source text beside it: a
source edited in the file is refused, a text no member writes any more (changed since the
file was made) is kept in the memory and named as stale. A bad row never stops the others.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Protection
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from report import fonts
from report.figures.records import Translation
from report.figures.texts import other_lang, text_id, written_in
from report.findings import Finding
from report.intake.read import Checked, open_checked, unreadable
from report.intake.texts import MemberText
from report.intake.validate import CONTROL, MARKUP
from report.label import Label
from report.language.texts import load_texts
from report.review.sheets import (
    BOLD,
    INPUT_FILL,
    TITLE,
    both,
    heads,
    put,
    read_stamp,
    rtl_sheet,
)
from report.settings.rules import Rules
from report.xlsxfile import save_workbook
from report.xlsxprint import lay_out

TEXTS = load_texts("translation")
KIND, VERSION = "translation", "T1"
SHEET_HELP, SHEET_STAMP = "تعليمات", "_stamp"
SHEETS = {"fr": "عربية-فرنسية", "ar": "français-arabe"}  # target language -> its sheet
STAMP_CELLS = {"kind": "B1", "version": "B2", "year": "B3", "texts": "B4"}
COLUMNS = ("id", "member", "where", "source", "context", "translation")
WIDTHS = (16, 18, 24, 48, 36, 48)
ID_COL, SOURCE_COL, INPUT_COL = "A", "D", "F"
HEADER_ROW, FIRST_ROW = 4, 5
MAX_ROWS = 5000
PLACES_SHOWN = 3


def translation_name(year: int) -> str:
    return f"translation-{year}.xlsx"


def texts_digest(ids: Sequence[str]) -> str:
    """The set of texts a file was made for (a stale file is told by it)."""
    return hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()[:16]


def target(t: MemberText) -> str:
    return other_lang(t.lang or "ar")


# -- writing ------------------------------------------------------------------------------
def _protect(ws: Worksheet) -> None:
    ws.protection.sheet = True  # no password: the translator can read everything
    ws.protection.formatCells = False
    ws.protection.formatColumns = False
    ws.protection.formatRows = False  # a row may be heightened for a longer translation


def _where(t: MemberText) -> str:
    places = t.places or (t.source,)
    cells = [f"{p.file} {p.sheet}!{p.cell}" for p in places[:PLACES_SHOWN]]
    more = f" (+{len(places) - PLACES_SHOWN})" if len(places) > PLACES_SHOWN else ""
    return f"{both(TEXTS, f'field.{t.field}', ' / ')}\n" + "\n".join(cells) + more


def _member(t: MemberText, names: Mapping[str, Label]) -> str:
    codes = list(dict.fromkeys(p.member for p in (t.places or (t.source,))))
    name = names.get(codes[0])
    shown = f"{codes[0]} — {name(t.lang or 'ar')}" if name else codes[0]
    return shown + (f" (+{', '.join(codes[1:])})" if len(codes) > 1 else "")


def _texts_sheet(wb: Workbook, lang: str, texts: Sequence[MemberText],
                 names: Mapping[str, Label], year: int, limit: int) -> None:
    ws = wb.create_sheet(SHEETS[lang])
    if lang == "fr":  # the sources are Arabic
        rtl_sheet(ws)
    head = TEXTS.label("title")
    intro = TEXTS.label("intro")
    first = "ar" if lang == "fr" else "fr"
    # one line a row, each running over the empty cells beside it (no merged cells here)
    ws["A1"] = head(first).format(year=year)
    ws["A2"] = head(other_lang(first)).format(year=year)
    ws["A3"] = intro(first).format(n=len(texts))
    ws["A1"].font, ws["A2"].font = TITLE, BOLD
    heads(ws, HEADER_ROW, TEXTS, [f"head.{c}" for c in COLUMNS], WIDTHS)
    unlocked = Protection(locked=False)
    typed = Alignment(wrap_text=True, vertical="top", readingOrder=2 if lang == "ar" else 1)
    for r, t in enumerate(texts, start=FIRST_ROW):
        for c, v in enumerate((t.id, _member(t, names), _where(t), t.text, t.context), start=1):
            put(ws, r, c, v)
        cell = ws[f"{INPUT_COL}{r}"]
        cell.protection, cell.fill, cell.alignment = unlocked, INPUT_FILL, typed
    last = FIRST_ROW + max(len(texts), 1) - 1
    dv = DataValidation(type="textLength", operator="lessThanOrEqual", formula1=str(limit),
                        allow_blank=True, showInputMessage=True,
                        promptTitle=TEXTS("prompt.title", first),
                        prompt=TEXTS(f"prompt.to_{lang}", first).format(limit=limit))
    ws.add_data_validation(dv)
    dv.add(f"{INPUT_COL}{FIRST_ROW}:{INPUT_COL}{last}")
    ws.freeze_panes = f"A{FIRST_ROW}"
    lay_out(ws, HEADER_ROW)
    _protect(ws)


def _help_sheet(wb: Workbook, year: int) -> None:
    ws = rtl_sheet(wb.active)
    ws.title = SHEET_HELP
    ws.column_dimensions["A"].width = 120
    help_, title = TEXTS.label("help"), TEXTS.label("title")
    lines = (title.ar.format(year=year), title.fr.format(year=year), "", *help_.ar.splitlines(),
             "", *help_.fr.splitlines())
    for r, line in enumerate(lines, start=1):
        put(ws, r, 1, line)
    ws["A1"].font = TITLE
    lay_out(ws)
    _protect(ws)


def _stamp_sheet(wb: Workbook, year: int, ids: Sequence[str]) -> None:
    ws = wb.create_sheet(SHEET_STAMP)
    values = {"kind": KIND, "version": VERSION, "year": year, "texts": texts_digest(ids)}
    for key, ref in STAMP_CELLS.items():
        ws[f"A{ref[1:]}"] = key
        ws[ref] = values[key]
    ws.sheet_state = "veryHidden"
    _protect(ws)


def translation_workbook(texts: Sequence[MemberText], names: Mapping[str, Label], *,
                         year: int, day: dt.date, limit: int) -> Workbook:
    """The translator's workbook: ``texts`` (distinct, each lacking its other language) in
    one sheet per direction; ``names``: member code -> its name; ``limit``: the longest text
    a cell takes (rules.toml's max_text_chars); ``day`` dates the file."""
    wb = Workbook()
    _help_sheet(wb, year)
    for lang in SHEETS:
        mine = [t for t in texts if target(t) == lang]
        if mine:
            _texts_sheet(wb, lang, mine, names, year, limit)
    _stamp_sheet(wb, year, [t.id for t in texts])
    if len(wb.sheetnames) > 2:
        wb.move_sheet(SHEET_HELP, offset=len(wb.sheetnames) - 2)  # opens on the texts
        wb.active = 0
    stamp = dt.datetime(day.year, day.month, day.day)
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.creator = "CNCLT"
    wb.security = WorkbookProtection(lockStructure=True)
    return wb


def save_translation_workbook(wb: Workbook, path: Path) -> None:
    save_workbook(wb, path, wb.properties.created)  # the same texts, the same bytes


# -- reading a returned one ---------------------------------------------------------------
@dataclass(frozen=True)
class Collected:
    """What one returned workbook gives: each translation with the member whose text it is."""

    file: str
    translations: tuple[tuple[Translation, str], ...]
    stale: int  # rows whose text no member writes any more (kept in the memory all the same)


def _read_cells(checked: Checked) -> tuple[dict[str, object], dict[str, dict[int, tuple]]]:
    from openpyxl import load_workbook  # loaded only when a return is read

    wb = load_workbook(io.BytesIO(checked.data), read_only=True, data_only=True)
    try:
        stamp = read_stamp(wb, SHEET_STAMP, STAMP_CELLS)
        rows: dict[str, dict[int, tuple]] = {}
        for name in SHEETS.values():
            if name in wb.sheetnames:
                it = wb[name].iter_rows(min_row=FIRST_ROW, max_row=FIRST_ROW + MAX_ROWS - 1,
                                        max_col=len(COLUMNS), values_only=True)
                rows[name] = {r: tuple(v) + (None,) * (len(COLUMNS) - len(v))
                              for r, v in enumerate(it, start=FIRST_ROW)}
        return stamp, rows
    finally:
        wb.close()


class _Reader:
    """Checks one returned workbook, collecting findings as it goes."""

    def __init__(self, path: Path, rules: Rules, texts: Mapping[str, MemberText]) -> None:
        self.path, self.rules, self.texts = path, rules, texts
        self.findings: list[Finding] = []
        self.seen: set[str] = set()

    def add(self, code: str, member: str = "", sheet: str = "", cell: str = "",
            value: object = "", expected: object = "", other: object = "") -> None:
        self.findings.append(self.rules.finding(code, member, self.path.name, sheet, cell,
                                                value, expected, other))

    def stamp_ok(self, stamp: Mapping[str, object], year: int) -> bool:
        if str(stamp.get("kind") or "").strip() != KIND:
            self.add("translation-not-translation", sheet=SHEET_STAMP, value=self.path.name)
            return False
        if str(stamp.get("version") or "").strip() != VERSION:
            self.add("stamp-version", "", SHEET_STAMP, STAMP_CELLS["version"],
                     stamp.get("version"), VERSION)
            return False
        if str(stamp.get("year") or "").strip() != str(year):
            self.add("wrong-year", "", SHEET_STAMP, STAMP_CELLS["year"], stamp.get("year"), year)
            return False
        return True

    def sheets_ok(self, checked: Checked) -> None:
        known = {SHEET_HELP, SHEET_STAMP, *SHEETS.values()}
        for s in checked.sheets:
            if s.name not in known:
                self.add("sheet-unexpected" if s.state == "visible" else "sheet-hidden",
                         sheet=s.name, value=s.name)
            elif s.name in SHEETS.values() and s.state != "visible":
                self.add("sheet-hidden", sheet=s.name, value=s.name)
        for sheet, ranges in sorted(checked.merged.items()):
            if ranges:
                self.add("merged-cells", sheet=sheet, cell=ranges[0].split(":")[0],
                         value=", ".join(ranges[:3]))

    def text(self, raw: object, member: str, sheet: str, cell: str) -> str | None:
        """The translation typed, cleaned as a member's text is; None when refused."""
        text = "" if raw is None else str(raw).strip()
        bad = sorted({f"U+{ord(ch):04X}" for ch in CONTROL.findall(text)})
        if bad:
            self.add("review-text-cleaned", member, sheet, cell, " ".join(bad[:5]))
            text = CONTROL.sub("", text)
        limit = self.rules.limits.max_text_chars
        if len(text) > limit:
            self.add("review-text-cut", member, sheet, cell, len(text), limit)
            text = text[:limit]
        found = MARKUP.search(text)
        if found:
            self.add("markup-in-text", member, sheet, cell, found.group(0))
            return None
        undrawable = fonts.undrawable(text)
        if undrawable:
            self.add("glyph-missing", member, sheet, cell,
                     " ".join(f"{c} (U+{ord(c):04X})" for c in undrawable[:4]))
            return None
        return text

    def row_ok(self, sheet: str, r: int, cells: tuple, formulas: Mapping,
               member: str) -> bool:
        """A filled row is read when its cell holds a value (a formula's, told), it has its
        id, its source text is the one its id was made from, and it comes once."""
        ident, source, cell = str(cells[0] or "").strip(), str(cells[3] or ""), \
            f"{INPUT_COL}{r}"
        cached = formulas.get((sheet, cell))
        if cached is False:
            self.add("formula-no-value", member, sheet, cell, "=…")
            return False
        if cached:
            self.add("formula", member, sheet, cell, cells[5])
        if not ident:
            self.add("translation-unknown-row", member, sheet, f"{ID_COL}{r}")
        elif text_id(source) != ident:
            self.add("translation-source-edited", member, sheet, f"{SOURCE_COL}{r}", ident)
        elif ident in self.seen:
            self.add("review-duplicate-item", member, sheet, f"{ID_COL}{r}", ident)
        else:
            self.seen.add(ident)
            return True
        return False

    def row(self, sheet: str, r: int, cells: tuple, formulas: Mapping
            ) -> tuple[Translation, str] | None:
        """One row's translation with the member whose text it is, or None (an empty row,
        or a finding)."""
        ident, source, raw = str(cells[0] or "").strip(), str(cells[3] or ""), cells[5]
        filled = raw is not None and str(raw).strip() != ""
        if not filled and formulas.get((sheet, f"{INPUT_COL}{r}")) is not False:
            return None
        known = self.texts.get(ident)
        member = known.member if known else str(cells[1] or "").split("—")[0].strip()
        if not self.row_ok(sheet, r, cells, formulas, member):
            return None
        typed = self.text(raw, member, sheet, f"{INPUT_COL}{r}")
        lang = other_lang(written_in(source) or "ar")
        if not typed:
            return None
        if written_in(typed) != lang:
            self.add("translation-wrong-language", member, sheet, f"{INPUT_COL}{r}", typed,
                     TEXTS.label(f"language.to_{lang}"))
            return None
        if known is None:
            self.add("translation-stale", member, sheet, f"{ID_COL}{r}", ident)
        ref = f"{self.path.name} {sheet}!{INPUT_COL}{r}"
        return Translation(source, typed, lang, "translator", ref), member


def read_translations(path: Path, rules: Rules, year: int,
                      texts: Mapping[str, MemberText]) -> tuple[Collected | None, list[Finding]]:
    """One returned translator's workbook -> its translations (None when the file is not
    this year's translator's workbook) and its findings. ``texts``: id -> every text the
    members write this year (a row whose id is not among them is stale)."""
    reader = _Reader(path, rules, texts)
    try:
        checked = open_checked(path, rules, tuple(SHEETS.values()))
        stamp, sheets = _read_cells(checked)
    except Exception as exc:  # Unreadable, zip and XML errors, openpyxl's many types
        return None, [unreadable(exc, "", path, rules)]
    if not reader.stamp_ok(stamp, year):
        return None, reader.findings
    reader.sheets_ok(checked)
    found = [got for sheet, rows in sheets.items() for r, cells in sorted(rows.items())
             if (got := reader.row(sheet, r, cells, checked.formulas)) is not None]
    stale = sum(f.code == "translation-stale" for f in reader.findings)
    if stale:
        reader.add("translation-file-stale", value=stale, expected=path.name)
    if not found and not any(f.is_error for f in reader.findings):
        reader.add("translation-empty", value=path.name)
    return Collected(path.name, tuple(found), stale), reader.findings
