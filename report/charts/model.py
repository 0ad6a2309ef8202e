"""charts/charts.toml -> ChartSpec; the types that pass between the chart stages.

ChartSpec (what a chart shows, from the specifications file), ChartData (the numbers it
shows, in reading order, picked by report/charts/compose.py), Chart (a drawn chart as the
templates read it). Kept apart so that report/charts/compose.py and report/charts/draw.py
import them without importing each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypedDict


@dataclass(frozen=True)
class ChartSpec:
    id: str
    kind: str
    chapter: str
    title: Mapping[str, str]
    indicators: tuple[str, ...]
    dimension: str | None
    orientation: str
    years: int
    hide_zero: bool


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[int | None, ...]
    key: str = ""  # what the series is, when its colour depends on it (a plan status)
    # per value, its status symbols ("c": withheld in public editions, or marked in drafts;
    # "r": revised); empty: none anywhere
    marks: tuple[tuple[str, ...], ...] = ()
    # per value, the members (names, in the report's language) that do not collect it when
    # it is "not available" (report/figures/status.py: drawn as a dash, never as 0); empty: none
    not_available: tuple[tuple[str, ...], ...] = ()
    # per value, the members (names) left out of it when it is a partial sum: a number that
    # leaves out the members that do not collect it (a table's total notes them); empty: none
    left_out: tuple[tuple[str, ...], ...] = ()

    def marks_of(self, i: int) -> tuple[str, ...]:
        return self.marks[i] if self.marks else ()

    def not_available_of(self, i: int) -> tuple[str, ...]:
        return self.not_available[i] if self.not_available else ()

    def left_out_of(self, i: int) -> tuple[str, ...]:
        return self.left_out[i] if self.left_out else ()


@dataclass(frozen=True)
class ChartData:
    """What a chart shows, in reading order, with labels in the report's language."""

    spec: ChartSpec
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    # categories in groups, in order: each group's label and its categories' short labels
    # (plan_status: an axis, and its years)
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class ValueNote:
    """Some values of a chart that one note is about: which (``label``: "الأشخاص المتابعون،
    2025", "Hébergement, Soins"; empty: every value the chart draws) and the members (names)
    that do not collect them; ``many``: more than one value."""

    label: str
    members: tuple[str, ...]
    many: bool = False


@dataclass(frozen=True)
class Chart:
    id: str
    chapter: str
    title: str
    alt: str
    file: str  # path relative to the edition's folder
    period: str  # the years plotted, for the caption: "2023-2025", or "2025"
    sources: str
    indicators: tuple[str, ...] = ()  # what it shows (the review round finds its page)
    # the members (names) that do not collect a value the chart draws as a dash: its note
    # names them, as a table's does
    not_available: tuple[str, ...] = ()
    # a chart of several series: which series and years are not collected, and by whom
    # (its note names them; a chart of one series keeps the note naming the members)
    not_collected: tuple[ValueNote, ...] = ()
    # the values that are partial sums (a number leaving out the members that do not
    # collect it): its note names the members left out, as a table's total does
    partial: tuple[ValueNote, ...] = ()
    # the numbers it draws (the web edition's data table under it); None: not given
    data: ChartData | None = None
    over_years: bool = False  # its categories are years (a trend, the plan's statuses)
    empty: bool = False  # nothing to draw (no category): one dash, and a note saying so


class ChartStyle(TypedDict):
    """charts/style.toml: the style every chart shares (sizes in cm, colours as hex)."""

    width_cm: float
    height_cm: float
    row_height_cm: float  # horizontal bars: height per category
    font_size: float
    palette: list[str]
    grid: str
    text: str
    status_colours: dict[str, str]  # plan_status: the colour of each status




