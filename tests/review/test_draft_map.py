"""draft_map: a draft's HTML into chapters, blocks as printed, citations and activities; the
page of every anchor from the PDF's named destinations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from report.review.docs import render_document, review_assets
from report.review.draft_map import anchor_pages, read_draft, read_html

DAY = dt.date(2026, 3, 16)

HTML = """<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>t</title></head><body>
<section class="cover"><h1 id="cover">عنوان</h1><p>2025</p></section>
<main>
<section class="chapter" id="figures">
<h1 id="h-1"><span class="secno">3</span>الظاهرة بالأرقام</h1>
<h2 id="figures-overview">نظرة عامة</h2>
<p>سجلت <span dir="ltr" class="ltr">172</span> قضية.<span class="footnote">حاشية
عن <span class="cite" id="cite-PMP-1">رئاسة النيابة العامة</span>.</span> بعدها.</p>
<table class="data" id="tab-cases" data-ind="CASES">
<tr><th>القضايا</th><td>172</td>
<td><span class="cite" id="cite-PMP-2">رئاسة النيابة العامة</span></td></tr>
</table>
</section>
<section class="chapter" id="plan">
<h1 id="h-2">الخطة</h1>
<div class="activity" id="act-PMP-A5">
<p class="activity-title"><strong>دورية</strong></p>
<p class="activity-meta"><span class="cite" id="cite-PMP-3">رئاسة النيابة العامة</span>
— 17 غشت 2025</p>
</div>
<p class="activity" id="act-MJ-A3"><strong>يوم دراسي</strong>
(<span class="cite" id="cite-MJ-1">وزارة العدل</span>).</p>
<ul><li>بند <br>أول</li></ul>
</section>
</main></body></html>"""


def test_blocks_chapters_and_citations() -> None:
    m = read_html(HTML)
    assert [(c.id, c.title) for c in m.chapters] == [("figures", "3 الظاهرة بالأرقام"),
                                                      ("plan", "الخطة")]
    kinds = [(b.kind, b.chapter, b.text) for b in m.blocks]
    assert ("p", "", "2025") in kinds  # the cover is outside the chapters
    assert ("p", "figures", "سجلت 172 قضية. بعدها.") in kinds  # the footnote is its own block
    assert ("footnote", "figures", "حاشية عن رئاسة النيابة العامة.") in kinds
    assert ("tr", "figures", "القضايا | 172 | رئاسة النيابة العامة") in kinds
    assert ("li", "plan", "بند أول") in kinds
    row = next(b for b in m.blocks if b.kind == "tr")
    assert row.cited() == ("PMP",) and row.anchor == "tab-cases"
    assert [(h.number, h.title) for h in m.headings][:2] == [("", "عنوان"),
                                                             ("3", "الظاهرة بالأرقام")]
    assert ("h1", "figures", "الظاهرة بالأرقام") in kinds  # its text without its number
    para = next(b for b in m.blocks if b.text.startswith("سجلت"))
    assert para.heading == "figures-overview" and para.cites == ()


def test_activities_keep_their_html_and_indicators_their_anchors() -> None:
    m = read_html(HTML)
    frag = m.fragments["act-PMP-A5"]
    assert frag.startswith('<div class="activity" id="act-PMP-A5">') and frag.endswith("</div>")
    assert "دورية" in frag
    inside = [b for b in m.blocks if b.activity == "act-PMP-A5"]
    assert [b.kind for b in inside] == ["p", "p"]
    assert m.indicators == {"CASES": ("tab-cases",)}
    # an activity printed as one paragraph is its own block
    one = [b for b in m.blocks if b.activity == "act-MJ-A3"]
    assert [(b.kind, b.text, b.cited()) for b in one] == [("p", "يوم دراسي (وزارة العدل).",
                                                           ("MJ",))]
    assert m.fragments["act-MJ-A3"].startswith('<p class="activity" id="act-MJ-A3">')


def test_pages_from_the_pdf_named_destinations(tmp_path: Path) -> None:
    faces = "".join(f'@font-face {{ font-family: "{f.family}"; font-weight: {f.weight}; '
                    f'src: url("{f.url}"); }}' for f in review_assets(DAY, "latn").fonts)
    html = ('<html lang="ar" dir="rtl"><head><meta charset="utf-8">'
            f'<style>{faces} body {{ font-family: Tajawal; }}</style></head><body>'
            '<p id="one">أ</p><p style="break-before: page" id="two">ب '
            '<span class="cite" id="cite-MJ-1">وزارة العدل</span></p></body></html>')
    doc = render_document(html, tmp_path, DAY, "ar")
    pdf = tmp_path / "d.pdf"
    pdf.write_bytes(doc.pdf)
    pages, count = anchor_pages(pdf)
    assert count == 2
    assert pages["one"] == 1 and pages["two"] == 2 and pages["cite-MJ-1"] == 2
    (tmp_path / "d.html").write_text(html, encoding="utf-8")
    m = read_draft(tmp_path / "d.html", pdf)
    block = next(b for b in m.blocks if b.cited() == ("MJ",))
    assert m.block_page(block, "MJ") == 2 and m.page_count == 2
