"""review_workbook: a member's review workbook written, filled in as a member would, and
read back; hostile returns become findings with member, file, sheet and cell, never a
traceback, and never stop the other rows."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from report.intake.numbers import choice_text
from report.paths import INPUTS
from report.review.items import Item, MemberItems
from report.review.workbook import (
    FIRST_ROW,
    SHEET_ITEMS,
    SHEET_STAMP,
    decision_label,
    read_returned,
    review_workbook,
    save_review_workbook,
)
from tests.bad_workbooks import rezip

YEAR, DRAFT = 2025, 1
FIG = Item("F-CASES.total", "figure", "قضايا الاتجار بالبشر المسجلة", "قضايا: 172",
           "PMP-2025.xlsx", "البيانات", "C7", (12,), 172, 172, True)
ACT = Item("A-A3", "activity", "دورية", "دورية — رئاسة النيابة العامة", "PMP-2025.xlsx",
           "الأنشطة", "A3", (36,), anchor="act-PMP-A3")
PAR = Item("P-186", "paragraph", "الظاهرة بالأرقام", "المصدر: رئاسة النيابة العامة.", "", "",
           "", (13, 14))
ITEMS = {"PMP": MemberItems("PMP", (FIG,), (ACT,), (PAR,), (12, 13, 14, 36))}
ROW = {FIG.id: FIRST_ROW, ACT.id: FIRST_ROW + 1, PAR.id: FIRST_ROW + 2}


def blank() -> Workbook:
    return review_workbook(ITEMS["PMP"], year=YEAR, draft=DRAFT, draft_date="2026-03-16",
                           due=dt.date(2026, 3, 30), lang="ar")


def returned(folder: Path, fill: Callable[[Workbook], None] = lambda wb: None,
             name: str = "PMP-review.xlsx") -> Path:
    """The workbook as the member sends it back: opened, filled in, saved by Excel."""
    path = folder / name
    save_review_workbook(blank(), path)
    wb = load_workbook(path)
    fill(wb)
    wb.save(path)
    return path


def answer(item: str, decision: object = None, value: object = None,
           comment: object = None) -> Callable[[Workbook], None]:
    def fill(wb: Workbook) -> None:
        ws = wb[SHEET_ITEMS]
        r = ROW[item]
        ws[f"G{r}"], ws[f"H{r}"], ws[f"I{r}"] = decision, value, comment
    return fill


def read(path: Path, rules, catalogue, draft: int = DRAFT):
    return read_returned(path, rules, catalogue, YEAR, draft, ITEMS)


def where(findings) -> set[tuple[str, str, str, str]]:
    return {(f.code, f.member, f.sheet, f.cell) for f in findings}


def test_the_workbook_is_protected_right_to_left_with_a_decision_list(tmp_path: Path) -> None:
    path = tmp_path / "PMP-review.xlsx"
    save_review_workbook(blank(), path)
    wb = load_workbook(path)
    ws = wb[SHEET_ITEMS]
    assert wb.sheetnames[0] == SHEET_ITEMS and ws.sheet_view.rightToLeft
    assert ws.protection.sheet and wb.security.lockStructure
    assert wb[SHEET_STAMP].sheet_state == "veryHidden"
    assert [ws[f"A{r}"].value for r in range(FIRST_ROW, FIRST_ROW + 3)] == [FIG.id, ACT.id, PAR.id]
    assert ws[f"F{FIRST_ROW}"].value == "قضايا: 172" and ws[f"D{FIRST_ROW}"].value == "البيانات!C7"
    assert ws[f"E{FIRST_ROW + 2}"].value == "13، 14"
    assert ws[f"F{FIRST_ROW}"].protection.locked and not ws[f"G{FIRST_ROW}"].protection.locked
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert lists and f"G{FIRST_ROW}" in str(lists[0].sqref)
    # the same items give the same bytes
    again = tmp_path / "again.xlsx"
    save_review_workbook(blank(), again)
    assert again.read_bytes() == path.read_bytes()


def test_round_trip(tmp_path: Path, rules, catalogue) -> None:
    def fill(wb: Workbook) -> None:
        answer(FIG.id, decision_label("correct"), 180, "الرقم الصحيح بعد التحيين")(wb)
        answer(ACT.id, "موافقة")(wb)
        answer(PAR.id, "commenter", None, "=HYPERLINK(\"http://x\")")(wb)
        wb[SHEET_ITEMS][f"I{ROW[PAR.id]}"].data_type = "s"  # typed as text, not a formula
    got, findings = read(returned(tmp_path, fill), rules, catalogue)
    assert findings == []
    assert got is not None and got.member == "PMP" and got.draft == DRAFT
    assert [(a.item, a.decision, a.value, a.comment) for a in got.answers] == [
        (FIG.id, "correct", 180, "الرقم الصحيح بعد التحيين"), (ACT.id, "approve", None, ""),
        (PAR.id, "comment", None, "=HYPERLINK(\"http://x\")")]


def test_rows_with_problems_are_reported_and_the_others_read(tmp_path: Path, rules,
                                                              catalogue) -> None:
    def fill(wb: Workbook) -> None:
        ws = wb[SHEET_ITEMS]
        answer(FIG.id, "تصحيح", "douze")(wb)  # not a number
        answer(ACT.id, "peut-être")(wb)  # not in the list
        answer(PAR.id, None, None, "تعليق\u202e مقلوب\ufeff")(wb)  # controls: cleaned, kept
        ws[f"A{FIRST_ROW + 3}"], ws[f"G{FIRST_ROW + 3}"] = "P-999", "ملاحظة"  # no such item
        ws[f"A{FIRST_ROW + 4}"], ws[f"I{FIRST_ROW + 4}"] = PAR.id, "مكرر"  # a copied row
    got, findings = read(returned(tmp_path, fill), rules, catalogue)
    assert where(findings) == {
        ("review-bad-value", "PMP", SHEET_ITEMS, f"H{FIRST_ROW}"),
        ("review-bad-decision", "PMP", SHEET_ITEMS, f"G{FIRST_ROW + 1}"),
        ("review-text-cleaned", "PMP", SHEET_ITEMS, f"I{FIRST_ROW + 2}"),
        ("review-unknown-item", "PMP", SHEET_ITEMS, f"A{FIRST_ROW + 3}"),
        ("review-duplicate-item", "PMP", SHEET_ITEMS, f"A{FIRST_ROW + 4}")}
    assert all(f.message.ar and f.message.fr for f in findings)
    assert [(a.item, a.decision, a.comment) for a in got.answers] == [
        (PAR.id, "comment", "تعليق مقلوب")]


@pytest.mark.parametrize("fill, expected, answers", [
    (answer(FIG.id, None, "1 234"), {("review-no-decision", f"G{FIRST_ROW}"),
                                     ("read-separator", f"H{FIRST_ROW}")},
     [(FIG.id, "correct", 1234)]),
    (answer(FIG.id, "تصحيح"), {("review-value-needed", f"H{FIRST_ROW}")}, []),
    (answer(FIG.id, "تصحيح", choice_text()), set(), [(FIG.id, "correct", None)]),  # n/a
    # the member workbooks' reader (numbers.py): thousands, said so; ten times the printed
    # 172 questioned; above the ceiling refused; "approve" with a value refused
    (answer(FIG.id, "تصحيح", "2.000"), {("read-separator", f"H{FIRST_ROW}"),
                                        ("review-value-far", f"H{FIRST_ROW}")},
     [(FIG.id, "correct", 2000)]),
    (answer(FIG.id, "تصحيح", "12,000"), {("above-ceiling", f"H{FIRST_ROW}")}, []),  # > 3 000
    (answer(FIG.id, "تصحيح", 10 ** 15), {("above-ceiling", f"H{FIRST_ROW}")}, []),
    (answer(FIG.id, "تصحيح", 17), {("review-value-far", f"H{FIRST_ROW}")},
     [(FIG.id, "correct", 17)]),
    (answer(FIG.id, "موافقة", 180), {("review-approve-value", f"H{FIRST_ROW}")}, []),
    (answer(FIG.id, "تصحيح", -3), {("review-bad-value", f"H{FIRST_ROW}")}, []),
    (answer(FIG.id, "تصحيح", "=C7*2"), {("formula-no-value", f"H{FIRST_ROW}")}, []),
    (answer(PAR.id, "ملاحظة", None, "ن" * 2500), {("review-text-cut", f"I{FIRST_ROW + 2}")},
     [(PAR.id, "comment", None)]),
    (lambda wb: None, {("review-empty", "")}, []),
])
def test_one_row_problems(tmp_path: Path, rules, catalogue, fill, expected, answers) -> None:
    got, findings = read(returned(tmp_path, fill), rules, catalogue)
    assert {(f.code, f.cell) for f in findings} == expected
    assert [(a.item, a.decision, a.value) for a in got.answers] == answers


def _renamed(wb: Workbook) -> None:
    wb[SHEET_ITEMS].title = "Feuil1"


def _extra(wb: Workbook) -> None:
    wb.create_sheet("ملاحظاتي")
    answer(ACT.id, "موافقة")(wb)


def _merged(wb: Workbook) -> None:
    wb[SHEET_ITEMS].merge_cells(f"G{FIRST_ROW}:I{FIRST_ROW}")
    answer(ACT.id, "موافقة")(wb)


def _stamp(cell: str, value: object) -> Callable[[Workbook], None]:
    def fill(wb: Workbook) -> None:
        wb[SHEET_STAMP][cell] = value
    return fill


@pytest.mark.parametrize("fill, name, codes, read_any", [
    (_renamed, "PMP-review.xlsx", {("sheet-missing", "PMP")}, False),
    (_extra, "PMP-review.xlsx", {("sheet-unexpected", "PMP")}, True),
    (_merged, "PMP-review.xlsx", {("merged-cells", "PMP")}, True),
    (lambda wb: None, "MJ-review.xlsx", {("wrong-member", "PMP")}, False),
    (_stamp("B4", 2), "PMP-review.xlsx", {("review-other-draft", "PMP")}, False),
    (_stamp("B3", 2024), "PMP-review (1).xlsx", {("wrong-year", "PMP")}, False),
    (_stamp("B5", "XYZ"), "XYZ-review.xlsx", {("unknown-member", "XYZ")}, False),
    (_stamp("B1", None), "PMP-review.xlsx", {("review-not-review", "PMP")}, False),
])
def test_file_level_problems(tmp_path: Path, rules, catalogue, fill, name, codes,
                             read_any) -> None:
    got, findings = read(returned(tmp_path, fill, name), rules, catalogue)
    assert {(f.code, f.member) for f in findings} == codes
    assert all(f.file == name for f in findings)
    assert (got is not None and bool(got.answers)) == read_any


def _bytes(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("make, code", [
    (lambda: b"%PDF-1.7 not a workbook", "not-xlsx"),
    (lambda: b"", "not-xlsx"),
    (lambda: rezip(_bytes(blank()), extra={"xl/media/pad.bin": bytes(60_000_000)}),
     "too-large"),
    (lambda: rezip(_bytes(blank()), extra={"xl/vbaProject.bin": b"macro"}), "macros"),
    (lambda: _bytes(blank())[:3000], "corrupt-file"),
    (lambda: (INPUTS / "2025" / "PMP-2025.xlsx").read_bytes(), "review-not-review"),
])
def test_hostile_files(tmp_path: Path, rules, catalogue, make, code) -> None:
    path = tmp_path / "PMP-review.xlsx"
    path.write_bytes(make())
    before = path.read_bytes()
    got, findings = read(path, rules, catalogue)
    assert got is None
    assert [(f.code, f.member, f.file) for f in findings] == [(code, "PMP", path.name)]
    assert path.read_bytes() == before  # a returned file is never written


def test_a_copy_of_a_member_workbook_is_no_review(tmp_path: Path, rules, catalogue) -> None:
    path = tmp_path / "PMP-review.xlsx"
    shutil.copy(INPUTS / "2025" / "PMP-2025.xlsx", path)
    got, findings = read(path, rules, catalogue)
    assert got is None and findings[0].code == "review-not-review"


def test_a_workbook_of_an_earlier_build_of_the_draft_is_read_with_a_warning(
        tmp_path: Path, rules, catalogue) -> None:
    path = tmp_path / "PMP-review.xlsx"
    wb = review_workbook(ITEMS["PMP"], year=YEAR, draft=DRAFT, draft_date="2026-03-16",
                         due=None, lang="ar", build="aaaa")
    answer(FIG.id, "موافقة")(wb)
    save_review_workbook(wb, path)
    got, findings = read_returned(path, rules, catalogue, YEAR, DRAFT, ITEMS, "bbbb")
    assert [(f.code, f.cell) for f in findings] == [("review-rebuilt", "B6")]
    assert [a.item for a in got.answers] == [FIG.id]
    assert read_returned(path, rules, catalogue, YEAR, DRAFT, ITEMS, "aaaa")[1] == []
