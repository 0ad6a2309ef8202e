"""render_charts: drawn in parallel or serially, the SVGs are the same; a warm cache draws
nothing; a chart whose numbers change is drawn again, and only that one."""

from __future__ import annotations

from dataclasses import replace

import pytest

from report import parallel as workers
from report.charts import draw
from report.charts.compose import render_charts
from report.charts.specs import load_specs, load_style
from report.figures.consolidate import consolidate
from report.intake.gather import gather_years
from report.language.formatting import Formatter
from report.paths import CHARTS, INPUTS, year_dirs

YEARS = year_dirs(INPUTS)


@pytest.fixture(scope="module")
def datasets(catalogue, rules):
    years = gather_years(INPUTS, YEARS, catalogue, rules)
    return {y: consolidate(catalogue, yd) for y, yd in years.items()}


def _render(catalogue, datasets, out, cache):
    fmt = Formatter("ar", catalogue.nouns, "latn")
    style = load_style(CHARTS / "style.toml")
    specs = load_specs(CHARTS / "charts.toml")[:3]
    return render_charts(specs, catalogue, datasets, YEARS[-1], fmt, style, out, cache)


def test_parallel_and_serial_draw_the_same(catalogue, datasets, tmp_path, monkeypatch):
    monkeypatch.setattr(workers, "jobs", lambda: 1)
    serial = _render(catalogue, datasets, tmp_path / "a", tmp_path / "ca")
    monkeypatch.setattr(workers, "jobs", lambda: 2)
    parallel = _render(catalogue, datasets, tmp_path / "b", tmp_path / "cb")
    assert serial == parallel
    for c in serial:
        assert (tmp_path / "a" / c.file).read_bytes() == (tmp_path / "b" / c.file).read_bytes()


def test_warm_cache_draws_nothing_and_a_change_redraws_one(catalogue, datasets, tmp_path,
                                                           monkeypatch):
    monkeypatch.setattr(workers, "jobs", lambda: 1)
    _render(catalogue, datasets, tmp_path / "o", tmp_path / "c")
    drawn: list[str] = []
    real = draw.Painter.svg
    monkeypatch.setattr(draw.Painter, "svg",
                        lambda self, data, alt: drawn.append(data.spec.id) or real(self, data, alt))
    _render(catalogue, datasets, tmp_path / "o", tmp_path / "c")
    assert drawn == []
    year = YEARS[-1]
    ds = datasets[year]
    first = load_specs(CHARTS / "charts.toml")[0]
    key = f"{first.indicators[0]}.total"
    changed = dict(datasets)
    figure = replace(ds.figures[key], value=ds.figures[key].value + 1)
    changed[year] = replace(ds, figures={**ds.figures, key: figure})
    _render(catalogue, changed, tmp_path / "o", tmp_path / "c")
    assert drawn == [first.id]
