"""The house: report/ is laid out by stage, and no module imports from a stage that comes
after its own (the arrow that breaks is named). The import graph stays shallow."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

from report.paths import ROOT

PACKAGE = ROOT / "report"
# The stages in pipeline order; a module may import from its own stage and earlier ones.
# "plumbing" is the top-level modules (errors, paths, atomic writes, the terminal...).
STAGES = ("plumbing", "settings", "language", "figures", "intake", "database", "charts",
          "publish", "outputs", "review", "translation", "editorial", "commands", "cli")
MAX_FLOORS = 10  # the longest import chain, cli included (the target)


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def stage(module: str) -> str:
    parts = module.split(".")
    if module == "report.cli":
        return "cli"
    if len(parts) > 2 or (len(parts) == 2 and (PACKAGE / parts[1]).is_dir()):
        return parts[1]
    return "plumbing"


def imports(module: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The project modules ``module`` imports, at its top or inside a function."""
    found = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            for alias in node.names:
                target = f"{base}.{alias.name}"
                found.add(target if target in known else base)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return {m for m in found if m in known and m != module}


def graph() -> dict[str, set[str]]:
    known = modules()
    edges = {m: imports(m, p, known) for m, p in known.items()}
    # the command line loads each command by name (importlib): an arrow all the same
    edges["report.cli"] |= {m for m in known if m.startswith("report.commands.")}
    return edges


def test_every_module_belongs_to_a_known_stage() -> None:
    unknown = sorted(m for m in modules() if stage(m) not in STAGES)
    assert not unknown, f"modules outside the stages {STAGES}: {unknown}"


def test_no_module_imports_from_a_later_stage() -> None:
    order = {s: i for i, s in enumerate(STAGES)}
    broken = [f"{m} ({stage(m)}) -> {t} ({stage(t)})"
              for m, targets in sorted(graph().items()) for t in sorted(targets)
              if order[stage(t)] > order[stage(m)]]
    assert not broken, "arrows against the pipeline:\n" + "\n".join(broken)


def test_the_import_graph_is_shallow() -> None:
    edges = graph()

    @functools.cache
    def floors(m: str) -> tuple[str, ...]:
        below = max((floors(t) for t in edges[m]), key=len, default=())
        return (m, *below)

    deepest = max((floors(m) for m in edges), key=len)
    assert len(deepest) <= MAX_FLOORS, " -> ".join(deepest)


def test_the_stage_check_sees_an_arrow_against_the_pipeline(tmp_path: Path) -> None:
    """The checker itself: a settings module importing the review round is caught."""
    known = {"report.settings.x": tmp_path / "x.py", "report.review.y": tmp_path / "y.py"}
    known["report.settings.x"].write_text("from report.review.y import z\n")
    found = imports("report.settings.x", known["report.settings.x"], known)
    assert found == {"report.review.y"}
    assert (stage("report.settings.x"), stage("report.review.y")) == ("settings", "review")
