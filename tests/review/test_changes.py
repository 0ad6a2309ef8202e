"""changes: sentences cut the Arabic way, figures, activities, sentences and pages compared
between two drafts with known differences."""

from __future__ import annotations

from dataclasses import replace

import pytest

from report.label import Label
from report.review.changes import (
    activity_changes,
    chapter_changes,
    compare,
    figure_changes,
    page_moves,
    sentences,
    word_diff,
)
from report.review.draft_map import DraftMap, read_html
from report.review.record import NONE, ActivityRecord, DraftRecord, FigureRecord, MemberFigure


@pytest.mark.parametrize("text, expected", [
    ("سجلت 172 قضية. وبلغ عدد الضحايا 278.", ["سجلت 172 قضية.", "وبلغ عدد الضحايا 278."]),
    # a full stop inside a number or a legal reference never cuts
    ("القانون رقم 27.14 والمرسوم 2.17.740 و1.234 ضحية. ثم", [
        "القانون رقم 27.14 والمرسوم 2.17.740 و1.234 ضحية.", "ثم"]),
    # the Arabic question mark and semicolon cut; the Arabic comma does not
    ("هل تحقق الهدف؟ نعم، جزئيا؛ والباقي مبرمج! انتهى",
     ["هل تحقق الهدف؟", "نعم، جزئيا؛", "والباقي مبرمج!", "انتهى"]),
    ("قال: «انتهى.» ثم خرج", ["قال: «انتهى.»", "ثم خرج"]),
    ("25,3% من المجموع", ["25,3% من المجموع"]),
    ("", []),
])
def test_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_word_diff_marks_runs() -> None:
    old, new = word_diff("سجلت 172 قضية بارتفاع نسبته 11,0%", "سجلت 180 قضية بارتفاع نسبته 16,1%")
    assert [(w.text, w.op) for w in old] == [("سجلت", "same"), ("172", "del"),
                                            ("قضية بارتفاع نسبته", "same"), ("11,0%", "del")]
    assert [(w.text, w.op) for w in new if w.op == "ins"] == [("180", "ins"), ("16,1%", "ins")]


def _fig(key: str, national: int | None, **members: int | None) -> FigureRecord:
    return FigureRecord(key, key.split(".")[0], Label("القضايا", "Affaires"), NONE, NONE, national,
                        tuple(members), tuple(MemberFigure(m, v, f"{m}-2025.xlsx", "البيانات", "C7")
                                              for m, v in members.items()))


def _act(member: str, cell: str, title: str, description: str = "وصف") -> ActivityRecord:
    return ActivityRecord(f"act-{member}-{cell}", member, "PREV.1", title, description, "", "",
                          "2025-03-15", f"{member}-2025.xlsx", "الأنشطة", cell)


def _record(draft: int, figures: tuple, activities: tuple) -> DraftRecord:
    return DraftRecord(2025, draft, f"2026-0{draft + 2}-16", "ar", "latn", "r.pdf", "r.html",
                       ("PMP", "MJ"), figures, activities, ())


def test_figures_activities_and_their_cells() -> None:
    old = _record(1, (_fig("CASES.total", 172, PMP=172, DGSN=178), _fig("TRAINED.total", 40,
                                                                        PMP=40)),
                  (_act("PMP", "A3", "دورية"), _act("PMP", "A4", "استقبال وفود"),
                   _act("MJ", "A3", "يوم دراسي"), _act("MJ", "A4", "حملة")))
    new = _record(2, (_fig("CASES.total", 180, PMP=180, DGSN=178), _fig("TRAINED.total", 40,
                                                                        PMP=40)),
                  (_act("PMP", "A3", "دورية"), _act("PMP", "A4", "استقبال وفود قضائية"),
                   _act("MJ", "A3", "حملة"),  # moved up a row, unchanged
                   _act("MJ", "A5", "ندوة")))
    figs = figure_changes(old, new)
    assert [(f.key, f.member, f.cell, f.old, f.new, f.national_old, f.national_new)
            for f in figs] == [("CASES.total", "PMP", "C7", 172, 180, 172, 180)]
    empty = read_html("<body></body>")
    acts = activity_changes(old, new, empty, empty)
    assert sorted((a.kind, a.member, a.title, a.fields) for a in acts) == [
        ("added", "MJ", "ندوة", ()), ("changed", "PMP", "استقبال وفود قضائية", ("title",)),
        ("removed", "MJ", "يوم دراسي", ())]


def _draft(body: str, pages: dict[str, int], count: int) -> DraftMap:
    m = read_html(f"<html><body><main>{body}</main></body></html>")
    return replace(m, pages=pages, page_count=count)


OLD = """<section class="chapter" id="figures"><h1 id="h-1">الأرقام</h1>
<h2 id="h-2">نظرة عامة</h2><p>سجلت <span class="cite" id="cite-PMP-1">رئاسة النيابة العامة</span>
172 قضية. وبلغ عدد الضحايا 278.</p><p>فقرة تحذف كلها.</p>
<div class="activity" id="act-PMP-A4"><p>نشاط لا يدخل في الفقرات.</p></div></section>
<section class="chapter" id="plan"><h1 id="h-3"><span class="secno">2</span>الخطة</h1>
<p>بدون تغيير.</p></section>"""
NEW = """<section class="chapter" id="figures"><h1 id="h-1">الأرقام</h1>
<h2 id="h-2">نظرة عامة</h2><p>سجلت <span class="cite" id="cite-PMP-1">رئاسة النيابة العامة</span>
180 قضية. وبلغ عدد الضحايا 278. وهذه جملة جديدة.</p>
<div class="activity" id="act-PMP-A4"><p>نشاط عدل ولا يدخل في الفقرات.</p></div></section>
<h2 id="h-9">قسم جديد</h2>
<section class="chapter" id="plan"><h1 id="h-4"><span class="secno">3</span>الخطة</h1>
<p>بدون تغيير.</p></section>"""


def test_sentence_changes_per_chapter_with_pages() -> None:
    old = _draft(OLD, {"cite-PMP-1": 12, "h-1": 12, "h-2": 12, "h-3": 30}, 40)
    new = _draft(NEW, {"cite-PMP-1": 13, "h-1": 12, "h-2": 13, "h-4": 31}, 41)
    chapters = chapter_changes(old, new)
    assert [c.id for c in chapters] == ["figures"]
    got = [(s.kind, s.old, s.new) for s in chapters[0].sentences]
    assert got == [("changed", "سجلت رئاسة النيابة العامة 172 قضية.",
                    "سجلت رئاسة النيابة العامة 180 قضية."),
                   ("removed", "فقرة تحذف كلها.", ""),
                   ("added", "", "وهذه جملة جديدة.")]
    first = chapters[0].sentences[0]
    assert (first.section, first.old_page, first.new_page) == ("نظرة عامة", 12, 13)
    moves = {(p.level, p.title): (p.old, p.new, p.shift) for p in page_moves(old, new)}
    assert moves[(1, "الأرقام")] == (12, 12, 0)
    assert moves[(2, "نظرة عامة")] == (12, 13, 1)
    assert moves[(1, "3 الخطة")] == (30, 31, 1)  # renumbered, matched by its title


def test_two_identical_drafts_have_no_changes() -> None:
    rec = _record(1, (_fig("CASES.total", 172, PMP=172),), (_act("PMP", "A3", "دورية"),))
    m = _draft(OLD, {"h-1": 12}, 40)
    assert compare(rec, m, replace(rec, draft=2), m).empty
