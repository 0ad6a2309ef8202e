"""A draft (its record and its map) + a member -> MemberItems: what that member reviews.

One item per figure of the member (its value, the national figure the draft prints, the
sheet and cell it came from), per activity of the member (the text as the draft printed
it), and per paragraph of the draft that cites the member (the same text cited in several
places, such as a source line under tables, is one item with all its pages). Each item has
an id that the review workbook, the returned answers and the review log carry, the same
when the draft is built again (a figure's key, an activity's row, a digest of the
paragraph's text); each page comes from the draft PDF (report/review/draft_map.py). A member that
leads measures of the national plan also reviews each of them as the plan chapter prints
it (status, value against target, its comment), with its plan sheet's cells and the pages
where the measure's row and notes are. Each text the member wrote (an activity's title,
description, partners and beneficiaries, a comment on a measure) is an item too, with its
translation into the other language as the other edition will print it (or "awaiting
translation"): the member approves it, or corrects it with the translation it proposes.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from report.atomic import atomic_write_text
from report.errors import ReportError
from report.figures.texts import other_lang
from report.intake.plan_cells import parse_level, parse_status
from report.language.formatting import Formatter
from report.language.texts import load_texts
from report.publish.anchors import member_of
from report.review.draft_map import DraftMap
from report.review.record import (
    DraftRecord,
    FigureRecord,
    MeasureRecord,
    MemberFigure,
    TextRecord,
    json_text,
)

FIGURE, ACTIVITY, PARAGRAPH, MEASURE = "figure", "activity", "paragraph", "measure"
TRANSLATION = "translation"
KINDS = (FIGURE, ACTIVITY, PARAGRAPH, MEASURE, TRANSLATION)
VERSION = 3  # 2: the plan measures a member leads; 3: its texts' translations
VERSIONS = (1, 2, VERSION)  # a round of an older version reads with none of what came after
TEXTS = load_texts("review")


class ItemsError(ReportError):
    """The items of a review round are missing or unreadable: run ``review`` first."""

    exit_code = 2


@dataclass(frozen=True)
class Item:
    id: str  # F-<figure key>, A-<cell of the activity's row>, P-<digest of the paragraph>,
    # M-<code of the plan measure>
    kind: str  # figure | activity | paragraph | measure
    label: str  # what it is: indicator and breakdown, activity title, chapter
    text: str  # as the draft prints it
    file: str  # where it came from (figures, activities)
    sheet: str
    cell: str
    pages: tuple[int, ...]
    value: int | None = None  # figures: the member's figure (None: not received)
    national: int | None = None  # figures: the national figure the draft prints
    used: bool = False  # figures: the national figure is made from the member's
    anchor: str = ""  # activities: their id in the draft
    unit: str = ""  # measures: their indicator's unit (count | percent)
    source: str = ""  # translations: the text as the member wrote it
    lang: str = ""  # translations: the language of the translation
    translation: str = ""  # translations: as the other edition prints it ("" awaited)

    @property
    def where(self) -> str:
        return f"{self.sheet}!{self.cell}" if self.cell else ""


@dataclass(frozen=True)
class MemberItems:
    member: str
    figures: tuple[Item, ...]
    activities: tuple[Item, ...]
    paragraphs: tuple[Item, ...]
    pages: tuple[int, ...]  # every page of the draft that cites the member
    measures: tuple[Item, ...] = ()  # the plan measures it leads, the draft's year
    translations: tuple[Item, ...] = ()  # its texts with their translations

    @property
    def items(self) -> tuple[Item, ...]:
        return self.figures + self.activities + self.paragraphs + self.measures + \
            self.translations

    def item(self, ident: str) -> Item | None:
        return next((i for i in self.items if i.id == ident), None)


def figure_id(key: str) -> str:
    return f"F-{key}"


def measure_id(code: str) -> str:
    return f"M-{code}"


def measure_text(m: MeasureRecord, fmt: Formatter) -> str:
    """A measure as the plan chapter prints it: status, value against target, comment."""
    lang = fmt.lang
    text = TEXTS("measure.text", lang).format(
        status=m.status_words(lang), value=m.value_text,
        target=fmt.level_text(m.target, m.unit), year=fmt.year_text(m.target_year))
    if m.comment:
        text += TEXTS("measure.comment", lang).format(comment=m.comment)
    return text


def _measure_item(m: MeasureRecord, dm: DraftMap, fmt: Formatter) -> Item:
    return Item(measure_id(m.code), MEASURE, f"{m.code} {m.label(fmt.lang)}",
                measure_text(m, fmt), m.file, m.sheet, m.status_cell, dm.measure_pages(m.code),
                unit=m.unit)


def translation_text(t: TextRecord, lang: str) -> str:
    """A text and its translation as a review item shows them, in ``lang``'s words."""
    into = TEXTS(f"translation.into.to_{other_lang(t.lang)}", lang)
    shown = t.translation or f"[{TEXTS('translation.awaiting', lang)}]"
    return TEXTS("translation.text", lang).format(source=t.source, lang=into, translation=shown)


def _translation_item(t: TextRecord, rec: DraftRecord, dm: DraftMap, lang: str) -> Item:
    owner = next((a.title for a in rec.activities if a.id == t.anchor), "") \
        if t.kind == "activity" else t.anchor.removeprefix("measure-")
    label = TEXTS(f"translation.field.{t.field}", lang).format(title=owner)
    pages = dm.measure_pages(owner) if t.kind == "comment" else \
        tuple(p for p in (dm.page(t.anchor),) if p)
    return Item(t.id, TRANSLATION, label, translation_text(t, lang), t.file, t.sheet, t.cell,
                pages, anchor=t.anchor, source=t.source, lang=other_lang(t.lang),
                translation=t.translation)


@dataclass(frozen=True)
class MeasureAsk:
    """A correction asked for a measure: a status, a value of its indicator, or both."""

    status: str | None
    value: float | None


CORRECTION_PARTS = re.compile(r"\s*[;؛\n]\s*")


def measure_correction(raw: object, unit: str) -> MeasureAsk | None:
    """What a corrected cell of a measure's row asks for: a status as the plan sheet's
    drop-down writes it (or its Arabic or French half, or its code), a value of the
    indicator, or both separated by ";" or "؛". None when a part is neither."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        level = parse_level(raw, unit)
        return MeasureAsk(None, level.value) if level.value is not None else None
    status: str | None = None
    value: float | None = None
    for part in CORRECTION_PARTS.split(str(raw or "").strip()):
        if not part:
            continue
        found = parse_status(part)
        if found is not None and status is None:
            status = found
            continue
        level = parse_level(part, unit)
        if found is not None or level.value is None or value is not None:
            return None
        value = level.value
    return MeasureAsk(status, value) if status or value is not None else None


def paragraph_id(text: str) -> str:
    """P- and a digest of the text: the same paragraph keeps its id when the draft is built
    again, and a returned answer can never land on another paragraph."""
    return "P-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:8].upper()


def _figure_pages(m: DraftMap, indicator: str) -> tuple[int, ...]:
    return tuple(sorted({p for a in m.indicators.get(indicator, ()) if (p := m.page(a))}))


def _figure_item(f: FigureRecord, mf: MemberFigure, m: DraftMap, fmt: Formatter,
                 missing: str) -> Item:
    label = f.label(fmt.lang)
    shown = fmt.number_text(mf.value) if mf.value is not None else missing
    return Item(figure_id(f.key), FIGURE, label, f"{label}: {shown}", mf.file, mf.sheet,
                mf.cell, _figure_pages(m, f.indicator), mf.value, f.value,
                mf.member in f.used)


def member_items(rec: DraftRecord, m: DraftMap, member: str, fmt: Formatter,
                 missing: str) -> MemberItems:
    """Everything ``member`` is asked to review in this draft. ``missing``: the words the
    draft prints for a figure not received."""
    figures = tuple(_figure_item(f, mf, m, fmt, missing) for f, mf in rec.member_figures(member))
    own = {a.id for a in rec.member_activities(member)}
    texts = {b.activity: b.text for b in m.blocks if b.activity in own and b.kind == "p"}
    activities = tuple(
        Item(f"A-{a.cell}", ACTIVITY, a.title, _activity_text(m, a.id) or texts.get(a.id, a.title),
             a.file, a.sheet, a.cell, tuple(p for p in (m.page(a.id),) if p), anchor=a.id)
        for a in rec.member_activities(member))
    chapters = {c.id: c.title for c in m.chapters}
    grouped: dict[str, tuple[int, str, list[int]]] = {}
    for b in m.blocks:
        if member not in b.cited() or b.activity in own or b.kind in ("h1", "h2", "h3"):
            continue
        page = m.block_page(b, member)
        first, chapter, pages = grouped.setdefault(b.text, (b.index, chapters.get(b.chapter, ""),
                                                            []))
        if page and page not in pages:
            pages.append(page)
    paragraphs = tuple(Item(paragraph_id(text), PARAGRAPH, chapter, text, "", "", "",
                            tuple(sorted(pages)))
                       for text, (_, chapter, pages) in grouped.items())
    measures = tuple(_measure_item(x, m, fmt) for x in rec.member_measures(member))
    cited = {p for i in (*activities, *paragraphs, *measures) for p in i.pages}
    cited |= {p for c, p in m.pages.items() if member_of(c) == member}
    translations = tuple(_translation_item(t, rec, m, fmt.lang) for t in rec.member_texts(member))
    return MemberItems(member, figures, activities, paragraphs, tuple(sorted(cited)), measures,
                       translations)


def _activity_text(m: DraftMap, anchor: str) -> str:
    """The whole activity as printed: its paragraphs, one after the other."""
    return " — ".join(b.text for b in m.blocks if b.activity == anchor)


# -- the round's items, kept beside the packs (the collect step reads them) ---------------
def items_path(folder: Path) -> Path:
    return folder / "items.json"


@dataclass(frozen=True)
class Round:
    """A review round as its packs and workbooks gave it."""

    draft: int
    build: str  # digest of the draft PDF the round was made from
    members: Mapping[str, MemberItems]


def build_digest(pdf: Path) -> str:
    return hashlib.sha256(pdf.read_bytes()).hexdigest()[:16]


def write_items(folder: Path, draft: int, build: str, items: Sequence[MemberItems]) -> Path:
    path = items_path(folder)
    data = {"version": VERSION, "draft": draft, "build": build,
            "members": [asdict(i) for i in items]}
    atomic_write_text(path, json_text(data))
    return path


def _item(d: Mapping) -> Item:
    return Item(**{**d, "pages": tuple(d["pages"])})


def load_items(folder: Path) -> Round:
    """The round's items, member by member, as its packs and workbooks gave them."""
    path = items_path(folder)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") not in VERSIONS:
            raise ValueError(f"version {data.get('version')!r}, not one of {VERSIONS}")
        members = {d["member"]: MemberItems(d["member"], tuple(_item(i) for i in d["figures"]),
                                            tuple(_item(i) for i in d["activities"]),
                                            tuple(_item(i) for i in d["paragraphs"]),
                                            tuple(d["pages"]),
                                            tuple(_item(i) for i in d.get("measures", ())),
                                            tuple(_item(i) for i in d.get("translations", ())))
                   for d in data["members"]}
        return Round(int(data["draft"]), str(data["build"]), members)
    except OSError as exc:
        raise ItemsError(f"{path}: no review round here; run `review` for this draft first "
                         "/ lancez d'abord `review`") from exc
    except (ValueError, TypeError, KeyError) as exc:
        raise ItemsError(f"{path}: unreadable ({exc}); run `review` again") from exc
