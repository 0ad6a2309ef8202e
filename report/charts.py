"""Datasets + charts/*.toml specs -> SVG charts (glyphs as paths) and the numbers behind them.

matplotlib >= 3.11 shapes Arabic itself: labels are passed as logical Unicode strings,
never pre-shaped (arabic-reshaper/python-bidi would now reverse them). Charts read right
to left: the first category sits on the right (vertical bars) or at the top with its
label on the right (horizontal bars). Each SVG is cached by the hash of what it shows.
"""

from __future__ import annotations

import hashlib
import io
import json
import multiprocessing
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from report import fonts  # noqa: E402
from report.atomic import atomic_write_text  # noqa: E402
from report.catalogue import Catalogue  # noqa: E402
from report.consolidate import Dataset  # noqa: E402
from report.formatting import Formatter  # noqa: E402

CM = 1 / 2.54


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


class Painter:
    """Draws ChartData with the project's fonts and style."""

    def __init__(self, style: Mapping[str, object], fmt: Formatter) -> None:
        self.style, self.fmt = style, fmt
        for face in fonts.faces():
            font_manager.fontManager.addfont(str(face.path))
        plt.rcParams.update({
            "font.family": [fonts.BODY, fonts.TITLE], "font.size": style["font_size"],
            "svg.fonttype": "path",
            "svg.hashsalt": "cnclt", "axes.edgecolor": style["grid"], "text.color": style["text"],
            "axes.labelcolor": style["text"], "xtick.color": style["text"],
            "ytick.color": style["text"],
        })

    def svg(self, data: ChartData, alt: str) -> str:
        fig = self._figure(data)
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
        plt.close(fig)
        return _with_title(buf.getvalue(), alt)

    def _figure(self, data: ChartData):
        s = self.style
        n = len(data.categories)
        horizontal = data.spec.orientation == "horizontal" and data.spec.kind != "trend"
        height = max(s["height_cm"] * 0.6, n * s["row_height_cm"] + 1.5) if horizontal \
            else s["height_cm"]
        fig, ax = plt.subplots(figsize=(s["width_cm"] * CM, height * CM), layout="constrained")
        ax.grid(axis="x" if horizontal else "y", color=s["grid"], linewidth=0.6)
        ax.set_axisbelow(True)
        for side in ("top", "left", "right"):
            ax.spines[side].set_visible(False)
        (self._hbars if horizontal else self._vbars)(ax, data)
        return fig

    def _label(self, value: int | None) -> str:
        return self.fmt.number_text(value) if value is not None else "—"

    def _category(self, label: str) -> str:
        """A category label as matplotlib must get it: logical Unicode (matplotlib >= 3.11
        shapes and orders it), digits in the edition's style. Never pre-shaped."""
        return self.fmt.digits_text(label)

    def _number_axis(self, axis) -> None:
        axis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=3))
        axis.set_major_formatter(lambda v, _: self.fmt.number_text(int(round(v))))

    def _vbars(self, ax, data: ChartData) -> None:
        n, k = len(data.categories), len(data.series)
        width = 0.8 / k
        for j, series in enumerate(data.series):
            # axis inverted: the first series of a group sits on its right
            xs = [i - 0.4 + width * (j + 0.5) for i in range(n)]
            vals = [v or 0 for v in series.values]
            bars = ax.bar(xs, vals, width * 0.92, color=self.style["palette"][j % 5],
                          label=series.name)
            ax.bar_label(bars, [self._label(v) for v in series.values], padding=2, fontsize=8)
        ax.set_xticks(range(n), [self._category(c) for c in data.categories])
        ax.tick_params(axis="x", length=0)
        ax.invert_xaxis()  # first category on the right: read right to left
        ax.yaxis.tick_right()
        self._number_axis(ax.yaxis)
        ax.spines["right"].set_visible(False)
        ax.margins(y=0.15)
        if k > 1:
            # right to left: first series on the right, its colour key right of its name
            handles, labels = ax.get_legend_handles_labels()
            ax.legend(handles[::-1], labels[::-1], frameon=False, loc="upper center",
                      bbox_to_anchor=(0.5, -0.12), ncols=k, markerfirst=False)

    def _hbars(self, ax, data: ChartData) -> None:
        vals = [v or 0 for v in data.series[0].values]
        ys = range(len(vals))
        bars = ax.barh(ys, vals, 0.7, color=self.style["palette"][0])
        ax.bar_label(bars, [self._label(v) for v in data.series[0].values], padding=3, fontsize=8)
        ax.set_yticks(ys, [self._category(c) for c in data.categories])
        ax.invert_yaxis()  # first category at the top
        ax.invert_xaxis()  # bars grow leftwards from the labels on the right
        ax.yaxis.tick_right()
        ax.tick_params(axis="y", length=0)
        self._number_axis(ax.xaxis)
        ax.margins(x=0.12)


def _with_title(svg: str, alt: str) -> str:
    """Give the SVG a <title> (WeasyPrint uses it as the figure's alternative text)."""
    return re.sub(r"(<svg\b[^>]*>)", lambda m: f"{m.group(1)}\n <title>{escape(alt)}</title>",
                  svg, count=1)


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
                                         matplotlib.__version__, _drawing_digest()]).encode()
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
    """How charts are drawn: this module's source and the font files (a cache key part)."""
    h = hashlib.sha256(Path(__file__).read_bytes())
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
    painter = Painter(style, fmt) if todo else None
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
