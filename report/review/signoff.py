"""Every round's review log of a year + what the operator asked (``--force``, ``--reason``)
-> SignOff: the open items a final or print edition is built past, and who took that on
and why; or the refusal, which names every open item (up to LISTED in its message, all of
them in a file it names).

A reason must be words (report/signature.py). What a forced build records is kept twice:
in the build's manifest.json, and with the publication in the commission's database
(report/database/store.py's ``record_sign_off``), where no later build can erase it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from report.atomic import atomic_write_text
from report.errors import BuildError
from report.figures.records import OpenItem, SignOff
from report.review.answers import LogEntry
from report.review.log import LOG_NAME, open_items
from report.settings.rules import Rules
from report.signature import account_name, reason_problem
from report.terminal import shown_text

LISTED = 20  # open items named in the refusal's message; all of them are in its file
LIST_NAME = "open-items.txt"


class SignOffError(BuildError):
    """A final edition asked for while review items are open, without --force and a reason."""


@dataclass(frozen=True)
class Decision:
    """What a build asking for a final or print edition decided about the review round."""

    open: tuple[LogEntry, ...]  # every entry still open, every round
    unreadable: tuple[str, ...]  # logs that cannot be read (file names)
    forced: bool = False
    reason: str = ""
    operator: str = ""  # the account name that forced it
    at: str = ""  # when (UTC, ISO)

    def manifest(self) -> dict[str, object]:
        """What manifest.json records."""
        out: dict[str, object] = {"open_review_items": len(self.open),
                                  "unreadable_logs": list(self.unreadable),
                                  "forced": self.forced, "reason": self.reason}
        if self.forced:
            out |= {"open": [item_line(e) for e in self.open], "operator": self.operator,
                    "at": self.at}
        return out

    def record(self, year: int, pdf_sha256: str) -> SignOff:
        """What the database keeps with the publication of the final edition."""
        items = tuple(OpenItem(e.draft, e.id, e.member, e.item, e.decision,
                               str(e.value) if e.value is not None else e.requested)
                      for e in self.open)
        return SignOff(year, self.reason, self.operator, self.at, pdf_sha256, items)


def item_line(entry: LogEntry) -> str:
    return f"draft{entry.draft} {entry.id}"


def sign_off(review: Path, rules: Rules, force: bool, reason: str) -> Decision:
    """The decision for a final or print edition: nothing open, or forced with a reason
    (words); SignOffError otherwise, naming every open item (and writing them all into
    ``review``/open-items.txt)."""
    entries, problems = open_items(review, rules)
    broken = tuple(sorted({f.file for f in problems if f.code != "review-log-status"}))
    if not entries and not broken:
        return Decision((), ())
    problem = reason_problem(reason) if force else "--force --reason is needed"
    if problem is None:
        now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        return Decision(tuple(entries), broken, True, " ".join(reason.split()),
                        account_name(), now)
    raise SignOffError(_refusal(review, entries, broken, problem if force else ""))


def _refusal(review: Path, entries: Sequence[LogEntry], broken: Sequence[str],
             problem: str) -> str:
    what = []
    if entries:
        listing = _write_list(review, entries)
        shown = ", ".join(item_line(e) for e in entries[:LISTED])
        more = f", ... (all {len(entries)} in {listing})" if len(entries) > LISTED else \
            f" (listed in {listing})"
        what.append(f"{len(entries)} review items are open ({shown}{more})")
    if broken:
        what.append(f"a review log cannot be read ({', '.join(broken)})")
    why = f"; --reason: {problem}" if problem else ""
    return (f"refused: {'; '.join(what)}{why}; set their status in {review}/draft<N>/"
            f"{LOG_NAME} (accepted or rejected) and run `review --collect`, or build with "
            "--force --reason \"...\" (recorded with the publication in the database and in "
            "the manifest) / éléments de relecture ouverts")


def _write_list(review: Path, entries: Sequence[LogEntry]) -> Path:
    """Every open item, one a line: round, entry, decision, what was asked, pages."""
    path = review / LIST_NAME
    lines = [f"{item_line(e)}\t{e.decision}\t{shown_text(e.requested or e.comment)}\t"
             f"pages {','.join(map(str, e.pages)) or '-'}" for e in entries]
    atomic_write_text(path, "\n".join(lines) + "\n")
    return path
