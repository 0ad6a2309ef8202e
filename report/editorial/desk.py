"""What the editor reads (the catalogue, every year's workbooks, the edition, the
recommendations, the editor's settings) -> Desk; a Desk -> every editor's finding of the
report year, in the order of the rules (report/editorial/rules.py), then of the items.

Findings of the members' own text (activities, plan comments) are located at the member's
workbook cell and at the anchor the draft gives the item, so the editor's report shows the
page where the draft prints it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from report.editorial.findings import ACTIVITY, MEASURE, EditorialFinding, Location
from report.figures.records import Activity, PlanReport, YearData, activity_anchor
from report.label import Label
from report.settings.catalogue import Catalogue, Measure, Member
from report.settings.edition import Edition
from report.settings.editorial import FILE, EditorialSettings, load_editorial
from report.settings.recommendations import Recommendation


@dataclass(frozen=True)
class Desk:
    """Everything the rules compare, for one report year."""

    cat: Catalogue  # named as in force in the report year
    year: int
    years: Mapping[int, YearData]  # the report year and the years before it
    edition: Edition
    recommendations: tuple[Recommendation, ...]  # () when none are written yet
    settings: EditorialSettings

    @property
    def data(self) -> YearData:
        return self.years[self.year]

    def activities(self) -> Iterator[Activity]:
        """The report year's activities, in the catalogue's order of members."""
        for m in self.cat.members:
            found = self.data.members.get(m.code)
            yield from found.activities if found else ()

    def report(self, code: str, year: int) -> PlanReport | None:
        """The lead's report on a measure in ``year`` (None: not reported, or not due)."""
        measure = self.cat.plan.measure(code)
        data = self.years.get(year)
        lead = data.members.get(measure.lead) if data and measure else None
        return lead.plan.get(code) if lead else None

    def status(self, code: str, year: int) -> str | None:
        found = self.report(code, year)
        return found.status if found else None

    def measure(self, code: str) -> Measure | None:
        return self.cat.plan.measure(code)

    def member(self, code: str) -> Member:
        return self.cat.member(code)

    def measure_words(self, code: str) -> Label:
        """"2.3.2 تعميم الآلية ..." in each language: how a message names a measure."""
        m = self.measure(code)
        if m is None:
            return Label(code, code)
        return Label(f"{m.number} {m.label.ar}", f"{m.number} {m.label.fr}")

    def finding(self, code: str, where: Location, text: str, **fields: object
                ) -> EditorialFinding:
        rule = self.settings.rule(code)
        return EditorialFinding(code, rule.severity, where, text, rule.message(**fields))


def activity_location(a: Activity) -> Location:
    return Location(ACTIVITY, a.member, a.source.cell, activity_anchor(a.member, a.source.cell),
                    a.source.file, a.source.sheet, a.source.cell)


def measure_location(m: Measure, report: PlanReport | None = None, file: str = "plan.toml"
                     ) -> Location:
    """A measure, at its lead's plan sheet cell when the finding is about the lead's report."""
    if report is not None:
        s = report.source
        return Location(MEASURE, m.lead, m.code, f"measure-{m.code}", s.file, s.sheet, s.cell)
    return Location(MEASURE, m.lead, m.code, f"measure-{m.code}", file)


def load_desk_settings(catalogue: Path, codes: Sequence[str]) -> EditorialSettings:
    """inputs/catalogue/editorial.toml, every rule of ``codes`` worded."""
    return load_editorial(catalogue / FILE, tuple(codes))
