"""The typography specimen (templates/ar/specimen.html.j2) rendered to PDF, read back.

The text is read from the PDF with poppler, word by word with positions (pdftotext -bbox):
a line is put back in reading order (right to left, left-to-right runs kept left to right),
so a number split or reordered by the bidi algorithm ("234 1", "4747 080000") fails the
test. The page furniture is read from the corners of each page.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from html import unescape
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
from report.publish.pdf import RenderError, foreign_fonts, render_pdf
from tests.pdftext import pdf_text, poppler_form, squash

STYLE = {"width_cm": 16.0, "height_cm": 7.5, "row_height_cm": 0.75, "font_size": 9,
         "palette": ["#1f4e79", "#c0504d", "#9bbb59", "#8064a2", "#f79646"],
         "grid": "#d9d9d9", "text": "#222222"}
COUNTS = (0, 1, 2, 3, 10, 11, 99, 100, 102, 103, 111, 1000)
CHANGES = ((120, 100), (75, 100), (100, 100), (7, 0), (None, 7))
ARABIC = re.compile("[\u0621-\u064a]")
LTR = re.compile("[0-9A-Za-z\u0660-\u0669]")
PUNCTUATION = re.compile(r"[.,،:;()\[\]•]")
MIRROR = str.maketrans("()[]", ")(][")
A4_W, A4_H = 595, 842


def render(tmp: Path, catalogue, digits: str = "latn") -> Path:
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: `make test` installs poppler-utils")
    fmt = Formatter("ar", catalogue.nouns, digits)
    spec = ChartSpec("specimen", "breakdown", "figures", {"ar": "الضحايا حسب شكل الاستغلال",
                     "fr": ""}, ("VICTIMS",), "form", "vertical", 3, False)
    labels = ("الاستغلال الجنسي", "العمل القسري", "التسول")
    data = ChartData(spec, labels, (Series("الضحايا", (1234, 56, 7)),))
    (tmp / "charts").mkdir(parents=True, exist_ok=True)
    (tmp / "charts" / "specimen.svg").write_text(Painter(STYLE, fmt).svg(data, "عينة"), "utf-8")
    chart = Chart("specimen", "figures", spec.title["ar"], "عينة", "charts/specimen.svg",
                  fmt.digits_text("2025"), "رئاسة النيابة العامة")
    env = environment(fmt)
    html = env.get_template("specimen.html.j2").render(
        fonts=font_faces(), stylesheet=(TEMPLATES / "print.css").as_uri(), chart=chart,
        dates=[dt.date(2025, m, 6) for m in range(1, 13)], counts=COUNTS, changes=CHANGES,
        year=2025, prev_year=2024, digits=digits)
    (tmp / "specimen.html").write_text(html, "utf-8")
    target = tmp / f"specimen-{digits}.pdf"
    render_pdf(html, tmp, fonts.font_dirs(), target, Stages())
    return target


@pytest.fixture(scope="module")
def specimen(tmp_path_factory, catalogue) -> Path:
    return render(tmp_path_factory.mktemp("specimen"), catalogue)


@pytest.fixture(scope="module")
def text(specimen) -> str:
    return squash(pdf_text(specimen))


def words(pdf: Path, page: int | None = None) -> list[tuple[int, int, float, float, str]]:
    """(page, yMin, xMin, xMax, word) for every word of ``pdf`` (or of one page)."""
    cmd = ["pdftotext", "-bbox"]
    if page:
        cmd += ["-f", str(page), "-l", str(page)]
    xml = subprocess.run([*cmd, str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    out = []
    for n, chunk in enumerate(xml.split("<page ")[1:], start=page or 1):
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                             r'yMax="[\d.]+">(.*?)</word>', chunk):
            out.append((n, round(float(m.group(2))), float(m.group(1)), float(m.group(3)),
                        unescape(m.group(4))))
    return out


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def reading_lines(pdf: Path) -> list[str]:
    """Every line of the PDF in reading order, from word positions: words right to left,
    Arabic words turned back to logical order, left-to-right runs kept left to right."""
    lines: dict[tuple[int, int], list[tuple[float, str]]] = {}
    for page, y, _, x, w in words(pdf):
        lines.setdefault((page, y), []).append((x, w))
    out = []
    for key in sorted(lines):
        items = sorted(lines[key], reverse=True)
        parts: list[str] = []
        run: list[str] = []
        for _, w in items:
            if LTR.search(w) and not ARABIC.search(w):
                run.append(w)
            else:  # Arabic, or punctuation only (a bullet, a dash)
                parts += [" ".join(reversed(run))] if run else []
                run = []
                parts.append(w[::-1].translate(MIRROR))
        parts += [" ".join(reversed(run))] if run else []
        out.append(normal(" ".join(parts)))
    return out


def normal(text: str) -> str:
    """Words and numbers only: poppler splits punctuation off words in its own way."""
    return " ".join(PUNCTUATION.sub(" ", text).split())


def logical(expected: str) -> str:
    return normal(poppler_form(expected))


@pytest.fixture(scope="module")
def lines(specimen) -> list[str]:
    return reading_lines(specimen)


def assert_line(lines: list[str], expected: str) -> None:
    want = logical(expected)
    assert any(want in line for line in lines), f"not found in reading order: {expected!r}"


# numbers and left-to-right units: whole and in order -------------------------------------
@pytest.mark.parametrize("expected", [
    "الميزانية المرصودة 1.234.567,5 درهم",
    "وتلقى الخط 1.234 مكالمة",
    "وتمثل النساء 25,3% من",
    "القانون رقم 27.14 بتنفيذ من الظهير الشريف رقم 1.16.127 وحدد المرسوم رقم 2.17.740",
    "الرقم الأخضر 080000 4747 مفتوح",
    "لحقوق الإنسان CNDH مع",
    "للأمن الوطني DGSN والشريك",
    "Organisation internationale pour les migrations",
    "https://cnclt.justice.gov.ma/ar",
    "بتاريخ 6 يوليوز 2025 بمقر",
])
def test_units_whole_and_in_order(lines, expected):
    assert_line(lines, expected)


def test_reading_order_check_can_fail(lines):
    """The helper is no tautology: the reversed forms the bug produced are not found."""
    for wrong in ("234 1", "4747 080000", "567,5 1.234"):
        assert not any(wrong in line for line in lines)
    with pytest.raises(AssertionError):
        assert_line(lines, "الرقم الأخضر 4747 080000 مفتوح")


def test_moroccan_month_names(lines):
    for name in ("يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر",
                 "أكتوبر", "نونبر", "دجنبر"):
        assert_line(lines, f"6 {name} 2025")


# plurals and phrases ---------------------------------------------------------------------
@pytest.mark.parametrize("n, forms", [
    (1, ("ضحية واحدة", "قضية واحدة", "شخص واحد")),
    (2, ("ضحيتان", "قضيتان", "شخصان")),
    (3, ("3 ضحايا", "3 قضايا", "3 أشخاص")),
    (11, ("11 ضحية", "11 قضية", "11 شخصا")),
    (103, ("103 ضحايا", "103 قضايا", "103 أشخاص")),
    (1000, ("1.000 ضحية", "1.000 قضية", "1.000 شخص")),
])
def test_plural_forms_in_the_pdf(lines, n, forms):
    for form in forms:
        assert_line(lines, form)


def test_dual_in_the_accusative(lines):
    assert_line(lines, "سجلت المصالح قضيتين واستقبلت مكالمتين")


def test_change_phrases(lines):
    assert_line(lines, "بارتفاع نسبته 20,0% مقارنة بسنة 2024")
    assert_line(lines, "بانخفاض نسبته 25,0% مقارنة بسنة 2024")
    assert_line(lines, "دون تغيير مقارنة بسنة 2024")
    assert_line(lines, "بعد أن كان منعدما سنة 2024")
    assert_line(lines, "دون مقارنة ممكنة مع سنة 2024")


# figures, tables, furniture ----------------------------------------------------------------
def test_numbering_and_cross_references(lines):
    assert_line(lines, "يبين الشكل 1 توزيع الضحايا")
    assert_line(lines, "الشكل 1: الضحايا حسب شكل الاستغلال")
    assert_line(lines, "الجدول 1: صيغ المعدود حسب العدد")
    assert_line(lines, "الجدول 2: جدول طويل")
    assert_line(lines, "(انظر الجدول 2)")
    assert_line(lines, "راجع الجدول 1 لصيغ المعدود")


def test_long_table_repeats_its_header_and_keeps_its_source(specimen):
    pages = [p for p in range(1, page_count(specimen) + 1)
             if poppler_form("الجهة رقم") in pdf_text(specimen, p, p)]
    assert len(pages) >= 2
    for p in pages:
        assert poppler_form("الجهة") in pdf_text(specimen, p, p).split(poppler_form("الجهة رقم"))[0]
    last = pdf_text(specimen, pages[-1], pages[-1])
    assert "70" in last and logical("المصدر: الكتابة الدائمة") in normal(last)


def test_page_numbers_at_the_outer_corner(specimen):
    """Page 1 of a right-to-left book is a left-hand page: odd numbers bottom left,
    even numbers bottom right, a bare number (no "3 / 7", which reads oddly in print); the
    running header sits at the same outer side."""
    count = page_count(specimen)
    assert count >= 4
    for page in range(1, count + 1):
        ws = words(specimen, page)
        foot = sorted((x0, w) for _, y, x0, _, w in ws if y > A4_H - 60)
        assert [w for _, w in foot] == [str(page)], (page, foot)
        x0 = foot[0][0] if page % 2 else foot[-1][0]
        assert (x0 < A4_W / 4) if page % 2 else (x0 > A4_W * 3 / 4), (page, x0)
        head = [(x0, x1) for _, y, x0, x1, _ in ws if y < 60]
        if page in (2, 4):  # pages that continue a chapter carry its title, outer side
            assert head, page
            assert (max(x1 for _, x1 in head) > A4_W * 3 / 4) if page % 2 == 0 else True


def test_only_the_report_fonts(specimen):
    assert foreign_fonts(specimen.read_bytes()) == {}


# Arabic-Indic edition ------------------------------------------------------------------------
def test_arabic_indic_specimen(tmp_path, catalogue):
    pdf = render(tmp_path, catalogue, "arab")
    text = squash(pdf_text(pdf))
    for number in ("١٬٢٣٤٬٥٦٧٫٥", "١٬٢٣٤", "٢٥٫٣", "٪", "٢٠٢٤"):
        assert number in text, number
    lines = reading_lines(pdf)
    assert_line(lines, "بتاريخ ٦ يوليوز ٢٠٢٥ بمقر")
    assert_line(lines, "الميزانية المرصودة ١٬٢٣٤٬٥٦٧٫٥ درهم")
    assert "1٬234" not in text and "25٫3" not in text
    assert_line(lines, "راجع الجدول ١ لصيغ المعدود")  # counters in the edition's digits
    assert foreign_fonts(pdf.read_bytes()) == {}  # U+066B/U+066C come from Amiri


# missing glyphs --------------------------------------------------------------------------
def _page(tmp_path, text: str):
    faces = "".join(f'@font-face {{ font-family: "{f.family}"; font-weight: {f.weight}; '
                    f'src: url("{f.url}");'
                    + (f" unicode-range: {f.unicode_range};" if f.unicode_range else "") + " }"
                    for f in font_faces())
    stack = ", ".join(f'"{f}"' for f in dict.fromkeys(f.family for f in font_faces()))
    html = (f'<html lang="ar" dir="rtl"><head><meta charset="utf-8"><style>{faces}'
            f'body {{ font-family: {stack}; }}</style></head>'
            f"<body><p>شعار الأمازيغ {text} في النص</p><p><b>{text}</b></p></body></html>")
    target = tmp_path / "x.pdf"
    render_pdf(html, tmp_path, fonts.font_dirs(), target, Stages())
    return target


# no font has U+1FAE8; DejaVu (a system font here) has the smiley and U+1F600, which the
# report's Tifinagh face (DejaVu Sans, Tifinagh block only) must not draw; no font has CJK
@pytest.mark.parametrize("char", ["\U0001fae8", "\u263a", "\U0001f600", "\u4e2d"])
def test_a_glyph_the_fonts_lack_fails_the_build_and_is_named(tmp_path, char):
    assert fonts.undrawable(char) == [char]  # check refuses what the build cannot draw
    with pytest.raises(RenderError, match=f"U\\+{ord(char):04X}"):
        _page(tmp_path, char)
    assert not (tmp_path / "x.pdf").exists()


def test_tifinagh_is_drawn_with_the_reports_own_face(tmp_path):
    """Tamazight in Tifinagh (official in Morocco) prints, regular and bold, with the
    report's face; check accepts it."""
    text = "ⵜⴰⵎⴰⵣⵉⵖⵜ ⵜⴰⵏⴰⵎⵓⵙⵜ ⵣ"
    assert fonts.undrawable(text) == []
    pdf = _page(tmp_path, text).read_bytes()
    assert foreign_fonts(pdf) == {}
    names = run_pdffonts(tmp_path / "x.pdf")
    assert any("CNCLT-Tifinagh" in n for n in names)
    assert any("CNCLT-Tifinagh-Bold" in n for n in names)
    # Tifinagh is written left to right: inside the Arabic line, "ⵜⴰⵎⴰⵣⵉⵖⵜ" (the first word)
    # sits left of "ⵜⴰⵏⴰⵎⵓⵙⵜ". Read from word positions: poppler's text output turns the
    # letters of a left-to-right run round inside a right-to-left line (as it swaps lam-alef).
    first = [(y, x0, w) for _, y, x0, _, w in words(tmp_path / "x.pdf", 1)
             if sorted(w) in (sorted("ⵜⴰⵎⴰⵣⵉⵖⵜ"), sorted("ⵜⴰⵏⴰⵎⵓⵙⵜ"))]
    line = min(y for y, _, _ in first)
    x = {"".join(sorted(w)): x0 for y, x0, w in first if y == line}
    assert x["".join(sorted("ⵜⴰⵎⴰⵣⵉⵖⵜ"))] < x["".join(sorted("ⵜⴰⵏⴰⵎⵓⵙⵜ"))]


def run_pdffonts(pdf) -> list[str]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    return [line.split()[0] for line in out.stdout.splitlines()[2:] if line.strip()]


def test_what_check_accepts_the_build_draws(tmp_path):
    """Accepted text renders, bold included: U+2075 is in Amiri's regular face only, and
    the engine takes it from there before any other font (fonts.coverage is a union)."""
    text = "ⵜⴰⵎⴰⵣⵉⵖⵜ ⁵ Éléonore façade ٢٠٢٥ ٫٬ « » — ۴"
    assert fonts.undrawable(text) == []
    assert 0x2075 not in fonts.face_coverage(next(f for f in fonts.faces()
                                                  if (f.family, f.weight) == (fonts.TITLE, 700)))
    assert foreign_fonts(_page(tmp_path, text).read_bytes()) == {}
