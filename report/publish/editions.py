"""One edition in one language (its build context, the figures its audience sees, its charts
and the data annex) -> its finished PDF and the exact HTML laid out, written only once
complete:

    context -> render (HTML) -> pdf (WeasyPrint) -> finishing -> preflight (print edition)

A published final is never replaced silently: the build stops unless --force, which keeps
the old one beside it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from report import fonts
from report.atomic import atomic_write_bytes, atomic_write_files, atomic_write_text, sha256_file
from report.charts.model import Chart
from report.errors import BuildError
from report.figures.views import View
from report.language.build_context import BuildContext
from report.language.texts import load_texts
from report.manifest import Stages
from report.progress import Status
from report.publish.assets import assets
from report.publish.context import build_context
from report.publish.environment import environment
from report.publish.finishing import OutputIntent, embedded_files, finish, output_intent
from report.publish.pdf import RenderError, render_pdf_bytes
from report.publish.preflight import InkCoverage, ghostscript, ink_coverage
from report.publish.render import render_report
from report.publish.variants import Spec, day, pdf_name, pdf_options
from report.settings.recommendations import Recommendation

logger = logging.getLogger(__name__)


class PublishedError(BuildError):
    """The final edition exists with other content and --force was not given."""


def audience(spec: Spec) -> str:
    """Whose figures an edition shows: "draft" (members' drafts) or "public"."""
    return "draft" if spec.draft else "public"


@dataclass(frozen=True)
class Material:
    """What every edition of one build in one language is made from."""

    views: Mapping[str, View]  # "draft" | "public" -> its view
    charts: Mapping[str, tuple[Chart, ...]]  # "draft" | "public" -> its charts in this language
    annex: Mapping[str, bytes]  # file name -> bytes; empty unless the final edition is built
    recommendations: tuple[Recommendation, ...] | None  # None: no file for the year yet
    emblem: str | None = None  # the covers' emblem, copied into the edition's folder

    def view(self, spec: Spec) -> View:
        return self.views[audience(spec)]

    def charts_for(self, spec: Spec) -> tuple[Chart, ...]:
        return self.charts[audience(spec)]


@dataclass(frozen=True)
class Rendered:
    lang: str
    spec: Spec
    pdf: Path
    html: Path
    pages: int
    stages: Stages
    previous: Path | None  # the replaced final, kept alongside (--force)
    intent: OutputIntent | None = None
    ink: tuple[InkCoverage, ...] | None = None  # Ghostscript's preflight (print edition)
    suffix: str = ""  # the language's file suffix ("-fr")

    @property
    def key(self) -> str:
        """The edition's name in the manifest: final, print, draft; final-fr, ..."""
        return f"{self.spec.name}{self.suffix}"

    def record(self) -> dict[str, object]:
        out: dict[str, object] = {
            "file": self.pdf.name, "lang": self.lang, "variant": self.spec.variant or "pdf",
            "pages": self.pages,
            "seconds": {k: round(v, 3) for k, v in self.stages.seconds.items()},
            "previous": self.previous.name if self.previous else None}
        if self.spec.name == "print":
            out["output_intent"] = ({"condition": self.intent.condition,
                                     "info": self.intent.info or self.intent.condition,
                                     "fallback": self.intent.fallback}
                                    if self.intent else None)
            out["preflight"] = ({"renderer": "ghostscript", "ok": True,
                                 "ink_coverage": [i.record() for i in self.ink]}
                                if self.ink is not None else
                                {"renderer": "ghostscript", "ok": None,
                                 "note": "not run: Ghostscript is not installed"})
        return out


def render_edition(ctx: BuildContext, spec: Spec, m: Material, stages: Stages, status: Status,
                   force: bool = False) -> Rendered:
    """One edition in ``ctx``'s language: context -> HTML -> PDF -> finished PDF; written
    only once complete."""
    own = Stages(on_start=stages.on_start)
    with own("templates"):
        tctx = build_context(ctx.cat, m.view(spec).shown, ctx.year, m.charts_for(spec),
                             ctx.edition, ctx.lang.code, spec.draft,
                             assets(spec, ctx.edition, ctx.lang, m.emblem), m.recommendations)
        html = render_report(environment(ctx.fmt, ctx.folders.cache / "templates"), tctx)
    engine = f"{spec.name}{f' ({ctx.lang.code})' if ctx.lang.file_suffix else ''}"
    with status.engine(engine), source_date(day(spec, ctx.edition)):
        data, pages = render_pdf_bytes(html, ctx.folder, fonts.font_dirs(), own,
                                       **pdf_options(spec, ctx.edition, m.annex))
    intent = _output_intent(spec, ctx)
    with own("finish"):
        data = finish(data, ctx.lang.code, intent)
        if spec.annex and embedded_files(data) != m.annex:
            raise RenderError("the final PDF does not carry the data annex it was given")
    ink = None
    if spec.name == "print":
        with own("preflight"):
            ink = _preflight(data, ctx.folders.cache)
    pdf_path = ctx.folder / pdf_name(spec, ctx.edition, ctx.lang.code)
    previous = keep_previous(pdf_path, data, force) if spec.name == "final" else None
    if spec.annex:
        atomic_write_files(m.annex, ctx.folder)  # the files the final carries, beside it
    html_path = pdf_path.with_suffix(".html")  # the exact HTML the engine lays out
    atomic_write_text(html_path, html)
    atomic_write_bytes(pdf_path, data)
    for k, v in own.seconds.items():
        stages.seconds[k] = stages.seconds.get(k, 0.0) + v
    return Rendered(ctx.lang.code, spec, pdf_path, html_path, pages, own, previous, intent, ink,
                    ctx.lang.file_suffix)


def _output_intent(spec: Spec, ctx: BuildContext) -> OutputIntent | None:
    label = str(load_texts("phrases").value("print_fallback_condition"))
    intent = output_intent(spec, ctx.edition, label=label)
    if intent is not None and intent.fallback:
        logger.warning("no print_profile in edition.toml: the print edition's output intent is "
                       "Ghostscript's generic CMYK profile (default_cmyk.icc, Debian "
                       "libgs-common), labelled as such; ask the print shop for its CMYK "
                       "profile")
    elif spec.name == "print" and intent is None:
        logger.warning("no print_profile in edition.toml and no Ghostscript CMYK profile "
                       "(apt-get install libgs-common): the print edition has no output "
                       "intent; ask the print shop for its CMYK profile")
    return intent


def _preflight(data: bytes, scratch: Path) -> tuple[InkCoverage, ...] | None:
    """The print PDF through Ghostscript before it is written: a file Ghostscript cannot
    render fails the build. None (with a warning) when Ghostscript is not installed."""
    gs = ghostscript()
    if gs is None:
        logger.warning("Ghostscript is not installed (apt-get install ghostscript): the print "
                       "edition was not preflighted")
        return None
    scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=scratch, prefix=".preflight-", suffix=".pdf") as tmp:
        tmp.write(data)
        tmp.flush()
        return ink_coverage(Path(tmp.name), gs)


def keep_previous(target: Path, data: bytes, force: bool) -> Path | None:
    """Refuse to replace a published final silently; with ``force`` keep it alongside."""
    if not target.exists():
        return None
    old = sha256_file(target)
    if old == hashlib.sha256(data).hexdigest():
        return None
    kept = target.with_name(f"{target.stem}.previous-{old[:8]}{target.suffix}")
    if not force:
        raise PublishedError(f"{target} is published and the new build differs; rebuild with "
                             f"--force to replace it (the current one is then kept as {kept.name})")
    if not kept.exists():
        atomic_write_bytes(kept, target.read_bytes())
    return kept


@contextmanager
def source_date(d: dt.date) -> Iterator[None]:
    """SOURCE_DATE_EPOCH = ``d`` while the engine writes (the font subsets' time stamps come
    from it, not the clock), then the environment as it was."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(_epoch(d))
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def _epoch(d: dt.date) -> int:
    return int(dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC).timestamp())
