"""Everything public about the protected figures -> for each withheld value, the interval a
reader can deduce from it, and whether that interval keeps disclosure.toml's protection level.

    releases (every earlier final the database records, then this edition: each figure's
    true value and whether it was withheld) + facts (what this edition's outputs print)
    -> per year and protected indicator: an integer linear programme (scipy's linprog, HiGHS)
    -> per withheld value: the smallest and largest value compatible with everything
       public, and the width it must keep -> Audit

What a reader is taken to know (the methodology annex says it in words):
- every figure a final edition printed: this one's (its tables, charts and data annex with
  the GLOTIP and SDG 16.2.2 tables, given as ``facts``: a value, or an interval, as a rate per
  100,000 gives a count to within its rounding) and every earlier final's;
- the catalogue's relations: the cells of a breakdown whose rule is "equal" add up to the
  total; those of an "at_least" breakdown (a victim may suffer several forms) add up to at
  least the total, and no cell exceeds it; one total serves every breakdown of its indicator
  and year (the totals shared between tables);
- the bounds the methodology states: every count is a whole number from 0 up; a primary [c]
  holds 1 to threshold - 1 persons. The audit assumes the reader knows which withheld cells
  are primary: the worst case;
- the order the methodology states for secondary cells (the smallest first, a zero only when
  nothing else is left): a secondary cell of a breakdown that still prints a non-zero cell
  (one no earlier final printed) holds at least ``threshold`` persons (it is neither 0 nor
  primary) and no more than the smallest such cell. Each of these bounds is used where the
  true values obey it (where they do not, a reader relying on it would deduce a wrong
  interval, not the value);
- across editions: a figure a later edition does not mark revised kept its value (one
  unknown for both editions); a revised one is a new unknown, different from its old value.

A withheld value (a figure's value between two revisions that some final withheld) is
protected when its interval is at least ``protection`` wide, or as wide as anything could
make it: when withholding every cell of its breakdown (and, for a year published before,
its revised total) still leaves it narrower, or when an earlier final had already narrowed
it (this edition cannot undo that; it must not narrow it further).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from report.figures.records import FinalFigures
from report.settings.catalogue import Catalogue, Indicator

CONFIDENTIAL = "c"
THIS = "this edition"
UNBOUNDED = 10**7  # above any count of the catalogue (its ceilings are in the thousands)

Value = tuple[int | None, bool]  # a figure's true value (None: none) and whether it is withheld


class Dataset(Protocol):
    """What the audit reads of a year's national figures: figures/consolidate.py's Dataset
    (named by its shape, so that the audit does not import consolidation and the import graph
    stays within tests/test_structure.py's floors)."""

    @property
    def figures(self) -> Mapping[str, object]: ...

    def value(self, key: str) -> int | None: ...

    def marks(self, key: str) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class Release:
    """One final edition as a reader has it, for the figures disclosure control covers."""

    name: str  # "final 2024 (2025-06-30)", or THIS
    figures: Mapping[int, Mapping[str, Value]]  # year -> key -> (true value, withheld)


@dataclass(frozen=True)
class Fact:
    """What an output of the latest release prints about one figure: low <= value <= high
    (``previous``: about its value before the latest revision, as a revisions table does)."""

    year: int
    key: str
    low: float
    high: float
    where: str  # the output that prints it
    previous: bool = False


@dataclass(frozen=True)
class Interval:
    """What a reader can deduce of one withheld value."""

    year: int
    key: str
    first: str  # the release that first shows (or withholds) this value
    low: int
    high: int
    target: int  # the width it must keep
    primary: bool  # 1 to threshold - 1 persons
    latest: bool  # the value the latest release has (not one revised since)
    note: str = ""  # why the target is below the protection level, or what went wrong

    @property
    def width(self) -> int:
        return self.high - self.low

    @property
    def ok(self) -> bool:
        return self.width >= self.target

    def record(self) -> dict[str, object]:
        return {"year": self.year, "key": self.key, "first": self.first, "low": self.low,
                "high": self.high, "width": self.width, "target": self.target,
                "primary": self.primary, "ok": self.ok, "note": self.note}


@dataclass(frozen=True)
class Audit:
    protection: int
    threshold: int
    releases: tuple[str, ...]
    intervals: tuple[Interval, ...]

    @property
    def failures(self) -> tuple[Interval, ...]:
        return tuple(i for i in self.intervals if not i.ok)

    def record(self) -> dict[str, object]:
        """For the manifest: the rule, the releases taken as known and every interval (no true
        value: only what a reader can deduce)."""
        return {"protection": self.protection, "threshold": self.threshold,
                "releases": list(self.releases), "withheld": len(self.intervals),
                "ok": not self.failures, "intervals": [i.record() for i in self.intervals]}

    def lines(self) -> list[str]:
        """One line per value that is not protected (for a refusal or a warning)."""
        return [f"{i.year} {i.key}: a reader can deduce {i.low} to {i.high} (width {i.width}, "
                f"protection asks {i.target}){f'; {i.note}' if i.note else ''}"
                for i in self.failures]


# --- the releases --------------------------------------------------------------------------

def scope(ind: Indicator, cat: Catalogue) -> tuple[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """An indicator's total and its protected breakdowns: (rule, cell keys) each."""
    groups = tuple((b.rule, tuple(f"{ind.code}.{b.dimension.code}.{c.code}"
                                  for c in b.dimension.categories))
                   for b in ind.breakdowns if cat.disclosure.covers(ind.code, b.dimension.code))
    return f"{ind.code}.total", groups


def protected_indicators(cat: Catalogue) -> tuple[Indicator, ...]:
    return tuple(i for i in cat.indicators
                 if any(cat.disclosure.covers(i.code, b.dimension.code) for b in i.breakdowns))


def scope_keys(cat: Catalogue) -> tuple[str, ...]:
    """Every key the audit reads: each protected indicator's total and protected cells."""
    out: list[str] = []
    for ind in protected_indicators(cat):
        total, groups = scope(ind, cat)
        out += [total, *(k for _, keys in groups for k in keys)]
    return tuple(out)


def release(name: str, cat: Catalogue, true: Mapping[int, Dataset],
            withheld: Iterable[tuple[int, str]]) -> Release:
    """An edition of ``true`` (every year of its series) withholding ``withheld``."""
    hidden = set(withheld)
    keys = scope_keys(cat)
    return Release(name, {y: {k: (ds.value(k), (y, k) in hidden) for k in keys if k in ds.figures}
                          for y, ds in true.items()})


def shown_release(cat: Catalogue, true: Mapping[int, Dataset],
                  shown: Mapping[int, Dataset]) -> Release:
    """This edition as the public sees it: a figure is withheld where it is marked [c]."""
    return release(THIS, cat, true, ((y, k) for y, ds in shown.items() for k in ds.figures
                                     if CONFIDENTIAL in ds.marks(k)))


def recorded_release(cat: Catalogue, final: FinalFigures) -> Release:
    """An earlier final as the database holds it."""
    keys = set(scope_keys(cat))
    return Release(f"final {final.year} ({final.date.isoformat()})",
                   {y: {k: (v, CONFIDENTIAL in s.split()) for k, (v, s) in figs.items()
                        if k in keys} for y, figs in final.figures.items()})


# --- one year and indicator as a linear programme -------------------------------------------

@dataclass(frozen=True)
class Problem:
    """One year of one indicator over every release: an unknown per value (a figure keeps its
    unknown from one release to the next while its value stays the same), its bounds, and the
    relations between them."""

    first: tuple[tuple[int, str], ...]  # unknown -> (release of its first appearance, key)
    index: Mapping[tuple[int, str], int]  # (release, key) -> unknown
    low: tuple[float, ...]
    high: tuple[float, ...]
    equal: tuple[tuple[Mapping[int, float], float], ...]  # sum(coef * x) == rhs
    below: tuple[tuple[Mapping[int, float], float], ...]  # sum(coef * x) <= rhs
    withheld: frozenset[int]
    primary: frozenset[int]
    previous: Mapping[int, int]  # unknown -> the same figure's unknown before its revision

    def unknown(self, release_: int, key: str) -> int | None:
        return self.index.get((release_, key))


def problem(cat: Catalogue, ind: Indicator, year: int, releases: Sequence[Release],
            facts: Iterable[Fact] = ()) -> Problem:
    total, groups = scope(ind, cat)
    keys = (total, *(k for _, ks in groups for k in ks))
    threshold = cat.disclosure.threshold
    first: list[tuple[int, str]] = []
    index: dict[tuple[int, str], int] = {}
    low: list[float] = []
    high: list[float] = []
    withheld: set[int] = set()
    primary: set[int] = set()
    previous: dict[int, int] = {}
    last: dict[str, tuple[int | None, int]] = {}
    for r, rel in enumerate(releases):
        figs = rel.figures.get(year, {})
        for k in (k for k in keys if k in figs):
            value, hidden = figs[k]
            before = last.get(k)
            if before is not None and value is not None and before[0] == value:
                v = before[1]
            else:
                v = len(first)
                first.append((r, k))
                low.append(0.0)
                high.append(float(UNBOUNDED))
                if before is not None:
                    previous[v] = before[1]
            index[(r, k)] = v
            last[k] = (value, v)
            if value is None:
                continue
            if hidden:
                withheld.add(v)
                if k != total and 1 <= value < threshold:  # what the methodology states
                    primary.add(v)
                    low[v], high[v] = max(low[v], 1.0), min(high[v], threshold - 1.0)
            else:
                low[v], high[v] = max(low[v], value), min(high[v], value)
    _bound(facts, year, keys, len(releases) - 1, index, previous, low, high)
    _order(releases, year, groups, index, threshold, low, high)
    equal, below = _relations(releases, year, total, groups, index)
    return Problem(tuple(first), index, tuple(low), tuple(high), tuple(equal), tuple(below),
                   frozenset(withheld), frozenset(primary), previous)


def _bound(facts: Iterable[Fact], year: int, keys: Sequence[str], latest: int,
           index: Mapping[tuple[int, str], int], previous: Mapping[int, int],
           low: list[float], high: list[float]) -> None:
    """Every fact the latest release's outputs print, as bounds (counts are whole numbers)."""
    for f in facts:
        if f.year != year or f.key not in keys or (latest, f.key) not in index:
            continue
        v = index[(latest, f.key)]
        if f.previous:
            if v not in previous:
                continue
            v = previous[v]
        low[v] = max(low[v], float(math.ceil(f.low - 1e-9)))
        high[v] = min(high[v], float(math.floor(f.high + 1e-9)))


def _order(releases: Sequence[Release], year: int, groups: Sequence[tuple[str, Sequence[str]]],
           index: Mapping[tuple[int, str], int], threshold: int, low: list[float],
           high: list[float]) -> None:
    """The stated order of secondary suppression, as bounds on each release's secondary
    cells (see the module docstring), where the true values obey them."""
    for r, rel in enumerate(releases):
        figs = rel.figures.get(year, {})
        known = printed(releases[:r + 1], year)
        for _, cells in groups:
            shown = [figs[k][0] for k in cells if k in figs and not figs[k][1]
                     and (figs[k][0] or 0) > 0 and k not in known]
            if not shown:
                continue
            smallest = min(v for v in shown if v is not None)
            for k in cells:
                value, hidden = figs.get(k, (None, False))
                if not hidden or value is None or 1 <= value < threshold:
                    continue
                v = index[(r, k)]
                if threshold <= value:
                    low[v] = max(low[v], float(threshold))
                if value <= smallest:
                    high[v] = min(high[v], float(smallest))


def _relations(releases: Sequence[Release], year: int, total: str,
               groups: Sequence[tuple[str, Sequence[str]]],
               index: Mapping[tuple[int, str], int]
               ) -> tuple[list[tuple[dict[int, float], float]],
                          list[tuple[dict[int, float], float]]]:
    """Each release's breakdown rules over its unknowns (where it has a total)."""
    equal: list[tuple[dict[int, float], float]] = []
    below: list[tuple[dict[int, float], float]] = []
    for r, rel in enumerate(releases):
        figs = rel.figures.get(year, {})
        t = index.get((r, total))
        if t is None or figs[total][0] is None:  # no total printed: no relation to use
            continue
        for rule, cells in groups:
            vs = [index.get((r, k)) for k in cells]
            if any(v is None for v in vs):
                continue
            row = {v: 1.0 for v in vs if v is not None}
            if rule == "equal":
                equal.append((row | {t: -1.0}, 0.0))
            else:  # at_least: the cells add up to at least the total
                below.append(({v: -1.0 for v in row} | {t: 1.0}, 0.0))
            below += [({v: 1.0, t: -1.0}, 0.0) for v in row]  # no cell exceeds its total
    return equal, below


def extreme(p: Problem, v: int, sense: int) -> int | None:
    """The smallest (sense 1) or largest (sense -1) whole value unknown ``v`` can take; None
    when the relations and bounds contradict each other."""
    import numpy as np  # scipy and numpy are loaded only when there is something to audit
    from scipy.optimize import linprog

    n = len(p.first)
    c = np.zeros(n)
    c[v] = sense
    a_eq, b_eq = _matrix(p.equal, n)
    a_ub, b_ub = _matrix(p.below, n)
    res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq,
                  bounds=list(zip(p.low, p.high, strict=True)), method="highs",
                  integrality=np.ones(n))
    if res.status != 0:
        return None
    return round(res.fun * sense)


def _matrix(rows: Sequence[tuple[Mapping[int, float], float]], n: int
            ) -> tuple[object | None, object | None]:
    import numpy as np

    if not rows:
        return None, None
    a = np.zeros((len(rows), n))
    for i, (row, _) in enumerate(rows):
        for v, coef in row.items():
            a[i, v] += coef
    return a, np.array([rhs for _, rhs in rows])


def interval(p: Problem, v: int) -> tuple[int, int] | None:
    """[low, high] of unknown ``v``; a revised value is not its old printed value."""
    low, high = extreme(p, v, 1), extreme(p, v, -1)
    if low is None or high is None:
        return None
    old = p.previous.get(v)
    if old is not None and p.low[old] == p.high[old]:
        printed = round(p.low[old])
        low += 1 if low == printed and low < high else 0
        high -= 1 if high == printed and high > low else 0
    return low, high


# --- the audit -------------------------------------------------------------------------------

def audit_year(cat: Catalogue, ind: Indicator, year: int, releases: Sequence[Release],
               facts: Sequence[Fact] = ()) -> tuple[Interval, ...]:
    """Every withheld value of ``ind`` in ``year``, over every release (the last one is this
    edition), with its interval and target."""
    p = problem(cat, ind, year, releases, facts)
    out = []
    latest = len(releases) - 1
    current = {v for (r, _), v in p.index.items() if r == latest}
    for v in sorted(p.withheld):
        r, key = p.first[v]
        found = interval(p, v)
        low, high = found or (0, 0)
        out.append(Interval(year, key, releases[r].name, low, high, cat.disclosure.protection,
                            v in p.primary, v in current,
                            "" if found else "the published figures contradict each other"))
    return tuple(_target(cat, ind, year, releases, i) if not i.ok and not i.note else i
                 for i in out)


def _target(cat: Catalogue, ind: Indicator, year: int, releases: Sequence[Release],
            found: Interval) -> Interval:
    """The target of a value narrower than the protection level: as wide as withholding
    everything this edition may withhold would leave it, and no wider than an earlier final
    had already left it."""
    target, note = found.target, ""
    if found.first != releases[-1].name:
        before = _width(cat, ind, year, releases[:-1], (), found)
        if before is not None and before < target:
            target, note = before, f"already {before} wide after the earlier finals"
    # without this edition's facts: a value its outputs print is what is audited
    widest = _width(cat, ind, year, [*releases[:-1], widest_release(cat, ind, year, releases)],
                    (), found)
    if widest is not None and widest < target:
        target, note = widest, "as wide as withholding the whole breakdown leaves it"
    return Interval(found.year, found.key, found.first, found.low, found.high, target,
                    found.primary, found.latest, note)


def _width(cat: Catalogue, ind: Indicator, year: int, releases: Sequence[Release],
           facts: Sequence[Fact], found: Interval) -> int | None:
    p = problem(cat, ind, year, releases, facts)
    r = next((i for i, rel in enumerate(releases) if rel.name == found.first), None)
    v = p.unknown(r, found.key) if r is not None else None
    got = interval(p, v) if v is not None else None
    return got[1] - got[0] if got else None


def published_before(releases: Sequence[Release], year: int) -> bool:
    """An earlier final printed ``year`` (its figures are revised, not new)."""
    return any(year in rel.figures for rel in releases[:-1])


def withholdable(cat: Catalogue, ind: Indicator, year: int, releases: Sequence[Release]
                 ) -> tuple[str, ...]:
    """What the latest release may withhold of ``ind`` in ``year``: every protected cell, and
    the total of a year published before when its value was revised (never a value an earlier
    final printed: withholding it again hides nothing)."""
    total, groups = scope(ind, cat)
    cells = [k for _, ks in groups for k in ks]
    if published_before(releases, year):
        cells.append(total)
    known = printed(releases, year)
    return tuple(k for k in cells if k not in known)


def widest_release(cat: Catalogue, ind: Indicator, year: int, releases: Sequence[Release]
                   ) -> Release:
    """The latest release withholding everything it may of ``ind`` in ``year``."""
    latest = releases[-1]
    more = set(withholdable(cat, ind, year, releases))
    figs = {k: (value, hidden or k in more) for k, (value, hidden) in
            latest.figures.get(year, {}).items()}
    return Release(latest.name, {**latest.figures, year: figs})


def printed(releases: Sequence[Release], year: int) -> frozenset[str]:
    """The keys of ``year`` whose latest value an earlier final printed (a reader knows it)."""
    if not releases:
        return frozenset()
    now = releases[-1].figures.get(year, {})
    return frozenset(k for k, (value, _) in now.items()
                     if value is not None and _printed(releases[:-1], year, k, value))


def _printed(earlier: Sequence[Release], year: int, key: str, value: int) -> bool:
    for rel in reversed(earlier):
        figs = rel.figures.get(year, {})
        if key not in figs:
            continue
        old, hidden = figs[key]
        if old != value:
            return False  # revised since: the printed value is another one
        if not hidden:
            return True
    return False


def audit(cat: Catalogue, releases: Sequence[Release], facts: Sequence[Fact] = ()) -> Audit:
    """Every withheld value of every year the releases hold (the last one is this edition)."""
    years = sorted({y for rel in releases for y in rel.figures})
    found = tuple(i for y in years for ind in protected_indicators(cat)
                  for i in audit_year(cat, ind, y, releases, facts))
    return Audit(cat.disclosure.protection, cat.disclosure.threshold,
                 tuple(r.name for r in releases), found)
