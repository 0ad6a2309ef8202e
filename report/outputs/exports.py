"""Public Datasets + the catalogue's export rows and population -> the tables international
bodies ask for: UNODC's questionnaire for the Global Report on Trafficking in Persons
(GLOTIP) and SDG indicator 16.2.2 (victims detected per 100,000 inhabitants).

Both read the public datasets (after disclosure control): a confidential cell stays empty
with status "c" here too, and so does its rate, which would give the count back. A year
without a population figure has no rate (status "x"); a provisional population makes the
rate provisional ("p").

A row's attributes are its annex table's field names (templates/annex/schema.toml gives
their order, types and titles); the annex takes each row as a mapping of them and refuses
one that does not match the schema.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from report.figures.consolidate import Dataset
from report.figures.status import Status
from report.settings.catalogue import Catalogue

PER = 100_000
NOT_AVAILABLE = "x"
PROVISIONAL = "p"
CONFIDENTIAL = "c"


@dataclass(frozen=True)
class GlotipRow:
    year: int
    section: str
    key: str
    item_en: str
    item_fr: str
    group: str
    value: int | None
    status: str
    sources: str  # member codes


@dataclass(frozen=True)
class SdgRow:
    year: int
    series: str
    sex: str
    age: str
    form: str
    key: str
    victims: int | None
    victims_status: str
    population: int | None
    population_status: str
    rate_per_100000: float | None  # 3 decimals
    status: str


def status(ds: Dataset, key: str) -> str:
    """The annex's status of a figure: its symbols ("r", "c"), "na" for a figure a member
    does not collect (report/figures/status.py), or "x" when it has no value for another reason
    (not received)."""
    fig = ds.figures[key]
    marks = list(fig.marks)
    if fig.is_not_available:
        marks.append(str(Status.NOT_AVAILABLE))
    elif fig.value is None and CONFIDENTIAL not in marks:
        marks.append(NOT_AVAILABLE)
    return " ".join(marks)


def glotip(cat: Catalogue, datasets: Mapping[int, Dataset]) -> list[GlotipRow]:
    """One row per questionnaire item and year, oldest year first."""
    rows = []
    for year, ds in sorted(datasets.items()):
        for item in cat.exports.glotip:
            fig = ds.figures[item.key]
            rows.append(GlotipRow(year, item.section, item.key, item.en, item.fr, item.group,
                                  fig.value, status(ds, item.key),
                                  " ".join(dict.fromkeys(s.member for s in fig.sources))))
    return rows


def rate(victims: int | None, population: int | None) -> float | None:
    if victims is None or not population:
        return None
    return round(victims * PER / population, 3)


def sdg(cat: Catalogue, datasets: Mapping[int, Dataset]) -> list[SdgRow]:
    """SDG 16.2.2 rows, oldest year first."""
    rows = []
    for year, ds in sorted(datasets.items()):
        pop = cat.population.get(year)
        pop_status = NOT_AVAILABLE if pop is None else PROVISIONAL if pop.provisional else ""
        for item in cat.exports.sdg:
            victims = ds.value(item.key)
            victims_status = status(ds, item.key)
            value = rate(victims, pop.value if pop else None)
            marks = [m for m in victims_status.split()
                     if m not in (NOT_AVAILABLE, "na") or value is None]
            if value is None and not {NOT_AVAILABLE, "na", CONFIDENTIAL} & set(marks):
                marks.append(NOT_AVAILABLE)
            if value is not None and pop_status == PROVISIONAL:
                marks.append(PROVISIONAL)
            rows.append(SdgRow(year, item.series, item.sex, item.age, item.form, item.key,
                               victims, victims_status, pop.value if pop else None, pop_status,
                               value, " ".join(dict.fromkeys(marks))))
    return rows
