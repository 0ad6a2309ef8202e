"""The members' review round end to end on the sample year: packs and workbooks from the
draft, one member's pack read back (figures, cells, pages, the plan measures it leads),
returns collected into the log (a hostile one among them), the final refused while items
are open, then a second draft whose change report and log show the known changes (a
figure, an activity, a measure's status and value)."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from report.cli import main
from report.intake.layout import status_choice
from report.paths import CATALOGUE
from report.publish.anchors import member_of
from report.review.draft_map import anchor_pages
from report.review.log import COLUMNS, FIRST_ROW, LOG_NAME, SHEET_ENTRIES, STATUS_COL
from report.review.record import load_record
from report.review.workbook import FIRST_ROW as ITEM_ROW
from report.review.workbook import SHEET_ITEMS
from report.settings.catalogue import load_catalogue
from tests.bad_workbooks import rezip
from tests.pdftext import pdf_text, poppler_form, squash
from tests.sample import DRAFT, YEAR, copy_inputs, out_with_cache

MEMBER = "PMP"
NAME = load_catalogue(CATALOGUE).member(MEMBER).name.ar
MEASURE = "PROS.1.2"  # PMP leads it: row 6 of its plan sheet, in progress at 19% in 2025
LEADS_NOTHING = "FIN"  # leads no measure of the plan


@pytest.fixture(scope="module")
def world(sample_build: Path, tmp_path_factory) -> dict[str, Path]:
    """Copies of the inputs and of the built draft 1 (with that build's intake and chart
    caches), then `review` on them."""
    root = tmp_path_factory.mktemp("review")
    inputs = copy_inputs(root / "inputs")
    out = out_with_cache(root / "out", sample_build / "cache")
    shutil.copytree(sample_build / str(YEAR), out / str(YEAR))
    assert main(["review", "--inputs", str(inputs), "--out", str(out)]) == 0
    folder = out / str(YEAR)
    return {"inputs": inputs, "out": out, "folder": folder,
            "round": folder / "review" / "draft1", "draft": folder / DRAFT}


def test_every_member_gets_a_pack_and_a_workbook(world) -> None:
    names = {p.name for p in world["round"].iterdir()}
    for code in [m.code for m in load_catalogue(CATALOGUE).members]:
        assert {f"{code}-review.pdf", f"{code}-review.xlsx"} <= names


def test_the_pack_prints_the_members_figures_with_their_cells(world) -> None:
    rec = load_record(world["folder"] / f"report-{YEAR}-draft1.json")
    text = squash(pdf_text(world["round"] / f"{MEMBER}-review.pdf"))
    assert poppler_form("ملف المراجعة") in text and poppler_form(NAME) in text
    mine = rec.member_figures(MEMBER)
    assert len(mine) > 10
    for _, mf in mine:  # each figure's row ends with the cell it came from
        assert re.search(rf"{re.escape(mf.cell)}\b", text), mf.cell
    cases = rec.figure("CASES.total")
    assert cases is not None and cases.of(MEMBER).cell == "C7"
    assert re.search(rf"\b{cases.of(MEMBER).value}\b", text)
    assert re.search(r"30\s*مارس\s*\.?2026", text)  # the due date from edition.toml


def test_the_pack_prints_the_measures_the_member_leads_with_cells_and_pages(world) -> None:
    rec = load_record(world["folder"] / f"report-{YEAR}-draft1.json")
    mine = rec.member_measures(MEMBER)
    assert [m.code for m in mine] == ["PROS.1.2", "PROS.2.2", "GOV.2.2"]
    assert (mine[0].status, mine[0].value, mine[0].status_cell, mine[0].value_cell) == (
        "in_progress", 19, "F6", "G6")
    items = json.loads((world["round"] / "items.json").read_text("utf-8"))
    measures = next(m for m in items["members"] if m["member"] == MEMBER)["measures"]
    dests, _ = anchor_pages(world["draft"])
    text = squash(pdf_text(world["round"] / f"{MEMBER}-review.pdf"))
    assert poppler_form("تدابير الخطة الوطنية التي تقودونها") in text
    for m, item in zip(mine, measures, strict=True):
        assert item["id"] == f"M-{m.code}" and item["cell"] == m.status_cell
        # its page: where the draft prints the measure's row (and notes)
        assert dests[f"measure-{m.code}"] in item["pages"]
        row = squash(pdf_text(world["draft"], item["pages"][0], item["pages"][0]))
        assert load_catalogue(CATALOGUE).plan.number(m.code) in row  # the report's number
        assert m.code in text and f"M-{m.code}" in text
        for cell in (m.status_cell, m.value_cell, m.comment_cell):
            assert re.search(rf"{cell}\b", text), cell
    assert rec.member_measures(LEADS_NOTHING) == ()
    other = squash(pdf_text(world["round"] / f"{LEADS_NOTHING}-review.pdf"))
    assert poppler_form("ملف المراجعة") in other
    assert poppler_form("تدابير الخطة الوطنية التي تقودونها") not in other


def test_the_pages_citing_the_member_are_read_from_the_draft(world) -> None:
    pack = pdf_text(world["round"] / f"{MEMBER}-review.pdf")
    # poppler writes the list in visual order ("...الصفحات.43 ،41 ... ،8 :"): read the set
    listed = re.search(poppler_form("ورد ذكركم في الصفحات") + r"([\d،.: ]+)", pack)
    assert listed, "no list of pages"
    pages = sorted(int(p) for p in re.findall(r"\d+", listed.group(1)))
    dests, count = anchor_pages(world["draft"])
    assert pages == sorted({p for a, p in dests.items() if member_of(a) == MEMBER})
    # the name is on each of those pages of the draft, and on no other body page
    name = poppler_form(NAME)
    on = {p for p in range(1, count + 1) if name in squash(pdf_text(world["draft"], p, p))}
    assert set(pages) == on


def test_the_workbook_lists_every_item_with_its_text(world) -> None:
    items = json.loads((world["round"] / "items.json").read_text("utf-8"))
    mine = next(m for m in items["members"] if m["member"] == MEMBER)
    wb = load_workbook(world["round"] / f"{MEMBER}-review.xlsx", read_only=True)
    rows = list(wb[SHEET_ITEMS].iter_rows(min_row=ITEM_ROW, values_only=True))
    wb.close()
    ids = [r[0] for r in rows if r[0]]
    expected = [i["id"] for k in ("figures", "activities", "paragraphs", "measures",
                                  "translations") for i in mine[k]]
    assert ids == expected and len(set(ids)) == len(ids)
    measure = next(r for r in rows if r[0] == f"M-{MEASURE}")
    assert measure[3] == "الخطة الوطنية!F6" and measure[4]
    assert "في طور الإنجاز" in measure[5] and "19%" in measure[5]
    assert "F-CASES.total" in ids and any(i.startswith("A-") for i in ids)
    assert any(i.startswith("P-") for i in ids)
    activity = next(r for r in rows if r[0] and str(r[0]).startswith("A-"))
    assert NAME in activity[5] and activity[3].startswith("الأنشطة!A")


def test_the_pack_and_workbook_show_each_text_with_its_translation(world) -> None:
    items = json.loads((world["round"] / "items.json").read_text("utf-8"))
    mine = next(m for m in items["members"] if m["member"] == MEMBER)["translations"]
    assert mine and all(i["id"].startswith("T-") and i["translation"] for i in mine)
    assert {i["lang"] for i in mine} == {"fr"}  # PMP writes in Arabic: its French
    text = squash(pdf_text(world["round"] / f"{MEMBER}-review.pdf"))
    assert poppler_form("ترجمة نصوصكم") in text
    for i in mine[:3]:
        assert " ".join(i["translation"].split()[:4]) in text and i["id"] in text
    wb = load_workbook(world["round"] / f"{MEMBER}-review.xlsx", read_only=True)
    rows = {r[0]: r for r in wb[SHEET_ITEMS].iter_rows(min_row=ITEM_ROW, values_only=True)}
    wb.close()
    assert mine[0]["translation"] in rows[mine[0]["id"]][5]
    assert rows[mine[0]["id"]][3].startswith("الأنشطة!")


def _fill(path: Path, answers: dict[str, tuple]) -> None:
    wb = load_workbook(path)
    ws = wb[SHEET_ITEMS]
    for r in range(ITEM_ROW, ws.max_row + 1):
        if ws[f"A{r}"].value in answers:
            ws[f"G{r}"], ws[f"H{r}"], ws[f"I{r}"] = answers[ws[f"A{r}"].value]
    wb.save(path)


@pytest.fixture(scope="module")
def collected(world) -> dict[str, object]:
    """PMP asks to correct CASES.total to 180 and comments, and asks a measure's status and
    value be "done" and 50%; MJ sends a zip bomb."""
    returns = world["inputs"] / str(YEAR) / "review"
    returns.mkdir()
    shutil.copy(world["round"] / f"{MEMBER}-review.xlsx", returns / f"{MEMBER}-review.xlsx")
    _fill(returns / f"{MEMBER}-review.xlsx", {
        "F-CASES.total": ("تصحيح / corriger", 180, "الرقم بعد تحيين المعطيات"),
        "F-VICTIMS.total": ("موافقة / approuver", None, None),
        f"M-{MEASURE}": ("تصحيح / corriger", "منجز / Réalisée؛ 50", "أنجز التدبير في دجنبر")})
    bomb = rezip((world["round"] / "MJ-review.xlsx").read_bytes(),
                 extra={"xl/media/pad.bin": bytes(60_000_000)})
    (returns / "MJ-review.xlsx").write_bytes(bomb)
    before = {p.name: p.read_bytes() for p in returns.iterdir()}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = main(["review", "--collect", "--inputs", str(world["inputs"]),
                     "--out", str(world["out"])])
    assert {p.name: p.read_bytes() for p in returns.iterdir()} == before  # never written
    return {"code": code, "log": world["round"] / LOG_NAME, "printed": printed.getvalue()}


def _log_rows(path: Path) -> list[tuple]:
    wb = load_workbook(path, read_only=True)
    rows = [r for r in wb[SHEET_ENTRIES].iter_rows(min_row=FIRST_ROW, values_only=True) if r[0]]
    wb.close()
    return rows


def test_collect_logs_the_correction_and_reports_the_hostile_file(collected) -> None:
    assert collected["code"] == 1  # MJ's file is an error
    out = collected["printed"]
    assert "too-large" in out and "MJ-review.xlsx" in out
    rows = _log_rows(collected["log"])
    assert [(r[0], r[8], r[9]) for r in rows] == [
        ("PMP:F-CASES.total", 180, "الرقم بعد تحيين المعطيات"),
        (f"PMP:M-{MEASURE}", "منجز / Réalisée؛ 50", "أنجز التدبير في دجنبر")]
    assert [r[STATUS_COL - 1] for r in rows] == ["مفتوح / ouvert"] * 2
    assert rows[0][5] and rows[1][5]  # their pages in the draft


def test_the_final_is_refused_while_items_are_open(world, collected, capsys) -> None:
    before = {p.name: p.read_bytes() for p in world["folder"].glob("*.pdf")}
    code = main(["build", "--edition", "final", "--inputs", str(world["inputs"]),
                 "--out", str(world["out"])])
    assert code == 1
    err = capsys.readouterr().err
    assert "review items are open" in err and "PMP:F-CASES.total" in err
    assert {p.name: p.read_bytes() for p in world["folder"].glob("*.pdf")} == before


@pytest.fixture(scope="module")
def second(world, collected) -> dict[str, Path]:
    """The secretariat accepts the requests; PMP corrects its workbook (CASES 172 -> 180;
    PROS.1.2 in progress at 19% -> done at 50%) and renames an activity; draft 2 is built,
    then the returns collected again."""
    wb = load_workbook(collected["log"])
    for r in (FIRST_ROW, FIRST_ROW + 1):
        wb[SHEET_ENTRIES].cell(r, STATUS_COL).value = "مقبول / accepté"
    wb.save(collected["log"])
    year = world["inputs"] / str(YEAR)
    wb = load_workbook(year / f"{MEMBER}-{YEAR}.xlsx")
    assert wb["البيانات"]["A7"].value == "CASES.total"
    wb["البيانات"]["C7"] = 180
    wb["الأنشطة"]["C4"] = "استقبال وفود قضائية من بلدان إفريقية"
    plan = wb["الخطة الوطنية"]
    assert plan["A6"].value == MEASURE
    plan["F6"], plan["G6"] = status_choice("done"), 50
    wb.save(year / f"{MEMBER}-{YEAR}.xlsx")
    edition = (year / "edition.toml").read_text("utf-8")
    edition = re.sub(r"(?m)^draft = 1\b", "draft = 2", edition)
    (year / "edition.toml").write_text(edition.replace("2026-03-16", "2026-04-13"), "utf-8")
    args = ["--inputs", str(world["inputs"]), "--out", str(world["out"])]
    assert main(["build", *args]) == 0
    assert main(["review", "--collect", "--draft", "1", *args]) == 1  # MJ's bomb is still there
    return {"xlsx": world["folder"] / "changes-draft1-to-draft2.xlsx",
            "pdf": world["folder"] / "changes-draft1-to-draft2.pdf"}


def test_the_change_report_shows_the_known_changes(second) -> None:
    wb = load_workbook(second["xlsx"], read_only=True)
    sheets = {ws.title: [r for r in ws.iter_rows(min_row=2, values_only=True)] for ws in wb}
    wb.close()
    figures = sheets["الأرقام"]
    assert [(r[1], r[4], r[5], r[6]) for r in figures] == [(NAME, "C7", "172", "180")]
    activities = sheets["الأنشطة"]
    assert [(r[0], r[2], r[6]) for r in activities] == [
        ("عدل", "استقبال وفود قضائية من بلدان إفريقية", "A4")]
    assert [(r[0].split()[0], r[1], r[4], r[5], r[6], r[7], r[8])
            for r in sheets["تدابير الخطة"]] == [
        (MEASURE, NAME, "F6", "في طور الإنجاز", "منجز", "19%", "50%")]
    sentences = sheets["الفقرات"]
    assert any("172" in (r[3] or "") and "180" in (r[4] or "") for r in sentences)
    text = squash(pdf_text(second["pdf"]))
    assert poppler_form("التغييرات بين المسودتين") in text
    assert "180" in text and "172" in text
    assert poppler_form("تدابير الخطة الوطنية التي تغيرت وضعيتها") in text and MEASURE in text


def test_the_log_shows_the_next_drafts_figure_and_keeps_the_status(second, world) -> None:
    rows = _log_rows(world["round"] / LOG_NAME)
    assert len(rows) == 2
    row = rows[0]
    at = [COLUMNS.index(c) for c in ("latest_draft", "latest", "matches")]
    assert tuple(row[i] for i in at) == (2, 180, "نعم / oui")  # draft 2 prints 180
    assert row[STATUS_COL - 1] == "مقبول / accepté"
    measure = rows[1]  # draft 2 prints the status and value asked for
    assert tuple(measure[i] for i in at) == (2, "منجز؛ 50%", "نعم / oui")
    assert measure[STATUS_COL - 1] == "مقبول / accepté"
