"""The site's pages and annex -> what search engines and data portals read: the sitemap (every
page with its other-language versions), robots.txt, and the annex described as a
schema.org Dataset (JSON-LD, in the downloads pages).

Addresses here are absolute (the protocols require it), from the site's published address
(templates/web/site.toml); the links a reader follows stay relative. A draft site has no
sitemap and a robots.txt that disallows everything (and noindex on every page).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr


@dataclass(frozen=True)
class DataFile:
    """A file of the annex as the downloads offer it."""

    file: str  # in the site: downloads/<name>
    name: str
    title: str
    about: str
    format: str  # CSV, XLSX, JSON, PDF
    media_type: str
    size: str  # "28 KB", as the page prints it
    bytes: int


def sitemap(url: str, files: Sequence[str], langs: Sequence[str], date: dt.date) -> str:
    """Every page of every language (``files`` are the same in each), each listing its
    versions in the others (hreflang), and the root page."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
             'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
             f"<url><loc>{url}</loc><lastmod>{date.isoformat()}</lastmod></url>"]
    for lang in langs:
        for file in files:
            alternates = "".join(
                f'<xhtml:link rel="alternate" hreflang={quoteattr(other)} '
                f'href={quoteattr(f"{url}{other}/{file}")}/>' for other in langs)
            lines.append(f"<url><loc>{url}{lang}/{file}</loc>"
                         f"<lastmod>{date.isoformat()}</lastmod>{alternates}</url>")
    return "\n".join([*lines, "</urlset>", ""])


def robots(url: str, draft: bool) -> str:
    if draft:
        return "# A draft of the report: not for search engines.\nUser-agent: *\nDisallow: /\n"
    return f"User-agent: *\nAllow: /\nSitemap: {url}sitemap.xml\n"


def dataset(*, name: str, description: str, url: str, page: str, langs: Sequence[str],
            creator: Mapping[str, str], date: dt.date, years: tuple[int, int],
            keywords: Sequence[str], files: Sequence[DataFile]) -> str:
    """The annex as a schema.org Dataset, each file a DataDownload; JSON-LD that can sit in a
    script element (no "</" inside)."""
    data = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": name,
        "description": description,
        "url": page,
        "inLanguage": list(langs),
        "creator": {"@type": "GovernmentOrganization", **creator},
        "publisher": {"@type": "GovernmentOrganization", **creator},
        "datePublished": date.isoformat(),
        "temporalCoverage": f"{years[0]}/{years[1]}",
        "spatialCoverage": {"@type": "Country", "name": "Morocco / المغرب / Maroc"},
        "keywords": list(keywords),
        "isAccessibleForFree": True,
        "distribution": [{"@type": "DataDownload", "name": f.name, "description": f.title,
                          "encodingFormat": f.media_type, "contentUrl": f"{url}{f.file}",
                          "contentSize": f"{f.bytes} B"} for f in files],
    }
    return json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
