"""Disclosure control: primary and secondary suppression, checked by an attacker that knows
the totals, the published cells and that counts are whole numbers from 0 to the total;
public datasets lose confidential values, drafts keep them marked."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import random
import re

import pytest

from report.figures.consolidate import consolidate
from report.figures.disclosure import disclose, suppress
from report.figures.records import Figure, MemberData, Revision, Source, YearData

T = 5  # the catalogue's threshold in these tests


def attack(cells: list[int | None], hidden: frozenset[int], total: int | None,
           rule: str) -> dict[int, tuple[int, int]]:
    """Every value each hidden cell can take, given what is published: brute force over
    every assignment of the hidden cells (whole numbers, 0..total) that agrees with the
    totals' rule. An interval of width 0 means the cell is recovered."""
    if total is None:
        return {i: (0, 10**9) for i in hidden}
    known = sum(v or 0 for i, v in enumerate(cells) if i not in hidden)
    order = sorted(hidden)
    seen: dict[int, set[int]] = {i: set() for i in order}
    for combo in itertools.product(range(total + 1), repeat=len(order)):
        s = known + sum(combo)
        if (rule == "equal" and s == total) or (rule == "at_least" and s >= total):
            for i, v in zip(order, combo, strict=True):
                seen[i].add(v)
    return {i: (min(v), max(v)) for i, v in seen.items()}


def test_no_small_cell_no_suppression() -> None:
    assert suppress([10, 0, 25, 7], 42, "equal", T) == frozenset()


def test_one_small_cell_takes_the_smallest_other_one() -> None:
    # women 3 is confidential; boys 12 is the smallest other cell: 3 + 12 >= 5
    assert suppress([3, 60, 25, 12], 100, "equal", T) == {0, 3}


def test_two_small_cells_take_a_third_when_their_sum_is_small() -> None:
    # 2 + 1 = 3 < 5: a total minus the rest would say "3 between them"
    assert suppress([2, 60, 1, 20], 83, "equal", T) == {0, 2, 3}


def test_two_small_cells_whose_sum_reaches_the_threshold_stand_alone() -> None:
    assert suppress([4, 60, 3, 20], 87, "equal", T) == {0, 2}


def test_zeros_only_when_nothing_else_is_left() -> None:
    # the only person of the breakdown: the total says it; the zeros hide where
    assert suppress([3, 0, 0, 0], 3, "equal", T) == {0, 1, 2, 3}
    assert suppress([0, 3, 0, 40], 43, "equal", T) == {1, 3}


def test_at_least_needs_a_second_cell_only_beside_zeros() -> None:
    assert suppress([50, 2, 0, 30], 70, "at_least", T) == {1}
    assert suppress([0, 2, 0, 0], 2, "at_least", T) == {0, 1}


@pytest.mark.parametrize("seed", range(300))
def test_no_suppressed_cell_can_be_recovered(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(2, 4)
    cells = [rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 14, 30]) for _ in range(n)]
    rule = rng.choice(["equal", "at_least"])
    total = sum(cells) if rule == "equal" else max(1, sum(cells) - rng.randint(0, max(cells)))
    total = max(total, max(cells))
    hidden = suppress(cells, total, rule, T)
    assert {i for i, v in enumerate(cells) if 0 < v < T} <= hidden  # every small cell
    for i, (low, high) in attack(cells, hidden, total, rule).items():
        assert low < high, (cells, total, rule, hidden, i)
    if hidden and rule == "equal":  # at least two, holding at least T persons together
        assert len(hidden) >= 2
        assert sum(cells[i] for i in hidden) >= T or hidden == set(range(n))


def _year(values: dict[str, int]) -> YearData:
    figs = {k: Figure(k, v, Source("PMP", "PMP-2025.xlsx", "البيانات", f"C{i}"))
            for i, (k, v) in enumerate(values.items())}
    return YearData(2025, (), {"PMP": MemberData("PMP", "PMP-2025.xlsx", figs, ())}, ())


VALUES = {"VICTIMS.total": 100, "VICTIMS.sexage.women": 3, "VICTIMS.sexage.men": 60,
          "VICTIMS.sexage.girls": 25, "VICTIMS.sexage.boys": 12,
          "VICTIMS.nationality.moroccan": 100, "VICTIMS.nationality.foreign": 0,
          "PROSECUTED.total": 4, "PROSECUTED.sex.female": 1, "PROSECUTED.sex.male": 3}


def test_public_dataset_has_no_confidential_value(catalogue) -> None:
    ds = consolidate(catalogue, _year(VALUES))
    public = disclose(catalogue, ds, public=True)
    for key in ("VICTIMS.sexage.women", "VICTIMS.sexage.boys"):
        fig = public.figures[key]
        assert fig.value is None and fig.marks == ("c",)
        assert public.by_member[key] == {}
    assert public.value("VICTIMS.sexage.men") == 60 and public.marks("VICTIMS.sexage.men") == ()
    assert public.value("VICTIMS.nationality.foreign") == 0  # a zero names no one
    assert public.value("VICTIMS.total") == 100  # totals are published
    # prosecuted persons are not victims: outside the catalogue's protected scope
    assert public.value("PROSECUTED.sex.female") == 1
    assert "3" not in repr({k: f.value for k, f in public.figures.items()
                            if k.startswith("VICTIMS.sexage")})


def test_draft_keeps_true_values_marked(catalogue) -> None:
    ds = consolidate(catalogue, _year(VALUES))
    draft = disclose(catalogue, ds, public=False)
    assert draft.value("VICTIMS.sexage.women") == 3 and draft.marks("VICTIMS.sexage.women") \
        == ("c",)
    assert draft.by_member["VICTIMS.sexage.women"] == {"PMP": 3}


def test_revision_notes_of_confidential_cells(catalogue) -> None:
    ds = consolidate(catalogue, _year(VALUES))
    revs = (Revision(2025, "VICTIMS.sexage.women", 7, 3, ("PMP",), dt.date(2026, 6, 30)),
            Revision(2025, "VICTIMS.sexage.men", 2, 60, ("PMP",), dt.date(2026, 6, 30),
                     old_status="c"))
    ds = dataclasses.replace(ds, revisions=revs)
    women, men = disclose(catalogue, ds, public=True).revisions
    assert (women.old, women.new, women.new_status) == (7, None, "c")  # 7 was published
    assert (men.old, men.new) == (None, 60)  # the old value was published as [c]
    women, men = disclose(catalogue, ds, public=False).revisions
    assert (women.old, women.new, women.new_status, men.old) == (7, 3, "c", 2)


@pytest.fixture(scope="module")
def rendered(catalogue, tmp_path_factory) -> dict[str, str]:
    """The report's HTML for members (draft) and for the public (final), same figures."""
    from report.charts.compose import render_charts
    from report.charts.specs import load_specs, load_style
    from report.language.formatting import Formatter
    from report.paths import CHARTS, INPUTS
    from report.publish.context import Assets, build_context
    from report.publish.environment import environment
    from report.publish.render import render_report
    from report.settings.edition import load_edition

    ds = consolidate(catalogue, _year(VALUES | {"VICTIMS.form.SEX": 97,
                                                 "VICTIMS.form.SLAV": 2}))
    fmt = Formatter("ar", catalogue.nouns)
    edition = load_edition(INPUTS / "2025" / "edition.toml", 2025,
                           catalogue.commission.first_report_year)
    out = tmp_path_factory.mktemp("disclosure")
    html = {}
    for who, public in (("draft", False), ("final", True)):
        shown = {2025: disclose(catalogue, ds, public)}
        charts = render_charts(load_specs(CHARTS / "charts.toml"), catalogue, shown, 2025, fmt,
                               load_style(CHARTS / "style.toml"), out, out / "cache",
                               "charts/draft" if who == "draft" else "charts")
        ctx = build_context(catalogue, shown, 2025, charts, edition, "ar", who == "draft",
                            Assets((), "print.css", "2026-03-16T00:00:00Z"))
        # read as text: a space before an inline element stands in a span of its own
        html[who] = render_report(environment(fmt), ctx).replace(
            '<span class="space"> </span>', " ")
    return html


# the Arabic edition writes the status symbols in Arabic: [س] withheld, [م] provisional
SYMBOL = '<span dir="rtl" class="symbol">[{}]</span>'
MARK = {"c": "س", "p": "م"}


def test_draft_shows_true_values_marked_c_and_the_year_provisional(rendered) -> None:
    draft = rendered["draft"]
    assert f'<span dir="ltr" class="ltr">3</span> {SYMBOL.format(MARK["c"])}' in draft  # women
    assert f'<span dir="ltr" class="ltr">12</span> {SYMBOL.format(MARK["c"])}' in draft  # boys
    assert f"2025 {SYMBOL.format(MARK['p'])}</th>" in draft  # the current year's columns
    assert "charts/draft/victims_form.svg" in draft


def test_final_shows_c_without_the_value(rendered) -> None:
    final = rendered["final"]
    row = re.search(r'<th scope="row">نساء</th>.*?</tr>', final, re.S).group(0)
    assert SYMBOL.format(MARK["c"]) in row and ">3<" not in row
    figures = final.split('id="figures"')[1].split('id="prevention"')[0]
    assert "[م]" not in figures  # no provisional figures in a final
    assert "charts/victims_form.svg" in final and "charts/draft/" not in final
    # the share of a withheld cell is withheld too (3 of 100 would be 3,0%)
    assert "3,0%" not in final and "12,0%" not in final


def test_methodology_states_the_threshold_and_the_rule(rendered, catalogue) -> None:
    text = re.sub(r"<[^>]+>", "", rendered["final"]).replace("\u00a0", " ")
    section = text[text.index("سرية المعطيات"):]
    assert "(الحجب الأولي)" in section and "(الحجب الثانوي)" in section
    assert f"بين 1 و{catalogue.disclosure.threshold - 1}" in section
    for dim in catalogue.disclosure.dimensions:
        assert catalogue.dimensions[dim].label.ar in section
