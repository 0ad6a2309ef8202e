"""Report HTML -> the same HTML with its text set for the page: number ranges isolated left
to right, a number kept on its line with its noun, unit or month and the punctuation around
it, French spacing in a French report (outside the Arabic runs it quotes); and the words a
reader sees in it.

Each pass changes text only, never a tag, and leaves the head alone.
"""

from __future__ import annotations

import html as htmllib
import re

from report.language.formatting import french_spacing

# A range of numbers or years ("2023-2030", "2023–2026") in Arabic text: WeasyPrint lays the
# two numbers out as separate runs and shows "2030-2023"; an isolate keeps the range whole.
RANGE = re.compile(r"(?<![0-9A-Za-z.])\d{1,4}(?:[-\u2013]\d{1,4})+(?![0-9A-Za-z.])")
TAGGED_TEXT = re.compile(r"(<[^>]*>)([^<]+)(?=<)")  # a tag and the text that follows it
LTR_OPENING = re.compile(r'^<span\b[^>]*\bdir="ltr"')
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


def body_text(html: str) -> str:
    """The words a reader sees in the report's body: tags out, entities read, spaces one."""
    body = html.partition("<body")[2] or html
    return " ".join(htmllib.unescape(TAGS.sub(" ", body)).split())
