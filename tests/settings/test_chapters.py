"""templates/chapters.toml: one ordered list of chapters drives both languages' books, and
each chart of charts/charts.toml sits in the chapter it names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from report.charts.kinds import KINDS
from report.charts.specs import ChartSpecError, load_specs
from report.paths import CHARTS, TEMPLATES
from report.settings.chapters import ChaptersError, book, load_book
from report.settings.languages import languages

LANGS = tuple(languages())
SECTION = re.compile(r'<section class="chapter( unnumbered)?" id="([a-z_]+)">')


def chapter_text(lang: str, file: str) -> str:
    return (TEMPLATES / languages()[lang].templates / "chapters" / file).read_text("utf-8")


@pytest.mark.parametrize("lang", LANGS)
def test_the_book_includes_its_chapters_only_through_the_list(lang: str) -> None:
    page = (TEMPLATES / lang / "report.html.j2").read_text("utf-8")
    assert 'include "chapters/0' not in page and 'include "chapters/1' not in page
    for part in ("front", "body", "back"):
        assert f"for file in chapters.{part}" in page
    for chapter in book().chapters:
        assert (TEMPLATES / lang / "chapters" / chapter.file).is_file(), chapter.file


@pytest.mark.parametrize("lang", LANGS)
def test_each_body_chapter_is_the_section_the_list_names(lang: str) -> None:
    for chapter in book().chapters:
        found = SECTION.search(chapter_text(lang, chapter.file))
        if chapter.part != "body" or chapter.when == "editorial":
            continue
        assert found, f"{lang}/{chapter.file}: no <section class=\"chapter\">"
        assert found.group(2) == chapter.id, chapter.file
        assert (found.group(1) is None) == chapter.numbered, chapter.file


@pytest.mark.parametrize("lang", LANGS)
def test_each_chart_is_placed_in_the_chapter_charts_toml_names(lang: str) -> None:
    specs = load_specs(CHARTS / "charts.toml")
    files = {c.id: c.file for c in book().chapters}
    for spec in specs:
        for chapter_id, file in files.items():
            placed = f"charts.{spec.id})" in chapter_text(lang, file) or \
                f"charts.{spec.id}," in chapter_text(lang, file)
            assert placed == (chapter_id == spec.chapter), (lang, spec.id, chapter_id)


def test_a_chart_in_an_unknown_chapter_is_refused(tmp_path: Path) -> None:
    text = (CHARTS / "charts.toml").read_text("utf-8")
    (tmp_path / "charts.toml").write_text(text.replace('chapter = "prevention"',
                                                       'chapter = "prevension"', 1), "utf-8")
    with pytest.raises(ChartSpecError, match="prevension.*not a chapter"):
        load_specs(tmp_path / "charts.toml")


def test_every_fault_of_the_list_is_reported_at_once(tmp_path: Path) -> None:
    bad = tmp_path / "chapters.toml"
    bad.write_text('[[chapter]]\nid = "a"\nfile = "a.j2"\npart = "middle"\n'
                   '[[chapter]]\nid = "a"\nfile = "b.j2"\nwhen = "sometimes"\n'
                   '[[chapter]]\nfile = "c.j2"\n', "utf-8")
    with pytest.raises(ChaptersError) as err:
        load_book(bad)
    message = str(err.value)
    for fault in ("part must be one of", "when must be one of", "chapter a: listed twice",
                  "id: missing"):
        assert fault in message


def test_every_chart_kind_is_drawn_a_way_the_painter_knows() -> None:
    from report.charts.draw import WAYS, Painter

    for kind in KINDS.values():
        assert callable(getattr(Painter, WAYS[kind.draw])), kind.name


def test_every_condition_is_evaluated_and_the_plan_chapter_starts_with_the_plan(
        catalogue) -> None:
    """Each ``when`` of WHENS has its meaning in publish/context.py; a report on a year
    before the plan's first year has no plan chapter (nor its chart: charts.toml's plan
    chart sits in it), the plan's first year has it."""
    from report.publish.context import conditions, year_chapters
    from report.settings.chapters import WHENS

    start = catalogue.plan.start
    assert set(conditions(catalogue.plan, start)) == set(WHENS)
    assert "plan" not in year_chapters(catalogue.plan, start - 1)
    assert "plan" in year_chapters(catalogue.plan, start)
    before = book().present(conditions(catalogue.plan, start - 1))
    assert [c.id for c in before] == [c.id for c in book().chapters
                                      if c.id not in ("plan", "editorial")]
    plan_charts = [s.id for s in load_specs(CHARTS / "charts.toml") if s.chapter == "plan"]
    assert plan_charts == ["plan_status"]
