"""Long work -> one status line on the terminal (stderr); nothing when it is not a terminal.

``Progress`` counts files as ``check`` reads them; ``Status`` names the build's stages and
follows WeasyPrint's own progress log page by page while it lays out the report.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO


class Progress:
    """A one-line progress bar on a terminal; silent when the stream is not one."""

    def __init__(self, total: int, label: str, stream: TextIO | None = None) -> None:
        self.total, self.label, self.done = max(total, 1), label, 0
        self.stream = stream or sys.stderr  # at the call (see Status)
        self.enabled = self.stream.isatty()

    def __call__(self, name: str) -> None:
        self.done += 1
        if self.enabled:
            filled = 30 * self.done // self.total
            bar = "#" * filled + "." * (30 - filled)
            self.stream.write(f"\r{self.label} [{bar}] {self.done}/{self.total} {name[:30]:<30}")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * 80 + "\r")
            self.stream.flush()


STAGES = {
    "catalogue": "catalogue", "intake_validate": "reading workbooks / lecture des classeurs",
    "consolidate": "national figures / chiffres nationaux", "charts": "charts / graphiques",
    "database": "database / base de données",
    "disclosure": "revisions, confidentiality / révisions, confidentialité",
    "annex": "data annex / annexe de données", "templates": "chapters / chapitres",
    "layout": "page layout / mise en page", "pdf_write": "writing the PDF / écriture du PDF",
    "finish": "finishing / finalisation",
}


class Status:
    """The build's current stage, rewritten in place: "2025: page layout: Page 12"."""

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        # sys.stderr at the time of the call (a default argument would keep the stream of
        # the first import, closed since under pytest's capture)
        self.label, self.stream = label, stream or sys.stderr
        self.enabled = self.stream.isatty()

    def stage(self, name: str) -> None:
        self.show(STAGES.get(name, name))

    def show(self, text: str) -> None:
        if self.enabled:
            self.stream.write(f"\r{self.label}: {text[:60]:<60}")
            self.stream.flush()

    @contextmanager
    def engine(self, what: str) -> Iterator[None]:
        """Follow WeasyPrint's progress log ("Step 5 - Creating layout - Page 12")."""
        handler = _Relay(lambda msg: self.show(f"{what}: {msg}"))
        log = logging.getLogger("weasyprint.progress")
        level = log.level
        log.addHandler(handler)
        if self.enabled:
            log.setLevel(logging.INFO)
        try:
            yield
        finally:
            log.removeHandler(handler)
            log.setLevel(level)

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * (len(self.label) + 62) + "\r")
            self.stream.flush()


class _Relay(logging.Handler):
    def __init__(self, show: Callable[[str], None]) -> None:
        super().__init__(logging.INFO)
        self.show_message = show

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        self.show_message(message.split(" - ", 1)[-1])
