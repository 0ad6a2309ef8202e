"""gather_year: parallel reading gives the serial result; the cache re-reads only what changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from report import parallel as workers
from report.intake import gather
from report.intake.gather import gather_year
from report.paths import INPUTS
from report.settings.catalogue import load_catalogue
from report.settings.rules import load_rules

CAT = load_catalogue(INPUTS / "catalogue")
RULES = load_rules(INPUTS / "catalogue" / "rules.toml")


@pytest.fixture()
def year(tmp_path):
    folder = tmp_path / "2025"
    shutil.copytree(INPUTS / "2025", folder)
    return folder


def test_parallel_equals_serial(year, monkeypatch):
    monkeypatch.setenv("CNCLT_JOBS", "1")
    serial = gather_year(year, 2025, CAT, RULES)
    monkeypatch.setenv("CNCLT_JOBS", "2")
    monkeypatch.setattr(workers, "jobs", lambda: 2)  # even on a one-core runner
    parallel = gather_year(year, 2025, CAT, RULES)
    assert parallel == serial
    assert [f.file for f in parallel.findings] == [f.file for f in serial.findings]


def test_jobs_respects_cap(monkeypatch):
    monkeypatch.setenv("CNCLT_JOBS", "1")
    assert workers.jobs() == 1
    monkeypatch.setenv("CNCLT_JOBS", "nonsense")
    assert workers.jobs() >= 1


def test_cache_rereads_only_the_changed_workbook(year, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = gather_year(year, 2025, CAT, RULES, cache=cache)
    assert len(list(cache.glob("*.pickle"))) == len(first.files)
    read: list[str] = []
    real = gather.check_file

    def counting(path, *args, **kwargs):
        read.append(path.name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(gather, "check_file", counting)
    monkeypatch.setenv("CNCLT_JOBS", "1")  # counted in this process
    again = gather_year(year, 2025, CAT, RULES, cache=cache)
    assert read == [] and again == first
    changed = year / "SOL-2025.xlsx"
    changed.write_bytes(changed.read_bytes() + b"\0")  # new content, new hash
    gather_year(year, 2025, CAT, RULES, cache=cache)
    assert read == ["SOL-2025.xlsx"]


def test_last_years_plan_statuses_are_part_of_the_cache_key(year, tmp_path):
    cache = tmp_path / "cache"
    first = gather_year(year, 2025, CAT, RULES, cache=cache)
    assert not [f for f in first.findings if f.code == "plan-status-back"]
    # PMP reports PROS.1.2 in progress: had it been done last year, that is a step back
    again = gather_year(year, 2025, CAT, RULES, cache=cache, previous_plan={"PROS.1.2": "done"})
    back = [(f.member, f.cell) for f in again.findings if f.code == "plan-status-back"]
    assert back == [("PMP", "F6")]


def test_cache_key_follows_the_code(tmp_path):
    """A change to how workbooks are checked must not answer from the old code's cache."""
    package = tmp_path / "report"
    shutil.copytree(Path(gather.__file__).parents[1], package,
                    ignore=shutil.ignore_patterns("__pycache__"))
    before = gather.source_digest(package)
    assert before == gather.code_digest()
    validate = package / "intake" / "validate.py"
    validate.write_text(validate.read_text("utf-8") + "\n# a changed rule\n", "utf-8")
    assert gather.source_digest(package) != before
    sample = INPUTS / "2025" / "PMP-2025.xlsx"
    key = gather._cache_key(sample, "digest", "", RULES, {}, {}, 2025)
    gather.code_digest.cache_clear()
    try:
        import unittest.mock as mock

        with mock.patch.object(gather, "source_digest", lambda _: "other code"):
            assert gather._cache_key(sample, "digest", "", RULES, {}, {}, 2025) != key
    finally:
        gather.code_digest.cache_clear()
