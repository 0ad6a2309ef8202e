"""The formatting filters in French: Babel's fr_MA numbers (a narrow no-break space groups
digits), percentages and dates, "1er", plural agreement from the catalogue's French forms,
French spacing before punctuation, and Arabic text isolated right to left inside French
(the mirror of the Arabic edition's rule, tested in both editions).

tests/golden/filters-fr.html holds the exact markup every filter gives in French;
regenerate it with UPDATE_GOLDEN=1 after a deliberate change and read the diff.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment, StrictUndefined

from report.language.formatting import Formatter, french_spacing, script

GOLDEN = Path(__file__).parents[1] / "golden"
NN = "\u202f"  # narrow no-break space
NB = "\u00a0"  # no-break space
RTL = '<span dir="rtl" lang="ar">'


@pytest.fixture(scope="module")
def fr(catalogue):
    return Formatter("fr", catalogue.nouns)


@pytest.fixture(scope="module")
def ar(catalogue):
    return Formatter("ar", catalogue.nouns)


def test_numbers_grouped_with_narrow_no_break_spaces(fr):
    assert fr.number_text(1234567.5) == f"1{NN}234{NN}567,5"
    assert fr.number_text(1234) == f"1{NN}234"
    assert fr.number_text(999) == "999"
    assert fr.percent_text(0.253) == f"25,3{NN}%"
    assert fr.percent_text(1) == f"100,0{NN}%"
    assert fr.num(1234) == f'<span class="num">1{NN}234</span>'  # no bidi isolate in French
    assert fr.year(2025) == "2025"  # a year is never grouped


def test_french_digits_even_when_the_edition_asks_for_arabic_indic(catalogue):
    """digits = "arab" is the Arabic edition's setting; the build gives French "latn"."""
    assert Formatter("fr", catalogue.nouns, "latn").number_text(1234) == f"1{NN}234"


@pytest.mark.parametrize("month, name", [(1, "janvier"), (2, "février"), (3, "mars"),
                                         (4, "avril"), (5, "mai"), (6, "juin"), (7, "juillet"),
                                         (8, "août"), (9, "septembre"), (10, "octobre"),
                                         (11, "novembre"), (12, "décembre")])
def test_french_month_names(fr, month, name):
    assert fr.date_text(dt.date(2025, month, 6)) == f"6{NB}{name}{NB}2025"


def test_first_of_the_month(fr):
    assert fr.date_text(dt.date(2025, 7, 1)) == f"1er{NB}juillet{NB}2025"
    assert fr.date(dt.date(2025, 7, 1)) == \
        f'<span class="date">1<sup class="ord">er</sup>{NB}juillet{NB}2025</span>'
    assert fr.ordinal_figures(1) == '1<sup class="ord">er</sup>'
    assert fr.ordinal_figures(1, "f") == '1<sup class="ord">re</sup>'
    assert fr.ordinal_figures(5) == '5<sup class="ord">e</sup>'


@pytest.mark.parametrize("n, victim, case", [
    (0, "0 victime", "0 affaire"),  # French: 0 and 1 take the singular (CLDR "one")
    (1, "1 victime", "1 affaire"),
    (2, "2 victimes", "2 affaires"),
    (1000, f"1{NN}000 victimes", f"1{NN}000 affaires"),
    (1000000, f"1{NN}000{NN}000 victimes", f"1{NN}000{NN}000 affaires"),  # CLDR "many"
])
def test_plural_agreement_from_the_catalogue(fr, n, victim, case):
    assert fr.count_text(n, "victim") == victim
    assert fr.count_text(n, "case") == case


def test_every_catalogue_noun_has_its_french_forms(catalogue):
    for noun, langs in catalogue.nouns.items():
        assert set(langs["fr"]) >= {"one", "other"}, noun


def test_agreement_of_a_verb(fr):
    assert fr.agree(1, "a été identifiée", "ont été identifiées") == "a été identifiée"
    assert fr.agree(0, "a été identifiée", "ont été identifiées") == "a été identifiée"
    assert fr.agree(2, "a été identifiée", "ont été identifiées") == "ont été identifiées"
    assert fr.agree(None, "a", "ont") == "ont"


def test_change_phrases(fr):
    assert fr.change(120, 100, 2024) == \
        f'en hausse de <span class="num">20,0{NN}%</span> par rapport à 2024'
    assert fr.change(5, 5, 2024) == "stable par rapport à 2024"
    assert fr.change(None, 5, 2024) == "sans comparaison possible avec 2024"


@pytest.mark.parametrize("typed, typeset", [
    ("Prêt? Oui; publié: adopté!", f"Prêt{NN}? Oui{NN}; publié{NN}: adopté{NN}!"),
    ("Prêt ? Oui ; fin", f"Prêt{NN}? Oui{NN}; fin"),  # a plain space becomes narrow
    ("25%, 25 %", f"25{NN}%, 25{NN}%"),
    ('le "rapport annuel"', f"le «{NN}rapport annuel{NN}»"),
    ("« ok »", f"«{NN}ok{NN}»"),
    ("l'Europe", "l\u2019Europe"),
    ("loi n° 27-14", f"loi n°{NB}27-14"),
    ("https://cnclt.justice.gov.ma/fr?p=155", "https://cnclt.justice.gov.ma/fr?p=155"),
    ("à 10:30 puis", "à 10:30 puis"),
    ("Note:", f"Note{NN}:"),
    (" : la suite", f"{NN}: la suite"),  # after markup: "<strong>Note</strong> : la suite"
    ("; et", f"{NN}; et"),
])
def test_french_spacing(typed, typeset):
    assert french_spacing(typed) == typeset
    assert french_spacing(typeset) == typeset  # idempotent


def test_script_of_a_free_text():
    assert script("Formation des magistrats") == "fr"
    assert script("تكوين القضاة") == "ar"
    assert script("ورشة مع OIM وUNICEF") == "ar"  # Arabic letters are the majority
    assert script("2025") is None


# Arabic inside French, French inside Arabic: the mirror -------------------------------------
def test_arabic_runs_isolated_inside_french(fr):
    assert fr.bidi("Convention avec جمعية الأمل 2025 à Rabat") == \
        f"Convention avec {RTL}جمعية الأمل</span> 2025 à Rabat"
    assert fr.bidi("Formation <b>") == "Formation &lt;b&gt;"  # escaped, nothing to isolate
    assert fr.dirattrs("Formation des magistrats") == ""


def test_an_arabic_text_in_the_french_edition_is_isolated_whole(fr):
    html = fr.bidi("تكوين لفائدة القضاة مع OIM بالرباط.")
    assert html == ('<span lang="ar" dir="rtl">تكوين لفائدة القضاة مع '
                    '<span dir="ltr" class="ltr">OIM</span> بالرباط.</span>')
    assert fr.dirattrs("تكوين لفائدة القضاة") == ' lang="ar" dir="rtl"'


def test_a_french_text_in_the_arabic_edition_is_isolated_whole(ar):
    html = ar.bidi("Formation des magistrats avec جمعية الأمل.")
    assert html == ('<span lang="fr" dir="ltr">Formation des magistrats avec '
                    f'{RTL}جمعية الأمل</span>.</span>')
    assert ar.dirattrs("Formation des magistrats") == ' lang="fr" dir="ltr"'
    assert ar.dirattrs("تكوين القضاة") == ""


# golden HTML ---------------------------------------------------------------------------------
SPECIMEN = """\
{{ 1234567.5|num }}
{{ 1234|num }}
{{ 0.253|pct }}
{{ none|num }}
{{ d|date }}
{{ first|date }}
{{ year|yr }}
{{ 1|ord }} {{ 1|ord("f") }} {{ 2|ord }}
{% for n in [0, 1, 2, 3, 1000, 1000000] %}
{{ n|count("victim") }} / {{ n|count("person") }} / {{ n|agree("a", "ont") }}
{% endfor %}{{ 120|change(100, 2024) }}
{{ 80|change(100, 2024) }}
{{ 5|change(5, 2024) }}
{{ 5|change(0, 2024) }}
{{ none|change(5, 2024) }}
{{ ["Présidence du Ministère public", "Ministère de la Justice"]|sources }}
{{ "Partenariat avec جمعية الأمل et OIM"|bidi }}
<p{{ "قافلة تحسيسية بإقليم أزيلال"|dirattrs }}>{{ "قافلة تحسيسية بإقليم أزيلال مع OIM"|bidi }}</p>
"""


def test_filters_golden_html(catalogue):
    fmt = Formatter("fr", catalogue.nouns)
    env = Environment(loader=DictLoader({"s": SPECIMEN}), autoescape=True,
                      undefined=StrictUndefined)
    env.filters.update(fmt.filters())
    html = env.get_template("s").render(d=dt.date(2025, 12, 31), first=dt.date(2026, 1, 1),
                                        year=2025)
    golden = GOLDEN / "filters-fr.html"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(html, "utf-8")
    assert html == golden.read_text("utf-8")
