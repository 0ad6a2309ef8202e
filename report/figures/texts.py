"""A member's free text + the translations known -> what an edition in one language prints.

Every text a member writes (an activity's title, description, beneficiaries and partners, a
lead's comment on a measure of the national plan) is printed in both editions: in its own
language as written, in the other one translated. A translation is found by the source
text's hash (``text_key``: the text with its spaces normalised), so an unchanged text keeps
its translation from draft to draft and from year to year, and a changed one has none until
it is translated again. A text that holds no letter (a number, a date) is the same in both
languages.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from report.figures.records import Translation
from report.scripts import script

LANGS = ("ar", "fr")
ORIGINS = ("member", "translator", "review")


def normalized(text: str) -> str:
    """The text as its hash sees it: NFC, runs of spaces and line breaks as one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def text_key(text: str) -> str:
    """The source text's hash (sha256 of ``normalized``): the translation memory's key."""
    return hashlib.sha256(normalized(text).encode("utf-8")).hexdigest()


def text_id(text: str) -> str:
    """A text's stable id in the translator's workbook and the review round: T- and the
    first ten hex digits of its hash."""
    return "T-" + text_key(text)[:10].upper()


def written_in(text: str) -> str | None:
    """The language a text is written in ("ar" | "fr"), None when it holds no letter."""
    return script(text)


def other_lang(lang: str) -> str:
    return "fr" if lang == "ar" else "ar"


def needs(text: str, lang: str) -> bool:
    """Whether an edition in ``lang`` must print ``text`` translated."""
    written = written_in(text)
    return written is not None and written != lang


@dataclass(frozen=True)
class Printed:
    """A member's text as one edition prints it."""

    text: str
    lang: str  # the language ``text`` is in ("" for a text without letters)
    awaiting: bool = False  # the source text, printed while its translation is awaited


def printed(text: str, lang: str, translations: Mapping[str, Translation]) -> Printed:
    """What an edition in ``lang`` prints for ``text``: the text itself when written in
    ``lang`` (or without letters), its translation, or the source text awaiting one."""
    if not needs(text, lang):
        return Printed(text, written_in(text) or "")
    found = translations.get(text_key(text))
    if found is not None and found.lang == lang and found.target.strip():
        return Printed(found.target.strip(), lang)
    return Printed(text, written_in(text) or "", awaiting=True)
