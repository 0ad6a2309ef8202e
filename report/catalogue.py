"""inputs/catalogue/*.toml -> Catalogue: members, dimensions, indicators, plan, nouns.

The catalogue is data the secretariat edits; this module only reads and checks it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

GROUPS = ("sector", "institution", "association")
RULES = ("equal", "at_least")
AGGREGATES = ("reference", "sum")


class CatalogueError(Exception):
    """The catalogue itself is inconsistent: the tool cannot run."""


@dataclass(frozen=True)
class Label:
    ar: str
    fr: str

    def __call__(self, lang: str) -> str:
        return self.ar if lang == "ar" else self.fr


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


def _label(d: dict) -> Label:
    return Label(ar=d["ar"], fr=d["fr"])


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CatalogueError(f"{path}: {exc}") from exc


def _members(data: dict) -> tuple[Member, ...]:
    members = tuple(
        Member(m["code"], m["group"], _label(m), m.get("acronym", ""), m.get("placeholder", False))
        for m in data["member"]
    )
    return members


def _dimensions(data: dict) -> dict[str, Dimension]:
    return {
        code: Dimension(code, _label(d),
                        tuple(Category(c["code"], _label(c)) for c in d["categories"]))
        for code, d in data["dimension"].items()
    }


def _indicators(data: dict, dims: dict[str, Dimension]) -> tuple[Indicator, ...]:
    return tuple(
        Indicator(
            code=i["code"],
            label=_label(i),
            noun=i["noun"],
            aggregate=i["aggregate"],
            reporters=tuple(i["reporters"]),
            breakdowns=tuple(Breakdown(dims[b["dimension"]], b["rule"]) for b in i["breakdowns"]),
        )
        for i in data["indicator"]
    )


def _plan(data: dict) -> Plan:
    axes = tuple(
        Axis(a["code"], _label(a), tuple(Measure(m["code"], _label(m)) for m in a["measures"]))
        for a in data["axis"]
    )
    return Plan(Label(data["title_ar"], data["title_fr"]), bool(data.get("to_confirm")), axes)


def load_catalogue(folder: Path) -> Catalogue:
    """Read and cross-check the catalogue; raise CatalogueError naming the fault."""
    try:
        members_data = _read(folder / "members.toml")
        dims = _dimensions(_read(folder / "dimensions.toml"))
        cat = Catalogue(
            members=_members(members_data),
            groups={k: _label(v) for k, v in members_data["groups"].items()},
            dimensions=dims,
            indicators=_indicators(_read(folder / "indicators.toml"), dims),
            plan=_plan(_read(folder / "plan.toml")),
            nouns=_read(folder / "nouns.toml"),
        )
    except KeyError as exc:
        raise CatalogueError(f"{folder}: missing key or unknown reference {exc}") from exc
    _check(cat)
    return cat


def _check(cat: Catalogue) -> None:
    codes = [m.code for m in cat.members]
    problems = [f"duplicate member code {c}" for c in set(codes) if codes.count(c) > 1]
    problems += [f"member {m.code}: unknown group {m.group}" for m in cat.members
                 if m.group not in GROUPS]
    for ind in cat.indicators:
        problems += [f"{ind.code}: unknown reporter {r}" for r in ind.reporters if r not in codes]
        problems += [f"{ind.code}: unknown rule {b.rule}" for b in ind.breakdowns
                     if b.rule not in RULES]
        if ind.noun not in cat.nouns:
            problems.append(f"{ind.code}: unknown noun {ind.noun}")
        if ind.aggregate not in AGGREGATES:
            problems.append(f"{ind.code}: unknown aggregate {ind.aggregate}")
    if problems:
        raise CatalogueError("; ".join(sorted(problems)))
