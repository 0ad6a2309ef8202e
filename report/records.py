"""The typed values that pass between stages after intake: figures, activities, sources."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """Where a figure was read: the member and the exact cell."""

    member: str
    file: str
    sheet: str
    cell: str


@dataclass(frozen=True)
class Figure:
    key: str  # INDICATOR.total or INDICATOR.dimension.category
    value: int
    source: Source


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
class MemberData:
    """One member's accepted figures and activities for the year."""

    member: str
    file: str
    figures: dict[str, Figure]
    activities: tuple[Activity, ...]
