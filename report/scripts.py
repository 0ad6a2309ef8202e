"""A free text -> the language it is written in, by its script: Arabic or French.

Low in the house so that the figures' records (which language a member's text needs
translating into) and the formatter (which direction a block takes) ask the same question.
"""

from __future__ import annotations

import re

ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")


def script(text: str) -> str | None:
    """The language a free text is written in, by its words: "ar" when most words hold an
    Arabic letter, "fr" when most are Latin (acronyms count as one word each: "ورشة مع OIM
    وUNICEF" is Arabic), the first letter deciding a tie; None for a text of neither (a
    number)."""
    arabic = latin = 0
    for word in text.split():
        if ARABIC_LETTER.search(word):
            arabic += 1
        elif LATIN_LETTER.search(word):
            latin += 1
    if not arabic and not latin:
        return None
    if arabic != latin:
        return "ar" if arabic > latin else "fr"
    first = re.search(f"{ARABIC_LETTER.pattern}|{LATIN_LETTER.pattern}", text)
    return "ar" if first and ARABIC_LETTER.match(first.group(0)) else "fr"
