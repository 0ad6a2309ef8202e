"""The disclosure audit (report/figures/audit.py) and the suppression it drives
(report/figures/disclosure.py), on the issue's two attacks:

1. a single [c] in a breakdown whose cells may overlap (forms of exploitation: they add up
   to at least the total): at least the total minus the printed cells, at most threshold - 1,
   both rules printed in the methodology; when the two meet, the value is published;
2. an earlier final printed a cell that, after a member corrects that year, becomes this
   year's secondary [c]: the earlier final gives it back, and the primary follows.

Each attack: the pattern of the per-breakdown rule alone (the tool before the audit) is
found by the audit; the pattern the tool now chooses passes it. Then the intervals
themselves, the facts of the outputs (an export printing a withheld value is caught), a
revised year that cannot be shown in full, and the earlier finals read from the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pytest

from report.figures.audit import (
    Fact,
    Release,
    audit,
    protected_indicators,
    recorded_release,
    release,
    scope,
)
from report.figures.consolidate import Dataset, consolidate
from report.figures.disclosure import disclose_all, pattern, suppress
from report.figures.records import Figure, MemberData, Source, YearData
from report.settings.catalogue import Catalogue

FORMS = ("SEX", "FL", "SERV", "BEG", "SLAV", "ORG", "MED", "CRIM", "ARMED", "OTHER")


def victims(total: int, sexage: tuple[int, int, int, int], forms: Mapping[str, int]
            ) -> dict[str, int]:
    """A year's victims: total, sex and age (women, men, girls, boys), forms (the rest 0);
    every victim Moroccan, exploited in Morocco."""
    women, men, girls, boys = sexage
    out = {"VICTIMS.total": total, "VICTIMS.sexage.women": women, "VICTIMS.sexage.men": men,
           "VICTIMS.sexage.girls": girls, "VICTIMS.sexage.boys": boys,
           "VICTIMS.nationality.moroccan": total, "VICTIMS.nationality.foreign": 0,
           "VICTIMS.place.morocco": total, "VICTIMS.place.abroad": 0}
    return out | {f"VICTIMS.form.{f}": forms.get(f, 0) for f in FORMS}


def dataset(cat: Catalogue, year: int, values: Mapping[str, int]) -> Dataset:
    figs = {k: Figure(k, v, Source("PMP", f"PMP-{year}.xlsx", "البيانات", f"C{i}"))
            for i, (k, v) in enumerate(values.items(), start=5)}
    data = YearData(year, (), {"PMP": MemberData("PMP", f"PMP-{year}.xlsx", figs, ())}, ())
    return consolidate(cat, data)


def per_breakdown(cat: Catalogue, true: Mapping[int, Dataset]) -> set[tuple[int, str]]:
    """The tool before the audit: each breakdown of each year alone (primary, then secondary
    by the breakdown's rule), blind to earlier finals."""
    out = set()
    for y, ds in true.items():
        for ind in protected_indicators(cat):
            total, groups = scope(ind, cat)
            for rule, keys in groups:
                chosen = suppress([ds.value(k) for k in keys], ds.value(total), rule,
                                  cat.disclosure.threshold)
                out |= {(y, keys[i]) for i in chosen}
    return out


def found(result, key: str, year: int | None = None):
    return next(i for i in result.intervals if i.key == key and (year is None or i.year == year))


# --- attack 1: the pinned single [c] of an overlapping breakdown ----------------------------

PINNED = victims(54, (20, 20, 7, 7), {"SEX": 50, "SLAV": 4})  # SLAV >= 54 - 50 and <= 4


def test_attack_1_found_in_the_pattern_of_the_breakdown_rule_alone(catalogue) -> None:
    true = {2025: dataset(catalogue, 2025, PINNED)}
    before = per_breakdown(catalogue, true)
    assert before == {(2025, "VICTIMS.form.SLAV")}  # a single [c]: the old rule stopped there
    result = audit(catalogue, [release("this edition", catalogue, true, before)])
    slav = found(result, "VICTIMS.form.SLAV")
    assert (slav.low, slav.high, slav.primary) == (4, 4, True)  # published, in effect
    assert result.failures == (slav,)


def test_attack_1_passes_with_the_pattern_chosen_now(catalogue) -> None:
    true = {2025: dataset(catalogue, 2025, PINNED)}
    chosen = pattern(catalogue, true)
    assert chosen.hidden == {(2025, "VICTIMS.form.SLAV"), (2025, "VICTIMS.form.SEX")}
    assert chosen.audit.failures == ()
    slav = found(chosen.audit, "VICTIMS.form.SLAV")
    assert (slav.low, slav.high) == (1, 4)  # nothing narrower than the rule itself says


def test_the_sample_needed_a_second_form_withheld(catalogue) -> None:
    """The sample's 2025 forms add up to the total exactly: SLAV (3) was pinned to 3 or 4."""
    forms = {"SEX": 138, "FL": 51, "SERV": 22, "BEG": 32, "SLAV": 3, "CRIM": 18, "OTHER": 14}
    true = {2025: dataset(catalogue, 2025, victims(278, (118, 66, 58, 36), forms))}
    result = audit(catalogue, [release("this edition", catalogue, true,
                                       per_breakdown(catalogue, true))])
    assert [(i.key, i.low, i.high) for i in result.failures] == [("VICTIMS.form.SLAV", 3, 4)]
    chosen = pattern(catalogue, true)
    assert chosen.hidden == {(2025, "VICTIMS.form.SLAV"), (2025, "VICTIMS.form.OTHER")}
    assert chosen.audit.failures == ()


# --- attack 2: the earlier final gives a new secondary [c] back ------------------------------

# 2024 as its own final printed it: women 3 [c] (primary), boys 12 [c] (secondary)
PRINTED_2024 = victims(100, (3, 60, 25, 12), {"SEX": 100})
# PMP corrects 2024: men 60 -> 70, boys 12 -> 30 (total 128). Girls (25) is now the smallest
# other cell; the 2024 final printed it and it did not change
CORRECTED_2024 = victims(128, (3, 70, 25, 30), {"SEX": 128})
YEAR_2025 = victims(300, (120, 100, 40, 40), {"SEX": 300})


def earlier_final(cat: Catalogue) -> Release:
    true = {2024: dataset(cat, 2024, PRINTED_2024)}
    chosen = pattern(cat, true)
    assert chosen.keys(2024) == {"VICTIMS.sexage.women", "VICTIMS.sexage.boys"}
    return release("final 2024 (2025-06-30)", cat, true, chosen.hidden)


def corrected(cat: Catalogue) -> dict[int, Dataset]:
    return {2024: dataset(cat, 2024, CORRECTED_2024), 2025: dataset(cat, 2025, YEAR_2025)}


def test_attack_2_found_in_the_pattern_blind_to_the_earlier_final(catalogue) -> None:
    true = corrected(catalogue)
    before = per_breakdown(catalogue, true)
    assert before == {(2024, "VICTIMS.sexage.women"), (2024, "VICTIMS.sexage.girls")}
    rels = [earlier_final(catalogue), release("this edition", catalogue, true, before)]
    result = audit(catalogue, rels)
    women = found(result, "VICTIMS.sexage.women")
    assert (women.low, women.high) == (3, 3)  # 128 - 70 - 30 - 25 (girls, printed in 2024)
    # and the boys' old value the 2024 final withheld follows: 100 - 60 - 25 - 3
    boys = next(i for i in result.intervals if i.key == "VICTIMS.sexage.boys")
    assert (boys.first, boys.low, boys.high, boys.latest) == (
        "final 2024 (2025-06-30)", 12, 12, False)
    assert {i.key for i in result.failures} == {"VICTIMS.sexage.women", "VICTIMS.sexage.boys"}
    girls = found(result, "VICTIMS.sexage.girls")  # withheld now, printed before: hides nothing
    assert (girls.width, girls.target) == (0, 0) and "earlier finals" in girls.note


def test_attack_2_passes_when_the_earlier_final_is_taken_as_known(catalogue) -> None:
    true = corrected(catalogue)
    earlier = [earlier_final(catalogue)]
    chosen = pattern(catalogue, true, earlier)
    assert chosen.keys(2024) == {"VICTIMS.sexage.women", "VICTIMS.sexage.boys"}  # not girls
    assert chosen.audit.failures == ()
    women = found(chosen.audit, "VICTIMS.sexage.women")
    assert (women.low, women.high) == (1, 4)
    assert chosen.totals == ()  # the revised year is shown in full


def test_a_revised_year_that_cannot_be_shown_in_full_withholds_its_total(catalogue) -> None:
    """Every other cell of the breakdown was printed and did not change: the revised total
    alone gives the corrected cell back (women 30 -> 3, total 100 -> 73). The revised total
    is withheld (and the other breakdowns' cells that would give it back), and the pattern
    says so; the methodology lists it."""
    first = {2024: dataset(catalogue, 2024, victims(100, (30, 50, 10, 10), {"SEX": 100}))}
    earlier = [release("final 2024 (2025-06-30)", catalogue, first, set())]
    true = {2024: dataset(catalogue, 2024, victims(73, (3, 50, 10, 10), {"SEX": 73}))}
    chosen = pattern(catalogue, true, earlier)
    assert chosen.totals == ((2024, "VICTIMS"),)
    assert (2024, "VICTIMS.total") in chosen.hidden
    assert chosen.audit.failures == ()
    shown = disclose_all(catalogue, true, public=True, chosen=chosen)[2024]
    assert shown.value("VICTIMS.total") is None and shown.marks("VICTIMS.total") == ("c",)
    assert shown.by_member["VICTIMS.total"] == {}


# --- what the audit computes -----------------------------------------------------------------

@pytest.mark.parametrize(("cells", "total", "interval"), [
    ((3, 60, 25, 12), 100, (1, 4)),   # primary + secondary: the rule's own 1..4
    ((3, 0, 0, 0), 3, (1, 3)),        # everything withheld: the total (3) bounds it
])
def test_intervals_of_an_equal_breakdown(catalogue, cells, total, interval) -> None:
    true = {2025: dataset(catalogue, 2025, victims(total, cells, {"SEX": total}))}
    chosen = pattern(catalogue, true)
    women = found(chosen.audit, "VICTIMS.sexage.women")
    assert (women.low, women.high) == interval
    assert women.ok


def test_a_tiny_total_lowers_the_target_and_says_why(catalogue) -> None:
    true = {2025: dataset(catalogue, 2025, victims(3, (3, 0, 0, 0), {"SEX": 3}))}
    women = found(pattern(catalogue, true).audit, "VICTIMS.sexage.women")
    assert (women.width, women.target) == (2, 2) and "whole breakdown" in women.note


def test_an_output_printing_a_withheld_value_is_caught(catalogue) -> None:
    """A fact of the outputs (an export row, an SDG rate with its population) that gives a
    withheld value back refuses the final, whatever the pattern."""
    true = {2025: dataset(catalogue, 2025, PINNED)}
    chosen = pattern(catalogue, true)
    rels = [release("this edition", catalogue, true, chosen.hidden)]
    assert audit(catalogue, rels).failures == ()
    # a rate of 0.011 per 100,000 with 37,141,371 inhabitants: 3.9 to 4.3 victims -> 4
    rate = Fact(2025, "VICTIMS.form.SLAV", (0.011 - 0.0005) * 371.41371,
                (0.011 + 0.0005) * 371.41371, "data-2025-sdg-16-2-2.csv")
    bad = audit(catalogue, rels, [rate]).failures
    assert [(i.key, i.low, i.high) for i in bad] == [("VICTIMS.form.SLAV", 4, 4)]


def test_the_record_holds_no_true_value(catalogue) -> None:
    true = {2025: dataset(catalogue, 2025, PINNED)}
    record = pattern(catalogue, true).audit.record()
    assert record["ok"] is True and record["protection"] == 3 and record["threshold"] == 5
    assert {tuple(sorted(i)) for i in record["intervals"]} == {tuple(sorted(
        ("year", "key", "first", "low", "high", "width", "target", "primary", "ok",
         "note")))}


# --- the earlier finals, from the database ---------------------------------------------------

def test_earlier_finals_read_from_the_database(catalogue, tmp_path) -> None:
    """The 2024 final recorded in a database, then the view of the 2025 edition with the
    corrected 2024: the pattern reads that final from the database and avoids the cell it
    printed."""
    from report.database import store
    from report.database.publication import publication
    from report.figures.views import view
    from report.paths import INPUTS
    from report.settings.edition import load_edition

    first = {2024: dataset(catalogue, 2024, PRINTED_2024)}
    shown = disclose_all(catalogue, first, public=True)
    data = {2024: YearData(2024, (), {}, ())}
    edition = load_edition(INPUTS / "2024" / "edition.toml", 2024,
                           catalogue.commission.first_report_year)
    db = tmp_path / "cnclt.sqlite3"
    store.record(db, publication(edition, data, first, shown, "0" * 64))
    finals = store.finals(db)
    assert [recorded_release(catalogue, f).name for f in finals] == [
        f"final 2024 ({edition.publication_date.isoformat()})"]
    true = corrected(catalogue)
    years = {y: YearData(y, (), {}, ()) for y in true}
    got = view(catalogue, true, years, {}, dt.date(2026, 6, 30), True, finals)
    assert got.pattern.keys(2024) == {"VICTIMS.sexage.women", "VICTIMS.sexage.boys"}
    assert got.pattern.audit.failures == ()
    assert got.shown[2024].value("VICTIMS.sexage.girls") == 25


def test_a_final_is_refused_with_each_value_a_reader_could_narrow(catalogue) -> None:
    from report.errors import BuildError
    from report.publish.refusals import refuse_leaks

    true = {2025: dataset(catalogue, 2025, PINNED)}
    leaky = audit(catalogue, [release("this edition", catalogue, true, per_breakdown(
        catalogue, true))])
    with pytest.raises(BuildError, match=r"2025 VICTIMS.form.SLAV: a reader can deduce 4 to 4"):
        refuse_leaks(leaky)
    refuse_leaks(pattern(catalogue, true).audit)  # the pattern chosen now: no refusal


def test_the_stated_order_of_secondary_cells_is_known_to_the_reader(catalogue) -> None:
    """The methodology says secondary cells are the smallest first: a reader knows that the
    withheld men (a secondary cell beside a printed 7) hold 5 to 7, so women 4 + men 6 = 10
    gives women 3 or 4. The audit finds it; the pattern withholds girls too."""
    true = {2025: dataset(catalogue, 2025, victims(17, (4, 6, 7, 0), {"SEX": 17}))}
    before = per_breakdown(catalogue, true)
    assert before == {(2025, "VICTIMS.sexage.women"), (2025, "VICTIMS.sexage.men")}
    women = found(audit(catalogue, [release("this edition", catalogue, true, before)]),
                  "VICTIMS.sexage.women")
    assert (women.low, women.high, women.ok) == (3, 4, False)
    chosen = pattern(catalogue, true)
    assert chosen.keys(2025) == {"VICTIMS.sexage.women", "VICTIMS.sexage.men",
                                 "VICTIMS.sexage.girls"}
    women = found(chosen.audit, "VICTIMS.sexage.women")
    assert (women.low, women.high, women.ok) == (1, 4, True)
