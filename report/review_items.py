"""A draft (its record and its map) + a member -> MemberItems: what that member reviews.

One item per figure of the member (its value, the national figure the draft prints, the
sheet and cell it came from), per activity of the member (the text as the draft printed
it), and per paragraph of the draft that cites the member (the same text cited in several
places, such as a source line under tables, is one item with all its pages). Each item has
an id that the review workbook, the returned answers and the review log carry, the same
when the draft is built again (a figure's key, an activity's row, a digest of the
paragraph's text); each page comes from the draft PDF (report/draft_map.py).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from report.atomic import atomic_write_text
from report.citations import member_of
from report.draft_map import DraftMap
from report.draft_record import DraftRecord, FigureRecord, MemberFigure, json_text
from report.errors import ReportError
from report.formatting import Formatter

FIGURE, ACTIVITY, PARAGRAPH = "figure", "activity", "paragraph"
KINDS = (FIGURE, ACTIVITY, PARAGRAPH)
VERSION = 1


class ItemsError(ReportError):
    """The items of a review round are missing or unreadable: run ``review`` first."""

    exit_code = 2


@dataclass(frozen=True)
class Item:
    id: str  # F-<figure key>, A-<cell of the activity's row>, P-<digest of the paragraph>
    kind: str  # figure | activity | paragraph
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

    @property
    def items(self) -> tuple[Item, ...]:
        return self.figures + self.activities + self.paragraphs

    def item(self, ident: str) -> Item | None:
        return next((i for i in self.items if i.id == ident), None)


def figure_id(key: str) -> str:
    return f"F-{key}"


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
    cited = {p for i in (*activities, *paragraphs) for p in i.pages}
    cited |= {p for c, p in m.pages.items() if member_of(c) == member}
    return MemberItems(member, figures, activities, paragraphs, tuple(sorted(cited)))


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
        if data.get("version") != VERSION:
            raise ValueError("another version")
        members = {d["member"]: MemberItems(d["member"], tuple(_item(i) for i in d["figures"]),
                                            tuple(_item(i) for i in d["activities"]),
                                            tuple(_item(i) for i in d["paragraphs"]),
                                            tuple(d["pages"]))
                   for d in data["members"]}
        return Round(int(data["draft"]), str(data["build"]), members)
    except OSError as exc:
        raise ItemsError(f"{path}: no review round here; run `review` for this draft first "
                         "/ lancez d'abord `review`") from exc
    except (ValueError, TypeError, KeyError) as exc:
        raise ItemsError(f"{path}: unreadable ({exc}); run `review` again") from exc
