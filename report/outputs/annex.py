"""Public Datasets (every year up to the report year) -> the data annex: data-<year>.xlsx,
one CSV per table and a datapackage.json.

The series of every year, as the final edition publishes it: each figure with its status
(symbols as the GSS writes them: "c" confidential, "r" revised, "x" not available), the
cell it was read from (member, file, sheet, cell), the revisions, the indicators' metadata,
and the tables international bodies ask for (report/outputs/exports.py). The datasets are public:
confidential values are already removed (report/figures/disclosure.py). The bytes depend on the
inputs, the database and the edition file only: no clock (the xlsx zip entries and its
docProps carry the publication date).

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
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from report.atomic import atomic_write_files
from report.figures.consolidate import REPORT_STATUSES, Dataset, NationalFigure
from report.figures.disclosure import protected_keys
from report.figures.status import Status
from report.label import LABEL_LANGS, Label
from report.language.texts import load_texts
from report.outputs import exports
from report.outputs.exports import status
from report.settings.catalogue import Catalogue
from report.settings.edition import Edition
from report.terminal import shown_name
from report.xlsxfile import workbook_bytes

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Table Schema type: string | integer | number | date
    ar: str
    fr: str


STATUS = Field("status", "string", "الوضعية (الرموز)", "Statut (symboles)")
FIGURE_FIELDS = (
    Field("year", "integer", "السنة", "Année"),
    Field("key", "string", "المفتاح", "Clé"),
    Field("indicator", "string", "رمز المؤشر", "Code indicateur"),
    Field("indicator_ar", "string", "المؤشر", "Indicateur (arabe)"),
    Field("indicator_fr", "string", "المؤشر (بالفرنسية)", "Indicateur"),
    Field("dimension", "string", "رمز التفصيل", "Code ventilation"),
    Field("dimension_ar", "string", "التفصيل", "Ventilation (arabe)"),
    Field("dimension_fr", "string", "التفصيل (بالفرنسية)", "Ventilation"),
    Field("category", "string", "رمز الفئة", "Code catégorie"),
    Field("category_ar", "string", "الفئة", "Catégorie (arabe)"),
    Field("category_fr", "string", "الفئة (بالفرنسية)", "Catégorie"),
    Field("value", "integer", "القيمة", "Valeur"),
    STATUS,
    Field("unit", "string", "رمز الوحدة", "Code unité"),
    Field("unit_ar", "string", "الوحدة", "Unité (arabe)"),
    Field("unit_fr", "string", "الوحدة (بالفرنسية)", "Unité"),
    Field("aggregate", "string", "طريقة التجميع", "Mode d'agrégation"),
    Field("sources", "integer", "عدد المصادر", "Nombre de sources"),
    Field("missing", "string", "الأعضاء الذين لم يرسلوا الرقم", "Membres n'ayant pas transmis"),
    Field("not_available", "string", "الأعضاء الذين لا يتوفر لديهم الرقم",
          "Membres ne disposant pas du chiffre"),
)
SOURCE_FIELDS = (
    Field("year", "integer", "السنة", "Année"),
    Field("key", "string", "المفتاح", "Clé"),
    Field("indicator", "string", "رمز المؤشر", "Code indicateur"),
    Field("member", "string", "رمز العضو", "Code membre"),
    Field("member_ar", "string", "العضو", "Membre (arabe)"),
    Field("member_fr", "string", "العضو (بالفرنسية)", "Membre"),
    Field("value", "integer", "القيمة المرسلة", "Valeur transmise"),
    STATUS,
    Field("role", "string", "الصفة", "Rôle"),
    Field("file", "string", "الملف", "Fichier"),
    Field("sheet", "string", "الورقة", "Feuille"),
    Field("cell", "string", "الخلية", "Cellule"),
)
REVISION_FIELDS = (
    Field("year", "integer", "السنة", "Année"),
    Field("key", "string", "المفتاح", "Clé"),
    Field("figure_ar", "string", "الرقم", "Chiffre (arabe)"),
    Field("figure_fr", "string", "الرقم (بالفرنسية)", "Chiffre"),
    Field("old_value", "integer", "القيمة السابقة", "Ancienne valeur"),
    Field("old_status", "string", "وضعية القيمة السابقة", "Statut de l'ancienne valeur"),
    Field("new_value", "integer", "القيمة الجديدة", "Nouvelle valeur"),
    Field("new_status", "string", "وضعية القيمة الجديدة", "Statut de la nouvelle valeur"),
    Field("members", "string", "الأعضاء", "Membres"),
    Field("date", "date", "تاريخ نشر المراجعة", "Date de publication de la révision"),
)
INDICATOR_FIELDS = (
    Field("indicator", "string", "رمز المؤشر", "Code indicateur"),
    Field("indicator_ar", "string", "المؤشر", "Indicateur (arabe)"),
    Field("indicator_fr", "string", "المؤشر (بالفرنسية)", "Indicateur"),
    Field("definition_ar", "string", "التعريف", "Définition (arabe)"),
    Field("definition_fr", "string", "التعريف (بالفرنسية)", "Définition"),
    Field("legal_ar", "string", "السند القانوني", "Base légale (arabe)"),
    Field("legal_fr", "string", "السند القانوني (بالفرنسية)", "Base légale"),
    Field("unit_ar", "string", "وحدة العد", "Unité de compte (arabe)"),
    Field("unit_fr", "string", "وحدة العد (بالفرنسية)", "Unité de compte"),
    Field("aggregate", "string", "طريقة التجميع", "Mode d'agrégation"),
    Field("sources", "string", "الأعضاء المصدر", "Membres sources"),
    Field("breakdowns", "string", "التفصيلات", "Ventilations"),
    Field("comparability_ar", "string", "حدود المقارنة", "Comparabilité (arabe)"),
    Field("comparability_fr", "string", "حدود المقارنة (بالفرنسية)", "Comparabilité"),
)
GLOTIP_FIELDS = (
    Field("year", "integer", "السنة", "Année"),
    Field("section", "string", "القسم", "Section"),
    Field("key", "string", "المفتاح", "Clé"),
    Field("item_en", "string", "البند (بالإنجليزية)", "Rubrique (anglais)"),
    Field("item_fr", "string", "البند (بالفرنسية)", "Rubrique"),
    Field("group", "string", "المجموعة", "Groupe"),
    Field("value", "integer", "القيمة", "Valeur"),
    STATUS,
    Field("sources", "string", "الأعضاء المصدر", "Membres sources"),
)
SDG_FIELDS = (
    Field("year", "integer", "السنة", "Année"),
    Field("series", "string", "رمز السلسلة", "Code de la série"),
    Field("sex", "string", "الجنس", "Sexe"),
    Field("age", "string", "السن", "Âge"),
    Field("form", "string", "شكل الاستغلال", "Forme d'exploitation"),
    Field("key", "string", "المفتاح", "Clé"),
    Field("victims", "integer", "عدد الضحايا", "Victimes"),
    Field("victims_status", "string", "وضعية عدد الضحايا", "Statut des victimes"),
    Field("population", "integer", "عدد السكان", "Population"),
    Field("population_status", "string", "وضعية عدد السكان", "Statut de la population"),
    Field("rate_per_100000", "number", "المعدل لكل 100.000 نسمة",
          "Taux pour 100 000 habitants"),
    STATUS,
)
PLAN_FIELDS = (
    Field("year", "integer", "السنة", "Année"),
    Field("measure", "string", "رمز التدبير", "Code mesure"),
    Field("axis", "string", "رمز المحور", "Code axe"),
    Field("objective", "string", "رمز الهدف", "Code objectif"),
    Field("measure_ar", "string", "التدبير", "Mesure (arabe)"),
    Field("measure_fr", "string", "التدبير (بالفرنسية)", "Mesure"),
    Field("lead", "string", "رمز الجهة المسؤولة", "Code pilote"),
    Field("lead_ar", "string", "الجهة المسؤولة", "Pilote (arabe)"),
    Field("lead_fr", "string", "الجهة المسؤولة (بالفرنسية)", "Pilote"),
    Field("status", "string", "رمز الوضعية", "Code état"),
    Field("status_ar", "string", "الوضعية", "État (arabe)"),
    Field("status_fr", "string", "الوضعية (بالفرنسية)", "État"),
    Field("indicator_ar", "string", "المؤشر", "Indicateur (arabe)"),
    Field("indicator_fr", "string", "المؤشر (بالفرنسية)", "Indicateur"),
    Field("unit", "string", "الوحدة", "Unité"),
    Field("value", "number", "قيمة المؤشر في 31 دجنبر", "Valeur au 31 décembre"),
    Field("baseline", "number", "القيمة المرجعية", "Valeur de référence"),
    Field("baseline_year", "integer", "سنة القيمة المرجعية", "Année de référence"),
    Field("target", "number", "الهدف", "Cible"),
    Field("target_year", "integer", "سنة بلوغ الهدف", "Année de la cible"),
    Field("file", "string", "الملف", "Fichier"),
    Field("sheet", "string", "الورقة", "Feuille"),
    Field("cell", "string", "الخلية", "Cellule"),
)
TABLES = {"figures": FIGURE_FIELDS, "sources": SOURCE_FIELDS, "revisions": REVISION_FIELDS,
          "indicators": INDICATOR_FIELDS, "glotip": GLOTIP_FIELDS, "sdg": SDG_FIELDS,
          "plan": PLAN_FIELDS}
STATUS_PATTERN = "[a-z]+( [a-z]+)*"  # one symbol or several ("r c", "na"), by spaces
KEYS = {"figures": ["year", "key"], "sources": ["year", "key", "member", "role"],
        "indicators": ["indicator"], "glotip": ["year", "key"], "sdg": ["year", "key"],
        "plan": ["year", "measure"]}


def texts(key: str) -> Label:
    return load_texts("annex").label(key)


def names(year: int) -> dict[str, str]:
    """File name of each annex part, by part."""
    out = {"xlsx": f"data-{year}.xlsx"}
    out |= {t: f"data-{year}-{t.replace('sdg', 'sdg-16-2-2')}.csv" for t in TABLES}
    out["datapackage"] = "datapackage.json"
    return out


def _unit(cat: Catalogue, noun: str, lang: str) -> str:
    form = cat.nouns.get(noun, {}).get(lang, {}).get("other", "")
    return form.replace("{n}", "").strip()


def _figure_row(cat: Catalogue, ds: Dataset, fig: NationalFigure) -> list[object]:
    ind = cat.indicator(fig.indicator)
    dim = cat.dimensions[fig.dimension] if fig.dimension else None
    cat_ = next((c for c in dim.categories if c.code == fig.category), None) if dim else None
    return [ds.year, fig.key, ind.code, ind.label.ar, ind.label.fr,
            fig.dimension or "", dim.label.ar if dim else "", dim.label.fr if dim else "",
            fig.category or "", cat_.label.ar if cat_ else "", cat_.label.fr if cat_ else "",
            fig.value, status(ds, fig.key), ind.noun, _unit(cat, ind.noun, "ar"),
            _unit(cat, ind.noun, "fr"), ind.aggregate, len(fig.sources), " ".join(fig.missing),
            " ".join(fig.not_available)]


def _source_rows(cat: Catalogue, ds: Dataset, fig: NationalFigure) -> list[list[object]]:
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
        rows.append([ds.year, fig.key, fig.indicator, s.member, m.name.ar, m.name.fr,
                     value, mark, role, shown_name(s.file), s.sheet, s.cell])
    return rows


def _revision_rows(cat: Catalogue, ds: Dataset) -> list[list[object]]:
    return [[r.year, r.key, cat.figure_label(r.key).ar, cat.figure_label(r.key).fr,
             r.old, _value_status(r.old, r.old_status), r.new,
             _value_status(r.new, r.new_status), " ".join(r.members), r.date.isoformat()]
            for r in ds.revisions]


def _value_status(value: int | None, marks: str) -> str:
    if value is None and "c" not in marks.split():
        return " ".join([*marks.split(), "x"])
    return marks


def _indicator_rows(cat: Catalogue) -> list[list[object]]:
    return [[i.code, i.label.ar, i.label.fr, i.meta.definition.ar, i.meta.definition.fr,
             i.meta.legal.ar, i.meta.legal.fr, i.meta.unit.ar, i.meta.unit.fr, i.aggregate,
             " ".join(i.reporters),
             " ".join(f"{b.dimension.code}:{b.rule}" for b in i.breakdowns),
             i.meta.comparability.ar, i.meta.comparability.fr] for i in cat.indicators]


def plan_rows(cat: Catalogue, datasets: Mapping[int, Dataset], year: int) -> list[list[object]]:
    """One row per measure and year, from the plan's first year to ``year``, year by year in
    plan order (the years whose data the build has)."""
    words = load_texts("plan")
    rows: list[list[object]] = []
    for y in sorted(y for y in datasets if cat.plan.start <= y <= year):
        ds = datasets[y]
        for m in cat.plan.measures:
            status = ds.plan_status(m)
            report = ds.plan.get(m.code)
            lead, ind = cat.member(m.lead), m.indicator
            target, target_year = m.target_for(y, done=status == "done")
            src = report.source if report else None
            rows.append([y, m.code, m.axis, m.objective, m.label.ar, m.label.fr, m.lead,
                         lead.name.ar, lead.name.fr, status, words(f"status.{status}", "ar"),
                         words(f"status.{status}", "fr"), ind.label.ar, ind.label.fr, ind.unit,
                         report.value if report else None, ind.baseline, ind.baseline_year,
                         target, target_year, shown_name(src.file) if src else "",
                         src.sheet if src else "", src.cell if src else ""])
    return rows


def tables(cat: Catalogue, datasets: Mapping[int, Dataset]) -> dict[str, list[list[object]]]:
    """Rows of each table: years oldest first, then catalogue order."""
    series = [ds for _, ds in sorted(datasets.items())]
    return {
        "figures": [_figure_row(cat, ds, f) for ds in series for f in ds.figures.values()],
        "sources": [r for ds in series for f in ds.figures.values()
                    for r in _source_rows(cat, ds, f)],
        "revisions": [r for ds in series for r in _revision_rows(cat, ds)],
        "indicators": _indicator_rows(cat),
        "glotip": [[r.year, r.section, r.key, r.item_en, r.item_fr, r.group, r.value, r.status,
                    r.sources] for r in exports.glotip(cat, datasets)],
        "sdg": [[r.year, r.series, r.sex, r.age, r.form, r.key, r.victims, r.victims_status,
                 r.population, r.population_status, r.rate, r.status]
                for r in exports.sdg(cat, datasets)],
        "plan": plan_rows(cat, datasets, max(datasets)),
    }


def csv_bytes(fields: Iterable[Field], rows: Iterable[list[object]]) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([f.name for f in fields])
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return buf.getvalue().encode("utf-8")


# --- the workbook --------------------------------------------------------------------------

SHEET_NAMES = {"figures": "الأرقام", "sources": "المصادر", "revisions": "المراجعات",
               "indicators": "المؤشرات", "glotip": "UNODC", "sdg": "ODD 16.2.2",
               "plan": "الخطة"}


def header(f: Field) -> str:
    """A table's one header row: the Arabic title, then the French."""
    return f"{f.ar} / {f.fr}"


def xlsx_bytes(cat: Catalogue, data: Mapping[str, list[list[object]]], edition: Edition,
               first: int) -> bytes:
    from openpyxl import Workbook  # only the final edition writes the annex

    wb = Workbook()
    wb.remove(wb.active)
    _cover(wb, cat, edition, first)
    _contents(wb)
    _notes(wb, cat)
    for table, fields in TABLES.items():
        _table_sheet(wb, table, fields, data[table])
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


def _contents(wb: Workbook) -> None:
    ws = _sheet(wb, texts("sheet.contents").ar)
    _title(ws, f"{texts('sheet.contents').ar} / {texts('sheet.contents').fr}")
    ws["A2"] = f"{texts('notes.one_table').ar} {texts('notes.one_table').fr}"
    heads = [texts(f"contents.{k}") for k in ("sheet", "table", "about")]
    rows = [[texts("sheet.notes").ar, f"{texts('sheet.notes').ar} / {texts('sheet.notes').fr}",
             f"{texts('contents.notes_about').ar} / {texts('contents.notes_about').fr}"]]
    rows += [[SHEET_NAMES[t], f"{texts(f'table.{t}').ar} / {texts(f'table.{t}').fr}",
              f"{texts(f'table.{t}_about').ar} / {texts(f'table.{t}_about').fr}"]
             for t in TABLES]
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


def _table_sheet(wb: Workbook, table: str, fields: tuple[Field, ...],
                 rows: list[list[object]]) -> None:
    ws = _sheet(wb, SHEET_NAMES[table])
    _title(ws, f"{texts(f'table.{table}').ar} / {texts(f'table.{table}').fr}")
    ws["A2"] = f"{texts('notes.one_table').ar} {texts('notes.one_table').fr}"
    widths = [10 if f.type in ("integer", "number", "date") else
              40 if f.name.endswith(("_ar", "_fr")) and table == "indicators" else
              22 if f.name.endswith(("_ar", "_fr", "_en")) else 14 for f in fields]
    _excel_table(ws, table, [header(f) for f in fields], rows, widths)


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
                files: Mapping[str, str], first: int) -> bytes:
    """Frictionless Data Package (v1 descriptor) for the CSVs, with their hashes."""
    resources = [_resource(cat, t, files[t], parts[t]) for t in TABLES]
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


def _field(cat: Catalogue, table: str, f: Field) -> dict[str, object]:
    description = f"{f.fr} — {f.ar}"
    if table == "figures" and f.name == "indicator":  # the metadata travels with the codes
        description += " — " + " | ".join(f"{i.code}: {i.meta.definition.fr}"
                                          for i in cat.indicators)
    out: dict[str, object] = {"name": f.name, "type": f.type, "title": f"{f.fr} / {f.ar}",
                              "description": description}
    if f.type in ("integer", "number") and f.name != "year":
        out["constraints"] = {"minimum": 0}
    if f.name.endswith("status") and table != "plan":
        out["constraints"] = {"pattern": STATUS_PATTERN}
    if table == "plan" and f.name == "status":
        out["constraints"] = {"enum": list(REPORT_STATUSES)}
    if table == "plan" and f.name == "unit":
        out["constraints"] = {"enum": ["count", "percent"]}
    if f.name == "role":
        out["constraints"] = {"enum": ["used", "compared", "partial"]}
    return out


def _resource(cat: Catalogue, table: str, name: str, data: bytes) -> dict[str, object]:
    schema: dict[str, object] = {"fields": [_field(cat, table, f) for f in TABLES[table]],
                                 "missingValues": [""]}
    if table in KEYS:
        schema["primaryKey"] = KEYS[table]
    if table in ("sources", "revisions", "glotip", "sdg"):
        schema["foreignKeys"] = [{"fields": ["year", "key"],
                                  "reference": {"resource": "figures",
                                                "fields": ["year", "key"]}}]
    return {"name": table, "path": name, "profile": "tabular-data-resource",
            "title": f"{texts(f'table.{table}').fr} / {texts(f'table.{table}').ar}",
            "description": f"{texts(f'table.{table}_about').fr} — "
                           f"{texts(f'table.{table}_about').ar}",
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
    files = names(year)
    data = tables(cat, series)
    parts = {t: csv_bytes(TABLES[t], data[t]) for t in TABLES}
    parts["xlsx"] = xlsx_bytes(cat, data, edition, first)
    parts["datapackage"] = datapackage(cat, edition, parts, files, first)
    return {files[k]: parts[k] for k in ("xlsx", *TABLES, "datapackage")}


def write_annex(files: Mapping[str, bytes], folder: Path) -> list[Path]:
    """Write every annex file atomically into ``folder``; return the paths."""
    return atomic_write_files(files, folder)
