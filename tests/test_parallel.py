"""parallel.fork_map: results in order as a serial run; workers end with the build that forked
them, even when it is killed (they would otherwise wait forever on their task queue)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from report import parallel
from report.paths import ROOT

SCRIPT = """
import os, sys, time
sys.path.insert(0, {root!r})
from report import parallel
parallel.jobs = lambda: 2
folder = {folder!r}

def work(i):
    open(os.path.join(folder, f"worker-{{os.getpid()}}"), "w").close()
    time.sleep(60)
    return i

parallel.fork_map(work, [1, 2])
"""


def _square(x: int) -> int:
    return x * x


def test_results_in_order(monkeypatch) -> None:
    monkeypatch.setattr(parallel, "jobs", lambda: 2)
    assert parallel.fork_map(_square, list(range(9))) == [x * x for x in range(9)]


def test_serial_when_it_does_not_pay(monkeypatch) -> None:
    monkeypatch.setattr(parallel, "jobs", lambda: 1)
    assert parallel.fork_map(_square, [1, 2, 3]) is None
    monkeypatch.setattr(parallel, "jobs", lambda: 2)
    assert parallel.fork_map(_square, [1, 2, 3], min_items=4) is None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(")")[-1].split()[0] == "Z")


def _wait(predicate, limit: float = 30.0) -> bool:
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def test_workers_end_when_the_build_is_killed(tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-c",
                             SCRIPT.format(root=str(ROOT), folder=str(tmp_path))])
    try:
        assert _wait(lambda: len(list(tmp_path.glob("worker-*"))) == 2), "workers never started"
        workers = [int(p.name.split("-")[1]) for p in tmp_path.glob("worker-*")]
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert _wait(lambda: not any(_alive(pid) for pid in workers)), \
            f"workers {workers} outlived the killed build"
    finally:
        proc.kill()
        for p in tmp_path.glob("worker-*"):
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(p.name.split("-")[1]), signal.SIGKILL)
