"""templates/languages.toml -> Language: what the code needs to know of each language the
report is written in (its Babel locale, direction, digit styles, file suffix, template
folder, faces), read once; ``language(code)`` and ``LANGUAGES`` give them.

A language is data: its table in templates/languages.toml, its chapters in
templates/<templates>/ and its words under its code in templates/text/*.toml and the
catalogue. What is still code for a third language (Tamazight in Tifinagh, say): the
bilingual ``Label`` has one field per language (ar, fr), the members' workbooks are
Arabic with French beneath, and the text rules of report/language/formatting.py (Arabic
bidi isolates, French spacing) are written per script.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from report.errors import SettingsError
from report.paths import TEMPLATES
from report.settings.toml import Problems, read_toml

FILE = TEMPLATES / "languages.toml"
KEYS = ("name", "babel_locale", "direction", "digits", "file_suffix", "templates", "stylesheet",
        "body_font", "title_font", "percent", "label_separator", "typography")
DIRECTIONS = ("rtl", "ltr")
DIGIT_STYLES = ("latn", "arab")
TYPOGRAPHIES = ("arabic", "french")  # the text rules report/language/formatting.py knows


@dataclass(frozen=True)
class Language:
    code: str  # "ar", "fr": the key of its words in every bilingual text
    name: str  # in the language itself
    babel_locale: str  # "ar_MA": numbers, months, plural rules (Babel / CLDR)
    direction: str  # rtl | ltr
    digits: tuple[str, ...]  # the digit styles an edition may choose; the first by default
    file_suffix: str  # report-<year><suffix>.pdf
    templates: str  # its chapters: templates/<templates>/
    stylesheet: str  # a stylesheet under templates/ loaded after print.css ("": none)
    body_font: str  # body, tables and charts
    title_font: str  # covers and chapter titles
    percent: str  # Babel's percentage pattern
    label_separator: str  # between a label and its value
    typography: str  # arabic | french: the text rules of report/language/formatting.py

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    @property
    def plural_locale(self) -> str:
        """The CLDR locale of its plural rules: the language without its territory."""
        return self.babel_locale.split("_")[0]


class LanguagesError(SettingsError):
    """templates/languages.toml is wrong: no edition can be built."""


def _language(code: str, data: object, problems: Problems) -> Language | None:
    if not isinstance(data, Mapping):
        problems.error(f"{code}: a table is expected")
        return None
    problems.unknown_keys(data, KEYS, f"{code}: ")
    if not problems.require(data, KEYS, f"{code}: "):
        return None
    if data["direction"] not in DIRECTIONS:
        problems.error(f"{code}: direction must be one of {DIRECTIONS}")
    if data["typography"] not in TYPOGRAPHIES:
        problems.error(f"{code}: typography must be one of {TYPOGRAPHIES}")
    digits = tuple(data["digits"]) if isinstance(data["digits"], list) else ()
    if not digits or set(digits) - set(DIGIT_STYLES):
        problems.error(f"{code}: digits must be a list of {DIGIT_STYLES}")
    texts = {k: data[k] for k in KEYS if k != "digits"}
    for key, value in texts.items():
        if not isinstance(value, str):
            problems.error(f"{code}: {key} must be text")
    return Language(code, digits=digits, **{k: str(v) for k, v in texts.items()})


def load_languages(path: Path = FILE) -> dict[str, Language]:
    """Every language of the file, in its order; LanguagesError listing every fault."""
    data = read_toml(path, LanguagesError)
    problems = Problems(str(path))
    found = {code: _language(code, table, problems) for code, table in data.items()}
    if not data:
        problems.error("no language")
    problems.done(LanguagesError)
    return {code: lang for code, lang in found.items() if lang is not None}


@cache
def languages() -> dict[str, Language]:
    return load_languages()


def language(code: str) -> Language:
    """The language of ``code``; LanguagesError naming the known ones."""
    try:
        return languages()[code]
    except KeyError:
        raise LanguagesError(f"{code}: no such language in {FILE} "
                             f"(known: {', '.join(languages())})") from None
