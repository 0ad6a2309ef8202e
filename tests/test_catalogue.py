"""catalogue: the shipped catalogue is complete; a broken one fails with the fault named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from report.catalogue import CatalogueError, load_catalogue
from report.paths import CATALOGUE


def test_members_are_14_sectors_6_institutions_2_associations(catalogue) -> None:
    groups = [m.group for m in catalogue.members]
    assert (groups.count("sector"), groups.count("institution"), groups.count("association")) \
        == (14, 6, 2)
    assert len({m.code for m in catalogue.members}) == 22
    assert [m.code for m in catalogue.members if m.placeholder] == ["ASSOC2"]


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


def test_plan_axes_default_marked_to_confirm(catalogue) -> None:
    assert [a.code for a in catalogue.plan.axes] == ["PREV", "PROT", "PROS", "PART", "GOV"]
    assert catalogue.plan.to_confirm
    assert catalogue.plan.measure("PROT.3").label.fr.startswith("Mise en œuvre")


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
