"""Dataset + the catalogue's disclosure rule -> the Dataset an edition may show: in public
editions (final, print, their charts, the data annex) confidential cells have no value and
carry "c"; in members' drafts they keep their true value, marked "c".

The rule (inputs/catalogue/disclosure.toml, stated in the methodology annex):
- primary suppression: a breakdown cell of a protected indicator and dimension holding 1 to
  threshold - 1 persons is confidential; 0 is shown (it names no one);
- secondary suppression: in a breakdown whose cells add up to the total (rule "equal"), more
  cells are suppressed, the smallest non-zero first (zeros only when nothing else is left),
  until at least two cells are suppressed and together hold at least ``threshold`` persons:
  no suppressed cell is then the total minus the published ones. In a breakdown that may
  exceed the total (rule "at_least": one victim, several forms), each cell is at most the
  total and the cells together at least the total: a single suppressed cell beside cells
  that are all 0 would equal the total, so a second one is suppressed then.

Suppression works on values, before anything is rendered: no template, chart or table of a
public edition ever receives a confidential value. The totals are published as they are.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from report.figures.consolidate import Dataset, NationalFigure
from report.figures.records import Revision
from report.settings.catalogue import Catalogue, Disclosure, Indicator

CONFIDENTIAL = "c"


def suppress(cells: Sequence[int | None], total: int | None, rule: str,
             threshold: int) -> frozenset[int]:
    """The positions of ``cells`` (one breakdown) to show as [c]."""
    primary = {i for i, v in enumerate(cells) if v is not None and 0 < v < threshold}
    if not primary:
        return frozenset()
    hidden = set(primary)
    candidates = sorted((i for i, v in enumerate(cells) if v is not None and i not in hidden),
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


def confidential(rule: Disclosure, ind: Indicator, ds: Dataset) -> set[str]:
    """The keys of ``ind``'s protected breakdowns to show as [c] in ``ds``."""
    out: set[str] = set()
    total = ds.value(f"{ind.code}.total")
    for b in ind.breakdowns:
        if not rule.covers(ind.code, b.dimension.code):
            continue
        keys = [f"{ind.code}.{b.dimension.code}.{c.code}" for c in b.dimension.categories]
        hidden = suppress([ds.value(k) for k in keys], total, b.rule, rule.threshold)
        out |= {keys[i] for i in hidden}
    return out


def protected_keys(cat: Catalogue) -> set[str]:
    """Every key disclosure control covers (whether or not it is suppressed this year)."""
    return {f"{ind.code}.{b.dimension.code}.{c.code}" for ind in cat.indicators
            for b in ind.breakdowns if cat.disclosure.covers(ind.code, b.dimension.code)
            for c in b.dimension.categories}


def disclose(cat: Catalogue, ds: Dataset, public: bool) -> Dataset:
    """``ds`` as an edition shows it: public -> confidential values removed; draft -> the
    true values, marked."""
    hidden = {k for ind in cat.indicators for k in confidential(cat.disclosure, ind, ds)}
    figures = {k: _figure(f, k in hidden, public) for k, f in ds.figures.items()}
    by_member = ds.by_member
    if public:
        by_member = _public_by_member(cat, ds, hidden)
    revisions = tuple(_revision(r, r.key in hidden, public) for r in ds.revisions)
    return dataclasses.replace(ds, figures=figures, by_member=by_member, revisions=revisions)


def disclose_all(cat: Catalogue, datasets: Mapping[int, Dataset], public: bool
                 ) -> dict[int, Dataset]:
    return {y: disclose(cat, ds, public) for y, ds in datasets.items()}


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
    members' parts of a summed indicator's protected breakdown are not published."""
    protected = protected_keys(cat)
    out = {}
    for key, per in ds.by_member.items():
        if key not in protected:
            out[key] = per
            continue
        fig = ds.figures[key]
        summed = cat.indicator(fig.indicator).aggregate == "sum"
        used = {s.member for s in fig.sources}
        out[key] = {} if key in hidden or summed else \
            {m: v for m, v in per.items() if m in used}
    return out


def _revision(rev: Revision, hidden: bool, public: bool) -> Revision:
    old_hidden = CONFIDENTIAL in rev.old_status.split()
    if not public:
        return dataclasses.replace(rev, new_status=CONFIDENTIAL if hidden else "")
    return dataclasses.replace(rev, old=None if old_hidden else rev.old,
                               new=None if hidden else rev.new,
                               new_status=CONFIDENTIAL if hidden else "")
