"""templates/chapters.toml -> Book: the report's chapters in book order, one list for both
languages' books. The templates include them in this order, the body's headings are
numbered in this order, and the tests read it; charts/charts.toml's ``chapter`` of each
chart must be one of its ids.

A chapter may hold a ``when`` condition, one of WHENS: the book of an edition holds it only
when the condition holds for that edition (report/publish/context.py's ``conditions``
evaluates them: a chapter whose data start later is left out of the years before, with
its charts and its annex tables).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from report.errors import SettingsError
from report.paths import TEMPLATES
from report.settings.toml import Problems, read_toml

FILE = TEMPLATES / "chapters.toml"
PARTS = ("front", "body", "back")  # before <main>, inside it, after it
# "" always; "editorial": drafts with entries to confirm or no recommendations yet;
# "plan": the national plan's period has begun by the report's year (plan.toml's start)
WHENS = ("", "editorial", "plan")
KEYS = ("id", "file", "part", "numbered", "when")


class ChaptersError(SettingsError):
    """templates/chapters.toml is wrong: no edition can be rendered."""


@dataclass(frozen=True)
class Chapter:
    id: str  # its section's id in the HTML
    file: str  # templates/<lang>/chapters/<file>
    part: str = "body"
    numbered: bool = True  # its headings take numbers (1, 1.1)
    when: str = ""  # "" always; else a condition of WHENS


@dataclass(frozen=True)
class Book:
    chapters: tuple[Chapter, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.chapters)

    def present(self, holds: Mapping[str, bool]) -> tuple[Chapter, ...]:
        """The chapters an edition holds, in order: those whose ``when`` holds (``holds``:
        condition -> whether it holds for the edition; "" always does)."""
        return tuple(c for c in self.chapters if not c.when or holds.get(c.when, False))

    def files(self, part: str, holds: Mapping[str, bool]) -> tuple[str, ...]:
        """The chapter files of one part of an edition's book, in order."""
        return tuple(c.file for c in self.present(holds) if c.part == part)


def _chapter(i: int, data: object, problems: Problems) -> Chapter | None:
    where = f"chapter {i + 1}: "
    if not isinstance(data, Mapping):
        problems.error(f"{where}a table is expected")
        return None
    problems.unknown_keys(data, KEYS, where)
    if not problems.require(data, ("id", "file"), where):
        return None
    chapter = Chapter(str(data["id"]), str(data["file"]), data.get("part", "body"),
                      data.get("numbered", True), data.get("when", ""))
    if chapter.part not in PARTS:
        problems.error(f"{where}part must be one of {PARTS}")
    if chapter.when not in WHENS:
        problems.error(f"{where}when must be one of {WHENS}")
    if not isinstance(chapter.numbered, bool):
        problems.error(f"{where}numbered must be true or false")
    return chapter


def load_book(path: Path = FILE) -> Book:
    """The chapters of the file; ChaptersError listing every fault."""
    data = read_toml(path, ChaptersError)
    problems = Problems(str(path))
    problems.unknown_keys(data, ("chapter",))
    found = [_chapter(i, c, problems) for i, c in enumerate(data.get("chapter", []))]
    chapters = tuple(c for c in found if c is not None)
    ids = [c.id for c in chapters]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.error(f"chapter {dup}: listed twice")
    order = [PARTS.index(c.part) for c in chapters if c.part in PARTS]
    if order != sorted(order):
        problems.error("the front matter comes first, then the body, then the back cover")
    if not chapters:
        problems.error("no chapter")
    problems.done(ChaptersError)
    return Book(chapters)


@cache
def book() -> Book:
    return load_book()
