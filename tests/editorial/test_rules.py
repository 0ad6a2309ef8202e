"""The editor's rules: a deliberately contradictory year gives exactly one finding per rule
(one test per rule), and the sample, which an editor would believe, gives none."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from report.editorial.desk import Desk, load_desk_settings
from report.editorial.findings import ACTIVITY, MEASURE, RECOMMENDATION
from report.editorial.rules import RULES, review
from report.figures.records import Activity, MemberData, PlanReport, Source, YearData
from report.intake.gather import catalogue_digest, gather_years
from report.label import Label
from report.paths import CATALOGUE, INPUTS, year_dirs
from report.settings.catalogue import Catalogue
from report.settings.edition import Edition, load_edition
from report.settings.recommendations import Recommendation, load_recommendations
from report.settings.rules import Rules

YEAR = 2025
WORKING_DAY = dt.date(2025, 3, 12)  # a Wednesday, no holiday
SETTINGS = load_desk_settings(CATALOGUE, tuple(RULES))


def _act(member: str, measure: str, title: str, row: int, *, description: str = "",
         partners: str = "", beneficiaries: str = "", date: dt.date = WORKING_DAY) -> Activity:
    return Activity(member, measure.split(".")[0], measure, title, description, partners,
                    beneficiaries, date, Source(member, f"{member}-{YEAR}.xlsx", "الأنشطة",
                                                f"A{row}"))


def _report(lead: str, measure: str, status: str, value: float | None,
            comment: str = "", year: int = YEAR) -> PlanReport:
    return PlanReport(measure, status, value, comment,
                      Source(lead, f"{lead}-{year}.xlsx", "الخطة", "C5"))


def _year(year: int, acts: list[Activity], reports: list[tuple[str, PlanReport]]) -> YearData:
    members: dict[str, MemberData] = {}
    for a in acts:
        m = members.setdefault(a.member, MemberData(a.member, f"{a.member}-{year}.xlsx", {}, ()))
        members[a.member] = replace(m, activities=(*m.activities, a))
    for lead, r in reports:
        m = members.setdefault(lead, MemberData(lead, f"{lead}-{year}.xlsx", {}, ()))
        members[lead] = replace(m, plan={**m.plan, r.measure: r})
    return YearData(year, (), members, ())


def _measure_starting(cat: Catalogue, code: str, start: int) -> Catalogue:
    """The catalogue with one measure's period starting in ``start``."""
    axes = tuple(replace(a, objectives=tuple(replace(o, measures=tuple(
        replace(m, start=start) if m.code == code else m for m in o.measures))
        for o in a.objectives)) for a in cat.plan.axes)
    return replace(cat, plan=replace(cat.plan, axes=axes))


def contradictory(cat: Catalogue, edition: Edition) -> Desk:
    """A year with one contradiction of each kind, every item otherwise clean (a working
    day, in the member's remit, no forward-looking word, nobody naming itself)."""
    earlier = _year(YEAR - 1, [], [
        ("MJ", _report("MJ", "GOV.1.1", "done", 22, year=YEAR - 1)),  # every member: "all"
        ("PMP", _report("PMP", "PROS.2.2", "done", 100, year=YEAR - 1)),  # the guide: done
    ])
    acts = [
        _act("OSPDH", "PART.2.2", "إطلاق الشبكة الجمعوية الجهوية", 3),
        _act("EMP", "PREV.2.3", "تكوين مفتشي الشغل على مؤشرات العمل القسري", 3,
             description="دورة تكوينية لفائدة 85 مفتشا للشغل."),
        _act("PMP", "PROS.2.2", "توزيع الدليل العملي على القضاة", 3),
        _act("HAB", "GOV.1.1", "تعيين نقطة اتصال دائمة لدى اللجنة الوطنية", 3),
        _act("COM", "PREV.1.1", "ندوة وطنية للتحسيس", 4, date=dt.date(2025, 7, 30)),
        _act("FIN", "PREV.2.1", "تكوين أعوان المراقبة بالمعابر", 4,
             partners="إدارة الجمارك والضرائب غير المباشرة، المنظمة العالمية للجمارك"),
        _act("TRA", "PROS.1.1", "تفكيك شبكة إجرامية", 5),
    ]
    now = _year(YEAR, acts, [
        ("OSPDH", _report("OSPDH", "PART.2.2", "not_started", 2)),
        ("EMP", _report("EMP", "PREV.2.3", "delayed", 610,
                        "تأجلت الدورات الجهوية المبرمجة لفائدة مفتشي الشغل.")),
        ("MJ", _report("MJ", "GOV.1.1", "done", 22)),
        ("PMP", _report("PMP", "PROS.2.2", "done", 100)),
        ("PMP", _report("PMP", "GOV.2.2", "in_progress", 90,
                        "يجري تعديل الاستمارة، ومن المرتقب اعتمادها مطلع السنة المقبلة.")),
    ])
    recs = (
        Recommendation(Label("يعهد إلى المجلس الأعلى للسلطة القضائية بتنظيم دورات للقضاة",
                             "Confier au Conseil supérieur du pouvoir judiciaire des sessions"),
                       ("CSPJ",), dt.date(2026, 12, 31), Label("عدد الدورات", "Sessions")),
        Recommendation(Label("تخصيص موارد قارة لجمعية آفاق للمواكبة والإدماج الاجتماعي",
                             "Doter l'association Afaq de ressources pérennes"),
                       ("AFAQ",), dt.date(2026, 12, 31), Label("الموارد", "Ressources")),
    )
    return Desk(_measure_starting(cat, "PROT.3.2", 2024), YEAR, {YEAR - 1: earlier, YEAR: now},
                edition, recs, SETTINGS)


@pytest.fixture(scope="module")
def edition(catalogue: Catalogue) -> Edition:
    return load_edition(INPUTS / str(YEAR) / "edition.toml", YEAR,
                        catalogue.commission.first_report_year)


@pytest.fixture(scope="module")
def found(catalogue: Catalogue, edition: Edition) -> dict[str, list]:
    out: dict[str, list] = {code: [] for code in RULES}
    for f in review(contradictory(catalogue.in_year(YEAR), edition)):
        out[f.code].append(f)
    return out


EXPECTED = {  # rule -> (kind, member, item) of the one finding the fixture gives
    "activity-stopped-measure": (ACTIVITY, "OSPDH", "A3"),
    "activity-delayed-action": (ACTIVITY, "EMP", "A3"),
    "measure-done-earlier": (ACTIVITY, "PMP", "A3"),
    "done-by-all-later": (ACTIVITY, "HAB", "A3"),
    "period-after-fact": (MEASURE, "INT", "PROT.3.2"),
    "forward-looking": (MEASURE, "PMP", "GOV.2.2"),
    "activity-day-off": (ACTIVITY, "COM", "A4"),
    "activity-self": (ACTIVITY, "FIN", "A4"),
    "activity-outside-remit": (ACTIVITY, "TRA", "A5"),
    "recommendation-entrusts-independent": (RECOMMENDATION, "", "1"),
    "recommendation-association-resources": (RECOMMENDATION, "", "2"),
}


def test_every_rule_has_a_case() -> None:
    assert set(EXPECTED) == set(RULES)


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_the_contradictory_year_gives_one_finding_of_each_rule(
        code: str, found: dict[str, list]) -> None:
    assert len(found[code]) == 1, [(f.where, f.message.fr) for f in found[code]]
    f = found[code][0]
    assert (f.where.kind, f.where.member, f.where.item) == EXPECTED[code]
    assert f.message.ar and f.message.fr and "{" not in f.message.ar + f.message.fr
    assert f.open


def test_a_finding_names_its_item_and_where_the_draft_prints_it(found: dict[str, list]) -> None:
    holiday = found["activity-day-off"][0]
    assert holiday.where.anchor == "act-COM-A4"
    assert "عيد العرش" in holiday.message.ar and "Fête du Trône" in holiday.message.fr
    late = found["period-after-fact"][0]
    assert late.where.anchor == "measure-PROT.3.2"
    assert "2.3.2" in late.message.fr and "2023" in late.message.fr
    assert found["recommendation-entrusts-independent"][0].where.anchor == "rec-1"


def test_the_sample_gives_no_finding(catalogue: Catalogue, rules: Rules,
                                     sample_cache: Path) -> None:
    """Every sample year, as its own report year (its edition's publication date, its
    recommendations): an editor would believe it."""
    years = gather_years(INPUTS, year_dirs(INPUTS), catalogue, rules,
                         cache=sample_cache / "intake", cat_digest=catalogue_digest(CATALOGUE))
    for year in year_dirs(INPUTS):
        cat = catalogue.in_year(year)
        edition = load_edition(INPUTS / str(year) / "edition.toml", year,
                               cat.commission.first_report_year)
        recs = load_recommendations(INPUTS / str(year) / "recommendations.toml", year, cat)
        desk = Desk(cat, year, {y: d for y, d in years.items() if y <= year}, edition,
                    tuple(recs or ()), SETTINGS)
        assert review(desk) == (), [f"{f.id}: {f.message.fr}" for f in review(desk)]
