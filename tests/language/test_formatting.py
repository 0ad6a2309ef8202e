"""The formatting filters: Moroccan numbers and dates, both digit styles, CLDR plural
agreement, year-on-year phrases, bidi isolation of left-to-right units.

The golden files (tests/golden/filters-*.html) hold the exact markup every filter gives for
a set of values; regenerate them with UPDATE_GOLDEN=1 after a deliberate change, and read
the diff before committing it.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment, StrictUndefined

from report.language.formatting import Formatter

GOLDEN = Path(__file__).parents[1] / "golden"
LTR = '<span dir="ltr" class="ltr">'
ARB = '<span dir="rtl" class="num">'


@pytest.fixture(scope="module")
def nouns(catalogue):
    return catalogue.nouns


@pytest.fixture(scope="module")
def latn(nouns):
    return Formatter("ar", nouns, "latn")


@pytest.fixture(scope="module")
def arab(nouns):
    return Formatter("ar", nouns, "arab")


# numbers -----------------------------------------------------------------------------
def test_moroccan_numbers_latin_digits(latn):
    assert latn.number_text(1234567.5) == "1.234.567,5"
    assert latn.number_text(1234) == "1.234"
    assert latn.number_text(999) == "999"
    assert latn.percent_text(0.253) == "25,3%"
    assert latn.percent_text(1) == "100,0%"
    assert latn.num(1234) == LTR + "1.234</span>"
    assert latn.pct(0.253) == LTR + "25,3%</span>"


def test_arabic_indic_digits_use_the_arabic_separators(arab):
    # U+066C thousands separator, U+066B decimal separator, U+066A percent sign; never the
    # Latin digits with Arabic separators ("1٬234") nor "25٫3%".
    assert arab.number_text(1234567.5) == "١٬٢٣٤٬٥٦٧٫٥"
    assert arab.number_text(1234) == "\u0661\u066c\u0662\u0663\u0664"
    assert arab.percent_text(0.253) == "\u0662\u0665\u066b\u0663\u066a"
    for text in (arab.number_text(98765.25), arab.percent_text(0.5)):
        assert not any(c in text for c in "0123456789.,%\u061c\u200e\u200f")
    assert arab.num(1234) == ARB + "١٬٢٣٤</span>"
    assert arab.date_text(dt.date(2018, 7, 6)) == "٦ يوليوز ٢٠١٨"
    assert arab.year(2025) == "٢٠٢٥"


def test_missing_value(latn):
    """A figure not received is its sign (phrases.toml sign.not_received), never a word
    that could be read as "not collected"."""
    assert latn.num(None) == '<span class="missing">…</span>'
    assert latn.count(None, "victim") == latn.num(None)
    assert str(latn.level(None, "count")) == "×"  # a value that does not exist


def test_status_symbols_in_the_editions_script(latn, nouns):
    assert latn.value_text(12, ("r",)) == "12 [ر]"
    assert str(latn.numtext("12 [ر] [س]")) == ('<span dir="ltr" class="ltr">12</span> '
                                               '<span dir="rtl" class="symbol">[ر] [س]</span>')
    assert Formatter("fr", nouns).value_text(12, ("r", "c")) == "12 [r] [c]"


def test_unknown_digit_style_is_refused(nouns):
    with pytest.raises(ValueError):
        Formatter("ar", nouns, "arabext")


# dates -------------------------------------------------------------------------------
@pytest.mark.parametrize("month, name", [(1, "يناير"), (2, "فبراير"), (3, "مارس"), (4, "أبريل"),
                                         (5, "ماي"), (6, "يونيو"), (7, "يوليوز"), (8, "غشت"),
                                         (9, "شتنبر"), (10, "أكتوبر"), (11, "نونبر"),
                                         (12, "دجنبر")])
def test_moroccan_month_names(latn, month, name):
    assert latn.date_text(dt.date(2025, month, 6)) == f"6 {name} 2025"


# plurals -----------------------------------------------------------------------------
@pytest.mark.parametrize("n, victim, person", [
    (1, "ضحية واحدة", "شخص واحد"),
    (2, "ضحيتان", "شخصان"),
    (3, "3 ضحايا", "3 أشخاص"),         # few: 3-10
    (10, "10 ضحايا", "10 أشخاص"),
    (11, "11 ضحية", "11 شخصا"),        # many: 11-99, accusative singular
    (99, "99 ضحية", "99 شخصا"),
    (100, "100 ضحية", "100 شخص"),      # other: 100-102, genitive singular
    (102, "102 ضحية", "102 شخص"),
    (103, "103 ضحايا", "103 أشخاص"),   # few again: the last part of the number governs
    (111, "111 ضحية", "111 شخصا"),
    (1000, "1.000 ضحية", "1.000 شخص"),
])
def test_counted_nouns_follow_cldr(latn, n, victim, person):
    assert latn.count_text(n, "victim") == victim
    assert latn.count_text(n, "person") == person


def test_dual_in_the_accusative(latn):
    assert latn.count_text(2, "case", "acc") == "قضيتين"
    assert latn.count_text(2, "call", "gen") == "مكالمتين"
    assert latn.count_text(2, "person", "acc") == "شخصين"
    assert latn.count_text(3, "person", "acc") == "3 أشخاص"


def test_count_isolates_only_the_number(latn, arab):
    assert latn.count(1234, "case") == LTR + "1.234</span> قضية"
    assert latn.count(2, "case") == "قضيتان"
    assert arab.count(5, "victim") == ARB + "٥</span> ضحايا"


def test_every_catalogue_noun_has_the_six_arabic_forms(nouns):
    for noun, langs in nouns.items():
        assert set(langs["ar"]) >= {"zero", "one", "two", "few", "many", "other"}, noun


# year on year ------------------------------------------------------------------------
@pytest.mark.parametrize("cur, prev, text", [
    (120, 100, "بارتفاع نسبته " + LTR + "20,0%</span> مقارنة بسنة 2024"),
    (75, 100, "بانخفاض نسبته " + LTR + "25,0%</span> مقارنة بسنة 2024"),
    (100, 100, "دون تغيير مقارنة بسنة 2024"),
    (0, 0, "دون تغيير مقارنة بسنة 2024"),
    (7, 0, "بعد أن كان منعدما سنة 2024"),
    (0, 7, "بانخفاض نسبته " + LTR + "100,0%</span> مقارنة بسنة 2024"),
    (100001, 100000, "بارتفاع طفيف تقل نسبته عن " + LTR + "0,1%</span> مقارنة بسنة 2024"),
    (None, 7, "دون مقارنة ممكنة مع سنة 2024"),
    (7, None, "دون مقارنة ممكنة مع سنة 2024"),
])
def test_change_phrases(latn, cur, prev, text):
    assert latn.change(cur, prev, 2024) == text


def test_change_without_year(latn):
    assert latn.change(120, 100) == "بارتفاع نسبته " + LTR + "20,0%</span>"
    assert latn.change(5, 5) == "دون تغيير"


# bidi ----------------------------------------------------------------------------------
def test_bidi_isolates_every_left_to_right_run(latn):
    text = ("ورشة مع OIM وUNICEF حول القانون 27.14 والظهير 1.16.127 سنة 2024، "
            "الرقم 080000 4747. الموقع https://cnclt.justice.gov.ma/ar")
    html = str(latn.bidi(text))
    for unit in ("OIM", "UNICEF", "27.14", "1.16.127", "080000 4747",
                 "https://cnclt.justice.gov.ma/ar"):
        assert LTR + unit + "</span>" in html, unit
    assert "سنة 2024،" in html  # a bare year is safe as it is
    assert html.endswith("</span>")


def test_bidi_escapes_member_text(latn):
    html = str(latn.bidi("نشاط <script>alert(1)</script> CNDH"))
    assert "<script" not in html and "&lt;/" in html
    # written in French: isolated whole, left to right, in its language (its final full stop
    # stays at its end inside an Arabic line)
    assert latn.bidi("Conseil de l'Europe.") == \
        '<span lang="fr" dir="ltr">Conseil de l&#39;Europe.</span>'
    assert latn.bidi("2025") == "2025"  # neither script: as is


# golden HTML -------------------------------------------------------------------------
SPECIMEN = """\
{{ 1234567.5|num }}
{{ 1234|num }}
{{ 0.253|pct }}
{{ 0.05|pct }}
{{ none|num }}
{{ d|date }}
{{ year|yr }}
{{ "27.14"|ltr }}
{{ "080000 4747"|ltr }}
{% for n in [0, 1, 2, 3, 10, 11, 99, 100, 102, 103, 111, 1000] %}
{{ n|count("victim") }} / {{ n|count("case", "acc") }}
{% endfor %}{{ 120|change(100, 2024) }}
{{ 80|change(100, 2024) }}
{{ 5|change(5, 2024) }}
{{ 5|change(0, 2024) }}
{{ none|change(5, 2024) }}
{{ "شراكة مع OIM حول الظهير 1.16.127، الرقم 080000 4747"|bidi }}
"""


@pytest.mark.parametrize("digits", ["latn", "arab"])
def test_filters_golden_html(nouns, digits):
    fmt = Formatter("ar", nouns, digits)
    env = Environment(loader=DictLoader({"s": SPECIMEN}), autoescape=True,
                      undefined=StrictUndefined)
    env.filters.update(fmt.filters())
    html = env.get_template("s").render(d=dt.date(2025, 12, 31), year=2025)
    golden = GOLDEN / f"filters-{digits}.html"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(html, "utf-8")
    assert html == golden.read_text("utf-8")


def test_first_of_a_month_is_fatih(latn, nouns):
    assert latn.date_text(dt.date(2025, 4, 1)) == "فاتح أبريل 2025"
    assert latn.date_text(dt.date(2025, 4, 11)) == "11 أبريل 2025"
    # French keeps a date on one line: no-break spaces between its parts
    assert Formatter("fr", nouns).date_text(dt.date(2025, 4, 1)) == "1er\u00a0avril\u00a02025"


def test_lists_and_counted_sources_read_as_the_language_writes_them(latn, nouns):
    assert str(latn.andlist(["أ", "ب"])) == "أ وب"
    assert str(latn.andlist(["أ", "ب", "ج"])) == "أ، وب، وج"
    assert str(Formatter("fr", nouns).andlist(["A", "B", "C"])) == "A, B et C"
    # up to five named, else counted with the data annex's table that names them all
    assert latn.sources_text(["x"] * 20) == "مساهمات 20 عضوا، الجدول 2 من ملحق المعطيات"
    assert latn.sources_text(["x"] * 6) == "مساهمات 6 أعضاء، الجدول 2 من ملحق المعطيات"
    assert latn.sources_text(["x"] * 5) == "x، x، x، x، x"
