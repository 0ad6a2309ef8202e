"""Shared fixtures. A build of the sample costs seconds of WeasyPrint per edition: reuse
these instead of building again, and treat what they return as read-only (copy a folder
before changing anything in it).

Session-wide, each made once per run on first use (``made_once``): with pytest-xdist
(``make test``) the first worker to need one makes it while the others wait, then read it;
from the start of the run worker gw0 makes the Arabic build and gw1 the French one, side by
side (``shared_builds_started``).

- ``catalogue``, ``rules``: the real settings of inputs/catalogue.
- ``sample_cache``: a cache folder holding the intake of every sample year, each workbook
  read once; ``tests.sample.out_with_cache(out, sample_cache)`` puts a copy in a build's out
  folder, and a build of the sample inputs (or of ``tests.sample.copy_inputs``) there reads
  no unchanged workbook again (the cache is keyed by content: the output is the same). Every
  build of the tests that reads the sample's workbooks starts so, but ``second_build``.
- ``sample_build``: the out folder of one ``build --edition all`` of the latest sample year
  (tests/sample.py names it and its outputs): ``sample_build / str(YEAR)`` holds the final,
  print and draft PDFs, the HTML each was laid out from, charts/, the data annex and
  manifest.json; ``sample_build / "cache"`` the intake and chart caches (a later build of
  the same year, e.g. the review round's second draft, starts from a copy of them).
- ``input_snapshots``: every file under inputs/ before and after that build (sha256, mtime).
- ``french_build``: the out folder of one ``build --lang fr --edition all`` of the same year
  (the French final, print and draft, their HTML, charts/*-fr.svg, the annex).
- ``second_build``: a second ``--edition all --force`` build of the same year, in another
  process, over a copy of ``sample_build``'s outputs with the final "published" with other
  content, with cold caches; stopped and inspected at each of its writes, killed at the last
  one, then followed by a ``--edition final`` build (tests/interrupted.py). Its out folder is
  complete afterwards: ``second_build.out``.

A test that only needs a year to have been published records it without rendering:
``report.commands.record.record_final`` writes the rows its final build would.

Marker ``slow`` (pyproject.toml): the test renders a report with WeasyPrint or preflights one
with Ghostscript. Every test that uses a shared build is marked here
(``pytest_collection_modifyitems``); a test that builds on its own is marked in its module.
``make quick`` runs ``-m "not slow"``: no build at all.

Per test:

- ``unconfirmed_inputs``: the catalogue with a placeholder seat, a name and the plan to
  confirm, and a 2025 folder with only edition.toml (the refusal comes before any workbook).

Golden files (tests/golden/) are rewritten by running the tests with UPDATE_GOLDEN=1.

The commission's database: every command the tests run without ``--database`` uses
$CNCLT_DATABASE, set by ``module_database`` to a fresh file for each test module, so no
test reads or writes the project's own database/ and no module sees another's published
finals (a shared build records its final in the file of the module that first asked for
it, or, made at a worker's start, in the session's own); tests that need a database of their
own give ``--database``.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import hashlib
import inspect
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar, cast

import pytest

from report.intake.gather import catalogue_digest, gather_years
from report.paths import CATALOGUE, DATABASE, INPUTS, year_dirs
from report.settings.catalogue import Catalogue, load_catalogue
from report.settings.rules import Rules, load_rules
from tests.interrupted import SecondBuild
from tests.interrupted import second_build as make_second_build
from tests.sample import out_with_cache

T = TypeVar("T")

# Before any fixture or subprocess: never the project's database, even outside a module's
# own file (a subprocess still running after its module, a build started at import).
_SESSION_DB = Path(tempfile.mkdtemp(prefix="cnclt-test-db-"))
os.environ["CNCLT_DATABASE"] = str(_SESSION_DB / "cnclt.sqlite3")
atexit.register(shutil.rmtree, _SESSION_DB, True)


SHARED_BUILDS = ("sample_run", "sample_build", "french_build", "second_build")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that reads a shared build (directly, through another fixture, or through a
    fixture that asks for one by name with ``request.getfixturevalue``) is ``slow``:
    ``make quick`` (``-m "not slow"``) runs no build at all. A test that asks for one by name
    itself is marked in place."""
    for item in items:
        if set(getattr(item, "fixturenames", ())) & set(SHARED_BUILDS) or _asks_by_name(item):
            item.add_marker(pytest.mark.slow)


def _asks_by_name(item: pytest.Item) -> bool:
    """Whether one of ``item``'s fixtures (this file's own aside) asks for a shared build
    by name."""
    info = getattr(item, "_fixtureinfo", None)
    for defs in (info.name2fixturedefs.values() if info else ()):
        for fixturedef in defs:
            if fixturedef.func.__module__ == __name__:  # the shared builds' own machinery
                continue
            try:
                source = inspect.getsource(fixturedef.func)
            except (OSError, TypeError):
                continue
            if "getfixturevalue" in source and any(f'"{b}"' in source for b in SHARED_BUILDS):
                return True
    return False


@pytest.fixture(scope="session", autouse=True)
def project_database_untouched() -> Iterator[None]:
    """No test creates or changes the project's database/ folder."""
    before = snapshot(DATABASE.parent) if DATABASE.parent.is_dir() else None
    yield
    after = snapshot(DATABASE.parent) if DATABASE.parent.is_dir() else None
    assert after == before, "a test wrote the project's database/"


@pytest.fixture(scope="module", autouse=True)
def module_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """$CNCLT_DATABASE -> a fresh file for each test module (subprocesses inherit it): a final
    one module publishes is never another module's past."""
    saved = os.environ["CNCLT_DATABASE"]
    os.environ["CNCLT_DATABASE"] = str(tmp_path_factory.mktemp("database") / "cnclt.sqlite3")
    yield
    os.environ["CNCLT_DATABASE"] = saved


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue(CATALOGUE)


@pytest.fixture(scope="session")
def rules() -> Rules:
    return load_rules(CATALOGUE / "rules.toml")


def made_once(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], T]) -> T:
    """``make(folder)``'s result, made once per run in a folder of its own: with pytest-xdist
    the first worker to ask makes it (holding a lock) and the others wait for it, then
    read it (pickled beside the folder)."""
    root = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's folder, above each worker's own
    folder, result = root / name, root / f"{name}.pickle"
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if result.exists():
            return cast(T, pickle.loads(result.read_bytes()))
        shutil.rmtree(folder, ignore_errors=True)  # what a failed attempt left
        folder.mkdir()
        made = make(folder)
        result.write_bytes(pickle.dumps(made))
        return made


@pytest.fixture(scope="session", autouse=True)
def shared_builds_started(request: pytest.FixtureRequest) -> None:
    """With pytest-xdist, worker n makes the n-th of the independent shared builds the run
    needs (the Arabic, the French) before its first test, so that they are made side by side
    and no worker waits for one another worker has not started."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw"):
        return
    needed = [name for name in ("sample_run", "french_build")
              if any(name in getattr(item, "fixturenames", ()) for item in request.session.items)]
    if int(worker[2:]) < len(needed):
        # the tests that use the build report its failure; the others (most of the suite)
        # run as they would without it
        with contextlib.suppress(Exception):
            request.getfixturevalue(needed[int(worker[2:])])


def need_poppler() -> None:
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: `make test` installs poppler-utils")


@pytest.fixture(scope="session")
def sample_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    def make(cache: Path) -> Path:
        # its own settings: a test module may override ``catalogue`` with a narrower scope
        cat, rules = load_catalogue(CATALOGUE), load_rules(CATALOGUE / "rules.toml")
        gather_years(INPUTS, year_dirs(INPUTS), cat, rules, cache=cache / "intake",
                     cat_digest=catalogue_digest(CATALOGUE))
        return cache

    return made_once(tmp_path_factory, "cache", make)


Snapshots = dict[str, dict[str, tuple[str, int]]]


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory: pytest.TempPathFactory,
               sample_cache: Path) -> tuple[Path, Snapshots]:
    """One ``build --edition all`` of the latest sample year: its out folder, and the
    inputs folder before and after it."""
    from report.cli import main

    need_poppler()

    def make(out: Path) -> tuple[Path, Snapshots]:
        out_with_cache(out, sample_cache)
        before = snapshot(INPUTS)
        assert main(["build", "--edition", "all", "--inputs", str(INPUTS), "--out",
                     str(out)]) == 0
        return out, {"before": before, "after": snapshot(INPUTS)}

    return made_once(tmp_path_factory, "out", make)


@pytest.fixture(scope="session")
def sample_build(sample_run: tuple[Path, Snapshots]) -> Path:
    """Every edition of the latest sample year, built once: that build's out folder."""
    return sample_run[0]


@pytest.fixture(scope="session")
def input_snapshots(sample_run: tuple[Path, Snapshots]) -> Snapshots:
    """The inputs folder before and after ``sample_build``."""
    return sample_run[1]


@pytest.fixture(scope="session")
def french_build(tmp_path_factory: pytest.TempPathFactory, sample_cache: Path) -> Path:
    """Build every French edition of the latest sample year once; return that out folder."""
    from report.cli import main

    need_poppler()

    def make(out: Path) -> Path:
        out_with_cache(out, sample_cache)
        assert main(["build", "--lang", "fr", "--edition", "all", "--inputs", str(INPUTS),
                     "--out", str(out)]) == 0
        return out

    return made_once(tmp_path_factory, "out-fr", make)


@pytest.fixture(scope="session")
def second_build(sample_build: Path, tmp_path_factory: pytest.TempPathFactory) -> SecondBuild:
    return made_once(tmp_path_factory, "second",
                     lambda folder: make_second_build(sample_build, folder))


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under ``folder``: sha256 and mtime (ns)."""
    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(),
                                         p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def unconfirmed_inputs(tmp_path: Path) -> Path:
    """The sample's catalogue with a placeholder seat, a name to confirm and a plan to
    confirm; the 2025 folder holds only edition.toml and the emblem it names (the refusal
    comes before any workbook)."""
    root = tmp_path / "inputs"
    shutil.copytree(CATALOGUE, root / "catalogue")
    (root / "2025").mkdir()
    for name in ("edition.toml", "emblem.svg"):
        shutil.copy(INPUTS / "2025" / name, root / "2025")
    folder = root / "catalogue"
    replace_once(folder / "members.toml", 'code = "AFAQ"\n',
                 'code = "AFAQ"\nplaceholder = "seat 2 not named yet"\n')
    mre = ("وزارة الشؤون الخارجية والتعاون الإفريقي والمغاربة المقيمين بالخارج — "
           "المغاربة المقيمون بالخارج")
    replace_once(folder / "members.toml", f'ar = "{mre}"\n',
                 f'ar = "{mre}"\nto_confirm = "ask the ministry how it signs"\n')
    replace_once(folder / "plan.toml", "to_confirm = false", "to_confirm = true")
    return root


def replace_once(path: Path, old: str, new: str) -> None:
    """Edit a copied settings file; the old text must be there."""
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")
