"""The national plan's measures in the review round: a lead's items (status, value and
comment as printed, its plan sheet's cells, the pages of the measure's row and notes), its
review workbook's rows and a correction read back (a status as the plan sheet's drop-down
writes it, a value, both), the log's "latest draft" for a measure, the change report's
measures whose status or value changed, and records written before the measures."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from report.intake.layout import status_choice
from report.label import Label
from report.language.formatting import Formatter
from report.review.changes import compare, measure_changes
from report.review.draft_map import read_html
from report.review.items import (
    MEASURE,
    MeasureAsk,
    load_items,
    measure_correction,
    member_items,
    write_items,
)
from report.review.log import entries_of, merge
from report.review.pack import measure_panels
from report.review.record import MeasureRecord, load_record, record_path, write_record
from report.review.workbook import (
    FIRST_ROW,
    SHEET_ITEMS,
    read_returned,
    review_workbook,
    save_review_workbook,
)
from tests.review.test_changes import _record

SHEET = "الخطة الوطنية"


def _measure(code: str, lead: str, status: str, value: float | None, row: int,
             comment: str = "", unit: str = "percent") -> MeasureRecord:
    labels = {"in_progress": ("في طور الإنجاز", "En cours"), "done": ("منجز", "Réalisée"),
              "delayed": ("متأخر", "En retard")}
    ar, fr = labels[status]
    shown = "—" if value is None else (f"{value:g}%" if unit == "percent" else f"{value:g}")
    return MeasureRecord(code, code.split(".")[0], Label(f"تدبير {code}", f"Mesure {code}"),
                         lead, unit, status, Label(ar, fr), value, shown, 50.0, 2030, comment,
                         f"{lead}-2025.xlsx", SHEET, f"F{row}", f"G{row}", f"H{row}")


MEASURES = (_measure("PROS.1.2", "PMP", "in_progress", 19.0, 6),
            _measure("GOV.2.2", "PMP", "delayed", 40.0, 7, "تأخر إعداد الاستمارة"),
            _measure("PREV.1.1", "COM", "done", 3.0, 6, unit="count"))
HTML = """<section class="chapter" id="plan"><h1 id="plan-h">تنفيذ الخطة الوطنية</h1>
<table><tr id="measure-PROS.1.2" data-measure="PROS.1.2"><th>PROS.1.2</th><td>19%</td></tr>
<tr id="measure-GOV.2.2" data-measure="GOV.2.2"><th>GOV.2.2</th><td>40%</td></tr>
<tr id="measure-PREV.1.1" data-measure="PREV.1.1"><th>PREV.1.1</th><td>3</td></tr></table>
<div class="measure-note" id="measure-GOV.2.2-delayed" data-measure="GOV.2.2">
<p>تأخر إعداد الاستمارة</p></div></section>"""
PAGES = {"measure-PROS.1.2": 30, "measure-GOV.2.2": 31, "measure-GOV.2.2-delayed": 32,
         "measure-PREV.1.1": 28, "plan-h": 27}


def _rec(draft: int = 1, measures: tuple[MeasureRecord, ...] = MEASURES):
    return replace(_record(draft, (), ()), measures=measures)


def _map(html: str = HTML):
    found = read_html(html)
    return replace(found, pages=PAGES, page_count=40)


def _fmt() -> Formatter:
    return Formatter("ar", {}, "latn")


def test_a_lead_reviews_each_measure_with_its_cells_and_pages() -> None:
    items = member_items(_rec(), _map(), "PMP", _fmt(), "غير متوفر")
    assert [(i.id, i.kind, i.where, i.pages) for i in items.measures] == [
        ("M-PROS.1.2", MEASURE, f"{SHEET}!F6", (30,)),
        ("M-GOV.2.2", MEASURE, f"{SHEET}!F7", (31, 32))]  # its row and its note
    delayed = items.measures[1].text
    assert "متأخر" in delayed and "40%" in delayed and "تأخر إعداد الاستمارة" in delayed
    assert {30, 31, 32} <= set(items.pages)
    panels = measure_panels(_rec(), items)
    assert [(p.code, p.status_cell, p.value_cell, p.comment_cell, p.value_text, p.pages)
            for p in panels] == [("PROS.1.2", "F6", "G6", "H6", "19%", (30,)),
                                 ("GOV.2.2", "F7", "G7", "H7", "40%", (31, 32))]
    # a member that leads nothing has no measure to review
    assert member_items(_rec(), _map(), "MJ", _fmt(), "غير متوفر").measures == ()


def test_the_items_of_a_round_keep_their_measures(tmp_path: Path) -> None:
    items = member_items(_rec(), _map(), "PMP", _fmt(), "غير متوفر")
    write_items(tmp_path, 1, "abc", [items])
    assert load_items(tmp_path).members["PMP"] == items
    # a round written before the measures (version 1) reads with none
    data = json.loads((tmp_path / "items.json").read_text("utf-8"))
    data["version"] = 1
    for m in data["members"]:
        del m["measures"]
    (tmp_path / "items.json").write_text(json.dumps(data), "utf-8")
    assert load_items(tmp_path).members["PMP"].measures == ()


def test_records_keep_the_measures_and_an_older_record_loads_without(tmp_path: Path) -> None:
    path = write_record(tmp_path, _rec())
    back = load_record(path)
    assert back.measures == MEASURES
    assert [m.code for m in back.member_measures("PMP")] == ["PROS.1.2", "GOV.2.2"]
    data = json.loads(path.read_text("utf-8"))
    data["version"] = 1
    del data["measures"]
    path.write_text(json.dumps(data), "utf-8")
    assert load_record(path).measures == ()
    data["version"] = 7
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(Exception, match="another version"):
        load_record(record_path(tmp_path, 2025, 1))


@pytest.mark.parametrize("raw, unit, expected", [
    (status_choice("done"), "percent", MeasureAsk("done", None)),  # the drop-down's text
    ("منجز", "percent", MeasureAsk("done", None)),
    ("en retard", "percent", MeasureAsk("delayed", None)),
    ("45,5%", "percent", MeasureAsk(None, 45.5)),
    (12, "count", MeasureAsk(None, 12)),
    (f"{status_choice('done')}؛ 50", "percent", MeasureAsk("done", 50.0)),
    ("50 ; في طور الإنجاز", "percent", MeasureAsk("in_progress", 50.0)),
    ("peut-être", "percent", None),
    ("منجز؛ متأخر", "percent", None),  # two statuses
    ("", "percent", None),
])
def test_a_measure_correction_reads_a_status_a_value_or_both(raw, unit, expected) -> None:
    assert measure_correction(raw, unit) == expected


def _answer(wb: Workbook, row: int, decision: object, value: object, comment: object) -> None:
    ws = wb[SHEET_ITEMS]
    ws[f"G{row}"], ws[f"H{row}"], ws[f"I{row}"] = decision, value, comment


def test_a_measure_correction_round_trip(tmp_path: Path, rules, catalogue) -> None:
    items = member_items(_rec(), _map(), "PMP", _fmt(), "غير متوفر")
    path = tmp_path / "PMP-review.xlsx"
    save_review_workbook(review_workbook(items, year=2025, draft=1, draft_date="2026-03-16",
                                         due=None, lang="ar"), path)
    wb = load_workbook(path)
    ws = wb[SHEET_ITEMS]
    rows = {ws[f"A{r}"].value: r for r in range(FIRST_ROW, ws.max_row + 1)}
    first = rows["M-PROS.1.2"]
    assert ws[f"D{first}"].value == f"{SHEET}!F6" and ws[f"E{first}"].value == "30"
    assert "في طور الإنجاز" in ws[f"F{first}"].value and "19%" in ws[f"F{first}"].value
    _answer(wb, first, "تصحيح / corriger", f"{status_choice('done')}؛ 50", "أنجز التدبير")
    _answer(wb, rows["M-GOV.2.2"], "تصحيح", "غير مفهوم", None)
    wb.save(path)
    got, findings = read_returned(path, rules, catalogue, 2025, 1, {"PMP": items})
    assert [(f.code, f.cell) for f in findings] == [("review-bad-measure",
                                                    f"H{rows['M-GOV.2.2']}")]
    assert got is not None
    assert [(a.item, a.decision, a.status, a.level, a.comment) for a in got.answers] == [
        ("M-PROS.1.2", "correct", "done", 50.0, "أنجز التدبير")]
    # the log: the next draft prints the status and value asked for
    entries = entries_of([got], {"PMP": items}, 1)
    assert [(e.id, e.kind, e.requested) for e in entries] == [
        ("PMP:M-PROS.1.2", MEASURE, f"{status_choice('done')}؛ 50")]
    same = merge([], entries, _rec(1))[0]
    assert same.matches is None and "في طور الإنجاز" in str(same.latest)  # not a later draft
    done = (_measure("PROS.1.2", "PMP", "done", 50.0, 6), *MEASURES[1:])
    later = merge([], entries, _rec(2, done))[0]
    assert later.latest_draft == 2 and later.matches is True and "منجز" in str(later.latest)
    half = (_measure("PROS.1.2", "PMP", "done", 45.0, 6), *MEASURES[1:])
    assert merge([], entries, _rec(2, half))[0].matches is False


def test_the_change_report_lists_a_measure_whose_status_changed() -> None:
    new = (_measure("PROS.1.2", "PMP", "done", 50.0, 6), MEASURES[1],
           _measure("PREV.1.1", "COM", "done", 4.0, 6, unit="count"))
    changes = measure_changes(_rec(1), _rec(2, new), _map())
    assert [(c.code, c.member, c.cell, c.old_status, c.new_status, c.old_value, c.new_value,
             c.status_changed, c.pages) for c in changes] == [
        ("PROS.1.2", "PMP", "F6", "in_progress", "done", "19%", "50%", True, (30,)),
        ("PREV.1.1", "COM", "F6", "done", "done", "3", "4", False, (28,))]
    assert compare(_rec(1), _map(), _rec(2, new), _map()).measures == changes
    # a record written before the measures compares with none
    assert measure_changes(_rec(1, ()), _rec(2, new), _map()) == ()
    assert compare(_rec(1), _map(), _rec(2), _map()).empty
