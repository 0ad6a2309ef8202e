"""One language of the web edition: its build context and the public view -> the report
rendered by the books' own templates, filters and passes (publish/render.py), cut into
chapters and made for the screen (web/passes.py, web/charts.py) -> the pages' HTML
(templates/web/page.html.j2 around each chapter, the home page, the downloads).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from jinja2 import Environment
from markupsafe import Markup, escape

from report.charts.model import Chart
from report.figures.views import View
from report.language.build_context import BuildContext
from report.language.texts import load_texts
from report.publish.assets import assets
from report.publish.context import TemplateContext, build_context
from report.publish.environment import environment
from report.publish.markup import StartTag, Text, read
from report.publish.render import render_report
from report.publish.variants import SPECS
from report.publish.web.chapters import Chapter, split
from report.publish.web.charts import data_table, inline_svg
from report.publish.web.passes import (
    Number,
    footnotes,
    link_pages,
    mark_languages,
    number_captions,
    tables,
)
from report.publish.web.views import Page, PageLink, SiteView
from report.settings.recommendations import Recommendation

DESCRIPTION_CHARS = 200  # a page's description: its first paragraph, cut at a word


@dataclass(frozen=True)
class LanguageReport:
    """The report in one language, rendered, before its pages are."""

    ctx: BuildContext
    tctx: TemplateContext
    env: Environment
    html: str  # as the books' passes leave it (the cover image is drawn from it)
    chapters: tuple[Chapter, ...]  # made for the screen, each with its notes

    def say(self, key: str) -> str:
        return say(self.ctx, key)


def say(ctx: BuildContext, key: str) -> str:
    """A word of templates/text/web.toml in ``ctx``'s language, set as its typography wants."""
    return ctx.fmt.prose(load_texts("web")(key, ctx.lang.code))


def web_environment(ctx: BuildContext) -> Environment:
    """The books' environment, with the site's words (``say``)."""
    env = environment(ctx.fmt)
    env.globals["say"] = lambda key: Markup(escape(say(ctx, key)))
    return env


def render_language(ctx: BuildContext, view: View, charts: tuple[Chart, ...],
                    recommendations: tuple[Recommendation, ...] | None, emblem: str | None,
                    draft: bool) -> LanguageReport:
    """The report in ``ctx``'s language with the public ``view``'s figures and ``charts``,
    cut into chapters made for the screen (``draft``: the templates' draft, marks and all)."""
    env = web_environment(ctx)
    tctx = build_context(ctx.cat, view.shown, ctx.year, charts, ctx.edition, ctx.lang.code,
                         draft, assets(SPECS["final"], ctx.edition, ctx.lang, emblem),
                         recommendations)
    html = render_report(env, tctx)
    numbered, numbers = number_captions(
        html, lambda n: ctx.fmt.digits_text(str(n)),
        lambda kind, n: say(ctx, f"{kind}_label").format(n=n))
    chapters = split(numbered)
    page_of = {i: c.file for c in chapters for i in c.ids}
    by_id = {c.id: c for c in charts}
    made = tuple(_chapter(ctx, env, tctx, c, page_of, numbers, by_id) for c in chapters)
    return LanguageReport(ctx, tctx, env, html, made)


def _chapter(ctx: BuildContext, env: Environment, tctx: TemplateContext, chapter: Chapter,
             page_of: Mapping[str, str], numbers: Mapping[str, Number],
             charts: Mapping[str, Chart]) -> Chapter:
    """One chapter made for the screen: its notes listed under it, its links across pages,
    its tables, its charts inline with their data tables."""
    prefix = f"fn-{chapter.id}"
    html, notes = footnotes(chapter.html, prefix,
                            lambda n: say(ctx, "note_ref").format(n=ctx.fmt.digits_text(str(n))))
    html = tables(link_pages(html, chapter.ids, page_of, numbers), chapter.heading.title)
    html = _inline_charts(ctx, env, tctx, html, numbers, charts)
    if notes:
        html += _notes(ctx, prefix, notes)
    return dataclasses.replace(chapter, html=html)


def _notes(ctx: BuildContext, prefix: str, notes: tuple[str, ...]) -> str:
    items = "".join(f'<li id="{prefix}-{n}">{note} <a href="#{prefix}-ref-{n}" '
                    f'class="fn-back">{escape(say(ctx, "note_back"))}</a></li>\n'
                    for n, note in enumerate(notes, start=1))
    return (f'\n<section class="footnotes" aria-labelledby="{prefix}-title">'
            f'<h2 id="{prefix}-title">{escape(say(ctx, "notes"))}</h2>\n<ol>\n{items}</ol>'
            "</section>\n")


def _inline_charts(ctx: BuildContext, env: Environment, tctx: TemplateContext, html: str,
                   numbers: Mapping[str, Number], charts: Mapping[str, Chart]) -> str:
    """Each chart's img replaced by its SVG and, under it, its data table."""
    by_file = {c.file: c for c in charts.values()}
    out = []
    for p in read(html):
        chart = by_file.get(p.element.attrs.get("src", "")) \
            if isinstance(p, StartTag) and p.element.name == "img" else None
        if chart is None:
            out.append(p.source)
            continue
        number = numbers[f"fig-{chart.id}"].text
        svg = inline_svg((ctx.folder / chart.file).read_text("utf-8"), chart)
        out.append(f'<div class="chart-box" role="region" tabindex="0" '
                   f'aria-labelledby="fig-{chart.id}-caption">{svg}</div>'
                   + _data_table(ctx, env, tctx, chart, number))
    return "".join(out)


def _data_table(ctx: BuildContext, env: Environment, tctx: TemplateContext, chart: Chart,
                number: str) -> str:
    caption = say(ctx, "data_caption").format(n=number, title=chart.title, period=chart.period)
    table = data_table(chart, caption, lambda key: say(ctx, key), dict(tctx.symbols))
    template = env.from_string('{% import "web/macros.html.j2" as web with context %}'
                               "{{ web.chart_data(table) }}")
    return template.render({**tctx.variables(), "table": table})


def _other(ctx: BuildContext) -> str:
    return "fr" if ctx.lang.rtl else "ar"


def description(html: str, limit: int = DESCRIPTION_CHARS) -> str:
    """The text of the first paragraph of ``html``, cut at a word near ``limit``."""
    text: list[str] = []
    inside = False
    for p in read(html):
        if isinstance(p, StartTag) and p.element.name == "p" and not text:
            inside = True
        elif inside and isinstance(p, Text) and any(e.name == "p" for e in p.around):
            text.append(p.text)
        elif inside and text and not any(e.name == "p" for e in p.around):
            break
    words = " ".join("".join(text).split())
    if len(words) <= limit:
        return words
    return words[:limit].rsplit(" ", 1)[0].rstrip("،,;؛:") + "…"


def pages(r: LanguageReport, site: SiteView, dataset: str) -> dict[str, str]:
    """Every page of the language: file name -> HTML."""
    title = f"{r.ctx.edition.title(r.ctx.lang.code)} {r.ctx.year}"
    home = Page("index.html", "home", title, title, r.say("home_description").format(
        title=r.ctx.edition.title(r.ctx.lang.code), year=r.ctx.year,
        commission=r.ctx.cat.commission.name(r.ctx.lang.code)),
        _render(r, site, "web/home.html.j2"))
    chapters = [Page(c.file, "chapter", c.heading.title, f"{c.heading.title} — {title}",
                     description(c.html) or c.heading.title, Markup(c.html))
                for c in r.chapters]
    downloads = Page("downloads.html", "downloads", r.say("downloads_title"),
                     f"{r.say('downloads_title')} — {title}", r.say("downloads_about"),
                     _render(r, site, "web/downloads.html.j2"),
                     dataset=Markup(dataset))
    ordered = _linked([home, *chapters, downloads], site)
    return {p.file: _page(r, site, p) for p in ordered}


def _linked(ordered: list[Page], site: SiteView) -> list[Page]:
    """Each page with the one before it and the one after it."""
    labels = {m.file: _label(m.number, m.title) for m in site.menu}
    out = []
    for i, p in enumerate(ordered):
        before = ordered[i - 1] if i else None
        after = ordered[i + 1] if i + 1 < len(ordered) else None
        out.append(dataclasses.replace(
            p, previous=PageLink(before.file, labels[before.file]) if before else None,
            next=PageLink(after.file, labels[after.file]) if after else None))
    return out


def _label(number: str, title: str) -> Markup:
    if not number:
        return Markup(escape(title))
    return Markup('<span class="secno">{}</span> {}').format(number, title)


def _render(r: LanguageReport, site: SiteView, name: str) -> Markup:
    return Markup(r.env.get_template(name).render({**r.tctx.variables(), "site": site}))


def _page(r: LanguageReport, site: SiteView, page: Page) -> str:
    html = r.env.get_template("web/page.html.j2").render(
        {**r.tctx.variables(), "site": site, "page": page})
    return mark_languages(html, r.ctx.lang.code, _other(r.ctx))
