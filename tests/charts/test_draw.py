"""Value labels on the charts, measured in the SVGs themselves: every label reads at 4.5:1
or better against what it sits on (its bar, or the white ground), a label on a bar stays
inside that bar, and a label off its bar touches no bar.

The SVG's own geometry is read back: each bar is the group ``bar-<series>-<i>`` (a path),
each label the group ``label-<series>-<i>`` (glyph outlines placed by ``<use>``), so the
test checks what a reader sees, not what the drawing code meant to do.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from report.charts.draw import Painter, contrast
from report.charts.model import ChartData, ChartSpec, Series
from report.language.formatting import Formatter
from report.paths import CHARTS

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"
NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")
STYLE = tomllib.loads((CHARTS / "style.toml").read_text("utf-8"))
GROUND = "#ffffff"


def test_contrast_matches_the_wcag_reference_values() -> None:
    """The ratios WCAG 2 publishes (black on white 21:1; #777777 on white 4.48:1, just
    below AA; the report's navy under white 8.66:1)."""
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#ffffff", "#1f4e79") == pytest.approx(8.66, abs=0.01)


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def inside(self, other: Box, tol: float = 0.01) -> bool:
        return (self.x0 >= other.x0 - tol and self.x1 <= other.x1 + tol
                and self.y0 >= other.y0 - tol and self.y1 <= other.y1 + tol)

    def overlaps(self, other: Box) -> bool:
        return (self.x0 < other.x1 and other.x0 < self.x1
                and self.y0 < other.y1 and other.y0 < self.y1)

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2


def path_box(d: str) -> Box:
    nums = [float(n) for n in NUMBER.findall(d)]
    xs, ys = nums[0::2], nums[1::2]
    return Box(min(xs), min(ys), max(xs), max(ys))


def glyph_box(path: ET.Element) -> Box:
    """A glyph outline's box in its own units times its ``scale()`` (matplotlib writes
    glyphs in 1/64 units with ``transform="scale(0.015625)"``)."""
    box = path_box(path.get("d"))
    found = re.search(r"scale\(([-\d.e]+)\)", path.get("transform") or "")
    k = float(found.group(1)) if found else 1.0
    return Box(box.x0 * k, box.y0 * k, box.x1 * k, box.y1 * k)


def fill(style: str) -> str:
    return re.search(r"fill:\s*(#[0-9a-fA-F]{6})", style).group(1).lower()


def read(svg: str) -> tuple[dict[str, tuple[Box, str]], dict[str, tuple[Box, str]]]:
    """The bars (box, fill) and the value labels (box, fill, text) of a chart's SVG."""
    root = ET.fromstring(svg)
    glyphs = {p.get("id"): glyph_box(p) for p in root.iter(f"{SVG}path")
              if p.get("id") and p.get("d")}
    bars, labels = {}, {}
    for g in root.iter(f"{SVG}g"):
        gid = g.get("id") or ""
        if gid.startswith("bar-"):
            path = g.find(f"{SVG}path")
            bars[gid[4:]] = (path_box(path.get("d")), fill(path.get("style")))
        elif gid.startswith("label-"):
            inner = g.find(f"{SVG}g")
            tx, ty, scale = (float(n) for n in re.search(
                r"translate\(([-\d.e]+) ([-\d.e]+)\) scale\(([-\d.e]+)",
                inner.get("transform")).groups())
            boxes = []
            for use in inner.iter(f"{SVG}use"):
                if use.get(XLINK)[1:] not in glyphs:
                    continue  # a space ("3 [c]"): a glyph with no outline, nothing to see
                glyph = glyphs[use.get(XLINK)[1:]]
                dx = float(NUMBER.findall(use.get("transform") or "translate(0 0)")[0])
                # glyph units -> SVG: x scaled, y scaled and flipped
                boxes.append(Box(tx + scale * (dx + glyph.x0), ty - scale * glyph.y1,
                                 tx + scale * (dx + glyph.x1), ty - scale * glyph.y0))
            box = Box(min(b.x0 for b in boxes), min(b.y0 for b in boxes),
                      max(b.x1 for b in boxes), max(b.y1 for b in boxes))
            labels[gid[6:]] = (box, fill(inner.get("style")))
    return bars, labels


def problems(svg: str) -> list[str]:
    """Every value label that reads below 4.5:1, runs out of its bar or lies on another."""
    bars, labels = read(svg)
    assert bars and len(labels) == len(bars)
    out = []
    for key, (box, colour) in labels.items():
        bar, bar_colour = bars[key]
        x, y = box.centre
        on_bar = bar.x0 <= x <= bar.x1 and bar.y0 <= y <= bar.y1
        if on_bar:
            ratio = contrast(colour, bar_colour)
            if not box.inside(bar):
                out.append(f"{key}: label runs out of its bar")
        else:
            ratio = contrast(colour, GROUND)
            out += [f"{key}: label off its bar touches bar {k}" for k, (b, _) in bars.items()
                    if box.overlaps(b)]
        if ratio < 4.5:
            out.append(f"{key}: contrast {ratio:.2f}:1 on {'its bar' if on_bar else 'the ground'}")
    return out


def spec(kind: str, orientation: str) -> ChartSpec:
    return ChartSpec("t", kind, "figures", {"ar": "عنوان", "fr": "titre"}, ("VICTIMS",),
                     "form", orientation, 3, False)


@pytest.fixture(scope="module")
def painter(catalogue) -> Painter:
    return Painter(STYLE, Formatter("ar", catalogue.nouns, "latn"))


CASES = {
    "one long bar, small ones": ("breakdown", "horizontal",
                                 ("الاستغلال الجنسي", "العمل القسري", "التسول", "أخرى"),
                                 ((1380, 51, 3, 0),)),
    "equal bars": ("breakdown", "horizontal", ("أ", "ب", "ج"), ((7, 7, 7),)),
    "big numbers": ("breakdown", "horizontal", ("أ", "ب"), ((1234567, 998),)),
    "missing value": ("breakdown", "horizontal", ("أ", "ب"), ((12, None),)),
    "three series, three years": ("trend", "vertical", ("2023", "2024", "2025"),
                                  ((172, 155, 160), (301, 278, 290), (166, 154, 150))),
}


@pytest.mark.parametrize("case", CASES)
def test_value_labels_read_and_stay_in_place(painter, case):
    kind, orientation, categories, values = CASES[case]
    series = tuple(Series(f"س{j}", v) for j, v in enumerate(values))
    svg = painter.svg(ChartData(spec(kind, orientation), categories, series), "نص بديل")
    assert problems(svg) == []


def test_labels_inside_long_bars_are_light_on_the_dark_bar(painter):
    """The reading the old charts got wrong: dark numbers on navy bars."""
    data = ChartData(spec("breakdown", "horizontal"), ("أ", "ب"), (Series("س", (500, 450)),))
    bars, labels = read(painter.svg(data, "نص بديل"))
    for key, (box, colour) in labels.items():
        bar, bar_colour = bars[key]
        assert box.inside(bar) and contrast(colour, bar_colour) >= 4.5, (key, colour, bar_colour)


def test_sample_charts(sample_build: Path):
    charts = sorted((sample_build / "2025" / "charts" / "draft").glob("*.svg"))  # a draft
    assert charts
    for svg in charts:
        assert problems(svg.read_text("utf-8")) == [], svg.name


def test_the_check_catches_a_dark_label_on_a_dark_bar():
    """The measure itself fails the old drawing (label #222222 inside a #1f4e79 bar)."""
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
           '<defs><path id="g1" d="M 0 0 L 500 0 L 500 700 L 0 700 z"/></defs>'
           '<g id="bar-0-0"><path d="M 10 10 L 200 10 L 200 30 L 10 30 z" '
           'style="fill: #1f4e79"/></g><g id="label-0-0"><g style="fill: #222222" '
           'transform="translate(20 25) scale(0.01 -0.01)">'
           '<use xlink:href="#g1"/></g></g></svg>')
    assert problems(svg) == ["0-0: contrast 1.84:1 on its bar"]


def plan_data(catalogue, years=(2023, 2024, 2025)):
    from report.charts.kinds import plan_status_data
    from report.charts.specs import load_specs
    from tests.publish.test_plan_chapter import dataset

    spec = next(s for s in load_specs(CHARTS / "charts.toml") if s.kind == "plan_status")
    datasets = {y: dataset(catalogue, y, {"PREV.1.1": "done", "PROT.1.1": "delayed",
                                          "GOV.1.1": "missing"}) for y in years}
    return plan_status_data(spec, catalogue, datasets, years[-1], "ar"), datasets


def test_plan_status_counts_every_measure_each_year(catalogue):
    from report.figures.consolidate import REPORT_STATUSES

    data, datasets = plan_data(catalogue)
    assert [g for g, _ in data.groups] == [a.label.ar for a in catalogue.plan.axes]
    assert all(ticks == ("2023", "2024", "2025") for _, ticks in data.groups)
    assert [s.key for s in data.series] == [s for s in REPORT_STATUSES
                                           if any(v for x in data.series if x.key == s
                                                  for v in x.values)]
    for i, category in enumerate(data.categories):  # each bar: all the axis's measures
        axis = catalogue.plan.axes[i // 3]
        year = 2023 + i % 3
        assert category == f"{axis.label.ar} {year}"
        assert sum(s.values[i] for s in data.series) == len(axis.measures)
        for s in data.series:
            assert s.values[i] == sum(datasets[year].plan_status(m) == s.key
                                      for m in axis.measures)


def test_plan_status_chart_reads_right_to_left(painter, catalogue):
    data, _ = plan_data(catalogue)
    svg = painter.svg(data, "نص بديل")
    assert problems(svg) == []
    bars, _ = read(svg)
    first_row = sorted((int(k.split("-")[0]), box) for k, (box, _) in bars.items()
                       if k.endswith("-0"))
    # the first status sits next to the labels on the right, the next ones leftwards
    rights = [box.x1 for _, box in first_row]
    assert rights == sorted(rights, reverse=True)
    for key, (_, colour) in bars.items():
        series = data.series[int(key.split("-")[0])]
        assert colour == STYLE["status_colours"][series.key].lower()


def test_plan_status_chart_in_french_reads_left_to_right(catalogue, caplog):
    """The French mirror: the first status next to the labels on the left, the next ones
    rightwards; the axes' names in the true bold of Source Serif 4 (a static instance of the
    variable face, fonts.static_instance), without matplotlib's fallback warning."""
    import logging

    from report.charts.draw import Painter
    from report.charts.kinds import plan_status_data
    from report.charts.specs import load_specs
    from report.language.formatting import Formatter

    _, datasets = plan_data(catalogue)
    spec = next(s for s in load_specs(CHARTS / "charts.toml") if s.kind == "plan_status")
    data = plan_status_data(spec, catalogue, datasets, 2025, "fr")
    assert [g for g, _ in data.groups] == [a.label.fr for a in catalogue.plan.axes]
    with caplog.at_level(logging.INFO):
        svg = Painter(STYLE, Formatter("fr", catalogue.nouns)).svg(data, "texte")
    assert not [r for r in caplog.records if "findfont" in r.getMessage()]
    assert problems(svg) == []
    bars, _ = read(svg)
    first_row = sorted((int(k.split("-")[0]), box) for k, (box, _) in bars.items()
                       if k.endswith("-0"))
    lefts = [box.x0 for _, box in first_row]
    assert len(lefts) > 1 and lefts == sorted(lefts)
    # one cut-down bold face per axis name, named apart from the regular face's glyphs
    bold = set(re.findall(r'id="(bold-[0-9a-f]{16})-', svg))
    assert len(bold) == len(data.groups)
    assert "SourceSerif4" in svg and "Tajawal" not in svg
