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
        with ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_run, range(len(items))))  # type: ignore[arg-type]
    except Exception:  # a worker that cannot start or return its result: serial instead
        return None
    finally:
        _TASK.clear()
