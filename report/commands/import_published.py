"""``import-published --year Y FILE``: a past report's published figures (a CSV or workbook
in the data annex's shape, with the report and page of each) -> a publication of year Y in
the commission's database, from which the next reports draw their multi-year series.

    settings -> the file read and checked as ``check`` checks a workbook (codes, ceilings,
             breakdowns that sum: report/intake/past_report.py) -> findings (terminal)
             -> a year the database already holds refused, unless --force with a reason
             -> database (one transaction, after a backup copy)

The file is only read. Exit code: 0 imported, 1 findings with errors or a year already
held (nothing written), 2 usage error.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from report import __version__
from report.commands import finding_text, load_settings, recover
from report.database.store import holds_year, record_past_report
from report.errors import BuildError, UsageError
from report.figures.records import PastReport
from report.findings import Finding, count
from report.intake.past_report import read_past_report
from report.signature import account_name, checked_reason
from report.terminal import shown_name


def run(args: argparse.Namespace) -> int:
    """``import-published --year Y FILE [--force --reason R] [--date D]``."""
    inputs, year, path = Path(args.inputs), args.year, Path(args.file)
    cat, rules = load_settings(inputs, year)
    first = cat.commission.first_report_year
    if year < first:
        raise UsageError(f"--year {year}: the commission's first report covers {first} "
                         "/ le premier rapport porte sur cette année")
    if not path.is_file():
        raise UsageError(f"{shown_name(str(path))}: no such file / fichier introuvable")
    past, findings = read_past_report(path, cat, rules, year)
    print(findings_text(path, year, findings))
    errors, _ = count(findings)
    if errors or past is None:
        print(f"\nnothing imported: {errors} errors / rien n'a été importé")
        return 1
    database = recover(args.database, writes=True)  # an interrupted publication first
    reason = _reason(database, year, args.force, args.reason)
    date = args.date or dt.date.today()
    pid = record_past_report(database, past, edition=year - first + 1, date=date,
                             tool_version=__version__, operator=account_name(), reason=reason)
    print(summary(past, database, pid))
    return 0


def _reason(database: Path, year: int, force: bool, reason: str) -> str:
    """The reason recorded with the import: required (words) when the database already
    holds ``year``; BuildError without --force then."""
    if holds_year(database, year):
        if not force or not reason:
            raise BuildError(f"refused: {database} already holds figures of {year} (a final "
                             "edition or an import); to replace them as the series' figures, "
                             "run again with --force --reason \"...\" (recorded with the "
                             "import) / année déjà publiée")
        return checked_reason(reason)
    return checked_reason(reason) if reason else ""


def findings_text(path: Path, year: int, findings: Sequence[Finding]) -> str:
    errors, warnings = count(findings)
    lines = [f"Import {year}: {shown_name(path.name)}: {errors} errors, {warnings} warnings"]
    return "\n".join(lines + [line for f in findings for line in finding_text(f)])


def summary(past: PastReport, database: Path, pid: int) -> str:
    printed = sum(f.value is not None for f in past.figures)
    return (f"{database}: publication {pid}: the {past.year} report's figures imported "
            f"({printed} published, {len(past.figures) - printed} not available) "
            f"/ chiffres importés")
