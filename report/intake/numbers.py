"""What a clerk typed in a count cell -> a whole number, "not available", or the rule it breaks.

The one reader of counts: every sheet that holds counts reads them through ``read_count``,
so one separator rule holds everywhere (the workbook help and the methodology annex state
it in words):

- Counts are whole numbers. An Excel number is taken as it is (12.0 is 12; 12.5 is
  fractional).
- In text, Arabic-Indic and Persian digits are digits, and bidi marks and the spaces around
  the number are dropped.
- Thousands: a dot, a comma, a space (also no-break, narrow no-break, thin), an apostrophe
  or the Arabic thousands separator (U+066C) followed by exactly three digits separates
  thousands, as Moroccan writing does: "2.000" and "2,000" are two thousand, "12 000"
  twelve thousand. All groups after the first have three digits and use one separator.
- Decimals: a dot, a comma or the Arabic decimal separator (U+066B) followed by one, two,
  or four and more digits is a decimal point. Zeros after it are dropped ("12,00" is 12);
  anything else is a fraction, an error for a count.
- The Arabic decimal separator is never a thousands separator, and a space, an apostrophe
  or U+066C is never a decimal point. Any other shape ("1.2.3", "1,00,000", "12 5") is not
  a number.
- The "not available" choice of the workbook's drop-down (or its Arabic or French words
  alone) means the member does not collect this figure: unknown, never 0.

Every reading that needed a rule is reported, so the member sees what was read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from report.language.texts import load_texts

DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
MARKS = re.compile("[\u200e\u200f\u061c]")
MINUS = str.maketrans({"\u2212": "-", "\u2012": "-", "\u2013": "-", "\ufe63": "-",
                       "\uff0d": "-"})
GROUP_SEPARATORS = ".,\u066c' \u00a0\u202f\u2009\u2007\u2019"
DECIMAL_SEPARATORS = ".,\u066b"
SPACES = " \u00a0\u202f\u2009\u2007"
_G = re.escape(GROUP_SEPARATORS)
_D = re.escape(DECIMAL_SEPARATORS)
# sign, first group, then (separator + three digits)*, then an optional decimal part
SHAPE = re.compile(rf"(-?)(\d+)((?:[{_G}]\d{{3}})*)(?:([{_D}])(\d+))?")
WORDS = load_texts("workbook")

# The kind of reading, in the order of what a member should look at first.
PLAIN, TEXT, THOUSANDS, DECIMALS = "plain", "text", "thousands", "decimals"


@dataclass(frozen=True)
class Reading:
    """A cell's count: ``value`` (None when not a count), how it was read, or why not.

    ``problem`` is a rule code of rules.toml (not-a-number, fractional, negative,
    required-empty) or None; ``kind`` says what was needed to read it: PLAIN (an Excel
    number), TEXT (digits typed as text), THOUSANDS (a thousands separator), DECIMALS
    (zero decimals dropped). ``not_available`` marks the "not available" choice.
    """

    value: int | None
    kind: str = PLAIN
    problem: str | None = None
    not_available: bool = False


def not_available_words() -> tuple[str, ...]:
    """The texts that mean "not available": the drop-down choice and its two halves."""
    label = WORDS.label("data.not_available")
    return (choice_text(), label.ar, label.fr)


def choice_text() -> str:
    """The "not available" entry of every count cell's drop-down list."""
    label = WORDS.label("data.not_available")
    return f"{label.ar} / {label.fr}"


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


NA_KEYS = frozenset(_key(w) for w in not_available_words())


def read_count(raw: object) -> Reading:
    """A cell value (as openpyxl gives it) -> the count it holds, by the rule above."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return Reading(None, problem="required-empty")
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        return Reading(None, problem="not-a-number")
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            return Reading(None, problem="not-a-number")
        if not raw.is_integer():
            return Reading(None, problem="fractional")
        raw = int(raw)
    if isinstance(raw, int):
        return Reading(None, problem="negative") if raw < 0 else Reading(raw)
    return read_text(raw)


def read_text(raw: str) -> Reading:
    """Text typed in a count cell -> its count (see the module's rule)."""
    if _key(raw) in NA_KEYS:
        return Reading(None, not_available=True)
    text = MARKS.sub("", raw.translate(DIGITS).translate(MINUS)).strip(SPACES + "\t\n\r")
    m = SHAPE.fullmatch(text)
    if m is None:
        return Reading(None, problem="not-a-number")
    sign, head, groups, point, decimals = m.groups()
    seps = set(re.findall(rf"[{_G}]", groups))
    if len(seps) > 1 or (groups and len(head) > 3):
        return Reading(None, problem="not-a-number")  # "1.000,000.5", "1234.567"
    if point is not None:
        if point in seps:
            return Reading(None, problem="not-a-number")  # "1.000.00": one sign, two roles
        if decimals.strip("0"):
            return Reading(None, problem="fractional")
    value = int(head + re.sub(r"\D", "", groups))
    if sign and value:
        return Reading(None, problem="negative")
    kind = DECIMALS if point is not None else THOUSANDS if groups else TEXT
    return Reading(value, kind)
