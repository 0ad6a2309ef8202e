"""inputs/catalogue/*.toml -> Catalogue: the commission, members, dimensions, indicators (with
their metadata), plan, nouns, disclosure control, population and the international exports.

The catalogue is data the secretariat edits; this module only reads and checks it. Every
fault of every file is collected before stopping (one SettingsError lists them all), and an
unknown key is a warning (logged), never silently ignored.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from report.errors import SettingsError
from report.label import LABEL_LANGS, Label
from report.settings.toml import Problems, read_toml

GROUPS = ("sector", "institution", "association")
RULES = ("equal", "at_least")
AGGREGATES = ("reference", "sum")
UNITS = ("count", "percent")
MIN_YEAR, MAX_YEAR = 2000, 2100  # what a plan period may span when its own is unreadable
FILES = ("commission", "members", "dimensions", "indicators", "plan", "nouns", "terms",
         "disclosure", "population", "exports")
META = ("definition", "legal", "unit", "comparability")
GLOTIP_SECTIONS = ("victims", "prosecuted", "convicted")
SDG_SEX = ("F", "M", "_T")
SDG_AGE = ("Y_GE18", "Y0T17", "_T")


class CatalogueError(SettingsError):
    """The catalogue itself is inconsistent: the tool cannot run."""


@dataclass(frozen=True)
class Fact:
    """A dated fact the report states about the commission (commission.toml [[fact]]): the
    key dates table prints the milestones, the chapters the others; the editor's report
    compares a plan measure's period with the fact of the same act (plan.toml ``act``)."""

    id: str
    date: dt.date  # a year alone is read as its 1 January (``exact`` False)
    exact: bool  # the day is known (a year alone: False)
    text: Label  # may name legal references: {law}, {decree}... (commission.toml [reference])
    milestone: bool  # a row of the key dates table


@dataclass(frozen=True)
class Commission:
    name: Label
    short_name: Label
    secretariat: Label
    acronym: str
    website: str
    green_line: str
    first_report_year: int  # the year the first national report covers
    # legal references, each once in its official form per language: "القانون رقم 27.14",
    # "loi n° 27-14", "الفصل 1-448", "article 448-1"
    references: Mapping[str, Label] = field(default_factory=dict)
    facts: tuple[Fact, ...] = ()

    def report_number(self, year: int) -> int:
        """The n-th national report: the report on ``year``, one report a year."""
        return year - self.first_report_year + 1

    def refs(self, lang: str) -> dict[str, str]:
        """Every legal reference in ``lang``: the placeholders a catalogue text may use
        (and {first_report_year})."""
        return {**{k: v(lang) for k, v in self.references.items()},
                "first_report_year": str(self.first_report_year)}

    def with_refs(self, text: str, lang: str) -> str:
        """``text`` with its {reference} placeholders in ``lang``'s official forms."""
        return text.format(**self.refs(lang)) if "{" in text else text

    def fact(self, id: str) -> Fact | None:
        return next((f for f in self.facts if f.id == id), None)


@dataclass(frozen=True)
class OfficialName:
    """A member's official name from a date on (a government's decree of attributions)."""

    applies_from: dt.date
    name: Label
    to_confirm: str = ""  # why this name is not final yet ("" when it is)


@dataclass(frozen=True)
class Unconfirmed:
    """A catalogue entry a final edition cannot print: a placeholder, or to be confirmed."""

    file: str  # "members", "plan", ...
    entry: str  # the entry's code
    kind: str  # "placeholder" | "to_confirm"
    reason: str  # the catalogue's own words ("" when it gives none)

    def __str__(self) -> str:
        return f"{self.file}.toml: {self.entry}: {self.kind}" + \
            (f" ({self.reason})" if self.reason else "")


@dataclass(frozen=True)
class Member:
    """A seat of the commission: the decree's functional designation and the official names
    of the body holding it over time. ``name`` is the name in force on 31 December of
    ``year`` (the report's year; see Catalogue.in_year), or the latest name."""

    code: str
    group: str
    names: tuple[OfficialName, ...]  # oldest first
    designation: Label | None = None  # "السلطة الحكومية المكلفة ب..." (sectors, associations)
    acronym: str = ""
    placeholder: str = ""  # why this entry stands in for a real one ("" when it does not)
    to_confirm: str = ""
    year: int | None = None
    # its field of action: plan codes (an axis, an objective or a measure) under which its
    # activities fall, besides the measures it leads or partners
    remit: tuple[str, ...] = ()
    independent: bool = False  # constitutionally independent: a recommendation invites it
    own_names: tuple[str, ...] = ()  # its own services and other names ("مفتشية الشغل")

    def names_written(self) -> tuple[str, ...]:
        """Every way the member is written: its official names (both languages, every
        government), its acronym and its own services' names."""
        found = [n.name(lang) for n in self.names for lang in LABEL_LANGS]
        return tuple(dict.fromkeys(x for x in (*found, self.acronym, *self.own_names) if x))

    def in_force(self) -> OfficialName | None:
        """The name in force on 31 December of ``year`` (the latest without a year)."""
        if self.year is None:
            return self.names[-1]
        end = dt.date(self.year, 12, 31)
        return next((n for n in reversed(self.names) if n.applies_from <= end), None)

    def no_name_fault(self) -> str:
        return (f"members: {self.code}: no official name applies in {self.year} (the first "
                f"applies from {self.names[0].applies_from})")

    @property
    def official(self) -> OfficialName:
        found = self.in_force()
        if found is None:
            raise CatalogueError(self.no_name_fault())
        return found

    @property
    def name(self) -> Label:
        return self.official.name

    def unconfirmed(self) -> tuple[Unconfirmed, ...]:
        """This seat's entries a final edition cannot print, for the report's year."""
        found = [("placeholder", self.placeholder), ("to_confirm", self.to_confirm),
                 ("to_confirm", self.official.to_confirm)]
        return tuple(Unconfirmed("members", self.code, kind, why) for kind, why in found if why)


@dataclass(frozen=True)
class Category:
    code: str
    label: Label


@dataclass(frozen=True)
class Dimension:
    code: str
    label: Label
    categories: tuple[Category, ...]


@dataclass(frozen=True)
class Breakdown:
    dimension: Dimension
    rule: str  # "equal" | "at_least"


@dataclass(frozen=True)
class IndicatorMeta:
    """What an indicator counts, printed in the methodology annex and the data package."""

    definition: Label
    legal: Label  # the legal article(s) it rests on
    unit: Label  # the counting unit
    comparability: Label  # what limits comparison across members, years or countries


NO_META = IndicatorMeta(*(Label("", "") for _ in META))


@dataclass(frozen=True)
class Indicator:
    code: str
    label: Label
    noun: str
    aggregate: str
    reporters: tuple[str, ...]
    breakdowns: tuple[Breakdown, ...]
    ceiling: int  # a member's figure above this (total or breakdown cell) is implausible
    # reporters whose figure covers only their own territory or field (the police in cities,
    # the gendarmerie elsewhere): complementary, never the national figure nor compared with it
    partial: tuple[str, ...] = ()
    meta: IndicatorMeta = NO_META

    @property
    def national_reporters(self) -> tuple[str, ...]:
        return tuple(r for r in self.reporters if r not in self.partial)

    def figure_keys(self) -> tuple[str, ...]:
        """Every figure key of the indicator: the total, then each breakdown's categories."""
        return (f"{self.code}.total", *(f"{self.code}.{b.dimension.code}.{c.code}"
                                        for b in self.breakdowns for c in b.dimension.categories))


@dataclass(frozen=True)
class PlanIndicator:
    """What shows a measure's progress: a level at the baseline year, a target at the end of
    the measure's period, and optional yearly milestones."""

    label: Label
    unit: str  # "count" (whole, >= 0) | "percent" (0 to 100)
    baseline: float
    baseline_year: int
    target: float
    targets: Mapping[int, float]  # year -> milestone
    maximum: float | None  # a count that cannot exceed a known number (12 regions)

    @property
    def rising(self) -> bool:
        """True when progress means a higher value (a target above the baseline)."""
        return self.target >= self.baseline

    def reached(self, value: float, target: float) -> bool:
        return value >= target if self.rising else value <= target

    @property
    def upper(self) -> float | None:
        """The largest value the indicator can take, if there is one."""
        return 100.0 if self.unit == "percent" else self.maximum


@dataclass(frozen=True)
class Measure:
    code: str
    label: Label
    axis: str
    objective: str
    lead: str
    partners: tuple[str, ...]
    start: int
    end: int
    indicator: PlanIndicator
    number: str = ""  # "1.2.3": axis, objective and measure by position (both editions)
    act: str = ""  # the commission's dated fact about the same act (commission.toml)

    def due(self, year: int) -> bool:
        """True once the measure's period has begun: from then on its lead reports on it."""
        return self.start <= year

    def target_for(self, year: int, done: bool = False) -> tuple[float, int]:
        """(target, the year it is set for): the milestone of ``year`` when there is one,
        else the target at the end of the period; always the latter for a measure ``done``
        (it is measured against what it was to achieve)."""
        ind = self.indicator
        if year in ind.targets and year < self.end and not done:
            return ind.targets[year], year
        return ind.target, self.end


@dataclass(frozen=True)
class Objective:
    code: str
    label: Label
    measures: tuple[Measure, ...]


@dataclass(frozen=True)
class Axis:
    code: str
    label: Label
    objectives: tuple[Objective, ...]

    @property
    def measures(self) -> tuple[Measure, ...]:
        return tuple(m for o in self.objectives for m in o.measures)


@dataclass(frozen=True)
class Plan:
    title: Label
    start: int
    end: int
    fictitious: bool  # the sample's invented plan: the report says so
    to_confirm: bool  # entered but not yet confirmed against the official text
    axes: tuple[Axis, ...]

    @property
    def measures(self) -> tuple[Measure, ...]:
        return tuple(m for a in self.axes for m in a.measures)

    def measure(self, code: str) -> Measure | None:
        return next((m for m in self.measures if m.code == code), None)

    def number(self, code: str) -> str:
        """A measure's number as both editions print it ("2.3.2"), or the code itself."""
        found = self.measure(code)
        return found.number if found and found.number else code

    def led_by(self, member: str, year: int) -> tuple[Measure, ...]:
        """The measures ``member`` leads whose period has begun by ``year``, in plan order."""
        return tuple(m for m in self.measures if m.lead == member and m.due(year))


@dataclass(frozen=True)
class Term:
    """A notion's preferred term and the variants the report must not use (terms.toml)."""

    preferred: Label
    deprecated: Mapping[str, tuple[str, ...]]  # lang -> variants
    whole_word: bool = False

    def pattern(self, lang: str) -> re.Pattern[str] | None:
        variants = self.deprecated.get(lang, ())
        if not variants:
            return None
        alternatives = "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))
        if self.whole_word:
            # not inside a longer word, but after an Arabic proclitic (و، ف، ب، ل، ك)
            alternatives = rf"(?:(?<!\w)|(?<=\b[وفبلك]))(?:{alternatives})(?!\w)"
        return re.compile(alternatives, 0 if lang == "ar" else re.IGNORECASE)


@dataclass(frozen=True)
class TermHit:
    found: str  # the deprecated variant as it appears
    preferred: str
    context: str  # a few words around it


@dataclass(frozen=True)
class Disclosure:
    """Breakdown cells protected in the public outputs, and the threshold (disclosure.toml)."""

    threshold: int
    indicators: tuple[str, ...]
    dimensions: tuple[str, ...]

    def covers(self, indicator: str, dimension: str | None) -> bool:
        return dimension is not None and indicator in self.indicators \
            and dimension in self.dimensions


@dataclass(frozen=True)
class Population:
    """The population of one year (population.toml): SDG 16.2.2's denominator."""

    year: int
    value: int
    provisional: bool
    source: Label


@dataclass(frozen=True)
class GlotipItem:
    """One row of the UNODC questionnaire table (exports.toml)."""

    section: str  # victims | prosecuted | convicted
    key: str
    en: str  # the item as the questionnaire (English, French) asks for it
    fr: str
    group: str  # forms of exploitation: the Global Report's headline group


@dataclass(frozen=True)
class SdgItem:
    """One row of the SDG 16.2.2 table (exports.toml)."""

    key: str
    series: str
    sex: str
    age: str
    form: str


@dataclass(frozen=True)
class Exports:
    glotip: tuple[GlotipItem, ...]
    sdg: tuple[SdgItem, ...]


@dataclass(frozen=True)
class Catalogue:
    commission: Commission
    members: tuple[Member, ...]
    groups: dict[str, Label]
    dimensions: dict[str, Dimension]
    indicators: tuple[Indicator, ...]
    plan: Plan
    nouns: dict[str, dict[str, dict[str, str]]] = field(repr=False)
    terms: tuple[Term, ...] = ()
    disclosure: Disclosure = Disclosure(5, (), ())
    population: dict[int, Population] = field(default_factory=dict)
    exports: Exports = Exports((), ())

    def deprecated_terms(self, text: str, lang: str) -> tuple[TermHit, ...]:
        """Every deprecated variant of terms.toml in ``text`` (the report's language)."""
        hits = []
        for term in self.terms:
            pattern = term.pattern(lang)
            for m in pattern.finditer(text) if pattern else ():
                around = " ".join(text[max(0, m.start() - 40):m.end() + 40].split())
                hits.append(TermHit(m.group(0), term.preferred(lang), around))
        return tuple(hits)

    def member(self, code: str) -> Member:
        return next(m for m in self.members if m.code == code)

    def indicator(self, code: str) -> Indicator:
        return next(i for i in self.indicators if i.code == code)

    def indicators_of(self, member: str) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if member in i.reporters)

    def in_year(self, year: int) -> Catalogue:
        """This catalogue with every member named as in force on 31 December of ``year``;
        CatalogueError naming every member that has no name in force then."""
        members = tuple(replace(m, year=year) for m in self.members)
        faults = [m.no_name_fault() for m in members if m.in_force() is None]
        if faults:
            raise CatalogueError("; ".join(faults))
        return replace(self, members=members)

    def unconfirmed(self) -> tuple[Unconfirmed, ...]:
        """Every entry a final or print edition cannot print (placeholders, entries to be
        confirmed), in catalogue order."""
        found = [u for m in self.members for u in m.unconfirmed()]
        if self.plan.to_confirm:
            found.append(Unconfirmed("plan", "axes", "to_confirm", ""))
        return tuple(found)

    def figure_label(self, key: str) -> Label:
        """'الضحايا المحددون — نساء' for VICTIMS.sexage.women; the indicator's for a total."""
        code, *rest = key.split(".")
        label = self.indicator(code).label
        if len(rest) != 2:
            return label
        category = next(c for c in self.dimensions[rest[0]].categories if c.code == rest[1])
        return Label(f"{label.ar} — {category.label.ar}", f"{label.fr} — {category.label.fr}")

    def figure_keys(self) -> tuple[str, ...]:
        """Every figure key, in catalogue order."""
        return tuple(k for i in self.indicators for k in i.figure_keys())


class _Reader:
    """Reads one catalogue file's entries, recording faults instead of stopping at the first."""

    def __init__(self, problems: Problems, file: str) -> None:
        self.problems, self.file = problems, file

    def entry(self, data: object, where: str, required: tuple[str, ...],
              optional: tuple[str, ...] = ()) -> dict | None:
        """``data`` as a table with every required key, or None (faults recorded)."""
        where = f"{self.file}: {where}: "
        if not isinstance(data, Mapping):
            self.problems.error(f"{where}not a table")
            return None
        self.problems.unknown_keys(data, (*required, *optional), where)
        return dict(data) if self.problems.require(data, required, where) else None

    def label(self, data: Mapping, where: str) -> Label:
        for lang in LABEL_LANGS:
            if not isinstance(data.get(lang), str) or not data.get(lang, "").strip():
                self.problems.error(f"{self.file}: {where}: {lang}: a text is needed")
        return Label(str(data.get("ar", "")), str(data.get("fr", "")))

    def table(self, data: Mapping, key: str, where: str = "") -> list:
        value = data.get(key)
        if not isinstance(value, list) or not value:
            self.problems.error(f"{self.file}: {where}{key}: missing (a list of [[{key}]] "
                                "tables)")
            return []
        return value


def _commission(r: _Reader, data: dict) -> Commission:
    d = r.entry(data, "file", ("name", "short_name", "secretariat", "acronym", "website",
                                "green_line", "first_report_year"), ("reference", "fact")) or {}
    labels = {k: r.label(d.get(k) or {}, k) for k in ("name", "short_name", "secretariat")}
    for k in labels:
        r.problems.unknown_keys(d.get(k) or {}, LABEL_LANGS, f"commission: {k}.")
    first = d.get("first_report_year", 0)
    if "first_report_year" in d and (isinstance(first, bool) or not isinstance(first, int)
                                     or not 2000 <= first <= 2100):
        r.problems.error("commission: first_report_year must be a year like 2020")
        first = 0
    references = {}
    for key, ref in (data.get("reference") or {}).items():
        if r.entry(ref, f"reference.{key}", LABEL_LANGS) is not None:
            references[str(key)] = r.label(ref, f"reference.{key}")
    facts = tuple(f for f in (_fact(r, f, i, references)
                              for i, f in enumerate(data.get("fact") or [], start=1)) if f)
    return Commission(**labels, acronym=str(d.get("acronym", "")),
                      website=str(d.get("website", "")), green_line=str(d.get("green_line", "")),
                      first_report_year=int(first), references=references, facts=facts)


def _fact(r: _Reader, data: object, i: int, refs: Mapping[str, Label]) -> Fact | None:
    """A [[fact]]: id, date (a date, or a year), ar, fr, milestone; its {references} known."""
    d = r.entry(data, f"fact {i}", ("id", "date", "ar", "fr"), ("milestone",))
    if d is None:
        return None
    value = d["date"]
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        date, exact = value, True
    elif _is_year(value) and MIN_YEAR <= value <= MAX_YEAR:
        date, exact = dt.date(value, 1, 1), False
    else:
        r.problems.error(f"commission: fact {d['id']}: date must be a date like 2023-03-17 "
                         "or a year like 2023")
        return None
    text = r.label(d, f"fact {d['id']}")
    for lang in LABEL_LANGS:
        unknown = set(re.findall(r"\{(\w+)\}", text(lang))) - {*refs, "first_report_year"}
        if unknown:
            r.problems.error(f"commission: fact {d['id']}: {lang}: unknown reference "
                             f"{', '.join(sorted(unknown))} (a [reference.<key>] is needed)")
    return Fact(str(d["id"]), date, exact, text, bool(d.get("milestone", False)))


def _reason(r: _Reader, d: Mapping, key: str, where: str) -> str:
    """A placeholder / to_confirm flag: the reason, a non-empty text ("" when absent)."""
    value = d.get(key, "")
    if not isinstance(value, str) or (key in d and not value.strip()):
        r.problems.error(f"members: {where}: {key}: say why, in a text (or remove the key)")
        return str(value) or "?"
    return value.strip()


def _names(r: _Reader, code: str, data: object) -> tuple[OfficialName, ...]:
    """A member's [[member.name]] entries, checked and sorted by the date they apply from."""
    if not isinstance(data, list) or not data:
        r.problems.error(f"members: {code}: name: at least one [[member.name]] with "
                         "applies_from, ar and fr")
        return ()
    names = []
    for j, n in enumerate(data, start=1):
        d = r.entry(n, f"{code}: name {j}", ("applies_from", "ar", "fr"), ("to_confirm",))
        if d is None:
            continue
        if not isinstance(d["applies_from"], dt.date) or isinstance(d["applies_from"],
                                                                    dt.datetime):
            r.problems.error(f"members: {code}: name {j}: applies_from must be a date like "
                             "2021-10-07")
            continue
        names.append(OfficialName(d["applies_from"], r.label(d, f"{code}: name {j}"),
                                  _reason(r, d, "to_confirm", f"{code}: name {j}")))
    dates = [n.applies_from for n in names]
    if len(set(dates)) != len(dates):
        r.problems.error(f"members: {code}: two names apply from the same date")
    return tuple(sorted(names, key=lambda n: n.applies_from))


def _texts(r: _Reader, d: Mapping, key: str, where: str) -> tuple[str, ...]:
    """An optional list of texts (codes, names)."""
    value = d.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        r.problems.error(f"{r.file}: {where}: {key}: a list of texts is needed")
        return ()
    return tuple(v.strip() for v in value)


def _flag(r: _Reader, d: Mapping, key: str, where: str) -> bool:
    value = d.get(key, False)
    if not isinstance(value, bool):
        r.problems.error(f"{r.file}: {where}: {key} must be true or false")
        return False
    return value


def _members(r: _Reader, data: dict) -> tuple[tuple[Member, ...], dict[str, Label]]:
    r.problems.unknown_keys(data, ("member", "groups"), "members: ")
    members = []
    for i, m in enumerate(r.table(data, "member"), start=1):
        d = r.entry(m, f"member {i}", ("code", "group", "name"),
                    ("designation", "acronym", "placeholder", "to_confirm", "remit",
                     "independent", "own_names"))
        if d is None:
            continue
        code = str(d["code"])
        designation = None
        if "designation" in d:
            r.problems.unknown_keys(d["designation"], LABEL_LANGS, f"members: {code}: designation.")
            designation = r.label(d["designation"] if isinstance(d["designation"], Mapping)
                                  else {}, f"{code}: designation")
        elif d["group"] == "sector":
            r.problems.error(f"members: member {code}: a designation (السلطة الحكومية المكلفة "
                             "ب...) is needed")
        names = _names(r, code, d["name"])
        if names:
            members.append(Member(code, d["group"], names, designation, d.get("acronym", ""),
                                  _reason(r, d, "placeholder", code),
                                  _reason(r, d, "to_confirm", code),
                                  remit=_texts(r, d, "remit", code),
                                  independent=_flag(r, d, "independent", code),
                                  own_names=_texts(r, d, "own_names", code)))
    groups = {}
    for code, g in (data.get("groups") or {}).items():
        d = r.entry(g, f"groups.{code}", LABEL_LANGS)
        if d is not None:
            groups[code] = r.label(d, f"groups.{code}")
    return tuple(members), groups


def _dimensions(r: _Reader, data: dict) -> dict[str, Dimension]:
    r.problems.unknown_keys(data, ("dimension",), "dimensions: ")
    dims = {}
    for code, d in (data.get("dimension") or {}).items():
        d = r.entry(d, f"dimension.{code}", ("ar", "fr", "categories"))
        if d is None:
            continue
        cats = []
        for c in d["categories"]:
            c = r.entry(c, f"dimension.{code}: category", ("code", "ar", "fr"))
            if c is not None:
                cats.append(Category(c["code"], r.label(c, f"{code}.{c['code']}")))
        dims[code] = Dimension(code, r.label(d, f"dimension.{code}"), tuple(cats))
    return dims


def _breakdowns(r: _Reader, ind: str, data: list, dims: dict[str, Dimension]
                ) -> tuple[Breakdown, ...]:
    out = []
    for b in data:
        b = r.entry(b, f"{ind}: breakdown", ("dimension", "rule"))
        if b is None:
            continue
        if b["dimension"] not in dims:
            r.problems.error(f"indicators: {ind}: unknown dimension {b['dimension']}")
            continue
        out.append(Breakdown(dims[b["dimension"]], b["rule"]))
    return tuple(out)


def _indicators(r: _Reader, data: dict, dims: dict[str, Dimension]) -> tuple[Indicator, ...]:
    r.problems.unknown_keys(data, ("indicator",), "indicators: ")
    out = []
    keys = ("code", "ar", "fr", "noun", "aggregate", "reporters", "breakdowns", "ceiling", *META)
    for i, d in enumerate(r.table(data, "indicator"), start=1):
        d = r.entry(d, f"indicator {i}", keys, ("partial",))
        if d is not None:
            out.append(Indicator(d["code"], r.label(d, d["code"]), d["noun"], d["aggregate"],
                                 tuple(d["reporters"]),
                                 _breakdowns(r, d["code"], d["breakdowns"], dims),
                                 _ceiling(r, d["code"], d["ceiling"]),
                                 tuple(d.get("partial", ())), _meta(r, d)))
    return tuple(out)


def _number(r: _Reader, data: Mapping, key: str, where: str) -> float | None:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        r.problems.error(f"{r.file}: {where}: {key}: a number is needed")
        return None
    return value


def _in_bounds(r: _Reader, value: float | None, unit: str, maximum: float | None,
               where: str) -> None:
    """A count is whole and at least 0 (and at most ``maximum``); a percent is 0 to 100."""
    if value is None:
        return
    upper = 100 if unit == "percent" else maximum
    if value < 0 or (upper is not None and value > upper) or \
            (unit == "count" and value != int(value)):
        bounds = "0 to 100" if unit == "percent" else \
            f"a whole number from 0{f' to {maximum:g}' if maximum is not None else ''}"
        r.problems.error(f"{r.file}: {where}: {value:g} is out of bounds ({bounds})")


def _targets(r: _Reader, data: object, where: str) -> dict[int, float]:
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        r.problems.error(f"{r.file}: {where}: targets: a table {{ year = value }} is needed")
        return {}
    out = {}
    for year, value in data.items():
        if not str(year).isdigit() or isinstance(value, bool) or \
                not isinstance(value, int | float):
            r.problems.error(f"{r.file}: {where}: targets: {year} = {value!r}: "
                             "a year and a number are needed")
            continue
        out[int(year)] = value
    return dict(sorted(out.items()))


def _indicator(r: _Reader, data: object, where: str, period: tuple[int, int],
               baseline_year: int) -> PlanIndicator | None:
    where = f"{where}: indicator"
    d = r.entry(data, where, ("ar", "fr", "unit", "baseline", "target"),
                ("targets", "max", "baseline_year"))
    if d is None:
        return None
    unit = d["unit"]
    if unit not in UNITS:
        r.problems.error(f"{r.file}: {where}: unit must be one of {', '.join(UNITS)}")
    maximum = _number(r, d, "max", where) if "max" in d else None
    if maximum is not None and unit != "count":
        r.problems.error(f"{r.file}: {where}: max: only a count has one (a percent stops "
                         "at 100)")
    baseline, target = _number(r, d, "baseline", where), _number(r, d, "target", where)
    targets = _targets(r, d.get("targets"), where)
    for key, value in (("baseline", baseline), ("target", target),
                       *((f"targets.{y}", v) for y, v in targets.items())):
        _in_bounds(r, value, unit, maximum, f"{where}: {key}")
    outside = [y for y in targets if not period[0] <= y <= period[1]]
    if outside:
        r.problems.error(f"{r.file}: {where}: targets: {', '.join(map(str, outside))} outside "
                         f"the period {period[0]}-{period[1]}")
    if baseline is not None and baseline == target:
        r.problems.error(f"{r.file}: {where}: the target equals the baseline")
    year = d.get("baseline_year", baseline_year)
    if baseline is None or target is None:
        return None
    return PlanIndicator(r.label(d, where), unit, baseline, int(year), target, targets, maximum)


def _is_year(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _period(r: _Reader, data: object, where: str, plan: tuple[int, int]) -> tuple[int, int]:
    if isinstance(data, list) and len(data) == 2 and all(map(_is_year, data)) and \
            plan[0] <= data[0] <= data[1] <= plan[1]:
        return int(data[0]), int(data[1])
    r.problems.error(f"{r.file}: {where}: period must be [first year, last year] within "
                     f"{plan[0]}-{plan[1]}, not {data!r}")
    return plan


def _measure(r: _Reader, data: object, axis: str, objective: str, plan: tuple[int, int],
             baseline_year: int) -> Measure | None:
    where = f"objective {objective}: measure"
    d = r.entry(data, where, ("code", "ar", "fr", "lead", "period", "indicator"),
                ("partners", "act"))
    if d is None:
        return None
    where = f"measure {d['code']}"
    if not str(d["code"]).startswith(f"{objective}."):
        r.problems.error(f"{r.file}: {where}: its code must start with {objective}.")
    partners = d.get("partners", [])
    if not isinstance(partners, list) or not all(isinstance(p, str) for p in partners):
        r.problems.error(f"{r.file}: {where}: partners: a list of member codes is needed")
        partners = []
    period = _period(r, d["period"], where, plan)
    indicator = _indicator(r, d["indicator"], where, period, baseline_year)
    if indicator is None:
        return None
    return Measure(str(d["code"]), r.label(d, where), axis, objective, str(d["lead"]),
                   tuple(partners), *period, indicator, act=str(d.get("act", "")))


def _objective(r: _Reader, data: object, axis: str, plan: tuple[int, int],
               baseline_year: int) -> Objective | None:
    d = r.entry(data, f"axis {axis}: objective", ("code", "ar", "fr", "measure"))
    if d is None:
        return None
    code = str(d["code"])
    if not code.startswith(f"{axis}."):
        r.problems.error(f"{r.file}: objective {code}: its code must start with {axis}.")
    measures = [_measure(r, m, axis, code, plan, baseline_year)
                for m in r.table(d, "measure", f"objective {code}: ")]
    return Objective(code, r.label(d, f"objective {code}"),
                     tuple(m for m in measures if m is not None))
def _meta(r: _Reader, d: dict) -> IndicatorMeta:
    labels = []
    for key in META:
        where = f"{d['code']}.{key}"
        m = r.entry(d[key], where, LABEL_LANGS)
        labels.append(r.label(m, where) if m is not None else Label("", ""))
    return IndicatorMeta(*labels)


def _with_refs(meta: IndicatorMeta, commission: Commission) -> IndicatorMeta:
    """An indicator's metadata with its {legal references} in each language's official
    form (commission.toml [reference]), each text starting with a capital."""
    def resolved(label: Label) -> Label:
        texts = []
        for lang in LABEL_LANGS:
            try:
                text = commission.with_refs(label(lang), lang)
            except (KeyError, IndexError, ValueError):
                text = label(lang)  # an unknown reference stays visible as written
            texts.append(text[:1].upper() + text[1:])
        return Label(*texts)
    return IndicatorMeta(*(resolved(getattr(meta, k)) for k in META))


def _disclosure(r: _Reader, data: dict) -> Disclosure:
    d = r.entry(data, "file", ("threshold", "indicators", "dimensions")) or {}
    threshold = d.get("threshold", 0)
    if not isinstance(threshold, int) or isinstance(threshold, bool) or threshold < 3:
        # with 2, a [c] cell could only hold 1: the symbol itself would give the value away
        r.problems.error("disclosure: threshold must be a whole number, 3 or more")
        threshold = 3
    lists = {}
    for key in ("indicators", "dimensions"):
        value = d.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            r.problems.error(f"disclosure: {key} must be a list of codes")
            value = []
        lists[key] = tuple(value)
    return Disclosure(threshold, lists["indicators"], lists["dimensions"])


def _population(r: _Reader, data: dict) -> dict[int, Population]:
    r.problems.unknown_keys(data, ("year",), "population: ")
    out: dict[int, Population] = {}
    for i, y in enumerate(r.table(data, "year"), start=1):
        d = r.entry(y, f"year {i}", ("year", "population", "provisional", "ar", "fr"))
        if d is None:
            continue
        year, value = d["year"], d["population"]
        if not isinstance(year, int) or not isinstance(value, int) or value <= 0:
            r.problems.error(f"population: year {i}: year and population must be whole numbers")
            continue
        if year in out:
            r.problems.error(f"population: {year} given twice")
        out[year] = Population(year, value, bool(d["provisional"]), r.label(d, str(year)))
    return out


def _exports(r: _Reader, data: dict) -> Exports:
    r.problems.unknown_keys(data, ("glotip", "sdg"), "exports: ")
    glotip = []
    for i, g in enumerate(r.table(data, "glotip"), start=1):
        d = r.entry(g, f"glotip {i}", ("section", "key", "en", "fr"), ("group",))
        if d is None:
            continue
        if d["section"] not in GLOTIP_SECTIONS:
            r.problems.error(f"exports: glotip {i}: section must be one of "
                             f"{', '.join(GLOTIP_SECTIONS)}")
        glotip.append(GlotipItem(d["section"], d["key"], d["en"], d["fr"], d.get("group", "")))
    sdg = []
    for i, s in enumerate(r.table(data, "sdg"), start=1):
        d = r.entry(s, f"sdg {i}", ("key", "sex", "age", "form"), ("series",))
        if d is None:
            continue
        if d["sex"] not in SDG_SEX or d["age"] not in SDG_AGE:
            r.problems.error(f"exports: sdg {i}: sex must be one of {', '.join(SDG_SEX)} and "
                             f"age one of {', '.join(SDG_AGE)}")
        sdg.append(SdgItem(d["key"], d.get("series", ""), d["sex"], d["age"], d["form"]))
    return Exports(tuple(glotip), tuple(sdg))


def _ceiling(r: _Reader, ind: str, value: object) -> int:
    """A whole number above 0 (bool is no number here)."""
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        r.problems.error(f"indicators: {ind}: ceiling must be a whole number above 0, "
                         f"not {value!r}")
        return 0
    return value


def _plan(r: _Reader, data: dict) -> Plan:
    r.entry(data, "file", ("title_ar", "title_fr", "start", "end", "baseline_year", "axis"),
            ("fictitious", "to_confirm"))
    d = data if isinstance(data, Mapping) else {}  # read on: every fault is listed at once
    found = [d.get(k) for k in ("start", "end", "baseline_year")]
    years = [y for y in found if isinstance(y, int) and _is_year(y)]
    if len(years) != len(found):
        r.problems.error(f"{r.file}: start, end and baseline_year must be years")
        years = [MIN_YEAR, MAX_YEAR, MIN_YEAR]
    start, end, baseline_year = years
    if start > end:
        r.problems.error(f"{r.file}: start {start} is after end {end}")
    axes = []
    for i, a in enumerate(r.table(d, "axis"), start=1):
        a = r.entry(a, f"axis {i}", ("code", "ar", "fr", "objective"))
        if a is None:
            continue
        objectives = [_objective(r, o, str(a["code"]), (start, end), baseline_year)
                      for o in r.table(a, "objective", f"axis {a['code']}: ")]
        axes.append(Axis(str(a["code"]), r.label(a, f"axis {a['code']}"),
                         tuple(o for o in objectives if o is not None)))
    title = Label(str(d.get("title_ar", "")), str(d.get("title_fr", "")))
    axes = _numbered(axes)
    for key in ("fictitious", "to_confirm"):
        if not isinstance(d.get(key, False), bool):
            r.problems.error(f"{r.file}: {key} must be true or false")
    return Plan(title, start, end, bool(d.get("fictitious")), bool(d.get("to_confirm")),
                tuple(axes))


def _numbered(axes: list[Axis]) -> list[Axis]:
    """Each measure numbered by position, axis.objective.measure ("2.3.2"): the plan's own
    numbering, the same in both editions (the codes stay what the workbooks store)."""
    return [replace(a, objectives=tuple(
        replace(o, measures=tuple(replace(m, number=f"{ai}.{oi}.{mi}")
                                  for mi, m in enumerate(o.measures, start=1)))
        for oi, o in enumerate(a.objectives, start=1)))
        for ai, a in enumerate(axes, start=1)]


def _terms(r: _Reader, data: dict) -> tuple[Term, ...]:
    r.problems.unknown_keys(data, ("term",), "terms: ")
    out = []
    optional = ("ar_deprecated", "fr_deprecated", "whole_word", "note")
    for i, t in enumerate(r.table(data, "term"), start=1):
        d = r.entry(t, f"term {i}", LABEL_LANGS, optional)
        if d is None:
            continue
        deprecated = {}
        for lang in LABEL_LANGS:
            variants = d.get(f"{lang}_deprecated", [])
            if not isinstance(variants, list) or not all(isinstance(v, str) and v.strip()
                                                         for v in variants):
                r.problems.error(f"terms: term {i}: {lang}_deprecated: a list of texts")
                variants = []
            deprecated[lang] = tuple(variants)
        out.append(Term(r.label(d, f"term {i}"), deprecated, bool(d.get("whole_word"))))
    return tuple(out)


def load_catalogue(folder: Path) -> Catalogue:
    """Read and cross-check the catalogue; CatalogueError listing every fault found."""
    problems = Problems(str(folder))
    raw = {name: read_toml(folder / f"{name}.toml", CatalogueError) for name in FILES}
    commission = _commission(_Reader(problems, "commission"), raw["commission"])
    members, groups = _members(_Reader(problems, "members"), raw["members"])
    dims = _dimensions(_Reader(problems, "dimensions"), raw["dimensions"])
    indicators = _indicators(_Reader(problems, "indicators"), raw["indicators"], dims)
    plan = _plan(_Reader(problems, "plan"), raw["plan"])
    terms = _terms(_Reader(problems, "terms"), raw["terms"])
    disclosure = _disclosure(_Reader(problems, "disclosure"), raw["disclosure"])
    population = _population(_Reader(problems, "population"), raw["population"])
    exports = _exports(_Reader(problems, "exports"), raw["exports"])
    indicators = tuple(replace(i, meta=_with_refs(i.meta, commission)) for i in indicators)
    cat = Catalogue(commission, members, groups, dims, indicators, plan, raw["nouns"], terms,
                    disclosure=disclosure, population=population, exports=exports)
    if not problems.errors:  # cross-references only between entries that are whole
        _check(cat, problems)
    problems.done(CatalogueError)
    return cat


def _check(cat: Catalogue, problems: Problems) -> None:
    """References between the files: codes, groups, rules, nouns, aggregates."""
    codes = [m.code for m in cat.members]
    found = [f"duplicate member code {c}" for c in set(codes) if codes.count(c) > 1]
    found += [f"member {m.code}: unknown group {m.group}" for m in cat.members
              if m.group not in GROUPS]
    found += [f"groups: {g} has no label" for g in GROUPS if g not in cat.groups]
    for ind in cat.indicators:
        found += [f"{ind.code}: unknown reporter {r}" for r in ind.reporters if r not in codes]
        found += [f"{ind.code}: partial {r} is not one of its reporters" for r in ind.partial
                  if r not in ind.reporters]
        if ind.reporters and not ind.national_reporters:
            found.append(f"{ind.code}: every reporter is partial: none gives a national figure")
        found += [f"{ind.code}: unknown rule {b.rule}" for b in ind.breakdowns
                  if b.rule not in RULES]
        if ind.noun not in cat.nouns:
            found.append(f"{ind.code}: unknown noun {ind.noun}")
        if ind.aggregate not in AGGREGATES:
            found.append(f"{ind.code}: unknown aggregate {ind.aggregate}")
    found += _plan_references(cat.plan, codes)
    found += _remits(cat)
    found += [f"plan: measure {m.code}: act {m.act}: no such [[fact]] in commission.toml"
              for m in cat.plan.measures if m.act and cat.commission.fact(m.act) is None]
    found += _check_statistics(cat)
    for message in sorted(found):
        problems.error(message)


def _plan_references(plan: Plan, members: list[str]) -> list[str]:
    """Codes unique across the plan; leads and partners are members, a lead not its own
    partner."""
    found = []
    codes = [a.code for a in plan.axes] + [o.code for a in plan.axes for o in a.objectives] \
        + [m.code for m in plan.measures]
    found += [f"plan: duplicate code {c}" for c in sorted(set(codes)) if codes.count(c) > 1]
    for m in plan.measures:
        found += [f"plan: measure {m.code}: unknown {role} {c}"
                  for role, c in (("lead", m.lead), *(("partner", p) for p in m.partners))
                  if c not in members]
        if m.lead in m.partners:
            found.append(f"plan: measure {m.code}: the lead {m.lead} is also a partner")
        found += [f"plan: measure {m.code}: partner {p} listed twice"
                  for p in sorted(set(m.partners)) if m.partners.count(p) > 1]
    return found


def _remits(cat: Catalogue) -> list[str]:
    """A member's remit names plan codes that exist (an axis, objective or measure)."""
    plan = {a.code for a in cat.plan.axes} | {o.code for a in cat.plan.axes
                                              for o in a.objectives} \
        | {m.code for m in cat.plan.measures}
    return [f"members: {m.code}: remit: unknown plan code {c}" for m in cat.members
            for c in m.remit if c not in plan]


def _check_statistics(cat: Catalogue) -> list[str]:
    """disclosure.toml and exports.toml name indicators, dimensions and keys that exist."""
    codes = {i.code for i in cat.indicators}
    found = [f"disclosure: unknown indicator {c}" for c in cat.disclosure.indicators
             if c not in codes]
    found += [f"disclosure: unknown dimension {d}" for d in cat.disclosure.dimensions
              if d not in cat.dimensions]
    keys = set(cat.figure_keys())
    found += [f"exports: glotip: unknown key {g.key}" for g in cat.exports.glotip
              if g.key not in keys]
    found += [f"exports: sdg: unknown key {s.key}" for s in cat.exports.sdg if s.key not in keys]
    forms = {c.code for c in cat.dimensions["form"].categories} if "form" in cat.dimensions \
        else set()
    found += [f"exports: sdg: unknown form {s.form}" for s in cat.exports.sdg
              if s.form != "_T" and s.form not in forms]
    return found
