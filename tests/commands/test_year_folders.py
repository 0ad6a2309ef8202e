"""Year folders outside the catalogue's years (from the first year every member has an
official name to the national plan's last year): skipped with a warning by every command
that lists them, refused when asked for by name; never a traceback."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from report.cli import main
from report.paths import INPUTS
from report.settings.catalogue import load_catalogue
from tests.sample import out_with_cache


def _inputs(root: Path) -> Path:
    shutil.copytree(INPUTS / "catalogue", root / "catalogue")
    shutil.copytree(INPUTS / "2025", root / "2025")
    for name in ("0001", "99999", "2205", "1999"):
        (root / name).mkdir()
    return root


def test_the_catalogues_years(catalogue) -> None:
    assert (catalogue.years.start, catalogue.years.stop - 1) == (2019, catalogue.plan.end)


def test_folders_outside_the_years_are_skipped_with_a_warning(tmp_path: Path, sample_cache,
                                                              caplog, capsys) -> None:
    inputs = _inputs(tmp_path / "inputs")
    out = out_with_cache(tmp_path / "out", sample_cache)
    with caplog.at_level(logging.WARNING):
        code = main(["check", "--inputs", str(inputs), "--out", str(out)])  # the latest: 2025
    assert code in (0, 1)
    skipped = [r.getMessage() for r in caplog.records if "skipped" in r.getMessage()]
    assert sorted(m.split(":")[0].rsplit("/", 1)[1] for m in skipped) == [
        "0001", "1999", "2205", "99999"]
    assert "Traceback" not in capsys.readouterr().err
    assert (out / "2025" / "check").is_dir()


def test_a_year_outside_asked_for_by_name_is_a_usage_error(tmp_path: Path, capsys) -> None:
    inputs = _inputs(tmp_path / "inputs")
    for command in (["check", "--year", "2205"], ["build", "--year", "1999"],
                    ["init", "--year", "2099"]):
        out = [] if command[0] == "init" else ["--out", str(tmp_path / "out")]
        assert main([*command, "--inputs", str(inputs), *out]) == 2
        err = capsys.readouterr().err
        assert "outside the catalogue's years" in err and "Traceback" not in err
    assert load_catalogue(inputs / "catalogue").years.stop - 1 < 2099
