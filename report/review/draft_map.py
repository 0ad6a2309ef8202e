"""A built draft (its HTML and its PDF) -> DraftMap: its chapters, headings and paragraphs as
printed, the citations and activities they hold, and the page of every anchor.

The HTML is the exact document WeasyPrint laid out (out/<year>/report-<year>-draft<N>.html),
read with the report's own reader, publish/markup.py (a plan measure's row and notes are found
by their data-measure); the pages come from the PDF itself: WeasyPrint
writes every element id as a named destination, and each destination points at its page.
The review packs, the review workbooks and the change report read drafts only through here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from report.errors import ReportError
from report.publish import markup
from report.publish.anchors import member_of

BLOCKS = frozenset({"p", "li", "caption", "figcaption", "tr", "h1", "h2", "h3", "h4", "dt",
                    "dd", "blockquote"})
HEADINGS = frozenset({"h1", "h2", "h3"})
CELLS = frozenset({"td", "th"})
ACTIVITY_PREFIX = "act-"
CELL_SEPARATOR = " | "
SPACES = re.compile(r"\s+")


class DraftMapError(ReportError):
    """A draft's HTML or PDF cannot be read (missing, damaged)."""


@dataclass(frozen=True)
class Block:
    """A paragraph (or list item, caption, table row, footnote, heading) as printed."""

    index: int  # document order, from 1
    kind: str  # p, li, caption, figcaption, tr, footnote, h1..h4
    chapter: str  # id of the enclosing section.chapter; "" outside the chapters
    text: str  # whitespace collapsed; a heading's without its section number
    anchor: str  # the nearest id at its start (its own or an ancestor's): its page
    cites: tuple[str, ...] = ()  # ids of the citations of members inside it
    activity: str = ""  # id of the activity it belongs to
    heading: str = ""  # id of the last heading (with an id) before it

    def cited(self) -> tuple[str, ...]:
        """Member codes cited in this block, in order, once each."""
        return tuple(dict.fromkeys(c for c in (member_of(x) for x in self.cites) if c))


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    title: str  # without its section number
    chapter: str
    number: str = ""  # "3", "3.2": the section number printed before the title

    @property
    def shown(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title


@dataclass(frozen=True)
class Chapter:
    id: str
    title: str


@dataclass(frozen=True)
class DraftMap:
    chapters: tuple[Chapter, ...]
    headings: tuple[Heading, ...]
    blocks: tuple[Block, ...]
    fragments: Mapping[str, str]  # activity id -> its HTML as the draft printed it
    indicators: Mapping[str, tuple[str, ...]]  # indicator code -> ids of what shows it
    pages: Mapping[str, int] = field(default_factory=dict)  # id -> page (from 1)
    page_count: int = 0
    measures: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # plan measure code
    # -> ids of its row in the plan chapter's tables and of its notes (data-measure)

    def measure_pages(self, code: str) -> tuple[int, ...]:
        """The pages where a measure of the plan appears (its row, its notes)."""
        return tuple(sorted({p for a in self.measures.get(code, ()) if (p := self.page(a))}))

    def page(self, anchor: str) -> int | None:
        return self.pages.get(anchor)

    def block_page(self, block: Block, member: str | None = None) -> int | None:
        """The page of a block: where it cites ``member`` (or its first citation), else
        where its nearest anchor is."""
        for cite in block.cites:
            if member is None or member_of(cite) == member:
                page = self.pages.get(cite)
                if page:
                    return page
        return self.pages.get(block.anchor)


@dataclass
class _Open:
    tag: str
    id: str
    block: dict | None  # the block being collected, when this element is one
    start: int  # offset of the start tag in the HTML
    number: bool = False  # a heading's section number ("1.2"), kept apart from its text


class _Reader:
    """The draft's pieces (publish/markup.py), one at a time, into its map's parts."""

    def __init__(self, html: str) -> None:
        self.html = html
        self.stack: list[_Open] = []  # beside the reader's open elements, one for one
        self.blocks: list[dict] = []
        self.chapters: list[Chapter] = []
        self.headings: list[Heading] = []
        self.fragments: dict[str, str] = {}
        self.indicators: dict[str, list[str]] = {}
        self.measures: dict[str, list[str]] = {}
        self.chapter = ""
        self.chapter_depth = -1
        self.heading = ""

    def read(self) -> None:
        for piece in markup.read(self.html):
            if isinstance(piece, markup.StartTag):
                self._start(piece)
            elif isinstance(piece, markup.EndTag):
                for _ in piece.closes:
                    self._close(self.stack.pop(), piece.end)
            elif isinstance(piece, markup.Text):
                self._text(piece.text)
        while self.stack:
            self._close(self.stack.pop(), len(self.html))

    def _anchor(self) -> str:
        return next((o.id for o in reversed(self.stack) if o.id), "")

    def _block(self) -> dict | None:
        return next((o.block for o in reversed(self.stack) if o.block is not None), None)

    def _activity(self) -> str:
        return next((o.id for o in reversed(self.stack) if o.id.startswith(ACTIVITY_PREFIX)), "")

    def _start(self, piece: markup.StartTag) -> None:
        tag, a = piece.element.name, piece.element.attrs
        ident, classes = a.get("id", ""), piece.element.classes
        if not piece.opens:
            if tag == "br":
                self._text(" ")
            return
        if tag == "section" and "chapter" in classes:
            self.chapter, self.chapter_depth = ident, len(self.stack)
        parent = self._block()
        if tag in CELLS and parent is not None and "".join(parent["text"]).strip():
            parent["text"].append(CELL_SEPARATOR)
        if ident and member_of(ident) and parent is not None:
            parent["cites"].append(ident)
        block = None
        if tag in BLOCKS or (tag == "span" and "footnote" in classes):
            block = {"index": len(self.blocks) + 1, "kind": "footnote" if tag == "span" else tag,
                     "chapter": self.chapter, "text": [], "anchor": ident or self._anchor(),
                     "cites": [ident] if member_of(ident) else [],
                     "activity": ident if ident.startswith(ACTIVITY_PREFIX) else self._activity(),
                     "heading_id": ident, "heading": self.heading, "number": []}
            if tag in HEADINGS and ident:
                self.heading = ident
            self.blocks.append(block)
        self.stack.append(_Open(tag, ident, block, piece.start, "secno" in classes))
        for code in a.get("data-ind", "").split():
            self.indicators.setdefault(code, []).append(ident or self._anchor())
        if a.get("data-measure"):
            self.measures.setdefault(a["data-measure"], []).append(ident or self._anchor())

    def _close(self, top: _Open, end: int) -> None:
        """``top`` is closed by the end tag that ends at ``end``."""
        if top.id.startswith(ACTIVITY_PREFIX):
            self.fragments[top.id] = self.html[top.start:end]
        if top.block is not None:
            text = SPACES.sub(" ", "".join(top.block["text"])).strip()
            top.block["text"] = text
            if top.tag in HEADINGS and text:
                level = int(top.tag[1])
                number = "".join(top.block["number"]).strip()
                self.headings.append(Heading(level, top.block["heading_id"], text, self.chapter,
                                             number))
                if level == 1 and self.chapter and not any(c.id == self.chapter
                                                           for c in self.chapters):
                    self.chapters.append(Chapter(self.chapter, self.headings[-1].shown))
        if len(self.stack) == self.chapter_depth:
            self.chapter, self.chapter_depth = "", -1

    def _text(self, data: str) -> None:
        block = self._block()
        if block is not None:
            numbered = any(o.number for o in self.stack)
            block["number" if numbered else "text"].append(data)


def read_html(html: str) -> DraftMap:
    """The draft's structure and text, without pages."""
    reader = _Reader(html)
    reader.read()
    blocks = tuple(Block(b["index"], b["kind"], b["chapter"], b["text"], b["anchor"],
                         tuple(b["cites"]), b["activity"], b["heading"])
                   for b in reader.blocks if isinstance(b["text"], str) and b["text"])
    return DraftMap(tuple(reader.chapters), tuple(reader.headings), blocks,
                    dict(reader.fragments),
                    {k: tuple(dict.fromkeys(v)) for k, v in reader.indicators.items()},
                    measures={k: tuple(dict.fromkeys(v)) for k, v in reader.measures.items()})


def anchor_pages(pdf: Path) -> tuple[dict[str, int], int]:
    """The page (from 1) of every named destination of ``pdf``, and its page count."""
    import pikepdf

    try:
        with pikepdf.open(pdf) as doc:
            index: dict[object, int] = {page.objgen: i
                                        for i, page in enumerate(doc.pages, start=1)}
            names = doc.Root.get("/Names")
            dests = names.get("/Dests") if names is not None else None
            pages: dict[str, int] = {}
            if dests is not None:
                for name, dest in pikepdf.NameTree(dests).items():
                    target = dest.get("/D") if isinstance(dest, pikepdf.Dictionary) else dest
                    if isinstance(target, pikepdf.Array) and len(target):
                        page = index.get(target[0].objgen)
                        if page:
                            pages[str(name)] = page
            return pages, len(doc.pages)
    except (OSError, pikepdf.PdfError) as exc:
        raise DraftMapError(f"{pdf}: cannot read the draft PDF ({exc})") from exc


def read_draft(html_path: Path, pdf_path: Path) -> DraftMap:
    """A built draft's map: its HTML's structure and text, with the PDF's pages."""
    try:
        html = html_path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DraftMapError(f"{html_path}: cannot read the draft's HTML ({exc})") from exc
    pages, count = anchor_pages(pdf_path)
    found = read_html(html)
    return DraftMap(found.chapters, found.headings, found.blocks, found.fragments,
                    found.indicators, pages, count, found.measures)
