"""Datasets + charts + edition -> TemplateContext: every value the report templates read.

The templates (templates/<lang>/) hold the prose; this module builds the one typed context
they receive: already-picked values, labels in the report's language, member names, the
members' texts in the report's language (as written, or translated: a draft prints a text
still awaiting its translation as written, marked), the chart and table material, and what
the HTML head links (fonts, stylesheets, date).
Formatting happens in the templates' filters (report/language/formatting.py).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields

from report.charts.model import Chart
from report.figures.consolidate import NOT_DUE, REPORT_STATUSES, Dataset
from report.figures.plan import went_back
from report.figures.records import Activity, Translation
from report.figures.texts import printed
from report.intake.layout import ACTIVITY_TEXTS
from report.language.texts import load_texts
from report.language.words import repeats
from report.publish.anchors import activity_id
from report.settings.catalogue import (
    Catalogue,
    Commission,
    Dimension,
    Disclosure,
    Indicator,
    Measure,
    Member,
    Plan,
)
from report.settings.chapters import PARTS, book
from report.settings.edition import Edition
from report.settings.recommendations import Recommendation


@dataclass(frozen=True)
class Row:
    label: str
    value: int | None  # None: not received
    previous: int | None
    share: float | None  # of the total; None when the value or a non-zero total is missing
    status: str = ""  # "na": not available (printed as a dash), see report/figures/status.py
    previous_status: str = ""
    missing: tuple[str, ...] = ()  # member names whose cell was not received (value None)
    marks: tuple[str, ...] = ()  # status symbols of the value ("c", "r")
    previous_marks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Leading:
    """The category with the highest figure of a breakdown, or the categories tied there."""

    labels: tuple[str, ...]  # in the catalogue's order; several when tied
    value: int
    share: float | None
    only: bool  # no other category has any figure
    as_before: bool  # the same category (or the same tie) led the year before


@dataclass(frozen=True)
class BreakdownView:
    code: str
    label: str
    rule: str
    rows: tuple[Row, ...]
    # None when nothing was recorded or a category's figure is missing: no superlative then
    leading: Leading | None = None
    not_available: tuple[str, ...] = ()  # member names that do not collect these cells


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
    contributors: int = 0  # members whose figure is above zero ("12 members organised...")
    status: str = ""  # "na": the total is not available (a dash and a note)
    not_available: tuple[str, ...] = ()  # member names that do not collect it (not counted)
    previous_status: str = ""
    marks: tuple[str, ...] = ()  # status symbols of the total
    previous_marks: tuple[str, ...] = ()

    @property
    def state(self) -> str:
        """"na" (not collected), "missing" (not received), "zero" (none recorded) or "some":
        which sentence."""
        if self.status == "na":
            return "na"
        return "missing" if self.total is None else "zero" if self.total == 0 else "some"

    def breakdown(self, code: str) -> BreakdownView | None:
        return next((b for b in self.breakdowns if b.code == code), None)


@dataclass(frozen=True)
class ActivityView:
    """An activity in the edition's language: the member's texts as written or translated
    (report/figures/texts.py: ``printed``)."""

    member: str
    title: str
    description: str  # ends with a full stop
    partners: tuple[str, ...]  # one name each ("A، B" split), joined in the sentence
    beneficiaries: str
    date: dt.date | None
    anchor: str = ""  # its id in the HTML: the review round finds its page by it
    awaiting: bool = False  # a draft prints a text as written while its translation is awaited


@dataclass(frozen=True)
class MeasureView:
    code: str
    label: str
    activities: tuple[ActivityView, ...]
    number: str = ""  # "1.2.3", as both editions print it


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
class StatusCount:
    code: str  # consolidate.REPORT_STATUSES
    label: str
    count: int


@dataclass(frozen=True)
class MeasureRow:
    """One measure of the national plan as the plan chapter tracks it in the report year."""

    code: str
    number: str  # "1.2.3": the plan's numbering, printed in both editions
    label: str
    indicator: str
    unit: str  # "count" | "percent"
    lead: str
    status: str  # consolidate.REPORT_STATUSES
    status_label: str
    value: float | None
    baseline: float
    baseline_year: int
    target: float  # the year's milestone, or the end target (always for a measure done)
    target_year: int
    comment: str  # in the edition's language (or as written, awaiting its translation)
    went_back_from: str  # last year's status when this one undoes it, else ""
    comment_awaiting: bool = False  # a draft prints the comment as written, marked


@dataclass(frozen=True)
class AxisFollowUp:
    code: str
    label: str
    measures: tuple[MeasureRow, ...]
    n: Mapping[str, int]  # status -> number of the axis's measures


@dataclass(frozen=True)
class PlanFollowUp:
    """The plan chapter's material: every count the text states is computed here, from the
    same rows its tables print."""

    axes: tuple[AxisFollowUp, ...]
    n: Mapping[str, int]  # status -> number of measures, all axes
    columns: tuple[StatusCount, ...]  # the statuses some measure has, in table order
    total: int  # every measure of the plan
    due: int  # the measures whose period has begun
    delayed: tuple[MeasureRow, ...]
    dropped: tuple[MeasureRow, ...]
    went_back: tuple[MeasureRow, ...]


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
class RecommendationView:
    text: str
    owners: tuple[str, ...]  # names in force in the report's year: entrusted with it
    deadline: dt.date
    indicator: str
    # constitutionally independent owners (catalogue): invited to contribute within their
    # remit, never entrusted
    invited: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceFigure:
    member: str
    value: int | None  # None: not received


@dataclass(frozen=True)
class SourceComparison:
    """An indicator several members report: the figure the report uses, the other national
    figures (stated beside it, neutrally), and the members whose figures cover their own
    territory or field only (complementary, not compared)."""

    indicator: str
    noun: str
    used: SourceFigure | None  # None: no national figure received
    others: tuple[SourceFigure, ...]  # other national figures received, catalogue order
    partial: tuple[SourceFigure, ...]  # figures of their own territory or field (complement)
    unit: str = ""  # the counted noun alone ("قضية"), for "no case" where a figure is 0

    @property
    def differs(self) -> bool:
        return self.used is not None and any(o.value != self.used.value for o in self.others)

    @property
    def all_zero(self) -> bool:
        """Every figure received is 0: nothing to compare, nothing to count."""
        return self.used is not None and self.used.value == 0 \
            and all(o.value == 0 for o in self.others)


@dataclass(frozen=True)
class RevisionRow:
    """One revised figure, for the notes' revisions table."""

    year: int
    figure: str  # the indicator, and the category of a breakdown
    old: int | None
    old_marks: tuple[str, ...]
    new: int | None
    new_marks: tuple[str, ...]
    members: tuple[str, ...]  # names of the members whose corrected workbooks changed it
    date: dt.date


@dataclass(frozen=True)
class IndicatorCard:
    """An indicator's metadata as the methodology annex prints it."""

    code: str
    label: str
    definition: str
    legal: str
    unit: str
    sources: tuple[str, ...]  # the reporting members' names, in order of authority
    aggregate: str  # "reference" | "sum"
    breakdowns: tuple[str, ...]  # the breakdowns' labels
    comparability: str
    partial: tuple[str, ...] = ()  # of ``sources``: those whose figure complements (own field)


@dataclass(frozen=True)
class FactView:
    """A dated fact of the commission (commission.toml), in the edition's language."""

    id: str
    date: dt.date  # a year alone is its 1 January
    year: int
    text: str  # its legal references in the edition's official forms
    milestone: bool


@dataclass(frozen=True)
class FontFace:
    family: str
    weight: int
    url: str
    unicode_range: str | None = None  # CSS unicode-range: the face draws only these


@dataclass(frozen=True)
class Assets:
    """What the HTML head links: font faces, stylesheets, the document's date."""

    fonts: tuple[FontFace, ...]
    stylesheet: str
    created: str  # ISO date-time, from edition.toml (never the clock)
    edition_stylesheet: str | None = None
    digits_stylesheet: str | None = None
    emblem: str | None = None  # the covers' emblem, relative to the edition's folder
    lang_stylesheet: str | None = None  # templates/lang-<lang>.css: a left-to-right book


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
    follow_up: PlanFollowUp
    groups: tuple[GroupView, ...]
    members: tuple[Member, ...]
    editorial: tuple[EditorialNote, ...]  # drafts show them; a final is refused with any
    received: int
    received_codes: frozenset[str]
    member_count: int
    all_received: bool  # every member's contribution was received
    recommendations: tuple[RecommendationView, ...] | None  # None: none written yet
    sources_compared: tuple[SourceComparison, ...]
    dimensions: Mapping[str, Dimension]
    assets: Assets
    cards: tuple[IndicatorCard, ...] = ()  # the indicators' metadata
    disclosure: Disclosure = Disclosure(5, (), ())
    protected: tuple[str, ...] = ()  # labels of the breakdowns disclosure control protects
    # (indicator label, year) of each revised total withheld: the revised year is not shown
    # in full (report/figures/disclosure.py), and the methodology says why
    withheld_totals: tuple[tuple[str, int], ...] = ()
    symbols: tuple[tuple[str, str], ...] = ()  # (symbol, its definition) for the notes
    revisions: tuple[RevisionRow, ...] = ()  # every revision of the years the report shows
    toc: tuple[TocEntry, ...] = ()
    ref: Mapping[str, str] = field(default_factory=dict)  # legal references, official forms
    facts: Mapping[str, FactView] = field(default_factory=dict)  # the commission's dated facts
    signs: tuple[tuple[str, str], ...] = ()  # (sign, its meaning) for the notes

    @property
    def holds(self) -> Mapping[str, bool]:
        """Which ``when`` conditions of templates/chapters.toml hold for this edition."""
        editorial = self.draft and (bool(self.editorial) or self.recommendations is None)
        return conditions(self.plan, self.year, editorial)

    @property
    def chapters(self) -> Mapping[str, tuple[str, ...]]:
        """The chapter files of each part of the book (templates/chapters.toml), in order:
        the editorial notes only in a draft that has some, or no recommendations yet; the
        plan's chapter only once the plan has begun."""
        return {part: book().files(part, self.holds) for part in PARTS}

    @property
    def present(self) -> frozenset[str]:
        """The ids of the chapters this edition's book holds: a sentence that refers to a
        chapter asks whether it is there ({% if "plan" in present %})."""
        return frozenset(c.id for c in book().present(self.holds))

    def variables(self) -> dict[str, object]:
        """The template variables: one per field (shallow: the views stay as they are),
        and the book's chapters."""
        return {**{f.name: getattr(self, f.name) for f in fields(self)},
                "chapters": self.chapters, "present": self.present}


def conditions(plan: Plan, year: int, editorial: bool = False) -> dict[str, bool]:
    """Each ``when`` condition of templates/chapters.toml (settings/chapters.py's WHENS) ->
    whether it holds for an edition of ``year``: "editorial" when asked (a draft with
    entries to confirm or no recommendations yet), "plan" once the national plan's period
    has begun. The chapters, their charts and the annex's tables follow them."""
    holds = {"": True, "editorial": editorial, "plan": plan.start <= year}
    return holds


def year_chapters(plan: Plan, year: int) -> frozenset[str]:
    """The ids of the chapters some edition of a report on ``year`` may hold (the
    conditions of the year: its charts are drawn)."""
    return frozenset(c.id for c in book().present(conditions(plan, year, editorial=True)))


def _share(value: int | None, total: int | None) -> float | None:
    return value / total if value is not None and total else None


def _leaders(values: Sequence[int | None]) -> tuple[int, ...] | None:
    """Positions of the highest figure (several when tied); None when a figure is missing
    or nothing was recorded (no superlative can be written then)."""
    known = [v for v in values if v is not None]
    if len(known) < len(values) or not known or max(known) == 0:
        return None
    top = max(known)
    return tuple(i for i, v in enumerate(known) if v == top)


def leading(rows: Sequence[Row], total: int | None) -> Leading | None:
    """The superlative of a breakdown, computed: ties, zeros and missing figures included."""
    now = _leaders([r.value for r in rows])
    if now is None:
        return None
    value = rows[now[0]].value or 0
    before = _leaders([r.previous for r in rows])
    others = [r.value for i, r in enumerate(rows) if i not in now]
    return Leading(tuple(rows[i].label for i in now), value, _share(value, total),
                   only=len(now) == 1 and not any(others), as_before=before == now)


def _row(label: str, key: str, ds: Dataset, prev: Dataset | None, total: int | None,
         names: Mapping[str, str]) -> Row:
    fig = ds.figures[key]
    # a cell of the member whose total is used was rejected: name it (not another's figure)
    # (a value withheld by disclosure control is not a rejected one: it shows [c])
    rejected = fig.value is None and not fig.is_not_available and total is not None \
        and "c" not in fig.marks
    missing = tuple(names[m] for m in fig.missing) if rejected else ()
    return Row(label, fig.value, prev.value(key) if prev else None, _share(fig.value, total),
               fig.status, prev.status(key) if prev else "", missing, fig.marks,
               prev.marks(key) if prev else ())


def indicator_view(ind: Indicator, cat: Catalogue, ds: Dataset, prev: Dataset | None,
                   lang: str) -> IndicatorView:
    key = f"{ind.code}.total"
    fig = ds.figures[key]
    names = {m.code: m.name(lang) for m in cat.members}
    views = []
    for b in ind.breakdowns:
        d = b.dimension
        keys = [f"{ind.code}.{d.code}.{c.code}" for c in d.categories]
        rows = tuple(_row(c.label(lang), k, ds, prev, fig.value, names)
                     for c, k in zip(d.categories, keys, strict=True))
        na = dict.fromkeys(names[m] for k in keys for m in ds.figures[k].not_available)
        views.append(BreakdownView(d.code, d.label(lang), b.rule, rows,
                                   leading(rows, fig.value), tuple(na)))
    sources = tuple(dict.fromkeys(names[s.member] for s in fig.sources))
    per = ds.by_member.get(key, {})
    contributors = sum(1 for m in ind.national_reporters if (per.get(m) or 0) > 0)
    return IndicatorView(ind.code, ind.label(lang), ind.noun, fig.value,
                         prev.value(key) if prev else None, tuple(views), sources,
                         tuple(names[m] for m in fig.missing), contributors, fig.status,
                         tuple(names[m] for m in fig.not_available),
                         prev.status(key) if prev else "", fig.marks,
                         prev.marks(key) if prev else ())


def axis_views(cat: Catalogue, ds: Dataset, lang: str) -> tuple[AxisView, ...]:
    names = {m.code: m.name(lang) for m in cat.members}
    out = []
    for axis in cat.plan.axes:
        measures = []
        for m in axis.measures:
            acts = tuple(activity_view(a, cat.member(a.member), names[a.member], lang,
                                       ds.translations)
                         for a in ds.activities if a.measure == m.code)
            measures.append(MeasureView(m.code, m.label(lang), acts, m.number))
        members = tuple(dict.fromkeys(a.member for m in measures for a in m.activities))
        out.append(AxisView(axis.code, axis.label(lang), tuple(measures), members))
    return tuple(out)


def activity_view(a: Activity, member: Member, name: str, lang: str,
                  translations: Mapping[str, Translation]) -> ActivityView:
    """An activity as an edition in ``lang`` prints it: each of the member's texts in
    ``lang``, written so or translated, else (a draft) as written and marked as awaiting its
    translation (report/figures/texts.py: ``printed``); its "who took part" without the
    member itself (its names in either language), its "who benefited" only when it adds to
    the description (not the member, not words the description already says). Whether it
    adds is judged on the member's own words, as the editor's desk reads them, so that both
    editions print the same clauses."""
    p = {f: printed(getattr(a, f), lang, translations) for f in ACTIVITY_TEXTS}
    own = member.names_written()
    partners = tuple(x for x in split_names(p["partners"].text)
                     if not any(n.casefold() in x.casefold() for n in own))
    who = a.beneficiaries.strip()
    drop = any(n.casefold() in who.casefold() for n in own) or repeats(who, a.description)
    return ActivityView(name, p["title"].text, sentence(p["description"].text), partners,
                        "" if drop else p["beneficiaries"].text.strip(), a.date,
                        activity_id(a.member, a.source.cell),
                        awaiting=any(x.awaiting for x in p.values()))


def _measure_row(m: Measure, cat: Catalogue, ds: Dataset, prev: Dataset | None,
                 lang: str) -> MeasureRow:
    status = ds.plan_status(m)
    report = ds.plan.get(m.code)
    before = prev.plan_status(m) if prev else None
    back = before is not None and went_back(before, status)
    target, target_year = m.target_for(ds.year, done=status == "done")
    ind = m.indicator
    comment = printed(report.comment if report else "", lang, ds.translations)
    return MeasureRow(m.code, m.number, m.label(lang), ind.label(lang), ind.unit,
                      cat.member(m.lead).name(lang), status, status_label(status, lang),
                      report.value if report else None, ind.baseline, ind.baseline_year, target,
                      target_year, comment.text,
                      status_label(before, lang) if back and before else "", comment.awaiting)


def status_label(code: str, lang: str) -> str:
    return load_texts("plan")(f"status.{code}", lang)


def _counts(rows: Sequence[MeasureRow]) -> dict[str, int]:
    return {s: sum(r.status == s for r in rows) for s in REPORT_STATUSES}


def plan_follow_up(cat: Catalogue, ds: Dataset, prev: Dataset | None,
                   lang: str) -> PlanFollowUp:
    """Every measure's status, value and target in the report year, by axis, with the
    counts the chapter's text states."""
    axes = []
    for axis in cat.plan.axes:
        rows = tuple(_measure_row(m, cat, ds, prev, lang) for m in axis.measures)
        axes.append(AxisFollowUp(axis.code, axis.label(lang), rows, _counts(rows)))
    every = [r for a in axes for r in a.measures]
    n = _counts(every)
    columns = tuple(StatusCount(s, status_label(s, lang), n[s]) for s in REPORT_STATUSES
                    if n[s])
    return PlanFollowUp(tuple(axes), n, columns, len(every), len(every) - n[NOT_DUE],
                        tuple(r for r in every if r.status == "delayed"),
                        tuple(r for r in every if r.status == "dropped"),
                        tuple(r for r in every if r.went_back_from))


PARTNER_SEPARATORS = re.compile(r"\s*[،,؛;]\s*")
SENTENCE_END = (".", "!", "؟", "?", "…")


def sentence(text: str) -> str:
    """Member text as a sentence: stripped, ending with a full stop."""
    text = text.strip()
    return text + "." if text and not text.endswith(SENTENCE_END) else text


def split_names(text: str) -> tuple[str, ...]:
    """"A، B, C" -> ("A", "B", "C"): the template joins them as the language does (A وB وC)."""
    return tuple(p for p in PARTNER_SEPARATORS.split(text.strip().rstrip(".")) if p)


def source_comparisons(cat: Catalogue, ds: Dataset, lang: str
                       ) -> tuple[SourceComparison, ...]:
    """Every "reference" indicator two or more members report: the figure used, the other
    national figures received, and the partial reporters (never compared)."""
    out = []
    for ind in cat.indicators:
        if ind.aggregate != "reference" or len(ind.reporters) < 2:
            continue
        per = ds.by_member.get(f"{ind.code}.total", {})
        national = [SourceFigure(cat.member(m).name(lang), per[m])
                    for m in ind.national_reporters if m in per]
        partial = tuple(SourceFigure(cat.member(m).name(lang), per.get(m)) for m in ind.partial)
        bare = cat.nouns.get(ind.noun, {}).get(lang, {}).get("zero", "")
        out.append(SourceComparison(ind.label(lang), ind.noun,
                                    national[0] if national else None, tuple(national[1:]),
                                    partial, bare.replace("{n}", "").strip()))
    return tuple(out)


def editorial_notes(cat: Catalogue, lang: str) -> tuple[EditorialNote, ...]:
    """The catalogue's placeholders and entries to be confirmed, named for the reader."""
    out = []
    for u in cat.unconfirmed():
        entry = cat.member(u.entry).name(lang) if u.file == "members" else cat.plan.title(lang)
        out.append(EditorialNote(u.entry, entry, u.kind, u.reason))
    return tuple(out)


def recommendation_views(cat: Catalogue, recs: Sequence[Recommendation] | None, lang: str
                         ) -> tuple[RecommendationView, ...] | None:
    """The year's recommendations, owners named as in force (the commission: its name)."""
    if recs is None:
        return None
    names = {m.code: m.name(lang) for m in cat.members}
    names[cat.commission.acronym] = cat.commission.short_name(lang)
    independent = {m.code for m in cat.members if m.independent}
    return tuple(RecommendationView(
        r.text(lang), tuple(names[o] for o in r.owners if o not in independent), r.deadline,
        r.indicator(lang), tuple(names[o] for o in r.owners if o in independent))
        for r in recs)


def indicator_cards(cat: Catalogue, lang: str) -> tuple[IndicatorCard, ...]:
    return tuple(IndicatorCard(
        i.code, i.label(lang), i.meta.definition(lang), i.meta.legal(lang), i.meta.unit(lang),
        tuple(cat.member(m).name(lang) for m in i.reporters), i.aggregate,
        tuple(b.dimension.label(lang) for b in i.breakdowns), i.meta.comparability(lang),
        tuple(cat.member(m).name(lang) for m in i.partial))
        for i in cat.indicators)


def fact_views(cat: Catalogue, lang: str) -> dict[str, FactView]:
    return {f.id: FactView(f.id, f.date, f.date.year,
                           cat.commission.with_refs(f.text(lang), lang), f.milestone)
            for f in cat.commission.facts}


def sign_notes(lang: str) -> tuple[tuple[str, str], ...]:
    """Each sign of a value a table cannot give, with its meaning (phrases.toml)."""
    words = load_texts("phrases")
    return tuple((words(f"sign.{k}", lang), words(f"sign_meaning.{k}", lang))
                 for k in ("not_received", "not_collected", "not_applicable"))


def symbol_notes(cat: Catalogue, lang: str) -> tuple[tuple[str, str], ...]:
    """Each status symbol with its definition (templates/text/annex.toml); the template
    writes each in the edition's script."""
    words = load_texts("annex")
    return tuple((s, words(f"symbol.{s}", lang).format(threshold=cat.disclosure.threshold))
                 for s in ("c", "r", "p"))


def protected_labels(cat: Catalogue, lang: str) -> tuple[str, ...]:
    return tuple(cat.dimensions[d].label(lang) for d in cat.disclosure.dimensions
                 if d in cat.dimensions)


def revision_rows(cat: Catalogue, datasets: Mapping[int, Dataset], year: int,
                  lang: str) -> tuple[RevisionRow, ...]:
    """Every revision of the years up to ``year``, oldest year first."""
    rows = []
    for y in sorted(y for y in datasets if y <= year):
        for r in datasets[y].revisions:
            names = tuple(cat.member(m).name(lang) for m in r.members)
            rows.append(RevisionRow(y, cat.figure_label(r.key)(lang), r.old,
                                    tuple(r.old_status.split()), r.new,
                                    (r.new_status,) if r.new_status else (), names, r.date))
    return tuple(rows)


def withheld_totals(cat: Catalogue, datasets: Mapping[int, Dataset], year: int, lang: str
                    ) -> tuple[tuple[str, int], ...]:
    """Every total shown as [c] in the years the report shows (a revised year the audit could
    not show in full), in year and catalogue order."""
    return tuple((i.label(lang), y) for y, ds in sorted(datasets.items()) if y <= year
                 for i in cat.indicators if "c" in ds.marks(f"{i.code}.total"))


def build_context(cat: Catalogue, datasets: Mapping[int, Dataset], year: int,
                  charts: Sequence[Chart], edition: Edition, lang: str, draft: bool,
                  assets: Assets, recommendations: Sequence[Recommendation] | None = None
                  ) -> TemplateContext:
    ds, prev = datasets[year], datasets.get(year - 1)
    groups = tuple(GroupView(cat.groups[g](lang), tuple(m for m in cat.members if m.group == g))
                   for g in cat.groups)
    return TemplateContext(
        lang=lang, year=year, prev_year=year - 1, edition=edition, draft=draft,
        has_previous=prev is not None, years=tuple(sorted(y for y in datasets if y <= year)),
        commission=cat.commission,
        ind={i.code: indicator_view(i, cat, ds, prev, lang) for i in cat.indicators},
        charts={c.id: c for c in charts}, axes=axis_views(cat, ds, lang), plan=cat.plan,
        follow_up=plan_follow_up(cat, ds, prev, lang),
        groups=groups, members=cat.members, editorial=editorial_notes(cat, lang),
        received=len(ds.received),
        received_codes=frozenset(ds.received), member_count=len(cat.members),
        all_received=len(ds.received) == len(cat.members),
        recommendations=recommendation_views(cat, recommendations, lang),
        sources_compared=source_comparisons(cat, ds, lang), dimensions=cat.dimensions,
        assets=assets, cards=indicator_cards(cat, lang), disclosure=cat.disclosure,
        protected=protected_labels(cat, lang), symbols=symbol_notes(cat, lang),
        revisions=revision_rows(cat, datasets, year, lang),
        withheld_totals=withheld_totals(cat, datasets, year, lang), ref=cat.commission.refs(lang),
        facts=fact_views(cat, lang), signs=sign_notes(lang))
