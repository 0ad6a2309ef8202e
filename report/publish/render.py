"""TemplateContext -> the complete report HTML, table of contents included.

The body is rendered once through the Jinja templates of the report's language
(autoescape on: member text is untrusted; undefined names fail the build); every h1/h2
gets an id and, in a numbered chapter, its number (1, 1.1): the body, the table of contents
(built from those headings, so it always lists exactly what the report contains) and the
bookmarks all show the same numbers. Then, once, in the body's text: number ranges are
isolated left to right, and a number is kept on its line with its noun, unit or month and
with the punctuation around it.
In a draft every citation of a member carries an anchor (report/publish/anchors.py): the review
round reads from the draft PDF the pages where each member is cited.
A French report then gets its typography (formatting.french_spacing) on every text
of its body outside the Arabic runs it quotes (elements with lang="ar").
"""

from __future__ import annotations

import dataclasses
import html as htmllib
import re

from jinja2 import Environment

from report.language.formatting import ARABIC_INDIC
from report.publish.anchors import mark_citations
from report.publish.context import TemplateContext, TocEntry
from report.publish.html import NAV, TAGS, french_typography, isolate_ranges, keep_together
from report.settings.languages import language

# A chapter opens (class "chapter"; "unnumbered" for one outside the numbering), or a heading.
CHAPTER_OR_HEADING = re.compile(
    r'<section class="(chapter[^"]*)"|<h([12])((?:\s[^>]*)?)>(.*?)</h\2>', re.S)


def _number_headings(body: str, digits: str) -> tuple[str, tuple[TocEntry, ...]]:
    """Ids and numbers for the h1/h2 headings; the contents' entries."""
    toc: list[TocEntry] = []
    state = {"numbered": False, "chapter": 0, "section": 0}

    def visit(m: re.Match) -> str:
        if m.group(1) is not None:  # a chapter opens
            state["numbered"] = "unnumbered" not in m.group(1).split()
            return m.group(0)
        level, attrs, inner = m.group(2), m.group(3) or "", m.group(4)
        if 'class="cover-title"' in attrs or 'class="contents-title"' in attrs:
            return m.group(0)
        found = re.search(r'id="([^"]+)"', attrs)
        ident = found.group(1) if found else f"h-{len(toc) + 1}"
        if not found:
            attrs += f' id="{ident}"'
        number = _section_number(state, int(level), digits)
        title = htmllib.unescape(TAGS.sub("", inner)).strip()
        toc.append(TocEntry(int(level), ident, title, number))
        # the space after the number is text: the bookmarks (the heading's text) read
        # "3 La prévention", not "3La prévention"
        mark = f'<span class="secno">{number}</span> ' if number else ""
        return f"<h{level}{attrs}>{mark}{inner}</h{level}>"

    return CHAPTER_OR_HEADING.sub(visit, body), tuple(toc)


def _section_number(state: dict, level: int, digits: str) -> str:
    """The next heading's number in a numbered chapter: "3" (h1), "3.2" (h2); else ""."""
    if not state["numbered"]:
        return ""
    if level == 1:
        state["chapter"] += 1
        state["section"] = 0
        number = str(state["chapter"])
    else:
        state["section"] += 1
        number = f"{state['chapter']}.{state['section']}"
    return number.translate(ARABIC_INDIC) if digits == "arab" else number


def render_report(env: Environment, ctx: TemplateContext) -> str:
    """The report's HTML: body, then the contents built from its headings."""
    body = env.get_template("report.html.j2").render(ctx.variables())
    spoken = language(ctx.lang)
    digits = ctx.edition.digits if ctx.edition.digits in spoken.digits else spoken.digits[0]
    html, toc = _number_headings(body, digits)
    ctx = dataclasses.replace(ctx, toc=toc)
    nav = env.get_template("chapters/00_contents.html.j2").render(ctx.variables())
    html = isolate_ranges(NAV.sub(lambda _: nav, html, count=1))
    words = env.globals.get("words_before_number", ())
    html = keep_together(html, words if isinstance(words, tuple) else ())
    if ctx.draft:
        html = mark_citations(html, {m.code: m.name(ctx.lang) for m in ctx.members},
                              {m.code: m.acronym for m in ctx.members})
    return french_typography(html) if spoken.typography == "french" else html
