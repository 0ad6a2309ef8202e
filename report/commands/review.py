"""``review``: a built draft -> each member's review pack and review workbook; with
``--collect``, the returned review workbooks -> the round's review log.

    review:     settings -> the draft's record and map (HTML + PDF pages) -> each member's
                items -> its open findings and entries -> packs (PDF, in workers) and
                review workbooks -> out/<year>/review/draft<N>/
    --collect:  settings -> the round's items -> inputs/<year>/review/*.xlsx (intake
                hardening) -> answers + findings -> the log as the secretariat left it
                -> the latest draft's figures -> review-log.xlsx -> the translations the
                log accepts -> the translation memory (the commission's database)

Nothing under inputs/ is written. Exit code: 0 done, 1 a returned workbook has errors,
2 usage error (no such draft or round).
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from report.atomic import atomic_write_bytes, clean_stale
from report.commands import finding_lines, load_settings, recover, resolve_year, year_folders
from report.database import translations as memory_db
from report.errors import UsageError
from report.findings import Finding, count
from report.intake.gather import catalogue_digest, gather_years
from report.language.formatting import Formatter
from report.manifest import Stages, write_manifest
from report.paths import ROOT, default_database
from report.publish.environment import environment
from report.review.answers import STATUSES, LogEntry, Returned
from report.review.docs import review_assets
from report.review.draft_map import read_draft
from report.review.items import Round, build_digest, load_items, member_items, write_items
from report.review.log import (
    LOG_NAME,
    accepted_translations,
    entries_of,
    log_workbook,
    merge,
    open_items,
    read_log,
    round_folder,
    rounds,
    write_log,
)
from report.review.pack import pack_context, render_packs
from report.review.record import DraftRecord, drafts, load_record, record_path
from report.review.workbook import (
    lookalike_findings,
    member_from_name,
    read_returned,
    review_entries,
    review_name,
    review_workbook,
    save_review_workbook,
)
from report.settings.catalogue import Catalogue
from report.settings.edition import load_edition
from report.settings.rules import Rules
from report.terminal import shown_name


def run(args: argparse.Namespace) -> int:
    """``review [--year Y] [--draft N] [--collect]``: 0 done, 1 errors in the returns."""
    inputs, out = Path(args.inputs), Path(args.out)
    year = resolve_year(inputs, args.year)
    recover(args.database)  # the review round reads no figure of the database
    if args.collect:
        return collect(inputs, out, year, args.draft, args.database or default_database())
    return packs(inputs, out, year, args.draft)


def _draft(folder: Path, year: int, asked: int | None) -> int:
    built = drafts(folder, year)
    if asked is None and built:
        return built[-1]
    if asked in built:
        return asked
    raise UsageError(f"no built draft {asked or ''} of {year} in {folder} (drafts found: "
                     f"{built or 'none'}); run `build --year {year}` first "
                     "/ construisez d'abord le projet")


def _current_findings(inputs: Path, out: Path, year: int, cat: Catalogue,
                      rules: Rules) -> tuple[Finding, ...]:
    """The findings of the member workbooks now (from the intake cache when unchanged)."""
    folders = year_folders(inputs, cat)
    years = [y for y in (year - 1, year) if y in folders]
    data = gather_years(inputs, years, cat, rules, cache=out / "cache" / "intake",
                        cat_digest=catalogue_digest(inputs / "catalogue"))
    return data[year].findings


def packs(inputs: Path, out: Path, year: int, asked: int | None) -> int:
    stages = Stages()
    with stages("settings"):
        cat, rules = load_settings(inputs, year)
        edition = load_edition(inputs / str(year) / "edition.toml", year,
                               cat.commission.first_report_year)
    folder = out / str(year)
    draft = _draft(folder, year, asked)
    with stages("draft"):
        rec = load_record(record_path(folder, year, draft))
        dmap = read_draft(folder / rec.html, folder / rec.pdf)
        fmt = Formatter(rec.lang, cat.nouns, rec.digits)
    with stages("findings"):
        findings = _current_findings(inputs, out, year, cat, rules)
        earlier = [e for e in open_items(folder / "review", rules)[0] if e.draft < draft]
    target = round_folder(folder / "review", draft)
    clean_stale(target)
    with stages("items"):
        items = [member_items(rec, dmap, m.code, fmt, fmt.missing) for m in cat.members]
        build = build_digest(folder / rec.pdf)
        written = [(write_items(target, draft, build, items), "review-items")]
    day = dt.date.fromisoformat(rec.draft_date)
    assets = review_assets(day, rec.digits)
    contexts = [pack_context(rec, dmap, i, member_name=cat.member(i.member).name(rec.lang),
                             title=edition.title(rec.lang), commission=cat.commission,
                             due=edition.review_due, fictitious=edition.fictitious,
                             findings=[f for f in findings if f.member == i.member],
                             entries=[e for e in earlier if e.member == i.member],
                             assets=assets) for i in items]
    with stages("packs"):
        docs = render_packs(environment(fmt), contexts, folder, day)
        for i, doc in zip(items, docs, strict=True):
            atomic_write_bytes(target / f"{i.member}-review.pdf", doc.pdf)
            written.append((target / f"{i.member}-review.pdf", "review-pack"))
    with stages("workbooks"):
        for i in items:
            wb = review_workbook(i, year=year, draft=draft, draft_date=rec.draft_date,
                                 due=edition.review_due, lang=rec.lang, build=build)
            save_review_workbook(wb, target / review_name(i.member))
            written.append((target / review_name(i.member), "review-workbook"))
    sources = [folder / rec.pdf, folder / rec.html, record_path(folder, year, draft),
               inputs / str(year) / "edition.toml", *sorted((inputs / "catalogue").glob("*.toml"))]
    write_manifest(target / "manifest.json", year=year, root=ROOT.resolve(), inputs=sources,
                   outputs=written, charts=[], stages=stages,
                   extra={"draft": draft, "build": build, "packs": len(items),
                          "pages": sum(d.pages for d in docs)})
    print(f"review {year}, draft {draft}: {len(items)} packs and review workbooks in {target} "
          f"({sum(d.pages for d in docs)} pages, {sum(stages.seconds.values()):.1f} s)")
    print(f"send each member its <CODE>-review.pdf and <CODE>-review.xlsx; put the returned "
          f"workbooks into {inputs / str(year) / 'review'}/, then run "
          f"`review --year {year} --collect` / renvoyez-les dans ce dossier puis --collect")
    return 0


# -- collect ------------------------------------------------------------------------------
def _round(review: Path, asked: int | None) -> int:
    found = rounds(review)
    if asked is None and found:
        return found[-1]
    if asked in found:
        return asked
    raise UsageError(f"no review round {asked or ''} in {review} (rounds found: "
                     f"{found or 'none'}); run `review` first / lancez d'abord `review`")


def _latest(folder: Path, year: int) -> DraftRecord | None:
    built = drafts(folder, year)
    return load_record(record_path(folder, year, built[-1])) if built else None


def read_returns(paths: Sequence[Path], rules: Rules, cat: Catalogue, year: int,
                 rnd: Round) -> tuple[list[Returned], list[Finding]]:
    """Every returned file. Two files of one member are an error naming both, and neither
    is read: which one holds the member's answers is the member's to say, not the order
    of their names."""
    read: dict[str, list[Returned]] = {}
    findings: list[Finding] = []
    for path in paths:
        one, found = read_returned(path, rules, cat, year, rnd.draft, rnd.members, rnd.build)
        findings += found
        if one is not None:
            read.setdefault(one.member, []).append(one)
    for member, copies in read.items():
        if len(copies) > 1:
            names = ", ".join(r.file for r in copies)
            findings += [rules.finding("duplicate-file", member, r.file, value=names)
                         for r in copies]
    return [copies[0] for copies in read.values() if len(copies) == 1], findings


def withdrawals(previous: Sequence[LogEntry], returned: Sequence[Returned],
                present: set[str]) -> dict[str, str]:
    """The requests of the previous log its members withdraw: entry id -> "approved" (the
    item approved, without comment, in the member's return) or "removed" (no file of that
    member in the review folder any more)."""
    approved = {f"{r.member}:{a.item}" for r in returned for a in r.answers
                if a.decision == "approve" and not a.comment}
    out = {e.id: "removed" for e in previous if e.member not in present}
    return out | {i: "approved" for i in approved}


def collect(inputs: Path, out: Path, year: int, asked: int | None,
            database: Path | None = None) -> int:
    cat, rules = load_settings(inputs, year)
    folder = out / str(year)
    review = folder / "review"
    draft = _round(review, asked)
    target = round_folder(review, draft)
    rnd = load_items(target)
    codes = {m.code for m in cat.members}
    paths, lookalikes = review_entries(inputs / str(year) / "review", codes)
    returned, findings = read_returns(paths, rules, cat, year, rnd)
    findings += lookalike_findings(rules, lookalikes, {r.member: r.file for r in returned})
    present = {member_from_name(p) for p in (*paths, *lookalikes)} | \
        {r.member for r in returned}
    log = target / LOG_NAME
    previous: list[LogEntry] = []
    if log.exists():
        previous, problems = read_log(log, rules)
        findings += problems
        if any(f.code != "review-log-status" for f in problems):
            raise UsageError(f"{log}: the review log cannot be read ({problems[0].value}); "
                             "it was not replaced / le journal est illisible")
    latest = _latest(folder, year)
    entries = merge(previous, entries_of(returned, rnd.members, draft), latest,
                    withdrawals(previous, returned, present), dt.date.today())
    edition = load_edition(inputs / str(year) / "edition.toml", year,
                           cat.commission.first_report_year)
    lang = latest.lang if latest else "ar"
    write_log(log, log_workbook(entries, returned, findings, cat, year, draft, lang),
              edition.draft_date)
    accepted = accepted_translations(entries, rnd)
    added = memory_db.remember(database or default_database(), accepted) if accepted else 0
    print(terminal_text(cat, year, draft, returned, entries, findings))
    print(f"\nreview log / journal: {log}")
    if accepted:
        print(f"{len(accepted)} translations accepted in the log, {added} new in the "
              "translation memory / traductions acceptées versées à la mémoire de traduction")
    return 1 if count(findings)[0] else 0


def terminal_text(cat: Catalogue, year: int, draft: int, returned: Sequence[Returned],
                  entries: Sequence[LogEntry], findings: Sequence[Finding]) -> str:
    by = {r.member: r for r in returned}
    lines = [f"Review {year}, draft {draft}", "",
             f"{'member':<8} {'returned':<9} {'approve':>7} {'correct':>7} {'comment':>7}  file",
             "-" * 60]
    for m in cat.members:
        r = by.get(m.code)
        n = {d: r.count(d) if r else 0 for d in ("approve", "correct", "comment")}
        lines.append(f"{m.code:<8} {'yes' if r else 'no':<9} {n['approve']:>7} "
                     f"{n['correct']:>7} {n['comment']:>7}  {shown_name(r.file) if r else ''}")
    states = {s: sum(e.status == s for e in entries) for s in STATUSES}
    errors, warnings = count(list(findings))
    lines += ["-" * 60, f"{len(returned)}/{len(cat.members)} returned; {len(entries)} entries "
              f"({', '.join(f'{n} {s}' for s, n in states.items())}); {errors} errors, "
              f"{warnings} warnings", ""]
    return "\n".join(lines + finding_lines(findings))
