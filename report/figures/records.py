"""The figures' own records, as they pass between stages: what a member's workbook gives
once checked (its figures, activities and plan reports, each with the cell it came from:
report/intake/validate.py makes them), what one year gives (every member's data and every
finding: report/intake/gather.py), what the commission's database holds of a published year
and what a final edition publishes (report/database/ writes and reads them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from report.figures.status import Status
from report.findings import Finding


@dataclass(frozen=True)
class Source:
    """Where a figure was read: the member and the exact cell."""

    member: str
    file: str
    sheet: str
    cell: str


@dataclass(frozen=True)
class Figure:
    """One accepted cell: a count, or "not available" (value None, status NOT_AVAILABLE)."""

    key: str  # INDICATOR.total or INDICATOR.dimension.category
    value: int | None
    source: Source
    status: Status = Status.REPORTED


def activity_anchor(member: str, cell: str) -> str:
    """The draft's id of a member's activity read from ``cell`` (its row) of its workbook:
    the review round and the editor's report find its page by it."""
    return f"act-{member}-{cell}"


@dataclass(frozen=True)
class Activity:
    member: str
    axis: str
    measure: str
    title: str
    description: str
    partners: str
    beneficiaries: str
    date: dt.date | None
    source: Source


@dataclass(frozen=True)
class PlanReport:
    """A lead member's report on one measure of the national plan for the year."""

    measure: str
    status: str  # one of layout.PLAN_STATUSES
    value: float | None  # the indicator's value on 31 December, if given and valid
    comment: str
    source: Source  # the status cell


@dataclass(frozen=True)
class Translation:
    """A member's text in the other language: the member's own (the optional column of its
    workbook), a translator's (the translation round) or the member's correction in a review
    round. Kept by the source text's hash (report/figures/texts.py: ``text_key``)."""

    source: str  # the text as the member wrote it
    target: str  # the same text in ``lang``
    lang: str  # the target's language: "ar" | "fr"
    origin: str  # "member" | "translator" | "review"
    reference: str = ""  # where it was given: "PMP-2025.xlsx الأنشطة!H7", a translation file


@dataclass(frozen=True)
class MemberData:
    """One member's accepted figures, activities and plan reports for the year."""

    member: str
    file: str
    figures: dict[str, Figure]
    activities: tuple[Activity, ...]
    plan: dict[str, PlanReport] = field(default_factory=dict)  # measure -> report
    # the member's own versions of its texts in the other language (text_key -> it)
    translations: dict[str, Translation] = field(default_factory=dict)


@dataclass(frozen=True)
class Submission:
    """A member's workbook, as a publication took it."""

    member: str
    file: str
    sha256: str


@dataclass(frozen=True)
class Revision:
    """A published figure that a corrected workbook changed."""

    year: int
    key: str
    old: int | None
    new: int | None
    members: tuple[str, ...]  # the members whose corrected workbooks changed it
    date: dt.date  # the date of the edition that publishes the new value
    old_status: str = ""  # how the old value was published ("c": it was not shown)
    recorded: bool = False  # already in the database (False: this build found it)
    new_status: str = ""  # "c" when the new value is confidential (report/figures/disclosure.py)


@dataclass(frozen=True)
class Reference:
    """Where a past report printed a national figure imported into the database
    (``import-published``): the report (the year it covers) and its page; None: a figure
    (a breakdown) the report did not publish, "not available"."""

    report: int
    page: int | None
    printed: str = ""  # the status as the report printed it ("", "r", "na", "x", "c")


@dataclass(frozen=True)
class PublishedFigure:
    """The accepted national figure of a year: the last edition's that published it."""

    key: str
    value: int | None
    status: str
    members: tuple[str, ...]  # the members it was taken from, in order
    date: dt.date  # the date of that edition
    reference: Reference | None = None  # a past report's figure, imported: where it stood


@dataclass(frozen=True)
class PublishedYear:
    """Everything the database holds about one year."""

    year: int
    submissions: Mapping[str, Submission]  # member -> the workbook in effect
    members: Mapping[str, MemberData]  # member -> its accepted figures (no activities)
    figures: Mapping[str, PublishedFigure]  # key -> accepted national figure
    revisions: tuple[Revision, ...]  # recorded, oldest first
    first: Mapping[str, int | None]  # key -> the value as first published


@dataclass(frozen=True)
class FinalFigures:
    """What one recorded final edition printed: every year's figures, each with its true value
    and its status as published ("c": withheld). Disclosure control takes every earlier final
    as known to a reader (report/figures/audit.py)."""

    publication: int  # its id in the database
    year: int  # the report year
    date: dt.date
    figures: Mapping[int, Mapping[str, tuple[int | None, str]]]  # year -> key -> (value, status)


@dataclass(frozen=True)
class FigureRecord:
    """One national figure as a final edition publishes it."""

    key: str
    indicator: str
    dimension: str | None
    category: str | None
    value: int | None  # the true value
    status: str  # the symbols the public edition shows with it
    members: tuple[str, ...]


@dataclass(frozen=True)
class YearRecord:
    """What a publication records about one year of its series."""

    year: int
    members: tuple[tuple[Submission, MemberData], ...]  # workbooks used, with their figures
    figures: tuple[FigureRecord, ...]
    revisions: tuple[Revision, ...]  # found by this build (not recorded yet)


@dataclass(frozen=True)
class Publication:
    """A final edition: the report year, its settings and every year it publishes."""

    year: int
    edition: int
    date: dt.date
    tool_version: str
    pdf_sha256: str
    years: tuple[YearRecord, ...]


@dataclass(frozen=True)
class YearData:
    year: int
    files: tuple[Path, ...]
    members: dict[str, MemberData]
    findings: tuple[Finding, ...]
    sha256: Mapping[str, str] = field(default_factory=dict)  # file name -> sha256
    published: PublishedYear | None = None  # the database's record, for a published year
    reread: tuple[str, ...] = ()  # members whose workbook differs from the published one
    # every member text's other language known to the build (the members' own, then the
    # translation memory's): text_key -> it (report/translation/memory.py fills it)
    translations: Mapping[str, Translation] = field(default_factory=dict)


@dataclass(frozen=True)
class PastFigure:
    """One national figure of a past report, as ``import-published`` read and checked it:
    a value (None: not available, never 0) and where the report printed it."""

    key: str
    indicator: str
    dimension: str | None
    category: str | None
    value: int | None
    reference: Reference


@dataclass(frozen=True)
class PastReport:
    """A past report's national figures of one year, every key of the catalogue (those it
    did not publish: not available), from one file (CSV or workbook)."""

    year: int
    file: str  # the imported file's name
    sha256: str
    figures: tuple[PastFigure, ...]


@dataclass(frozen=True)
class OpenItem:
    """A review log's entry still open when a final edition was forced past it."""

    draft: int
    entry: str  # "<member>:<item>"
    member: str
    item: str
    decision: str  # correct | comment | approve (with a comment)
    requested: str  # the value or text asked for, as the member wrote it


@dataclass(frozen=True)
class SignOff:
    """A final edition built with --force --reason while review items were open: who,
    when, why, and every item it was built past (kept in the database with the
    publication, so that no later build erases it)."""

    year: int
    reason: str
    operator: str  # the account name of whoever ran the build
    at: str  # ISO date and time (UTC) of the build
    pdf_sha256: str  # the final edition the reason applies to
    items: tuple[OpenItem, ...]
