"""The editor's findings + the decisions the secretariat left in the last editor's report +
the latest draft's pages -> out/<year>/editorial.xlsx; that file -> its decisions; the
findings still open -> a final edition refused (unless forced, with a reason).

One row per finding: the member, the item and where the draft prints it, the rule and its
message in Arabic and French, and two columns the secretariat fills in the file itself: the
decision (open, accepted) and its reason. They are read back at every run (check and
build), and a finding keeps its decision as long as it is found again (its id: the rule and
the item). A finding is open until accepted with a reason.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Protection
from openpyxl.worksheet.datavalidation import DataValidation

from report.editorial.findings import (
    ACTIVITY,
    DECISIONS,
    MEASURE,
    OPEN,
    EditorialFinding,
)
from report.errors import BuildError
from report.intake.read import open_checked
from report.language.texts import load_texts
from report.review.draft_map import DraftMap, DraftMapError, read_draft
from report.review.record import drafts, record_path
from report.review.sheets import (
    INPUT_FILL,
    WRAP,
    both,
    choice_code,
    heads,
    pages_text,
    put,
    rtl_sheet,
    title,
)
from report.review.sheets import rows as put_rows
from report.settings.rules import Rules
from report.xlsxfile import save_workbook

TEXTS = load_texts("editorial")
NAME = "editorial.xlsx"
KIND, VERSION = "editorial report", "E1"
SHEET, SHEET_LISTS, SHEET_STAMP = "الملاحظات", "_lists", "_stamp"
COLUMNS = ("id", "member", "kind", "item", "text", "pages", "where", "rule", "message_ar",
           "message_fr", "severity", "status", "reason")
WIDTHS = (30, 9, 10, 12, 40, 10, 28, 26, 70, 60, 11, 13, 40)
STATUS_COL, REASON_COL = COLUMNS.index("status") + 1, COLUMNS.index("reason") + 1
HEADER_ROW, FIRST_ROW = 4, 5
MAX_ROWS = 10_000


@dataclass(frozen=True)
class Decision:
    status: str  # open | accepted
    reason: str


def decisions(path: Path, rules: Rules) -> tuple[dict[str, Decision], str]:
    """The decisions left in an editor's report (finding id -> decision), and why none could
    be read ("" when the file was read, or is not there yet)."""
    if not path.exists():
        return {}, ""
    try:
        from openpyxl import load_workbook

        checked = open_checked(path, rules, (SHEET,))
        wb = load_workbook(io.BytesIO(checked.data), read_only=True, data_only=True)
        try:
            kind = wb[SHEET_STAMP]["B1"].value if SHEET_STAMP in wb.sheetnames else None
            if kind != KIND or SHEET not in wb.sheetnames:
                return {}, f"{path.name}: not an editor's report"
            lines = list(wb[SHEET].iter_rows(min_row=FIRST_ROW, max_row=FIRST_ROW + MAX_ROWS,
                                             max_col=len(COLUMNS), values_only=True))
        finally:
            wb.close()
    except Exception as exc:  # Unreadable, zip and XML errors, openpyxl's many types
        return {}, f"{path.name}: {type(exc).__name__}: {exc}"[:200]
    found = {}
    for line in lines:
        v = dict(zip(COLUMNS, tuple(line) + (None,) * (len(COLUMNS) - len(line)), strict=True))
        if v["id"]:
            status = choice_code(v["status"] or OPEN, DECISIONS, TEXTS, "status") or OPEN
            found[str(v["id"])] = Decision(status, str(v["reason"] or "").strip())
    return found, ""


def with_decisions(findings: Sequence[EditorialFinding], kept: Mapping[str, Decision]
                   ) -> tuple[EditorialFinding, ...]:
    """Each finding with the decision the secretariat left on it, if any."""
    return tuple(replace(f, status=kept[f.id].status, reason=kept[f.id].reason)
                 if f.id in kept else f for f in findings)


def latest_draft(folder: Path, year: int) -> DraftMap | None:
    """The map of the latest draft built in ``folder`` (None: no draft, or one that cannot
    be read: the pages are left empty)."""
    built = drafts(folder, year)
    if not built:
        return None
    base = record_path(folder, year, built[-1])
    try:
        return read_draft(base.with_suffix(".html"), base.with_suffix(".pdf"))
    except DraftMapError:
        return None


def with_pages(findings: Sequence[EditorialFinding], draft: DraftMap | None
               ) -> tuple[EditorialFinding, ...]:
    """Each finding with the pages where the draft prints its item."""
    if draft is None:
        return tuple(findings)

    def pages(f: EditorialFinding) -> tuple[int, ...]:
        if f.where.kind == MEASURE:
            return draft.measure_pages(f.where.item)
        page = draft.page(f.where.anchor)
        return (page,) if page else ()

    return tuple(replace(f, pages=pages(f)) for f in findings)


def _row(f: EditorialFinding) -> tuple[object, ...]:
    w = f.where
    where = " ".join(x for x in (w.file, "!".join(x for x in (w.sheet, w.cell) if x)) if x)
    return (f.id, w.member, both(TEXTS, f"kind.{w.kind}", " / "),
            w.item if w.kind != ACTIVITY else w.cell, f.text, pages_text(f.pages), where,
            f.code, f.message.ar, f.message.fr, both(TEXTS, f"severity.{f.severity}", " / "),
            both(TEXTS, f"status.{f.status}", " / "), f.reason)


def workbook(findings: Sequence[EditorialFinding], year: int) -> Workbook:
    """The editor's report: right to left, headings in Arabic and French, the decision and
    reason columns open to the secretariat (a drop-down for the decision), the rest locked."""
    wb = Workbook()
    ws = rtl_sheet(wb.active)
    ws.title = SHEET
    title(ws, both(TEXTS, "title", " / ", year=year))
    n = sum(f.open for f in findings)
    put(ws, 2, 1, both(TEXTS, "note") + "\n" + both(TEXTS, "count", " / ", n=len(findings),
                                                      open=n))
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=9)
    ws.row_dimensions[2].height = 75
    heads(ws, HEADER_ROW, TEXTS, [f"head.{c}" for c in COLUMNS], WIDTHS)
    last = put_rows(ws, FIRST_ROW, [_row(f) for f in findings]) - 1
    lists = wb.create_sheet(SHEET_LISTS)
    for r, code in enumerate(DECISIONS, start=1):
        lists.cell(r, 1, both(TEXTS, f"status.{code}", " / "))
    lists.sheet_state = "hidden"
    dv = DataValidation(type="list", formula1=f"'{SHEET_LISTS}'!$A$1:$A${len(DECISIONS)}",
                        allow_blank=True, showInputMessage=True,
                        prompt=TEXTS("prompt.status", "ar"))
    ws.add_data_validation(dv)
    for r in range(FIRST_ROW, max(last, FIRST_ROW) + 1):
        for c in (STATUS_COL, REASON_COL):
            cell = ws.cell(r, c)
            cell.protection, cell.fill, cell.alignment = Protection(locked=False), INPUT_FILL, WRAP
        dv.add(ws.cell(r, STATUS_COL).coordinate)
    ws.freeze_panes = f"A{FIRST_ROW}"
    ws.protection.sheet = True
    ws.protection.autoFilter = ws.protection.sort = ws.protection.formatColumns = False
    stamp = wb.create_sheet(SHEET_STAMP)
    for r, (k, v) in enumerate((("kind", KIND), ("version", VERSION), ("year", year)), start=1):
        stamp.cell(r, 1, k)
        stamp.cell(r, 2, v)
    stamp.sheet_state = "veryHidden"
    return wb


def write(path: Path, findings: Sequence[EditorialFinding], year: int, day: dt.date) -> None:
    """Write the editor's report (atomically, reproducibly: dated ``day``). A previous file
    that could not be read is kept beside it, renamed, never overwritten."""
    save_workbook(workbook(findings, year), path, dt.datetime(day.year, day.month, day.day))


def set_aside(path: Path) -> Path:
    """An editor's report that cannot be read, renamed so the secretariat's work in it is
    not lost: editorial.unreadable-<n>.xlsx."""
    n = 1
    while (target := path.with_name(f"{path.stem}.unreadable-{n}{path.suffix}")).exists():
        n += 1
    path.rename(target)
    return target


class EditorialSignOffError(BuildError):
    """A final edition asked for while editor's findings are open, without --force and a
    reason."""


def sign_off(findings: Sequence[EditorialFinding], unreadable: str, force: bool,
             reason: str, path: Path) -> dict[str, object]:
    """What the manifest records about the editor's report when a final is built; refuses
    (EditorialSignOffError) while a finding is open, unless ``force`` comes with a
    ``reason``."""
    still = [f for f in findings if f.open]
    record: dict[str, object] = {"findings": len(findings), "open": len(still),
                                 "forced": False, "reason": ""}
    if unreadable:
        record["unreadable"] = unreadable
    if not still:
        return record
    if force and reason.strip():
        return {**record, "forced": True, "reason": reason.strip(),
                "open_ids": [f.id for f in still]}
    shown = ", ".join(f.id for f in still[:5]) + (", ..." if len(still) > 5 else "")
    raise EditorialSignOffError(
        f"refused: {len(still)} editor's findings are open ({shown}); correct the data, or "
        f"mark each accepted with a reason in {path}, or build with --force --reason \"...\" "
        "/ remarques de l'éditeur ouvertes")
