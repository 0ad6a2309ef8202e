"""A final edition just built (every year of its series: the workbooks read, the true
figures and the statuses the public edition shows) -> the Publication the commission's
database records (report/database/store.py writes it in one transaction).
"""

from __future__ import annotations

from collections.abc import Mapping

from report import __version__
from report.figures.consolidate import Dataset
from report.figures.records import FigureRecord, Publication, Submission, YearData, YearRecord
from report.settings.edition import Edition


def publication(edition: Edition, years: Mapping[int, YearData], true: Mapping[int, Dataset],
                shown: Mapping[int, Dataset], pdf_sha256: str) -> Publication:
    """What the database records of a final edition: every year of its series with the true
    values, the statuses the public edition shows, the workbooks used and new revisions."""
    records = []
    for y, ds in sorted(true.items()):
        data, public = years[y], shown[y]
        members = tuple((Submission(m, d.file, data.sha256[d.file]), d)
                        for m, d in data.members.items() if d.file in data.sha256)
        figures = tuple(FigureRecord(
            f.key, f.indicator, f.dimension, f.category, f.value,
            " ".join(public.figures[k].marks), tuple(s.member for s in f.sources))
            for k, f in ds.figures.items())
        revisions = tuple(r for r in ds.revisions if not r.recorded)
        records.append(YearRecord(y, members, figures, revisions))
    return Publication(edition.year, edition.number, edition.publication_date, __version__,
                       pdf_sha256, tuple(records))
