"""finishing: right-to-left spreads, bookmarks and the print edition's output intent, on the
shared ``--edition all`` build of the sample."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pikepdf
import pytest

from report.paths import GHOSTSCRIPT_CMYK
from report.publish.finishing import OutputIntent, finish
from tests.sample import DRAFT, FINAL, PRINT, YEAR


@pytest.fixture(scope="module")
def built(sample_build: Path) -> Path:
    return sample_build / str(YEAR)


@pytest.mark.parametrize("name", [FINAL, PRINT, DRAFT])
def test_right_to_left_spreads_and_chapter_bookmarks(built: Path, name: str) -> None:
    with pikepdf.open(built / name) as pdf:
        assert pdf.Root.ViewerPreferences.Direction == pikepdf.Name.R2L
        assert pdf.Root.PageMode == pikepdf.Name.UseOutlines
        outlines = pdf.Root.Outlines
        top = []
        item = outlines.get("/First")
        while item is not None:
            top.append(item)
            item = item.get("/Next")
        assert int(outlines.Count) == len(top) >= 10  # chapters visible
        folded = [i for i in top if "/First" in i]
        assert folded and all(int(i.Count) < 0 for i in folded)  # sections folded


def test_print_output_intent_from_the_profile(built: Path) -> None:
    import weasyprint

    icc = (Path(weasyprint.__file__).parent / "pdf" / "sRGB2014.icc").read_bytes()
    data = finish((built / PRINT).read_bytes(), "ar", OutputIntent(icc, "test condition"))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == pikepdf.Name.GTS_PDFX
        assert str(intent.OutputConditionIdentifier) == "test condition"
        assert intent.DestOutputProfile.read_bytes() == icc and int(intent.DestOutputProfile.N) == 3
    assert finish((built / PRINT).read_bytes(), "ar", OutputIntent(icc, "test condition")) == data


def test_print_output_intent_without_a_shop_profile_is_ghostscripts_labelled(built: Path) -> None:
    """The sample names no print shop profile: the output intent is Debian's Ghostscript
    generic CMYK profile, and its output condition says so."""
    assert GHOSTSCRIPT_CMYK.is_file(), "`make test` installs libgs-common"
    with pikepdf.open(built / PRINT) as pdf:
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == pikepdf.Name.GTS_PDFX
        assert str(intent.OutputConditionIdentifier) == "Custom"
        for key in ("/OutputCondition", "/Info"):
            label = str(intent[key])
            assert "Ghostscript" in label and "default_cmyk.icc" in label and "not" in label
        assert intent.DestOutputProfile.read_bytes() == GHOSTSCRIPT_CMYK.read_bytes()
        assert int(intent.DestOutputProfile.N) == 4
    manifest = json.loads((built / "manifest.json").read_text("utf-8"))
    assert manifest["editions"]["print"]["output_intent"]["fallback"] is True
    assert any(i["path"] == str(GHOSTSCRIPT_CMYK) for i in manifest["inputs"])
