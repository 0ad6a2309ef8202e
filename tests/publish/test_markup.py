"""markup: the one reader of the report's HTML, its pieces as written with the elements open
around each; the passes built on it change texts only, never a tag, an attribute, a comment
or the head."""

from __future__ import annotations

from report.publish.anchors import mark_citations
from report.publish.html import french_typography, isolate_ranges, keep_together
from report.publish.markup import (
    EndTag,
    Other,
    StartTag,
    Text,
    element_at,
    read,
    rewrite_text,
)

DOC = ('<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head><meta charset="utf-8">'
       '<title>2023-2030 &amp; 5 شخصا</title><style>p > a { content: "2023-2030" }</style>'
       '<meta name="description" content="وزارة العدل"></head>\n'
       '<body class="draft"><!-- 2023-2030 <p>not a tag</p> -->'
       '<p title="2023-2030 وزارة العدل" data-x=\'a>b\'>الخطة 2023-2030<br>ثم<br/>بعد'
       '<img alt="5 شخصا" src="x.png"></p><wbr><hr/>'
       '<script>if (a < b) { x = "</p>" }</script>'
       '<p>a < b &lt; c</p></body></html>')


def texts(html: str) -> list[Text]:
    return [p for p in read(html) if isinstance(p, Text)]


def test_the_pieces_joined_are_the_document() -> None:
    pieces = list(read(DOC))
    assert "".join(p.source for p in pieces) == DOC
    assert all(DOC[p.start:p.end] == p.source for p in pieces)
    odd = "<p>x</p></div>< 3 <-- </ <! <?php ?> <p class=\"a"  # never lost, never raises
    assert "".join(p.source for p in read(odd)) == odd


def test_void_elements_and_self_closing_tags_open_nothing() -> None:
    pieces = list(read(DOC))
    after = [t for t in pieces if isinstance(t, Text) and t.source in ("ثم", "بعد")]
    assert [[e.name for e in t.around] for t in after] == [["html", "body", "p"]] * 2
    starts = {p.element.name: p.opens for p in pieces if isinstance(p, StartTag)}
    assert not any(starts[n] for n in ("meta", "br", "img", "wbr", "hr"))
    assert starts["p"] and starts["body"]
    assert texts("<div><p/>x</div>")[0].parent.name == "div"


def test_an_end_tag_closes_its_element_and_all_inside_it_a_stray_one_nothing() -> None:
    pieces = list(read("<div><p><b>x</div>y</span>z"))
    div_end = next(p for p in pieces if isinstance(p, EndTag) and p.name == "div")
    assert [e.name for e in div_end.closes] == ["b", "p", "div"]
    stray = next(p for p in pieces if isinstance(p, EndTag) and p.name == "span")
    assert stray.closes == ()
    assert [t.around for t in texts("<div><p><b>x</div>y</span>z")][1:] == [(), ()]


def test_comments_declarations_and_raw_content_are_never_texts() -> None:
    pieces = list(read(DOC))
    others = [(p.kind, p.source[:12]) for p in pieces if isinstance(p, Other)]
    assert others == [("declaration", "<!DOCTYPE ht"), ("raw", "p > a { cont"),
                      ("comment", "<!-- 2023-20"), ("raw", 'if (a < b) {')]
    assert not any(isinstance(p, StartTag) and p.element.name == "p" and p.start < 200
                   for p in pieces)  # the <p> inside the comment is no tag
    assert "".join(t.source for t in texts(DOC) if not t.in_head).count("2023-2030") == 1


def test_attributes_are_read_with_their_references_and_quotes() -> None:
    p = next(p for p in read(DOC) if isinstance(p, StartTag) and "title" in p.element.attrs)
    assert p.element.attrs == {"title": "2023-2030 وزارة العدل", "data-x": "a>b"}
    tag = next(p for p in read('<a HREF=x.html?a=1&amp;b=2 class="  x  y " href=no>')
               if isinstance(p, StartTag))
    assert tag.element.attrs["href"] == "x.html?a=1&b=2"  # the first written counts
    assert tag.element.classes == ("x", "y")


def test_a_text_keeps_its_source_and_reads_its_references() -> None:
    last = texts(DOC)[-1]
    assert last.source == "a < b &lt; c" and last.text == "a < b < c"


def test_the_language_of_a_text_is_its_nearest_lang() -> None:
    html = ('<html lang="fr"><body><p>Le <span lang="ar">نص <b>عربي</b> '
            '<span lang="fr">cité</span></span> fin</p></body></html>')
    assert [(t.source.strip(), t.lang) for t in texts(html) if t.source.strip()] == [
        ("Le", "fr"), ("نص", "ar"), ("عربي", "ar"), ("cité", "fr"), ("fin", "fr")]


def test_rewrite_text_leaves_the_head_tags_attributes_comments_and_raw_content() -> None:
    out = rewrite_text(DOC, lambda t: t.source.upper() if t.source.strip() else t.source)
    assert out == DOC.replace("a < b &lt; c", "A < B &LT; C")


def test_the_passes_change_body_text_only() -> None:
    out = isolate_ranges(DOC)
    assert out == DOC.replace("الخطة 2023-2030",
                              'الخطة <span dir="ltr" class="ltr">2023-2030</span>')
    assert keep_together(DOC, ("الخطة",)) == DOC.replace("الخطة 2023", "الخطة\u00a02023")
    names = {"MJ": "وزارة العدل"}
    assert mark_citations(DOC, names) == DOC  # only in the head and an attribute


def test_french_typography_spares_the_arabic_text_the_head_and_the_comments() -> None:
    html = ('<html lang="fr"><head><title>Note : x</title></head><body>'
            '<!-- Note : "x" --><p>Note : voir "le texte" <span lang="ar">(الخطة : 2)</span>'
            ' l\'an</p></body></html>')
    out = french_typography(html)
    assert "<title>Note : x</title>" in out and '<!-- Note : "x" -->' in out
    assert "Note\u202f: voir «\u202fle texte\u202f»" in out
    assert '<span lang="ar">(الخطة : 2)</span>' in out and "l\u2019an" in out


def test_element_at_finds_an_element_to_its_end_tag() -> None:
    html = '<body><nav class="x contents"><ul><li>a</li></ul></nav><p>b</p></body>'
    start, end = element_at(html, lambda e: e.name == "nav" and "contents" in e.classes)
    assert html[start:end] == '<nav class="x contents"><ul><li>a</li></ul></nav>'
    assert element_at(html, lambda e: e.name == "table") is None
    start, end = element_at("<div><p>open", lambda e: e.name == "p")
    assert (start, end) == (5, 12)
