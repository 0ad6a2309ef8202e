"""Every year's true figures + every earlier final's (the database) + the catalogue's
disclosure rule -> the figures the public editions withhold, proved by the audit, and the
Datasets each audience sees: in public editions (final, print, their charts, the data annex)
confidential cells have no value and carry "c"; in members' drafts they keep their true
value, marked "c".

The rule (inputs/catalogue/disclosure.toml, stated in the methodology annex):
- primary suppression: a breakdown cell of a protected indicator and dimension holding 1 to
  threshold - 1 persons is confidential; 0 is shown (it names no one);
- secondary suppression, first per breakdown (``suppress``): in a breakdown whose cells add
  up to the total (rule "equal"), more cells are suppressed, the smallest non-zero first
  (zeros only when nothing else is left), until at least two cells are suppressed and
  together hold at least ``threshold`` persons; in a breakdown that may exceed the total
  (rule "at_least": one victim, several forms) a second cell is suppressed beside cells that
  are all 0. A cell whose value an earlier final printed is never chosen: withholding it
  again would hide nothing;
- then the audit (report/figures/audit.py) decides: for each year and protected indicator,
  while a withheld value is narrower than the protection level for a reader who knows
  everything public (this edition, every earlier final, the relations and the bounds),
  one more cell is withheld: the value's own cell if this edition would print it, then the
  smallest non-zero cell of its breakdown (zeros last); in a year an earlier final printed,
  then its revised total and the other breakdowns' cells (the revised year cannot be shown
  in full: ``Pattern.totals`` names it and the methodology says why). Whatever the audit
  still finds refuses the final (report/publish/refusals.py).

Suppression works on values, before anything is rendered: no template, chart or table of a
public edition ever receives a confidential value. The totals are published as they are
(but a revised total named in ``Pattern.totals``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from report.atomic import atomic_write_bytes
from report.figures.audit import (
    Audit,
    Interval,
    Release,
    audit,
    audit_year,
    printed,
    protected_indicators,
    published_before,
    release,
    scope,
    scope_keys,
)
from report.figures.consolidate import Dataset, NationalFigure
from report.figures.records import Revision
from report.settings.catalogue import Catalogue, Indicator

CONFIDENTIAL = "c"

Cell = tuple[int, str]  # (year, key)


def suppress(cells: Sequence[int | None], total: int | None, rule: str,
             threshold: int, known: frozenset[int] = frozenset()) -> frozenset[int]:
    """The positions of ``cells`` (one breakdown) to show as [c], by the breakdown's own rule
    (the audit may add more); ``known``: positions whose value an earlier final printed."""
    primary = {i for i, v in enumerate(cells) if v is not None and 0 < v < threshold}
    if not primary:
        return frozenset()
    hidden = set(primary)
    candidates = sorted((i for i, v in enumerate(cells)
                         if v is not None and i not in hidden and i not in known),
                        key=lambda i: (cells[i] == 0, cells[i], i))
    while candidates and not _protected(cells, total, rule, threshold, hidden):
        hidden.add(candidates.pop(0))
    return frozenset(hidden)


def _protected(cells: Sequence[int | None], total: int | None, rule: str, threshold: int,
               hidden: set[int]) -> bool:
    if total is None:  # no published total: no relation to work a cell out from
        return True
    if rule == "equal":
        return len(hidden) >= 2 and sum(cells[i] or 0 for i in hidden) >= threshold
    known = sum(v or 0 for i, v in enumerate(cells) if i not in hidden)
    return len(hidden) >= 2 or known > 0


@dataclass(frozen=True)
class Pattern:
    """The figures the public editions withhold, every year of the series."""

    hidden: frozenset[Cell]
    audit: Audit  # what a reader can deduce of each withheld value (no outputs' facts yet)
    totals: tuple[tuple[int, str], ...] = ()  # (year, indicator): its revised total withheld

    def keys(self, year: int) -> set[str]:
        return {k for y, k in self.hidden if y == year}


def pattern(cat: Catalogue, true: Mapping[int, Dataset],
            earlier: Sequence[Release] = (), cache: Path | None = None) -> Pattern:
    """What to withhold in ``true`` (every year of an edition's series), taking every value
    ``earlier`` finals printed as known; the audit adds cells until nothing is narrower than
    the protection level, or nothing is left to withhold. With ``cache`` (a folder), the
    pattern of the same figures, finals, rule and code is read back instead (a rebuild then
    loads no solver)."""
    if cache is None:
        return _pattern(cat, true, earlier)
    path = cache / f"{_digest(cat, true, earlier)}.pickle"
    if path.is_file():
        try:
            found = pickle.loads(path.read_bytes())
            if isinstance(found, Pattern):
                return found
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
            pass  # a cache file of another version: computed again
    found = _pattern(cat, true, earlier)
    atomic_write_bytes(path, pickle.dumps(found))
    return found


def _digest(cat: Catalogue, true: Mapping[int, Dataset], earlier: Sequence[Release]) -> str:
    """What a pattern depends on: the protected figures' values, every earlier final, the
    rule, and the code that chooses and audits."""
    keys = scope_keys(cat)
    h = hashlib.sha256(repr((sorted((y, k, ds.value(k)) for y, ds in true.items() for k in keys),
                             [(r.name, sorted((y, sorted(f.items()))
                                              for y, f in r.figures.items())) for r in earlier],
                             cat.disclosure, [(i.code, [(b.dimension.code, b.rule)
                                                        for b in i.breakdowns])
                                              for i in protected_indicators(cat)])).encode())
    for module in ("audit.py", "disclosure.py"):
        h.update((Path(__file__).parent / module).read_bytes())
    return h.hexdigest()


def _pattern(cat: Catalogue, true: Mapping[int, Dataset], earlier: Sequence[Release]
             ) -> Pattern:
    hidden: set[Cell] = set()
    for y, ds in sorted(true.items()):
        known = printed([*earlier, release("", cat, true, ())], y)
        for ind in protected_indicators(cat):
            hidden |= _by_breakdown(cat, ind, ds, known)
            hidden |= _by_audit(cat, ind, y, true, earlier, hidden)
    rels = [*earlier, release("this edition", cat, true, hidden)]
    totals = tuple((y, ind.code) for y, ind in ((y, i) for y in sorted(true)
                                               for i in protected_indicators(cat))
                   if (y, f"{ind.code}.total") in hidden)
    return Pattern(frozenset(hidden), audit(cat, rels), totals)


def _by_breakdown(cat: Catalogue, ind: Indicator, ds: Dataset, known: frozenset[str]
                  ) -> set[Cell]:
    total, groups = scope(ind, cat)
    out: set[Cell] = set()
    for rule, keys in groups:
        values = [ds.value(k) for k in keys]
        mine = frozenset(i for i, k in enumerate(keys) if k in known)
        chosen = suppress(values, ds.value(total), rule, cat.disclosure.threshold, mine)
        out |= {(ds.year, keys[i]) for i in chosen}
    return out


def _by_audit(cat: Catalogue, ind: Indicator, year: int, true: Mapping[int, Dataset],
              earlier: Sequence[Release], hidden: set[Cell]) -> set[Cell]:
    """The cells the audit asks for, one at a time, in ``year`` (see the module docstring)."""
    more: set[Cell] = set()
    stuck: set[tuple[str, str]] = set()
    while True:
        rels = [*earlier, release("this edition", cat, true, hidden | more)]
        bad = [i for i in audit_year(cat, ind, year, rels)
               if not i.ok and (i.key, i.first) not in stuck]
        if not bad:
            return more
        cell = _next_cell(cat, ind, bad[0], true[year], rels, hidden | more)
        if cell is None:  # nothing left that would help: the final's audit refuses it
            stuck.add((bad[0].key, bad[0].first))
            continue
        more.add(cell)


def _next_cell(cat: Catalogue, ind: Indicator, bad: Interval, ds: Dataset,
               rels: Sequence[Release], hidden: set[Cell]) -> Cell | None:
    year = ds.year
    total, groups = scope(ind, cat)
    known = printed(rels, year)
    if bad.latest and (year, bad.key) not in hidden and bad.key not in known \
            and ds.value(bad.key) is not None:
        return year, bad.key  # this edition would print it: withhold it (again)
    own = [ks for _, ks in groups if bad.key in ks]
    others = [ks for _, ks in groups if bad.key not in ks]
    order = [*own]
    if published_before(rels, year):  # a revised year: its total, then the other breakdowns
        order += [(total,), *others]
    for keys in order:
        free = [k for k in keys if (year, k) not in hidden and k not in known
                and ds.value(k) is not None]
        if free:
            return year, min(free, key=lambda k: (ds.value(k) == 0, ds.value(k) or 0,
                                                  keys.index(k)))
    return None


def protected_keys(cat: Catalogue) -> set[str]:
    """Every key disclosure control covers (whether or not it is suppressed this year)."""
    return {f"{ind.code}.{b.dimension.code}.{c.code}" for ind in cat.indicators
            for b in ind.breakdowns if cat.disclosure.covers(ind.code, b.dimension.code)
            for c in b.dimension.categories}


def disclose(cat: Catalogue, ds: Dataset, public: bool) -> Dataset:
    """One year alone (no other year, no earlier final) as an edition shows it."""
    return apply(cat, ds, pattern(cat, {ds.year: ds}).keys(ds.year), public)


def apply(cat: Catalogue, ds: Dataset, hidden: set[str], public: bool) -> Dataset:
    """``ds`` as an edition shows it: public -> the ``hidden`` values removed; draft -> the
    true values, marked."""
    figures = {k: _figure(f, k in hidden, public) for k, f in ds.figures.items()}
    by_member = ds.by_member
    if public:
        by_member = _public_by_member(cat, ds, hidden)
    revisions = tuple(_revision(r, r.key in hidden, public) for r in ds.revisions)
    return dataclasses.replace(ds, figures=figures, by_member=by_member, revisions=revisions)


def disclose_all(cat: Catalogue, datasets: Mapping[int, Dataset], public: bool,
                 earlier: Sequence[Release] = (), chosen: Pattern | None = None
                 ) -> dict[int, Dataset]:
    """Every year of the series as an edition shows it (``chosen``: the pattern, when it is
    already known)."""
    found = chosen or pattern(cat, datasets, earlier)
    return {y: apply(cat, ds, found.keys(y), public) for y, ds in datasets.items()}


def _figure(fig: NationalFigure, hidden: bool, public: bool) -> NationalFigure:
    if not hidden:
        return fig
    if public:  # a revised confidential cell shows [c] only: its value is not there to revise
        return dataclasses.replace(fig, value=None, marks=(CONFIDENTIAL,))
    return dataclasses.replace(fig, marks=(*fig.marks, CONFIDENTIAL))


def _public_by_member(cat: Catalogue, ds: Dataset, hidden: set[str]
                      ) -> dict[str, dict[str, int]]:
    """Members' own values of protected breakdowns are published only as the national
    figure they make: the reference member's value of a cell that is not confidential. The
    members' parts of a summed indicator's protected breakdown are not published, nor any
    member's value of a withheld figure (a revised total the audit withholds)."""
    protected = protected_keys(cat)
    out: dict[str, dict[str, int]] = {}
    for key, per in ds.by_member.items():
        if key in hidden and key not in protected:
            out[key] = {}
        elif key not in protected:
            out[key] = per
        else:
            out[key] = _protected_by_member(cat, ds, key, per, key in hidden)
    return out


def _protected_by_member(cat: Catalogue, ds: Dataset, key: str, per: dict[str, int],
                         hidden: bool) -> dict[str, int]:
    fig = ds.figures[key]
    summed = cat.indicator(fig.indicator).aggregate == "sum"
    used = {s.member for s in fig.sources}
    return {} if hidden or summed else {m: v for m, v in per.items() if m in used}


def _revision(rev: Revision, hidden: bool, public: bool) -> Revision:
    old_hidden = CONFIDENTIAL in rev.old_status.split()
    if not public:
        return dataclasses.replace(rev, new_status=CONFIDENTIAL if hidden else "")
    return dataclasses.replace(rev, old=None if old_hidden else rev.old,
                               new=None if hidden else rev.new,
                               new_status=CONFIDENTIAL if hidden else "")
