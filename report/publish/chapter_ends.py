"""A laid-out report and its HTML -> the same HTML with a page break placed where a chapter
would otherwise end on a fragment, or None when none does.

A chapter whose last page holds less than a quarter of the text block (a few lines, a
list's last items, an activity or two) takes more of the page before: a break is placed
before one of that page's blocks (a paragraph, a list item, a title, a table, a figure),
where the page before stays at least 72 % full, the last page comes to a quarter or more,
and the lesser of the two is as full as it can be. When no block of the page before will do
(a run of activities: one is not enough, two leave the page before under 72 %), the break
goes on one of the two pages before it, and the blocks after it flow whole through the next
pages (each kept on its page or moved to the next, a title with what follows it, measured
from the page boxes) so that the last page holds a quarter or more, every page before it
72 % or more (an estimate: pdf.render_settled settles the edition once more after laying
it out again). Never after a title or a lead-in (a block whose rules keep it with the next),
never before a page's first block. The chapter keeps its pages, so no page number of the
contents moves.

Read with WeasyPrint's boxes (its page boxes, of the pinned version); the block is named
in the HTML by its tag and rank among the document's elements of that tag, and gets the
class "break-before" (print.css: a page break before it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from weasyprint.document import Document
from weasyprint.formatting_structure import boxes

from report.publish.markup import StartTag, read

FRAGMENT = 0.25  # a chapter's last page filled less than this: a fragment
KEPT = 0.72  # the page before keeps this much of its text block (page_voids: 70 %)
BACK = 3  # pages before the last a break may be placed on (1: the page before)
WHOLE = 0.08  # a block this short (three lines) cannot split: it flows whole
CLASS = "break-before"
LISTS = ("ul", "ol")
CLASS_ATTRIBUTE = re.compile(r"""\s+class\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.I)


@dataclass(frozen=True)
class Place:
    """A chapter's part on one page: the page's text block and the section's box there."""

    top: float  # the text block's top and height, in CSS px
    height: float
    section: boxes.BlockBox

    def fill(self, bottom: float) -> float:
        return (bottom - self.top) / self.height

    @property
    def bottom(self) -> float:
        return max((c.position_y + c.margin_height() for c in self.section.children
                    if c.is_in_normal_flow()), default=self.top)


def settle(doc: Document, html: str) -> str | None:
    """``html`` with a break before a block of each chapter that ends on a fragment (see the
    module docstring); None when no chapter does or no block can be moved."""
    chosen = [b for places in chapters(doc).values() if len(places) > 1
              and places[-1].fill(places[-1].bottom) < FRAGMENT
              and (b := _settled(places)) is not None]
    if not chosen:
        return None
    root = doc.pages[0]._page_box.children[0].element  # WeasyPrint 70's page box, pinned
    ranks = {(b.tag, _rank(root, b)) for b in chosen}
    return _with_breaks(html, ranks)


def _settled(places: list[Place]) -> Element | None:
    """The block a chapter's break should precede: on the page before, else further back."""
    block = _block(places[-2], places[-1])  # not `or`: an Element without children is false
    return block if block is not None else _cascade(places)


def chapters(doc: Document) -> dict[int, list[Place]]:
    """Each chapter (section.chapter, by its element) -> its places, page by page."""
    found: dict[int, list[Place]] = {}
    for page in doc.pages:
        box = page._page_box
        for section in _sections(box):
            found.setdefault(id(section.element), []).append(
                Place(box.content_box_y(), box.height, section))
    return found


def _sections(box: object) -> list[boxes.BlockBox]:
    """The section.chapter boxes under ``box``: html > body > (main >) section."""
    out: list[boxes.BlockBox] = []
    for child in getattr(box, "children", ()):
        element = getattr(child, "element", None)
        if not isinstance(child, boxes.BlockBox) or element is None:
            continue
        if element.tag == "section" and "chapter" in (element.get("class") or "").split():
            out.append(child)
        elif element.tag in ("html", "body", "main"):
            out += _sections(child)
    return out


def _block(before: Place, last: Place) -> Element | None:
    """The block of ``before``'s page a break should precede, or None."""
    fill, bottom = last.fill(last.bottom), before.bottom
    best, score = None, 0.0
    candidates = _candidates(before.section)
    for previous, box in zip(candidates, candidates[1:], strict=False):
        kept = before.fill(box.position_y)
        gets = fill + (bottom - box.position_y) / before.height
        if kept >= KEPT and gets >= FRAGMENT and min(kept, gets) > score \
                and not _keeps_with_next(previous):
            best, score = box.element, min(kept, gets)
    return best


@dataclass(frozen=True)
class Flowing:
    """A block of a chapter as it flows from page to page, in parts of the text block."""

    box: boxes.Box
    advance: float  # from its top to the next block's top (its whole height when last)
    extent: float  # from its top to its border's bottom: what must fit on the page
    keeps: bool  # a title or lead-in: on the page of the block after it
    whole: bool  # never split between pages (break-inside: avoid, or three lines at most)


def _flowing(place: Place) -> list[Flowing]:
    """The blocks of a chapter's page (see _candidates), measured."""
    blocks = _candidates(place.section)
    ends = [b.position_y for b in blocks[1:]] + [None]
    return [Flowing(b, ((end if end is not None else b.position_y + b.margin_height())
                        - b.position_y) / place.height,
                    (b.margin_height() - b.margin_bottom) / place.height, _keeps_with_next(b),
                    b.style["break_inside"] in ("avoid", "avoid-page")
                    or b.margin_height() / place.height <= WHOLE)
            for b, end in zip(blocks, ends, strict=True)]


def flow(blocks: list[Flowing]) -> list[float] | None:
    """The fill of each page the blocks take, set whole from the top of a page, each on
    the page of the block after it when it keeps with it; None when one of them could
    split."""
    pages, at = [0.0], 0
    while at < len(blocks):
        end = at
        while blocks[end].keeps and end + 1 < len(blocks):
            end += 1
        unit = blocks[at:end + 1]
        if not all(b.whole for b in unit):
            return None
        need = sum(b.advance for b in unit[:-1]) + unit[-1].extent
        if pages[-1] > 0 and pages[-1] + need > 1:
            pages.append(0.0)
        pages[-1] += sum(b.advance for b in unit)
        at = end + 1
    return pages


def _cascade(places: list[Place]) -> Element | None:
    """The block of a page before the page before (up to BACK pages before the last) a
    break should precede, or None (see the module docstring)."""
    best, score = None, 0.0
    last = len(places) - 1
    measured = [_flowing(p) for p in places]
    for page in range(last - 2, max(last - BACK, 0) - 1, -1):
        after = [b for blocks in measured[page + 1:] for b in blocks]
        here = measured[page]
        for at in range(1, len(here)):
            kept = places[page].fill(here[at].box.position_y)
            if kept < KEPT or here[at - 1].keeps:
                continue
            fills = flow(here[at:] + after)
            if fills is None or len(fills) != last - page or fills[-1] < FRAGMENT \
                    or min(fills[:-1], default=1.0) < KEPT:
                continue
            if min(kept, *fills) > score:
                best, score = here[at].box.element, min(kept, *fills)
    return best


def _candidates(section: boxes.BlockBox) -> list[boxes.Box]:
    """The section's blocks on a page, in order, the items of its lists in place of them."""
    out: list[boxes.Box] = []
    for child in section.children:
        if not child.is_in_normal_flow() or getattr(child, "element", None) is None:
            continue
        if child.element_tag in LISTS:
            out += [li for li in child.children if getattr(li, "element", None) is not None]
        else:
            out.append(child)
    return out


def _keeps_with_next(box: boxes.Box) -> bool:
    """A title or a lead-in: its rules keep it with the block after it."""
    return box.element_tag in ("h1", "h2", "h3", "caption") or \
        box.style["break_after"] in ("avoid", "avoid-page")


def _rank(root: Element, element: Element) -> int:
    return next(i for i, e in enumerate(e for e in root.iter() if e.tag == element.tag)
                if e is element)


def _with_breaks(html: str, ranks: set[tuple[str, int]]) -> str:
    """``html`` with the class ``CLASS`` on the elements named by (tag, rank)."""
    seen: dict[str, int] = {}
    out: list[str] = []
    for piece in read(html):
        source = piece.source
        if isinstance(piece, StartTag):
            tag = piece.element.name
            seen[tag] = seen.get(tag, -1) + 1
            if (tag, seen[tag]) in ranks:
                source = _classed(piece)
        out.append(source)
    return "".join(out)


def _classed(tag: StartTag) -> str:
    """The start tag with ``CLASS`` added to its classes."""
    classes = " ".join((*tag.element.classes, CLASS))
    attrs = CLASS_ATTRIBUTE.sub("", tag.element.written, count=1)
    return f'<{tag.element.name} class="{classes}"{attrs}>'
