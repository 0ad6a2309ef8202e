"""Submission -> MemberData (accepted figures and activities) + findings.

Each rule yields findings with member, file, sheet, cell and an Arabic message; severity
and wording come from inputs/catalogue/rules.toml. A rejected figure is left out of the
MemberData, so a draft can show it as "not received" and a final build refuses to run.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from report.catalogue import Catalogue, Indicator
from report.findings import Finding, Rules
from report.intake import Submission
from report.layout import (
    ACTIVITY_COLS,
    ACTIVITY_FIELDS,
    ACTIVITY_FIRST_ROW,
    KEY_COL,
    SHEET_ACTIVITIES,
    SHEET_DATA,
    SHEET_HELP,
    SHEET_STAMP,
    TEMPLATE_VERSION,
    Slot,
    data_slots,
)
from report.records import Activity, Figure, MemberData, Source

DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
SPACES = re.compile(r"[\s\u00a0\u202f\u200e\u200f\u061c]+")
GROUPED = re.compile(r"\d{1,3}(?:([,.\u066c' ])\d{3})(?:\1\d{3})*")
DECIMAL = re.compile(r"-?\d+[.,\u066b]\d+")
INTEGER = re.compile(r"-?\d+")
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
MARKUP = re.compile(r"<\s*[a-zA-Z/!]|\{\{|\{%|file://|javascript:", re.I)
REQUIRED_ACTIVITY = ("axis", "measure", "title")
SHEETS_EXPECTED = {SHEET_HELP: "visible", SHEET_DATA: "visible", SHEET_ACTIVITIES: "visible",
                   SHEET_STAMP: "veryHidden", "_lists": "hidden"}


@dataclass(frozen=True)
class Parsed:
    value: int | None
    code: str | None = None  # the finding to raise, if any
    shown: object = None  # what to show in the finding


def parse_count(raw: object) -> Parsed:
    """What a clerk typed -> a count, or the rule it breaks. Clear repairs are warnings."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return Parsed(None, "required-empty")
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        return Parsed(None, "not-a-number", raw)
    if isinstance(raw, float):
        if not raw.is_integer():
            return Parsed(None, "fractional", raw)
        raw = int(raw)
    if isinstance(raw, int):
        return Parsed(None, "negative", raw) if raw < 0 else Parsed(raw)
    return _parse_text(raw)


def _parse_text(raw: str) -> Parsed:
    text = SPACES.sub(" ", raw.translate(DIGITS)).strip()
    if INTEGER.fullmatch(text) or GROUPED.fullmatch(text):
        value = int(re.sub(r"\D", "", text)) * (-1 if text.startswith("-") else 1)
        if value < 0:
            return Parsed(None, "negative", raw)
        return Parsed(value, "repaired-number", raw)
    if DECIMAL.fullmatch(text):
        return Parsed(None, "fractional", raw)
    return Parsed(None, "not-a-number", raw)


class Checker:
    """Runs the rules over one submission, collecting findings as it goes."""

    def __init__(self, cat: Catalogue, rules: Rules, sub: Submission, year: int) -> None:
        self.cat, self.rules, self.sub, self.year = cat, rules, sub, year
        self.findings: list[Finding] = []

    def add(self, code: str, sheet: str = "", cell: str = "", value: object = "",
            expected: object = "", other: object = "") -> None:
        self.findings.append(self.rules.finding(code, self.sub.member, self.sub.file, sheet, cell,
                                                value, expected, other))

    # -- workbook level -------------------------------------------------------------
    def stamp_ok(self) -> bool:
        stamp, sub = self.sub.stamp, self.sub
        if not stamp or stamp.get("template_version") is None:
            self.add("stamp-missing", SHEET_STAMP)
            return False
        if str(stamp["template_version"]) != TEMPLATE_VERSION:
            self.add("stamp-version", SHEET_STAMP, "B1", stamp["template_version"], TEMPLATE_VERSION)
            return False
        ok = True
        if str(stamp.get("year")) != str(self.year):
            self.add("wrong-year", SHEET_STAMP, "B2", stamp.get("year"), self.year)
            ok = False
        if sub.member not in {m.code for m in self.cat.members}:
            self.add("unknown-member", SHEET_STAMP, "B3", sub.member)
            return False
        if sub.file_member != sub.member:
            self.add("wrong-member", SHEET_STAMP, "B3", sub.member, sub.file_member)
            ok = False
        return ok

    def sheets_ok(self) -> bool:
        states = {s.name: s.state for s in self.sub.sheets}
        ok = True
        for name, state in SHEETS_EXPECTED.items():
            if name not in states and name != "_lists":
                self.add("sheet-missing", name, expected=name)
                ok = False
            elif name in states and state == "visible" and states[name] != "visible":
                self.add("sheet-hidden", name, value=name)
        for name in states.keys() - SHEETS_EXPECTED.keys():
            self.add("sheet-hidden", name, value=name)
        for sheet, ranges in self.sub.merged.items():
            if ranges:
                self.add("merged-cells", sheet, ranges[0].split(":")[0], ", ".join(ranges[:3]))
        return ok

    # -- data sheet ----------------------------------------------------------------
    def layout_ok(self, slots: tuple[Slot, ...]) -> bool:
        for slot in slots:
            seen = self.sub.data.get(slot.row, (None, None))[0]
            if seen != slot.key:
                self.add("layout-shifted", SHEET_DATA, f"{KEY_COL}{slot.row}", seen, slot.key)
                return False
        return True

    def figures(self, slots: tuple[Slot, ...]) -> dict[str, Figure]:
        out: dict[str, Figure] = {}
        for slot in (s for s in slots if s.is_input):
            raw = self.sub.data[slot.row][1]
            cached = self.sub.formulas.get((SHEET_DATA, slot.cell))
            if cached is False:
                self.add("formula-no-value", SHEET_DATA, slot.cell, "=…")
                continue
            parsed = parse_count(raw)
            if cached and parsed.value is not None:
                self.add("formula", SHEET_DATA, slot.cell, parsed.value)
            if parsed.code:
                self.add(parsed.code, SHEET_DATA, slot.cell, parsed.shown, parsed.value)
            if parsed.value is not None:
                src = Source(self.sub.member, self.sub.file, SHEET_DATA, slot.cell)
                out[slot.key] = Figure(slot.key, parsed.value, src)
        return out

    def sums(self, figures: dict[str, Figure], slots: tuple[Slot, ...]) -> None:
        for ind in self.cat.indicators_of(self.sub.member):
            total = figures.get(f"{ind.code}.total")
            if total is None:
                continue
            for b in ind.breakdowns:
                keys = [f"{ind.code}.{b.dimension.code}.{c.code}" for c in b.dimension.categories]
                if any(k not in figures for k in keys):
                    continue
                parts = sum(figures[k].value for k in keys)
                bad = parts != total.value if b.rule == "equal" else parts < total.value
                if bad:
                    code = "sum-mismatch" if b.rule == "equal" else "sum-below-total"
                    self.add(code, SHEET_DATA, total.source.cell, parts, total.value,
                             b.dimension.label.ar)

    def yoy(self, figures: dict[str, Figure], previous: Mapping[str, int]) -> None:
        limit = self.rules.limits.yoy_threshold
        for key, fig in figures.items():
            before = previous.get(key)
            if key.endswith(".total") and before and abs(fig.value - before) > limit * before:
                self.add("yoy-change", SHEET_DATA, fig.source.cell, fig.value, before)

    # -- activities ----------------------------------------------------------------
    def activities(self) -> tuple[Activity, ...]:
        out = []
        for offset, row in enumerate(self.sub.activities):
            r = ACTIVITY_FIRST_ROW + offset
            cells = dict(zip(ACTIVITY_FIELDS, row, strict=False))
            if all(v is None or str(v).strip() == "" for v in row):
                continue
            act = self._activity(r, cells)
            if act:
                out.append(act)
        if not out:
            self.add("no-activity", SHEET_ACTIVITIES)
        return tuple(out)

    def _text(self, r: int, col: str, raw: object) -> str:
        text = "" if raw is None else str(raw).strip()
        cell, limit = f"{col}{r}", self.rules.limits.max_text_chars
        if len(text) > limit:
            self.add("text-too-long", SHEET_ACTIVITIES, cell, len(text), limit)
            text = text[:limit]
        bad = sorted({f"U+{ord(ch):04X}" for ch in text if _is_control(ch)})
        if bad:
            self.add("control-chars", SHEET_ACTIVITIES, cell, " ".join(bad))
            text = "".join(ch for ch in text if not _is_control(ch))
        found = MARKUP.search(text)
        if found:
            self.add("markup-in-text", SHEET_ACTIVITIES, cell, found.group(0))
        return text

    def _activity(self, r: int, cells: dict[str, object]) -> Activity | None:
        cols = dict(zip(ACTIVITY_FIELDS, ACTIVITY_COLS, strict=True))
        texts = {k: self._text(r, cols[k], cells.get(k)) for k in ACTIVITY_FIELDS if k != "date"}
        missing = [k for k in REQUIRED_ACTIVITY if not texts[k]]
        for k in missing:
            self.add("activity-incomplete", SHEET_ACTIVITIES, f"{cols[k]}{r}", expected=k)
        axis = texts["axis"].split("—")[0].strip()
        measure = texts["measure"].split("—")[0].strip()
        ok = not missing
        if axis and axis not in {a.code for a in self.cat.plan.axes}:
            self.add("activity-bad-choice", SHEET_ACTIVITIES, f"A{r}", texts["axis"])
            ok = False
        if measure and (self.cat.plan.measure(measure) is None or not measure.startswith(axis)):
            self.add("activity-bad-choice", SHEET_ACTIVITIES, f"B{r}", texts["measure"])
            ok = False
        date = self._date(r, cells.get("date"))
        if not ok:
            return None
        src = Source(self.sub.member, self.sub.file, SHEET_ACTIVITIES, f"A{r}")
        return Activity(self.sub.member, axis, measure, texts["title"], texts["description"],
                        texts["partners"], texts["beneficiaries"], date, src)

    def _date(self, r: int, raw: object) -> dt.date | None:
        if raw is None or raw == "":
            return None
        value = raw.date() if isinstance(raw, dt.datetime) else raw
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value.strip().translate(DIGITS))
            except ValueError:
                value = None
        if not isinstance(value, dt.date) or value.year != self.year:
            self.add("bad-date", SHEET_ACTIVITIES, f"G{r}", raw, self.year)
            return None
        return value


def _is_control(ch: str) -> bool:
    if ch in "\n\t\r":
        return False
    return ch in BIDI_CONTROLS or unicodedata.category(ch) == "Cc"


def validate_submission(cat: Catalogue, rules: Rules, sub: Submission, year: int,
                        previous: Mapping[str, int]) -> tuple[MemberData | None, list[Finding]]:
    """Run every rule on one submission; None when nothing in it can be trusted."""
    chk = Checker(cat, rules, sub, year)
    if not chk.stamp_ok() or not chk.sheets_ok():
        return None, chk.findings
    slots = data_slots(cat, sub.member)
    figures: dict[str, Figure] = {}
    if chk.layout_ok(slots):
        figures = chk.figures(slots)
        chk.sums(figures, slots)
        chk.yoy(figures, previous)
    return MemberData(sub.member, sub.file, figures, chk.activities()), chk.findings


def cross_checks(cat: Catalogue, rules: Rules, data: Mapping[str, MemberData]) -> Iterator[Finding]:
    """The same indicator reported by two members with different values."""
    for ind in cat.indicators:
        if ind.aggregate != "reference":
            continue
        yield from _disagreements(ind, rules, data)


def _disagreements(ind: Indicator, rules: Rules, data: Mapping[str, MemberData]) -> Iterator[Finding]:
    key = f"{ind.code}.total"
    reported = [(m, data[m].figures[key]) for m in ind.reporters if m in data and key in data[m].figures]
    if len(reported) < 2:
        return
    ref_member, ref = reported[0]
    for member, fig in reported[1:]:
        if fig.value != ref.value:
            yield rules.finding("source-disagreement", member, fig.source.file, fig.source.sheet,
                                fig.source.cell, fig.value, ref.value, ref_member)
