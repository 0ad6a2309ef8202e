"""A chart's notes on values that are not collected or that leave a member out, Arabic and
French editions (report/charts/compose.py fills them, templates/macros.html.j2's chart prints them):

- in a chart of several series (justice_trend), the note on a value not collected ("na")
  says which series and year, not only which member: PMP (PROSECUTED's reporter) marked the
  2025 persons prosecuted "not available";
- a chart drawing a partial sum (a "sum" indicator one of its reporters does not collect)
  has the note a table's total has, naming the member left out, and its alternative text
  says so: EN gave the victims assisted, SOL marked them "not available" in 2025 (the whole
  assisted_services chart leaves SOL out; a trend of ASSISTED, only its 2025 value);
- a chart with neither (calls_trend) has no such note.
"""

from __future__ import annotations

import dataclasses
import html as htmllib
import re

import pytest

from report.charts.model import Chart, ValueNote
from report.charts.specs import load_specs
from report.figures.consolidate import consolidate
from report.language.formatting import Formatter
from report.paths import CHARTS
from report.publish.environment import environment
from report.settings.catalogue import Catalogue
from tests.charts.test_charts_na import NA, YEAR, draw, year_data


def _reporter(cat: Catalogue, code: str) -> str:
    return cat.indicator(code).national_reporters[0]


def _datasets(cat: Catalogue) -> dict:
    services = [c.code for c in cat.dimensions["service"].categories]
    years = {}
    for i, year in enumerate((2023, 2024, YEAR)):
        figures: dict[str, dict[str, int | None]] = {}
        for code, value in (("CASES", 40 + i), ("PROSECUTED", 60 + i), ("CONVICTED", 30 + i),
                            ("CALLS", 900 + i)):
            figures.setdefault(_reporter(cat, code), {})[f"{code}.total"] = value
        figures.setdefault("EN", {}).update(
            {"ASSISTED.total": 20 + i, **{f"ASSISTED.service.{s}": 5 for s in services}})
        sol = {"ASSISTED.total": 10, **{f"ASSISTED.service.{s}": 2 for s in services}}
        if year == YEAR:
            figures[_reporter(cat, "PROSECUTED")]["PROSECUTED.total"] = NA
            sol = {k: NA for k in sol}
        figures.setdefault("SOL", {}).update(sol)
        years[year] = consolidate(cat, year_data(year, figures))
    return years


@pytest.fixture(scope="module")
def drawn(catalogue, tmp_path_factory) -> dict[str, dict[str, Chart]]:
    """Each edition's charts, by id; "assisted_trend": ASSISTED's totals over three years."""
    specs = [s for s in load_specs(CHARTS / "charts.toml")
             if s.id in ("justice_trend", "assisted_services", "calls_trend")]
    specs.append(dataclasses.replace(next(s for s in specs if s.id == "calls_trend"),
                                     id="assisted_trend", indicators=("ASSISTED",),
                                     title={"ar": "تطور عدد الضحايا المستفيدين من المساعدة",
                                            "fr": "Évolution du nombre de victimes assistées"}))
    datasets = _datasets(catalogue)
    assert datasets[YEAR].figures["ASSISTED.total"].value == 22  # EN's, without SOL's
    return draw(specs, catalogue, datasets, tmp_path_factory.mktemp("charts"))


def _notes(chart: Chart, lang: str, catalogue: Catalogue) -> list[str]:
    env = environment(Formatter(lang, catalogue.nouns))
    html = env.from_string('{% import "macros.html.j2" as mk %}{{ mk.chart(c) }}').render(c=chart)
    notes = re.findall(r'<p class="note">(.*?)</p>', html, re.S)
    return [htmllib.unescape(re.sub(r"<[^>]+>", "", n)) for n in notes]


def _name(catalogue: Catalogue, member: str, lang: str) -> str:
    return catalogue.member(member).name(lang)


def test_multi_series_note_names_the_series_and_year(drawn, catalogue) -> None:
    pmp = {lang: _name(catalogue, _reporter(catalogue, "PROSECUTED"), lang)
           for lang in ("ar", "fr")}
    prosecuted = catalogue.indicator("PROSECUTED")
    assert drawn["ar"]["justice_trend"].not_collected == (
        ValueNote(f"{prosecuted.label('ar')}، 2025", (pmp["ar"],)),)
    assert _notes(drawn["ar"]["justice_trend"], "ar", catalogue) == [
        f"— ({prosecuted.label('ar')}، 2025): غير متوفر لدى {pmp['ar']} (معطى لا يُجمع)، "
        "ولا يحتسب صفرا."]
    assert _notes(drawn["fr"]["justice_trend"], "fr", catalogue) == [
        f"— ({prosecuted.label('fr')}, 2025) : donnée non collectée par : {pmp['fr']} ; elle "
        "n’est pas comptée comme un zéro."]
    assert prosecuted.label("fr") == "Personnes poursuivies"
    for lang in ("ar", "fr"):
        assert drawn[lang]["justice_trend"].partial == ()


def test_single_series_keeps_the_members_note(drawn, catalogue) -> None:
    """assisted_services: one series; SOL's cells "na" are not the chart's values (EN's
    numbers are): no dash, so no "—" note, only the partial note."""
    for lang in ("ar", "fr"):
        chart = drawn[lang]["assisted_services"]
        assert chart.not_collected == ()
        assert not any(n.startswith("—") for n in _notes(chart, lang, catalogue))


def test_partial_sum_over_the_whole_chart(drawn, catalogue) -> None:
    sol = {lang: _name(catalogue, "SOL", lang) for lang in ("ar", "fr")}
    assert _notes(drawn["ar"]["assisted_services"], "ar", catalogue) == [
        f"لا تشمل أرقام هذا الشكل معطيات {sol['ar']}، لعدم توفرها."]
    assert _notes(drawn["fr"]["assisted_services"], "fr", catalogue) == [
        "Les chiffres de cette figure ne comprennent pas les données non collectées par : "
        f"{sol['fr']}."]
    # the alternative text names SOL once, after the values (every one leaves it out)
    first = catalogue.dimensions["service"].categories[0].label("ar")
    alt = drawn["ar"]["assisted_services"].alt
    assert f"{first}: 5، " in alt
    assert alt.endswith(f"5. لا تشمل أرقام هذا الشكل معطيات {sol['ar']}، لعدم توفرها.")
    assert alt.count(sol["ar"]) == 1
    assert drawn["fr"]["assisted_services"].alt.endswith(Formatter("fr", catalogue.nouns).prose(
        "5. Les chiffres de cette figure ne comprennent pas les données non collectées par : "
        f"{sol['fr']}."))


def test_partial_total_of_one_year(drawn, catalogue) -> None:
    sol = {lang: _name(catalogue, "SOL", lang) for lang in ("ar", "fr")}
    ar, fr = drawn["ar"]["assisted_trend"], drawn["fr"]["assisted_trend"]
    assert ar.partial == (ValueNote("2025", (sol["ar"],)),)
    assert _notes(ar, "ar", catalogue) == [
        f"لا يشمل الرقم (2025) معطيات {sol['ar']}، لعدم توفرها."]
    assert _notes(fr, "fr", catalogue) == [
        f"Le chiffre (2025) ne comprend pas les données non collectées par : {sol['fr']}."]
    # the alternative text: 2023 and 2024 are whole sums (EN's and SOL's), 2025 leaves SOL out
    assert ar.alt == "تطور عدد الضحايا المستفيدين من المساعدة. 2023: 30، 2024: 31، " \
        f"2025: 22 (لا يشمل معطيات {sol['ar']}، لعدم توفرها)"
    assert fr.alt == Formatter("fr", catalogue.nouns).prose(
        "Évolution du nombre de victimes assistées. 2023 : 30, 2024 : 31, 2025 : 22 (sans les "
        f"données non collectées par : {sol['fr']})")


def test_no_note_on_a_chart_with_neither(drawn, catalogue) -> None:
    for lang in ("ar", "fr"):
        chart = drawn[lang]["calls_trend"]
        assert (chart.not_available, chart.not_collected, chart.partial) == ((), (), ())
        assert _notes(chart, lang, catalogue) == []
        assert "(" not in chart.alt.split(". ", 1)[1]
