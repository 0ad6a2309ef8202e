"""A draft's figures (its dataset, with the translations in effect) -> the members' texts as
the draft's record keeps them (TextRecord): each text with its translation into the other
language, or none yet, the cell it was written in and where the draft prints it.

The review round shows each member its texts with their translations to approve or
correct; the change report between two drafts says which texts changed and need a new
translation.
"""

from __future__ import annotations

import re

from report.figures.consolidate import Dataset
from report.figures.texts import other_lang
from report.intake.texts import ACTIVITY, MemberText, member_texts
from report.publish.anchors import activity_id
from report.review.record import TextRecord
from report.settings.catalogue import Catalogue
from report.terminal import shown_name

NOT_DIGIT = re.compile(r"\D")  # a cell reference without it is its row


def _anchor(t: MemberText) -> str:
    """The id under which the draft prints the text: its activity's, or its measure's."""
    if t.kind == ACTIVITY:
        return activity_id(t.member, "A" + NOT_DIGIT.sub("", t.source.cell))
    return f"measure-{t.measure}"


def text_records(cat: Catalogue, ds: Dataset) -> tuple[TextRecord, ...]:
    """Every text of the draft's activities and plan comments with letters to translate,
    with its translation in effect (the members' own, the memory's) or none."""
    measures = {m.code: m.label for m in cat.plan.measures}
    out = []
    for t in member_texts(ds.activities, ds.plan.values(), measures):
        if not t.lang:
            continue  # no letters: the same in both languages
        found = ds.translations.get(t.key)
        ok = found is not None and found.lang == other_lang(t.lang) and found.target.strip()
        out.append(TextRecord(t.id, t.member, t.kind, t.field, t.text, t.lang,
                              found.target.strip() if ok and found else "",
                              found.origin if ok and found else "", _anchor(t),
                              shown_name(t.source.file), t.source.sheet, t.source.cell))
    return tuple(out)
