"""What the commission's database holds of a published year, and what a final edition
publishes (report/database/store.py writes and reads them; intake, consolidation, revisions
and disclosure control read them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from report.figures.member import MemberData


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
class PublishedFigure:
    """The accepted national figure of a year: the last edition's that published it."""

    key: str
    value: int | None
    status: str
    members: tuple[str, ...]  # the members it was taken from, in order
    date: dt.date  # the date of that edition


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
