"""validate: what clerks type -> counts (parse_count), dates, text rules, rules.toml."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from report.findings import RulesError, load_rules
from report.paths import CATALOGUE, ROOT
from report.validate import Parsed, _as_date, _is_control, parse_count


@pytest.mark.parametrize("raw, expected", [
    (0, Parsed(0)),
    (12, Parsed(12)),
    (12.0, Parsed(12)),
    ("12", Parsed(12, "repaired-number", "12")),
    (" 12 ", Parsed(12, "repaired-number", " 12 ")),
    ("١٢٣", Parsed(123, "repaired-number", "١٢٣")),
    ("۱۲", Parsed(12, "repaired-number", "۱۲")),
    ("1,200", Parsed(1200, "repaired-number", "1,200")),
    ("1.200", Parsed(1200, "repaired-number", "1.200")),
    ("1 200", Parsed(1200, "repaired-number", "1 200")),
    ("1\u202f200\u202f000", Parsed(1200000, "repaired-number", "1\u202f200\u202f000")),
    ("١٬٢٠٠", Parsed(1200, "repaired-number", "١٬٢٠٠")),
    ("12.0", Parsed(12, "repaired-number", "12.0")),
    ("0", Parsed(0, "repaired-number", "0")),
    ("-0", Parsed(0, "repaired-number", "-0")),
])
def test_counts_accepted(raw: object, expected: Parsed) -> None:
    assert parse_count(raw) == expected


@pytest.mark.parametrize("raw, code", [
    (None, "required-empty"),
    ("", "required-empty"),
    ("  \u00a0", "required-empty"),
    (-1, "negative"),
    (-2.0, "negative"),
    ("-5", "negative"),
    ("\u22125", "negative"),  # the minus sign U+2212
    (2.5, "fractional"),
    ("2,5", "fractional"),
    ("12.34", "fractional"),
    ("abc", "not-a-number"),
    ("12 ضحية", "not-a-number"),
    ("1,20", "fractional"),
    ("1,2000", "fractional"),
    ("1,200.5", "not-a-number"),
    ("-", "not-a-number"),
    (True, "not-a-number"),
    (float("nan"), "not-a-number"),
    (dt.datetime(2025, 1, 1), "not-a-number"),
])
def test_counts_rejected(raw: object, code: str) -> None:
    parsed = parse_count(raw)
    assert parsed.value is None
    assert parsed.code == code


@pytest.mark.parametrize("raw, expected", [
    (dt.datetime(2025, 3, 15, 10, 0), dt.date(2025, 3, 15)),
    (dt.date(2025, 3, 15), dt.date(2025, 3, 15)),
    ("2025-03-15", dt.date(2025, 3, 15)),
    ("15/03/2025", dt.date(2025, 3, 15)),
    ("١٥/٠٣/٢٠٢٥", dt.date(2025, 3, 15)),
    (45731, dt.date(2025, 3, 15)),
    ("31/02/2025", None),
    ("mars 2025", None),
    (True, None),
])
def test_dates(raw: object, expected: dt.date | None) -> None:
    assert _as_date(raw) == expected


@pytest.mark.parametrize("ch, bad", [
    ("\u202e", True), ("\u2066", True), ("\x07", True), ("\ufeff", True),
    ("\n", False), ("\u200f", False), ("ع", False), ("\u0640", False),
])
def test_control_characters(ch: str, bad: bool) -> None:
    assert _is_control(ch) is bad


def test_every_rule_code_used_in_code_has_wording() -> None:
    rules = load_rules(CATALOGUE / "rules.toml")
    source = "".join((ROOT / "report" / f).read_text("utf-8")
                     for f in ("intake.py", "validate.py", "gather.py"))
    used = set(re.findall(r'"([a-z]+(?:-[a-z]+)+)"', source)) | {"macros", "negative", "formula",
                                                                 "fractional"}
    assert len(used) >= 30
    assert used == rules.table.keys()


def test_bad_rules_are_all_reported_at_once(tmp_path: Path) -> None:
    text = (CATALOGUE / "rules.toml").read_text("utf-8")
    text = text.replace('severity = "error"', 'severity = "fatal"', 1)
    text = text.replace("yoy_min_change = 10", "yoy_minimum = 10")
    text = text.replace("({value})", "({valeur})", 1)
    (tmp_path / "rules.toml").write_text(text, "utf-8")
    with pytest.raises(RulesError) as err:
        load_rules(tmp_path / "rules.toml")
    msg = str(err.value)
    assert "severity" in msg and "yoy_min_change" in msg and "yoy_minimum" in msg
    assert "valeur" in msg
