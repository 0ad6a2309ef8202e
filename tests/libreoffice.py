"""Workbooks through LibreOffice Calc, headless, as a clerk's spreadsheet program would take
them: printed to PDF, or opened and saved again as xlsx; and the words of a PDF with their
boxes, to tell overlapping text.

``convert`` runs one soffice for all the files it is given (one start of the program costs
seconds, each file a fraction of one), with a fresh user profile, so no setting of the
machine's own LibreOffice applies. `make test` installs LibreOffice Calc (Debian's
libreoffice-calc) and the faces it draws the workbooks with (Carlito for Calibri, DejaVu
Sans for Arabic).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                  r"([^<]*)</word>")


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.fail("LibreOffice is missing: `make test` installs libreoffice-calc")
    return found


def convert(files: Sequence[Path], to: str, out: Path, profile: Path) -> dict[str, Path]:
    """Each of ``files`` converted by LibreOffice to ``to`` ("pdf", "xlsx") into ``out``, in
    one run; file name -> converted file. A file LibreOffice cannot open has no output."""
    out.mkdir(parents=True, exist_ok=True)
    cmd = [soffice(), f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
           "--norestore", "--convert-to", to, "--outdir", str(out), *map(str, files)]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    done = {f.name: out / f"{f.stem}.{to}" for f in files}
    missing = [name for name, path in done.items() if not path.exists()]
    assert not missing, f"LibreOffice did not convert {missing}: {run.stderr}"
    return done


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


def words(pdf: Path) -> list[list[Word]]:
    """The words of each page with their boxes (pdftotext -bbox)."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                         check=True).stdout.decode("utf-8")
    return [[Word(*map(float, m.groups()[:4]), m.group(5)) for m in WORD.finditer(page)]
            for page in out.split("<page ")[1:]]


def overlapping(page: list[Word], share: float = 0.5) -> list[tuple[Word, Word]]:
    """Pairs of words drawn over each other: their boxes cross across, and by more than
    ``share`` of the smaller one's height (two lines of a cell, or of two rows, on top of
    each other). The boxes of two lines in a row touch or cross a little: pdftotext draws
    them to the face's full height, Arabic and Latin faces of different heights."""
    ordered = sorted(page, key=lambda w: w.y0)
    pairs = []
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if b.y0 >= a.y1:
                break
            across = min(a.x1, b.x1) - max(a.x0, b.x0)
            down = min(a.y1, b.y1) - max(a.y0, b.y0)
            if across > 0.5 and down > share * min(a.y1 - a.y0, b.y1 - b.y0):
                pairs.append((a, b))
    return pairs
