"""A member's review items + its open findings and review entries -> its review pack
(<CODE>-review.pdf): a covering page (what to check, by which date), its figures as the
draft prints them with the sheet and cell of each, its activities as printed, the pages of
the draft that cite it, the measures of the national plan it leads (status, value and comment
as printed, with its plan sheet's cells and their pages), each of its texts with its
translation into the other language (to approve or correct), and what is still open for it.

The pack is set by templates/ar/review/pack.html.j2 with the report's own environment,
filters, fonts and stylesheet (report/review/docs.py). An activity is shown with the HTML
the draft printed for it (read back from the draft's HTML, which the report's autoescaping
render wrote), so the pack follows whatever the report's templates print.

22 packs are small documents of a few pages each: they are laid out in worker processes
(report/parallel.py), from the draft's record and map, without building the report again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup

from report.findings import Finding
from report.parallel import fork_map
from report.publish.context import Assets
from report.review.answers import LogEntry
from report.review.docs import Document, render_document, render_html
from report.review.draft_map import DraftMap
from report.review.items import Item, MemberItems
from report.review.record import DraftRecord
from report.settings.catalogue import Commission


@dataclass(frozen=True)
class FigureRow:
    dimension: str  # the breakdown, "" for the total
    category: str
    value: int | None  # the member's figure
    national: int | None  # what the draft prints for the country
    used: bool  # the national figure is made from the member's
    cell: str
    pages: tuple[int, ...]


@dataclass(frozen=True)
class FigureGroup:
    indicator: str
    sheet: str
    file: str
    rows: tuple[FigureRow, ...]
    pages: tuple[int, ...]


@dataclass(frozen=True)
class ActivityPanel:
    title: str
    html: Markup  # the activity as the draft printed it
    cell: str
    pages: tuple[int, ...]


@dataclass(frozen=True)
class MeasurePanel:
    """A measure of the national plan the member leads, as the draft prints it."""

    id: str  # the review item's
    code: str
    label: str
    unit: str
    status: str  # code, for its mark
    status_label: str  # as printed
    value_text: str  # as printed
    target: float
    target_year: int
    comment: str
    file: str
    sheet: str
    status_cell: str
    value_cell: str
    comment_cell: str
    pages: tuple[int, ...]


@dataclass(frozen=True)
class TextPanel:
    """A text the member wrote and its translation, as the other edition will print it."""

    id: str  # the review item's
    label: str  # what the text is (the activity's title, the measure)
    source: str
    source_lang: str
    translation: str  # "" while awaited
    lang: str  # the translation's language
    given: bool  # the member gave it itself, in its workbook
    cell: str
    sheet: str
    pages: tuple[int, ...]


@dataclass(frozen=True)
class PackContext:
    """What templates/<lang>/review/pack.html.j2 reads."""

    lang: str
    year: int
    draft: int
    draft_date: dt.date
    due: dt.date | None
    fictitious: bool
    title: str  # the report's title
    commission: Commission
    member: str
    member_name: str
    draft_file: str
    draft_pages: int
    figures: tuple[FigureGroup, ...]
    activities: tuple[ActivityPanel, ...]
    measures: tuple[MeasurePanel, ...]  # none: the member leads no measure of the plan
    texts: tuple[TextPanel, ...]  # its texts with their translations
    paragraphs: tuple[CitationGroup, ...]
    pages: tuple[int, ...]  # every page of the draft that cites the member
    findings: tuple[Finding, ...]  # of the member's workbook, now
    entries: tuple[LogEntry, ...]  # its comments and corrections still open from past rounds
    assets: Assets

    def variables(self) -> dict[str, object]:
        return {f: getattr(self, f) for f in self.__dataclass_fields__}


@dataclass(frozen=True)
class CitationGroup:
    chapter: str
    items: tuple[Item, ...]


def citation_groups(items: MemberItems) -> tuple[CitationGroup, ...]:
    """The paragraphs citing the member, by chapter, in the draft's order."""
    groups: dict[str, list[Item]] = {}
    for i in items.paragraphs:
        groups.setdefault(i.label, []).append(i)
    return tuple(CitationGroup(c, tuple(i)) for c, i in groups.items())


def figure_groups(rec: DraftRecord, items: MemberItems) -> tuple[FigureGroup, ...]:
    """The member's figures, one group per indicator, in the catalogue's order."""
    by_id = {i.id: i for i in items.figures}
    groups: dict[str, list[tuple[str, str, str, FigureRow]]] = {}
    for f, mf in rec.member_figures(items.member):
        item = by_id[f"F-{f.key}"]
        row = FigureRow(*f.part(rec.lang), mf.value, f.value, mf.member in f.used, mf.cell,
                        item.pages)
        groups.setdefault(f.indicator, []).append((f.title(rec.lang), mf.sheet,
                                                   mf.file, row))
    return tuple(FigureGroup(rows[0][0], rows[0][1], rows[0][2], tuple(r[3] for r in rows),
                             tuple(sorted({p for r in rows for p in r[3].pages})))
                 for rows in groups.values())


def activity_panels(m: DraftMap, items: MemberItems) -> tuple[ActivityPanel, ...]:
    # The fragment is the draft's own HTML, written by the report's render with autoescape
    # on: member text in it is already escaped.
    return tuple(ActivityPanel(i.label, Markup(m.fragments.get(i.anchor, "")), i.cell, i.pages)
                 for i in items.activities)


def measure_panels(rec: DraftRecord, items: MemberItems) -> tuple[MeasurePanel, ...]:
    """The measures the member leads, in plan order, with the cells of its plan sheet."""
    out = []
    for i in items.measures:
        m = rec.measure(i.id[2:])
        if m is not None:
            out.append(MeasurePanel(i.id, m.code, m.label(rec.lang), m.unit, m.status,
                                    m.status_words(rec.lang), m.value_text, m.target,
                                    m.target_year, m.comment, m.file, m.sheet, m.status_cell,
                                    m.value_cell, m.comment_cell, i.pages))
    return tuple(out)


def text_panels(rec: DraftRecord, items: MemberItems) -> tuple[TextPanel, ...]:
    """The member's texts, each with its translation into the other language."""
    out = []
    for i in items.translations:
        t = rec.text(i.id)
        if t is not None:
            out.append(TextPanel(i.id, i.label, t.source, t.lang, t.translation, i.lang,
                                 t.origin == "member", t.cell, t.sheet, i.pages))
    return tuple(out)


def pack_context(rec: DraftRecord, m: DraftMap, items: MemberItems, *, member_name: str,
                 title: str, commission: Commission, due: dt.date | None, fictitious: bool,
                 findings: Sequence[Finding], entries: Sequence[LogEntry],
                 assets: Assets) -> PackContext:
    return PackContext(
        lang=rec.lang, year=rec.year, draft=rec.draft,
        draft_date=dt.date.fromisoformat(rec.draft_date), due=due, fictitious=fictitious,
        title=title, commission=commission, member=items.member, member_name=member_name,
        draft_file=rec.pdf, draft_pages=m.page_count, figures=figure_groups(rec, items),
        activities=activity_panels(m, items), measures=measure_panels(rec, items),
        texts=text_panels(rec, items),
        paragraphs=citation_groups(items),
        pages=items.pages,
        findings=tuple(findings), entries=tuple(entries), assets=assets)


def render_packs(env: Environment, contexts: Sequence[PackContext], folder: Path,
                 day: dt.date) -> list[Document]:
    """Every pack laid out, in worker processes when there are cores to share them."""
    def one(ctx: PackContext) -> Document:
        return render_document(render_html(env, "pack", ctx.variables()), folder, day, ctx.lang)

    done = fork_map(one, contexts)
    return done if done is not None else [one(c) for c in contexts]
