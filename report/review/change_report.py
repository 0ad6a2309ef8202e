"""Changes between two drafts -> changes-draft<N>-to-draft<M>.xlsx and .pdf beside the drafts.

The workbook has one sheet per kind of change (figures with member, file, sheet and cell;
plan measures whose status or value changed, with their lead's cell; activities; the
members' texts written anew, whose translation is made again, and the texts translated
otherwise; sentences per chapter; pages), Arabic and French headings; the PDF says the same for a
reader (templates/ar/review/changes.html.j2): removed words struck through,
added words underlined, pages before and after. Each sheet of the workbook prints one A4
page wide with its header row on every page (report/xlsxprint.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

from report.atomic import atomic_write_bytes
from report.language.formatting import Formatter
from report.language.texts import load_texts
from report.manifest import Stages
from report.publish.environment import environment
from report.review.changes import ActivityChange, Changes, compare
from report.review.docs import render_document, render_html, review_assets
from report.review.draft_map import read_draft
from report.review.record import DraftRecord, load_record, record_path
from report.review.sheets import both, heads, pages_text, rows, rtl_sheet, title
from report.settings.catalogue import Catalogue, Commission
from report.settings.edition import Edition
from report.xlsxfile import save_workbook
from report.xlsxprint import lay_out

TEXTS = load_texts("review")


@dataclass(frozen=True)
class ChangeFiles:
    xlsx: Path
    pdf: Path
    pages: int


def change_name(old: int, new: int) -> str:
    return f"changes-draft{old}-to-draft{new}"


def _num(fmt: Formatter, value: int | None) -> str:
    return fmt.number_text(value) if value is not None else TEXTS("missing", fmt.lang)


def _activity_text(c: ActivityChange, old: bool) -> str:
    a = c.old if old else c.new
    if a is None:
        return ""
    return " — ".join(x for x in (a.title, a.description, a.partners, a.beneficiaries, a.date)
                      if x)


def _fields(c: ActivityChange, lang: str) -> str:
    return "، ".join(TEXTS(f"changes.field.{f}", lang) for f in c.fields)


def _translations_sheet(wb: Workbook, ch: Changes, names: Mapping[str, str], lang: str) -> None:
    """The texts written anew (their translation made again) and the texts translated
    otherwise, with the cell each was written in."""
    ws = rtl_sheet(wb.create_sheet(TEXTS("changes.sheet.translations", "ar")))
    keys = ("changes.head.change", "changes.head.member", "changes.head.field",
            "changes.head.file", "changes.head.sheet", "changes.head.cell",
            "changes.head.old_text", "changes.head.new_text", "changes.head.old_translation",
            "changes.head.new_translation", "changes.head.new_page")
    heads(ws, 1, TEXTS, keys, (16, 30, 14, 20, 12, 8, 44, 44, 44, 44, 10))
    awaiting = TEXTS("changes.translation.needed", lang)
    rows(ws, 2, [(TEXTS(f"changes.translation.{c.kind}", lang), names.get(c.member, c.member),
                  TEXTS(f"changes.field.{c.field}", lang), c.file, c.sheet, c.cell,
                  c.old_source, c.new_source, c.old_translation,
                  c.new_translation or f"[{awaiting}]", c.page or "")
                 for c in ch.translations])
    ws.freeze_panes = "A2"


def change_workbook(ch: Changes, names: Mapping[str, str], fmt: Formatter) -> Workbook:
    """The changes as a workbook for the secretariat (sort, filter, annotate)."""
    lang = fmt.lang
    wb = Workbook()
    ws = rtl_sheet(wb.active)
    ws.title = TEXTS("changes.sheet.summary", "ar")
    title(ws, both(TEXTS, "changes.title", " / ", year=ch.year, old=ch.old_draft,
                   new=ch.new_draft))
    heads(ws, 3, TEXTS, ("changes.head.change", "changes.head.count"), (50, 14))
    rows(ws, 4, [
        (both(TEXTS, "changes.sheet.figures", " / "), len(ch.figures)),
        (both(TEXTS, "changes.sheet.measures", " / "), len(ch.measures)),
        (both(TEXTS, "changes.sheet.activities", " / "), len(ch.activities)),
        (both(TEXTS, "changes.sheet.translations", " / "), len(ch.translations)),
        (both(TEXTS, "changes.sheet.paragraphs", " / "),
         sum(len(c.sentences) for c in ch.chapters)),
        (both(TEXTS, "changes.head.pages_total", " / ") + f" ({ch.old_draft})", ch.old_pages),
        (both(TEXTS, "changes.head.pages_total", " / ") + f" ({ch.new_draft})", ch.new_pages),
    ])

    ws = rtl_sheet(wb.create_sheet(TEXTS("changes.sheet.figures", "ar")))
    keys: tuple[str, ...] = ("changes.head.label", "changes.head.member", "changes.head.file",
            "changes.head.sheet", "changes.head.cell", "changes.head.old", "changes.head.new",
            "changes.head.national_old", "changes.head.national_new")
    heads(ws, 1, TEXTS, keys, (50, 36, 20, 12, 10, 14, 14, 16, 16))
    rows(ws, 2, [(f.label(lang),
                  names.get(f.member, TEXTS("changes.national", lang)), f.file, f.sheet, f.cell,
                  _num(fmt, f.old), _num(fmt, f.new), _num(fmt, f.national_old),
                  _num(fmt, f.national_new)) for f in ch.figures])
    ws.freeze_panes = "A2"

    ws = rtl_sheet(wb.create_sheet(TEXTS("changes.sheet.measures", "ar")))
    keys = ("changes.head.measure", "changes.head.lead", "changes.head.file",
            "changes.head.sheet", "changes.head.cell", "changes.head.old_status",
            "changes.head.new_status", "changes.head.old_value", "changes.head.new_value",
            "changes.head.new_page")
    heads(ws, 1, TEXTS, keys, (50, 36, 20, 16, 10, 18, 18, 14, 14, 10))
    rows(ws, 2, [(f"{c.code} {c.label(lang)}", names.get(c.member, c.member), c.file, c.sheet,
                  c.cell, c.old_status_words(lang), c.new_status_words(lang), c.old_value,
                  c.new_value, pages_text(c.pages)) for c in ch.measures])
    ws.freeze_panes = "A2"

    ws = rtl_sheet(wb.create_sheet(TEXTS("changes.sheet.activities", "ar")))
    keys = ("changes.head.change", "changes.head.member", "changes.head.title",
            "changes.head.fields", "changes.head.old_text", "changes.head.new_text",
            "changes.head.cell", "changes.head.old_page", "changes.head.new_page")
    heads(ws, 1, TEXTS, keys, (12, 36, 40, 20, 60, 60, 10, 10, 10))
    rows(ws, 2, [(TEXTS(f"changes.kind.{c.kind}", lang), names.get(c.member, c.member),
                  c.title, _fields(c, lang), _activity_text(c, True), _activity_text(c, False),
                  (c.new or c.old).cell if (c.new or c.old) else "",  # type: ignore[union-attr]
                  c.old_page or "", c.new_page or "") for c in ch.activities])
    ws.freeze_panes = "A2"

    _translations_sheet(wb, ch, names, lang)

    ws = rtl_sheet(wb.create_sheet(TEXTS("changes.sheet.paragraphs", "ar")))
    keys = ("changes.head.chapter", "changes.head.section", "changes.head.change",
            "changes.head.old_text", "changes.head.new_text", "changes.head.old_page",
            "changes.head.new_page")
    heads(ws, 1, TEXTS, keys, (28, 28, 12, 70, 70, 10, 10))
    rows(ws, 2, [(c.title, s.section, TEXTS(f"changes.kind.{s.kind}", lang), s.old, s.new,
                  s.old_page or "", s.new_page or "")
                 for c in ch.chapters for s in c.sentences])
    ws.freeze_panes = "A2"

    ws = rtl_sheet(wb.create_sheet(TEXTS("changes.sheet.pages", "ar")))
    keys = ("changes.head.level", "changes.head.heading", "changes.head.old_page",
            "changes.head.new_page", "changes.head.shift")
    heads(ws, 1, TEXTS, keys, (10, 60, 12, 12, 14))
    rows(ws, 2, [(p.level, p.title, p.old or "", p.new or "",
                  p.shift if p.shift is not None else "") for p in ch.pages])
    ws.freeze_panes = "A2"
    for i, sheet in enumerate(wb.worksheets):
        lay_out(sheet, 3 if i == 0 else 1)  # the summary's header row is its third
    return wb


def write_change_report(ch: Changes, folder: Path, names: Mapping[str, str], fmt: Formatter,
                        edition: Edition, commission: Commission,
                        stages: Stages | None = None) -> ChangeFiles:
    """Both files, each written atomically; the PDF is laid out like the report."""
    stem = change_name(ch.old_draft, ch.new_draft)
    day = dt.date.fromisoformat(ch.new_date)
    xlsx = folder / f"{stem}.xlsx"
    save_workbook(change_workbook(ch, names, fmt), xlsx, dt.datetime(day.year, day.month,
                                                                       day.day))
    env = environment(fmt)
    html = render_html(env, "changes", {
        "ch": ch, "names": names, "edition": edition, "commission": commission, "year": ch.year,
        "old_date": dt.date.fromisoformat(ch.old_date), "new_date": day,
        "moved": [p for p in ch.pages if p.shift], "gone": [p for p in ch.pages if p.new is None],
        "assets": review_assets(day, fmt.digits)})
    doc = render_document(html, folder, day, fmt.lang, stages)
    pdf = folder / f"{stem}.pdf"
    atomic_write_bytes(pdf, doc.pdf)
    return ChangeFiles(xlsx, pdf, doc.pages)


def report_changes(folder: Path, before: int, new: DraftRecord, cat: Catalogue,
                   fmt: Formatter, edition: Edition) -> ChangeFiles:
    """The change report from draft ``before`` (recorded in ``folder``) to the new draft."""
    old = load_record(record_path(folder, new.year, before))
    ch = compare(old, read_draft(folder / old.html, folder / old.pdf), new,
                 read_draft(folder / new.html, folder / new.pdf))
    names = {m.code: m.name(fmt.lang) for m in cat.members}
    return write_change_report(ch, folder, names, fmt, edition, cat.commission)
