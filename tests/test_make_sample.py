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


def test_every_text_of_the_sample_has_its_french_version() -> None:
    """sample_translations.toml pairs each Arabic text of the sample's pool and plan with
    its French (one entry per text, French without Arabic letters, and every text of the
    pool, the partners a member names instead included, and of the plan covered; none
    that the sample no longer writes), so the sample's French editions print no
    untranslated text."""
    import tomllib

    from report.scripts import script

    pairs = tomllib.loads((INPUTS / "sample_translations.toml").read_text("utf-8"))["text"]
    french = {p["ar"]: p["fr"] for p in pairs}
    assert len(french) == len(pairs)
    assert all(script(a) == "ar" and script(f) == "fr" for a, f in french.items())
    assert not [f for f in french.values() if any("\u0600" <= c <= "\u06ff" for c in f)]
    pool = tomllib.loads((INPUTS / "sample_activities.toml").read_text("utf-8"))["activity"]
    plan = tomllib.loads((INPUTS / "sample_plan.toml").read_text("utf-8"))["measure"]
    texts = {a[f] for a in pool for f in ("title", "description", "partners", "beneficiaries")
             if a[f].strip()}
    texts |= {p for a in pool for p in a.get("partners_for", {}).values() if p.strip()}
    texts |= {v["comment"] for m in plan for v in m.values()
              if isinstance(v, dict) and v.get("comment")}
    assert sorted(texts - french.keys()) == []
    assert sorted(french.keys() - texts) == []


def test_a_member_that_writes_in_french_gives_the_arabic_beside() -> None:
    from openpyxl import load_workbook

    from report.scripts import script

    wb = load_workbook(INPUTS / "2025" / "EMP-2025.xlsx", read_only=True)
    row = next(wb["الأنشطة"].iter_rows(min_row=3, max_row=3, values_only=True))
    plan = [r for r in wb["الخطة الوطنية"].iter_rows(min_row=6, values_only=True) if r[7]]
    wb.close()
    assert (script(row[2]), script(row[7])) == ("fr", "ar")  # title, and beside it its Arabic
    assert plan and (script(plan[0][7]), script(plan[0][9])) == ("fr", "ar")  # the comment
