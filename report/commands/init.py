"""``init``: catalogue + last year's figures (database or workbooks) -> one blank workbook per
member under inputs/<year>/.

    settings -> last year's figures and plan statuses (as the database holds them when a
             final edition published the year, else gather + consolidate its workbooks)
             -> one workbook per member

Existing files are never overwritten: a member may already have started filling one.
Last year's consolidated national figures, when last year's folder exists, are written
beside each input cell for reference, and last year's status of each measure beside it on
the plan sheet.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from report.commands import load_settings
from report.database import store as db
from report.errors import UsageError
from report.figures.consolidate import Dataset, consolidate
from report.intake.gather import gather_years
from report.intake.layout import workbook_name
from report.intake.workbooks import build_workbook, save_member_workbook
from report.paths import default_database
from report.settings.catalogue import Catalogue
from report.settings.rules import Rules

MIN_YEAR, MAX_YEAR = 2000, 2100


def last_year(inputs: Path, year: int, cat: Catalogue, rules: Rules,
              database: Path | None = None) -> Dataset | None:
    """Last year's consolidated data: as published when the database holds the year, else
    from its workbooks; None when there is neither."""
    published = {y: r for y, r in db.published_series(database, before=year).items()
                 if y == year - 1}
    if not (inputs / str(year - 1)).is_dir() and not published:
        return None
    data = gather_years(inputs, [year - 1], cat, rules, published=published)[year - 1]
    return consolidate(cat, data)


def figures_of(ds: Dataset | None) -> dict[str, int]:
    """Last year's national figures (key -> value) that init writes beside each input cell."""
    return {k: f.value for k, f in ds.figures.items() if f.value is not None} if ds else {}


def statuses_of(ds: Dataset | None) -> dict[str, tuple[str, float | None]]:
    """Last year's status and value of each measure, shown on the plan sheet."""
    return {code: (r.status, r.value) for code, r in ds.plan.items()} if ds else {}


def write_blank_workbooks(inputs: Path, year: int, *, out: TextIO | None = None,
                          database: Path | None = None) -> tuple[int, int]:
    """Write every member's workbook that does not exist yet; (written, skipped)."""
    out = out or sys.stdout
    cat, rules = load_settings(inputs, year)
    last = last_year(inputs, year, cat, rules, database)
    folder = inputs / str(year)
    written = skipped = 0
    for member in cat.members:
        path = folder / workbook_name(member.code, year)
        if path.exists():
            print(f"  skip  {path} (exists, left as it is / existe déjà, conservé)", file=out)
            skipped += 1
            continue
        wb = build_workbook(cat, rules, member, year, previous=figures_of(last),
                            previous_plan=statuses_of(last))
        save_member_workbook(wb, path)
        print(f"  wrote {path}", file=out)
        written += 1
    return written, skipped


def run(args: argparse.Namespace) -> int:
    """``init --year Y``: exit 0 when done, 2 on a usage error (no year, bad catalogue)."""
    year, inputs = args.year, Path(args.inputs)
    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
        raise UsageError("give the report year, e.g. --year 2026 / indiquez l'année, "
                         "ex. --year 2026")
    written, skipped = write_blank_workbooks(inputs, year,
                                             database=args.database or default_database())
    print(f"{year}: {written} workbooks written, {skipped} skipped (already there) -> "
          f"{inputs / str(year)}")
    return 0
