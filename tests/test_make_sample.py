"""The sample years are what inputs/make_sample.py writes, byte for byte."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from report.paths import INPUTS, ROOT


def test_sample_workbooks_are_rebuilt_identically(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(ROOT / "inputs" / "make_sample.py"), "--years", "2023",
                    "2024", "--out", str(tmp_path)], check=True, capture_output=True)
    for year in ("2023", "2024"):
        made = sorted(p.name for p in (tmp_path / year).glob("*.xlsx"))
        assert len(made) == 22
        for name in made:
            made_bytes = (tmp_path / year / name).read_bytes()
            assert made_bytes == (INPUTS / year / name).read_bytes(), name


def test_sample_workbooks_show_last_years_figures() -> None:
    from openpyxl import load_workbook

    wb = load_workbook(INPUTS / "2025" / "PMP-2025.xlsx", read_only=True)
    rows = {r[0]: r for r in wb["البيانات"].iter_rows(min_row=6, max_col=4, values_only=True)}
    wb.close()
    assert isinstance(rows["CASES.total"][3], int)  # column D: 2024's national figure
