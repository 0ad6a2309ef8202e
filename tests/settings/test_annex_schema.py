"""The data annex's tables as data (templates/annex/schema.toml): the file loads whole, a
faulty one is refused with every fault listed at once (an unknown key is a warning), and
a row that does not match its table's fields stops the annex instead of shifting columns."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

from report.figures.consolidate import REPORT_STATUSES
from report.settings.annex_schema import SCHEMA, AnnexSchemaError, load_schema
from tests.logged import logged, not_logged


def test_the_schema_loads_without_a_warning() -> None:
    with warnings.catch_warnings(), not_logged():
        warnings.simplefilter("error")
        schema = load_schema(SCHEMA)
    assert schema.names == ("figures", "sources", "revisions", "indicators", "glotip", "sdg",
                            "plan")
    sdg = schema.tables[schema.names.index("sdg")]
    assert sdg.file_name(2025) == "data-2025-sdg-16-2-2.csv"
    assert sdg.foreign_keys[0].resource == "figures"
    for table in schema.tables:
        assert table.title.ar and table.title.fr and table.description.ar
        assert all(f.title.ar and f.title.fr and f.width > 0 for f in table.fields)


def test_the_widths_follow_the_kind_of_field() -> None:
    tables = {t.name: {f.name: f.width for f in t.fields} for t in load_schema().tables}
    assert (tables["figures"]["year"], tables["figures"]["indicator_ar"],
            tables["figures"]["indicator"], tables["glotip"]["item_en"]) == (10, 22, 14, 22)
    assert tables["indicators"]["definition_fr"] == 40  # the table's own text width


def test_the_plan_status_enum_is_the_reports_statuses() -> None:
    """The descriptor names them; the code computes them: the two must agree."""
    plan = load_schema().tables[-1]
    status = next(f for f in plan.fields if f.name == "status")
    assert tuple(status.constraints["enum"]) == REPORT_STATUSES  # type: ignore[arg-type]


def _faulty(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    text = SCHEMA.read_text("utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "schema.toml"
    path.write_text(text, "utf-8")
    return path


def test_every_fault_at_once_and_a_typo_is_a_warning(tmp_path: Path) -> None:
    path = _faulty(
        tmp_path,
        ('{ name = "key", type = "string"', '{ name = "key", type = "text"'),
        ('sheet = "المصادر"', 'sheet = "Sources: cells"'),
        ('constraints = "symbols"', 'constraints = "symbol"'),
        ('primary_key = ["year", "key", "member", "role"]',
         'primary_key = ["year", "key", "member", "part"]'),
        ('reference = { resource = "figures"', 'reference = { resource = "figure"'),
        ('name = "revisions"', 'name = "revisions"\nsheeet = "x"'),
        ('{ name = "indicator_fr", type = "string", ar = "المؤشر (بالفرنسية)", ',
         '{ name = "indicator_fr", type = "string", '),
        ('name = "plan"', 'name = "notes"'),
    )
    with logged("table revisions: sheeet: unknown key"), \
            pytest.raises(AnnexSchemaError) as caught:
        load_schema(path)
    message = str(caught.value)
    for fault in ("field key: type 'text'", "sheet 'Sources: cells'",
                  "constraints 'symbol': not one of [constraints]",
                  "primary_key: part: no such field",
                  "foreign key to 'figure': no such table",
                  "field indicator_fr: ar: a text is needed",
                  "name 'notes': the name of another part of the annex"):
        assert fault in message, fault


def test_a_missing_key_is_an_error(tmp_path: Path) -> None:
    path = _faulty(tmp_path, ('file = "data-{year}-glotip.csv"\n', ""),
                   ("text = 22\n", ""))
    with pytest.raises(AnnexSchemaError, match=re.escape("table glotip: file: missing")) as caught:
        load_schema(path)
    assert "widths: text: missing" in str(caught.value)


def test_a_row_missing_a_field_or_with_an_unknown_one_is_refused() -> None:
    """A programming error (a row builder out of step with the schema): loud, never a
    column shifted into the wrong header."""
    revisions = load_schema().tables[2]
    row = dict.fromkeys(revisions.names, "")
    assert revisions.grid([row]) == [[""] * len(revisions.names)]
    with pytest.raises(ValueError, match=r"revisions, row 2: missing fields \['date'\]"):
        revisions.grid([row, {k: v for k, v in row.items() if k != "date"}])
    with pytest.raises(ValueError, match=r"unknown fields \['comment'\]"):
        revisions.grid([row | {"comment": "x"}])
    with pytest.raises(ValueError, match="annex tables"):
        load_schema().grids({"revisions": [row]})
