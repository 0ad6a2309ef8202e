"""Datasets + charts + edition -> the report's HTML, through the Jinja templates.

The templates (templates/<lang>/) hold the prose; this module builds the context they
read: already-picked values, labels in the report's language, and the formatting filters.
Member text is untrusted: autoescape is on and undefined names fail the build.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from report.catalogue import Catalogue, Indicator
from report.charts import Chart
from report.consolidate import Dataset
from report.edition import Edition
from report.formatting import Formatter
from report.paths import TEMPLATES


@dataclass(frozen=True)
class Row:
    label: str
    value: int | None
    previous: int | None
    share: float | None


@dataclass(frozen=True)
class BreakdownView:
    label: str
    rule: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class IndicatorView:
    code: str
    label: str
    noun: str
    total: int | None
    previous: int | None
    breakdowns: tuple[BreakdownView, ...]
    sources: tuple[str, ...]  # member names whose figures make the national figure
    missing: tuple[str, ...]  # member names whose figure was not received


@dataclass(frozen=True)
class ActivityView:
    member: str
    title: str
    description: str
    partners: str
    beneficiaries: str
    date: object


@dataclass(frozen=True)
class MeasureView:
    code: str
    label: str
    activities: tuple[ActivityView, ...]


@dataclass(frozen=True)
class AxisView:
    code: str
    label: str
    measures: tuple[MeasureView, ...]
    members: tuple[str, ...]

    @property
    def count(self) -> int:
        return sum(len(m.activities) for m in self.measures)


@dataclass(frozen=True)
class MemberRow:
    name: str
    values: tuple[int | None, ...]


def _share(value: int | None, total: int | None) -> float | None:
    return value / total if value is not None and total else None


def indicator_view(ind: Indicator, cat: Catalogue, ds: Dataset, prev: Dataset | None,
                   lang: str) -> IndicatorView:
    key = f"{ind.code}.total"
    fig = ds.figures[key]
    views = []
    for b in ind.breakdowns:
        d = b.dimension
        keys = [(c, f"{ind.code}.{d.code}.{c.code}") for c in d.categories]
        rows = tuple(Row(c.label(lang), ds.value(k), prev.value(k) if prev else None,
                         _share(ds.value(k), fig.value)) for c, k in keys)
        views.append(BreakdownView(d.label(lang), b.rule, rows))
    names = {m.code: m.name(lang) for m in cat.members}
    sources = tuple(dict.fromkeys(names[s.member] for s in fig.sources))
    return IndicatorView(ind.code, ind.label(lang), ind.noun, fig.value,
                         prev.value(key) if prev else None, tuple(views), sources,
                         tuple(names[m] for m in fig.missing))


def axis_views(cat: Catalogue, ds: Dataset, lang: str) -> tuple[AxisView, ...]:
    names = {m.code: m.name(lang) for m in cat.members}
    out = []
    for axis in cat.plan.axes:
        measures = []
        for m in axis.measures:
            acts = tuple(ActivityView(names[a.member], a.title, a.description, a.partners,
                                      a.beneficiaries, a.date)
                         for a in ds.activities if a.measure == m.code)
            measures.append(MeasureView(m.code, m.label(lang), acts))
        members = tuple(dict.fromkeys(a.member for m in measures for a in m.activities))
        out.append(AxisView(axis.code, axis.label(lang), tuple(measures), members))
    return tuple(out)


def member_table(cat: Catalogue, ds: Dataset, codes: Sequence[str],
                 lang: str) -> tuple[MemberRow, ...]:
    """One row per member that reports any of ``codes``: that member's figures."""
    rows = []
    for m in cat.members:
        if not any(m.code in cat.indicator(c).reporters for c in codes):
            continue
        values = tuple(ds.by_member.get(f"{c}.total", {}).get(m.code) for c in codes)
        rows.append(MemberRow(m.name(lang), values))
    return tuple(rows)


def context(cat: Catalogue, datasets: Mapping[int, Dataset], year: int, charts: Sequence[Chart],
            edition: Edition, lang: str, draft: bool) -> dict[str, object]:
    ds, prev = datasets[year], datasets.get(year - 1)
    groups = [{"label": cat.groups[g](lang),
               "members": [m for m in cat.members if m.group == g]} for g in cat.groups]
    return {
        "lang": lang, "year": year, "prev_year": year - 1, "edition": edition, "draft": draft,
        "has_previous": prev is not None,  # without last year's folder: "—", not "not received"
        "years": sorted(y for y in datasets if y <= year),
        "ind": {i.code: indicator_view(i, cat, ds, prev, lang) for i in cat.indicators},
        "charts": {c.id: c for c in charts},
        "axes": axis_views(cat, ds, lang),
        "plan": cat.plan, "groups": groups, "members": cat.members,
        "received": len(ds.received), "member_count": len(cat.members),
        "training": member_table(cat, ds, ("TRAININGS", "TRAINED"), lang),
        "campaigns": member_table(cat, ds, ("CAMPAIGNS",), lang),
        "dimensions": cat.dimensions,
    }


def environment(lang: str, fmt: Formatter) -> Environment:
    env = Environment(loader=FileSystemLoader([TEMPLATES / lang, TEMPLATES]), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(fmt.filters())
    return env
