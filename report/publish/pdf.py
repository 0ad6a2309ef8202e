"""Report HTML -> PDF bytes, with WeasyPrint, reading only the project's own files.

A URL fetcher refuses every URL that is not a file inside the allowed folders (the
templates, this build's output folder and the font packages): member text can never make
the renderer read or attach another file. A glyph missing from the fonts fails the build.
"""

from __future__ import annotations

import gc
import io
import logging
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from urllib.parse import unquote, urlparse

import pikepdf
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError

from report import fonts
from report.atomic import atomic_write_bytes
from report.errors import BuildError
from report.manifest import Stages
from report.paths import TEMPLATES

logger = logging.getLogger(__name__)


class RenderError(BuildError):
    """The PDF could not be rendered as it must be (missing glyph, refused resource)."""


class AssetFetcher(URLFetcher):
    """Serve file:// URLs under the allowed roots; refuse everything else."""

    def __init__(self, roots: Sequence[Path]) -> None:
        super().__init__(allowed_protocols=("file",))
        self.roots = tuple(r.resolve() for r in roots)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        parsed = urlparse(url)
        path = Path(unquote(parsed.path)).resolve() if parsed.scheme == "file" else None
        if path is None or not any(path.is_relative_to(r) for r in self.roots):
            self.refused.append(url)
            raise URLFetchingError(f"refused: {url}")
        return super().fetch(url, headers)


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def render_pdf(html: str, base: Path, roots: Sequence[Path], target: Path, stages: Stages,
               **options: object) -> int:
    """Lay out the HTML, write the PDF atomically to ``target``; return the page count."""
    data, pages = render_pdf_bytes(html, base, roots, stages, **options)
    atomic_write_bytes(target, data)
    return pages


def render_pdf_bytes(html: str, base: Path, roots: Sequence[Path], stages: Stages,
                     **options: object) -> tuple[bytes, int]:
    """Lay out the HTML; return the PDF bytes (write_pdf ``options``) and the page count."""
    fetcher = AssetFetcher((TEMPLATES, base, *roots))
    capture = _Capture()
    engine_log = logging.getLogger("weasyprint")
    engine_log.addHandler(capture)
    # The build's own objects (workbook data, datasets, templates, matplotlib) are alive
    # during layout; frozen, the collector stops re-scanning them on every full collection
    # (measured on a 60-page draft: GC time in layout + write 0.96 s -> 0.46 s).
    gc.freeze()
    try:
        with stages("layout"):
            doc = HTML(string=html, base_url=str(base) + "/", url_fetcher=fetcher).render()
        with stages("pdf_write"):
            data = doc.write_pdf(**options)
    finally:
        gc.unfreeze()
        engine_log.removeHandler(capture)
    _raise_on_problems(capture.messages, fetcher.refused, data)
    return data, len(doc.pages)


def _raise_on_problems(messages: list[str], refused: list[str], pdf: bytes | None = None) -> None:
    """Fail the build on a glyph the fonts lack, on text drawn with a font that is not the
    project's (a system fallback: present here, absent on another machine), and on a
    resource the fetcher refused. The message names the characters. The engine's other
    warnings (a CSS declaration it ignores, say) are the build's warnings."""
    glyphs = [m for m in messages if "glyph" in m.lower() or ".notdef" in m.lower()]
    for message in messages:
        if message not in glyphs:
            logger.warning("the PDF engine (WeasyPrint): %s", message)
    if glyphs:
        raise RenderError("missing glyph: " + "; ".join(glyphs[:5]))
    foreign = foreign_fonts(pdf) if pdf is not None else {}
    if foreign:
        raise RenderError("text drawn with a font that is not the report's (a fallback for "
                          "characters the report's fonts lack): " + "; ".join(
                              f"{font}: {_describe(chars)}" for font, chars in foreign.items()))
    own = [u for u in refused if not u.startswith("data:")]
    if own:
        raise RenderError("resources refused by the fetcher: " + ", ".join(own[:5]))


def foreign_fonts(pdf: bytes) -> dict[str, str]:
    """Fonts used in ``pdf`` that are not one of report/fonts.py's faces, each with the
    characters drawn with it (read from the font's ToUnicode map); a face declared for a
    range only (Tifinagh) counts as foreign for any character outside that range."""
    found: dict[str, str] = {}
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        seen: set[tuple[int, int]] = set()
        for page in doc.pages:
            for font in _page_fonts(page.obj, seen):
                base = str(font.get("/BaseFont", "/?"))[1:]
                name = base.split("+", 1)[-1]
                face = fonts.face_named(name)
                chars = _to_unicode(font)
                if face is not None:  # a space between Tifinagh words is drawn with it too
                    chars = "".join(c for c in chars
                                    if not (face.in_range(ord(c)) or c.isspace()))
                if chars or face is None:
                    found[name] = found.get(name, "") + chars
    return found


def _page_fonts(obj: pikepdf.Object,
                seen: set[tuple[int, int]]) -> Iterator[pikepdf.Object]:
    """The font dictionaries of a page or form XObject, nested forms included."""
    resources = obj.get("/Resources")
    if resources is None:
        return
    for font in (resources.get("/Font") or {}).values():
        if font.is_indirect and font.objgen in seen:
            continue
        if font.is_indirect:
            seen.add(font.objgen)
        yield font
    for xobj in (resources.get("/XObject") or {}).values():
        if xobj.get("/Subtype") == "/Form" and not (xobj.is_indirect and xobj.objgen in seen):
            if xobj.is_indirect:
                seen.add(xobj.objgen)
            yield from _page_fonts(xobj, seen)


def _to_unicode(font: pikepdf.Object) -> str:
    cmap = font.get("/ToUnicode")
    if cmap is None:
        return ""
    text = cmap.read_bytes().decode("latin-1")
    chars = []
    for block in re.findall(r"beginbf(?:char|range)(.*?)endbf(?:char|range)", text, re.S):
        for hexes in re.findall(r"<([0-9a-fA-F]+)>\s*$", block, re.M):
            chars.append(bytes.fromhex(hexes).decode("utf-16-be", "replace"))
    return "".join(chars)


def _describe(chars: str) -> str:
    chars = "".join(dict.fromkeys(c for c in chars if not c.isspace()))
    return " ".join(f'"{c}" (U+{ord(c):04X})' for c in chars[:10]) or "?"
