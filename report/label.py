"""One text in each of the report's languages: a member's name, a heading, a message.

Every bilingual text the tool holds is a Label, read in one language with ``label(lang)``.
"""

from __future__ import annotations

from dataclasses import dataclass

# The languages a Label holds, in the order settings files and workbooks give them: the
# keys of every bilingual table of the catalogue, rules.toml and templates/text/*.toml.
LABEL_LANGS = ("ar", "fr")


@dataclass(frozen=True)
class Label:
    ar: str
    fr: str

    def __call__(self, lang: str) -> str:
        return getattr(self, lang)  # AttributeError for a language a Label does not hold
