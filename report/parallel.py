"""Work items -> results computed in forked worker processes, in order; None when serial
is the better choice.

Reading workbooks (openpyxl) and drawing charts (matplotlib) are CPU-bound and
independent: with two or more cores they run in worker processes. Workers are forked, so
they inherit the loaded modules and the task (nothing is pickled but the results and an
index); the results are the same, in the same order, as a serial run.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

_TASK: list[Callable[[int], object]] = []  # set in the parent just before forking


def jobs() -> int:
    """Worker processes: the cores, capped by $CNCLT_JOBS (1 = serial)."""
    try:
        cap = int(os.environ.get("CNCLT_JOBS", "0"))
    except ValueError:
        cap = 0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, cap) if cap > 0 else cores or 1)


def _run(i: int) -> object:
    return _TASK[0](i)


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with_parent(parent: int) -> None:
    """A worker's first act: end when the build that forked it ends. A forked worker holds
    its own copy of the task queue's write end, so a build killed (SIGKILL) while it reads
    or draws would otherwise leave its workers waiting forever."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the check below still covers a dead parent
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def fork_map(fn: Callable[[T], R], items: Sequence[T], min_items: int = 2) -> list[R] | None:
    """``[fn(x) for x in items]`` in worker processes; None when that does not pay (fewer
    than ``min_items``, one core, no fork) or the workers fail: the caller then runs the
    items itself."""
    n = min(jobs(), len(items))
    if n < 2 or len(items) < min_items or "fork" not in multiprocessing.get_all_start_methods():
        return None
    from concurrent.futures import ProcessPoolExecutor

    _TASK.append(lambda i: fn(items[i]))
    try:
        with ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_die_with_parent,
                                 initargs=(os.getpid(),)) as pool:
            return list(pool.map(_run, range(len(items))))  # type: ignore[arg-type]
    except Exception:  # a worker that cannot start or return its result: serial instead
        return None
    finally:
        _TASK.clear()
