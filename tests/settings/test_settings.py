"""Settings files (edition.toml, the catalogue, rules.toml, charts.toml): every fault of a
file is listed at once; an unknown key (a typo) is a warning; the command line prints both
as single lines with the command's exit code, never a traceback."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from report.charts.specs import ChartSpecError, load_specs
from report.paths import CATALOGUE, CHARTS, INPUTS, ROOT
from report.settings.catalogue import CatalogueError, load_catalogue
from report.settings.edition import EditionError, load_edition
from tests.logged import logged

YEAR = 2025


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    root = tmp_path / "inputs"
    shutil.copytree(CATALOGUE, root / "catalogue")
    (root / str(YEAR)).mkdir()
    for name in ("edition.toml", "emblem.svg"):
        shutil.copy(INPUTS / str(YEAR) / name, root / str(YEAR) / name)
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_edition_lists_every_fault_and_warns_on_a_typo(inputs: Path) -> None:
    path = inputs / str(YEAR) / "edition.toml"
    _edit(path, "publication_date = ", "pubication_date = ")
    _edit(path, "draft = 1", 'draft = "one"')
    _edit(path, 'digits = "latn"', 'digits = "roman"')
    with logged("pubication_date: unknown key"), \
            pytest.raises(EditionError) as caught:
        load_edition(path, YEAR, 2020)
    message = str(caught.value)
    for fault in ("publication_date: missing", "draft must be a whole number",
                  'digits must be "latn"'):
        assert fault in message


def test_edition_emblem_must_be_an_image_file(inputs: Path) -> None:
    path = inputs / str(YEAR) / "edition.toml"
    assert load_edition(path, YEAR, 2021).emblem == (path.parent / "emblem.svg").resolve()
    _edit(path, 'emblem = "emblem.svg"', 'emblem = "missing.svg"')
    with pytest.raises(EditionError, match="emblem 'missing.svg': no such file"):
        load_edition(path, YEAR, 2021)
    _edit(path, 'emblem = "missing.svg"', 'emblem = "edition.toml"')
    with pytest.raises(EditionError, match="an image file is needed"):
        load_edition(path, YEAR, 2021)


def test_edition_unknown_key_alone_is_only_a_warning(inputs: Path) -> None:
    path = inputs / str(YEAR) / "edition.toml"
    path.write_text(path.read_text("utf-8") + 'pubication_date = 2026-07-01\n', "utf-8")
    with logged("pubication_date"):
        edition = load_edition(path, YEAR, 2020)
    assert edition.number == 6  # the report on 2025, the first one covering 2020


def test_edition_number_comes_from_the_first_report_year(inputs: Path) -> None:
    path = inputs / str(YEAR) / "edition.toml"
    assert load_edition(path, YEAR, 2021).number == 5
    path.write_text("number = 5\n" + path.read_text("utf-8"), "utf-8")
    with logged("number: not read any more.*first_report_year"):
        assert load_edition(path, YEAR, 2020).number == 6
    with pytest.raises(EditionError, match="first national report covers 2026"), \
            logged():
        load_edition(path, YEAR, 2026)


def test_catalogue_lists_faults_of_several_files(inputs: Path) -> None:
    folder = inputs / "catalogue"
    _edit(folder / "members.toml", 'code = "DH"\ngroup = "sector"\n', 'code = "DH"\n')
    _edit(folder / "dimensions.toml", '{ code = "female", ar = "إناث", fr = "Femmes" }',
          '{ code = "female", ar = "إناث" }')
    _edit(folder / "commission.toml", 'acronym = "CNCLT"', 'acronim = "CNCLT"')
    with logged("acronim: unknown key"), \
            pytest.raises(CatalogueError) as caught:
        load_catalogue(folder)
    message = str(caught.value)
    assert "members: member 1: group: missing" in message
    assert "dimensions: dimension.sex: category: fr: missing" in message
    assert "commission: file: acronym: missing" in message


def test_chart_specs_list_every_fault(tmp_path: Path) -> None:
    path = tmp_path / "charts.toml"
    text = (CHARTS / "charts.toml").read_text("utf-8")
    text = text.replace('kind = "trend"', 'kind = "pie"', 1).replace('chapter = "figures"',
                                                                     'chaptr = "figures"', 1)
    path.write_text(text, "utf-8")
    with logged("chaptr"), pytest.raises(ChartSpecError) as caught:
        load_specs(path)
    assert "kind must be one of" in str(caught.value)
    assert "chapter: missing" in str(caught.value)


def test_a_chart_of_one_bar_per_member_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "charts.toml"
    path.write_text('[[chart]]\nid = "trained_by_member"\nkind = "by_member"\n'
                    'indicator = "TRAINED"\nchapter = "prevention"\nar = "ت"\nfr = "t"\n',
                    "utf-8")
    with pytest.raises(ChartSpecError, match="never ranks members"):
        load_specs(path)


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build_report.py"), *args],
                          capture_output=True, text=True, cwd=ROOT)


@pytest.mark.parametrize("command", ["build", "check", "init"])
def test_bad_rules_file_is_exit_2_with_one_line_for_every_command(inputs: Path, tmp_path: Path,
                                                                  command: str) -> None:
    _edit(inputs / "catalogue" / "rules.toml", 'severity = "warning"', 'severity = "meh"')
    year = ["--year", "2026" if command == "init" else str(YEAR)]
    out = [] if command == "init" else ["--out", str(tmp_path / "out")]
    proc = _cli(command, "--inputs", str(inputs), *year, *out)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"{command}: ") and "severity must be one of" in proc.stderr
    assert not (tmp_path / "out" / str(YEAR)).exists()


def test_typo_in_edition_is_printed_as_one_warning_line(inputs: Path, tmp_path: Path) -> None:
    path = inputs / str(YEAR) / "edition.toml"
    _edit(path, "publication_date = ", "pubication_date = ")
    proc = _cli("build", "--inputs", str(inputs), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2
    lines = proc.stderr.splitlines()
    assert lines[0] == f"warning: {path}: pubication_date: unknown key, ignored (a typo?)"
    assert lines[-1].startswith("build: ") and "publication_date: missing" in lines[-1]
