"""Every language's build context and material (the public view, its charts, the annex) +
the finals' PDFs -> the web edition as files (path in the site -> bytes), then written into
its folder, each file atomically, the files of an earlier site that this one no longer has
removed last.

    <site>/index.html              the two languages side by side
    <site>/ar/, <site>/fr/         index.html (home), <chapter>.html, downloads.html
    <site>/assets/                 site.css (its @font-face first), fonts/*.woff2, cover-*.png
    <site>/downloads/              the annex's files and the finals' PDFs
    <site>/sitemap.xml, robots.txt
"""

from __future__ import annotations

import json
import math
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment

from report.atomic import atomic_write_bytes
from report.errors import BuildError
from report.language.build_context import BuildContext
from report.language.texts import load_texts
from report.manifest import Stages
from report.paths import TEMPLATES
from report.publish.editions import Material
from report.publish.web.cover import HEIGHT, WIDTH, CoverImage, cover_png
from report.publish.web.edition import WebSpec
from report.publish.web.metadata import DataFile, dataset, robots, sitemap
from report.publish.web.pages import LanguageReport, pages, render_language, say
from report.publish.web.views import (
    ChapterLink,
    CoverRef,
    KeyFigureLink,
    LangLink,
    MenuItem,
    PdfFile,
    SiteView,
)
from report.publish.web.webfonts import font_faces_css, web_fonts
from report.settings.annex_schema import load_schema
from report.settings.web import WebSettings, web_settings

STYLESHEET = "assets/site.css"
MEDIA = {".csv": ("CSV", "text/csv"), ".json": ("JSON", "application/json"),
         ".xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
         ".pdf": ("PDF", "application/pdf")}


@dataclass(frozen=True)
class Site:
    files: Mapping[str, bytes]  # path in the site -> bytes, in writing order
    pages: Mapping[str, tuple[str, ...]]  # language -> its pages' file names


def render_site(spec: WebSpec, contexts: Mapping[str, BuildContext],
                materials: Mapping[str, Material], pdfs: Mapping[str, Path],
                stages: Stages) -> Site:
    """The whole site, nothing written yet."""
    settings = web_settings()
    first = next(iter(contexts.values()))
    _check_key_figures(settings, first)
    url = settings.address(first.cat.commission.website, first.year)
    reports = {lang: render_language(ctx, m.views["public"], m.charts["public"],
                                     m.recommendations, m.emblem, spec.draft)
               for lang, ctx in contexts.items() for m in (materials[lang],)}
    covers = {lang: _cover(r, first.folders.cache / "web-cover", stages)
              for lang, r in reports.items()}
    annex = materials[first.lang.code].annex
    files: dict[str, bytes] = {}
    for name, data in annex.items():
        files[f"downloads/{name}"] = data
    for path in pdfs.values():
        files[f"downloads/{path.name}"] = path.read_bytes()
    html: dict[str, str] = {}
    for lang, r in reports.items():
        view = site_view(r, spec, url, settings, reports, covers, pdfs, annex)
        for file, page in pages(r, view, _dataset(r, view, url, annex)).items():
            html[f"{lang}/{file}"] = page
    html["index.html"] = _root(reports, spec, url)
    fonts = web_fonts("".join(html.values()), first.folders.cache / "web-fonts")
    css = font_faces_css(fonts) + (TEMPLATES / "web" / "site.css").read_text("utf-8")
    assets = {STYLESHEET: css.encode(), **{f"assets/fonts/{f.file}": f.data for f in fonts},
              **{c.file: c.data for c in covers.values() if c is not None}}
    listed = [f for f in html if "/" in f and f.startswith(f"{first.lang.code}/")]
    meta = {"robots.txt": robots(url, spec.draft).encode()}
    if not spec.draft:
        meta["sitemap.xml"] = sitemap(url, [f.split("/", 1)[1] for f in listed],
                                      list(reports), first.edition.publication_date).encode()
    files.update({k: v.encode() for k, v in html.items()})
    return Site({**assets, **files, **meta},
                {lang: tuple(f.split("/", 1)[1] for f in html if f.startswith(f"{lang}/"))
                 for lang in reports})


def _check_key_figures(settings: WebSettings, ctx: BuildContext) -> None:
    known = {i.code for i in ctx.cat.indicators}
    unknown = [k.indicator for k in settings.key_figures if k.indicator not in known]
    if unknown:
        raise BuildError(f"templates/web/site.toml: key_figure: unknown indicators "
                         f"{', '.join(unknown)} (inputs/catalogue/indicators.toml)")


def _cover(r: LanguageReport, cache: Path, stages: Stages) -> CoverImage | None:
    png = cover_png(r.html, r.ctx.folder, cache, stages)
    if png is None:
        return None
    alt = r.say("cover_image").format(title=r.ctx.edition.title(r.ctx.lang.code),
                                      year=r.ctx.year)
    return CoverImage(f"assets/cover-{r.ctx.lang.code}.png", png, WIDTH, HEIGHT, alt)


def site_view(r: LanguageReport, spec: WebSpec, url: str, settings: WebSettings,
              reports: Mapping[str, LanguageReport], covers: Mapping[str, CoverImage | None],
              pdfs: Mapping[str, Path], annex: Mapping[str, bytes]) -> SiteView:
    """What every page of ``r``'s language reads about the site."""
    ctx, lang = r.ctx, r.ctx.lang.code
    chapters = tuple(ChapterLink(c.file, c.heading.title, c.heading.number, c.sections)
                     for c in r.chapters)
    menu = (MenuItem("index.html", r.say("home")),
            *(MenuItem(c.file, c.title, c.number) for c in chapters),
            MenuItem("downloads.html", r.say("downloads")))
    titles = {c.id: c.heading.title for c in r.chapters}
    keys = tuple(KeyFigureLink(k.indicator, f"{k.chapter}.html", titles[k.chapter])
                 for k in settings.key_figures if k.chapter in titles)
    cover = covers.get(lang)
    return SiteView(
        ctx.lang.direction, spec.draft, url, ctx.cat.commission.name(lang),
        _locale(ctx), tuple(_lang_link(o.ctx) for o in reports.values()), STYLESHEET,
        ctx.fmt.digits, r.say("site_report"),
        CoverRef(cover.file, cover.width, cover.height, cover.alt) if cover else None,
        menu, chapters, keys,
        tuple(_pdf(ctx, code, path) for code, path in pdfs.items()),
        annex_files(ctx, annex))


def _locale(ctx: BuildContext) -> str:
    return ctx.lang.babel_locale


def _lang_link(ctx: BuildContext) -> LangLink:
    return LangLink(ctx.lang.code, ctx.lang.name, ctx.lang.direction, _locale(ctx),
                    say(ctx, "read_in"))


def _size(ctx: BuildContext, n: int) -> str:
    kilobytes = ctx.fmt.number_text(max(1, math.ceil(n / 1024)))
    return say(ctx, "kilobytes").format(size=kilobytes)


def _pdf(ctx: BuildContext, code: str, path: Path) -> PdfFile:
    return PdfFile(f"downloads/{path.name}", code, say(ctx, f"pdf_{code}"),
                   _size(ctx, path.stat().st_size))


def annex_files(ctx: BuildContext, annex: Mapping[str, bytes]) -> tuple[DataFile, ...]:
    """The annex's files as the downloads page describes them: each CSV by the table the
    data package says it holds (its title and description in templates/annex/schema.toml),
    the workbook, the package."""
    package: dict = next((json.loads(d) for n, d in annex.items() if n.endswith(".json")), {})
    tables = {r["path"]: r["name"] for r in package.get("resources", [])}
    schema = {t.name: t for t in load_schema().tables}
    out = []
    for name, data in annex.items():
        suffix = Path(name).suffix
        if name in tables:
            table = schema[tables[name]]
            title = ctx.fmt.prose(table.title(ctx.lang.code))
            about = ctx.fmt.prose(table.description(ctx.lang.code))
        else:
            title, about = say(ctx, "workbook" if suffix == ".xlsx" else "datapackage"), ""
        kind, media = MEDIA[suffix]
        out.append(DataFile(f"downloads/{name}", name, title, about, kind, media,
                            _size(ctx, len(data)), len(data)))
    return tuple(out)


def _dataset(r: LanguageReport, view: SiteView, url: str, annex: Mapping[str, bytes]) -> str:
    """The annex as a schema.org Dataset, for the downloads page."""
    ctx, lang = r.ctx, r.ctx.lang.code
    title = ctx.edition.title(lang)
    years = r.tctx.years
    about = load_texts("annex")("cover.about", lang).format(first=years[0], year=ctx.year)
    package: dict = next((json.loads(d) for n, d in annex.items() if n.endswith(".json")), {})
    return dataset(name=say(ctx, "dataset_name").format(title=title, year=ctx.year),
                   description=ctx.fmt.prose(about), url=url,
                   page=f"{url}{lang}/downloads.html", langs=[o.code for o in view.langs],
                   creator={"name": ctx.cat.commission.name(lang),
                            "url": f"https://{ctx.cat.commission.website}/"},
                   date=ctx.edition.publication_date, years=(years[0], ctx.year),
                   keywords=package.get("keywords", []), files=view.annex)


def _root(reports: Mapping[str, LanguageReport], spec: WebSpec, url: str) -> str:
    """The root page: every language's title, linking to its home page."""
    first = next(iter(reports.values()))
    langs = [{"code": r.ctx.lang.code, "dir": r.ctx.lang.direction, "name": r.ctx.lang.name,
              "title": r.ctx.edition.title(r.ctx.lang.code), "year": r.ctx.year,
              "commission": r.ctx.cat.commission.name(r.ctx.lang.code),
              "choose": r.say("choose"),
              "draft": r.say("draft_banner").format(
                  n=r.ctx.fmt.number_text(r.ctx.edition.draft),
                  date=r.ctx.fmt.date_text(r.ctx.edition.draft_date)) if spec.draft else "",
              "fictitious": r.say("fictitious_banner") if r.ctx.edition.fictitious else ""}
             for r in reports.values()]
    root = {"lang": first.ctx.lang.code, "dir": first.ctx.lang.direction, "langs": langs,
            "title": " / ".join(f"{lang['title']} {lang['year']}" for lang in langs),
            "description": " / ".join(str(lang["commission"]) for lang in langs)}
    env: Environment = first.env
    return env.get_template("web/index.html.j2").render(
        {"root": root, "site": {"draft": spec.draft, "url": url, "stylesheet": STYLESHEET}})


def write_site(site: Site, folder: Path) -> list[Path]:
    """Every file of ``site`` written atomically into ``folder`` (unchanged ones left as
    they are); then the files and folders an earlier site left that this one has not."""
    written = []
    for rel, data in site.files.items():
        path = folder / rel
        if not path.is_file() or path.read_bytes() != data:
            atomic_write_bytes(path, data)
        written.append(path)
    keep = {folder / rel for rel in site.files}
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_file() and path not in keep and not path.name.startswith("."):
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            shutil.rmtree(path)
    return written


def offered_pdfs(built: Sequence[tuple[str, Path]], folder: Path, langs: Sequence[str],
                 names: Mapping[str, str]) -> dict[str, Path]:
    """The finals the site offers: those this build wrote, else those already beside it
    (``names``: each language's final's file name)."""
    found = dict(built)
    for lang in langs:
        if lang not in found and (folder / names[lang]).is_file():
            found[lang] = folder / names[lang]
    return {lang: found[lang] for lang in langs if lang in found}

