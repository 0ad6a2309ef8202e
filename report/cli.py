"""Command line -> one of the commands (report/commands/), with help in plain words.

Exit codes: 0 success, 1 the inputs have errors (or the build failed), 2 usage error. Every
failure the tool foresees is a ReportError carrying its exit code: it is printed here, as
one line naming the command, never as a traceback. Warnings, logged by every module, are
printed here as one line each (report/logs.py); ``build --strict`` fails on any.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import signal
import sys
import textwrap
from pathlib import Path

from report.errors import ReportError
from report.logs import warning_lines
from report.paths import INPUTS, OUT
from report.settings.languages import languages

DESCRIPTION = """\
Annual national report of the CNCLT (Morocco): member workbooks in, Arabic (and French) report out.
Rapport national annuel de la CNCLT : classeurs des membres en entrée, rapport arabe (et
français) en sortie.

The yearly cycle / le cycle annuel:
  init   writes one blank workbook per member for the year (inputs/<year>/)
  check  reads the returned workbooks and says what is wrong, cell by cell
  build  renders the report (PDF, and the web edition), its charts and its data annex
         into out/<year>/
  review after a draft: a review pack (PDF) and a review workbook per member; with
         --collect, reads the returned review workbooks into the round's review log
  translate  the translator's workbook of the members' texts that lack their other
         language (Arabic or French); with --collect, reads it back into the commission's
         translation memory
  import-published
         loads a past report's published figures (the data annex's shape) into the
         commission's database, so that series start where the reports start
"""

IMPORT_HELP = (
    "Loads the national figures a past report published into the commission's database, as "
    "a publication of that year: the next reports draw their multi-year series from them "
    "and name the source (\"report on 2022, p. 14\") in the data annex.",
    "FILE is a CSV (UTF-8) or a workbook in the data annex's shape: a header row naming the "
    "columns year, key (or indicator, dimension, category), value, status, report (the year "
    "the report covers; default: --year) and page (where it printed the figure); other "
    "columns are ignored. The checks are check's: codes, ceilings, breakdowns that sum. A "
    "figure the report did not publish (an empty value, status na, x or c, or no row) is "
    "\"not available\", never 0. Nothing is written while the file has errors; a year the "
    "database already holds needs --force and a --reason.",
    "Charge dans la base les chiffres publiés par un rapport passé (format de l'annexe de "
    "données) : les rapports suivants en tirent leurs séries et citent la page source.",
)


def _common(p: argparse.ArgumentParser, out: bool = True, year_required: bool = False) -> None:
    p.add_argument("--year", type=int, required=year_required,
                   help="report year" if year_required
                   else "report year (default: the latest folder in inputs/)")
    p.add_argument("--inputs", type=Path, default=INPUTS,
                   help="folder with catalogue/ and one folder per year (default: inputs/)")
    if out:
        p.add_argument("--out", type=Path, default=OUT, help="output folder (default: out/)")
    p.add_argument("--database", type=Path, default=None,
                   help="the commission's database file, where final editions record their "
                        "figures, past years are read from and the translation memory is kept "
                        "(default: $CNCLT_DATABASE, else database/cnclt.sqlite3)")


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="build_report.py", description=DESCRIPTION,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True,
                            metavar="init|check|build|review|translate|import-published")
    p_init = sub.add_parser("init", help="write blank member workbooks for a year")
    _common(p_init, out=False, year_required=True)
    p_check = sub.add_parser("check", help="check the returned workbooks of a year")
    _common(p_check)
    p_build = sub.add_parser("build", help="build the report of a year")
    _common(p_build)
    p_build.add_argument("--edition", choices=("draft", "final", "print", "web", "web-draft",
                                               "all"), default="draft",
                         help="which edition to render (default: draft): web is the site in "
                         "every language (out/<year>/web/), web-draft a review copy of it "
                         "(out/<year>/web-draft<N>/); all is final, print, draft and web")
    p_build.add_argument("--force", action="store_true",
                         help="replace a published final edition whose content changed; "
                         "with --reason, build the final while review items are still open")
    p_build.add_argument("--reason", default="",
                         help="why a final is built while review items are open (with --force; "
                         "words, no control characters): recorded with the publication in "
                         "the database, with your account name, the date and every open "
                         "item, and in manifest.json")
    langs = languages()
    first = next(iter(langs))
    p_build.add_argument("--lang", default=first, choices=(*langs, "all"),
                         help="report language: " + ", ".join(
                             f"{code} (report-<year>{lang.file_suffix}...pdf)"
                             for code, lang in langs.items())
                         + f" or all (every one; default: {first})")
    p_build.add_argument("--strict", action="store_true",
                         help="exit 1 when the build printed any warning (an unknown key in a "
                         "settings file, a deprecated term, the print edition's stand-in colour "
                         "profile...): every file is still written, and a last line says how "
                         "many warnings made it fail; the secretariat's way to be sure a final "
                         "has none (the workbooks' own findings are check's)")
    p_review = sub.add_parser(
        "review", help="the members' review round of a draft: packs, workbooks, log",
        description="After `build` (a draft), for each member, into out/<year>/review/draft<N>/:\n"
        "  <CODE>-review.pdf   its figures with their cells, its activities, the pages that\n"
        "                      cite it, what is still open\n"
        "  <CODE>-review.xlsx  one row per item: approve, correct or comment\n"
        "With --collect: reads the returned workbooks from inputs/<year>/review/ into the\n"
        "round's review-log.xlsx (the statuses the secretariat set there are kept).\n\n"
        "Après `build` : un dossier de relecture (PDF) et un classeur par membre ; avec\n"
        "--collect, lit les classeurs renvoyés et écrit le journal de relecture.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    _common(p_review)
    p_review.add_argument("--draft", type=int, default=None,
                          help="which draft (default: the latest built; with --collect, the "
                          "latest review round)")
    p_review.add_argument("--collect", action="store_true",
                          help="read the returned review workbooks into the review log")
    p_translate = sub.add_parser(
        "translate", help="the translation round of the members' texts: workbook, memory",
        description="Every text a member writes (an activity's title, description,\n"
        "beneficiaries and partners, a comment on a measure of the national plan) is printed\n"
        "in both editions. A text whose other language neither its member's workbook (the\n"
        "optional column) nor the commission's translation memory gives goes to translation:\n"
        "  translate            out/<year>/translation/translation-<year>.xlsx: one row per\n"
        "                       such text (id, member, cell, text, context), one column to fill\n"
        "  translate --collect  reads the returned workbooks from inputs/<year>/translation/\n"
        "                       into the translation memory (the database), where each\n"
        "                       translation stays with its source text, draft after draft and\n"
        "                       year after year; a text that changes is translated again\n\n"
        "Le classeur du traducteur (textes sans version dans l'autre langue) ; avec\n"
        "--collect, ses traductions entrent dans la mémoire de traduction de la Commission.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    _common(p_translate)
    p_translate.add_argument("--collect", action="store_true",
                             help="read the returned translator's workbooks into the "
                             "translation memory")
    _import_parser(sub)
    return ap


def _import_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import-published", help="load a past report's published figures into the database",
        description="\n\n".join(textwrap.fill(t, 88) for t in IMPORT_HELP),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", type=Path, metavar="FILE",
                   help="the past report's figures: .csv or .xlsx in the annex's shape")
    _common(p, out=False, year_required=True)
    p.add_argument("--force", action="store_true",
                   help="import a year the database already holds (a final edition or an "
                   "earlier import): its figures become the series' figures; needs --reason")
    p.add_argument("--reason", default="",
                   help="why a year already held is imported again (with --force; words, "
                   "no control characters): recorded with the import and your account name")
    p.add_argument("--date", type=dt.date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                   help="the date the past report was published (default: today)")


def main(argv: list[str] | None = None) -> int:
    if hasattr(signal, "SIGPIPE"):  # `check | head`: stop quietly, like any Unix tool
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    with warning_lines() as warned:  # the one handler of every module's warnings
        try:
            ap = parser()  # its --lang choices come from templates/languages.toml
        except ReportError as exc:
            print(f"build_report.py: {exc}", file=sys.stderr)
            return exc.exit_code
        args = ap.parse_args(argv)
        code = _run(args)
    if code == 0 and getattr(args, "strict", False) and warned.count:
        print(f"{args.command}: --strict: {_count(warned.count, 'warning')} above, so it fails "
              f"(its files are written) / {_count(warned.count, 'avertissement')} ci-dessus : "
              "échec en mode strict", file=sys.stderr)
        return 1
    return code


def _run(args: argparse.Namespace) -> int:
    """The command's exit code; a foreseen failure as one line naming the command."""
    try:
        module = args.command.replace("-", "_")  # import-published: import_published
        command = importlib.import_module(f"report.commands.{module}")
        return int(command.run(args))
    except ReportError as exc:
        print(f"{args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted / interrompu", file=sys.stderr)
        return 130


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("s" if n > 1 else "")
