"""Report HTML -> its pieces exactly as written (tags, texts, comments), each with the
elements open around it: the one reader of the HTML this tool generates.

Every pass over the report's HTML reads it through here (publish/html.py: number ranges,
numbers kept with their words, French spacing, the words of the body; publish/render.py:
the headings' numbers and ids, the contents; publish/anchors.py: the citations of members),
and so does the draft map (review/draft_map.py): one tokenizer, one list of void elements,
one stack of open elements, one notion of "a text and the elements around it".

A tokenizer, not a tree. The passes write the document back and must change nothing but the
text they mean to change: the HTML and every PDF stay byte for byte what they were. lxml
(pinned) gives no source position of a text and writes every tag anew (quotes, entities,
void tags), so a tree would change bytes it never meant to touch. Here each piece keeps its
source and its offset; a pass gives new source for the texts it changes, every other piece is
copied as it was, and the draft map cuts an activity's HTML out of the document by offsets.
The templates cannot write the headings' numbers and ids themselves: chapters are separate
templates, numbered across the book, and the contents is built from the headings rendered.

The reading is HTML's where the tool's documents need it:
- a start tag of a void element (VOID) or one closed by "/>" opens nothing;
- an end tag closes the nearest open element of its name and every element opened inside
  it; one with no open element of its name is ignored;
- the content of script and style is raw (never a text); a comment, a doctype or a
  processing instruction is one piece, never read;
- a text runs to the next tag; its source keeps its character references, its text reads
  them; a "<" that opens no tag is text.
The head is every piece inside head (or title): the passes leave it alone.
"""

from __future__ import annotations

import functools
import html as htmllib
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Literal, TypeGuard

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr"})
RAW = frozenset({"script", "style"})  # content read as one raw piece, up to its end tag
HEAD = frozenset({"head", "title"})

PIECE = re.compile(
    r"(?P<comment><!--.*?-->)"
    r"|(?P<declaration><[!?][^>]*>)"
    r"|</(?P<end>[a-zA-Z][^\s/>]*)[^>]*>"
    r"|<(?P<start>[a-zA-Z][^\s/>]*)(?P<attrs>(?:\"[^\"]*\"|'[^']*'|[^'\">])*)>"
    r"|(?P<text>(?:[^<]|<(?![a-zA-Z!?]|/[a-zA-Z]))+|<)",
    re.S)
ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")


@dataclass(frozen=True, eq=False)
class Element:
    """An element: its name (lower case) and its attributes as written. Each is itself only
    (equal to no other), so that an end tag's ``closes`` names the very element."""

    name: str
    written: str  # the start tag's attributes as written

    @functools.cached_property
    def attrs(self) -> Mapping[str, str]:
        """Names in lower case, values with their references read; of an attribute written
        twice, the first counts (as in HTML)."""
        found: dict[str, str] = {}
        for m in ATTRIBUTE.finditer(self.written):
            value = next((v for v in m.group(2, 3, 4) if v is not None), "")
            found.setdefault(m.group(1).lower(), htmllib.unescape(value))
        return found

    @property
    def classes(self) -> tuple[str, ...]:
        return tuple(self.attrs.get("class", "").split())


@dataclass(frozen=True)
class Piece:
    """A piece of the document as written, at ``start``, inside the elements ``around``
    (outermost first; for a start tag, its parents)."""

    source: str
    start: int
    around: tuple[Element, ...]

    @property
    def end(self) -> int:
        return self.start + len(self.source)

    @property
    def in_head(self) -> bool:
        return any(e.name in HEAD for e in self.around)

    @property
    def lang(self) -> str:
        """The language it is written in: the nearest lang attribute around it ("" if none)."""
        return next((e.attrs["lang"] for e in reversed(self.around) if "lang" in e.attrs), "")


@dataclass(frozen=True)
class StartTag(Piece):
    element: Element
    opens: bool  # False for a void element or one closed by "/>": nothing to close later


@dataclass(frozen=True)
class EndTag(Piece):
    name: str
    closes: tuple[Element, ...]  # innermost first; () when nothing of its name is open


@dataclass(frozen=True)
class Text(Piece):
    @property
    def text(self) -> str:
        """What a reader sees: the source with its character references read."""
        return htmllib.unescape(self.source)

    @property
    def parent(self) -> Element | None:
        return self.around[-1] if self.around else None


@dataclass(frozen=True)
class Other(Piece):
    """A comment, doctype, processing instruction or raw content (script, style)."""

    kind: Literal["comment", "declaration", "raw"]


Token = StartTag | EndTag | Text | Other


def read(html: str) -> Iterator[Token]:
    """Every piece of ``html`` in order; their sources joined are ``html``."""
    around: tuple[Element, ...] = ()  # the open elements, outermost first
    pos = 0
    while pos < len(html):
        piece = _piece(html, pos, around)
        yield piece
        pos = piece.end
        if isinstance(piece, StartTag) and piece.opens:
            around = (*around, piece.element)
            if piece.element.name in RAW and (raw := _raw(html, pos, around)):
                yield raw
                pos = raw.end
        elif isinstance(piece, EndTag) and piece.closes:
            around = around[:len(around) - len(piece.closes)]


def _piece(html: str, pos: int, around: tuple[Element, ...]) -> Token:
    """The piece of ``html`` that starts at ``pos``."""
    m = PIECE.match(html, pos)
    assert m is not None  # the text alternative takes any character, "<" included
    if m.group("start"):
        attrs = m.group("attrs")
        element = Element(m.group("start").lower(), attrs)
        opens = element.name not in VOID and not attrs.rstrip().endswith("/")
        return StartTag(m.group(0), pos, around, element, opens)
    if m.group("end"):
        name = m.group("end").lower()
        return EndTag(m.group(0), pos, around, name, _closed(around, name))
    if m.group("text"):
        return Text(m.group(0), pos, around)
    return Other(m.group(0), pos, around, "comment" if m.group("comment") else "declaration")


def _closed(around: tuple[Element, ...], name: str) -> tuple[Element, ...]:
    """What an end tag ``name`` closes: the nearest open ``name`` and all inside it."""
    for i in range(len(around) - 1, -1, -1):
        if around[i].name == name:
            return tuple(reversed(around[i:]))
    return ()


def _raw(html: str, pos: int, around: tuple[Element, ...]) -> Other | None:
    """The raw content of the script or style opened just before ``pos``, to its end tag."""
    m = re.compile(rf"</{around[-1].name}[\s/>]", re.I).search(html, pos)
    end = m.start() if m else len(html)
    return Other(html[pos:end], pos, around, "raw") if end > pos else None


def is_body_text(piece: Token) -> TypeGuard[Text]:
    """Whether ``piece`` is a text the passes may change: a text outside the head."""
    return isinstance(piece, Text) and not piece.in_head


def rewrite_text(html: str, change: Callable[[Text], str]) -> str:
    """``html`` with the source of every text outside the head replaced by ``change(text)``;
    every other piece (tags, comments, raw content, the head) copied as written."""
    return "".join(change(p) if is_body_text(p) else p.source for p in read(html))


def element_at(html: str, match: Callable[[Element], bool]) -> tuple[int, int] | None:
    """Where the first element ``match`` accepts starts and ends (its end tag's end; the end
    of the document when it is never closed); None when there is none."""
    opened: StartTag | None = None
    for p in read(html):
        if opened is None and isinstance(p, StartTag) and match(p.element):
            if not p.opens:
                return p.start, p.end
            opened = p
        elif opened is not None and isinstance(p, EndTag) \
                and any(e is opened.element for e in p.closes):
            return opened.start, p.end
    return (opened.start, len(html)) if opened is not None else None
