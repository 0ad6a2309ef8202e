"""Catalogue + a fixed seed -> the fictitious sample years under inputs/<year>/.

Every figure and activity written here is invented, for demonstration and tests only. An
editor would believe it: each activity goes under a measure it implements, to a member
whose remit it is (inputs/catalogue/members.toml), under a measure whose status that year
agrees with it (sample_plan.toml: under way, or done that very year; not under a measure
not started, dropped, done before or reached by all, nor the action a delay note says did
not happen), never naming its member as partner or beneficiary, on a working day (the
editor's rules, report/editorial/rules.py: the sample's editor's report has no finding).
Each member gives its texts in both languages (the workbook's optional other-language
columns), from sample_translations.toml; the members of WRITES_FRENCH write in French, with
the Arabic beside. A text that file does not translate is left to the translation round.
Run: python inputs/make_sample.py [--years 2023 2024 2025] [--out inputs]
The same arguments always give the same workbook contents.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from report.commands.init import figures_of, last_year, statuses_of  # noqa: E402
from report.editorial.calendar import working_day  # noqa: E402
from report.editorial.rules import SHARED_WORDS, in_remit, self_part  # noqa: E402
from report.intake.layout import (  # noqa: E402
    ACTIVITY_TEXTS,
    OTHER,
    status_choice,
    workbook_name,
)
from report.intake.workbooks import build_workbook, save_member_workbook  # noqa: E402
from report.language.words import shared  # noqa: E402
from report.paths import CATALOGUE, INPUTS  # noqa: E402
from report.settings.catalogue import Catalogue, Indicator, Member, load_catalogue  # noqa: E402
from report.settings.editorial import FILE as EDITORIAL  # noqa: E402
from report.settings.editorial import load_editorial  # noqa: E402
from report.settings.rules import Rules, load_rules  # noqa: E402

YEARS = (2023, 2024, 2025)
SHARES = {
    "sexage": {"women": 0.42, "men": 0.24, "girls": 0.21, "boys": 0.13},
    "nationality": {"moroccan": 0.68, "foreign": 0.32},
    "place": {"morocco": 0.83, "abroad": 0.17},
    "sex": {"female": 0.38, "male": 0.62},
    "form": {"SEX": 0.46, "FL": 0.19, "SERV": 0.08, "BEG": 0.12, "SLAV": 0.01, "ORG": 0.0,
             "MED": 0.0, "CRIM": 0.06, "ARMED": 0.0, "OTHER": 0.05},
    "service": {"shelter": 0.55, "medical": 0.7, "psychological": 0.8, "legal": 0.6,
                "repatriation": 0.08},
}
# national totals: base in 2023 and yearly growth (reference indicators)
TOTALS = {"CASES": (148, 11), "PROSECUTED": (263, 19), "CONVICTED": (141, 14),
          "VICTIMS": (212, 33), "CALLS": (1820, 260)}
ASSISTED = {"EN": 64, "SOL": 41, "SAN": 52, "OSPDH": 17, "AFAQ": 9}
WRITES_FRENCH = {"EMP"}  # members whose clerks write in French (the Arabic beside)


def split(total: int, shares: dict[str, float], rng: random.Random, exact: bool) -> dict[str, int]:
    """Share ``total`` out by ``shares``; exact splits add up to the total."""
    parts = {k: int(round(total * s * rng.uniform(0.92, 1.08))) for k, s in shares.items()}
    if exact:
        first = next(iter(parts))
        parts[first] += total - sum(parts.values())
        if parts[first] < 0:
            return split(total, shares, rng, exact)
    elif sum(parts.values()) < total:
        parts[next(iter(parts))] += total - sum(parts.values())
    return parts


def indicator_values(ind: Indicator, total: int, rng: random.Random) -> dict[str, int]:
    values = {f"{ind.code}.total": total}
    for b in ind.breakdowns:
        shares = SHARES[b.dimension.code]
        for cat_code, v in split(total, shares, rng, b.rule == "equal").items():
            values[f"{ind.code}.{b.dimension.code}.{cat_code}"] = v
    return values


def member_total(ind: Indicator, member: str, year: int, rng: random.Random) -> int:
    t = year - YEARS[0]
    if ind.code in TOTALS:
        base, growth = TOTALS[ind.code]
        value = base + growth * t + rng.randint(-4, 4)
        # a second reporter counts differently (domain research, section 7)
        return value if member == ind.reporters[0] else value + rng.randint(-6, 6)
    if ind.code == "ASSISTED":
        return ASSISTED[member] + 4 * t + rng.randint(-3, 3)
    if ind.code == "TRAININGS":
        return rng.randint(2, 9) + t
    if ind.code == "TRAINED":
        return rng.randint(35, 260) + 15 * t
    return rng.randint(1, 5) + (t if rng.random() < 0.5 else 0)  # CAMPAIGNS


def agrees(cat: Catalogue, member: Member, year: int, act: dict,
           stories: dict[str, dict], stop: frozenset[str]) -> bool:
    """Whether ``act`` may be ``member``'s in ``year``: a year the pool allows, a measure
    due, in the member's remit, whose status that year agrees with an activity under it,
    and no partner or beneficiary that is the member itself."""
    measure = cat.plan.measure(act["measure"])
    told = stories[act["measure"]]
    now = told.get(str(year), {})
    before = [told[str(y)] for y in range(cat.plan.start, year) if str(y) in told]
    top = measure.indicator.maximum if measure else None
    return bool(
        measure and measure.due(year) and year in act.get("years", [year])
        and now.get("status") in ("in_progress", "delayed", "done")
        and not (now["status"] == "done" and any(b["status"] == "done" for b in before))
        and not (top is not None and any((b.get("value") or 0) >= top for b in before))
        and not (now["status"] == "delayed" and len(shared(
            now.get("comment", ""), f"{act['title']} {act['description']}", stop))
            >= SHARED_WORDS)
        and in_remit(member, measure)
        and not self_part(act["partners"], act["beneficiaries"], member))


def activities(cat: Catalogue, member: str, year: int, pool: list[dict],
               rng: random.Random, used: set[str] | None = None,
               fits: Callable[[dict], bool] = lambda a: True) -> list[dict]:
    """1-4 activities of ``pool`` plausible for ``member`` (its ``members`` list) that
    ``fits`` accepts, each dated on a working day.

    An entry's ``partners_for`` gives the partners a member names instead of the common
    ones where those are the member itself (the secretariat sits in the Ministry of Justice).

    ``used`` holds the titles already given to other members this year: they are skipped,
    and the titles chosen here are added, so no activity appears twice in a year.
    """
    used = set() if used is None else used
    eligible = [a for a in pool if member in a["members"] and a["title"] not in used
                and fits(a)]
    chosen = rng.sample(eligible, min(rng.randint(1, 4), len(eligible)))
    used.update(a["title"] for a in chosen)
    out = []
    for act in sorted(chosen, key=lambda a: a["measure"]):
        measure = cat.plan.measure(act["measure"])
        axis = next(a for a in cat.plan.axes if measure in a.measures)
        month, day = rng.randint(1, 12), rng.randint(1, 28)  # unless the pool fixes them
        out.append({
            "axis": f"{axis.code} — {axis.label.ar}",
            "measure": f"{measure.code} — {measure.label.ar}",
            "title": act["title"], "description": act["description"],
            "partners": act.get("partners_for", {}).get(member, act["partners"]),
            "beneficiaries": act["beneficiaries"],
            "date": dt.datetime.combine(
                working_day(dt.date(year, act.get("month", month), act.get("day", day))),
                dt.time()),
        })
    return out


def plan_rows(cat: Catalogue, member: str, year: int,
              stories: dict[str, dict]) -> dict[str, dict[str, object]]:
    """What ``member`` reports on the measures it leads in ``year`` (sample_plan.toml), as a
    clerk fills the plan sheet: the status picked from the drop-down, the value, a comment."""
    rows = {}
    for m in cat.plan.led_by(member, year):
        told = stories[m.code][str(year)]
        rows[m.code] = {"status": status_choice(told["status"]), "value": told.get("value"),
                        "comment": told.get("comment")}
    return rows


def bilingual(row: dict, fields: tuple[str, ...], french: Mapping[str, str],
              writes_french: bool) -> dict:
    """A row of the workbook with each text's other language beside it (``fields``; the
    ``_other`` columns): the French of an Arabic text, or, for a member that writes in
    French, the French as written and the Arabic beside. A text without its French is left
    as written, to the translation round."""
    out = dict(row)
    for f in fields:
        text, fr = row.get(f), french.get(str(row.get(f) or ""))
        if not text or not fr:
            continue
        out[f], out[f + OTHER] = (fr, text) if writes_french else (text, fr)
    return out


def in_both_languages(member: str, acts: list[dict], plan: dict[str, dict[str, object]],
                      french: Mapping[str, str] | None
                      ) -> tuple[list[dict], dict[str, dict[str, object]]]:
    """``member``'s activities and plan rows with each text's other language beside it
    (``bilingual``): what its workbook holds."""
    fr, writes = french or {}, member in WRITES_FRENCH
    return ([bilingual(a, ACTIVITY_TEXTS, fr, writes) for a in acts],
            {m: bilingual(r, ("comment",), fr, writes) for m, r in plan.items()})


def make_year(cat: Catalogue, rules: Rules, year: int, out: Path, pool: list[dict],
              stories: dict[str, dict], stop: frozenset[str] = frozenset(),
              french: Mapping[str, str] | None = None) -> None:
    last = last_year(out, year, cat, rules)  # shown beside the inputs, as `init` does
    used: set[str] = set()  # titles given this year, across members (catalogue order)
    for member in cat.members:
        rng = random.Random(f"{year}-{member.code}")
        values: dict[str, int] = {}
        for ind in cat.indicators_of(member.code):
            values |= indicator_values(ind, member_total(ind, member.code, year, rng), rng)
        acts = activities(cat, member.code, year, pool, rng, used,
                          lambda a, m=member: agrees(cat, m, year, a, stories, stop))
        acts, plan = in_both_languages(member.code, acts,
                                       plan_rows(cat, member.code, year, stories), french)
        wb = build_workbook(cat, rules, member, year, values=values, activities=acts,
                            previous=figures_of(last), plan=plan,
                            previous_plan=statuses_of(last))
        save_member_workbook(wb, out / str(year) / workbook_name(member.code, year))


def sample_translations(path: Path) -> dict[str, str]:
    """sample_translations.toml: each Arabic text of the sample -> its French version."""
    return {t["ar"]: t["fr"] for t in tomllib.loads(path.read_text("utf-8"))["text"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--years", type=int, nargs="+", default=list(YEARS))
    ap.add_argument("--out", type=Path, default=INPUTS)
    args = ap.parse_args()
    cat = load_catalogue(CATALOGUE)
    pool = tomllib.loads((INPUTS / "sample_activities.toml").read_text("utf-8"))["activity"]
    stories = {m["code"]: m for m in
               tomllib.loads((INPUTS / "sample_plan.toml").read_text("utf-8"))["measure"]}
    rules = load_rules(CATALOGUE / "rules.toml")
    stop = load_editorial(CATALOGUE / EDITORIAL).stop_words
    french = sample_translations(INPUTS / "sample_translations.toml")
    for year in args.years:
        make_year(cat.in_year(year), rules, year, args.out, pool, stories, stop, french)
        print(f"{year}: {len(cat.members)} workbooks -> {args.out / str(year)}")


if __name__ == "__main__":
    main()
