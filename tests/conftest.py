"""Shared fixtures: the real catalogue and rules, and one build of the sample year."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from report.catalogue import Catalogue, load_catalogue
from report.findings import Rules, load_rules
from report.paths import CATALOGUE, INPUTS


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue(CATALOGUE)


@pytest.fixture(scope="session")
def rules() -> Rules:
    return load_rules(CATALOGUE / "rules.toml")


@pytest.fixture(scope="session")
def input_snapshots() -> dict[str, dict[str, tuple[str, int]]]:
    """Filled by ``sample_build``: the inputs folder before and after the build."""
    return {}


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory, input_snapshots) -> Path:
    """Build the latest sample year's draft once into a temp folder; return that out folder."""
    from report.cli import main

    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: `make test` installs poppler-utils")
    out = tmp_path_factory.mktemp("out")
    input_snapshots["before"] = snapshot(INPUTS)
    assert main(["build", "--inputs", str(INPUTS), "--out", str(out)]) == 0
    input_snapshots["after"] = snapshot(INPUTS)
    return out


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under ``folder``: sha256 and mtime (ns)."""
    import hashlib

    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(),
                                         p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}
