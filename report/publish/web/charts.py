"""A drawn chart (its SVG, report/charts/) -> the same chart inline in a web page, named for
a screen reader, and the numbers it draws as a data table the reader can open under it.

The SVG is the one the public editions print (glyphs as paths, the public view's figures):
its title becomes the chart's name and its alternative text a description (role="img",
aria-labelledby, aria-describedby); its ids take the chart's id before them, so that two
charts on one page never share one; its global style rule and its metadata go (the stroke
defaults move to the root). The data table shows every value as the report's tables do
([c] withheld, [r] revised, a dash for a figure not collected), and says what each sign
it uses means.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from xml.sax.saxutils import escape

from report.charts.model import Chart, ChartData, Series

PROLOGUE = re.compile(r"<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*|<!--.*?-->\s*", re.S)
METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.S)
STYLE = re.compile(r"\s*<style[^>]*>.*?</style>", re.S)
TITLE = re.compile(r"<title>.*?</title>", re.S)
ROOT = re.compile(r"<svg\b[^>]*>")
SIZE = re.compile(r'\s(?:width|height)="[^"]*"')
ID = re.compile(r'\bid="([^"]+)"')
REFERENCE = re.compile(r'(href="#|url\(#)([^")]+)')


@dataclass(frozen=True)
class Cell:
    value: int | None
    marks: tuple[str, ...]  # status symbols, as the tables print them
    dash: bool  # not collected: a dash, never 0


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple[Cell, ...]  # one per series


@dataclass(frozen=True)
class RowGroup:
    label: str  # "" when the chart does not group its categories
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Sign:
    symbol: str  # "c", "r"...; "" for the dash and for "not received"
    text: str


@dataclass(frozen=True)
class DataTable:
    id: str
    caption: str
    head: tuple[str, ...]
    label_columns: int  # the head's first columns that label rows (the rest are numbers)
    groups: tuple[RowGroup, ...]
    signs: tuple[Sign, ...]


def inline_svg(svg: str, chart: Chart) -> str:
    """The chart's SVG as an element of the page: named, described, its ids its own."""
    prefix = f"{chart.id}-"
    text = METADATA.sub("", STYLE.sub("", PROLOGUE.sub("", svg)))
    text = REFERENCE.sub(lambda m: f"{m.group(1)}{prefix}{m.group(2)}",
                         ID.sub(lambda m: f'id="{prefix}{m.group(1)}"', text))
    text = TITLE.sub(lambda _: f'<title id="{prefix}title">{escape(chart.title)}</title>'
                     f'<desc id="{prefix}desc">{escape(chart.alt)}</desc>', text, count=1)
    return ROOT.sub(lambda m: _root(m.group(0), prefix), text, count=1).strip()


def _root(tag: str, prefix: str) -> str:
    """The root without its fixed size (the page's CSS sizes it; the viewBox keeps its
    proportions), named and described, with the stroke defaults of the style rule."""
    return (SIZE.sub("", tag)[:-1] + f' role="img" aria-labelledby="{prefix}title" '
            f'aria-describedby="{prefix}desc" focusable="false" '
            'stroke-linejoin="round" stroke-linecap="butt">')


def data_table(chart: Chart, caption: str, say: Callable[[str], str],
               symbols: Mapping[str, str]) -> DataTable:
    """The numbers ``chart`` draws, by category (and group) and series."""
    data = chart.data
    assert data is not None, f"{chart.id}: drawn without its numbers"
    first = say("data_year") if chart.over_years else say("data_category")
    head = ((say("data_group"),) if data.groups else ()) + (first,) + tuple(
        s.name for s in data.series)
    return DataTable(f"data-{chart.id}", caption, head, 2 if data.groups else 1,
                     _groups(data), _signs(data, say, symbols))


def _groups(data: ChartData) -> tuple[RowGroup, ...]:
    rows = tuple(Row(label, tuple(_cell(s, i) for s in data.series))
                 for i, label in enumerate(data.categories))
    if not data.groups:
        return (RowGroup("", rows),)
    out, i = [], 0
    for label, ticks in data.groups:
        out.append(RowGroup(label, tuple(Row(t, rows[i + k].values)
                                         for k, t in enumerate(ticks))))
        i += len(ticks)
    return tuple(out)


def _cell(s: Series, i: int) -> Cell:
    return Cell(s.values[i], s.marks_of(i), bool(s.not_available_of(i)))


def _signs(data: ChartData, say: Callable[[str], str],
           symbols: Mapping[str, str]) -> tuple[Sign, ...]:
    """Each sign the table uses, once, with what it means."""
    cells = [_cell(s, i) for s in data.series for i in range(len(s.values))]
    used = {m for c in cells for m in c.marks}
    signs = [Sign(s, text) for s, text in symbols.items() if s in used]
    if any(c.dash for c in cells):
        signs.append(Sign("", say("sign_dash")))
    if any(c.value is None and not c.marks and not c.dash for c in cells):
        signs.append(Sign("", say("sign_missing")))
    return tuple(signs)
