"""The Jinja environment's compiled templates, kept in a cache folder between builds: loaded
instead of compiled again, the same output, and never another edition's numbers (the
formatter's filters are not folded into the compiled code)."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader

from report.language.formatting import Formatter
from report.publish.environment import environment

SOURCE = "<p>{{ 1234567|num }} {{ value|num }}</p>\n"


def _env(fmt: Formatter, cache: Path, templates: Path) -> Environment:
    env = environment(fmt, cache)
    env.loader = FileSystemLoader(templates)  # one template of the test's own
    return env


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "t.html").write_text(SOURCE, "utf-8")
    return folder


def test_a_compiled_template_is_kept_and_loaded_again(catalogue, tmp_path: Path,
                                                       templates: Path, monkeypatch) -> None:
    fmt, cache = Formatter("ar", catalogue.nouns, "latn"), tmp_path / "cache"
    first = _env(fmt, cache, templates).get_template("t.html").render(value=2025)
    assert len(list(cache.glob("*.jinja"))) == 1
    env = _env(fmt, cache, templates)
    monkeypatch.setattr(env, "compile", lambda *a, **k: pytest.fail("compiled again"))
    assert env.get_template("t.html").render(value=2025) == first


def test_a_changed_template_is_compiled_again(catalogue, tmp_path: Path,
                                              templates: Path) -> None:
    fmt, cache = Formatter("ar", catalogue.nouns, "latn"), tmp_path / "cache"
    _env(fmt, cache, templates).get_template("t.html").render(value=1)
    (templates / "t.html").write_text("<p>{{ value }}</p>\n", "utf-8")
    assert _env(fmt, cache, templates).get_template("t.html").render(value=1) == "<p>1</p>"


def test_each_formatter_gets_its_own_numbers_from_one_cache(catalogue, tmp_path: Path,
                                                            templates: Path) -> None:
    """Arabic-Indic digits, Latin digits, French grouping: each edition's own, from one
    compiled template, as without the cache."""
    editions = (("ar", "arab"), ("ar", "latn"), ("fr", "latn"))
    cache = tmp_path / "cache"
    out = []
    for lang, digits in editions:
        fmt = Formatter(lang, catalogue.nouns, digits)
        cached = _env(fmt, cache, templates).get_template("t.html").render(value=2025)
        alone = environment(fmt)
        alone.loader = FileSystemLoader(templates)
        assert cached == alone.get_template("t.html").render(value=2025), (lang, digits)
        out.append(cached)
    assert len(list(cache.glob("*.jinja"))) == 1
    assert len(set(out)) == 3, out


def test_a_damaged_entry_is_compiled_again(catalogue, tmp_path: Path, templates: Path) -> None:
    fmt, cache = Formatter("ar", catalogue.nouns, "latn"), tmp_path / "cache"
    first = _env(fmt, cache, templates).get_template("t.html").render(value=7)
    entry = next(cache.glob("*.jinja"))
    entry.write_bytes(entry.read_bytes()[:20])
    assert _env(fmt, cache, templates).get_template("t.html").render(value=7) == first
