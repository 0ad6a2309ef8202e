"""The build: workbooks of a year -> report PDF, charts and manifest under out/<year>/.

    catalogue -> gather (intake + validate) -> consolidate -> charts -> chapters -> pdf
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from report import fonts
from report.atomic import atomic_write_text
from report.catalogue import CatalogueError, load_catalogue
from report.chapters import environment
from report.charts import load_specs, render_charts
from report.consolidate import Dataset, consolidate
from report.edition import Edition, EditionError, load_edition
from report.findings import count, load_rules
from report.formatting import Formatter
from report.gather import YearData, gather_year, member_values
from report.manifest import Stages, write_manifest
from report.paths import CHARTS, ROOT, TEMPLATES, year_dirs
from report.pdf import RenderError, render_pdf
from report.render import render_report


class UsageError(Exception):
    """The command line or the inputs folder does not allow a build: exit code 2."""


@dataclass(frozen=True)
class BuildConfig:
    year: int
    inputs: Path
    out: Path
    edition: str  # draft | final | print
    lang: str
    force: bool = False

    @property
    def folder(self) -> Path:
        return self.out / str(self.year)


def resolve_year(inputs: Path, year: int | None) -> int:
    if not (inputs / "catalogue").is_dir():
        raise UsageError(f"{inputs}: no catalogue/ folder here (is --inputs right?)")
    years = year_dirs(inputs)
    if year is None:
        if not years:
            raise UsageError(f"{inputs}: no year folder (e.g. {inputs}/2025/)")
        return years[-1]
    if year not in years:
        raise UsageError(f"{inputs}/{year}: no such folder; years found: {years}")
    return year


def gather_years(cfg: BuildConfig, cat, rules, stages: Stages) -> dict[int, YearData]:
    """Every year up to the report year (older years give the trends), oldest first."""
    out: dict[int, YearData] = {}
    cache = cfg.out / "cache" / "intake"
    digest = catalogue_digest(cfg.inputs / "catalogue")
    for y in (y for y in year_dirs(cfg.inputs) if y <= cfg.year):
        prev = member_values(out[y - 1]) if y - 1 in out else {}
        out[y] = gather_year(cfg.inputs / str(y), y, cat, rules, previous=prev, cache=cache,
                             cat_digest=digest)
    return out


def catalogue_digest(folder: Path) -> str:
    import hashlib

    h = hashlib.sha256()
    for p in sorted(folder.glob("*.toml")):
        h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()


def font_faces() -> list[dict[str, object]]:
    return [{"family": f.family, "weight": f.weight, "url": f.path.as_uri()} for f in fonts.faces()]


def build(cfg: BuildConfig) -> int:
    stages = Stages()
    with stages("catalogue"):
        cat = load_catalogue(cfg.inputs / "catalogue")
        rules = load_rules(cfg.inputs / "catalogue" / "rules.toml")
        edition = load_edition(cfg.inputs / str(cfg.year) / "edition.toml", cfg.year)
    with stages("intake_validate"):
        years = gather_years(cfg, cat, rules, stages)
    errors, warnings = count(years[cfg.year].findings)
    if cfg.edition != "draft" and errors:
        print(f"refused: {errors} errors remain in the {cfg.year} workbooks; run `check` "
              f"and fix them, or build a draft", file=sys.stderr)
        return 1
    with stages("consolidate"):
        datasets: dict[int, Dataset] = {y: consolidate(cat, yd) for y, yd in years.items()}
    fmt = Formatter(cfg.lang, cat.nouns, edition.digits)
    with stages("charts"):
        charts = render_charts(load_specs(CHARTS / "charts.toml"), cat, datasets, cfg.year, fmt,
                               _style(), cfg.folder, cfg.out / "cache" / "charts")
    draft = cfg.edition == "draft"
    with stages("templates"):
        html = render_report(environment(cfg.lang, fmt), cat, datasets, cfg.year, charts,
                             edition, cfg.lang, draft, font_faces(),
                             (TEMPLATES / "print.css").as_uri(), _created(edition, draft))
    os.environ["SOURCE_DATE_EPOCH"] = str(_epoch(edition, draft))
    pdf_path = cfg.folder / _pdf_name(cfg, edition)
    html_path = pdf_path.with_suffix(".html")  # the exact HTML the engine lays out
    atomic_write_text(html_path, html)
    pages = render_pdf(html, cfg.folder, fonts.font_dirs(), pdf_path, stages)
    write_manifest(cfg.folder / "manifest.json", year=cfg.year, root=ROOT.resolve(),
                   inputs=list(years[cfg.year].files), outputs=[(pdf_path, f"pdf-{cfg.edition}"), (html_path, "html")],
                   charts=[c.file for c in charts], stages=stages,
                   extra={"edition": cfg.edition, "pages": pages,
                          "findings": {"errors": errors, "warnings": warnings}})
    print(f"{pdf_path} ({pages} pages; {errors} errors, {warnings} warnings in the workbooks)")
    return 0


def _style() -> dict:
    import tomllib

    return tomllib.loads((CHARTS / "style.toml").read_text("utf-8"))


def _pdf_name(cfg: BuildConfig, edition: Edition) -> str:
    if cfg.edition == "draft":
        return f"report-{cfg.year}-draft{edition.draft}.pdf"
    return f"report-{cfg.year}.pdf" if cfg.edition == "final" else f"report-{cfg.year}-print.pdf"


def _date(edition: Edition, draft: bool) -> dt.date:
    return edition.draft_date if draft else edition.publication_date


def _created(edition: Edition, draft: bool) -> str:
    return _date(edition, draft).isoformat() + "T00:00:00Z"


def _epoch(edition: Edition, draft: bool) -> int:
    d = _date(edition, draft)
    return int(dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC).timestamp())


def run(args: argparse.Namespace) -> int:
    try:
        year = resolve_year(args.inputs, args.year)
        cfg = BuildConfig(year, args.inputs, args.out, args.edition, args.lang, args.force)
        return build(cfg)
    except (UsageError, CatalogueError, EditionError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except RenderError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
