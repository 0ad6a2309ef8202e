"""Datasets + charts + edition -> TemplateContext: every value the report templates read.

The templates (templates/<lang>/) hold the prose; this module builds the one typed context
they receive: already-picked values, labels in the report's language, member names, the
chart and table material, and what the HTML head links (fonts, stylesheets, date).
Formatting happens in the templates' filters (report/formatting.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields

from report.catalogue import Catalogue, Commission, Dimension, Indicator, Member, Plan
from report.chart_model import Chart
from report.consolidate import Dataset
from report.edition import Edition


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
    date: dt.date | None


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


@dataclass(frozen=True)
class GroupView:
    label: str
    members: tuple[Member, ...]  # named as in force in the report's year


@dataclass(frozen=True)
class EditorialNote:
    """A catalogue entry a final edition cannot print; a draft shows it set apart."""

    code: str
    entry: str  # as the reader knows it: the member's name, the plan's title
    kind: str  # "placeholder" | "to_confirm"
    reason: str  # the catalogue's own words, possibly ""


@dataclass(frozen=True)
class CrossCheckRow:
    """One member's figure for an indicator several members report."""

    indicator: str
    member: str
    value: int
    reference: bool  # the figure the report uses


@dataclass(frozen=True)
class FontFace:
    family: str
    weight: int
    url: str


@dataclass(frozen=True)
class Assets:
    """What the HTML head links: font faces, stylesheets, the document's date."""

    fonts: tuple[FontFace, ...]
    stylesheet: str
    created: str  # ISO date-time, from edition.toml (never the clock)
    edition_stylesheet: str | None = None
    digits_stylesheet: str | None = None


@dataclass(frozen=True)
class TocEntry:
    level: int
    id: str
    title: str
    number: str = ""  # "3", "3.2" in a numbered chapter; "" outside the numbering


@dataclass(frozen=True)
class TemplateContext:
    """Everything report.html.j2 and the chapters read, under these names."""

    lang: str
    year: int
    prev_year: int
    edition: Edition
    draft: bool
    has_previous: bool  # without last year's folder: "—", not "not received"
    years: tuple[int, ...]
    commission: Commission
    ind: Mapping[str, IndicatorView]
    charts: Mapping[str, Chart]
    axes: tuple[AxisView, ...]
    plan: Plan
    groups: tuple[GroupView, ...]
    members: tuple[Member, ...]
    editorial: tuple[EditorialNote, ...]  # drafts show them; a final is refused with any
    received: int
    received_codes: frozenset[str]
    member_count: int
    training: tuple[MemberRow, ...]
    campaigns: tuple[MemberRow, ...]
    crosscheck: tuple[CrossCheckRow, ...]
    dimensions: Mapping[str, Dimension]
    assets: Assets
    toc: tuple[TocEntry, ...] = ()

    def variables(self) -> dict[str, object]:
        """The template variables: one per field (shallow: the views stay as they are)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


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


def crosscheck_rows(cat: Catalogue, ds: Dataset, lang: str) -> tuple[CrossCheckRow, ...]:
    """Every member's figure for the "reference" indicators that two or more members sent."""
    rows: list[CrossCheckRow] = []
    for ind in cat.indicators:
        per = ds.by_member.get(f"{ind.code}.total", {})
        if ind.aggregate != "reference" or len(per) < 2:
            continue
        ref = next(m for m in ind.reporters if m in per)
        rows += [CrossCheckRow(ind.label(lang), cat.member(m).name(lang), per[m], m == ref)
                 for m in ind.reporters if m in per]
    return tuple(rows)


def editorial_notes(cat: Catalogue, lang: str) -> tuple[EditorialNote, ...]:
    """The catalogue's placeholders and entries to be confirmed, named for the reader."""
    out = []
    for u in cat.unconfirmed():
        entry = cat.member(u.entry).name(lang) if u.file == "members" else cat.plan.title(lang)
        out.append(EditorialNote(u.entry, entry, u.kind, u.reason))
    return tuple(out)


def build_context(cat: Catalogue, datasets: Mapping[int, Dataset], year: int,
                  charts: Sequence[Chart], edition: Edition, lang: str, draft: bool,
                  assets: Assets) -> TemplateContext:
    ds, prev = datasets[year], datasets.get(year - 1)
    groups = tuple(GroupView(cat.groups[g](lang), tuple(m for m in cat.members if m.group == g))
                   for g in cat.groups)
    return TemplateContext(
        lang=lang, year=year, prev_year=year - 1, edition=edition, draft=draft,
        has_previous=prev is not None, years=tuple(sorted(y for y in datasets if y <= year)),
        commission=cat.commission,
        ind={i.code: indicator_view(i, cat, ds, prev, lang) for i in cat.indicators},
        charts={c.id: c for c in charts}, axes=axis_views(cat, ds, lang), plan=cat.plan,
        groups=groups, members=cat.members, editorial=editorial_notes(cat, lang),
        received=len(ds.received),
        received_codes=frozenset(ds.received), member_count=len(cat.members),
        training=member_table(cat, ds, ("TRAININGS", "TRAINED"), lang),
        campaigns=member_table(cat, ds, ("CAMPAIGNS",), lang),
        crosscheck=crosscheck_rows(cat, ds, lang), dimensions=cat.dimensions, assets=assets)
