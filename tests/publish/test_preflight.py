"""preflight: Ghostscript renders the print edition of the shared ``--edition all`` build,
the manifest holds each page's ink coverage and ink peak for both print files, a file
Ghostscript cannot render fails, and the colour check finds what is left outside CMYK."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pikepdf
import pytest

from report.publish.preflight import PreflightError, colours, ink_coverage, ink_peaks
from tests.sample import FINAL, PRINT, YEAR


@pytest.fixture(scope="module")
def built(sample_build: Path) -> Path:
    return sample_build / str(YEAR)


def test_print_preflight_ghostscript_renders_it_and_the_manifest_has_the_ink(built: Path) -> None:
    assert shutil.which("gs"), "`make test` installs ghostscript"
    with pikepdf.open(built / PRINT) as pdf:
        pages = len(pdf.pages)
    ink = ink_coverage(built / PRINT)  # raises PreflightError on any Ghostscript error
    peaks = ink_peaks(built / PRINT)
    assert [i.page for i in ink] == list(range(1, pages + 1)) and len(peaks) == pages
    manifest = json.loads((built / "manifest.json").read_text("utf-8"))
    edition = manifest["editions"]["print"]
    assert edition["preflight"]["ok"] is True
    interior = edition["files"]["interior"]["ink_coverage"]
    assert [p["page"] for p in interior] == list(range(1, pages + 1))
    for page, mine, peak in zip(interior, ink, peaks, strict=True):
        assert page == {**mine.record(), "peak": peak} and 0 <= page["total"] <= 400
        assert page["peak"] <= edition["ink_limit"] + 1
    cover = edition["files"]["cover"]["ink_coverage"]
    assert len(cover) == 1 and cover[0]["total"] > 150  # the full-bleed navy cover sheet
    assert "preflight" not in manifest["editions"]["final"]


def test_colour_check_sees_rgb(built: Path) -> None:
    """The build's colour check finds the screen final's RGB, and none in the print file."""
    found = colours((built / FINAL).read_bytes())
    assert not found.ok and found.outside_cmyk["rg"] > 100
    printed = colours((built / PRINT).read_bytes())
    assert printed.ok and 0 < printed.max_ink <= 300


def test_preflight_fails_on_a_file_ghostscript_cannot_render(built: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    data = (built / PRINT).read_bytes()
    broken.write_bytes(data[: len(data) // 3])
    with pytest.raises(PreflightError):
        ink_coverage(broken)
