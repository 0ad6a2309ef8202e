"""--edition -> the web edition to build, if any: the public site (web, in ``all`` too) or a
draft of it (web-draft), and the folder each is written to.

Both show the public view (disclosure control applied): a site can be copied to a server
by mistake, so not even a draft site shows a withheld value. A draft site is a review copy:
built while ``check`` still finds errors, marked as a draft on every page, never indexed.
The public site is refused when a final would be (report/publish/refusals.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from report.settings.edition import Edition


@dataclass(frozen=True)
class WebSpec:
    name: str  # "web" | "web-draft"
    draft: bool  # a review copy: "draft N of <date>" on every page, noindex, no sitemap

    def folder(self, edition: Edition) -> str:
        """web (the public site), web-draft<N> (draft N's): never the one in the other's."""
        return f"web-draft{edition.draft}" if self.draft else "web"


WEB = {"web": WebSpec("web", draft=False), "web-draft": WebSpec("web-draft", draft=True)}
EDITIONS = tuple(WEB)  # the --edition values that build a site


def web_chosen(edition: str) -> WebSpec | None:
    """``--edition`` -> the site it builds: ``all`` builds the public one."""
    return WEB["web"] if edition == "all" else WEB.get(edition)
