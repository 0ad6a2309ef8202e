"""YearData -> Dataset: national figures, each with the members and cells it came from.

"reference" indicators take every figure of one member: the first reporter (in catalogue
order) whose total is a number, else the first whose total is "not available". Its
breakdown cells are never filled in from another member: a cell that member did not give
is None (the draft shows it as "not received", naming that member), so a table never
prints one member's figure under another's name. The other reporters' figures are kept
as ``compared`` (the cross-check table and the annex show them).

"sum" indicators add up every reporter's number. A member's "not available" is never
counted as 0: it is left out of the sum and named in ``not_available``; when no reporter
has a number, the figure itself is "not available". A figure nobody sent is None with
status REPORTED: the draft shows it as "not received".

A reporter the catalogue marks partial (its own territory or field) is kept by member and
in ``partial``, never in the national figure nor compared with it. A measure of the
national plan takes its lead's report (the only one validation
accepts).

A published year (read from the commission's database) keeps the national figures as they
were published, except where a member whose workbook was read again (a correction) reports
the indicator: those are consolidated again from the members' figures, and
report/figures/revisions.py compares them with the published ones. A figure imported from a
past report (``import-published``) keeps where that report printed it, and one the report
did not publish is "not available" (never 0, never "not received").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

from report.figures.records import (
    Activity,
    Figure,
    PlanReport,
    PublishedFigure,
    Reference,
    Revision,
    Source,
    Translation,
    YearData,
)
from report.figures.status import Status
from report.settings.catalogue import Catalogue, Indicator, Measure


@dataclass(frozen=True)
class NationalFigure:
    key: str
    indicator: str
    dimension: str | None
    category: str | None
    value: int | None
    sources: tuple[Source, ...]  # the cells the value was read from (or found "na" in)
    missing: tuple[str, ...]  # reporters whose figure is absent or rejected
    status: Status = Status.REPORTED
    not_available: tuple[str, ...] = ()  # reporters who do not collect it (left out, not 0)
    compared: tuple[Source, ...] = ()  # other reporters' cells, not used (reference only)
    partial: tuple[Source, ...] = ()  # partial reporters' cells (own territory), kept apart
    na_cells: tuple[Source, ...] = ()  # the "not available" cells of a sum left out of it
    # status symbols added downstream, as the GSS writes them: "r" revised
    # (report/figures/revisions.py), "c" confidential (report/figures/disclosure.py: a public
    # edition shows a "c" figure's value as None)
    marks: tuple[str, ...] = ()
    reference: Reference | None = None  # a past report's figure: where it printed it

    @property
    def is_not_available(self) -> bool:
        return self.status is Status.NOT_AVAILABLE


# A measure's status in a year, as the report shows it: its lead's choice, or one of the
# report's own (its period has not begun; its lead's status was not received), in the order
# of the report's tables and chart.
NOT_DUE, NOT_REPORTED = "not_due", "not_reported"
REPORT_STATUSES = ("done", "in_progress", "delayed", "not_started", "dropped", NOT_REPORTED,
                   NOT_DUE)


@dataclass(frozen=True)
class Dataset:
    year: int
    figures: dict[str, NationalFigure]
    by_member: dict[str, dict[str, int]]  # key -> member -> value (numbers only)
    activities: tuple[Activity, ...]
    received: tuple[str, ...]
    plan: dict[str, PlanReport] = field(default_factory=dict)  # measure -> its lead's report
    revisions: tuple[Revision, ...] = ()  # this year's published figures that changed
    translations: Mapping[str, Translation] = field(default_factory=dict)  # text_key -> it

    def value(self, key: str) -> int | None:
        fig = self.figures.get(key)
        return fig.value if fig else None

    def status(self, key: str) -> Status:
        fig = self.figures.get(key)
        return fig.status if fig else Status.REPORTED

    def plan_status(self, measure: Measure) -> str:
        """The measure's status this year: its lead's report, else not due or not received."""
        if not measure.due(self.year):
            return NOT_DUE
        report = self.plan.get(measure.code)
        return report.status if report else NOT_REPORTED

    def marks(self, key: str) -> tuple[str, ...]:
        fig = self.figures.get(key)
        return fig.marks if fig else ()


def _keys(ind: Indicator) -> list[tuple[str, str | None, str | None]]:
    keys: list[tuple[str, str | None, str | None]] = [(f"{ind.code}.total", None, None)]
    for b in ind.breakdowns:
        d = b.dimension
        keys += [(f"{ind.code}.{d.code}.{c.code}", d.code, c.code) for c in d.categories]
    return keys


def reference_member(ind: Indicator, year: YearData) -> str | None:
    """The member whose figures a "reference" indicator uses (see the module docstring)."""
    total = f"{ind.code}.total"
    sent = [m for m in ind.national_reporters
            if m in year.members and total in year.members[m].figures]
    numbers = [m for m in sent if year.members[m].figures[total].value is not None]
    return next(iter(numbers or sent), None)


def _reported(ind: Indicator, key: str, year: YearData) -> dict[str, Figure]:
    return {m: year.members[m].figures[key] for m in ind.reporters
            if m in year.members and key in year.members[m].figures}


def _national(ind: Indicator, key: str, dim: str | None, cat_code: str | None,
              year: YearData, chosen: str | None) -> NationalFigure:
    every = _reported(ind, key, year)
    # a partial reporter's figure (its own territory or field) never makes the national one
    reported = {m: f for m, f in every.items() if m not in ind.partial}
    partial = tuple(f.source for m, f in every.items() if m in ind.partial)
    missing = tuple(m for m in ind.national_reporters if m not in reported)
    na = tuple(m for m, f in reported.items() if f.value is None)
    numbers = {m: f for m, f in reported.items() if f.value is not None}
    base = NationalFigure(key, ind.code, dim, cat_code, None, (), missing, partial=partial)
    if ind.aggregate == "sum":
        if not numbers:
            status = Status.NOT_AVAILABLE if na else Status.REPORTED
            return _with(base, None, tuple(reported[m].source for m in na), status, na)
        value = sum(f.value for f in numbers.values() if f.value is not None)
        return _with(base, value, tuple(f.source for f in numbers.values()), Status.REPORTED,
                     na, na_cells=tuple(reported[m].source for m in na))
    compared = tuple(f.source for m, f in reported.items() if m != chosen)
    mine = reported.get(chosen) if chosen else None
    if mine is None:  # the chosen member's cell was rejected: not another member's figure
        missing = (chosen,) if chosen else missing
        return NationalFigure(key, ind.code, dim, cat_code, None, (), missing,
                              compared=compared, partial=partial)
    return _with(base, mine.value, (mine.source,), mine.status,
                 (chosen,) if mine.value is None and chosen else (), compared)


def _with(base: NationalFigure, value: int | None, sources: tuple[Source, ...], status: Status,
          na: tuple[str, ...], compared: tuple[Source, ...] = (),
          na_cells: tuple[Source, ...] = ()) -> NationalFigure:
    return NationalFigure(base.key, base.indicator, base.dimension, base.category, value, sources,
                          base.missing, status, na, compared, base.partial, na_cells)


def _as_published(fig: NationalFigure, pub: PublishedFigure, year: YearData) -> NationalFigure:
    """The figure as the database holds it: its value, and the cells of its members (a
    past report's figure: the page that printed it, no member's cell)."""
    if pub.reference is not None:
        status = Status.REPORTED if pub.value is not None else Status.NOT_AVAILABLE
        return NationalFigure(fig.key, fig.indicator, fig.dimension, fig.category, pub.value,
                              (), (), status, reference=pub.reference)
    sources = tuple(year.members[m].figures[fig.key].source for m in pub.members
                    if m in year.members and fig.key in year.members[m].figures)
    return dataclasses.replace(fig, value=pub.value, sources=sources)


def consolidate(cat: Catalogue, year: YearData) -> Dataset:
    figures: dict[str, NationalFigure] = {}
    by_member: dict[str, dict[str, int]] = {}
    published = year.published.figures if year.published else {}
    for ind in cat.indicators:
        chosen = reference_member(ind, year) if ind.aggregate == "reference" else None
        touched = any(m in year.reread for m in ind.reporters)
        for key, dim, code in _keys(ind):
            fig = _national(ind, key, dim, code, year, chosen)
            if key in published and not touched:
                fig = _as_published(fig, published[key], year)
            figures[key] = fig
            by_member[key] = {m: f.value for m, f in _reported(ind, key, year).items()
                              if f.value is not None}
    order = {m.code: i for i, m in enumerate(cat.members)}
    acts = sorted((a for d in year.members.values() for a in d.activities),
                  key=lambda a: (a.axis, a.measure, order.get(a.member, 99), a.source.cell))
    received = tuple(m.code for m in cat.members if m.code in year.members)
    plan = {m.code: year.members[m.lead].plan[m.code] for m in cat.plan.measures
            if m.lead in year.members and m.code in year.members[m.lead].plan}
    return Dataset(year.year, figures, by_member, tuple(acts), received, plan,
                   translations=year.translations)
