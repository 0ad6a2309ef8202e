"""The rendered report (or one chapter of it) -> the same HTML as a screen needs it, where the
book relies on its paged engine: figure and table numbers written in (CSS counters and
target-counter() count across one document only), links to another page's ids, footnotes
called by number and listed under the chapter, tables as a screen reader and a phone read
them (every header cell scoped, group rows heading their own tbody, a caption, a box that
scrolls), and every run of the other language with its own lang and dir.

Each pass reads the HTML with publish/markup.py and changes what it means to change; every
other piece is copied as written. None of them runs inside an SVG (charts are put inline
last, report/publish/web/charts.py).
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from markupsafe import escape

from report.language.formatting import LTR_RUN, RTL_RUN
from report.publish.markup import Element, EndTag, StartTag, Text, Token, is_body_text, read

NBSP = "\u00a0"
LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]{2}")  # one letter is a sign: [c], [r]
ARABIC_WORD = re.compile(r"[\u0620-\u064a\u066e-\u06d3]")
WRAP = '<div class="table-scroll" role="region" tabindex="0" aria-labelledby="{id}">'


@dataclass(frozen=True)
class Number:
    """A figure's or a table's number in the report, as its caption and references print it."""

    kind: str  # "figure" | "table"
    n: int
    text: str  # in the edition's digits


def _pieces(html: str) -> tuple[list[Token], list[str]]:
    pieces = list(read(html))
    return pieces, [p.source for p in pieces]


def _end(pieces: list[Token], i: int) -> int:
    """The index of the end tag that closes the element ``pieces[i]`` opens."""
    start = pieces[i]
    assert isinstance(start, StartTag)
    return next(j for j in range(i + 1, len(pieces))
                if isinstance(p := pieces[j], EndTag) and any(e is start.element for e in p.closes))


def _with_attribute(tag: str, name: str, value: str) -> str:
    """A start tag's source with one more attribute (the tool's templates write ``>``)."""
    end = -2 if tag.endswith("/>") else -1
    return f'{tag[:end]} {name}="{escape(value)}"{tag[end:]}'


# --- numbers --------------------------------------------------------------------------------

def number_captions(html: str, digits: Callable[[int], str],
                    label: Callable[[str, str], str]) -> tuple[str, dict[str, Number]]:
    """Every figure.chart's figcaption and every table.data's caption opened by its label
    (``label(kind, number)``: "الشكل 3: ", "Tableau 5 : "), counted in document order as
    the book's CSS counters count them, the number in the edition's digits
    (``digits(n)``); the numbers by the figure's or table's id."""
    pieces, sources = _pieces(html)
    counts = {"figure": 0, "table": 0}
    numbers: dict[str, Number] = {}
    pending: tuple[Element, Number] | None = None
    for i, p in enumerate(pieces):
        if not isinstance(p, StartTag):
            continue
        kind = _numbered_kind(p.element)
        if kind:
            counts[kind] += 1
            pending = (p.element, Number(kind, counts[kind], digits(counts[kind])))
            if "id" in p.element.attrs:
                numbers[p.element.attrs["id"]] = pending[1]
        elif pending and p.element.name in ("figcaption", "caption") \
                and p.around and p.around[-1] is pending[0]:
            words = label(pending[1].kind, pending[1].text)
            owner = pending[0].attrs.get("id")
            if owner and "id" not in p.element.attrs:  # what the chart's box is named by
                sources[i] = _with_attribute(sources[i], "id", f"{owner}-caption")
            sources[i] += f'<span class="label">{escape(words)}</span>'
            pending = None
    return "".join(sources), numbers


def _numbered_kind(element: Element) -> str:
    if element.name == "figure" and "chart" in element.classes:
        return "figure"
    if element.name == "table" and "data" in element.classes:
        return "table"
    return ""


# --- links ----------------------------------------------------------------------------------

def link_pages(html: str, own: frozenset[str], page_of: Mapping[str, str],
               numbers: Mapping[str, Number]) -> str:
    """Links to an id of another page name that page ("figures.html#fig-x"); a reference to
    a figure or a table (a.xref-fig, a.xref-tab) ends with its number, as the book's
    target-counter() prints it."""
    pieces, sources = _pieces(html)
    for i, p in enumerate(pieces):
        if not (isinstance(p, StartTag) and p.element.name == "a"):
            continue
        href = p.element.attrs.get("href", "")
        target = href[1:] if href.startswith("#") else ""
        if target and target not in own and target in page_of:
            sources[i] = p.source.replace(f'href="{href}"', f'href="{page_of[target]}{href}"', 1)
        classes = p.element.classes
        if target in numbers and ("xref-fig" in classes or "xref-tab" in classes):
            end = _end(pieces, i)
            sources[end] = NBSP + numbers[target].text + sources[end]
    return "".join(sources)


# --- footnotes ------------------------------------------------------------------------------

def footnotes(html: str, prefix: str, call: Callable[[int], str]) -> tuple[str, tuple[str, ...]]:
    """Every span.footnote replaced by its number, linked to the note (``prefix``-n), which
    goes to the list under the chapter; the notes' HTML, in order. ``call(n)`` names the
    link for a screen reader ("الهامش 2")."""
    pieces, sources = _pieces(html)
    notes: list[str] = []
    i = 0
    while i < len(pieces):
        p = pieces[i]
        if isinstance(p, StartTag) and p.element.name == "span" and "footnote" in p.element.classes:
            end = _end(pieces, i)
            notes.append("".join(sources[i + 1:end]))
            n = len(notes)
            sources[i] = (f'<sup class="fn-ref"><a href="#{prefix}-{n}" id="{prefix}-ref-{n}" '
                          f'aria-label="{escape(call(n))}">{n}</a></sup>')
            for j in range(i + 1, end + 1):
                sources[j] = ""
            i = end
        i += 1
    return "".join(sources), tuple(notes)


# --- tables ---------------------------------------------------------------------------------

def tables(html: str, heading: str = "") -> str:
    """Every table as a screen reader and a phone read it: header cells scoped (col,
    colgroup, row, rowgroup), a group row and the total each opening their own tbody, a
    caption (a table without one takes the heading above it, for screen readers), and the
    table in a box of its own that scrolls sideways when the table is wider than the
    screen, labelled by its caption."""
    pieces, sources = _pieces(html)
    count = 0
    last_heading = heading
    for i, p in enumerate(pieces):
        if isinstance(p, StartTag) and p.element.name in ("h1", "h2", "h3"):
            last_heading = _text_of(pieces, i)
        if isinstance(p, StartTag) and p.element.name == "table" and not _wrapped(p):
            count += 1
            _table(pieces, sources, i, _end(pieces, i), count, last_heading)
    return "".join(sources)


def _wrapped(p: StartTag) -> bool:
    return any("table-scroll" in e.classes for e in p.around)


def _text_of(pieces: list[Token], i: int) -> str:
    """The text an element shows (its section number included)."""
    end = _end(pieces, i)
    return " ".join("".join(p.text for p in pieces[i:end] if isinstance(p, Text)).split())


def _table(pieces: list[Token], sources: list[str], start: int, end: int, n: int,
           heading: str) -> None:
    table = pieces[start]
    assert isinstance(table, StartTag)
    caption_id = f"{table.element.attrs.get('id') or f'table-{n}'}-caption"
    caption = next((j for j in range(start + 1, end) if isinstance(p := pieces[j], StartTag)
                    and p.element.name == "caption"), None)
    if caption is None:
        sources[start] += (f'<caption class="sr-only" id="{caption_id}">'
                           f'{escape(heading)}</caption>')
    elif "id" in pieces[caption].element.attrs:  # type: ignore[union-attr]
        caption_id = pieces[caption].element.attrs["id"]  # type: ignore[union-attr]
    else:
        sources[caption] = _with_attribute(sources[caption], "id", caption_id)
    _scope_and_groups(pieces, sources, start, end)
    sources[start] = WRAP.format(id=caption_id) + sources[start]
    sources[end] += "</div>"


def _scope_and_groups(pieces: list[Token], sources: list[str], start: int, end: int) -> None:
    rows_in_body = 0
    for j in range(start + 1, end):
        p = pieces[j]
        if not isinstance(p, StartTag):
            continue
        in_head = any(e.name == "thead" for e in p.around)
        if p.element.name == "tbody":
            rows_in_body = 0
        elif p.element.name == "tr" and not in_head:
            if ("group" in p.element.classes or "total" in p.element.classes) and rows_in_body:
                sources[j] = "</tbody>\n<tbody>" + sources[j]
            rows_in_body += 1
        elif p.element.name == "th" and "scope" not in p.element.attrs:
            sources[j] = _with_attribute(sources[j], "scope", _scope(p, in_head))


def _scope(th: StartTag, in_head: bool) -> str:
    if in_head:
        return "colgroup" if int(th.element.attrs.get("colspan", "1")) > 1 else "col"
    row = next((e for e in reversed(th.around) if e.name == "tr"), None)
    return "rowgroup" if row is not None and "group" in row.classes else "row"


# --- languages ------------------------------------------------------------------------------

def mark_languages(html: str, lang: str, other: str) -> str:
    """Every run of the other script in a text whose nearest language is the page's, wrapped
    with its language and direction: Latin runs in an Arabic page (French, the commission's
    other language: names, acronyms, addresses; a lone letter is a sign, [c]) and Arabic
    runs in a French one. A run
    already inside an isolate of its direction keeps it and takes the language only."""
    rtl_page = lang == "ar"
    run, letter = (LTR_RUN, LATIN_WORD) if rtl_page else (RTL_RUN, ARABIC_WORD)
    direction = "ltr" if rtl_page else "rtl"

    def mark(piece: Text) -> str:
        if piece.lang != lang or any(e.name == "svg" for e in piece.around):
            return piece.source
        parent = piece.parent
        isolated = parent is not None and parent.attrs.get("dir") == direction
        out, last, text = [], 0, piece.text
        for m in run.finditer(text):
            if not letter.search(m.group(0)):
                continue
            dir_attr = "" if isolated else f' dir="{direction}"'
            out += [htmllib.escape(text[last:m.start()], quote=False),
                    f'<span lang="{other}"{dir_attr}>{htmllib.escape(m.group(0), quote=False)}'
                    "</span>"]
            last = m.end()
        if not out:
            return piece.source
        return "".join(out) + htmllib.escape(text[last:], quote=False)

    return "".join(mark(p) if is_body_text(p) else p.source for p in read(html))
