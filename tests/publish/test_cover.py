"""cover: the cover sheet's geometry (spine from the interior's pages and the paper, the
panels' order by binding side), and a sheet rendered from the sample's print HTML with a
spine thick enough to carry its text."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from weasyprint import HTML

from report.publish.cover import SPINE_TEXT_MM, CoverSheet, cover_html, css_string
from tests.sample import PRINT, YEAR


def test_spine_from_pages_and_paper() -> None:
    assert CoverSheet(48, 0.1, True).spine_mm == 2.4
    assert CoverSheet(49, 0.1, True).spine_mm == 2.5  # a last leaf printed on one side
    assert CoverSheet(300, 0.12, False).size_mm == (420 + 18, 297)


def test_panels_by_binding_side() -> None:
    arabic, french = CoverSheet(100, 0.1, True), CoverSheet(100, 0.1, False)
    assert arabic.order == ("front", "spine", "back") and arabic.left_mm("back") == 215
    assert french.order == ("back", "spine", "front") and french.left_mm("front") == 215
    assert french.left_mm("spine") == arabic.left_mm("spine") == 210


def test_spine_text_only_on_a_thick_spine() -> None:
    assert 'content: ""' in CoverSheet(48, 0.1, True).css("Titre 2025")
    thick = CoverSheet(int(2 * SPINE_TEXT_MM / 0.1), 0.1, True)
    assert 'content: "Titre 2025"' in thick.css("Titre 2025")
    assert css_string('a "b" \\c') == '"a \\"b\\" \\\\c"'


@pytest.mark.slow  # reads the shared builds through request.getfixturevalue, and renders
@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_a_thick_cover_sheet_renders_with_its_spine_text(lang: str, tmp_path: Path,
                                                         request: pytest.FixtureRequest) -> None:
    build = request.getfixturevalue("sample_build" if lang == "ar" else "french_build")
    name = PRINT if lang == "ar" else PRINT.replace("-print", "-fr-print")
    source = build / str(YEAR) / name.replace(".pdf", ".html")
    sheet = CoverSheet(400, 0.1, lang == "ar")
    html = cover_html(source.read_text("utf-8"), sheet, "SPINE 2025")
    doc = HTML(string=html, base_url=str(source.parent) + "/").render()
    assert len(doc.pages) == 1
    out = tmp_path / "cover.pdf"
    doc.write_pdf(out)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "SPINE" in text and "4747" in text and str(YEAR) in text
