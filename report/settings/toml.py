"""A settings file (TOML) -> its data, with every problem in it collected before stopping.

The catalogue, the rules, edition.toml and the chart specifications are edited by hand.
Their loaders report all the faults of a file at once (one round trip, not one per fault),
and a key the loader does not know is a warning, logged (the command line prints it as
``warning: <file>: <what>``): a typo such as ``pubication_date`` must not pass silently.
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from report.errors import SettingsError

logger = logging.getLogger(__name__)


def read_toml(path: Path, error: type[SettingsError] = SettingsError) -> dict:
    """The parsed file; ``error`` naming the file when it is missing or not valid TOML."""
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError as exc:
        raise error(f"{path}: file missing") from exc
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise error(f"{path}: {exc}") from exc


@dataclass
class Problems:
    """The faults (errors) and doubts (warnings) found in one settings file."""

    source: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def error(self, message: str) -> None:
        self.errors.append(message)

    def warn(self, message: str) -> None:
        self.warnings.append(f"{self.source}: {message}")

    def unknown_keys(self, data: object, known: Iterable[str], where: str = "") -> None:
        """Warn about every key of ``data`` that is not in ``known``."""
        if not isinstance(data, Mapping):
            return
        for key in sorted(set(data) - set(known)):
            self.warn(f"{where}{key}: unknown key, ignored (a typo?)")

    def require(self, data: Mapping, keys: Iterable[str], where: str = "") -> bool:
        """Record every missing key of ``keys``; True when none is missing."""
        missing = [k for k in keys if k not in data]
        for key in missing:
            self.error(f"{where}{key}: missing")
        return not missing

    def done(self, error: type[SettingsError] = SettingsError) -> None:
        """Log the warnings (an unknown key often explains a missing one), then raise
        ``error`` listing every fault, if any."""
        for message in self.warnings:
            logger.warning(message)
        if self.errors:
            raise error(f"{self.source}: " + "; ".join(self.errors))
