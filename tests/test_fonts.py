"""fonts: the faces of the report, the Tifinagh face's range, and the coverage check uses."""

from __future__ import annotations

from report import fonts


def test_tifinagh_face_draws_the_tifinagh_block_only() -> None:
    tif = [f for f in fonts.faces() if f.family == fonts.TIFINAGH]
    assert {f.weight for f in tif} == {400, 700}
    for face in tif:
        assert face.css_range == "U+2D30-2D7F"
        drawn = fonts.face_coverage(face)
        assert drawn and all(0x2D30 <= c <= 0x2D7F for c in drawn)
        # the 33 letters of the Moroccan (IRCAM) alphabet and the labialisation mark
        assert {*range(0x2D30, 0x2D66), 0x2D6F} <= drawn


def test_coverage_and_undrawable() -> None:
    text = "ⵜⴰⵎⴰⵣⵉⵖⵜ نص عربي، Texte français é ç 2025 ٢٠٢٥ ٫٬ — « »\n\t\u200c\u200f"
    assert fonts.undrawable(text) == []
    assert fonts.undrawable("a😀b中c☺😀") == ["😀", "中", "☺"]  # each once, in order


def test_face_named_maps_pdf_font_names_to_faces() -> None:
    assert fonts.face_named("CNCLT-Tifinagh-Bold").family == fonts.TIFINAGH
    assert fonts.face_named("Tajawal-Medium").family == fonts.BODY
    assert fonts.face_named("DejaVu-Sans") is None  # a system fallback is not the report's
