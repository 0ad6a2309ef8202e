"""Tiny years made inside the tests: the sample's catalogue, and for each year asked its 22
member workbooks as inputs/make_sample.py writes them (the same invented figures and
activities, made for that year, each text with its other language from
sample_translations.toml), an edition.toml and the year's recommendations, so that a
year the sample does not have (2020, the commission's first report year; 2022, before the
national plan) can be checked, built to a final and reviewed."""

from __future__ import annotations

import importlib.util
import random
import shutil
import tomllib
from pathlib import Path
from types import ModuleType

from report.paths import CATALOGUE, INPUTS
from report.settings.catalogue import load_catalogue
from report.settings.rules import load_rules

EDITION = """\
draft = {draft}
draft_date = {next}-03-16
review_due = {next}-03-30
publication_date = {next}-06-30
title_ar = "التقرير الوطني السنوي حول مكافحة الاتجار بالبشر والوقاية منه"
title_fr = "Rapport national annuel sur la lutte et la prévention de la traite des êtres humains"
signatory_ar = "رئيس اللجنة الوطنية لتنسيق إجراءات مكافحة الاتجار بالبشر والوقاية منه"
signatory_fr = "Le Président de la Commission nationale"
fictitious = true
digits = "latn"
"""


def make_sample() -> ModuleType:
    """inputs/make_sample.py as a module (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location("make_sample", INPUTS / "make_sample.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def edition_text(year: int, draft: int = 1) -> str:
    return EDITION.format(draft=draft, next=year + 1)


def recommendations_text(year: int) -> str:
    """The sample's 2025 recommendations, their dates moved to the year after ``year``."""
    text = (INPUTS / "2025" / "recommendations.toml").read_text("utf-8")
    return text.replace("2026", str(year + 1)).replace("2025", str(year))


def write_year(inputs: Path, year: int, workbooks: bool = True) -> Path:
    """inputs/<year>/: edition.toml, recommendations.toml and (unless ``workbooks`` is
    False) the 22 member workbooks; returns the folder."""
    folder = inputs / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "edition.toml").write_text(edition_text(year), "utf-8")
    (folder / "recommendations.toml").write_text(recommendations_text(year), "utf-8")
    if workbooks:
        make_workbooks(inputs, year)
    return folder


def make_workbooks(inputs: Path, year: int) -> None:
    """The 22 member workbooks of ``year``, as make_sample.make_year writes them; a year
    before the sample's first takes the first's figures (make_sample grows them from it,
    and would go below zero), its activities dated in ``year``."""
    ms = make_sample()
    cat = load_catalogue(inputs / "catalogue").in_year(year)
    rules = load_rules(inputs / "catalogue" / "rules.toml")
    pool = tomllib.loads((INPUTS / "sample_activities.toml").read_text("utf-8"))["activity"]
    stories = {m["code"]: m for m in tomllib.loads(
        (INPUTS / "sample_plan.toml").read_text("utf-8"))["measure"]}
    french = ms.sample_translations(INPUTS / "sample_translations.toml")
    like = max(year, ms.YEARS[0])
    last = ms.last_year(inputs, year, cat, rules)
    used: set[str] = set()
    for member in cat.members:
        rng = random.Random(f"{year}-{member.code}")
        values: dict[str, int] = {}
        for ind in cat.indicators_of(member.code):
            values |= ms.indicator_values(ind, ms.member_total(ind, member.code, like, rng), rng)
        acts, plan = ms.in_both_languages(
            member.code, ms.activities(cat, member.code, year, pool, rng, used),
            ms.plan_rows(cat, member.code, year, stories), french)
        wb = ms.build_workbook(cat, rules, member, year, values=values, activities=acts,
                               previous=ms.figures_of(last), plan=plan,
                               previous_plan=ms.statuses_of(last))
        ms.save_member_workbook(wb, inputs / str(year) / ms.workbook_name(member.code, year))


def tiny_inputs(root: Path, years: tuple[int, ...]) -> Path:
    """``root`` holding a copy of the sample's catalogue and the years asked; returns it."""
    shutil.copytree(CATALOGUE, root / "catalogue")
    for year in years:
        write_year(root, year)
    return root
