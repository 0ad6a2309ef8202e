"""translation/memory.py: which translation a text takes: a correction the member made in a
review round, then its own version in its workbook, then the translator's."""

from __future__ import annotations

from report.figures.records import MemberData, Translation, YearData
from report.figures.texts import text_key
from report.translation.memory import in_effect, members_own, with_translations

AR, OTHER = "عموم المواطنين", "الأسر في الوسط القروي"


def _year(own: dict[str, Translation]) -> YearData:
    return YearData(2025, (), {"COM": MemberData("COM", "COM-2025.xlsx", {}, (),
                                                 translations=own)}, ())


def test_the_member_prevails_over_the_translator_a_review_over_both() -> None:
    translator = Translation(AR, "l'ensemble des citoyens", "fr", "translator")
    member = Translation(AR, "grand public", "fr", "member", "COM-2025.xlsx الأنشطة!K3")
    other = Translation(OTHER, "familles du milieu rural", "fr", "translator")
    year = _year({text_key(AR): member})
    kept = in_effect(year, {text_key(AR): translator, text_key(OTHER): other})
    assert kept[text_key(AR)].target == "grand public"
    assert kept[text_key(OTHER)] == other  # the memory's, for a text the member did not give
    review = Translation(AR, "le grand public", "fr", "review")
    assert in_effect(year, {text_key(AR): review})[text_key(AR)].target == "le grand public"
    assert with_translations(year, {}).translations == {text_key(AR): member}
    assert members_own(year) == [(member, "COM")]
