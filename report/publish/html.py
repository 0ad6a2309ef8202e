"""Report HTML -> the same HTML with its text set for the page: number ranges isolated left
to right, a number kept on its line with its noun, unit or month and the punctuation around
it, French spacing in a French report (outside the Arabic runs it quotes), no text ending
in a no-break space before an element (WeasyPrint's line breaking fault, see
``spaces_into_elements``); and the words a reader sees in it.

Each pass reads the document with publish/markup.py and changes text only (it may wrap a
run of text in a span), never a tag, and leaves the head alone.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Callable

from report.language.formatting import french_spacing
from report.publish.markup import (
    Element,
    EndTag,
    StartTag,
    Text,
    Token,
    is_body_text,
    read,
    rewrite_text,
)

# A range of numbers or years ("2023-2030", "2023–2026") in Arabic text: WeasyPrint lays the
# two numbers out as separate runs and shows "2030-2023"; an isolate keeps the range whole.
RANGE = re.compile(r"(?<![0-9A-Za-z.])\d{1,4}(?:[-\u2013]\d{1,4})+(?![0-9A-Za-z.])")
NUMBER_CHARS = "0-9\u0660-\u0669"
ARABIC_LETTERS = "\u0621-\u064a"
LATIN_LETTERS = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0152\u0153"
NBSP = "\u00a0"
# a number (or a percentage) and the word after it: "166 شخصا", "25 غشت", "25 août",
# "22 membres"
NUMBER_THEN_WORD = re.compile(rf"([{NUMBER_CHARS}%\u066a]) (?=[{ARABIC_LETTERS}{LATIN_LETTERS}])")
ENDS_WITH_NUMBER = re.compile(rf"[{NUMBER_CHARS}%\u066a]$")
STARTS_WITH_WORD = re.compile(rf" (?=[{ARABIC_LETTERS}{LATIN_LETTERS}])")
# words joined by hyphens: a region ("طنجة-تطوان-الحسيمة", "Souss-Massa"), a compound
HYPHENATED = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")
STARTS_WITH_NUMBER = re.compile(rf"[{NUMBER_CHARS}]")
# the punctuation that opens before a number's isolate, and that closes after it
OPENING = re.compile(r"[(«\[]*$")
CLOSING = re.compile(r"[)»\]،؛:.,!؟]*")
NOBR = '<span class="nobr">'
NO_BREAK_SPACES = ("\u00a0", "\u202f")
# a space of its own, between a text and the element after it (spaces_into_elements)
SPACE = '<span class="space"> </span>'
INLINE = frozenset({"span", "a", "strong", "em", "b", "i", "abbr", "bdi", "sup", "sub", "small"})
ARABIC = re.compile(r"ar\b")

Edit = Callable[[list[Token], list[str]], None]  # the pieces, and their sources to change


def isolate_ranges(html: str) -> str:
    """Wrap every number range in the body's text (not in tags, styles or the head)."""

    def isolate(text: Text) -> str:
        parent = text.parent
        if parent and parent.name == "span" and parent.attrs.get("dir") == "ltr":
            return text.source  # already isolated (the ltr filter): leave it whole
        return RANGE.sub(r'<span dir="ltr" class="ltr">\g<0></span>', text.source)

    return rewrite_text(html, isolate)


def keep_together(html: str, words: tuple[str, ...]) -> str:
    """In the body's text: no line break between a number and the word after it ("166
    شخصا", "25 غشت", "1er janvier"), between ``words`` and the number after them ("رقم
    27.14", "غشت 2016"), between a number's isolate and the punctuation around it
    ("(2023-2025)."), nor at the hyphens of words joined by them (a region:
    "طنجة-تطوان-الحسيمة", "Souss-Massa")."""
    edits = (_after_numbers, _before_numbers(words) if words else None, _glue_punctuation,
             _glue_hyphens)
    return _edit(html, *(e for e in edits if e))


def _edit(html: str, *edits: Edit) -> str:
    """``html`` after ``edits``, one after the other, on the sources of its pieces (read
    once: the edits change texts and may wrap them in spans, never a tag they read)."""
    pieces = list(read(html))
    sources = [p.source for p in pieces]
    for edit in edits:
        edit(pieces, sources)
    return "".join(sources)


def _after_numbers(pieces: list[Token], sources: list[str]) -> None:
    """A no-break space between a number and the word after it, in one text or across the
    end of the number's isolate ("166</span> شخصا")."""
    after_number = False
    for i, piece in enumerate(pieces):
        if is_body_text(piece):
            text = sources[i]
            if after_number and STARTS_WITH_WORD.match(text):
                text = NBSP + text[1:]
            sources[i] = text = NUMBER_THEN_WORD.sub(rf"\1{NBSP}", text)
            after_number = bool(ENDS_WITH_NUMBER.search(text)) or _ordinal(piece)
        else:
            after_number = after_number and isinstance(piece, EndTag) \
                and piece.name in ("span", "sup")


def _ordinal(text: Text) -> bool:
    """The letters of an ordinal number, "er" in "1<sup class="ord">er</sup>": it ends a
    number."""
    parent = text.parent
    return parent is not None and parent.name == "sup" and "ord" in parent.classes


def _glue_hyphens(pieces: list[Token], sources: list[str]) -> None:
    """Words joined by hyphens in a span.nobr (Pango would break after a hyphen), outside
    the spans that already keep their text whole."""
    for i, piece in enumerate(pieces):
        if is_body_text(piece) and "-" in sources[i] and not _kept_whole(piece):
            sources[i] = HYPHENATED.sub(lambda m: NOBR + m.group(0) + "</span>", sources[i])


def _kept_whole(text: Text) -> bool:
    return any(e.name == "span" and ("nobr" in e.classes or e.attrs.get("dir"))
               for e in text.around)


def _before_numbers(words: tuple[str, ...]) -> Edit:
    """A no-break space between one of ``words`` and the number after it, in one text or
    before the number's isolate ("رقم <span dir="ltr" class="ltr">27.14")."""
    word = rf"(?<![{ARABIC_LETTERS}])((?:{'|'.join(map(re.escape, words))}))"
    within, at_end = re.compile(rf"{word} (?=[{NUMBER_CHARS}])"), re.compile(rf"{word} $")

    def edit(pieces: list[Token], sources: list[str]) -> None:
        for i, piece in enumerate(pieces):
            if is_body_text(piece):
                sources[i] = within.sub(rf"\1{NBSP}", sources[i])
                if at_end.search(sources[i]) and _number_opens(pieces, sources, i + 1):
                    sources[i] = sources[i][:-1] + NBSP

    return edit


def _number_opens(pieces: list[Token], sources: list[str], i: int) -> bool:
    """Whether a number starts the text at ``i``, behind span openings only."""
    while i < len(pieces) and isinstance(piece := pieces[i], StartTag) \
            and piece.element.name == "span":
        i += 1
    return i < len(pieces) and is_body_text(pieces[i]) \
        and bool(STARTS_WITH_NUMBER.match(sources[i]))


def _glue_punctuation(pieces: list[Token], sources: list[str]) -> None:
    """A number's isolate and the brackets, quotes and punctuation written against it,
    wrapped in a span.nobr: "(<span dir="ltr" class="ltr">2023-2025</span>)."."""
    for i in range(len(pieces)):
        end = _isolate_end(pieces, i)
        if end is not None:
            _glue(pieces, sources, i, end)


def _isolate_end(pieces: list[Token], i: int) -> int | None:
    """When ``pieces[i]`` opens a number's isolate in the body (the ltr and num filters' and
    isolate_ranges' span) that holds text only: the index of its end tag."""
    start = pieces[i]
    if not isinstance(start, StartTag) or start.in_head or not _isolate(start.element):
        return None
    end = i + 2 if i + 1 < len(pieces) and isinstance(pieces[i + 1], Text) else i + 1
    closing = pieces[end] if end < len(pieces) else None
    if isinstance(closing, EndTag) and closing.closes and closing.closes[0] is start.element:
        return end
    return None


def _isolate(element: Element) -> bool:
    return element.name == "span" and element.attrs.get("dir") in ("ltr", "rtl") \
        and element.attrs.get("class") in ("ltr", "num")


def _glue(pieces: list[Token], sources: list[str], start: int, end: int) -> None:
    """The isolate from ``start`` to ``end`` in a span.nobr with the opening signs at the end
    of the text before it and the closing ones at the start of the text after it, if any."""
    before = sources[start - 1] if start and is_body_text(pieces[start - 1]) else ""
    after = sources[end + 1] if end + 1 < len(pieces) and is_body_text(pieces[end + 1]) else ""
    opening, closing = _match(OPENING.search(before)), _match(CLOSING.match(after))
    if not (opening or closing):
        return
    if opening:
        sources[start - 1] = before[:len(before) - len(opening)] + NOBR + opening
    else:
        sources[start] = NOBR + sources[start]
    if closing:
        sources[end + 1] = closing + "</span>" + after[len(closing):]
    else:
        sources[end] += "</span>"


def _match(m: re.Match[str] | None) -> str:
    return m.group(0) if m else ""


def spaces_into_elements(html: str) -> str:
    """No text ends with a no-break space right before an inline element: the space moves
    into the element ("n°<span class="nobr">\u00a0(...)"), or, before a number's isolate,
    into a span.nobr that holds it and the isolate ("رقم<span class="nobr">\u00a0<span
    dir="ltr" class="ltr">27.14</span></span>"), so that the space stays outside the
    isolate and on its side.

    WeasyPrint 70 lays out such a text, when the element after it does not fit on the line,
    by breaking the text at a width one pixel short of its own, trailing space included; its
    line breaking then counts the trailing space as overflow and cuts the text after its
    first word, then hyphenates the next line's first word: "la / préven- / tion" alone on
    their lines in the French final's chapter 1. A text ending in a letter breaks at its
    last space, as it should.

    A text ending in a plain space before an element ("des régions de <span
    class="nobr">Fès-Meknès</span>") has its space in a span of its own ("de<span
    class="space"> </span><span class="nobr">"): the text then ends in a letter. WeasyPrint 70
    measures a text's last line with its trailing space; when the rest of the text fits the
    line only without that space, it takes the line for too wide to break and hyphenates its
    first word alone on the line ("Cam- / pagne d'inspection ... des régions de" in the French
    final). A space on its own may overflow the line's end, as a trailing space does."""
    return _edit(html, _space_into_element)


def _space_into_element(pieces: list[Token], sources: list[str]) -> None:
    for i in range(len(pieces) - 1):
        start, text = pieces[i + 1], sources[i]
        if not (is_body_text(pieces[i]) and text.endswith((" ", *NO_BREAK_SPACES))
                and isinstance(start, StartTag) and start.element.name in INLINE
                and start.opens and not start.in_head):
            continue
        if text.endswith(" "):
            if text.strip(" "):
                sources[i] = text[:-1] + SPACE
            continue
        space = text[-1]
        end = _isolate_end(pieces, i + 1)
        if end is not None:
            sources[i] = text[:-1] + NOBR + space
            sources[end] += "</span>"
        elif not _isolate(start.element):
            sources[i] = text[:-1]
            sources[i + 1] += space


def french_typography(html: str) -> str:
    """French spacing (narrow no-break spaces, guillemets, apostrophes) on every text of
    the body, except the text written in Arabic (its nearest lang is "ar"): Arabic keeps
    its own rules."""

    def spaced(text: Text) -> str:
        if ARABIC.match(text.lang):
            return text.source
        return htmllib.escape(french_spacing(text.text), quote=False)

    return rewrite_text(html, spaced)


def body_text(html: str) -> str:
    """The words a reader sees in the report's body: its texts, references read, spaces
    one."""
    return " ".join(" ".join(p.text for p in read(html) if is_body_text(p)).split())
