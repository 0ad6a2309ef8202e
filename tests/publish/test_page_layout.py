"""Page design rules of templates/print.css, checked on laid-out pages (WeasyPrint's boxes):

- a long table splits with at least 3 body rows on each page, and no page starts with its
  total row (the total stays with the rows above it); a group heading row never ends a page;
- a short table (up to 12 rows) never splits;
- a table whose rows form groups (a tr.group heading, then its rows) keeps each group whole;
- a row of an indicator card or of the glossary never breaks across pages;
- no heading is the last thing on a page, nor a lead-in paragraph (one that announces a
  table, a list or a figure);
- no line starts with punctuation, and no line ends with a number whose word (noun, unit,
  month) starts the next line;
- no line breaks at the hyphen of words joined by one (a region, "Souss-Massa");
- no page of the final edition leaves more than 30 % of its text block empty, except at a
  chapter's end, and no chapter ends on a fragment (over 75 % of its last page empty).
The sample's checks run on the Arabic and the French drafts.

Synthetic tables are placed at every offset down a page, so the rules hold wherever a
table falls; the sample report is checked as it is.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pikepdf
import pytest
from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from report.language.formatting import Formatter
from report.paths import TEMPLATES
from report.publish.assets import font_faces
from tests.sample import DRAFT, FINAL, YEAR

MIN_ROWS = 3
# an indicator card splits between any two rows (not after its first); a French measure
# table between any two but its first and last (lang-fr.css)
MIN_ROWS_OF = {"plan-measures": 2}


def walk(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from walk(child)


def classes(box) -> set[str]:
    element = getattr(box, "element", None)
    return set((element.get("class") or "").split()) if element is not None else set()


def table_pages(doc) -> dict[object, list[list[set[str]]]]:
    """Table element -> for each page it is on, the classes of its body rows there."""
    out: dict[object, list[list[set[str]]]] = {}
    for page in doc.pages:
        for box in walk(page._page_box):
            if isinstance(box, boxes.TableBox):
                rows = [classes(r) for g in box.children if isinstance(g, boxes.TableRowGroupBox)
                        and not g.is_header for r in g.children]
                out.setdefault(box.element, []).append(rows)
    return out


def split_faults(doc) -> list[str]:
    faults = []
    for element, pages in table_pages(doc).items():
        name = element.get("id") or (element.findtext("caption") or "table")[:40]
        kinds = (element.get("class") or "").split()
        if "short" in kinds and len(pages) > 1:
            faults.append(f"{name}: short table split over {len(pages)} pages")
        if len(pages) == 1:
            continue
        card = "meta" in kinds and (element.get("id") or "").startswith("card-")
        least = 1 if card else min((MIN_ROWS_OF.get(k, MIN_ROWS) for k in kinds),
                                   default=MIN_ROWS)
        for i, rows in enumerate(pages):
            if len(rows) < least:
                faults.append(f"{name}: {len(rows)} rows on its page {i + 1} of {len(pages)}")
            if i and rows and "total" in rows[0]:
                faults.append(f"{name}: its page {i + 1} starts with the total row")
            if i < len(pages) - 1 and rows and "group" in rows[-1]:
                faults.append(f"{name}: a group heading ends its page {i + 1}")
    return faults


def group_faults(doc) -> list[str]:
    """Tables with group rows: a page of the table after its first starts with a group."""
    faults = []
    for element, pages in table_pages(doc).items():
        if not any("group" in row for rows in pages for row in rows):
            continue
        name = element.get("id") or (element.findtext("caption") or "table")[:40]
        for i, rows in enumerate(pages[1:], 2):
            if rows and "group" not in rows[0]:
                faults.append(f"{name}: a group split before its page {i}")
    return faults


def row_split_faults(doc, classes_: tuple[str, ...] = ("meta", "glossary")) -> list[str]:
    """Rows of the named tables (cards, glossary) laid out on two pages."""
    pages_of: dict[object, set[int]] = {}
    for n, page in enumerate(doc.pages):
        for box in walk(page._page_box):
            if isinstance(box, boxes.TableRowBox) and box.element is not None:
                pages_of.setdefault(box.element, set()).add(n)
    faults = []
    for n, page in enumerate(doc.pages):
        for box in walk(page._page_box):
            if isinstance(box, boxes.TableBox) and classes(box) & set(classes_):
                for group in box.children:
                    if getattr(group, "is_header", False):
                        continue  # the header repeats on every page of the table
                    for row in getattr(group, "children", ()):
                        if len(pages_of.get(row.element, ())) > 1:
                            faults.append(f"page {n + 1}: a row of table.{'/'.join(classes(box))} "
                                          f"split: {(row.element.findtext('th') or '')[:30]}")
    return sorted(set(faults))


BLOCKS = ("p", "ul", "ol", "table", "figure", "h1", "h2", "h3", "div", "li")


def lead_in_faults(doc) -> list[str]:
    """A paragraph that announces a table, a list or a figure, last on its page."""
    faults = []
    for n, page in enumerate(doc.pages, 1):
        flow = [b for b in walk(page._page_box) if isinstance(b, boxes.BlockBox)
                and getattr(b, "element_tag", "") in BLOCKS and b.is_in_normal_flow()
                and not {"cover", "back-cover", "watermark"} & classes(b)]
        if not flow:
            continue
        last = max(flow, key=lambda b: (b.position_y + b.margin_height(), -len(classes(b))))
        if last.element_tag != "p" or {"source", "note", "activity"} & classes(last):
            continue
        after = _next_sibling(page, last.element)
        if after is not None and after.tag in ("table", "ul", "ol", "figure"):
            faults.append(f"page {n}: a lead-in ends the page: "
                          f"{(last.element.text or '')[:40]!r}")
    return faults


def _next_sibling(page, element):
    """The element after ``element`` among its parent's children (ElementTree)."""
    for parent in page._page_box.children[0].element.iter():
        children = list(parent)
        if element in children:
            i = children.index(element)
            return children[i + 1] if i + 1 < len(children) else None
    return None


def heading_faults(doc) -> list[str]:
    """Headings that are the last block of a page's text (a heading alone at a page foot)."""
    faults = []
    for n, page in enumerate(doc.pages, 1):
        blocks = [b for b in walk(page._page_box)
                  if isinstance(b, boxes.BlockBox) and getattr(b, "element_tag", "") in
                  ("h1", "h2", "h3", "p", "figure", "table", "li", "div")
                  and b.element is not None and b.element.tag in ("h1", "h2", "h3", "p", "figure",
                                                                  "table", "li", "div")]
        flow = [b for b in blocks if not b.is_absolutely_positioned() and
                "watermark" not in classes(b) and "cover" not in classes(b)]
        if flow:
            last = max(flow, key=lambda b: b.position_y + b.margin_height())
            if last.element_tag in ("h1", "h2", "h3"):
                faults.append(f"page {n}: ends with a heading")
    return faults


PUNCTUATION = tuple("،؛:.,)]»!؟")
DIGITS = tuple("0123456789٠١٢٣٤٥٦٧٨٩%٪")


def line_texts(doc) -> list[list[str]]:
    """The text of each line, block by block, in logical order."""
    blocks = []
    for page in doc.pages:
        for box in walk(page._page_box):
            lines = [b for b in getattr(box, "children", ()) if isinstance(b, boxes.LineBox)]
            if lines:
                blocks.append(["".join(t.text for t in walk(line) if isinstance(t, boxes.TextBox))
                               for line in lines])
    return blocks


def line_faults(doc, words: tuple[str, ...] = ()) -> list[str]:
    """Line breaks that split what belongs together. ``words``: the words a number follows
    ("رقم", month names) that must not end a line when the number starts the next."""
    faults = []
    for lines in line_texts(doc):
        for this, after in zip(lines, lines[1:], strict=False):
            this, after = this.strip(), after.strip()
            if after.startswith(PUNCTUATION):
                faults.append(f"a line starts with punctuation: {after[:30]!r}")
            if this.endswith(DIGITS) and after[:1].isalpha():
                faults.append(f"a number ends a line, its word starts the next: "
                              f"{this[-20:]!r} / {after[:20]!r}")
            if this.endswith("-") and after[:1].isalpha():
                faults.append(f"a line breaks at a hyphen: {this[-20:]!r} / {after[:20]!r}")
            if this.split()[-1:] and this.split()[-1] in words and after.startswith(DIGITS):
                faults.append(f"a line ends with {this.split()[-1]!r}, its number starts the "
                              f"next: {after[:20]!r}")
    return faults


def document(body: str):
    faces = "".join(f'@font-face {{ font-family: "{f.family}"; font-weight: {f.weight}; '
                    f'src: url("{f.url}"); }}' for f in font_faces())
    html = (f'<html lang="ar" dir="rtl"><head><meta charset="utf-8"><style>{faces}</style>'
            f'<link rel="stylesheet" href="{(TEMPLATES / "print.css").as_uri()}"></head>'
            f'<body><section class="chapter"><h1>جداول</h1>{body}</section></body></html>')
    return HTML(string=html, base_url=str(TEMPLATES) + "/").render()


def table(rows: int, short: bool) -> str:
    body = "".join(f"<tr><th>الصف {i}</th><td class='n'>{i}</td></tr>" for i in range(rows - 1))
    return (f'<table class="data{" short" if short else ""}"><caption>جدول</caption>'
            f"<thead><tr><th>البيان</th><th class='n'>العدد</th></tr></thead><tbody>{body}"
            f"<tr class='total'><th>المجموع</th><td class='n'>{rows}</td></tr></tbody></table>")


OFFSETS = range(150, 231, 8)  # mm of text above the table: it falls at every row position


@pytest.mark.parametrize("offset", OFFSETS)
def test_long_table_splits_cleanly_wherever_it_falls(offset):
    doc = document(f'<div style="height: {offset}mm"></div>' + table(30, short=False))
    pages = table_pages(doc)
    assert len(pages) == 1 and split_faults(doc) == []


@pytest.mark.parametrize("offset", OFFSETS)
def test_short_table_never_splits(offset):
    doc = document(f'<div style="height: {offset}mm"></div>' + table(12, short=True))
    assert [len(p) for p in next(iter(table_pages(doc).values()))] == [12]


def test_the_check_sees_a_bad_split():
    """Without the stylesheet's row rules a table splits anywhere: the check says so."""
    bad = [document(f'<div style="height: {o}mm"></div>'
                    + table(30, short=False).replace("<tr", '<tr style="break-before: auto; '
                                                     'break-after: auto"'))
           for o in OFFSETS]
    assert any(split_faults(doc) for doc in bad)


@pytest.fixture(scope="module", params=["ar", "fr"])
def sample(request: pytest.FixtureRequest):
    """The laid-out draft of the shared build, in each language."""
    build = request.getfixturevalue("sample_build" if request.param == "ar" else "french_build")
    name = DRAFT if request.param == "ar" else DRAFT.replace("-draft", "-fr-draft")
    html = build / str(YEAR) / name.replace(".pdf", ".html")
    return HTML(filename=str(html), base_url=str(html.parent) + "/").render()


def test_sample_tables_split_cleanly(sample):
    assert split_faults(sample) == []


def test_sample_groups_whole(sample):
    assert group_faults(sample) == []


def test_sample_card_and_glossary_rows_whole(sample):
    assert row_split_faults(sample) == []


def test_sample_no_lead_in_ends_a_page(sample):
    assert lead_in_faults(sample) == []


def test_sample_no_heading_ends_a_page(sample):
    assert heading_faults(sample) == []


@pytest.mark.parametrize("rule", ["", "break-after: auto"])
def test_heading_keeps_with_the_block_that_follows(rule):
    """A heading above a block that does not fit moves with it; with the stylesheet's rule
    overridden, the check sees the heading left alone at the page foot."""
    doc = document('<div style="height: 200mm"></div>'
                   f'<h2 style="{rule}">عنوان</h2>'
                   '<div style="height: 60mm; break-inside: avoid">كتلة</div>')
    assert (heading_faults(doc) == []) == (rule == "")


def test_sample_lines_keep_numbers_and_punctuation(sample, catalogue):
    words = tuple(w for lang in ("ar", "fr")
                  for w in Formatter(lang, catalogue.nouns).words_before_number())
    assert "غشت" in words and "رقم" in words and "août" in words
    assert line_faults(sample, words) == []


# voids: the measure of ../shared/tools/page_voids.py, on the final edition (no watermark)
def blank_share(png: Path, top: float = 0.10, bottom: float = 0.90) -> float:
    """Share of the text block below its last dark pixel (the measure of page_voids.py)."""
    from PIL import Image

    image = Image.open(png).convert("L")
    w, h = image.size
    y0, y1 = int(h * top), int(h * bottom)
    px = image.load()
    last = y0
    for y in range(y0, y1):
        if any(px[x, y] < 160 for x in range(int(w * 0.08), int(w * 0.92), 2)):
            last = y
    return (y1 - last) / (y1 - y0)


def chapter_starts(pdf: pikepdf.Pdf) -> set[int]:
    """0-based indexes of the pages a top-level bookmark points to."""
    index = {p.objgen: i for i, p in enumerate(pdf.pages)}
    starts = set()
    with pdf.open_outline() as outline:
        for item in outline.root:
            dest = item.destination
            if dest is None and item.action is not None:
                dest = item.action.get("/D")
            if isinstance(dest, pikepdf.Array) and len(dest):
                starts.add(index.get(dest[0].objgen, -1))
    return starts


@pytest.mark.slow  # the shared builds, asked for by name
@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_final_has_no_void_page_outside_chapter_ends(lang: str, request: pytest.FixtureRequest,
                                                     tmp_path: Path) -> None:
    """No page leaves more than 30 % of its text block empty unless the next page starts a
    chapter (a figure or table pushed over leaves such a void), and then not more than 75 %
    (a chapter that ends on a fragment: a table's last rows, two lines), in either
    language."""
    build = request.getfixturevalue("sample_build" if lang == "ar" else "french_build")
    final = build / str(YEAR) / (FINAL if lang == "ar" else FINAL.replace(".pdf", "-fr.pdf"))
    with pikepdf.open(final) as pdf:
        n, starts = len(pdf.pages), chapter_starts(pdf)
    assert len(starts) >= 10
    subprocess.run(["pdftoppm", "-r", "30", "-gray", "-png", str(final),
                    str(tmp_path / "p")], check=True)
    pngs = sorted(tmp_path.glob("p-*.png"), key=lambda p: int(p.stem.split("-")[1]))
    assert len(pngs) == n
    voids = {i + 1: round(blank_share(png), 2) for i, png in enumerate(pngs)
             if 0 < i < n - 1 and blank_share(png) > (0.75 if i + 1 in starts else 0.30)}
    assert voids == {}  # part-empty pages, and chapter ends on a fragment
