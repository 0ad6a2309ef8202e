"""``build``: the workbooks of a year -> the report's editions, charts, data annex and manifest
under out/<year>/, in Arabic, French or both (``--lang``), from the same data and charts;
the web edition (a site in every language); for a final edition, its figures recorded in
the commission's database.

    database (an interrupted publication finished or undone)
             -> settings -> database (published years, earlier finals)
             -> gather (intake + validate)
             -> translation (the members' own and the translation memory's)
             -> the editor's findings -> consolidate
             -> per audience (drafts, public): revisions -> disclosure (one pattern)
             -> annex (public) -> audit (final, print, public site: refused when a withheld
                figure can be narrowed below the protection level) -> per language: charts
                -> per edition: context -> render (HTML) -> pdf (WeasyPrint)
                -> finishing (print edition: CMYK, the cover sheet -> preflight)
                (the finals: their files and the database's record as one act; the
                members' own translations then kept in the translation memory)
             -> web (every language, the public view: publish/web/) -> editorial.xlsx
             -> manifest
"""

from __future__ import annotations

import argparse
import hashlib
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from report.atomic import clean_stale, sha256_file
from report.charts.compose import render_charts
from report.charts.model import Chart, ChartSpec, ChartStyle
from report.charts.specs import load_specs, load_style
from report.commands import load_settings, recover, resolve_year, year_folders
from report.database import act
from report.database import store as database
from report.database import translations as memory_db
from report.database.publication import publication
from report.editorial import ledger as editor_ledger
from report.editorial import run as editor
from report.figures.audit import Audit, audit, recorded_release, shown_release
from report.figures.consolidate import Dataset, consolidate
from report.figures.records import FinalFigures, YearData
from report.figures.views import View, revision_lines, view
from report.findings import count
from report.intake.gather import catalogue_digest, gather_years
from report.language.build_context import BuildContext, Folders
from report.manifest import Stages, write_manifest
from report.outputs.annex import build_annex
from report.outputs.facts import annex_facts
from report.paths import CHARTS, GHOSTSCRIPT_CMYK, ROOT
from report.progress import Status
from report.publish.assets import copy_emblem
from report.publish.context import year_chapters
from report.publish.editions import Material, Rendered, audience, render_edition
from report.publish.html import body_text
from report.publish.refusals import (
    published_langs,
    publishes,
    refuse_errors,
    refuse_fictitious_plan,
    refuse_leaks,
    refuse_unconfirmed,
    refuse_untranslated,
)
from report.publish.variants import SPECS, chosen, pdf_name
from report.publish.web.edition import WebSpec, web_chosen
from report.publish.web.site import offered_pdfs, render_site, write_site
from report.review.after_draft import REVIEW_LANG, review_files
from report.settings.catalogue import Catalogue
from report.settings.edition import Edition, load_edition
from report.settings.languages import languages
from report.settings.recommendations import FILE as RECOMMENDATIONS
from report.settings.recommendations import load_recommendations
from report.translation.memory import members_own, with_translations

if TYPE_CHECKING:  # imported where a final needs it (the review logs are read with openpyxl)
    from report.review.signoff import Decision

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildConfig:
    year: int
    inputs: Path
    out: Path
    edition: str  # draft | final | print | web | web-draft | all
    lang: str  # a language of templates/languages.toml, or all
    force: bool = False
    reason: str = ""  # why a final is built while review items are open (with force)
    database: Path | None = None  # None: report.paths.default_database()

    @property
    def langs(self) -> tuple[str, ...]:
        return tuple(languages()) if self.lang == "all" else (self.lang,)

    @property
    def folder(self) -> Path:
        return self.out / str(self.year)


CHART_DIRS = {"public": "charts", "draft": "charts/draft"}


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


def _build(cfg: BuildConfig, stages: Stages, status: Status) -> int:
    folders = Folders(cfg.inputs, cfg.out, recover(cfg.database, writes=True))
    clean_stale(cfg.folder)
    if act.clean_staged(cfg.folder):
        logger.warning(
            "%s: a publication interrupted before the database recorded it was undone: its "
            "staged files are removed", cfg.folder)
    clean_stale(cfg.out / "cache")
    with stages("catalogue"):
        cat, rules = load_settings(cfg.inputs, cfg.year)
        edition = load_edition(cfg.inputs / str(cfg.year) / "edition.toml", cfg.year,
                               cat.commission.first_report_year)
        style = load_style(CHARTS / "style.toml")
        # the charts of the chapters a report on this year has (no plan chart before the plan)
        shown = year_chapters(cat.plan, cfg.year)
        specs = [s for s in load_specs(CHARTS / "charts.toml") if s.chapter in shown]
        recommendations = load_recommendations(cfg.inputs / str(cfg.year) / RECOMMENDATIONS,
                                               cfg.year, cat)
    ctx = BuildContext.make(cat, rules, edition, cfg.langs[0], folders)
    variants, site = chosen(cfg.edition), web_chosen(cfg.edition)
    refuse_unconfirmed(cat, variants, recommendations is None, site)
    with stages("database"):
        record = database.published_series(folders.database)
        finals = database.finals(folders.database)
        past = {y: r for y, r in record.items() if y < cfg.year}
    with stages("intake_validate"):
        wanted = {y for y in year_folders(cfg.inputs, cat) if y <= cfg.year} | set(past)
        years = gather_years(cfg.inputs, wanted, cat, rules, cache=folders.cache / "intake",
                             cat_digest=catalogue_digest(cfg.inputs / "catalogue"),
                             published=past)
    with stages("translation"):
        years[cfg.year] = with_translations(years[cfg.year], memory_db.memory(folders.database))
    errors, warnings = count(years[cfg.year].findings)
    with stages("editorial"):
        desk = editor.assess(cfg.inputs / "catalogue", cfg.folder, cat, rules, years, edition,
                             recommendations)
    signed: Decision | None = None
    edited = None
    if publishes(variants, site):
        # here only: the review logs are read with openpyxl (a final reads them)
        from report.review.signoff import sign_off

        refuse_errors(cfg.year, errors, {y: years[y] for y in past})
        refuse_untranslated(cat, years[cfg.year], published_langs(variants, cfg.langs, site))
        refuse_fictitious_plan(cat, edition)
        signed = sign_off(cfg.folder / "review", rules, cfg.force, cfg.reason)
        try:
            edited = editor_ledger.sign_off(desk.findings, desk.unreadable, cfg.force,
                                            cfg.reason, desk.path)
        except editor_ledger.EditorialSignOffError:
            editor.write(desk, edition)  # the file the secretariat decides in
            raise
    with stages("consolidate"):
        datasets = {y: consolidate(cat, yd) for y, yd in years.items()}
    views: dict[str, View] = {}
    for who in dict.fromkeys([*(audience(s) for s in variants), *(["public"] if site else [])]):
        with stages("disclosure"):
            date = edition.draft_date if who == "draft" else edition.publication_date
            found = next((v.pattern for v in views.values()), None)  # one pattern for both
            views[who] = view(cat, datasets, years, record, date, public=who == "public",
                              finals=finals, chosen=found,
                              cache=folders.cache / "disclosure")
    with stages("annex"):
        annex = build_annex(cat, views["public"].shown, cfg.year, edition) \
            if any(s.annex for s in variants) or site else {}
    checked = None
    with stages("audit"):  # the public site publishes what the final does
        if publishes(variants, site):
            checked = _audit(cat, views["public"], finals, cfg.year)
            refuse_leaks(checked)
        else:
            _warn_leaks(next(iter(views.values())).pattern.audit)
    emblem = copy_emblem(edition, cfg.folder)
    # the site is in every language; a language the PDFs are not built in draws its public
    # charts only
    langs = tuple(dict.fromkeys([*cfg.langs, *(languages() if site else ())]))
    contexts = {lang: ctx.in_language(lang) for lang in langs}
    materials = {lang: Material(views, {who: _charts(c, specs, style, v.shown, who, stages)
                                        for who, v in views.items()
                                        if lang in cfg.langs or who == "public"},
                                annex, recommendations, emblem)
                 for lang, c in contexts.items()}
    # edition by edition (the finals first), each in every language; the finals are
    # published as one act with the database's record of them, before any other edition
    done: list[Rendered] = []
    recorded = None
    for spec in variants:
        done += [render_edition(contexts[lang], spec, materials[lang], stages, status, cfg.force)
                 for lang in cfg.langs]
        if spec.name == "final":
            with stages("database"):
                recorded = _publish(folders.database, edition, years, views["public"], done)
                memory_db.remember(folders.database, members_own(years[cfg.year]))
                if signed is not None and signed.forced:  # kept with the publication
                    pdf = next(d.pdf for d in done if d.spec.name == "final")
                    database.record_sign_off(folders.database,
                                             signed.record(cfg.year, sha256_file(pdf)))
    # the members' review round works on the draft in the workbooks' language (Arabic)
    review = [f for d in done if d.spec.draft and d.lang == REVIEW_LANG
              for f in review_files(contexts[d.lang], d.pdf, views["draft"].shown[cfg.year],
                                    years[cfg.year], stages)]
    web = _web(site, cfg, edition, contexts, materials, done, stages) if site else []
    with stages("editorial"):  # the pages of the latest draft (this build's, if it made one)
        review.append((editor.write(desk, edition), "editorial-xlsx"))
    final = next((d for d in done if d.spec.name == "final"), None)
    write_manifest(cfg.folder / "manifest.json", year=cfg.year, root=ROOT.resolve(),
                   inputs=_inputs(cfg, edition, years[cfg.year].files, done),
                   outputs=_outputs(cfg, done, annex) + review + [(p, "web") for p in web],
                   charts=[c.file for m in materials.values() for cs in m.charts.values()
                           for c in cs], stages=stages,
                   extra={"edition": cfg.edition, "lang": cfg.lang,
                          "pages": done[0].pages if done else None,
                          "editions": {d.key: d.record() for d in done},
                          "findings": {"errors": errors, "warnings": warnings},
                          **({"disclosure_audit": checked.record()} if checked else {}),
                          "editorial": edited if edited is not None else
                          {"findings": len(desk.findings), "open": desk.open},
                          "database": {"file": str(folders.database), "publication": recorded,
                                       "years_from_database": sorted(past)},
                          **({"sign_off": signed.manifest()} if signed is not None else {}),
                          **_sign_offs(folders.database, cfg.year)})
    status.close()
    for lang in cfg.langs:  # one edition's text per language
        first = next((d for d in done if d.lang == lang), None)
        if first is not None:
            warn_deprecated_terms(cat, first.html.read_text("utf-8"), lang)
    for d in done:
        print(f"{d.pdf} ({d.pages} pages; {errors} errors, {warnings} warnings in the workbooks)")
        if d.cover:
            print(f"{d.cover} (its cover sheet)")
    if site:
        pages = sum(1 for p in web if p.suffix == ".html")
        print(f"{cfg.folder / site.folder(edition)}/ (web edition{' draft' if site.draft else ''}: "
              f"{pages} pages in {', '.join(languages())}; {errors} errors, {warnings} warnings "
              "in the workbooks)")
    for line in revision_lines(views.get("public") or views["draft"]):
        print(line)
    print(desk.summary())
    if final is not None:
        print(f"{folders.database}: " + (f"publication {recorded} recorded" if recorded
                                         else "this final edition was already recorded"))
    elif signed is not None and signed.forced:  # a print edition alone, forced
        _sign_print(folders.database, signed, cfg.year, done)
    return 0


def _publish(db: Path, edition: Edition, years: Mapping[int, YearData], public: View,
             done: Sequence[Rendered]) -> int | None:
    """The finals just rendered (every language), their files and the database's record
    as one act; the new publication's id, or None when it was already recorded."""
    finals = [d for d in done if d.spec.name == "final"]
    files = {path: data for d in finals for path, data in d.files.items()}
    first = finals[0]
    pdf = hashlib.sha256(first.files.get(first.pdf) or first.pdf.read_bytes()).hexdigest()
    return act.publish(db, publication(edition, years, public.true, public.shown, pdf), files)


def _audit(cat: Catalogue, public: View, finals: Sequence[FinalFigures], year: int) -> Audit:
    """The public editions' disclosure audit: every earlier final, then this edition with
    what its data annex prints (GLOTIP and SDG 16.2.2 included)."""
    releases = [*(recorded_release(cat, f) for f in finals),
                shown_release(cat, public.true, public.shown)]
    return audit(cat, releases, annex_facts(cat, public.shown, year))


def _warn_leaks(found: Audit) -> None:
    """A draft is built anyway: say what would refuse the final."""
    for line in found.lines():
        logger.warning("disclosure audit: the final would be refused: %s", line)


def _sign_print(path: Path, signed: Decision, year: int, done: Sequence[Rendered]) -> None:
    """A print edition forced past open items: its sign-off is kept with the year's
    publication (the final it prints); without one, in the manifest only, and said."""
    pdf = sha256_file(done[0].pdf)
    if any(y == year for _, y, _, _ in database.publications(path)):
        database.record_sign_off(path, signed.record(year, pdf))
    else:
        logger.warning("no final edition of %s is recorded in %s: this sign-off is kept in "
                       "manifest.json only; build the final to keep it in the database",
                       year, path)


def _sign_offs(path: Path, year: int) -> dict[str, object]:
    """Every sign-off the database keeps for the year's finals (none: nothing), so that
    each later build's manifest still shows them."""
    kept = database.sign_offs(path, year)
    return {"sign_offs": [{"publication": pid, "reason": s.reason, "operator": s.operator,
                           "at": s.at, "pdf_sha256": s.pdf_sha256,
                           "open": [f"draft{i.draft} {i.entry}" for i in s.items]}
                          for pid, s in kept]} if kept else {}


def _charts(ctx: BuildContext, specs: Sequence[ChartSpec], style: ChartStyle,
            shown: Mapping[int, Dataset], who: str, stages: Stages) -> tuple[Chart, ...]:
    """One audience's charts in ``ctx``'s language (the drafts' apart from the public)."""
    with stages("charts"):
        return render_charts(specs, ctx.cat, shown, ctx.year, ctx.fmt, style, ctx.folder,
                             ctx.folders.cache / "charts", CHART_DIRS[who])


def _web(site: WebSpec, cfg: BuildConfig, edition: Edition,
         contexts: Mapping[str, BuildContext], materials: Mapping[str, Material],
         done: list[Rendered], stages: Stages) -> list[Path]:
    """The web edition in every language, written into its folder; the files. The public
    site offers the finals' PDFs: this build's, else those already in the year's folder."""
    langs = tuple(languages())
    built = [(d.lang, d.pdf) for d in done if d.spec.name == "final"]
    names = {lang: pdf_name(SPECS["final"], edition, lang) for lang in langs}
    pdfs = {} if site.draft else offered_pdfs(built, cfg.folder, langs, names)
    for lang, path in pdfs.items():
        if (lang, path) not in built:
            logger.warning("the web edition offers %s as an earlier build left it (build "
                           "--edition all --lang all to build the finals and the site "
                           "together)", path.name)
    with stages("web"):
        rendered = render_site(site, {lang: contexts[lang] for lang in langs}, materials, pdfs,
                               Stages())
        return write_site(rendered, cfg.folder / site.folder(edition))


def warn_deprecated_terms(cat: Catalogue, html: str, lang: str) -> None:
    """One warning line per deprecated term (inputs/catalogue/terms.toml) in the report's
    text, members' own text included, with the preferred term and where it stands."""
    for hit in cat.deprecated_terms(body_text(html), lang):
        logger.warning("terminology: «%s» -> «%s»: …%s…", hit.found, hit.preferred, hit.context)


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
        out += [(d.cover, f"pdf-{d.key}-cover")] if d.cover else []
        out += [(d.previous, f"pdf-{d.key}-previous")] if d.previous else []
    kinds = {".xlsx": "annex-xlsx", ".csv": "annex-csv", ".json": "annex-datapackage"}
    if not any(d.spec.annex for d in done):  # the site alone: the annex is only in it
        return out
    return out + [(cfg.folder / n, kinds[Path(n).suffix]) for n in annex]
