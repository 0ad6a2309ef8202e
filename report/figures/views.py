"""Every year's national figures + the database's record (published years, earlier finals) +
an audience -> View: the figures that audience sees. Members' drafts show the true values
(revised, confidential ones marked); the public editions (final, print, their charts, the
data annex) show them after disclosure control, whose pattern (what is withheld, chosen with
every earlier final taken as known) is the same for both audiences. The same view serves
every language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from report.figures.audit import recorded_release
from report.figures.consolidate import Dataset
from report.figures.disclosure import Pattern, disclose_all, pattern
from report.figures.records import FinalFigures, PublishedYear, YearData
from report.figures.revisions import revise
from report.settings.catalogue import Catalogue

AUDIENCES = ("draft", "public")


@dataclass(frozen=True)
class View:
    """The figures one audience sees."""

    true: dict[int, Dataset]  # revised, before disclosure control (what the database keeps)
    shown: dict[int, Dataset]  # after disclosure control
    pattern: Pattern  # what the public editions withhold, and its audit


def view(cat: Catalogue, datasets: Mapping[int, Dataset], years: Mapping[int, YearData],
         published: Mapping[int, PublishedYear], date: dt.date, public: bool,
         finals: Sequence[FinalFigures] = (), chosen: Pattern | None = None,
         cache: Path | None = None) -> View:
    """The revisions as of ``date`` (the edition's), then disclosure control with every
    earlier final in ``finals`` taken as known (``chosen``: the pattern another audience's
    view already found: the same figures; ``cache``: a folder of patterns found before)."""
    true = revise(cat, datasets, years, published, date)
    found = chosen or pattern(cat, true, [recorded_release(cat, f) for f in finals], cache)
    return View(true, disclose_all(cat, true, public=public, chosen=found), found)


def revision_lines(view: View) -> list[str]:
    """One line per year whose published figures this build revises (for the terminal)."""
    lines = []
    for y, ds in sorted(view.true.items()):
        new = [r for r in ds.revisions if not r.recorded]
        if new:
            who = sorted({m for r in new for m in r.members})
            lines.append(f"revised: {y}: {len(new)} published figures changed "
                         f"(corrected workbooks of {', '.join(who) or '-'})")
    return lines
