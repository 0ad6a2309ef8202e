"""The commands of ``build_report.py``: init, check, build; each module reads as its pipeline.

What they share: finding the report year and reading the settings every command needs.
Every failure is a ReportError carrying its exit code (report/errors.py), mapped once by
report/cli.py.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from report.database import act
from report.errors import UsageError
from report.findings import Finding
from report.paths import default_database, year_dirs
from report.settings.catalogue import Catalogue, load_catalogue
from report.settings.rules import Rules, load_rules
from report.terminal import shown_name, shown_text


def year_folders(inputs: Path, cat: Catalogue, warn: bool = True) -> list[int]:
    """The year folders of ``inputs`` within the catalogue's years (``Catalogue.years``); any
    other (a typo such as inputs/2205) is skipped, with a warning."""
    found = year_dirs(inputs)
    names = sorted(p.name for p in inputs.iterdir() if p.is_dir() and p.name.isdigit())
    for name in names:
        if warn and (int(name) not in cat.years or name != str(int(name))):
            logging.getLogger(__name__).warning(
                "%s: skipped: outside the catalogue's years (%d to %d) / hors des années du "
                "catalogue", inputs / name, cat.years.start, cat.years.stop - 1)
    return [y for y in found if y in cat.years and (inputs / str(y)).is_dir()]


def resolve_year(inputs: Path, year: int | None) -> int:
    """The year asked for, or the latest year folder within the catalogue's years;
    UsageError when there is none, or the year asked for is outside them."""
    if not inputs.is_dir():
        raise UsageError(f"{inputs}: no such folder / dossier introuvable")
    if not (inputs / "catalogue").is_dir():
        raise UsageError(f"{inputs}: no catalogue/ folder here (is --inputs right?) "
                         "/ pas de dossier catalogue/")
    cat = load_catalogue(inputs / "catalogue")
    if year is not None and year not in cat.years and (inputs / str(year)).is_dir():
        raise UsageError(f"{inputs / str(year)}: outside the catalogue's years "
                         f"({cat.years.start} to {cat.years.stop - 1}: members.toml, plan.toml) "
                         "/ hors des années du catalogue")
    years = year_folders(inputs, cat, warn=False)
    if year is None:
        if not years:
            raise UsageError(f"{inputs}: no year folder such as {inputs}/2025 "
                             "/ aucun dossier d'année")
        return years[-1]
    if year not in years:
        raise UsageError(f"{inputs / str(year)}: no such folder / dossier introuvable; "
                         f"years found / années trouvées: {years or 'none'}")
    return year


def recover(database: Path | None, writes: bool = False) -> Path:
    """The commission's database this command uses (``--database``, else the default), once
    a publication a kill interrupted is finished or undone (report/database/act.py; a command
    that only reads the database puts its files in place and leaves the rest to the next
    build), saying so; a file that is not this tool's database refuses the command."""
    path = database or default_database()
    for line in act.recover(path, writes):
        logging.getLogger(__name__).warning("%s: %s", path, line)
    return path


def load_settings(inputs: Path, year: int | None = None) -> tuple[Catalogue, Rules]:
    """The catalogue (its members named as in force in ``year``, when given) and the
    validation rules; SettingsError listing every fault."""
    folder = inputs / "catalogue"
    cat = load_catalogue(folder)
    return (cat.in_year(year) if year is not None else cat), load_rules(folder / "rules.toml")


def finding_lines(findings: Sequence[Finding]) -> list[str]:
    """Each finding as the terminal shows it: a line with its mark, member, file, sheet!cell,
    code and value, then its message in French and in Arabic (untrusted names made
    printable)."""
    return [line for f in findings
            for line in finding_text(f, f"{shown_name(f.member) or '-'} {shown_name(f.file)}")]


def finding_text(f: Finding, who: str = "") -> list[str]:
    """One finding's three lines: its mark, ``who`` (what the listing does not say
    already: member, file), sheet!cell, code and value; its message in French, in Arabic."""
    where = shown_name("!".join(x for x in (f.sheet, f.cell) if x)) or "-"
    mark = "ERROR" if f.is_error else "warn "
    seen = f" [{shown_text(f.value)}]" if f.value else ""
    return [f"  {mark} {who + ' ' if who else ''}{where} {f.code}{seen}",
            f"        {shown_text(f.message.fr)}", f"        {shown_text(f.message.ar)}"]
