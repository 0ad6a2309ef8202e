"""Golden snapshots of the French edition's HTML, one file per chapter (the shared French
build's final edition), compared exactly with tests/golden/chapters/fr/<id>.html, as
tests/publish/test_render_golden.py does for the Arabic edition. UPDATE_GOLDEN=1 rewrites them."""

from __future__ import annotations

from pathlib import Path

import pytest

from report.paths import ROOT
from tests.publish.test_render_golden import HOW, golden_chapters, short_diff
from tests.sample import YEAR

GOLDEN = Path(__file__).parents[1] / "golden" / "chapters" / "fr"
FINAL = f"report-{YEAR}-fr.pdf"


@pytest.fixture(scope="module")
def rendered(french_build: Path) -> dict[str, str]:
    return golden_chapters((french_build / str(YEAR) / FINAL).with_suffix(".html"), GOLDEN)


def test_every_chapter_has_its_golden_file(rendered: dict[str, str]) -> None:
    golden = {p.stem for p in GOLDEN.glob("*.html")}
    assert {"cover", "contents", "introduction", "figures", "annexes"} <= set(rendered)
    assert golden == set(rendered), HOW


def test_the_editions_have_the_same_chapters(rendered: dict[str, str]) -> None:
    arabic = {p.stem for p in (GOLDEN.parent / "ar").glob("*.html")}
    assert set(rendered) == arabic  # the same structure in both languages


@pytest.mark.parametrize("name", sorted(p.stem for p in GOLDEN.glob("*.html")))
def test_chapter_html_is_the_golden_one(rendered: dict[str, str], name: str) -> None:
    path = GOLDEN / f"{name}.html"
    golden = path.read_text("utf-8")
    html = rendered.get(name)
    if html is None:
        pytest.fail(f"the French report has no chapter {name!r} any more\n{HOW}",
                    pytrace=False)
    if html != golden:
        pytest.fail(f"chapter {name!r} differs from {path.relative_to(ROOT)}:\n"
                    f"{short_diff(golden, html, name)}\n{HOW}", pytrace=False)
