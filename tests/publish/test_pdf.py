"""render_pdf_bytes freezes the build's objects for the collector during layout, and always
unfreezes them afterwards (a long-lived process or the test suite must not keep them); the
engine's warnings other than a missing glyph are logged as the build's."""

from __future__ import annotations

import gc

import pytest

from report import fonts
from report.manifest import Stages
from report.publish import pdf
from tests.logged import logged


class _Doc:
    pages = [object()]

    def write_pdf(self, **options):
        _Doc.frozen_while_writing = gc.get_freeze_count()
        return b"%PDF-1.7"


class _HTML:
    def __init__(self, **kwargs):
        pass

    def render(self):
        _HTML.frozen_while_laying_out = gc.get_freeze_count()
        return _Doc()


def test_frozen_during_layout_and_unfrozen_after(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "HTML", _HTML)
    monkeypatch.setattr(pdf, "_raise_on_problems", lambda *a: None)
    data, pages = pdf.render_pdf_bytes("<p>x</p>", tmp_path, fonts.font_dirs(), Stages())
    assert (data, pages) == (b"%PDF-1.7", 1)
    assert _HTML.frozen_while_laying_out > 0 and _Doc.frozen_while_writing > 0
    assert gc.get_freeze_count() == 0


def test_unfrozen_after_a_failed_render(tmp_path, monkeypatch):
    class Broken(_HTML):
        def render(self):
            raise RuntimeError("layout failed")

    monkeypatch.setattr(pdf, "HTML", Broken)
    with pytest.raises(RuntimeError):
        pdf.render_pdf_bytes("<p>x</p>", tmp_path, fonts.font_dirs(), Stages())
    assert gc.get_freeze_count() == 0


def test_the_engines_other_warnings_are_logged_as_the_builds(tmp_path):
    """A CSS declaration WeasyPrint ignores reaches the build's warnings (report/logs.py);
    a glyph the fonts lack fails the build instead (tests/publish/test_typography.py)."""
    with logged(r"^the PDF engine \(WeasyPrint\): Ignored `colr: red` .*unknown property"):
        pdf.render_pdf_bytes('<div style="colr: red"></div>', tmp_path, fonts.font_dirs(),
                             Stages())
