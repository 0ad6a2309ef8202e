"""Chart text: matplotlib (>= 3.11) shapes Arabic itself, so the Painter must hand it
logical strings. Pre-shaping (arabic_reshaper + python-bidi, the pre-3.11 recipe) now
renders labels reversed, silently: these tests compare pixels against a rendering of the
logical string, and fail if chart text is pre-shaped or reversed.
"""

from __future__ import annotations

import re
import warnings

import matplotlib
import numpy as np
import pytest

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from report import fonts  # noqa: E402
from report.charts.draw import Painter  # noqa: E402
from report.charts.model import ChartData, ChartSpec, Series  # noqa: E402
from report.language.formatting import Formatter  # noqa: E402

STYLE = {"width_cm": 16.0, "height_cm": 7.5, "row_height_cm": 0.75, "font_size": 9,
         "palette": ["#1f4e79", "#c0504d", "#9bbb59", "#8064a2", "#f79646"],
         "grid": "#d9d9d9", "text": "#222222"}
LABELS = ("الاستغلال الجنسي", "العمل القسري", "التسول", "18-25 سنة")
PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def spec(kind="breakdown", orientation="vertical") -> ChartSpec:
    return ChartSpec("t", kind, "figures", {"ar": "عنوان", "fr": "titre"}, ("VICTIMS",),
                     "form", orientation, 3, False)


@pytest.fixture(scope="module")
def painter(catalogue) -> Painter:
    return Painter(STYLE, Formatter("ar", catalogue.nouns, "latn"))


def raster(text: str, props) -> np.ndarray:
    """``text`` drawn alone by matplotlib with ``props``, as a grey-level array."""
    with warnings.catch_warnings():  # pre-shaped text: presentation forms the font lacks
        warnings.simplefilter("ignore", UserWarning)
        return _raster(text, props)


def _raster(text: str, props) -> np.ndarray:
    fig = Figure(figsize=(3, 0.5), dpi=150)
    FigureCanvasAgg(fig)
    fig.text(0.5, 0.5, text, fontproperties=props, ha="center", va="center")
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba())[..., 0].astype(float)


def difference(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.sqrt(np.mean((a - b) ** 2)))


def preshaped(text: str) -> str:
    arabic_reshaper = pytest.importorskip("arabic_reshaper")
    bidi = pytest.importorskip("bidi.algorithm")
    return bidi.get_display(arabic_reshaper.reshape(text))


def chart_texts(fig) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_text().strip() and t.get_visible()]


def test_matplotlib_shapes_logical_arabic_itself():
    """The premise: a pre-shaped label no longer renders like the logical one."""
    props = matplotlib.font_manager.FontProperties(family=fonts.BODY, size=12)
    for label in LABELS[:3]:
        logical, again = raster(label, props), raster(label, props)
        assert difference(logical, again) == 0
        assert difference(logical, raster(preshaped(label), props)) > 5, label


@pytest.mark.parametrize("orientation", ["vertical", "horizontal"])
def test_chart_text_is_logical_and_renders_like_the_logical_string(painter, orientation):
    data = ChartData(spec(orientation=orientation), LABELS,
                     (Series("الضحايا", (120, 45, 1234, 7)),))
    fig = painter._figure(data)
    try:
        texts = chart_texts(fig)
        drawn = {t.get_text() for t in texts}
        for label in LABELS:
            assert label in drawn, f"category {label!r} not drawn as its logical string"
        for t in texts:
            s = t.get_text()
            assert not PRESENTATION_FORMS.search(s), f"pre-shaped chart text: {s!r}"
            assert not BIDI_CONTROLS.search(s), f"bidi controls in chart text: {s!r}"
            if s in LABELS[:3]:
                props = t.get_fontproperties()
                ours = raster(s, props)
                assert difference(ours, raster(label_for(s), props)) == 0
                assert difference(ours, raster(preshaped(s), props)) > 5, s
                assert difference(ours, raster(s[::-1], props)) > 5, s  # not reversed
        # numbers on the bars in the report's number format
        assert {"120", "45", "1.234", "7"} <= drawn
        family = {t.get_fontproperties().get_family()[0] for t in texts}
        assert family == {fonts.BODY}
    finally:
        plt.close(fig)


def label_for(s: str) -> str:
    """The logical source string of a label (identity: what a correct chart draws)."""
    return s


def test_categories_read_right_to_left(painter):
    data = ChartData(spec(), LABELS[:3], (Series("الضحايا", (3, 2, 1)),))
    fig = painter._figure(data)
    try:
        fig.canvas.draw()
        ax = fig.axes[0]
        xs = {t.get_text(): t.get_window_extent().x0 for t in ax.get_xticklabels()}
        assert xs[LABELS[0]] > xs[LABELS[1]] > xs[LABELS[2]]  # first on the right
    finally:
        plt.close(fig)


def test_horizontal_first_category_on_top_labels_on_the_right(painter):
    data = ChartData(spec(orientation="horizontal"), LABELS[:3], (Series("س", (3, 2, 1)),))
    fig = painter._figure(data)
    try:
        fig.canvas.draw()
        ax = fig.axes[0]
        ys = {t.get_text(): t.get_window_extent().y0 for t in ax.get_yticklabels()}
        assert ys[LABELS[0]] > ys[LABELS[1]] > ys[LABELS[2]]
        label_x = min(t.get_window_extent().x0 for t in ax.get_yticklabels())
        assert label_x > ax.get_window_extent().x1 - 2  # labels right of the plot
    finally:
        plt.close(fig)


def test_legend_reads_right_to_left(painter):
    data = ChartData(spec(kind="trend"), ("2023", "2024", "2025"),
                     (Series("القضايا", (1, 2, 3)), Series("المدانون", (1, 1, 2))))
    fig = painter._figure(data)
    try:
        fig.canvas.draw()
        legend = fig.axes[0].get_legend()
        xs = {t.get_text(): t.get_window_extent().x0 for t in legend.get_texts()}
        assert xs["القضايا"] > xs["المدانون"]
    finally:
        plt.close(fig)


def test_arabic_indic_edition_numbers_on_charts(catalogue):
    p = Painter(STYLE, Formatter("ar", catalogue.nouns, "arab"))
    data = ChartData(spec(kind="trend"), ("2024", "2025"), (Series("القضايا", (1234, 56)),))
    fig = p._figure(data)
    try:
        drawn = {t.get_text() for t in chart_texts(fig)}
        assert {"١٬٢٣٤", "٥٦", "٢٠٢٤", "٢٠٢٥"} <= drawn
        assert not any(re.search("[0-9]", s) for s in drawn)
    finally:
        plt.close(fig)
