"""A draft just built (its PDF, the figures it shows, the year's findings) -> what the
members' review round needs beside it: the draft's record (report/review/record.py, with
the members' texts and their translations: report/review/texts.py), and the change report
from the draft recorded before it (report/review/change_report.py). A draft whose number
went up while its date did not (edition.toml's draft raised, its draft_date left as it
was) is a warning: the members would read two drafts of one date.
"""

from __future__ import annotations

import logging
from pathlib import Path

from report.figures.consolidate import Dataset
from report.figures.records import YearData
from report.language.build_context import BuildContext
from report.manifest import Stages
from report.review.record import (
    DraftRecord,
    draft_record,
    load_record,
    previous_draft,
    record_path,
    write_record,
)
from report.review.texts import text_records

REVIEW_LANG = "ar"  # the review round works on the draft in its workbooks' language
logger = logging.getLogger(__name__)


def review_files(ctx: BuildContext, pdf: Path, shown: Dataset, year: YearData,
                 stages: Stages) -> list[tuple[Path, str]]:
    """The draft's record beside it, and the change report from the draft recorded before
    it; each file with its kind for the manifest."""
    files = {code: data.file for code, data in year.members.items()}
    rec = draft_record(ctx.cat, shown, year.findings, ctx.edition, ctx.lang.code, pdf, files,
                       text_records(ctx.cat, shown))
    out = [(write_record(ctx.folder, rec), "draft-record")]
    before = previous_draft(ctx.folder, ctx.year, rec.draft)
    if before is not None:
        # here only: the change report's workbook needs openpyxl, which a draft built again
        # (no draft recorded before it) never loads
        from report.review.change_report import report_changes

        warn_stale_date(load_record(record_path(ctx.folder, ctx.year, before)), rec)
        with stages("changes"):
            ch = report_changes(ctx.folder, before, rec, ctx.cat, ctx.fmt, ctx.edition)
        out += [(ch.xlsx, "changes-xlsx"), (ch.pdf, "changes-pdf")]
    return out


def stale_date(before: DraftRecord, rec: DraftRecord) -> str | None:
    """Why the draft's date does not follow its number, or None when it does."""
    if rec.draft > before.draft and rec.draft_date <= before.draft_date:
        return (f"draft {rec.draft} of {rec.year} is dated {rec.draft_date}, not after draft "
                f"{before.draft} ({before.draft_date}): set draft_date in edition.toml / la "
                "date du projet n'a pas changé")
    return None


def warn_stale_date(before: DraftRecord, rec: DraftRecord) -> None:
    problem = stale_date(before, rec)
    if problem:
        logger.warning(problem)
