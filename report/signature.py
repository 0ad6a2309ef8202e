"""What an operator types to take responsibility (a final built past open review items, a
past report imported again) -> a reason that can be recorded, and the account that gave it.

A reason must be words: not blank, at least one word of two letters or more, and no
control or format character (a newline, an escape sequence or a bidi override would forge
a line of the manifest or reorder what is read back). The account name is the operating
system's login name of whoever runs the command, never a credential.
"""

from __future__ import annotations

import getpass
import re
import unicodedata

from report.errors import UsageError

WORD = re.compile(r"[^\W\d_]{2,}")  # two letters or more, any script
FORBIDDEN = ("Cc", "Cf", "Cs", "Co", "Zl", "Zp")
MARKS = "\u200e\u200f\u061c"  # left-to-right, right-to-left and Arabic letter marks: allowed


def reason_problem(text: str) -> str | None:
    """Why ``text`` cannot be recorded as a reason, or None when it can."""
    if not text.strip():
        return "the reason is blank / le motif est vide"
    bad = sorted({f"U+{ord(c):04X}" for c in text
                  if c not in MARKS and unicodedata.category(c) in FORBIDDEN})
    if bad:
        return ("the reason holds control characters / le motif contient des caractères de "
                f"contrôle: {' '.join(bad[:5])}")
    if not WORD.search(text):
        return "the reason must be words / le motif doit être rédigé en mots"
    return None


def checked_reason(text: str) -> str:
    """The reason, stripped; UsageError saying why when it is not words."""
    problem = reason_problem(text)
    if problem:
        raise UsageError(f"--reason: {problem}")
    return " ".join(text.split())


def account_name() -> str:
    """The login name of whoever runs the command ("unknown" when the system has none)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
