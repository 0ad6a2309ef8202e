"""YearData -> Dataset: national figures, each with the members and cells it came from.

"reference" indicators take the first reporter (in catalogue order) that sent the figure;
"sum" indicators add up every reporter's figure. A reporter the catalogue marks partial (its
own territory or field) is kept by member, never in the national figure. A figure nobody
sent is None: the draft shows it as "not received". A measure of the national plan takes
its lead's report (the only one validation accepts).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from report.catalogue import Catalogue, Indicator
from report.gather import YearData
from report.validate import Activity, PlanReport, Source


@dataclass(frozen=True)
class NationalFigure:
    key: str
    indicator: str
    dimension: str | None
    category: str | None
    value: int | None
    sources: tuple[Source, ...]
    missing: tuple[str, ...]  # reporters whose figure is absent or rejected


@dataclass(frozen=True)
class Dataset:
    year: int
    figures: dict[str, NationalFigure]
    by_member: dict[str, dict[str, int]]  # key -> member -> value
    activities: tuple[Activity, ...]
    received: tuple[str, ...]
    plan: dict[str, PlanReport] = field(default_factory=dict)  # measure -> its lead's report

    def value(self, key: str) -> int | None:
        fig = self.figures.get(key)
        return fig.value if fig else None


def _keys(ind: Indicator) -> list[tuple[str, str | None, str | None]]:
    keys: list[tuple[str, str | None, str | None]] = [(f"{ind.code}.total", None, None)]
    for b in ind.breakdowns:
        d = b.dimension
        keys += [(f"{ind.code}.{d.code}.{c.code}", d.code, c.code) for c in d.categories]
    return keys


def _national(ind: Indicator, key: str, dim: str | None, cat_code: str | None,
              year: YearData) -> tuple[NationalFigure, dict[str, int]]:
    every = {m: year.members[m].figures[key] for m in ind.reporters
             if m in year.members and key in year.members[m].figures}
    per_member = {m: f.value for m, f in every.items()}
    # a partial reporter's figure (its own territory or field) never makes the national one
    reported = {m: f for m, f in every.items() if m not in ind.partial}
    missing = tuple(m for m in ind.national_reporters if m not in reported)
    if not reported:
        return NationalFigure(key, ind.code, dim, cat_code, None, (), missing), per_member
    if ind.aggregate == "sum":
        value = sum(per_member.values())
        sources = tuple(f.source for f in reported.values())
    else:
        first = next(iter(reported.values()))
        value, sources = first.value, (first.source,)
    return NationalFigure(key, ind.code, dim, cat_code, value, sources, missing), per_member


def consolidate(cat: Catalogue, year: YearData) -> Dataset:
    figures, by_member = {}, {}
    for ind in cat.indicators:
        for key, dim, code in _keys(ind):
            figures[key], by_member[key] = _national(ind, key, dim, code, year)
    order = {m.code: i for i, m in enumerate(cat.members)}
    acts = sorted((a for d in year.members.values() for a in d.activities),
                  key=lambda a: (a.axis, a.measure, order.get(a.member, 99), a.source.cell))
    received = tuple(m.code for m in cat.members if m.code in year.members)
    plan = {m.code: year.members[m.lead].plan[m.code] for m in cat.plan.measures
            if m.lead in year.members and m.code in year.members[m.lead].plan}
    return Dataset(year.year, figures, by_member, tuple(acts), received, plan)
