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

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from report.language.formatting import ARABIC_INDIC, Formatter, french_spacing
from report.paths import TEMPLATES
from report.publish.anchors import mark_citations
from report.publish.context import TemplateContext, TocEntry

# A range of numbers or years ("2023-2030", "2023–2026") in Arabic text: WeasyPrint lays the
# two numbers out as separate runs and shows "2030-2023"; an isolate keeps the range whole.
RANGE = re.compile(r"(?<![0-9A-Za-z.])\d{1,4}(?:[-\u2013]\d{1,4})+(?![0-9A-Za-z.])")
TAGGED_TEXT = re.compile(r"(<[^>]*>)([^<]+)(?=<)")  # a tag and the text that follows it
LTR_OPENING = re.compile(r'^<span\b[^>]*\bdir="ltr"')
# A chapter opens (class "chapter"; "unnumbered" for one outside the numbering), or a heading.
CHAPTER_OR_HEADING = re.compile(
    r'<section class="(chapter[^"]*)"|<h([12])((?:\s[^>]*)?)>(.*?)</h\2>', re.S)
NUMBER_CHARS = "0-9\u0660-\u0669"
ARABIC_LETTERS = "\u0621-\u064a"
# a number (or the end of its isolate) and the word after it: "166 شخصا", "25 غشت"
NUMBER_THEN_WORD = re.compile(rf"([{NUMBER_CHARS}%\u066a](?:</span>)*) (?=[{ARABIC_LETTERS}])")
# a number's isolate with the punctuation that opens or closes around it: "(2023-2025)."
ISOLATE = r'<span dir="(?:ltr|rtl)" class="(?:ltr|num)">[^<]*</span>'
PUNCTUATED = re.compile(rf"([(«\[]*)({ISOLATE})([)»\]،؛:.,!؟]*)")
TAGS = re.compile(r"<[^>]+>")
NAV = re.compile(r'<nav class="contents".*?</nav>', re.S)
TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|([^<]+)")
VOID = frozenset(("area", "br", "col", "hr", "img", "input", "link", "meta", "source", "wbr"))
ARABIC_BLOCK = re.compile(r"""\slang=["']?ar\b""")


def environment(lang: str, fmt: Formatter) -> Environment:
    """The Jinja environment of one language: its templates, then the shared ones."""
    env = Environment(loader=FileSystemLoader([TEMPLATES / lang, TEMPLATES]), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(fmt.filters())
    # the shared macros' words in the edition's language, as markup: phrase(key).format()
    # escapes the values it is given unless they are markup already
    env.globals["phrase"] = lambda key: Markup(escape(fmt.phrase(key)))
    env.globals["words_before_number"] = fmt.words_before_number()
    return env


def isolate_ranges(html: str) -> str:
    """Wrap every number range in the body's text (not in tags, styles or the head)."""
    head, sep, body = html.partition("<body")

    def text(m: re.Match) -> str:
        tag, words = m.group(1), m.group(2)
        if LTR_OPENING.search(tag):  # already isolated (the ltr filter): leave it whole
            return m.group(0)
        return tag + RANGE.sub(r'<span dir="ltr" class="ltr">\g<0></span>', words)

    return head + sep + TAGGED_TEXT.sub(text, body)


def keep_together(html: str, words: tuple[str, ...]) -> str:
    """In the body's text: no line break between a number and the word after it ("166
    شخصا", "25 غشت"), between ``words`` and the number after them ("رقم 27.14", "غشت 2016"),
    nor between a number's isolate and the punctuation around it ("(2023-2025).")."""
    head, sep, body = html.partition("<body")
    body = NUMBER_THEN_WORD.sub("\\1\u00a0", body)
    if words:
        before = re.compile(rf"(?<![{ARABIC_LETTERS}])((?:{'|'.join(map(re.escape, words))})) "
                            rf"(?=(?:<span[^>]*>)*[{NUMBER_CHARS}])")
        body = before.sub("\\1\u00a0", body)

    def glue(m: re.Match) -> str:
        if not (m.group(1) or m.group(3)):
            return m.group(0)
        return f'<span class="nobr">{m.group(0)}</span>'

    return head + sep + PUNCTUATED.sub(glue, body)


def french_typography(html: str) -> str:
    """French spacing (narrow no-break spaces, guillemets, apostrophes) on every text node
    of the body, except inside elements marked lang="ar" (Arabic keeps its own rules)."""
    start = re.search(r"<body\b[^>]*>", html)
    cut = start.end() if start else 0
    head, body = html[:cut], html[cut:]
    out: list[str] = []
    stack: list[bool] = []  # per open element: is it (or an ancestor) Arabic?
    for m in TOKEN.finditer(body):
        closing, name, attrs, text = m.groups()
        if text is not None:
            arabic = bool(stack) and stack[-1]
            out.append(text if arabic else htmllib.escape(
                french_spacing(htmllib.unescape(text)), quote=False))
            continue
        out.append(m.group(0))
        name = name.lower()
        if closing:
            if stack:
                stack.pop()
        elif name not in VOID and not attrs.rstrip().endswith("/"):
            stack.append((bool(stack) and stack[-1]) or bool(ARABIC_BLOCK.search(attrs)))
    return head + "".join(out)


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
    html, toc = _number_headings(body, ctx.edition.digits if ctx.lang == "ar" else "latn")
    ctx = dataclasses.replace(ctx, toc=toc)
    nav = env.get_template("chapters/00_contents.html.j2").render(ctx.variables())
    html = isolate_ranges(NAV.sub(lambda _: nav, html, count=1))
    words = env.globals.get("words_before_number", ())
    html = keep_together(html, words if isinstance(words, tuple) else ())
    if ctx.draft:
        html = mark_citations(html, {m.code: m.name(ctx.lang) for m in ctx.members},
                              {m.code: m.acronym for m in ctx.members})
    return french_typography(html) if ctx.lang == "fr" else html


def body_text(html: str) -> str:
    """The words a reader sees in the report's body: tags out, entities read, spaces one."""
    body = html.partition("<body")[2] or html
    return " ".join(htmllib.unescape(TAGS.sub(" ", body)).split())
