"""templates/annex/schema.toml -> AnnexSchema: the data annex's tables, as data.

Per table: its CSV file, its workbook sheet, its title and description, its primary and
foreign keys, and its fields in column order, each with a Table Schema type, Arabic and
French titles, a column width and constraints. The annex (report/outputs/annex.py) builds
its rows as mappings keyed by field name; ``Table.grid`` puts them in the schema's order and
refuses a row that lacks a field or carries one the table does not have (a programming
error: ValueError, never a silent shift of columns).

Why TOML and not a Frictionless Table Schema file in JSON: every other file that holds the
tool's words and settings is TOML (comments, Arabic as readable as French, no quoted keys),
and its loader lists every fault of the file at once like theirs (report/settings/toml.py).
The descriptor keeps Table Schema's words (name, type, constraints, primary and foreign
keys), so datapackage.json renders it field for field, and frictionless validates that
package in the tests; it adds only what the workbook needs (the sheet, column widths), and
names a constraint shared by many fields once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from report.errors import SettingsError
from report.label import LABEL_LANGS, Label
from report.paths import TEMPLATES
from report.settings.chapters import WHENS
from report.settings.toml import Problems, read_toml

SCHEMA = TEMPLATES / "annex" / "schema.toml"
TYPES = ("string", "integer", "number", "date")  # the Table Schema types the annex writes
KINDS = ("number", "text", "other")  # [widths]: the column width of each kind of field
NARROW = ("integer", "number", "date")  # the types of the "number" kind
DEFINITIONS = ("indicators",)  # what a field's description may give the definitions of
CONSTRAINT_KEYS = ("required", "unique", "minimum", "maximum", "minLength", "maxLength",
                   "pattern", "enum")
# a CSV header (ASCII), a resource name and an Excel table name at once
NAME = re.compile(r"^[a-z][a-z0-9_]*$")
# the annex's other parts and Excel tables: no table may take their names
RESERVED = ("xlsx", "datapackage", "contents", "notes")
SHEET_FORBIDDEN = frozenset("[]:*?/\\")
SHEET_MAX = 31  # Excel's longest sheet name
TOP_KEYS = ("widths", "constraints", "table")
TABLE_KEYS = ("name", "file", "sheet", "fields")
TABLE_LABELS = ("title", "description")
TABLE_OPTIONAL = ("primary_key", "foreign_keys", "widths", "when")
FIELD_KEYS = ("name", "type")
FIELD_OPTIONAL = ("constraints", "definitions")


class AnnexSchemaError(SettingsError):
    """templates/annex/schema.toml is wrong: the annex cannot be written."""


@dataclass(frozen=True)
class Widths:
    """The workbook's column widths (characters) by kind of field: numbers and dates; texts
    in one language (a name ending in one of ``suffixes``); any other (codes, symbols)."""

    number: int
    text: int
    other: int
    suffixes: tuple[str, ...]

    def of(self, name: str, kind: str) -> int:
        if kind in NARROW:
            return self.number
        return self.text if name.endswith(self.suffixes) else self.other


UNREAD = Widths(1, 1, 1, ())  # stands in for a faulty [widths] while the file is read on


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Table Schema type: string | integer | number | date
    title: Label
    width: int  # the workbook column's, in characters
    constraints: Mapping[str, object]  # Table Schema constraints; empty: none
    definitions: str = ""  # "indicators": the description gives each code's definition


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str  # the table referred to
    reference: tuple[str, ...]  # its fields


@dataclass(frozen=True)
class Table:
    name: str
    file: str  # the CSV's name, "{year}" standing for the report year
    sheet: str
    title: Label
    description: Label
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    when: str = ""  # a condition of templates/chapters.toml: the annex holds it only then

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def file_name(self, year: int) -> str:
        return self.file.format(year=year)

    def grid(self, rows: Iterable[Mapping[str, object]]) -> list[list[object]]:
        """Each row's values in field order; ValueError naming the first row that lacks a
        field or has one the table does not."""
        names = self.names
        out = []
        for i, row in enumerate(rows, start=1):
            if row.keys() != set(names):
                missing = [n for n in names if n not in row]
                unknown = sorted(set(row) - set(names))
                raise ValueError(f"annex table {self.name}, row {i}: missing fields "
                                 f"{missing}, unknown fields {unknown}")
            out.append([row[n] for n in names])
        return out


@dataclass(frozen=True)
class AnnexSchema:
    tables: tuple[Table, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.tables)

    def holding(self, holds: Mapping[str, bool]) -> AnnexSchema:
        """The tables whose ``when`` holds (``holds``: condition -> whether it holds for the
        report's year, report/publish/context.py's ``conditions``): a report on a year
        before the national plan has no plan table."""
        return AnnexSchema(tuple(t for t in self.tables if not t.when or holds.get(t.when)))

    def grids(self, data: Mapping[str, Iterable[Mapping[str, object]]]
              ) -> dict[str, list[list[object]]]:
        """Every table's rows in field order; ValueError if ``data`` is not every table's."""
        if data.keys() != set(self.names):
            raise ValueError(f"annex tables: {sorted(data)}, the schema's: {sorted(self.names)}")
        return {t.name: t.grid(data[t.name]) for t in self.tables}


@cache
def load_schema(path: Path = SCHEMA) -> AnnexSchema:
    """The annex's tables, read once per process; AnnexSchemaError listing every fault."""
    data = read_toml(path, AnnexSchemaError)
    problems = Problems(str(path))
    problems.unknown_keys(data, TOP_KEYS)
    problems.require(data, TOP_KEYS)
    widths = _widths(data.get("widths", {}), "widths: ", problems)
    named = _constraints(data.get("constraints", {}), problems)
    specs = data.get("table", [])
    if not isinstance(specs, list) or not specs:
        problems.error("table: one [[table]] or more is needed")
        specs = []
    tables = [_table(t, i, widths, named, problems) for i, t in enumerate(specs, start=1)]
    whole = tuple(t for t in tables if t is not None)
    _check_between(whole, problems)
    problems.done(AnnexSchemaError)
    return AnnexSchema(whole)


def _widths(data: object, where: str, problems: Problems, base: Widths | None = None
            ) -> Widths:
    """The top [widths], or a table's changes to them (``base``)."""
    keys = KINDS if base is not None else (*KINDS, "text_suffixes")
    if not isinstance(data, Mapping):
        problems.error(f"{where}a table is needed")
        return base or UNREAD
    problems.unknown_keys(data, keys, where)
    if base is None:
        problems.require(data, keys, where)
    good: dict[str, object] = {}
    for kind in (k for k in KINDS if k in data):
        value = data[kind]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            problems.error(f"{where}{kind}: a width of 1 character or more is needed")
        else:
            good[kind] = value
    if base is None and "text_suffixes" in data:
        good["suffixes"] = _texts(data["text_suffixes"], f"{where}text_suffixes", problems)
    return replace(base or UNREAD, **good)  # type: ignore[arg-type]


def _constraints(data: object, problems: Problems) -> dict[str, Mapping[str, object]]:
    """The named constraints, each a Table Schema ``constraints`` object."""
    if not isinstance(data, Mapping):
        problems.error("constraints: a table is needed")
        return {}
    out = {}
    for name, spec in data.items():
        if not isinstance(spec, Mapping) or not spec:
            problems.error(f"constraints: {name}: a table of Table Schema constraints is "
                           "needed")
            continue
        problems.unknown_keys(spec, CONSTRAINT_KEYS, f"constraints: {name}: ")
        try:
            re.compile(spec.get("pattern", ""))
        except (re.error, TypeError) as exc:
            problems.error(f"constraints: {name}: pattern: {exc}")
        out[name] = spec
    return out


def _table(spec: object, i: int, widths: Widths, named: Mapping[str, Mapping[str, object]],
           problems: Problems) -> Table | None:
    if not isinstance(spec, Mapping):
        problems.error(f"table {i}: a table is needed")
        return None
    where = f"table {spec.get('name', i)}: "
    problems.unknown_keys(spec, (*TABLE_KEYS, *TABLE_LABELS, *TABLE_OPTIONAL), where)
    whole = problems.require(spec, TABLE_KEYS, where)
    if "name" in spec:
        _check_name(spec["name"], f"{where}name", problems)
    if "file" in spec:
        _check_file(spec["file"], where, problems)
    if "sheet" in spec:
        _check_sheet(spec["sheet"], where, problems)
    title, description = (_label(spec.get(k), f"{where}{k}", problems) for k in TABLE_LABELS)
    own = _widths(spec.get("widths", {}), f"{where}widths: ", problems, widths)
    raw = spec.get("fields", [])
    if not isinstance(raw, list) or not raw:
        problems.error(f"{where}fields: a list of one field or more is needed")
        raw = []
    found = [_field(f, j, where, own, named, problems) for j, f in enumerate(raw, start=1)]
    fields = tuple(f for f in found if f is not None)
    names = [f.name for f in fields]
    for dup in sorted({n for n in names if names.count(n) > 1}):
        problems.error(f"{where}field {dup}: twice")
    primary = _texts(spec.get("primary_key", []), f"{where}primary_key", problems, names)
    foreign = _foreign_keys(spec.get("foreign_keys", []), names, where, problems)
    when = spec.get("when", "")
    if when not in WHENS:
        problems.error(f"{where}when {when!r}: one of {WHENS} (templates/chapters.toml)")
    if not whole:
        return None
    return Table(str(spec["name"]), str(spec["file"]), str(spec["sheet"]), title,
                 description, fields, primary, foreign, str(when))


def _check_name(name: object, where: str, problems: Problems) -> None:
    if not isinstance(name, str) or not NAME.match(name):
        problems.error(f"{where} {name!r}: lower-case letters, digits and _ only, "
                       "a letter first")
    elif name in RESERVED:
        problems.error(f"{where} {name!r}: the name of another part of the annex")


def _check_file(file: object, where: str, problems: Problems) -> None:
    try:
        ok = isinstance(file, str) and file.endswith(".csv") and "/" not in file \
            and file.format(year=2000) != file
    except (KeyError, IndexError, ValueError):
        ok = False
    if not ok:
        problems.error(f"{where}file {file!r}: a CSV name with {{year}}, "
                       'like "data-{year}-figures.csv"')


def _check_sheet(sheet: object, where: str, problems: Problems) -> None:
    if not isinstance(sheet, str) or not sheet.strip() or len(sheet) > SHEET_MAX \
            or SHEET_FORBIDDEN & set(sheet):
        problems.error(f"{where}sheet {sheet!r}: an Excel sheet name is needed (1 to "
                       f"{SHEET_MAX} characters, none of {''.join(sorted(SHEET_FORBIDDEN))})")


def _label(data: object, where: str, problems: Problems) -> Label:
    """``{ ar = "...", fr = "..." }``, both texts."""
    if not isinstance(data, Mapping):
        problems.error(f"{where}: {{ ar = ..., fr = ... }} is needed")
        return Label("", "")
    problems.unknown_keys(data, LABEL_LANGS, f"{where}: ")
    for lang in LABEL_LANGS:
        if not isinstance(data.get(lang), str) or not data[lang].strip():
            problems.error(f"{where}: {lang}: a text is needed")
    return Label(str(data.get("ar", "")), str(data.get("fr", "")))


def _field(spec: object, j: int, where: str, widths: Widths,
           named: Mapping[str, Mapping[str, object]], problems: Problems) -> Field | None:
    if not isinstance(spec, Mapping):
        problems.error(f"{where}field {j}: a table is needed")
        return None
    at = f"{where}field {spec.get('name', j)}"
    problems.unknown_keys(spec, (*FIELD_KEYS, *LABEL_LANGS, *FIELD_OPTIONAL), f"{at}: ")
    whole = problems.require(spec, FIELD_KEYS, f"{at}: ")
    if "name" in spec:
        _check_name(spec["name"], f"{at}: name", problems)
    kind = spec.get("type", TYPES[0])
    if kind not in TYPES:
        problems.error(f"{at}: type {kind!r}: one of {', '.join(TYPES)}")
    title = _label({k: v for k, v in spec.items() if k in LABEL_LANGS}, at, problems)
    constraint = spec.get("constraints", "")
    if constraint and (not isinstance(constraint, str) or constraint not in named):
        problems.error(f"{at}: constraints {constraint!r}: not one of [constraints]")
        constraint = ""
    definitions = spec.get("definitions", "")
    if definitions and definitions not in DEFINITIONS:
        problems.error(f"{at}: definitions {definitions!r}: one of {', '.join(DEFINITIONS)}")
    if not whole:
        return None
    name = str(spec["name"])
    return Field(name, str(kind), title, widths.of(name, str(kind)), named.get(constraint, {}),
                 str(definitions))


def _texts(value: object, where: str, problems: Problems, known: Sequence[str] | None = None
           ) -> tuple[str, ...]:
    """A list of texts; with ``known``, each one of them (a table's field names)."""
    if not isinstance(value, list) or not all(isinstance(n, str) for n in value):
        problems.error(f"{where}: a list of texts is needed")
        return ()
    for name in value:
        if known is not None and name not in known:
            problems.error(f"{where}: {name}: no such field")
    return tuple(value)


def _foreign_keys(value: object, known: Sequence[str], where: str, problems: Problems
                  ) -> tuple[ForeignKey, ...]:
    """``[{ fields = [...], reference = { resource = "<table>", fields = [...] } }]``."""
    if not isinstance(value, list):
        problems.error(f"{where}foreign_keys: a list is needed")
        return ()
    out = []
    for i, fk in enumerate(value, start=1):
        at = f"{where}foreign_keys {i}"
        ref = fk.get("reference") if isinstance(fk, Mapping) else None
        if not isinstance(fk, Mapping) or not isinstance(ref, Mapping):
            problems.error(f"{at}: {{ fields = [...], reference = {{ resource = ..., "
                           "fields = [...] }} is needed")
            continue
        problems.unknown_keys(fk, ("fields", "reference"), f"{at}: ")
        problems.unknown_keys(ref, ("resource", "fields"), f"{at}: reference: ")
        fields = _texts(fk.get("fields"), f"{at}: fields", problems, known)
        reference = _texts(ref.get("fields"), f"{at}: reference: fields", problems)
        if len(fields) != len(reference):
            problems.error(f"{at}: as many fields as reference fields are needed")
        out.append(ForeignKey(fields, str(ref.get("resource", "")), reference))
    return tuple(out)


def _check_between(tables: Sequence[Table], problems: Problems) -> None:
    """What one table cannot see alone: names, files and sheets told apart, and foreign
    keys that point at another table's fields."""
    for what in ("name", "file", "sheet"):
        values = [getattr(t, what) for t in tables]
        for dup in sorted({v for v in values if values.count(v) > 1}):
            problems.error(f"table {what} {dup!r}: used twice")
    by_name = {t.name: t for t in tables}
    for t in tables:
        for fk in t.foreign_keys:
            other = by_name.get(fk.resource)
            if other is None:
                problems.error(f"table {t.name}: foreign key to {fk.resource!r}: no such table")
                continue
            for name in fk.reference:
                if name not in other.names:
                    problems.error(f"table {t.name}: foreign key to {fk.resource}: "
                                   f"{name}: no such field there")
