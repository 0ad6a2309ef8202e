"""The web edition of the shared build (``build --edition all``: out/<year>/web/), read as
files: one page per chapter in each language, the home pages and downloads, every link
followed, nothing from outside, the metadata (titles, descriptions, Open Graph, sitemap,
the annex as a schema.org Dataset), the charts inline with their data tables, real tables,
the books' typography, the fictitious-data notice on every page."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path

import lxml.html
import pytest

from report.publish.markup import read
from report.settings.chapters import book
from report.settings.languages import languages
from report.settings.web import web_settings
from tests.publish.web.sitefiles import SitePage, broken_links, pages
from tests.sample import ANNEX, FINAL, YEAR

LANGS = tuple(languages())


@pytest.fixture(scope="module")
def site(sample_build: Path) -> Path:
    return sample_build / str(YEAR) / "web"


@pytest.fixture(scope="module")
def address(catalogue) -> str:
    return web_settings().address(catalogue.commission.website, YEAR)


@pytest.fixture(scope="module")
def all_pages(site: Path) -> list[SitePage]:
    return pages(site)


def _chapter_files() -> list[str]:
    """The chapters the sample's final prints (no editorial notes; the plan's chapter, the
    sample's year being in the plan's period), as the site names their pages."""
    final = book().present({"editorial": False, "plan": True})
    return [f"{c.id}.html" for c in final if c.part == "body"]


def test_one_page_per_chapter_in_each_language(site: Path) -> None:
    assert (site / "index.html").is_file()
    for lang in LANGS:
        found = sorted(p.name for p in (site / lang).glob("*.html"))
        assert found == sorted(["index.html", "downloads.html", *_chapter_files()]), lang


def test_every_page_has_its_language_direction_title_and_description(
        all_pages: list[SitePage]) -> None:
    descriptions = Counter()
    for page in all_pages:
        lang = page.rel.split("/")[0] if "/" in page.rel else "ar"
        assert page.lang == lang, page.rel
        assert page.tree.get("dir") == languages()[lang].direction, page.rel
        assert page.tree.findtext(".//title").strip(), page.rel
        description = page.meta("description")
        assert description and len(description) > 20, page.rel
        descriptions[description] += 1
        assert page.meta("robots") is None, f"{page.rel}: a final site is indexed"
    assert [d for d, n in descriptions.items() if n > 1] == []


def test_open_graph_with_the_cover_as_image(all_pages: list[SitePage], site: Path,
                                            address: str) -> None:
    from PIL import Image

    for page in (p for p in all_pages if "/" in p.rel):
        lang = page.rel.split("/")[0]
        assert page.meta("og:url") == f"{address}{page.rel}"
        assert page.meta("og:title") and page.meta("og:description")
        image = page.meta("og:image")
        assert image == f"{address}assets/cover-{lang}.png", page.rel
        with Image.open(site / image[len(address):]) as img:
            assert img.size == (int(page.meta("og:image:width")),
                                int(page.meta("og:image:height"))) == (1200, 630)
        assert page.meta("og:image:alt")
        canonical = page.tree.xpath('//link[@rel="canonical"]/@href')
        assert canonical == [f"{address}{page.rel}"]
        assert sorted(page.tree.xpath('//link[@rel="alternate"]/@hreflang')) == sorted(
            [*LANGS, "x-default"])


def test_fictitious_notice_on_every_page(all_pages: list[SitePage]) -> None:
    for page in all_pages:
        notice = page.tree.xpath('//*[contains(@class, "banner-fictitious")]')
        assert notice, page.rel
        assert not page.tree.xpath('//*[contains(@class, "banner-draft")]'), page.rel


def test_every_link_followed_none_broken(site: Path, address: str) -> None:
    assert broken_links(site, address) == []


def test_nothing_loaded_from_outside(site: Path, all_pages: list[SitePage]) -> None:
    for page in all_pages:
        for tag, url in page.links():
            if tag == "link" and url.startswith("https://"):
                continue  # canonical and alternates: metadata, not loaded
            assert not re.match(r"[a-z]+:", url), f"{page.rel}: {tag} {url}"
        scripts = page.tree.xpath("//script")
        assert all(s.get("type") == "application/ld+json" and not s.get("src") for s in scripts)
        assert "@import" not in page.html and "<iframe" not in page.html
    css = (site / "assets" / "site.css").read_text("utf-8")
    assert re.findall(r"url\(([^)]*)\)", css)
    for url in re.findall(r"url\(([^)]*)\)", css):
        assert (site / "assets" / url.strip("\"'")).is_file(), url
    assert "@import" not in css and "http" not in css


def test_links_are_relative_the_language_switch_lands_on_the_same_page(
        all_pages: list[SitePage]) -> None:
    for page in (p for p in all_pages if "/" in p.rel):
        lang, file = page.rel.split("/")
        switch = page.tree.xpath('//a[contains(@class, "lang-switch")]')
        assert [(a.get("href"), a.get("lang"), a.get("hreflang")) for a in switch] == [
            (f"../{o}/{file}", o, o) for o in LANGS if o != lang]
        hrefs = page.tree.xpath("//a/@href")
        assert not [h for h in hrefs if h.startswith(("/", "http", "file:"))], page.rel


def test_contents_menu_previous_and_next(all_pages: list[SitePage]) -> None:
    order = ["index.html", *_chapter_files(), "downloads.html"]
    for page in (p for p in all_pages if "/" in p.rel):
        file = page.rel.split("/")[1]
        menu = page.tree.xpath('//nav[@id="menu"]//a/@href')
        assert menu == order, page.rel
        assert page.tree.xpath('//nav[@id="menu"]//a[@aria-current="page"]/@href') == [file]
        i = order.index(file)
        assert page.tree.xpath('//a[@rel="prev"]/@href') == ([order[i - 1]] if i else [])
        assert page.tree.xpath('//a[@rel="next"]/@href') == (
            [order[i + 1]] if i + 1 < len(order) else [])


def test_home_page_shows_the_key_figures(site: Path, sample_build: Path) -> None:
    figures = {(r["year"], r["key"]): r["value"] for r in csv.DictReader(io.StringIO(
        (sample_build / str(YEAR) / f"data-{YEAR}-figures.csv").read_text("utf-8")))}
    for lang in LANGS:
        home = lxml.html.parse(str(site / lang / "index.html")).getroot()
        cards = home.xpath('//ul[@class="cards"]/li')
        assert len(cards) == len(web_settings().key_figures)
        for card, key in zip(cards, web_settings().key_figures, strict=True):
            shown = re.sub(r"\D", "", card.xpath('.//p[@class="card-value"]')[0].text_content())
            assert shown == figures[(str(YEAR), f"{key.indicator}.total")], (lang, key)
            assert card.xpath(".//a/@href") == [f"{key.chapter}.html"]


def test_charts_inline_named_described_with_their_data_table(site: Path,
                                                              sample_build: Path) -> None:
    figures = {(r["year"], r["key"]): r for r in csv.DictReader(io.StringIO(
        (sample_build / str(YEAR) / f"data-{YEAR}-figures.csv").read_text("utf-8")))}
    seen = 0
    for page in pages(site):
        for fig in page.tree.xpath('//figure[contains(@class, "chart")]'):
            seen += 1
            assert not fig.xpath(".//img"), page.rel
            svg = fig.xpath(".//*[local-name()='svg']")
            assert len(svg) == 1 and svg[0].get("role") == "img", page.rel
            named = svg[0].get("aria-labelledby")
            described = svg[0].get("aria-describedby")
            assert fig.xpath(f".//*[@id='{named}']")[0].text.strip()
            assert re.search(r"\d", fig.xpath(f".//*[@id='{described}']")[0].text)
            box = svg[0].getparent()
            assert box.get("role") == "region" and box.get("tabindex") == "0"
            table = fig.xpath('.//details[@class="data-table"]//table')
            assert len(table) == 1, page.rel
            assert table[0].xpath("./caption")[0].text_content().strip()
            assert all(th.get("scope") for th in table[0].xpath(".//th"))
            if fig.get("id") == "fig-victims_trend":  # the same figures as the annex
                values = [re.sub(r"\D", "", td.text_content())
                          for td in table[0].xpath(".//tbody//td")]
                assert values == [figures[(str(y), "VICTIMS.total")]["value"]
                                  for y in range(YEAR - 2, YEAR + 1)]
    assert seen == 2 * 6


def test_svg_ids_are_the_pages_own_and_every_reference_resolves(
        all_pages: list[SitePage]) -> None:
    for page in all_pages:
        ids = page.ids()
        assert [i for i, n in Counter(ids).items() if n > 1] == [], page.rel
        for ref in re.findall(r'(?:href="#|url\(#)([^")]+)', page.html):
            assert ref in ids, f"{page.rel}: #{ref}"
        assert "<style" not in page.html, f"{page.rel}: a chart's global style rule"


def test_real_tables_with_caption_and_scoped_headers(all_pages: list[SitePage]) -> None:
    tables = 0
    for page in all_pages:
        for table in page.tree.xpath("//table"):
            tables += 1
            caption = table.xpath("./caption")
            assert caption and caption[0].text_content().strip(), page.rel
            assert all(th.get("scope") in ("col", "colgroup", "row", "rowgroup")
                       for th in table.xpath(".//th")), page.rel
            box = table.getparent()
            assert "table-scroll" in box.get("class", "") and box.get("tabindex") == "0"
            assert box.get("aria-labelledby") == caption[0].get("id"), page.rel
    assert tables > 40


def test_figure_and_table_numbers_and_references_as_the_book_prints_them(site: Path) -> None:
    page = SitePage(site, site / "ar" / "figures.html")
    captions = [c.text_content() for c in page.tree.xpath("//figure/figcaption")]
    assert captions[0].startswith("الشكل 1: ")
    xref = page.tree.xpath('//a[contains(@class, "xref-fig")]')[0]
    assert xref.text_content() == "الشكل\u00a01" and xref.get("href") == "#fig-justice_trend"
    fr = SitePage(site, site / "fr" / "figures.html")
    assert fr.tree.xpath("//figure/figcaption")[0].text_content().startswith("Figure 1\u202f: ")


def test_the_books_typography_and_bidi_isolates(site: Path, sample_build: Path) -> None:
    """Each chapter's left-to-right isolates (27.14, 2.17.740, ranges, numbers) are the book's
    own (the same filters and passes); French text keeps its narrow no-break spaces."""
    book_html = (sample_build / str(YEAR) / FINAL.replace(".pdf", ".html")).read_text("utf-8")
    isolate = re.compile(r'<span dir="ltr" class="ltr">([^<]*)</span>')
    for chapter in _chapter_files():
        start = book_html.index(f'id="{chapter[:-5]}"')
        end = book_html.find('<section class="chapter', start + 1)
        in_book = Counter(isolate.findall(book_html[start:end if end > 0 else None]))
        web = (site / "ar" / chapter).read_text("utf-8")
        web = re.sub(r'<span lang="fr">([^<]*)</span>', r"\1", web)  # Latin runs marked
        assert in_book - Counter(isolate.findall(web)) == Counter(), chapter
    legal = (site / "ar" / "legal.html").read_text("utf-8")
    for unit in ("27.14", "2.17.740"):
        assert f'<span dir="ltr" class="ltr">{unit}</span>' in legal
    assert '<span dir="ltr" class="ltr">080000 4747</span>' in (site / "ar" / "index.html"
                                                               ).read_text("utf-8")
    french = (site / "fr" / "introduction.html").read_text("utf-8")
    assert "\u202f:" in french and " :" not in re.sub(r"<[^>]+>", "", french.split("<main")[1])


def test_other_language_runs_carry_their_lang_and_dir(all_pages: list[SitePage]) -> None:
    latin, arabic = re.compile(r"[A-Za-z\u00c0-\u024f]{2,}"), re.compile(r"[\u0621-\u064a]")
    for page in all_pages:
        if page.rel == "index.html":
            continue
        other = arabic if page.lang == "fr" else latin
        for p in read(page.html):
            if not hasattr(p, "text") or p.in_head or any(e.name == "svg" for e in p.around):
                continue
            if other.search(p.text):
                assert p.lang != page.lang, f"{page.rel}: {p.text.strip()[:60]!r}"
                direction = next(e.attrs["dir"] for e in reversed(p.around) if "dir" in e.attrs)
                assert direction == languages()[p.lang].direction, f"{page.rel}: {p.text!r}"


def _members_texts(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """Each activity and lead's comment the page prints (by its id), its text squashed."""
    found = tree.xpath('//*[starts-with(@id, "act-") or (starts-with(@id, "measure-") and '
                       '@data-measure)]')
    return {el.get("id"): " ".join(el.text_content().split()) for el in found}


def test_members_texts_in_the_pages_language_as_the_books_print_them(
        all_pages: list[SitePage], sample_build: Path) -> None:
    """Each activity and comment on the Arabic pages reads as the Arabic final prints it;
    on the French pages the same ones, in French (translated, or as written by a member that
    writes in French), with no Arabic letter and no mark of a translation awaited."""
    book = lxml.html.document_fromstring(
        (sample_build / str(YEAR) / FINAL.replace(".pdf", ".html")).read_text("utf-8"))
    on: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
    for page in all_pages:
        if "/" in page.rel:
            on[page.lang].update(_members_texts(page.tree))
    in_book = _members_texts(book)
    assert len(in_book) > 40 and on["ar"] == in_book
    assert on["fr"].keys() == in_book.keys()
    arabic = re.compile(r"[\u0621-\u064a]")
    assert [i for i, t in on["fr"].items() if arabic.search(t)] == []
    assert not any("traduction en attente" in t or "في انتظار الترجمة" in t
                   for lang in LANGS for t in on[lang].values())


def test_downloads_annex_and_final_pdf_with_dataset_markup(site: Path, sample_build: Path,
                                                           address: str) -> None:
    folder = sample_build / str(YEAR)
    for name in [*ANNEX, FINAL]:
        assert (site / "downloads" / name).read_bytes() == (folder / name).read_bytes(), name
    for lang in LANGS:
        page = SitePage(site, site / lang / "downloads.html")
        links = page.tree.xpath("//main//a/@href")
        assert {f"../downloads/{n}" for n in [*ANNEX, FINAL]} <= set(links)
        data = json.loads(page.tree.xpath('//script[@type="application/ld+json"]')[0].text)
        assert data["@context"] == "https://schema.org" and data["@type"] == "Dataset"
        assert data["name"] and data["description"] and data["datePublished"]
        urls = {d["contentUrl"] for d in data["distribution"]}
        assert urls == {f"{address}downloads/{n}" for n in ANNEX}
        assert data["temporalCoverage"] == f"{YEAR - 2}/{YEAR}"


def test_sitemap_lists_every_page_with_its_languages_and_robots_points_to_it(
        site: Path, address: str) -> None:
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    expected = {f"{address}{p.relative_to(site).as_posix()}" for p in site.rglob("*.html")}
    assert set(locs) == (expected - {f"{address}index.html"}) | {address}
    assert sitemap.count('hreflang="fr"') == len(LANGS) * (len(_chapter_files()) + 2)
    assert (site / "robots.txt").read_text() == \
        f"User-agent: *\nAllow: /\nSitemap: {address}sitemap.xml\n"


def test_fonts_are_the_books_cut_down_and_print_styles_present(site: Path) -> None:
    fonts = sorted(p.name for p in (site / "assets" / "fonts").glob("*.woff2"))
    assert {"tajawal-400.woff2", "amiri-700.woff2"} <= set(fonts)
    assert any(f.startswith("source-serif-4") for f in fonts)
    for f in (site / "assets" / "fonts").glob("*.woff2"):
        data = f.read_bytes()
        assert data[:4] == b"wOF2" and len(data) < 200_000, f.name
    css = (site / "assets" / "site.css").read_text("utf-8")
    assert "@media print" in css and "@font-face" in css
