"""catalogue: the shipped catalogue is complete; a broken one fails with the fault named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from report.paths import CATALOGUE
from report.settings.catalogue import CatalogueError, load_catalogue
from tests.conftest import replace_once
from tests.logged import logged


def test_members_are_14_sectors_6_institutions_2_associations(catalogue) -> None:
    groups = [m.group for m in catalogue.members]
    assert (groups.count("sector"), groups.count("institution"), groups.count("association")) \
        == (14, 6, 2)
    assert len({m.code for m in catalogue.members}) == 22
    assert catalogue.unconfirmed() == ()  # the sample names even its fictitious association


def test_required_indicators_and_breakdowns(catalogue) -> None:
    codes = {i.code for i in catalogue.indicators}
    assert {"CASES", "PROSECUTED", "CONVICTED", "VICTIMS", "ASSISTED", "CALLS", "TRAININGS",
            "TRAINED", "CAMPAIGNS"} <= codes
    victims = catalogue.indicator("VICTIMS")
    rules = {b.dimension.code: b.rule for b in victims.breakdowns}
    assert rules == {"sexage": "equal", "nationality": "equal", "form": "at_least",
                     "place": "equal"}
    sexage = [c.code for c in catalogue.dimensions["sexage"].categories]
    assert sexage == ["women", "men", "girls", "boys"]
    services = [c.code for c in catalogue.dimensions["service"].categories]
    assert services == ["shelter", "medical", "psychological", "legal", "repatriation"]


def test_every_member_reports_something_or_activities_only(catalogue) -> None:
    reporting = {r for i in catalogue.indicators for r in i.reporters}
    assert reporting <= {m.code for m in catalogue.members}
    assert len(reporting) == 22


def test_plan_has_five_axes_and_about_thirty_measures(catalogue) -> None:
    plan = catalogue.plan
    assert [a.code for a in plan.axes] == ["PREV", "PROT", "PROS", "PART", "GOV"]
    assert 28 <= len(plan.measures) <= 36
    assert (plan.start, plan.end) == (2023, 2030)
    assert plan.fictitious and not plan.to_confirm  # invented, and said to be
    members = {m.code for m in catalogue.members}
    for m in plan.measures:
        assert m.code.startswith(f"{m.objective}.") and m.objective.startswith(f"{m.axis}.")
        assert m.lead in members and set(m.partners) <= members - {m.lead}
        assert plan.start <= m.start <= m.end <= plan.end
        assert m.label.ar and m.label.fr and m.indicator.label.ar and m.indicator.label.fr
        assert m.indicator.baseline != m.indicator.target
    assert plan.measure("PROT.3.2").label.fr.startswith("Déploiement")


def test_measure_targets_by_year(catalogue) -> None:
    m = catalogue.plan.measure("PROT.3.2")  # regions: milestones 2024-2029, 12 in 2030
    assert m.target_for(2025) == (3, 2025)
    assert m.target_for(2030) == (12, 2030)
    assert catalogue.plan.measure("PREV.1.2").target_for(2025) == (60000, 2030)
    assert m.indicator.upper == 12 and catalogue.plan.measure("PREV.2.2").indicator.upper == 100
    assert m.due(2023) and not m.due(2022)  # its pilots began in 2023 (commission.toml)
    assert catalogue.commission.fact(m.act).date.year == m.start == 2023
    assert [x.code for x in catalogue.plan.led_by("INT", 2023)] == ["PROT.3.2"]
    assert [x.code for x in catalogue.plan.led_by("INT", 2025)] == ["PROT.3.2", "GOV.1.2"]


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    folder = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE, folder)
    return folder


def test_unknown_reporter_is_named(broken: Path) -> None:
    text = (broken / "indicators.toml").read_text("utf-8")
    (broken / "indicators.toml").write_text(text.replace('"PMP", "DGSN", "GR"', '"PMP", "XX"'),
                                           "utf-8")
    with pytest.raises(CatalogueError, match="CASES: unknown reporter XX"):
        load_catalogue(broken)


def test_bad_toml_names_the_file(broken: Path) -> None:
    (broken / "plan.toml").write_text("axis = [", "utf-8")
    with pytest.raises(CatalogueError, match="plan.toml"):
        load_catalogue(broken)


def test_unknown_dimension_is_named(broken: Path) -> None:
    text = (broken / "indicators.toml").read_text("utf-8")
    (broken / "indicators.toml").write_text(text.replace('dimension = "place"',
                                                         'dimension = "planet"'), "utf-8")
    with pytest.raises(CatalogueError, match="planet"):
        load_catalogue(broken)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_plan_faults_are_all_listed(broken: Path) -> None:
    plan = broken / "plan.toml"
    _edit(plan, 'lead = "COM"', 'lead = "XX"')  # PREV.1.1
    _edit(plan, 'partners = ["EN", "OSPDH"]', 'partners = ["EN", "YY", "EN"]')  # PREV.1.2
    _edit(plan, 'period = [2024, 2030]', 'period = [2024, 2031]')  # PREV.1.3
    _edit(plan, 'baseline = 20\ntarget = 100', 'baseline = 20\ntarget = 120')  # PREV.2.2
    _edit(plan, 'code = "PREV.2.3"', 'code = "PROT.2.3"')  # wrong objective, and a duplicate
    _edit(plan, 'targets = { 2023 = 1,', 'targets = { 2022 = 1,')  # before PREV.1.1's period
    _edit(plan, 'lead = "EMP"\npartners = ["INT", "HAB"]', 'lead = "EMP"\npartners = ["EMP"]')
    _edit(plan, 'unit = "count"\nbaseline = 350', 'unit = "people"\nbaseline = 350')
    _edit(plan, 'baseline = 3\ntarget = 20', 'baseline = 3\ntarget = 20.5')  # PROT.1.2
    _edit(plan, 'code = "PROS.1.2"\n', 'code = "PROS.1.2"\nowner = "PMP"\n')
    with logged("owner: unknown key"), \
            pytest.raises(CatalogueError) as caught:
        load_catalogue(broken)
    message = str(caught.value)
    for fault in ("measure PROT.2.3: its code must start with PREV.2.",
                  "measure PREV.1.3: period must be [first year, last year] within 2023-2030",
                  "measure PREV.2.2: indicator: target: 120 is out of bounds (0 to 100)",
                  "measure PREV.1.1: indicator: targets: 2022 outside the period 2023-2030",
                  "measure PREV.2.1: indicator: unit must be one of count, percent",
                  "measure PROT.1.2: indicator: target: 20.5 is out of bounds (a whole number"):
        assert fault in message
    # cross-references are checked once the entries are whole: fix the shapes, keep the rest
    _edit(plan, 'period = [2024, 2031]', 'period = [2024, 2030]')
    _edit(plan, 'baseline = 20\ntarget = 120', 'baseline = 20\ntarget = 100')
    _edit(plan, 'targets = { 2022 = 1,', 'targets = { 2023 = 1,')
    _edit(plan, 'unit = "people"', 'unit = "count"')
    _edit(plan, 'target = 20.5', 'target = 20')
    _edit(plan, 'code = "PROT.2.3"', 'code = "PREV.2.3"')
    _edit(plan, 'code = "PREV.1.3"', 'code = "PREV.1.2"')
    with logged(), pytest.raises(CatalogueError) as caught:
        load_catalogue(broken)
    message = str(caught.value)
    for fault in ("plan: measure PREV.1.1: unknown lead XX",
                  "plan: measure PREV.1.2: unknown partner YY",
                  "plan: measure PREV.1.2: partner EN listed twice",
                  "plan: measure PREV.3.1: the lead EMP is also a partner",
                  "plan: duplicate code PREV.1.2"):
        assert fault in message


def test_plan_without_measures_is_refused(broken: Path) -> None:
    (broken / "plan.toml").write_text(
        'title_ar = "خ"\ntitle_fr = "P"\nstart = 2023\nend = 2030\nbaseline_year = 2022\n'
        '[[axis]]\ncode = "A"\nar = "أ"\nfr = "A"\n'
        '[[axis.objective]]\ncode = "A.1"\nar = "أ"\nfr = "A"\n', "utf-8")
    with pytest.raises(CatalogueError, match="axis A: objective: measure: missing"):
        load_catalogue(broken)


def test_names_in_force_on_31_december_of_the_report_year(catalogue) -> None:
    health = {y: catalogue.in_year(y).member("SAN").name for y in (2019, 2020, 2021, 2025)}
    assert health[2019].ar == health[2020].ar == "وزارة الصحة"
    # the government of 7 October 2021 is in force on 31 December 2021
    assert health[2021].ar == health[2025].ar == "وزارة الصحة والحماية الاجتماعية"
    assert health[2025].fr == "Ministère de la Santé et de la Protection sociale"
    dh = catalogue.in_year(2025).member("DH")
    assert dh.name.ar == "المندوبية الوزارية المكلفة بحقوق الإنسان"
    assert dh.designation.ar == "السلطة الحكومية المكلفة بحقوق الإنسان"
    with pytest.raises(CatalogueError, match="DH: no official name applies in 2018"):
        catalogue.in_year(2018)


def test_a_name_to_confirm_counts_only_in_the_years_it_is_in_force(tmp_path: Path) -> None:
    folder = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE, folder)
    replace_once(folder / "members.toml", 'ar = "وزارة الصحة"\n',
          'ar = "وزارة الصحة"\nto_confirm = "old name, from memory"\n')
    cat = load_catalogue(folder)
    assert [str(u) for u in cat.in_year(2020).unconfirmed()] == \
        ["members.toml: SAN: to_confirm (old name, from memory)"]
    assert cat.in_year(2025).unconfirmed() == ()


def test_member_entries_are_checked(tmp_path: Path) -> None:
    folder = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE, folder)
    replace_once(folder / "members.toml", "applies_from = 2021-10-07\n", 'applies_from = "2021"\n')
    replace_once(folder / "members.toml", 'code = "AFAQ"\n', 'code = "AFAQ"\nplaceholder = ""\n')
    replace_once(folder / "members.toml", 'remit = ["PREV", "PROT", "PART.1", "GOV.1"]',
                 'remit = ["PREV", "NOPE"]')
    replace_once(folder / "members.toml", 'independent = true\nown_names',
                 'independent = "yes"\nown_names')
    interior = '{ ar = "السلطة الحكومية المكلفة بالداخلية"'
    replace_once(folder / "members.toml", f"designation = {interior}", f"designatio = {interior}")
    with pytest.raises(CatalogueError) as caught, logged("designatio"):
        load_catalogue(folder)
    message = str(caught.value)
    assert "DH: name 2: applies_from must be a date" in message
    assert "AFAQ: placeholder: say why" in message
    assert "member INT: a designation" in message
    assert "CNDH: independent must be true or false" in message


def test_terms_match_as_written_whole_words_after_proclitics(catalogue) -> None:
    text = "وترحيل 19 منهم في 1 أبريل و11 أبريل و21 يوليوز ويوليو، وقاعدة معطيات"
    found = [h.found for h in catalogue.deprecated_terms(text, "ar")]
    assert found == ["ترحيل", "قاعدة معطيات", "1 أبريل", "يوليو"]
    hit = catalogue.deprecated_terms("le Mécanisme national de référencement", "fr")[0]
    assert hit.preferred == "mécanisme national de référence"
    assert catalogue.deprecated_terms("فاتح أبريل، 11 أبريل، يوليوز", "ar") == ()


def test_terms_faults_are_listed(broken: Path) -> None:
    replace_once(broken / "terms.toml", 'ar_deprecated = ["ترحيل", "الإرجاع"]',
                 'ar_deprecated = "ترحيل"')
    replace_once(broken / "terms.toml", 'ar = "قاعدة بيانات"\n', 'arr = "قاعدة بيانات"\n')
    with pytest.raises(CatalogueError) as caught, logged("arr"):
        load_catalogue(broken)
    assert "term 1: ar_deprecated: a list of texts" in str(caught.value)
    assert "term 2: ar: missing" in str(caught.value)
def test_every_indicator_has_its_metadata(catalogue) -> None:
    for ind in catalogue.indicators:
        for key in ("definition", "legal", "unit", "comparability"):
            label = getattr(ind.meta, key)
            assert label.ar.strip() and label.fr.strip(), (ind.code, key)


def test_missing_metadata_is_named_with_every_other_fault(broken: Path) -> None:
    text = (broken / "indicators.toml").read_text("utf-8")
    text = text.replace("[indicator.comparability]", "[indicator.comparabilty]", 1)
    (broken / "indicators.toml").write_text(text, "utf-8")
    (broken / "disclosure.toml").write_text(
        'threshold = 1\nindicators = ["VICTIMS", "NOPE"]\ndimensions = ["sexage"]\nextra = 2\n',
        "utf-8")
    with logged("comparabilty: unknown key"), \
            logged("extra: unknown key"), \
            pytest.raises(CatalogueError) as err:
        load_catalogue(broken)
    assert "CASES: comparability: missing" in str(err.value).replace("indicator 1: ", "CASES: ")
    assert "threshold must be a whole number, 3 or more" in str(err.value)


def test_exports_name_known_figures(broken: Path) -> None:
    text = (broken / "exports.toml").read_text("utf-8")
    (broken / "exports.toml").write_text(text.replace('key = "PROSECUTED.sex.female"',
                                                      'key = "PROSECUTED.sex.females"'), "utf-8")
    with pytest.raises(CatalogueError, match="glotip: unknown key PROSECUTED.sex.females"):
        load_catalogue(broken)


def test_disclosure_population_and_exports_loaded(catalogue) -> None:
    rule = catalogue.disclosure
    assert rule.threshold == 5 and rule.covers("VICTIMS", "sexage")
    assert not rule.covers("VICTIMS", None) and not rule.covers("PROSECUTED", "sex")
    assert catalogue.population[2024].value == 36_828_330
    assert not catalogue.population[2024].provisional and catalogue.population[2025].provisional
    assert {g.section for g in catalogue.exports.glotip} == {"victims", "prosecuted",
                                                             "convicted"}
    assert catalogue.figure_label("VICTIMS.sexage.girls").fr == \
        "Victimes identifiées — Filles (moins de 18 ans)"
