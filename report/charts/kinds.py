"""A chart kind -> how a chart of that kind is made: which numbers it picks from the
datasets (in reading order, labelled in the report's language), how report/charts/draw.py
draws it, what charts/charts.toml must give for it, what its caption's period and source
line say. One table, ``KINDS``, for every kind; adding a kind is a row here (and its way of
drawing in draw.py when none of the existing ones fits).

No kind draws one bar per member: the report never ranks members against each other.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from report.charts.model import ChartData, ChartSpec, Series
from report.figures.consolidate import REPORT_STATUSES, Dataset
from report.language.texts import load_texts
from report.settings.catalogue import Catalogue

Picker = Callable[[ChartSpec, Catalogue, Mapping[int, Dataset], int, str], ChartData]


@dataclass(frozen=True)
class _Cell:
    """One value a chart draws: its number, its status symbols, the members (names) that
    do not collect it when it is "not available", and those left out of it when it is a
    partial sum (a number without the members that do not collect it)."""

    value: int | None
    marks: tuple[str, ...]
    not_available: tuple[str, ...]
    left_out: tuple[str, ...] = ()


def _cell(cat: Catalogue, ds: Dataset, key: str, lang: str) -> _Cell:
    fig = ds.figures.get(key)
    if fig is None:
        return _Cell(None, (), ())
    names = tuple(cat.member(m).name(lang) for m in fig.not_available)
    if fig.is_not_available:
        return _Cell(fig.value, fig.marks, names)
    return _Cell(fig.value, fig.marks, (), names if fig.value is not None else ())


def _series(name: str, cells: list[_Cell]) -> Series:
    marks = tuple(c.marks for c in cells)
    na = tuple(c.not_available for c in cells)
    left_out = tuple(c.left_out for c in cells)
    return Series(name, tuple(c.value for c in cells), marks=marks if any(marks) else (),
                  not_available=na if any(na) else (),
                  left_out=left_out if any(left_out) else ())


def trend_data(spec: ChartSpec, cat: Catalogue, datasets: Mapping[int, Dataset],
               year: int, lang: str) -> ChartData:
    """The totals of one or more indicators over the report year and the years before."""
    years = [y for y in sorted(datasets) if year - spec.years < y <= year]
    series = tuple(_series(cat.indicator(i).label(lang),
                           [_cell(cat, datasets[y], f"{i}.total", lang) for y in years])
                   for i in spec.indicators)
    return ChartData(spec, tuple(str(y) for y in years), series)


def breakdown_data(spec: ChartSpec, cat: Catalogue, datasets: Mapping[int, Dataset],
                   year: int, lang: str) -> ChartData:
    """One indicator split by one dimension, for the report year."""
    ind = cat.indicator(spec.indicators[0])
    ds = datasets[year]
    dim = cat.dimensions[spec.dimension or ""]
    cells = [(c.label(lang), _cell(cat, ds, f"{ind.code}.{dim.code}.{c.code}", lang))
             for c in dim.categories]
    shown = [(label, c) for label, c in cells if c.value or c.marks or c.not_available]
    if spec.hide_zero and shown:  # a withheld value ([c]) or one not collected (—) is not a
        cells = shown  # zero; every category 0: all shown, as the table prints them
    return ChartData(spec, tuple(label for label, _ in cells),
                     (_series(ind.label(lang), [c for _, c in cells]),))


def plan_status_data(spec: ChartSpec, cat: Catalogue, datasets: Mapping[int, Dataset],
                     year: int, lang: str) -> ChartData:
    """How many of each axis's measures had each status, each year since the plan began:
    one category per axis and year, one series per status some measure had."""
    years = [y for y in sorted(datasets) if cat.plan.start <= y <= year]
    status = {(y, m.code): datasets[y].plan_status(m) for y in years for m in cat.plan.measures}
    shown = [s for s in REPORT_STATUSES if s in status.values()]
    words = load_texts("plan")
    categories, groups = [], []
    counts: dict[str, list[int | None]] = {s: [] for s in shown}
    for axis in cat.plan.axes:
        groups.append((axis.label(lang), tuple(str(y) for y in years)))
        for y in years:
            categories.append(f"{axis.label(lang)} {y}")
            for s in shown:
                counts[s].append(sum(status[y, m.code] == s for m in axis.measures))
    series = tuple(Series(words(f"status.{s}", lang), tuple(counts[s]), s) for s in shown)
    return ChartData(spec, tuple(categories), series, tuple(groups))


@dataclass(frozen=True)
class Kind:
    name: str
    data: Picker  # the numbers it shows, in reading order
    draw: str  # how draw.py draws it: "bars" (vertical, or horizontal when allowed) or
    # "stacked_groups" (stacked bars in groups of categories)
    indicators: bool  # it shows indicators of the catalogue (charts.toml: indicator(s))
    dimension: bool  # it splits one indicator by a dimension (charts.toml: dimension)
    horizontal: bool  # orientation = "horizontal" may lay its bars across
    over_years: bool  # its caption states the years plotted ("2023-2025")
    sources: str  # its source line: "reporters" (of its indicators) or "plan_leads"


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("trend", trend_data, "bars", indicators=True, dimension=False, horizontal=False,
         over_years=True, sources="reporters"),
    Kind("breakdown", breakdown_data, "bars", indicators=True, dimension=True,
         horizontal=True, over_years=False, sources="reporters"),
    Kind("plan_status", plan_status_data, "stacked_groups", indicators=False, dimension=False,
         horizontal=False, over_years=True, sources="plan_leads"),
)}


def chart_data(spec: ChartSpec, cat: Catalogue, datasets: Mapping[int, Dataset],
               year: int, lang: str) -> ChartData:
    """Pick the numbers a spec asks for out of the datasets."""
    return KINDS[spec.kind].data(spec, cat, datasets, year, lang)
