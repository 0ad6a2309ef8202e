"""Golden snapshots of the report's HTML, one file per chapter: the cover, the contents and
each chapter of the shared build's final edition (the HTML WeasyPrint laid out), compared
exactly with tests/golden/chapters/<lang>/<id>.html.

A deliberate change to a template, a text file or the sample data changes them: rewrite
them with UPDATE_GOLDEN=1 (see ``HOW``) and read the diff before committing it.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

import pytest

from report.paths import ROOT
from tests.sample import FINAL, YEAR

LANG = "ar"
GOLDEN = Path(__file__).parents[1] / "golden" / "chapters" / LANG
HOW = ("if the change is deliberate, rewrite the golden files with\n"
       "    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/publish/test_render_golden.py\n"
       "and review `git diff tests/golden` before committing them")
TAG = re.compile(r'<(/?)(section|nav)\b([^>]*)>')
DIFF_LINES = 40
DIFF_WIDTH = 160


def chapters(html: str) -> dict[str, str]:
    """The body's top-level sections (and the contents' nav), by id, in order: the cover is
    ``cover``, the contents ``contents``."""
    body = html[html.index("<body"):]
    found: dict[str, str] = {}
    depth, start, name = 0, 0, ""
    for m in TAG.finditer(body):
        closing, tag, attrs = m.groups()
        if not closing:
            if depth == 0:
                ident = re.search(r'\bid="([^"]+)"', attrs)
                cls = re.search(r'\bclass="([^"]+)"', attrs)
                name = ident.group(1) if ident else cls.group(1) if cls else tag
                start = m.start()
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                found[name] = body[start:m.end()] + "\n"
    assert depth == 0, "unbalanced <section>/<nav> in the report's body"
    return found


def golden_chapters(html_file: Path, golden: Path) -> dict[str, str]:
    """The chapters of one edition's HTML; with UPDATE_GOLDEN=1, also written as the golden
    files of ``golden`` (and the golden files of chapters that are gone removed)."""
    found = chapters(html_file.read_text("utf-8"))
    if os.environ.get("UPDATE_GOLDEN"):
        golden.mkdir(parents=True, exist_ok=True)
        for stale in set(p.stem for p in golden.glob("*.html")) - set(found):
            (golden / f"{stale}.html").unlink()
        for name, text in found.items():
            (golden / f"{name}.html").write_text(text, "utf-8")
    return found


@pytest.fixture(scope="module")
def rendered(sample_build: Path) -> dict[str, str]:
    return golden_chapters((sample_build / str(YEAR) / FINAL).with_suffix(".html"), GOLDEN)


def test_every_chapter_has_its_golden_file(rendered: dict[str, str]) -> None:
    expected = {"cover", "contents", "introduction", "figures", "recommendations", "annexes"}
    assert expected <= set(rendered), sorted(rendered)
    golden = {p.stem for p in GOLDEN.glob("*.html")}
    if golden != set(rendered):
        pytest.fail(f"chapters without a golden file: {sorted(set(rendered) - golden)}; golden "
                    f"files without a chapter: {sorted(golden - set(rendered))}\n{HOW}",
                    pytrace=False)


@pytest.mark.parametrize("name", sorted(p.stem for p in GOLDEN.glob("*.html")))
def test_chapter_html_is_the_golden_one(rendered: dict[str, str], name: str) -> None:
    path = GOLDEN / f"{name}.html"
    golden = path.read_text("utf-8")
    html = rendered.get(name)
    if html is None:
        pytest.fail(f"the report has no chapter {name!r} any more\n{HOW}", pytrace=False)
    if html != golden:
        pytest.fail(f"chapter {name!r} differs from {path.relative_to(ROOT)}:\n"
                    f"{short_diff(golden, html, name)}\n{HOW}", pytrace=False)


def short_diff(golden: str, html: str, name: str) -> str:
    """A unified diff cut after each tag and sentence (a paragraph is one long line), at most
    DIFF_LINES lines of at most DIFF_WIDTH characters."""
    def pieces(text: str) -> list[str]:
        return [p for line in text.split("\n") for p in re.split(r"(?<=>)|(?<=[.،؛:] )", line)
                if p]

    diff = list(difflib.unified_diff(pieces(golden), pieces(html),
                                     f"golden/chapters/{LANG}/{name}.html", "rendered", n=1,
                                     lineterm=""))
    shown = [d if len(d) <= DIFF_WIDTH else d[:DIFF_WIDTH] + " ..." for d in diff[:DIFF_LINES]]
    more = [f"... {len(diff) - DIFF_LINES} more lines"] if len(diff) > DIFF_LINES else []
    if not diff:  # only line breaks moved
        at = next((i for i, (a, b) in enumerate(zip(golden, html, strict=False)) if a != b),
                  min(len(golden), len(html)))
        shown = [f"line breaks differ at character {at}: {golden[at - 20:at + 20]!r}"]
    return "\n".join(shown + more)
