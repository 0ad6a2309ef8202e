"""Member workbook files -> Submission (raw cells) or findings saying why a file can't be read.

Files are untrusted. Before openpyxl sees a file, this stage checks its size, its first
bytes (xls, ods, pdf, random), the zip directory (corrupt, truncated, zip bomb by declared
sizes, too many parts), macros, and reads the sheet list, merged cells and formulas from
the XML. Files are opened read-only and never written.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from report.findings import Finding
from report.intake.layout import (
    ACTIVITY_COLS,
    ACTIVITY_FIRST_ROW,
    ACTIVITY_ROWS,
    PLAN_FIELDS,
    PLAN_FIRST_ROW,
    PLAN_READ_ROWS,
    SHEET_ACTIVITIES,
    SHEET_DATA,
    SHEET_PLAN,
    SHEET_STAMP,
    STAMP_CELLS,
)
from report.settings.rules import Rules

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
# "PMP-2025.xlsx", and the copies clerks make: "PMP-2025 (1).xlsx", "pmp_2025-final.xlsx"
FILE_NAME = re.compile(r"^([A-Za-z0-9]+)[-_ ](\d{4})(?!\d)")
CELL_XML = re.compile(rb'<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)', re.S)
CELL_REF_XML = re.compile(rb'\br="([A-Z]+[0-9]+)"')
FORMULA_XML = re.compile(rb"<(?:\w+:)?f\b")
CACHED_XML = re.compile(rb"<(?:\w+:)?v>[^<]+</(?:\w+:)?v>|<(?:\w+:)?is>")
MERGE_XML = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z0-9:]+)"')
MEMBER_SHEETS = (SHEET_DATA, SHEET_ACTIVITIES, SHEET_PLAN)  # scanned for formulas and merges
MAX_DATA_ROWS = 2000  # the data sheet of the largest member has under 100 rows


class Unreadable(Exception):
    """This file cannot be read; args are (rule code, value shown to the member)."""


@dataclass(frozen=True)
class SheetInfo:
    name: str
    state: str  # visible | hidden | veryHidden
    part: str


@dataclass(frozen=True)
class Submission:
    """What one workbook says, cell by cell, before any interpretation."""

    path: Path
    member: str  # from the stamp, else from the file name
    file_member: str  # from the file name
    stamp: dict[str, object]
    sheets: tuple[SheetInfo, ...]
    data: dict[int, tuple[object, object]]  # row -> (key cell A, value cell C)
    activities: tuple[tuple[object, ...], ...]  # rows of the activities sheet, from its first row
    formulas: dict[tuple[str, str], bool] = field(default_factory=dict)  # (sheet, cell) -> cached?
    merged: dict[str, tuple[str, ...]] = field(default_factory=dict)  # sheet -> ranges
    plan: tuple[tuple[object, ...], ...] = ()  # rows of the plan sheet, from its first row
    marked: dict[int, object] = field(default_factory=dict)  # row -> cell E, when not empty

    @property
    def file(self) -> str:
        return self.path.name


def member_from_name(path: Path) -> tuple[str, int | None]:
    """("PMP", 2025) from "PMP-2025.xlsx" or a copy of it; (STEM, None) otherwise."""
    m = FILE_NAME.match(path.name)
    return (m.group(1).upper(), int(m.group(2))) if m else (path.stem.upper(), None)


def _sniff(head: bytes) -> str | None:
    """Why these first bytes are not an xlsx, or None if they may be one."""
    if head.startswith(b"PK\x03\x04"):
        return None
    if not head:
        return "empty file"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls (Excel 97-2003) or password-protected"
    if head.startswith(b"%PDF"):
        return "PDF"
    if head.startswith(b"PK"):
        return "zip"
    if head.lstrip()[:1] == b"<":
        return "HTML/XML"
    return "unknown format"


def _zip_checks(zf: zipfile.ZipFile, size: int, rules: Rules) -> None:
    """Raise Unreadable for a zip bomb, an ods, a zip that is no workbook, or macros."""
    infos = zf.infolist()
    lim = rules.limits
    if len(infos) > lim.max_zip_entries:
        raise Unreadable("too-large", f"{len(infos)} parts")
    declared = sum(i.file_size for i in infos)
    if declared > lim.max_uncompressed_bytes or declared > lim.max_compression_ratio * max(size, 1):
        raise Unreadable("too-large", f"{declared:,} bytes uncompressed")
    names = {i.filename for i in infos}
    if "mimetype" in names and b"opendocument" in zf.read("mimetype"):
        raise Unreadable("not-xlsx", "ods (OpenDocument)")
    if "xl/workbook.bin" in names:
        raise Unreadable("not-xlsx", "xlsb (binary workbook)")
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise Unreadable("not-xlsx", "zip without a workbook")
    if "xl/vbaProject.bin" in names or b"macroEnabled" in zf.read("[Content_Types].xml"):
        raise Unreadable("macros", "vbaProject")


def _sheets(zf: zipfile.ZipFile) -> tuple[SheetInfo, ...]:
    book = ET.fromstring(zf.read("xl/workbook.xml"))
    rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("rel:Relationship", NS)}
    out = []
    for s in book.iterfind("m:sheets/m:sheet", NS):
        target = targets.get(s.get(f"{{{NS['r']}}}id"), "")
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        out.append(SheetInfo(s.get("name", ""), s.get("state", "visible"), part))
    return tuple(out)


def _scan_sheet(xml: bytes) -> tuple[dict[str, bool], tuple[str, ...]]:
    """Formula cells (-> has a cached value) and merged ranges, straight from the XML."""
    formulas = {}
    for m in CELL_XML.finditer(xml):
        inner = m.group(2) or b""
        ref = CELL_REF_XML.search(m.group(1))
        if ref and FORMULA_XML.search(inner):
            formulas[ref.group(1).decode()] = CACHED_XML.search(inner) is not None
    merged = tuple(r.decode() for r in MERGE_XML.findall(xml))
    return formulas, merged


def _structure(zf: zipfile.ZipFile, scan: Collection[str] = MEMBER_SHEETS,
               ) -> tuple[tuple[SheetInfo, ...], dict, dict]:
    sheets = _sheets(zf)
    names = set(zf.namelist())
    formulas: dict[tuple[str, str], bool] = {}
    merged: dict[str, tuple[str, ...]] = {}
    for s in sheets:
        if s.name in scan and s.part in names:
            found, ranges = _scan_sheet(zf.read(s.part))
            formulas.update({(s.name, c): v for c, v in found.items()})
            merged[s.name] = ranges
    return sheets, formulas, merged


def _at(grid: list[tuple[object, ...]], ref: str) -> object:
    """The value at "B2" in rows read from A1 (None outside them)."""
    row, col = int(ref[1:]) - 1, ord(ref[0]) - ord("A")
    return grid[row][col] if row < len(grid) and col < len(grid[row]) else None


PLAN_READ_COLS = len(PLAN_FIELDS)  # from the measure's code to the comment in the other language


def _read_values(data: bytes) -> tuple[dict, dict, tuple, tuple, dict]:
    """(stamp, data rows, activity rows, plan rows, the data sheet's column E) as cached
    values; formulas are not evaluated."""
    from openpyxl import load_workbook  # loaded only when a workbook is not in the cache

    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        names = set(wb.sheetnames)
        stamp: dict[str, object] = {}
        if SHEET_STAMP in names:
            grid = [row for row in wb[SHEET_STAMP].iter_rows(min_row=1, max_row=len(STAMP_CELLS),
                                                              max_col=2, values_only=True)]
            stamp = {k: _at(grid, ref) for k, ref in STAMP_CELLS.items()}
        rows: dict[int, tuple[object, object]] = {}
        marked: dict[int, object] = {}
        if SHEET_DATA in names:
            it = wb[SHEET_DATA].iter_rows(min_row=1, max_row=MAX_DATA_ROWS, min_col=1, max_col=5,
                                          values_only=True)
            grid = list(it)
            rows = {i: (r[0], r[2]) for i, r in enumerate(grid, start=1) if len(r) >= 3}
            marked = {i: r[4] for i, r in enumerate(grid, start=1)
                      if len(r) >= 5 and r[4] is not None and str(r[4]).strip()}
        acts: tuple[tuple[object, ...], ...] = ()
        if SHEET_ACTIVITIES in names:
            acts = tuple(wb[SHEET_ACTIVITIES].iter_rows(
                min_row=ACTIVITY_FIRST_ROW, max_row=ACTIVITY_FIRST_ROW + ACTIVITY_ROWS * 4 - 1,
                min_col=1, max_col=len(ACTIVITY_COLS), values_only=True))
        plan: tuple[tuple[object, ...], ...] = ()
        if SHEET_PLAN in names:
            plan = tuple(wb[SHEET_PLAN].iter_rows(
                min_row=PLAN_FIRST_ROW, max_row=PLAN_FIRST_ROW + PLAN_READ_ROWS - 1, min_col=1,
                max_col=PLAN_READ_COLS, values_only=True))
        return stamp, rows, acts, plan, marked
    finally:
        wb.close()


@dataclass(frozen=True)
class Checked:
    """An untrusted xlsx that passed the checks: its bytes, its sheets, and the formulas and
    merged ranges of the sheets that were scanned."""

    data: bytes
    sheets: tuple[SheetInfo, ...]
    formulas: dict[tuple[str, str], bool]  # (sheet, cell) -> has a cached value
    merged: dict[str, tuple[str, ...]]  # sheet -> ranges


def open_checked(path: Path, rules: Rules, scan: Collection[str]) -> Checked:
    """Size, first bytes, zip directory (bomb, parts, ods, xlsb), macros, then the sheet list
    and the formulas and merges of the ``scan`` sheets, all before openpyxl sees the file.
    Raises Unreadable (or a zip/XML error: see ``unreadable``). Used for every workbook that
    comes from outside: member workbooks, returned review workbooks, the review log."""
    size = path.stat().st_size
    if size > rules.limits.max_file_bytes:
        raise Unreadable("too-large", f"{size:,} bytes")
    with path.open("rb") as fh:  # read-only: the sender's file is never written
        data = fh.read()
    why = _sniff(data[:8])
    if why:
        raise Unreadable("not-xlsx", why)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        _zip_checks(zf, size, rules)
        sheets, formulas, merged = _structure(zf, scan)
    return Checked(data, sheets, formulas, merged)


def unreadable(exc: Exception, member: str, path: Path, rules: Rules) -> Finding:
    """The finding for a file ``open_checked`` or openpyxl could not read."""
    if isinstance(exc, Unreadable):
        code, value = exc.args
        return rules.finding(code, member, path.name, value=value)
    if isinstance(exc, zipfile.BadZipFile | zipfile.LargeZipFile | ET.ParseError | KeyError
                  | EOFError):
        return rules.finding("corrupt-file", member, path.name, value=type(exc).__name__)
    # openpyxl raises many types on malformed parts
    return rules.finding("corrupt-file", member, path.name,
                         value=f"{type(exc).__name__}: {exc}"[:80])


def _open(path: Path, rules: Rules) -> tuple[dict, dict, tuple, tuple, dict, tuple, dict,
                                             dict]:
    checked = open_checked(path, rules, MEMBER_SHEETS)
    stamp, rows, acts, plan, marked = _read_values(checked.data)
    return stamp, rows, acts, plan, marked, checked.sheets, checked.formulas, checked.merged


def read_submission(path: Path, rules: Rules) -> tuple[Submission | None, list[Finding]]:
    """Open one workbook read-only; return its raw cells, or the findings that stop reading it."""
    file_member, _ = member_from_name(path)
    try:
        stamp, rows, acts, plan, marked, sheets, formulas, merged = _open(path, rules)
    except Exception as exc:  # Unreadable, zip and XML errors, openpyxl's many types
        return None, [unreadable(exc, file_member, path, rules)]
    member = str(stamp.get("member") or file_member).strip().upper()
    return Submission(path, member, file_member, stamp, sheets, rows, acts, formulas, merged,
                      plan, marked), []
