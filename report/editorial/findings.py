"""An editor's finding: a doubt about what the report will print, as data (code, severity,
where: the member, the item and its anchor in a draft, the file and cell it came from),
with its message in Arabic and French from inputs/catalogue/editorial.toml, and the
secretariat's decision on it (open, or accepted with a reason).

Findings never stop a draft; a final edition is refused while one is open
(report/editorial/ledger.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from report.label import Label

OPEN, ACCEPTED = "open", "accepted"
DECISIONS = (OPEN, ACCEPTED)
# what a finding is about, and the draft's anchor of each (templates and publish/anchors.py)
ACTIVITY, MEASURE, RECOMMENDATION = "activity", "measure", "recommendation"
KINDS = (ACTIVITY, MEASURE, RECOMMENDATION)


@dataclass(frozen=True)
class Location:
    """Where a finding stands: in the member's text, and in the draft."""

    kind: str  # activity | measure | recommendation
    member: str  # the member's code ("" for the commission's own text)
    item: str  # the activity's cell, the measure's code, the recommendation's number
    anchor: str  # the draft's id of the item: its page is read from the draft PDF
    file: str = ""  # where it was read: a member's workbook, plan.toml, recommendations.toml
    sheet: str = ""
    cell: str = ""


@dataclass(frozen=True)
class EditorialFinding:
    code: str  # the rule (editorial.toml [rule.<code>])
    severity: str
    where: Location
    text: str  # the item as the report prints it (an activity's title, a measure ...)
    message: Label
    status: str = OPEN  # the secretariat's decision, read back from editorial.xlsx
    reason: str = ""  # why it was accepted
    pages: tuple[int, ...] = ()  # where the latest draft prints the item

    @property
    def id(self) -> str:
        """Stable across runs: the rule and the item (the secretariat's decision follows it)."""
        w = self.where
        return f"{self.code}:{w.kind}:{w.member or '-'}:{w.item}"

    @property
    def open(self) -> bool:
        """Open until accepted with a reason."""
        return not (self.status == ACCEPTED and self.reason.strip())
