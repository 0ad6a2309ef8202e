"""TemplateContext -> the complete report HTML, table of contents included.

The body is rendered once through the Jinja templates of the report's language
(autoescape on: member text is untrusted; undefined names fail the build); every h1/h2
gets an id and, in a numbered chapter (section.chapter not "unnumbered"), its number (1,
1.1): the body, the table of contents (built from those headings, so it always lists exactly
what the report contains, and put in place of the body's nav.contents) and the bookmarks all
show the same numbers. Then, once, in the body's text: number ranges are isolated left to
right, and a number is kept on its line with its noun, unit or month and with the
punctuation around it (publish/html.py). The headings, like every pass, are read with
publish/markup.py.
In a draft every citation of a member carries an anchor (report/publish/anchors.py): the review
round reads from the draft PDF the pages where each member is cited.
A French report then gets its typography (formatting.french_spacing) on every text
of its body outside the Arabic runs it quotes (texts whose nearest lang is "ar").
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from jinja2 import Environment

from report.language.formatting import ARABIC_INDIC
from report.publish.anchors import mark_citations, number_figure_anchors
from report.publish.context import TemplateContext, TocEntry
from report.publish.html import french_typography, isolate_ranges, keep_together
from report.publish.markup import Element, EndTag, StartTag, Text, element_at, read
from report.settings.languages import language

HEADINGS = {"h1": 1, "h2": 2}  # the levels of the contents
UNLISTED = frozenset({"cover-title", "contents-title"})  # headings not in the contents


@dataclass
class _Numbers:
    """The chapters and sections numbered so far."""

    digits: str
    chapter: int = 0
    section: int = 0

    def next(self, level: int) -> str:
        """The next heading's number: "3" (h1), "3.2" (h2)."""
        if level == 1:
            self.chapter, self.section = self.chapter + 1, 0
            number = str(self.chapter)
        else:
            self.section += 1
            number = f"{self.chapter}.{self.section}"
        return number.translate(ARABIC_INDIC) if self.digits == "arab" else number


def _listed(element: Element) -> bool:
    return element.name in HEADINGS and not UNLISTED.intersection(element.classes)


def _numbered(around: tuple[Element, ...]) -> bool:
    """Whether a heading is numbered: its chapter (section.chapter) is not "unnumbered"."""
    chapter = next((e for e in reversed(around)
                    if e.name == "section" and "chapter" in e.classes), None)
    return chapter is not None and "unnumbered" not in chapter.classes


def _number_headings(html: str, digits: str) -> tuple[str, tuple[TocEntry, ...]]:
    """Ids and numbers for the h1/h2 headings; the contents' entries."""
    out: list[str] = []
    toc: list[TocEntry] = []
    numbers = _Numbers(digits)
    heading: tuple[Element, TocEntry] | None = None  # the heading open, its entry untitled
    title: list[str] = []
    for piece in read(html):
        out.append(piece.source)
        if isinstance(piece, StartTag) and _listed(piece.element):
            level = HEADINGS[piece.element.name]
            entry = TocEntry(level, piece.element.attrs.get("id") or f"h-{len(toc) + 1}", "",
                             numbers.next(level) if _numbered(piece.around) else "")
            out[-1] = _numbered_start(piece, entry)
            heading, title = (piece.element, entry), []
        elif heading and isinstance(piece, Text):
            title.append(piece.text)
        elif heading and isinstance(piece, EndTag) and heading[0] in piece.closes:
            toc.append(dataclasses.replace(heading[1], title="".join(title).strip()))
            heading = None
    return "".join(out), tuple(toc)


def _numbered_start(piece: StartTag, entry: TocEntry) -> str:
    """A heading's start tag with its id (when it had none), then its number."""
    tag = piece.source if piece.element.attrs.get("id") else f'{piece.source[:-1]} id="{entry.id}">'
    # the space after the number is text: the bookmarks (the heading's text) read
    # "3 La prévention", not "3La prévention"
    return tag + (f'<span class="secno">{entry.number}</span> ' if entry.number else "")


def _with_contents(html: str, nav: str) -> str:
    """The report with ``nav`` in place of its nav.contents."""
    found = element_at(html, lambda e: e.name == "nav" and "contents" in e.classes)
    return html[:found[0]] + nav + html[found[1]:] if found else html


def render_report(env: Environment, ctx: TemplateContext) -> str:
    """The report's HTML: body, then the contents built from its headings."""
    body = env.get_template("report.html.j2").render(ctx.variables())
    spoken = language(ctx.lang)
    digits = ctx.edition.digits if ctx.edition.digits in spoken.digits else spoken.digits[0]
    html, toc = _number_headings(body, digits)
    ctx = dataclasses.replace(ctx, toc=toc)
    nav = env.get_template("chapters/00_contents.html.j2").render(ctx.variables())
    html = isolate_ranges(_with_contents(html, nav))
    words = env.globals.get("words_before_number", ())
    html = keep_together(html, words if isinstance(words, tuple) else ())
    if ctx.draft:
        html = mark_citations(html, {m.code: m.name(ctx.lang) for m in ctx.members},
                              {m.code: m.acronym for m in ctx.members})
        html = number_figure_anchors(html)
    return french_typography(html) if spoken.typography == "french" else html
