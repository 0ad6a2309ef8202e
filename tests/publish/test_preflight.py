"""preflight: Ghostscript renders the print edition of the shared ``--edition all`` build,
the manifest holds each page's ink coverage, and a file Ghostscript cannot render fails."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pikepdf
import pytest

from report.publish.preflight import PreflightError, ink_coverage
from tests.sample import PRINT, YEAR


@pytest.fixture(scope="module")
def built(sample_build: Path) -> Path:
    return sample_build / str(YEAR)


def test_print_preflight_ghostscript_renders_it_and_the_manifest_has_the_ink(built: Path) -> None:
    assert shutil.which("gs"), "`make test` installs ghostscript"
    with pikepdf.open(built / PRINT) as pdf:
        pages = len(pdf.pages)
    ink = ink_coverage(built / PRINT)  # raises PreflightError on any Ghostscript error
    assert [i.page for i in ink] == list(range(1, pages + 1))
    manifest = json.loads((built / "manifest.json").read_text("utf-8"))
    preflight = manifest["editions"]["print"]["preflight"]
    assert preflight["ok"] is True
    assert [p["page"] for p in preflight["ink_coverage"]] == list(range(1, pages + 1))
    for page, mine in zip(preflight["ink_coverage"], ink, strict=True):
        assert page == mine.record() and 0 <= page["total"] <= 400
    assert preflight["ink_coverage"][0]["total"] > 300  # the full-bleed navy cover
    assert "preflight" not in manifest["editions"]["final"]


def test_preflight_fails_on_a_file_ghostscript_cannot_render(built: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    data = (built / PRINT).read_bytes()
    broken.write_bytes(data[: len(data) // 3])
    with pytest.raises(PreflightError):
        ink_coverage(broken)
