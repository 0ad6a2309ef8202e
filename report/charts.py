"""Datasets + charts/*.toml specs -> SVG charts (glyphs as paths) and the numbers behind them.

matplotlib >= 3.11 shapes Arabic itself: labels are passed as logical Unicode strings,
never pre-shaped (arabic-reshaper/python-bidi would now reverse them). Charts read right
to left: the first category sits on the right (vertical bars) or at the top with its
label on the right (horizontal bars). Each SVG is cached by the hash of what it shows.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from report import fonts
from report.atomic import atomic_write_text
from report.catalogue import Catalogue
from report.consolidate import Dataset
from report.formatting import Formatter

if TYPE_CHECKING:
    from report.draw import Painter


def __getattr__(name: str):
    """``report.charts.Painter`` without importing matplotlib until a chart is drawn."""
    if name == "Painter":
        from report.draw import Painter

        return Painter
    raise AttributeError(name)


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


@dataclass(frozen=True)
class ChartData:
    """What a chart shows, in reading order, with labels in the report's language."""

    spec: ChartSpec
    categories: tuple[str, ...]
    series: tuple[Series, ...]


@dataclass(frozen=True)
class Chart:
    id: str
    chapter: str
    title: str
    alt: str
    file: str  # path relative to the edition's folder
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    sources: str


def load_specs(path: Path) -> tuple[ChartSpec, ...]:
    data = tomllib.loads(path.read_text("utf-8"))
    return tuple(
        ChartSpec(
            id=c["id"], kind=c["kind"], chapter=c["chapter"], title={"ar": c["ar"], "fr": c["fr"]},
            indicators=tuple(c.get("indicators") or [c["indicator"]]),
            dimension=c.get("dimension"), orientation=c.get("orientation", "vertical"),
            years=c.get("years", 3), hide_zero=c.get("hide_zero", False),
        )
        for c in data["chart"]
    )


def chart_data(spec: ChartSpec, cat: Catalogue, datasets: Mapping[int, Dataset],
               year: int, lang: str) -> ChartData:
    """Pick the numbers a spec asks for out of the datasets."""
    if spec.kind == "trend":
        years = [y for y in sorted(datasets) if year - spec.years < y <= year]
        series = tuple(Series(cat.indicator(i).label(lang),
                              tuple(datasets[y].value(f"{i}.total") for y in years))
                       for i in spec.indicators)
        return ChartData(spec, tuple(str(y) for y in years), series)
    ind = cat.indicator(spec.indicators[0])
    ds = datasets[year]
    if spec.kind == "by_member":
        per = ds.by_member.get(f"{ind.code}.total", {})
        pairs = sorted(((cat.member(m).name(lang), v) for m, v in per.items()), key=lambda p: -p[1])
    else:
        dim = cat.dimensions[spec.dimension]
        pairs = [(c.label(lang), ds.value(f"{ind.code}.{dim.code}.{c.code}"))
                 for c in dim.categories]
        if spec.hide_zero:
            pairs = [p for p in pairs if p[1]]
    return ChartData(spec, tuple(p[0] for p in pairs),
                     (Series(ind.label(lang), tuple(p[1] for p in pairs)),))


def _table(data: ChartData, fmt: Formatter, corner: str) -> tuple[tuple[str, ...], tuple]:
    if len(data.series) == 1 and data.spec.kind != "trend":
        header = (corner, data.series[0].name)
        pairs = zip(data.categories, data.series[0].values, strict=True)
        rows = tuple((fmt.digits_text(c), fmt.number_text(v)) for c, v in pairs)
        return header, rows
    header = (corner, *(fmt.digits_text(c) for c in data.categories))
    rows = tuple((s.name, *(fmt.number_text(v) for v in s.values)) for s in data.series)
    return header, rows


def _alt(data: ChartData, title: str, fmt: Formatter) -> str:
    parts = []
    for s in data.series:
        pairs = "، ".join(f"{c}: {fmt.number_text(v)}" for c, v in zip(data.categories, s.values,
                                                                       strict=True))
        parts.append(f"{s.name} ({pairs})" if len(data.series) > 1 else pairs)
    return f"{title}. " + "؛ ".join(parts)


def render_charts(specs: Sequence[ChartSpec], cat: Catalogue, datasets: Mapping[int, Dataset],
                  year: int, fmt: Formatter, style: Mapping[str, object], out_dir: Path,
                  cache_dir: Path) -> tuple[Chart, ...]:
    """Draw (or take from the cache) every chart; write each SVG into ``out_dir``.

    A chart is cached by the hash of what it shows and of how it is drawn (this module's
    code, the fonts, matplotlib); the charts the cache lacks are drawn in parallel worker
    processes when there are several (gather.jobs()), each SVG identical to a serial draw.
    """
    charts: list[tuple[Chart, Path]] = []
    todo: list[tuple[Path, ChartData, str]] = []
    corner = {"ar": "البيان", "fr": ""}[fmt.lang]
    for spec in specs:
        data = chart_data(spec, cat, datasets, year, fmt.lang)
        title = spec.title[fmt.lang]
        alt = _alt(data, title, fmt)
        key = hashlib.sha256(json.dumps([repr(data), alt, dict(style), fmt.lang, fmt.digits,
                                         version("matplotlib"), _drawing_digest()]).encode()
                             ).hexdigest()[:24]
        cached = cache_dir / f"{spec.id}-{key}.svg"
        if not cached.exists() and all(t[0] != cached for t in todo):
            todo.append((cached, data, alt))
        sources = _sources(spec, cat, datasets[year], fmt.lang)
        header, rows = _table(data, fmt, corner)
        charts.append((Chart(spec.id, spec.chapter, title, alt, f"charts/{spec.id}.svg",
                             header, rows, sources), cached))
    for (cached, _, _), svg in zip(todo, _paint_all(todo, style, fmt), strict=True):
        atomic_write_text(cached, svg)
    for chart, cached in charts:
        target = out_dir / chart.file
        if not target.exists() or target.read_bytes() != cached.read_bytes():
            atomic_write_text(target, cached.read_text("utf-8"))
    return tuple(c for c, _ in charts)


@cache
def _drawing_digest() -> str:
    """How charts are drawn: this module's and draw.py's source and the font files (a cache
    key part)."""
    h = hashlib.sha256(Path(__file__).read_bytes())
    h.update(Path(__file__).with_name("draw.py").read_bytes())
    for face in fonts.faces():
        h.update(f"{face.path}|{face.path.stat().st_size}".encode())
    return h.hexdigest()


_JOB: tuple = ()  # (style, fmt, todo) for forked painters: inherited, never pickled


def _paint_one(i: int) -> str:
    style, fmt, todo = _JOB
    painter = _worker_painter(style, fmt)
    _, data, alt = todo[i]
    return painter.svg(data, alt)


_PAINTER: list[Painter] = []


def _worker_painter(style, fmt) -> Painter:
    from report.draw import Painter

    if not _PAINTER:
        _PAINTER.append(Painter(style, fmt))
    return _PAINTER[0]


def _paint_all(todo: Sequence[tuple[Path, ChartData, str]], style: Mapping[str, object],
               fmt: Formatter) -> list[str]:
    """The SVG of every chart in ``todo``, in order: in worker processes when it pays."""
    global _JOB
    from report.gather import jobs

    n = min(jobs(), len(todo))
    if n >= 2 and "fork" in multiprocessing.get_all_start_methods():
        from concurrent.futures import ProcessPoolExecutor

        _JOB = (style, fmt, todo)
        try:
            with ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork")) as pool:
                return list(pool.map(_paint_one, range(len(todo))))
        except Exception:  # workers that cannot start: draw here instead
            pass
        finally:
            _JOB = ()
    if not todo:
        return []
    from report.draw import Painter

    painter = Painter(style, fmt)
    return [painter.svg(data, alt) for _, data, alt in todo]


def _sources(spec: ChartSpec, cat: Catalogue, ds: Dataset, lang: str) -> str:
    members: list[str] = []
    for code in spec.indicators:
        fig = ds.figures.get(f"{code}.total")
        for src in fig.sources if fig else ():
            name = cat.member(src.member).name(lang)
            if name not in members:
                members.append(name)
    if len(members) > 4:
        return f"{len(members)} " + ("أعضاء في اللجنة" if lang == "ar" else "membres")
    return "، ".join(members) if lang == "ar" else ", ".join(members)
