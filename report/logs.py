"""The warnings every module logs (``logging.getLogger(__name__)``) -> one ``warning: <message>``
line each on stderr, each message once, counted (``build --strict`` fails on any).

The command line installs the one handler, on the "report" logger, for the time of a
command; a module never prints a warning itself. Without the handler (a test, the
benchmark), a warning still reaches stderr through logging's last resort. Progress lines
(report/progress.py) and results (stdout) are not warnings.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager

ROOT_LOGGER = "report"  # the parent of every module's logger


class WarningLines(logging.Handler):
    """Prints ``<level>: <message>`` on stderr, each distinct message once (a warning met
    again, say for each language of a build, says nothing new); counts what it printed."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.printed: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        line = f"{record.levelname.lower()}: {record.getMessage()}"
        if line in self.printed:
            return
        self.printed.append(line)
        # sys.stderr at the time of the call: a test may have replaced it since
        print(line, file=sys.stderr, flush=True)

    @property
    def count(self) -> int:
        return len(self.printed)


@contextmanager
def warning_lines() -> Iterator[WarningLines]:
    """The handler on the "report" logger while the block runs (once, however many times
    a process runs a command), removed afterwards."""
    handler = WarningLines()
    logger = logging.getLogger(ROOT_LOGGER)
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
