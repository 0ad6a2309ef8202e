"""Atomic outputs: a build killed at any moment leaves complete files (old or new) under
their names, never a truncated one; temp files are hidden and cleaned by the next build."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pikepdf
import pytest

from report.atomic import atomic_write_bytes, clean_stale
from report.paths import INPUTS, ROOT, year_dirs

YEAR = year_dirs(INPUTS)[-1]


def test_no_temp_file_left_when_the_write_fails(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")

    def boom(fd):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError):
        atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_outputs_readable_by_others(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        atomic_write_bytes(tmp_path / "a.pdf", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.pdf").stat().st_mode) == 0o644


def test_clean_stale_removes_only_hidden_temp_files(tmp_path: Path) -> None:
    (tmp_path / "charts").mkdir()
    stale = [tmp_path / ".report.pdf.k3j2.tmp", tmp_path / "charts" / ".c1.svg.x9.tmp"]
    keep = [tmp_path / "report.pdf", tmp_path / "notes.tmp", tmp_path / "charts" / "c1.svg"]
    for p in stale + keep:
        p.write_bytes(b"x")
    assert sorted(clean_stale(tmp_path)) == sorted(stale)
    assert all(p.exists() for p in keep) and not any(p.exists() for p in stale)


def _complete(path: Path) -> None:
    """Raise if ``path`` is not a whole file of its kind."""
    if path.suffix == ".pdf":
        assert path.read_bytes().rstrip().endswith(b"%%EOF")
        with pikepdf.open(path) as pdf:
            assert len(pdf.pages) > 0
    elif path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as z:
            assert z.testzip() is None
    elif path.suffix == ".json":
        json.loads(path.read_text("utf-8"))
    elif path.suffix in (".svg", ".html"):
        text = path.read_text("utf-8")
        assert text.rstrip().endswith(("</svg>", "</html>")), path
        if path.suffix == ".svg":
            ElementTree.fromstring(text)
    elif path.suffix == ".csv":
        assert path.read_bytes().endswith(b"\r\n")


def _visible_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")]


def test_killed_build_leaves_no_partial_file(tmp_path: Path) -> None:
    """SIGKILL a final-edition build at several moments (intake, charts, layout, writing);
    after each, every visible output is complete; the next build removes the temp files."""
    out = tmp_path / "out"
    cmd = [sys.executable, str(ROOT / "build_report.py"), "build", "--edition", "final",
           "--inputs", str(INPUTS), "--out", str(out)]
    folder = out / str(YEAR)
    for delay in (2.0, 5.0, 9.0, 13.0, 16.0, 18.0):
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                cwd=ROOT)
        time.sleep(delay)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait()
        if folder.exists():
            for p in _visible_files(out):
                _complete(p)
    # a last build runs to the end: it clears what the killed ones left, writes everything
    assert subprocess.run(cmd, capture_output=True, cwd=ROOT).returncode == 0
    assert not [p for p in out.rglob(".*.tmp")]
    for p in _visible_files(folder):
        _complete(p)
    assert (folder / f"report-{YEAR}.pdf").exists() and (folder / "datapackage.json").exists()
