"""ChartData -> SVG text, drawn by matplotlib with the report's fonts (glyphs as paths).

matplotlib >= 3.11 shapes Arabic itself: labels are passed as logical Unicode strings,
never pre-shaped (arabic-reshaper/python-bidi would now reverse them). Charts read right
to left: the first category sits on the right (vertical bars) or at the top with its
label on the right (horizontal bars). Imported only when a chart must be drawn: a rebuild
whose charts are all cached never loads matplotlib.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from xml.sax.saxutils import escape

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from report import fonts  # noqa: E402
from report.chart_model import ChartData  # noqa: E402
from report.formatting import Formatter  # noqa: E402

CM = 1 / 2.54


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
            palette = self.style["palette"]
            bars = ax.bar(xs, vals, width * 0.92, color=palette[j % len(palette)],
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
