"""Rule code + where + what was seen -> Finding, with wording and severity from rules.toml.

Findings are data: the CLI, the feedback workbooks and the draft report render the same ones.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int
    max_uncompressed_bytes: int
    max_compression_ratio: int
    max_text_chars: int
    yoy_threshold: float


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    member: str
    file: str
    sheet: str
    cell: str
    value: str
    message_ar: str
    message_fr: str

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


@dataclass(frozen=True)
class Rules:
    """Severity and wording of every rule, plus the limits the checks apply."""

    table: dict[str, dict[str, str]]
    limits: Limits

    def finding(self, code: str, member: str, file: str, sheet: str = "", cell: str = "",
                value: object = "", expected: object = "", other: object = "") -> Finding:
        spec = self.table[code]
        shown = _shorten(value)
        fill = {"value": shown, "expected": expected, "other": other}
        return Finding(code, spec["severity"], member, file, sheet, cell, shown,
                       spec["ar"].format(**fill), spec["fr"].format(**fill))


def _shorten(value: object, limit: int = 60) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def load_rules(path: Path) -> Rules:
    data = tomllib.loads(path.read_text("utf-8"))
    return Rules(table=data["rule"], limits=Limits(**data["limits"]))


def count(findings: list[Finding] | tuple[Finding, ...]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = sum(f.is_error for f in findings)
    return errors, len(findings) - errors
