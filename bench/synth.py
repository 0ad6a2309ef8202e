"""Synthetic inputs folders for the benchmark: the catalogue + years 2023-2025 at a chosen size.

Deterministic (fixed seeds, same arguments -> same workbook contents). Reuses
inputs/make_sample.py: a size is the sample year with more activities per member, longer
descriptions and extra synthetic members (longer member tables and by-member charts).
Everything is written under the folder given; inputs/ is never touched.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "inputs"))

import make_sample  # noqa: E402

from report.intake.layout import ACTIVITY_ROWS, workbook_name  # noqa: E402
from report.intake.workbooks import build_workbook, save_member_workbook  # noqa: E402
from report.settings.catalogue import Catalogue, load_catalogue  # noqa: E402
from report.settings.rules import load_rules  # noqa: E402

YEARS = (2023, 2024, 2025)
SUM_INDICATORS = ("TRAININGS", "TRAINED", "CAMPAIGNS")  # extra members report these


@dataclass(frozen=True)
class Size:
    name: str
    activities: int  # per member and year (the sample has 2-4)
    paragraphs: int  # sample descriptions joined into one activity description
    extra_members: int  # synthetic associations added to the catalogue


# calibrated on this repository's templates for about 60, 150 and 300 pages
SIZES = (
    Size("60p", activities=4, paragraphs=2, extra_members=4),
    Size("150p", activities=13, paragraphs=3, extra_members=12),
    Size("300p", activities=24, paragraphs=3, extra_members=24),
)


def extend_catalogue(src: Path, dst: Path, extra: int) -> None:
    """Copy the catalogue; add ``extra`` association members reporting the sum indicators."""
    shutil.copytree(src, dst, dirs_exist_ok=True)
    if not extra:
        return
    codes = [f"SYN{i:02d}" for i in range(1, extra + 1)]
    members = "".join(
        f'\n[[member]]\ncode = "{c}"\ngroup = "association"\n'
        f'designation = {{ ar = "جمعية من جمعيات المجتمع المدني", '
        f'fr = "Association de la société civile" }}\n'
        f'[[member.name]]\napplies_from = 2019-05-23\n'
        f'ar = "جمعية تجريبية رقم {i}"\nfr = "Association fictive n° {i}"\n'
        for i, c in enumerate(codes, 1))
    (dst / "members.toml").write_text((src / "members.toml").read_text("utf-8") + members,
                                      "utf-8")
    text = (src / "indicators.toml").read_text("utf-8")
    blocks = text.split("[[indicator]]")
    added = ", ".join(f'"{c}"' for c in codes)
    for i, block in enumerate(blocks):
        m = re.search(r'^code = "(\w+)"', block, re.M)
        if m and m.group(1) in SUM_INDICATORS:
            blocks[i] = block.replace("reporters = [", f"reporters = [{added}, ", 1)
    (dst / "indicators.toml").write_text("[[indicator]]".join(blocks), "utf-8")


def _activities(cat: Catalogue, year: int, pool: list[dict], size: Size,
                rng: random.Random) -> list[dict]:
    n = min(ACTIVITY_ROWS, size.activities + rng.randint(-1, 1))
    out = []
    for _ in range(n):
        act = rng.choice(pool)
        measure = cat.plan.measure(act["measure"])
        axis = next(a for a in cat.plan.axes if measure in a.measures)
        desc = " ".join([act["description"]] +
                        [rng.choice(pool)["description"] for _ in range(size.paragraphs - 1)])
        out.append({
            "axis": f"{axis.code} — {axis.label.ar}",
            "measure": f"{measure.code} — {measure.label.ar}",
            "title": act["title"], "description": desc,
            "partners": act["partners"], "beneficiaries": act["beneficiaries"],
            "date": dt.datetime(year, rng.randint(1, 12), rng.randint(1, 28)),
        })
    return sorted(out, key=lambda a: a["measure"])


def make_inputs(folder: Path, size: Size) -> Path:
    """Write ``folder``/catalogue and ``folder``/<year>/ for YEARS; return ``folder``."""
    if folder.exists():
        shutil.rmtree(folder)
    extend_catalogue(ROOT / "inputs" / "catalogue", folder / "catalogue", size.extra_members)
    cat = load_catalogue(folder / "catalogue")
    rules = load_rules(folder / "catalogue" / "rules.toml")
    pool_file = ROOT / "inputs" / "sample_activities.toml"
    pool = tomllib.loads(pool_file.read_text("utf-8"))["activity"]
    plan_file = ROOT / "inputs" / "sample_plan.toml"  # the leads' plan sheets, as the sample
    stories = {m["code"]: m for m in tomllib.loads(plan_file.read_text("utf-8"))["measure"]}
    edition = (ROOT / "inputs" / "2025" / "edition.toml").read_text("utf-8")
    for year in YEARS:
        (folder / str(year)).mkdir(parents=True)
        (folder / str(year) / "edition.toml").write_text(
            edition.replace("2025", str(year)).replace("2026", str(year + 1)), "utf-8")
        emblem = ROOT / "inputs" / "2025" / "emblem.svg"  # the covers' mark edition.toml names
        if emblem.exists():
            shutil.copy(emblem, folder / str(year))
        recommendations = ROOT / "inputs" / "2025" / "recommendations.toml"
        if recommendations.exists():  # a final edition needs them (the bench publishes 2024)
            shutil.copy(recommendations, folder / str(year))
        for member in cat.members:
            rng = random.Random(f"bench-{size.name}-{year}-{member.code}")
            values: dict[str, int] = {}
            for ind in cat.indicators_of(member.code):
                total = (rng.randint(2, 40) if member.code.startswith("SYN")
                         else make_sample.member_total(ind, member.code, year, rng))
                values |= make_sample.indicator_values(ind, total, rng)
            acts = _activities(cat, year, pool, size, rng)
            plan = make_sample.plan_rows(cat.in_year(year), member.code, year, stories)
            wb = build_workbook(cat, rules, member, year, values=values, activities=acts,
                                plan=plan)
            save_member_workbook(wb, folder / str(year) / workbook_name(member.code, year))
    return folder


def change_one_member(folder: Path, year: int = 2025, member: str = "SOL") -> Path:
    """A draft-cycle edit: one figure and one activity of one member's workbook."""
    from openpyxl import load_workbook

    from report.intake.layout import ACTIVITY_FIRST_ROW, SHEET_ACTIVITIES, SHEET_DATA, data_slots

    path = folder / str(year) / workbook_name(member, year)
    cat = load_catalogue(folder / "catalogue")
    wb = load_workbook(path)
    slot = next(s for s in data_slots(cat, member) if s.is_input and s.key == "TRAININGS.total")
    cell = wb[SHEET_DATA][slot.cell]
    cell.value = int(cell.value or 0) + 1
    acts = wb[SHEET_ACTIVITIES]
    desc = acts[f"D{ACTIVITY_FIRST_ROW}"]
    desc.value = f"{desc.value} وقد تم تحيين هذا النشاط بعد مراجعة المسودة."
    save_member_workbook(wb, path)
    return path


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("size", choices=[s.name for s in SIZES])
    ap.add_argument("folder", type=Path)
    a = ap.parse_args()
    print(make_inputs(a.folder, next(s for s in SIZES if s.name == a.size)))
