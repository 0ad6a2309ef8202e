"""A built web edition, read back for the tests: its pages parsed (lxml), every link a page
makes resolved against the files of the site."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote, urlparse

import lxml.html

# the attributes that load or link something, by element
LINKING = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src",
           "iframe": "src", "use": "href"}


@dataclass(frozen=True)
class SitePage:
    site: Path
    path: Path

    @property
    def rel(self) -> str:
        return self.path.relative_to(self.site).as_posix()

    @cached_property
    def html(self) -> str:
        return self.path.read_text("utf-8")

    @cached_property
    def tree(self) -> lxml.html.HtmlElement:
        return lxml.html.document_fromstring(self.html)

    @property
    def lang(self) -> str:
        return self.tree.get("lang", "")

    def meta(self, key: str) -> str | None:
        found = self.tree.xpath(f'//meta[@name="{key}" or @property="{key}"]/@content')
        return found[0] if found else None

    def ids(self) -> list[str]:
        return self.tree.xpath("//@id")

    def links(self) -> Iterator[tuple[str, str]]:
        """(element, url) for every link or resource the page names."""
        for el in self.tree.iter():
            if not isinstance(el.tag, str):
                continue
            attr = LINKING.get(el.tag.split("}")[-1])
            url = (el.get(attr) or el.get(f"xlink:{attr}")) if attr else None
            if url is not None:
                yield el.tag, url


def pages(site: Path) -> list[SitePage]:
    return [SitePage(site, p) for p in sorted(site.rglob("*.html"))]


def resolve(page: SitePage, url: str, address: str = "") -> tuple[Path, str] | None:
    """The file and fragment ``url`` names: a relative one from ``page``, an absolute one
    under the site's published ``address`` (metadata: canonical, alternates) from the site's
    root (its index.html for a folder); None for any other address."""
    if address and url.startswith(address):
        rest = url[len(address):]
        url = "/".join([".."] * page.rel.count("/") + [rest or "index.html"])
    parsed = urlparse(url)
    if parsed.scheme or parsed.netloc:
        return None
    target = (page.path.parent / unquote(parsed.path)).resolve() if parsed.path else page.path
    return target, parsed.fragment


def broken_links(site: Path, address: str = "") -> list[str]:
    """Every link of every page that names no file of the site, or no id of its page
    (``address``: the site's published address, which its metadata names)."""
    ids: dict[Path, set[str]] = {}
    broken = []
    for page in pages(site):
        for tag, url in page.links():
            found = resolve(page, url, address)
            if found is None:
                broken.append(f"{page.rel}: {tag} {url}: not a link inside the site")
                continue
            target, fragment = found
            if not target.is_file() or not target.is_relative_to(site.resolve()):
                broken.append(f"{page.rel}: {url}: no such file")
            elif fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = set(SitePage(site, target).ids())
                if fragment not in ids[target]:
                    broken.append(f"{page.rel}: {url}: no such id")
    return broken
