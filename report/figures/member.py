"""What a member's workbook gives once checked: its figures, activities and plan reports,
each with the cell it came from (report/intake/validate.py makes them; every later stage
reads them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from report.figures.status import Status


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
class MemberData:
    """One member's accepted figures, activities and plan reports for the year."""

    member: str
    file: str
    figures: dict[str, Figure]
    activities: tuple[Activity, ...]
    plan: dict[str, PlanReport] = field(default_factory=dict)  # measure -> report
