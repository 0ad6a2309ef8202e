"""Members write activities in Arabic or French: each edition prints an activity in the
language it was written in, isolated in its own direction, inside the edition's own labels
(the shared macro templates/macros.html.j2 and each edition's sentences.html.j2, rendered
in both editions and laid out): a description in the other language is a paragraph of its
own, in its own direction."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from pathlib import Path

import pytest
from jinja2 import ChoiceLoader, DictLoader

from report import fonts
from report.language.formatting import Formatter
from report.manifest import Stages
from report.paths import TEMPLATES
from report.publish.assets import font_faces
from report.publish.context import ActivityView, AxisView, MeasureView
from report.publish.environment import environment
from report.publish.html import french_typography
from report.publish.pdf import render_pdf
from tests.publish.test_typography_fr import lines, reading

# partners are names (context.split_names), joined as the edition's language does
FRENCH = ActivityView("Conseil national des droits de l'Homme", "Formation des magistrats",
                      "Deux sessions de formation sur la loi 27-14, à Rabat.",
                      ("Conseil de l'Europe",), "120 magistrats", dt.date(2025, 3, 6))
ARABIC = ActivityView("المجلس الوطني لحقوق الإنسان", "قافلة تحسيسية في الجماعات القروية",
                      "قافلة متنقلة جابت 18 جماعة قروية بإقليم أزيلال.",
                      ("السلطات الإقليمية", "جمعيات محلية"), "الأسر في الوسط القروي",
                      dt.date(2025, 12, 10))
AXIS = AxisView("PREV", "axe", (MeasureView("PREV.1", "mesure", (FRENCH, ARABIC)),), ())
PAGE = """<!DOCTYPE html><html lang="{{ lang }}" dir="{{ 'rtl' if lang == 'ar' else 'ltr' }}">
<head><meta charset="utf-8"><style>{% for f in fonts %}@font-face { font-family: "{{ f.family }}";
font-weight: {{ f.weight }}; src: url("{{ f.url }}"); }{% endfor %}</style>
<link rel="stylesheet" href="{{ css }}">
{% if lang_css %}<link rel="stylesheet" href="{{ lang_css }}">{% endif %}
</head><body>{% import "macros.html.j2" as mk with context %}{{ mk.activities(axis) }}</body></html>
"""


def page(lang: str, catalogue) -> str:
    env = environment(Formatter(lang, catalogue.nouns))
    env.loader = ChoiceLoader([DictLoader({"page": PAGE}), env.loader])  # type: ignore[list-item]
    lang_css = TEMPLATES / f"lang-{lang}.css"
    html = env.get_template("page").render(
        lang=lang, fonts=font_faces(), css=(TEMPLATES / "print.css").as_uri(), axis=AXIS,
        lang_css=lang_css.as_uri() if lang_css.exists() else "", year=2025)
    return french_typography(html) if lang == "fr" else html


def _paragraph(html: str, start: str) -> str:
    m = re.search(r"<p([^>]*)>((?:(?!</p>).)*" + re.escape(start) + r")", html, re.S)
    assert m, start
    return m.group(1)


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_each_activity_in_its_own_language_and_direction(catalogue, lang):
    html = page(lang, catalogue)
    french, arabic = ("fr", "ltr"), ("ar", "rtl")
    other = french if lang == "ar" else arabic
    attrs = _paragraph(html, "Deux sessions" if lang == "ar" else "قافلة متنقلة")
    assert f'lang="{other[0]}" dir="{other[1]}"' in attrs
    own = _paragraph(html, "قافلة متنقلة" if lang == "ar" else "Deux sessions")
    assert "lang=" not in own  # the edition's own language: no attributes
    words = ("واستفاد من هذا النشاط", "وشارك في إنجازه") if lang == "ar" else (
        "Bénéficiaires\u202f: ", "partenaires\u202f: ")
    for word in words:
        assert unescape(html).count(word) == 2  # the edition's own words around both


def test_a_french_activity_reads_left_to_right_in_the_arabic_edition(tmp_path: Path, catalogue):
    html = page("ar", catalogue)
    render_pdf(html, tmp_path, fonts.font_dirs(), tmp_path / "a.pdf", Stages())
    found = [reading(line) for line in lines(tmp_path / "a.pdf")]
    assert "Deux sessions de formation sur la loi 27-14, à Rabat." in found, found
    # its full stop stays at its end (unisolated it would jump to the left of the line start)
    line = next(ln for ln in lines(tmp_path / "a.pdf") if ln[0][2] == "Deux")
    assert line[-1][2].endswith("Rabat.")


def test_an_arabic_activity_reads_right_to_left_in_the_french_edition(tmp_path: Path,
                                                                      catalogue):
    """The mirror: in the French edition an Arabic description is a right-to-left paragraph
    set against the right margin, its first word on the right, its full stop at the left
    end; the French labels around it read left to right."""
    html = page("fr", catalogue)
    render_pdf(html, tmp_path, fonts.font_dirs(), tmp_path / "a.pdf", Stages())
    found = lines(tmp_path / "a.pdf")
    french = next(ln for ln in found if ln[0][2] == "sessions")  # a full French line
    left, right = french[0][0], french[-1][1]
    # poppler gives Arabic words in visual order, their letters reversed
    line = next(ln for ln in found if any(w == "تباج" for _, _, w in ln))  # "جابت"
    assert line[-1][2] == "ةلفاق"  # قافلة, the description's first word, on the right
    assert line[0][2].startswith(".")  # its full stop at the left end
    assert abs(line[-1][1] - right) < 2 and line[0][0] > left + 50  # against the right
    meta = next(ln for ln in found if ln[0][2] == "Bénéficiaires")
    assert reading(meta).startswith("Bénéficiaires : الأسر في الوسط القروي ; partenaires : ")
    assert "et" in [w for _, _, w in meta]  # two Arabic names joined by the French "et"
