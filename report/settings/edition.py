"""inputs/<year>/edition.toml -> Edition: the settings of one year's editions.

Dates, numbers and titles live in this data file, never in code and never from the clock,
so the same inputs always give the same report. Every fault of the file is reported at
once, and an unknown key (a typo) is a warning.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from report.errors import SettingsError
from report.label import Label
from report.settings.toml import Problems, read_toml


class EditionError(SettingsError):
    """The edition file is missing or wrong: the build cannot start."""


@dataclass(frozen=True)
class Edition:
    year: int
    number: int  # the n-th national report (from the catalogue's first_report_year)
    draft: int
    draft_date: dt.date
    publication_date: dt.date
    title: Label  # edition.toml: title_ar, title_fr
    signatory: Label  # signatory_ar, signatory_fr: the chair's capacity
    fictitious: bool
    digits: str  # "latn" or "arab"
    # print edition: the print shop's CMYK output profile (an .icc file beside edition.toml)
    # and the name of its printing condition (e.g. "FOGRA39"); empty: no output intent
    print_profile: Path | None = None
    print_condition: str = ""
    # the emblem or logo on the covers (an .svg or .png file, its path relative to
    # edition.toml's folder); none: the covers carry no image
    emblem: Path | None = None
    # the members' review round: the date their answers on the current draft are due
    review_due: dt.date | None = None
    # the chair's name under the capacity (signatory_name_ar, signatory_name_fr)
    signatory_name: Label | None = None


FIELDS = ("draft", "draft_date", "publication_date", "title_ar", "title_fr",
          "signatory_ar", "signatory_fr")
OPTIONAL = ("fictitious", "digits", "print_profile", "print_condition", "emblem",
            "review_due", "signatory_name_ar", "signatory_name_fr")
EMBLEM_TYPES = (".svg", ".png", ".jpg", ".jpeg")
TYPES: dict[str, type | tuple[type, ...]] = {
    "draft": int, "draft_date": dt.date, "publication_date": dt.date,
    "title_ar": str, "title_fr": str, "signatory_ar": str, "signatory_fr": str,
    "fictitious": bool, "digits": str, "print_profile": str, "print_condition": str,
    "emblem": str,
    "review_due": dt.date, "signatory_name_ar": str, "signatory_name_fr": str,
}
EXAMPLES = {int: "a whole number like 1", dt.date: "a date like 2026-06-30",
            str: 'a text in "quotes"', bool: "true or false"}


def _check(data: dict, path: Path, problems: Problems) -> None:
    problems.unknown_keys(data, (*FIELDS, *OPTIONAL, "number"))
    if "number" in data:
        problems.warn("number: not read any more: the report's number follows from "
                      "first_report_year in inputs/catalogue/commission.toml (remove it)")
    problems.require(data, FIELDS)
    for key, kind in TYPES.items():
        value = data.get(key)
        wrong = isinstance(value, bool) and kind is not bool or \
            isinstance(value, dt.datetime) or not isinstance(value, kind)
        if key in data and wrong:
            problems.error(f"{key} must be {EXAMPLES[kind]}")  # type: ignore[index]
    if isinstance(data.get("draft"), int) and data["draft"] < 1:
        problems.error("draft must be 1 or more")
    if ("signatory_name_ar" in data) != ("signatory_name_fr" in data):
        problems.error("signatory_name_ar and signatory_name_fr go together (the chair's name "
                       "in each language)")
    if data.get("digits", "latn") not in ("latn", "arab"):
        problems.error('digits must be "latn" or "arab"')
    profile = data.get("print_profile")
    if isinstance(profile, str) and not (path.parent / profile).is_file():
        problems.error(f"print_profile {profile!r}: no such file beside edition.toml")
    emblem = data.get("emblem")
    if isinstance(emblem, str):
        if not (path.parent / emblem).is_file():
            problems.error(f"emblem {emblem!r}: no such file (a path from edition.toml's folder)")
        elif Path(emblem).suffix.lower() not in EMBLEM_TYPES:
            problems.error(f"emblem {emblem!r}: an image file is needed "
                           f"({', '.join(EMBLEM_TYPES)})")


def load_edition(path: Path, year: int, first_report_year: int) -> Edition:
    """Read and check edition.toml; EditionError listing every fault. The report's number
    follows from ``first_report_year`` (the commission's catalogue)."""
    try:
        data = read_toml(path, EditionError)
    except EditionError as exc:
        if not path.exists():
            raise EditionError(f"{path}: edition settings file missing (copy one from "
                               "another year)") from exc
        raise
    problems = Problems(str(path))
    _check(data, path, problems)
    if year < first_report_year:
        problems.error(f"the first national report covers {first_report_year} "
                       f"(first_report_year in commission.toml): no report on {year}")
    problems.done(EditionError)
    profile, emblem = data.get("print_profile"), data.get("emblem")
    return Edition(year=year, number=year - first_report_year + 1,
                   fictitious=bool(data.get("fictitious", False)),
                   digits=data.get("digits", "latn"),
                   print_profile=path.parent / profile if profile else None,
                   print_condition=str(data.get("print_condition", "")),
                   emblem=(path.parent / emblem).resolve() if emblem else None,
                   review_due=data.get("review_due"),
                   draft=data["draft"], draft_date=data["draft_date"],
                   publication_date=data["publication_date"],
                   title=Label(data["title_ar"], data["title_fr"]),
                   signatory=Label(data["signatory_ar"], data["signatory_fr"]),
                   signatory_name=Label(data["signatory_name_ar"], data["signatory_name_fr"])
                   if "signatory_name_ar" in data else None)
