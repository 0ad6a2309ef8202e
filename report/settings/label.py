"""One text in each of the report's languages: a member's name, a heading, a message.

Every bilingual text the tool holds is a Label, read in one language with ``label(lang)``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Label:
    ar: str
    fr: str

    def __call__(self, lang: str) -> str:
        return self.ar if lang == "ar" else self.fr
