"""The review round and the translations: each text a member wrote is an item with its
translation (or "awaiting"), which the member approves or corrects in its review workbook;
a correction the secretariat accepts in the log goes to the translation memory; the change
report says which texts were written anew and need their translation again."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from openpyxl import load_workbook

from report.review.answers import LogEntry
from report.review.changes import translation_changes
from report.review.draft_map import DraftMap
from report.review.items import TRANSLATION, Item, MemberItems, Round, translation_text
from report.review.log import accepted_translations, with_latest
from report.review.record import DraftRecord, TextRecord
from report.review.workbook import (
    FIRST_ROW,
    SHEET_ITEMS,
    read_returned,
    review_workbook,
    save_review_workbook,
)

AR = "تتبع الأبحاث في قضايا الاتجار بالبشر"
FR = "Suivi des enquêtes en matière de traite des êtres humains"
TEXT = TextRecord("T-0123456789", "PMP", "activity", "title", AR, "ar", FR, "translator",
                  "act-PMP-A3", "PMP-2025.xlsx", "الأنشطة", "C3")
ITEM = Item(TEXT.id, TRANSLATION, "عنوان النشاط", translation_text(TEXT, "ar"), TEXT.file,
            TEXT.sheet, TEXT.cell, (31,), source=AR, lang="fr", translation=FR)
ITEMS = {"PMP": MemberItems("PMP", (), (), (), (31,), (), (ITEM,))}
EMPTY = DraftMap((), (), (), {}, {}, {"act-PMP-A3": 31})


def _record(draft: int, *texts: TextRecord) -> DraftRecord:
    return DraftRecord(2025, draft, f"2026-0{draft + 2}-16", "ar", "latn", "r.pdf", "r.html",
                       (), (), (), (), (), texts)


def test_an_item_shows_the_text_and_its_translation() -> None:
    assert translation_text(TEXT, "ar") == f"{AR}\n— بالفرنسية: {FR}"
    waiting = replace(TEXT, translation="", origin="")
    assert translation_text(waiting, "fr").endswith("— en français : [traduction en attente]")


def _returned(tmp_path: Path, proposal: str) -> Path:
    path = tmp_path / "PMP-review.xlsx"
    save_review_workbook(review_workbook(ITEMS["PMP"], year=2025, draft=1,
                                         draft_date="2026-03-16", due=dt.date(2026, 3, 30),
                                         lang="ar"), path)
    wb = load_workbook(path)
    ws = wb[SHEET_ITEMS]
    assert ws[f"A{FIRST_ROW}"].value == TEXT.id and FR in ws[f"F{FIRST_ROW}"].value
    ws[f"G{FIRST_ROW}"], ws[f"H{FIRST_ROW}"] = "تصحيح / corriger", proposal
    wb.save(path)
    return path


def test_the_member_proposes_its_translation_in_the_right_language(tmp_path: Path, rules,
                                                                   catalogue) -> None:
    better = "Suivi des enquêtes relatives à la traite des êtres humains"
    got, findings = read_returned(_returned(tmp_path, better), rules, catalogue, 2025, 1, ITEMS)
    assert findings == [] and got is not None
    assert [(a.item, a.decision, a.text) for a in got.answers] == [(TEXT.id, "correct", better)]
    got, findings = read_returned(_returned(tmp_path, "تتبع الأبحاث"), rules, catalogue, 2025,
                                  1, ITEMS)
    assert [(f.code, f.sheet, f.cell) for f in findings] == [
        ("translation-wrong-language", SHEET_ITEMS, f"H{FIRST_ROW}")]
    assert got is not None and got.answers == ()


def test_an_accepted_correction_goes_to_the_memory_and_the_next_draft_shows_it() -> None:
    better = "Suivi des enquêtes relatives à la traite des êtres humains"
    entry = LogEntry(f"PMP:{TEXT.id}", 1, "PMP", TEXT.id, TRANSLATION, ITEM.label, (31,),
                     ITEM.text, "correct", better, None, "", "PMP-review.xlsx المراجعة!A5")
    rnd = Round(1, "b", ITEMS)
    assert accepted_translations([entry], rnd) == []  # still open
    kept = accepted_translations([replace(entry, status="accepted")], rnd)
    assert [(t.source, t.target, t.lang, t.origin, m) for t, m in kept] == [
        (AR, better, "fr", "review", "PMP")]
    later = with_latest(entry, _record(2, replace(TEXT, translation=better, origin="review")))
    assert (later.latest_draft, later.latest, later.matches) == (2, better, True)
    same = with_latest(entry, _record(2, TEXT))
    assert (same.latest, same.matches) == (FR, False)


def test_a_changed_text_needs_its_translation_again_and_the_report_says_so() -> None:
    changed = replace(TEXT, id="T-ABCDEF0123", source=AR + " والمتابعات", translation="",
                      origin="")
    other = replace(TEXT, id="T-5555555555", field="partners", cell="E3", source="الشرطة",
                    translation="police", origin="member")
    old = _record(1, TEXT, other)
    new = _record(2, changed, replace(other, translation="police judiciaire"))
    found = translation_changes(old, new, EMPTY)
    assert [(c.kind, c.cell, c.old_source, c.new_source, c.needed, c.page) for c in found] == [
        ("source", "C3", AR, AR + " والمتابعات", True, 31),
        ("translation", "E3", "الشرطة", "الشرطة", False, 31)]
    assert found[1].old_translation == "police" and found[1].new_translation == \
        "police judiciaire"
    assert translation_changes(_record(1), new, EMPTY) == ()  # an older record: no texts
