"""What members answer in a review round: the rows of a returned review workbook
(report/review/workbook.py reads them) and the review log's entries they become
(report/review/log.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from report.language.texts import load_texts
from report.review.sheets import both

TEXTS = load_texts("review")
SHEET_ITEMS = "المراجعة"  # the review workbook's sheet of items (and answers)
DECISIONS = ("approve", "correct", "comment")
# of a log entry: set by the secretariat (open, accepted, rejected), or by the collect when
# the member withdraws its request (withdrawn: approved afterwards, or its file removed)
STATUSES = ("open", "accepted", "rejected", "withdrawn")
OPEN, WITHDRAWN = "open", "withdrawn"


def decision_label(code: str) -> str:
    return both(TEXTS, f"decision.{code}", " / ")


@dataclass(frozen=True)
class Answer:
    """One row a member filled in."""

    item: str
    decision: str  # approve | correct | comment
    value: int | None  # a corrected figure
    text: str  # a proposed text (activities, paragraphs), or the value as typed
    comment: str
    row: int
    status: str = ""  # measures: the status asked for (a code of layout.PLAN_STATUSES)
    level: float | None = None  # measures: the indicator's value asked for


@dataclass(frozen=True)
class Returned:
    member: str
    file: str
    draft: int
    answers: tuple[Answer, ...]

    def count(self, decision: str) -> int:
        return sum(a.decision == decision for a in self.answers)


@dataclass(frozen=True)
class LogEntry:
    id: str  # "<member>:<item>"
    draft: int
    member: str
    item: str
    kind: str  # figure | activity | paragraph
    label: str
    pages: tuple[int, ...]
    text: str  # the item as printed
    decision: str  # correct | comment | approve (an approval with a comment)
    requested: str  # the corrected value or the proposed text, as the member wrote it
    value: int | None  # a corrected figure
    comment: str
    source: str  # the returned file and row
    latest_draft: int | None = None
    latest: int | str | None = None  # figures: the member's figure in the latest draft;
    # measures: their status and value as the latest draft prints them
    matches: bool | None = None  # ... equal to the value requested (a later draft only)
    status: str = OPEN
    note: str = ""  # the secretariat's reason
    asked: str = ""  # ISO date the collect first read this request
    earlier: str = ""  # the requests before it and their fate, with dates (newest first)

    @property
    def open(self) -> bool:
        return self.status == OPEN

    def same_request(self, other: LogEntry) -> bool:
        """Whether ``other`` asks what this entry asks (decision, value or text, comment)."""
        return (self.decision, self.requested, self.value, self.comment) == \
            (other.decision, other.requested, other.value, other.comment)
