"""inputs/<year>/ -> YearData: every member's accepted data and every finding of the year.

One bad workbook never stops the others: each file is read and validated on its own, and
whatever goes wrong becomes findings. Results are cached by content hash (sha256 of the
file, its name, the catalogue, the rules and the tool's own code) under out/cache/, so a
rebuild re-reads only the workbooks that changed. The workbooks the cache does not hold are
read in worker processes (report/parallel.py; openpyxl is CPU-bound); the result is the
same, in the same order, as reading them one by one. ``gather_years`` is the one way every
command reads a run of years (last year's figures feed this year's year-on-year rule, and
last year's plan statuses the rule on a status going back).

What counts as sent: every regular file but settings, notes and temp files is read (a
member's workbook whatever its state). An entry named like a member's workbook
("PMP-2026...") that cannot be one (a folder, a ``.xlsx.txt`` or ``.xlsx.bak`` copy, a
pipe) is never opened: it is "received, unusable", an error while that member has no
readable workbook, a warning beside one. File names are untrusted: they reach the
terminal only through report/terminal.py.

A year the commission's database holds (report/database/store.py: a final edition published it)
is read from the database, not from its workbooks: only a workbook whose bytes differ from
the one the publication used (a member's corrected workbook, or a late one) is read again,
and its data replace that member's; the revisions this makes are found downstream
(report/figures/revisions.py). A year never published falls back to its workbooks.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path

from report import __version__, fonts
from report.atomic import atomic_write_bytes
from report.figures.records import MemberData, PublishedYear, YearData
from report.findings import Finding
from report.intake.read import member_from_name, read_submission
from report.intake.validate import cross_checks, validate_submission
from report.label import Label
from report.language.texts import load_texts
from report.parallel import fork_map
from report.settings.catalogue import Catalogue
from report.settings.rules import Rules
from report.terminal import shown_name

# settings and notes, and the assets edition.toml names (the covers' emblem, the print
# shop's colour profile): never a member's submission
NOT_SUBMISSIONS = {".toml", ".md", ".txt", ".json", ".svg", ".png", ".jpg", ".jpeg", ".icc",
                   ".icm"}
# What a member's workbook may be called: read (and told why not, for xls, ods, xlsm...).
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ""}
WORDS = load_texts("feedback")


def _entries(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if not p.name.startswith((".", "~$")))


def _named_like_a_workbook(path: Path) -> bool:
    return member_from_name(path)[1] is not None


def _readable(path: Path) -> bool:
    """A regular file that may be a member's workbook."""
    if not path.is_file():
        return False
    suffix = path.suffix.lower()
    if _named_like_a_workbook(path):
        return suffix in WORKBOOK_SUFFIXES
    return suffix not in NOT_SUBMISSIONS


def submission_files(folder: Path) -> list[Path]:
    """Every file a member sent for the year (anything but settings, notes, temp files and
    look-alikes, see ``lookalikes``)."""
    return [p for p in _entries(folder) if _readable(p)]


def lookalikes(folder: Path, codes: set[str]) -> list[Path]:
    """Entries named like a member's workbook that are not read: a folder, a ``.txt`` or
    ``.bak`` copy, anything that is not a regular file."""
    return [p for p in _entries(folder) if not _readable(p) and _named_like_a_workbook(p)
            and member_from_name(p)[0] in codes]


def why_unusable(path: Path) -> Label:
    """Why a look-alike cannot be read, in both languages."""
    if path.is_dir():
        return WORDS.label("unusable.folder")
    if not path.is_file():
        return WORDS.label("unusable.special")
    text = WORDS.label("unusable.suffix")
    suffix = shown_name(path.suffix)
    return Label(text.ar.format(suffix=suffix), text.fr.format(suffix=suffix))


def catalogue_digest(folder: Path) -> str:
    """sha256 over the catalogue files (names and bytes): a cache key part."""
    h = hashlib.sha256()
    for p in sorted(folder.glob("*.toml")):
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def _cache_key(path: Path, digest: str, cat_digest: str, rules: Rules,
               previous: Mapping[str, int], previous_plan: Mapping[str, str], year: int) -> str:
    h = hashlib.sha256(digest.encode())
    h.update(os.fsencode(path.name))  # a name need not be UTF-8
    h.update(f"|{__version__}|{code_digest()}|{cat_digest}|{year}|{sorted(previous.items())}"
             f"|{sorted(previous_plan.items())}|{rules!r}|{fonts.digest()}".encode())
    return h.hexdigest()


def source_digest(package: Path) -> str:
    """sha256 over every Python file under ``package`` (relative names and bytes)."""
    h = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


@cache
def code_digest() -> str:
    """How workbooks are read and checked: the tool's own code (a cache key part), so a
    changed check never answers from a result cached by the previous code."""
    return source_digest(Path(__file__).parents[1])


def check_file(path: Path, cat: Catalogue, rules: Rules, year: int,
               previous: Mapping[str, Mapping[str, int]],
               previous_plan: Mapping[str, str] | None = None,
               ) -> tuple[MemberData | None, list[Finding]]:
    """One workbook -> its accepted data (None if rejected) and its findings."""
    sub, findings = read_submission(path, rules)
    if sub is None:
        return None, findings
    data, more = validate_submission(cat, rules, sub, year, previous.get(sub.member, {}),
                                     previous_plan or {})
    return data, findings + more


def _led(cat: Catalogue, member: str, statuses: Mapping[str, str]) -> dict[str, str]:
    """The part of last year's statuses that one member's workbook is checked against."""
    return {m.code: statuses[m.code] for m in cat.plan.measures
            if m.lead == member and m.code in statuses}


def gather_year(folder: Path, year: int, cat: Catalogue, rules: Rules, *,
                previous: Mapping[str, Mapping[str, int]] | None = None,
                previous_plan: Mapping[str, str] | None = None,
                cache: Path | None = None, cat_digest: str = "",
                progress: Callable[[str], None] | None = None) -> YearData:
    """Read and validate every workbook of ``year``; add the year-level findings.

    ``previous`` is last year's figures by member (``member_values`` of last year's data),
    used by the year-on-year rule; ``previous_plan`` last year's status of each measure
    (``plan_statuses`` of last year's data), used by the rule on a status going back.
    """
    cat = cat.in_year(year)  # members named as in force that year (findings, statuses)
    previous, previous_plan = previous or {}, previous_plan or {}
    files = submission_files(folder)
    digests = {p.name: _sha256(p) for p in files}
    read = _read(files, digests, cat, rules, year, previous, previous_plan, cache, cat_digest,
                 progress)
    members, sent, findings = _collect(read)
    findings += _duplicates(rules, sent)
    unusable = lookalikes(folder, {m.code for m in cat.members})
    findings += _unusable(rules, unusable, members)
    received = set(sent) | {member_from_name(p)[0] for p in unusable}
    findings += _missing(cat, rules, received, year)
    findings += cross_checks(cat, rules, members)
    return YearData(year, tuple(files), members, tuple(findings), digests)


def gather_published(folder: Path, record: PublishedYear, cat: Catalogue, rules: Rules, *,
                     previous: Mapping[str, Mapping[str, int]] | None = None,
                     previous_plan: Mapping[str, str] | None = None,
                     cache: Path | None = None, cat_digest: str = "",
                     progress: Callable[[str], None] | None = None) -> YearData:
    """A published year: the database's data, with every workbook of ``folder`` that is not
    the one the publication used read again (its member's data replace the published ones
    when it is accepted). No year-level findings: the year is published."""
    cat = cat.in_year(record.year)
    previous, previous_plan = previous or {}, previous_plan or {}
    files = submission_files(folder)
    digests = {p.name: _sha256(p) for p in files}
    changed = [p for p in files if _differs(record, p, digests[p.name])]
    for path in files:
        if progress and path not in changed:
            progress(shown_name(path.name))
    read = _read(changed, digests, cat, rules, record.year, previous, previous_plan, cache,
                 cat_digest, progress)
    fresh, sent, findings = _collect(read)
    findings += _duplicates(rules, sent)
    members = dict(record.members) | fresh
    return YearData(record.year, tuple(changed), members, tuple(findings),
                    {p.name: digests[p.name] for p in changed}, record, tuple(fresh))


def _differs(record: PublishedYear, path: Path, digest: str) -> bool:
    used = record.submissions.get(member_from_name(path)[0])
    return used is None or used.sha256 != digest


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


Result = tuple[MemberData | None, list[Finding]]


def _read(files: list[Path], digests: Mapping[str, str], cat: Catalogue, rules: Rules,
          year: int, previous: Mapping[str, Mapping[str, int]],
          previous_plan: Mapping[str, str], cache: Path | None, cat_digest: str,
          progress: Callable[[str], None] | None) -> list[tuple[Path, Result]]:
    """Every file's result: from the cache, from worker processes, or read here."""
    keys = {path: _cache_key(path, digests[path.name], cat_digest, rules, previous.get(name, {}),
                             _led(cat, name, previous_plan), year)
            for path in files for name in [member_from_name(path)[0]]}
    known = {path: _load(cache, keys[path]) for path in files}
    if any(v is None for v in known.values()):
        fonts.coverage()  # read the font files once, before the workers fork (none if cached)
    fresh = _check_parallel([p for p in files if known[p] is None], cat, rules, year, previous,
                            previous_plan)
    out = []
    for path in files:
        if progress:
            progress(shown_name(path.name))
        result = known[path]
        if result is None:
            result = fresh[path] if path in fresh else check_file(path, cat, rules, year,
                                                                        previous, previous_plan)
            _store(cache, keys[path], result)
        out.append((path, result))
    return out


def _collect(read: list[tuple[Path, Result]]
             ) -> tuple[dict[str, MemberData], dict[str, list[str]], list[Finding]]:
    """Accepted data by member (the first copy of a member's workbook is read), the files
    each member sent, and every finding, in reading order."""
    members: dict[str, MemberData] = {}
    sent: dict[str, list[str]] = {}  # member -> file names, accepted or not
    findings: list[Finding] = []
    for path, (data, found) in read:
        findings += found
        member = data.member if data else member_from_name(path)[0]
        sent.setdefault(member, []).append(path.name)
        if data is not None:
            members.setdefault(data.member, data)  # a duplicate is reported, not read twice
    return members, sent, findings


def _unusable(rules: Rules, paths: list[Path], members: Mapping[str, MemberData]
              ) -> list[Finding]:
    """A look-alike is an error while its member has no readable workbook, else a warning."""
    out = []
    for path in paths:
        member = member_from_name(path)[0]
        if member in members:
            out.append(rules.finding("ignored-file", member, path.name, value=path.name,
                                     expected=why_unusable(path), other=members[member].file))
        else:
            out.append(rules.finding("unusable-file", member, path.name, value=path.name,
                                     expected=why_unusable(path)))
    return out


def _duplicates(rules: Rules, sent: Mapping[str, list[str]]) -> list[Finding]:
    return [rules.finding("duplicate-file", member, name, value=", ".join(names))
            for member, names in sent.items() if len(names) > 1 for name in names]


def _missing(cat: Catalogue, rules: Rules, sent: set[str] | Mapping[str, list[str]],
             year: int) -> list[Finding]:
    return [rules.finding("member-missing", m.code, f"{m.code}-{year}.xlsx")
            for m in cat.members if m.code not in sent]


MIN_PARALLEL = 4  # below this many workbooks, starting workers costs more than it saves


def _check_parallel(paths: list[Path], cat: Catalogue, rules: Rules, year: int,
                    previous: Mapping[str, Mapping[str, int]],
                    previous_plan: Mapping[str, str]) -> dict[Path, tuple]:
    """check_file over ``paths`` in worker processes; {} when serial is the better choice
    (few files, one core, no fork) or the workers fail: the caller then reads them itself."""
    results = fork_map(lambda path: check_file(path, cat, rules, year, previous, previous_plan),
                       paths, MIN_PARALLEL)
    return dict(zip(paths, results, strict=True)) if results is not None else {}


def _load(cache: Path | None, key: str) -> tuple | None:
    if cache is None:
        return None
    path = cache / f"{key}.pickle"
    if path.exists():
        try:
            return pickle.loads(path.read_bytes())
        except Exception:  # a stale or damaged cache entry is recomputed
            path.unlink(missing_ok=True)
    return None


def _store(cache: Path | None, key: str, result: tuple) -> None:
    if cache is not None:
        atomic_write_bytes(cache / f"{key}.pickle", pickle.dumps(result))


def member_values(year_data: YearData) -> dict[str, dict[str, int]]:
    """member -> key -> value, as last year's reference for the year-on-year rule."""
    return {m: {k: f.value for k, f in d.figures.items() if f.value is not None}
            for m, d in year_data.members.items()}


def plan_statuses(year_data: YearData) -> dict[str, str]:
    """measure -> status reported by its lead, as last year's reference for the rule on a
    status going back."""
    return {code: r.status for d in year_data.members.values() for code, r in d.plan.items()}


def gather_years(inputs: Path, years: Iterable[int], cat: Catalogue, rules: Rules, *,
                 cache: Path | None = None, cat_digest: str = "",
                 progress: Callable[[str], None] | None = None,
                 published: Mapping[int, PublishedYear] | None = None) -> dict[int, YearData]:
    """Read ``years`` (oldest first) from ``inputs``; each year's previous figures and plan
    statuses are the year before's when that year is among ``years``. ``progress`` hears
    each file's name.

    A year in ``published`` (report/database/store.py's ``published``: the years a final edition
    recorded, the report year left out) comes from the database, re-reading only the
    workbooks that changed since; the others are read from their workbooks.
    """
    published = published or {}
    out: dict[int, YearData] = {}
    for year in sorted(set(years)):
        last = out.get(year - 1)
        previous = member_values(last) if last else {}
        previous_plan = plan_statuses(last) if last else {}
        if year in published:
            out[year] = gather_published(inputs / str(year), published[year], cat, rules,
                                         previous=previous, previous_plan=previous_plan,
                                         cache=cache, cat_digest=cat_digest, progress=progress)
        else:
            out[year] = gather_year(inputs / str(year), year, cat, rules, previous=previous,
                                    previous_plan=previous_plan, cache=cache,
                                    cat_digest=cat_digest,
                                    progress=progress)
    return out
