"""The three editions (draft, final PDF/A-3a with its data annex, print PDF/X-4): structure
checks with pikepdf and poppler, byte-identical rebuilds, and the published-final guard."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest

from report.cli import main
from report.edition import load_edition
from report.finishing import OutputIntent, embedded_files, finish
from report.paths import INPUTS, year_dirs
from tests.pdftext import pdf_text

YEAR = year_dirs(INPUTS)[-1]
EDITION = load_edition(INPUTS / str(YEAR) / "edition.toml", YEAR)
FINAL = f"report-{YEAR}.pdf"
PRINT = f"report-{YEAR}-print.pdf"
DRAFT = f"report-{YEAR}-draft{EDITION.draft}.pdf"
ANNEX = [f"data-{YEAR}.xlsx", f"data-{YEAR}-figures.csv", f"data-{YEAR}-sources.csv",
         "datapackage.json"]
MM = 72 / 25.4


def _build(out: Path, *args: str) -> int:
    return main(["build", "--inputs", str(INPUTS), "--out", str(out), *args])


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("a")
    assert _build(out, "--edition", "all") == 0
    return out / str(YEAR)


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("b")
    assert _build(out, "--edition", "all") == 0
    return out / str(YEAR)


def _xmp(pdf: pikepdf.Pdf) -> str:
    return pdf.Root.Metadata.read_bytes().decode("utf-8")


def test_file_names(built: Path) -> None:
    names = {p.name for p in built.iterdir() if p.is_file()}
    assert {FINAL, PRINT, DRAFT, *ANNEX} <= names
    assert not [n for n in names if n.startswith(".")]


def test_final_is_pdfa3a_with_metadata(built: Path) -> None:
    with pikepdf.open(built / FINAL) as pdf:
        xmp = _xmp(pdf)
        assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="A"' in xmp
        assert "<dc:language><rdf:Bag><rdf:li>ar</rdf:li>" in xmp
        assert re.search(r"<xmpMM:DocumentID>uuid:[0-9a-f-]{36}</xmpMM:DocumentID>", xmp)
        info = pdf.docinfo
        assert str(info.Title).startswith(EDITION.title_ar)
        assert "اللجنة الوطنية" in str(info.Author)
        assert str(info.Subject) and "CNCLT" in str(info.Keywords)
        assert str(info.CreationDate).startswith("D:" + EDITION.publication_date.strftime("%Y%m%d"))
        assert str(pdf.Root.Lang) == "ar"
        assert pdf.Root.MarkInfo.Marked and "/StructTreeRoot" in pdf.Root  # tagged
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == pikepdf.Name.GTS_PDFA1 and "/DestOutputProfile" in intent


def test_final_embeds_the_annex_files(built: Path) -> None:
    attached = embedded_files(built / FINAL)
    assert sorted(attached) == sorted(ANNEX)
    for name, data in attached.items():
        assert data == (built / name).read_bytes(), name
    with pikepdf.open(built / FINAL) as pdf:
        assert len(pdf.Root.AF) == len(ANNEX)
        for spec in pdf.Root.AF:
            assert spec.AFRelationship in (pikepdf.Name.Data, pikepdf.Name.Supplement)
            params = spec.EF.F.Params
            day = EDITION.publication_date.strftime("%Y%m%d")
            assert str(params.ModDate).startswith("D:" + day)  # not the files' mtime


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


def test_print_is_pdfx4_with_bleed_and_trim(built: Path) -> None:
    with pikepdf.open(built / PRINT) as pdf:
        xmp = _xmp(pdf)
        assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp
        assert "xmp.did:" not in xmp  # WeasyPrint's random uuid4 replaced
        assert re.search(r"<xmpMM:DocumentID>uuid:[0-9a-f-]{36}</xmpMM:DocumentID>", xmp)
        assert str(pdf.docinfo.Trapped) == "/False"
        for page in pdf.pages:
            trim = [float(v) for v in page.TrimBox]
            bleed = [float(v) for v in page.BleedBox]
            media = [float(v) for v in page.MediaBox]
            assert abs(trim[2] - trim[0] - 210 * MM) < 0.5
            assert abs(trim[3] - trim[1] - 297 * MM) < 0.5
            for t, b in zip(trim, bleed, strict=True):
                assert abs(abs(t - b) - 3 * MM) < 0.05
            assert media[0] <= bleed[0] and media[2] >= bleed[2]


def test_print_every_font_embedded(built: Path) -> None:
    out = subprocess.run(["pdffonts", str(built / PRINT)], capture_output=True, text=True,
                         check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows and all(row[-5] == "yes" for row in rows), out


def _gaps(pdf: Path, page: int) -> tuple[float, float]:
    """Left and right gaps (pt) between the body text and the trim edges of one page."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    words = [tuple(float(v) for v in m) for m in
             re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', html)]
    body = [w for w in words if 40 * MM < w[1] < 260 * MM]
    bleed = 3 * MM  # poppler's page is the MediaBox (trim + bleed)
    return min(w[0] for w in body) - bleed, 210 * MM + bleed - max(w[2] for w in body)


def test_print_margins_mirrored_for_a_right_bound_book(built: Path) -> None:
    # page 1 is a :left page (odd, recto of a right-bound book): spine, wide margin, on its
    # right; justified lines reach both margins, so the smallest gaps over pages are margins
    odd = [_gaps(built / PRINT, p) for p in range(5, 25, 2)]
    even = [_gaps(built / PRINT, p) for p in range(6, 26, 2)]
    odd_left, odd_right = min(g[0] for g in odd), min(g[1] for g in odd)
    even_left, even_right = min(g[0] for g in even), min(g[1] for g in even)
    assert odd_right > odd_left + 5 * MM and even_left > even_right + 5 * MM
    assert abs(odd_right - even_left) < 1 * MM and abs(odd_left - even_right) < 1 * MM


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


def test_watermark_and_draft_footer_on_draft_pages_only(built: Path) -> None:
    with pikepdf.open(built / DRAFT) as pdf:
        pages = len(pdf.pages)
    for page in range(1, pages + 1):
        text = pdf_text(built / DRAFT, page, page)
        assert "مسودة" in text, page
        if page > 1:  # the cover says it in full instead of the footer
            assert "مسودة رقم" in text and "بتاريخ" in text, page
    for name in (FINAL, PRINT):
        assert "مسودة" not in pdf_text(built / name)


def test_two_builds_byte_identical(built: Path, rebuilt: Path) -> None:
    for name in (FINAL, PRINT, DRAFT, *ANNEX):
        assert (built / name).read_bytes() == (rebuilt / name).read_bytes(), name


def test_published_final_not_overwritten_without_force(rebuilt: Path) -> None:
    out = rebuilt.parent
    final = rebuilt / FINAL
    good = final.read_bytes()
    published = good.replace(b"%%EOF", b"%%EOF\n% published earlier\n")  # other content
    final.write_bytes(published)
    assert _build(out, "--edition", "final") == 1
    assert final.read_bytes() == published
    assert _build(out, "--edition", "final", "--force") == 0
    assert final.read_bytes() == good
    kept = list(rebuilt.glob(f"report-{YEAR}.previous-*.pdf"))
    assert len(kept) == 1 and kept[0].read_bytes() == published
    assert _build(out, "--edition", "final") == 0  # same content again: nothing to guard
