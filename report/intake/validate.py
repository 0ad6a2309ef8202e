"""Submission -> MemberData (accepted figures and activities, each with its cell) + findings.

Each rule yields findings with member, file, sheet, cell and an Arabic message; severity
and wording come from inputs/catalogue/rules.toml. A rejected figure is left out of the
MemberData, so a draft can show it as "not received" and a final build refuses to run.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping

from report import fonts
from report.figures.plan import PLAN_STATUSES, went_back
from report.figures.records import Activity, Figure, MemberData, PlanReport, Source, Translation
from report.figures.status import Status
from report.figures.texts import other_lang, text_key, written_in
from report.findings import Finding
from report.intake.layout import (
    ACTIVITY_COLS,
    ACTIVITY_FIELDS,
    ACTIVITY_FIRST_ROW,
    ACTIVITY_TEXTS,
    KEY_COL,
    OTHER,
    PLAN_FIELDS,
    PLAN_FIRST_ROW,
    PLAN_INPUTS,
    SHEET_ACTIVITIES,
    SHEET_DATA,
    SHEET_LISTS,
    SHEET_PLAN,
    SHEET_STAMP,
    STAMP_CELLS,
    TEMPLATE_VERSION,
    PlanRow,
    Slot,
    data_slots,
    has_other_language,
    plan_col,
    plan_rows,
    readable_version,
    template_sheets,
)
from report.intake.numbers import DIGITS, read_count
from report.intake.plan_cells import READ_WARNINGS, parse_level, parse_status, status_words
from report.intake.read import Submission
from report.label import Label
from report.language.texts import load_texts
from report.settings.catalogue import Catalogue, Indicator, Measure
from report.settings.rules import Rules

DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")
MARKUP = re.compile(r"<\s*[a-zA-Z/!?]|\{\{|\{%|\{#|file:|javascript:|data:text/html", re.I)
WORDS = load_texts("workbook")  # column headings and choices named in findings
REQUIRED_ACTIVITY = ("axis", "measure", "title")
TECHNICAL_SHEETS = {SHEET_STAMP, SHEET_LISTS}  # hidden by the template
# printed as is, in their own language or as the other language's version
RENDERED_ACTIVITY = (*ACTIVITY_TEXTS, *(f + OTHER for f in ACTIVITY_TEXTS))
SHOWN_CHARS = 40  # of a text quoted in a finding
# Repairs that say nothing about the figure itself, worded in the plural when grouped (every
# other kind of warning is grouped too: Checker.group_warnings).
GROUPED = {"repaired-number": "repaired-numbers", "repaired-date": "repaired-dates"}
CELLS_LISTED = 6  # cells named in a grouped finding; the rest are counted
NEEDS_VALUE = ("in_progress", "delayed", "done")
NEEDS_COMMENT = ("delayed", "dropped")


# Cc (C0 and C1 controls but tab, line feed, carriage return), Cs (lone surrogates) and
# BIDI_CONTROLS: one regex scans a text at C speed instead of a call per character.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff"
                     + "".join(sorted(BIDI_CONTROLS)) + "]")


def _is_control(ch: str) -> bool:
    return CONTROL.match(ch) is not None


class Checker:
    """Runs the rules over one submission, collecting findings as it goes."""

    def __init__(self, cat: Catalogue, rules: Rules, sub: Submission, year: int) -> None:
        self.cat, self.rules, self.sub, self.year = cat, rules, sub, year
        self.findings: list[Finding] = []
        # the member's own versions of its texts in the other language (version 4 on)
        self.other_language = has_other_language(sub.stamp.get("template_version"))
        self.translations: dict[str, Translation] = {}

    def add(self, code: str, sheet: str = "", cell: str = "", value: object = "",
            expected: object = "", other: object = "") -> None:
        self.findings.append(self.rules.finding(code, self.sub.member, self.sub.file, sheet, cell,
                                                value, expected, other))

    # -- workbook level -------------------------------------------------------------
    def stamp_ok(self) -> bool:
        """The hidden stamp: there, whole, unedited, this year's and this file's member."""
        stamp, sub = self.sub.stamp, self.sub
        if not stamp:
            self.add("stamp-missing", SHEET_STAMP)
            return False
        blank = [k for k in STAMP_CELLS if _blank(stamp.get(k))]
        for key in blank:
            self.add("stamp-blank", SHEET_STAMP, STAMP_CELLS[key],
                     expected=WORDS.label(f"stamp.{key}"))
        if blank:
            return False
        version = str(stamp["template_version"]).strip()
        if not readable_version(version):
            self.add("stamp-version", SHEET_STAMP, STAMP_CELLS["template_version"], version,
                     TEMPLATE_VERSION)
            return False
        ok = self._stamp_year(stamp["year"])
        codes = {m.code for m in self.cat.members}
        if sub.member not in codes:
            self.add("unknown-member", SHEET_STAMP, STAMP_CELLS["member"], sub.member)
            return False
        if sub.file_member != sub.member:
            self.add("wrong-member", SHEET_STAMP, STAMP_CELLS["member"], sub.member,
                     sub.file_member, self.cat.member(sub.member).name)
            ok = False
        elif stamp["member"] != sub.member:  # "pmp", " PMP": same member, edited by hand
            self.add("stamp-edited", SHEET_STAMP, STAMP_CELLS["member"], stamp["member"],
                     sub.member)
        return ok

    def _stamp_year(self, raw: object) -> bool:
        whole = raw if isinstance(raw, int) and not isinstance(raw, bool) else None
        if isinstance(raw, float) and raw.is_integer():
            whole = int(raw)
        text = str(raw).strip().translate(DIGITS)
        if whole != self.year and text != str(self.year):
            self.add("wrong-year", SHEET_STAMP, STAMP_CELLS["year"], raw, self.year)
            return False
        if not isinstance(raw, int) or isinstance(raw, bool):  # "2025" typed over 2025
            self.add("stamp-edited", SHEET_STAMP, STAMP_CELLS["year"], raw, self.year)
        return True

    def sheets_ok(self) -> bool:
        states = {s.name: s.state for s in self.sub.sheets}
        template = set(template_sheets(self.cat, self.sub.member, self.year))
        ok = True
        for name in sorted(template):
            if name not in states:
                self.add("sheet-missing", name, expected=name)
                ok = False
            elif states[name] != "visible":
                self.add("sheet-hidden", name, value=name)
        for name in sorted(states.keys() - template - TECHNICAL_SHEETS):
            self.add("sheet-unexpected" if states[name] == "visible" else "sheet-hidden",
                     name, value=name)
        for sheet, ranges in sorted(self.sub.merged.items()):
            if ranges:
                self.add("merged-cells", sheet, ranges[0].split(":")[0], ", ".join(ranges[:3]))
        return ok

    # -- data sheet ----------------------------------------------------------------
    def layout_ok(self, slots: tuple[Slot, ...]) -> bool:
        for slot in slots:
            seen = self.sub.data.get(slot.row, (None, None))[0]
            if (seen.strip() if isinstance(seen, str) else seen) != slot.key:
                cell = f"{KEY_COL}{slot.row}"
                self.add("layout-shifted", SHEET_DATA, cell, seen, slot.key)
                return False
        return True

    def figures(self, slots: tuple[Slot, ...]) -> dict[str, Figure]:
        """Every input cell read by the one count rule (report/intake/numbers.py)."""
        out: dict[str, Figure] = {}
        for slot in (s for s in slots if s.is_input):
            fig = self._figure(slot, self.sub.data[slot.row][1])
            if fig is not None:
                out[slot.key] = fig
        return out

    def _marked_not_available(self, slot: Slot, raw: object) -> bool | None:
        """The "not available" cell beside a count (template 4, column E): True when chosen
        and the count is empty, None when a count is there too (an error), else False."""
        mark = self.sub.marked.get(slot.row)
        if mark is None:
            return False
        if not read_count(mark).not_available:
            self.add("not-available-invalid", SHEET_DATA, slot.na_cell, mark)
            return False
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return True
        self.add("value-and-not-available", SHEET_DATA, slot.cell, raw, slot.na_cell)
        return None

    def _figure(self, slot: Slot, raw: object) -> Figure | None:
        cached = self.sub.formulas.get((SHEET_DATA, slot.cell))
        if cached is False:
            self.add("formula-no-value", SHEET_DATA, slot.cell, "=…")
            return None
        marked = self._marked_not_available(slot, raw)
        src = Source(self.sub.member, self.sub.file, SHEET_DATA, slot.cell)
        if marked is None:
            return None
        if marked:
            return Figure(slot.key, None, src, Status.NOT_AVAILABLE)
        reading = read_count(raw)
        if cached and (reading.value is not None or reading.not_available):
            self.add("formula", SHEET_DATA, slot.cell, raw)
        if reading.not_available:
            return Figure(slot.key, None, src, Status.NOT_AVAILABLE)
        if reading.problem or reading.value is None:
            self.add(reading.problem or "not-a-number", SHEET_DATA, slot.cell, raw)
            return None
        ceiling = self.cat.indicator(slot.indicator).ceiling
        if reading.value > ceiling:
            self.add("above-ceiling", SHEET_DATA, slot.cell, raw, ceiling, reading.value)
            return None
        warning = READ_WARNINGS.get(reading.kind)
        if warning:
            self.add(warning, SHEET_DATA, slot.cell, raw, reading.value)
        return Figure(slot.key, reading.value, src)

    def sums(self, figures: dict[str, Figure]) -> None:
        """Breakdowns against their total; the finding points at the breakdown's first cell.

        A breakdown with "not available" cells cannot be added up; its known cells must
        still not exceed an "equal" total."""
        for ind in self.cat.indicators_of(self.sub.member):
            total = figures.get(f"{ind.code}.total")
            if total is not None and total.status is Status.NOT_AVAILABLE:
                self._total_not_available(ind, total, figures)
            if total is None or total.value is None:
                continue
            for b in ind.breakdowns:
                keys = [f"{ind.code}.{b.dimension.code}.{c.code}" for c in b.dimension.categories]
                if any(k not in figures for k in keys):
                    continue
                known = [figures[k].value for k in keys if figures[k].value is not None]
                parts = sum(v for v in known if v is not None)
                cell = figures[keys[0]].source.cell
                if len(known) < len(keys):
                    if b.rule == "equal" and parts > total.value:
                        self.add("parts-above-total", SHEET_DATA, cell, parts, total.value,
                                 b.dimension.label)
                    continue
                bad = parts != total.value if b.rule == "equal" else parts < total.value
                if bad:
                    code = "sum-mismatch" if b.rule == "equal" else "sum-below-total"
                    self.add(code, SHEET_DATA, cell, parts, total.value, b.dimension.label)

    def _total_not_available(self, ind: Indicator, total: Figure,
                             figures: Mapping[str, Figure]) -> None:
        """A total marked "not available" beside breakdown cells holding figures: the member
        does count them; its total is wanted (or its breakdown is not available either)."""
        given = [figures[k] for b in ind.breakdowns
                 for k in (f"{ind.code}.{b.dimension.code}.{c.code}"
                           for c in b.dimension.categories)
                 if k in figures and figures[k].value is not None]
        if given:
            self.add("total-na-parts-given", SHEET_DATA, total.source.cell, len(given),
                     given[0].source.cell, ind.label)

    def yoy(self, figures: dict[str, Figure], previous: Mapping[str, int]) -> None:
        """Totals that moved by more than the threshold since the member's own last figure."""
        lim = self.rules.limits
        for key, fig in figures.items():
            before = previous.get(key)
            if not key.endswith(".total") or before is None or fig.value is None:
                continue
            change = abs(fig.value - before)
            if change > lim.yoy_min_change and change > lim.yoy_threshold * before:
                self.add("yoy-change", SHEET_DATA, fig.source.cell, fig.value, before)

    def group_warnings(self) -> None:
        """Warnings of one kind on one sheet -> one finding naming the cells, so that the
        ones that matter stay visible (a year of zeros typed as text is a line or two per
        member). Repairs of form have their own plural wording; any other kind keeps the
        first one's message, followed by the cells where the same was found."""
        groups: dict[tuple[str, str], list[Finding]] = {}
        for f in self.findings:
            if not f.is_error and f.code not in GROUPED.values():
                groups.setdefault((f.code, f.sheet), []).append(f)
        replace: dict[int, Finding] = {}
        drop: set[int] = set()
        for (code, sheet), found in groups.items():
            if len(found) < 2:
                continue
            replace[id(found[0])] = self._grouped(code, sheet, found)
            drop.update(id(f) for f in found[1:])
        self.findings = [replace.get(id(f), f) for f in self.findings if id(f) not in drop]

    def _grouped(self, code: str, sheet: str, found: list[Finding]) -> Finding:
        cells = [f.cell for f in found]
        shown = ", ".join(cells[:CELLS_LISTED]) + (" …" if len(cells) > CELLS_LISTED else "")
        if code in GROUPED:
            return self.rules.finding(GROUPED[code], self.sub.member, self.sub.file, sheet,
                                      cells[0], shown, len(cells), found[0].value)
        others = ", ".join(cells[1:CELLS_LISTED + 1]) + \
            (" …" if len(cells) > CELLS_LISTED + 1 else "")
        tail = self.rules.finding("same-in-cells", self.sub.member, self.sub.file, sheet,
                                  cells[0], others, len(cells) - 1).message
        first = found[0]
        return Finding(code, first.severity, first.member, first.file, sheet, first.cell,
                       first.value, Label(f"{first.message.ar} {tail.ar}",
                                          f"{first.message.fr} {tail.fr}"))

    # -- activities ----------------------------------------------------------------
    def activities(self) -> tuple[Activity, ...]:
        out = []
        for offset, row in enumerate(self.sub.activities):
            r = ACTIVITY_FIRST_ROW + offset
            uncached = [c for c in ACTIVITY_COLS
                        if self.sub.formulas.get((SHEET_ACTIVITIES, f"{c}{r}")) is False]
            for col in uncached:
                self.add("formula-no-value", SHEET_ACTIVITIES, f"{col}{r}", "=…")
            if uncached or all(v is None or str(v).strip() == "" for v in row):
                continue
            act = self._activity(r, dict(zip(ACTIVITY_FIELDS, row, strict=False)))
            if act:
                out.append(act)
        if not out and not any(f.sheet == SHEET_ACTIVITIES for f in self.findings):
            self.add("no-activity", SHEET_ACTIVITIES, f"A{ACTIVITY_FIRST_ROW}")
        return tuple(out)

    def _text(self, r: int, col: str, raw: object, sheet: str = SHEET_ACTIVITIES) -> str:
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        text = "" if raw is None else str(raw).strip()
        cell, limit = f"{col}{r}", self.rules.limits.max_text_chars
        if len(text) > limit:
            self.add("text-too-long", sheet, cell, len(text), limit)
            text = text[:limit]
        bad = sorted({f"U+{ord(ch):04X}" for ch in CONTROL.findall(text)})
        if bad:
            self.add("control-chars", sheet, cell, " ".join(bad[:5]))
            text = CONTROL.sub("", text)
        found = MARKUP.search(text)
        if found:
            self.add("markup-in-text", sheet, cell, found.group(0))
        return text

    def _undrawable(self, cell: str, text: str, sheet: str = SHEET_ACTIVITIES) -> bool:
        """Text the report prints: every character must be one its fonts draw; True (and an
        error) when one is not."""
        bad = fonts.undrawable(text)
        if bad:
            shown = " ".join(f"{c} (U+{ord(c):04X})" for c in bad[:4])
            more = " …" if len(bad) > 4 else ""
            self.add("glyph-missing", sheet, cell, shown + more)
        return bool(bad)

    def _activity(self, r: int, cells: dict[str, object]) -> Activity | None:
        cols = dict(zip(ACTIVITY_FIELDS, ACTIVITY_COLS, strict=True))
        before = len(self.findings)
        texts = {k: self._text(r, cols[k], cells.get(k)) for k in ACTIVITY_FIELDS if k != "date"}
        for k in RENDERED_ACTIVITY:
            self._undrawable(f"{cols[k]}{r}", texts[k])
        for k in REQUIRED_ACTIVITY:
            if not texts[k]:
                self.add("activity-incomplete", SHEET_ACTIVITIES, f"{cols[k]}{r}",
                         expected=WORDS.label(f"activities.head.{k}"))
        axis = texts["axis"].split("—")[0].strip().upper()
        measure = texts["measure"].split("—")[0].strip().upper()
        if axis and axis not in {a.code for a in self.cat.plan.axes}:
            self.add("activity-bad-choice", SHEET_ACTIVITIES, f"{cols['axis']}{r}",
                     texts["axis"], WORDS.label("choice.axis"))
        elif measure and (self.cat.plan.measure(measure) is None
                          or not measure.startswith(f"{axis}.")):
            self.add("activity-bad-choice", SHEET_ACTIVITIES, f"{cols['measure']}{r}",
                     texts["measure"], WORDS.label("choice.measure"))
        date = self._date(f"{cols['date']}{r}", cells.get("date"))
        if any(f.is_error for f in self.findings[before:]):
            return None
        for k in ACTIVITY_TEXTS:
            self._given(texts[k], texts[k + OTHER], f"{cols[k + OTHER]}{r}", SHEET_ACTIVITIES)
        src = Source(self.sub.member, self.sub.file, SHEET_ACTIVITIES, f"A{r}")
        return Activity(self.sub.member, axis, measure, texts["title"], texts["description"],
                        texts["partners"], texts["beneficiaries"], date, src)

    def _given(self, text: str, other: str, cell: str, sheet: str) -> None:
        """The member's own version of ``text`` in the other language, from its optional
        column: kept when it is in the other language, else a warning and set aside."""
        if not other or not self.other_language:
            return
        if not text:
            self.add("translation-without-text", sheet, cell, other[:SHOWN_CHARS])
            return
        source = written_in(text)
        if source is None:  # a text without letters reads the same in both languages
            return
        if written_in(other) != other_lang(source):
            self.add("translation-language", sheet, cell, other[:SHOWN_CHARS])
            return
        self.translations.setdefault(text_key(text), Translation(
            text, other, other_lang(source), "member", f"{self.sub.file} {sheet}!{cell}"))

    # -- national plan -------------------------------------------------------------
    def plan(self, previous: Mapping[str, str]) -> dict[str, PlanReport]:
        """The lead's report on each measure it leads, found by the code in column A.

        ``previous``: last year's status of each measure (measure -> status), for the rule
        on a status going back."""
        out: dict[str, PlanReport] = {}
        seen: dict[str, int] = {}
        for offset, row in enumerate(self.sub.plan):
            r = PLAN_FIRST_ROW + offset
            cells = dict(zip(PLAN_FIELDS, row, strict=False))
            measure = self._plan_measure(r, cells, seen)
            if measure is None:
                continue
            seen[measure.code] = r
            report = self._plan_report(PlanRow(r, measure.code), measure, cells,
                                       previous.get(measure.code))
            if report is not None:
                out[measure.code] = report
        for expected in plan_rows(self.cat, self.sub.member, self.year):
            if expected.measure not in seen:
                self.add("plan-status-missing", SHEET_PLAN, expected.cell("status"),
                         expected=expected.measure)
        return out

    def _plan_measure(self, r: int, cells: Mapping[str, object],
                      seen: Mapping[str, int]) -> Measure | None:
        """The measure a row reports on, or None (an empty row, or a finding)."""
        raw = cells.get("measure")
        code = "" if raw is None else str(raw).strip().upper()
        inputs = [cells.get(k) for k in PLAN_INPUTS]
        if not code and all(v is None or str(v).strip() == "" for v in inputs):
            return None
        cell = f"{plan_col('measure')}{r}"
        measure = self.cat.plan.measure(code)
        if measure is None:
            self.add("plan-unknown-measure", SHEET_PLAN, cell, code or "—")
        elif measure.lead != self.sub.member:
            self.add("plan-not-lead", SHEET_PLAN, cell, code,
                     other=self.cat.member(measure.lead).name)
        elif code in seen:
            self.add("plan-duplicate-measure", SHEET_PLAN, cell, code, seen[code])
        else:
            return measure
        return None

    def _uncached(self, row: PlanRow) -> bool:
        cells = [row.cell(k) for k in PLAN_INPUTS]
        bad = [c for c in cells if self.sub.formulas.get((SHEET_PLAN, c)) is False]
        for cell in bad:
            self.add("formula-no-value", SHEET_PLAN, cell, "=…")
        return bool(bad)

    def _plan_report(self, row: PlanRow, measure: Measure, cells: Mapping[str, object],
                     before: str | None) -> PlanReport | None:
        if self._uncached(row):
            return None
        raw = cells.get("status")
        if raw is None or not str(raw).strip():
            self.add("plan-status-missing", SHEET_PLAN, row.cell("status"), expected=measure.code)
            return None
        status = parse_status(raw)
        if status is None:
            choices = [status_words(s) for s in PLAN_STATUSES]
            self.add("plan-status-invalid", SHEET_PLAN, row.cell("status"), raw,
                     Label("، ".join(c.ar for c in choices), ", ".join(c.fr for c in choices)))
            return None
        if before is not None and went_back(before, status):
            self.add("plan-status-back", SHEET_PLAN, row.cell("status"), raw,
                     status_words(before), self.year - 1)
        value = self._plan_value(row, measure, cells.get("value"), status)
        comment = self._text(row.row, plan_col("comment"), cells.get("comment"), SHEET_PLAN)
        if self._undrawable(row.cell("comment"), comment, SHEET_PLAN):  # printed, as activities
            comment = ""  # the error refuses the final; a draft prints no broken text
        if status in NEEDS_COMMENT and not comment:
            self.add("plan-comment-missing", SHEET_PLAN, row.cell("comment"),
                     expected=status_words(status))
        key = "comment" + OTHER
        other = self._text(row.row, plan_col(key), cells.get(key), SHEET_PLAN)
        self._given(comment, other, row.cell(key), SHEET_PLAN)
        src = Source(self.sub.member, self.sub.file, SHEET_PLAN, row.cell("status"))
        return PlanReport(measure.code, status, value, comment, src)

    def _plan_value(self, row: PlanRow, measure: Measure, raw: object,
                    status: str) -> float | None:
        cell, ind = row.cell("value"), measure.indicator
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if status in NEEDS_VALUE:
                self.add("plan-value-missing", SHEET_PLAN, cell, expected=status_words(status))
            return None
        if self.sub.formulas.get((SHEET_PLAN, cell)):
            self.add("formula", SHEET_PLAN, cell, raw)
        parsed = parse_level(raw, ind.unit)
        if parsed.code:
            self.add(parsed.code, SHEET_PLAN, cell, parsed.shown, parsed.value)
        if parsed.value is None:
            return None
        if parsed.value < 0 or (ind.upper is not None and parsed.value > ind.upper):
            upper = "" if ind.upper is None else f"{ind.upper:g}"
            self.add("plan-value-bounds", SHEET_PLAN, cell, f"{parsed.value:g}", f"0-{upper}")
            return None
        if status == "done" and not ind.reached(parsed.value, ind.target):
            self.add("plan-done-below-target", SHEET_PLAN, cell, f"{parsed.value:g}",
                     f"{ind.target:g}")
        return parsed.value

    def _date(self, cell: str, raw: object) -> dt.date | None:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        value = _as_date(raw)
        if value is None or value.year != self.year:
            self.add("bad-date", SHEET_ACTIVITIES, cell, raw, self.year)
            return None
        if isinstance(raw, str):
            self.add("repaired-date", SHEET_ACTIVITIES, cell, raw, value.isoformat())
        return value


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _as_date(raw: object) -> dt.date | None:
    """A date from a date cell, an Excel serial number, "2025-03-15" or "15/03/2025"."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool) and 1 <= raw < 2958466:
        from openpyxl.utils.datetime import from_excel  # only for serial-number dates

        return from_excel(raw).date()
    if not isinstance(raw, str):
        return None
    text = raw.strip().translate(DIGITS)
    m = DAY_FIRST.fullmatch(text)
    try:
        if m:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def validate_submission(cat: Catalogue, rules: Rules, sub: Submission, year: int,
                        previous: Mapping[str, int],
                        previous_plan: Mapping[str, str] | None = None,
                        ) -> tuple[MemberData | None, list[Finding]]:
    """Run every rule on one submission; None when nothing in it can be trusted.

    ``previous`` is this member's own figures of last year (key -> value), for the
    year-on-year rule; ``previous_plan`` last year's status of each measure (measure ->
    status), for the rule on a status going back.
    """
    chk = Checker(cat, rules, sub, year)
    if not chk.stamp_ok() or not chk.sheets_ok():
        return None, chk.findings
    slots = data_slots(cat, sub.member)
    figures: dict[str, Figure] = {}
    if chk.layout_ok(slots):
        figures = chk.figures(slots)
        chk.sums(figures)
        chk.yoy(figures, previous)
    activities = chk.activities()
    plan = chk.plan(previous_plan or {})
    chk.group_warnings()
    return MemberData(sub.member, sub.file, figures, activities, plan,
                      chk.translations), chk.findings


def cross_checks(cat: Catalogue, rules: Rules, data: Mapping[str, MemberData]) -> Iterator[Finding]:
    """The same indicator reported by two members with different values: both are told."""
    for ind in cat.indicators:
        if ind.aggregate == "reference":
            yield from _disagreements(cat, ind, rules, data)


def _disagreements(cat: Catalogue, ind: Indicator, rules: Rules,
                   data: Mapping[str, MemberData]) -> Iterator[Finding]:
    key = f"{ind.code}.total"
    # a partial reporter (its own territory or field) is complementary, never compared
    reported = [data[m].figures[key] for m in ind.national_reporters
                if m in data and key in data[m].figures and data[m].figures[key].value is not None]
    for i, mine in enumerate(reported):
        for theirs in reported[:i] + reported[i + 1:]:
            if mine.value != theirs.value:
                src = mine.source
                yield rules.finding("source-disagreement", src.member, src.file, src.sheet,
                                    src.cell, mine.value, theirs.value,
                                    cat.member(theirs.source.member).name, indicator=ind.label)
