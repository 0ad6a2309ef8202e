"""A real-shaped year, as clerks fill it (issue 10): breakdowns not collected, a member's
"not available", Tifinagh in an activity, odd file names. Its final builds; nothing is
counted as 0; the report prints a dash with a note naming the member; the annex writes an
empty value with its status; check and build never crash on a file name nor let one forge
a terminal line."""

from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from report.cli import main
from report.intake.layout import (
    ACTIVITY_FIRST_ROW,
    SHEET_ACTIVITIES,
    SHEET_DATA,
    data_slots,
    workbook_name,
)
from report.intake.numbers import choice_text
from report.paths import INPUTS
from tests.bad_workbooks import CAT, to_bytes
from tests.pdftext import pdf_text, poppler_form, squash
from tests.sample import out_with_cache

YEAR = 2025
NA = choice_text()
PMP = "رئاسة النيابة العامة"  # the member that does not collect the nationality of victims
TIFINAGH = "ⵜⴰⵎⵙⵙⵓⵔⵜ ⵏ ⵓⵙⵙⵏⵖⵎⵙ"


def _edited(member: str, values: dict[str, object], title: str | None = None) -> bytes:
    """The sample's workbook of ``member`` as a clerk edits it in Excel: some cells typed
    over (the plan sheet and everything else as the sample has them)."""
    wb = load_workbook(INPUTS / str(YEAR) / workbook_name(member, YEAR))
    slots = {s.key: s for s in data_slots(CAT, member)}
    for key, value in values.items():
        wb[SHEET_DATA][slots[key].cell] = value
    if title:
        wb[SHEET_ACTIVITIES][f"C{ACTIVITY_FIRST_ROW}"] = title
    return to_bytes(wb)


def _pmp() -> bytes:
    """Figures shaped like a published year: 166 victims by sex and age, nothing by
    nationality, form or place; the nationality of the persons prosecuted not collected;
    an activity titled in Tifinagh."""
    values: dict[str, object] = {"VICTIMS.total": 166, "VICTIMS.sexage.women": 71,
                                 "VICTIMS.sexage.men": 39, "VICTIMS.sexage.girls": 34,
                                 "VICTIMS.sexage.boys": 22}
    for dim in ("nationality", "form", "place"):
        values.update({f"VICTIMS.{dim}.{c.code}": NA for c in CAT.dimensions[dim].categories})
    values.update({f"PROSECUTED.nationality.{c.code}": NA
                   for c in CAT.dimensions["nationality"].categories})
    return _edited("PMP", values, f"{TIFINAGH} — يوم دراسي")


def _sol() -> bytes:
    """An association that does not count the victims it assists (a "sum" indicator)."""
    values: dict[str, object] = {"ASSISTED.total": NA}
    values.update({f"ASSISTED.service.{c.code}": NA
                   for c in CAT.dimensions["service"].categories})
    return _edited("SOL", values)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("inputs")
    shutil.copytree(INPUTS / "catalogue", root / "catalogue")
    for y in (YEAR - 1, YEAR):
        shutil.copytree(INPUTS / str(y), root / str(y))
    (root / str(YEAR) / workbook_name("PMP", YEAR)).write_bytes(_pmp())
    (root / str(YEAR) / workbook_name("SOL", YEAR)).write_bytes(_sol())
    return root


@pytest.fixture(scope="module")
def final(inputs: Path, tmp_path_factory, sample_cache: Path) -> Path:
    out = out_with_cache(tmp_path_factory.mktemp("out"), sample_cache)
    assert main(["build", "--inputs", str(inputs), "--out", str(out), "--edition", "final"]) == 0
    return out / str(YEAR)


def test_check_accepts_not_available(inputs: Path, tmp_path: Path, capsys) -> None:
    assert main(["check", "--inputs", str(inputs), "--out", str(tmp_path)]) == 0
    text = capsys.readouterr().out
    pmp = next(line for line in text.splitlines() if line.startswith("PMP "))
    assert pmp.split()[:3] == ["PMP", "submitted", "0"]
    assert pmp.split()[4] == "16"  # victims: nationality 2, form 10, place 2; prosecuted 2


@pytest.mark.slow  # the final rendered
def test_final_prints_a_dash_and_names_the_member(final: Path) -> None:
    text = squash(pdf_text(final / f"report-{YEAR}.pdf"))
    note = poppler_form(f"غير متوفر لدى {PMP} (معطى لا يُجمع)")
    assert note in text
    assert text.count(note) >= 2  # the victims' breakdowns, the persons prosecuted
    assert poppler_form("لا يشمل هذا الرقم معطيات") in text  # ASSISTED leaves SOL out


@pytest.mark.slow
def test_final_prints_tifinagh(final: Path) -> None:
    import subprocess

    fonts = subprocess.run(["pdffonts", str(final / f"report-{YEAR}.pdf")], capture_output=True,
                           text=True, check=True).stdout
    assert "CNCLT-Tifinagh" in fonts


def _rows(final: Path, part: str) -> list[dict[str, str]]:
    data = (final / f"data-{YEAR}-{part}.csv").read_bytes().decode("utf-8")
    return list(csv.DictReader(io.StringIO(data, newline="")))


@pytest.mark.slow
def test_annex_writes_empty_values_with_their_status(final: Path) -> None:
    figures = {r["key"]: r for r in _rows(final, "figures") if r["year"] == str(YEAR)}
    for key in ("VICTIMS.nationality.moroccan", "VICTIMS.form.SEX",
                "PROSECUTED.nationality.foreign"):
        assert (figures[key]["value"], figures[key]["status"]) == ("", "na")
    assert figures["VICTIMS.total"]["value"] == "166"
    assert figures["VICTIMS.sexage.women"]["status"] == ""
    sources = [r for r in _rows(final, "sources")
               if r["key"] == "ASSISTED.total" and r["year"] == str(YEAR)]
    sol = next(r for r in sources if r["member"] == "SOL")
    assert (sol["value"], sol["status"]) == ("", "na")
    others = sum(int(r["value"]) for r in sources if r["member"] != "SOL")
    assert figures["ASSISTED.total"]["value"] == str(others)  # SOL is not counted as 0
    assert figures["ASSISTED.total"]["not_available"] == "SOL"


@pytest.mark.slow
def test_annex_keeps_every_members_figures(final: Path) -> None:
    year = [r for r in _rows(final, "sources") if r["year"] == str(YEAR)]  # the annex: a series
    rows = [r for r in year if r["key"] == "CONVICTED.total"]
    assert {(r["member"], r["role"]) for r in rows} == {("CSPJ", "used"), ("MJ", "compared")}
    assert len({r["value"] for r in rows}) == 2  # two different figures, both kept
    rows = [r for r in year if r["key"] == "VICTIMS.total"]
    assert {(r["member"], r["role"]) for r in rows} == {("PMP", "used"), ("DGSN", "partial")}


# -- hostile file names --------------------------------------------------------------------
ODD = "PMP-2025 \x1b[2J\x1b[31m\u202elmth.exe\n.xlsx"  # PMP's workbook, a name to forge lines
NOT_UTF8 = os.fsdecode(b"X\xff\xfe-2025.xlsx")  # bytes that are not UTF-8, not a member


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(INPUTS / "catalogue", root / "catalogue")
    folder = root / str(YEAR)
    shutil.copytree(INPUTS / str(YEAR), folder)
    (folder / "PMP-2025.xlsx").rename(folder / ODD)
    shutil.copy(folder / "MJ-2025.xlsx", folder / NOT_UTF8)
    (folder / "DGSN-2025.xlsx.bak").write_bytes(b"old copy")
    return root


def test_check_shows_hostile_names_escaped(hostile: Path, tmp_path: Path, capfd) -> None:
    assert main(["check", "--inputs", str(hostile), "--out", str(tmp_path)]) == 1
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err
    assert "\x1b" not in out and "\u202e" not in out and "\udcff" not in out
    assert "PMP-2025 <U+001B>[2J<U+001B>[31m<U+202E>lmth.exe<U+000A>.xlsx" in out
    assert "X<0xFF><0xFE>-2025.xlsx" in out
    for line in out.splitlines():  # no line starts with a forged piece of a file name
        assert not line.startswith(".xlsx")
    pmp = next(line for line in out.splitlines() if line.startswith("PMP "))
    assert pmp.split()[1] == "submitted"
    dgsn = next(line for line in out.splitlines() if line.startswith("DGSN "))
    assert dgsn.split()[1] == "submitted"  # its .bak copy is a warning beside the workbook
    assert "ignored-file" in out and (tmp_path / str(YEAR) / "check" / "summary.xlsx").exists()


@pytest.mark.slow  # a draft rendered
def test_draft_builds_with_hostile_names(hostile: Path, tmp_path: Path, capfd) -> None:
    assert main(["build", "--inputs", str(hostile), "--out", str(tmp_path)]) == 0
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err and "\x1b" not in out + err
    manifest = (tmp_path / str(YEAR) / "manifest.json").read_text("utf-8")
    assert "<U+001B>" in manifest and "<0xFF><0xFE>" in manifest
