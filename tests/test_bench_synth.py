"""The benchmark's synthetic years (bench/synth.py) stay valid inputs: the catalogue it
extends loads, and `check` finds no error in the workbooks it writes. Nothing else runs the
bench, so a change to the catalogue or the workbooks would otherwise break it unseen."""

from __future__ import annotations

import sys
from pathlib import Path

from report.cli import main
from report.paths import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import synth  # noqa: E402


def test_synthetic_years_pass_check(tmp_path: Path, capsys) -> None:
    inputs = synth.make_inputs(tmp_path / "inputs", synth.Size("tiny", 1, 1, 1))
    assert (inputs / "2025" / "SYN01-2025.xlsx").is_file()
    for year in (2024, 2025):
        assert main(["check", "--inputs", str(inputs), "--year", str(year),
                     "--database", str(tmp_path / "db.sqlite3")]) == 0, \
            capsys.readouterr().out[-3000:]
