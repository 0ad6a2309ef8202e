"""Every chart kind with nothing to draw: all values not received, all zero, all withheld
([c]), or no category at all (the plan's chart of a year before the plan). Each is drawn,
never a traceback, as the tables print such values (the signs of phrases.toml: not received,
0, withheld in the edition's script); a chart of no category is the sign of a value that does
not apply, with a note (the figure's note and its alternative text say so)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import matplotlib.pyplot as plt
import pytest

from report.charts.draw import Painter
from report.charts.kinds import KINDS, breakdown_data, plan_status_data
from report.charts.model import Chart, ChartData, ChartSpec, Series
from report.charts.specs import load_specs, load_style
from report.language.formatting import Formatter
from report.paths import CHARTS
from report.publish.environment import environment

STYLE = load_style(CHARTS / "style.toml")
CASES = ("not_received", "zero", "withheld", "no_category")
SPECS = {s.kind: s for s in reversed(load_specs(CHARTS / "charts.toml"))}  # one per kind


def _data(spec: ChartSpec, case: str) -> ChartData:
    """``spec``'s kind with three categories (two series where the kind draws several)
    whose values are all of ``case``; no category for "no_category"."""
    if case == "no_category":
        return ChartData(spec, (), (), tuple((g, ()) for g in ("أ", "ب")) if spec.kind ==
                         "plan_status" else ())
    value = 0 if case == "zero" else None
    marks = (("c",),) * 3 if case == "withheld" else ()
    if spec.kind == "plan_status":
        series = (Series("منجز", (0, 0, 0), "done"), Series("متأخر", (0, 0, 0), "delayed"))
        return ChartData(spec, ("أ 2023", "أ 2024", "ب 2023"), series,
                         (("أ", ("2023", "2024")), ("ب", ("2023",))))
    series = tuple(Series(name, (value,) * 3, marks=marks)
                   for name in ("الأولى", "الثانية")[:len(spec.indicators)])
    return ChartData(spec, ("2023", "2024", "2025"), series)


@pytest.fixture(scope="module", params=["ar", "fr"])
def painter(request: pytest.FixtureRequest, catalogue) -> Iterator[Painter]:
    yield Painter(STYLE, Formatter(request.param, catalogue.nouns))
    plt.close("all")


def _labels(svg: str) -> list[str]:
    """Each value label's text (matplotlib writes it in a comment), in drawing order."""
    return re.findall(r'<g id="label-[\w-]+">\s*<!-- (.*?) -->', svg)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_draws_what_it_cannot_plot(painter: Painter, kind: str, case: str) -> None:
    data = _data(SPECS[kind], case)
    svg = painter.svg(data, "alt")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    labels = _labels(svg)
    fmt = painter.fmt
    if case == "no_category":
        assert labels == [fmt.not_applicable]
    elif kind == "plan_status":  # counts: a segment of 0 has no label, the scale is 0 to 1
        assert labels == []
    else:
        expected = {"not_received": fmt.missing, "zero": "0",
                    "withheld": fmt.symbols_text(("c",))}[case]
        assert labels and set(labels) == {expected}, labels


def test_a_year_before_the_plan_has_no_category_and_draws(catalogue) -> None:
    """The plan's chart of a report on 2022 (the plan begins in 2023): no year to show."""
    from tests.publish.test_plan_chapter import dataset

    datasets = {y: dataset(catalogue, y, {}) for y in (2021, 2022)}
    data = plan_status_data(SPECS["plan_status"], catalogue, datasets, 2022, "ar")
    assert data.categories == ()
    painter = Painter(STYLE, Formatter("ar", catalogue.nouns))
    assert _labels(painter.svg(data, "alt")) == [painter.fmt.not_applicable]


def test_a_breakdown_hiding_zeros_shows_them_all_when_all_are_zero(catalogue) -> None:
    """hide_zero hides the zero categories beside others, never every one: a year of no
    victim at all shows each form at 0, as its table does."""
    from report.figures.consolidate import consolidate
    from tests.charts.test_charts_na import _year

    forms = {f"VICTIMS.form.{c.code}": 0 for c in catalogue.dimensions["form"].categories}
    spec = next(s for s in load_specs(CHARTS / "charts.toml") if s.id == "victims_form")
    datasets = {2025: consolidate(catalogue, _year(2025, {"VICTIMS.total": 0, **forms}))}
    data = breakdown_data(spec, catalogue, datasets, 2025, "ar")
    assert len(data.categories) == len(forms) and set(data.series[0].values) == {0}


def test_a_chart_of_no_category_says_so(catalogue, tmp_path) -> None:
    """Its alternative text and its figure's note, in each edition."""
    from report.charts.compose import render_charts
    from tests.publish.test_plan_chapter import dataset

    datasets = {2022: dataset(catalogue, 2022, {})}
    for lang in ("ar", "fr"):
        fmt = Formatter(lang, catalogue.nouns)
        chart: Chart = render_charts([SPECS["plan_status"]], catalogue, datasets, 2022, fmt,
                                     STYLE, tmp_path / lang, tmp_path / "cache")[0]
        assert chart.empty and chart.alt.endswith(fmt.phrase("chart.empty"))
        assert (tmp_path / lang / chart.file).is_file()
        env = environment(fmt)
        html = env.from_string('{% import "macros.html.j2" as mk %}{{ mk.chart(c) }}'
                               ).render(c=chart)
        assert fmt.phrase("macro.chart_empty") in html
