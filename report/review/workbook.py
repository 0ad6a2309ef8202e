"""A member's review items -> <CODE>-review.xlsx; a returned one -> Returned (its answers) and
findings.

The workbook is right to left and protected like the member workbooks: one row per item
(id, kind, what it is, its source cell, its pages, its text as the draft printed it) and
three input columns, the only cells that can be edited: the decision (a drop-down:
approve, correct, comment), the corrected value or proposed text, and a comment. For a
measure of the national plan the corrected value is a status (as the plan sheet's
drop-down writes it), a value of its indicator, or both separated by "؛"; for a text's
translation, the translation the member proposes (in the other language). Each sheet
prints one A4 page wide, the header row on every page (report/xlsxprint.py). A very
hidden ``_stamp`` sheet says whose review of which draft it is.

A returned workbook is untrusted: it goes through the same checks as a member workbook
(report/intake/read.py: size, zip bomb, macros, sheets, formulas) before openpyxl opens it, and
every problem becomes a finding with member, file, sheet, cell and an Arabic and French
message (inputs/catalogue/rules.toml). A corrected figure is read by the member workbooks'
own reader (report/intake/numbers.py): "2.000" and "12,000" are read as thousands and said
so, a figure above the indicator's ceiling is refused, one ten times the printed figure (or
a tenth of it) is questioned. "Approve" with a value, a protection removed, item rows
deleted or put in another order are findings too. A bad row never stops the others; a bad
file never stops the other members'. Entries of the review folder that look like a member's
review workbook but cannot be one (a folder, a ``.xlsx.txt`` copy) are reported as
``check`` reports them (``lookalike_returns``).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Protection
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from report import fonts
from report.figures.texts import written_in
from report.findings import Finding
from report.intake.gather import WORKBOOK_SUFFIXES, why_unusable
from report.intake.numbers import read_count
from report.intake.plan_cells import READ_WARNINGS
from report.intake.read import Checked, open_checked, unreadable
from report.intake.validate import CONTROL, MARKUP
from report.language.texts import load_texts
from report.review.answers import DECISIONS, SHEET_ITEMS, Answer, Returned, decision_label
from report.review.items import (
    FIGURE,
    MEASURE,
    TRANSLATION,
    Item,
    MemberItems,
    measure_correction,
)
from report.review.sheets import (
    BOLD,
    INPUT_FILL,
    TITLE,
    WRAP,
    both,
    choice_code,
    heads,
    pages_text,
    put,
    read_stamp,
    rtl_sheet,
)
from report.settings.catalogue import Catalogue
from report.settings.rules import Rules
from report.xlsxfile import save_workbook
from report.xlsxprint import lay_out

TEXTS = load_texts("review")
KIND = "review"
VERSION = "R1"
SHEET_HELP = "تعليمات"
SHEET_STAMP = "_stamp"
SHEET_LISTS = "_lists"
STAMP_CELLS = {"kind": "B1", "version": "B2", "year": "B3", "draft": "B4", "member": "B5",
               "build": "B6"}  # build: a digest of the draft PDF the workbook was made from
COLUMNS = ("id", "kind", "label", "where", "pages", "text", "decision", "value", "comment")
WIDTHS = (16, 10, 30, 16, 10, 44, 16, 20, 30)  # printed landscape at about 3/4 size
DECISION_COL, VALUE_COL, COMMENT_COL = "G", "H", "I"
HEADER_ROW, FIRST_ROW = 4, 5
EXTRA_ROWS = 50  # rows read past the last item: a member may add lines (they are reported)
# "PMP-review.xlsx" and the copies people make: "PMP-review (1).xlsx", "pmp_review.xlsx"
FILE_NAME = re.compile(r"^([A-Za-z0-9]+)(?=[-_ .])")
SHEET_PROTECTED = re.compile(rb'<(?:\w+:)?sheetProtection\b[^>]*\bsheet="(?:1|true)"')
STRUCTURE_LOCKED = re.compile(rb'<(?:\w+:)?workbookProtection\b[^>]*\blockStructure="(?:1|true)"')
FAR = 10  # a corrected figure this many times the printed one (or a tenth of it) is questioned


def review_name(member: str) -> str:
    return f"{member}-review.xlsx"


def member_from_name(path: Path) -> str:
    m = FILE_NAME.match(path.name)
    return (m.group(1) if m else path.stem).upper()


# -- writing ------------------------------------------------------------------------------
def _protect(ws: Worksheet) -> None:
    ws.protection.sheet = True  # no password: members can read everything
    ws.protection.formatCells = False
    ws.protection.formatColumns = False
    ws.protection.formatRows = False  # a member may heighten a row for a longer comment


def _help_sheet(wb: Workbook, title: str, due: str) -> None:
    ws = rtl_sheet(wb.active)
    ws.title = SHEET_HELP
    ws.column_dimensions["A"].width = 120
    help_ = TEXTS.label("workbook.help")
    lines = (title, due, "", *help_.ar.splitlines(), "", *help_.fr.splitlines())
    for r, line in enumerate(lines, start=1):
        put(ws, r, 1, line)
    ws["A1"].font = TITLE
    lay_out(ws)
    _protect(ws)


def _lists_sheet(wb: Workbook) -> str:
    ws = wb.create_sheet(SHEET_LISTS)
    for r, code in enumerate(DECISIONS, start=1):
        ws.cell(r, 1, decision_label(code))
    ws.sheet_state = "hidden"
    _protect(ws)
    return f"'{SHEET_LISTS}'!$A$1:$A${len(DECISIONS)}"


def _validations(ws: Worksheet, last: int, decisions: str, figure_rows: list[int],
                 measure_rows: list[int], translation_rows: list[int]) -> None:
    def dv(**kw: object) -> DataValidation:
        v = DataValidation(showInputMessage=True, showErrorMessage=True, allow_blank=True,
                           promptTitle=TEXTS("workbook.prompt.title", "ar"), **kw)
        ws.add_data_validation(v)
        return v

    dv(type="list", formula1=decisions,
       prompt=TEXTS("workbook.prompt.decision", "ar")).add(
        f"{DECISION_COL}{FIRST_ROW}:{DECISION_COL}{last}")
    whole = dv(type="whole", operator="greaterThanOrEqual", formula1="0",
               prompt=TEXTS("workbook.prompt.value", "ar"))
    for r in figure_rows:
        whole.add(f"{VALUE_COL}{r}")
    measure = dv(type="textLength", operator="lessThanOrEqual", formula1="200",
                 prompt=TEXTS("workbook.prompt.measure", "ar"))
    for r in measure_rows:
        measure.add(f"{VALUE_COL}{r}")
    translation = dv(type="textLength", operator="lessThanOrEqual", formula1="2000",
                     prompt=TEXTS("workbook.prompt.translation", "ar"))
    for r in translation_rows:
        translation.add(f"{VALUE_COL}{r}")
    dv(type="textLength", operator="lessThanOrEqual", formula1="2000",
       prompt=TEXTS("workbook.prompt.comment", "ar")).add(
        f"{COMMENT_COL}{FIRST_ROW}:{COMMENT_COL}{last}")


def _row(item: Item, lang: str) -> tuple[object, ...]:
    kind = TEXTS(f"kind.{item.kind}", lang)
    return (item.id, kind, item.label, item.where, pages_text(item.pages), item.text)


def _items_sheet(wb: Workbook, items: MemberItems, title: str, due: str, lang: str) -> None:
    ws = rtl_sheet(wb.create_sheet(SHEET_ITEMS))
    # one line a row, each running over the empty cells beside it (no merged cells here)
    title_ar, title_fr = title.split("\n")
    ws["A1"], ws["A2"], ws["A3"] = title_ar, title_fr, due.replace("\n", " ")
    ws["A1"].font, ws["A2"].font = TITLE, BOLD
    heads(ws, HEADER_ROW, TEXTS, [f"workbook.head.{c}" for c in COLUMNS], WIDTHS)
    unlocked = Protection(locked=False)
    figure_rows, measure_rows, translation_rows = [], [], []
    for r, item in enumerate(items.items, start=FIRST_ROW):
        for c, v in enumerate(_row(item, lang), start=1):
            put(ws, r, c, v)
        for col in (DECISION_COL, VALUE_COL, COMMENT_COL):
            ws[f"{col}{r}"].protection, ws[f"{col}{r}"].fill = unlocked, INPUT_FILL
            ws[f"{col}{r}"].alignment = WRAP
        if item.kind == FIGURE:
            figure_rows.append(r)
        elif item.kind == MEASURE:
            measure_rows.append(r)
        elif item.kind == TRANSLATION:
            translation_rows.append(r)
    last = FIRST_ROW + max(len(items.items), 1) - 1
    _validations(ws, last, _lists_sheet(wb), figure_rows, measure_rows, translation_rows)
    ws.freeze_panes = f"A{FIRST_ROW}"
    lay_out(ws, HEADER_ROW)
    _protect(ws)


def _stamp_sheet(wb: Workbook, year: int, draft: int, member: str, build: str) -> None:
    ws = wb.create_sheet(SHEET_STAMP)
    values = {"kind": KIND, "version": VERSION, "year": year, "draft": draft, "member": member,
              "build": build}
    for key, ref in STAMP_CELLS.items():
        ws[f"A{ref[1:]}"] = key
        ws[ref] = values[key]
    ws.sheet_state = "veryHidden"
    _protect(ws)


def review_workbook(items: MemberItems, *, year: int, draft: int, draft_date: str,
                    due: dt.date | None, lang: str, build: str = "") -> Workbook:
    """The member's review workbook for one draft."""
    title = both(TEXTS, "workbook.title", "\n", year=year, draft=draft, date=draft_date)
    due_text = both(TEXTS, "workbook.due", "\n", date=due.isoformat()) if due else \
        both(TEXTS, "workbook.no_due")
    wb = Workbook()
    _help_sheet(wb, title, due_text)
    _items_sheet(wb, items, title, due_text, lang)
    _stamp_sheet(wb, year, draft, items.member, build)
    wb.move_sheet(SHEET_ITEMS, offset=-1)  # opens on the items; help beside them
    wb.active = 0
    stamp = dt.datetime.fromisoformat(draft_date)
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.creator = "CNCLT"
    wb.security = WorkbookProtection(lockStructure=True)
    return wb


def save_review_workbook(wb: Workbook, path: Path) -> None:
    save_workbook(wb, path, wb.properties.created)  # same items, same bytes


# -- reading a returned one -----------------------------------------------------------------
def _decision(raw: object) -> str | None:
    """The decision code from what the cell holds (the list's text, either language, or a
    code); None when it is none of them."""
    return choice_code(raw, DECISIONS, TEXTS, "decision")


def _read_cells(checked: Checked, rows: int) -> tuple[dict[str, object], dict[int, tuple]]:
    from openpyxl import load_workbook  # loaded only when a return is read

    wb = load_workbook(io.BytesIO(checked.data), read_only=True, data_only=True)
    try:
        stamp = read_stamp(wb, SHEET_STAMP, STAMP_CELLS)
        found: dict[int, tuple] = {}
        if SHEET_ITEMS in wb.sheetnames:
            it = wb[SHEET_ITEMS].iter_rows(min_row=FIRST_ROW, max_row=FIRST_ROW + rows - 1,
                                           max_col=len(COLUMNS), values_only=True)
            found = {r: tuple(v) + (None,) * (len(COLUMNS) - len(v))
                     for r, v in enumerate(it, start=FIRST_ROW)}
        return stamp, found
    finally:
        wb.close()


class _Reader:
    """Checks one returned workbook, collecting findings as it goes."""

    def __init__(self, path: Path, rules: Rules, member: str, cat: Catalogue) -> None:
        self.path, self.rules, self.member, self.cat = path, rules, member, cat
        self.findings: list[Finding] = []

    def add(self, code: str, sheet: str = "", cell: str = "", value: object = "",
            expected: object = "", other: object = "") -> None:
        self.findings.append(self.rules.finding(code, self.member, self.path.name, sheet, cell,
                                                value, expected, other))

    def stamp_ok(self, stamp: Mapping[str, object], cat: Catalogue, year: int, draft: int,
                 build: str) -> int | None:
        """The draft the file answers, or None when it is not this round's to read."""
        if str(stamp.get("kind") or "").strip() != KIND:
            self.add("review-not-review", SHEET_STAMP, value=self.path.name)
            return None
        if str(stamp.get("version") or "").strip() != VERSION:
            self.add("stamp-version", SHEET_STAMP, STAMP_CELLS["version"], stamp.get("version"),
                     VERSION)
            return None
        named = self.member
        self.member = str(stamp.get("member") or "").strip().upper() or named
        if self.member not in {m.code for m in cat.members}:
            self.add("unknown-member", SHEET_STAMP, STAMP_CELLS["member"], self.member)
            return None
        if named != self.member:
            self.add("wrong-member", SHEET_STAMP, STAMP_CELLS["member"], self.member, named,
                     cat.member(self.member).name)
            return None
        if str(stamp.get("year") or "").strip() != str(year):
            self.add("wrong-year", SHEET_STAMP, STAMP_CELLS["year"], stamp.get("year"), year)
            return None
        seen = str(stamp.get("draft") or "").strip()
        if seen != str(draft):
            self.add("review-other-draft", SHEET_STAMP, STAMP_CELLS["draft"], seen, draft)
            return None
        if build and str(stamp.get("build") or "").strip() != build:
            self.add("review-rebuilt", SHEET_STAMP, STAMP_CELLS["build"], draft)
        return draft

    def sheets_ok(self, checked: Checked) -> bool:
        states = {s.name: s.state for s in checked.sheets}
        if SHEET_ITEMS not in states:
            self.add("sheet-missing", SHEET_ITEMS, expected=SHEET_ITEMS)
            return False
        if states[SHEET_ITEMS] != "visible":
            self.add("sheet-hidden", SHEET_ITEMS, value=SHEET_ITEMS)
        for name in sorted(states.keys() - {SHEET_ITEMS, SHEET_HELP, SHEET_STAMP, SHEET_LISTS}):
            self.add("sheet-unexpected" if states[name] == "visible" else "sheet-hidden", name,
                     value=name)
        ranges = checked.merged.get(SHEET_ITEMS, ())
        if ranges:
            self.add("merged-cells", SHEET_ITEMS, ranges[0].split(":")[0], ", ".join(ranges[:3]))
        self.protection(checked)
        return True

    def protection(self, checked: Checked) -> None:
        """The items sheet and the workbook's structure are returned protected as sent."""
        part = next(s.part for s in checked.sheets if s.name == SHEET_ITEMS)
        with zipfile.ZipFile(io.BytesIO(checked.data)) as zf:
            names = set(zf.namelist())
            sheet = zf.read(part) if part in names else b""
            book = zf.read("xl/workbook.xml") if "xl/workbook.xml" in names else b""
        if not SHEET_PROTECTED.search(sheet):
            self.add("review-unprotected", SHEET_ITEMS, value=SHEET_ITEMS)
        if not STRUCTURE_LOCKED.search(book):
            self.add("review-unprotected", value="workbook / classeur")

    def rows(self, found: Sequence[str], items: MemberItems) -> None:
        """Item rows deleted, or put in another order than sent (answers are still read by
        their ids)."""
        expected = [i.id for i in items.items]
        seen = set(found)
        gone = [i for i in expected if i not in seen]
        if gone:
            self.add("review-rows-deleted", SHEET_ITEMS, f"A{FIRST_ROW}", len(gone),
                     other=", ".join(gone[:5]) + (" …" if len(gone) > 5 else ""))
        kept = [i for i in expected if i in seen]
        order = list(dict.fromkeys(found))
        if order != kept:
            first = next(n for n, (a, b) in enumerate(zip(order, kept, strict=True)) if a != b)
            self.add("review-rows-reordered", SHEET_ITEMS, f"A{FIRST_ROW + first}", order[first],
                     kept[first])

    def figure_value(self, raw: object, typed: str, item: Item, cell: str
                     ) -> tuple[bool, int | None]:
        """A corrected figure read as a member workbook's cell is: (readable, value), the
        value None when "not available" is asked for."""
        reading = read_count(raw)
        if reading.not_available:
            return True, None
        if reading.problem or reading.value is None:
            self.add("review-bad-value", SHEET_ITEMS, cell, typed)
            return False, None
        code = item.id[2:].split(".")[0]
        ind = next((i for i in self.cat.indicators if i.code == code), None)
        if ind is not None and reading.value > ind.ceiling:
            self.add("above-ceiling", SHEET_ITEMS, cell, typed, ind.ceiling, reading.value)
            return False, None
        warning = READ_WARNINGS.get(reading.kind)
        if warning:
            self.add(warning, SHEET_ITEMS, cell, typed, reading.value)
        printed = item.value if item.value is not None else item.national
        if printed and abs(reading.value - printed) > self.rules.limits.yoy_min_change and (
                reading.value >= FAR * printed or reading.value * FAR <= printed):
            self.add("review-value-far", SHEET_ITEMS, cell, typed, printed, reading.value)
        return True, reading.value

    def text(self, raw: object, cell: str) -> str:
        text = "" if raw is None else str(raw).strip()
        bad = sorted({f"U+{ord(ch):04X}" for ch in CONTROL.findall(text)})
        if bad:
            self.add("review-text-cleaned", SHEET_ITEMS, cell, " ".join(bad[:5]))
            text = CONTROL.sub("", text)
        limit = self.rules.limits.max_text_chars
        if len(text) > limit:
            self.add("review-text-cut", SHEET_ITEMS, cell, len(text), limit)
            text = text[:limit]
        return text

    def answer(self, r: int, cells: tuple, item: Item, formulas: Mapping) -> Answer | None:
        for col in (DECISION_COL, VALUE_COL, COMMENT_COL):
            cached = formulas.get((SHEET_ITEMS, f"{col}{r}"))
            if cached is False:
                self.add("formula-no-value", SHEET_ITEMS, f"{col}{r}", "=…")
                return None
            if cached:
                self.add("formula", SHEET_ITEMS, f"{col}{r}", cells[ord(col) - ord("A")])
        raw_decision, raw_value, raw_comment = cells[6], cells[7], cells[8]
        comment = self.text(raw_comment, f"{COMMENT_COL}{r}")
        typed = self.text(raw_value, f"{VALUE_COL}{r}")
        if raw_decision is None or not str(raw_decision).strip():
            if not typed and not comment:
                return None
            decision = "correct" if typed else "comment"
            if typed:
                self.add("review-no-decision", SHEET_ITEMS, f"{DECISION_COL}{r}")
        else:
            found = _decision(raw_decision)
            if found is None:
                self.add("review-bad-decision", SHEET_ITEMS, f"{DECISION_COL}{r}", raw_decision,
                         " / ".join(decision_label(c) for c in DECISIONS))
                return None
            decision = found
        if decision == "approve" and typed:  # approve what, the printed value or this one?
            self.add("review-approve-value", SHEET_ITEMS, f"{VALUE_COL}{r}", typed)
            return None
        value = None
        if item.kind == FIGURE and typed:
            ok, value = self.figure_value(raw_value, typed, item, f"{VALUE_COL}{r}")
            if not ok:
                return None
        status, level = "", None
        if item.kind == MEASURE and typed:
            ask = measure_correction(raw_value, item.unit)
            if ask is None:
                self.add("review-bad-measure", SHEET_ITEMS, f"{VALUE_COL}{r}", typed)
                return None
            status, level = ask.status or "", ask.value
        if item.kind == TRANSLATION and typed and not self.translation_ok(typed, item,
                                                                         f"{VALUE_COL}{r}"):
            return None
        if decision == "correct" and not typed and not comment:
            self.add("review-value-needed", SHEET_ITEMS, f"{VALUE_COL}{r}")
            return None
        return Answer(item.id, decision, value, typed, comment, r, status, level)

    def translation_ok(self, typed: str, item: Item, cell: str) -> bool:
        """A translation the member proposes is printed in the other edition: in its
        language, plain text, in characters the report's fonts draw."""
        found = MARKUP.search(typed)
        if found:
            self.add("markup-in-text", SHEET_ITEMS, cell, found.group(0))
            return False
        bad = fonts.undrawable(typed)
        if bad:
            self.add("glyph-missing", SHEET_ITEMS, cell, " ".join(bad[:4]))
            return False
        if written_in(typed) != item.lang:
            self.add("translation-wrong-language", SHEET_ITEMS, cell, typed,
                     load_texts("translation").label(f"language.to_{item.lang}"))
            return False
        return True


def read_returned(path: Path, rules: Rules, cat: Catalogue, year: int, draft: int,
                  expected: Mapping[str, MemberItems], build: str = "",
                  ) -> tuple[Returned | None, list[Finding]]:
    """One returned review workbook -> the answers it holds (None when the file is not
    this round's to read) and its findings. ``expected``: member -> its items; ``build``:
    the digest of the draft the round's workbooks were made from."""
    reader = _Reader(path, rules, member_from_name(path), cat)
    most = max((len(i.items) for i in expected.values()), default=0) + EXTRA_ROWS
    try:
        checked = open_checked(path, rules, (SHEET_ITEMS,))
        stamp, cells = _read_cells(checked, most)
    except Exception as exc:  # Unreadable, zip and XML errors, openpyxl's many types
        return None, [unreadable(exc, reader.member, path, rules)]
    if reader.stamp_ok(stamp, cat, year, draft, build) is None or not reader.sheets_ok(checked):
        return None, reader.findings
    items = expected.get(reader.member)
    known = {i.id: i for i in items.items} if items else {}
    answers: list[Answer] = []
    seen: set[str] = set()
    order: list[str] = []  # the known ids, in the order of the rows
    for r, row in sorted(cells.items()):
        ident = str(row[0]).strip() if row[0] is not None else ""
        filled = any(v is not None and str(v).strip() for v in row[6:9])
        if not ident and not filled:
            continue
        if ident not in known:
            if filled or ident:
                reader.add("review-unknown-item", SHEET_ITEMS, f"A{r}", ident or "—")
            continue
        order.append(ident)
        if ident in seen:
            reader.add("review-duplicate-item", SHEET_ITEMS, f"A{r}", ident)
            continue
        seen.add(ident)
        answer = reader.answer(r, row, known[ident], checked.formulas)
        if answer is not None:
            answers.append(answer)
    if items is not None:
        reader.rows(order, items)
    if not answers and not any(f.is_error for f in reader.findings):
        reader.add("review-empty", SHEET_ITEMS)
    return Returned(reader.member, path.name, draft, tuple(answers)), reader.findings


# -- the review folder ----------------------------------------------------------------------
def review_entries(folder: Path, codes: set[str]) -> tuple[list[Path], list[Path]]:
    """(the files to read, the look-alikes): every regular file that may be a workbook, and
    every entry named like a member's review workbook that cannot be one (a folder, a
    ``.xlsx.txt`` or ``.bak`` copy, a pipe): never opened, reported."""
    if not folder.is_dir():
        return [], []
    entries = sorted(p for p in folder.iterdir() if not p.name.startswith((".", "~$")))
    readable = [p for p in entries if p.is_file() and p.suffix.lower() in WORKBOOK_SUFFIXES]
    lookalikes = [p for p in entries if p not in readable and member_from_name(p) in codes]
    return readable, lookalikes


def lookalike_findings(rules: Rules, paths: Sequence[Path], read: Mapping[str, str]
                       ) -> list[Finding]:
    """As ``check`` reports them: an error while the member has no readable return (``read``:
    member -> the file read), a warning beside one."""
    out = []
    for path in paths:
        member = member_from_name(path)
        if member in read:
            out.append(rules.finding("ignored-file", member, path.name, value=path.name,
                                     expected=why_unusable(path), other=read[member]))
        else:
            out.append(rules.finding("unusable-file", member, path.name, value=path.name,
                                     expected=why_unusable(path)))
    return out
