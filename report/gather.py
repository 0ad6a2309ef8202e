"""inputs/<year>/ -> YearData: every member's accepted data and every finding of the year.

One bad workbook never stops the others: each file is read and validated on its own, and
whatever goes wrong becomes findings. Results are cached by content hash (sha256 of the
file, the catalogue and the tool version) under out/cache/, so a rebuild re-reads only the
workbooks that changed.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from report import __version__
from report.atomic import atomic_write_bytes
from report.catalogue import Catalogue
from report.findings import Finding, Rules
from report.intake import member_from_name, read_submission
from report.records import MemberData
from report.validate import cross_checks, validate_submission

NOT_SUBMISSIONS = {".toml", ".md", ".txt", ".json"}


@dataclass(frozen=True)
class YearData:
    year: int
    files: tuple[Path, ...]
    members: dict[str, MemberData]
    findings: tuple[Finding, ...]


def submission_files(folder: Path) -> list[Path]:
    """Every file a member sent for the year (anything but settings, notes and temp files)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and not p.name.startswith((".", "~$"))
                  and p.suffix.lower() not in NOT_SUBMISSIONS)


def _cache_key(path: Path, cat_digest: str, previous: Mapping[str, int], year: int) -> str:
    h = hashlib.sha256(path.read_bytes())
    h.update(f"{__version__}|{cat_digest}|{year}|{sorted(previous.items())}".encode())
    return h.hexdigest()


def _one_file(path: Path, cat: Catalogue, rules: Rules, year: int,
              previous: Mapping[str, Mapping[str, int]]) -> tuple[MemberData | None, list[Finding]]:
    sub, findings = read_submission(path, rules)
    if sub is None:
        return None, findings
    data, more = validate_submission(cat, rules, sub, year, previous.get(sub.member, {}))
    return data, findings + more


def gather_year(folder: Path, year: int, cat: Catalogue, rules: Rules, *,
                previous: Mapping[str, Mapping[str, int]] | None = None,
                cache: Path | None = None, cat_digest: str = "",
                progress: Callable[[str], None] | None = None) -> YearData:
    """Read and validate every workbook of ``year``; add the year-level findings."""
    previous = previous or {}
    members: dict[str, MemberData] = {}
    findings: list[Finding] = []
    files = submission_files(folder)
    for path in files:
        if progress:
            progress(path.name)
        key = _cache_key(path, cat_digest, previous.get(member_from_name(path)[0], {}), year)
        data, found = _cached(cache, key, lambda p=path: _one_file(p, cat, rules, year, previous))
        findings += found
        if data is None:
            continue
        if data.member in members:
            findings.append(rules.finding("duplicate-file", data.member, path.name,
                                          value=f"{members[data.member].file}, {path.name}"))
            continue
        members[data.member] = data
    findings += _missing(cat, rules, files, year)
    findings += cross_checks(cat, rules, members)
    return YearData(year, tuple(files), members, tuple(findings))


def _missing(cat: Catalogue, rules: Rules, files: list[Path], year: int) -> list[Finding]:
    named = {member_from_name(p)[0] for p in files}
    return [rules.finding("member-missing", m.code, f"{m.code}-{year}.xlsx")
            for m in cat.members if m.code not in named]


def _cached(cache: Path | None, key: str, compute: Callable[[], tuple]) -> tuple:
    if cache is None:
        return compute()
    path = cache / f"{key}.pickle"
    if path.exists():
        try:
            return pickle.loads(path.read_bytes())
        except Exception:  # a stale or damaged cache entry is recomputed
            path.unlink(missing_ok=True)
    result = compute()
    atomic_write_bytes(path, pickle.dumps(result))
    return result


def member_values(year_data: YearData) -> dict[str, dict[str, int]]:
    """member -> key -> value, as last year's reference for the year-on-year rule."""
    return {m: {k: f.value for k, f in d.figures.items()} for m, d in year_data.members.items()}
