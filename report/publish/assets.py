"""An edition (its kind, language and settings) -> what its HTML links: the font faces, the
stylesheets in their order, the document's date and the covers' emblem, copied beside the
editions (the engine reads only the project's own folders).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from report import fonts
from report.atomic import atomic_write_bytes
from report.paths import TEMPLATES
from report.publish.context import Assets, FontFace
from report.publish.variants import Spec, day, stylesheet_uri
from report.settings.edition import Edition
from report.settings.languages import Language


def font_faces() -> tuple[FontFace, ...]:
    return tuple(FontFace(f.family, f.weight, f.path.as_uri(), f.css_range)
                 for f in fonts.faces())


def assets(spec: Spec, edition: Edition, lang: Language, emblem: str | None = None) -> Assets:
    """What one edition's HTML links: fonts, stylesheets (the language's own after
    print.css, Arabic-Indic digits where the edition asks for them), the covers' emblem."""
    arab = edition.digits == "arab" and "arab" in lang.digits
    digits = (TEMPLATES / "digits-arab.css").as_uri() if arab else None
    own = (TEMPLATES / lang.stylesheet).as_uri() if lang.stylesheet else None
    return Assets(font_faces(), (TEMPLATES / "print.css").as_uri(),
                  created(day(spec, edition)), stylesheet_uri(spec), digits, emblem,
                  lang_stylesheet=own)


def created(d: dt.date) -> str:
    return d.isoformat() + "T00:00:00Z"


def copy_emblem(edition: Edition, folder: Path) -> str | None:
    """The emblem edition.toml names, copied beside the editions (the renderer reads only
    the project's own folders); its name there."""
    if edition.emblem is None:
        return None
    name = "emblem" + edition.emblem.suffix.lower()
    data = edition.emblem.read_bytes()
    target = folder / name
    if not target.exists() or target.read_bytes() != data:
        atomic_write_bytes(target, data)
    return name
