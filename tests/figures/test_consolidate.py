"""consolidate: reference vs sum indicators, sources kept, missing reporters named."""

from __future__ import annotations

import datetime as dt

from report.figures.consolidate import consolidate
from report.figures.records import Activity, Figure, MemberData, Source, YearData
from report.figures.status import Status

NA = None  # a cell where the member chose "not available"


def member(code: str, values: dict[str, int | None],
           activities: tuple[Activity, ...] = ()) -> MemberData:
    figs = {k: Figure(k, v, Source(code, f"{code}-2025.xlsx", "البيانات", f"C{i + 7}"),
                      Status.REPORTED if v is not None else Status.NOT_AVAILABLE)
            for i, (k, v) in enumerate(values.items())}
    return MemberData(code, f"{code}-2025.xlsx", figs, activities)


def activity(code: str, measure: str, title: str) -> Activity:
    src = Source(code, f"{code}-2025.xlsx", "الأنشطة", "A3")
    return Activity(code, measure.split(".")[0], measure, title, "", "", "", dt.date(2025, 5, 1),
                    src)


def year(*members: MemberData) -> YearData:
    return YearData(2025, (), {m.member: m for m in members}, ())


def test_reference_takes_first_reporter_in_catalogue_order(catalogue) -> None:
    ds = consolidate(catalogue, year(member("DGSN", {"CASES.total": 180}),
                                     member("PMP", {"CASES.total": 172})))
    fig = ds.figures["CASES.total"]
    assert fig.value == 172
    assert [s.member for s in fig.sources] == ["PMP"]
    assert fig.sources[0].cell == "C7"
    assert fig.missing == ()  # the gendarmerie's figure is partial: not awaited for it
    assert ds.by_member["CASES.total"] == {"PMP": 172, "DGSN": 180}


def test_reference_falls_back_to_next_reporter(catalogue) -> None:
    ds = consolidate(catalogue, year(member("MJ", {"CONVICTED.total": 175})))
    assert ds.value("CONVICTED.total") == 175
    assert ds.figures["CONVICTED.total"].missing == ("CSPJ",)


def test_sum_adds_every_reporter_and_keeps_each_source(catalogue) -> None:
    ds = consolidate(catalogue, year(member("EN", {"ASSISTED.total": 60}),
                                     member("SOL", {"ASSISTED.total": 41})))
    fig = ds.figures["ASSISTED.total"]
    assert fig.value == 101
    assert {s.member for s in fig.sources} == {"EN", "SOL"}
    assert "SAN" in fig.missing


def test_figure_nobody_sent_is_none_not_zero(catalogue) -> None:
    ds = consolidate(catalogue, year(member("EN", {"ASSISTED.total": 0})))
    assert ds.value("ASSISTED.total") == 0
    assert ds.value("VICTIMS.total") is None
    assert ds.value("VICTIMS.form.SEX") is None


def test_breakdown_keys_follow_the_catalogue(catalogue) -> None:
    ds = consolidate(catalogue, year())
    keys = [k for k in ds.figures if k.startswith("VICTIMS.sexage.")]
    assert keys == ["VICTIMS.sexage.women", "VICTIMS.sexage.men", "VICTIMS.sexage.girls",
                    "VICTIMS.sexage.boys"]


def test_activities_grouped_by_measure_then_member_order(catalogue) -> None:
    ds = consolidate(catalogue, year(
        member("DGSN", {}, (activity("DGSN", "PROS.1", "b"),)),
        member("MJ", {}, (activity("MJ", "PROS.1", "a"), activity("MJ", "PREV.1", "c"))),
    ))
    assert [(a.measure, a.member) for a in ds.activities] == [
        ("PREV.1", "MJ"), ("PROS.1", "MJ"), ("PROS.1", "DGSN")]
    assert ds.received == ("MJ", "DGSN")


def test_a_partial_reporter_never_makes_the_national_figure(catalogue) -> None:
    # the police count in their own territory: without the prosecution's national figure
    # there is none, and the police's figure stays by member (the data annex)
    ds = consolidate(catalogue, year(member("DGSN", {"CASES.total": 180})))
    fig = ds.figures["CASES.total"]
    assert fig.value is None and fig.missing == ("PMP",)
    assert ds.by_member["CASES.total"] == {"DGSN": 180}


def test_not_available_is_never_summed_as_zero(catalogue) -> None:
    ds = consolidate(catalogue, year(member("EN", {"ASSISTED.total": 60}),
                                     member("SOL", {"ASSISTED.total": NA}),
                                     member("SAN", {"ASSISTED.total": 5})))
    fig = ds.figures["ASSISTED.total"]
    assert fig.value == 65 and fig.status is Status.REPORTED
    assert fig.not_available == ("SOL",)
    assert [s.member for s in fig.sources] == ["EN", "SAN"]  # "according to" names these
    assert [s.member for s in fig.na_cells] == ["SOL"]  # the annex keeps SOL's cell
    assert ds.by_member["ASSISTED.total"] == {"EN": 60, "SAN": 5}


def test_sum_of_only_not_available_is_not_available(catalogue) -> None:
    ds = consolidate(catalogue, year(member("EN", {"ASSISTED.total": NA}),
                                     member("SOL", {"ASSISTED.total": NA})))
    fig = ds.figures["ASSISTED.total"]
    assert fig.value is None and fig.status is Status.NOT_AVAILABLE
    assert fig.not_available == ("EN", "SOL")
    assert [s.member for s in fig.sources] == ["EN", "SOL"]


def test_reference_breakdown_not_available_names_the_member(catalogue) -> None:
    nat = {"VICTIMS.total": 166, "VICTIMS.nationality.moroccan": NA,
           "VICTIMS.nationality.foreign": NA}
    ds = consolidate(catalogue, year(member("PMP", nat),
                                     member("DGSN", {"VICTIMS.total": 170,
                                                     "VICTIMS.nationality.moroccan": 120,
                                                     "VICTIMS.nationality.foreign": 50})))
    fig = ds.figures["VICTIMS.nationality.moroccan"]
    assert fig.value is None and fig.status is Status.NOT_AVAILABLE
    assert fig.not_available == ("PMP",) and [s.member for s in fig.sources] == ["PMP"]
    assert [s.member for s in fig.partial] == ["DGSN"]  # kept apart, never substituted


def test_rejected_reference_cell_is_not_filled_from_another_member(catalogue) -> None:
    """PMP's women cell was rejected: the draft must not print DGSN's figure under PMP."""
    pmp = {"VICTIMS.total": 166, "VICTIMS.sexage.men": 40}  # women rejected: absent
    ds = consolidate(catalogue, year(member("PMP", pmp),
                                     member("DGSN", {"VICTIMS.total": 170,
                                                     "VICTIMS.sexage.women": 99,
                                                     "VICTIMS.sexage.men": 41})))
    women = ds.figures["VICTIMS.sexage.women"]
    assert women.value is None and women.missing == ("PMP",)
    assert women.status is Status.REPORTED  # not received, which is not "not available"
    assert ds.value("VICTIMS.sexage.men") == 40


def test_reference_uses_the_member_with_a_number_and_names_it(catalogue) -> None:
    ds = consolidate(catalogue, year(member("CSPJ", {"CONVICTED.total": NA}),
                                     member("MJ", {"CONVICTED.total": 90})))
    fig = ds.figures["CONVICTED.total"]
    assert fig.value == 90 and [s.member for s in fig.sources] == ["MJ"]
    assert [s.member for s in fig.compared] == ["CSPJ"]
