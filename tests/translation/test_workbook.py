"""The translator's workbook: one sheet per direction (the Arabic texts right to left),
protected, one row per text with its id, member, cell, text and context, one input column;
a returned one read with the member workbooks' care: every problem a finding with sheet and
cell, a wrong or stale file named, nothing lost."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook

from report.figures.records import Activity, PlanReport, Source
from report.figures.texts import text_id
from report.intake.texts import distinct, member_texts
from report.paths import CATALOGUE
from report.settings.catalogue import load_catalogue
from report.settings.rules import load_rules
from report.translation.workbook import (
    FIRST_ROW,
    HEADER_ROW,
    INPUT_COL,
    SHEETS,
    read_translations,
    save_translation_workbook,
    translation_workbook,
)
from tests.bad_workbooks import rezip

CAT = load_catalogue(CATALOGUE)
RULES = load_rules(CATALOGUE / "rules.toml")
ACT = Activity("PMP", "PROS", "PROS.1.2", "تتبع الأبحاث في قضايا الاتجار بالبشر",
               "تتبع الأبحاث المفتوحة على مستوى النيابات العامة.", "الشرطة القضائية",
               "النيابات العامة بالمحاكم", dt.date(2025, 5, 6),
               Source("PMP", "PMP-2025.xlsx", "الأنشطة", "A3"))
PLAN = PlanReport("PREV.2.3", "delayed", 610.0,
                  "Les sessions régionales ont été reportées.",
                  Source("EMP", "EMP-2025.xlsx", "الخطة الوطنية", "F6"))
TEXTS = distinct(member_texts([ACT], [PLAN], {m.code: m.label for m in CAT.plan.measures}))
KNOWN = {t.id: t for t in TEXTS}
TO_FR, TO_AR = SHEETS["fr"], SHEETS["ar"]


def _made(folder: Path) -> Path:
    names = {m.code: m.name for m in CAT.members}
    wb = translation_workbook(TEXTS, names, year=2025, day=dt.date(2026, 2, 20), limit=2000)
    path = folder / "translation-2025.xlsx"
    save_translation_workbook(wb, path)
    return path


def _fill(path: Path, target: Path, answers: dict[str, object],
          edit: dict[tuple[str, str], object] | None = None) -> Path:
    wb = load_workbook(path)
    for name in (TO_FR, TO_AR):
        ws = wb[name]
        for r in range(FIRST_ROW, ws.max_row + 1):
            if ws[f"A{r}"].value in answers:
                ws[f"{INPUT_COL}{r}"] = answers[ws[f"A{r}"].value]
    for (sheet, ref), value in (edit or {}).items():
        wb[sheet][ref] = value
    wb.save(target)
    return target


def test_one_sheet_per_direction_protected_the_arabic_right_to_left(tmp_path: Path) -> None:
    wb = load_workbook(_made(tmp_path))
    assert wb.sheetnames[:2] == [TO_FR, TO_AR] and wb["_stamp"].sheet_state == "veryHidden"
    to_fr, to_ar = wb[TO_FR], wb[TO_AR]
    assert to_fr.sheet_view.rightToLeft and not to_ar.sheet_view.rightToLeft
    assert to_fr.protection.sheet and to_ar.protection.sheet and wb.security.lockStructure
    rows = [[c.value for c in row] for row in to_fr.iter_rows(min_row=FIRST_ROW)]
    assert [r[0] for r in rows] == [text_id(ACT.title), text_id(ACT.description),
                                    text_id(ACT.partners), text_id(ACT.beneficiaries)]
    title = rows[0]
    assert title[1].startswith("PMP — ") and "PMP-2025.xlsx الأنشطة!C3" in title[2]
    assert (title[3], title[4], title[5]) == (ACT.title, ACT.description, None)
    assert to_fr[f"{INPUT_COL}{FIRST_ROW}"].protection.locked is False
    assert to_fr[f"D{FIRST_ROW}"].protection.locked is not False
    assert to_fr.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    comment = [c.value for c in next(to_ar.iter_rows(min_row=FIRST_ROW))]
    assert comment[3] == PLAN.comment and "PREV.2.3" in comment[4]
    assert "EMP-2025.xlsx الخطة الوطنية!H6" in comment[2]


def test_a_returned_workbook_gives_its_translations(tmp_path: Path) -> None:
    made = _made(tmp_path)
    back = _fill(made, tmp_path / "back.xlsx", {
        text_id(ACT.title): "Suivi des enquêtes en matière de traite des êtres humains",
        text_id(PLAN.comment): "تأجلت الدورات الجهوية."})
    got, findings = read_translations(back, RULES, 2025, KNOWN)
    assert findings == [] and got is not None
    pairs = {(t.source, t.target, t.lang, t.origin, member) for t, member in got.translations}
    assert pairs == {(ACT.title, "Suivi des enquêtes en matière de traite des êtres humains",
                      "fr", "translator", "PMP"),
                     (PLAN.comment, "تأجلت الدورات الجهوية.", "ar", "translator", "EMP")}


def test_every_problem_is_a_finding_with_its_cell(tmp_path: Path) -> None:
    made = _made(tmp_path)
    r = FIRST_ROW
    back = _fill(made, tmp_path / "back.xlsx", {
        text_id(ACT.title): "نص بالعربية",  # not French
        text_id(ACT.description): "Suivi des enquêtes <script>",
        text_id(ACT.partners): "Police judiciaire",  # its source edited below
        text_id(ACT.beneficiaries): "Parquets près les tribunaux",
    }, {(TO_FR, f"D{r + 2}"): "نص معدل", (TO_FR, f"{INPUT_COL}{r + 10}"): "Ligne ajoutée"})
    got, findings = read_translations(back, RULES, 2025, KNOWN)
    found = {(f.code, f.sheet, f.cell, f.member) for f in findings}
    assert found == {("translation-wrong-language", TO_FR, f"F{r}", "PMP"),
                     ("markup-in-text", TO_FR, f"F{r + 1}", "PMP"),
                     ("translation-source-edited", TO_FR, f"D{r + 2}", "PMP"),
                     ("translation-unknown-row", TO_FR, f"A{r + 10}", "")}
    assert all(f.file == "back.xlsx" and f.message.ar and f.message.fr for f in findings)
    assert got is not None
    assert [t.target for t, _ in got.translations] == ["Parquets près les tribunaux"]


def test_a_stale_file_is_named_and_its_translations_kept(tmp_path: Path) -> None:
    made = _made(tmp_path)
    back = _fill(made, tmp_path / "back.xlsx", {text_id(ACT.title): "Suivi des enquêtes"})
    now = {k: t for k, t in KNOWN.items() if k != text_id(ACT.title)}  # the text changed since
    got, findings = read_translations(back, RULES, 2025, now)
    assert {(f.code, f.cell) for f in findings} == {("translation-stale", f"A{FIRST_ROW}"),
                                                    ("translation-file-stale", "")}
    stale = next(f for f in findings if f.code == "translation-file-stale")
    assert "back.xlsx" in stale.message.fr and stale.file == "back.xlsx"
    assert got is not None and [t.source for t, _ in got.translations] == [ACT.title]


def test_a_wrong_file_is_named_never_read(tmp_path: Path) -> None:
    made = _made(tmp_path)
    other = tmp_path / "PMP-review.xlsx"
    other.write_bytes(rezip(made.read_bytes(), lambda n, b: b.replace(
        b">translation<", b">review<") if n.startswith("xl/") else b))
    got, findings = read_translations(other, RULES, 2025, KNOWN)
    assert got is None and [f.code for f in findings] == ["translation-not-translation"]
    assert findings[0].file == "PMP-review.xlsx" and "PMP-review.xlsx" in findings[0].message.fr
    got, findings = read_translations(made, RULES, 2024, KNOWN)
    assert got is None and [(f.code, f.cell) for f in findings] == [("wrong-year", "B3")]
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"%PDF-1.7 not a workbook")
    got, findings = read_translations(junk, RULES, 2025, KNOWN)
    assert got is None and [f.code for f in findings] == ["not-xlsx"]
    got, findings = read_translations(made, RULES, 2025, KNOWN)  # returned unfilled
    assert got is not None and got.translations == ()
    assert [f.code for f in findings] == ["translation-empty"]
