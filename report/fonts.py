"""Font packages from PyPI -> the font files the report and the charts use.

No system font is used: the fonts come from pinned fontpkg-* packages, so a fresh machine
renders the same report.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import fontpkg

BODY = "Tajawal"
TITLE = "Amiri"


@dataclass(frozen=True)
class FontFace:
    family: str
    weight: int
    path: Path


@cache
def faces() -> tuple[FontFace, ...]:
    """Every face the stylesheet declares (@font-face) and the charts register."""
    wanted = ((BODY, 400), (BODY, 500), (BODY, 700), (TITLE, 400), (TITLE, 700))
    return tuple(FontFace(fam, w, Path(fontpkg.path(fam, w))) for fam, w in wanted)


def font_dirs() -> tuple[Path, ...]:
    return tuple(sorted({f.path.parent for f in faces()}))
