"""``build``: the workbooks of a year -> the report's editions, charts, data annex and manifest
under out/<year>/, in Arabic, French or both (``--lang``), from the same data and charts;
for a final edition, its figures recorded in the commission's database.

    settings -> database (published years) -> gather (intake + validate) -> consolidate
             -> per audience (drafts, public): revisions -> disclosure
             -> annex (public) -> per language: charts (per audience)
                -> per edition: context -> render (HTML) -> pdf (WeasyPrint)
                -> finishing (print edition: -> preflight, Ghostscript)
             -> database (a final edition is recorded) -> manifest
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from report import __version__, fonts
from report.atomic import atomic_write_bytes, atomic_write_text, clean_stale, sha256_file
from report.charts.compose import render_charts
from report.charts.model import Chart, load_specs, load_style
from report.commands import load_settings, resolve_year
from report.database import store as database
from report.errors import BuildError
from report.figures.consolidate import Dataset, consolidate
from report.figures.disclosure import disclose_all
from report.figures.published import FigureRecord, Publication, Submission, YearRecord
from report.figures.revisions import revise
from report.figures.year import YearData
from report.intake.gather import catalogue_digest, gather_years
from report.language.formatting import Formatter
from report.language.texts import load_texts
from report.manifest import Stages, write_manifest
from report.outputs.annex import build_annex, write_annex
from report.paths import CHARTS, GHOSTSCRIPT_CMYK, ROOT, TEMPLATES, default_database, year_dirs
from report.progress import Status
from report.publish.context import Assets, FontFace, build_context
from report.publish.environment import environment
from report.publish.finishing import OutputIntent, embedded_files, finish, output_intent
from report.publish.html import body_text
from report.publish.pdf import RenderError, render_pdf_bytes
from report.publish.preflight import InkCoverage, ghostscript, ink_coverage
from report.publish.render import render_report
from report.publish.variants import Spec, chosen, day, pdf_name, pdf_options, stylesheet_uri
from report.review.change_report import report_changes
from report.review.log import sign_off
from report.review.record import draft_record, previous_draft, write_record
from report.settings.catalogue import Catalogue
from report.settings.edition import Edition, load_edition
from report.settings.recommendations import FILE as RECOMMENDATIONS
from report.settings.recommendations import Recommendation, load_recommendations
from report.settings.rules import count


class PublishedError(BuildError):
    """The final edition exists with other content and --force was not given."""


@dataclass(frozen=True)
class BuildConfig:
    year: int
    inputs: Path
    out: Path
    edition: str  # draft | final | print | all
    lang: str  # ar | fr | all
    force: bool = False
    reason: str = ""  # why a final is built while review items are open (with force)
    database: Path | None = None  # None: report.paths.default_database()

    @property
    def langs(self) -> tuple[str, ...]:
        return ("ar", "fr") if self.lang == "all" else (self.lang,)

    @property
    def folder(self) -> Path:
        return self.out / str(self.year)


@dataclass(frozen=True)
class View:
    """The figures one audience sees: members' drafts (true values, marked) or the public
    editions (confidential values removed); the same in every language."""

    true: dict[int, Dataset]  # revised, before disclosure control (what the database keeps)
    shown: dict[int, Dataset]  # after disclosure control


@dataclass(frozen=True)
class Material:
    """What every edition of one build in one language is made from."""

    cat: Catalogue
    views: dict[str, View]  # "draft" | "public" -> its view
    charts: dict[str, tuple[Chart, ...]]  # "draft" | "public" -> its charts in this language
    edition: Edition
    fmt: Formatter
    annex: dict[str, bytes]  # file name -> bytes; empty unless the final edition is built
    recommendations: tuple[Recommendation, ...] | None  # None: no file for the year yet
    emblem: str | None = None  # the covers' emblem, copied into the edition's folder

    def view(self, spec: Spec) -> View:
        return self.views[audience(spec)]

    def charts_for(self, spec: Spec) -> tuple[Chart, ...]:
        return self.charts[audience(spec)]


@dataclass(frozen=True)
class Rendered:
    lang: str
    spec: Spec
    pdf: Path
    html: Path
    pages: int
    stages: Stages
    previous: Path | None  # the replaced final, kept alongside (--force)
    intent: OutputIntent | None = None
    ink: tuple[InkCoverage, ...] | None = None  # Ghostscript's preflight (print edition)

    @property
    def key(self) -> str:
        """The edition's name in the manifest: final, print, draft; final-fr, ..."""
        return self.spec.name if self.lang == "ar" else f"{self.spec.name}-{self.lang}"

    def record(self) -> dict[str, object]:
        out: dict[str, object] = {
            "file": self.pdf.name, "lang": self.lang, "variant": self.spec.variant or "pdf",
            "pages": self.pages,
            "seconds": {k: round(v, 3) for k, v in self.stages.seconds.items()},
            "previous": self.previous.name if self.previous else None}
        if self.spec.name == "print":
            out["output_intent"] = ({"condition": self.intent.condition,
                                     "info": self.intent.info or self.intent.condition,
                                     "fallback": self.intent.fallback}
                                    if self.intent else None)
            out["preflight"] = ({"renderer": "ghostscript", "ok": True,
                                 "ink_coverage": [i.record() for i in self.ink]}
                                if self.ink is not None else
                                {"renderer": "ghostscript", "ok": None,
                                 "note": "not run: Ghostscript is not installed"})
        return out


def run(args: argparse.Namespace) -> int:
    """``build [--year Y] [--edition E] [--lang L] [--force]``: 0 built, 1 refused or failed."""
    year = resolve_year(args.inputs, args.year)
    return build(BuildConfig(year, args.inputs, args.out, args.edition, args.lang, args.force,
                             getattr(args, "reason", ""), args.database))


def build(cfg: BuildConfig) -> int:
    status = Status(f"build {cfg.year}")
    try:
        return _build(cfg, Stages(on_start=status.stage), status)
    finally:
        status.close()


def audience(spec: Spec) -> str:
    return "draft" if spec.draft else "public"


def _build(cfg: BuildConfig, stages: Stages, status: Status) -> int:
    clean_stale(cfg.folder)
    clean_stale(cfg.out / "cache")
    db = cfg.database or default_database()
    with stages("catalogue"):
        cat, rules = load_settings(cfg.inputs, cfg.year)
        edition = load_edition(cfg.inputs / str(cfg.year) / "edition.toml", cfg.year,
                               cat.commission.first_report_year)
        specs, style = load_specs(CHARTS / "charts.toml"), load_style(CHARTS / "style.toml")
        recommendations = load_recommendations(cfg.inputs / str(cfg.year) / RECOMMENDATIONS,
                                               cfg.year, cat)
    variants = chosen(cfg.edition)
    refuse_unconfirmed(cat, variants, recommendations is None)
    with stages("database"):
        record = database.published(db)
        past = {y: r for y, r in record.items() if y < cfg.year}
    with stages("intake_validate"):
        wanted = {y for y in year_dirs(cfg.inputs) if y <= cfg.year} | set(past)
        years = gather_years(cfg.inputs, wanted, cat, rules, cache=cfg.out / "cache" / "intake",
                             cat_digest=catalogue_digest(cfg.inputs / "catalogue"),
                             published=past)
    errors, warnings = count(years[cfg.year].findings)
    if any(not s.draft for s in variants):
        _refuse_final(cfg.year, errors, {y: years[y] for y in past})
    if cat.plan.fictitious and not edition.fictitious and any(not s.draft for s in variants):
        raise BuildError("refused: inputs/catalogue/plan.toml is the sample's fictitious plan "
                         "(fictitious = true); enter the official plan, or build a draft")
    signed = sign_off(cfg.folder / "review", rules, cfg.force, cfg.reason) \
        if any(not s.draft for s in variants) else None
    with stages("consolidate"):
        datasets = {y: consolidate(cat, yd) for y, yd in years.items()}
    views = {}
    for who in dict.fromkeys(audience(s) for s in variants):
        with stages("disclosure"):
            date = edition.draft_date if who == "draft" else edition.publication_date
            true = revise(cat, datasets, years, record, date)
            views[who] = View(true, disclose_all(cat, true, public=who == "public"))
    with stages("annex"):
        wanted_annex = any(s.annex for s in variants)
        annex = build_annex(cat, views["public"].shown, cfg.year, edition) if wanted_annex \
            else {}
    emblem = copy_emblem(edition, cfg.folder)
    materials = {}
    for lang in cfg.langs:
        fmt = Formatter(lang, cat.nouns, edition.digits if lang == "ar" else "latn")
        charts = {}
        for who, view in views.items():  # the drafts' charts apart from the public ones
            with stages("charts"):
                charts[who] = render_charts(specs, cat, view.shown, cfg.year, fmt, style,
                                            cfg.folder, cfg.out / "cache" / "charts",
                                            CHART_DIRS[who])
        materials[lang] = Material(cat, views, charts, edition, fmt, annex, recommendations,
                                   emblem)
    # edition by edition (the finals first), each in every language
    done = [render_edition(cfg, lang, spec, materials[lang], stages, status)
            for spec in variants for lang in cfg.langs]
    # the members' review round works on the Arabic draft
    review = [f for d in done if d.spec.draft and d.lang == "ar"
              for f in review_files(cfg, d, materials["ar"], years[cfg.year], stages)]
    recorded = None
    final = next((d for d in done if d.spec.name == "final"), None)
    if final is not None:
        with stages("database"):
            recorded = database.record(db, publication(cat, edition, years, views["public"],
                                                       sha256_file(final.pdf)))
    write_manifest(cfg.folder / "manifest.json", year=cfg.year, root=ROOT.resolve(),
                   inputs=_inputs(cfg, edition, years[cfg.year].files, done),
                   outputs=_outputs(cfg, done, annex) + review,
                   charts=[c.file for m in materials.values() for cs in m.charts.values()
                           for c in cs], stages=stages,
                   extra={"edition": cfg.edition, "lang": cfg.lang, "pages": done[0].pages,
                          "editions": {d.key: d.record() for d in done},
                          "findings": {"errors": errors, "warnings": warnings},
                          "database": {"file": str(db), "publication": recorded,
                                       "years_from_database": sorted(past)},
                          **({"sign_off": signed} if signed is not None else {})})
    status.close()
    for lang in cfg.langs:  # one edition's text per language
        first = next(d for d in done if d.lang == lang)
        warn_deprecated_terms(cat, first.html.read_text("utf-8"), lang)
    for d in done:
        print(f"{d.pdf} ({d.pages} pages; {errors} errors, {warnings} warnings in the workbooks)")
    for line in _revision_lines(views):
        print(line)
    if final is not None:
        print(f"{db}: " + (f"publication {recorded} recorded" if recorded
                           else "this final edition was already recorded"))
    return 0


def warn_deprecated_terms(cat: Catalogue, html: str, lang: str) -> None:
    """One warning line per deprecated term (inputs/catalogue/terms.toml) in the report's
    text, members' own text included, with the preferred term and where it stands."""
    for hit in cat.deprecated_terms(body_text(html), lang):
        print(f"warning: terminology: «{hit.found}» -> «{hit.preferred}»: …{hit.context}…",
              file=sys.stderr)


def refuse_unconfirmed(cat: Catalogue, variants: Sequence[Spec],
                       no_recommendations: bool = False) -> None:
    """A final or print edition never prints a placeholder, an entry to be confirmed or a
    chapter still to be written: BuildError listing every such entry (a draft shows them as
    editorial marks)."""
    found = [str(u) for u in cat.unconfirmed()]
    if no_recommendations:
        found.append(f"{RECOMMENDATIONS}: missing (the year's recommendations)")
    if found and any(not s.draft for s in variants):
        raise BuildError(
            f"refused: {len(found)} entries are placeholders or to be confirmed; a final or "
            "print edition cannot print them (confirm or replace them in inputs/, or build a "
            "draft) / entrées à confirmer: " + "; ".join(found))


def review_files(cfg: BuildConfig, d: Rendered, m: Material, year: YearData,
                 stages: Stages) -> list[tuple[Path, str]]:
    """A draft's record beside it (the review round reads it), and the change report from
    the draft recorded before it."""
    files = {code: data.file for code, data in year.members.items()}
    rec = draft_record(m.cat, m.view(d.spec).shown[cfg.year], year.findings, m.edition,
                       d.lang, d.pdf, files)
    out = [(write_record(cfg.folder, rec), "draft-record")]
    before = previous_draft(cfg.folder, cfg.year, rec.draft)
    if before is not None:
        with stages("changes"):
            ch = report_changes(cfg.folder, before, rec, m.cat, m.fmt, m.edition)
        out += [(ch.xlsx, "changes-xlsx"), (ch.pdf, "changes-pdf")]
    return out


CHART_DIRS = {"public": "charts", "draft": "charts/draft"}


def _refuse_final(year: int, errors: int, past: dict[int, YearData]) -> None:
    """A final or print edition is refused while errors remain, in this year's workbooks or
    in a corrected workbook of a published year."""
    if errors:
        raise BuildError(f"refused: {errors} errors remain in the {year} workbooks; run "
                         "`check` and fix them, or build a draft")
    for y, data in past.items():
        bad = sorted({f.file for f in data.findings if f.is_error})
        if bad:
            raise BuildError(f"refused: the corrected {y} workbooks {', '.join(bad)} have "
                             f"errors (`check --year {y}`); fix them or take them out")


def _revision_lines(views: dict[str, View]) -> list[str]:
    view = views.get("public") or views["draft"]
    lines = []
    for y, ds in sorted(view.true.items()):
        new = [r for r in ds.revisions if not r.recorded]
        if new:
            who = sorted({m for r in new for m in r.members})
            lines.append(f"revised: {y}: {len(new)} published figures changed "
                         f"(corrected workbooks of {', '.join(who) or '-'})")
    return lines


def publication(cat: Catalogue, edition: Edition, years: dict[int, YearData], view: View,
                pdf_sha256: str) -> Publication:
    """What the database records of a final edition: every year of its series with the true
    values, the statuses the public edition shows, the workbooks used and new revisions."""
    records = []
    for y, true in sorted(view.true.items()):
        data, shown = years[y], view.shown[y]
        members = tuple((Submission(m, d.file, data.sha256[d.file]), d)
                        for m, d in data.members.items() if d.file in data.sha256)
        figures = tuple(FigureRecord(
            f.key, f.indicator, f.dimension, f.category, f.value,
            " ".join(shown.figures[k].marks), tuple(s.member for s in f.sources))
            for k, f in true.figures.items())
        revisions = tuple(r for r in true.revisions if not r.recorded)
        records.append(YearRecord(y, members, figures, revisions))
    return Publication(edition.year, edition.number, edition.publication_date, __version__,
                       pdf_sha256, tuple(records))


def font_faces() -> tuple[FontFace, ...]:
    return tuple(FontFace(f.family, f.weight, f.path.as_uri(), f.css_range)
                 for f in fonts.faces())


def assets(spec: Spec, edition: Edition, emblem: str | None = None,
           lang: str = "ar") -> Assets:
    """What one edition's HTML links: fonts, stylesheets (the language's own after
    print.css), the covers' emblem."""
    arab = edition.digits == "arab" and lang == "ar"
    digits = (TEMPLATES / "digits-arab.css").as_uri() if arab else None
    language = TEMPLATES / f"lang-{lang}.css"
    return Assets(font_faces(), (TEMPLATES / "print.css").as_uri(),
                  _created(day(spec, edition)), stylesheet_uri(spec), digits, emblem,
                  lang_stylesheet=language.as_uri() if language.exists() else None)


def copy_emblem(edition: Edition, folder: Path) -> str | None:
    """The emblem edition.toml names, copied beside the editions (the renderer reads only
    the project's own folders); its name there."""
    if edition.emblem is None:
        return None
    name = "emblem" + edition.emblem.suffix.lower()
    data = edition.emblem.read_bytes()
    target = folder / name
    if not target.exists() or target.read_bytes() != data:
        atomic_write_bytes(target, data)
    return name


def render_edition(cfg: BuildConfig, lang: str, spec: Spec, m: Material, stages: Stages,
                   status: Status) -> Rendered:
    """One edition in one language: context -> HTML -> PDF -> finished PDF; written only
    once complete."""
    own = Stages(on_start=stages.on_start)
    view = m.view(spec)
    with own("templates"):
        ctx = build_context(m.cat, view.shown, cfg.year, m.charts_for(spec), m.edition, lang,
                            spec.draft, assets(spec, m.edition, m.emblem, lang),
                            m.recommendations)
        html = render_report(environment(lang, m.fmt), ctx)
    engine = spec.name if lang == "ar" else f"{spec.name} ({lang})"
    with status.engine(engine), source_date(day(spec, m.edition)):
        data, pages = render_pdf_bytes(html, cfg.folder, fonts.font_dirs(), own,
                                       **pdf_options(spec, m.edition, m.annex))
    intent = _output_intent(spec, m.edition)
    with own("finish"):
        data = finish(data, lang, intent)
        if spec.annex and embedded_files(data) != m.annex:
            raise RenderError("the final PDF does not carry the data annex it was given")
    ink = None
    if spec.name == "print":
        with own("preflight"):
            ink = _preflight(data, cfg.out / "cache")
    pdf_path = cfg.folder / pdf_name(spec, m.edition, lang)
    previous = keep_previous(pdf_path, data, cfg.force) if spec.name == "final" else None
    if spec.annex:
        write_annex(m.annex, cfg.folder)
    html_path = pdf_path.with_suffix(".html")  # the exact HTML the engine lays out
    atomic_write_text(html_path, html)
    atomic_write_bytes(pdf_path, data)
    for k, v in own.seconds.items():
        stages.seconds[k] = stages.seconds.get(k, 0.0) + v
    return Rendered(lang, spec, pdf_path, html_path, pages, own, previous, intent, ink)


def _output_intent(spec: Spec, edition: Edition) -> OutputIntent | None:
    label = str(load_texts("phrases").value("print_fallback_condition"))
    intent = output_intent(spec, edition, label=label)
    if intent is not None and intent.fallback:
        print("warning: no print_profile in edition.toml: the print edition's output intent is "
              "Ghostscript's generic CMYK profile (default_cmyk.icc, Debian libgs-common), "
              "labelled as such; ask the print shop for its CMYK profile", file=sys.stderr)
    elif spec.name == "print" and intent is None:
        print("warning: no print_profile in edition.toml and no Ghostscript CMYK profile "
              "(apt-get install libgs-common): the print edition has no output intent; ask "
              "the print shop for its CMYK profile", file=sys.stderr)
    return intent


def _preflight(data: bytes, scratch: Path) -> tuple[InkCoverage, ...] | None:
    """The print PDF through Ghostscript before it is written: a file Ghostscript cannot
    render fails the build. None (with a warning) when Ghostscript is not installed."""
    gs = ghostscript()
    if gs is None:
        print("warning: Ghostscript is not installed (apt-get install ghostscript): the print "
              "edition was not preflighted", file=sys.stderr)
        return None
    scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=scratch, prefix=".preflight-", suffix=".pdf") as tmp:
        tmp.write(data)
        tmp.flush()
        return ink_coverage(Path(tmp.name), gs)


def keep_previous(target: Path, data: bytes, force: bool) -> Path | None:
    """Refuse to replace a published final silently; with ``force`` keep it alongside."""
    if not target.exists():
        return None
    old = sha256_file(target)
    if old == hashlib.sha256(data).hexdigest():
        return None
    kept = target.with_name(f"{target.stem}.previous-{old[:8]}{target.suffix}")
    if not force:
        raise PublishedError(f"{target} is published and the new build differs; rebuild with "
                             f"--force to replace it (the current one is then kept as {kept.name})")
    if not kept.exists():
        atomic_write_bytes(kept, target.read_bytes())
    return kept


def _inputs(cfg: BuildConfig, edition: Edition, workbooks: tuple[Path, ...],
            done: list[Rendered]) -> list[Path]:
    settings = [cfg.inputs / str(cfg.year) / "edition.toml",
                cfg.inputs / str(cfg.year) / RECOMMENDATIONS, CHARTS / "charts.toml",
                CHARTS / "style.toml", *sorted((cfg.inputs / "catalogue").glob("*.toml"))]
    settings += [edition.print_profile] if edition.print_profile else []
    settings += [edition.emblem] if edition.emblem else []
    settings += [GHOSTSCRIPT_CMYK] if any(d.intent and d.intent.fallback for d in done) else []
    return [*workbooks, *(p for p in settings if p.exists())]


def _outputs(cfg: BuildConfig, done: list[Rendered],
             annex: dict[str, bytes]) -> list[tuple[Path, str]]:
    out: list[tuple[Path, str]] = []
    for d in done:
        out += [(d.pdf, f"pdf-{d.key}"), (d.html, "html")]
        out += [(d.previous, f"pdf-{d.key}-previous")] if d.previous else []
    kinds = {".xlsx": "annex-xlsx", ".csv": "annex-csv", ".json": "annex-datapackage"}
    return out + [(cfg.folder / n, kinds[Path(n).suffix]) for n in annex]


def _created(d: dt.date) -> str:
    return d.isoformat() + "T00:00:00Z"


@contextmanager
def source_date(d: dt.date) -> Iterator[None]:
    """SOURCE_DATE_EPOCH = ``d`` while the engine writes (the font subsets' time stamps come
    from it, not the clock), then the environment as it was."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(_epoch(d))
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def _epoch(d: dt.date) -> int:
    return int(dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC).timestamp())
