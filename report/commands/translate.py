"""``translate``: a year's member texts -> the translator's workbook of those still lacking
their other language; with ``--collect``, the returned workbooks -> the commission's
translation memory.

    translate:  settings -> gather (this year's workbooks) -> database (the memory)
                -> every member text and the translation in effect for each -> those
                lacking one -> out/<year>/translation/translation-<year>.xlsx
    --collect:  settings -> gather -> inputs/<year>/translation/*.xlsx (intake's checks)
                -> translations + findings -> database (the memory, one transaction)
                -> what still lacks a translation

Nothing under inputs/ is written. Exit code: 0 done, 1 a returned workbook has errors,
2 usage error.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from report.commands import finding_lines, load_settings, resolve_year
from report.commands.check import check_year
from report.database import translations as memory_db
from report.figures.records import Translation, YearData
from report.findings import Finding, count
from report.intake.gather import submission_files
from report.intake.texts import MemberText, distinct, member_texts, untranslated
from report.paths import default_database
from report.settings.catalogue import Catalogue
from report.settings.edition import load_edition
from report.translation.memory import in_effect
from report.translation.workbook import (
    read_translations,
    save_translation_workbook,
    translation_name,
    translation_workbook,
)

FOLDER = "translation"  # out/<year>/translation/ (made), inputs/<year>/translation/ (returned)


def run(args: argparse.Namespace) -> int:
    """``translate [--year Y] [--collect]``: 0 done, 1 errors in the returned workbooks."""
    inputs, out = Path(args.inputs), Path(args.out)
    year = resolve_year(inputs, args.year)
    database = args.database or default_database()
    if args.collect:
        return collect(inputs, out, year, database)
    return export(inputs, out, year, database)


def year_texts(cat: Catalogue, data: YearData) -> tuple[MemberText, ...]:
    """Every text the members wrote in ``data``, in the catalogue's order of members."""
    measures = {m.code: m.label for m in cat.plan.measures}
    members = [data.members[m.code] for m in cat.members if m.code in data.members]
    return member_texts([a for d in members for a in d.activities],
                        [r for d in members for r in d.plan.values()], measures)


def lacking(texts: Sequence[MemberText], translations: dict[str, Translation]
            ) -> tuple[MemberText, ...]:
    """The distinct texts without their other language (in either direction)."""
    return distinct([*untranslated(texts, translations, "fr"),
                     *untranslated(texts, translations, "ar")])


def _texts(inputs: Path, out: Path, year: int, cat: Catalogue, database: Path
           ) -> tuple[YearData, tuple[MemberText, ...]]:
    """The year's accepted data (the intake cache's when unchanged) and its texts."""
    data = check_year(inputs, year, cache=out / "cache" / "intake", database=database).data
    return data, year_texts(cat, data)


def export(inputs: Path, out: Path, year: int, database: Path) -> int:
    cat, rules = load_settings(inputs, year)
    data, texts = _texts(inputs, out, year, cat, database)
    todo = lacking(texts, in_effect(data, memory_db.memory(database)))
    target = out / str(year) / FOLDER / translation_name(year)
    if not todo:
        print(f"translate {year}: every one of the members' {len(distinct(texts))} texts has "
              "its other language / chaque texte a sa version dans l'autre langue")
        return 0
    edition = load_edition(inputs / str(year) / "edition.toml", year,
                           cat.commission.first_report_year)
    names = {m.code: m.name for m in cat.members}
    wb = translation_workbook(todo, names, year=year, day=edition.draft_date,
                              limit=rules.limits.max_text_chars)
    save_translation_workbook(wb, target)
    to_fr = sum(t.lang == "ar" for t in todo)
    print(f"translate {year}: {len(todo)} of the members' {len(distinct(texts))} texts lack "
          f"their other language ({to_fr} into French, {len(todo) - to_fr} into Arabic) "
          f"-> {target}")
    print(f"send it to the translator; put the returned workbook into "
          f"{inputs / str(year) / FOLDER}/, then run `translate --year {year} --collect` "
          "/ renvoyez-le dans ce dossier puis --collect")
    return 0


def collect(inputs: Path, out: Path, year: int, database: Path) -> int:
    cat, rules = load_settings(inputs, year)
    data, texts = _texts(inputs, out, year, cat, database)
    known = {t.id: t for t in distinct(texts)}
    findings: list[Finding] = []
    given: list[tuple[Translation, str]] = []
    files = submission_files(inputs / str(year) / FOLDER)
    for path in files:
        got, found = read_translations(path, rules, year, known)
        findings += found
        given += got.translations if got else []
    added = memory_db.remember(database, given) if given else 0
    left = lacking(texts, in_effect(data, memory_db.memory(database)))
    print(terminal_text(year, files, len(given), added, len(left), findings))
    return 1 if count(findings)[0] else 0


def terminal_text(year: int, files: Sequence[Path], read: int, added: int, left: int,
                  findings: Sequence[Finding]) -> str:
    errors, warnings = count(list(findings))
    lines = [f"Translation {year}: {len(files)} returned workbooks, {read} translations read, "
             f"{added} recorded in the translation memory; {left} texts still lack their "
             f"other language; {errors} errors, {warnings} warnings", ""]
    return "\n".join(lines + finding_lines(findings))
