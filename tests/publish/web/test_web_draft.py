"""A draft of the web edition (``build --edition web-draft``), over a copy of the shared
build: written beside the public site (web-draft<N>/, never in web/), marked as a draft on
every page and never indexable (noindex, robots.txt, no sitemap), offering no PDF, and
showing the public view's figures ([c] where the public site has it), not the members'."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from report.cli import main
from report.language.texts import load_texts
from report.paths import INPUTS
from tests.conftest import snapshot
from tests.publish.web.sitefiles import pages
from tests.sample import EDITION, YEAR


@pytest.fixture(scope="module")
def draft(sample_build: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("web-draft") / "out"
    shutil.copytree(sample_build, out)
    before = snapshot(out / str(YEAR) / "web")
    assert main(["build", "--edition", "web-draft", "--inputs", str(INPUTS),
                 "--out", str(out)]) == 0
    return out / str(YEAR), before


def test_written_beside_the_public_site_which_it_leaves_alone(draft) -> None:
    folder, before = draft
    assert (folder / f"web-draft{EDITION.draft}" / "ar" / "index.html").is_file()
    assert snapshot(folder / "web") == before


def test_every_page_marked_as_a_draft_and_noindex(draft) -> None:
    folder, _ = draft
    site = folder / f"web-draft{EDITION.draft}"
    found = pages(site)
    assert len(found) > 20
    for page in found:
        assert page.meta("robots") == "noindex, nofollow", page.rel
        banner = page.tree.xpath('//*[contains(@class, "banner-draft")]')
        assert banner, page.rel
        text = banner[0].text_content()
        assert str(EDITION.draft) in text and str(EDITION.draft_date.year) in text, page.rel
    assert (site / "robots.txt").read_text() == \
        "# A draft of the report: not for search engines.\nUser-agent: *\nDisallow: /\n"
    assert not (site / "sitemap.xml").exists()


def test_offers_the_annex_and_no_pdf(draft) -> None:
    folder, _ = draft
    site = folder / f"web-draft{EDITION.draft}"
    assert not list((site / "downloads").glob("*.pdf"))
    assert {p.name for p in (site / "downloads").iterdir()} == \
        {p.name for p in (folder / "web" / "downloads").iterdir() if p.suffix != ".pdf"}


def test_shows_the_public_figures_withheld_cells_included(draft) -> None:
    folder, _ = draft
    for lang in ("ar", "fr"):
        public = (folder / "web" / lang / "figures.html").read_text("utf-8")
        review = (folder / f"web-draft{EDITION.draft}" / lang / "figures.html").read_text("utf-8")
        withheld, provisional = (f"[{load_texts('phrases')(f'mark.{m}', lang)}]"
                                 for m in ("c", "p"))
        assert public.count(withheld) == review.count(withheld) > 0, lang
        assert provisional in review  # the draft's provisional mark, as the draft PDF has it
