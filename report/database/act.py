"""A final's files (bytes by path) + its Publication -> the final published as one act; and,
at the next command, the recovery of an act a kill interrupted.

    stage   every file written whole beside its place, hidden (.<stem>.publishing<suffix>)
    record  one transaction: the publication's figures (when new) and the files still to put
            in place: the database learns of the final before its files take their place
    place   each staged file takes its place (a rename, as an atomic write's)
    done    one transaction: the list of files still to place removed

``recover`` (every command, first): a kill before "record" left staged files no database
knows of: removed (``clean_staged``, the act undone). A kill after it left the list: every
file still staged is put in place (finished); when a staged file is gone and its place does
not hold it, the act is undone: the publication it recorded is removed and what it staged
deleted. A command that only reads the database (check, review, init) puts the files in
place but leaves the list, and undoing, to the next build. Each says what it did.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from report.atomic import (
    TMP_SUFFIX,
    atomic_write_bytes,
    sha256_file,
    stop_before_rename,
    stop_point,
)
from report.database import store
from report.database.connection import clean_backups
from report.figures.records import Publication

STAGED = ".publishing"


def staged_name(target: Path) -> Path:
    return target.with_name(f".{target.stem}{STAGED}{target.suffix}")


def publish(database: Path, pub: Publication, files: Mapping[Path, bytes]) -> int | None:
    """Stage, record, place, done (see the module docstring); the new publication's id, or
    None when the database already recorded this edition."""
    staged = []
    for target, data in files.items():
        atomic_write_bytes(staged_name(target), data)
        staged.append(store.PendingFile(target, staged_name(target),
                                        hashlib.sha256(data).hexdigest()))
    new, act = store.record_pending(database, pub, staged)
    for f in staged:
        place(f)
    stop_point("placed")
    if act is not None:
        store.end_pending(database, act)
    return new


def place(f: store.PendingFile) -> None:
    """The staged file takes its place: renamed to a temp name beside it (a kill there
    leaves exactly what an atomic write leaves), then to its own."""
    fd, tmp = tempfile.mkstemp(prefix=f".{f.target.name}.", suffix=TMP_SUFFIX,
                               dir=f.target.parent)
    os.close(fd)
    os.replace(f.staged, tmp)
    stop_before_rename()
    os.replace(tmp, f.target)


def _in_place(f: store.PendingFile) -> bool:
    return f.target.is_file() and sha256_file(f.target) == f.sha256


def _found(f: store.PendingFile) -> Path | None:
    """Where the complete new file is while not in its place: staged, or under the temp
    name a kill between a place's two renames left."""
    for p in (f.staged, *sorted(f.target.parent.glob(f".{f.target.name}.*{TMP_SUFFIX}"))):
        if p.is_file() and sha256_file(p) == f.sha256:
            return p
    return None


def _finish(f: store.PendingFile) -> None:
    if _in_place(f):
        return
    found = _found(f)
    assert found is not None
    os.replace(found, f.staged)
    place(f)


def recover(database: Path, writes: bool) -> list[str]:
    """Finish or undo every publication a kill interrupted; one line per act, saying which.
    ``writes``: the command may write the database (build); else only files move."""
    lines = []
    clean_backups(database)
    for act in store.pending(database):
        what = f"the {act.year} final (publication {act.publication})"
        if all(_in_place(f) or _found(f) for f in act.files):
            for f in act.files:
                _finish(f)
            if writes:
                store.end_pending(database, act.id)
                lines.append(f"{what}: an interrupted publication was finished: its files "
                             "are in place")
            else:
                lines.append(f"{what}: an interrupted publication's files were put in place; "
                             "the next build clears its record")
        elif writes:
            for f in act.files:
                f.staged.unlink(missing_ok=True)
            store.undo_pending(database, act)
            lines.append(f"{what}: an interrupted publication was undone: its files are "
                         "gone, so it is no longer recorded; build the final again")
        else:
            lines.append(f"{what}: an interrupted publication cannot be finished (its files "
                         "are gone); the next build undoes it")
    return lines


def clean_staged(folder: Path) -> list[Path]:
    """Remove the staged files of acts no database recorded (killed before "record"); run
    after ``recover``, which puts every recorded one in place."""
    if not folder.is_dir():
        return []
    stale = [p for p in folder.rglob(f".*{STAGED}*") if p.is_file()]
    for p in stale:
        p.unlink(missing_ok=True)
    return stale
