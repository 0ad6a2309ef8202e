"""Datasets -> the data annex: data-<year>.xlsx, three CSV files and a datapackage.json.

Every consolidated figure (indicator, breakdown, value, unit, year) and every cell it was
read from (member, file, sheet, cell). The bytes depend on the inputs and the edition file
only: no clock (the xlsx zip entries and its docProps carry the publication date).

Choices:
- CSV: UTF-8 *without* BOM, comma, CRLF (RFC 4180), header = stable ASCII field names.
  The CSVs are for machines and open-data portals (a BOM ends up inside the first field
  name in many readers); people who open the data in Excel get the .xlsx, which has
  Arabic and French header rows. The Arabic and French titles of every field are also in
  datapackage.json.
- Two tables: ``figures`` (one row per national figure) and ``sources`` (one row per cell
  a member sent for it: ``role`` "used" for the cells the national figure was read from, a
  "sum" figure has one per reporting member; "compared" for another member's figure of a
  "reference" indicator, kept so that two members' different figures both stay visible;
  "partial" for a member whose figure covers only its own territory or field),
  linked by ``key`` (a foreign key in the Data Package).
- Status: a figure a member does not collect has an empty value and ``status`` "na" (in
  both tables), never 0; a "sum" figure that leaves such members out names them in
  ``not_available``. Status flags are report/status.py's.
- ``plan``: the national plan's follow-up, one row per measure and year since the plan
  began (up to the report's year): its axis, lead, status (the lead's, or "not_due" before
  its period, "not_reported" when the lead's status was not received), the indicator's
  value and the target it is measured against that year, and the cell the status was read
  from. Its own table: it is keyed by measure and year, not by a figure's key.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from report.atomic import atomic_write_bytes
from report.catalogue import Catalogue
from report.consolidate import REPORT_STATUSES, Dataset, NationalFigure
from report.edition import Edition
from report.status import Status
from report.terminal import shown_name
from report.texts import load_texts
from report.xlsxfile import workbook_bytes

if TYPE_CHECKING:
    from openpyxl import Workbook



@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Table Schema type: string | integer | number
    ar: str
    fr: str


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
    Field("status", "string", "وضع الرقم", "Statut"),
    Field("unit", "string", "رمز الوحدة", "Code unité"),
    Field("unit_ar", "string", "الوحدة", "Unité (arabe)"),
    Field("unit_fr", "string", "الوحدة (بالفرنسية)", "Unité"),
    Field("aggregate", "string", "طريقة التجميع", "Mode d'agrégation"),
    Field("sources", "integer", "عدد المصادر", "Nombre de sources"),
    Field("missing", "string", "الأعضاء الذين لم يرسلوا الرقم", "Membres n'ayant pas transmis"),
    Field("not_available", "string", "الأعضاء الذين لا يتوفر لديهم الرقم",
          "Membres pour qui le chiffre n'est pas disponible"),
)
SOURCE_FIELDS = (
    Field("year", "integer", "السنة", "Année"),
    Field("key", "string", "المفتاح", "Clé"),
    Field("indicator", "string", "رمز المؤشر", "Code indicateur"),
    Field("member", "string", "رمز العضو", "Code membre"),
    Field("member_ar", "string", "العضو", "Membre (arabe)"),
    Field("member_fr", "string", "العضو (بالفرنسية)", "Membre"),
    Field("value", "integer", "القيمة المرسلة", "Valeur transmise"),
    Field("status", "string", "وضع الرقم", "Statut"),
    Field("role", "string", "الصفة", "Rôle"),
    Field("file", "string", "الملف", "Fichier"),
    Field("sheet", "string", "الورقة", "Feuille"),
    Field("cell", "string", "الخلية", "Cellule"),
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
TABLES = {"figures": FIGURE_FIELDS, "sources": SOURCE_FIELDS, "plan": PLAN_FIELDS}
SHEETS = {"figures": ("الأرقام الوطنية", "Chiffres nationaux"),
          "sources": ("المصادر", "Sources"),
          "plan": ("الخطة الوطنية", "Plan national")}
KEYS = {"figures": ["key"], "sources": ["key", "member"], "plan": ["year", "measure"]}


def names(year: int) -> dict[str, str]:
    """File name of each annex part, by part."""
    return {"xlsx": f"data-{year}.xlsx", "figures": f"data-{year}-figures.csv",
            "sources": f"data-{year}-sources.csv", "plan": f"data-{year}-plan.csv",
            "datapackage": "datapackage.json"}


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
            fig.value, str(fig.status), ind.noun, _unit(cat, ind.noun, "ar"),
            _unit(cat, ind.noun, "fr"), ind.aggregate, len(fig.sources), " ".join(fig.missing),
            " ".join(fig.not_available)]


def _source_rows(cat: Catalogue, ds: Dataset, fig: NationalFigure) -> list[list[object]]:
    per = ds.by_member.get(fig.key, {})
    rows = []
    cells = ([(s, "used") for s in (*fig.sources, *fig.na_cells)]
             + [(s, "compared") for s in fig.compared] + [(s, "partial") for s in fig.partial])
    for s, role in cells:
        m = cat.member(s.member)
        value = per.get(s.member)
        status = Status.REPORTED if value is not None else Status.NOT_AVAILABLE
        rows.append([ds.year, fig.key, fig.indicator, s.member, m.name.ar, m.name.fr,
                     value, str(status), role, shown_name(s.file), s.sheet, s.cell])
    return rows


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


def tables(cat: Catalogue, ds: Dataset,
           years: Mapping[int, Dataset] | None = None) -> dict[str, list[list[object]]]:
    """Rows of each table, in catalogue order (indicators, then breakdowns; the plan's
    measures year by year, over ``years``, by default the report's year alone)."""
    figs = list(ds.figures.values())
    return {"figures": [_figure_row(cat, ds, f) for f in figs],
            "sources": [r for f in figs for r in _source_rows(cat, ds, f)],
            "plan": plan_rows(cat, years or {ds.year: ds}, ds.year)}


def csv_bytes(fields: Iterable[Field], rows: Iterable[list[object]]) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([f.name for f in fields])
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return buf.getvalue().encode("utf-8")


def xlsx_bytes(data: Mapping[str, list[list[object]]], edition: Edition) -> bytes:
    from openpyxl import Workbook  # only the final edition writes the annex

    wb = Workbook()
    wb.remove(wb.active)
    for table, fields in TABLES.items():
        _sheet(wb, SHEETS[table][0], fields, data[table])
    stamp = dt.datetime.combine(edition.publication_date, dt.time())
    props = wb.properties
    props.creator = props.lastModifiedBy = "CNCLT"
    props.title = f"{edition.title_ar} {edition.year} — data / المعطيات"
    props.language = "ar"
    props.created = props.modified = stamp
    return workbook_bytes(wb, stamp)


def _sheet(wb: Workbook, title: str, fields: tuple[Field, ...], rows: list[list[object]]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    ws = wb.create_sheet(title)
    ws.sheet_view.rightToLeft = True
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DCE6F1")
    ws.append([f.ar for f in fields])
    ws.append([f.fr for f in fields])
    for row in ws.iter_rows(min_row=1, max_row=2):
        for c in row:
            c.font, c.fill = bold, fill
            c.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        ws.append(row)
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:{ws.cell(2, len(fields)).column_letter}{len(rows) + 2}"
    for i, f in enumerate(fields, 1):
        width = 10 if f.type in ("integer", "number") else \
            22 if f.name.endswith(("_ar", "_fr")) else 14
        ws.column_dimensions[ws.cell(1, i).column_letter].width = width


def datapackage(cat: Catalogue, edition: Edition, parts: Mapping[str, bytes],
                files: Mapping[str, str]) -> bytes:
    """Frictionless Data Package (v1 descriptor) for the CSVs, with their hashes."""
    resources = [_resource(t, files[t], parts[t]) for t in TABLES]
    desc = {
        "profile": "tabular-data-package",
        "name": f"cnclt-report-{edition.year}",
        "id": f"cnclt-report-{edition.year}-{edition.number}",
        "title": f"{edition.title_fr} {edition.year}",
        "description": f"{edition.title_ar} {edition.year} — المعطيات المجمعة ومصادرها / "
                       "chiffres consolidés et leurs sources",
        "version": f"{edition.number}.0.0",
        "created": f"{edition.publication_date.isoformat()}T00:00:00Z",
        "keywords": ["CNCLT", "Maroc", "المغرب", "traite des êtres humains", "الاتجار بالبشر"],
        "contributors": [{"title": cat.commission.name.fr, "role": "publisher"},
                         {"title": cat.commission.name.ar, "role": "publisher"}],
        "resources": resources,
    }
    return (json.dumps(desc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _resource(table: str, name: str, data: bytes) -> dict[str, object]:
    fields: list[dict[str, object]] = [
        {"name": f.name, "type": f.type, "title": f"{f.fr} / {f.ar}",
         "description": f"{f.fr} — {f.ar}"} for f in TABLES[table]]
    schema: dict[str, object] = {"fields": fields}
    schema["primaryKey"] = KEYS[table]
    if table == "sources":  # each source row belongs to a figure
        schema["foreignKeys"] = [
            {"fields": ["key"], "reference": {"resource": "figures", "fields": ["key"]}}]
    for f in fields:
        if f["name"] in ("value", "sources", "baseline", "target"):
            f["constraints"] = {"minimum": 0}
        if f["name"] == "status":
            f["constraints"] = {"enum": list(REPORT_STATUSES) if table == "plan"
                                else [str(s) for s in Status]}
        if f["name"] == "unit" and table == "plan":
            f["constraints"] = {"enum": ["count", "percent"]}
        if f["name"] == "role":
            f["constraints"] = {"enum": ["used", "compared", "partial"]}
    return {"name": table, "path": name, "profile": "tabular-data-resource",
            "title": f"{SHEETS[table][1]} / {SHEETS[table][0]}", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "bytes": len(data),
            "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
            "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
            "schema": schema}


def build_annex(cat: Catalogue, ds: Dataset, edition: Edition,
                years: Mapping[int, Dataset] | None = None) -> dict[str, bytes]:
    """File name -> bytes of every annex file (nothing written). ``years``: every year's
    data the build has, for the plan's follow-up since the plan began."""
    files = names(ds.year)
    data = tables(cat, ds, years)
    parts = {t: csv_bytes(TABLES[t], data[t]) for t in TABLES}
    parts["xlsx"] = xlsx_bytes(data, edition)
    parts["datapackage"] = datapackage(cat, edition, parts, files)
    return {files[k]: parts[k] for k in ("xlsx", *TABLES, "datapackage")}


def write_annex(files: Mapping[str, bytes], folder: Path) -> list[Path]:
    """Write every annex file atomically into ``folder``; return the paths."""
    out = []
    for name, data in files.items():
        atomic_write_bytes(folder / name, data)
        out.append(folder / name)
    return out
