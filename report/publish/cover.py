"""The print interior's page count, the paper (edition.toml) and the print edition's HTML ->
the cover sheet: one page holding the back cover, the spine and the front cover side by
side, as the press prints a cover apart from the interior (its inside left blank).

Laid flat, outside up, a book bound on the left (French) shows back | spine | front from
left to right; a book bound on the right (Arabic) front | spine | back. The spine is as
thick as the interior: one leaf of paper for every two pages. Its geometry is written as
CSS and added to the print edition's HTML, which templates/edition-cover.css turns into the
sheet (everything but the covers hidden); the interior's own file has no cover.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from report.paths import TEMPLATES

TRIM = (210.0, 297.0)  # A4, mm
DEFAULT_PAPER_MM = 0.1  # one leaf of 80 g/m² offset paper, when edition.toml does not say
SPINE_TEXT_MM = 6.0  # a thinner spine carries no text (the press cannot hold it on it)


@dataclass(frozen=True)
class CoverSheet:
    pages: int  # of the interior
    paper_mm: float  # thickness of one leaf (two pages)
    bound_right: bool  # a right-to-left book: front cover on the left of the sheet

    @property
    def spine_mm(self) -> float:
        return round(math.ceil(self.pages / 2) * self.paper_mm, 1)

    @property
    def size_mm(self) -> tuple[float, float]:
        return round(2 * TRIM[0] + self.spine_mm, 1), TRIM[1]

    @property
    def order(self) -> tuple[str, str, str]:
        """The panels from left to right, laid flat outside up."""
        return ("front", "spine", "back") if self.bound_right else ("back", "spine", "front")

    def left_mm(self, panel: str) -> float:
        """Where a panel starts, from the sheet's left trim edge."""
        widths = {"front": TRIM[0], "back": TRIM[0], "spine": self.spine_mm}
        return round(sum(widths[p] for p in self.order[:self.order.index(panel)]), 1)

    def css(self, spine_text: str) -> str:
        """The sheet's size and the panels' places (their look is edition-cover.css). The
        spine's text runs along it: a box as long as the spine is high, turned a quarter
        about its centre, which sits on the spine's middle."""
        width, height = self.size_mm
        text = spine_text if self.spine_mm >= SPINE_TEXT_MM else ""
        middle = self.left_mm("spine") + self.spine_mm / 2
        return (f"@page cover {{ size: {width}mm {height}mm; }}\n"
                f".cover {{ left: {self.left_mm('front')}mm; }}\n"
                f".back-cover {{ left: {self.left_mm('back')}mm; }}\n"
                f"body::after {{ content: {css_string(text)}; width: {height}mm; "
                f"height: {self.spine_mm}mm; line-height: {self.spine_mm}mm; "
                f"left: {round(middle - height / 2, 2)}mm; "
                f"top: {round(height / 2 - self.spine_mm / 2, 2)}mm; }}\n")

    def record(self) -> dict[str, object]:
        """What the press needs to know of the sheet (the manifest)."""
        width, height = self.size_mm
        return {"trim_mm": [width, height], "bleed_mm": 3, "spine_mm": self.spine_mm,
                "paper_mm": self.paper_mm, "interior_pages": self.pages,
                "panels_left_to_right": list(self.order),
                "panels_mm": {p: self.left_mm(p) for p in self.order},
                "inside": "blank: the inside covers carry no print (4/0)"}


def css_string(text: str) -> str:
    """``text`` as a CSS string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


def cover_html(html: str, sheet: CoverSheet, spine_text: str) -> str:
    """The print edition's HTML as the cover sheet: edition-cover.css and the sheet's
    geometry after its other stylesheets."""
    head = (f'<link rel="stylesheet" href="{(TEMPLATES / "edition-cover.css").as_uri()}">\n'
            f"<style>\n{sheet.css(spine_text)}</style>\n")
    at = html.index("</head>")
    return html[:at] + head + html[at:]
