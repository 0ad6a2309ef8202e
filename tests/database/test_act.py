"""A publication is one act (report/database/act.py): killed at each of its steps (every
file staged, the backup, the record's transaction, every file taking its place, the end),
it leaves on disk only whole files, each the one before or the new one; the next command
finishes the act (every new file in place, the final recorded) or undoes it (the old files,
nothing recorded), says which, and leaves no temporary, staged or journal file in the out
folder or in database/backups/."""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

import pytest

from report.atomic import STOP_AT_STEP, STOP_AT_WRITE, TMP_SUFFIX, clean_stale
from report.database import act
from report.database import store as database
from report.figures.records import (
    Figure,
    FigureRecord,
    MemberData,
    Publication,
    Source,
    Submission,
    YearRecord,
)
from tests.interrupted import run_stopping

OLD = {"report-2025.pdf": b"%PDF old final\n%%EOF\n", "data-2025-figures.csv": b"old\r\n"}
NEW = {"data-2025-figures.csv": b"year,key\r\n2025,CASES.total\r\n",
       "report-2025.html": b"<html>new</html>", "report-2025.pdf": b"%PDF new final\n%%EOF\n"}


def publication(year: int, value: int) -> Publication:
    fig = Figure("CASES.total", value, Source("PMP", f"PMP-{year}.xlsx", "البيانات", "C7"))
    member = MemberData("PMP", f"PMP-{year}.xlsx", {"CASES.total": fig}, ())
    rec = YearRecord(year, ((Submission("PMP", member.file, str(value) * 64), member),),
                     (FigureRecord("CASES.total", "CASES", None, None, value, "", ("PMP",)),),
                     ())
    return Publication(year, year - 2019, dt.date(year + 1, 6, 30), "0.1.0", f"pdf-{value}",
                       (rec,))


def setup(root: Path) -> tuple[Path, Path]:
    """A database with the 2024 final recorded, an out folder with an older 2025 final."""
    db, out = root / "database" / "cnclt.sqlite3", root / "out" / "2025"
    database.record(db, publication(2024, 150))
    out.mkdir(parents=True)
    for name, data in OLD.items():
        (out / name).write_bytes(data)
    return db, out


SCRIPT = """
import sys
from pathlib import Path
from report.database import act
from tests.database.test_act import NEW, publication
db, out = Path(sys.argv[1]), Path(sys.argv[2])
act.publish(db, publication(2025, 160), {out / n: d for n, d in NEW.items()})
"""


def visible(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}


def leftovers(db: Path, out: Path) -> list[str]:
    backups = db.parent / "backups"
    found = [p.name for p in out.iterdir() if p.name.startswith(".")]
    found += [p.name for p in backups.iterdir() if p.name.startswith(".")
              or p.name.endswith("-journal")] if backups.is_dir() else []
    return found


def kill_at(hook: str, n: int, tmp: Path, monkeypatch: pytest.MonkeyPatch
            ) -> tuple[int, Path, Path, dict[str, bytes]]:
    """Run the act in another process, killed at its ``n``-th write or step (``hook``); what
    was on disk at that moment."""
    db, out = setup(tmp)
    seen: dict[str, bytes] = {}

    def on_stop() -> bool:
        seen.update(visible(out))
        return True

    # run_stopping sets the write hook; for a step, a first write beyond every write. The
    # step hook is in this process's environment only while the child starts: this process
    # must never stop itself at a step (it recovers the act afterwards)
    with monkeypatch.context() as env:
        env.setenv(STOP_AT_STEP, str(n) if hook == STOP_AT_STEP else "")
        first = n if hook == STOP_AT_WRITE else 10**6
        code, _ = run_stopping([sys.executable, "-c", SCRIPT, str(db), str(out)], first,
                               on_stop, tmp / "log")
    return code, db, out, seen


def recorded(db: Path) -> bool:
    return any(y == 2025 for _, y, _, _ in database.publications(db))


def check_after(db: Path, out: Path, seen: dict[str, bytes], killed: bool) -> str:
    """The invariants at the kill and after the next command; "finished" or "undone"."""
    for name, data in seen.items():  # at the kill: each file whole, old or new
        assert data in (OLD.get(name), NEW.get(name)), name
    lines = act.recover(db, writes=True)
    clean_stale(out)
    act.clean_staged(out)
    assert leftovers(db, out) == []
    files = visible(out)
    if recorded(db):
        assert files == NEW, "a recorded final has every new file in place"
        assert database.pending(db) == ()
        outcome = "finished"
    else:
        assert files == OLD, "an unrecorded final left the old files"
        outcome = "undone"
    if killed and any("interrupted" in line for line in lines):
        assert any(outcome in line for line in lines), lines
    return outcome


@pytest.mark.parametrize("hook", [STOP_AT_WRITE, STOP_AT_STEP])
def test_a_publication_killed_at_each_step_is_finished_or_undone(tmp_path: Path, hook: str,
                                                                   monkeypatch) -> None:
    outcomes = []
    for n in range(1, 40):
        code, db, out, seen = kill_at(hook, n, tmp_path / f"{n}", monkeypatch)
        if code == 0:  # no n-th write or step: the act ran to its end
            assert visible(out) == NEW and recorded(db) and leftovers(db, out) == []
            break
        assert code == -9, (tmp_path / f"{n}" / "log").read_text()
        outcomes.append(check_after(db, out, seen, killed=True))
    else:
        raise AssertionError("the act never ended")
    # a kill before the database learned of the final undoes it; any later one finishes it
    assert outcomes and outcomes == sorted(outcomes, key=["undone", "finished"].index)
    assert "finished" in outcomes
    if hook == STOP_AT_WRITE:
        assert outcomes.count("undone") == len(NEW)  # one kill per staged file
        assert outcomes.count("finished") == len(NEW)  # one kill per file taking its place
    else:  # the backup, the record's transaction (rolled back), then after the commit
        assert outcomes == ["undone", "undone", "finished", "finished"]


def test_a_read_command_puts_the_files_in_place_and_leaves_the_record(tmp_path: Path,
                                                                       monkeypatch) -> None:
    """check and review never write the database: they finish an act's files only."""
    code, db, out, _ = kill_at(STOP_AT_WRITE, len(NEW) + 1, tmp_path, monkeypatch)
    assert code == -9
    before = db.read_bytes()
    lines = act.recover(db, writes=False)
    assert db.read_bytes() == before
    assert visible(out) == NEW and "next build" in lines[0]
    assert len(database.pending(db)) == 1
    assert "finished" in act.recover(db, writes=True)[0] and database.pending(db) == ()


def test_an_act_whose_files_are_gone_is_undone(tmp_path: Path, monkeypatch) -> None:
    code, db, out, _ = kill_at(STOP_AT_WRITE, len(NEW) + 1, tmp_path, monkeypatch)
    assert code == -9
    for p in out.glob(".*"):
        p.unlink()  # someone cleaned the folder: the staged files are lost
    lines = act.recover(db, writes=True)
    assert "undone" in lines[0] and not recorded(db) and database.pending(db) == ()
    assert [y for _, y, _, _ in database.publications(db)] == [2024]
    with closing(sqlite3.connect(db)) as conn:  # nothing of the undone act is left
        assert conn.execute("SELECT COUNT(*) FROM submission WHERE year = 2025").fetchone() \
            == (0,)


def test_the_staged_names_are_hidden_and_kept_by_clean_stale(tmp_path: Path) -> None:
    target = tmp_path / "report-2025.pdf"
    staged = act.staged_name(target)
    assert staged.name == ".report-2025.publishing.pdf" and not staged.name.endswith(TMP_SUFFIX)
    staged.write_bytes(b"x")
    assert clean_stale(tmp_path) == [] and act.clean_staged(tmp_path) == [staged]
