"""citations: every place a draft names a member gets an anchor, in text only, once each."""

from __future__ import annotations

import re

from report.publish.anchors import activity_id, mark_citations, member_of

NAMES = {"MJ": "وزارة العدل", "CNDH": "المجلس الوطني لحقوق الإنسان",
         "DH": "القطاع الحكومي المكلف بحقوق الإنسان", "EN": "التعاون الوطني"}
ACRONYMS = {"CNDH": "CNDH"}


def _cited(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<span class="cite" id="cite-(\w+)-\d+">([^<]+)</span>', html)


def test_names_in_text_get_numbered_anchors() -> None:
    html = ('<html><head><title>وزارة العدل</title></head><body>'
            '<p>المصدر: وزارة العدل، المجلس الوطني لحقوق الإنسان.</p>'
            '<td>وزارة العدل</td></body></html>')
    out = mark_citations(html, NAMES, ACRONYMS)
    assert _cited(out) == [("MJ", "وزارة العدل"), ("CNDH", "المجلس الوطني لحقوق الإنسان"),
                           ("MJ", "وزارة العدل")]
    assert 'id="cite-MJ-1"' in out and 'id="cite-MJ-2"' in out
    assert "<title>وزارة العدل</title>" in out  # the head is left alone


def test_proclitics_and_the_article_after_lam() -> None:
    out = mark_citations("<body><p>بتنسيق مع وزارة العدل وبوزارة العدل، وللمجلس الوطني لحقوق "
                         "الإنسان ووالتعاون الوطني</p></body>", NAMES)
    assert _cited(out) == [("MJ", "وزارة العدل"), ("MJ", "وبوزارة العدل"),
                           ("CNDH", "وللمجلس الوطني لحقوق الإنسان")]
    assert "و<span" not in out  # a word is never split: its joining would break


def test_a_name_inside_a_longer_word_or_attribute_is_not_a_citation() -> None:
    html = ('<body><img alt="وزارة العدل"><p>الوزارة العدلية</p>'
            '<p>القطاع الحكومي المكلف بحقوق الإنسان</p></body>')
    out = mark_citations(html, NAMES)
    assert 'alt="وزارة العدل"' in out
    assert _cited(out) == [("DH", "القطاع الحكومي المكلف بحقوق الإنسان")]


def test_acronyms_are_whole_words() -> None:
    out = mark_citations("<body><p>CNDH et CNDHX</p></body>", NAMES, ACRONYMS)
    assert _cited(out) == [("CNDH", "CNDH")]


def test_ids() -> None:
    assert member_of("cite-PMP-12") == "PMP"
    assert member_of("act-PMP-A5") is None and member_of("figures") is None
    assert activity_id("PMP", "A5") == "act-PMP-A5"
