"""A review document's variables -> HTML (templates/<lang>/review/<name>.html.j2) -> PDF.

The review packs and the change report are small documents set like the report itself:
the same Jinja environment and filters (report/publish/render.py,
report/language/formatting.py), the same fonts and print.css, plus templates/review.css; laid
out by report/publish/pdf.py (its fetcher serves only the project's files) and finished by
report/publish/finishing.py. Their date is the
draft's (SOURCE_DATE_EPOCH), never the clock, so the same draft gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment

from report import fonts
from report.manifest import Stages
from report.paths import TEMPLATES
from report.publish.context import Assets, FontFace
from report.publish.finishing import finish
from report.publish.html import isolate_ranges
from report.publish.pdf import render_pdf_bytes


@dataclass(frozen=True)
class Document:
    pdf: bytes
    pages: int


def review_assets(day: dt.date, digits: str) -> Assets:
    """What a review document's HTML head links: the report's fonts and stylesheets."""
    faces = tuple(FontFace(f.family, f.weight, f.path.as_uri()) for f in fonts.faces())
    digit_css = (TEMPLATES / "digits-arab.css").as_uri() if digits == "arab" else None
    return Assets(faces, (TEMPLATES / "print.css").as_uri(), f"{day.isoformat()}T00:00:00Z",
                  (TEMPLATES / "review.css").as_uri(), digit_css)


def render_html(env: Environment, name: str, variables: Mapping[str, object]) -> str:
    """templates/<lang>/review/<name>.html.j2 with ``variables``; number ranges isolated."""
    return isolate_ranges(env.get_template(f"review/{name}.html.j2").render(variables))


def epoch(day: dt.date) -> int:
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


def render_document(html: str, folder: Path, day: dt.date, lang: str,
                    stages: Stages | None = None) -> Document:
    """The HTML laid out and finished; ``folder`` is where relative URLs point (charts)."""
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch(day))
    data, pages = render_pdf_bytes(html, folder, fonts.font_dirs(), stages or Stages())
    return Document(finish(data, lang), pages)
