"""charts/charts.toml -> ChartSpec; the types that pass between the chart stages.

ChartSpec (what a chart shows, from the specifications file), ChartData (the numbers it
shows, in reading order, picked by report/charts/compose.py), Chart (a drawn chart as the
templates read it). Kept apart so that report/charts/compose.py and report/charts/draw.py
import them without importing each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict, cast

from report.errors import SettingsError
from report.settings.toml import Problems, read_toml

KINDS = ("trend", "breakdown", "plan_status")  # never one bar per member: members are not ranked
NO_INDICATOR = ("plan_status",)  # kinds that show no indicator of the catalogue
ORIENTATIONS = ("vertical", "horizontal")
SPEC_KEYS = ("id", "kind", "chapter", "ar", "fr")
OPTIONAL_KEYS = ("indicator", "indicators", "dimension", "orientation", "years", "hide_zero")


class ChartSpecError(SettingsError):
    """charts.toml or style.toml is wrong: no chart can be drawn."""


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


def _spec(c: Mapping, i: int, problems: Problems) -> ChartSpec | None:
    where = f"chart {c.get('id', i)}: "
    problems.unknown_keys(c, (*SPEC_KEYS, *OPTIONAL_KEYS), where)
    whole = problems.require(c, SPEC_KEYS, where)
    if c.get("kind") == "by_member":
        problems.error(f"{where}kind by_member is not drawn: the report never ranks members "
                       "against each other (each member's figures are in the data annex)")
    elif c.get("kind", KINDS[0]) not in KINDS:
        problems.error(f"{where}kind must be one of {', '.join(KINDS)}")
    if c.get("orientation", "vertical") not in ORIENTATIONS:
        problems.error(f"{where}orientation must be one of {', '.join(ORIENTATIONS)}")
    indicators = c.get("indicators") or ([c["indicator"]] if "indicator" in c else [])
    if not indicators and c.get("kind") not in NO_INDICATOR:
        problems.error(f"{where}indicator (or indicators) missing")
    if c.get("kind") == "breakdown" and not c.get("dimension"):
        problems.error(f"{where}a breakdown chart needs a dimension")
    if not whole:
        return None
    return ChartSpec(id=c["id"], kind=c["kind"], chapter=c["chapter"],
                     title={"ar": c["ar"], "fr": c["fr"]}, indicators=tuple(indicators),
                     dimension=c.get("dimension"), orientation=c.get("orientation", "vertical"),
                     years=c.get("years", 3), hide_zero=c.get("hide_zero", False))


def load_specs(path: Path) -> tuple[ChartSpec, ...]:
    """Every chart specification; ChartSpecError listing every fault."""
    data = read_toml(path, ChartSpecError)
    problems = Problems(str(path))
    problems.unknown_keys(data, ("chart",))
    specs = [_spec(c, i, problems) for i, c in enumerate(data.get("chart", []), start=1)]
    problems.done(ChartSpecError)
    return tuple(s for s in specs if s is not None)


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


STYLE_KEYS = tuple(ChartStyle.__annotations__)


def load_style(path: Path) -> ChartStyle:
    """The charts' shared style (sizes, colours); ChartSpecError listing every fault."""
    data = read_toml(path, ChartSpecError)
    problems = Problems(str(path))
    problems.unknown_keys(data, STYLE_KEYS)
    problems.require(data, STYLE_KEYS)
    if not data.get("palette"):
        problems.error("palette: at least one colour")
    problems.done(ChartSpecError)
    return cast(ChartStyle, data)
