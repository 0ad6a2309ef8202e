"""What a clerk typed in a plan sheet's cell -> a status code, or the indicator's level.

The member's plan sheet (``init``), the review workbook's corrections of a measure and
``check`` read statuses and levels here, one way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from report.figures.plan import PLAN_STATUSES
from report.intake.layout import status_choice
from report.intake.numbers import DECIMALS, DIGITS, TEXT, THOUSANDS, read_count
from report.label import Label
from report.language.texts import load_texts

PLAN_WORDS = load_texts("plan")  # status names
# How a count was read -> the warning that shows the member what was read.
READ_WARNINGS = {TEXT: "repaired-number", THOUSANDS: "read-separator",
                 DECIMALS: "read-separator"}
SPACES = re.compile(r"[\s\u00a0\u202f\u200e\u200f\u061c]+")
PERCENT_SIGN = re.compile(r"\s*[%\u066a]\s*$")


def _folded(text: str) -> str:
    return SPACES.sub(" ", text.replace("\u0640", "")).strip().casefold()


def parse_status(raw: object) -> str | None:
    """The status code a cell names: the drop-down text, its Arabic or French half, or the
    code itself; None when it names none."""
    text = _folded(str(raw))
    for code in PLAN_STATUSES:
        label = PLAN_WORDS.label(f"status.{code}")
        if text in {_folded(x) for x in (status_choice(code), label.ar, label.fr, code)}:
            return code
    return None


def status_words(code: str) -> Label:
    return PLAN_WORDS.label(f"status.{code}")


@dataclass(frozen=True)
class Level:
    """A plan indicator's value as parse_level reads it (counts or percentages)."""

    value: float | None
    code: str | None = None
    shown: object = None


def parse_level(raw: object, unit: str) -> Level:
    """A plan indicator's value: a count as report/intake/numbers.py reads every count, or a
    percentage (decimals allowed, a trailing % sign too)."""
    if unit == "count":
        reading = read_count(raw)
        if reading.not_available:  # the plan sheet asks for a level, not a figure
            return Level(None, "plan-value-invalid", raw)
        return Level(reading.value, reading.problem or READ_WARNINGS.get(reading.kind), raw)
    if isinstance(raw, str):
        text = PERCENT_SIGN.sub("", SPACES.sub(" ", raw.translate(DIGITS)).strip())
        try:
            number = float(text.replace("\u066b", ".").replace(",", "."))
        except ValueError:
            number = float("nan")
        if number != number:
            return Level(None, "plan-value-invalid", raw)
        return Level(number, "repaired-number", raw)
    if isinstance(raw, bool) or not isinstance(raw, int | float) or raw != raw:
        return Level(None, "plan-value-invalid", raw)
    return Level(raw)
