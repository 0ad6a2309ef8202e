"""The same chart specifications drawn for each edition: Arabic charts read right to left,
French charts are their mirror (first category on the left, labels and number axis on the
left, bars growing rightwards), in each edition's face and number format, the painters of
both languages alternating in one process (``build --lang all``)."""

from __future__ import annotations

import dataclasses

import matplotlib
import pytest

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402

from report import fonts  # noqa: E402
from report.charts.compose import chart_file  # noqa: E402
from report.charts.draw import Painter  # noqa: E402
from report.charts.kinds import chart_data
from report.charts.model import ChartData, ChartSpec, Series  # noqa: E402
from report.figures.consolidate import consolidate  # noqa: E402
from report.language.formatting import Formatter  # noqa: E402
from tests.charts.test_charts import STYLE  # noqa: E402

CATEGORIES = {"ar": ("الاستغلال الجنسي", "العمل القسري", "التسول"),
              "fr": ("Exploitation sexuelle", "Travail forcé", "Mendicité")}


def spec(orientation: str) -> ChartSpec:
    return ChartSpec("t", "breakdown", "figures", {"ar": "عنوان", "fr": "titre"}, ("VICTIMS",),
                     "form", orientation, 3, False)


@pytest.fixture(scope="module")
def painters(catalogue) -> dict[str, Painter]:
    return {lang: Painter(STYLE, Formatter(lang, catalogue.nouns)) for lang in ("ar", "fr")}


def _draw(painter: Painter, lang: str, orientation: str):
    data = ChartData(spec(orientation), CATEGORIES[lang], (Series("v", (1234, 56, 7)),))
    return painter._figure(data)


def _tick_labels(axis) -> list[tuple[float, str]]:
    return [(t.get_position()[0 if axis.axis_name == "x" else 1], t.get_text())
            for t in axis.get_ticklabels()]


@pytest.mark.parametrize("lang", ["ar", "fr", "ar", "fr"])  # alternating painters
def test_vertical_bars_in_reading_order(painters, lang):
    fig = _draw(painters[lang], lang, "vertical")
    try:
        ax = fig.axes[0]
        assert ax.xaxis_inverted() == (lang == "ar")
        left, right = ax.get_xlim()
        ticks = dict((label, x) for x, label in _tick_labels(ax.xaxis))
        first, last = ticks[CATEGORIES[lang][0]], ticks[CATEGORIES[lang][-1]]
        # the first category at the reading start: on the right in Arabic, the left in French
        on_screen = (first - left) / (right - left), (last - left) / (right - left)
        assert (on_screen[0] < on_screen[1]) == (lang == "fr")
        assert ax.yaxis.get_ticks_position() == ("right" if lang == "ar" else "left")
        families = {t.get_fontproperties().get_family()[0] for t in ax.get_xticklabels()}
        assert families == {fonts.BODY if lang == "ar" else fonts.LATIN}
        bar_labels = {t.get_text() for t in ax.texts}
        assert ("1.234" if lang == "ar" else "1\u202f234") in bar_labels
    finally:
        plt.close(fig)


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_horizontal_bars_grow_from_the_labels(painters, lang):
    fig = _draw(painters[lang], lang, "horizontal")
    try:
        ax = fig.axes[0]
        assert ax.yaxis_inverted()  # first category at the top in both
        assert ax.xaxis_inverted() == (lang == "ar")  # bars grow leftwards only in Arabic
        assert ax.yaxis.get_ticks_position() == ("right" if lang == "ar" else "left")
    finally:
        plt.close(fig)


def test_labels_from_the_bilingual_catalogue(catalogue):
    from report.charts.specs import load_specs
    from report.figures.records import YearData
    from report.paths import CHARTS

    specs = {s.id: s for s in load_specs(CHARTS / "charts.toml")}
    form = dataclasses.replace(specs["victims_form"], hide_zero=False)
    empty = {2025: consolidate(catalogue, YearData(2025, (), {}, ()))}  # no data: labels only
    ar = chart_data(form, catalogue, empty, 2025, "ar")
    fr = chart_data(form, catalogue, empty, 2025, "fr")
    dim = catalogue.dimensions[form.dimension or ""]
    assert ar.categories == tuple(c.label("ar") for c in dim.categories)
    assert fr.categories == tuple(c.label("fr") for c in dim.categories)
    assert fr.series[0].name == catalogue.indicator("VICTIMS").label("fr")
    assert chart_file("victims_form", "ar") == "charts/victims_form.svg"
    assert chart_file("victims_form", "fr") == "charts/victims_form-fr.svg"

