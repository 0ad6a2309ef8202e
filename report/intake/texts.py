"""A year's activities and plan reports -> every free text the members wrote (MemberText),
each with the cell it was written in and the text printed around it; and which of them an
edition in one language still lacks.

The texts: an activity's title, description, beneficiaries and partners, and a lead's
comment on a measure of the national plan. The same text written twice (two members'
"عموم المواطنين") is one text to translate: ``distinct`` keeps the first, with every place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from report.figures.records import Activity, PlanReport, Source, Translation
from report.figures.texts import needs, printed, text_id, text_key, written_in
from report.intake.layout import ACTIVITY_TEXTS, activity_col, plan_col
from report.label import Label

ACTIVITY, COMMENT = "activity", "comment"
CONTEXT_CHARS = 300  # of the text printed around one, in the translator's workbook


@dataclass(frozen=True)
class MemberText:
    """One free text a member wrote, where it was written and what is printed around it."""

    member: str
    kind: str  # activity | comment
    field: str  # title | description | partners | beneficiaries | comment
    text: str
    measure: str  # the measure the activity or the comment belongs to
    source: Source  # the text's own cell
    context: str  # the text printed around it (the activity's other texts, the measure)
    places: tuple[Source, ...] = ()  # every cell it was written in (``distinct``)

    @property
    def key(self) -> str:
        return text_key(self.text)

    @property
    def id(self) -> str:
        return text_id(self.text)

    @property
    def lang(self) -> str:
        return written_in(self.text) or ""


def _row(cell: str) -> int:
    return int(re.sub(r"\D", "", cell))


def _cut(text: str) -> str:
    return text if len(text) <= CONTEXT_CHARS else text[:CONTEXT_CHARS].rstrip() + " …"


def _activity_context(a: Activity, field: str) -> str:
    """Around a title, the description; around the others, the title (and description)."""
    if field == "title":
        return _cut(a.description)
    return _cut(" — ".join(t for t in (a.title, a.description) if t and t != getattr(a, field)))


def activity_texts(a: Activity) -> tuple[MemberText, ...]:
    row = _row(a.source.cell)
    return tuple(
        MemberText(a.member, ACTIVITY, f, getattr(a, f), a.measure,
                   Source(a.source.member, a.source.file, a.source.sheet,
                          f"{activity_col(f)}{row}"), _activity_context(a, f))
        for f in ACTIVITY_TEXTS if getattr(a, f).strip())


def comment_text(r: PlanReport, measure: Label | None = None) -> tuple[MemberText, ...]:
    """A lead's comment on a measure (none when it wrote none); ``measure``: the measure's
    name, its context (in the comment's language)."""
    if not r.comment.strip():
        return ()
    cell = f"{plan_col('comment')}{_row(r.source.cell)}"
    name = measure(written_in(r.comment) or "ar") if measure else ""
    return (MemberText(r.source.member, COMMENT, "comment", r.comment, r.measure,
                       Source(r.source.member, r.source.file, r.source.sheet, cell),
                       _cut(f"{r.measure} {name}".strip())),)


def member_texts(activities: Iterable[Activity], plan: Iterable[PlanReport],
                 measures: Mapping[str, Label] | None = None) -> tuple[MemberText, ...]:
    """Every text of these activities and plan reports, in their order; ``measures``: each
    measure's code -> its name, the context of a comment."""
    names = measures or {}
    out = [t for a in activities for t in activity_texts(a)]
    out += [t for r in plan for t in comment_text(r, names.get(r.measure))]
    return tuple(out)


def distinct(texts: Iterable[MemberText]) -> tuple[MemberText, ...]:
    """One per source text (its hash), the first, with every cell it was written in."""
    first: dict[str, MemberText] = {}
    places: dict[str, list[Source]] = {}
    for t in texts:
        first.setdefault(t.key, t)
        places.setdefault(t.key, []).append(t.source)
    return tuple(MemberText(t.member, t.kind, t.field, t.text, t.measure, t.source, t.context,
                            tuple(places[k])) for k, t in first.items())


def untranslated(texts: Iterable[MemberText], translations: Mapping[str, Translation],
                 lang: str) -> tuple[MemberText, ...]:
    """The texts an edition in ``lang`` must print translated and has no translation of."""
    return tuple(t for t in texts if needs(t.text, lang)
                 and printed(t.text, lang, translations).awaiting)
