"""Every kind of workbook the tool writes, printed and saved again by a real spreadsheet
program, LibreOffice Calc (headless ``soffice --convert-to``), as a member's clerk would:

- each sheet prints one page wide (every page repeats all of its sheet's header row); the
  sample's largest member's workbook prints one page per sheet, one finding's feedback on
  one page;
- the printed text shows both lines of every two-line cell (Arabic above French), the data
  sheet's labels in their order, and no two words are drawn over each other;
- opened and saved again, a workbook keeps its sheet protection, drop-downs, the feedback's
  hyperlinks and its page setup.

The kinds: a member's workbook (the sample's largest, and MJ's), a feedback workbook of one
finding and the summary (``check`` on the sample), a review workbook, a review log, a change
report's workbook, the translator's workbook (every text of the sample's report year, as if
none had its other language: both directions) and the data annex. One soffice run prints
them all, one more saves them.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote

import pytest
from openpyxl import Workbook, load_workbook

from report.cli import main
from report.commands.translate import lacking, year_texts
from report.figures.consolidate import consolidate
from report.figures.disclosure import disclose_all
from report.intake.gather import catalogue_digest, gather_years
from report.intake.layout import FIRST_DATA_ROW, SHEET_DATA, workbook_name
from report.intake.read import read_submission
from report.intake.validate import validate_submission
from report.language.formatting import Formatter
from report.outputs import annex
from report.paths import INPUTS, year_dirs
from report.review.answers import Returned
from report.review.change_report import change_workbook
from report.review.changes import compare
from report.review.log import entries_of, log_workbook, write_log
from report.review.workbook import review_workbook, save_review_workbook
from report.translation.workbook import save_translation_workbook, translation_workbook
from report.xlsxfile import save_workbook
from tests.libreoffice import convert, overlapping, words
from tests.pdftext import pdf_pages, poppler_form, squash
from tests.review.test_changes import NEW, OLD, _act, _draft, _fig, _record
from tests.review.test_review_log import ANSWERS, DAY
from tests.review.test_review_measures import MEASURES
from tests.review.test_review_workbook import ITEMS
from tests.sample import EDITION, YEAR, out_with_cache

ARABIC = re.compile(r"[\u0600-\u06ff]")
LATIN_WORD = re.compile(r"[A-Za-zÀ-ÿ0-9'’]{3,}")
ARABIC_WORD = re.compile(r"[\u0621-\u064a]{2,}")


def visible(path: Path) -> list[str]:
    wb = load_workbook(path)
    return [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]


def largest_member() -> Path:
    """The sample's member workbook of the report year with the most rows to print."""
    def rows(path: Path) -> int:
        wb = load_workbook(path)
        return sum(ws.max_row for ws in wb.worksheets if ws.sheet_state == "visible")
    return max(sorted((INPUTS / str(YEAR)).glob("*.xlsx")), key=rows)


def findings_in(feedback: Path) -> int:
    ws = load_workbook(feedback).worksheets[0]
    return sum(1 for r in range(7, ws.max_row + 1) if ws.cell(r, 8).value)


def _check_outputs(folder: Path, sample_cache: Path) -> list[Path]:
    """``check`` on the sample: a feedback workbook of one finding, and the summary."""
    out = out_with_cache(folder / "out", sample_cache)
    assert main(["check", "--inputs", str(INPUTS), "--out", str(out)]) == 0
    check = out / str(YEAR) / "check"
    one = next(p for p in sorted(check.glob("*-feedback.xlsx")) if findings_in(p) == 1)
    return [one, check / "summary.xlsx"]


def _review_outputs(folder: Path, catalogue) -> list[Path]:
    """A review workbook, a review log and a change report's workbook."""
    review = folder / "PMP-review.xlsx"
    save_review_workbook(review_workbook(ITEMS["PMP"], year=YEAR, draft=1,
                                         draft_date="2026-03-16", due=dt.date(2026, 3, 30),
                                         lang="ar"), review)
    returned = [Returned("PMP", "PMP-review.xlsx", 1, ANSWERS)]
    log = folder / "review-log.xlsx"
    write_log(log, log_workbook(entries_of(returned, ITEMS, 1), returned, [], catalogue, YEAR,
                                1, "ar"), DAY)
    old = replace(_record(1, (_fig("CASES.total", 172, PMP=172),),
                          (_act("PMP", "A3", "دورية"), _act("MJ", "A3", "يوم دراسي"))),
                  measures=MEASURES)
    new = replace(_record(2, (_fig("CASES.total", 180, PMP=180),),
                          (_act("PMP", "A3", "دورية جهوية حول حماية الضحايا"),)),
                  measures=(replace(MEASURES[0], status="done", value=50.0), *MEASURES[1:]))
    changes = compare(old, _draft(OLD, {"h-1": 12, "h-2": 12}, 40), new,
                      _draft(NEW, {"h-1": 12, "h-2": 13}, 41))
    names = {m.code: m.name("ar") for m in catalogue.members}
    report = folder / "changes-draft1-to-draft2.xlsx"
    save_workbook(change_workbook(changes, names, Formatter("ar", {}, "latn")), report)
    return [review, log, report]


def _annex(folder: Path, catalogue, rules, sample_cache: Path) -> Path:
    cat = catalogue.in_year(YEAR)
    years = [y for y in year_dirs(INPUTS) if y <= YEAR]
    data = gather_years(INPUTS, years, cat, rules, cache=sample_cache / "intake",
                        cat_digest=catalogue_digest(INPUTS / "catalogue"))
    public = disclose_all(cat, {y: consolidate(cat, d) for y, d in data.items()}, public=True)
    name = annex.names(YEAR)["xlsx"]
    (folder / name).write_bytes(annex.build_annex(cat, public, YEAR, EDITION)[name])
    return folder / name


def _translation(folder: Path, catalogue, rules, sample_cache: Path) -> Path:
    """The translator's workbook of every text the sample's members wrote in the report
    year, none translated yet: the Arabic ones to French, EMP's French ones to Arabic."""
    cat = catalogue.in_year(YEAR)
    data = gather_years(INPUTS, [YEAR], cat, rules, cache=sample_cache / "intake",
                        cat_digest=catalogue_digest(INPUTS / "catalogue"))[YEAR]
    todo = lacking(year_texts(cat, data), {})
    names = {m.code: m.name for m in cat.members}
    path = folder / f"translation-{YEAR}.xlsx"
    save_translation_workbook(translation_workbook(todo, names, year=YEAR, day=EDITION.draft_date,
                                                   limit=rules.limits.max_text_chars), path)
    return path


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory, catalogue, rules, sample_cache: Path) -> dict[str, Path]:
    """Kind -> one workbook of that kind, all in one folder."""
    folder = tmp_path_factory.mktemp("workbooks")
    members = [largest_member(), INPUTS / str(YEAR) / workbook_name("MJ", YEAR)]
    for path in members:
        shutil.copy(path, folder)
    feedback, summary = _check_outputs(tmp_path_factory.mktemp("check"), sample_cache)
    for path in (feedback, summary):
        shutil.copy(path, folder)
    review, log, changes = _review_outputs(folder, catalogue)
    kinds = {"member": members[0], "member-MJ": members[1], "feedback": feedback,
             "summary": summary, "review": review, "log": log, "changes": changes,
             "translation": _translation(folder, catalogue, rules, sample_cache),
             "annex": _annex(folder, catalogue, rules, sample_cache)}
    return {kind: folder / path.name for kind, path in kinds.items()}


@pytest.fixture(scope="module")
def printed(workbooks, tmp_path_factory) -> dict[str, Path]:
    """Kind -> the PDF LibreOffice prints of it."""
    tmp = tmp_path_factory.mktemp("printed")
    pdfs = convert(list(workbooks.values()), "pdf", tmp / "pdf", tmp / "profile")
    return {kind: pdfs[path.name] for kind, path in workbooks.items()}


@pytest.fixture(scope="module")
def resaved(workbooks, tmp_path_factory) -> dict[str, Path]:
    """Kind -> the workbook as LibreOffice saves it again (xlsx)."""
    tmp = tmp_path_factory.mktemp("resaved")
    saved = convert(list(workbooks.values()), "xlsx", tmp / "xlsx", tmp / "profile")
    return {kind: saved[path.name] for kind, path in workbooks.items()}


def sheet_pages(pdf: Path, xlsx: Path) -> dict[str, list[str]]:
    """Sheet -> the text of its printed pages, told by each page's footer (file — sheet —
    page / pages)."""
    names = sorted(visible(xlsx), key=len, reverse=True)
    found: dict[str, list[str]] = {n: [] for n in names}
    for text in pdf_pages(pdf):
        footer = [line for line in text.splitlines() if xlsx.name in line][-1]
        name = next(n for n in names if poppler_form(n) in footer)
        found[name].append(squash(text))
    return found


def french(text: str) -> str:
    """The French of a heading: its line under the Arabic, or its part after " / "."""
    return text.split("\n")[-1].split(" / ")[-1]


def heads(xlsx: Path) -> dict[str, list[str]]:
    """Sheet -> the French words of its header row (the row repeated on every page)."""
    wb = load_workbook(xlsx)
    out = {}
    for ws in wb.worksheets:
        if ws.sheet_state == "visible" and ws.print_title_rows:
            row = int(re.sub(r"\D", "", ws.print_title_rows.split(":")[0]))
            out[ws.title] = [w for c in ws[row] if isinstance(c.value, str)
                             for w in LATIN_WORD.findall(french(c.value))]
    return out


KINDS = ("member", "member-MJ", "feedback", "summary", "review", "log", "changes",
         "translation", "annex")


@pytest.mark.parametrize("kind", KINDS)
def test_every_sheet_prints_one_page_wide(kind, workbooks, printed) -> None:
    pages = sheet_pages(printed[kind], workbooks[kind])
    assert all(pages.values()), f"a sheet printed no page: {pages.keys()}"
    for sheet, head in heads(workbooks[kind]).items():
        for n, text in enumerate(pages[sheet], start=1):
            missing = [w for w in head if w not in text]
            assert not missing, f"{kind} {sheet} page {n} lacks the header's {missing}"


def test_a_member_workbook_prints_one_page_per_sheet(workbooks, printed) -> None:
    for kind in ("member", "member-MJ"):
        pages = sheet_pages(printed[kind], workbooks[kind])
        assert {s: len(p) for s, p in pages.items()} == dict.fromkeys(pages, 1), kind


def test_one_findings_feedback_prints_on_one_page(workbooks, printed) -> None:
    assert findings_in(workbooks["feedback"]) == 1
    assert len(pdf_pages(printed["feedback"])) == 1


def two_lines(xlsx: Path) -> dict[str, list[tuple[str, str]]]:
    """Sheet -> its cells holding Arabic above French (two lines), row by row."""
    wb = load_workbook(xlsx)
    out: dict[str, list[tuple[str, str]]] = {}
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        for row in ws.iter_rows():
            for c in row:
                lines = c.value.split("\n") if isinstance(c.value, str) else []
                if len(lines) == 2 and ARABIC.search(lines[0]) and LATIN_WORD.search(lines[1]):
                    out.setdefault(ws.title, []).append((lines[0], lines[1]))
    return out


def arabic_words(text: str) -> list[str]:
    return ARABIC_WORD.findall(poppler_form(text))


@pytest.mark.parametrize("kind", KINDS)
def test_both_lines_of_every_two_line_cell_are_printed(kind, workbooks, printed) -> None:
    pages = sheet_pages(printed[kind], workbooks[kind])
    for sheet, cells in two_lines(workbooks[kind]).items():
        text = " ".join(pages[sheet])
        printed_words = set(ARABIC_WORD.findall(text)) | set(LATIN_WORD.findall(text))
        for ar, fr in cells:
            lost = [w for w in [*arabic_words(ar), *LATIN_WORD.findall(fr)]
                    if w not in printed_words]
            assert not lost, f"{kind} {sheet}: {ar!r} / {fr!r} lost {lost}"


def labels(xlsx: Path) -> list[tuple[str, str]]:
    """The data sheet's labels, row by row: (Arabic, French)."""
    ws = load_workbook(xlsx)[SHEET_DATA]
    cells = (ws.cell(r, 2).value for r in range(FIRST_DATA_ROW, ws.max_row + 1))
    return [tuple(c.split("\n")) for c in cells if c]  # type: ignore[misc]


@pytest.mark.parametrize("kind", KINDS)
def test_every_word_of_every_cell_is_printed(kind, workbooks, printed) -> None:
    """No text is cut at a cell's or the page's edge (a title running over empty cells
    included): each word of each cell is somewhere on its sheet's printed pages."""
    pages = sheet_pages(printed[kind], workbooks[kind])
    wb = load_workbook(workbooks[kind])
    for sheet, texts in pages.items():
        text = " ".join(texts)
        printed_words = set(ARABIC_WORD.findall(text)) | set(LATIN_WORD.findall(text))
        cells = [c for row in wb[sheet].iter_rows() for c in row if isinstance(c.value, str)]
        lost = {(c.coordinate, w) for c in cells
                for w in [*arabic_words(c.value), *LATIN_WORD.findall(c.value)]
                if w not in printed_words}
        assert not lost, f"{kind} {sheet}: {sorted(lost)[:8]}"


@pytest.mark.parametrize("kind", ("member", "member-MJ"))
def test_the_data_sheets_labels_print_arabic_above_french_in_order(kind, workbooks,
                                                                   printed) -> None:
    """Each label's French line comes after the one before it, and between the two the
    printed text holds the label's Arabic words."""
    text = " ".join(sheet_pages(printed[kind], workbooks[kind])[SHEET_DATA])
    at = 0
    found_labels = labels(workbooks[kind])
    assert len(found_labels) > 10
    for ar, fr in found_labels:
        found = text.find(squash(fr), at)
        assert found >= 0, f"{fr!r} missing or out of order"
        between = set(ARABIC_WORD.findall(text[at:found]))
        assert set(arabic_words(ar)) <= between, f"{ar!r} is not above {fr!r}"
        at = found + len(fr)


@pytest.mark.parametrize("kind", KINDS)
def test_no_text_is_drawn_over_other_text(kind, printed) -> None:
    for n, page in enumerate(words(printed[kind]), start=1):
        pairs = overlapping(page)
        assert not pairs, f"{kind} page {n}: {[(a.text, b.text) for a, b in pairs[:5]]}"


# -- opened and saved again -----------------------------------------------------------------
def _validations(wb: Workbook) -> dict[str, set[tuple[str, str, frozenset]]]:
    """Sheet -> its drop-downs and other validations: (type, list or bound, cells); a
    sheet name quoted or not."""
    return {ws.title: {(str(dv.type), str(dv.formula1).replace("'", ""),
                        frozenset(c for rng in dv.sqref.ranges for c in rng.cells))
                       for dv in ws.data_validations.dataValidation}
            for ws in wb.worksheets if ws.data_validations.dataValidation}


def _shown(state: str) -> bool:
    return state == "visible"  # LibreOffice has no "very hidden": it keeps such a sheet hidden


@pytest.mark.parametrize("kind", KINDS)
def test_libreoffice_keeps_protection_dropdowns_and_page_setup(kind, workbooks,
                                                                resaved) -> None:
    ours, theirs = load_workbook(workbooks[kind]), load_workbook(resaved[kind])
    assert theirs.sheetnames == ours.sheetnames
    assert _validations(theirs) == _validations(ours)
    for a in ours.worksheets:
        b = theirs[a.title]
        assert (_shown(b.sheet_state), bool(b.protection.sheet), bool(b.sheet_view.rightToLeft)) \
            == (_shown(a.sheet_state), bool(a.protection.sheet), bool(a.sheet_view.rightToLeft))
        if a.sheet_state == "visible":
            assert (b.page_setup.orientation, b.page_setup.fitToWidth, b.print_title_rows) == \
                (a.page_setup.orientation, a.page_setup.fitToWidth, a.print_title_rows)


def _links(path: Path) -> dict[tuple[str, str], tuple[Path, str]]:
    """Cell -> the file its hyperlink opens (resolved) and the place in it (LibreOffice
    writes the place on its own, its spaces as %20)."""
    wb = load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.hyperlink is not None:
                    target, _, place = (c.hyperlink.target or "").partition("#")
                    out[(ws.title, c.coordinate)] = ((path.parent / target).resolve(),
                                                     unquote(c.hyperlink.location or place))
    return out


def test_libreoffice_keeps_the_feedbacks_hyperlinks(workbooks, resaved) -> None:
    for kind in ("feedback", "summary"):
        links = _links(workbooks[kind])
        assert links, kind
        assert _links(resaved[kind]) == links, kind


def test_check_reads_a_member_workbook_libreoffice_saved(workbooks, resaved, catalogue,
                                                          rules) -> None:
    """A clerk who fills the workbook in LibreOffice returns what it saves: check reads the
    same figures, activities and plan from it, with the same findings."""
    def read(path: Path):
        sub, findings = read_submission(path, rules)
        assert sub is not None, findings
        return validate_submission(catalogue, rules, sub, YEAR, {})

    ours, theirs = read(workbooks["member"]), read(resaved["member"])
    assert theirs[0] == ours[0]
    assert [(f.code, f.sheet, f.cell) for f in theirs[1]] == \
        [(f.code, f.sheet, f.cell) for f in ours[1]]
