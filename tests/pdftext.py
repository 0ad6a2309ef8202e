"""Text of a PDF in logical order, through poppler's pdftotext, for structural tests.

poppler writes RTL lines with embedding marks (U+202A..U+202E), and it writes the two
letters of the mandatory lam-alef ligature in reverse: "خلال" comes out as "خالل" (seen
with every Arabic font tried; fonts with more ligatures, such as IBM Plex Sans Arabic,
reverse more pairs, which is one reason the body font is Tajawal). ``poppler_form``
applies the same swap to an expected string so that tests compare like with like.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

BIDI_MARKS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f]")
LAM_ALEF = re.compile("ل([اأإآ])")


def pdf_text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    cmd = ["pdftotext", "-enc", "UTF-8"]
    if first:
        cmd += ["-f", str(first)]
    if last:
        cmd += ["-l", str(last)]
    out = subprocess.run([*cmd, str(pdf), "-"], capture_output=True, check=True).stdout
    return BIDI_MARKS.sub("", out.decode("utf-8"))


def pdf_pages(pdf: Path) -> list[str]:
    """The text of every page, in one pdftotext run (it ends each page with a form feed)."""
    return pdf_text(pdf).split("\f")[:-1]


def poppler_form(text: str) -> str:
    """What pdftotext prints for a correctly rendered Arabic ``text``."""
    return LAM_ALEF.sub(lambda m: m.group(1) + "ل", text)


def squash(text: str) -> str:
    """One space between words, no line breaks: headings and names may wrap."""
    return re.sub(r"\s+", " ", text)
