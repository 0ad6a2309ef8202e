"""The print edition's PDF -> Ghostscript's preflight: it renders, and its ink coverage.

Ghostscript reads the PDF as a print shop's RIP would (a second interpreter, not the one
that wrote it): a file it cannot render fails here, before it reaches the printer. Its
``inkcov`` device gives, per page, the share of the page area that each colorant (cyan,
magenta, yellow, black) covers, 0 to 100 %; ``total`` is their sum. The build writes these
figures to the manifest, page by page, for the print shop.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from report.errors import BuildError

INKCOV_LINE = re.compile(r"^\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+CMYK OK\s*$")
RESOLUTION = 72  # dpi: enough for area shares, and a 40-page book takes a few seconds


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
