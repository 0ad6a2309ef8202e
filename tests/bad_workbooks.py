"""The corpus of bad member workbooks: each built here from the real catalogue's template,
damaged one way, and mapped to the exact (sheet, cell, code) findings ``check`` must give.

A case's ``make(folder)`` writes one file into ``folder`` and returns its path. The
baseline (PMP, 2025, every figure filled and adding up, one valid activity) gives no
finding at all, so each expected set is the whole of what the damage causes. A case with
``folder=True`` is about the year's folder (file names, several members): ``check`` reads
the whole folder, and the expected set is PMP's findings.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook

from report.intake.layout import SHEET_ACTIVITIES as ACT
from report.intake.layout import SHEET_DATA as DATA
from report.intake.layout import SHEET_PLAN as PLAN
from report.intake.layout import SHEET_STAMP as STAMP
from report.intake.layout import data_slots, workbook_name
from report.intake.numbers import choice_text
from report.intake.workbooks import build_workbook
from report.paths import CATALOGUE
from report.settings.catalogue import load_catalogue
from report.settings.rules import load_rules

CAT = load_catalogue(CATALOGUE)
RULES = load_rules(CATALOGUE / "rules.toml")
MEMBER, YEAR = "PMP", 2025
SLOTS = {s.key: s for s in data_slots(CAT, MEMBER)}
DATA_PART = "xl/worksheets/sheet2.xml"  # help, data, activities, plan, _lists, _stamp
ACTIVITY = {"axis": "PREV — الوقاية", "measure": "PREV.1.1 — حملة وطنية سنوية",
            "title": "حملة تحسيسية", "description": "لقاءات في المؤسسات التعليمية",
            "partners": "جمعيات محلية", "beneficiaries": "1200 تلميذ",
            "date": dt.datetime(YEAR, 3, 15)}

# PMP leads three measures due in 2025 (rows 6, 7, 8 of its plan sheet), all in percent.
PLAN_ROWS = {"PROS.1.2": 6, "PROS.2.2": 7, "GOV.2.2": 8}
PLAN_OK = {"PROS.1.2": {"status": "في طور الإنجاز / En cours", "value": 20},
           "PROS.2.2": {"status": "منجز / Réalisée", "value": 100},
           "GOV.2.2": {"status": "في طور الإنجاز / En cours", "value": 80}}

Expected = frozenset[tuple[str, str, str]]


def cell(key: str) -> str:
    """The value cell of a data key in the PMP workbook, e.g. "C7" for CASES.total."""
    return SLOTS[key].cell


def valid_values() -> dict[str, object]:
    """Every input filled; each breakdown splits its total exactly."""
    values: dict[str, object] = {}
    for i, ind in enumerate(CAT.indicators_of(MEMBER)):
        total = 40 + 10 * i
        values[f"{ind.code}.total"] = total
        for b in ind.breakdowns:
            cats = b.dimension.categories
            share = [total // len(cats)] * len(cats)
            share[0] += total - sum(share)
            for c, v in zip(cats, share, strict=True):
                values[f"{ind.code}.{b.dimension.code}.{c.code}"] = v
    return values


def workbook(values: Mapping[str, object] | None = None,
             activities: tuple[Mapping[str, object], ...] = (ACTIVITY,),
             member: str = MEMBER, year: int = YEAR,
             plan: Mapping[str, Mapping[str, object]] | None = None) -> Workbook:
    """The baseline workbook, with some values changed (``plan``: rows of the plan sheet
    replaced, by measure)."""
    merged = {**valid_values(), **(values or {})}
    rows = {**PLAN_OK, **(plan or {})} if member == MEMBER else plan
    return build_workbook(CAT, RULES, CAT.member(member), year, values=merged,
                          activities=activities, plan=rows)


def to_bytes(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write(folder: Path, data: bytes, name: str | None = None) -> Path:
    path = folder / (name or workbook_name(MEMBER, YEAR))
    path.write_bytes(data)
    return path


def rezip(data: bytes, edit: Callable[[str, bytes], bytes | None] = lambda n, b: b,
          extra: Mapping[str, bytes] | None = None, level: int = zipfile.ZIP_DEFLATED) -> bytes:
    """Rewrite an xlsx part by part: ``edit`` returns new bytes, or None to drop the part."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", level) as dst:
        for info in src.infolist():
            new = edit(info.filename, src.read(info))
            if new is not None:
                dst.writestr(info.filename, new)
        for name, blob in (extra or {}).items():
            dst.writestr(name, blob)
    return out.getvalue()


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path], Path]
    expected: Expected
    previous: Mapping[str, int] = field(default_factory=dict)  # PMP's figures of last year
    previous_plan: Mapping[str, str] = field(default_factory=dict)  # last year's statuses
    folder: bool = False  # read as a year's folder (gather), not as one file


CASES: list[Case] = []


def case(name: str, expected: set[tuple[str, str, str]], previous: Mapping[str, int] | None = None,
         previous_plan: Mapping[str, str] | None = None, folder: bool = False,
         ) -> Callable[[Callable[[Path], Path]], Callable[[Path], Path]]:
    def register(make: Callable[[Path], Path]) -> Callable[[Path], Path]:
        CASES.append(Case(name, make, frozenset(expected), previous or {}, previous_plan or {},
                          folder))
        return make
    return register


def _with(values: Mapping[str, object] | None = None, **act: object) -> Callable[[Path], Path]:
    """A maker for the baseline with some figures and/or activity fields changed."""
    acts = ({**ACTIVITY, **act},)
    return lambda folder: write(folder, to_bytes(workbook(values, acts)))


def _plan(measure: str = "PROS.1.2", **row: object) -> Callable[[Path], Path]:
    """A maker for the baseline with one row of the plan sheet changed."""
    plan = {measure: {**PLAN_OK[measure], **row}}
    return lambda folder: write(folder, to_bytes(workbook(plan=plan)))


def _edit(change: Callable[[Workbook], None], name: str | None = None) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        wb = workbook()
        change(wb)
        return write(folder, to_bytes(wb), name)
    return make


def register_all() -> None:  # noqa: C901 - a flat list of cases reads best
    c7 = cell("CASES.total")
    # -- the baseline and other valid workbooks (no finding) -----------------------------
    case("valid baseline", set())(_with())
    form_above = {f"VICTIMS.form.{c.code}": 10 for c in CAT.dimensions["form"].categories}
    case("forms of exploitation above the total are allowed", set())(_with(form_above))
    case("date as an Excel serial number is accepted", set())(_with(date=45731))

    # -- not an xlsx, damaged, dangerous -----------------------------------------------------
    none = ("", "")
    case("random bytes", {(*none, "not-xlsx")})(
        lambda f: write(f, bytes(range(256)) * 40))
    case("empty file", {(*none, "not-xlsx")})(lambda f: write(f, b""))
    case("xls (Excel 97-2003)", {(*none, "not-xlsx")})(
        lambda f: write(f, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000), "PMP-2025.xls"))
    case("renamed PDF", {(*none, "not-xlsx")})(
        lambda f: write(f, b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"))
    case("HTML saved as xlsx", {(*none, "not-xlsx")})(
        lambda f: write(f, b"<html><body><table><tr><td>12</td></tr></table></body></html>"))

    def ods(folder: Path) -> Path:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
            z.writestr("content.xml", "<office:document-content/>")
        return write(folder, buf.getvalue(), "PMP-2025.ods")
    case("ods (LibreOffice)", {(*none, "not-xlsx")})(ods)

    def plain_zip(folder: Path) -> Path:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("notes.txt", "chiffres 2025")
        return write(folder, buf.getvalue())
    case("zip without a workbook", {(*none, "not-xlsx")})(plain_zip)

    def xlsm(folder: Path) -> Path:
        data = rezip(to_bytes(workbook()), lambda n, b: b.replace(
            b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml")
            if n == "[Content_Types].xml" else b, {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"})
        return write(folder, data, "PMP-2025.xlsm")
    case("xlsm with macros", {(*none, "macros")})(xlsm)

    def truncated(folder: Path) -> Path:
        data = to_bytes(workbook())
        return write(folder, data[: len(data) // 2])
    case("truncated zip", {(*none, "corrupt-file")})(truncated)

    def corrupt(folder: Path) -> Path:
        data = bytearray(rezip(to_bytes(workbook()), level=zipfile.ZIP_STORED))
        at = data.index(b"PROSECUTED.total")  # inside the stored data sheet: CRC now wrong
        data[at:at + 10] = b"XXXXXXXXXX"
        return write(folder, bytes(data))
    case("corrupt part (CRC)", {(*none, "corrupt-file")})(corrupt)

    case("zip bomb (declared size)", {(*none, "too-large")})(
        lambda f: write(f, rezip(to_bytes(workbook()),
                                 extra={"xl/media/pad.bin": bytes(8_000_000)})))
    case("zip with thousands of parts", {(*none, "too-large")})(
        lambda f: write(f, rezip(to_bytes(workbook()),
                                 extra={f"xl/media/p{i}.bin": b"x" for i in range(600)})))

    # -- whose workbook, which year, which template ----------------------------------------
    def stamp(cell_ref: str, value: object, name: str | None = None) -> Callable[[Path], Path]:
        return _edit(lambda wb: wb[STAMP].__setitem__(cell_ref, value), name)
    case("stamp sheet deleted", {(STAMP, "", "stamp-missing")})(
        _edit(lambda wb: wb.remove(wb[STAMP])))
    case("old template version", {(STAMP, "B1", "stamp-version")})(stamp("B1", "0"))
    case("workbook of another year", {(STAMP, "B2", "wrong-year")})(stamp("B2", 2024))
    case("another member's workbook, renamed", {(STAMP, "B3", "wrong-member")})(
        _edit(lambda wb: None, "DGSN-2025.xlsx"))
    case("unknown member in the stamp", {(STAMP, "B3", "unknown-member")})(
        stamp("B3", "XYZ", "XYZ-2025.xlsx"))

    # -- sheets and layout -------------------------------------------------------------------
    def rename(wb: Workbook) -> None:
        wb[DATA].title = "Data"
    case("data sheet renamed", {(DATA, "", "sheet-missing"), ("Data", "", "sheet-unexpected")})(
        _edit(rename))

    def hide(name: str) -> Callable[[Workbook], None]:
        return lambda wb: setattr(wb[name], "sheet_state", "hidden")
    case("data sheet hidden", {(DATA, "", "sheet-hidden")})(_edit(hide(DATA)))
    case("activities sheet hidden", {(ACT, "", "sheet-hidden")})(_edit(hide(ACT)))

    def extra_hidden(wb: Workbook) -> None:
        wb.create_sheet("Feuil1").sheet_state = "hidden"
    case("extra hidden sheet", {("Feuil1", "", "sheet-hidden")})(_edit(extra_hidden))
    case("merged cells over a figure",
         {(DATA, "B7", "merged-cells"), (DATA, c7, "required-empty")})(
        _edit(lambda wb: wb[DATA].merge_cells("B7:C7")))
    case("row inserted", {(DATA, "A10", "layout-shifted")})(
        _edit(lambda wb: wb[DATA].insert_rows(10)))
    case("row deleted", {(DATA, "A12", "layout-shifted")})(
        _edit(lambda wb: wb[DATA].delete_rows(12)))
    case("formula never computed", {(DATA, c7, "formula-no-value")})(
        _with({"CASES.total": "=10+30"}))

    def cached_formula(folder: Path) -> Path:
        data = to_bytes(workbook({"CASES.total": "=10+30"}))
        data = rezip(data, lambda n, b: b.replace(b"<f>10+30</f><v></v>", b"<f>10+30</f><v>40</v>")
                     if n == DATA_PART else b)
        return write(folder, data)
    case("formula with a computed value (kept, warned)", {(DATA, c7, "formula")})(cached_formula)
    case("formula in an activity, never computed", {(ACT, "C3", "formula-no-value")})(
        _with(title='=CONCAT("a","b")'))

    # -- figures ------------------------------------------------------------------------------
    def fig(value: object, key: str = "CASES.total") -> Callable[[Path], Path]:
        return _with({key: value})
    case("required figure empty", {(DATA, c7, "required-empty")})(fig(None))
    case("blank text in a figure", {(DATA, c7, "required-empty")})(fig("   "))
    case("text instead of a number", {(DATA, c7, "not-a-number")})(fig("لا شيء"))
    case("dash instead of zero", {(DATA, c7, "not-a-number")})(fig("-"))
    case("TRUE in a count", {(DATA, c7, "not-a-number")})(fig(True))
    case("date in a count", {(DATA, c7, "not-a-number")})(fig(dt.datetime(YEAR, 1, 5)))
    case("negative count", {(DATA, c7, "negative")})(fig(-3))
    case("fractional count", {(DATA, c7, "fractional")})(fig(2.5))
    case("fractional count as text", {(DATA, c7, "fractional")})(fig("12,5"))
    case("Arabic-Indic digits (repaired)", {(DATA, c7, "repaired-number")})(fig("٤٠"))
    case("number stored as text (repaired)", {(DATA, c7, "repaired-number")})(fig("40"))
    case("thousands separator (read, warned)", {(DATA, c7, "read-separator")})(fig("1,200"))
    case("stray spaces (repaired)", {(DATA, c7, "repaired-number")})(fig(" 40\u00a0"))
    women = cell("VICTIMS.sexage.women")
    case("sex x age does not add up", {(DATA, women, "sum-mismatch")})(
        fig(99, "VICTIMS.sexage.women"))
    case("nationality does not add up",
         {(DATA, cell("PROSECUTED.nationality.moroccan"), "sum-mismatch")})(
        fig(0, "PROSECUTED.nationality.moroccan"))
    form_zero = {f"VICTIMS.form.{c.code}": 0 for c in CAT.dimensions["form"].categories}
    case("forms of exploitation below the total",
         {(DATA, cell("VICTIMS.form.SEX"), "sum-below-total")})(_with(form_zero))
    case("total changed, every breakdown now wrong",
         {(DATA, cell(f"VICTIMS.{d}"), code) for d, code in (
             ("sexage.women", "sum-mismatch"), ("nationality.moroccan", "sum-mismatch"),
             ("form.SEX", "sum-below-total"), ("place.morocco", "sum-mismatch"))})(
        fig(500, "VICTIMS.total"))
    case("big change since last year", {(DATA, c7, "yoy-change")},
         previous={"CASES.total": 12})(_with())

    # -- activities ---------------------------------------------------------------------------
    case("no activity (figures all filled)", {(ACT, "A3", "no-activity")})(
        lambda f: write(f, to_bytes(workbook(activities=()))))
    case("text too long", {(ACT, "D3", "text-too-long")})(_with(description="نص " * 1000))
    case("bidi override U+202E", {(ACT, "C3", "control-chars")})(
        _with(title="حملة \u202eslcx.exe"))
    case("HTML in narrative text", {(ACT, "D3", "markup-in-text")})(
        _with(description='<img src=x onerror="alert(1)">'))
    case("Jinja in narrative text", {(ACT, "E3", "markup-in-text")})(
        _with(partners="{{ config.items() }}"))
    case("file:// link in narrative text", {(ACT, "D3", "markup-in-text")})(
        _with(description="انظر file:///etc/passwd"))
    case("axis not from the list", {(ACT, "A3", "activity-bad-choice")})(_with(axis="محور آخر"))
    case("measure of another axis", {(ACT, "B3", "activity-bad-choice")})(
        _with(measure="PROT.1.1 — تعميم دليل مؤشرات تشخيص الضحايا على المصالح الميدانية"))
    case("activity without a title", {(ACT, "C3", "activity-incomplete")})(_with(title=None))
    case("unreadable date", {(ACT, "G3", "bad-date")})(_with(date="32/13/2025"))
    case("date of another year", {(ACT, "G3", "bad-date")})(_with(date=dt.datetime(2024, 5, 1)))
    case("date typed as text (repaired)", {(ACT, "G3", "repaired-date")})(
        _with(date="15/03/2025"))

    register_plan()


def register_plan() -> None:
    """The plan sheet: statuses, values, comments, rows that are not the member's."""
    f6, g6, h6 = "F6", "G6", "H6"
    case("plan status left empty", {(PLAN, f6, "plan-status-missing")})(_plan(status=None))
    case("plan status typed, not from the list", {(PLAN, f6, "plan-status-invalid")})(
        _plan(status="جاري"))
    case("plan status typed in French (accepted)", set())(_plan(status=" en  COURS "))
    case("plan percentage above 100", {(PLAN, g6, "plan-value-bounds")})(_plan(value=120))
    case("plan percentage negative", {(PLAN, g6, "plan-value-bounds")})(_plan(value=-5))
    case("plan percentage with its sign (repaired)", {(PLAN, g6, "repaired-number")})(
        _plan(value="45,5 %"))
    case("plan value in words", {(PLAN, g6, "plan-value-invalid")})(_plan(value="النصف"))
    case("plan value missing for a measure under way", {(PLAN, g6, "plan-value-missing")})(
        _plan(value=None))
    case("done below its target", {(PLAN, g6, "plan-done-below-target")})(
        _plan(status="منجز / Réalisée", value=30))
    case("delayed without a comment", {(PLAN, h6, "plan-comment-missing")})(
        _plan(status="متأخر / En retard"))
    case("delayed with a comment", set())(
        _plan(status="متأخر / En retard", comment="تأخر في إعداد دفتر التحملات."))
    case("dropped without a value or comment", {(PLAN, h6, "plan-comment-missing")})(
        _plan(status="ملغى / Abandonnée", value=None))
    case("markup in a plan comment", {(PLAN, h6, "markup-in-text")})(
        _plan(comment="<b>تم</b>"))
    case("emoji in a plan comment: printed, so checked as an activity is",  # issue 21
         {(PLAN, h6, "glyph-missing")})(_plan(comment="تقدم جيد 👍"))
    case("Tifinagh in a plan comment is accepted", set())(_plan(comment="ⴰⵎⵙⵙⵓⵔⵜ — تقدم"))
    case("status going back from last year", {(PLAN, "F7", "plan-status-back")},
         previous_plan={"PROS.2.2": "done"})(_plan("PROS.2.2", status="في طور الإنجاز"))
    case("status moving on from last year", set(),
         previous_plan={"PROS.1.2": "not_started", "PROS.2.2": "done"})(_plan())

    def row(code: str, status: str = "منجز") -> Callable[[Workbook], None]:
        def change(wb: Workbook) -> None:
            wb[PLAN]["A9"], wb[PLAN]["F9"] = code, status
        return change
    case("unknown measure added by hand", {(PLAN, "A9", "plan-unknown-measure")})(
        _edit(row("PROS.9.9")))
    case("measure led by another member", {(PLAN, "A9", "plan-not-lead")})(
        _edit(row("PROT.3.2")))
    case("measure reported twice", {(PLAN, "A9", "plan-duplicate-measure")})(
        _edit(row("PROS.1.2")))
    case("status without its measure code", {(PLAN, "A9", "plan-unknown-measure")})(
        _edit(row(None)))

    def overwrite(wb: Workbook) -> None:
        wb[PLAN]["A6"] = "PROS.1.X"
    case("measure code overwritten",
         {(PLAN, "A6", "plan-unknown-measure"), (PLAN, f6, "plan-status-missing")})(
        _edit(overwrite))
    case("plan sheet deleted", {(PLAN, "", "sheet-missing")})(
        _edit(lambda wb: wb.remove(wb[PLAN])))
    case("plan sheet hidden", {(PLAN, "", "sheet-hidden")})(
        _edit(lambda wb: setattr(wb[PLAN], "sheet_state", "hidden")))



NA = choice_text()
STEM = f"{MEMBER}-{YEAR}"


def register_clerk_cases() -> None:  # noqa: C901 - a flat list of cases reads best
    """What clerks really send (issue 10): "not available", ambiguous numbers, any script,
    odd file names, the stamp, conflicts between members, repairs in bulk."""
    c7 = cell("CASES.total")

    def fig(value: object, key: str = "CASES.total") -> Callable[[Path], Path]:
        return _with({key: value})

    # 1. not collected: "not available" is accepted, never 0, never blank ---------------------
    nat = {f"VICTIMS.nationality.{c.code}": NA for c in CAT.dimensions["nationality"].categories}
    case("not available: a whole breakdown not collected", set())(_with(nat))
    case("not available: typed in Arabic", set())(fig("غير متوفر"))
    case("not available: typed in French, any case", set())(fig(" Non  disponible "))
    total_na = {"VICTIMS.total": NA}
    case("not available: the total, its breakdowns given",  # a finding (issue 21)
         {(DATA, cell("VICTIMS.total"), "total-na-parts-given")})(_with(total_na))
    some = {"VICTIMS.sexage.women": NA, "VICTIMS.sexage.men": 500}
    case("not available: known cells of an equal breakdown exceed the total",
         {(DATA, cell("VICTIMS.sexage.women"), "parts-above-total")})(_with(some))
    case("not available: 'n.d.' is not the choice", {(DATA, c7, "not-a-number")})(fig("n.d."))

    # template 4: "not available" is the choice of the cell beside the count (column E)
    def beside(key: str, count: object, mark: object) -> Callable[[Path], Path]:
        def change(wb: Workbook) -> None:
            wb[DATA][cell(key)] = count
            wb[DATA][SLOTS[key].na_cell] = mark
        return _edit(change)
    case("not available chosen beside an empty count", set())(beside("CASES.total", None, NA))
    case("not available chosen beside a count", {(DATA, c7, "value-and-not-available")})(
        beside("CASES.total", 40, NA))
    case("something else typed beside a count (warned, ignored)",
         {(DATA, SLOTS["CASES.total"].na_cell, "not-available-invalid")})(
        beside("CASES.total", 40, "voir note"))
    whole_breakdown = {f"VICTIMS.nationality.{c.code}": None
                       for c in CAT.dimensions["nationality"].categories}

    def nationality_beside(wb: Workbook) -> None:
        for key in whole_breakdown:
            wb[DATA][cell(key)] = None
            wb[DATA][SLOTS[key].na_cell] = NA
    case("not available chosen beside a whole breakdown", set())(_edit(nationality_beside))
    case("template 3: not available in the count cell itself is still read", set())(
        _edit(lambda wb: (wb[STAMP].__setitem__("B1", "3"),
                          wb[DATA].__setitem__(c7, NA))))
    case("not available: a dash is not the choice", {(DATA, c7, "not-a-number")})(fig("—"))

    # 2. ambiguous numbers: one separator rule; a ceiling per indicator ------------------------
    case("'2.000' is two thousand (warned)", {(DATA, c7, "read-separator")})(fig("2.000"))
    case("'12,000' is twelve thousand, above the ceiling", {(DATA, c7, "above-ceiling")})(
        fig("12,000"))
    case("'40,00' zero decimals read as 40 (warned)", {(DATA, c7, "read-separator")})(
        fig("40,00"))
    case("Arabic thousands separator (warned)", {(DATA, c7, "read-separator")})(fig("٢٬٠٠٠"))
    case("Arabic decimal separator with a fraction", {(DATA, c7, "fractional")})(fig("٤٠٫٥"))
    case("groups of two digits", {(DATA, c7, "not-a-number")})(fig("1,00,000"))
    case("a space inside a number, no thousands", {(DATA, c7, "not-a-number")})(fig("12 5"))
    case("a number above the ceiling", {(DATA, c7, "above-ceiling")})(fig(999_999))
    case("a breakdown cell above the ceiling",
         {(DATA, cell("VICTIMS.form.SEX"), "above-ceiling")})(fig("9.000.000", "VICTIMS.form.SEX"))

    # 3. any script: what the report's fonts cannot draw is found at its cell ----------------
    case("emoji in an activity title", {(ACT, "C3", "glyph-missing")})(
        _with(title="حملة تحسيسية 🤝"))
    case("CJK in a description", {(ACT, "D3", "glyph-missing")})(
        _with(description="لقاء مع وفد 中国"))
    case("Tifinagh in a title is accepted", set())(
        _with(title="ⵜⴰⵎⵙⵙⵓⵔⵜ ⵏ ⵓⵙⵙⵏⵖⵎⵙ — حملة تحسيسية"))
    case("an emoji in a cell the report does not print", set())(
        _with(axis="PREV — الوقاية 😀"))

    # 4. file names: odd names never crash; look-alikes are received, unusable --------------
    def named(name: str, data: bytes | None = None) -> Callable[[Path], Path]:
        return lambda folder: write(folder, data if data is not None else to_bytes(workbook()),
                                    name)
    none = ("", "")
    case("look-alike: .xlsx.txt", {(*none, "unusable-file")}, folder=True)(
        named(f"{STEM}.xlsx.txt"))
    case("look-alike: .xlsx.bak", {(*none, "unusable-file")}, folder=True)(
        named(f"{STEM}.xlsx.bak"))

    def folder_named(folder: Path) -> Path:
        path = folder / f"{STEM}.xlsx"
        path.mkdir()
        return path
    case("look-alike: a folder named like the workbook", {(*none, "unusable-file")},
         folder=True)(folder_named)

    def with_backup(folder: Path) -> Path:
        write(folder, to_bytes(workbook()))
        return write(folder, to_bytes(workbook()), f"{STEM}.xlsx.bak")
    case("look-alike beside the good workbook (warned)", {(*none, "ignored-file")},
         folder=True)(with_backup)
    case("newline in the file name", set(), folder=True)(named(f"{STEM}\n.xlsx"))
    case("escape sequence in the file name", set(), folder=True)(
        named(f"{STEM} \x1b[2J\x1b[31m.xlsx"))
    case("bidi override in the file name", set(), folder=True)(named(f"{STEM}\u202exslx.xlsx"))
    case("file name that is not UTF-8", set(), folder=True)(
        named(STEM + os.fsdecode(b"\xff\xfe") + ".xlsx"))

    # 5. the stamp: blank or edited is a finding -------------------------------------------
    def stamp(cell_ref: str, value: object) -> Callable[[Path], Path]:
        return _edit(lambda wb: wb[STAMP].__setitem__(cell_ref, value))
    case("stamp: member blank", {(STAMP, "B3", "stamp-blank")})(stamp("B3", None))
    case("stamp: year blank", {(STAMP, "B2", "stamp-blank")})(stamp("B2", None))
    case("stamp: version blank", {(STAMP, "B1", "stamp-blank")})(stamp("B1", "  "))
    case("stamp: member edited to lower case (warned)", {(STAMP, "B3", "stamp-edited")})(
        stamp("B3", "pmp"))
    case("stamp: year retyped as text (warned)", {(STAMP, "B2", "stamp-edited")})(
        stamp("B2", "2025"))
    case("stamp: member edited to another member", {(STAMP, "B3", "wrong-member")})(
        stamp("B3", "DGSN"))
    case("stamp: template version 1 is still read", set())(stamp("B1", "1"))

    # 7. conflicts: both members are told, naming the indicator ------------------------------
    def conflict(folder: Path) -> Path:
        other = workbook({"CASES.total": 55}, member="DGSN")
        write(folder, to_bytes(other), workbook_name("DGSN", YEAR))
        return write(folder, to_bytes(workbook()))
    # the police count in their own territory (partial in the catalogue): complementary, so
    # a different figure is no disagreement (two national reporters: tests/commands/test_check)
    case("a partial reporter's different figure is not a disagreement", set(),
         folder=True)(conflict)

    # 8. noise: repairs of form grouped, one line per member and kind ------------------------
    as_text = {k: str(v) for k, v in valid_values().items()}
    case("every figure typed as text: one grouped warning", {(DATA, c7, "repaired-numbers")})(
        _with(as_text))
    mixed = {"CASES.total": "40", "TRAININGS.total": "60", "PROSECUTED.total": "1.200"}
    case("repairs grouped, a thousands reading kept apart",
         {(DATA, c7, "repaired-numbers"), (DATA, cell("PROSECUTED.total"), "read-separator"),
          (DATA, cell("PROSECUTED.sex.female"), "sum-mismatch"),
          (DATA, cell("PROSECUTED.nationality.moroccan"), "sum-mismatch")})(_with(mixed))

    # any other warning repeated on one sheet: one line, its first message and the cells
    separators = {"CASES.total": "40,00", "TRAININGS.total": "60,00",
                  "PROSECUTED.total": "1.200"}
    case("three thousands or decimals readings: one grouped warning",
         {(DATA, c7, "read-separator"), (DATA, cell("PROSECUTED.sex.female"), "sum-mismatch"),
          (DATA, cell("PROSECUTED.nationality.moroccan"), "sum-mismatch")})(_with(separators))

    def dates_as_text(folder: Path) -> Path:
        acts = tuple({**ACTIVITY, "date": f"1{i}/03/{YEAR}"} for i in range(3))
        return write(folder, to_bytes(workbook(activities=acts)))
    case("three dates typed as text: one grouped warning", {(ACT, "G3", "repaired-dates")})(
        dates_as_text)


register_all()
register_clerk_cases()
