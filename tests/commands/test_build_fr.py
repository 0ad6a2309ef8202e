"""End to end: the sample year's workbooks become the French editions (``build --lang fr
--edition all``): file names, text in order, fonts embedded, bookmarks, language, a
left-to-right book (viewer direction, page sides, the print edition's margins mirrored for
a left-bound book), the final as PDF/A-3a with the data annex attached."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import tomllib
from html import unescape
from pathlib import Path

import pikepdf
import pytest

from report.cli import parser
from report.commands.build import BuildConfig
from report.paths import CATALOGUE, INPUTS
from report.publish.finishing import embedded_files
from report.publish.variants import SPECS, pdf_name
from report.settings.catalogue import load_catalogue
from tests.pdftext import pdf_text, poppler_form, squash
from tests.publish.test_typography import page_count, words
from tests.publish.test_variants import MM, margins
from tests.sample import ANNEX, EDITION, YEAR

FINAL = f"report-{YEAR}-fr.pdf"
PRINT = f"report-{YEAR}-fr-print.pdf"
DRAFT = f"report-{YEAR}-fr-draft{EDITION.draft}.pdf"
A4_W = 595


@pytest.fixture(scope="module")
def built(french_build: Path) -> Path:
    return french_build / str(YEAR)


@pytest.fixture(scope="module")
def text(built: Path) -> str:
    return squash(pdf_text(built / FINAL))


def test_lang_option_and_file_names() -> None:
    args = parser().parse_args(["build", "--lang", "all"])
    assert args.lang == "all"
    cfg = BuildConfig(YEAR, INPUTS, Path("out"), "final", args.lang)
    assert cfg.langs == ("ar", "fr")
    names = {n: pdf_name(SPECS[n], EDITION, "fr") for n in SPECS}
    assert names == {"final": FINAL, "print": PRINT, "draft": DRAFT}
    assert pdf_name(SPECS["final"], EDITION, "ar") == f"report-{YEAR}.pdf"
    with pytest.raises(SystemExit):
        parser().parse_args(["build", "--lang", "en"])


def test_files_written(built: Path) -> None:
    names = {p.name for p in built.iterdir() if p.is_file()}
    assert {FINAL, PRINT, DRAFT, *ANNEX} <= names
    assert not any(n.startswith(f"report-{YEAR}.") or n == f"report-{YEAR}-print.pdf"
                   for n in names)  # French only: no Arabic edition
    charts = sorted(p.relative_to(built / "charts").as_posix()
                    for p in (built / "charts").rglob("*.svg"))  # the public ones, draft/
    drafts = [n for n in charts if n.startswith("draft/")]
    assert drafts and all(n.endswith("-fr.svg") for n in drafts)
    # the public charts in French, and in Arabic for the web edition (every language)
    public = {n for n in charts if n not in drafts}
    ids = {n.removesuffix(".svg").removesuffix("-fr") for n in public}
    assert public == {f"{i}{s}.svg" for i in ids for s in ("", "-fr")}
    assert (built / "web" / "ar" / "figures.html").is_file()
    manifest = json.loads((built / "manifest.json").read_text("utf-8"))
    assert set(manifest["editions"]) == {"final-fr", "print-fr", "draft-fr"}
    assert manifest["editions"]["final-fr"]["lang"] == "fr"


def test_final_is_pdfa3a_in_french_with_the_annex(built: Path) -> None:
    with pikepdf.open(built / FINAL) as pdf:
        xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
        assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="A"' in xmp
        assert "<dc:language><rdf:Bag><rdf:li>fr</rdf:li>" in xmp
        assert str(pdf.Root.Lang) == "fr"
        assert str(pdf.docinfo.Title).startswith(EDITION.title.fr)
        assert "Commission nationale" in str(pdf.docinfo.Author)
        assert pdf.Root.MarkInfo.Marked and "/StructTreeRoot" in pdf.Root
    attached = embedded_files(built / FINAL)
    assert sorted(attached) == sorted(ANNEX)
    for name, data in attached.items():
        assert data == (built / name).read_bytes(), name


@pytest.mark.parametrize("name", [FINAL, PRINT, DRAFT])
def test_left_to_right_book_with_chapter_bookmarks(built: Path, name: str) -> None:
    with pikepdf.open(built / name) as pdf:
        assert pdf.Root.ViewerPreferences.Direction == pikepdf.Name.L2R
        assert pdf.Root.PageMode == pikepdf.Name.UseOutlines
        with pdf.open_outline() as outline:
            # a chapter's number keeps to its title: a no-break space after it
            chapters = [item.title.replace("\u00a0", " ") for item in outline.root]
            sections = sum(len(item.children) for item in outline.root)
    # numbered as the body and the contents, a (no-break) space after the number
    assert chapters == ["Sommaire", "Avant-propos", "Introduction", "1 La Commission nationale",
                        "2 Le cadre juridique et institutionnel", "3 Le phénomène en chiffres",
                        "4 La prévention", "5 La protection", "6 La répression",
                        "7 Le partenariat et la coopération",
                        "8 La mise en œuvre du plan national",
                        "9 Les obstacles et les contraintes", "10 Les recommandations",
                        "11 Annexes"] + ([] if name == PRINT else ["Quatrième de couverture"]), \
        chapters  # the print interior has no cover: the cover sheet is a file of its own
    assert sections >= 10


def test_every_font_embedded_and_from_the_project(built: Path) -> None:
    out = subprocess.run(["pdffonts", str(built / FINAL)], capture_output=True, text=True,
                         check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows
    for row in rows:
        assert "Source-Serif-4" in row[0] or "Amiri" in row[0], row[0]
        assert row[-5] == "yes", f"{row[0]} not embedded"
    assert any("Source-Serif-4" in row[0] for row in rows)


def test_text_in_order(text: str) -> None:
    assert "Commission nationale chargée de la coordination des mesures" in text
    assert "loi n° 27-14 relative à la lutte contre la traite des êtres humains" in text
    assert "décret n° 2-17-740 du 6 juillet 2018" in text
    assert "du 1er janvier au 31 décembre 2025" in text
    assert "2023-2030" in text and "2030-2023" not in text
    assert re.search(r"\d \d{3} (personnes|appels)", text)  # grouped thousands


def test_the_green_line_is_the_catalogue_fact(built: Path, text: str) -> None:
    """The hotline number is printed from its one catalogue fact (commission.toml), as the
    Arabic edition prints it, left to right as a unit, wherever the French text gives it."""
    line = load_catalogue(CATALOGUE).commission.green_line
    html = (built / FINAL).with_suffix(".html").read_text("utf-8")
    assert html.count(f'<span dir="ltr" class="ltr">{line}</span>') >= 4  # legal,
    # prevention, glossary, back cover
    digits = re.sub(r"\D", "", line)
    printed = re.findall(r"0[\d\s\u00a0\u202f]{9,14}\d", text)
    numbers = [n for n in printed if re.sub(r"\D", "", n) == digits]
    assert numbers and set(numbers) == {line}, numbers


def test_the_members_texts_print_in_french(built: Path, text: str) -> None:
    """Every activity and comment reads in French: the sample's members give their French
    (inputs/sample_translations.toml, the workbooks' other-language columns)."""
    html = (built / FINAL).with_suffix(".html").read_text("utf-8")
    assert "traduction en attente" not in html
    assert not re.search(r'<div class="activity"|class="activity"[^>]*lang="ar"', html)
    french = {p["ar"]: p["fr"] for p in tomllib.loads(
        (INPUTS / "sample_translations.toml").read_text("utf-8"))["text"]}
    titles = re.findall(r'<p class="activity" id="act-[^"]+"><strong>(.*?)</strong>', html)
    assert len(titles) > 30
    # as printed: a hyphenated word kept whole (<span class="nobr">Sud-Sud</span>)
    printed = [unescape(re.sub(r"<[^>]+>", "", t)).replace("’", "'") for t in titles]
    assert all(t in french.values() for t in printed), set(printed) - set(french.values())
    assert "Bénéficiaires :" in text and "partenaires :" in text


# An Arabic word the final may print: in the places that name things in both languages, each
# an element of lang="ar": the members' Arabic names (the annex of members), the glossary's
# Arabic terms, and the sample's demonstration notice on the cover (a fictitious edition only).
BOTH_LANGUAGES = re.compile(r'<section id="glossary">.*?</section>|<table class="data members"'
                            r'.*?</table>|<p class="cover-fictitious">.*?</p>', re.S)
ARABIC_ELEMENT = re.compile(r'<(\w+)[^>]*\blang="ar"[^>]*>(.*?)</\1>', re.S)
ARABIC_WORD = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]+")


def _letters(text: str) -> str:
    """Arabic letters as pdftotext may give them back from Amiri: spaces dropped (a split
    ligature, "القرو ية"), doubled letters once ("الججبري")."""
    return re.sub(r"(.)\1+", r"\1", re.sub(r"\s+", "", text))


def test_no_arabic_outside_the_places_that_name_things_in_both_languages(built: Path) -> None:
    html = (built / FINAL).with_suffix(".html").read_text("utf-8")
    body = html[html.index("<body"):]
    places = [m.span() for m in BOTH_LANGUAGES.finditer(body)]
    named = []
    for m in ARABIC_ELEMENT.finditer(body):
        assert any(a <= m.start() < b for a, b in places), m.group(0)[:80]
        named.append(unescape(re.sub(r"<[^>]+>", "", m.group(2))))
    assert len(named) >= 22 + 15  # the members' Arabic names and the glossary's terms
    outside = ARABIC_ELEMENT.sub("", BOTH_LANGUAGES.sub("", body))
    assert not ARABIC_WORD.findall(re.sub(r"<[^>]+>", "", outside))
    # the PDF as pdftotext reads it, RTL marks stripped: every Arabic word it prints is in
    # one of those places (in either order of lam-alef: see tests/pdftext.py)
    allowed = _letters(" ".join(named + [poppler_form(n) for n in named]))
    printed = set(ARABIC_WORD.findall(pdf_text(built / FINAL)))
    assert len(printed) > 60
    stray = sorted(w for w in printed if _letters(w) not in allowed)
    assert not stray, stray[:20]


def test_page_numbers_at_the_outer_corner(built: Path) -> None:
    """Page 1 is a right-hand page: odd numbers at the bottom right, even at the left."""
    pdf = built / FINAL
    count = page_count(pdf)
    for page in range(2, min(count, 12) + 1):
        foot = [(x0, w) for _, y, x0, _, w in words(pdf, page) if y > 780]
        assert [w for _, w in foot] == [str(page)], (page, foot)
        assert (foot[0][0] > A4_W * 3 / 4) if page % 2 else (foot[0][0] < A4_W / 4), page


def test_print_margins_mirrored_for_a_left_bound_book(built: Path) -> None:
    # page 1 is a :right page (recto of a left-bound book): spine, wide margin, on its left
    with pikepdf.open(built / PRINT) as pdf:
        assert "PDF/X-4" in pdf.Root.Metadata.read_bytes().decode("utf-8")
    odd_left, odd_right, even_left, even_right = margins(built / PRINT)
    assert odd_left > odd_right + 5 * MM and even_right > even_left + 5 * MM
    assert abs(odd_left - even_right) < 1 * MM and abs(odd_right - even_left) < 1 * MM


def test_draft_says_so_in_french_on_every_page(built: Path) -> None:
    pages = page_count(built / DRAFT)
    for page in range(1, pages + 1):
        text = pdf_text(built / DRAFT, page, page)
        # the rotated watermark may come out letter by letter, bottom up
        letters = re.sub(r"\s", "", text)
        assert "PROJET" in letters or "TEJORP" in letters or "Projet n° " in text, page
        if 1 < page < pages:  # the covers say it in full, without the footer
            assert f"Projet n° {EDITION.draft} du" in squash(text), page
    assert "PROJET" not in pdf_text(built / FINAL)


def test_no_arabic_edition_setting_leaks_into_french() -> None:
    """An Arabic-Indic edition (digits = "arab") still prints French in Latin digits."""
    from report.publish.assets import assets
    from report.settings.languages import language

    got = assets(SPECS["final"], dataclasses.replace(EDITION, digits="arab"), language("fr"))
    assert got.digits_stylesheet is None and got.lang_stylesheet.endswith("lang-fr.css")
