"""The settings a build has read + one of its languages -> BuildContext: what every stage of
the build takes instead of a long list of parameters (catalogue, rules, edition, year,
language, formatter, folders). Frozen: a stage reads it, never changes it; the build makes
one per language with ``in_language``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from report.language.formatting import Formatter
from report.settings.catalogue import Catalogue
from report.settings.edition import Edition
from report.settings.languages import Language, language
from report.settings.rules import Rules


@dataclass(frozen=True)
class Folders:
    """Where a build reads and writes."""

    inputs: Path  # catalogue/ and one folder per year
    out: Path  # out/: every year's outputs and the caches
    database: Path  # the commission's database file

    @property
    def cache(self) -> Path:
        return self.out / "cache"

    def year(self, year: int) -> Path:
        """out/<year>/: the editions, charts, annex and manifest of ``year``."""
        return self.out / str(year)


@dataclass(frozen=True)
class BuildContext:
    cat: Catalogue  # named as in force in the report year
    rules: Rules
    edition: Edition
    year: int
    lang: Language
    fmt: Formatter  # numbers, dates and counted nouns in ``lang``
    folders: Folders

    @classmethod
    def make(cls, cat: Catalogue, rules: Rules, edition: Edition, lang: str | Language,
             folders: Folders) -> BuildContext:
        spoken = lang if isinstance(lang, Language) else language(lang)
        return cls(cat, rules, edition, edition.year, spoken,
                   Formatter(spoken, cat.nouns, edition.digits), folders)

    def in_language(self, lang: str | Language) -> BuildContext:
        """The same build in another language (its own formatter)."""
        spoken = lang if isinstance(lang, Language) else language(lang)
        return dataclasses.replace(self, lang=spoken,
                                   fmt=Formatter(spoken, self.cat.nouns, self.edition.digits))

    @property
    def folder(self) -> Path:
        """out/<year>/."""
        return self.folders.year(self.year)
