"""Public Datasets (every year up to the report year) -> the data annex: data-<year>.xlsx,
one CSV per table and a datapackage.json.

The series of every year, as the final edition publishes it: each figure with its status
(symbols as the GSS writes them: "c" confidential, "r" revised, "x" not available), the
cell it was read from (member, file, sheet, cell), the revisions, the indicators' metadata,
and the tables international bodies ask for (report/outputs/exports.py). The datasets are public:
confidential values are already removed (report/figures/disclosure.py). The bytes depend on the
inputs, the database and the edition file only: no clock (the xlsx zip entries and its
docProps carry the publication date).

The tables' shape is data, templates/annex/schema.toml (report/settings/annex_schema.py):
each table's file, sheet, title and description, keys, and fields in order with their type,
Arabic and French titles, column width and constraints. The rows here are mappings keyed by
field name; the schema puts them in its order once, for the CSV and the workbook alike, and
a row with a field too many or too few stops the build (a programming error). The
datapackage.json is the schema rendered as a Frictionless Table Schema.

Choices:
- CSV: UTF-8 *without* BOM, comma, CRLF (RFC 4180), header = stable ASCII field names.
  The CSVs are for machines and open-data portals (a BOM ends up inside the first field
  name in many readers); people who open the data in Excel get the .xlsx. The Arabic and
  French titles of every field are also in datapackage.json.
- The workbook follows the GSS's guidance for accessible statistical spreadsheets: a cover
  sheet, a contents sheet, a notes sheet defining the symbols, then one table per sheet as
  an Excel table (one header row, a title above it), no merged cells, no empty cell in a
  value column without a symbol beside it, right to left.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from report.atomic import atomic_write_files
from report.figures.consolidate import Dataset, NationalFigure
from report.figures.disclosure import protected_keys
from report.figures.status import Status
from report.label import LABEL_LANGS, Label
from report.language.texts import load_texts
from report.outputs import exports
from report.outputs.exports import status
from report.publish.context import conditions
from report.settings.annex_schema import AnnexSchema, Field, Table, load_schema
from report.settings.catalogue import Catalogue, Measure
from report.settings.edition import Edition
from report.terminal import shown_name
from report.xlsxfile import workbook_bytes

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

Row = dict[str, object]  # one row of a table: field name -> value


def texts(key: str) -> Label:
    return load_texts("annex").label(key)


def names(year: int, schema: AnnexSchema | None = None) -> dict[str, str]:
    """File name of each annex part, by part (a table's: its name); every table of the
    schema unless ``schema`` names the year's (``year_schema``)."""
    out = {"xlsx": f"data-{year}.xlsx"}
    out |= {t.name: t.file_name(year) for t in (schema or load_schema()).tables}
    out["datapackage"] = "datapackage.json"
    return out


def _unit(cat: Catalogue, noun: str, lang: str) -> str:
    form = cat.nouns.get(noun, {}).get(lang, {}).get("other", "")
    return form.replace("{n}", "").strip()


def _figure_row(cat: Catalogue, ds: Dataset, fig: NationalFigure) -> Row:
    ind = cat.indicator(fig.indicator)
    dim = cat.dimensions[fig.dimension] if fig.dimension else None
    cat_ = next((c for c in dim.categories if c.code == fig.category), None) if dim else None
    return {"year": ds.year, "key": fig.key, "indicator": ind.code,
            "indicator_ar": ind.label.ar, "indicator_fr": ind.label.fr,
            "dimension": fig.dimension or "", "dimension_ar": dim.label.ar if dim else "",
            "dimension_fr": dim.label.fr if dim else "", "category": fig.category or "",
            "category_ar": cat_.label.ar if cat_ else "",
            "category_fr": cat_.label.fr if cat_ else "", "value": fig.value,
            "status": status(ds, fig.key), "unit": ind.noun,
            "unit_ar": _unit(cat, ind.noun, "ar"), "unit_fr": _unit(cat, ind.noun, "fr"),
            "aggregate": ind.aggregate, "sources": len(fig.sources),
            "missing": " ".join(fig.missing), "not_available": " ".join(fig.not_available)}


def _source_rows(cat: Catalogue, ds: Dataset, fig: NationalFigure) -> list[Row]:
    """Every cell of the figure: the ones used ("used"), other members' figures kept for
    comparison ("compared") and partial reporters' ("partial"). A member's value of a
    protected breakdown is published only as the national figure it makes
    (report/figures/disclosure.py): elsewhere it is empty with status "c"."""
    per = ds.by_member.get(fig.key, {})
    rows = []
    cells = ([(s, "used") for s in (*fig.sources, *fig.na_cells)]
             + [(s, "compared") for s in fig.compared] + [(s, "partial") for s in fig.partial])
    for s, role in cells:
        m = cat.member(s.member)
        value = per.get(s.member)
        na = s in fig.na_cells or (role == "used" and fig.is_not_available)
        mark = "" if value is not None else str(Status.NOT_AVAILABLE) if na else \
            "c" if "c" in fig.marks or fig.key in protected_keys(cat) else "x"
        rows.append({"year": ds.year, "key": fig.key, "indicator": fig.indicator,
                     "member": s.member, "member_ar": m.name.ar, "member_fr": m.name.fr,
                     "value": value, "status": mark, "role": role,
                     "file": shown_name(s.file), "sheet": s.sheet, "cell": s.cell})
    return rows


def _report_row(cat: Catalogue, ds: Dataset, fig: NationalFigure) -> Row:
    """The source of a figure imported from a past report: the report and its page
    ("report on 2022, p. 14"), or that it did not publish it."""
    ref = fig.reference
    assert ref is not None
    label = texts("source.report" if ref.page is not None else "source.not_published")
    where = {"report": ref.report, "page": ref.page}
    commission = cat.commission
    return {"year": ds.year, "key": fig.key, "indicator": fig.indicator,
            "member": commission.acronym, "member_ar": commission.short_name.ar,
            "member_fr": commission.short_name.fr, "value": fig.value,
            "status": status(ds, fig.key), "role": "report",
            "file": f"{label.ar.format(**where)} / {label.fr.format(**where)}", "sheet": "",
            "cell": ""}


def _revision_rows(cat: Catalogue, ds: Dataset) -> list[Row]:
    return [{"year": r.year, "key": r.key, "figure_ar": cat.figure_label(r.key).ar,
             "figure_fr": cat.figure_label(r.key).fr, "old_value": r.old,
             "old_status": _value_status(r.old, r.old_status), "new_value": r.new,
             "new_status": _value_status(r.new, r.new_status),
             "members": " ".join(r.members), "date": r.date.isoformat()}
            for r in ds.revisions]


def _value_status(value: int | None, marks: str) -> str:
    if value is None and "c" not in marks.split():
        return " ".join([*marks.split(), "x"])
    return marks


def _indicator_rows(cat: Catalogue) -> list[Row]:
    return [{"indicator": i.code, "indicator_ar": i.label.ar, "indicator_fr": i.label.fr,
             "definition_ar": i.meta.definition.ar, "definition_fr": i.meta.definition.fr,
             "legal_ar": i.meta.legal.ar, "legal_fr": i.meta.legal.fr,
             "unit_ar": i.meta.unit.ar, "unit_fr": i.meta.unit.fr, "aggregate": i.aggregate,
             "sources": " ".join(i.reporters),
             "breakdowns": " ".join(f"{b.dimension.code}:{b.rule}" for b in i.breakdowns),
             "comparability_ar": i.meta.comparability.ar,
             "comparability_fr": i.meta.comparability.fr} for i in cat.indicators]


def plan_rows(cat: Catalogue, datasets: Mapping[int, Dataset], year: int) -> list[Row]:
    """One row per measure and year, from the plan's first year to ``year``, year by year in
    plan order (the years whose data the build has)."""
    return [_plan_row(cat, datasets[y], m)
            for y in sorted(y for y in datasets if cat.plan.start <= y <= year)
            for m in cat.plan.measures]


def _plan_row(cat: Catalogue, ds: Dataset, m: Measure) -> Row:
    words = load_texts("plan")
    state = ds.plan_status(m)
    report = ds.plan.get(m.code)
    lead, ind = cat.member(m.lead), m.indicator
    target, target_year = m.target_for(ds.year, done=state == "done")
    src = report.source if report else None
    return {"year": ds.year, "measure": m.code, "axis": m.axis, "objective": m.objective,
            "measure_ar": m.label.ar, "measure_fr": m.label.fr, "lead": m.lead,
            "lead_ar": lead.name.ar, "lead_fr": lead.name.fr, "status": state,
            "status_ar": words(f"status.{state}", "ar"),
            "status_fr": words(f"status.{state}", "fr"), "indicator_ar": ind.label.ar,
            "indicator_fr": ind.label.fr, "unit": ind.unit,
            "value": report.value if report else None, "baseline": ind.baseline,
            "baseline_year": ind.baseline_year, "target": target, "target_year": target_year,
            "file": shown_name(src.file) if src else "", "sheet": src.sheet if src else "",
            "cell": src.cell if src else ""}


def tables(cat: Catalogue, datasets: Mapping[int, Dataset],
           only: Sequence[str] | None = None) -> dict[str, list[Row]]:
    """Rows of each table (of the tables ``only`` names, when given), keyed by field name:
    years oldest first, then catalogue order."""
    series = [ds for _, ds in sorted(datasets.items())]
    every = {
        "figures": [_figure_row(cat, ds, f) for ds in series for f in ds.figures.values()],
        "sources": [r for ds in series for f in ds.figures.values()
                    for r in (_source_rows(cat, ds, f) if f.reference is None
                              else [_report_row(cat, ds, f)])],
        "revisions": [r for ds in series for r in _revision_rows(cat, ds)],
        "indicators": _indicator_rows(cat),
        "glotip": [asdict(r) for r in exports.glotip(cat, datasets)],
        "sdg": [asdict(r) for r in exports.sdg(cat, datasets)],
        "plan": plan_rows(cat, datasets, max(datasets)),
    }
    return {name: rows for name, rows in every.items() if only is None or name in only}


def csv_bytes(table: Table, rows: Iterable[Sequence[object]]) -> bytes:
    """The header (field names), then ``rows``: values already in field order."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(table.names)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return buf.getvalue().encode("utf-8")


# --- the workbook --------------------------------------------------------------------------

def header(f: Field) -> str:
    """A table's one header row: the Arabic title, then the French."""
    return f"{f.title.ar} / {f.title.fr}"


def year_schema(cat: Catalogue, year: int) -> AnnexSchema:
    """The annex's tables of a report on ``year``: those whose ``when`` holds (no plan table
    before the national plan began)."""
    return load_schema().holding(conditions(cat.plan, year))


def xlsx_bytes(cat: Catalogue, grids: Mapping[str, Sequence[Sequence[object]]],
               edition: Edition, first: int, schema: AnnexSchema | None = None) -> bytes:
    """The workbook: cover, contents, notes, then each table's ``grids`` (values in field
    order) on a sheet of its own (the tables of ``schema``, every one by default)."""
    from openpyxl import Workbook  # only the final edition writes the annex

    wb = Workbook()
    wb.remove(wb.active)
    schema = schema or load_schema()
    _cover(wb, cat, edition, first)
    _contents(wb, schema)
    _notes(wb, cat)
    for table in schema.tables:
        _table_sheet(wb, table, grids[table.name])
    stamp = dt.datetime.combine(edition.publication_date, dt.time())
    props = wb.properties
    props.creator = props.lastModifiedBy = "CNCLT"
    props.title = f"{edition.title.ar} {edition.year} — data / المعطيات"
    props.language = "ar"
    props.created = props.modified = stamp
    _print_setup(wb)
    return workbook_bytes(wb, stamp)


def _sheet(wb: Workbook, title: str) -> Worksheet:
    ws = wb.create_sheet(title)
    ws.sheet_view.rightToLeft = True
    return ws


def _title(ws: Worksheet, text: str) -> None:
    from openpyxl.styles import Font

    ws["A1"] = text
    ws["A1"].font = Font(bold=True, size=14)


def _cover(wb: Workbook, cat: Catalogue, edition: Edition, first: int) -> None:
    from openpyxl.styles import Alignment, Font

    ws = _sheet(wb, texts("sheet.cover").ar)
    values = {"year": edition.year, "first": first, "date": edition.publication_date.isoformat(),
              "website": cat.commission.website}
    lines = []
    for lang in LABEL_LANGS:
        lines.append((texts("cover.title")(lang).format(
            title=edition.title(lang), **values), True))
        for key in ("about", "published", "source", "contact", "layout"):
            lines.append((texts(f"cover.{key}")(lang).format(
                commission=cat.commission.name(lang), **values), False))
        if edition.fictitious:
            lines.append((texts("cover.fictitious")(lang), True))
    for i, (text, bold) in enumerate(lines, start=1):
        cell = ws.cell(i, 1, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if bold:
            cell.font = Font(bold=True, size=14 if i == 1 else 11)
    ws.column_dimensions["A"].width = 110


def _contents(wb: Workbook, schema: AnnexSchema) -> None:
    ws = _sheet(wb, texts("sheet.contents").ar)
    _title(ws, f"{texts('sheet.contents').ar} / {texts('sheet.contents').fr}")
    ws["A2"] = f"{texts('notes.one_table').ar} {texts('notes.one_table').fr}"
    heads = [texts(f"contents.{k}") for k in ("sheet", "table", "about")]
    rows = [[texts("sheet.notes").ar, f"{texts('sheet.notes').ar} / {texts('sheet.notes').fr}",
             f"{texts('contents.notes_about').ar} / {texts('contents.notes_about').fr}"]]
    rows += [[t.sheet, f"{t.title.ar} / {t.title.fr}",
              f"{t.description.ar} / {t.description.fr}"] for t in schema.tables]
    _excel_table(ws, "contents", [f"{h.ar} / {h.fr}" for h in heads], rows, [18, 60, 100])
    from openpyxl.worksheet.hyperlink import Hyperlink

    for r in range(4, 4 + len(rows)):
        cell = ws.cell(r, 1)
        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{cell.value}'!A1",
                                   display=str(cell.value))
        cell.style = "Hyperlink"


def _notes(wb: Workbook, cat: Catalogue) -> None:
    ws = _sheet(wb, texts("sheet.notes").ar)
    _title(ws, f"{texts('sheet.notes').ar} / {texts('sheet.notes').fr}")
    ws["A2"] = f"{texts('notes.one_table').ar} {texts('notes.one_table').fr}"
    threshold = cat.disclosure.threshold
    values = {"threshold": threshold, "below": threshold - 1,
              "scope": _scope(cat, "ar")}
    rows = [[f"[{s}]" if s != "na" else s, texts(f"symbol.{s}").ar.format(**values),
             texts(f"symbol.{s}").fr.format(**values)] for s in ("c", "r", "p", "x", "na")]
    for i, key in enumerate(("disclosure", "at_least", "revisions", "population"), start=1):
        # numbered notes after the symbols
        label = texts(f"note.{key}")
        rows.append([f"{i}", label.ar.format(**values),
                     label.fr.format(**(values | {"scope": _scope(cat, "fr")}))])
    heads = [texts(f"notes.{k}") for k in ("symbol", "text_ar", "text_fr")]
    _excel_table(ws, "notes", [f"{h.ar} / {h.fr}" for h in heads], rows, [16, 90, 90])


def _scope(cat: Catalogue, lang: str) -> str:
    sep = load_texts("phrases")("list_separator", lang)
    inds = sep.join(cat.indicator(i).label(lang) for i in cat.disclosure.indicators)
    dims = sep.join(cat.dimensions[d].label(lang) for d in cat.disclosure.dimensions)
    return f"{inds}: {dims}"


def _table_sheet(wb: Workbook, table: Table, rows: Sequence[Sequence[object]]) -> None:
    ws = _sheet(wb, table.sheet)
    _title(ws, f"{table.title.ar} / {table.title.fr}")
    ws["A2"] = f"{texts('notes.one_table').ar} {texts('notes.one_table').fr}"
    _excel_table(ws, table.name, [header(f) for f in table.fields], rows,
                 [f.width for f in table.fields])


def _excel_table(ws: Worksheet, name: str, heads: list[str],
                 rows: Sequence[Sequence[object]], widths: list[int]) -> None:
    """Header on row 3 (below the title and a note), rows below, as one Excel table named
    ``name``. An Excel table needs a row: an empty one gets a row saying it is empty."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table, TableStyleInfo

    if not rows:
        empty = texts("table.empty")
        rows = [[f"{empty.ar} / {empty.fr}", *([None] * (len(heads) - 1))]]
    for c, text in enumerate(heads, start=1):
        cell = ws.cell(3, c, text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(rows, start=4):
        for c, value in enumerate(row, start=1):
            ws.cell(r, c, value)
    last = 3 + len(rows)
    ref = f"A3:{get_column_letter(len(heads))}{last}"
    table = Table(displayName=name, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(table)
    ws.freeze_panes = "A4"
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width


def _print_setup(wb: Workbook) -> None:
    """Each sheet printed one A4 page wide, its table's header row on every page, the
    table's texts wrapped in rows as tall as their lines (report/xlsxprint.py)."""
    from openpyxl.worksheet.cell_range import CellRange

    from report.xlsxprint import lay_out

    for ws in wb.worksheets:
        tables = list(ws.tables.values())
        lay_out(ws, CellRange(tables[0].ref).min_row if tables else None, wrap=True)


# --- the data package ----------------------------------------------------------------------

def datapackage(cat: Catalogue, edition: Edition, parts: Mapping[str, bytes],
                files: Mapping[str, str], first: int, schema: AnnexSchema | None = None
                ) -> bytes:
    """Frictionless Data Package (v1 descriptor) for the CSVs, with their hashes."""
    resources = [_resource(cat, t, files[t.name], parts[t.name])
                 for t in (schema or load_schema()).tables]
    desc = {
        "profile": "tabular-data-package",
        "name": f"cnclt-report-{edition.year}",
        "id": f"cnclt-report-{edition.year}-{edition.number}",
        "title": f"{edition.title.fr} {edition.year}",
        "description": f"{edition.title.ar} {edition.year} — المعطيات المجمعة ومصادرها "
                       f"{first}-{edition.year} / chiffres consolidés et leurs sources, "
                       f"{first}-{edition.year}. " + _symbols_text(cat),
        "version": f"{edition.number}.0.0",
        "created": f"{edition.publication_date.isoformat()}T00:00:00Z",
        "keywords": ["CNCLT", "Maroc", "المغرب", "traite des êtres humains", "الاتجار بالبشر",
                     "SDG 16.2.2", "GLOTIP"],
        "contributors": [{"title": cat.commission.name.fr, "role": "publisher"},
                         {"title": cat.commission.name.ar, "role": "publisher"}],
        "resources": resources,
    }
    return (json.dumps(desc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _symbols_text(cat: Catalogue) -> str:
    values = {"threshold": cat.disclosure.threshold}
    return " ".join(f"[{s}] {texts(f'symbol.{s}').fr.format(**values)}."
                    for s in ("c", "r", "p", "x", "na"))


def _field(cat: Catalogue, f: Field) -> dict[str, object]:
    description = f"{f.title.fr} — {f.title.ar}"
    if f.definitions == "indicators":  # the metadata travels with the codes
        description += " — " + " | ".join(f"{i.code}: {i.meta.definition.fr}"
                                          for i in cat.indicators)
    out: dict[str, object] = {"name": f.name, "type": f.type,
                              "title": f"{f.title.fr} / {f.title.ar}",
                              "description": description}
    if f.constraints:
        out["constraints"] = dict(f.constraints)
    return out


def _resource(cat: Catalogue, table: Table, name: str, data: bytes) -> dict[str, object]:
    schema: dict[str, object] = {"fields": [_field(cat, f) for f in table.fields],
                                 "missingValues": [""]}
    if table.primary_key:
        schema["primaryKey"] = list(table.primary_key)
    if table.foreign_keys:
        schema["foreignKeys"] = [{"fields": list(k.fields),
                                  "reference": {"resource": k.resource,
                                                "fields": list(k.reference)}}
                                 for k in table.foreign_keys]
    return {"name": table.name, "path": name, "profile": "tabular-data-resource",
            "title": f"{table.title.fr} / {table.title.ar}",
            "description": f"{table.description.fr} — {table.description.ar}",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
            "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
            "schema": schema}


def build_annex(cat: Catalogue, datasets: Mapping[int, Dataset], year: int,
                edition: Edition) -> dict[str, bytes]:
    """File name -> bytes of every annex file (nothing written), for the years up to
    ``year`` of the public ``datasets``."""
    series = {y: ds for y, ds in datasets.items() if y <= year}
    first = min(series)
    schema = year_schema(cat, year)
    files = names(year, schema)
    rows = tables(cat, series, schema.names)
    grids = schema.grids(rows)  # a row with a field too many or too few fails
    parts = {t.name: csv_bytes(t, grids[t.name]) for t in schema.tables}
    parts["xlsx"] = xlsx_bytes(cat, grids, edition, first, schema)
    parts["datapackage"] = datapackage(cat, edition, parts, files, first, schema)
    return {files[k]: parts[k] for k in ("xlsx", *schema.names, "datapackage")}


def write_annex(files: Mapping[str, bytes], folder: Path) -> list[Path]:
    """Write every annex file atomically into ``folder``; return the paths."""
    return atomic_write_files(files, folder)
