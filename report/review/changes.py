"""Two drafts (each its record and its map) -> Changes: figures whose value changed,
measures of the national plan whose status or value changed, activities added, removed or
changed, members' texts that changed and so need a new translation (or whose translation
changed), paragraphs changed per chapter sentence by sentence, and how the pages moved.

Sentences. A paragraph is cut after ``.`` ``!`` ``?`` ``؟`` (U+061F) ``؛`` (the Arabic
semicolon, U+061B, which in Arabic prose closes a clause that stands on its own) and ``…``,
each followed by a space or the end of the paragraph (closing quotes or brackets stay with
it). A full stop inside a number or a legal reference (1.234, 27.14, 2.17.740) is never
followed by a space and never cuts. The Arabic comma ``،`` (U+060C) does not cut: it
chains the clauses and list items of one sentence. Within a chapter the two sequences of
sentences are compared (difflib); a changed sentence is shown with the words removed and
added.

Paragraphs are the body's prose blocks (paragraphs, list items, captions, footnotes,
subheadings) of each chapter; tables are compared through the figures they print.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from report.label import Label
from report.review.draft_map import Block, DraftMap
from report.review.record import ActivityRecord, DraftRecord, MemberFigure, TextRecord

PROSE = frozenset({"p", "li", "caption", "figcaption", "footnote", "h2", "h3", "h4", "dt", "dd",
                   "blockquote"})
SENTENCE_END = re.compile("[.!?\u061f\u061b\u2026]+[\"'\u00bb\u201d)\\]]*(?=\\s|$)")
WORD = re.compile(r"\S+")
ACTIVITY_FIELDS = ("measure", "title", "description", "partners", "beneficiaries", "date")
MOVED_LEVELS = (1, 2)  # the headings of the contents


def sentences(text: str) -> list[str]:
    """A paragraph's sentences (see the module docstring for the rule)."""
    out, start = [], 0
    for m in SENTENCE_END.finditer(text):
        out.append(text[start:m.end()].strip())
        start = m.end()
    out.append(text[start:].strip())
    return [s for s in out if s]


@dataclass(frozen=True)
class FigureChange:
    key: str
    label: Label
    member: str  # "" when only the national figure changed
    file: str
    sheet: str
    cell: str
    old: int | None
    new: int | None
    national_old: int | None
    national_new: int | None


@dataclass(frozen=True)
class MeasureChange:
    """A measure of the national plan whose status or value the two drafts print apart."""

    code: str
    label: Label
    member: str  # its lead
    file: str
    sheet: str
    cell: str  # the status cell (the new draft's)
    old_status: str  # codes of consolidate.REPORT_STATUSES
    new_status: str
    old_status_words: Label  # as printed
    new_status_words: Label
    old_value: str  # as printed
    new_value: str
    pages: tuple[int, ...]  # in the new draft

    @property
    def status_changed(self) -> bool:
        return self.old_status != self.new_status

    @property
    def value_changed(self) -> bool:
        return self.old_value != self.new_value


@dataclass(frozen=True)
class ActivityChange:
    kind: str  # added | removed | changed
    member: str
    old: ActivityRecord | None
    new: ActivityRecord | None
    fields: tuple[str, ...]  # what changed (changed only)
    old_page: int | None
    new_page: int | None

    @property
    def title(self) -> str:
        return (self.new or self.old).title  # type: ignore[union-attr]


@dataclass(frozen=True)
class TranslationChange:
    """A member's text written anew in a cell (its translation, keyed by the text, must be
    made again: ``needed`` while the new draft has none), or the same text translated
    otherwise."""

    kind: str  # "source": the text changed (or is new) | "translation": another translation
    member: str
    field: str  # title | description | partners | beneficiaries | comment
    file: str
    sheet: str
    cell: str
    old_source: str  # "" for a new text
    new_source: str
    old_translation: str
    new_translation: str  # "" while awaited
    page: int | None  # in the new draft

    @property
    def needed(self) -> bool:
        return not self.new_translation


@dataclass(frozen=True)
class Word:
    text: str  # one word or a run of words with the same mark
    op: str  # same | del | ins


@dataclass(frozen=True)
class SentenceChange:
    kind: str  # added | removed | changed
    old: str
    new: str
    old_words: tuple[Word, ...]  # the old sentence in runs, the removed words marked
    new_words: tuple[Word, ...]  # the new sentence in runs, the added words marked
    section: str  # the subsection's title (new draft's, else old's)
    old_page: int | None
    new_page: int | None


@dataclass(frozen=True)
class ChapterChanges:
    id: str
    title: str
    sentences: tuple[SentenceChange, ...]


@dataclass(frozen=True)
class PageMove:
    level: int
    title: str  # with the new draft's section number (else the old one's)
    old: int | None
    new: int | None

    @property
    def shift(self) -> int | None:
        return self.new - self.old if self.old is not None and self.new is not None else None


@dataclass(frozen=True)
class Changes:
    year: int
    old_draft: int
    new_draft: int
    old_date: str
    new_date: str
    old_pages: int
    new_pages: int
    figures: tuple[FigureChange, ...]
    activities: tuple[ActivityChange, ...]
    chapters: tuple[ChapterChanges, ...]  # only chapters with changes
    pages: tuple[PageMove, ...]  # every heading of the contents
    measures: tuple[MeasureChange, ...] = ()  # plan measures whose status or value changed
    translations: tuple[TranslationChange, ...] = ()  # texts to translate again, or retranslated

    @property
    def empty(self) -> bool:
        return not (self.figures or self.activities or self.chapters or self.measures
                    or self.translations or any(p.shift for p in self.pages)
                    or self.old_pages != self.new_pages)


# -- figures ------------------------------------------------------------------------------
def _members(figs: Sequence[MemberFigure]) -> dict[str, MemberFigure]:
    return {m.member: m for m in figs}


def figure_changes(old: DraftRecord, new: DraftRecord) -> tuple[FigureChange, ...]:
    """Every member figure whose value changed, with its cell (the new draft's), and every
    national figure that changed though no member's did."""
    out: list[FigureChange] = []
    for nf in new.figures:
        of = old.figure(nf.key)
        if of is None:
            continue
        before, after = _members(of.members), _members(nf.members)
        rows = []
        label = Label(nf.label("ar"), nf.label("fr"))
        for code, m in after.items():
            was = before.get(code)
            if was is not None and was.value != m.value:
                rows.append(FigureChange(nf.key, label, code, m.file, m.sheet, m.cell, was.value,
                                         m.value, of.value, nf.value))
        if not rows and of.value != nf.value:
            rows.append(FigureChange(nf.key, label, "", "", "", "", of.value, nf.value,
                                     of.value, nf.value))
        out += rows
    return tuple(out)


# -- plan measures ------------------------------------------------------------------------
def measure_changes(old: DraftRecord, new: DraftRecord,
                    new_map: DraftMap) -> tuple[MeasureChange, ...]:
    """Every measure of the plan whose status or value (as printed) changed, in plan order;
    none when the old draft's record predates the measures (version 1)."""
    out = []
    for n in new.measures:
        o = old.measure(n.code)
        if o is None or (o.status == n.status and o.value_text == n.value_text):
            continue
        out.append(MeasureChange(n.code, n.label, n.lead, n.file, n.sheet,
                                 n.status_cell, o.status, n.status, o.status_words,
                                 n.status_words, o.value_text, n.value_text,
                                 new_map.measure_pages(n.code)))
    return tuple(out)


# -- activities ---------------------------------------------------------------------------
def _content(a: ActivityRecord) -> tuple[str, ...]:
    return (a.member, *(getattr(a, f) for f in ACTIVITY_FIELDS))


def _pair(olds: list[ActivityRecord], news: list[ActivityRecord],
          key: Callable[[ActivityRecord], object]) -> list[tuple[ActivityRecord, ActivityRecord]]:
    pairs = []
    for n in list(news):
        o = next((o for o in olds if key(o) == key(n)), None)
        if o is not None:
            olds.remove(o)
            news.remove(n)
            pairs.append((o, n))
    return pairs


def activity_changes(old: DraftRecord, new: DraftRecord, old_map: DraftMap,
                     new_map: DraftMap) -> tuple[ActivityChange, ...]:
    """Activities matched by their content, then by member and title, then by member and
    row: what is left is added or removed."""
    olds, news = list(old.activities), list(new.activities)
    _pair(olds, news, _content)  # unchanged, even if moved to another row
    pairs = _pair(olds, news, lambda a: (a.member, a.title))
    pairs += _pair(olds, news, lambda a: (a.member, a.cell))
    out = [ActivityChange("changed", n.member, o, n,
                          tuple(f for f in ACTIVITY_FIELDS if getattr(o, f) != getattr(n, f)),
                          old_map.page(o.id), new_map.page(n.id)) for o, n in pairs]
    out += [ActivityChange("removed", o.member, o, None, (), old_map.page(o.id), None)
            for o in olds]
    out += [ActivityChange("added", n.member, None, n, (), None, new_map.page(n.id))
            for n in news]
    order = {a.id: i for i, a in enumerate(new.activities)}
    return tuple(sorted(out, key=lambda c: (c.member, order.get(c.new.id, -1) if c.new else -1,
                                            c.title)))


# -- translations -------------------------------------------------------------------------
def _text_page(t: TextRecord, m: DraftMap) -> int | None:
    if t.kind == "comment":
        return next(iter(m.measure_pages(t.anchor.removeprefix("measure-"))), None)
    return m.page(t.anchor)


def translation_changes(old: DraftRecord, new: DraftRecord,
                        new_map: DraftMap) -> tuple[TranslationChange, ...]:
    """The texts written anew in a cell since the old draft (or in a new cell), whose
    translation, kept by the text, must be made again; and the texts translated otherwise.
    None when the old draft's record predates the texts (version 3)."""
    if not old.texts:
        return ()
    at = {(t.member, t.file, t.sheet, t.cell): t for t in old.texts}
    ids = {t.id: t for t in old.texts}
    out = []
    for n in new.texts:
        o = at.get((n.member, n.file, n.sheet, n.cell))
        if n.id not in ids and (o is None or o.id != n.id):
            out.append(_translation_change("source", o, n, new_map))
        elif n.id in ids and ids[n.id].translation and ids[n.id].translation != n.translation:
            out.append(_translation_change("translation", ids[n.id], n, new_map))
    return tuple(out)


def _translation_change(kind: str, o: TextRecord | None, n: TextRecord,
                        new_map: DraftMap) -> TranslationChange:
    return TranslationChange(kind, n.member, n.field, n.file, n.sheet, n.cell,
                             o.source if o else "", n.source, o.translation if o else "",
                             n.translation, _text_page(n, new_map))


# -- paragraphs ---------------------------------------------------------------------------
@dataclass(frozen=True)
class _Sentence:
    text: str
    block: Block


def _chapter_sentences(m: DraftMap, chapter: str) -> list[_Sentence]:
    """The prose of a chapter, sentence by sentence; activities are compared as activities."""
    return [_Sentence(s, b) for b in m.blocks
            if b.chapter == chapter and b.kind in PROSE and not b.activity
            for s in sentences(b.text)]


def _runs(words: Sequence[str], op: str, out: list[Word]) -> None:
    """Append ``words`` to ``out``, joined to the last run when it has the same mark."""
    if not words:
        return
    text = " ".join(words)
    if out and out[-1].op == op:
        out[-1] = Word(f"{out[-1].text} {text}", op)
    else:
        out.append(Word(text, op))


def word_diff(old: str, new: str) -> tuple[tuple[Word, ...], tuple[Word, ...]]:
    """The two sentences as runs of words: the removed ones marked in the old, the added
    ones in the new."""
    a, b = WORD.findall(old), WORD.findall(new)
    olds: list[Word] = []
    news: list[Word] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        _runs(a[i1:i2], "same" if op == "equal" else "del", olds)
        _runs(b[j1:j2], "same" if op == "equal" else "ins", news)
    return tuple(olds), tuple(news)


def _titles(m: DraftMap) -> dict[str, str]:
    return {h.id: h.shown for h in m.headings if h.id}


def _change(kind: str, o: _Sentence | None, n: _Sentence | None, old_map: DraftMap,
            new_map: DraftMap) -> SentenceChange:
    old_text, new_text = (o.text if o else ""), (n.text if n else "")
    ow, nw = word_diff(old_text, new_text)
    section = (_titles(new_map).get(n.block.heading, "") if n else "") or \
        (_titles(old_map).get(o.block.heading, "") if o else "")
    return SentenceChange(kind, old_text, new_text, ow, nw, section,
                          old_map.block_page(o.block) if o else None,
                          new_map.block_page(n.block) if n else None)


SIMILAR = 0.5  # two sentences sharing at least half their words are one sentence changed


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, WORD.findall(a), WORD.findall(b),
                                   autojunk=False).ratio()


def _pair_similar(olds: Sequence[_Sentence], news: Sequence[_Sentence],
                  ) -> list[tuple[str, _Sentence | None, _Sentence | None]]:
    """A replaced run of sentences: each old one paired, in order, with the first new one
    similar enough to be its rewording; the others were removed or added."""
    out: list[tuple[str, _Sentence | None, _Sentence | None]] = []
    j = 0
    for o in olds:
        match = next((k for k in range(j, len(news))
                      if _similarity(o.text, news[k].text) >= SIMILAR), None)
        if match is None:
            out.append(("removed", o, None))
            continue
        out += [("added", None, n) for n in news[j:match]]
        out.append(("changed", o, news[match]))
        j = match + 1
    out += [("added", None, n) for n in news[j:]]
    return out


def chapter_changes(old_map: DraftMap, new_map: DraftMap) -> tuple[ChapterChanges, ...]:
    """Per chapter (matched by id; the new draft's order, then chapters that went), the
    sentences removed, added and changed."""
    out = []
    ids = [c.id for c in new_map.chapters] + [c.id for c in old_map.chapters
                                              if c.id not in {x.id for x in new_map.chapters}]
    titles = {c.id: c.title for c in (*old_map.chapters, *new_map.chapters)}
    for cid in ids:
        a, b = _chapter_sentences(old_map, cid), _chapter_sentences(new_map, cid)
        found: list[SentenceChange] = []
        matcher = difflib.SequenceMatcher(None, [s.text for s in a], [s.text for s in b],
                                          autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                continue
            found += [_change(kind, o, n, old_map, new_map)
                      for kind, o, n in _pair_similar(a[i1:i2], b[j1:j2])]
        if found:
            out.append(ChapterChanges(cid, titles[cid], tuple(found)))
    return tuple(out)


# -- pages --------------------------------------------------------------------------------
def _numbered(m: DraftMap) -> dict[tuple[int, str, int], tuple[str, int | None]]:
    """(level, title, n-th time that title appears) -> (title as shown, page), for the
    contents' headings; the title without its number, which moves when a chapter comes in."""
    seen: dict[tuple[int, str], int] = {}
    out: dict[tuple[int, str, int], tuple[str, int | None]] = {}
    for h in m.headings:
        if h.level in MOVED_LEVELS and h.chapter:
            n = seen[(h.level, h.title)] = seen.get((h.level, h.title), 0) + 1
            out[(h.level, h.title, n)] = (h.shown, m.page(h.id) if h.id else None)
    return out


def page_moves(old_map: DraftMap, new_map: DraftMap) -> tuple[PageMove, ...]:
    """Every heading of the contents with its page in each draft (matched by title), in the
    new draft's order, then the headings that went."""
    before, after = _numbered(old_map), _numbered(new_map)
    out = [PageMove(k[0], shown, before[k][1] if k in before else None, page)
           for k, (shown, page) in after.items()]
    out += [PageMove(k[0], shown, page, None) for k, (shown, page) in before.items()
            if k not in after]
    return tuple(out)


def compare(old: DraftRecord, old_map: DraftMap, new: DraftRecord,
            new_map: DraftMap) -> Changes:
    return Changes(new.year, old.draft, new.draft, old.draft_date, new.draft_date,
                   old_map.page_count, new_map.page_count, figure_changes(old, new),
                   activity_changes(old, new, old_map, new_map),
                   chapter_changes(old_map, new_map), page_moves(old_map, new_map),
                   measure_changes(old, new, new_map), translation_changes(old, new, new_map))
