"""A draft just built (its PDF, the figures it shows, the year's findings) -> what the
members' review round needs beside it: the draft's record (report/review/record.py, with
the members' texts and their translations: report/review/texts.py), and
the change report from the draft recorded before it (report/review/change_report.py).
"""

from __future__ import annotations

from pathlib import Path

from report.figures.consolidate import Dataset
from report.figures.records import YearData
from report.language.build_context import BuildContext
from report.manifest import Stages
from report.review.change_report import report_changes
from report.review.record import draft_record, previous_draft, write_record
from report.review.texts import text_records

REVIEW_LANG = "ar"  # the review round works on the draft in its workbooks' language


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
        with stages("changes"):
            ch = report_changes(ctx.folder, before, rec, ctx.cat, ctx.fmt, ctx.edition)
        out += [(ch.xlsx, "changes-xlsx"), (ch.pdf, "changes-pdf")]
    return out
