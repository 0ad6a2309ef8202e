"""Context pieces -> the complete report HTML, table of contents included.

The body is rendered once; every h1/h2 gets an id, and the table of contents is built from
those headings, so it always lists exactly what the report contains.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Mapping, Sequence

from jinja2 import Environment

from report.catalogue import Catalogue
from report.chapters import context
from report.charts import Chart
from report.consolidate import Dataset
from report.edition import Edition
from report.paths import TEMPLATES

# A range of numbers or years ("2023-2030", "2023–2026") in Arabic text: WeasyPrint lays the
# two numbers out as separate runs and shows "2030-2023"; an isolate keeps the range whole.
RANGE = re.compile(r"(?<![0-9A-Za-z.])\d{1,4}(?:[-\u2013]\d{1,4})+(?![0-9A-Za-z.])")
TEXT_NODE = re.compile(r">([^<]+)<")
HEADING = re.compile(r"<h([12])((?:\s[^>]*)?)>(.*?)</h\1>", re.S)
TAGS = re.compile(r"<[^>]+>")
NAV = re.compile(r'<nav class="contents".*?</nav>', re.S)


def crosscheck_rows(cat: Catalogue, ds: Dataset, lang: str) -> list[dict[str, object]]:
    rows = []
    for ind in cat.indicators:
        per = ds.by_member.get(f"{ind.code}.total", {})
        if ind.aggregate != "reference" or len(per) < 2:
            continue
        ref = next(m for m in ind.reporters if m in per)
        rows += [{"indicator": ind.label(lang), "member": cat.member(m).name(lang),
                  "value": per[m], "reference": m == ref} for m in ind.reporters if m in per]
    return rows


def isolate_ranges(html: str) -> str:
    """Wrap every number range in the body's text (not in tags, styles or the head)."""
    head, sep, body = html.partition("<body")

    def text(m: re.Match) -> str:
        return ">" + RANGE.sub(r'<span dir="ltr" class="ltr">\g<0></span>', m.group(1)) + "<"

    return head + sep + TEXT_NODE.sub(text, body)


def _number_headings(body: str) -> tuple[str, list[dict[str, object]]]:
    toc: list[dict[str, object]] = []

    def visit(m: re.Match) -> str:
        level, attrs, inner = m.group(1), m.group(2) or "", m.group(3)
        if 'class="cover-title"' in attrs or 'class="contents-title"' in attrs:
            return m.group(0)
        found = re.search(r'id="([^"]+)"', attrs)
        ident = found.group(1) if found else f"h-{len(toc) + 1}"
        if not found:
            attrs += f' id="{ident}"'
        title = htmllib.unescape(TAGS.sub("", inner)).strip()
        toc.append({"level": int(level), "id": ident, "title": title})
        return f"<h{level}{attrs}>{inner}</h{level}>"

    return HEADING.sub(visit, body), toc


def render_report(env: Environment, cat: Catalogue, datasets: Mapping[int, Dataset], year: int,
                  charts: Sequence[Chart], edition: Edition, lang: str, draft: bool,
                  fonts: list[dict[str, object]], stylesheet: str, created: str,
                  edition_stylesheet: str | None = None) -> str:
    ctx = context(cat, datasets, year, charts, edition, lang, draft)
    ctx |= {"fonts": fonts, "stylesheet": stylesheet, "created": created, "toc": [],
            "edition_stylesheet": edition_stylesheet,
            "digits_stylesheet": (TEMPLATES / "digits-arab.css").as_uri()
            if edition.digits == "arab" else None,
            "crosscheck": crosscheck_rows(cat, datasets[year], lang),
            "received_codes": set(datasets[year].received)}
    html, toc = _number_headings(env.get_template("report.html.j2").render(**ctx))
    nav = env.get_template("chapters/00_contents.html.j2").render(toc=toc)
    return isolate_ranges(NAV.sub(lambda _: nav, html, count=1))
