"""The web edition's passes on small pieces of report HTML (report/publish/web/passes.py,
chapters.py, charts.py): each changes what it means to and copies the rest as written."""

from __future__ import annotations

from report.charts.model import Chart, ChartData, ChartSpec, Series
from report.publish.web.chapters import split
from report.publish.web.charts import data_table, inline_svg
from report.publish.web.passes import (
    Number,
    footnotes,
    link_pages,
    mark_languages,
    number_captions,
    tables,
)

REPORT = """<html lang="ar" dir="rtl"><head><title>t</title></head><body>
<section class="cover"><h1 class="cover-title" id="cover">غلاف</h1></section>
<main>
<section class="chapter" id="one"><h1 id="h-1"><span class="secno">1</span> الأول</h1>
<p>انظر <a class="xref xref-fig" href="#fig-b">الشكل</a>
و<a class="xref xref-tab" href="#tab-a">الجدول</a>.</p>
<table class="data" id="tab-a"><caption>جدول</caption><tr><td>1</td></tr></table>
<h2 id="h-2"><span class="secno">1.1</span> فرع</h2>
</section>
<section class="chapter unnumbered" id="two"><h1 id="h-3">الثاني</h1>
<figure class="chart" id="fig-b"><figcaption>شكل</figcaption>
<img src="charts/b.svg" alt="x"></figure>
</section>
</main></body></html>"""


def test_chapters_are_cut_with_their_headings_and_ids() -> None:
    one, two = split(REPORT)
    assert (one.id, one.heading.title, one.heading.number, one.file) == ("one", "الأول", "1",
                                                                         "one.html")
    assert [(s.id, s.title, s.number) for s in one.sections] == [("h-2", "فرع", "1.1")]
    assert {"one", "h-1", "tab-a", "h-2"} == set(one.ids)
    assert one.html.startswith('<section class="chapter" id="one">')
    assert one.html.endswith("</section>")
    assert (two.heading.number, "fig-b" in two.ids) == ("", True)


def test_numbers_written_in_document_order_and_references_across_pages() -> None:
    html, numbers = number_captions(REPORT, str, lambda kind, n: f"{kind} {n}: ")
    assert numbers == {"tab-a": Number("table", 1, "1"), "fig-b": Number("figure", 1, "1")}
    assert '<caption id="tab-a-caption"><span class="label">table 1: </span>جدول' in html
    assert '<figcaption id="fig-b-caption"><span class="label">figure 1: </span>شكل' in html
    one, two = split(html)
    page_of = {i: c.file for c in (one, two) for i in c.ids}
    linked = link_pages(one.html, one.ids, page_of, numbers)
    assert '<a class="xref xref-fig" href="two.html#fig-b">الشكل\u00a01</a>' in linked
    assert '<a class="xref xref-tab" href="#tab-a">الجدول\u00a01</a>' in linked


def test_footnotes_become_numbered_notes() -> None:
    html = '<p>نص<span class="footnote">هامش <span dir="ltr" class="ltr">27.14</span></span>.</p>'
    out, notes = footnotes(html, "fn-x", lambda n: f"note {n}")
    assert out == ('<p>نص<sup class="fn-ref"><a href="#fn-x-1" id="fn-x-ref-1" '
                   'aria-label="note 1">1</a></sup>.</p>')
    assert notes == ('هامش <span dir="ltr" class="ltr">27.14</span>',)


def test_tables_scoped_grouped_captioned_and_boxed() -> None:
    html = ('<h2>المحطات</h2><table class="milestones"><thead><tr><th>السنة</th>'
            '<th colspan="2">اثنان</th></tr></thead><tbody>'
            '<tr class="group"><th colspan="3">أ</th></tr><tr><th scope="row">1</th><td>2</td></tr>'
            '<tr class="group"><th colspan="3">ب</th></tr><tr><th>3</th><td>4</td></tr>'
            '<tr class="total"><th>المجموع</th><td>6</td></tr></tbody></table>')
    out = tables(html)
    assert out.startswith('<h2>المحطات</h2><div class="table-scroll" role="region" '
                          'tabindex="0" aria-labelledby="table-1-caption"><table')
    assert '<caption class="sr-only" id="table-1-caption">المحطات</caption>' in out
    assert '<th scope="col">السنة</th><th colspan="2" scope="colgroup">' in out
    assert out.count("<tbody>") == 3  # the second group and the total open their own
    assert '<th colspan="3" scope="rowgroup">أ</th>' in out
    assert '<th scope="row">3</th>' in out and out.endswith("</table></div>")
    assert tables(out) == out  # a boxed table is left as it is


def test_other_language_runs_marked_outside_svg() -> None:
    html = ('<html lang="ar"><body><p>نص Organisation Internationale و<span dir="ltr" '
            'class="ltr">E-MNR</span> و<span dir="ltr" class="ltr">27.14</span></p>'
            '<svg><desc>OIM</desc></svg></body></html>')
    out = mark_languages(html, "ar", "fr")
    assert '<span lang="fr" dir="ltr">Organisation Internationale</span>' in out
    assert '<span dir="ltr" class="ltr"><span lang="fr">E-MNR</span></span>' in out
    assert '<span dir="ltr" class="ltr">27.14</span>' in out  # a number has no language
    signs = '<span dir="ltr" class="symbol">[c]</span>'
    assert mark_languages(f'<html lang="ar"><body>{signs}</body></html>', "ar", "fr").count(signs)
    assert "<desc>OIM</desc>" in out
    assert mark_languages(out, "ar", "fr") == out
    fr = mark_languages('<html lang="fr"><body><p>Le mot الاتجار ici</p></body></html>', "fr", "ar")
    assert '<span lang="ar" dir="rtl">الاتجار</span>' in fr


SVG = """<?xml version="1.0" encoding="utf-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns:xlink="http://www.w3.org/1999/xlink" width="453pt" height="158pt" \
viewBox="0 0 453 158" xmlns="http://www.w3.org/2000/svg" version="1.1">
 <title>long alt 211</title>
 <metadata><rdf:RDF/></metadata>
 <defs><style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}</style></defs>
 <g id="figure_1"><!-- 2023 --><path id="g-1" d="M 0 0"/><use xlink:href="#g-1"/>
 <g clip-path="url(#p123)"/></g><clipPath id="p123"/>
</svg>"""


def _chart(**data: object) -> Chart:
    spec = ChartSpec("victims_trend", "trend", "figures", {}, ("VICTIMS",), None, "vertical",
                     3, False)
    series = data.get("series", (Series("الضحايا", (211, None, 3), marks=((), (), ("c",)),
                                        not_available=((), ("PMP",), ())),))
    return Chart("victims_trend", "figures", "العنوان", "long alt 211", "charts/v.svg",
                 "2023-2025", "src", data=ChartData(spec, ("2023", "2024", "2025"), series),
                 over_years=True)


def test_svg_inline_named_described_ids_prefixed_no_global_style() -> None:
    out = inline_svg(SVG, _chart())
    assert out.startswith("<svg ") and "<?xml" not in out and "DOCTYPE" not in out
    assert 'width="453pt"' not in out and 'viewBox="0 0 453 158"' in out
    assert ('role="img" aria-labelledby="victims_trend-title" '
            'aria-describedby="victims_trend-desc"') in out
    assert ('<title id="victims_trend-title">العنوان</title>'
            '<desc id="victims_trend-desc">long alt 211</desc>') in out
    assert '<path id="victims_trend-g-1"' in out and 'xlink:href="#victims_trend-g-1"' in out
    assert 'clip-path="url(#victims_trend-p123)"' in out and 'id="victims_trend-p123"' in out
    assert "<style" not in out and "<metadata" not in out and "<!--" not in out


def test_data_table_values_and_signs() -> None:
    words = {"data_year": "year", "data_category": "cat", "data_group": "axis",
             "sign_dash": "dash", "sign_missing": "missing"}
    t = data_table(_chart(), "caption", words.__getitem__, {"c": "withheld", "r": "revised"})
    assert t.head == ("year", "الضحايا") and t.label_columns == 1
    (group,) = t.groups
    assert [(r.label, [(c.value, c.marks, c.dash) for c in r.values]) for r in group.rows] == [
        ("2023", [(211, (), False)]), ("2024", [(None, (), True)]),
        ("2025", [(3, ("c",), False)])]
    assert [(s.symbol, s.text) for s in t.signs] == [("c", "withheld"), ("", "dash")]
