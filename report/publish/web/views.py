"""The site's parts, picked in one language (report/publish/web/site.py, pages.py) -> the
views templates/web/page.html.j2 and the pages' own templates read besides the report's
TemplateContext: every value already picked and in the page's language (the templates
format numbers and dates with the report's filters).
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from report.publish.web.chapters import Heading
from report.publish.web.metadata import DataFile


@dataclass(frozen=True)
class LangLink:
    """Another language of the site, as the language switch and the head name it."""

    code: str
    name: str  # in the language itself: العربية, Français
    dir: str
    locale: str  # Open Graph's form: ar_MA, fr_MA
    read_in: str  # "Lire cette page en français", in that language


@dataclass(frozen=True)
class MenuItem:
    file: str
    title: str
    number: str = ""


@dataclass(frozen=True)
class ChapterLink:
    file: str
    title: str
    number: str
    sections: tuple[Heading, ...]


@dataclass(frozen=True)
class KeyFigureLink:
    indicator: str
    file: str  # the page of the chapter that presents it
    title: str  # that chapter's title


@dataclass(frozen=True)
class CoverRef:
    file: str  # assets/cover-<lang>.png
    width: int
    height: int
    alt: str


@dataclass(frozen=True)
class PdfFile:
    file: str  # downloads/report-<year>[-fr].pdf
    lang: str
    title: str
    size: str


@dataclass(frozen=True)
class SiteView:
    """What every page of one language reads about the site."""

    dir: str
    draft: bool
    url: str  # the published address, absolute, ending with "/"
    name: str  # the site's name (Open Graph)
    locale: str
    langs: tuple[LangLink, ...]  # every language, this one included
    stylesheet: str  # from the site's root
    digits: str
    report: str  # the report's short name in the header
    cover: CoverRef | None
    menu: tuple[MenuItem, ...]
    chapters: tuple[ChapterLink, ...]
    key_figures: tuple[KeyFigureLink, ...]
    pdfs: tuple[PdfFile, ...]
    annex: tuple[DataFile, ...]


@dataclass(frozen=True)
class PageLink:
    file: str
    label: Markup  # its number and title


@dataclass(frozen=True)
class Page:
    file: str  # index.html, <chapter id>.html, downloads.html
    kind: str  # home | chapter | downloads
    title: str  # the page's own title (og:title)
    head_title: str  # the browser's title: the page's, then the report's
    description: str
    content: Markup
    previous: PageLink | None = None
    next: PageLink | None = None
    dataset: Markup = Markup("")  # JSON-LD of the annex (the downloads page)
