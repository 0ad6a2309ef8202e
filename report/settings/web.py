"""templates/web/site.toml -> WebSettings: where the web edition is published and which key
figures its home page shows (each an indicator and the chapter that presents it), read and
checked once: every fault listed, an unknown key a warning.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from report.errors import SettingsError
from report.paths import TEMPLATES
from report.settings.chapters import book
from report.settings.toml import Problems, read_toml

FILE = TEMPLATES / "web" / "site.toml"


class WebSettingsError(SettingsError):
    """templates/web/site.toml is wrong: no web edition can be built."""


@dataclass(frozen=True)
class KeyFigure:
    indicator: str  # an indicator code of the catalogue
    chapter: str  # the chapter (templates/chapters.toml id) that presents it


@dataclass(frozen=True)
class WebSettings:
    url: str  # the published address, with {website} and {year}
    key_figures: tuple[KeyFigure, ...]

    def address(self, website: str, year: int) -> str:
        """The site's absolute address, ending with "/"."""
        url = self.url.format(website=website, year=year)
        return url if url.endswith("/") else url + "/"


def _key_figure(i: int, data: object, problems: Problems) -> KeyFigure | None:
    where = f"key_figure {i + 1}: "
    if not isinstance(data, Mapping):
        problems.error(f"{where}a table is expected")
        return None
    problems.unknown_keys(data, ("indicator", "chapter"), where)
    if not problems.require(data, ("indicator", "chapter"), where):
        return None
    figure = KeyFigure(str(data["indicator"]), str(data["chapter"]))
    if figure.chapter not in book().ids:
        problems.error(f"{where}chapter {figure.chapter!r} is not in templates/chapters.toml")
    return figure


def load_web(path: Path = FILE) -> WebSettings:
    """The file's settings; WebSettingsError listing every fault."""
    data = read_toml(path, WebSettingsError)
    problems = Problems(str(path))
    problems.unknown_keys(data, ("url", "key_figure"))
    problems.require(data, ("url",))
    url = str(data.get("url", ""))
    if url and not url.startswith("https://"):
        problems.error("url must be an https:// address")
    found = [_key_figure(i, k, problems) for i, k in enumerate(data.get("key_figure", []))]
    problems.done(WebSettingsError)
    return WebSettings(url, tuple(f for f in found if f is not None))


@cache
def web_settings() -> WebSettings:
    return load_web()
