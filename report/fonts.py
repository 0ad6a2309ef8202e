"""Font packages from PyPI -> the font files the report and the charts use, and the set of
characters they can draw.

No system font is used: the fonts come from pinned PyPI packages, so a fresh machine
renders the same report. Tajawal (body, tables, charts) and Amiri (titles) come from
fontpkg packages. Tifinagh, the script of Tamazight (an official language of Morocco),
comes from DejaVu Sans as matplotlib ships it (no fontpkg package carries a Tifinagh font):
declared for the Tifinagh block only (``unicode_range``), so that it draws Tifinagh and
nothing else (DejaVu also has emoji, which the report refuses).

``coverage()`` is computed from the font files themselves (their cmap tables, within each
face's range), so ``check`` refuses exactly the characters the build could not draw.

The French edition is set in Source Serif 4 (body, titles, tables and charts): a text face
made for long reading, with the narrow no-break space (U+202F) French typography puts
before ; : ! ? % and inside guillemets, tabular and superior figures; Tajawal lacks U+202F.
Arabic quoted inside French lines falls back to Amiri, the Naskh that sits with a serif.
The package ships a variable font (weight and optical size axes): WeasyPrint writes a
static instance per weight used into the PDF; matplotlib draws its default instance.
Each edition draws with its own stack (``STACKS``); ``coverage()`` is what every edition
can draw.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import fontpkg

BODY = "Tajawal"
TITLE = "Amiri"
TIFINAGH = "CNCLT Tifinagh"  # the CSS name of the Tifinagh face (DejaVu Sans inside)
TIFINAGH_BLOCK = ((0x2D30, 0x2D7F),)
# Characters that need no glyph: tab and line breaks, and Unicode's default-ignorable code
# points (HarfBuzz draws them as nothing). Bidi controls among them are refused by the
# control-character rule, not here.
IGNORABLE = ((0x09, 0x0A), (0x0D, 0x0D), (0xAD, 0xAD), (0x34F, 0x34F), (0x61C, 0x61C),
             (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F),
             (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F),
             (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
             (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF))
LATIN = "Source Serif 4"  # the French edition's face
# the families each edition's text is drawn with, in order (print.css, lang-fr.css)
STACKS = {"ar": (BODY, TITLE, TIFINAGH), "fr": (LATIN, TITLE, TIFINAGH)}


@dataclass(frozen=True)
class FontFace:
    family: str
    weight: int
    path: Path
    unicode_range: tuple[tuple[int, int], ...] = ()  # empty: every character of the font

    def in_range(self, code: int) -> bool:
        return not self.unicode_range or any(a <= code <= b for a, b in self.unicode_range)

    @property
    def css_range(self) -> str | None:
        """The @font-face ``unicode-range`` value, or None for the whole font."""
        if not self.unicode_range:
            return None
        return ", ".join(f"U+{a:04X}-{b:04X}" for a, b in self.unicode_range)


def _dejavu(weight: int) -> Path:
    """DejaVu Sans in the matplotlib package (pinned in requirements.lock), found without
    importing matplotlib (a second of start-up that check does not need)."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("matplotlib is not installed: it ships the Tifinagh font")
    name = "DejaVuSans-Bold.ttf" if weight >= 600 else "DejaVuSans.ttf"
    return Path(spec.submodule_search_locations[0]) / "mpl-data" / "fonts" / "ttf" / name


@cache
def faces() -> tuple[FontFace, ...]:
    """Every face the stylesheet declares (@font-face) and the charts register."""
    wanted = ((BODY, 400), (BODY, 500), (BODY, 700), (TITLE, 400), (TITLE, 700),
              (LATIN, 400), (LATIN, 600), (LATIN, 700))
    own = tuple(FontFace(fam, w, Path(fontpkg.path(fam, w))) for fam, w in wanted)
    return own + tuple(FontFace(TIFINAGH, w, _dejavu(w), TIFINAGH_BLOCK) for w in (400, 700))


def chart_families(body: str = BODY) -> list[str]:
    """The families matplotlib draws an edition's chart text with, its language's body face
    first (the font files' own family names: matplotlib has no unicode-range)."""
    return [body, TITLE, "DejaVu Sans"]


def chart_face(body: str, weight: int) -> Path:
    """The file of the body face an edition's charts draw with, at ``weight``."""
    return next(f.path for f in faces() if f.family == body and f.weight == weight)


@cache
def is_variable(path: Path) -> bool:
    """Whether the font has variation axes (fvar): matplotlib draws its default instance
    only, whatever weight it is asked for."""
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True)
    try:
        return "fvar" in font
    finally:
        font.close()


def static_instance(path: Path, weight: int, text: str, out: Path) -> Path | None:
    """A static instance of the variable font ``path`` at ``weight`` (its default optical
    size), cut down to the characters of ``text``, written to ``out`` under a name of its
    own (its file's stem); None when the font lacks one of them (the caller draws the text
    at the default weight then). WeasyPrint does the same for each weight the PDF uses; cut
    down, it takes a fraction of a second (the whole font: seconds). The name matters:
    matplotlib's SVG writer shares a glyph's path between texts by font name and glyph
    number, and a cut-down font numbers its glyphs anew."""
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    chars = {ord(c) for c in text if not c.isspace()}
    if not chars <= _cmap(path):
        return None
    options = subset.Options()
    options.layout_features = ["kern", "liga"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = TTFont(path)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(chars | {0x20}))
    subsetter.subset(font)
    font = instancer.instantiateVariableFont(font, {"wght": weight}, static=True)
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 3, 4, 6, 16, 17, 21, 22, 25):
            names.removeNames(nameID=record.nameID)
    names.setName(out.stem, 1, 3, 1, 0x409)
    names.setName(out.stem, 4, 3, 1, 0x409)
    names.setName(out.stem, 6, 3, 1, 0x409)
    font.save(str(out))
    return out


def font_dirs() -> tuple[Path, ...]:
    return tuple(sorted({f.path.parent for f in faces()}))


@cache
def _cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont  # fontTools comes with WeasyPrint

    font = TTFont(path, lazy=True)
    try:
        return frozenset(font.getBestCmap() or {})
    finally:
        font.close()


def face_coverage(face: FontFace) -> frozenset[int]:
    """The code points ``face`` draws (its cmap, within its range)."""
    return frozenset(c for c in _cmap(face.path) if face.in_range(c))


@cache
def coverage() -> frozenset[int]:
    """Every code point each edition draws: within an edition, the union of its stack's
    faces (weights of one family differ, Amiri bold lacks a few signs its regular has, and
    the text engine falls back to another face of the stack before any other font); over
    the editions, what they all draw, so that a text accepted prints in Arabic and in
    French."""
    def stack(families: tuple[str, ...]) -> frozenset[int]:
        return frozenset().union(*(face_coverage(f) for f in faces() if f.family in families))

    return frozenset.intersection(*(stack(families) for families in STACKS.values()))


def _ignorable(code: int) -> bool:
    return any(a <= code <= b for a, b in IGNORABLE)


def undrawable(text: str) -> list[str]:
    """The characters of ``text`` the report's fonts cannot draw, each once, in order."""
    cov = coverage()
    return [c for c in dict.fromkeys(text) if ord(c) not in cov and not _ignorable(ord(c))]


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def face_named(pdf_name: str) -> FontFace | None:
    """The face a font name found in a PDF stands for (WeasyPrint names an embedded font
    by its CSS family: "CNCLT-Tifinagh-Bold"; a system fallback keeps its own name)."""
    key = _key(pdf_name)
    return next((f for f in faces() if key.startswith(_key(f.family))), None)


@cache
def digest() -> str:
    """What the faces are (paths, sizes, ranges): a cache key part for what depends on them."""
    h = hashlib.sha256()
    for f in faces():
        h.update(f"{f.family}|{f.weight}|{f.path}|{f.path.stat().st_size}|{f.unicode_range}"
                 .encode())
    return h.hexdigest()
