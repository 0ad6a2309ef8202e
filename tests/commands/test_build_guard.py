"""A year with a broken workbook: the final edition (and the public site) is refused, a draft
marks what is missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from report.cli import main
from tests.pdftext import pdf_text, poppler_form, squash
from tests.sample import copy_inputs, out_with_cache


@pytest.fixture(scope="module")
def broken_inputs(tmp_path_factory) -> Path:
    """The sample's inputs, with PMP's latest workbook replaced by random bytes."""
    root = copy_inputs(tmp_path_factory.mktemp("x") / "inputs")
    (root / "2025" / "PMP-2025.xlsx").write_bytes(bytes(range(256)) * 40)
    return root


@pytest.mark.parametrize("edition", ["final", "web"])
def test_final_is_refused_and_writes_nothing(broken_inputs: Path, tmp_path: Path, capsys,
                                             sample_cache: Path, edition: str) -> None:
    """The final, and the public site, published as the final is."""
    out = out_with_cache(tmp_path, sample_cache)
    code = main(["build", "--inputs", str(broken_inputs), "--out", str(out),
                 "--edition", edition])
    assert code == 1
    assert "refused" in capsys.readouterr().err
    assert not list(tmp_path.rglob("*.pdf")) and not list(tmp_path.rglob("*.html"))


@pytest.mark.slow  # a draft rendered
def test_draft_marks_the_figures_not_received(broken_inputs: Path, tmp_path: Path,
                                              sample_cache: Path) -> None:
    out = out_with_cache(tmp_path, sample_cache)
    assert main(["build", "--inputs", str(broken_inputs), "--out", str(out)]) == 0
    pdf = next((tmp_path / "2025").glob("report-2025-draft*.pdf"))
    text = squash(pdf_text(pdf))
    assert poppler_form("غير متوفر") in text
    # the footnote names the member whose figure is missing
    assert poppler_form("لم تتوصل الكتابة الدائمة بهذا الرقم") in text
    assert poppler_form("رئاسة النيابة العامة") in text


def test_final_of_a_real_year_refuses_the_fictitious_plan(tmp_path: Path, capsys,
                                                          sample_cache: Path) -> None:
    root = copy_inputs(tmp_path / "inputs")
    edition = root / "2025" / "edition.toml"
    text = edition.read_text("utf-8")
    edition.write_text(text.replace("fictitious = true", "fictitious = false"), "utf-8")
    out = out_with_cache(tmp_path / "out", sample_cache)
    code = main(["build", "--inputs", str(root), "--out", str(out), "--edition", "final"])
    assert code == 1
    assert "fictitious plan" in capsys.readouterr().err
    assert not list((tmp_path / "out").rglob("*.pdf"))


@pytest.mark.parametrize("edition", ["final", "print", "web", "all"])
def test_final_and_print_are_refused_listing_every_unconfirmed_entry(
        unconfirmed_inputs: Path, tmp_path: Path, capsys, edition: str) -> None:
    code = main(["build", "--inputs", str(unconfirmed_inputs), "--out", str(tmp_path / "out"),
                 "--edition", edition])
    err = capsys.readouterr().err
    assert code == 1
    assert "refused: 4 entries" in err
    assert "recommendations.toml: missing" in err
    assert "members.toml: AFAQ: placeholder (seat 2 not named yet)" in err
    assert "members.toml: MRE: to_confirm (ask the ministry how it signs)" in err
    assert "plan.toml: axes: to_confirm" in err
    assert not list((tmp_path / "out").rglob("*.pdf"))
    assert not list((tmp_path / "out").rglob("*.html"))


def test_a_draft_site_builds_while_check_finds_errors(broken_inputs: Path, tmp_path: Path,
                                                      sample_cache: Path) -> None:
    out = out_with_cache(tmp_path, sample_cache)
    assert main(["build", "--inputs", str(broken_inputs), "--out", str(out),
                 "--edition", "web-draft"]) == 0
    page = (tmp_path / "2025" / "web-draft1" / "ar" / "figures.html").read_text("utf-8")
    assert "banner-draft" in page and "غير متوفر" in page  # PMP's figures not received
    assert not (tmp_path / "2025" / "web").exists()
