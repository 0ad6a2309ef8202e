"""Pages set as a book, in both languages: the passes and rules that give them, each shown on
a small document where WeasyPrint would fail without it, then checked on every page of the
shared builds' finals and print interiors (read with poppler).

- a justified paragraph never leaves a line of one short word (a text ending in a no-break
  space before an element made WeasyPrint break "la / préven- / tion");
- numbers keep their nouns, words joined by hyphens (regions) their hyphens;
- display text (covers, chapter titles) is balanced, never ends on a lone word, never
  hyphenated;
- no chapter ends on a fragment of a page (chapter_ends);
- the contents' dot leaders stand in columns and end where the page numbers begin.
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from report import fonts
from report.paths import TEMPLATES
from report.publish.assets import font_faces
from report.publish.balance import balance, chosen_breaks
from report.publish.chapter_ends import Flowing, flow, settle
from report.publish.html import keep_together, spaces_into_elements
from tests.sample import FINAL, PRINT, YEAR

NBSP = "\u00a0"


def page(body: str, lang: str = "fr", extra: str = "") -> str:
    """A report page: the fonts, print.css (and lang-fr.css), ``body`` in a chapter."""
    faces = "".join(f'@font-face {{ font-family: "{f.family}"; font-weight: {f.weight}; '
                    f'src: url("{f.url}"); }}' for f in font_faces())
    sheets = [TEMPLATES / "print.css"] + ([TEMPLATES / "lang-fr.css"] if lang == "fr" else [])
    links = "".join(f'<link rel="stylesheet" href="{s.as_uri()}">' for s in sheets)
    direction = "rtl" if lang == "ar" else "ltr"
    return (f'<html lang="{lang}" dir="{direction}"><head><meta charset="utf-8">'
            f"<style>{faces}{extra}</style>{links}</head><body><main>"
            f'<section class="chapter">{body}</section></main></body></html>')


def lines_of(html: str, tag: str = "p") -> list[list[str]]:
    """The lines of every ``tag`` block, laid out."""
    doc = HTML(string=html, base_url=str(TEMPLATES) + "/").render()
    out = []
    for p in doc.pages:
        for box in walk(p._page_box):
            if isinstance(box, boxes.BlockBox) and getattr(box, "element_tag", "") == tag:
                out.append([text(line).strip() for line in box.children
                            if isinstance(line, boxes.LineBox)])
    return out


def walk(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from walk(child)


def text(box) -> str:
    return box.text if isinstance(box, boxes.TextBox) else "".join(
        text(c) for c in getattr(box, "children", ()))


# the French final's chapter 1, as the templates and passes give it
LAW = ('La Commission nationale chargée de la coordination des mesures ayant pour but la lutte '
       'et la prévention de la traite des êtres humains a été instituée par les articles'
       f'{NBSP}6 et 7 de la loi n°{NBSP}<span dir="ltr" class="ltr">27-14</span> relative à la '
       'lutte contre la traite des êtres humains, promulguée par le dahir '
       f'n°{NBSP}<span dir="ltr" class="ltr">1-16-127</span> du 25 août{NBSP}2016. Placée '
       'auprès du Chef du gouvernement, elle a pour mission de coordonner l’action de '
       'l’ensemble des acteurs concernés.')


def lone_words(lines: list[str]) -> list[str]:
    """Lines but the last of a paragraph that hold a single word."""
    return [line for line in lines[:-1] if len(line.split()) == 1]


def test_a_no_break_space_before_an_element_no_longer_breaks_after_single_words() -> None:
    """WeasyPrint 70, given a text ending in a no-break space before an element that does
    not fit, breaks the text after its first word; spaces_into_elements moves the space."""
    raw = lines_of(page(f"<p>{LAW}</p>"))[0]
    assert lone_words(raw), raw  # "la" / "préven-" alone: the fault this guards against
    fixed = lines_of(page(spaces_into_elements(f"<body><p>{LAW}</p></body>")[6:-7]))[0]
    assert lone_words(fixed) == [] and len(fixed) < len(raw), fixed


def test_spaces_into_elements() -> None:
    isolate = '<span dir="ltr" class="ltr">27.14</span>'
    assert spaces_into_elements(f"<body><p>رقم{NBSP}{isolate} و</p></body>") == \
        f'<body><p>رقم<span class="nobr">{NBSP}{isolate}</span> و</p></body>'
    assert spaces_into_elements('<body><p>«\u202f<a href="#x">voir</a></p></body>') == \
        '<body><p>«<a href="#x">\u202fvoir</a></p></body>'
    head = f"<head><title>a{NBSP}<b>b</b></title></head>"
    assert spaces_into_elements(head) == head
    assert spaces_into_elements(f"<body><p>a{NBSP}<br>b</p></body>") == \
        f"<body><p>a{NBSP}<br>b</p></body>"  # a void element holds no text
    # a plain space before an element: a span of its own, the text ending in a letter
    assert spaces_into_elements('<body><p>régions de <span class="nobr">Fès</span></p></body>') \
        == '<body><p>régions de<span class="space"> </span><span class="nobr">Fès</span></p></body>'


def test_numbers_keep_their_nouns_and_hyphens_their_words() -> None:
    out = keep_together('<body><p>le 31 décembre 2025, 22 membres, le 1<sup class="ord">er</sup>'
                        " janvier, les régions Souss-Massa et طنجة-تطوان-الحسيمة</p></body>",
                        ("décembre",))
    assert f"31{NBSP}décembre{NBSP}2025" in out and f"22{NBSP}membres" in out
    assert f"</sup>{NBSP}janvier" in out
    assert '<span class="nobr">Souss-Massa</span>' in out
    assert '<span class="nobr">طنجة-تطوان-الحسيمة</span>' in out


def test_a_hyphenated_region_never_breaks_at_its_hyphen() -> None:
    region = "Béni Mellal-Khénifra-Souss-Massa-Drâa-Tafilalet"
    body = "".join(f'<p style="width: {w}mm">Les régions {region} et autres.</p>'
                   for w in range(30, 90, 4))
    for lines in lines_of(page(keep_together(f"<body>{body}</body>", ())[6:-7])):
        assert not any(line.endswith("-") for line in lines), lines


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_display_text_balanced_without_a_lone_word(lang: str, tmp_path: Path) -> None:
    """A title too long for one line is set in lines of even length, two words or more on
    the last, never hyphenated."""
    title = ("Rapport national annuel sur la lutte et la prévention de la traite des êtres "
             "humains" if lang == "fr" else
             "اللجنة الوطنية لتنسيق إجراءات مكافحة الاتجار بالبشر والوقاية منه والتنسيق مع الشركاء")
    html = page(f"<h1>{title}</h1>", lang)
    before = lines_of(html, "h1")[0]
    after = lines_of(balance(html, tmp_path, fonts.font_dirs()), "h1")[0]
    assert len(after) == len(before) >= 2
    widths = [len(line) for line in after]
    assert min(widths) / max(widths) > min(len(b) for b in before) / max(len(b) for b in before)
    assert min(widths) / max(widths) > 0.6 and len(after[-1].split()) >= 2
    assert not any(line.endswith(("-", "\u2010")) for line in after)


def test_breaks_chosen_from_the_probe() -> None:
    assert chosen_breaks({100: [5, 1], 93: [4, 2], 86: [3, 3], 79: [2, 2, 2]}, 6) == {2}
    assert chosen_breaks({100: [6]}, 6) is None  # one line: nothing to do
    assert chosen_breaks({100: [5, 1], 93: [6, 1]}, 6) is None  # a break not at a space
    # no width leaves two words on the last line: the last two are joined, the other
    # spaces stay free
    assert chosen_breaks({100: [5, 1], 93: [5, 1]}, 6) == {0, 1, 2, 3}


def fragment_chapter() -> tuple[str, object]:
    """A chapter of paragraphs whose last page holds one of them alone, and a place on the
    page before from which to move blocks (not every paragraph length gives one)."""
    for sentences in (5, 6, 3, 4):
        para = "<p>" + "Une phrase de rapport assez longue pour remplir la ligne. " * sentences
        for n in range(4, 30):
            html = page("<h1>Chapitre</h1>" + (para + "</p>") * n)
            doc = HTML(string=html, base_url=str(TEMPLATES) + "/").render()
            if len(doc.pages) == 2 and len(paragraphs(doc.pages[1])) == 1:
                if settle(doc, html) is not None:
                    return html, doc
                break
    pytest.fail("no chapter of paragraphs ends on a fragment that can be settled")


def test_a_chapter_never_ends_on_a_fragment() -> None:
    """A chapter whose last page would hold a paragraph alone takes blocks from the page
    before: the page before stays 72 % full, the last comes to a quarter."""
    html, doc = fragment_chapter()
    settled = settle(doc, html)  # type: ignore[arg-type]
    assert settled is not None and settled.count('class="break-before"') == 1
    again = HTML(string=settled, base_url=str(TEMPLATES) + "/").render()
    assert len(again.pages) == 2 and len(paragraphs(again.pages[1])) >= 2
    assert settle(again, settled) is None


def flowing(advance: float, keeps: bool = False, whole: bool = True) -> Flowing:
    return Flowing(None, advance, advance, keeps, whole)  # type: ignore[arg-type]


def test_blocks_flow_whole_from_page_to_page() -> None:
    """The estimate behind a break placed a page or two before the page before (a run of
    activities, none of which can go alone): blocks set whole, a title on the page of what
    follows it, nothing estimated when a block could split."""
    assert flow([flowing(0.3)] * 4) == pytest.approx([0.9, 0.3])
    title = flowing(0.05, keeps=True)
    assert flow([*[flowing(0.3)] * 3, title, flowing(0.3)]) == pytest.approx([0.9, 0.35])
    assert flow([flowing(0.3), flowing(0.5, whole=False)]) is None


def paragraphs(page) -> list:
    return [b for b in walk(page._page_box)
            if isinstance(b, boxes.BlockBox) and getattr(b, "element_tag", "") == "p"]


# on every page of the shared builds --------------------------------------------------------

def bbox_lines(pdf: Path) -> list[list[tuple[float, float, str]]]:
    """Per page, per pdftotext block: its lines as (x min, x max, text)."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    pages = []
    for page_xml in xml.split("<page ")[1:]:
        blocks = []
        for block in re.findall(r"<block [^>]*>(.*?)</block>", page_xml, re.S):
            blocks.append([(float(m.group(1)), float(m.group(2)),
                            " ".join(re.findall(r">([^<]*)</word>", m.group(3))))
                           for m in re.finditer(r'<line xMin="([\d.]+)" yMin="[\d.]+" '
                                                r'xMax="([\d.]+)" yMax="[\d.]+">(.*?)</line>',
                                                block, re.S)])
        pages.append(blocks)
    return pages


SENTENCE_END = tuple(".;:!?»)؛،")


def short_lines(pdf: Path) -> list[tuple[int, str]]:
    """Lines of a justified paragraph cut short: a line under 40 % of the page's text width,
    not ending a sentence, followed in its block by a full (justified) line."""
    found = []
    for n, blocks in enumerate(bbox_lines(pdf), 1):
        widths = [x1 - x0 for block in blocks for x0, x1, _ in block]
        if not widths:
            continue
        column = Counter(round(w) for w in widths).most_common(1)[0][0]
        column = max(w for w in widths if w < column * 1.05 + 1)
        for block in blocks:
            for (x0, x1, line), (a0, a1, _) in zip(block, block[1:], strict=False):
                if x1 - x0 < 0.4 * column and a1 - a0 > 0.85 * column \
                        and not line.rstrip().endswith(SENTENCE_END):
                    found.append((n, line))
    return found


def test_the_short_line_check_sees_the_fault(tmp_path: Path) -> None:
    pdf = tmp_path / "fault.pdf"
    HTML(string=page(f"<p>{LAW}</p>"), base_url=str(TEMPLATES) + "/").write_pdf(pdf)
    assert short_lines(pdf)


def books(request: pytest.FixtureRequest, lang: str) -> list[Path]:
    build = request.getfixturevalue("sample_build" if lang == "ar" else "french_build")
    suffix = "-fr" if lang == "fr" else ""
    return [build / str(YEAR) / FINAL.replace(".pdf", f"{suffix}.pdf"),
            build / str(YEAR) / PRINT.replace("-print", f"{suffix}-print")]


@pytest.mark.slow  # reads the shared builds through request.getfixturevalue
@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_no_justified_line_cut_short_in_the_books(lang: str,
                                                  request: pytest.FixtureRequest) -> None:
    for pdf in books(request, lang):
        assert short_lines(pdf) == [], pdf.name


@pytest.mark.slow  # reads the shared builds through books()
@pytest.mark.parametrize("lang", ["ar", "fr"])
@pytest.mark.parametrize("book", ["final", "cover sheet"])
def test_cover_title_balanced_without_a_lone_word(lang: str, book: str,
                                                  request: pytest.FixtureRequest) -> None:
    """The front cover of the final and of the print edition's cover sheet: the title's
    lines (the tallest type but the year's) even, two words or more on the last, no
    hyphen."""
    final, interior = books(request, lang)
    pdf = final if book == "final" else interior.with_name(interior.stem + "-cover.pdf")
    xml = subprocess.run(["pdftotext", "-bbox-layout", "-f", "1", "-l", "1", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    lines = [(float(a), float(b), float(c), float(d), " ".join(re.findall(r">([^<]*)</word>", w)))
             for a, b, c, d, w in re.findall(r'<line xMin="([\d.]+)" yMin="([\d.]+)" '
                                             r'xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>',
                                             xml, re.S)]
    heights = sorted({round(d - b) for _, b, _, d, t in lines if t != str(YEAR)}, reverse=True)
    title = [(c - a, t) for a, b, c, d, t in lines if round(d - b) == heights[0]]
    assert len(title) >= 2
    assert min(w for w, _ in title) / max(w for w, _ in title) > 0.6, title
    assert len(title[-1][1].split()) >= 2 and not any(t.endswith("-") for _, t in title)


def text_lines(words: list[tuple[float, float, float, str]]
               ) -> list[list[tuple[float, float, str]]]:
    """Words (x min, y min, x max, text) gathered into lines: y within 5 pt."""
    lines: list[tuple[float, list[tuple[float, float, str]]]] = []
    for x0, y, x1, w in sorted(words, key=lambda w: w[1]):
        if lines and abs(lines[-1][0] - y) < 5:
            lines[-1][1].append((x0, x1, w))
        else:
            lines.append((y, [(x0, x1, w)]))
    return [ws for _, ws in lines]


@pytest.mark.slow  # reads the shared builds through books()
@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_contents_leaders_in_columns_to_the_page_numbers(lang: str,
                                                         request: pytest.FixtureRequest) -> None:
    """On the contents' pages, every leader's dots stand on one grid, and the dot next to
    the page number is at the same place on every line; the numbers end (French) or start
    (Arabic) at one edge."""
    final = books(request, lang)[0]
    xml = subprocess.run(["pdftotext", "-bbox", "-f", "2", "-l", "3", str(final), "-"],
                         capture_output=True, text=True, check=True).stdout
    for page_xml in xml.split("<page ")[1:]:
        words = [(float(a), float(b), float(c), w) for a, b, c, w in re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
            page_xml)]
        near, edge, off_grid = set(), set(), []
        origin = step = 0.0
        for line in text_lines(words):
            dots = sorted(x0 for x0, _, w in line if w == ".")
            numbers = [(x0, x1) for x0, x1, w in line if w.isdigit()]
            if len(dots) < 5 or not numbers:
                continue
            near.add(round(dots[-1] if lang == "fr" else dots[0], 1))
            page_number = max(numbers) if lang == "fr" else min(numbers)
            edge.add(round(page_number[1] if lang == "fr" else page_number[0], 1))
            origin, step = (origin, step) if step else (dots[0], dots[1] - dots[0])
            off_grid += [d for d in dots if 0.05 < (d - origin) / step % 1 < 0.95]
        assert len(near) == 1 and len(edge) == 1, (near, edge)
        assert off_grid == []
