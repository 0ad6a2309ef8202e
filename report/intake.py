"""Member workbook files -> Submission (raw cells) or findings saying why a file can't be read.

Files are untrusted. Before openpyxl sees a file, this stage checks its size, its first
bytes (xls, ods, pdf, random), the zip directory (corrupt, truncated, zip bomb by declared
sizes), macros, and reads the sheet list, merged cells and formulas from the XML.
Files are opened read-only and never written.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from openpyxl import load_workbook

from report.findings import Finding, Rules
from report.layout import (
    ACTIVITY_COLS,
    ACTIVITY_FIRST_ROW,
    ACTIVITY_ROWS,
    KEY_COL,
    SHEET_ACTIVITIES,
    SHEET_DATA,
    STAMP_CELLS,
    SHEET_STAMP,
    VALUE_COL,
)

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
FILE_NAME = re.compile(r"^([A-Za-z0-9]+)-(\d{4})\.[A-Za-z]+$")
CELL_XML = re.compile(rb'<c r="([A-Z]+[0-9]+)"([^>]*?)(?:/>|>(.*?)</c>)', re.S)
MERGE_XML = re.compile(rb'<mergeCell ref="([A-Z0-9:]+)"')


@dataclass(frozen=True)
class SheetInfo:
    name: str
    state: str
    part: str


@dataclass(frozen=True)
class Submission:
    """What one workbook says, cell by cell, before any interpretation."""

    path: Path
    member: str  # from the stamp, else from the file name
    file_member: str  # from the file name
    stamp: dict[str, object]
    sheets: tuple[SheetInfo, ...]
    data: dict[str, tuple[object, object]]  # row-key cell (A) and value cell (C), by row number
    activities: tuple[tuple[object, ...], ...]  # rows of the activities sheet, by row number
    formulas: dict[tuple[str, str], bool] = field(default_factory=dict)  # (sheet, cell) -> cached?
    merged: dict[str, tuple[str, ...]] = field(default_factory=dict)  # sheet -> ranges

    @property
    def file(self) -> str:
        return self.path.name


def member_from_name(path: Path) -> tuple[str, int | None]:
    m = FILE_NAME.match(path.name)
    return (m.group(1).upper(), int(m.group(2))) if m else (path.stem.upper(), None)


def _sniff(head: bytes) -> str | None:
    """Why these first bytes are not an xlsx, or None if they may be one."""
    if head.startswith(b"PK\x03\x04"):
        return None
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls (Excel 97-2003)"
    if head.startswith(b"%PDF"):
        return "PDF"
    if head.startswith(b"PK"):
        return "zip"
    return "unknown format"


def _zip_checks(zf: zipfile.ZipFile, size: int, rules: Rules) -> tuple[str, str] | None:
    names = set(zf.namelist())
    declared = sum(i.file_size for i in zf.infolist())
    lim = rules.limits
    if declared > lim.max_uncompressed_bytes or declared > lim.max_compression_ratio * max(size, 1):
        return "too-large", f"{declared} bytes uncompressed"
    if "mimetype" in names and b"opendocument" in zf.read("mimetype"):
        return "not-xlsx", "ods (OpenDocument)"
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        return "not-xlsx", "zip without a workbook"
    if "xl/vbaProject.bin" in names or b"macroEnabled" in zf.read("[Content_Types].xml"):
        return "macros", "vbaProject"
    return None


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
        inner = m.group(3) or b""
        if b"<f" in inner:
            formulas[m.group(1).decode()] = b"<v>" in inner or b"<is>" in inner
    merged = tuple(r.decode() for r in MERGE_XML.findall(xml))
    return formulas, merged


def _read_values(data: bytes, sheets: tuple[SheetInfo, ...]) -> tuple[dict, dict, tuple, dict]:
    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        names = set(wb.sheetnames)
        stamp = {}
        if SHEET_STAMP in names:
            ws = wb[SHEET_STAMP]
            stamp = {k: ws[ref].value for k, ref in STAMP_CELLS.items()}
        rows = {}
        if SHEET_DATA in names:
            for r in wb[SHEET_DATA].iter_rows(min_col=1, max_col=3, values_only=True):
                rows[len(rows) + 1] = (r[0] if r else None, r[2] if len(r) > 2 else None)
        acts = ()
        if SHEET_ACTIVITIES in names:
            ws = wb[SHEET_ACTIVITIES]
            acts = tuple(ws.iter_rows(min_row=ACTIVITY_FIRST_ROW,
                                      max_row=ACTIVITY_FIRST_ROW + ACTIVITY_ROWS * 4,
                                      max_col=len(ACTIVITY_COLS) + 1, values_only=True))
        return stamp, rows, acts, {}
    finally:
        wb.close()


def read_submission(path: Path, rules: Rules) -> tuple[Submission | None, list[Finding]]:
    """Open one workbook read-only; return its raw cells, or the findings that stop reading it."""
    file_member, _ = member_from_name(path)

    def fail(code: str, value: object) -> tuple[None, list[Finding]]:
        return None, [rules.finding(code, file_member, path.name, value=value)]

    size = path.stat().st_size
    if size > rules.limits.max_file_bytes:
        return fail("too-large", f"{size} bytes")
    data = path.read_bytes()
    why = _sniff(data[:8])
    if why:
        return fail("not-xlsx", why)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            stop = _zip_checks(zf, size, rules)
            if stop:
                return fail(*stop)
            sheets = _sheets(zf)
            formulas, merged = {}, {}
            for s in sheets:
                if s.name in (SHEET_DATA, SHEET_ACTIVITIES) and s.part in zf.namelist():
                    f, m = _scan_sheet(zf.read(s.part))
                    formulas.update({(s.name, c): v for c, v in f.items()})
                    merged[s.name] = m
        stamp, rows, acts, _ = _read_values(data, sheets)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ET.ParseError, KeyError, EOFError) as exc:
        return fail("corrupt-file", type(exc).__name__)
    except Exception as exc:  # openpyxl raises many types on malformed parts
        return fail("corrupt-file", f"{type(exc).__name__}: {exc}"[:80])
    member = str(stamp.get("member") or file_member)
    return Submission(path, member, file_member, stamp, sheets, rows, acts, formulas, merged), []


def key_cell(row: int) -> str:
    return f"{KEY_COL}{row}"


def value_cell(row: int) -> str:
    return f"{VALUE_COL}{row}"
