"""The status of a figure, carried from the member's cell to the report and the data annex.

Flags follow Eurostat's practice: a figure as reported has no flag; "na" is a figure the
member does not collect (not available: unknown, never 0, never added into a total).
The annex writes the flag in its ``status`` column beside an empty value. Later flags
(p provisional, r revised, c confidential) are added here: ``has_value`` says whether a
flagged figure still carries a number that totals may use.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    REPORTED = ""
    NOT_AVAILABLE = "na"

    @property
    def has_value(self) -> bool:
        """Whether a figure with this status carries a number (a total may add it)."""
        return self is not Status.NOT_AVAILABLE
