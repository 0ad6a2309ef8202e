"""The print edition's finished files (the interior, the cover sheet) -> their preflight and
what the manifest tells the press: which file goes where, the sheet's geometry, each file's
colours, ink coverage and ink peaks.

A file is refused (PreflightError) when any colour is left outside CMYK, when a colour asks
for more total ink than the limit, when Ghostscript cannot render it, or when a pixel of
Ghostscript's CMYK raster carries more ink than the limit. Without Ghostscript the colour
check still runs; the rendering is skipped with a warning.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path

from report.publish.cover import CoverSheet
from report.publish.finishing import OutputIntent
from report.publish.inks import DEFAULT_LIMIT, profile_limit
from report.publish.preflight import (
    Colours,
    InkCoverage,
    PreflightError,
    colours,
    ghostscript,
    ink_coverage,
    ink_peaks,
)
from report.settings.edition import Edition

logger = logging.getLogger(__name__)
PEAK_TOLERANCE = 1.0  # % of ink: the raster's rounding of each colorant to 1/255

PLACES = {"interior": "the book's pages, printed on the text paper and bound",
          "cover": "the cover, printed on cover board on its outside only (inside blank), "
                   "folded round the interior at the spine"}


def ink_limit(edition: Edition, intent: OutputIntent | None) -> float:
    """The total ink (%) no colour may exceed: the shop's (edition.toml), else its
    profile's own (the total of its darkest colour), else 300 %."""
    if edition.print_ink_limit is not None:
        return edition.print_ink_limit
    if intent is not None and not intent.fallback:
        return min(profile_limit(intent.profile), 400.0)
    return DEFAULT_LIMIT


@dataclass(frozen=True)
class PrintFile:
    """One file of the print edition, written, and its preflight."""

    part: str  # "interior" | "cover"
    path: Path
    pages: int
    colours: Colours
    ink: tuple[InkCoverage, ...] | None  # Ghostscript's inkcov (None: not installed)
    peaks: tuple[float, ...] | None  # each page's highest total ink in Ghostscript's raster
    sheet: CoverSheet | None = None  # the cover's geometry

    def record(self, limit: float) -> dict[str, object]:
        out: dict[str, object] = {"file": self.path.name, "pages": self.pages,
                                  "place": PLACES[self.part]}
        if self.sheet is not None:
            out["sheet"] = self.sheet.record()
        out["colours"] = self.colours.record(limit)
        if self.ink is not None and self.peaks is not None:
            out["ink_coverage"] = [
                {**i.record(), "peak": peak} for i, peak in zip(self.ink, self.peaks, strict=True)]
        return out


def preflight(part: str, path: Path, data: bytes, pages: int, scratch: Path, limit: float,
              sheet: CoverSheet | None = None) -> PrintFile:
    """A print file's bytes, before they are written to ``path`` -> its preflight, or
    PreflightError (see the module docstring)."""
    found = colours(data)
    if not found.ok:
        raise PreflightError(f"{path.name}: colours left outside CMYK: {found.outside_cmyk}")
    if found.max_ink > limit + PEAK_TOLERANCE:
        raise PreflightError(f"{path.name}: a colour takes {found.max_ink} % of ink, over the "
                             f"limit of {limit} %")
    gs = ghostscript()
    if gs is None:
        logger.warning("Ghostscript is not installed (apt-get install ghostscript): %s was not "
                       "rendered by the preflight (its colours were checked)", path.name)
        return PrintFile(part, path, pages, found, None, None, sheet)
    scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=scratch, prefix=".preflight-", suffix=".pdf") as tmp:
        tmp.write(data)
        tmp.flush()
        ink, peaks = ink_coverage(Path(tmp.name), gs), ink_peaks(Path(tmp.name), gs)
    over = [(page, peak) for page, peak in enumerate(peaks, 1) if peak > limit + PEAK_TOLERANCE]
    if over:
        raise PreflightError(f"{path.name}: total ink over {limit} % on pages "
                             + ", ".join(f"{page} ({peak} %)" for page, peak in over))
    return PrintFile(part, path, pages, found, ink, peaks, sheet)


def press_record(files: tuple[PrintFile, ...], limit: float) -> dict[str, object]:
    """The manifest's word to the press: each file's part, place, pages and preflight."""
    rendered = all(f.ink is not None for f in files)
    return {"files": {f.part: f.record(limit) for f in files}, "ink_limit": limit,
            "preflight": {"renderer": "ghostscript", "ok": True if rendered else None,
                          **({} if rendered else
                             {"note": "not rendered: Ghostscript is not installed; "
                                      "colours checked"})}}
