"""``logged(match)``: what ``pytest.warns`` is for Python warnings, for the tool's own warnings,
which every module logs (report/logs.py): the block must log a warning whose message
matches ``match`` (``re.search``), whether it ends normally or with an exception.
``not_logged()``: the block must log no warning at all."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

from report.logs import ROOT_LOGGER


class _Keep(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _kept() -> Iterator[list[str]]:
    keep = _Keep()
    logger = logging.getLogger(ROOT_LOGGER)
    logger.addHandler(keep)
    try:
        yield keep.messages
    finally:
        logger.removeHandler(keep)


@contextmanager
def logged(match: str = "") -> Iterator[list[str]]:
    """The warnings logged in the block (their messages); one must match ``match``."""
    with _kept() as messages:
        try:
            yield messages
        except Exception:
            _expect(messages, match)
            raise
    _expect(messages, match)


@contextmanager
def not_logged() -> Iterator[None]:
    """The block must log no warning."""
    with _kept() as messages:
        yield
    assert not messages, f"warnings logged: {messages}"


def _expect(messages: list[str], match: str) -> None:
    assert any(re.search(match, m) for m in messages), \
        f"no warning logged matching {match!r}; logged: {messages}"
