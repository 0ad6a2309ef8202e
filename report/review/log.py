"""A round's returned answers + the log as the secretariat left it + the latest draft ->
out/<year>/review/draft<N>/review-log.xlsx; a log -> its entries.

Every comment and every correction a member returned is an entry: member, item, page, what
was asked and when, and a status the secretariat sets in the log (open, accepted, rejected)
with its reason. The log is read back at each collect, so the statuses set there are kept
while the member asks the same; a new request for an item already decided reopens it (the
earlier request, its date and its status stay in the entry's history). A request the
member withdraws (it approves the item afterwards, or its returned file is taken out of
the review folder) is closed as withdrawn; the entry stays in the log (the log is the
round's record). A correction changes no figure by itself: for a figure, the log shows the
value the latest draft prints and whether it matches the value requested; for a measure of
the national plan, its status and value in the latest draft and whether they match the
status and/or value requested; for an activity, its text in the latest draft and whether
it holds the text proposed. Each sheet prints one A4 page wide with its header row on every
page (report/xlsxprint.py). While any entry of any round is open, the final edition is
refused (report/review/signoff.py), unless forced with a reason.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from report.figures.records import Translation
from report.findings import Finding
from report.intake.read import Unreadable, open_checked, unreadable
from report.language.texts import load_texts
from report.review.answers import (
    OPEN,
    SHEET_ITEMS,
    STATUSES,
    WITHDRAWN,
    LogEntry,
    Returned,
    decision_label,
)
from report.review.items import (
    ACTIVITY,
    FIGURE,
    KINDS,
    MEASURE,
    PARAGRAPH,
    TRANSLATION,
    MemberItems,
    Round,
    measure_correction,
)
from report.review.record import DraftRecord
from report.review.sheets import (
    INPUT_FILL,
    WRAP,
    both,
    choice_code,
    heads,
    pages_text,
    put,
    rows,
    rtl_sheet,
    title,
)
from report.settings.catalogue import Catalogue
from report.settings.rules import Rules
from report.xlsxfile import save_workbook
from report.xlsxprint import lay_out

TEXTS = load_texts("review")
LOG_NAME = "review-log.xlsx"
KIND, VERSION = "review log", "L2"  # L2: the date of each request and its history
SHEET_ENTRIES, SHEET_RETURNS, SHEET_FINDINGS = "السجل", "الردود", "ملاحظات الملفات"
SHEET_STAMP, SHEET_LISTS = "_stamp", "_lists"
COLUMNS = ("entry", "member", "item", "kind", "label", "pages", "text", "decision", "requested",
           "comment", "asked", "earlier", "source", "latest_draft", "latest", "matches",
           "status", "note")
WIDTHS = (20, 10, 18, 10, 28, 10, 40, 14, 18, 34, 12, 34, 24, 10, 14, 12, 14, 30)
# the columns of the logs each version wrote (a log written before L2 still reads)
READ_COLUMNS = {"L1": tuple(c for c in COLUMNS if c not in ("asked", "earlier")),
                VERSION: COLUMNS}
STATUS_COL = COLUMNS.index("status") + 1
NOTE_COL = COLUMNS.index("note") + 1
HEADER_ROW, FIRST_ROW = 4, 5
MAX_ROWS = 20_000
ROUND = re.compile(r"^draft(\d+)$")



def status_label(code: str) -> str:
    return both(TEXTS, f"status.{code}", " / ")


def entries_of(returned: Sequence[Returned], items: Mapping[str, MemberItems],
               draft: int) -> list[LogEntry]:
    """The comments and corrections of the returns (an approval counts when it comments)."""
    out = []
    for r in returned:
        known = items.get(r.member)
        for a in r.answers:
            item = known.item(a.item) if known else None
            if item is None or (a.decision == "approve" and not a.comment):
                continue
            out.append(LogEntry(f"{r.member}:{a.item}", draft, r.member, a.item, item.kind,
                                item.label, item.pages, item.text, a.decision, a.text, a.value,
                                a.comment, f"{r.file} {SHEET_ITEMS}!A{a.row}"))
    return out


def _measure_latest(entry: LogEntry, latest: DraftRecord) -> LogEntry:
    """A measure's status and value in the latest draft, and whether they are the ones
    asked for: the status when one was asked, the value when one was."""
    m = latest.measure(entry.item[2:])
    if m is None:
        return replace(entry, latest_draft=latest.draft, latest=None, matches=None)
    shown = TEXTS("log.measure_latest", "ar").format(status=m.status_words.ar, value=m.value_text)
    ask = measure_correction(entry.requested, m.unit) if entry.decision == "correct" else None
    matches = None
    if ask is not None and latest.draft > entry.draft:
        matches = (ask.status is None or ask.status == m.status) and \
            (ask.value is None or (m.value is not None and abs(ask.value - m.value) < 1e-9))
    return replace(entry, latest_draft=latest.draft, latest=shown, matches=matches)


SPACES = re.compile(r"\s+")


def _activity_latest(entry: LogEntry, latest: DraftRecord) -> LogEntry:
    """An activity as the latest draft prints it, and whether it holds the text the member
    proposed (a correction, once a later draft exists)."""
    cell = entry.item[2:]
    mine = latest.member_activities(entry.member)
    act = next((a for a in mine if a.cell == cell), None)
    if act is None:
        return replace(entry, latest_draft=latest.draft, latest=None, matches=None)
    printed = " ".join(x for x in (act.title, act.description, act.partners,
                                   act.beneficiaries) if x)
    asked = SPACES.sub(" ", entry.requested).strip()
    matches = None
    if entry.decision == "correct" and asked and latest.draft > entry.draft:
        matches = asked.casefold() in SPACES.sub(" ", printed).casefold()
    return replace(entry, latest_draft=latest.draft, latest=printed, matches=matches)


def _translation_latest(entry: LogEntry, latest: DraftRecord) -> LogEntry:
    """A text's translation in the latest draft, and whether it is the one the member
    proposed (a correction accepted reaches the translation memory at the next collect)."""
    t = latest.text(entry.item)
    shown = t.translation if t is not None else None
    matches = None
    if t is not None and entry.decision == "correct" and entry.requested.strip() \
            and latest.draft > entry.draft:
        matches = " ".join(shown.split()) == " ".join(entry.requested.split()) if shown \
            else False
    return replace(entry, latest_draft=latest.draft, latest=shown, matches=matches)


def with_latest(entry: LogEntry, latest: DraftRecord | None) -> LogEntry:
    """A figure correction with the latest draft's figure, a measure's with its status and
    value, an activity's with its text, a translation's with the latest draft's translation,
    and whether it is the one asked for (only once a later draft than the reviewed one
    exists)."""
    if latest is not None and entry.kind == MEASURE and entry.item.startswith("M-"):
        return _measure_latest(entry, latest)
    if latest is not None and entry.kind == ACTIVITY and entry.item.startswith("A-"):
        return _activity_latest(entry, latest)
    if latest is not None and entry.kind == TRANSLATION and entry.item.startswith("T-"):
        return _translation_latest(entry, latest)
    if latest is None or entry.kind != FIGURE or not entry.item.startswith("F-"):
        return replace(entry, latest_draft=None, latest=None, matches=None)
    fig = latest.figure(entry.item[2:])
    mine = fig.of(entry.member) if fig else None
    value = mine.value if mine else None
    later = latest.draft > entry.draft
    matches = (value == entry.value) if later and entry.value is not None else None
    return replace(entry, latest_draft=latest.draft, latest=value, matches=matches)


WITHDRAWALS = ("approved", "removed")  # why a request is withdrawn (texts: log.withdrawn.*)


def merge(previous: Sequence[LogEntry], fresh: Sequence[LogEntry],
          latest: DraftRecord | None, withdrawn: Mapping[str, str] | None = None,
          today: dt.date | None = None) -> list[LogEntry]:
    """The log after a collect. A fresh entry asking what the log's entry asked keeps the
    status and reason the secretariat set; one asking something else (or asking again
    after a withdrawal) is open again, the earlier request in its history. An entry of the
    previous log that no return holds any more stays as it was, unless it is open and
    ``withdrawn`` names it (entry id -> why: "approved" or "removed"): it is closed as
    withdrawn, with the date. ``today``: the date of this collect."""
    day = (today or dt.date.today()).isoformat()
    kept = {e.id: e for e in previous}
    out = [_carried(kept.get(e.id), e, day) for e in fresh]
    ids = {e.id for e in fresh}
    for e in previous:
        if e.id in ids:
            continue
        why = (withdrawn or {}).get(e.id)
        if why in WITHDRAWALS and e.open:
            note = TEXTS.label(f"log.withdrawn.{why}")
            line = f"{note.ar.format(date=day)} / {note.fr.format(date=day)}"
            e = replace(e, status=WITHDRAWN, earlier=_joined(line, e.earlier))
        out.append(e)
    return [with_latest(e, latest) for e in out]


def _carried(old: LogEntry | None, new: LogEntry, day: str) -> LogEntry:
    if old is None:
        return replace(new, asked=new.asked or day)
    if old.same_request(new) and old.status != WITHDRAWN:
        return replace(new, status=old.status, note=old.note, asked=old.asked or day,
                       earlier=old.earlier)
    return replace(new, status=OPEN, note="", asked=day,
                   earlier=_joined(earlier_line(old), old.earlier))


def earlier_line(e: LogEntry) -> str:
    """An earlier request as the history keeps it: its date, decision, value or text, and
    the status it had."""
    label = TEXTS.label("log.earlier")
    asked = str(e.value) if e.value is not None else (e.requested or e.comment)
    return " / ".join(label(lang).format(
        date=e.asked or "—", decision=TEXTS(f"decision.{e.decision}", lang),
        requested=asked[:80], status=TEXTS(f"status.{e.status}", lang))
        for lang in ("ar", "fr"))


def _joined(line: str, before: str) -> str:
    return f"{line}\n{before}" if before else line


def accepted_translations(entries: Sequence[LogEntry], rnd: Round
                          ) -> list[tuple[Translation, str]]:
    """The translations members proposed in this round that the secretariat accepted in the
    log, each with its member: they go to the translation memory ("review"), where they
    prevail over the member's workbook and the translator's."""
    out = []
    for e in entries:
        items = rnd.members.get(e.member)
        item = items.item(e.item) if items else None
        if e.kind != TRANSLATION or e.decision != "correct" or e.status != "accepted" \
                or not e.requested.strip() or e.draft != rnd.draft or item is None \
                or not item.source:
            continue
        out.append((Translation(item.source, e.requested.strip(), item.lang, "review",
                                f"{LOG_NAME} draft{e.draft} {e.id}"), e.member))
    return out


# -- writing --------------------------------------------------------------------------------
def _yes_no(value: bool | None, lang: str = "ar") -> str:
    return "" if value is None else both(TEXTS, "yes" if value else "no", " / ")


def _entry_row(e: LogEntry, names: Mapping[str, str]) -> tuple[object, ...]:
    requested: object = e.value if e.value is not None else e.requested
    return (e.id, e.member, e.item, both(TEXTS, f"kind.{e.kind}", " / "), e.label,
            pages_text(e.pages), e.text, decision_label(e.decision), requested, e.comment,
            e.asked, e.earlier, e.source, e.latest_draft if e.latest_draft is not None else "",
            e.latest if e.latest is not None else "", _yes_no(e.matches), status_label(e.status),
            e.note)


def _protect(ws: Worksheet) -> None:
    ws.protection.sheet = True
    ws.protection.formatCells = False
    ws.protection.formatColumns = False
    ws.protection.sort = False
    ws.protection.autoFilter = False


def _entries_sheet(wb: Workbook, entries: Sequence[LogEntry], names: Mapping[str, str],
                   year: int, draft: int) -> None:
    ws = rtl_sheet(wb.active)
    ws.title = SHEET_ENTRIES
    title(ws, both(TEXTS, "log.title", " / ", year=year, draft=draft))
    put(ws, 2, 1, both(TEXTS, "log.note"))
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=8)
    heads(ws, HEADER_ROW, TEXTS, [f"log.head.{c}" for c in COLUMNS], WIDTHS)
    last = rows(ws, FIRST_ROW, [_entry_row(e, names) for e in entries]) - 1
    lists = wb.create_sheet(SHEET_LISTS)
    for r, code in enumerate(STATUSES, start=1):
        lists.cell(r, 1, status_label(code))
    lists.sheet_state = "hidden"
    dv = DataValidation(type="list", formula1=f"'{SHEET_LISTS}'!$A$1:$A${len(STATUSES)}",
                        allow_blank=True, showInputMessage=True,
                        prompt=TEXTS("log.prompt.status", "ar"))
    ws.add_data_validation(dv)
    unlocked = Protection(locked=False)
    for r in range(FIRST_ROW, max(last, FIRST_ROW) + 1):
        for c in (STATUS_COL, NOTE_COL):
            cell = ws.cell(r, c)
            cell.protection, cell.fill, cell.alignment = unlocked, INPUT_FILL, WRAP
        dv.add(ws.cell(r, STATUS_COL).coordinate)
    ws.freeze_panes = f"A{FIRST_ROW}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{ws.cell(HEADER_ROW, len(COLUMNS)).column_letter}" \
                         f"{max(last, HEADER_ROW)}"
    lay_out(ws, HEADER_ROW)
    _protect(ws)


def _returns_sheet(wb: Workbook, cat: Catalogue, returned: Sequence[Returned],
                   findings: Sequence[Finding], lang: str) -> None:
    ws = rtl_sheet(wb.create_sheet(SHEET_RETURNS))
    keys = ("member", "label", "file", "received", "approved", "corrections", "comments",
            "errors")
    heads(ws, 1, TEXTS, [f"log.head.{k}" for k in keys], (10, 50, 26, 12, 12, 12, 12, 14))
    by = {r.member: r for r in returned}
    lines = []
    for m in cat.members:
        r = by.get(m.code)
        n = [r.count(d) if r else 0 for d in ("approve", "correct", "comment")]
        errors = sum(f.is_error for f in findings if f.member == m.code)
        lines.append((m.code, m.name(lang), r.file if r else "", _yes_no(r is not None), *n,
                      errors))
    rows(ws, 2, lines)
    ws.freeze_panes = "A2"
    lay_out(ws, 1)


def _findings_sheet(wb: Workbook, findings: Sequence[Finding]) -> None:
    ws = rtl_sheet(wb.create_sheet(SHEET_FINDINGS))
    feedback = load_texts("feedback")
    keys = ("member", "severity", "file", "sheet", "cell", "value", "message_ar", "message_fr",
            "code")
    heads(ws, 1, feedback, [f"head.{k}" for k in keys], (10, 18, 26, 14, 10, 22, 70, 60, 22))
    rows(ws, 2, [(f.member, both(feedback, f"severity.{f.severity}", " / "), f.file, f.sheet,
                  f.cell, f.value, f.message.ar, f.message.fr, f.code) for f in findings])
    ws.freeze_panes = "A2"
    lay_out(ws, 1)


def log_workbook(entries: Sequence[LogEntry], returned: Sequence[Returned],
                 findings: Sequence[Finding], cat: Catalogue, year: int, draft: int,
                 lang: str) -> Workbook:
    wb = Workbook()
    names = {m.code: m.name(lang) for m in cat.members}
    _entries_sheet(wb, entries, names, year, draft)
    _returns_sheet(wb, cat, returned, findings, lang)
    _findings_sheet(wb, findings)
    stamp = wb.create_sheet(SHEET_STAMP)
    for r, (k, v) in enumerate((("kind", KIND), ("version", VERSION), ("year", year),
                                ("draft", draft)), start=1):
        stamp.cell(r, 1, k)
        stamp.cell(r, 2, v)
    stamp.sheet_state = "veryHidden"
    return wb


def write_log(path: Path, wb: Workbook, day: dt.date) -> None:
    save_workbook(wb, path, dt.datetime(day.year, day.month, day.day))


# -- reading back ---------------------------------------------------------------------------
def _status(raw: object) -> str | None:
    if raw is None or not str(raw).strip():
        return OPEN
    return choice_code(raw, STATUSES, TEXTS, "status")


def _decision_code(raw: object) -> str:
    text = str(raw or "").strip().casefold()
    for code in ("approve", "correct", "comment"):
        if text in {code, decision_label(code).casefold()}:
            return code
    return "comment"


def _pages(raw: object) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", str(raw or "")))


def _int(raw: object) -> int | None:
    return raw if isinstance(raw, int) and not isinstance(raw, bool) else None


def _kind(raw: object) -> str:
    text = str(raw or "")
    return next((k for k in KINDS if text == both(TEXTS, f"kind.{k}", " / ")), PARAGRAPH)


def _text(raw: object) -> str:
    return "" if raw is None else str(raw)


def read_log(path: Path, rules: Rules) -> tuple[list[LogEntry], list[Finding]]:
    """The entries of a log as the secretariat left it (status and reason as set), and the
    findings on it (a status not understood leaves its entry open). A log that cannot be
    read raises Unreadable-based findings: nothing is taken from it."""
    try:
        checked = open_checked(path, rules, (SHEET_ENTRIES,))
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(checked.data), read_only=True, data_only=True)
        try:
            stamp = wb[SHEET_STAMP] if SHEET_STAMP in wb.sheetnames else None
            draft_cell = stamp["B4"].value if stamp is not None else None
            kind = stamp["B1"].value if stamp is not None else None
            columns = READ_COLUMNS.get(str(stamp["B2"].value) if stamp is not None else "")
            if kind != KIND or SHEET_ENTRIES not in wb.sheetnames or columns is None:
                raise Unreadable("review-not-review", path.name)
            lines = list(wb[SHEET_ENTRIES].iter_rows(min_row=FIRST_ROW,
                                                     max_row=FIRST_ROW + MAX_ROWS - 1,
                                                     max_col=len(columns), values_only=True))
        finally:
            wb.close()
    except Exception as exc:  # Unreadable, zip and XML errors, openpyxl's many types
        return [], [unreadable(exc, "", path, rules)]
    draft = int(draft_cell) if isinstance(draft_cell, int) else 0
    entries, findings = [], []
    for r, line in enumerate(lines, start=FIRST_ROW):
        cells = tuple(line) + (None,) * (len(columns) - len(line))
        v = dict(zip(columns, cells, strict=True))
        if not v["entry"]:
            continue
        status = _status(v["status"])
        if status is None:
            cell = f"{wb_col(columns.index('status') + 1)}{r}"
            findings.append(rules.finding("review-log-status", _text(v["member"]), path.name,
                                          SHEET_ENTRIES, cell, v["status"],
                                          " / ".join(status_label(s) for s in STATUSES)))
            status = OPEN
        entries.append(LogEntry(
            _text(v["entry"]), draft, _text(v["member"]), _text(v["item"]), _kind(v["kind"]),
            _text(v["label"]), _pages(v["pages"]), _text(v["text"]),
            _decision_code(v["decision"]), _text(v["requested"]), _int(v["requested"]),
            _text(v["comment"]), _text(v["source"]), status=status, note=_text(v["note"]),
            asked=_text(v.get("asked")), earlier=_text(v.get("earlier"))))
    return entries, findings


def wb_col(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def rounds(review: Path) -> list[int]:
    """The draft numbers that have a review round folder under out/<year>/review/."""
    if not review.is_dir():
        return []
    return sorted(int(m.group(1)) for p in review.iterdir()
                  if p.is_dir() and (m := ROUND.match(p.name)))


def round_folder(review: Path, draft: int) -> Path:
    return review / f"draft{draft}"


def open_items(review: Path, rules: Rules) -> tuple[list[LogEntry], list[Finding]]:
    """Every entry still open in the rounds' logs of a year, and the findings on the logs (a
    log that cannot be read is a finding: the caller decides what that means). An entry a
    later round's log holds again (the same member and item) is that round's to decide:
    the earlier one, stale, is not counted."""
    latest: dict[str, LogEntry] = {}
    findings: list[Finding] = []
    for n in rounds(review):
        path = round_folder(review, n) / LOG_NAME
        if path.exists():
            found, problems = read_log(path, rules)
            latest.update({e.id: e for e in found})
            findings += problems
    return [e for e in latest.values() if e.open], findings
