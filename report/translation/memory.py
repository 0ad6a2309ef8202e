"""A year's data + the commission's translation memory -> the translations in effect for
that year's texts; and the members' own translations a final edition hands to the memory.

Which translation a text takes, first found: a member's correction accepted in a review
round (the memory's "review"), the member's own version in its workbook (the optional
other-language column), the translator's (the memory's "translator"). The memory keeps
every one by the source text's hash: an unchanged text keeps its translation from draft to
draft and from year to year; a changed one has none until it is translated again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from report.figures.records import Translation, YearData


def in_effect(year: YearData, memory: Mapping[str, Translation]) -> dict[str, Translation]:
    """text_key -> the translation each text of ``year`` takes (and the rest of the memory)."""
    out = {k: t for k, t in memory.items() if t.origin != "review"}
    for data in year.members.values():
        out.update(data.translations)
    out.update({k: t for k, t in memory.items() if t.origin == "review"})
    return out


def with_translations(year: YearData, memory: Mapping[str, Translation]) -> YearData:
    """``year`` with the translations in effect for its texts."""
    return dataclasses.replace(year, translations=in_effect(year, memory))


def members_own(year: YearData) -> list[tuple[Translation, str]]:
    """The members' own translations (their workbooks' other-language columns), each with
    its member, in the members' order: what a final edition hands to the memory."""
    return [(t, code) for code, data in year.members.items()
            for t in data.translations.values()]
