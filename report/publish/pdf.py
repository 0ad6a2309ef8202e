"""Report HTML -> PDF bytes, with WeasyPrint, reading only the project's own files.

A URL fetcher refuses every URL that is not a file inside the allowed folders (the
templates, this build's output folder and the font packages): member text can never make
the renderer read or attach another file. A glyph missing from the fonts fails the build.
A print interior (``multiple`` 4) ends on its blank pad page (edition-print.css), repeated
or dropped so that its page count is a multiple of 4.
"""

from __future__ import annotations

import gc
import io
import logging
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from urllib.parse import unquote, urlparse

import pikepdf
from weasyprint import HTML
from weasyprint.document import Document
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
    data, pages = render_pdf_bytes(html, base, roots, stages, options=options)
    atomic_write_bytes(target, data)
    return pages


def render_pdf_bytes(html: str, base: Path, roots: Sequence[Path], stages: Stages,
                     multiple: int = 1, options: Mapping[str, object] | None = None
                     ) -> tuple[bytes, int]:
    """Lay out the HTML; return the PDF bytes (write_pdf ``options``) and the page count, a
    multiple of ``multiple``."""
    data, pages, _ = render_settled(html, base, roots, stages, multiple, options)
    return data, pages


Settle = Callable[[Document, str], str | None]  # a laid-out document and its HTML -> a new HTML
SETTLE_ROUNDS = 2  # layouts a settle may ask for after the first


def render_settled(html: str, base: Path, roots: Sequence[Path], stages: Stages,
                   multiple: int = 1, options: Mapping[str, object] | None = None,
                   settle: Settle | None = None) -> tuple[bytes, int, str]:
    """As render_pdf_bytes; when ``settle``, given the laid-out document, returns another
    HTML, that one is laid out and written instead (and settled once more: a second round
    finishes what the first one's estimate left). Returns the HTML written too."""
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
            for _ in range(SETTLE_ROUNDS):
                settled = settle(doc, html) if settle is not None else None
                if settled is None:
                    break
                html = settled
                doc = HTML(string=html, base_url=str(base) + "/", url_fetcher=fetcher).render()
            if multiple > 1:
                doc = padded(doc, multiple)
        with stages("pdf_write"):
            data = doc.write_pdf(**(options or {}))
    finally:
        gc.unfreeze()
        engine_log.removeHandler(capture)
    _raise_on_problems(capture.messages, fetcher.refused, data)
    return data, len(doc.pages), html


def lay_out(html: str, base: Path, roots: Sequence[Path]) -> Document:
    """Lay out the HTML without writing a PDF (a measure taken before an edition's own
    layout), through the same fetcher; RenderError when it refuses a resource."""
    fetcher = AssetFetcher((TEMPLATES, base, *roots))
    doc = HTML(string=html, base_url=str(base) + "/", url_fetcher=fetcher).render()
    _raise_on_problems([], fetcher.refused)
    return doc


PAD = "pad"  # the named page of edition-print.css's last, blank page


def padded(doc: Document, multiple: int) -> Document:
    """The document's pages before its last one (the blank pad page), then that page as many
    times as it takes to make a multiple of ``multiple`` pages."""
    *pages, pad = doc.pages
    if pad._page_box.page_type.name != PAD:  # WeasyPrint 70's page box, pinned
        raise RenderError("the print interior does not end with its pad page "
                          "(templates/edition-print.css, main::after)")
    return doc.copy([*pages, *[pad] * (-len(pages) % multiple)])


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
