"""The three editions (draft, final PDF/A-3a with its data annex, print PDF/X-4), checked
with pikepdf and poppler on the shared ``--edition all`` build of the sample."""

from __future__ import annotations

import math
import re
import subprocess
from collections import Counter
from pathlib import Path

import pikepdf
import pytest

from report.publish.finishing import embedded_files
from tests.pdftext import pdf_pages, pdf_text
from tests.sample import ANNEX, DRAFT, EDITION, FINAL, PRINT, YEAR

MM = 72 / 25.4


@pytest.fixture(scope="module")
def built(sample_build: Path) -> Path:
    return sample_build / str(YEAR)


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
        assert str(info.Title).startswith(EDITION.title.ar)
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
    if not body:  # a blank verso
        return math.inf, math.inf
    return min(w[0] for w in body) - bleed, 210 * MM + bleed - max(w[2] for w in body)


def margins(pdf: Path) -> tuple[float, float, float, float]:
    """(odd left, odd right, even left, even right) margins of body pages 5-25: justified
    lines reach both margins, so the smallest gaps over pages are the margins."""
    odd = [_gaps(pdf, p) for p in range(5, 25, 2)]
    even = [_gaps(pdf, p) for p in range(6, 26, 2)]
    return (min(g[0] for g in odd), min(g[1] for g in odd),
            min(g[0] for g in even), min(g[1] for g in even))


def test_print_margins_mirrored_for_a_right_bound_book(built: Path) -> None:
    # page 1 is a :left page (odd, recto of a right-bound book): spine, wide margin, on its
    # right
    odd_left, odd_right, even_left, even_right = margins(built / PRINT)
    assert odd_right > odd_left + 5 * MM and even_left > even_right + 5 * MM
    assert abs(odd_right - even_left) < 1 * MM and abs(odd_left - even_right) < 1 * MM


def test_watermark_and_draft_footer_on_draft_pages_only(built: Path) -> None:
    with pikepdf.open(built / DRAFT) as pdf:
        pages = len(pdf.pages)
    texts = pdf_pages(built / DRAFT)
    assert len(texts) == pages
    for page, text in enumerate(texts, start=1):
        assert "مسودة" in re.sub(r"\s", "", text), page  # the rotated watermark may come apart
        if 1 < page < pages:  # the front cover says it in full; the back cover, the watermark
            assert "مسودة رقم" in text and "بتاريخ" in text, page
    for name in (FINAL, PRINT):
        assert "مسودة" not in pdf_text(built / name)


def _text_fills(pdf_path: Path) -> Counter:
    """How many text-showing operators draw in each fill colour, over every page:
    ("rgb", (r, g, b)) or ("/DeviceCMYK", (c, m, y, k)) (set by ``k`` or ``cs``/``scn``)."""
    seen: Counter = Counter()
    with pikepdf.open(pdf_path) as pdf:
        for page in pdf.pages:
            fill: tuple = ("gray", (0.0,))
            space, stack = "/DeviceGray", []
            for operands, op in pikepdf.parse_content_stream(page):
                name = str(op)
                if name == "q":
                    stack.append((fill, space))
                elif name == "Q" and stack:
                    fill, space = stack.pop()
                elif name == "rg":
                    fill = ("rgb", tuple(round(float(x), 3) for x in operands))
                elif name == "k":
                    fill = ("/DeviceCMYK", tuple(round(float(x), 3) for x in operands))
                elif name == "cs":
                    space = str(operands[0])
                elif name in ("sc", "scn"):
                    fill = (space, tuple(round(float(x), 3) for x in operands
                                         if not isinstance(x, pikepdf.Name)))
                elif name in ("Tj", "TJ"):
                    seen[fill] += 1
    return seen


def test_print_black_and_grey_text_in_black_ink_only(built: Path) -> None:
    fills = _text_fills(built / PRINT)
    neutral_rgb = {c: n for c, n in fills.items()
                   if c[0] == "rgb" and len(set(c[1])) == 1 and c[1][0] < 1.0}
    assert neutral_rgb == {}, f"grey or black text in RGB (four-colour black): {neutral_rgb}"
    k_only = sum(n for c, n in fills.items() if c[0] == "/DeviceCMYK" and c[1][:3] == (0, 0, 0))
    assert k_only > 0.6 * sum(fills.values())  # the body text
    finals = _text_fills(built / FINAL)  # the screen edition keeps its RGB greys
    assert not any(c[0] == "/DeviceCMYK" for c in finals)
