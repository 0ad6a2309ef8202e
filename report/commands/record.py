"""A year's final edition recorded in the commission's database without rendering it: the
rows ``build --edition final`` writes (figures, statuses as the public edition shows them,
the workbooks used, new revisions), made by the same functions, without laying out a page.

    settings -> database (published years, earlier finals) -> gather (intake + validate)
             -> refuse_errors -> consolidate -> view (revisions, disclosure: public, earlier
             finals known) -> publication -> database (and the members' own translations in
             the translation memory, as a final does)

What only the printed edition needs (the year's recommendations, confirmed catalogue
entries, the official plan, the review round's sign-off) is not asked; the workbooks'
errors refuse it as they refuse a final. The publication's PDF hash is empty (``NO_PDF``):
no PDF was made. The tests use it for a year that only has to have been published.
"""

from __future__ import annotations

from pathlib import Path

from report.commands import load_settings, year_folders
from report.database import store as database
from report.database import translations as memory_db
from report.database.publication import publication
from report.figures.consolidate import consolidate
from report.figures.views import view
from report.findings import count
from report.intake.gather import catalogue_digest, gather_years
from report.publish.refusals import refuse_errors
from report.settings.edition import load_edition
from report.translation.memory import members_own

NO_PDF = ""  # the publication's pdf_sha256 when no PDF was rendered


def record_final(inputs: Path, year: int, db: Path, cache: Path | None = None) -> int | None:
    """Record ``year``'s final edition from ``inputs`` in the database ``db`` as its final
    build would, without rendering it (``cache``: an intake cache folder, as a build's
    out/cache/intake). The publication's id, or None when it was already recorded;
    BuildError while the workbooks have errors."""
    cat, rules = load_settings(inputs, year)
    edition = load_edition(inputs / str(year) / "edition.toml", year,
                           cat.commission.first_report_year)
    record = database.published_series(db)  # as a build reads it (imports included)
    past = {y: r for y, r in record.items() if y < year}
    wanted = {y for y in year_folders(inputs, cat, warn=False) if y <= year} | set(past)
    years = gather_years(inputs, wanted, cat, rules, cache=cache,
                         cat_digest=catalogue_digest(inputs / "catalogue"), published=past)
    refuse_errors(year, count(years[year].findings)[0], {y: years[y] for y in past})
    datasets = {y: consolidate(cat, data) for y, data in years.items()}
    # disclosure control as the build chooses it: every earlier final taken as known
    public = view(cat, datasets, years, record, edition.publication_date, public=True,
                  finals=database.finals(db))
    recorded = database.record(db, publication(edition, years, public.true, public.shown,
                                               NO_PDF))
    memory_db.remember(db, members_own(years[year]))
    return recorded
