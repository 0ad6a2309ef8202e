"""inputs/<year>/recommendations.toml -> Recommendations: what the commission recommends in
the report on that year, each with its owners, its deadline and the indicator that follows it.

The secretariat edits this file each year (the report prints it; nothing here is prose of
the tool). Every fault of the file is listed at once and an unknown key is a warning, as for
every settings file. A year without the file has no recommendations yet: a draft says so as
an editorial mark, and a final or print edition is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from report.errors import SettingsError
from report.label import LABEL_LANGS, Label
from report.settings.catalogue import Catalogue
from report.settings.toml import Problems, read_toml

FILE = "recommendations.toml"
KEYS = ("ar", "fr", "owners", "deadline", "indicator")


class RecommendationsError(SettingsError):
    """The year's recommendations file is wrong: the build cannot print them."""


@dataclass(frozen=True)
class Recommendation:
    text: Label  # the recommendation, a phrase the report prints after "توصي اللجنة ب..."
    owners: tuple[str, ...]  # member codes, or the commission's acronym (its secretariat)
    deadline: dt.date
    indicator: Label  # how its follow-up is measured


def _label(data: object, where: str, problems: Problems) -> Label:
    if not isinstance(data, Mapping):
        problems.error(f"{where}: a table {{ ar = \"...\", fr = \"...\" }}")
        return Label("", "")
    problems.unknown_keys(data, LABEL_LANGS, f"{where}.")
    for lang in LABEL_LANGS:
        if not isinstance(data.get(lang), str) or not data[lang].strip():
            problems.error(f"{where}: {lang}: a text is needed")
    return Label(str(data.get("ar", "")).strip(), str(data.get("fr", "")).strip())


def _deadline(value: object, where: str, problems: Problems) -> dt.date | None:
    """A date (2026-12-31), or a year (2026: by its 31 December)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 2000 <= value <= 2100:
        return dt.date(value, 12, 31)
    problems.error(f"{where}: deadline must be a date like 2026-12-31 or a year like 2026")
    return None


def _owners(value: object, where: str, known: set[str], problems: Problems
            ) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        problems.error(f"{where}: owners must be a list of member codes, like [\"MJ\"]")
        return ()
    for code in value:
        if code not in known:
            problems.error(f"{where}: owners: unknown member {code} (codes are in "
                           "inputs/catalogue/members.toml)")
    if len(set(value)) != len(value):
        problems.error(f"{where}: owners: a member listed twice")
    return tuple(value)


def load_recommendations(path: Path, year: int, cat: Catalogue
                         ) -> tuple[Recommendation, ...] | None:
    """The year's recommendations in the file's order; None when there is no file yet;
    RecommendationsError listing every fault."""
    if not path.exists():
        return None
    data = read_toml(path, RecommendationsError)
    problems = Problems(str(path))
    problems.unknown_keys(data, ("recommendation",))
    entries = data.get("recommendation")
    if not isinstance(entries, list) or not entries:
        problems.error("recommendation: at least one [[recommendation]]")
        entries = []
    known = {m.code for m in cat.members} | {cat.commission.acronym}
    out = []
    for i, entry in enumerate(entries, start=1):
        where = f"recommendation {i}"
        if not isinstance(entry, Mapping):
            problems.error(f"{where}: not a table")
            continue
        problems.unknown_keys(entry, KEYS, f"{where}: ")
        if not problems.require(entry, KEYS, f"{where}: "):
            continue
        text = _label({k: entry[k] for k in LABEL_LANGS}, where, problems)
        owners = _owners(entry["owners"], where, known, problems)
        deadline = _deadline(entry["deadline"], where, problems)
        indicator = _label(entry["indicator"], f"{where}: indicator", problems)
        if deadline is not None and deadline.year <= year:
            problems.error(f"{where}: deadline {deadline} is not after the report's year {year}")
        if deadline is not None:
            out.append(Recommendation(text, owners, deadline, indicator))
    problems.done(RecommendationsError)
    return tuple(out)
