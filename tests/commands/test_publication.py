"""A year published, one of its workbooks corrected, the next year's final: the revision round
trip through the commission's database, and disclosure control over every public output.

    2024 published (recorded in the database as its final records it, without rendering:
    report/commands/record.py)
    -> PMP corrects its 2024 workbook (cases +6, women -10, men +10)
    -> 2025 final in Arabic and French, then the web edition, twice: A and B differ only
       in the 2025 victims' small breakdown cells, which disclosure control withholds; each
       with its own copy of the database.

Every build reads the sample's unchanged workbooks from the shared intake cache
(``sample_cache``); each draws its own charts.

Revision round trip: the 2025 report prints the revised 2024 figures marked [r] with the
revisions note (old value, new value, member, date), and the database keeps both values.
Recovery: A's and B's public outputs (both PDFs and their text, SVG charts, CSV, xlsx,
datapackage, and the web edition: every page's HTML with its inline SVG charts and data
tables, the files it offers, its sitemap and images) are byte for byte the same, so no
function of them can tell the withheld values apart; the database holds the true,
different values (the test is not vacuous).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from report.atomic import sha256_file
from report.cli import main
from report.commands.record import NO_PDF, record_final
from report.database import store as database
from report.intake.layout import SHEET_DATA, data_slots
from report.intake.workbooks import save_member_workbook
from report.language.texts import load_texts
from report.paths import INPUTS
from report.settings.catalogue import load_catalogue
from tests.figures.test_disclosure import attack
from tests.pdftext import pdf_text, poppler_form, squash
from tests.sample import out_with_cache

pytestmark = pytest.mark.slow  # four finals rendered

CORRECTION = {"CASES.total": +6, "VICTIMS.sexage.women": -10, "VICTIMS.sexage.men": +10}
# 2025 victims (total 278 in the sample): A and B differ only in cells disclosure withholds
SMALL_A = {"VICTIMS.sexage.women": 2, "VICTIMS.sexage.girls": 1, "VICTIMS.sexage.boys": 20,
           "VICTIMS.sexage.men": 255, "VICTIMS.nationality.foreign": 3,
           "VICTIMS.nationality.moroccan": 275, "VICTIMS.place.abroad": 2,
           "VICTIMS.place.morocco": 276, "VICTIMS.form.SLAV": 3}
SMALL_B = {"VICTIMS.sexage.women": 1, "VICTIMS.sexage.girls": 3, "VICTIMS.sexage.boys": 19,
           "VICTIMS.sexage.men": 255, "VICTIMS.nationality.foreign": 4,
           "VICTIMS.nationality.moroccan": 274, "VICTIMS.place.abroad": 1,
           "VICTIMS.place.morocco": 277, "VICTIMS.form.SLAV": 4}
WITHHELD = {k for k in SMALL_A if SMALL_A[k] != SMALL_B[k]}


def edit(path: Path, member: str, changes: dict[str, int], relative: bool = False) -> dict:
    """Change cells of a member workbook (as a member would); return the old values."""
    cat = load_catalogue(path.parent.parent / "catalogue")
    slots = {s.key: s for s in data_slots(cat, member) if s.is_input}
    wb = openpyxl.load_workbook(path)
    old = {}
    for key, value in changes.items():
        cell = wb[SHEET_DATA][slots[key].cell]
        old[key] = cell.value
        cell.value = int(cell.value) + value if relative else value
    save_member_workbook(wb, path)
    return old


@dataclass(frozen=True)
class Run:
    out: Path  # out/2025 of the final
    db: Path
    published_2024: dict[str, int]  # the 2024 figures the first final published


def _build(inputs: Path, out: Path, db: Path, *args: str, edition: str = "final") -> None:
    assert main(["build", "--inputs", str(inputs), "--out", str(out), "--database", str(db),
                 "--edition", edition, *args]) == 0


@pytest.fixture(scope="module")
def runs(tmp_path_factory, sample_cache: Path) -> dict[str, Run]:
    root = tmp_path_factory.mktemp("publication")
    inputs = root / "inputs"
    for part in ("catalogue", "2024", "2025"):
        shutil.copytree(INPUTS / part, inputs / part)
    db = root / "a" / "cnclt.sqlite3"
    cache = out_with_cache(root / "out-2024", sample_cache) / "cache"
    assert record_final(inputs, 2024, db, cache / "intake") == 1
    first = {k: f.value for k, f in database.published(db)[2024].figures.items()}
    edit(inputs / "2024" / "PMP-2024.xlsx", "PMP", CORRECTION, relative=True)
    shutil.copytree(db.parent, root / "b")
    out = {}
    for name, small in (("a", SMALL_A), ("b", SMALL_B)):
        edit(inputs / "2025" / "PMP-2025.xlsx", "PMP", small)
        db = root / name / "cnclt.sqlite3"
        if name == "a":  # the same year recorded without rendering, to compare
            shutil.copytree(db.parent, root / "a-recorded")
            record_final(inputs, 2025, root / "a-recorded" / "cnclt.sqlite3", cache / "intake")
        _build(inputs, out_with_cache(root / f"out-{name}", cache), db, "--lang", "all")
        _build(inputs, root / f"out-{name}", db, edition="web")
        out[name] = Run(root / f"out-{name}" / "2025", db, first)
    return out


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8"), newline="")))


# --- revisions ------------------------------------------------------------------------------

def test_revised_figures_in_the_annex_with_their_note(runs) -> None:
    a = runs["a"]
    rows = {r["key"]: r for r in _csv(a.out / "data-2025-revisions.csv")}
    assert set(rows) == set(CORRECTION)
    for key, delta in CORRECTION.items():
        old = a.published_2024[key]
        row = rows[key]
        assert (row["year"], row["old_value"], row["new_value"], row["members"], row["date"]) \
            == ("2024", str(old), str(old + delta), "PMP", "2026-06-30")
    figures = {(r["year"], r["key"]): r for r in _csv(a.out / "data-2025-figures.csv")}
    assert figures[("2024", "CASES.total")]["status"] == "r"
    assert figures[("2024", "CASES.total")]["value"] == str(a.published_2024["CASES.total"] + 6)
    assert figures[("2024", "CALLS.total")]["status"] == ""  # not corrected: not revised


def test_revised_figures_marked_in_the_report(runs) -> None:
    a = runs["a"]
    text = squash(pdf_text(a.out / "report-2025.pdf"))
    men = a.published_2024["VICTIMS.sexage.men"]
    # last year's column, marked [ر] (revised, in the Arabic edition's script)
    # (poppler may copy the bracketed mark around the number: "[ 69ر]")
    assert re.search(rf"{men + 10}\s*[\[\]]ر[\[\]]|[\[\]]ر[\[\]]\s*{men + 10}"
                     rf"|\[\s*{men + 10}\s*ر\]", text)
    note = text[text.rindex(poppler_form("ملاحظة المراجعات")):]  # the notes, not the contents
    cases = a.published_2024["CASES.total"]
    assert str(cases) in note and str(cases + 6) in note  # old and new value in the note
    assert re.search(r"30\s*يونيو\s*2026", note)  # the date of the edition that revises
    assert poppler_form("رئاسة النيابة العامة") in note  # the member


def test_revised_figures_marked_in_the_french_report(runs) -> None:
    a = runs["a"]
    text = squash(pdf_text(a.out / "report-2025-fr.pdf"))
    men = a.published_2024["VICTIMS.sexage.men"]
    assert re.search(rf"{men + 10}\s*\[r\]", text)  # last year's column
    note = text[text.rindex("Note sur les révisions"):]  # the notes, not the contents
    cases = a.published_2024["CASES.total"]
    assert str(cases) in note and str(cases + 6) in note
    assert "30 juin 2026" in note.replace("\u202f", " ").replace("\u00a0", " ")
    assert "Présidence du Ministère public" in note


def test_database_keeps_both_values(runs) -> None:
    a = runs["a"]
    year = database.published(a.db)[2024]
    cases = a.published_2024["CASES.total"]
    assert year.figures["CASES.total"].value == cases + 6
    assert year.first["CASES.total"] == cases
    assert [(r.key, r.old, r.new, r.members) for r in year.revisions
            if r.key == "CASES.total"] == [("CASES.total", cases, cases + 6, ("PMP",))]
    first = database.publications(a.db)[0]
    assert database.edition_figures(a.db, 2024, first[2])[2024]["CASES.total"] == (cases, "")
    corrected = a.out.parent.parent / "inputs" / "2024" / "PMP-2024.xlsx"
    assert year.submissions["PMP"].sha256 == sha256_file(corrected)


def _rows(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table of a database, in the order written."""
    with closing(sqlite3.connect(db)) as conn:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {n: conn.execute(f"SELECT * FROM {n} ORDER BY rowid").fetchall() for n in names}


def test_recording_without_rendering_writes_what_the_final_build_writes(runs) -> None:
    """record_final (how 2024 is published here) on the inputs and database A's 2025 final
    was built from writes the same rows as that build, its revisions of 2024 included, but
    the PDF's hash (and the time it was recorded); the members' own translations go to the
    translation memory with it, as with the final (but the time they were recorded)."""
    a = runs["a"]
    built, recorded = _rows(a.db), _rows(a.db.parent.with_name("a-recorded") / a.db.name)
    pubs = built.pop("publication"), recorded.pop("publication")
    kept = built.pop("translation"), recorded.pop("translation")
    assert len(kept[0]) > 200 and [t[:-1] for t in kept[0]] == [t[:-1] for t in kept[1]]
    assert [p[:5] for p in pubs[0]] == [p[:5] for p in pubs[1]] and len(pubs[0]) == 2
    assert pubs[0][1][5] == sha256_file(a.out / "report-2025.pdf")
    assert pubs[1][1][5] == NO_PDF
    assert built == recorded
    assert {r[2:4] for r in built["revision"]} == {(2024, k) for k in CORRECTION}


# --- disclosure control -------------------------------------------------------------------

def test_the_true_values_differ(runs) -> None:
    """Not vacuous: A and B recorded different true values of the withheld cells."""
    a = database.published(runs["a"].db)[2025].figures
    b = database.published(runs["b"].db)[2025].figures
    for key in WITHHELD:
        assert (a[key].value, b[key].value) == (SMALL_A[key], SMALL_B[key])
        assert a[key].status == b[key].status == "c"


def _public(folder: Path) -> dict[str, bytes]:
    """Every output of the final and of the web edition but the manifest (which lists the
    input workbooks' hashes and is not published): PDF and its text, its HTML, charts, CSV,
    xlsx, datapackage; the site's pages (charts inline), downloads, images, sitemap."""
    files = {p.relative_to(folder).as_posix(): p.read_bytes()
             for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "manifest.json"}
    for pdf in ("report-2025.pdf", "report-2025-fr.pdf"):
        files[f"{pdf} (pdftotext)"] = pdf_text(folder / pdf).encode()
    return files


def test_no_withheld_value_can_be_recovered_from_any_public_output(runs) -> None:
    a, b = _public(runs["a"].out), _public(runs["b"].out)
    assert sorted(a) == sorted(b)
    assert {"report-2025.pdf", "report-2025.pdf (pdftotext)", "report-2025.html",
            "report-2025-fr.pdf", "report-2025-fr.pdf (pdftotext)", "report-2025-fr.html",
            "charts/victims_form-fr.svg",
            "data-2025.xlsx", "data-2025-figures.csv", "data-2025-sources.csv",
            "data-2025-glotip.csv", "data-2025-sdg-16-2-2.csv", "datapackage.json",
            "charts/victims_form.svg", "charts/victims_trend.svg",
            "web/ar/figures.html", "web/fr/figures.html", "web/ar/index.html",
            "web/downloads/data-2025-figures.csv", "web/downloads/report-2025.pdf",
            "web/assets/cover-ar.png", "web/sitemap.xml"} <= set(a)
    assert [n for n in a if a[n] != b[n]] == []


def test_the_web_edition_shows_the_withheld_cells_as_c(runs) -> None:
    """Not vacuous for the site: its pages show [c] where the cells are withheld, in the
    tables and in the charts' data tables and descriptions ([س] in the Arabic edition)."""
    for lang in ("ar", "fr"):
        c = f"[{load_texts('phrases')('mark.c', lang)}]"
        page = (runs["a"].out / "web" / lang / "figures.html").read_text("utf-8")
        table = page[page.index('id="tab-victims"'):]
        assert table[:table.index("</table>")].count(c) >= 3, lang
        chart = page[page.index('id="fig-victims_form"'):]
        chart = chart[:chart.index("</figure>")]
        assert c in chart[:chart.index("</desc>")], lang  # the SVG's description
        assert c in chart[chart.index("<details"):], lang  # its data table


def test_withheld_cells_show_c_in_every_table(runs) -> None:
    out = runs["a"].out
    figures = {(r["year"], r["key"]): r for r in _csv(out / "data-2025-figures.csv")}
    for key in WITHHELD:
        assert (figures[("2025", key)]["value"], figures[("2025", key)]["status"]) == ("", "c")
    assert figures[("2025", "VICTIMS.sexage.men")]["value"] == "255"
    for r in _csv(out / "data-2025-sources.csv"):
        if r["year"] == "2025" and r["key"] in WITHHELD:
            assert (r["value"], r["status"]) == ("", "c")
    for name in ("data-2025-glotip.csv", "data-2025-sdg-16-2-2.csv"):
        for r in _csv(out / name):
            if r["year"] == "2025" and r["key"] in WITHHELD:
                assert "c" in r["status"].split()
                assert r.get("value", "") == r.get("victims", "") == r.get(
                    "rate_per_100000", "") == ""
    wb = openpyxl.load_workbook(out / "data-2025.xlsx")
    ws = wb["الأرقام"]
    heads = [c.value for c in ws[3]]
    col = {h.split(" / ")[1]: i for i, h in enumerate(heads)}
    for row in ws.iter_rows(min_row=4, values_only=True):
        if row[0] == 2025 and row[col["Clé"]] in WITHHELD:
            assert row[col["Valeur"]] is None and row[col["Statut (symboles)"]] == "c"
    svg = (out / "charts" / "victims_form.svg").read_text("utf-8")
    assert "[س]" in svg.split("</title>")[0]  # the alternative text says [س] (SLAV)
    arabic = squash(pdf_text(out / "report-2025.pdf"))
    assert len(re.findall(r"[\[\]]س[\[\]]", arabic)) >= len(WITHHELD)
    assert squash(pdf_text(out / "report-2025-fr.pdf")).count("[c") >= len(WITHHELD)


def test_an_attacker_with_the_totals_recovers_nothing(runs) -> None:
    """From the published figures alone: each withheld cell of each breakdown that adds up to
    its total can still take more than one value."""
    cat = load_catalogue(INPUTS / "catalogue")
    rows = {(int(r["year"]), r["key"]): r for r in _csv(runs["a"].out /
                                                        "data-2025-figures.csv")}
    for ind in cat.indicators:
        for b in ind.breakdowns:
            for year in (2024, 2025):
                keys = [f"{ind.code}.{b.dimension.code}.{c.code}" for c in b.dimension.categories]
                cells = [rows[(year, k)]["value"] for k in keys]
                hidden = frozenset(i for i, k in enumerate(keys)
                                   if rows[(year, k)]["status"] == "c")
                if not hidden:
                    continue
                total = int(rows[(year, f"{ind.code}.total")]["value"])
                known = [None if i in hidden else int(v) for i, v in enumerate(cells)]
                for i, (low, high) in attack(known, hidden, total, b.rule).items():
                    assert low < high, (year, keys[i])


def test_datapackage_is_valid_frictionless(runs) -> None:
    import frictionless  # pinned in requirements-dev.lock

    report = frictionless.validate(runs["a"].out / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    pkg = json.loads((runs["a"].out / "datapackage.json").read_text("utf-8"))
    assert {r["name"] for r in pkg["resources"]} == {"figures", "sources", "revisions",
                                                     "indicators", "glotip", "sdg", "plan"}
