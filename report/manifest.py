"""Build facts -> out/<year>/manifest.json: versions, inputs and outputs with sha256, timings."""

from __future__ import annotations

import json
import platform
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from report import __version__
from report.atomic import atomic_write_text, sha256_file
from report.terminal import shown_name

PACKAGES = ("weasyprint", "matplotlib", "openpyxl", "jinja2", "babel", "pikepdf", "pydyf",
            "fonttools", "fontpkg-tajawal", "fontpkg-amiri", "holidays")


@dataclass
class Stages:
    """Seconds spent per pipeline stage, in the order they ran; ``on_start`` hears each
    stage's name as it begins (the terminal's status line)."""

    seconds: dict[str, float] = field(default_factory=dict)
    on_start: Callable[[str], None] | None = field(default=None, repr=False)

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        if self.on_start:
            self.on_start(name)
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start


def dependency_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def write_manifest(path: Path, *, year: int, root: Path, inputs: list[Path],
                   outputs: list[tuple[Path, str]], charts: list[str], stages: Stages,
                   extra: dict | None = None) -> None:
    def rel(p: Path) -> str:  # a member's file name is shown escaped (it need not be UTF-8)
        path = p.resolve().relative_to(root) if p.resolve().is_relative_to(root) else p
        return shown_name(str(path))

    data = {
        "tool": "cnclt-report", "tool_version": __version__, "year": year,
        "dependencies": dependency_versions(),
        "inputs": [{"path": rel(p), "sha256": sha256_file(p)} for p in sorted(inputs)],
        "outputs": [{"path": rel(p), "kind": kind, "sha256": sha256_file(p)}
                    for p, kind in outputs],
        "charts": charts,
        "seconds": {k: round(v, 3) for k, v in stages.seconds.items()},
        **(extra or {}),
    }
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
