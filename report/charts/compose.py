"""Datasets + chart specifications -> SVG charts in the edition's folder, and the numbers
behind them (alternative text, data table, sources).

The specifications (charts/charts.toml) say what each chart shows; this stage picks those
numbers, labels them in the report's language, and has report/charts/draw.py draw what its cache
does not hold. Each SVG is cached by the hash of what it shows and of how it is drawn.
The same specifications give the Arabic charts (charts/<id>.svg) and the French ones
(charts/<id>-fr.svg); the drafts' charts, which may show a confidential value (marked [c]),
are kept apart in charts/draft/.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from report import fonts
from report.atomic import atomic_write_text
from report.charts.kinds import KINDS, chart_data
from report.charts.model import Chart, ChartData, ChartSpec, ChartStyle, ValueNote
from report.figures.consolidate import Dataset
from report.language.formatting import Formatter
from report.parallel import fork_map
from report.settings.catalogue import Catalogue
from report.settings.languages import language

if TYPE_CHECKING:
    from report.charts.draw import Painter


def _not_available(data: ChartData) -> tuple[str, ...]:
    """The members (names) that do not collect some value the chart draws, in order."""
    return tuple(dict.fromkeys(m for s in data.series for i in range(len(s.values))
                               for m in s.not_available_of(i)))


def _value_notes(data: ChartData, fmt: Formatter, left_out: bool) -> tuple[ValueNote, ...]:
    """The values not collected (``left_out`` False) or the partial sums (True), one note
    per series and members: which values ("الأشخاص المتابعون، 2025": the series, when there
    are several, and the categories, unless the note is about all of them) and who."""
    sep = fmt.phrase("list_separator")
    several = len(data.series) > 1
    notes = []
    for s in data.series:
        groups: dict[tuple[str, ...], list[str]] = {}
        for i, category in enumerate(data.categories):
            members = s.left_out_of(i) if left_out else s.not_available_of(i)
            if members:
                groups.setdefault(members, []).append(category)
        for members, categories in groups.items():
            which = [] if len(categories) == len(data.categories) else categories
            label = sep.join(([s.name] if several else []) + which)
            notes.append(ValueNote(fmt.digits_text(label), members, len(categories) > 1))
    return tuple(notes)


def _period(data: ChartData, year: int, fmt: Formatter) -> str:
    """The years a chart plots, as its caption states them: "2023-2025" for a trend over
    three years, "2025" for the report year alone."""
    years = [t for _, ticks in data.groups for t in ticks] or list(data.categories)
    if not KINDS[data.spec.kind].over_years or len(set(years)) < 2:
        return fmt.digits_text(str(year))
    return fmt.digits_text(f"{min(years)}-{max(years)}")


def _alt(data: ChartData, title: str, fmt: Formatter) -> str:
    """The chart's numbers in reading order; members left out of every value (a partial
    sum throughout) are named once, at the end, rather than after each value."""
    if not data.categories or not data.series:
        return f"{title}. " + fmt.phrase("chart.empty")
    sep = fmt.phrase("list_separator")
    every = _left_out_everywhere(data)
    parts = []
    for s in data.series:
        texts = (_value_text(v, s.marks_of(i), s.not_available_of(i), fmt,
                             () if every else s.left_out_of(i)) for i, v in enumerate(s.values))
        pairs = sep.join(f"{c}: {t}" for c, t in zip(data.categories, texts, strict=True))
        parts.append(f"{s.name} ({pairs})" if len(data.series) > 1 else pairs)
    text = f"{title}. " + fmt.phrase("series_separator").join(parts)
    if every:
        text += ". " + fmt.phrase("macro.chart_partial_all").format(members=sep.join(every))
    return text


def _left_out_everywhere(data: ChartData) -> tuple[str, ...]:
    """The members left out of every value the chart draws, when it is the same ones."""
    left_out = {s.left_out_of(i) for s in data.series for i in range(len(s.values))}
    return next(iter(left_out)) if len(left_out) == 1 else ()


def _value_text(value: int | None, marks: tuple[str, ...], not_available: tuple[str, ...],
                fmt: Formatter, left_out: tuple[str, ...] = ()) -> str:
    """A value as the alternative text reads it: a value not collected names who does not
    collect it ("غير متوفر لدى ..."), never 0 nor "not received"; a partial sum names who
    it leaves out ("120 (لا يشمل معطيات ...)")."""
    if not_available:
        members = fmt.phrase("list_separator").join(not_available)
        return fmt.phrase("chart.not_available").format(members=members)
    text = fmt.value_text(value, marks)
    if left_out:
        members = fmt.phrase("list_separator").join(left_out)
        return fmt.phrase("chart.partial").format(value=text, members=members)
    return text


def render_charts(specs: Sequence[ChartSpec], cat: Catalogue, datasets: Mapping[int, Dataset],
                  year: int, fmt: Formatter, style: ChartStyle, out_dir: Path,
                  cache_dir: Path, folder: str = "charts") -> tuple[Chart, ...]:
    """Draw (or take from the cache) every chart; write each SVG into ``out_dir``/``folder``
    (the public editions' charts in charts/, the drafts' in charts/draft/: they differ where
    report/figures/disclosure.py withholds a value).

    A chart is cached by the hash of what it shows and of how it is drawn (this module's
    and draw.py's code, the fonts, matplotlib); the charts the cache lacks are drawn in
    worker processes when there are several, each SVG identical to a serial draw.
    """
    charts: list[tuple[Chart, Path]] = []
    todo: list[tuple[Path, ChartData, str]] = []
    for spec in specs:
        data = chart_data(spec, cat, datasets, year, fmt.lang)
        title = spec.title[fmt.lang]
        alt = fmt.prose(_alt(data, title, fmt))
        key = hashlib.sha256(json.dumps([repr(data), alt, dict(style), fmt.lang, fmt.digits,
                                         version("matplotlib"), _drawing_digest()]).encode()
                             ).hexdigest()[:24]
        cached = cache_dir / f"{spec.id}-{key}.svg"
        if not cached.exists() and all(t[0] != cached for t in todo):
            todo.append((cached, data, alt))
        charts.append((Chart(spec.id, spec.chapter, title, alt,
                             chart_file(spec.id, fmt.lang, folder),
                             _period(data, year, fmt), _sources(spec, cat, datasets[year], fmt),
                             spec.indicators, _not_available(data),
                             _value_notes(data, fmt, False) if len(data.series) > 1 else (),
                             _value_notes(data, fmt, True), data, KINDS[spec.kind].over_years,
                             not data.categories or not data.series),
                       cached))
    for (cached, _, _), svg in zip(todo, _paint_all(todo, style, fmt), strict=True):
        atomic_write_text(cached, svg)
    for chart, cached in charts:
        target = out_dir / chart.file
        if not target.exists() or target.read_bytes() != cached.read_bytes():
            atomic_write_text(target, cached.read_text("utf-8"))
    return tuple(c for c, _ in charts)


def chart_file(chart_id: str, lang: str, folder: str = "charts") -> str:
    """charts/<id>.svg (Arabic), charts/<id>-<lang>.svg (another language); the drafts'
    in charts/draft/."""
    return f"{folder}/{chart_id}{language(lang).file_suffix}.svg"


@cache
def _drawing_digest() -> str:
    """How charts are drawn: this module's, model.py's, kinds.py's and draw.py's source and the
    font files (a cache key part)."""
    h = hashlib.sha256(Path(__file__).read_bytes())
    for name in ("model.py", "kinds.py", "draw.py"):
        h.update(Path(__file__).with_name(name).read_bytes())
    for face in fonts.faces():
        h.update(f"{face.path}|{face.path.stat().st_size}".encode())
    return h.hexdigest()


# one per process and language: matplotlib's set-up is done once
_PAINTER: dict[tuple[str, str], Painter] = {}


def _painter(style: ChartStyle, fmt: Formatter) -> Painter:
    from report.charts.draw import Painter  # matplotlib is loaded only when a chart is drawn

    key = (fmt.lang, fmt.digits)
    if key not in _PAINTER:
        _PAINTER[key] = Painter(style, fmt)
    return _PAINTER[key]


def _paint_all(todo: Sequence[tuple[Path, ChartData, str]], style: ChartStyle,
               fmt: Formatter) -> list[str]:
    """The SVG of every chart in ``todo``, in order: in worker processes when it pays."""
    if not todo:
        return []

    def paint(item: tuple[Path, ChartData, str]) -> str:
        return _painter(style, fmt).svg(item[1], item[2])

    drawn = fork_map(paint, todo)
    if drawn is not None:
        return drawn
    from report.charts.draw import Painter

    painter = Painter(style, fmt)  # a fresh one: the style may differ from a cached painter's
    return [painter.svg(data, alt) for _, data, alt in todo]


def _sources(spec: ChartSpec, cat: Catalogue, ds: Dataset, fmt: Formatter) -> str:
    if KINDS[spec.kind].sources == "plan_leads":  # the leads whose statuses the bars show
        leads = {r.source.member for r in ds.plan.values()}
        return fmt.sources_text(tuple(m.name(fmt.lang) for m in cat.members if m.code in leads))
    members: list[str] = []
    for code in spec.indicators:
        fig = ds.figures.get(f"{code}.total")
        for src in fig.sources if fig else ():
            name = cat.member(src.member).name(fmt.lang)
            if name not in members:
                members.append(name)
    return fmt.sources_text(tuple(members))
