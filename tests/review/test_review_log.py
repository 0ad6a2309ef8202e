"""review_log: the comments and corrections of a round, the statuses the secretariat sets
read back, the latest draft's figure against the value asked for, and the sign-off."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from report.label import Label
from report.review.answers import Answer, Returned
from report.review.log import (
    FIRST_ROW,
    LOG_NAME,
    NOTE_COL,
    SHEET_ENTRIES,
    STATUS_COL,
    entries_of,
    log_workbook,
    merge,
    open_items,
    read_log,
    round_folder,
    status_label,
    write_log,
)
from report.review.record import NONE, DraftRecord, FigureRecord, MemberFigure
from report.review.signoff import LIST_NAME, LISTED, SignOffError, sign_off
from tests.review.test_review_workbook import ITEMS

DAY = dt.date(2026, 3, 16)
ANSWERS = (Answer("F-CASES.total", "correct", 180, "180", "حسب آخر تحيين", 5),
           Answer("A-A3", "approve", None, "", "", 6),
           Answer("P-186", "approve", None, "", "يرجى ذكر المصدر كاملا", 7))


def _record(draft: int, value: int | None) -> DraftRecord:
    fig = FigureRecord("CASES.total", "CASES", Label("القضايا", "Affaires"), NONE, NONE, value,
                       ("PMP",), (MemberFigure("PMP", value, "PMP-2025.xlsx", "البيانات", "C7"),))
    return DraftRecord(2025, draft, "2026-04-13", "ar", "latn", "r.pdf", "r.html", ("PMP",),
                       (fig,), (), ())


def _log(folder: Path, entries, catalogue, draft: int = 1) -> Path:
    path = folder / f"draft{draft}" / LOG_NAME
    returned = [Returned("PMP", "PMP-review.xlsx", draft, ANSWERS)]
    write_log(path, log_workbook(entries, returned, [], catalogue, 2025, draft, "ar"), DAY)
    return path


def _set(path: Path, row: int, status: object, note: str = "") -> None:
    """What the secretariat does in Excel: a status from the list, a reason."""
    wb = load_workbook(path)
    ws = wb[SHEET_ENTRIES]
    ws.cell(row, STATUS_COL).value, ws.cell(row, NOTE_COL).value = status, note
    wb.save(path)


def test_entries_are_the_comments_and_corrections() -> None:
    entries = entries_of([Returned("PMP", "PMP-review.xlsx", 1, ANSWERS)], ITEMS, 1)
    assert [(e.id, e.decision, e.value, e.comment, e.pages) for e in entries] == [
        ("PMP:F-CASES.total", "correct", 180, "حسب آخر تحيين", (12,)),
        ("PMP:P-186", "approve", None, "يرجى ذكر المصدر كاملا", (13, 14))]
    assert all(e.status == "open" for e in entries)


def test_statuses_set_in_the_log_are_read_back_and_kept(tmp_path: Path, rules,
                                                         catalogue) -> None:
    fresh = entries_of([Returned("PMP", "PMP-review.xlsx", 1, ANSWERS)], ITEMS, 1)
    path = _log(tmp_path, merge([], fresh, _record(1, 172)), catalogue)
    _set(path, FIRST_ROW, status_label("accepted"), "صحح في الاستمارة")
    _set(path, FIRST_ROW + 1, "rejeté")
    back, findings = read_log(path, rules)
    assert findings == []
    assert [(e.id, e.status, e.note) for e in back] == [
        ("PMP:F-CASES.total", "accepted", "صحح في الاستمارة"), ("PMP:P-186", "rejected", "")]
    assert back[0].value == 180 and back[0].pages == (12,) and back[0].draft == 1
    # the next collect: the same answers, and one return gone; the statuses stay
    merged = merge(back, fresh[:1], _record(2, 180))
    assert [(e.id, e.status) for e in merged] == [("PMP:F-CASES.total", "accepted"),
                                                  ("PMP:P-186", "rejected")]
    # a later draft prints the value asked for
    assert (merged[0].latest_draft, merged[0].latest, merged[0].matches) == (2, 180, True)
    assert merge(back, fresh[:1], _record(2, 175))[0].matches is False
    assert merge(back, fresh[:1], _record(1, 172))[0].matches is None  # no later draft yet


def test_a_status_not_understood_stays_open_with_a_finding(tmp_path: Path, rules,
                                                           catalogue) -> None:
    fresh = entries_of([Returned("PMP", "PMP-review.xlsx", 1, ANSWERS)], ITEMS, 1)
    path = _log(tmp_path, merge([], fresh, None), catalogue)
    _set(path, FIRST_ROW, "تم")
    back, findings = read_log(path, rules)
    assert back[0].status == "open"
    assert [(f.code, f.member, f.sheet, f.cell, f.value) for f in findings] == [
        ("review-log-status", "PMP", SHEET_ENTRIES, f"Q{FIRST_ROW}", "تم")]


def test_sign_off(tmp_path: Path, rules, catalogue) -> None:
    review = tmp_path / "review"
    assert sign_off(review, rules, False, "").open == ()  # no round yet
    fresh = entries_of([Returned("PMP", "PMP-review.xlsx", 1, ANSWERS)], ITEMS, 1)
    path = _log(review, merge([], fresh, None), catalogue)
    with pytest.raises(SignOffError, match="2 review items are open") as refused:
        sign_off(review, rules, False, "")
    assert refused.value.exit_code == 1 and "PMP:F-CASES.total" in str(refused.value)
    for bad in ("  ", "\x1b[31mok", "1 2 3", "قرار\u202eاللجنة"):  # a reason must be words
        with pytest.raises(SignOffError, match="--reason"):
            sign_off(review, rules, True, bad)
    forced = sign_off(review, rules, True, "قرار اللجنة في اجتماعها")
    record = forced.manifest()
    assert record["forced"] and record["reason"] == "قرار اللجنة في اجتماعها"
    assert record["open"] == ["draft1 PMP:F-CASES.total", "draft1 PMP:P-186"]
    assert record["operator"] and record["at"]
    kept = forced.record(2025, "ab" * 32)
    assert [(i.entry, i.decision, i.requested) for i in kept.items] == [
        ("PMP:F-CASES.total", "correct", "180"), ("PMP:P-186", "approve", "")]
    _set(path, FIRST_ROW, "مقبول")
    _set(path, FIRST_ROW + 1, "accepté")
    assert open_items(review, rules)[0] == []
    assert sign_off(review, rules, False, "").manifest() == {
        "open_review_items": 0, "unreadable_logs": [], "forced": False, "reason": ""}
    path.write_bytes(b"not a workbook")
    with pytest.raises(SignOffError, match="cannot be read"):
        sign_off(review, rules, False, "")


def test_the_refusal_names_every_open_item(tmp_path: Path, rules, catalogue) -> None:
    """Up to LISTED in its message; all of them, always, in the file it names."""
    review = tmp_path / "review"
    fresh = entries_of([Returned("PMP", "PMP-review.xlsx", 1, ANSWERS)], ITEMS, 1)
    many = [replace(fresh[0], id=f"PMP:F-{i}", item=f"F-{i}") for i in range(LISTED + 5)]
    _log(review, merge([], many, None), catalogue)
    with pytest.raises(SignOffError) as refused:
        sign_off(review, rules, False, "")
    message = str(refused.value)
    listing = review / LIST_NAME
    assert f"{LISTED + 5} review items are open" in message and str(listing) in message
    assert "PMP:F-0" in message and f"PMP:F-{LISTED + 4}" not in message
    assert len(listing.read_text("utf-8").splitlines()) == LISTED + 5


def test_entries_of_every_round_count(tmp_path: Path, rules, catalogue) -> None:
    review = tmp_path / "review"
    fresh = entries_of([Returned("PMP", "PMP-review.xlsx", 1, ANSWERS)], ITEMS, 1)
    _log(review, merge([], fresh, None), catalogue, draft=1)
    second = [replace(e, draft=2) for e in fresh[:1]]
    _log(review, merge([], second, None), catalogue, draft=2)
    found, _ = open_items(review, rules)
    # the item the second round holds again is that round's to decide: round 1's is stale
    assert sorted((e.draft, e.id) for e in found) == [(1, "PMP:P-186"),
                                                      (2, "PMP:F-CASES.total")]
    _set(round_folder(review, 2) / LOG_NAME, FIRST_ROW, status_label("accepted"))
    found, _ = open_items(review, rules)
    assert [(e.draft, e.id) for e in found] == [(1, "PMP:P-186")]
