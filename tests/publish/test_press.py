"""The print edition as the press takes it, in both languages (the shared ``sample_build``
and ``french_build``): an interior and a cover sheet, every colour in CMYK (every content
stream, form, pattern, shading, image and transparency group scanned here with pikepdf, on
its own, not with the build's preflight), neutral greys in black ink alone, total ink under
the limit, the interior's pages in multiples of 4 with chapters on rectos, the cover sheet
sized for the interior, and the manifest saying which file goes where."""

from __future__ import annotations

import json
import math
import re
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest

from tests.pdftext import pdf_pages, squash
from tests.sample import EDITION, FINAL, PRINT, YEAR

pytestmark = pytest.mark.slow  # every test reads the shared builds (the book fixture)

MM = 72 / 25.4
LIMIT = 300.0  # the sample names no shop limit and no shop profile
COVER = PRINT.replace(".pdf", "-cover.pdf")


def names(lang: str) -> tuple[str, str, str]:
    """The final, the print interior and the cover sheet of one language."""
    suffix = "-fr" if lang == "fr" else ""
    return (FINAL.replace(".pdf", f"{suffix}.pdf"), PRINT.replace("-print", f"{suffix}-print"),
            COVER.replace("-print", f"{suffix}-print"))


@pytest.fixture(scope="module", params=["ar", "fr"])
def book(request: pytest.FixtureRequest) -> tuple[str, Path]:
    build = request.getfixturevalue("sample_build" if request.param == "ar" else "french_build")
    return request.param, build / str(YEAR)


# an independent scan of every colour a PDF paints ------------------------------------------

DEVICE = {"/DeviceRGB": "rgb", "/DeviceGray": "gray", "/DeviceCMYK": "cmyk"}


def space(obj: pikepdf.Object | None, resources: pikepdf.Object | None) -> str:
    if obj is None:
        return "gray"
    if isinstance(obj, pikepdf.Name):
        if str(obj) in DEVICE:
            return DEVICE[str(obj)]
        named = resources.get("/ColorSpace", {}).get(str(obj)) if resources is not None else None
        return space(named, None) if named is not None else str(obj)
    if isinstance(obj, pikepdf.Array):
        if str(obj[0]) == "/ICCBased":
            return {1: "gray", 3: "rgb", 4: "cmyk"}[int(obj[1].N)]
        return str(obj[0])
    return "?"


def painted(pdf: pikepdf.Pdf) -> Iterator[tuple[str, pikepdf.Object, object]]:
    """(kind, owner, detail) for every colour-bearing thing: ("op", stream, (op, operands,
    fill space, stroke space)), ("shading", dict, space), ("image", stream, space),
    ("group", dict, space), ("annot", page, subtype)."""
    seen: set[tuple[int, int]] = set()
    todo = []
    for page in pdf.pages:
        todo.append((page.obj, page.obj.get("/Resources")))
        for annot in page.obj.get("/Annots", []):
            yield "annot", page.obj, str(annot.get("/Subtype"))
    while todo:
        owner, res = todo.pop()
        if owner.is_indirect and owner.objgen in seen:
            continue
        seen.add(owner.objgen)
        if "/Group" in owner:
            yield "group", owner, space(owner.Group.get("/CS"), None)
        spaces = {"fill": "gray", "stroke": "gray"}
        for item in pikepdf.parse_content_stream(owner):
            if isinstance(item, pikepdf.ContentStreamInlineImage):
                yield "image", owner, "inline"
                continue
            op, operands = str(item.operator), list(item.operands)
            if op in ("cs", "CS"):
                spaces["fill" if op == "cs" else "stroke"] = space(operands[0], res)
            yield "op", owner, (op, operands, spaces["fill"], spaces["stroke"])
        if res is None:
            continue
        for xobject in res.get("/XObject", {}).values():
            if xobject.Subtype == "/Form":
                todo.append((xobject, xobject.get("/Resources")))
            else:
                yield "image", xobject, space(xobject.get("/ColorSpace"), None)
        for pattern in res.get("/Pattern", {}).values():
            if int(pattern.PatternType) == 1:
                todo.append((pattern, pattern.get("/Resources")))
            else:
                yield "shading", pattern.Shading, space(pattern.Shading.ColorSpace, None)
        for shading in res.get("/Shading", {}).values():
            yield "shading", shading, space(shading.ColorSpace, None)


def cmyk_colours(pdf: pikepdf.Pdf) -> Counter:
    """Every CMYK colour set by an operator (rounded), with how often."""
    found: Counter = Counter()
    for kind, _, detail in painted(pdf):
        if kind == "op":
            op, operands, fill, stroke = detail  # type: ignore[misc]
            in_cmyk = op in ("k", "K") or op in ("sc", "scn") and fill == "cmyk" \
                or op in ("SC", "SCN") and stroke == "cmyk"
            if in_cmyk and len(operands) == 4:
                found[tuple(round(float(v), 3) for v in operands)] += 1
    return found


def outside_cmyk(pdf: pikepdf.Pdf) -> Counter:
    """What paints outside CMYK, by kind."""
    found: Counter = Counter()
    for kind, _, detail in painted(pdf):
        if kind == "op":
            op, operands, fill, stroke = detail  # type: ignore[misc]
            if op in ("rg", "RG", "g", "G"):
                found[op] += 1
            elif op in ("cs", "CS") and (fill if op == "cs" else stroke) in ("rgb", "gray"):
                found[f"{op} {operands[0]}"] += 1
        elif kind in ("shading", "image", "group") and detail not in ("cmyk", "/Pattern"):
            found[f"{kind} {detail}"] += 1
        elif kind == "annot":
            found[f"annotation {detail}"] += 1
    return found


@pytest.mark.parametrize("part", ["interior", "cover"])
def test_print_files_paint_in_cmyk_only(book: tuple[str, Path], part: str) -> None:
    lang, built = book
    _, interior, cover = names(lang)
    with pikepdf.open(built / (interior if part == "interior" else cover)) as pdf:
        assert outside_cmyk(pdf) == Counter()
        colours = cmyk_colours(pdf)
    assert colours
    over = {c: n for c, n in colours.items() if 100 * sum(c) > LIMIT + 1}
    assert over == {}, f"colours over {LIMIT} % of ink: {over}"
    # a grey or black built of four inks: cyan, magenta and yellow in balance (a pale tint
    # of a few % under a blue-grey table row is not one)
    rich_grey = {c: n for c, n in colours.items()
                 if min(c[:3]) > 0.05 and max(c[:3]) - min(c[:3]) < 0.03}
    assert rich_grey == {}, f"greys on four plates: {rich_grey}"


def test_the_screen_final_keeps_its_rgb(sample_build: Path) -> None:
    with pikepdf.open(sample_build / str(YEAR) / FINAL) as pdf:
        assert outside_cmyk(pdf)["rg"] > 100


def test_black_and_grey_chart_labels_in_black_ink(book: tuple[str, Path]) -> None:
    """The charts' text (#222222 in charts/style.toml) and grid (#d9d9d9) print in black ink
    alone."""
    lang, built = book
    with pikepdf.open(built / names(lang)[1]) as pdf:
        colours = cmyk_colours(pdf)
    assert colours[(0, 0, 0, round(1 - 0x22 / 255, 3))] > 20  # chart labels
    assert colours[(0, 0, 0, round(1 - 0xD9 / 255, 3))] > 5  # grid lines


def top_bookmarks(pdf: pikepdf.Pdf) -> list[tuple[int, str]]:
    """(page, title) of the top-level bookmarks, pages counted from 1."""
    index = {p.objgen: i for i, p in enumerate(pdf.pages)}
    out = []
    with pdf.open_outline() as outline:
        for item in outline.root:
            dest = item.destination
            if dest is None and item.action is not None:
                dest = item.action.get("/D")
            out.append((index[dest[0].objgen] + 1, item.title))
    return out


def test_interior_pages_in_fours_chapters_on_rectos(book: tuple[str, Path]) -> None:
    """Page 1 is the contents; every chapter opens on an odd page (a recto: on the left in
    the Arabic book, on the right in the French one); a page left blank is a verso before a
    chapter or one of the last pages, never inside a chapter."""
    lang, built = book
    with pikepdf.open(built / names(lang)[1]) as pdf:
        count, starts = len(pdf.pages), top_bookmarks(pdf)
    assert count % 4 == 0
    assert starts[0][0] == 1 and len(starts) >= 12
    assert [p for p, _ in starts if p % 2 == 0] == []
    texts = pdf_pages(built / names(lang)[1])
    blank = [n for n, t in enumerate(texts, 1) if not t.strip()]
    chapter_pages = {p for p, _ in starts}
    last_chapter_end = max(n for n, t in enumerate(texts, 1) if t.strip())
    for n in blank:  # a verso before a chapter, or a page after the last chapter's end
        assert n % 2 == 0 and n + 1 in chapter_pages or n > last_chapter_end, n
    assert count - last_chapter_end < 4


def test_blank_versos_in_print_only(book: tuple[str, Path]) -> None:
    """The screen final has no blank page; its chapters follow one another."""
    lang, built = book
    texts = pdf_pages(built / names(lang)[0])
    assert [n for n, t in enumerate(texts, 1) if not t.strip()] == []


def test_the_interior_has_no_cover(book: tuple[str, Path]) -> None:
    lang, built = book
    final, interior, _ = names(lang)
    first = pdf_pages(built / interior)[0]
    assert ("الفهرس" if lang == "ar" else "Sommaire") in first
    with pikepdf.open(built / final) as pdf:
        final_pages = len(pdf.pages)
    with pikepdf.open(built / interior) as pdf:
        assert "/Annots" not in pdf.pages[0].obj  # no links on paper
        assert len(pdf.pages) >= final_pages - 2
    # the sample's front cover says its figures are fictitious, in the edition's language
    cover_note = "Édition de démonstration" if lang == "fr" else "نسخة تجريبية"
    assert cover_note in squash(pdf_pages(built / final)[0])
    assert cover_note not in squash(" ".join(pdf_pages(built / interior)))


def words(pdf: Path) -> list[tuple[float, float, str]]:
    """(x middle, y middle, word) of every word of page 1, in points from the media box."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return [((float(a) + float(c)) / 2, (float(b) + float(d)) / 2, w) for a, b, c, d, w in
            re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                       r"([^<]*)</word>", html)]


def test_cover_sheet_back_spine_front(book: tuple[str, Path]) -> None:
    """One page: back cover, spine and front cover side by side, the spine as thick as the
    interior's leaves; the front on the right of a book bound on the left (French), on the
    left of one bound on the right (Arabic); 3 mm bleed; the manifest says what goes where."""
    lang, built = book
    _, interior, cover = names(lang)
    with pikepdf.open(built / interior) as pdf:
        pages = len(pdf.pages)
    spine = round(math.ceil(pages / 2) * EDITION.paper_thickness_mm, 1)
    with pikepdf.open(built / cover) as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        trim = [float(v) for v in page.TrimBox]
        bleed = [float(v) for v in page.BleedBox]
        assert "PDF/X-4" in pdf.Root.Metadata.read_bytes().decode("utf-8")
    assert abs(trim[2] - trim[0] - (420 + spine) * MM) < 0.5
    assert abs(trim[3] - trim[1] - 297 * MM) < 0.5
    assert all(abs(abs(t - b) - 3 * MM) < 0.05 for t, b in zip(trim, bleed, strict=True))
    year = [x for x, _, w in words(built / cover) if w == str(YEAR)]
    green = [x for x, _, w in words(built / cover) if w == "4747"]
    middle = 3 * MM + (210 + spine / 2) * MM  # poppler counts from the bleed's edge
    front_left = lang == "ar"
    assert year and green and (year[0] < middle) == front_left and (green[0] > middle) == front_left
    manifest = json.loads((built / "manifest.json").read_text("utf-8"))
    edition = manifest["editions"]["print" + ("-fr" if lang == "fr" else "")]
    files = edition["files"]
    assert files["interior"]["file"] == interior and files["interior"]["pages"] == pages
    assert files["cover"]["file"] == cover and "cover board" in files["cover"]["place"]
    sheet = files["cover"]["sheet"]
    assert sheet["spine_mm"] == spine and sheet["interior_pages"] == pages
    assert sheet["panels_left_to_right"] == (["front", "spine", "back"] if front_left
                                             else ["back", "spine", "front"])
    assert "blank" in sheet["inside"]
    outputs = {o["path"].rsplit("/", 1)[-1]: o["kind"] for o in manifest["outputs"]}
    assert outputs[cover].endswith("-cover")


def test_manifest_preflight_of_both_print_files(book: tuple[str, Path]) -> None:
    """Ghostscript rendered both files; every page's ink peak is under the limit and the
    colours the build found outside CMYK are none."""
    lang, built = book
    manifest = json.loads((built / "manifest.json").read_text("utf-8"))
    edition = manifest["editions"]["print" + ("-fr" if lang == "fr" else "")]
    assert edition["preflight"]["ok"] is True and edition["ink_limit"] == LIMIT
    for part in ("interior", "cover"):
        record = edition["files"][part]
        assert record["colours"]["outside_cmyk"] == {}
        assert record["colours"]["max_ink"] <= LIMIT
        peaks = [p["peak"] for p in record["ink_coverage"]]
        assert len(peaks) == record["pages"] and max(peaks) <= LIMIT + 1
    cover = edition["files"]["cover"]["ink_coverage"][0]
    assert cover["total"] > 150  # the sheet is the covers' navy, run into the bleed
