"""A draft build (dataset, findings, edition) -> DraftRecord: the draft's figures and
activities as printed, kept beside it as out/<year>/report-<year>-draft<N>.json.

Each measure of the national plan is kept as the plan chapter prints it (status, value,
the lead's comment) with the cells of its lead's plan sheet (version 2; a record of
version 1, written before the plan was reviewed, reads with no measures). Each text a
member wrote is kept with its translation into the other language, or none yet, and the
cell it was written in (version 3; an older record reads with none).

With the draft's HTML and PDF (same name, .html and .pdf) the record is everything the
review round needs about that draft: the review packs and workbooks, the change report to
the next draft and the review log's "value in the next draft" read it, never the member
workbooks again (they may have changed since). Every figure keeps the member, file, sheet
and cell it came from; a reporter whose figure was not received is listed with the cell
where it belongs and no value.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar, cast

from report.atomic import atomic_write_text
from report.errors import ReportError
from report.figures.consolidate import NOT_REPORTED, Dataset
from report.findings import Finding
from report.intake.layout import (
    SHEET_DATA,
    SHEET_PLAN,
    PlanRow,
    data_slots,
    plan_rows,
    workbook_name,
)
from report.label import Label
from report.language.formatting import Formatter
from report.language.texts import load_texts
from report.publish.anchors import activity_id
from report.settings.catalogue import Catalogue, Indicator
from report.settings.edition import Edition
from report.settings.languages import language
from report.terminal import SURROGATE, shown_name

VERSION = 3  # 2: the plan measures; 3: the members' texts and their translations
VERSIONS = (1, 2, VERSION)  # an older record reads with none of what came after it
NAME = re.compile(r"^report-(\d{4})-draft(\d+)\.json$")
T = TypeVar("T")


class RecordError(ReportError):
    """A draft's record is missing or unreadable: build the draft again."""


@dataclass(frozen=True)
class MemberFigure:
    """One reporter's figure for a key: its value (None: not received) and its cell."""

    member: str
    value: int | None
    file: str
    sheet: str
    cell: str


@dataclass(frozen=True)
class FigureRecord:
    key: str  # INDICATOR.total or INDICATOR.dimension.category
    indicator: str
    title: Label  # the indicator's (in the record: indicator_ar, indicator_fr)
    dimension: Label  # empty for the total
    category: Label  # empty for the total
    value: int | None  # the national figure the draft prints
    used: tuple[str, ...]  # members whose figures make it
    members: tuple[MemberFigure, ...]  # every reporter of the indicator

    def of(self, member: str) -> MemberFigure | None:
        return next((m for m in self.members if m.member == member), None)

    def part(self, lang: str) -> tuple[str, str]:
        """(dimension, category) of a breakdown's figure; ("", "") for the total."""
        return self.dimension(lang), self.category(lang)

    def label(self, lang: str) -> str:
        dim, cat = self.part(lang)
        sep = language(lang).label_separator
        return f"{self.title(lang)} — {dim}{sep}{cat}" if dim else self.title(lang)


@dataclass(frozen=True)
class ActivityRecord:
    id: str  # the anchor of the activity in the draft's HTML and PDF
    member: str
    measure: str
    title: str
    description: str
    partners: str
    beneficiaries: str
    date: str  # ISO date or ""
    file: str
    sheet: str
    cell: str


@dataclass(frozen=True)
class MeasureRecord:
    """One measure of the national plan as the draft's plan chapter prints it, with the
    lead's plan sheet cells it came from (where they belong when nothing was received)."""

    code: str
    axis: str
    label: Label
    lead: str
    unit: str  # "count" | "percent"
    status: str  # consolidate.REPORT_STATUSES
    status_words: Label  # as printed (in the record: status_ar, status_fr)
    value: float | None
    value_text: str  # as printed ("—" when none)
    target: float
    target_year: int
    comment: str  # as the lead wrote it
    file: str
    sheet: str
    status_cell: str  # "" when the measure's period has not begun (no row for it)
    value_cell: str
    comment_cell: str

    @property
    def due(self) -> bool:
        return bool(self.status_cell)


@dataclass(frozen=True)
class TextRecord:
    """A member's text and its translation into the other language as the draft's build
    knew it (report/review/texts.py makes them): the member confirms or corrects it."""

    id: str  # T- and the source text's hash (report/figures/texts.py: text_id)
    member: str
    kind: str  # activity | comment
    field: str  # title | description | partners | beneficiaries | comment
    source: str  # as the member wrote it
    lang: str  # the language it is written in
    translation: str  # in the other language; "" while it is awaited
    origin: str  # member | translator | review; "" while awaited
    anchor: str  # where the draft prints it: the activity's id, or measure-<code>
    file: str
    sheet: str
    cell: str

    @property
    def awaiting(self) -> bool:
        return not self.translation


@dataclass(frozen=True)
class DraftRecord:
    year: int
    draft: int
    draft_date: str  # ISO date
    lang: str
    digits: str  # "latn" | "arab": how the draft prints numbers
    pdf: str  # file names beside the record
    html: str
    received: tuple[str, ...]
    figures: tuple[FigureRecord, ...]
    activities: tuple[ActivityRecord, ...]
    findings: tuple[Finding, ...]  # of the workbooks the draft was built from
    measures: tuple[MeasureRecord, ...] = ()  # the plan's, in plan order
    texts: tuple[TextRecord, ...] = ()  # the members' texts, with their translations

    def measure(self, code: str) -> MeasureRecord | None:
        return next((m for m in self.measures if m.code == code), None)

    def member_measures(self, member: str) -> tuple[MeasureRecord, ...]:
        """The measures ``member`` leads whose period has begun in the draft's year."""
        return tuple(m for m in self.measures if m.lead == member and m.due)

    def figure(self, key: str) -> FigureRecord | None:
        return next((f for f in self.figures if f.key == key), None)

    def member_figures(self, member: str) -> tuple[tuple[FigureRecord, MemberFigure], ...]:
        return tuple((f, mf) for f in self.figures for mf in f.members if mf.member == member)

    def member_activities(self, member: str) -> tuple[ActivityRecord, ...]:
        return tuple(a for a in self.activities if a.member == member)

    def member_texts(self, member: str) -> tuple[TextRecord, ...]:
        """The texts ``member`` wrote, each once (the first place it was written)."""
        seen: dict[str, TextRecord] = {}
        for t in self.texts:
            if t.member == member:
                seen.setdefault(t.id, t)
        return tuple(seen.values())

    def text(self, ident: str) -> TextRecord | None:
        return next((t for t in self.texts if t.id == ident), None)


NONE = Label("", "")


def _parts(ind: Indicator) -> list[tuple[str, Label, Label]]:
    """(key, dimension, category) of every figure; empty labels for the total."""
    out = [(f"{ind.code}.total", NONE, NONE)]
    for b in ind.breakdowns:
        d = b.dimension
        out += [(f"{ind.code}.{d.code}.{c.code}", d.label, c.label) for c in d.categories]
    return out


def _measure_text(fmt: Formatter, status: str, value: float | None, unit: str) -> str:
    """The value as the plan chapter's table prints it (measure_table)."""
    if status == NOT_REPORTED:
        return fmt.missing
    return "—" if value is None else fmt.level_text(value, unit)


def measure_records(cat: Catalogue, ds: Dataset, fmt: Formatter,
                    files: dict[str, str]) -> tuple[MeasureRecord, ...]:
    """Every measure of the plan as the draft prints it, with its lead's cells."""
    words = load_texts("plan")
    rows = {r.measure: r for lead in sorted({m.lead for m in cat.plan.measures})
            for r in plan_rows(cat, lead, ds.year)}
    out = []
    for axis in cat.plan.axes:
        for m in axis.measures:
            status = ds.plan_status(m)
            report = ds.plan.get(m.code)
            value = report.value if report else None
            row = rows.get(m.code)
            if report is not None:  # the row the lead's report was read from
                row = PlanRow(int(re.sub(r"\D", "", report.source.cell)), m.code)
            target, target_year = m.target_for(ds.year, done=status == "done")
            file = report.source.file if report else files.get(m.lead,
                                                               workbook_name(m.lead, ds.year))
            out.append(MeasureRecord(
                m.code, axis.code, Label(m.label("ar"), m.label("fr")), m.lead, m.indicator.unit,
                status, words.label(f"status.{status}"), value,
                _measure_text(fmt, status, value, m.indicator.unit), target, target_year,
                report.comment if report else "", shown_name(file) if row else "",
                SHEET_PLAN if row else "", row.cell("status") if row else "",
                row.cell("value") if row else "", row.cell("comment") if row else ""))
    return tuple(out)


def draft_record(cat: Catalogue, ds: Dataset, findings: tuple[Finding, ...], edition: Edition,
                 lang: str, pdf: Path, files: dict[str, str],
                 texts: tuple[TextRecord, ...] = ()) -> DraftRecord:
    """The record of a draft just built. ``files``: member -> its workbook's file name;
    ``texts``: the members' texts with their translations (report/review/texts.py)."""
    cells = {m.code: {s.key: s.cell for s in data_slots(cat, m.code) if s.is_input}
             for m in cat.members}
    figures = []
    for ind in cat.indicators:
        for key, dimension, category in _parts(ind):
            nat = ds.figures[key]
            members = tuple(
                MemberFigure(m, ds.by_member.get(key, {}).get(m),
                             shown_name(files.get(m, workbook_name(m, ds.year))), SHEET_DATA,
                             cells[m][key])
                for m in ind.reporters)
            figures.append(FigureRecord(key, ind.code, ind.label, dimension, category,
                                        nat.value,
                                        tuple(dict.fromkeys(s.member for s in nat.sources)),
                                        members))
    activities = tuple(ActivityRecord(activity_id(a.member, a.source.cell), a.member, a.measure,
                                      a.title, a.description, a.partners, a.beneficiaries,
                                      a.date.isoformat() if a.date else "",
                                      shown_name(a.source.file),
                                      a.source.sheet, a.source.cell)
                       for a in ds.activities)
    fmt = Formatter(lang, cat.nouns, edition.digits)
    return DraftRecord(ds.year, edition.draft, edition.draft_date.isoformat(), lang,
                       edition.digits, pdf.name, pdf.with_suffix(".html").name, ds.received,
                       tuple(figures), activities, tuple(findings),
                       measure_records(cat, ds, fmt, files), texts)


def record_path(folder: Path, year: int, draft: int) -> Path:
    return folder / f"report-{year}-draft{draft}.json"




def json_text(data: object) -> str:
    """JSON, Arabic as it is; a lone surrogate (a byte of a file name that was not UTF-8)
    escaped, so the file is valid UTF-8 and reads back the same."""
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    return SURROGATE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


# A Label field is written as two keys, <prefix>_ar and <prefix>_fr, where the field
# stood (the record's keys since version 1); the prefix is the field's name unless named here.
PREFIXES = {"title": "indicator", "status_words": "status"}


def _json(value: object) -> object:
    """A record's value as JSON data (asdict's, each Label as two keys)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, object] = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if isinstance(item, Label):
                prefix = PREFIXES.get(f.name, f.name)
                out[f"{prefix}_ar"], out[f"{prefix}_fr"] = item.ar, item.fr
            else:
                out[f.name] = _json(item)
        return out
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    return value


def _read(cls: type[T], data: dict) -> T:
    """The JSON data of one record item -> the item (each Label from its two keys)."""
    kwargs = dict(data)
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        prefix = PREFIXES.get(f.name, f.name)
        if f.type in ("Label", Label):
            kwargs[f.name] = Label(kwargs.pop(f"{prefix}_ar"), kwargs.pop(f"{prefix}_fr"))
    return cls(**kwargs)


def write_record(folder: Path, record: DraftRecord) -> Path:
    path = record_path(folder, record.year, record.draft)
    atomic_write_text(path, json_text({"version": VERSION, **cast(dict, _json(record))}))
    return path


def load_record(path: Path) -> DraftRecord:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.pop("version", None) not in VERSIONS:
            raise ValueError("another version of the record")
        figures = tuple(_read(FigureRecord, {**f, "used": tuple(f["used"]), "members": tuple(
            MemberFigure(**m) for m in f["members"])}) for f in data.pop("figures"))
        activities = tuple(ActivityRecord(**a) for a in data.pop("activities"))
        findings = tuple(_read(Finding, f) for f in data.pop("findings"))
        measures = tuple(_read(MeasureRecord, m) for m in data.pop("measures", ()))
        texts = tuple(TextRecord(**t) for t in data.pop("texts", ()))
        return DraftRecord(**{**data, "received": tuple(data["received"])}, figures=figures,
                           activities=activities, findings=findings, measures=measures,
                           texts=texts)
    except OSError as exc:
        raise RecordError(f"{path}: no record of this draft (build it again) ({exc})") from exc
    except (ValueError, TypeError, KeyError) as exc:
        raise RecordError(f"{path}: unreadable draft record ({exc}); build the draft "
                          "again") from exc


def drafts(folder: Path, year: int) -> list[int]:
    """Draft numbers of ``year`` whose record, HTML and PDF are all in ``folder``."""
    found = []
    for p in folder.glob(f"report-{year}-draft*.json") if folder.is_dir() else ():
        m = NAME.match(p.name)
        if m and int(m.group(1)) == year and p.with_suffix(".html").exists() \
                and p.with_suffix(".pdf").exists():
            found.append(int(m.group(2)))
    return sorted(found)


def previous_draft(folder: Path, year: int, draft: int) -> int | None:
    """The latest recorded draft before ``draft``."""
    return max((d for d in drafts(folder, year) if d < draft), default=None)
