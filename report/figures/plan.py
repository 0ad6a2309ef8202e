"""The national plan's measure statuses: their order from not started to done.

A status is one of ``PLAN_STATUSES`` (the plan sheet's drop-down writes them in Arabic and
French, report/intake/plan_cells.py reads them back).
"""

from __future__ import annotations

PLAN_STATUSES = ("not_started", "in_progress", "delayed", "done", "dropped")
# From not started to done: going back along this order from last year is a warning. A
# delayed measure is under way like one in progress; a dropped one has no place on it.
PROGRESS = {"not_started": 0, "in_progress": 1, "delayed": 1, "done": 2}


def went_back(before: str, now: str) -> bool:
    """A status that undoes last year's: done -> anything else, under way -> not started."""
    if before == "done" and now == "dropped":
        return True
    return before in PROGRESS and now in PROGRESS and PROGRESS[now] < PROGRESS[before]
