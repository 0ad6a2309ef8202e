"""Report HTML -> the same HTML with its display text set in balanced lines, as a typesetter
sets titles: the covers' and the back cover's lines, the chapter, section and subsection
titles.
WeasyPrint 70 has no ``text-wrap: balance``, so the lines are measured with WeasyPrint
itself.

A probe (the report with only its display blocks, each repeated at narrower widths) is laid
out once. For a block set on two lines or more at its full width, the narrowest width that
keeps that many lines, with two words or more on the last, gives its balanced lines; every
space of the block's text but the breaks of those lines becomes a no-break space, so that
at full width its lines break where the balanced ones do. When no width leaves two words
on the last line, its last two words are joined: a title or a cover note never ends with a
lone word. A block whose lines break elsewhere than at spaces is left as it is.

Only text changes (spaces), never a tag: the contents, built before, keep their spaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from weasyprint.document import Document
from weasyprint.formatting_structure import boxes

from report.publish.markup import Element, EndTag, StartTag, Text, Token, read
from report.publish.pdf import lay_out

WIDTHS = (100, 93, 86, 79, 72, 65, 58)  # % of its own width each probe copy is set in
DISPLAY_IN = ("cover", "back-cover")  # the paragraphs of these blocks are display text
SPACES = re.compile(r"[ \t\n\r\f]+")  # the spaces a line may break at (not U+00A0, U+202F)
NBSP = "\u00a0"
# the covers measured as they are set (the print interior hides them: its cover sheet shows
# them), their height free, no page breaks between the blocks
PROBE_CSS = ("<style>.cover, .back-cover { display: block !important; height: auto !important; "
             "break-before: auto !important; break-after: auto !important; } "
             "section.chapter { break-before: auto !important; }</style>")


def is_display(element: Element, around: tuple[Element, ...]) -> bool:
    """A chapter, section or subsection title, or a paragraph of the covers."""
    return element.name in ("h1", "h2", "h3") or element.name == "p" and any(
        c in DISPLAY_IN for e in around for c in e.classes)


@dataclass(frozen=True)
class Block:
    """A display block of the report: its pieces from start tag to end tag."""

    first: int  # index of its start tag among the document's pieces
    last: int  # index of its end tag

    def texts(self, pieces: list[Token]) -> Iterator[int]:
        return (i for i in range(self.first + 1, self.last) if isinstance(pieces[i], Text))


def blocks(pieces: list[Token]) -> list[Block]:
    """The display blocks of the body, outermost only."""
    found: list[Block] = []
    open_at: tuple[Element, int] | None = None
    for i, piece in enumerate(pieces):
        if open_at is None and isinstance(piece, StartTag) and piece.opens \
                and not piece.in_head and is_display(piece.element, piece.around):
            open_at = (piece.element, i)
        elif open_at is not None and isinstance(piece, EndTag) and open_at[0] in piece.closes:
            found.append(Block(open_at[1], i))
            open_at = None
    return found


def balance(html: str, base: Path, roots: Sequence[Path]) -> str:
    """``html`` with its display text balanced (see the module docstring)."""
    pieces = list(read(html))
    found = blocks(pieces)
    if not found:
        return html
    lines = probe_lines(lay_out(probe(pieces, found), base, roots))
    sources = [p.source for p in pieces]
    for n, block in enumerate(found):
        words = _words(pieces, block)
        breaks = chosen_breaks({w: lines.get((n, w), []) for w in WIDTHS}, len(words))
        if breaks is not None:
            _join(pieces, sources, block, breaks)
    return "".join(sources)


def probe(pieces: list[Token], found: list[Block]) -> str:
    """The report with only its display blocks and the elements around them, each block
    followed by its copies at the probe widths."""
    inside = {i for b in found for i in range(b.first, b.last + 1)}
    starts = {b.first: n for n, b in enumerate(found)}
    keep = {id(e) for b in found for e in pieces[b.first].around}
    out: list[str] = []
    for i, piece in enumerate(pieces):
        if i in starts:
            block = found[starts[i]]
            body = "".join(p.source for p in pieces[block.first + 1:block.last + 1])
            assert isinstance(piece, StartTag)
            out += [_probe_tag(piece, starts[i], w) + body for w in WIDTHS]
        elif i in inside:
            continue
        elif piece.in_head or _kept(piece, keep):
            out.append(PROBE_CSS + piece.source if _head_end(piece) else piece.source)
    return "".join(out)


def _kept(piece: Token, keep: set[int]) -> bool:
    """A tag of an element that holds a display block (body and html included)."""
    if isinstance(piece, StartTag):
        return id(piece.element) in keep or piece.element.name in ("html", "body")
    if isinstance(piece, EndTag):
        return any(id(e) in keep or e.name in ("html", "body") for e in piece.closes[:1])
    return not isinstance(piece, Text) and not piece.around  # the doctype


def _head_end(piece: Token) -> bool:
    return isinstance(piece, EndTag) and piece.name == "head"


def _probe_tag(piece: StartTag, n: int, width: int) -> str:
    """A block's start tag for its copy at ``width`` %: marked, without its id."""
    attrs = re.sub(r'\sid="[^"]*"', "", piece.element.written)
    return f'<{piece.element.name} data-probe="{n}:{width}" style="width: {width}%"{attrs}>'


def probe_lines(doc: Document) -> dict[tuple[int, int], list[int]]:
    """(block, width) -> the number of words on each of its lines in the laid-out probe."""
    found: dict[tuple[int, int], list[int]] = {}
    for page in doc.pages:
        for box in _walk(page._page_box):  # WeasyPrint 70's page box, pinned
            key = _key(box)
            if key is not None:
                texts = [_text(line).strip(" \t\n\r\f") for line in getattr(box, "children", ())
                         if isinstance(line, boxes.LineBox)]
                found.setdefault(key, []).extend(len(SPACES.split(t)) for t in texts if t)
    return found


def _key(box: object) -> tuple[int, int] | None:
    element = getattr(box, "element", None)
    mark = element.get("data-probe") if element is not None and isinstance(
        box, boxes.BlockBox) else None
    if not mark:
        return None
    n, width = mark.split(":")
    return int(n), int(width)


def _walk(box: object) -> Iterator[object]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _walk(child)


def _text(box: object) -> str:
    if isinstance(box, boxes.TextBox):
        return box.text
    return "".join(_text(c) for c in getattr(box, "children", ()))


def chosen_breaks(lines: dict[int, list[int]], words: int) -> set[int] | None:
    """The spaces (numbered from 0, between words) that break the block's lines, from the
    words per line at each width; None when nothing is to change (one line, or lines that
    do not break at spaces)."""
    full = lines.get(100, [])
    if len(full) < 2 or any(sum(n) != words for n in lines.values() if n):
        return None
    fitting = [w for w in WIDTHS if len(lines.get(w, [])) == len(full) and lines[w][-1] >= 2]
    if fitting:
        return _ends(lines[min(fitting)])
    return set(range(words - 2))  # every space a line may break at, but the last: joined


def _ends(per_line: list[int]) -> set[int]:
    """The spaces that end each line but the last."""
    ends, total = set(), 0
    for n in per_line[:-1]:
        total += n
        ends.add(total - 1)
    return ends


def _words(pieces: list[Token], block: Block) -> list[str]:
    text = "".join(pieces[i].source for i in block.texts(pieces))
    return SPACES.split(text.strip(" \t\n\r\f"))


def _join(pieces: list[Token], sources: list[str], block: Block, breaks: set[int]) -> None:
    """Every run of spaces between two words of the block that is not in ``breaks`` becomes
    one no-break space."""
    owners = [(i, k) for i in block.texts(pieces) for k in range(len(sources[i]))]
    text = "".join(sources[i][k] for i, k in owners)
    between = [m for m in SPACES.finditer(text) if m.start() > 0 and m.end() < len(text)]
    edits: dict[int, dict[int, str]] = {}
    for n, run in enumerate(between):
        if n in breaks:
            continue
        for pos in range(run.start(), run.end()):
            i, k = owners[pos]
            edits.setdefault(i, {})[k] = NBSP if pos == run.start() else ""
    for i, changes in edits.items():
        sources[i] = "".join(changes.get(k, c) for k, c in enumerate(sources[i]))
