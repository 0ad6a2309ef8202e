"""The French typography specimen (templates/fr/specimen.html.j2) rendered to PDF, read back.

The specimen's prose is typed with plain spaces and straight quotes; the report's French
pass (report/publish/render.py) sets it. poppler prints the narrow no-break space U+202F as a plain
space, so the spacing before punctuation is measured on word positions (pdftotext -bbox):
the gap before ; : ! ? % and inside « » is a narrow space, present and narrower than the
word spaces of its line. Arabic inside French lines is read back from word positions too:
the Arabic run reads right to left, inside the left-to-right line, in its place.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from report import fonts
from report.charts.draw import Painter
from report.charts.model import Chart, ChartData, ChartSpec, Series
from report.language.formatting import Formatter
from report.manifest import Stages
from report.paths import TEMPLATES
from report.publish.assets import font_faces
from report.publish.environment import environment
from report.publish.html import french_typography, isolate_ranges, keep_together
from report.publish.pdf import foreign_fonts, render_pdf
from tests.pdftext import pdf_text, squash
from tests.publish.test_typography import A4_W, STYLE, page_count, words

ARABIC = re.compile("[\u0621-\u064a]")
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre")
ACTIVITY = "تنظيم قافلة تحسيسية لفائدة 120 شخصا بشراكة مع OIM في إقليم الحوز يوم 6 يوليوز 2025."


def render(tmp: Path, catalogue) -> tuple[Path, str]:
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: `make test` installs poppler-utils")
    fmt = Formatter("fr", catalogue.nouns)
    spec = ChartSpec("specimen", "breakdown", "figures",
                     {"ar": "", "fr": "Victimes par forme d'exploitation"}, ("VICTIMS",), "form",
                     "vertical", 3, False)
    labels = ("Exploitation sexuelle", "Travail forcé", "Mendicité")
    data = ChartData(spec, labels, (Series("Victimes", (1234, 56, 7)),))
    (tmp / "charts").mkdir(parents=True, exist_ok=True)
    (tmp / "charts" / "specimen.svg").write_text(Painter(STYLE, fmt).svg(data, "x"), "utf-8")
    chart = Chart("specimen", "figures", spec.title["fr"], "spécimen", "charts/specimen.svg",
                  "2025", "Présidence du Ministère public")
    html = environment(fmt).get_template("specimen.html.j2").render(
        fonts=font_faces(), stylesheet=(TEMPLATES / "print.css").as_uri(),
        lang_stylesheet=(TEMPLATES / "lang-fr.css").as_uri(), chart=chart,
        dates=[dt.date(2025, m, 6) for m in range(1, 13)], first=dt.date(2025, 7, 1),
        counts=(0, 1, 2, 3, 1000, 1234567),
        changes=((120, 100), (75, 100), (100, 100), (7, 0), (None, 7)),
        year=2025, prev_year=2024, arabic_activity=ACTIVITY)
    # the report's own passes over the body (report/publish/render.py: render_report)
    html = french_typography(keep_together(isolate_ranges(html), fmt.words_before_number()))
    target = tmp / "specimen-fr.pdf"
    render_pdf(html, tmp, fonts.font_dirs(), target, Stages())
    return target, html


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, catalogue) -> tuple[Path, str]:
    return render(tmp_path_factory.mktemp("specimen-fr"), catalogue)


@pytest.fixture(scope="module")
def specimen(rendered) -> Path:
    return rendered[0]


@pytest.fixture(scope="module")
def html(rendered) -> str:
    return rendered[1]


@pytest.fixture(scope="module")
def text(specimen) -> str:
    return squash(pdf_text(specimen))


Line = list[tuple[float, float, str]]  # (xMin, xMax, word), left to right


def lines(pdf: Path) -> list[Line]:
    """Words grouped into lines: the tops of Arabic (Amiri) and Latin words of one line
    differ by a point or two, lines by a dozen."""
    out: list[Line] = []
    last: tuple[int, int] | None = None
    for page, y, x0, x1, w in sorted(words(pdf), key=lambda t: (t[0], t[1])):
        if last is None or page != last[0] or y - last[1] > 4:
            out.append([])
            last = (page, y)
        out[-1].append((x0, x1, w))
    return [sorted(line) for line in out]


def reading(line: Line) -> str:
    """A left-to-right line in logical order: words left to right, a run of Arabic words
    turned back (poppler gives them in visual order, letters reversed)."""
    parts: list[str] = []
    run: list[str] = []
    for _, _, w in line:
        if ARABIC.search(w):
            run.append(w[::-1])
            continue
        parts += list(reversed(run))
        run = []
        parts.append(w)
    return " ".join(parts + list(reversed(run)))


def find_line(pdf: Path, word: str) -> Line:
    """The first line that holds ``word``."""
    found = [line for line in lines(pdf) if any(w == word for _, _, w in line)]
    assert found, word
    return found[0]


# numbers ---------------------------------------------------------------------------------
def test_numbers_grouped_with_a_narrow_no_break_space(html, text):
    assert "1\u202f234\u202f567,5" in html and "1\u202f234" in html
    assert "25,3\u202f%" in html and "25\u202f%" in html
    assert "1 234 567,5 dirhams" in text and "1 234 appels" in text  # poppler: plain spaces
    assert "1.234" not in text and "1,234" not in text


def test_missing_figure_is_said_in_french(text):
    assert "Chiffre non parvenu : …." in text  # the sign of a figure not received


# spacing before punctuation ----------------------------------------------------------------
def _gap_before(line: Line, word: str) -> tuple[float, float]:
    """The gap before ``word`` on its line, and the smallest gap between two plain words."""
    i = next(i for i, (_, _, w) in enumerate(line) if w == word)
    gap = line[i][0] - line[i - 1][1]
    plain = [b[0] - a[1] for a, b in zip(line, line[1:], strict=False)
             if a[2].isalpha() and b[2].isalpha()]
    return gap, min(plain)


@pytest.mark.parametrize("mark", ["?", ";", ":", "!"])
def test_narrow_space_before_high_punctuation(specimen, html, mark):
    assert f"\u202f{mark}" in html
    gap, word_space = _gap_before(find_line(specimen, "prêt"), mark)
    assert 0.5 < gap < word_space * 0.7, (mark, gap, word_space)


def test_narrow_space_before_percent(specimen):
    gap, word_space = _gap_before(find_line(specimen, "représentent"), "%")
    assert 0.5 < gap < word_space * 0.7, (gap, word_space)


def test_guillemets_with_narrow_spaces(specimen, html):
    assert "«\u202frapport annuel\u202f»" in html and '"rapport annuel"' not in html
    line = find_line(specimen, "«")  # the quote may wrap between its words, never at «/»
    i = next(i for i, (_, _, w) in enumerate(line) if w == "«")
    assert i + 1 < len(line) and 0.5 < line[i + 1][0] - line[i][1] < 2.5  # « rapport
    line = find_line(specimen, "»")
    j = next(i for i, (_, _, w) in enumerate(line) if w == "»")
    assert j > 0 and 0.5 < line[j][0] - line[j - 1][1] < 2.5  # annuel »


def test_urls_and_times_untouched(html, text):
    assert "https://cnclt.justice.gov.ma/fr?p=155" in html and "à 10:30 chaque" in html
    assert "l’année" in html and "n°\u00a027-14" in html  # apostrophe, numéro kept with its number


# dates -------------------------------------------------------------------------------------
def test_french_month_names(text):
    for name in MONTHS:
        assert f"6 {name} 2025" in text, name


def test_first_of_the_month_and_ordinals(html, text):
    assert "le 1er juillet 2025 ; c’est le 1er rapport et la 1re édition, après le 2e plan" in text
    assert html.count('<sup class="ord">') == 4


# plurals -----------------------------------------------------------------------------------
@pytest.mark.parametrize("n, forms", [
    ("0", ("0 victime", "0 affaire", "0 personne")),
    ("1", ("1 victime", "1 affaire", "1 personne")),
    ("2", ("2 victimes", "2 affaires", "2 personnes")),
    ("1 000", ("1 000 victimes", "1 000 affaires", "1 000 personnes")),
    ("1 234 567", ("1 234 567 victimes",)),
])
def test_plural_agreement(text, n, forms):
    for form in forms:
        assert form in text, form


def test_verb_agreement_and_change_phrases(text):
    assert "1 victime a été identifiée et 12 personnes ont été condamnées" in text
    assert "en hausse de 20,0 % par rapport à 2024" in text
    assert "en baisse de 25,0 % par rapport à 2024" in text
    assert "stable par rapport à 2024" in text
    assert "alors qu’aucun chiffre n’était enregistré en 2024" in text
    assert "sans comparaison possible avec 2024" in text


# Arabic inside French lines ------------------------------------------------------------------
def test_arabic_name_inside_a_french_line(specimen):
    line = find_line(specimen, "Convention")
    assert reading(line) == ("Convention signée avec جمعية الأمل للتنمية à Rabat en 2025 "
                             "pour la formation.")
    # visually: the Arabic run sits between "avec" and "à", its first word on the right
    xs = {w: x0 for x0, _, w in line}
    arabic = [(x0, w[::-1]) for x0, _, w in line if ARABIC.search(w)]
    assert [w for _, w in sorted(arabic, reverse=True)] == ["جمعية", "الأمل", "للتنمية"]
    assert xs["avec"] < min(x for x, _ in arabic) and max(x for x, _ in arabic) < xs["à"]


def test_a_number_after_an_arabic_name_stays_after_it(specimen):
    """Unisolated, "2025" after an Arabic name joins its right-to-left run and shows on
    its left; isolated, it stays where it is written."""
    line = find_line(specimen, "Session")
    assert reading(line) == ("Session animée par جمعية الأمل 2025 puis par رابطة النساء (2024) "
                             "et clôturée.")
    xs = [(x0, w) for x0, _, w in line]
    first_run = [x for x, w in xs if w[::-1] in ("جمعية", "الأمل")]
    assert len(first_run) == 2 and max(first_run) < next(x for x, w in xs if w == "2025")


def test_arabic_values_keep_their_french_labels_in_order(specimen):
    line = find_line(specimen, "Partenaires")
    labels = [w for _, _, w in line if not ARABIC.search(w)]
    assert labels[:2] == ["Partenaires", ":"] and "Bénéficiaires" in labels
    xs = [(x0, w) for x0, _, w in line]
    bene = next(x for x, w in xs if w == "Bénéficiaires")
    before = [w[::-1] for x, w in sorted(xs, reverse=True) if x < bene and ARABIC.search(w)]
    after = [w[::-1] for x, w in sorted(xs, reverse=True) if x > bene and ARABIC.search(w)]
    assert " ".join(before).replace("،", " ").split() == ["السلطات", "الإقليمية", "جمعيات",
                                                            "محلية"]
    assert after == ["الأسر", "في", "الوسط", "القروي"]


def test_an_activity_written_in_arabic_is_a_right_to_left_block(specimen, html):
    assert '<p id="s-arabic-block" lang="ar" dir="rtl">' in html
    line = next(ln for ln in lines(specimen) if any("قافلة"[::-1] == w for _, _, w in ln))
    # right-aligned: its first word ends at the right margin, read right to left
    first = next(w for _, _, w in sorted(line, key=lambda t: -t[1]))
    assert first[::-1] == "تنظيم"
    assert max(x1 for _, x1, _ in line) > A4_W - 70
    assert "OIM" in [w for _, _, w in line]


# page furniture of a left-to-right book ------------------------------------------------------
def test_page_numbers_at_the_outer_corner_of_a_left_bound_book(specimen):
    """Page 1 of a left-to-right book is a right-hand page (recto): odd numbers bottom
    right, even numbers bottom left, a bare number; the running head on the pages that
    continue a chapter, at the same outer side."""
    count = page_count(specimen)
    assert count >= 4
    for page in range(1, count + 1):
        ws = words(specimen, page)
        foot = [(x0, w) for _, y, x0, _, w in ws if y > 780]
        assert [w for _, w in foot] == [str(page)], (page, foot)
        x0 = foot[0][0]
        assert (x0 > A4_W * 3 / 4) if page % 2 else (x0 < A4_W / 4), (page, x0)
        head = [(x0, x1) for _, y, x0, x1, _ in ws if y < 75]
        if page in (2, 4):  # pages that continue a chapter carry its title, outer side
            assert head and min(x0 for x0, _ in head) < A4_W / 4, page


def test_numbering_and_cross_references(text):
    assert "La figure 1 présente la répartition" in text
    assert "Figure 1 : Victimes par forme d’exploitation" in text
    assert "Tableau 1 : Accord du nom selon le nombre" in text
    assert "(voir le tableau 2)" in text
    assert "Voir le tableau 1 pour l’accord des noms" in text


def test_only_the_report_fonts(specimen):
    assert foreign_fonts(specimen.read_bytes()) == {}
