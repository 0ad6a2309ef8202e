"""A draft's HTML + the members' names -> the same HTML with an anchor on every citation
(and an id on every place a sentence quotes an indicator's figure).

Every place the body names a member (its name as the report prints it, or its Latin
acronym) becomes ``<span class="cite" id="cite-<CODE>-<n>">...</span>``. WeasyPrint writes
every id as a named destination of the PDF, so the review round reads the page of each
citation from the draft PDF itself (report/review/draft_map.py), never guessing from text
positions. The span has no style: the layout does not change. Only drafts carry them.
The body's texts are read with publish/markup.py: never a tag, an attribute or the head.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from markupsafe import escape

from report.figures.records import activity_anchor
from report.publish.markup import rewrite_text

CITE_ID = re.compile(r"^cite-([A-Za-z0-9]+)-(\d+)$")
# where a draft's sentence quotes an indicator's figure (templates/macros.html.j2's ``at``)
FIGURE_AT = re.compile(r'<span class="fig-at" data-ind="([A-Za-z0-9_]+)"></span>')


def cite_id(member: str, n: int) -> str:
    return f"cite-{member}-{n}"


def number_figure_anchors(html: str) -> str:
    """Each anchor the templates put where a sentence quotes a figure gets its id,
    ``at-<INDICATOR>-<n>``: the PDF's named destination the review round reads its page
    from (only drafts have them)."""
    counts: dict[str, int] = {}

    def number(m: re.Match[str]) -> str:
        code = m.group(1)
        counts[code] = counts.get(code, 0) + 1
        return f'<span class="fig-at" id="at-{code}-{counts[code]}" data-ind="{code}"></span>'

    return FIGURE_AT.sub(number, html)


def activity_id(member: str, cell: str) -> str:
    """The anchor of a member's activity read from ``cell`` (its row) of its workbook."""
    return activity_anchor(member, cell)


def member_of(anchor: str) -> str | None:
    """"PMP" for "cite-PMP-3"; None for any other id."""
    m = CITE_ID.match(anchor)
    return m.group(1) if m else None


# Arabic proclitics written joined to the next word: و ف (and), ب ك ل (in, as, for), and
# their pairs (وب, فل...). After ل the article ال loses its alef: ل + المجلس = للمجلس.
PROCLITIC = "(?:[\u0648\u0641]?[\u0628\u0643\u0644]|[\u0648\u0641])?"
ARTICLE = "\u0627\u0644"


def _words(names: Mapping[str, str], acronyms: Mapping[str, str]) -> dict[str, str]:
    """Every written form of a citation -> the member's code."""
    words: dict[str, str] = {}
    for code, name in names.items():
        if name.strip():
            words[str(escape(name))] = code
            if name.startswith(ARTICLE):  # ل + المجلس -> للمجلس: the alef drops
                words[str(escape(name[1:]))] = code
    words.update({a: code for code, a in acronyms.items() if a.strip()})
    return words


def _pattern(words: Mapping[str, str]) -> re.Pattern[str] | None:
    """One alternation, longest forms first, so that a name inside a longer one is never
    matched in place of the longer; a proclitic may stand before it."""
    if not words:
        return None
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)({PROCLITIC})({alternation})(?!\w)")


def mark_citations(html: str, names: Mapping[str, str],
                   acronyms: Mapping[str, str] | None = None) -> str:
    """Wrap every citation of a member in the body's text (never in tags or the head).

    ``names``: member code -> name as printed; ``acronyms``: member code -> acronym.
    """
    words = _words(names, acronyms or {})
    pattern = _pattern(words)
    if pattern is None:
        return html
    counts: dict[str, int] = {}

    def cite(m: re.Match[str]) -> str:
        code = words[m.group(2)]
        counts[code] = counts.get(code, 0) + 1
        # the proclitic stays inside: a word split between two boxes loses its joining
        return f'<span class="cite" id="{cite_id(code, counts[code])}">{m.group(0)}</span>'

    return rewrite_text(html, lambda text: pattern.sub(cite, text.source))
