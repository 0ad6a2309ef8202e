"""inputs/catalogue/*.toml -> Catalogue: the commission, members, dimensions, indicators, plan,
nouns.

The catalogue is data the secretariat edits; this module only reads and checks it. Every
fault of every file is collected before stopping (one SettingsError lists them all), and an
unknown key is a warning (SettingsWarning), never silently ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from report.errors import SettingsError
from report.settings import Problems, read_toml

GROUPS = ("sector", "institution", "association")
RULES = ("equal", "at_least")
AGGREGATES = ("reference", "sum")
LANGS = ("ar", "fr")
FILES = ("commission", "members", "dimensions", "indicators", "plan", "nouns")


class CatalogueError(SettingsError):
    """The catalogue itself is inconsistent: the tool cannot run."""


@dataclass(frozen=True)
class Label:
    ar: str
    fr: str

    def __call__(self, lang: str) -> str:
        return self.ar if lang == "ar" else self.fr


@dataclass(frozen=True)
class Commission:
    name: Label
    short_name: Label
    secretariat: Label
    acronym: str
    website: str
    green_line: str


@dataclass(frozen=True)
class Member:
    code: str
    group: str
    name: Label
    acronym: str = ""
    placeholder: bool = False


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
class Indicator:
    code: str
    label: Label
    noun: str
    aggregate: str
    reporters: tuple[str, ...]
    breakdowns: tuple[Breakdown, ...]


@dataclass(frozen=True)
class Measure:
    code: str
    label: Label


@dataclass(frozen=True)
class Axis:
    code: str
    label: Label
    measures: tuple[Measure, ...]


@dataclass(frozen=True)
class Plan:
    title: Label
    to_confirm: bool
    axes: tuple[Axis, ...]

    def measure(self, code: str) -> Measure | None:
        return next((m for a in self.axes for m in a.measures if m.code == code), None)


@dataclass(frozen=True)
class Catalogue:
    commission: Commission
    members: tuple[Member, ...]
    groups: dict[str, Label]
    dimensions: dict[str, Dimension]
    indicators: tuple[Indicator, ...]
    plan: Plan
    nouns: dict[str, dict[str, dict[str, str]]] = field(repr=False)

    def member(self, code: str) -> Member:
        return next(m for m in self.members if m.code == code)

    def indicator(self, code: str) -> Indicator:
        return next(i for i in self.indicators if i.code == code)

    def indicators_of(self, member: str) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if member in i.reporters)


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
        for lang in LANGS:
            if not isinstance(data.get(lang), str) or not data.get(lang, "").strip():
                self.problems.error(f"{self.file}: {where}: {lang}: a text is needed")
        return Label(str(data.get("ar", "")), str(data.get("fr", "")))

    def table(self, data: Mapping, key: str) -> list:
        value = data.get(key)
        if not isinstance(value, list):
            self.problems.error(f"{self.file}: {key}: missing (a list of [[{key}]] tables)")
            return []
        return value


def _commission(r: _Reader, data: dict) -> Commission:
    d = r.entry(data, "file", ("name", "short_name", "secretariat", "acronym", "website",
                                "green_line")) or {}
    labels = {k: r.label(d.get(k) or {}, k) for k in ("name", "short_name", "secretariat")}
    for k in labels:
        r.problems.unknown_keys(d.get(k) or {}, LANGS, f"commission: {k}.")
    return Commission(**labels, acronym=str(d.get("acronym", "")),
                      website=str(d.get("website", "")), green_line=str(d.get("green_line", "")))


def _members(r: _Reader, data: dict) -> tuple[tuple[Member, ...], dict[str, Label]]:
    r.problems.unknown_keys(data, ("member", "groups"), "members: ")
    members = []
    for i, m in enumerate(r.table(data, "member"), start=1):
        d = r.entry(m, f"member {i}", ("code", "group", "ar", "fr"), ("acronym", "placeholder"))
        if d is not None:
            members.append(Member(d["code"], d["group"], r.label(d, d["code"]),
                                  d.get("acronym", ""), bool(d.get("placeholder", False))))
    groups = {}
    for code, g in (data.get("groups") or {}).items():
        d = r.entry(g, f"groups.{code}", LANGS)
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
    keys = ("code", "ar", "fr", "noun", "aggregate", "reporters", "breakdowns")
    for i, d in enumerate(r.table(data, "indicator"), start=1):
        d = r.entry(d, f"indicator {i}", keys)
        if d is not None:
            out.append(Indicator(d["code"], r.label(d, d["code"]), d["noun"], d["aggregate"],
                                 tuple(d["reporters"]),
                                 _breakdowns(r, d["code"], d["breakdowns"], dims)))
    return tuple(out)


def _plan(r: _Reader, data: dict) -> Plan:
    d = r.entry(data, "file", ("title_ar", "title_fr", "axis"), ("to_confirm",)) or {}
    axes = []
    for i, a in enumerate(d.get("axis") or [], start=1):
        a = r.entry(a, f"axis {i}", ("code", "ar", "fr", "measures"))
        if a is None:
            continue
        measures = []
        for m in a["measures"]:
            m = r.entry(m, f"axis {a['code']}: measure", ("code", "ar", "fr"))
            if m is not None:
                measures.append(Measure(m["code"], r.label(m, m["code"])))
        axes.append(Axis(a["code"], r.label(a, a["code"]), tuple(measures)))
    title = Label(str(d.get("title_ar", "")), str(d.get("title_fr", "")))
    return Plan(title, bool(d.get("to_confirm")), tuple(axes))


def load_catalogue(folder: Path) -> Catalogue:
    """Read and cross-check the catalogue; CatalogueError listing every fault found."""
    problems = Problems(str(folder))
    raw = {name: read_toml(folder / f"{name}.toml", CatalogueError) for name in FILES}
    commission = _commission(_Reader(problems, "commission"), raw["commission"])
    members, groups = _members(_Reader(problems, "members"), raw["members"])
    dims = _dimensions(_Reader(problems, "dimensions"), raw["dimensions"])
    indicators = _indicators(_Reader(problems, "indicators"), raw["indicators"], dims)
    plan = _plan(_Reader(problems, "plan"), raw["plan"])
    cat = Catalogue(commission, members, groups, dims, indicators, plan, raw["nouns"])
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
        found += [f"{ind.code}: unknown rule {b.rule}" for b in ind.breakdowns
                  if b.rule not in RULES]
        if ind.noun not in cat.nouns:
            found.append(f"{ind.code}: unknown noun {ind.noun}")
        if ind.aggregate not in AGGREGATES:
            found.append(f"{ind.code}: unknown aggregate {ind.aggregate}")
    for message in sorted(found):
        problems.error(message)
