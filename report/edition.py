"""inputs/<year>/edition.toml -> Edition: the settings of one year's editions.

Dates, numbers and titles live in this data file, never in code and never from the clock,
so the same inputs always give the same report.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path


class EditionError(Exception):
    """The edition file is missing or wrong: the build cannot start."""


@dataclass(frozen=True)
class Edition:
    year: int
    number: int  # the n-th national report
    draft: int
    draft_date: dt.date
    publication_date: dt.date
    title_ar: str
    title_fr: str
    signatory_ar: str
    signatory_fr: str
    fictitious: bool
    digits: str  # "latn" or "arab"
    # print edition: the print shop's CMYK output profile (an .icc file beside edition.toml)
    # and the name of its printing condition (e.g. "FOGRA39"); empty: no output intent
    print_profile: Path | None = None
    print_condition: str = ""

    def title(self, lang: str) -> str:
        return self.title_ar if lang == "ar" else self.title_fr


FIELDS = ("number", "draft", "draft_date", "publication_date", "title_ar", "title_fr",
          "signatory_ar", "signatory_fr")


def load_edition(path: Path, year: int) -> Edition:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError as exc:
        raise EditionError(f"{path}: edition settings file missing (copy one from another year)") \
            from exc
    except tomllib.TOMLDecodeError as exc:
        raise EditionError(f"{path}: {exc}") from exc
    missing = [f for f in FIELDS if f not in data]
    if missing:
        raise EditionError(f"{path}: missing {', '.join(missing)}")
    for key in ("draft_date", "publication_date"):
        if not isinstance(data[key], dt.date):
            raise EditionError(f"{path}: {key} must be a date like 2026-06-30")
    digits = data.get("digits", "latn")
    if digits not in ("latn", "arab"):
        raise EditionError(f"{path}: digits must be \"latn\" or \"arab\"")
    profile = data.get("print_profile")
    if profile is not None and not (path.parent / profile).is_file():
        raise EditionError(f"{path}: print_profile {profile!r}: no such file beside edition.toml")
    return Edition(year=year, fictitious=bool(data.get("fictitious", False)), digits=digits,
                   print_profile=path.parent / profile if profile else None,
                   print_condition=str(data.get("print_condition", "")),
                   **{f: data[f] for f in FIELDS})
