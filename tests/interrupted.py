"""A build in a subprocess that stops itself at each of its writes, inspected at every stop.

With ``CNCLT_STOP_AT_WRITE=N`` (report/atomic.py) the build process stops (SIGSTOP) at its
N-th atomic write and at each one after, once the temp file is complete and before the
rename. A stopped process leaves on disk exactly what a kill at that point leaves (no
cleanup runs in either case), so inspecting the folder at each stop checks a kill at every
write of the build, for certain and without any timing; ``run_stopping`` then resumes it, or
kills it for real (SIGKILL) where the caller says.

``second_build`` makes the suite's second build of the sample (tests/conftest.py): an
``--edition all --force`` build over a copy of the first build's outputs, each made
distinguishable from the new ones (the final as if published earlier with other content,
a comment in every HTML file, chart and page of the site), with a cold cache so that every
kind of write happens; it is stopped at every write, killed at its last one (the
manifest), and followed by a ``--edition final`` build without ``--force``.
"""

from __future__ import annotations

import hashlib
import io
import json
import marshal
import os
import pickle
import shutil
import signal
import subprocess
import sys
import threading
import types
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pikepdf
from jinja2.bccache import bc_magic

from report.atomic import STOP_AT_WRITE, TMP_SUFFIX
from report.cli import main
from report.paths import INPUTS, ROOT
from tests.sample import FINAL, YEAR, published

HUNG = 900  # seconds: only a build that hangs is ever killed by this guard
MANIFEST = f"{YEAR}/manifest.json"
PREVIOUS_MARK = "<!-- previous build -->"


@dataclass(frozen=True)
class Stop:
    target: str  # the file being written, relative to the out folder
    temps: tuple[str, ...]  # every hidden temp file on disk at that moment
    faults: tuple[str, ...]  # what was not complete at that moment


@dataclass(frozen=True)
class Ended:
    stops: tuple[Stop, ...]
    returncode: int  # negative: the signal that ended it
    log: str  # the build's stdout and stderr


@dataclass(frozen=True)
class SecondBuild:
    out: Path
    before: dict[str, str]  # the folder before the build: file -> sha256
    run: Ended  # the build stopped at every write, killed at the manifest's
    after_kill: dict[str, str]  # the folder right after the kill
    temps_after_kill: tuple[str, ...]
    next_code: int  # the next build's exit code (--edition final, no --force)
    temps_after_next: tuple[str, ...]


def target_of(temp: str) -> str:
    """``dir/.name.RANDOM.tmp`` -> ``dir/name`` (atomic_write_bytes's temp names)."""
    folder, _, name = temp.rpartition("/")
    name = name[1:-len(TMP_SUFFIX)].rsplit(".", 1)[0]
    return f"{folder}/{name}" if folder else name


def temps(out: Path) -> tuple[str, ...]:
    return tuple(sorted(p.relative_to(out).as_posix() for p in out.rglob(f".*{TMP_SUFFIX}")))


def visible(out: Path) -> Iterator[Path]:
    return (p for p in sorted(out.rglob("*")) if p.is_file() and not p.name.startswith("."))


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def complete(path: Path, suffix: str | None = None) -> None:
    """Raise if ``path`` is not a whole file of its kind (``suffix``, else its own)."""
    kind = suffix or path.suffix
    if kind == ".pdf":
        assert path.read_bytes().rstrip().endswith(b"%%EOF"), path
        with pikepdf.open(path) as pdf:
            assert len(pdf.pages) > 0
    elif kind == ".xlsx":
        with zipfile.ZipFile(path) as z:
            assert z.testzip() is None
    elif kind == ".json":
        json.loads(path.read_text("utf-8"))
    elif kind in (".svg", ".html"):
        text = path.read_text("utf-8")
        assert text.rstrip().endswith(("</svg>", "</html>")), path
        if kind == ".svg":
            ElementTree.fromstring(text)
    elif kind == ".csv":
        assert path.read_bytes().endswith(b"\r\n"), path
    elif kind == ".woff2":  # the web edition's fonts: the header's length is the file's
        data = path.read_bytes()
        assert data[:4] == b"wOF2" and int.from_bytes(data[8:12], "big") == len(data), path
    elif kind == ".png":
        data = path.read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and data.endswith(b"IEND\xaeB`\x82"), path
    elif kind == ".css":
        assert path.read_text("utf-8").rstrip().endswith("}"), path
    elif kind == ".xml":
        ElementTree.fromstring(path.read_text("utf-8"))
    elif kind == ".txt":
        assert path.read_text("utf-8").endswith("\n"), path
    elif kind == ".pickle":
        pickle.loads(path.read_bytes())
    elif kind == ".jinja":  # a compiled template (report/publish/environment.py)
        data = io.BytesIO(path.read_bytes())
        assert data.read(len(bc_magic)) == bc_magic, path
        pickle.load(data)  # the checksum of its source
        assert isinstance(marshal.load(data), types.CodeType), path
    else:
        raise AssertionError(f"{path}: no check for {kind} files")


def run_stopping(cmd: Sequence[str], first: int, on_stop: Callable[[], bool],
                 log: Path) -> tuple[int, list[bool]]:
    """Run ``cmd`` with $CNCLT_STOP_AT_WRITE=``first``; at each stop call ``on_stop``: it
    returns True to kill the process there, False to resume it. Return the exit status
    (negative: the signal) and what each ``on_stop`` returned."""
    with log.open("wb") as fh:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT,
                                env={**os.environ, STOP_AT_WRITE: str(first)})
    guard = threading.Timer(HUNG, os.kill, (proc.pid, signal.SIGKILL))
    guard.start()
    calls: list[bool] = []
    try:
        while True:
            _, status = os.waitpid(proc.pid, os.WUNTRACED)
            if not os.WIFSTOPPED(status):
                break
            try:
                calls.append(on_stop())
            except BaseException:  # never leave a stopped process behind
                os.kill(proc.pid, signal.SIGKILL)
                os.waitpid(proc.pid, 0)
                proc.returncode = -signal.SIGKILL
                raise
            os.kill(proc.pid, signal.SIGKILL if calls[-1] else signal.SIGCONT)
    finally:
        guard.cancel()
    code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
    proc.returncode = code  # reaped here: Popen must not wait for it again
    return code, calls


class Inspector:
    """What may be on disk at a stop: each file either complete as it was before the build
    or complete as the build makes it (``expected``: file -> (before, new) sha256; a new of
    None is checked by kind), and one temp file holding the whole new content."""

    def __init__(self, out: Path, expected: dict[str, tuple[str | None, str | None]]) -> None:
        self.out = out
        self.expected = expected
        self.checked: set[tuple[str, int, int]] = set()  # (file, inode, mtime): seen complete

    def fault(self, path: Path, rel: str, suffix: str | None = None) -> str | None:
        old, new = self.expected.get(rel, (None, None))
        if new is not None:
            if sha(path) in (old, new):
                return None
            return f"{rel}: neither the file before the build nor the new one"
        st = path.stat()
        key = (str(path), st.st_ino, st.st_mtime_ns)
        if key in self.checked:
            return None
        try:
            complete(path, suffix)
        except Exception as e:  # reported, with the file, by the test
            return f"{rel}: {e!r}"
        self.checked.add(key)
        return None

    def stop(self) -> Stop:
        on_disk = temps(self.out)
        faults = [f for p in visible(self.out)
                  if (f := self.fault(p, p.relative_to(self.out).as_posix()))]
        for t in on_disk:
            target = target_of(t)
            new = self.expected.get(target, (None, None))[1]
            path = self.out / t
            if new is not None and sha(path) != new:
                faults.append(f"{t}: the temp file is not the whole new {target}")
            elif new is None and (f := self.fault(path, t, Path(target).suffix)):
                faults.append(f)
        target = target_of(on_disk[0]) if len(on_disk) == 1 else ""
        return Stop(target, on_disk, tuple(faults))


def _mark_previous(folder: Path) -> None:
    """Make the copied outputs differ from what the build will write, each still complete."""
    final = folder / FINAL
    final.write_bytes(published(final.read_bytes()))
    for p in [*folder.glob("*.html"), *folder.glob("charts/*.svg"),
              *folder.glob("web/**/*.html")]:
        text = p.read_text("utf-8")
        end = text.rindex("</")
        p.write_text(text[:end] + PREVIOUS_MARK + text[end:], "utf-8")


def snapshot(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): sha(p) for p in visible(out)}


def second_build(first: Path, tmp: Path) -> SecondBuild:
    """The second build of the sample (see the module's docstring) into ``tmp``/out, made
    beside the first build's out folder ``first``."""
    out = tmp / "out"
    shutil.copytree(first / str(YEAR), out / str(YEAR))
    _mark_previous(out / str(YEAR))
    before = snapshot(out)
    new = {rel: sha(first / rel) for rel in snapshot(first) if rel.startswith(f"{YEAR}/")}
    new.pop(MANIFEST)  # its timings differ: checked by kind
    kept = f"{YEAR}/report-{YEAR}.previous-{before[f'{YEAR}/{FINAL}'][:8]}.pdf"
    new[kept] = before[f"{YEAR}/{FINAL}"]
    inspector = Inspector(out, {rel: (before.get(rel), n) for rel, n in new.items()})
    stops: list[Stop] = []

    def on_stop() -> bool:
        stops.append(inspector.stop())
        return stops[-1].target == MANIFEST

    cmd = [sys.executable, str(ROOT / "build_report.py"), "build", "--edition", "all",
           "--force", "--inputs", str(INPUTS), "--out", str(out)]
    code, _ = run_stopping(cmd, 1, on_stop, tmp / "build.log")
    run = Ended(tuple(stops), code, (tmp / "build.log").read_text("utf-8", "replace"))
    after_kill, temps_after_kill = snapshot(out), temps(out)
    next_code = main(["build", "--edition", "final", "--inputs", str(INPUTS), "--out", str(out)])
    return SecondBuild(out, before, run, after_kill, temps_after_kill, next_code, temps(out))
