"""A past report's published figures, in the data annex's own shape (a CSV, or a workbook
whose sheet holds the same table) -> PastReport (every key of the catalogue for that year)
+ findings.

The file's header row names its columns as the annex's figures table does (year, key or
indicator with dimension and category, value, status), plus where the report printed each
figure: ``report`` (the year the report covers; default: the year imported) and ``page``.
Other columns (the annex's labels) are ignored. The checks are ``check``'s: the codes must
be the catalogue's, each value goes through the one reader of counts
(report/intake/numbers.py: separators, fractions, negatives) and under the indicator's
ceiling (a national figure: the ceiling of one member's figure, times the reporters of a
"sum" indicator), and each breakdown must add up to its total as the catalogue's rule
says. A figure the report did not print (an empty value, a row left out) is "not
available", never 0. Every problem is a finding (file, sheet, cell, Arabic and French
message: inputs/catalogue/rules.toml); the file is only read.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from report.figures.records import PastFigure, PastReport, Reference
from report.findings import Finding
from report.intake.numbers import DIGITS, TEXT, read_count
from report.intake.plan_cells import READ_WARNINGS
from report.intake.read import open_checked, unreadable
from report.settings.catalogue import Catalogue, Indicator
from report.settings.rules import Rules

REQUIRED = ("year", "value", "status", "page")
OPTIONAL = ("key", "indicator", "dimension", "category", "breakdown", "report")
EMPTY_STATUSES = ("na", "x", "c")  # what a report prints beside a value it did not give
MARKS = ("r", "p")  # what it may print beside a value it gave (revised, provisional)
HEADER_ROWS = 10  # the header is looked for in a workbook's first rows (a title above it)
TOTAL = "total"
DASHES = ("", "—", "–", "-", "..", "…")  # a value the report did not print


@dataclass(frozen=True)
class Line:
    """One row of the table: its number in the file (as a spreadsheet numbers it) and its
    cells by column name."""

    row: int
    cells: Mapping[str, object]


@dataclass(frozen=True)
class Table:
    sheet: str  # "" for a CSV
    columns: Mapping[str, int]  # column name -> its position (0 = A)
    lines: tuple[Line, ...]

    def cell(self, name: str, row: int) -> str:
        """The spreadsheet reference of a column's cell in ``row`` ("F12")."""
        return f"{_letter(self.columns.get(name, 0))}{row}"


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _header(values: Sequence[object]) -> dict[str, int] | None:
    names = {str(v).strip().casefold(): i for i, v in enumerate(values) if v is not None}
    if "year" in names and "value" in names:
        return {n: i for n, i in names.items() if n in REQUIRED + OPTIONAL}
    return None


def _table(sheet: str, rows: Sequence[Sequence[object]], first: int = 1) -> Table | None:
    """The table whose header row is among the first rows: its lines below it."""
    for h, values in enumerate(rows[:HEADER_ROWS]):
        columns = _header(values)
        if columns is not None:
            lines = tuple(
                Line(first + r, {n: (vals[i] if i < len(vals) else None)
                                 for n, i in columns.items()})
                for r, vals in enumerate(rows[h + 1:], start=h + 1)
                if any(v is not None and str(v).strip() for v in vals))
            return Table(sheet, columns, lines)
    return None


def _csv_rows(data: bytes) -> list[list[object]]:
    text = data.decode("utf-8-sig")  # UnicodeDecodeError: not UTF-8
    return [[c if c.strip() else None for c in row] for row in csv.reader(io.StringIO(text))]


def _workbook_tables(data: bytes) -> Iterator[Table]:
    from openpyxl import load_workbook  # loaded only when a workbook is imported

    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                continue
            rows = [list(r) for r in ws.iter_rows(values_only=True)]
            found = _table(ws.title, rows)
            if found is not None:
                yield found
    finally:
        wb.close()


def read_table(path: Path, rules: Rules) -> tuple[Table | None, list[Finding]]:
    """The file's table (a CSV, or the first visible sheet of a workbook that holds one),
    read only after the same safety checks as a member workbook."""
    try:
        if path.suffix.lower() == ".csv":
            if path.stat().st_size > rules.limits.max_file_bytes:
                return None, [rules.finding("too-large", "", path.name,
                                            value=f"{path.stat().st_size:,} bytes")]
            table = _table("", _csv_rows(path.read_bytes()))
        else:
            checked = open_checked(path, rules, ())
            table = next(_workbook_tables(checked.data), None)
    except UnicodeDecodeError as exc:
        return None, [rules.finding("import-unreadable", "", path.name, value=str(exc)[:60])]
    except Exception as exc:  # Unreadable, zip and XML errors, csv errors, openpyxl's many
        return None, [unreadable(exc, "", path, rules)]
    if table is None:
        return None, [rules.finding("import-columns", "", path.name,
                                    value=", ".join(REQUIRED))]
    missing = [c for c in REQUIRED if c not in table.columns]
    if "key" not in table.columns and "indicator" not in table.columns:
        missing.append("key / indicator")
    if missing:
        return None, [rules.finding("import-columns", "", path.name, table.sheet, "A1",
                                    ", ".join(missing))]
    return table, []


class Importer:
    """Checks one table's lines against the catalogue, collecting findings as it goes."""

    def __init__(self, cat: Catalogue, rules: Rules, file: str, table: Table,
                 year: int) -> None:
        self.cat, self.rules, self.file, self.table, self.year = cat, rules, file, table, year
        self.findings: list[Finding] = []
        self.keys = {k: ind for ind in cat.indicators for k in ind.figure_keys()}
        self.rows: dict[str, int] = {}  # key -> its row in the file

    def add(self, code: str, column: str, row: int, value: object = "",
            expected: object = "", other: object = "") -> None:
        self.findings.append(self.rules.finding(
            code, "", self.file, self.table.sheet, self.table.cell(column, row), value,
            expected, other))

    def _key(self, line: Line) -> str | None:
        c = line.cells
        key = _text(c.get("key"))
        if not key:
            ind = _text(c.get("indicator")).upper()
            part = _text(c.get("breakdown")) or ".".join(
                p for p in (_text(c.get("dimension")), _text(c.get("category"))) if p)
            key = f"{ind}.{part or TOTAL}"
        if key not in self.keys:
            self.add("import-unknown-figure", "key" if "key" in self.table.columns
                     else "indicator", line.row, key)
            return None
        return key

    def _year(self, line: Line) -> bool:
        raw = line.cells.get("year")
        seen = read_count(raw).value
        if seen != self.year:
            self.add("import-other-year", "year", line.row, _text(raw) or "—", self.year)
            return False
        return True

    def _value(self, line: Line, ind: Indicator) -> tuple[bool, int | None]:
        """(readable, value): None for a figure the report did not give."""
        raw = line.cells.get("value")
        if raw is None or str(raw).strip() in DASHES:
            return True, None
        reading = read_count(raw)
        if reading.not_available:
            return True, None
        if reading.problem or reading.value is None:
            self.add(reading.problem or "not-a-number", "value", line.row, raw)
            return False, None
        ceiling = national_ceiling(ind)
        if reading.value > ceiling:
            self.add("above-ceiling", "value", line.row, raw, ceiling, reading.value)
            return False, None
        warning = READ_WARNINGS.get(reading.kind)
        if warning and not (reading.kind == TEXT and not self.table.sheet):  # a CSV is text
            self.add(warning, "value", line.row, raw, reading.value)
        return True, reading.value

    def _status(self, line: Line, value: int | None) -> str | None:
        """The symbols printed beside the figure: r or p beside a value; na, x or c (and
        only those) beside none (a blank: na)."""
        raw = _text(line.cells.get("status")).casefold()
        symbols = raw.replace("[", " ").replace("]", " ").split() or (
            [] if value is not None else ["na"])
        empty = set(symbols) & set(EMPTY_STATUSES)
        if not set(symbols) - empty <= set(MARKS) or bool(empty) != (value is None):
            allowed = EMPTY_STATUSES if value is None else ("—", *MARKS)
            self.add("import-status", "status", line.row, raw or "—", " / ".join(allowed))
            return None
        return " ".join(symbols)

    def _reference(self, line: Line, value: int | None, printed: str) -> Reference | None:
        """Where the report printed it: the report's year (this year's report by default)
        and a page, which a published value must have."""
        raw_report, raw_page = _text(line.cells.get("report")), _text(line.cells.get("page"))
        report = read_count(raw_report).value if raw_report else self.year
        if report is None or report < max(self.year, self.cat.commission.first_report_year):
            self.add("import-report", "report", line.row, raw_report, self.year)
            return None
        page = read_count(raw_page).value if raw_page else None
        if (raw_page and not page) or (page is None and value is not None):
            self.add("import-page", "page", line.row, raw_page or "—")
            return None
        return Reference(report, page, printed)

    def figures(self) -> dict[str, PastFigure]:
        """The checked figures of the year, by key (each key once)."""
        out: dict[str, PastFigure] = {}
        for line in self.table.lines:
            if not self._year(line):
                continue
            key = self._key(line)
            if key is None:
                continue
            if key in self.rows:
                self.add("import-duplicate", "value", line.row, key, self.rows[key])
                continue
            self.rows[key] = line.row
            ok, value = self._value(line, self.keys[key])
            printed = self._status(line, value) if ok else None
            ref = self._reference(line, value, printed) if printed is not None else None
            if ref is not None:
                out[key] = _figure(key, self.keys[key], value, ref)
        return out

    def sums(self, figures: Mapping[str, PastFigure]) -> None:
        """Each breakdown against its total, as ``check`` adds a member's up (a breakdown
        with cells not available cannot be added up; its known cells must still not exceed
        an "equal" total)."""
        for ind in self.cat.indicators:
            total = figures.get(f"{ind.code}.total")
            if total is None or total.value is None:
                continue
            for b in ind.breakdowns:
                keys = [f"{ind.code}.{b.dimension.code}.{c.code}" for c in b.dimension.categories]
                known = [figures[k].value for k in keys if k in figures]
                values = [v for v in known if v is not None]
                if not values:
                    continue
                parts, row = sum(values), min(self.rows[k] for k in keys if k in figures)
                if len(values) < len(keys):
                    if b.rule == "equal" and parts > total.value:
                        self.add("parts-above-total", "value", row, parts, total.value,
                                 b.dimension.label)
                    continue
                if parts != total.value if b.rule == "equal" else parts < total.value:
                    code = "sum-mismatch" if b.rule == "equal" else "sum-below-total"
                    self.add(code, "value", row, parts, total.value, b.dimension.label)


def national_ceiling(ind: Indicator) -> int:
    """The most a national figure can plausibly be: one member's ceiling, times the
    reporters whose figures a "sum" indicator adds up."""
    return ind.ceiling * (len(ind.national_reporters) if ind.aggregate == "sum" else 1)


def _text(raw: object) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return "" if raw is None else str(raw).strip().translate(DIGITS)


def _figure(key: str, ind: Indicator, value: int | None, ref: Reference) -> PastFigure:
    parts = key.split(".")
    dim, category = (parts[1], parts[2]) if len(parts) == 3 else (None, None)
    return PastFigure(key, ind.code, dim, category, value, ref)


def read_past_report(path: Path, cat: Catalogue, rules: Rules, year: int
                     ) -> tuple[PastReport | None, list[Finding]]:
    """A past report's figures of ``year`` from ``path``: every key of the catalogue (those
    the file does not hold: not available), and the findings. None when nothing can be
    imported (the file cannot be read, or holds no figure of the year)."""
    table, findings = read_table(path, rules)
    if table is None:
        return None, findings
    checker = Importer(cat, rules, path.name, table, year)
    found = checker.figures()
    checker.sums(found)
    findings += checker.findings
    if not found and not any(f.is_error for f in findings):
        findings.append(rules.finding("import-empty", "", path.name, table.sheet,
                                      expected=year))
    if not found:
        return None, findings
    every = tuple(found.get(k) or _figure(k, ind, None, Reference(year, None, ""))
                  for ind in cat.indicators for k in ind.figure_keys())
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return PastReport(year, path.name, digest, every), findings
