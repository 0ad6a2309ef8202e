"""A member gives its texts in both languages (template version 4: the optional
other-language columns of the activities and plan sheets): each is kept as the member's own
translation; a text in the wrong column is told, never kept; an older workbook reads as
before."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from report.figures.texts import text_key
from report.intake.gather import check_file
from report.intake.layout import (
    ACTIVITY_FIRST_ROW,
    SHEET_STAMP,
    STAMP_CELLS,
    TEMPLATE_VERSION,
    activity_col,
)
from report.intake.read import read_submission
from tests.bad_workbooks import ACTIVITY, CAT, PLAN_OK, RULES, YEAR, to_bytes, workbook, write

TITLE_FR = "Campagne de sensibilisation"
DESC_FR = "Rencontres dans les établissements scolaires"
COMMENT = "أعيد فتح الاستمارة الموحدة لإدراج متغيرات جديدة"
COMMENT_FR = "Le formulaire unique a été rouvert pour y intégrer de nouvelles variables"
ROW = ACTIVITY_FIRST_ROW


def _check(folder: Path, **act: object) -> tuple:
    plan = {"GOV.2.2": {**PLAN_OK["GOV.2.2"], "comment": COMMENT, "comment_other": COMMENT_FR}}
    wb = workbook(activities=({**ACTIVITY, **act},), plan=plan)
    data, findings = check_file(write(folder, to_bytes(wb)), CAT, RULES, YEAR, {})
    assert data is not None
    return data, {(f.sheet, f.cell, f.code) for f in findings}


def test_the_members_own_translations_are_kept_with_their_cell(tmp_path: Path) -> None:
    data, found = _check(tmp_path, title_other=TITLE_FR, description_other=DESC_FR)
    assert found == set()
    title = data.translations[text_key(ACTIVITY["title"])]
    assert (title.target, title.lang, title.origin) == (TITLE_FR, "fr", "member")
    assert title.reference.endswith(f"!{activity_col('title_other')}{ROW}")
    assert data.translations[text_key(COMMENT)].target == COMMENT_FR
    assert text_key(ACTIVITY["partners"]) not in data.translations  # none given: to translate


def test_a_text_in_the_wrong_column_is_told_and_not_kept(tmp_path: Path) -> None:
    data, found = _check(tmp_path, title_other="نص آخر بالعربية", description="",
                         description_other=DESC_FR)
    assert found == {("الأنشطة", f"{activity_col('title_other')}{ROW}", "translation-language"),
                     ("الأنشطة", f"{activity_col('description_other')}{ROW}",
                      "translation-without-text")}
    assert text_key(ACTIVITY["title"]) not in data.translations


def test_a_french_text_with_its_arabic_beside(tmp_path: Path) -> None:
    data, found = _check(tmp_path, title=TITLE_FR, title_other=ACTIVITY["title"])
    assert found == set()
    kept = data.translations[text_key(TITLE_FR)]
    assert (kept.target, kept.lang) == (ACTIVITY["title"], "ar")


def test_a_workbook_of_an_older_version_reads_its_texts_alone(tmp_path: Path) -> None:
    assert TEMPLATE_VERSION == "4"
    wb = workbook(activities=({**ACTIVITY, "title_other": TITLE_FR},))
    wb[SHEET_STAMP][STAMP_CELLS["template_version"]] = "3"
    path = write(tmp_path, to_bytes(wb))
    data, findings = check_file(path, CAT, RULES, YEAR, {})
    assert data is not None and findings == [] and data.translations == {}
    assert [a.title for a in data.activities] == [ACTIVITY["title"]]
    sub, _ = read_submission(path, RULES)
    assert sub is not None and sub.stamp["template_version"] == "3"


def test_the_blank_workbook_has_the_optional_columns_unlocked(tmp_path: Path) -> None:
    path = write(tmp_path, to_bytes(workbook(activities=())))
    ws = load_workbook(path)["الأنشطة"]
    for field in ("title_other", "description_other", "partners_other", "beneficiaries_other"):
        head = ws[f"{activity_col(field)}2"].value
        assert "باللغة الأخرى" in head and "autre langue" in head
        assert ws[f"{activity_col(field)}{ROW}"].protection.locked is False
