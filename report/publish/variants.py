"""--edition draft|final|print|all -> the PDF variants to render, each with its file name,
date, stylesheet and WeasyPrint options.

- draft: plain PDF, watermark and "draft N of <date>" footer (templates/edition-draft.css);
- final: PDF/A-3a (tagged) with the data annex embedded as associated files;
- print: PDF/X-4 with 3 mm bleed, crop marks, mirrored margins (templates/edition-print.css).

What WeasyPrint does not do is finished afterwards by report/publish/finishing.py.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from weasyprint import Attachment

from report.language.texts import load_texts
from report.paths import TEMPLATES
from report.settings.edition import Edition
from report.settings.languages import language


@dataclass(frozen=True)
class Spec:
    name: str
    variant: str | None  # WeasyPrint pdf_variant
    stylesheet: str | None  # under templates/
    draft: bool
    annex: bool  # the data annex is embedded


SPECS = {
    "draft": Spec("draft", None, "edition-draft.css", draft=True, annex=False),
    "final": Spec("final", "pdf/a-3a", None, draft=False, annex=True),
    "print": Spec("print", "pdf/x-4", "edition-print.css", draft=False, annex=False),
}


def chosen(edition: str) -> list[Spec]:
    """``--edition`` -> the editions to build, in order.

    ``all`` builds the final first: if a published final would change without --force,
    the build stops before it has written anything.
    """
    if edition == "all":
        return [SPECS[n] for n in ("final", "print", "draft")]
    return [SPECS[edition]] if edition in SPECS else []  # web, web-draft: no PDF


def pdf_name(spec: Spec, edition: Edition, lang: str = "ar") -> str:
    """report-2025.pdf, report-2025-print.pdf, report-2025-draft2.pdf for the Arabic report;
    report-2025-fr.pdf, report-2025-fr-print.pdf, ... for the French one."""
    suffix = {"draft": f"-draft{edition.draft}", "final": "", "print": "-print"}[spec.name]
    return f"report-{edition.year}{language(lang).file_suffix}{suffix}.pdf"


def day(spec: Spec, edition: Edition) -> dt.date:
    """The date an edition carries (metadata, SOURCE_DATE_EPOCH, attachment dates)."""
    return edition.draft_date if spec.draft else edition.publication_date


def stylesheet_uri(spec: Spec) -> str | None:
    return (TEMPLATES / spec.stylesheet).as_uri() if spec.stylesheet else None


def pdf_options(spec: Spec, edition: Edition, annex: Mapping[str, bytes]) -> dict[str, object]:
    """write_pdf options of an edition."""
    options: dict[str, object] = {}
    if spec.variant:
        options["pdf_variant"] = spec.variant
    if spec.annex:
        options["attachments"] = attachments(annex, day(spec, edition))
    return options


def description(name: str) -> str:
    """An attached file's description, Arabic / French (templates/text/phrases.toml)."""
    label = load_texts("phrases").labels.get(f"attachment.{Path(name).suffix.lstrip('.')}")
    return f"{label.ar} / {label.fr}" if label else name


def attachments(files: Mapping[str, bytes], date: dt.date) -> list[Attachment]:
    """The annex as PDF/A-3 associated files, dated with the edition date (not the mtime)."""
    stamp = dt.datetime(date.year, date.month, date.day)
    return [Attachment(file_obj=io.BytesIO(data), name=name, created=stamp, modified=stamp,
                       description=description(name),
                       relationship="Data" if not name.endswith(".json") else "Supplement")
            for name, data in files.items()]


