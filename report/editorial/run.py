"""The year's data and settings -> the editor's report: the findings of every rule
(report/editorial/rules.py) with the secretariat's decisions read back from the last
out/<year>/editorial.xlsx, then that file written again with the latest draft's pages.

    assess (rules + decisions kept) -> [a final refused while one is open] -> write (pages)

``check`` and every ``build`` run it; it never stops a draft.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from report.editorial import ledger
from report.editorial.desk import Desk, load_desk_settings
from report.editorial.findings import EditorialFinding
from report.editorial.rules import RULES, review
from report.figures.records import YearData
from report.review.draft_map import DraftMap
from report.settings.catalogue import Catalogue
from report.settings.edition import Edition
from report.settings.recommendations import Recommendation
from report.settings.rules import Rules

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EditorReport:
    path: Path  # out/<year>/editorial.xlsx
    year: int
    findings: tuple[EditorialFinding, ...]  # with the decisions kept, in the rules' order
    unreadable: str  # why the last file's decisions could not be read ("" when they were)

    @property
    def open(self) -> int:
        return sum(f.open for f in self.findings)

    def summary(self) -> str:
        """The terminal's line: how many findings, how many open, where."""
        return (f"editor's report / rapport de l'éditeur: {len(self.findings)} findings, "
                f"{self.open} open -> {self.path}")


def assess(catalogue: Path, folder: Path, cat: Catalogue, rules: Rules,
           years: Mapping[int, YearData], edition: Edition,
           recommendations: Sequence[Recommendation] | None) -> EditorReport:
    """Every finding of the report year ``edition.year``, with the decisions the secretariat
    left in ``folder``/editorial.xlsx."""
    desk = Desk(cat, edition.year, {y: d for y, d in years.items() if y <= edition.year},
                edition, tuple(recommendations or ()),
                load_desk_settings(catalogue, tuple(RULES)))
    path = folder / ledger.NAME
    kept, unreadable = ledger.decisions(path, rules)
    if unreadable:
        log.warning("%s: the decisions cannot be read (%s); every finding is open", path,
                    unreadable)
    return EditorReport(path, edition.year, ledger.with_decisions(review(desk), kept),
                        unreadable)


def write(report: EditorReport, edition: Edition, draft: DraftMap | None = None) -> Path:
    """editorial.xlsx with the pages of ``draft`` (default: the latest draft built beside
    it). A file whose decisions could not be read is set aside, never overwritten."""
    folder = report.path.parent
    folder.mkdir(parents=True, exist_ok=True)
    if report.unreadable and report.path.exists():
        kept = ledger.set_aside(report.path)
        log.warning("%s: set aside as %s", report.path, kept.name)
    shown = draft if draft is not None else ledger.latest_draft(folder, report.year)
    ledger.write(report.path, ledger.with_pages(report.findings, shown), report.year,
                 edition.draft_date)
    return report.path
