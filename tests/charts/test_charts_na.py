"""A value a member does not collect ("na", report/figures/status.py) on a chart: a dash, never a
bar labelled 0; the alternative text says "غير متوفر لدى ..." / "non disponible (donnée non
collectée par : ...)"; the figure's note names the member, as a table's note does; a
breakdown that hides its zeros keeps it. Arabic and French editions, from one tiny dataset:
PMP (the reference reporter of VICTIMS) gave 100 and 120 victims in 2023 and 2024, and in
2025 marked the total and the sexual exploitation cell "not available", 7 for forced
labour and 0 for the other forms."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from report.charts.compose import render_charts
from report.charts.model import Chart
from report.charts.specs import load_specs, load_style
from report.figures.consolidate import consolidate
from report.figures.records import Figure, MemberData, Source, YearData
from report.figures.status import Status
from report.language.formatting import Formatter
from report.paths import CHARTS
from report.publish.environment import environment
from report.settings.catalogue import Catalogue

YEAR = 2025
NA = None  # a cell marked "not available"


def year_data(year: int, by_member: dict[str, dict[str, int | None]]) -> YearData:
    """A year's workbooks as read: each member's figures (None: marked "not available")."""
    members = {}
    for member, values in by_member.items():
        src = Source(member, f"{member}-{year}.xlsx", "البيانات", "C7")
        figs = {k: Figure(k, v, src, Status.NOT_AVAILABLE if v is NA else Status.REPORTED)
                for k, v in values.items()}
        members[member] = MemberData(member, src.file, figs, ())
    return YearData(year, (), members, ())


def _year(year: int, values: dict[str, int | None]) -> YearData:
    return year_data(year, {"PMP": values})


def draw(specs: list, cat: Catalogue, datasets: dict, out: Path) -> dict[str, dict[str, Chart]]:
    """Each edition's charts of ``specs``, by id, drawn into ``out``/<lang>."""
    result = {}
    for lang in ("ar", "fr"):
        charts = render_charts(specs, cat, datasets, YEAR, Formatter(lang, cat.nouns),
                               load_style(CHARTS / "style.toml"), out / lang, out / "cache")
        result[lang] = {c.id: c for c in charts}
    return result


def _datasets(cat: Catalogue) -> dict:
    forms = {f"VICTIMS.form.{c.code}": 0 for c in cat.dimensions["form"].categories}
    forms.update({"VICTIMS.form.SEX": NA, "VICTIMS.form.FL": 7})
    return {2023: consolidate(cat, _year(2023, {"VICTIMS.total": 100})),
            2024: consolidate(cat, _year(2024, {"VICTIMS.total": 120})),
            YEAR: consolidate(cat, _year(YEAR, {"VICTIMS.total": NA, **forms}))}


@pytest.fixture(scope="module")
def drawn(catalogue, tmp_path_factory) -> dict[str, tuple[Path, dict[str, Chart]]]:
    """Each edition's folder and its charts, by id."""
    specs = [s for s in load_specs(CHARTS / "charts.toml")
             if s.id in ("victims_trend", "victims_form")]
    assert next(s for s in specs if s.id == "victims_form").hide_zero
    out = tmp_path_factory.mktemp("charts")
    charts = draw(specs, catalogue, _datasets(catalogue), out)
    return {lang: (out / lang, by_id) for lang, by_id in charts.items()}


def _labels(svg: str) -> dict[str, str]:
    """Each bar label's text, by its id (matplotlib writes the text in a comment)."""
    return dict(re.findall(r'<g id="(label-\d+-\d+)">\s*<!-- (.*?) -->', svg))


def _pmp(catalogue, lang: str) -> str:
    return catalogue.member("PMP").name(lang)


def test_alt_text_says_not_available_and_names_the_member(drawn, catalogue) -> None:
    ar = drawn["ar"][1]
    assert ar["victims_trend"].alt.endswith(f"2025: غير متوفر لدى {_pmp(catalogue, 'ar')}")
    assert "2024: 120" in ar["victims_trend"].alt
    assert f"الاستغلال الجنسي: غير متوفر لدى {_pmp(catalogue, 'ar')}" in ar["victims_form"].alt
    fr = drawn["fr"][1]
    assert fr["victims_trend"].alt.endswith(
        f"2025\u202f: non disponible (donnée non collectée par\u202f: {_pmp(catalogue, 'fr')})")
    for chart in (*ar.values(), *fr.values()):
        assert not re.search(r"2025\s?: 0|: 0\b", chart.alt), chart.alt  # never a zero
        assert "non reçu" not in chart.alt


def test_chart_knows_who_does_not_collect(drawn, catalogue) -> None:
    for lang in ("ar", "fr"):
        for chart in drawn[lang][1].values():
            assert chart.not_available == (_pmp(catalogue, lang),)


def test_bar_label_is_a_dash_never_zero(drawn) -> None:
    for lang in ("ar", "fr"):
        folder, charts = drawn[lang]
        trend = _labels((folder / charts["victims_trend"].file).read_text("utf-8"))
        assert trend == {"label-0-0": "100", "label-0-1": "120", "label-0-2": "—"}
        # the zeros are hidden; the value not collected stays, as a dash
        form = _labels((folder / charts["victims_form"].file).read_text("utf-8"))
        assert form == {"label-0-0": "—", "label-0-1": "7"}


def test_figure_note_names_the_member_in_each_edition(drawn, catalogue) -> None:
    notes = {"ar": f"— : غير متوفر لدى {_pmp(catalogue, 'ar')} (معطى لا يُجمع)، ولا يحتسب صفرا.",
             "fr": f"— : donnée non collectée par : {_pmp(catalogue, 'fr')} ; elle n’est pas "
                   "comptée comme un zéro."}
    for lang in ("ar", "fr"):
        env = environment(Formatter(lang, catalogue.nouns))
        macro = env.from_string('{% import "macros.html.j2" as mk %}{{ mk.chart(c) }}')
        html = macro.render(c=drawn[lang][1]["victims_trend"])
        note = re.search(r'<p class="note">(.*?)</p>', html, re.S)
        assert note, html
        assert re.sub(r"<[^>]+>", "", note.group(1)) == notes[lang]
        assert html.index('class="note"') < html.index('class="source"')


def test_no_note_without_a_value_not_collected(drawn, catalogue) -> None:
    env = environment(Formatter("ar", catalogue.nouns))
    chart = drawn["ar"][1]["victims_trend"]
    plain = Chart(chart.id, chart.chapter, chart.title, chart.alt, chart.file, chart.period,
                  chart.sources, chart.indicators)
    html = env.from_string('{% import "macros.html.j2" as mk %}{{ mk.chart(c) }}').render(c=plain)
    assert 'class="note"' not in html


@pytest.mark.parametrize("orientation", ["horizontal", "vertical"])
def test_no_scale_of_zeros_when_no_value_is_a_number(catalogue, orientation) -> None:
    """A breakdown its member does not collect at all: dashes only, no number axis (its
    default range would label every tick "0"); with zeros besides, one tick: 0."""
    import dataclasses

    import matplotlib.pyplot as plt

    from report.charts.draw import Painter
    from report.charts.model import ChartData, Series

    spec = dataclasses.replace(
        next(s for s in load_specs(CHARTS / "charts.toml") if s.id == "victims_form"),
        orientation=orientation)
    painter = Painter(load_style(CHARTS / "style.toml"), Formatter("ar", catalogue.nouns))
    pmp = (_pmp(catalogue, "ar"),)
    for values, ticks in (((None, None, None), []), ((None, 0, None), ["0"])):
        na = tuple(pmp if v is None else () for v in values)
        fig = painter._figure(ChartData(spec, ("أ", "ب", "ج"), (Series("v", values,
                                                                       not_available=na),)))
        try:
            fig.draw_without_rendering()
            ax = fig.axes[0]
            axis = ax.xaxis if orientation == "horizontal" else ax.yaxis
            assert [t.get_text() for t in axis.get_ticklabels()] == ticks
            assert [t.get_text() for t in ax.texts if t.get_gid()] == \
                [("—" if v is None else "0") for v in values]
        finally:
            plt.close(fig)
