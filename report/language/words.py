"""A text -> its content words, reduced so that two forms of one word meet: what the
editor's rules compare (does an activity report the action a delay note says did not
happen? does a "who benefited" clause repeat the description?).

Arabic: the diacritics, the tatweel and the hamza's seats are dropped, then the proclitics
(و ف ب ل ك) and the article, then the common endings (ات ون ين ان ة ي ا), and a word is
kept by its first four letters ("المساعدون الاجتماعيون" and "مساعدا اجتماعيا" meet).
French: lower case without accents, the elided article gone ("l'inspection"), kept by its
first five letters. A crude stemmer, enough to find the same words, not to parse them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

WORD = re.compile(r"[\w\u0600-\u06ff'’]+")
ARABIC = re.compile(r"[\u0621-\u064a]")
DIACRITICS = re.compile(r"[\u064b-\u065f\u0670\u0640]")  # harakat, dagger alif, tatweel
HAMZA_SEATS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ؤ": "و", "ئ": "ي", "ى": "ي"})
PROCLITICS = ("وبال", "وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل")
ENDINGS = ("يات", "ات", "ون", "ين", "ان", "ية", "ة", "ي", "ا")
ELISION = re.compile(r"^(?:l|d|qu|j|n|s|c)['’]")
# function words of each language: never content (the editor's rules add their own list of
# words too common in this field to tell two texts apart: inputs/catalogue/editorial.toml)
_FUNCTION = ("في من على إلى الى عن مع التي الذي الذين هذه هذا ذلك تلك بين كل أو او لدى حول "
             "خلال عند بعد قبل ضمن دون غير منذ حتى كما لفائدة فائدة بشأن عبر إطار اطار "
             "les des une aux pour par avec dans sur leur leurs ses son sous entre pendant "
             "lors auprès apres après est sont ont été qui que dont cette ces cet")
FUNCTION_WORDS = frozenset(_FUNCTION.split())


def arabic_stem(word: str) -> str:
    """المساعدون -> مساعد, والاجتماعية -> اجتما."""
    w = DIACRITICS.sub("", word).translate(HAMZA_SEATS)
    for p in PROCLITICS:
        if w.startswith(p) and len(w) - len(p) >= 3:
            w = w[len(p):]
            break
    for e in ENDINGS:
        if w.endswith(e) and len(w) - len(e) >= 3:
            w = w[: -len(e)]
            break
    return w[:4]


def latin_stem(word: str) -> str:
    """"l'Inspection" -> "inspe"."""
    w = ELISION.sub("", word.casefold().replace("’", "'"))
    w = "".join(c for c in unicodedata.normalize("NFD", w) if not unicodedata.combining(c))
    return w.strip("'")[:5]


def stem(word: str) -> str:
    return arabic_stem(word) if ARABIC.search(word) else latin_stem(word)


def content_words(text: str, stop: Iterable[str] = ()) -> frozenset[str]:
    """The stems of the words of ``text`` that carry meaning: three letters or more, not a
    number, not one of ``stop`` (compared as stems too)."""
    stops = {stem(s) for s in (*FUNCTION_WORDS, *stop)}
    found = set()
    for word in WORD.findall(text):
        s = stem(word)
        if len(s) >= 3 and not s.isdigit() and s not in stops:
            found.add(s)
    return frozenset(found)


def shared(a: str, b: str, stop: Iterable[str] = ()) -> frozenset[str]:
    """The content words two texts share."""
    stops = tuple(stop)
    return content_words(a, stops) & content_words(b, stops)


def repeats(clause: str, text: str, stop: Iterable[str] = ()) -> bool:
    """Whether every content word of ``clause`` is already in ``text``: a clause that adds
    nothing ("استفاد منه المساعدون الاجتماعيون" after "تكوين 120 مساعدا اجتماعيا")."""
    words = content_words(clause, stop)
    return bool(words) and words <= content_words(text, stop)
