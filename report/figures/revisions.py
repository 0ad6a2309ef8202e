"""Datasets + the database's record of published years -> Datasets whose revised figures are
marked "r", each year with its revisions (old value, new value, members, date).

A figure is revised when the build finds a value other than the one last published for it
(a member sent a corrected workbook for a published year, or a late one), or when the
database already records a revision of it: [r] stays on a figure once revised, as the GSS
marks revised figures. A revision this build finds carries the date of the edition being
built (a draft's date in drafts, the publication date in the final, which records it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping

from report.figures.consolidate import Dataset
from report.figures.records import PublishedYear, Revision, YearData
from report.settings.catalogue import Catalogue

REVISED = "r"


def changed_members(data: YearData, record: PublishedYear) -> tuple[str, ...]:
    """Members whose workbook, read in this build, is not the one the publication used."""
    out = []
    for member, md in data.members.items():
        digest = data.sha256.get(md.file)
        used = record.submissions.get(member)
        if digest is not None and (used is None or used.sha256 != digest):
            out.append(member)
    return tuple(out)


def found(cat: Catalogue, ds: Dataset, data: YearData, record: PublishedYear,
          date: dt.date) -> tuple[Revision, ...]:
    """The published figures of this year whose value this build changes."""
    members = changed_members(data, record)
    out = []
    for key, fig in ds.figures.items():
        pub = record.figures.get(key)
        if pub is None or pub.value == fig.value:
            continue
        who = tuple(m for m in cat.indicator(fig.indicator).reporters if m in members)
        out.append(Revision(ds.year, key, pub.value, fig.value, who, date, pub.status))
    return tuple(out)


def revise(cat: Catalogue, datasets: Mapping[int, Dataset], years: Mapping[int, YearData],
           published: Mapping[int, PublishedYear], date: dt.date) -> dict[int, Dataset]:
    """Each year's dataset with its revisions, recorded and new, and their figures marked."""
    out = {}
    for year, ds in datasets.items():
        record = published.get(year)
        if record is None:
            out[year] = ds
            continue
        revisions = record.revisions + found(cat, ds, years[year], record, date)
        out[year] = mark(ds, revisions)
    return out


def mark(ds: Dataset, revisions: tuple[Revision, ...]) -> Dataset:
    keys = {r.key for r in revisions}
    figures = {k: dataclasses.replace(f, marks=(*f.marks, REVISED))
               if k in keys and REVISED not in f.marks else f for k, f in ds.figures.items()}
    return dataclasses.replace(ds, figures=figures, revisions=revisions)
