"""End to end: the sample year's workbooks become the Arabic report PDF (structure checks on
the shared build's draft), a second build gives the same bytes, and a published final is
only replaced with --force."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest

from report.cli import main
from report.paths import INPUTS
from tests.interrupted import SecondBuild
from tests.pdftext import pdf_text, poppler_form, squash
from tests.sample import ANNEX, DRAFT, FINAL, PDFS, YEAR, published

PLAN_START = 2023  # inputs/catalogue/plan.toml
COMMISSION = "اللجنة الوطنية لتنسيق إجراءات مكافحة الاتجار بالبشر والوقاية منه"


@pytest.fixture(scope="module")
def pdf(sample_build: Path) -> Path:
    found = sorted((sample_build / str(YEAR)).glob(f"report-{YEAR}-draft*.pdf"))
    assert [p.name for p in found] == [DRAFT]
    return found[0]


@pytest.fixture(scope="module")
def text(pdf: Path) -> str:
    return squash(pdf_text(pdf))


def test_build_leaves_every_input_byte_and_mtime(sample_build: Path, input_snapshots) -> None:
    assert len(input_snapshots["before"]) > 66, "inputs not seen"
    assert input_snapshots["after"] == input_snapshots["before"]


def test_a4_pages_in_report_range(pdf: Path) -> None:
    with pikepdf.open(pdf) as doc:
        assert 25 <= len(doc.pages) <= 120
        for page in doc.pages:
            w, h = (float(v) for v in page.MediaBox[2:])
            assert abs(w - 595.3) < 1 and abs(h - 841.9) < 1


def test_every_font_embedded_and_from_the_project(pdf: Path) -> None:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows, "no fonts listed"
    for row in rows:
        name = row[0]
        assert "Tajawal" in name or "Amiri" in name, name
        emb = row[-5]
        assert emb == "yes", f"{name} not embedded"


def _outline_titles(pdf: Path) -> list[tuple[int, str]]:
    with pikepdf.open(pdf) as doc, doc.open_outline() as outline:
        def walk(items, depth):
            for item in items:
                yield depth, item.title
                yield from walk(item.children, depth + 1)
        return list(walk(outline.root, 1))


def test_bookmarks_for_chapters_and_sections(pdf: Path) -> None:
    titles = _outline_titles(pdf)
    chapters = [t for d, t in titles if d == 1]
    for expected in ("تقديم", "الظاهرة بالأرقام", "الوقاية", "الحماية", "الزجر والمتابعة",
                     "الشراكة والتعاون", "تنفيذ الخطة الوطنية", "العوائق والإكراهات",
                     "التوصيات", "الملاحق"):
        assert any(expected in t for t in chapters), expected
    assert sum(1 for d, _ in titles if d == 2) >= 10


def test_text_in_logical_order(text: str) -> None:
    assert poppler_form(COMMISSION) in text
    assert "27.14" in text
    assert "2.17.740" in text
    assert "080000 4747" in text  # one left-to-right unit, not "4747 080000"


def test_every_member_named(text: str, catalogue) -> None:
    missing = [m.name.ar for m in catalogue.members if poppler_form(m.name.ar) not in text]
    assert not missing


def test_cover_says_data_are_fictitious(pdf: Path) -> None:
    cover = squash(pdf_text(pdf, 1, 1))
    assert poppler_form("جميع الأرقام والأنشطة الواردة في هذا التقرير خيالية") in cover


def test_bare_page_number(pdf: Path) -> None:
    with pikepdf.open(pdf) as doc:
        total = len(doc.pages)
    page = squash(pdf_text(pdf, 8, 8))
    assert re.search(r"\b8\b", page) and not re.search(rf"\b{total} / 8\b", page), page[-200:]


def test_table_of_contents_has_page_numbers(pdf: Path) -> None:
    toc = pdf_text(pdf, 2, 2)
    assert poppler_form("الفهرس") in toc
    numbers = [int(n) for n in re.findall(r"\b(\d{1,3})\b", toc)]
    assert len(numbers) >= 15 and max(numbers) > 20


def test_manifest_records_inputs_outputs_and_stages(sample_build: Path, pdf: Path) -> None:
    manifest = json.loads((sample_build / str(YEAR) / "manifest.json").read_text("utf-8"))
    assert manifest["year"] == YEAR
    assert len([i for i in manifest["inputs"] if i["path"].endswith(".xlsx")]) == 22
    assert all(len(i["sha256"]) == 64 for i in manifest["inputs"])
    kinds = {o["kind"] for o in manifest["outputs"]}
    assert "pdf-draft" in kinds
    assert len(manifest["charts"]) >= 5
    for stage in ("intake_validate", "consolidate", "charts", "templates", "layout", "pdf_write"):
        assert stage in manifest["seconds"]
    assert manifest["dependencies"]["weasyprint"] == "70.0"


def test_charts_are_svg_with_alt_text_and_paths(sample_build: Path) -> None:
    charts = sorted((sample_build / str(YEAR) / "charts" / "draft").glob("*.svg"))
    assert len(charts) >= 5
    for svg in charts:
        body = svg.read_text("utf-8")
        assert re.search(r"<title>[^<]{20,}</title>", body), svg.name
        assert "<text" not in body, f"{svg.name}: text must be drawn as paths"


def test_year_ranges_read_in_order(text: str) -> None:
    """WeasyPrint shows a bare "2023-2030" in Arabic text as "2030-2023"; isolated, it stays."""
    assert "2023-2030" in text
    assert "2030-2023" not in text


def test_chart_captions_state_the_period_plotted(sample_build: Path) -> None:
    """A three-year chart says "(2023-2025)", a chart of the report year "(2025)", the plan's
    statuses every year since the plan began."""
    html = next((sample_build / str(YEAR)).glob(f"report-{YEAR}-draft*.html")).read_text("utf-8")
    captions = dict(re.findall(r'<figure class="chart" id="fig-(\w+)"[^>]*>\s*<figcaption>(.*?)'
                               r"</figcaption>", html, re.S))
    assert captions
    for chart, caption in captions.items():
        caption = re.sub(r"<[^>]+>", "", caption)
        period = f"({YEAR - 2}-{YEAR})" if chart.endswith("_trend") else \
            f"({PLAN_START}-{YEAR})" if chart == "plan_status" else f"({YEAR})"
        assert caption.endswith(period), (chart, caption)


def test_chart_numbers_are_not_printed_again_under_the_chart(sample_build: Path) -> None:
    html = next((sample_build / str(YEAR)).glob(f"report-{YEAR}-draft*.html")).read_text("utf-8")
    figures = re.findall(r'<figure class="chart".*?</figure>', html, re.S)
    assert figures and not any("<table" in f for f in figures)
    assert all(re.search(r'<img [^>]*alt="[^"]*\d[^"]*"', f) for f in figures)  # in the alt


def test_two_builds_byte_identical(sample_build: Path, second_build: SecondBuild) -> None:
    """The second build (another process, cold caches, over the first one's outputs, stopped
    at each of its writes) gives the same bytes."""
    first, second = sample_build / str(YEAR), second_build.out / str(YEAR)
    charts = [f"charts/{p.name}" for p in sorted((first / "charts").glob("*.svg"))]
    site = [p.relative_to(first).as_posix() for p in sorted((first / "web").rglob("*"))
            if p.is_file()]  # pages, fonts cut down, cover images, downloads, sitemap
    names = [*PDFS, *ANNEX, *(n.replace(".pdf", ".html") for n in PDFS), *charts, *site]
    assert len(charts) >= 5 and len(site) > 40
    assert sorted(p.relative_to(second).as_posix() for p in (second / "web").rglob("*")
                  if p.is_file()) == site
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_published_final_replaced_with_force_and_kept_beside(sample_build: Path,
                                                             second_build: SecondBuild) -> None:
    good = (sample_build / str(YEAR) / FINAL).read_bytes()
    folder = second_build.out / str(YEAR)
    assert (folder / FINAL).read_bytes() == good
    kept = list(folder.glob(f"report-{YEAR}.previous-*.pdf"))
    assert len(kept) == 1 and kept[0].read_bytes() == published(good)
    assert second_build.next_code == 0  # the same final again, without --force: nothing to guard


def test_published_final_not_overwritten_without_force(second_build: SecondBuild,
                                                       tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    shutil.copytree(second_build.out, out)
    final = out / str(YEAR) / FINAL
    other = published(final.read_bytes())
    final.write_bytes(other)
    folder = final.parent
    before = sorted(p.name for p in folder.iterdir())
    assert main(["build", "--inputs", str(INPUTS), "--out", str(out), "--edition", "final"]) == 1
    assert final.read_bytes() == other
    assert "--force" in capsys.readouterr().err
    assert sorted(p.name for p in folder.iterdir()) == before


def test_covers_carry_the_emblem_and_the_back_cover_the_green_line(sample_build: Path, pdf: Path,
                                                                    tmp_path: Path) -> None:
    import numpy as np
    from PIL import Image

    folder = sample_build / str(YEAR)
    assert (folder / "emblem.svg").read_bytes() == (INPUTS / str(YEAR) / "emblem.svg").read_bytes()
    html = next(folder.glob(f"report-{YEAR}-draft*.html")).read_text("utf-8")
    assert html.count('<img class="cover-emblem" src="emblem.svg"') == 2  # front and back
    with pikepdf.open(pdf) as doc:
        last = len(doc.pages)
    for page, top_mm in ((1, 20), (last, 140)):  # the mark's gold ring, drawn where it belongs
        subprocess.run(["pdftoppm", "-r", "20", "-png", "-singlefile", "-f", str(page), "-l",
                        str(page), str(pdf), str(tmp_path / f"p{page}")], check=True)
        image = Image.open(tmp_path / f"p{page}.png").convert("RGB")
        w, h = image.size
        band = image.crop((w // 3, int(h * top_mm / 297), 2 * w // 3, int(h * (top_mm + 30) / 297)))
        px = np.asarray(band).reshape(-1, 3).astype(int)
        gold = (px[:, 0] > 180) & (px[:, 1] > 140) & (px[:, 2] < 140)
        assert gold.any(), f"no emblem on page {page}"
    back = squash(pdf_text(pdf, last, last))
    assert "080000 4747" in back and "cnclt.justice.gov.ma" in back
    assert COMMISSION in back or poppler_form(COMMISSION) in back  # Amiri: no lam-alef swap
