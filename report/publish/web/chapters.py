"""The report's rendered HTML (publish/render.py, every pass done) -> its chapters: each
section.chapter as written, with its title, its number and its sections (h2), and the ids
it holds (a link to one of them from another page names its page).

The cover, the contents and the back cover are the book's: the site has its own home page
and menu. Read with publish/markup.py, the one reader of the report's HTML.
"""

from __future__ import annotations

from dataclasses import dataclass

from report.publish.markup import EndTag, StartTag, Text, Token, read


@dataclass(frozen=True)
class Heading:
    id: str
    title: str  # its text, the number apart
    number: str  # "3", "3.2"; "" outside the numbering


@dataclass(frozen=True)
class Chapter:
    id: str  # templates/chapters.toml's id: the page is <id>.html
    heading: Heading  # its h1
    sections: tuple[Heading, ...]  # its h2, in order
    html: str  # the section element as rendered
    ids: frozenset[str]  # every id inside it

    @property
    def file(self) -> str:
        return f"{self.id}.html"


def _is_chapter(piece: Token) -> bool:
    return isinstance(piece, StartTag) and piece.element.name == "section" \
        and "chapter" in piece.element.classes


def split(html: str) -> tuple[Chapter, ...]:
    """Every section.chapter of ``html``, in order."""
    pieces = list(read(html))
    chapters = []
    for i, piece in enumerate(pieces):
        if _is_chapter(piece):
            assert isinstance(piece, StartTag)
            end = next(j for j in range(i + 1, len(pieces))
                       if isinstance(p := pieces[j], EndTag)
                       and any(e is piece.element for e in p.closes))
            chapters.append(_chapter(piece, pieces[i:end + 1]))
    return tuple(chapters)


def _chapter(start: StartTag, pieces: list[Token]) -> Chapter:
    headings = _headings(pieces)
    ids = frozenset(p.element.attrs["id"] for p in pieces
                    if isinstance(p, StartTag) and "id" in p.element.attrs)
    h1 = next((h for level, h in headings if level == "h1"), Heading("", "", ""))
    return Chapter(start.element.attrs.get("id", ""), h1,
                   tuple(h for level, h in headings if level == "h2"),
                   "".join(p.source for p in pieces), ids)


def _headings(pieces: list[Token]) -> list[tuple[str, Heading]]:
    """The h1 and h2 headings: (level, heading), the number read from its span.secno."""
    found: list[tuple[str, Heading]] = []
    open_: StartTag | None = None
    number: list[str] = []
    title: list[str] = []
    for p in pieces:
        if isinstance(p, StartTag) and p.element.name in ("h1", "h2") and open_ is None:
            open_, number, title = p, [], []
        elif open_ is not None and isinstance(p, Text):
            in_number = any("secno" in e.classes for e in p.around)
            (number if in_number else title).append(p.text)
        elif open_ is not None and isinstance(p, EndTag) \
                and any(e is open_.element for e in p.closes):
            found.append((open_.element.name, Heading(open_.element.attrs.get("id", ""),
                                                      " ".join("".join(title).split()),
                                                      "".join(number).strip())))
            open_ = None
    return found
