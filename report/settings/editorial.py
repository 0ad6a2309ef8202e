"""inputs/catalogue/editorial.toml -> EditorialSettings: the editor's rules (severity and
wording in Arabic and French, by code) and the words they look for (forward-looking phrases
and when the time they name begins, words that entrust a task or give resources, words too
common to tell two texts apart).

The secretariat edits this file; report/editorial/ applies it. Every fault is listed at
once and an unknown key is a warning, as for every settings file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from report.errors import SettingsError
from report.findings import ERROR, WARNING
from report.label import LABEL_LANGS, Label
from report.settings.toml import Problems, read_toml

FILE = "editorial.toml"
SEVERITIES = (ERROR, WARNING)
# what a rule's wording may name: the text seen, the measure (number and title), a status,
# a year, a date, the day's name (a holiday), the words found, another thing (a member, a
# fact)
PLACEHOLDERS = ("value", "measure", "status", "year", "date", "day", "words", "other")
LISTS = ("stop_words", "entrust_words", "resource_words")


class EditorialSettingsError(SettingsError):
    """editorial.toml is inconsistent: the editor's report cannot be made."""


@dataclass(frozen=True)
class RuleText:
    code: str
    severity: str
    text: Label  # with {placeholders}

    def message(self, **fields: object) -> Label:
        """The wording with its placeholders filled (a Label field worded per language)."""
        values = dict.fromkeys(PLACEHOLDERS, "")
        return Label(*(self.text(lang).format(**{**values, **{
            k: (v(lang) if isinstance(v, Label) else v) for k, v in fields.items()}})
            for lang in LABEL_LANGS))


@dataclass(frozen=True)
class Forward:
    """Forward-looking words, and when the time they name begins: ``starts`` months after 31
    December of the report year (0: the next year's 1 January)."""

    words: tuple[str, ...]
    starts: int


@dataclass(frozen=True)
class EditorialSettings:
    rules: Mapping[str, RuleText]
    forward: tuple[Forward, ...]
    stop_words: frozenset[str]  # never count as a shared word (both languages)
    entrust_words: tuple[str, ...]  # a recommendation that entrusts a task
    resource_words: tuple[str, ...]  # a recommendation that gives resources

    def rule(self, code: str) -> RuleText:
        return self.rules[code]


def _rule(code: str, data: object, problems: Problems) -> RuleText | None:
    if not isinstance(data, Mapping):
        problems.error(f"rule {code}: a table with severity, ar and fr")
        return None
    problems.unknown_keys(data, ("severity", *LABEL_LANGS), f"rule {code}: ")
    if data.get("severity") not in SEVERITIES:
        problems.error(f"rule {code}: severity must be one of {SEVERITIES}")
    for lang in LABEL_LANGS:
        try:
            str(data[lang]).format(**dict.fromkeys(PLACEHOLDERS, ""))
        except (KeyError, IndexError, ValueError) as exc:
            problems.error(f"rule {code}: bad or missing {lang} wording ({exc!r}); "
                           f"placeholders: {', '.join(PLACEHOLDERS)}")
    return RuleText(code, str(data.get("severity")),
                    Label(str(data.get("ar", "")), str(data.get("fr", ""))))


def _words(data: object, where: str, problems: Problems) -> tuple[str, ...]:
    if not isinstance(data, list) or not all(isinstance(w, str) and w.strip() for w in data):
        problems.error(f"{where}: a list of words is needed")
        return ()
    return tuple(w.strip() for w in data)


def _forward(data: object, problems: Problems) -> tuple[Forward, ...]:
    out = []
    for i, f in enumerate(data if isinstance(data, list) else [], start=1):
        if not isinstance(f, Mapping):
            problems.error(f"forward {i}: a table with words and starts")
            continue
        problems.unknown_keys(f, ("words", "starts"), f"forward {i}: ")
        starts = f.get("starts", 0)
        if isinstance(starts, bool) or not isinstance(starts, int) or not 0 <= starts <= 24:
            problems.error(f"forward {i}: starts must be a number of months, 0 to 24")
            starts = 0
        out.append(Forward(_words(f.get("words"), f"forward {i}: words", problems), starts))
    return tuple(out)


def load_editorial(path: Path, codes: tuple[str, ...] = ()) -> EditorialSettings:
    """Read editorial.toml; EditorialSettingsError listing every fault (``codes``: the rules
    the editor's report applies, each of which must be worded)."""
    data = read_toml(path, EditorialSettingsError)
    problems = Problems(str(path))
    problems.unknown_keys(data, ("rule", "forward", *LISTS))
    rules = {str(c): r for c, spec in (data.get("rule") or {}).items()
             if (r := _rule(str(c), spec, problems)) is not None}
    for code in codes:
        if code not in rules:
            problems.error(f"rule {code}: missing (its severity, ar and fr wording)")
    lists = {k: _words(data.get(k, []), k, problems) for k in LISTS}
    forward = _forward(data.get("forward"), problems)
    problems.done(EditorialSettingsError)
    return EditorialSettings(rules, forward,
                             frozenset(w.casefold() for w in lists["stop_words"]),
                             lists["entrust_words"], lists["resource_words"])
