"""render: member text stays literal, missing figures are marked, the contents list the headings."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from report.charts.compose import render_charts
from report.charts.specs import load_specs, load_style
from report.figures.consolidate import consolidate
from report.figures.records import Activity, Figure, MemberData, Source, YearData
from report.language.formatting import Formatter
from report.paths import CHARTS, INPUTS
from report.publish.context import Assets, build_context
from report.publish.environment import environment
from report.publish.render import render_report
from report.settings.edition import load_edition

HOSTILE = "<script>alert(1)</script> {{ 7*7 }} <img src=\"file:///etc/passwd\">"


def member(code: str, values: dict[str, int], acts: tuple[Activity, ...] = ()) -> MemberData:
    src = Source(code, f"{code}-2025.xlsx", "البيانات", "C7")
    return MemberData(code, src.file, {k: Figure(k, v, src) for k, v in values.items()}, acts)


@pytest.fixture(scope="module")
def html(catalogue, tmp_path_factory) -> str:
    src = Source("MJ", "MJ-2025.xlsx", "الأنشطة", "A3")
    act = Activity("MJ", "PREV", "PREV.1.1", HOSTILE, "وصف", "", "", dt.date(2025, 3, 15), src)
    year = YearData(2025, (), {"MJ": member("MJ", {"CALLS.total": 2344}, (act,)),
                               "PMP": member("PMP", {"CASES.total": 12})}, ())
    datasets = {2025: consolidate(catalogue, year)}
    fmt = Formatter("ar", catalogue.nouns)
    out = tmp_path_factory.mktemp("render")
    style = load_style(CHARTS / "style.toml")
    charts = render_charts(load_specs(CHARTS / "charts.toml"), catalogue, datasets, 2025, fmt,
                           style, out, out / "cache")
    edition = load_edition(INPUTS / "2025" / "edition.toml", 2025, 2020)
    ctx = build_context(catalogue, datasets, 2025, charts, edition, "ar", True,
                        Assets((), "print.css", "2026-03-16T00:00:00Z"))
    # read as text: a space before an inline element stands in a span of its own
    # (publish/html.py, for WeasyPrint; tests/publish/test_book.py checks it)
    return render_report(environment(fmt), ctx).replace(SPACE, " ")


SPACE = '<span class="space"> </span>'


def test_document_is_arabic_rtl_utf8(html: str) -> None:
    assert '<html lang="ar" dir="rtl">' in html
    assert '<meta charset="utf-8">' in html


def test_member_text_reaches_the_html_as_literal_text(html: str) -> None:
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html  # not evaluated to 49
    assert 'src="file:///etc/passwd"' not in html


def test_missing_figure_is_marked_with_a_footnote_naming_the_members(html: str) -> None:
    assert html.count('class="missing"') > 5
    plain = re.sub(r'<span class="cite" id="[^"]+">([^<]*)</span>', r"\1", html)  # a draft's
    note = re.search(r'<span class="footnote">([^<]*الضحايا المحددون[^<]*)</span>', plain)
    assert note and "رئاسة النيابة العامة" in note.group(1)
    # and in a draft the member named there carries its citation anchor
    assert re.search(r'<span class="footnote">[^<]*الضحايا المحددون[^<]*<span class="cite" '
                     r'id="cite-PMP-\d+">رئاسة النيابة العامة</span>', html)


def test_received_figure_is_shown(html: str) -> None:
    assert "2.344" in html


def test_contents_list_every_chapter_heading_with_its_anchor(html: str) -> None:
    nav = re.search(r'<nav class="contents".*?</nav>', html, re.S).group(0)
    anchors = re.findall(r'href="#([^"]+)"', nav)
    assert len(anchors) >= 25
    for anchor in anchors:
        assert f'id="{anchor}"' in html
    for chapter in ("introduction", "commission", "legal", "figures", "prevention", "protection",
                    "prosecution", "partnership", "plan", "obstacles", "recommendations",
                    "annexes"):
        assert f'id="{chapter}"' in html


def test_introduction_is_signed_by_the_edition_signatory(html: str) -> None:
    edition = load_edition(INPUTS / "2025" / "edition.toml", 2025, 2020)
    # the foreword, signed with the chair's capacity and name (edition.toml)
    assert f'<p class="signature-capacity">{edition.signatory.ar}</p>' in html
    assert edition.signatory_name is not None
    assert f'<p class="signature-name">{edition.signatory_name.ar}</p>' in html


def test_number_ranges_are_isolated_in_the_body_only() -> None:
    from report.publish.html import isolate_ranges

    html = ('<html><head><title>2023-2030</title></head><body class="x">'
            '<p title="2023-2030">الخطة 2023-2030 و2023–2026، القانون 27.14، 1.16.127</p></body>')
    out = isolate_ranges(html)
    assert "<title>2023-2030</title>" in out and 'title="2023-2030"' in out
    assert 'الخطة <span dir="ltr" class="ltr">2023-2030</span> و' in out
    assert '<span dir="ltr" class="ltr">2023–2026</span>' in out
    assert "27.14" in out and '">27.14' not in out  # not a range: left to the filters


def test_plan_period_reaches_the_html_isolated(html: str) -> None:
    assert '<span dir="ltr" class="ltr">2023-2030</span>' in html


def test_without_last_years_folder_previous_columns_are_not_applicable(html: str) -> None:
    rows = re.findall(r'<tr class="total"><th scope="row">المجموع</th><td class="n">([^<]*)</td>',
                      html)
    assert rows and set(rows) == {"×"}  # phrases.toml sign.not_applicable


def test_numbers_keep_to_their_words_and_punctuation() -> None:
    from report.publish.html import keep_together

    html = ('<html><head><title>166 شخصا</title></head><body>'
            '<p>توبع <span dir="ltr" class="ltr">166</span> شخصا بتاريخ 25 غشت 2016، '
            'القانون رقم <span dir="ltr" class="ltr">27.14</span>، الخطة '
            '(<span dir="ltr" class="ltr">2023-2030</span>). سنة 2025 وحدها.</p></body>')
    out = keep_together(html, ("رقم", "غشت", "سنة"))
    assert "<title>166 شخصا</title>" in out  # the head is left alone
    assert '166</span>\u00a0شخصا' in out  # number, noun
    assert "25\u00a0غشت\u00a02016،" in out  # day, month, year
    assert 'رقم\u00a0<span class="nobr"><span dir="ltr" class="ltr">27.14</span>،</span>' in out
    assert '<span class="nobr">(<span dir="ltr" class="ltr">2023-2030</span>).</span>' in out
    assert "سنة\u00a02025\u00a0وحدها" in out
    assert "توبع <span" in out  # a word before a number not in the list still breaks


def test_chapters_and_sections_are_numbered_in_the_body_and_the_contents(html: str) -> None:
    nav = re.search(r'<nav class="contents".*?</nav>', html, re.S).group(0)
    entries = re.findall(r'<li class="toc-(\d)"><a href="#([^"]+)">.*?<span class="toc-title"'
                         r'[^>]*>(?:<span class="secno">([^<]*)</span>\u00a0)?([^<]*)</span>', nav)
    numbers = {title: number for _, _, number, title in entries}
    assert entries[0][3] == "تقديم" and numbers["تقديم"] == ""  # outside the numbering
    assert numbers["منهجية الإعداد"] == ""
    assert [n for level, _, n, _ in entries if level == "1" and n] == [str(i) for i in range(1, 12)]
    assert numbers["القضايا والمتابعات والإدانات"] == "3.1"
    assert numbers["الملاحق"] == "11"
    for _, ident, number, _ in entries:  # the body's heading carries the same number
        if number:
            assert re.search(rf'<h[12][^>]* id="{ident}"><span class="secno">{re.escape(number)}'
                             "</span>\u00a0", html), ident


def test_a_range_already_isolated_is_not_isolated_twice() -> None:
    from report.publish.html import isolate_ranges

    html = ('<html><body><p>الفصل <span dir="ltr" class="ltr">448-1</span> والفترة '
            '2023-2025</p></body></html>')
    out = isolate_ranges(html)
    assert out.count('<span dir="ltr" class="ltr">448-1</span>') == 1
    assert '<span dir="ltr" class="ltr"><span' not in out
    assert '<span dir="ltr" class="ltr">2023-2025</span>' in out
