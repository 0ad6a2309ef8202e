"""One edition in one language (its build context, the figures its audience sees, its charts
and the data annex) -> its finished PDF and the exact HTML laid out, written only once
complete (a final's files, with the data annex it carries, are handed back instead: they
take their place with the database's record of the final, report/database/act.py):

    context -> render (HTML) -> balance (display text) -> pdf (WeasyPrint; laid out again
            when a chapter would end on a fragment) -> finishing -> preflight (print)

The print edition is two files: the interior (its page count a multiple of 4) and the cover
sheet, whose spine follows the interior's page count (report/publish/cover.py); both are
painted in CMYK and preflighted (report/publish/press.py).

A published final is never replaced silently: the build stops unless --force, which keeps
the old one beside it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from report import fonts
from report.atomic import atomic_write_bytes, sha256_file
from report.charts.model import Chart
from report.errors import BuildError
from report.figures.views import View
from report.language.build_context import BuildContext
from report.language.texts import load_texts
from report.manifest import Stages
from report.progress import Status
from report.publish.assets import assets
from report.publish.balance import balance
from report.publish.chapter_ends import settle
from report.publish.context import build_context
from report.publish.cover import DEFAULT_PAPER_MM, CoverSheet, cover_html
from report.publish.environment import environment
from report.publish.finishing import OutputIntent, embedded_files, finish, output_intent
from report.publish.inks import Inks
from report.publish.pdf import RenderError, render_pdf_bytes, render_settled
from report.publish.press import PrintFile, ink_limit, preflight, press_record
from report.publish.render import render_report
from report.publish.variants import Spec, cover_name, day, pdf_name, pdf_options
from report.settings.edition import Edition
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
    suffix: str = ""  # the language's file suffix ("-fr")
    press: tuple[PrintFile, ...] = ()  # the print edition's interior and cover sheet
    ink_limit: float | None = None  # the print edition's limit of total ink (%)
    # a final's files, not written yet: they take their place as one act with the
    # database's record of the final (report/database/act.py); empty for the others
    files: Mapping[Path, bytes] = field(default_factory=dict)

    @property
    def cover(self) -> Path | None:
        """The print edition's cover sheet."""
        return next((f.path for f in self.press if f.part == "cover"), None)

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
            out.update(press_record(self.press, self.ink_limit or 0.0))
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
    with own("balance"):
        html = balance(html, ctx.folder, fonts.font_dirs())
    engine = f"{spec.name}{f' ({ctx.lang.code})' if ctx.lang.file_suffix else ''}"
    with status.engine(engine), source_date(day(spec, ctx.edition)):
        data, pages, html = render_settled(html, ctx.folder, fonts.font_dirs(), own,
                                           spec.page_multiple,
                                           pdf_options(spec, ctx.edition, m.annex), settle)
    intent = _output_intent(spec, ctx)
    limit = ink_limit(ctx.edition, intent) if spec.cover_sheet else None
    inks = Inks(intent.profile if intent else None, limit) if limit is not None else None
    with own("finish"):
        data = finish(data, ctx.lang.code, intent, inks)
        if spec.annex and embedded_files(data) != m.annex:
            raise RenderError("the final PDF does not carry the data annex it was given")
    pdf_path = ctx.folder / pdf_name(spec, ctx.edition, ctx.lang.code)
    files: dict[Path, bytes] = {pdf_path: data}
    press: tuple[PrintFile, ...] = ()
    if inks is not None:
        cover_path, cover, sheet = _cover_sheet(ctx, spec, m, html, pages, own, status, intent,
                                                inks)
        files[cover_path] = cover
        with own("preflight"):
            press = (preflight("interior", pdf_path, data, pages, ctx.folders.cache, inks.limit),
                     preflight("cover", cover_path, cover, 1, ctx.folders.cache, inks.limit,
                               sheet))
    previous = keep_previous(pdf_path, data, force) if spec.name == "final" else None
    html_path = pdf_path.with_suffix(".html")  # the exact HTML the engine lays out
    if spec.annex:  # the files the final carries, beside it
        files |= {ctx.folder / name: part for name, part in m.annex.items()}
    files[html_path] = html.encode("utf-8")
    if spec.name != "final":
        for path, part in files.items():
            atomic_write_bytes(path, part)
        files = {}
    for k, v in own.seconds.items():
        stages.seconds[k] = stages.seconds.get(k, 0.0) + v
    return Rendered(ctx.lang.code, spec, pdf_path, html_path, pages, own, previous, intent,
                    ctx.lang.file_suffix, press, limit, files)

def _cover_sheet(ctx: BuildContext, spec: Spec, m: Material, html: str, pages: int,
                 own: Stages, status: Status, intent: OutputIntent | None,
                 inks: Inks) -> tuple[Path, bytes, CoverSheet]:
    """The print edition's cover sheet, its spine sized for the interior's ``pages``: its
    path, its finished bytes and its geometry."""
    sheet = CoverSheet(pages, _paper(ctx.edition), ctx.lang.rtl)
    engine = f"{spec.name}{f' ({ctx.lang.code})' if ctx.lang.file_suffix else ''} cover"
    with status.engine(engine), source_date(day(spec, ctx.edition)):
        data, _ = render_pdf_bytes(cover_html(html, sheet, _spine_text(ctx)), ctx.folder,
                                   fonts.font_dirs(), own,
                                   options=pdf_options(spec, ctx.edition, m.annex))
    with own("finish"):
        data = finish(data, ctx.lang.code, intent, inks)
    return ctx.folder / cover_name(spec, ctx.edition, ctx.lang.code), data, sheet


def _output_intent(spec: Spec, ctx: BuildContext) -> OutputIntent | None:
    label = str(load_texts("phrases").value("print_fallback_condition"))
    intent = output_intent(spec, ctx.edition, label=label)
    if intent is not None and intent.fallback:
        logger.warning("no print_profile in edition.toml: the print edition's output "
                       "intent, into which its colours are converted, is Ghostscript's generic "
                       "CMYK profile (default_cmyk.icc, Debian libgs-common), labelled as such; "
                       "ask the print shop for its CMYK profile")
    elif spec.name == "print" and intent is None:
        logger.warning("no print_profile in edition.toml and no Ghostscript CMYK profile "
                       "(apt-get install libgs-common): the print edition has no output intent "
                       "and its colours are converted by a plain formula; ask the print shop "
                       "for its CMYK profile")
    return intent


def _paper(edition: Edition) -> float:
    """The interior's leaf thickness (mm) that sizes the cover's spine."""
    if edition.paper_thickness_mm is None:
        logger.warning("no paper_thickness_mm in edition.toml: the cover's spine assumes "
                       "%s mm a leaf; ask the print shop for its paper's thickness",
                       DEFAULT_PAPER_MM)
        return DEFAULT_PAPER_MM
    return edition.paper_thickness_mm


def _spine_text(ctx: BuildContext) -> str:
    return f"{ctx.edition.title(ctx.lang.code)} {ctx.year}"


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
