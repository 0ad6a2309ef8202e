"""Atomic outputs: a build killed at any moment leaves complete files (old or new) under
their names, never a truncated one; temp files are hidden and cleaned by the next build."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from report.atomic import atomic_write_bytes, clean_stale
from tests.interrupted import MANIFEST, SecondBuild, complete, run_stopping, target_of, temps
from tests.sample import DRAFT, FINAL, PRINT, YEAR


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


def test_the_build_stops_itself_at_the_nth_write_before_its_rename(tmp_path: Path) -> None:
    """CNCLT_STOP_AT_WRITE=2: the process stops at its 2nd write and at each one after, with
    the temp file complete and the target not yet there; resumed, it finishes its writes."""
    folder = tmp_path / "w"
    script = ("import sys; from pathlib import Path; from report.atomic import atomic_write_bytes;"
              "[atomic_write_bytes(Path(sys.argv[1]) / f'f{i}.csv', b'%d\\r\\n' % i) "
              "for i in range(3)]")
    seen: list[tuple[tuple[str, ...], tuple[str, ...]]] = []

    def on_stop() -> bool:
        names = tuple(sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")))
        seen.append((names, tuple(target_of(t) for t in temps(folder))))
        for t in temps(folder):
            assert (folder / t).read_bytes() == b"%d\r\n" % (len(seen))
        return False

    code, _ = run_stopping([sys.executable, "-c", script, str(folder)], 2, on_stop,
                           tmp_path / "log")
    assert code == 0, (tmp_path / "log").read_text()
    assert seen == [(("f0.csv",), ("f1.csv",)), (("f0.csv", "f1.csv"), ("f2.csv",))]
    assert sorted(p.name for p in folder.iterdir()) == ["f0.csv", "f1.csv", "f2.csv"]


def test_every_write_of_a_build_interrupted_leaves_only_complete_files(
        second_build: SecondBuild) -> None:
    """The second build of the sample (tests/interrupted.py) stopped at each of its writes,
    between the complete temp file and its rename, which is what a kill there leaves on disk:
    at every stop each visible file is whole, the one before the build or the new one."""
    stops = second_build.run.stops
    assert stops, second_build.run.log
    assert all(len(s.temps) == 1 for s in stops), [s.temps for s in stops if len(s.temps) != 1]
    faults = [(s.target, f) for s in stops for f in s.faults]
    assert not faults, faults[:10]
    # every file the build wrote went through one of the stops: nothing is written otherwise
    after = second_build.after_kill
    written = {rel for rel, digest in after.items() if second_build.before.get(rel) != digest}
    targets = {s.target for s in stops}
    assert written <= targets, sorted(written - targets)
    folder = f"{YEAR}/"
    for name in (FINAL, PRINT, DRAFT, FINAL.replace(".pdf", ".html"), "datapackage.json"):
        assert folder + name in targets, name
    kinds = {t.split("/")[0] + "/" + t.rsplit(".", 1)[-1] for t in targets}
    assert {"cache/pickle", "cache/svg"} <= kinds, kinds  # intake and chart caches
    assert any(t.startswith(f"{YEAR}/charts/") for t in targets)
    assert any(".previous-" in t for t in targets)  # the published final kept (--force)


def test_killed_build_leaves_its_temp_file_and_the_next_build_removes_it(
        second_build: SecondBuild) -> None:
    """SIGKILLed at its last write (the manifest), the build leaves that temp file behind;
    the next build removes it and completes every output."""
    assert second_build.run.stops[-1].target == MANIFEST
    assert second_build.run.returncode == -9, second_build.run.log
    assert [target_of(t) for t in second_build.temps_after_kill] == [MANIFEST]
    assert second_build.next_code == 0
    assert second_build.temps_after_next == ()
    out = second_build.out
    for p in out.rglob("*"):
        if p.is_file():
            assert not p.name.startswith("."), p
            complete(p)
    assert (out / MANIFEST).exists() and (out / str(YEAR) / FINAL).exists()
