"""An edition in Arabic-Indic digits numbers its pages, contents and figures in them too."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from report.cli import main
from tests.pdftext import pdf_text
from tests.sample import copy_inputs, out_with_cache

pytestmark = pytest.mark.slow  # a draft rendered


@pytest.fixture(scope="module")
def pdf(tmp_path_factory, sample_cache: Path) -> Path:
    root = copy_inputs(tmp_path_factory.mktemp("x") / "inputs")
    edition = root / "2025" / "edition.toml"
    edition.write_text(edition.read_text("utf-8").replace('digits = "latn"', 'digits = "arab"'),
                       "utf-8")
    out = out_with_cache(tmp_path_factory.mktemp("out"), sample_cache)
    assert main(["build", "--inputs", str(root), "--out", str(out)]) == 0
    return next((out / "2025").glob("report-2025-draft*.pdf"))


def test_page_number_in_arabic_indic_digits(pdf: Path) -> None:
    page = pdf_text(pdf, 12, 12)
    assert re.search(r"^١٢$", page, re.M), page[-120:]  # a line of its own: the footer
    assert not re.search(r"^12$", page, re.M)


def test_contents_page_numbers_in_arabic_indic_digits(pdf: Path) -> None:
    """Every entry of the contents (a line of leader dots) ends on its page number in
    Arabic-Indic digits: words on one line by their position (pdftotext's own lines part an
    entry's number from its title when the entry stands alone)."""
    xml = subprocess.run(["pdftotext", "-bbox", "-f", "2", "-l", "2", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    words = sorted((float(y), w) for y, w in re.findall(
        r'yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>', xml))
    lines: list[list[str]] = []
    for i, (y, w) in enumerate(words):
        if i and y - words[i - 1][0] < 5:
            lines[-1].append(w)
        else:
            lines.append([w])
    entries = [line for line in lines if sum(w.count(".") for w in line) >= 5]
    assert len(entries) >= 15
    assert all(any(re.fullmatch("[٠-٩]+", w) for w in line) for line in entries), entries


def test_cover_numbers_follow_the_edition(pdf: Path) -> None:
    cover = pdf_text(pdf, 1, 1)
    assert "٦" in cover and "٢٠٢٦" in cover  # the 6th report (first_report_year 2020)
