"""ChartData -> SVG text, drawn by matplotlib with the report's fonts (glyphs as paths).

matplotlib >= 3.11 shapes Arabic itself: labels are passed as logical Unicode strings,
never pre-shaped (arabic-reshaper/python-bidi would now reverse them). Arabic charts read
right to left: the first category sits on the right (vertical bars) or at the top with its
label on the right (horizontal bars). French charts, drawn from the same data, are their
mirror: the first category on the left, labels on the left, bars growing rightwards, the
number axis on the left, in the French edition's face (the plan's status chart too: its
statuses stacked from the labels' side, its legend read row by row in the text's
direction). Imported only when a chart must be drawn: a rebuild whose charts are all cached
never loads matplotlib.

A chart with nothing to draw never fails: values not received or not collected are dashes,
withheld ones their symbol, zeros 0, as the tables print them; a chart of no category at
all (no year of the plan yet, say) is one dash, which its note explains
(report/charts/compose.py).
"""

from __future__ import annotations

import hashlib
import io
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Literal, cast
from xml.sax.saxutils import escape

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.artist import Artist  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.axis import Axis  # noqa: E402
from matplotlib.container import BarContainer  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from report import fonts  # noqa: E402
from report.charts.kinds import KINDS  # noqa: E402
from report.charts.model import ChartData, ChartStyle  # noqa: E402
from report.language.formatting import Formatter  # noqa: E402

CM = 1 / 2.54
# How a kind is drawn (report/charts/kinds.py's ``draw``) -> the Painter's method.
WAYS = {"bars": "_bars_figure", "stacked_groups": "_stacked_figure"}
LEGEND_ROW_CHARS = 70  # the most characters of series names a one-row legend holds


class Painter:
    """Draws ChartData with the project's fonts and style."""

    def __init__(self, style: ChartStyle, fmt: Formatter) -> None:
        self.style, self.fmt = style, fmt
        self.rtl = fmt.language.rtl
        # the edition's face first, the others as fallbacks for the glyphs it lacks
        self.families = fonts.chart_families(fmt.language.body_font)
        self._fonts = Path()  # a temporary folder while a chart is drawn (_bold's faces)
        for path in dict.fromkeys(face.path for face in fonts.faces()):
            font_manager.fontManager.addfont(str(path))
        plt.rcParams.update({
            "font.size": style["font_size"],
            "svg.fonttype": "path",
            "svg.hashsalt": "cnclt", "axes.edgecolor": style["grid"], "text.color": style["text"],
            "axes.labelcolor": style["text"], "xtick.color": style["text"],
            "ytick.color": style["text"],
        })

    def svg(self, data: ChartData, alt: str) -> str:
        with tempfile.TemporaryDirectory(prefix="cnclt-fonts-") as tmp:
            self._fonts = Path(tmp)
            fig = self._figure(data)
            buf = io.StringIO()
            fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
            plt.close(fig)
        return _with_title(buf.getvalue(), alt)

    def _figure(self, data: ChartData) -> Figure:
        plt.rcParams["font.family"] = self.families  # painters of both languages may alternate
        if not data.categories or not data.series:
            return self._blank_figure()
        figure: Callable[[ChartData], Figure] = getattr(self, WAYS[KINDS[data.spec.kind].draw])
        return figure(data)

    def _blank_figure(self) -> Figure:
        """A chart with no category to draw: the sign of a value that does not apply (×, as
        a table prints such a cell) in the middle of a low frame; its note says why."""
        s = self.style
        fig, ax = plt.subplots(figsize=(s["width_cm"] * CM, s["height_cm"] * 0.4 * CM),
                               layout="constrained")
        ax.set_axis_off()
        label = ax.text(0.5, 0.5, self.fmt.not_applicable, ha="center", va="center", fontsize=14,
                        color=s["text"], transform=ax.transAxes)
        label.set_gid("label-empty")
        return fig

    def _bars_figure(self, data: ChartData) -> Figure:
        """One bar per category and series, vertical, or horizontal where the kind allows."""
        s = self.style
        n = len(data.categories)
        horizontal = data.spec.orientation == "horizontal" and KINDS[data.spec.kind].horizontal
        height = max(s["height_cm"] * 0.6, n * s["row_height_cm"] + 1.5) if horizontal \
            else s["height_cm"]
        fig, ax = plt.subplots(figsize=(s["width_cm"] * CM, height * CM), layout="constrained")
        ax.grid(axis="x" if horizontal else "y", color=s["grid"], linewidth=0.6)
        ax.set_axisbelow(True)
        for side in ("top", "left", "right"):
            ax.spines[side].set_visible(False)
        (self._hbars if horizontal else self._vbars)(ax, data)
        return fig

    def _label(self, value: int | None, marks: tuple[str, ...] = (),
               not_available: tuple[str, ...] = ()) -> str:
        """A bar's label: the value and its status symbols; a withheld value has no bar,
        only its symbol ([c]); a value not collected ("na": the chart's note names who does
        not collect it) or not received, its sign (templates/text/phrases.toml sign.*),
        never 0."""
        if not_available:
            return self.fmt.not_collected
        if value is None and not marks:
            return self.fmt.missing
        return self.fmt.value_text(value, marks)

    def _category(self, label: str) -> str:
        """A category label as matplotlib must get it: logical Unicode (matplotlib >= 3.11
        shapes and orders it), digits in the edition's style. Never pre-shaped."""
        return self.fmt.digits_text(label)

    def _number_axis(self, axis: Axis) -> None:
        axis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=3))
        axis.set_major_formatter(lambda v, _: self.fmt.number_text(int(round(v))))

    def _without_magnitude(self, ax: Axes, which: Literal["x", "y"],
                           values: list[int | None]) -> None:
        """A chart with no value above 0 gets a scale of 0 to 1 (matplotlib would label
        every tick of its tiny default range "0"): one tick, 0, when some value is a number;
        none when no value is (every value not collected or not received: the chart shows
        only dashes, which its note explains, and no scale to read them against)."""
        if any(v for v in values):
            return
        axis = ax.yaxis if which == "y" else ax.xaxis
        low, high = (1, 0) if axis.get_inverted() else (0, 1)
        (ax.set_ylim if which == "y" else ax.set_xlim)(low, high)
        axis.set_ticks([0] if any(v is not None for v in values) else [])

    def _colour(self, j: int) -> str:
        palette = self.style["palette"]
        return palette[j % len(palette)]

    def _vbars(self, ax: Axes, data: ChartData) -> None:
        n, k = len(data.categories), len(data.series)
        width = 0.8 / k
        for j, series in enumerate(data.series):
            # Arabic: axis inverted, the first series of a group sits on its right
            xs = [i - 0.4 + width * (j + 0.5) for i in range(n)]
            vals = [v or 0 for v in series.values]
            bars = ax.bar(xs, vals, width * 0.92, color=self._colour(j), label=series.name)
            # values above the bars, in the text colour on the white ground
            for i, (bar, v) in enumerate(zip(bars, series.values, strict=True)):
                bar.set_gid(f"bar-{j}-{i}")
                label = ax.annotate(self._label(v, series.marks_of(i),
                                                series.not_available_of(i)),
                                    (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                                    xytext=(0, 2), textcoords="offset points", ha="center",
                                    va="bottom", fontsize=8, color=self.style["text"])
                label.set_gid(f"label-{j}-{i}")
        ax.set_xticks(range(n), [self._category(c) for c in data.categories])
        ax.tick_params(axis="x", length=0)
        if self.rtl:
            ax.invert_xaxis()  # first category on the right: read right to left
            ax.yaxis.tick_right()
        self._number_axis(ax.yaxis)
        ax.spines["right" if self.rtl else "left"].set_visible(False)
        ax.margins(y=0.15)
        self._without_magnitude(ax, "y", [v for s in data.series for v in s.values])
        if k > 1:
            # in reading order: the first series first, its colour key before its name
            handles, labels = ax.get_legend_handles_labels()
            if self.rtl:
                handles, labels = handles[::-1], labels[::-1]
            # side by side when the names are short, else one under the other (French
            # names run longer than Arabic ones and would be cut at the figure's edges)
            ncols = legend_columns([len(label) for label in labels])
            ax.legend(handles, labels, frameon=False, loc="upper center",
                      bbox_to_anchor=(0.5, -0.12), ncols=ncols, markerfirst=not self.rtl)

    def _hbars(self, ax: Axes, data: ChartData) -> None:
        series = data.series[0]
        values = series.values
        ys = range(len(values))
        colour = self._colour(0)
        bars = ax.barh(ys, [v or 0 for v in values], 0.7, color=colour)
        ax.set_yticks(ys, [self._category(c) for c in data.categories])
        ax.invert_yaxis()  # first category at the top
        if self.rtl:
            ax.invert_xaxis()  # bars grow leftwards from the labels on the right
            ax.yaxis.tick_right()
        ax.tick_params(axis="y", length=0)
        self._number_axis(ax.xaxis)
        ax.margins(x=0.02)
        self._without_magnitude(ax, "x", list(values))
        self._hbar_labels(ax, bars, [self._label(v, series.marks_of(i),
                                                 series.not_available_of(i))
                                     for i, v in enumerate(values)], colour)

    def _hbar_labels(self, ax: Axes, bars: BarContainer, texts: list[str],
                     colour: str) -> None:
        """Each value at the end of its bar: inside it, in the colour that reads best on
        the bar, when the label fits with room to spare; otherwise just past the bar's end
        in the text colour on the white ground (the axis is widened until it fits). The
        bar's end is its left end in Arabic, its right end in French."""
        fig = cast(Figure, ax.figure)  # the chart's own figure, never a subfigure
        pad = 3  # points between the bar's end and the label
        out = -1 if self.rtl else 1  # the direction the bars grow, on the page
        outer_ha: Literal["left", "right"] = "right" if self.rtl else "left"
        inner_ha: Literal["left", "right"] = "left" if self.rtl else "right"
        text = self.style["text"]
        inner = best_text_colour(colour, ("#ffffff", text))
        labels = []
        for i, (bar, v) in enumerate(zip(bars, texts, strict=True)):
            bar.set_gid(f"bar-0-{i}")
            end = (bar.get_width(), bar.get_y() + bar.get_height() / 2)
            label = ax.annotate(v, end, xytext=(out * pad, 0),
                                textcoords="offset points", ha=outer_ha, va="center",
                                fontsize=8, color=text)
            label.set_gid(f"label-0-{i}")
            labels.append((bar, label))
        for _ in range(4):
            fig.draw_without_rendering()  # settles the layout: sizes below are final
            px_per_pt = fig.dpi / 72
            overflow = 0.0
            frame = ax.get_window_extent()
            for bar, label in labels:
                text_w = label.get_window_extent().width
                box = bar.get_window_extent()
                if contrast(inner, colour) >= MIN_CONTRAST and \
                        text_w + 2 * pad * px_per_pt <= box.width:
                    label.set_position((-out * pad, 0))  # inside, from the bar's end inwards
                    label.set_horizontalalignment(inner_ha)
                    label.set_color(inner)
                else:
                    label.set_position((out * pad, 0))
                    label.set_horizontalalignment(outer_ha)
                    label.set_color(text)
                    if self.rtl:
                        overflow = max(overflow, frame.x0 - (box.x0 - pad * px_per_pt - text_w))
                    else:
                        overflow = max(overflow, box.x1 + pad * px_per_pt + text_w - frame.x1)
            if overflow <= 0:
                return
            lo, hi = ax.get_xlim()  # Arabic (inverted): lo is the left, largest end
            span = abs(lo - hi)
            more = span * (overflow + 4) / frame.width
            ax.set_xlim(lo + more, hi) if self.rtl else ax.set_xlim(lo, hi + more)


    # -- plan_status: horizontal bars stacked by status, grouped by axis ----------------
    GROUP_GAP = 0.7  # between two groups of bars, in bar steps

    def _stacked_figure(self, data: ChartData) -> Figure:
        s = self.style
        rows = len(data.categories) + self.GROUP_GAP * (len(data.groups) - 1)
        height = rows * s["row_height_cm"] * 0.7 + 2.2  # + the legend beneath
        fig, ax = plt.subplots(figsize=(s["width_cm"] * CM, height * CM), layout="constrained")
        ax.grid(axis="x", color=s["grid"], linewidth=0.6)
        ax.set_axisbelow(True)
        for side in ("top", "left", "right"):
            ax.spines[side].set_visible(False)
        self._stacked(ax, data)
        return fig

    def _positions(self, data: ChartData) -> tuple[list[float], list[tuple[float, str]]]:
        """Each category's place (groups apart), and each group's centre and label."""
        ys: list[float] = []
        centres: list[tuple[float, str]] = []
        y = 0.0
        for label, ticks in data.groups:
            first = y
            ys += [y + i for i in range(len(ticks))]
            y += len(ticks)
            centres.append(((first + y - 1) / 2, label))
            y += self.GROUP_GAP
        return ys, centres

    def _stacked(self, ax: Axes, data: ChartData) -> None:
        """Statuses stacked from the labels' side (the right in Arabic, the left in French:
        the first status next to the labels), categories from the top; each group's label
        outside its categories' labels; the count inside each segment in the colour that
        reads best on it."""
        ys, centres = self._positions(data)
        text = self.style["text"]
        left = [0.0] * len(ys)
        for j, series in enumerate(data.series):
            colour = self.style["status_colours"][series.key]
            values = [v or 0 for v in series.values]
            # a pale segment gets a grey outline: it must not vanish into the white ground
            edge = self.style["grid"] if _luminance(colour) > PALE else "#ffffff"
            bars = ax.barh(ys, values, 0.72, left=left, color=colour, edgecolor=edge,
                           linewidth=0.8, label=series.name)
            ink = best_text_colour(colour, ("#ffffff", text))
            for i, (bar, v) in enumerate(zip(bars, values, strict=True)):
                if v:  # an empty segment has neither an id nor a label
                    bar.set_gid(f"bar-{j}-{i}")
                    label = ax.text(left[i] + v / 2, ys[i], self._label(v), ha="center",
                                    va="center", fontsize=7.5, color=ink)
                    label.set_gid(f"label-{j}-{i}")
            left = [a + v for a, v in zip(left, values, strict=True)]
        ticks = [t for _, group in data.groups for t in group]
        ax.set_yticks(ys, [self._category(t) for t in ticks])
        ax.set_ylim(max(ys) + 0.6, min(ys) - 0.6)  # first category at the top
        widest = max(left) or 1  # every count 0: a scale of 0 to 1, with one tick, 0
        if self.rtl:
            ax.set_xlim(widest, 0)  # bars grow leftwards from the labels on the right
            ax.yaxis.tick_right()
        else:
            ax.set_xlim(0, widest)  # rightwards from the labels on the left
        ax.tick_params(axis="y", length=0)
        self._number_axis(ax.xaxis)
        if not max(left):
            ax.xaxis.set_ticks([0])
        for k in range(1, len(data.groups)):  # a rule between two groups
            ax.axhline(ys[sum(len(g[1]) for g in data.groups[:k])] - (1 + self.GROUP_GAP) / 2,
                       color=self.style["grid"], linewidth=0.6)
        self._group_labels(ax, centres)
        self._reading_legend(ax, columns=4)

    def _reading_legend(self, ax: Axes, columns: int) -> None:
        """The legend beneath, read row by row like the text (right to left in Arabic, left
        to right in French): matplotlib fills columns from the left, so the entries go in
        column by column from the left end of each row, blank entries completing the last
        row. Fewer columns when a row would run past the figure's edges (French names run
        longer than Arabic ones)."""
        fig = cast(Figure, ax.figure)
        handles, labels = ax.get_legend_handles_labels()
        blank = Rectangle((0, 0), 0, 0, alpha=0)
        for n in range(min(columns, len(labels)), 0, -1):
            rows = -(-len(labels) // n)
            cells: list[tuple[Artist, str]] = []
            for c in range(n):  # from the left
                for r in range(rows):
                    k = r * n + (n - 1 - c if self.rtl else c)
                    cells.append((handles[k], labels[k]) if k < len(labels) else (blank, ""))
            legend = ax.legend([h for h, _ in cells], [t for _, t in cells], frameon=False,
                               loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=n,
                               markerfirst=not self.rtl)
            fig.draw_without_rendering()
            box, frame = legend.get_window_extent(), fig.bbox
            if n == 1 or (box.x0 >= frame.x0 and box.x1 <= frame.x1):
                return
            legend.remove()

    def _group_labels(self, ax: Axes, centres: list[tuple[float, str]]) -> None:
        """The groups' labels on a second axis on the labels' side (the right in Arabic,
        the left in French), past the categories' labels."""
        fig = cast(Figure, ax.figure)
        fig.draw_without_rendering()
        widest = max(t.get_window_extent().width for t in ax.get_yticklabels())
        side: Literal["left", "right"] = "right" if self.rtl else "left"
        groups = ax.secondary_yaxis(side)
        groups.set_yticks([c for c, _ in centres], [self._category(g) for _, g in centres])
        groups.tick_params(length=0, pad=widest * 72 / fig.dpi + 8)
        groups.spines[side].set_visible(False)
        for label in groups.get_yticklabels():
            self._bold(label)

    def _bold(self, label: Text) -> None:
        """``label`` in the bold of the edition's face. A static bold face is registered
        (Tajawal Bold); a variable face (Source Serif 4) matplotlib draws at its default
        weight only, warning "Failed to find font weight bold": the label then gets a
        static bold instance of the face cut down to its characters."""
        face = fonts.chart_face(self.fmt.language.body_font, 700)
        if not fonts.is_variable(face):
            label.set_fontweight("bold")
            return
        text = label.get_text()
        digest = hashlib.sha256(f"{face.name}|700|{text}".encode()).hexdigest()[:16]
        path = self._fonts / f"bold-{digest}.ttf"
        if path.exists() or fonts.static_instance(face, 700, text, path):
            label.set_fontproperties(FontProperties(fname=path, size=label.get_fontsize()))
        else:  # a character the face lacks: the default weight, with its fallbacks
            label.set_fontweight("bold")


def legend_columns(lengths: list[int]) -> int:
    """As many legend columns as the series names allow on a row of LEGEND_ROW_CHARS: all
    of them side by side, else two (the two longest names fit beside each other), else one
    under the other."""
    if sum(lengths) <= LEGEND_ROW_CHARS:
        return len(lengths)
    longest = sorted(lengths, reverse=True)
    return 2 if len(longest) > 2 and longest[0] + longest[1] <= LEGEND_ROW_CHARS else 1


MIN_CONTRAST = 4.5  # WCAG 2 AA for text
PALE = 0.8  # relative luminance above which a bar needs an outline on white


def _luminance(colour: str) -> float:
    """Relative luminance of an sRGB ``#rrggbb`` colour (WCAG 2)."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def best_text_colour(ground: str, candidates: tuple[str, ...]) -> str:
    return max(candidates, key=lambda c: contrast(c, ground))


def _with_title(svg: str, alt: str) -> str:
    """Give the SVG a <title> (WeasyPrint uses it as the figure's alternative text)."""
    return re.sub(r"(<svg\b[^>]*>)", lambda m: f"{m.group(1)}\n <title>{escape(alt)}</title>",
                  svg, count=1)
