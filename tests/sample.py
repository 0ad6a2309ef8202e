"""The latest sample year and the names of its outputs, for tests that read the shared builds
(``sample_build``, ``second_build`` in tests/conftest.py)."""

from __future__ import annotations

from report.catalogue import load_catalogue
from report.edition import load_edition
from report.paths import CATALOGUE, INPUTS, year_dirs

YEAR = year_dirs(INPUTS)[-1]
EDITION = load_edition(INPUTS / str(YEAR) / "edition.toml", YEAR,
                       load_catalogue(CATALOGUE).commission.first_report_year)
FINAL = f"report-{YEAR}.pdf"
PRINT = f"report-{YEAR}-print.pdf"
DRAFT = f"report-{YEAR}-draft{EDITION.draft}.pdf"
PDFS = (FINAL, PRINT, DRAFT)
ANNEX = (f"data-{YEAR}.xlsx", f"data-{YEAR}-figures.csv", f"data-{YEAR}-sources.csv",
         "datapackage.json")


def published(final: bytes) -> bytes:
    """A final PDF as if published earlier with other content: a comment appended (still a
    whole PDF, ending with %%EOF)."""
    return final + b"% published earlier\n%%EOF\n"
