"""The tool's errors: each carries the exit code the command line returns for it.

``report/cli.py`` maps them once: a ``ReportError`` is printed as one line (never a
traceback) and its ``exit_code`` returned. Bad member workbooks are not errors of the tool:
they are findings (report/settings/rules.py).
"""

from __future__ import annotations


class ReportError(Exception):
    """A command cannot do what it was asked; ``exit_code`` says how it ends."""

    exit_code = 1


class UsageError(ReportError):
    """The command line or the inputs folder does not allow the command (no such year...)."""

    exit_code = 2


class SettingsError(ReportError):
    """A settings file the secretariat edits (catalogue, rules, edition.toml, chart
    specifications) is missing or wrong: nothing can be checked or built until it is fixed."""

    exit_code = 2


class BuildError(ReportError):
    """A build stopped: the inputs refuse it (errors left, a published final) or the engine
    could not render the report as it must be."""

    exit_code = 1
