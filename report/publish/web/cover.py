"""The report's rendered HTML -> its cover as a PNG image for sharing sites (Open Graph):
the cover page the books print, laid out by WeasyPrint alone, drawn by Ghostscript, set in
the middle of a 1200 x 630 image in the covers' colour (the shape sharing sites show).

Sharing sites read a raster image, and the stack draws none of its own: WeasyPrint writes
PDF only, matplotlib would have to redraw the cover rather than show it. Ghostscript
already reads the print edition (report/publish/preflight.py) and renders a PDF page to
PNG, so the image is the cover itself, emblem and type included. Without Ghostscript the
site has no image (a warning says so); the other Open Graph tags stay. Pillow (pinned with
WeasyPrint) scales and frames it; the same cover gives the same bytes, cached by its HTML.
"""

from __future__ import annotations

import hashlib
import io
import logging
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from report import fonts
from report.atomic import atomic_write_bytes
from report.manifest import Stages
from report.publish.markup import element_at
from report.publish.pdf import render_pdf_bytes
from report.publish.preflight import ghostscript

log = logging.getLogger(__name__)

WIDTH, HEIGHT = 1200, 630  # what sharing sites show (1.91:1)
BACKGROUND = (0x1F, 0x4E, 0x79)  # the covers' colour (print.css @page cover)
DPI = 110  # the A4 page drawn at twice the height it is shown at, then scaled down


@dataclass(frozen=True)
class CoverImage:
    file: str  # in the site: assets/cover-<lang>.png
    data: bytes
    width: int
    height: int
    alt: str


def cover_html(report: str) -> str | None:
    """The report's HTML with the cover alone in its body; None when it has no cover."""
    cover = element_at(report, lambda e: e.name == "section" and "cover" in e.classes)
    body = element_at(report, lambda e: e.name == "body")
    if cover is None or body is None:
        return None
    open_end = report.index(">", body[0]) + 1
    return report[:open_end] + report[cover[0]:cover[1]] + "</body>\n</html>\n"


def cover_png(report: str, base: Path, cache: Path, stages: Stages) -> bytes | None:
    """The cover of ``report`` (rendered from ``base``, the edition's folder) as a PNG;
    None without Ghostscript."""
    html = cover_html(report)
    gs = ghostscript()
    if html is None or gs is None:
        if gs is None:
            log.warning("Ghostscript is not installed (apt-get install ghostscript): the web "
                        "edition has no cover image for sharing sites")
        return None
    key = hashlib.sha256((html + _gs_version(gs)).encode()).hexdigest()[:32]
    cached = cache / f"{key}.png"
    if cached.exists():
        return cached.read_bytes()
    pdf, _ = render_pdf_bytes(html, base, fonts.font_dirs(), stages)
    png = _framed(_page_png(pdf, gs, cache))
    atomic_write_bytes(cached, png)
    return png


def _gs_version(gs: str) -> str:
    done = subprocess.run([gs, "--version"], capture_output=True, text=True, timeout=60)
    return done.stdout.strip()


def _page_png(pdf: bytes, gs: str, scratch: Path) -> bytes:
    """Page 1 of ``pdf`` drawn by Ghostscript (anti-aliased text and graphics)."""
    scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=scratch, prefix=".cover-", suffix=".pdf") as tmp:
        tmp.write(pdf)
        tmp.flush()
        done = subprocess.run([gs, "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=png16m",
                               f"-r{DPI}", "-dTextAlphaBits=4", "-dGraphicsAlphaBits=4",
                               "-dFirstPage=1", "-dLastPage=1", "-sOutputFile=-", tmp.name],
                              capture_output=True, timeout=300)
    if done.returncode != 0 or not done.stdout.startswith(b"\x89PNG"):
        raise RuntimeError(f"Ghostscript could not draw the cover (exit {done.returncode}): "
                           + done.stderr.decode("utf-8", "replace")[:300])
    return done.stdout


def _framed(page: bytes) -> bytes:
    """The page scaled to the image's height, in the middle of it, the rest in the covers'
    colour; a PNG with no time stamp or other metadata."""
    from PIL import Image

    with Image.open(io.BytesIO(page)) as img:
        cover = img.convert("RGB")
    width = round(cover.width * HEIGHT / cover.height)
    cover = cover.resize((width, HEIGHT), Image.Resampling.LANCZOS)
    frame = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    frame.paste(cover, ((WIDTH - width) // 2, 0))
    out = io.BytesIO()
    frame.save(out, format="PNG", optimize=True)
    return out.getvalue()
