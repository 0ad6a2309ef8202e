"""The data annex's tables (rows keyed by field name, as outputs/annex.py writes them) -> what
they print about each figure the disclosure audit covers, as the audit's facts
(report/figures/audit.py): the figures table, the sources table (a reference indicator's
used cell is its national figure), the revisions table (new values, and old ones about the
value before), GLOTIP's table and SDG 16.2.2's (the victims, and the rate: with the
population beside it, a rate gives the count back to within its rounding).

The report's tables and charts print the figures table's values (the same public datasets),
so these facts are everything this edition publishes about a protected figure.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from report.figures.audit import Fact, scope_keys
from report.figures.consolidate import Dataset
from report.outputs.annex import Row, names, tables
from report.outputs.exports import PER
from report.settings.catalogue import Catalogue

HALF_UNIT = 0.0005  # rates are rounded to 3 decimals


def annex_facts(cat: Catalogue, shown: Mapping[int, Dataset], year: int) -> tuple[Fact, ...]:
    """Every value the annex of the edition of ``year`` prints about a covered figure."""
    series = {y: ds for y, ds in shown.items() if y <= year}
    rows = tables(cat, series)
    files = names(year)
    keys = set(scope_keys(cat))
    out: list[Fact] = []
    for table in ("figures", "sources", "revisions", "glotip", "sdg"):
        out += [f for r in rows[table] if r.get("key") in keys
                for f in _facts(cat, table, r, files[table])]
    return tuple(out)


def _facts(cat: Catalogue, table: str, r: Row, where: str) -> Iterator[Fact]:
    year, key = int(str(r["year"])), str(r["key"])
    if table == "sources":
        if r["role"] == "used" and cat.indicator(key.split(".")[0]).aggregate == "reference":
            yield from _value(year, key, r["value"], where)
    elif table == "revisions":
        yield from _value(year, key, r["new_value"], where)
        for f in _value(year, key, r["old_value"], where):
            yield Fact(f.year, f.key, f.low, f.high, f.where, previous=True)
    elif table == "sdg":
        yield from _value(year, key, r["victims"], where)
        rate, population = r["rate_per_100000"], r["population"]
        if isinstance(rate, int | float) and isinstance(population, int) and population:
            yield Fact(year, key, (rate - HALF_UNIT) * population / PER,
                       (rate + HALF_UNIT) * population / PER, where)
    else:  # figures, glotip
        yield from _value(year, key, r["value"], where)


def _value(year: int, key: str, value: object, where: str) -> Iterator[Fact]:
    if isinstance(value, int) and not isinstance(value, bool):
        yield Fact(year, key, value, value, where)
