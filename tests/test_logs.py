"""Warnings have one way out: a module logs them (``logging.getLogger(__name__)``), the
command line's one handler prints each as one ``warning: <message>`` line on stderr, once."""

from __future__ import annotations

import ast
import logging

from report.logs import ROOT_LOGGER, WarningLines, warning_lines
from report.paths import ROOT


def test_a_modules_warning_reaches_stderr_once_through_the_handler(capsys) -> None:
    log = logging.getLogger("report.publish.editions")
    with warning_lines() as handler:
        log.warning("no print_profile in %s", "edition.toml")
        log.warning("no print_profile in %s", "edition.toml")  # the French edition's too
        log.info("not a warning")
    assert capsys.readouterr() == ("", "warning: no print_profile in edition.toml\n")
    assert handler.count == 1


def test_the_handler_is_there_only_while_a_command_runs(capsys) -> None:
    with warning_lines(), warning_lines():
        pass
    assert not [h for h in logging.getLogger(ROOT_LOGGER).handlers
                if isinstance(h, WarningLines)]
    with warning_lines():  # however many commands one process runs: one line each
        logging.getLogger("report.settings.toml").warning("edition.toml: x: unknown key")
    assert capsys.readouterr().err.splitlines() == ["warning: edition.toml: x: unknown key"]


def test_no_module_prints_a_warning_itself() -> None:
    """Outside the command line, nothing under report/ prints to stderr or calls
    warnings.warn: a warning is logged (progress lines are report/progress.py's)."""
    found = []
    for path in sorted((ROOT / "report").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel in ("report/cli.py", "report/progress.py", "report/logs.py"):
            continue
        found += [f"{rel}:{node.lineno}: {ast.unparse(node)[:60]}"
                  for node in ast.walk(ast.parse(path.read_text("utf-8")))
                  if isinstance(node, ast.Call) and _prints_a_warning(node)]
    assert not found, "\n".join(found)


def _prints_a_warning(call: ast.Call) -> bool:
    """print(..., file=sys.stderr), sys.stderr.write(...) or warnings.warn(...)."""
    func = ast.unparse(call.func)
    to_stderr = any(k.arg == "file" and ast.unparse(k.value) == "sys.stderr"
                    for k in call.keywords)
    return (func == "print" and to_stderr) or func in ("sys.stderr.write", "warnings.warn")
