"""``check``: inputs/<year>/ -> findings: a terminal report and out/<year>/check/*.xlsx.

    settings -> gather last year and this year (intake + validate) -> member statuses
             -> terminal text -> feedback workbooks -> the editor's report

The member workbooks are only read, never written. Exit code: 0 no errors, 1 errors
remain, 2 usage error (no such year, bad catalogue or rules).
"""

from __future__ import annotations

import argparse
import io
import logging
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from report.commands import finding_text, load_settings, recover, resolve_year, year_folders
from report.database import store as db
from report.editorial import run as editor
from report.errors import SettingsError
from report.figures.records import YearData
from report.findings import Finding, count
from report.intake.gather import catalogue_digest, gather_years, submission_files
from report.outputs import feedback
from report.progress import Progress
from report.settings.catalogue import Catalogue
from report.settings.edition import load_edition
from report.settings.recommendations import FILE as RECOMMENDATIONS
from report.settings.recommendations import load_recommendations
from report.terminal import shown_name

log = logging.getLogger(__name__)

FEEDBACK_SUFFIX = "-feedback.xlsx"


@dataclass(frozen=True)
class CheckResult:
    year: int
    data: YearData
    rows: tuple[feedback.MemberStatus, ...]
    findings: tuple[Finding, ...]  # catalogue order of members, then reading order
    years: Mapping[int, YearData] = field(default_factory=dict)  # last year's too

    @property
    def errors(self) -> int:
        return count(self.findings)[0]


def check_year(inputs: Path, year: int, *, cache: Path | None = None,
               show_progress: bool = False, database: Path | None = None) -> CheckResult:
    """Read and validate every workbook of ``year`` (and last year's, for the trend rule:
    from the commission's database when a final edition published it)."""
    cat, rules = load_settings(inputs, year)
    published = {y: r for y, r in db.published(database, before=year).items() if y == year - 1}
    folders = year_folders(inputs, cat)
    years = [y for y in (year - 1, year) if y in folders or y in published]
    files = sum(len(submission_files(inputs / str(y))) for y in years)
    bar = Progress(files, str(year), sys.stderr if show_progress else io.StringIO())
    try:
        gathered = gather_years(inputs, years, cat, rules, cache=cache,
                                cat_digest=catalogue_digest(inputs / "catalogue"),
                                progress=bar, published=published)
    finally:
        bar.close()
    data = gathered[year]
    order = {m.code: i for i, m in enumerate(cat.members)}
    findings = tuple(sorted(data.findings,
                            key=lambda f: (order.get(f.member, len(order)), f.member, f.sort_key)))
    return CheckResult(year, data, _statuses(cat, data, findings), findings, gathered)


def _statuses(cat: Catalogue, data: YearData,
              findings: Sequence[Finding]) -> tuple[feedback.MemberStatus, ...]:
    """One row per member: submitted | rejected (read, refused) | unusable (received, but
    not a workbook that can be read: a folder, a .txt copy) | missing."""
    rows = []
    for m in cat.members:
        mine = [f for f in findings if f.member == m.code]
        codes = {f.code for f in mine}
        files = tuple(sorted({f.file for f in mine if f.code != "member-missing"}
                             | ({data.members[m.code].file} if m.code in data.members else set())))
        read = {f.file for f in mine if f.code not in ("member-missing", "unusable-file")}
        status = ("submitted" if m.code in data.members
                  else "missing" if "member-missing" in codes
                  else "rejected" if read else "unusable")
        errors, warnings = count(mine)
        na = sum(f.value is None for f in data.members[m.code].figures.values()) \
            if m.code in data.members else 0
        rows.append(feedback.MemberStatus(m.code, m.name, status, files, errors, warnings, na))
    return tuple(rows)


def terminal_text(result: CheckResult, cat: Catalogue | None = None) -> str:
    """The table of members, then the findings grouped by member."""
    lines = [f"Check {result.year}", "",
             f"{'member':<8} {'status':<10} {'errors':>6} {'warnings':>8} {'n/a':>4}  file",
             "-" * 65]
    for r in result.rows:
        lines.append(f"{r.code:<8} {r.status:<10} {r.errors:>6} {r.warnings:>8} "
                     f"{r.not_available or '':>4}  {', '.join(shown_name(f) for f in r.files)}")
    sent = sum(r.status != "missing" for r in result.rows)
    errors, warnings = count(result.findings)
    lines += ["-" * 65, f"{sent}/{len(result.rows)} received, {errors} errors, "
              f"{warnings} warnings; n/a: cells marked \"not available\" (not collected)", ""]
    member = None
    for f in result.findings:
        if f.member != member:
            member = f.member
            lines.append(f"== {shown_name(member)}")
        lines += finding_text(f, shown_name(f.file))
    return "\n".join(lines)


def write_reports(result: CheckResult, inputs: Path, out: Path) -> Path:
    """summary.xlsx and one <MEMBER>-feedback.xlsx per member with findings; stale ones go."""
    folder = out / str(result.year) / "check"
    folder.mkdir(parents=True, exist_ok=True)
    year_dir = (inputs / str(result.year)).resolve()

    def link(f: Finding) -> str | None:
        readable = f.file and shown_name(f.file) == f.file  # no link through an odd name
        path = year_dir / f.file if readable and f.code != "member-missing" else None
        return feedback.link_target(f, path, folder.resolve())

    by_member = {r.code: [f for f in result.findings if f.member == r.code] for r in result.rows}
    written = set()
    for r in result.rows:
        if by_member[r.code]:
            name = f"{r.code}{FEEDBACK_SUFFIX}"
            wb = feedback.feedback_workbook(r.name, r.code, result.year, by_member[r.code], link)
            feedback.save(wb, folder / name)
            written.add(name)
    for stale in folder.glob(f"*{FEEDBACK_SUFFIX}"):
        if stale.name not in written:
            stale.unlink()
    wb = feedback.summary_workbook(
        result.year, result.rows, result.findings, link,
        lambda code: f"{code}{FEEDBACK_SUFFIX}" if f"{code}{FEEDBACK_SUFFIX}" in written else None)
    feedback.save(wb, folder / "summary.xlsx")
    return folder


def run(args: argparse.Namespace) -> int:
    """``check [--year Y] [--inputs DIR] [--out DIR]``: 0 no errors, 1 errors, 2 usage error."""
    inputs, out = Path(args.inputs), Path(args.out)
    year = resolve_year(inputs, args.year)
    result = check_year(inputs, year, cache=out / "cache" / "intake", show_progress=True,
                        database=recover(args.database))
    print(terminal_text(result))
    folder = write_reports(result, inputs, out)
    print(f"\nfeedback / retours: {folder}")
    report = editor_report(result, inputs, out)
    if report is not None:
        print(report.summary())
    return 1 if result.errors else 0


def editor_report(result: CheckResult, inputs: Path, out: Path) -> editor.EditorReport | None:
    """out/<year>/editorial.xlsx, with the latest draft's pages; None (and a warning) when
    the year's edition settings or recommendations cannot be read: the check goes on."""
    cat, rules = load_settings(inputs, result.year)
    folder = inputs / str(result.year)
    try:
        edition = load_edition(folder / "edition.toml", result.year,
                               cat.commission.first_report_year)
        recommendations = load_recommendations(folder / RECOMMENDATIONS, result.year, cat)
        report = editor.assess(inputs / "catalogue", out / str(result.year), cat, rules,
                               result.years, edition, recommendations)
    except SettingsError as exc:
        log.warning("no editor's report: %s", exc)
        return None
    editor.write(report, edition)
    return report
