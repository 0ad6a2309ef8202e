"""A draft build (dataset, findings, edition) -> DraftRecord: the draft's figures and
activities as printed, kept beside it as out/<year>/report-<year>-draft<N>.json.

With the draft's HTML and PDF (same name, .html and .pdf) the record is everything the
review round needs about that draft: the review packs and workbooks, the change report to
the next draft and the review log's "value in the next draft" read it, never the member
workbooks again (they may have changed since). Every figure keeps the member, file, sheet
and cell it came from; a reporter whose figure was not received is listed with the cell
where it belongs and no value.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from report.atomic import atomic_write_text
from report.catalogue import Catalogue, Indicator
from report.citations import activity_id
from report.consolidate import Dataset
from report.edition import Edition
from report.errors import ReportError
from report.findings import Finding
from report.layout import SHEET_DATA, data_slots, workbook_name
from report.terminal import shown_name

VERSION = 1
NAME = re.compile(r"^report-(\d{4})-draft(\d+)\.json$")


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
    indicator_ar: str
    indicator_fr: str
    dimension_ar: str  # "" for the total
    dimension_fr: str
    category_ar: str  # "" for the total
    category_fr: str
    value: int | None  # the national figure the draft prints
    used: tuple[str, ...]  # members whose figures make it
    members: tuple[MemberFigure, ...]  # every reporter of the indicator

    def of(self, member: str) -> MemberFigure | None:
        return next((m for m in self.members if m.member == member), None)

    def indicator_label(self, lang: str) -> str:
        return self.indicator_ar if lang == "ar" else self.indicator_fr

    def part(self, lang: str) -> tuple[str, str]:
        """(dimension, category) of a breakdown's figure; ("", "") for the total."""
        return (self.dimension_ar, self.category_ar) if lang == "ar" else \
            (self.dimension_fr, self.category_fr)

    def label(self, lang: str) -> str:
        dim, cat = self.part(lang)
        sep = ": " if lang == "ar" else " : "
        return f"{self.indicator_label(lang)} — {dim}{sep}{cat}" if dim else \
            self.indicator_label(lang)


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

    def figure(self, key: str) -> FigureRecord | None:
        return next((f for f in self.figures if f.key == key), None)

    def member_figures(self, member: str) -> tuple[tuple[FigureRecord, MemberFigure], ...]:
        return tuple((f, mf) for f in self.figures for mf in f.members if mf.member == member)

    def member_activities(self, member: str) -> tuple[ActivityRecord, ...]:
        return tuple(a for a in self.activities if a.member == member)


def _parts(ind: Indicator) -> list[tuple[str, str, str, str, str]]:
    """(key, dimension ar, dimension fr, category ar, category fr) of every figure."""
    out = [(f"{ind.code}.total", "", "", "", "")]
    for b in ind.breakdowns:
        d = b.dimension
        out += [(f"{ind.code}.{d.code}.{c.code}", d.label.ar, d.label.fr, c.label.ar,
                 c.label.fr) for c in d.categories]
    return out


def draft_record(cat: Catalogue, ds: Dataset, findings: tuple[Finding, ...], edition: Edition,
                 lang: str, pdf: Path, files: dict[str, str]) -> DraftRecord:
    """The record of a draft just built. ``files``: member -> its workbook's file name."""
    cells = {m.code: {s.key: s.cell for s in data_slots(cat, m.code) if s.is_input}
             for m in cat.members}
    figures = []
    for ind in cat.indicators:
        for key, dim_ar, dim_fr, cat_ar, cat_fr in _parts(ind):
            nat = ds.figures[key]
            members = tuple(
                MemberFigure(m, ds.by_member.get(key, {}).get(m),
                             shown_name(files.get(m, workbook_name(m, ds.year))), SHEET_DATA,
                             cells[m][key])
                for m in ind.reporters)
            figures.append(FigureRecord(key, ind.code, ind.label.ar, ind.label.fr, dim_ar,
                                        dim_fr, cat_ar, cat_fr, nat.value,
                                        tuple(dict.fromkeys(s.member for s in nat.sources)),
                                        members))
    activities = tuple(ActivityRecord(activity_id(a.member, a.source.cell), a.member, a.measure,
                                      a.title, a.description, a.partners, a.beneficiaries,
                                      a.date.isoformat() if a.date else "",
                                      shown_name(a.source.file),
                                      a.source.sheet, a.source.cell)
                       for a in ds.activities)
    return DraftRecord(ds.year, edition.draft, edition.draft_date.isoformat(), lang,
                       edition.digits, pdf.name, pdf.with_suffix(".html").name, ds.received,
                       tuple(figures), activities, tuple(findings))


def record_path(folder: Path, year: int, draft: int) -> Path:
    return folder / f"report-{year}-draft{draft}.json"


SURROGATE = re.compile("[\ud800-\udfff]")


def json_text(data: object) -> str:
    """JSON, Arabic as it is; a lone surrogate (a byte of a file name that was not UTF-8)
    escaped, so the file is valid UTF-8 and reads back the same."""
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    return SURROGATE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def write_record(folder: Path, record: DraftRecord) -> Path:
    path = record_path(folder, record.year, record.draft)
    atomic_write_text(path, json_text({"version": VERSION, **asdict(record)}))
    return path


def load_record(path: Path) -> DraftRecord:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.pop("version", None) != VERSION:
            raise ValueError("another version of the record")
        figures = tuple(FigureRecord(**{**f, "used": tuple(f["used"]),
                                        "members": tuple(MemberFigure(**m) for m in f["members"])})
                        for f in data.pop("figures"))
        activities = tuple(ActivityRecord(**a) for a in data.pop("activities"))
        findings = tuple(Finding(**f) for f in data.pop("findings"))
        return DraftRecord(**{**data, "received": tuple(data["received"])}, figures=figures,
                           activities=activities, findings=findings)
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
