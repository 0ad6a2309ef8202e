"""Bytes -> a file, atomically: a build killed at any moment leaves the old file or the new one."""

from __future__ import annotations

import hashlib
import itertools
import os
import signal
import tempfile
from collections.abc import Mapping
from pathlib import Path

TMP_SUFFIX = ".tmp"
STOP_AT_WRITE = "CNCLT_STOP_AT_WRITE"  # a test hook: see _stop_point
STOP_AT_STEP = "CNCLT_STOP_AT_STEP"  # a test hook: see stop_point
_OWNER = os.getpid()  # the process that imported this module (forked workers never stop)
_WRITES = itertools.count(1)
_STEPS = itertools.count(1)


def atomic_write_bytes(path: Path, data: bytes) -> str:
    """Write ``data`` to ``path`` via a temp file in the same folder and rename; return sha256.

    The temp file is ``.<name>.<random>.tmp`` (hidden, never the final name); a process
    killed before the rename leaves it behind: ``clean_stale`` removes it at the next build.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TMP_SUFFIX, dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600: outputs are shared files
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        _stop_point()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return hashlib.sha256(data).hexdigest()


def _stop_point() -> None:
    """Off unless $CNCLT_STOP_AT_WRITE=N: then, from its N-th atomic write on, the process
    stops itself (SIGSTOP) with the temp file complete and before the rename, which on disk
    is exactly what a kill at that moment leaves. The parent inspects the folder, then
    resumes it (SIGCONT) or kills it: tests/interrupted.py interrupts a build at every write
    this way, for certain and without timing."""
    first = os.environ.get(STOP_AT_WRITE)
    if first and os.getpid() == _OWNER and next(_WRITES) >= int(first):
        os.kill(os.getpid(), signal.SIGSTOP)


def stop_point(step: str) -> None:
    """Off unless $CNCLT_STOP_AT_STEP=N: then the process stops itself (SIGSTOP) at its N-th
    named step and at each one after (the steps of a publication that are not a file's
    rename: a backup's, the database's commits), as at a write (``_stop_point``). ``step``
    names it for whoever reads the code."""
    del step
    first = os.environ.get(STOP_AT_STEP)
    if first and os.getpid() == _OWNER and next(_STEPS) >= int(first):
        os.kill(os.getpid(), signal.SIGSTOP)


def stop_before_rename() -> None:
    """The stop of an atomic write (a publication's files take their place as one)."""
    _stop_point()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def clean_stale(folder: Path) -> list[Path]:
    """Remove temp files a killed build left in ``folder`` and its subfolders; return them."""
    if not folder.is_dir():
        return []
    stale = [p for p in folder.rglob(f".*{TMP_SUFFIX}") if p.is_file()]
    for p in stale:
        p.unlink(missing_ok=True)
    return stale


def atomic_write_text(path: Path, text: str) -> str:
    return atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_files(files: Mapping[str, bytes], folder: Path) -> list[Path]:
    """Write every file (name -> bytes) atomically into ``folder``, in order; the paths."""
    out = []
    for name, data in files.items():
        atomic_write_bytes(folder / name, data)
        out.append(folder / name)
    return out


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
