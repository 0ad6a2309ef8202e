"""Rule code + where + what was seen -> Finding, with wording and severity from rules.toml.

Findings are data: the CLI, the feedback workbooks and the draft report render the same ones.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from report.errors import SettingsError
from report.findings import ERROR, WARNING, Finding
from report.label import LABEL_LANGS, Label
from report.settings.toml import Problems, read_toml

SEVERITIES = (ERROR, WARNING)
PLACEHOLDERS = ("value", "expected", "other", "cell", "indicator")


class RulesError(SettingsError):
    """rules.toml is inconsistent: the tool cannot run."""


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int
    max_uncompressed_bytes: int
    max_compression_ratio: int
    max_zip_entries: int
    max_text_chars: int
    yoy_threshold: float
    yoy_min_change: int


@dataclass(frozen=True)
class Rules:
    """Severity and wording of every rule, plus the limits the checks apply."""

    table: dict[str, dict[str, str]]
    limits: Limits

    def finding(self, code: str, member: str, file: str, sheet: str = "", cell: str = "",
                value: object = "", expected: object = "", other: object = "",
                indicator: object = "") -> Finding:
        """One finding; ``expected``/``other``/``indicator`` may be labels, worded per
        language."""
        spec = self.table[code]
        shown = shorten(value)
        msgs = [spec[lang].format(value=shown, expected=_in(expected, lang),
                                  other=_in(other, lang), cell=cell,
                                  indicator=_in(indicator, lang))
                for lang in LABEL_LANGS]
        return Finding(code, spec["severity"], member, file, sheet, cell, shown, Label(*msgs))


def _in(value: object, lang: str) -> object:
    return getattr(value, lang) if hasattr(value, "ar") and hasattr(value, "fr") else value


def shorten(value: object, limit: int = 60) -> str:
    """A value as text, cut to ``limit`` characters for messages."""
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def load_rules(path: Path) -> Rules:
    """Read rules.toml and check every rule and limit at once; RulesError listing the faults."""
    data = read_toml(path, RulesError)
    problems = Problems(str(path))
    _check(data, problems)
    problems.done(RulesError)
    return Rules(table=data["rule"], limits=Limits(**data["limits"]))


RULE_KEYS = ("severity", "ar", "fr")


def _check(data: dict, problems: Problems) -> None:
    problems.unknown_keys(data, ("limits", "rule"))
    wanted = {f.name for f in fields(Limits)}
    limits = data.get("limits", {})
    for key in sorted(wanted - limits.keys()):
        problems.error(f"limits: missing {key}")
    for key in sorted(limits.keys() - wanted):
        problems.error(f"limits: unknown key {key}")
    if not isinstance(data.get("rule"), dict):
        problems.error("rule: missing (one [rule.<code>] table per rule)")
    for code, spec in data.get("rule", {}).items():
        problems.unknown_keys(spec, RULE_KEYS, f"rule {code}: ")
        if spec.get("severity") not in SEVERITIES:
            problems.error(f"rule {code}: severity must be one of {SEVERITIES}")
        for lang in LABEL_LANGS:
            try:
                spec[lang].format(**dict.fromkeys(PLACEHOLDERS, ""))
            except (KeyError, IndexError, ValueError, AttributeError) as exc:
                problems.error(f"rule {code}: bad or missing {lang} message ({exc!r})")
