"""Report HTML -> PDF bytes, with WeasyPrint, reading only the project's own files.

A URL fetcher refuses every URL that is not a file inside the allowed folders (the
templates, this build's output folder and the font packages): member text can never make
the renderer read or attach another file. A glyph missing from the fonts fails the build.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlparse

from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetchingError

from report.atomic import atomic_write_bytes
from report.manifest import Stages
from report.paths import TEMPLATES


class RenderError(Exception):
    """The PDF could not be rendered as it must be (missing glyph, refused resource)."""


class AssetFetcher(URLFetcher):
    """Serve file:// URLs under the allowed roots; refuse everything else."""

    def __init__(self, roots: Sequence[Path]) -> None:
        super().__init__(allowed_protocols=("file",))
        self.roots = tuple(r.resolve() for r in roots)
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None):
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
               **options) -> int:
    """Lay out the HTML, write the PDF atomically to ``target``; return the page count."""
    fetcher = AssetFetcher((TEMPLATES, base, *roots))
    capture = _Capture()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(capture)
    try:
        with stages("layout"):
            doc = HTML(string=html, base_url=str(base) + "/", url_fetcher=fetcher).render()
        with stages("pdf_write"):
            data = doc.write_pdf(**options)
    finally:
        logger.removeHandler(capture)
    _raise_on_problems(capture.messages, fetcher.refused)
    atomic_write_bytes(target, data)
    return len(doc.pages)


def _raise_on_problems(messages: list[str], refused: list[str]) -> None:
    glyphs = [m for m in messages if "glyph" in m.lower() or ".notdef" in m.lower()]
    if glyphs:
        raise RenderError("missing glyph: " + "; ".join(glyphs[:5]))
    own = [u for u in refused if not u.startswith("data:")]
    if own:
        raise RenderError("resources refused by the fetcher: " + ", ".join(own[:5]))


def stylesheet(path: Path) -> CSS:
    return CSS(filename=str(path))
