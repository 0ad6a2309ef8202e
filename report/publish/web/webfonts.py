"""The report's font faces (report/fonts.py) + the characters of the site's pages -> WOFF2
files cut down to those characters, and the @font-face rules that load them.

The site loads nothing from outside: its fonts are the books' own, from the same pinned
packages, so that a page reads as the book does. Each file is cut down to the characters
the pages use (with the features they need: Arabic joining and marks, ligatures, kerning,
tabular and superior figures) and compressed as WOFF2 (Brotli, pinned with fontTools):
tens of kilobytes instead of megabytes. A variable face (Source Serif 4) stays variable:
one file serves its weights. The same faces and characters give the same bytes (the fonts'
own time stamps are kept); the files are cached by what they are made from.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from report import fonts
from report.atomic import atomic_write_bytes


@dataclass(frozen=True)
class WebFont:
    family: str
    weights: tuple[int, ...]  # the weights it serves (several for a variable face)
    file: str  # its name in the site's assets/fonts/
    data: bytes
    unicode_range: str | None  # CSS unicode-range, as the books declare it


def web_fonts(text: str, cache: Path) -> tuple[WebFont, ...]:
    """Every face of the books that draws some character of ``text``, cut down to those."""
    wanted = {ord(c) for c in text} | set(range(0x20, 0x7F))
    out = []
    for path, faces in _by_file(fonts.faces()).items():
        drawn = frozenset().union(*(fonts.face_coverage(f) for f in faces))
        chars = sorted(wanted & drawn)
        if not chars:
            continue
        face = faces[0]
        weights = tuple(sorted({f.weight for f in faces}))
        name = f"{_slug(face.family)}-{'-'.join(map(str, weights))}.woff2"
        out.append(WebFont(face.family, weights, name, _subset(path, chars, cache),
                           face.css_range))
    return tuple(out)


def _by_file(faces: Iterable[fonts.FontFace]) -> dict[Path, list[fonts.FontFace]]:
    """The faces by the file they come from (a variable font serves several weights)."""
    found: dict[Path, list[fonts.FontFace]] = {}
    for f in faces:
        found.setdefault(f.path, []).append(f)
    return found


def _slug(family: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", family.lower()).strip("-")


def _subset(path: Path, chars: list[int], cache: Path) -> bytes:
    """``path`` cut down to ``chars`` as WOFF2, from the cache when it holds it."""
    key = hashlib.sha256(repr((str(path), path.stat().st_size, chars,
                               version("fonttools"), version("brotli"))).encode()).hexdigest()
    cached = cache / f"{key[:32]}.woff2"
    if cached.exists():
        return cached.read_bytes()
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    # the shaping features fontTools keeps by default (Arabic joining and marks, ligatures,
    # kerning), and the figures the stylesheet asks for: tabular, superior ("1er")
    options.layout_features += ["tnum", "lnum", "pnum", "sups"]
    options.flavor = "woff2"
    options.hinting = False
    options.notdef_outline = True
    options.name_IDs = ["*"]
    font = TTFont(path, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=chars)
    subsetter.subset(font)
    buf = io.BytesIO()
    subset.save_font(font, buf, options)
    atomic_write_bytes(cached, buf.getvalue())
    return buf.getvalue()


def font_faces_css(faces: Iterable[WebFont], folder: str = "fonts") -> str:
    """The @font-face rules of ``faces``, their files under ``folder`` (relative to the
    stylesheet)."""
    rules = []
    for f in faces:
        weight = " ".join(dict.fromkeys((str(f.weights[0]), str(f.weights[-1]))))
        rng = f" unicode-range: {f.unicode_range};" if f.unicode_range else ""
        rules.append(f'@font-face {{ font-family: "{f.family}"; font-weight: {weight}; '
                     f'font-display: swap; src: url("{folder}/{f.file}") format("woff2");'
                     f"{rng} }}")
    return "\n".join(rules) + "\n"
