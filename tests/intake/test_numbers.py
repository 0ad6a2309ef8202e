"""numbers: the one rule for every separator, "not available", and what is not a count."""

from __future__ import annotations

import datetime as dt

import pytest

from report.intake.numbers import DECIMALS, PLAIN, TEXT, THOUSANDS, Reading, choice_text, read_count


@pytest.mark.parametrize("raw, value, kind", [
    (0, 0, PLAIN),
    (12, 12, PLAIN),
    (12.0, 12, PLAIN),
    ("12", 12, TEXT),
    (" 12 ", 12, TEXT),
    ("\u200f12\u200e", 12, TEXT),
    ("١٢٣", 123, TEXT),
    ("۱۲", 12, TEXT),
    ("0", 0, TEXT),
    ("-0", 0, TEXT),
    # a separator followed by exactly three digits separates thousands (Moroccan writing)
    ("2.000", 2000, THOUSANDS),
    ("12,000", 12000, THOUSANDS),
    ("1,200", 1200, THOUSANDS),
    ("1.200", 1200, THOUSANDS),
    ("1 200", 1200, THOUSANDS),
    ("1\u00a0200", 1200, THOUSANDS),
    ("1\u202f200\u202f000", 1200000, THOUSANDS),
    ("1\u2009200", 1200, THOUSANDS),
    ("1'200", 1200, THOUSANDS),
    ("١٬٢٠٠", 1200, THOUSANDS),
    ("1.234.567", 1234567, THOUSANDS),
    # one or two (or four and more) digits after it: a decimal point; zeros are dropped
    ("12.0", 12, DECIMALS),
    ("12,00", 12, DECIMALS),
    ("2.0000", 2, DECIMALS),
    ("1.000,00", 1000, DECIMALS),
    ("2٫000", 2, DECIMALS),  # the Arabic decimal separator is never a thousands separator
])
def test_counts_read(raw: object, value: int, kind: str) -> None:
    assert read_count(raw) == Reading(value, kind)


@pytest.mark.parametrize("raw, code", [
    (None, "required-empty"),
    ("", "required-empty"),
    ("  \u00a0", "required-empty"),
    (-1, "negative"),
    (-2.0, "negative"),
    ("-5", "negative"),
    ("\u22125", "negative"),  # the minus sign U+2212
    ("-2.000", "negative"),
    (2.5, "fractional"),
    ("2,5", "fractional"),
    ("12.34", "fractional"),
    ("1,20", "fractional"),
    ("1,2000", "fractional"),
    ("1,200.5", "fractional"),
    ("٢٫٥", "fractional"),
    ("abc", "not-a-number"),
    ("12 ضحية", "not-a-number"),
    ("-", "not-a-number"),
    ("1.2.3", "not-a-number"),
    ("1,00,000", "not-a-number"),  # groups of two: not this rule's writing
    ("12 5", "not-a-number"),  # a space is never a decimal point
    ("1.000.00", "not-a-number"),  # one sign in two roles
    ("1.000,000", "not-a-number"),  # two thousands separators
    ("1234.567", "not-a-number"),  # a first group of four digits
    ("1٬5", "not-a-number"),  # the Arabic thousands separator is never a decimal point
    ("n.d.", "not-a-number"),
    (True, "not-a-number"),
    (float("nan"), "not-a-number"),
    (dt.datetime(2025, 1, 1), "not-a-number"),
])
def test_not_counts(raw: object, code: str) -> None:
    reading = read_count(raw)
    assert reading.value is None and not reading.not_available
    assert reading.problem == code


@pytest.mark.parametrize("raw", [choice_text(), "غير متوفر", " غير  متوفر ", "non disponible",
                                 "Non Disponible", f" {choice_text()} "])
def test_not_available(raw: str) -> None:
    assert read_count(raw) == Reading(None, not_available=True)


def test_not_available_is_neither_zero_nor_blank() -> None:
    assert read_count(choice_text()) != read_count(0)
    assert read_count(choice_text()) != read_count(None)
    assert "/" in choice_text() and "غير متوفر" in choice_text()
