"""The translation round end to end on a tiny year (the sample's 2025 workbooks with one
activity left, PMP's, written in Arabic, and one comment, EMP's, written in French, neither
with its other language): the French final is refused naming them; `translate` writes the
translator's workbook, which comes back filled; `--collect` puts it into the translation
memory; the French final is built with the translations; then a changed source text loses
its translation and goes back to the translator."""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string

from report.cli import main
from report.database import translations as memory
from report.figures.texts import text_id
from report.intake.layout import (
    ACTIVITY_FIRST_ROW,
    ACTIVITY_ROWS,
    PLAN_FIRST_ROW,
    SHEET_ACTIVITIES,
    SHEET_PLAN,
    activity_col,
    plan_col,
)
from report.paths import INPUTS
from report.translation.workbook import FIRST_ROW, INPUT_COL, SHEETS
from tests.pdftext import pdf_text, squash
from tests.sample import YEAR, out_with_cache

pytestmark = pytest.mark.slow  # renders the French final

FRENCH = {  # the translator's French for PMP's activity
    "title": "Suivi des enquêtes en matière de traite des êtres humains",
    "description": "Suivi des enquêtes ouvertes par les parquets, avec des instructions pour "
                   "mener des enquêtes financières parallèles.",
    "partners": "police judiciaire, Gendarmerie royale",
    "beneficiaries": "parquets près les tribunaux"}
ARABIC = "تأجلت الدورات الجهوية المبرمجة لفائدة مفتشي الشغل."


def _tiny(root: Path) -> Path:
    """The catalogue and the 2025 workbooks: PMP's first activity and EMP's comment left,
    without their other language; every other activity and comment cleared."""
    shutil.copytree(INPUTS / "catalogue", root / "catalogue")
    shutil.copytree(INPUTS / str(YEAR), root / str(YEAR))
    for path in sorted((root / str(YEAR)).glob("*.xlsx")):
        wb = load_workbook(path)
        acts = wb[SHEET_ACTIVITIES]
        for r in range(ACTIVITY_FIRST_ROW, ACTIVITY_FIRST_ROW + ACTIVITY_ROWS):
            keep = path.name.startswith("PMP-") and r == ACTIVITY_FIRST_ROW
            for col in "ABCDEFGHIJK" if not keep else "HIJK":
                acts[f"{col}{r}"] = None
        if SHEET_PLAN in wb.sheetnames:
            plan = wb[SHEET_PLAN]
            for r in range(PLAN_FIRST_ROW, PLAN_FIRST_ROW + 20):
                plan[f"{plan_col('comment_other')}{r}"] = None
                if not path.name.startswith("EMP-"):
                    plan[f"{plan_col('comment')}{r}"] = None
        wb.save(path)
    return root


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def year(tmp_path_factory, sample_cache: Path) -> dict[str, object]:
    root = tmp_path_factory.mktemp("translate")
    inputs = _tiny(root / "inputs")
    out = out_with_cache(root / "out", sample_cache)
    wb = load_workbook(inputs / str(YEAR) / f"PMP-{YEAR}.xlsx", read_only=True)
    row = [c.value for c in next(wb[SHEET_ACTIVITIES].iter_rows(
        min_row=ACTIVITY_FIRST_ROW, max_row=ACTIVITY_FIRST_ROW))]
    wb.close()
    texts = dict(zip(("title", "description", "partners", "beneficiaries"), row[2:6],
                     strict=True))
    wb = load_workbook(inputs / str(YEAR) / f"EMP-{YEAR}.xlsx", read_only=True)
    col = column_index_from_string(plan_col("comment"))
    comment = next(v for (v,) in wb[SHEET_PLAN].iter_rows(
        min_row=PLAN_FIRST_ROW, min_col=col, max_col=col, values_only=True) if v)
    wb.close()
    common = ["--inputs", str(inputs), "--out", str(out), "--year", str(YEAR)]
    return {"inputs": inputs, "out": out, "common": common, "texts": texts,
            "comment": comment, "db": Path(__import__("os").environ["CNCLT_DATABASE"])}


def test_the_french_final_is_refused_naming_each_text_without_french(year) -> None:
    code, _, err = _run("build", "--edition", "final", "--lang", "fr", *year["common"])
    assert code == 1 and "lack their translation into fr" in err
    for field, text in year["texts"].items():
        assert text_id(text) in err, field
    assert f"PMP, PMP-{YEAR}.xlsx {SHEET_ACTIVITIES}!{activity_col('title')}" in err
    assert not (year["out"] / str(YEAR) / f"report-{YEAR}-fr.pdf").exists()


@pytest.fixture(scope="module")
def exported(year) -> Path:
    code, printed, _ = _run("translate", *year["common"])
    assert code == 0 and "5 of the members' 5 texts lack" in printed
    return year["out"] / str(YEAR) / "translation" / f"translation-{YEAR}.xlsx"


def test_the_translators_workbook_holds_each_text_once(year, exported) -> None:
    wb = load_workbook(exported, read_only=True)
    to_fr = [r for r in wb[SHEETS["fr"]].iter_rows(min_row=FIRST_ROW, values_only=True) if r[0]]
    to_ar = [r for r in wb[SHEETS["ar"]].iter_rows(min_row=FIRST_ROW, values_only=True) if r[0]]
    wb.close()
    assert [r[3] for r in to_fr] == list(year["texts"].values())
    assert [(r[0], r[3]) for r in to_ar] == [(text_id(year["comment"]), year["comment"])]


@pytest.fixture(scope="module")
def collected(year, exported) -> tuple[int, str]:
    back = year["inputs"] / str(YEAR) / "translation"
    back.mkdir()
    wb = load_workbook(exported)
    ids = {text_id(t): f for f, t in year["texts"].items()}
    ws = wb[SHEETS["fr"]]
    for r in range(FIRST_ROW, ws.max_row + 1):
        if ws[f"A{r}"].value in ids:
            ws[f"{INPUT_COL}{r}"] = FRENCH[ids[ws[f"A{r}"].value]]
    wb[SHEETS["ar"]][f"{INPUT_COL}{FIRST_ROW}"] = ARABIC
    wb.save(back / exported.name)
    before = (back / exported.name).read_bytes()
    code, printed, _ = _run("translate", "--collect", *year["common"])
    assert (back / exported.name).read_bytes() == before  # never written
    return code, printed


def test_collect_puts_the_translations_into_the_memory(year, collected) -> None:
    code, printed = collected
    assert code == 0 and "5 translations read, 5 recorded" in printed
    assert "0 texts still lack" in printed
    kept = memory.memory(year["db"])
    assert {t.target for t in kept.values()} == {*FRENCH.values(), ARABIC}
    assert all(t.origin == "translator" for t in kept.values())
    code, printed, _ = _run("translate", *year["common"])
    assert code == 0 and "has its other language" in printed


def test_the_french_final_is_built_with_the_translations(year, collected) -> None:
    code, _, err = _run("build", "--edition", "final", "--lang", "fr", *year["common"])
    assert code == 0, err
    text = squash(pdf_text(year["out"] / str(YEAR) / f"report-{YEAR}-fr.pdf"))
    assert squash(FRENCH["title"]) in text and "traduction en attente" not in text
    assert year["texts"]["title"] not in text


def test_a_changed_source_loses_its_translation(year, collected) -> None:
    path = year["inputs"] / str(YEAR) / f"PMP-{YEAR}.xlsx"
    wb = load_workbook(path)
    changed = year["texts"]["title"] + " والمتابعات"
    wb[SHEET_ACTIVITIES][f"{activity_col('title')}{ACTIVITY_FIRST_ROW}"] = changed
    wb.save(path)
    code, printed, _ = _run("translate", *year["common"])
    assert code == 0 and "1 of the members' 5 texts lack" in printed
    wb = load_workbook(year["out"] / str(YEAR) / "translation" / f"translation-{YEAR}.xlsx",
                       read_only=True)
    rows = [r for r in wb[SHEETS["fr"]].iter_rows(min_row=FIRST_ROW, values_only=True) if r[0]]
    wb.close()
    assert [(r[0], r[3]) for r in rows] == [(text_id(changed), changed)]
    code, _, err = _run("build", "--edition", "final", "--lang", "fr", *year["common"])
    assert code == 1 and text_id(changed) in err and "1 texts lack" in err
