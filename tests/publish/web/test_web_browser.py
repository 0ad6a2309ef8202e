"""The web edition in a browser (tests/publish/web/browser.mjs): every page of the shared
build's site, in both languages, at a phone's width (360 px) and a desktop's (1280 px),
opened from disk in Debian's headless Chromium driven by npm's playwright-core: no WCAG 2.1
A or AA violation axe-core finds, no sideways scrolling, lang and dir on every page, the
keyboard reaching every link and the language switch, nothing requested from outside the
site. Screenshots of the home pages (and of one chapter) at each width are kept in
out/screenshots/web/ for a reader to look at.

`make test` installs what this needs: chromium (apt) and, from package.json and
package-lock.json, playwright-core and axe-core (npm ci); no browser is downloaded.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from report.paths import OUT, ROOT
from tests.sample import YEAR

SCRIPT = Path(__file__).with_name("browser.mjs")
CHROMIUM = Path("/usr/bin/chromium")
WIDTHS = (360, 1280)
SHOTS = OUT / "screenshots" / "web"


@pytest.fixture(scope="module")
def browser(sample_build: Path) -> dict:
    missing = [what for what, there in (
        ("node (apt-get install nodejs npm)", shutil.which("node")),
        ("chromium (apt-get install chromium)", CHROMIUM.exists()),
        ("playwright-core and axe-core (npm ci)",
         (ROOT / "node_modules" / "playwright-core").is_dir()
         and (ROOT / "node_modules" / "axe-core").is_dir())) if not there]
    if missing:
        pytest.fail("the browser test needs " + ", ".join(missing) + ": `make test` installs them")
    SHOTS.mkdir(parents=True, exist_ok=True)
    site = sample_build / str(YEAR) / "web"
    done = subprocess.run(["node", str(SCRIPT), str(site), str(SHOTS), *map(str, WIDTHS)],
                          cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads((SHOTS / "browser.json").read_text("utf-8"))


def test_every_page_at_every_width(browser: dict, sample_build: Path) -> None:
    site = sample_build / str(YEAR) / "web"
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert sorted((r["page"], r["width"]) for r in browser["results"]) == sorted(
        (p, w) for p in pages for w in WIDTHS)
    print(f"browser test: {len(browser['results'])} page loads in {browser['seconds']:.1f} s")


def test_no_wcag_21_a_or_aa_violation(browser: dict) -> None:
    found = [f"{r['page']} at {r['width']} px: {v['id']} ({v['help']}): "
             f"{[n['target'] for n in v['nodes']]}"
             for r in browser["results"] for v in r["violations"]]
    assert found == []


def test_no_sideways_scrolling_from_a_phone_to_a_desktop(browser: dict) -> None:
    wide = [f"{r['page']} at {r['width']} px: {r['scrollWidth']} px wide"
            for r in browser["results"] if r["scrollWidth"] > r["innerWidth"]]
    assert wide == []


def test_lang_and_dir_on_every_page(browser: dict) -> None:
    for r in browser["results"]:
        lang = r["page"].split("/")[0] if "/" in r["page"] else "ar"
        assert (r["lang"], r["dir"]) == (lang, "rtl" if lang == "ar" else "ltr"), r["page"]


def test_keyboard_reaches_every_link_and_the_language_switch(browser: dict) -> None:
    for r in browser["results"]:
        keys = r["keyboard"]
        assert keys["missed"] == [], f"{r['page']} at {r['width']} px"
        if r["page"] != "index.html":
            assert keys["langSwitch"], f"{r['page']} at {r['width']} px"


def test_nothing_requested_outside_the_site_and_no_error(browser: dict) -> None:
    assert browser["outside"] == []
    for r in browser["results"]:
        assert r["errors"] == [] and r["fonts"] == [], r["page"]


def test_screenshots_of_the_home_page_at_each_width_are_kept(browser: dict) -> None:
    for lang in ("ar", "fr"):
        for width in WIDTHS:
            shot = SHOTS / f"{lang}-index-{width}.png"
            assert shot.is_file() and shot.stat().st_size > 10_000, shot
