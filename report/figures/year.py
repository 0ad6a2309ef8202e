"""One year of members' data as the intake gives it: every member's accepted data and every
finding, with the database's record when the year was published.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from report.figures.member import MemberData
from report.figures.published import PublishedYear
from report.settings.rules import Finding


@dataclass(frozen=True)
class YearData:
    year: int
    files: tuple[Path, ...]
    members: dict[str, MemberData]
    findings: tuple[Finding, ...]
    sha256: Mapping[str, str] = field(default_factory=dict)  # file name -> sha256
    published: PublishedYear | None = None  # the database's record, for a published year
    reread: tuple[str, ...] = ()  # members whose workbook differs from the published one
