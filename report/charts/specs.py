"""charts/charts.toml and charts/style.toml -> ChartSpec and ChartStyle, every fault of the
files listed at once: a kind the table of report/charts/kinds.py knows, with what that kind
needs; a chapter of templates/chapters.toml; the style's sizes and colours.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import cast

from report.charts.kinds import KINDS
from report.charts.model import ChartSpec, ChartStyle
from report.errors import SettingsError
from report.settings.chapters import book
from report.settings.toml import Problems, read_toml

ORIENTATIONS = ("vertical", "horizontal")
SPEC_KEYS = ("id", "kind", "chapter", "ar", "fr")
OPTIONAL_KEYS = ("indicator", "indicators", "dimension", "orientation", "years", "hide_zero")
STYLE_KEYS = tuple(ChartStyle.__annotations__)


class ChartSpecError(SettingsError):
    """charts.toml or style.toml is wrong: no chart can be drawn."""


def _spec(c: Mapping, i: int, problems: Problems) -> ChartSpec | None:
    where = f"chart {c.get('id', i)}: "
    problems.unknown_keys(c, (*SPEC_KEYS, *OPTIONAL_KEYS), where)
    whole = problems.require(c, SPEC_KEYS, where)
    if c.get("kind") == "by_member":
        problems.error(f"{where}kind by_member is not drawn: the report never ranks members "
                       "against each other (each member's figures are in the data annex)")
    elif c.get("kind", "trend") not in KINDS:
        problems.error(f"{where}kind must be one of {', '.join(KINDS)}")
    if c.get("orientation", "vertical") not in ORIENTATIONS:
        problems.error(f"{where}orientation must be one of {', '.join(ORIENTATIONS)}")
    indicators = c.get("indicators") or ([c["indicator"]] if "indicator" in c else [])
    kind = KINDS.get(c.get("kind", ""))
    if kind and kind.indicators and not indicators:
        problems.error(f"{where}indicator (or indicators) missing")
    if kind and kind.dimension and not c.get("dimension"):
        problems.error(f"{where}a {kind.name} chart needs a dimension")
    if c.get("chapter") is not None and c.get("chapter") not in book().ids:
        problems.error(f"{where}chapter {c.get('chapter')!r} is not a chapter of "
                       f"templates/chapters.toml ({', '.join(book().ids)})")
    if not whole:
        return None
    return ChartSpec(id=c["id"], kind=c["kind"], chapter=c["chapter"],
                     title={"ar": c["ar"], "fr": c["fr"]}, indicators=tuple(indicators),
                     dimension=c.get("dimension"), orientation=c.get("orientation", "vertical"),
                     years=c.get("years", 3), hide_zero=c.get("hide_zero", False))


def load_specs(path: Path) -> tuple[ChartSpec, ...]:
    """Every chart specification; ChartSpecError listing every fault."""
    data = read_toml(path, ChartSpecError)
    problems = Problems(str(path))
    problems.unknown_keys(data, ("chart",))
    specs = [_spec(c, i, problems) for i, c in enumerate(data.get("chart", []), start=1)]
    problems.done(ChartSpecError)
    return tuple(s for s in specs if s is not None)


def load_style(path: Path) -> ChartStyle:
    """The charts' shared style (sizes, colours); ChartSpecError listing every fault."""
    data = read_toml(path, ChartSpecError)
    problems = Problems(str(path))
    problems.unknown_keys(data, STYLE_KEYS)
    problems.require(data, STYLE_KEYS)
    if not data.get("palette"):
        problems.error("palette: at least one colour")
    problems.done(ChartSpecError)
    return cast(ChartStyle, data)
