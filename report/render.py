"""TemplateContext -> the complete report HTML, table of contents included.

The body is rendered once through the Jinja templates of the report's language
(autoescape on: member text is untrusted; undefined names fail the build); every h1/h2
gets an id, and the table of contents is built from those headings, so it always lists
exactly what the report contains. Number ranges are isolated left to right once, here.
"""

from __future__ import annotations

import dataclasses
import html as htmllib
import re

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from report.context import TemplateContext, TocEntry
from report.formatting import Formatter
from report.paths import TEMPLATES

# A range of numbers or years ("2023-2030", "2023–2026") in Arabic text: WeasyPrint lays the
# two numbers out as separate runs and shows "2030-2023"; an isolate keeps the range whole.
RANGE = re.compile(r"(?<![0-9A-Za-z.])\d{1,4}(?:[-\u2013]\d{1,4})+(?![0-9A-Za-z.])")
TEXT_NODE = re.compile(r">([^<]+)<")
HEADING = re.compile(r"<h([12])((?:\s[^>]*)?)>(.*?)</h\1>", re.S)
TAGS = re.compile(r"<[^>]+>")
NAV = re.compile(r'<nav class="contents".*?</nav>', re.S)


def environment(lang: str, fmt: Formatter) -> Environment:
    """The Jinja environment of one language: its templates, then the shared ones."""
    env = Environment(loader=FileSystemLoader([TEMPLATES / lang, TEMPLATES]), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(fmt.filters())
    return env


def isolate_ranges(html: str) -> str:
    """Wrap every number range in the body's text (not in tags, styles or the head)."""
    head, sep, body = html.partition("<body")

    def text(m: re.Match) -> str:
        return ">" + RANGE.sub(r'<span dir="ltr" class="ltr">\g<0></span>', m.group(1)) + "<"

    return head + sep + TEXT_NODE.sub(text, body)


def _number_headings(body: str) -> tuple[str, tuple[TocEntry, ...]]:
    toc: list[TocEntry] = []

    def visit(m: re.Match) -> str:
        level, attrs, inner = m.group(1), m.group(2) or "", m.group(3)
        if 'class="cover-title"' in attrs or 'class="contents-title"' in attrs:
            return m.group(0)
        found = re.search(r'id="([^"]+)"', attrs)
        ident = found.group(1) if found else f"h-{len(toc) + 1}"
        if not found:
            attrs += f' id="{ident}"'
        title = htmllib.unescape(TAGS.sub("", inner)).strip()
        toc.append(TocEntry(int(level), ident, title))
        return f"<h{level}{attrs}>{inner}</h{level}>"

    return HEADING.sub(visit, body), tuple(toc)


def render_report(env: Environment, ctx: TemplateContext) -> str:
    """The report's HTML: body, then the contents built from its headings."""
    html, toc = _number_headings(env.get_template("report.html.j2").render(ctx.variables()))
    ctx = dataclasses.replace(ctx, toc=toc)
    nav = env.get_template("chapters/00_contents.html.j2").render(ctx.variables())
    return isolate_ranges(NAV.sub(lambda _: nav, html, count=1))
