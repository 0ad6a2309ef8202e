"""The latest sample year and the names of its outputs, for tests that read the shared builds
(``sample_build``, ``second_build`` in tests/conftest.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from report.paths import CATALOGUE, INPUTS, year_dirs
from report.settings.catalogue import load_catalogue
from report.settings.edition import load_edition

YEAR = year_dirs(INPUTS)[-1]
EDITION = load_edition(INPUTS / str(YEAR) / "edition.toml", YEAR,
                       load_catalogue(CATALOGUE).commission.first_report_year)
FINAL = f"report-{YEAR}.pdf"
PRINT = f"report-{YEAR}-print.pdf"
DRAFT = f"report-{YEAR}-draft{EDITION.draft}.pdf"
PDFS = (FINAL, PRINT, DRAFT)
ANNEX = (f"data-{YEAR}.xlsx", *(f"data-{YEAR}-{t}.csv" for t in (
    "figures", "sources", "revisions", "indicators", "glotip", "sdg-16-2-2", "plan")),
    "datapackage.json")


def published(final: bytes) -> bytes:
    """A final PDF as if published earlier with other content: a comment appended (still a
    whole PDF, ending with %%EOF)."""
    return final + b"% published earlier\n%%EOF\n"


def copy_inputs(root: Path) -> Path:
    """A copy of the sample's inputs (the catalogue and every year) as ``root``; return it."""
    for part in ("catalogue", *(str(y) for y in year_dirs(INPUTS))):
        shutil.copytree(INPUTS / part, root / part)
    return root


def out_with_cache(out: Path, cache: Path) -> Path:
    """``out`` holding a copy of the ``sample_cache`` fixture's folder: a build there reads
    none of the sample's workbooks again (the intake cache is keyed by content)."""
    shutil.copytree(cache, out / "cache")
    return out
