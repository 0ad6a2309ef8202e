"""The print edition's PDFs (interior, cover) -> their preflight: their colours, and
Ghostscript's rendering with its ink coverage and peaks.

- ``colours``: every content stream, form, pattern, shading and image read with pikepdf: any
  colour left in RGB or gray (an operator, a colour space, a shading, an image, a
  transparency group's blending space) is counted, and the highest total ink any painted
  colour asks for (C+M+Y+K, %).
- Ghostscript reads the PDF as a print shop's RIP would (a second interpreter, not the one
  that wrote it): a file it cannot render fails here, before it reaches the printer. Its
  ``inkcov`` device gives, per page, the share of the page area that each colorant (cyan,
  magenta, yellow, black) covers, 0 to 100 %; ``total`` is their sum. Its CMYK raster
  (``tiff32nc``) gives each page's ink peak: the highest C+M+Y+K of any pixel, which must
  stay under the limit. The build writes these figures to the manifest, page by page, for
  the print shop.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy
import pikepdf
from PIL import Image

from report.errors import BuildError
from report.publish.inks import (
    CMYK,
    GRAY,
    RGB,
    Stream,
    groups,
    images,
    shadings,
    space_kind,
    streams,
)

INKCOV_LINE = re.compile(r"^\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+CMYK OK\s*$")
RESOLUTION = 72  # dpi: enough for area shares, and a 40-page book takes a few seconds
PEAK_RESOLUTION = 50  # dpi of the raster read for ink peaks (no anti-aliasing: true inks)


class PreflightError(BuildError):
    """Ghostscript could not render the print edition."""


@dataclass(frozen=True)
class InkCoverage:
    page: int
    c: float  # % of the page area
    m: float
    y: float
    k: float

    @property
    def total(self) -> float:
        return self.c + self.m + self.y + self.k

    def record(self) -> dict[str, float | int]:
        return {"page": self.page, "c": round(self.c, 2), "m": round(self.m, 2),
                "y": round(self.y, 2), "k": round(self.k, 2), "total": round(self.total, 2)}


def ghostscript() -> str | None:
    """The Ghostscript command, or None when it is not installed (Debian: ghostscript)."""
    return shutil.which("gs")


def ink_coverage(pdf: Path, gs: str = "gs") -> tuple[InkCoverage, ...]:
    """Render ``pdf`` with Ghostscript's inkcov device; PreflightError if it cannot."""
    cmd = [gs, "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", f"-r{RESOLUTION}", "-sDEVICE=inkcov",
           "-o", "-", str(pdf)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    errors = [line for line in (done.stdout + done.stderr).splitlines()
              if line.strip() and not INKCOV_LINE.match(line)]
    if done.returncode != 0 or errors:
        raise PreflightError(f"{pdf.name}: Ghostscript could not render it cleanly "
                             f"(exit {done.returncode}): " + " | ".join(errors[:5]))
    pages = [INKCOV_LINE.match(line) for line in done.stdout.splitlines()]
    found = tuple(InkCoverage(i, *(100 * float(g) for g in m.groups()))
                  for i, m in enumerate((m for m in pages if m), start=1))
    if not found:
        raise PreflightError(f"{pdf.name}: Ghostscript rendered no page")
    return found


def ink_peaks(pdf: Path, gs: str = "gs") -> tuple[float, ...]:
    """Each page's highest total ink (C+M+Y+K of any pixel, %) in Ghostscript's CMYK raster
    of ``pdf``; PreflightError if it cannot render it."""
    with tempfile.TemporaryDirectory(dir=pdf.parent, prefix=".peaks-") as tmp:
        cmd = [gs, "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", f"-r{PEAK_RESOLUTION}",
               "-sDEVICE=tiff32nc", "-o", f"{tmp}/p-%04d.tif", str(pdf)]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        if done.returncode != 0 or done.stderr.strip():
            raise PreflightError(f"{pdf.name}: Ghostscript could not render it to CMYK "
                                 f"(exit {done.returncode}): {done.stderr.strip()[:300]}")
        return tuple(_peak(png) for png in sorted(Path(tmp).glob("p-*.tif")))


def _peak(tif: Path) -> float:
    with Image.open(tif) as image:
        inks = numpy.asarray(image, dtype=numpy.uint16)  # height x width x (C, M, Y, K)
    return round(float(inks.sum(axis=2).max()) / 2.55, 1)


@dataclass(frozen=True)
class Colours:
    """What the print PDF paints in: colours left outside CMYK, by kind ("rg" operators,
    "image", "shading", "group", "space" set by cs/CS), and the highest total ink a painted
    colour asks for (%)."""

    outside_cmyk: dict[str, int]
    max_ink: float

    @property
    def ok(self) -> bool:
        return not self.outside_cmyk

    def record(self, limit: float) -> dict[str, object]:
        return {"outside_cmyk": dict(sorted(self.outside_cmyk.items())),
                "max_ink": self.max_ink, "ink_limit": limit}


DEVICE_OPS = ("rg", "RG", "g", "G")  # colours in DeviceRGB and DeviceGray by their operator
SPACE_OPS = ("cs", "CS")
CMYK_OPS = ("k", "K", "sc", "scn", "SC", "SCN")


def colours(data: bytes) -> Colours:
    """Every colour a PDF paints (see the module docstring), read with pikepdf."""
    found: Counter[str] = Counter()
    peak = 0.0
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for stream in streams(pdf):
            peak = max(peak, _stream_colours(stream, found))
        for shading in shadings(pdf):
            if space_kind(shading.get("/ColorSpace"), None) != CMYK:
                found["shading"] += 1
        for image in images(pdf):
            if not image.get("/ImageMask", False) and space_kind(
                    image.get("/ColorSpace", pikepdf.Name.DeviceGray), None) != CMYK:
                found["image"] += 1
        for group in groups(pdf):
            if space_kind(group.get("/CS", pikepdf.Name.DeviceCMYK), None) in (RGB, GRAY):
                found["group"] += 1
    return Colours(dict(found), round(peak, 1))


def _stream_colours(stream: Stream, found: Counter[str]) -> float:
    """One content stream: its colours outside CMYK counted into ``found``; the highest
    total ink (%) of its four-component colours."""
    peak = 0.0
    for item in pikepdf.parse_content_stream(stream.owner):
        if isinstance(item, pikepdf.ContentStreamInlineImage):
            found["inline image"] += 1
            continue
        op = str(item.operator)
        outside = op in DEVICE_OPS or op in SPACE_OPS and space_kind(
            item.operands[0], stream.resources) in (RGB, GRAY)
        if outside:
            found[op] += 1
        elif op in CMYK_OPS and len(item.operands) == 4:
            peak = max(peak, 100 * sum(float(v) for v in item.operands))
    return peak
