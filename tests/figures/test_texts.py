"""figures/texts.py: a member's text, its hash and what each edition prints for it."""

from __future__ import annotations

from report.figures.records import Translation
from report.figures.texts import needs, normalized, printed, text_id, text_key, written_in

AR = "حملة وطنية في وسائل الإعلام للتعريف بالرقم الأخضر"
FR = "Campagne nationale dans les médias pour faire connaître le numéro vert"


def test_the_hash_ignores_spaces_and_line_breaks_not_words() -> None:
    assert text_key(AR) == text_key(f"  {AR.replace(' ', '  ', 2)}\n")
    assert normalized("a\n b\t c ") == "a b c"
    assert text_key(AR) != text_key(AR + ".")  # a changed text is another text
    assert text_id(AR).startswith("T-") and len(text_id(AR)) == 12


def test_which_language_a_text_is_in_and_whether_an_edition_translates_it() -> None:
    assert (written_in(AR), written_in(FR), written_in("2025 — 12")) == ("ar", "fr", None)
    assert needs(AR, "fr") and not needs(AR, "ar") and needs(FR, "ar")
    assert not needs("080000 4747", "fr")  # no letters: the same in both editions


def test_an_edition_prints_the_text_its_translation_or_the_source_awaiting() -> None:
    known = {text_key(AR): Translation(AR, FR, "fr", "translator")}
    assert printed(AR, "ar", known).text == AR
    shown = printed(AR, "fr", known)
    assert (shown.text, shown.lang, shown.awaiting) == (FR, "fr", False)
    waiting = printed(AR + " أخرى", "fr", known)  # changed since: no translation
    assert (waiting.text, waiting.lang, waiting.awaiting) == (AR + " أخرى", "ar", True)
    wrong_way = {text_key(AR): Translation(AR, AR, "ar", "translator")}
    assert printed(AR, "fr", wrong_way).awaiting
